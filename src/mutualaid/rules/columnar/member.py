"""One member through the evaluator: the core's ``mutualaid_member_findings``.

The core's default hook answers with :func:`core_member_findings`: the
member as a batch of one, judged by the same rules as a roster or a
population (:func:`~mutualaid.rules.columnar.evaluator.evaluate_members`),
with a pack's columnar hook's findings after them. The pack's own per-member
hooks are not asked here: pluggy asks them beside this one.

>>> from datetime import date
>>> from mutualaid.model.member import Member
>>> from mutualaid.rules.engine import RuleEngine
>>> pack = RuleEngine.from_entry_points().pack("yiyang")
>>> plan = pack.plan("YY-HOSP-2026")
>>> old = Member.from_resident_id("李四", "110105196001010025")
>>> [f.code for f in core_member_findings(old, plan, date(2026, 1, 15), pack)]
['age.over_retirement']

Since 0.2.
"""

from __future__ import annotations

import weakref
from datetime import date

from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.rules.columnar.columns import MemberColumns
from mutualaid.rules.columnar.config import MemberRules
from mutualaid.rules.columnar.evaluator import evaluate_members
from mutualaid.rules.findings import Finding
from mutualaid.rules.view import PackView

__all__ = ["core_member_findings"]


#: Per view, the member rules last read for a plan and day (the life cycle asks one member at
#: a time, often of the same plan and day); dropped with the view, and whenever the engine's
#: packs change (its generation).
_RULES: weakref.WeakKeyDictionary[PackView, dict[tuple[object, ...], MemberRules]] = (
    weakref.WeakKeyDictionary()
)


def _member_rules(view: PackView, plan: Plan, on: date) -> MemberRules:
    key = (plan, on, view._engine._generation)
    known = _RULES.setdefault(view, {})
    found = known.get(key)
    if found is None:
        if len(known) > 64:
            known.clear()
        found = known[key] = MemberRules.from_pack(view, plan, on=on)
    return found


def core_member_findings(
    member: Member, plan: Plan, on: date, rules: PackView, *, pack_columns: bool = True
) -> list[Finding]:
    """The core's findings for ``member`` joining ``plan`` on ``on`` (and a columnar hook's).

    :param pack_columns: with the findings of the pack's columnar hook and its
        replacements of default rules (``False``: the core's rules alone, as a
        default rule gives them to a replacement that calls it).
    """
    config = _member_rules(rules, plan, on)
    outcome = evaluate_members(
        MemberColumns.from_members([member]),
        config,
        member_hook=False,
        replacements=pack_columns,
    )
    return list(outcome.findings(0, eligibility_only=True, pack_columns=pack_columns))
