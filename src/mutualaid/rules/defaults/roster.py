"""Roster rules: the roster as a whole and each entry against its plan.

One function per rule, named after what it decides, with its finding code,
message and parameters beside it.

>>> [rule.name for rule in RULES]
['roster.row_limit', 'roster.not_empty', 'roster.plan_matches', 'roster.tier_known', 'roster.shares_in_range', 'roster.single_tier']

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mutualaid.rules.columnar.eligibility import (
    plan_mismatch_finding,
    shares_out_of_range_finding,
    unknown_tier_finding,
)
from mutualaid.rules.defaults.rule import Rule, explain, flag, run
from mutualaid.rules.findings import Finding
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType

if TYPE_CHECKING:
    from mutualaid.model.plan import Plan
    from mutualaid.model.roster import Roster
    from mutualaid.rules.view import PackView

__all__ = [
    "MOST_ROWS",
    "PARAMETERS",
    "RULES",
    "mutualaid_roster_findings",
    "not_empty",
    "plan_matches",
    "row_limit",
    "shares_in_range",
    "single_tier",
    "tier_known",
]

_HERE = "mutualaid.rules.defaults.roster"
_HOOK = "mutualaid_roster_findings"

#: The most rows a limit may name: one Excel sheet's rows, less the header.
MOST_ROWS = 1_048_575

PARAMETERS = (
    ParameterSpec(
        "roster.max_rows",
        ValueType.WHOLE,
        "the most rows one roster import may hold; absent: no limit",
        f"{_HERE}.row_limit",
        unit="rows",
        minimum=1,
        maximum=MOST_ROWS,
    ),
    ParameterSpec(
        "roster.single_tier",
        ValueType.FLAG,
        "every row of one plan's roster takes the same tier",
        f"{_HERE}.single_tier",
        default=False,
    ),
)


#: The roster rules' messages (``str.format`` placeholders from the params): the one place
#: each is written, for the hook and for the roster check's catalogue (``roster.findings``).
ROW_LIMIT = "单次导入名单建议不超过{limit}条，本次{rows}条，建议分批导入"
EMPTY = "参保名单为空"
TIER_MIXED = "一个保障计划一个单位只能选择一个档位，名单中有{tiers}"


def row_limit(roster: Roster, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``roster.row_limit``: more rows than ``roster.max_rows``, a warning.

    Yiyang (seed 004, 2. 新建参保单 (五)): 「单次导入名单建议不超过10000条」 is a
    suggestion for one import, so a whole application of more rows is not blocked.
    """
    limit = rules.cite("roster.max_rows", on)
    if limit is None or len(roster) <= int(limit.value):
        return []
    return [
        Finding.warning(
            "roster.row_limit",
            ROW_LIMIT.format(limit=limit.value, rows=len(roster)),
            explanation=explain(rules, _HOOK, limit),
            rows=len(roster),
            limit=int(limit.value),
        )
    ]


def not_empty(roster: Roster, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``roster.empty``: a roster without members."""
    return [] if len(roster) else [Finding.error("roster.empty", EMPTY)]


def plan_matches(roster: Roster, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``roster.plan_mismatch``: an entry naming another plan than the roster's."""
    return [
        plan_mismatch_finding(entry.plan_code, plan.code, entry_index=index)
        for index, entry in enumerate(roster)
        if entry.plan_code != plan.code
    ]


def tier_known(roster: Roster, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``roster.unknown_tier``: an entry naming a tier the plan does not have."""
    return [
        unknown_tier_finding(
            str(entry.tier_code),
            "、".join(plan.tier_codes),
            entry_index=index,
            tier=entry.tier_code,
        )
        for index, entry in enumerate(roster)
        if entry.tier_code is not None and entry.tier_code not in plan.tier_codes
    ]


def shares_in_range(roster: Roster, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``roster.shares_out_of_range``: shares below 1 or above the plan's share limit."""
    return [
        shares_out_of_range_finding(entry.shares, plan.max_shares, entry_index=index)
        for index, entry in enumerate(roster)
        if not 1 <= entry.shares <= plan.max_shares
    ]


def single_tier(roster: Roster, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``roster.tier_mixed``: several tiers where ``roster.single_tier`` allows one."""
    single = flag(rules, "roster.single_tier", on)
    tiers = sorted({e.tier_code for e in roster if e.tier_code is not None})
    if single is None or len(tiers) <= 1:
        return []
    return [
        Finding.error(
            "roster.tier_mixed",
            TIER_MIXED.format(tiers="、".join(tiers)),
            field="tier_code",
            explanation=explain(rules, _HOOK, single),
            tiers=tiers,
        )
    ]


#: The roster rules, in the order their findings are reported.
RULES = (
    Rule("roster.row_limit", _HOOK, row_limit, ("roster.row_limit",)),
    Rule("roster.not_empty", _HOOK, not_empty, ("roster.empty",)),
    Rule("roster.plan_matches", _HOOK, plan_matches, ("roster.plan_mismatch",)),
    Rule("roster.tier_known", _HOOK, tier_known, ("roster.unknown_tier",)),
    Rule("roster.shares_in_range", _HOOK, shares_in_range, ("roster.shares_out_of_range",)),
    Rule("roster.single_tier", _HOOK, single_tier, ("roster.tier_mixed",)),
)


@hookimpl(trylast=True)
def mutualaid_roster_findings(
    roster: Roster, plan: Plan, on: date, rules: PackView
) -> list[Finding]:
    """The roster rules in force (:data:`RULES`, each replaceable by the pack)."""
    return run(RULES, rules, roster=roster, plan=plan, on=on)
