"""What every default rule is made of: :class:`Rule`, and the helpers rules share.

A default rule is one small function named after what it decides, answering
one list hook (member, roster, application or invoice findings, required
materials) with the findings it emits; a :class:`Rule` value names it
(``"<module>.<function>"``, e.g. ``"invoicing.title_matches_unit"``), says which hook
it answers and which finding codes it may emit. Each module's hook
implementation runs its rules in order through :func:`run`, which asks the
active pack's view for the implementation in force: the default, a pack's
replacement, or none when the pack switched the rule off
(``mutualaid_replace_rules``, docs/pack-authors.md).

>>> from mutualaid.rules.findings import Finding
>>> def always(member, plan, on, rules):
...     return [Finding.warning("demo.note", "提示")]
>>> rule = Rule("demo.always", "mutualaid_member_findings", always, ("demo.note",))
>>> rule.name, rule.codes
('demo.always', ('demo.note',))

Since 0.1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from mutualaid.model.kinds import MaterialKind
from mutualaid.rules.findings import Finding

if TYPE_CHECKING:
    from mutualaid.model.material import Material
    from mutualaid.rules.explain import Cited, Explanation
    from mutualaid.rules.view import PackView

__all__ = [
    "Rule",
    "cited_values",
    "explain",
    "flag",
    "markdown_rules",
    "material_of",
    "run",
    "stamped_missing",
]


@attrs.frozen
class Rule:
    """One default rule.

    :param name: ``"<module>.<function>"`` inside :mod:`mutualaid.rules.defaults`:
        what a pack names to replace or switch it off.
    :param hook: the list hook it answers (``mutualaid_member_findings``...).
    :param function: called with the hook's arguments by keyword; returns findings
        (or material requirements).
    :param codes: the finding codes it may emit.
    """

    name: str
    hook: str
    function: Callable[..., Iterable[Any]] = attrs.field(eq=False, repr=False)
    codes: tuple[str, ...] = ()


def run(rules_in_order: Sequence[Rule], rules: PackView, **arguments: Any) -> list[Any]:
    """Run each rule in force for the view (default or the pack's replacement), in order."""
    found: list[Any] = []
    for rule in rules_in_order:
        function = rules.rule(rule.name)
        if function is not None:
            found += function(rules=rules, **arguments)
    return found


def cited_values(*cited: Cited | None) -> tuple[Cited, ...]:
    """The cited values that are there."""
    return tuple(c for c in cited if c is not None)


def explain(
    rules: PackView, rule: str, *cited: Cited | None, note: str | None = None
) -> Explanation:
    """The pack's explanation for ``rule`` citing the values given (and a note)."""
    return rules.explanation(rule, cited_values(*cited), (note,) if note else ())


def flag(rules: PackView, name: str, on: date) -> Cited | None:
    """The parameter, when it is set to true (else ``None``)."""
    cited = rules.cite(name, on)
    return cited if cited is not None and cited.value is True else None


def material_of(raw: Any, default: MaterialKind) -> tuple[MaterialKind, str, bool]:
    """``(kind, name, stamped)`` of a material as pack data writes it (``default`` kind when absent)."""
    if isinstance(raw, Mapping):
        kind = MaterialKind(raw.get("kind", default.value))
        return kind, str(raw.get("name") or kind.label), bool(raw.get("stamped", False))
    return default, default.label, False


def stamped_missing(
    document: Material | None,
    kind: MaterialKind,
    code: str,
    message: str,
    field: str,
    explanation: Explanation,
) -> list[Finding]:
    """A ``needs_material`` finding for a stamped document not provided yet (else none)."""
    if document is not None and document.provided:
        return []
    return [
        Finding.needs_material(
            code, message, field=field, explanation=explanation, material=kind.value, stamped=True
        )
    ]


def markdown_rules(rules_by_name: Mapping[str, Rule]) -> str:
    """The default rules as the Markdown table docs/hooks.md shows (a test keeps them equal).

    >>> def f(**_): return []
    >>> print(markdown_rules({"roster.row_limit": Rule("roster.row_limit", "mutualaid_roster_findings", f, ("roster.row_limit",))}))
    | rule | hook | finding codes |
    |---|---|---|
    | `roster.row_limit` | `mutualaid_roster_findings` | `roster.row_limit` |
    """
    rows = ["| rule | hook | finding codes |", "|---|---|---|"]
    for name, rule in rules_by_name.items():
        codes = ", ".join(f"`{c}`" for c in rule.codes)
        rows.append(f"| `{name}` | `{rule.hook}` | {codes} |")
    return "\n".join(rows)
