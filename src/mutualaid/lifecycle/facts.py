"""Typed facts: what guards know besides the entity and its recorded params.

A guard reads the facts of an :class:`~mutualaid.lifecycle.machine.Attempt`
(``attempt.context``), a :class:`Facts` value. Each fact is a named, typed
field; a host passes them as ``context=Facts(...)`` or, as before, as a
mapping keyed by the field names (``{UNIT: unit, RULES: rules}``). A key that
is not a fact is refused at once (a typo would otherwise skip a rule), and a
guard that needs a fact nobody gave raises :class:`~mutualaid.errors.MissingFact`
naming it: a developer error, never a business reason shown to a unit.

>>> facts = Facts.of({"unit": None, "findings": ()})
>>> facts.unit is None, "unit" in facts
(True, False)
>>> facts.need("rules", "submit")
Traceback (most recent call last):
...
mutualaid.errors.MissingFact: 'submit' needs the fact 'rules', which was not given (Pass context=Facts(rules=...) (or {'rules': ...}): the region's rule pack view (RuleEngine...pack(name)). mutualaid.service gathers every fact from the store.)
>>> Facts.of({"unti": None})
Traceback (most recent call last):
...
mutualaid.errors.MissingFact: unknown fact 'unti' (Facts: unit, rules, findings, required_materials, payment_notice, applications, prior_applications, policy, other_policies, group, parts, change, invoice_request, other_claims)

Layer 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from mutualaid.errors import MissingFact

__all__ = ["FACT_HELP", "Facts"]

#: What each fact is, for the hint of :class:`~mutualaid.errors.MissingFact`.
FACT_HELP: Mapping[str, str] = {
    "unit": "the Unit acting or concerned",
    "rules": "the region's rule pack view (RuleEngine...pack(name))",
    "findings": "rule findings the host already has (a roster file's)",
    "required_materials": "material kinds the host requires besides the pack's",
    "payment_notice": "the entity's PaymentNotice, confirmed",
    "applications": "the applications an invoice request invoices",
    "prior_applications": "the unit's other applications (all of them; cancelled ones are left out)",
    "policy": "the Policy an endorsement adds to",
    "other_policies": "the other policies of the same plan (double cover)",
    "group": "the group (parent) application of a part",
    "parts": "the parts (subsidiaries' applications) of a group",
    "change": "the approved UnitChange",
    "invoice_request": "the application's invoice request (Linyi's invoice entry)",
    "other_claims": "the claimant's other claim cases (duplicates)",
}


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...] | None:
    return None if value is None else tuple(value)


def _all(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Facts:
    """The facts a guard may read; None (or empty) means "not given".

    Each field is documented in :data:`FACT_HELP`.
    """

    unit: Any = None
    rules: Any = None
    findings: tuple[Any, ...] = attrs.field(default=(), converter=_all)
    required_materials: tuple[Any, ...] = attrs.field(default=(), converter=_all)
    payment_notice: Any = None
    applications: tuple[Any, ...] | None = attrs.field(default=None, converter=_tuple)
    prior_applications: tuple[Any, ...] | None = attrs.field(default=None, converter=_tuple)
    policy: Any = None
    other_policies: tuple[Any, ...] = attrs.field(default=(), converter=_all)
    group: Any = None
    parts: tuple[Any, ...] | None = attrs.field(default=None, converter=_tuple)
    change: Any = None
    invoice_request: Any = None
    other_claims: tuple[Any, ...] | None = attrs.field(default=None, converter=_tuple)

    @classmethod
    def of(cls, context: Facts | Mapping[str, Any] | None) -> Facts:
        """Facts from a :class:`Facts`, a mapping keyed by fact names, or None.

        :raises MissingFact: a key is not a fact's name.
        """
        if context is None:
            return cls()
        if isinstance(context, Facts):
            return context
        names = [f.name for f in attrs.fields(cls)]
        for key in context:
            if key not in names:
                raise MissingFact(
                    f"unknown fact {key!r}", hint=f"Facts: {', '.join(names)}", fact=key
                )
        return cls(**{k: v for k, v in context.items() if v is not None})

    def __contains__(self, name: object) -> bool:
        """True when the fact ``name`` was given (not None, not empty)."""
        value = getattr(self, str(name), None)
        return value is not None and value != ()

    def get(self, name: str, default: Any = None) -> Any:
        """The fact ``name``, or ``default`` when it was not given."""
        return getattr(self, name) if name in self else default

    def __getitem__(self, name: str) -> Any:
        """The fact ``name``; :class:`MissingFact` when it was not given."""
        return self.need(name, "this step")

    def need(self, name: str, action: str) -> Any:
        """The fact ``name``, which ``action`` cannot be judged without.

        :raises MissingFact: it was not given (``details["fact"]`` names it).
        """
        value = getattr(self, name, None)
        if value is None:
            raise MissingFact(
                f"{action!r} needs the fact {name!r}, which was not given",
                hint=f"Pass context=Facts({name}=...) (or {{{name!r}: ...}}): "
                f"{FACT_HELP.get(name, name)}. mutualaid.service gathers every fact from the store.",
                fact=name,
                action=action,
            )
        return value
