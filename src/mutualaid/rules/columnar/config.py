"""What the member rules read, asked of a pack once per batch: :class:`MemberRules`.

:meth:`MemberRules.from_pack` reads the parameters (``PackView.param``) and
the age limits once; the evaluator then needs no pack call per member unless
the pack answers member questions itself. A :class:`MemberRules` is small and
picklable (the pack travels by name and reform, and is found again where it
is unpickled), so a batch evaluation is a pure function of a batch and it.

>>> from datetime import date
>>> from mutualaid.rules.engine import RuleEngine
>>> pack = RuleEngine.from_entry_points().pack("yiyang")
>>> rules = MemberRules.from_pack(pack, "YY-HOSP-2026", tier="T60", on=date(2026, 1, 15))
>>> rules.age_limits.minimum, rules.over_retirement_needs_proof, rules.tier_code
(16, True, 'T60')
>>> import pickle
>>> again = pickle.loads(pickle.dumps(rules))
>>> again == rules, again.pack is not None and again.pack.name
(True, 'yiyang')

Since 0.2.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any, Final

import attrs

from mutualaid.model.kinds import MaterialKind
from mutualaid.model.plan import Plan
from mutualaid.retirement import RetirementCategory
from mutualaid.rules.columnar.age_findings import over_retirement_material
from mutualaid.rules.columnar.reform import ReformedPack
from mutualaid.rules.explain import Explanation
from mutualaid.rules.results import AgeLimits
from mutualaid.rules.view import PackView

__all__ = ["MEMBER_COLUMNS_HOOK", "MEMBER_HOOK", "PRICE_HOOK", "MemberRules", "tier_key"]

MEMBER_HOOK: Final = "mutualaid_member_findings"
MEMBER_COLUMNS_HOOK: Final = "mutualaid_member_columns_findings"
PRICE_HOOK: Final = "mutualaid_price_entry"
_RULE: Final = "mutualaid_member_findings"
_NO_LIMITS: Final = AgeLimits()


def tier_key(text: str) -> str:
    """How a tier's code or name is compared: NFKC, no spaces, case folded.

    >>> tier_key(" t60 ") == tier_key("Ｔ60")
    True
    """
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@cache
def _engine() -> Any:
    from mutualaid.rules.engine import (
        RuleEngine,  # the engine imports the defaults, which import this
    )

    return RuleEngine.from_entry_points()


def _unpickle_pack(name: str, changes: Mapping[str, Any]) -> PackView:
    """The installed pack ``name`` (with ``changes``, a reform), where a batch is unpickled."""
    view = _engine().pack(name)
    return ReformedPack(view, changes) if changes else view


class _PackRef:
    """A pack view that pickles as its name and reform."""

    __slots__ = ("view",)

    def __init__(self, view: PackView) -> None:
        self.view = view

    def __reduce__(self) -> tuple[Any, ...]:
        changes = self.view.changes if isinstance(self.view, ReformedPack) else {}
        return (_ref_of, (self.view.name, changes))


def _ref_of(name: str, changes: Mapping[str, Any]) -> _PackRef:
    return _PackRef(_unpickle_pack(name, changes))


def _view_converter(value: PackView | _PackRef | None) -> _PackRef | None:
    if value is None or isinstance(value, _PackRef):
        return value
    return _PackRef(value)


@attrs.frozen
class MemberRules:
    """Everything the member rules are judged by, for one plan on one day.

    Build it with :meth:`from_pack`; without a pack the defaults are the
    core's (minimum age 16, no other limit, no proof asked).

    :param plan: the plan applied for.
    :param on: the day ages and eligibility are judged.
    :param tier_code: the tier of rows that name none.
    :param shares: the shares of rows that give none.
    :param age_limits: inclusive age limits (``mutualaid_age_limits``).
    :param over_retirement_needs_proof: ``member.over_retirement_needs_proof``.
    :param female_category: ``member.retirement_female_category``.
    :param over_retirement_material: ``member.over_retirement_material`` as (kind, name, stamped).
    :param other_id_needs_gender_and_birth_date: ``member.other_id_needs_gender_and_birth_date``.
    :param dispatched_needs_proof: ``member.dispatched_needs_proof``.
    :param explanations: per finding code, the explanation attached to it.
    :param pack_hooks: the hooks the pack (and packs it extends) implement themselves.
    :param replaced: the default member rules the pack replaces or switches off, by name.
    :param pack: the pack, for the hooks it implements (pickled by name and reform).
    """

    plan: Plan
    on: date
    tier_code: str | None = None
    shares: int = 1
    age_limits: AgeLimits = _NO_LIMITS
    over_retirement_needs_proof: bool = False
    female_category: RetirementCategory = RetirementCategory.FEMALE_50
    over_retirement_material: tuple[MaterialKind, str, bool] = over_retirement_material(None)
    other_id_needs_gender_and_birth_date: bool = False
    dispatched_needs_proof: bool = False
    explanations: Mapping[str, Explanation] = attrs.field(factory=dict, eq=False, repr=False)
    pack_hooks: frozenset[str] = frozenset()
    replaced: frozenset[str] = frozenset()
    _pack: _PackRef | None = attrs.field(
        default=None, eq=False, repr=False, converter=_view_converter, alias="pack"
    )

    @property
    def pack(self) -> PackView | None:
        """The pack's view, or ``None`` (rules built without a pack)."""
        return self._pack.view if self._pack is not None else None

    @classmethod
    def from_pack(
        cls,
        pack: PackView,
        plan: str | Plan,
        *,
        tier: str | None = None,
        shares: int = 1,
        on: date | None = None,
    ) -> MemberRules:
        """Ask ``pack`` once for everything members of ``plan`` are judged by.

        :param plan: a plan code (looked up in the pack) or a plan.
        :param tier: the tier (a code or a name); may be left out when the plan has one.
        :param on: the day of the check; default the plan's coverage start.
        :raises UnknownPlan: no such plan or tier in the pack.
        """
        if isinstance(plan, str):
            plan = pack.plan(plan, on)
        day = on if on is not None else plan.coverage.start
        if tier is None and len(plan.tiers) == 1:
            tier = plan.tiers[0].code
        elif tier is not None:
            spellings = {tier_key(s): t.code for t in plan.tiers for s in (t.name, t.code)}
            tier = spellings.get(tier_key(tier), tier)
            plan.tier(tier)  # raises UnknownPlan naming the tiers
        limits = pack.age_limits(plan, day)
        needs_proof = pack.param("member.over_retirement_needs_proof", day, False)
        female = pack.param("member.retirement_female_category", day, "female_50")
        material = pack.param("member.over_retirement_material", day, None)
        explanations: dict[str, Explanation] = {}
        if limits.explanation is not None:
            explanations["age.below_minimum"] = limits.explanation
            explanations["age.above_maximum"] = limits.explanation
        for code, names in (
            (
                "age.over_retirement",
                (
                    "member.over_retirement_needs_proof",
                    "member.retirement_female_category",
                    "member.over_retirement_material",
                ),
            ),
            ("member.dispatched_proof", ("member.dispatched_needs_proof",)),
            ("member.gender_required", ("member.other_id_needs_gender_and_birth_date",)),
            ("member.birth_date_required", ("member.other_id_needs_gender_and_birth_date",)),
        ):
            cited = [c for c in (pack.cite(n, day) for n in names) if c is not None]
            explanations[code] = pack.explanation(_RULE, cited)
        return cls(
            plan=plan,
            on=day,
            tier_code=tier,
            shares=shares,
            age_limits=limits,
            over_retirement_needs_proof=needs_proof is True,
            female_category=RetirementCategory(female),
            over_retirement_material=over_retirement_material(material),
            other_id_needs_gender_and_birth_date=(
                pack.param("member.other_id_needs_gender_and_birth_date", day, False) is True
            ),
            dispatched_needs_proof=pack.param("member.dispatched_needs_proof", day, False) is True,
            explanations=explanations,
            pack_hooks=pack.chain_hooks(),
            replaced=pack.replaced_rules(),
            pack=pack,
        )

    @property
    def member_hook(self) -> bool:
        """The pack answers ``mutualaid_member_findings`` itself (per member)."""
        return self.pack is not None and MEMBER_HOOK in self.pack_hooks

    @property
    def columns_hook(self) -> bool:
        """The pack answers ``mutualaid_member_columns_findings`` (over a batch)."""
        return self.pack is not None and MEMBER_COLUMNS_HOOK in self.pack_hooks

    @property
    def price_hook(self) -> bool:
        """The pack prices members itself (``mutualaid_price_entry``)."""
        return self.pack is not None and PRICE_HOOK in self.pack_hooks
