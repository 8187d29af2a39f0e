"""Pricing: what one member, an application, an endorsement and a group enrolment cost.

The price of one member is the plan's contribution per share for the
member's tier (and risk class) times the shares; an application's quote
groups its members' prices by plan, tier and shares; an endorsement is
charged the same, or by the days of cover left when ``endorsement.pro_rata``
is set. Each is a firstresult hook, so each hook is one rule: a pack replaces
it by implementing the hook.

>>> [spec.name for spec in PARAMETERS]
['endorsement.pro_rata']

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from mutualaid.model.kinds import RiskClass
from mutualaid.money import ZERO, multiply
from mutualaid.rules.defaults.rule import explain, flag
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.results import LinePrice, Quote

if TYPE_CHECKING:
    from mutualaid.model.application import Application
    from mutualaid.model.endorsement import Endorsement
    from mutualaid.model.plan import Plan
    from mutualaid.model.policy import Policy
    from mutualaid.model.roster import Roster, RosterEntry
    from mutualaid.rules.view import PackView

__all__ = [
    "PARAMETERS",
    "mutualaid_price_application",
    "mutualaid_price_endorsement",
    "mutualaid_price_entry",
    "mutualaid_price_group",
    "quote",
]

_HERE = "mutualaid.rules.defaults.pricing"

PARAMETERS = (
    ParameterSpec(
        "endorsement.pro_rata",
        ValueType.FLAG,
        "an endorsement is charged by the days of cover left",
        f"{_HERE}.mutualaid_price_endorsement",
        default=False,
    ),
)


@hookimpl(trylast=True)
def mutualaid_price_entry(
    entry: RosterEntry,
    plan: Plan,
    tier_code: str | None,
    shares: int,
    on: date,
    rules: PackView,
) -> LinePrice:
    """One member: the tier's contribution (the high-risk one for high-risk members) x shares."""
    if plan.is_gift:
        why = explain(rules, "mutualaid_price_entry", note=f"{plan.code} is a gift plan: no charge")
        return LinePrice(plan.code, tier_code, shares, 1, ZERO, ZERO, gift=True, explanation=why)
    if tier_code is None:
        if len(plan.tiers) != 1:
            plan.tier("")  # raises UnknownPlan naming the tiers
        tier_code = plan.tiers[0].code
    tier = plan.tier(tier_code)
    high = entry.member.risk_class is RiskClass.HIGH_RISK and tier.high_risk is not None
    contribution = tier.contribution_for(entry.member.risk_class)
    cited = rules.cite(
        f"plans.{plan.code}.tiers.{tier.code}.{'high_risk' if high else 'contribution'}", on
    )
    why = explain(
        rules,
        "mutualaid_price_entry",
        cited,
        note=f"{contribution.total:.2f} x {shares} share(s)",
    )
    return LinePrice(
        plan.code,
        tier.code,
        shares,
        1,
        multiply(contribution.member, shares),
        multiply(contribution.subsidy, shares),
        explanation=why,
    )


def quote(
    roster_lines: Sequence[tuple[Plan, Roster, str | None, tuple[str, ...]]],
    on: date,
    rules: PackView,
    rule: str,
) -> Quote:
    """Each entry priced (``rules.price_entry``), grouped by plan, tier, shares; gift plans free."""
    groups: dict[tuple[str, str | None, int, bool], LinePrice] = {}
    why = rules.explanation(rule)
    for plan, roster, tier_code, gifts in roster_lines:
        for entry in roster:
            # the entry's own shares: the roster check gives each entry the line's shares
            # (or the row's), so a line's shares never override an entry's
            price = rules.price_entry(
                entry, plan, on, tier_code=entry.tier_code or tier_code, shares=entry.shares
            )
            key = (price.plan_code, price.tier_code, price.shares, price.gift)
            old = groups.get(key)
            if old is not None:
                price = LinePrice(
                    old.plan_code,
                    old.tier_code,
                    old.shares,
                    old.members + price.members,
                    old.member_part + price.member_part,
                    old.subsidy_part + price.subsidy_part,
                    old.gift,
                    old.explanation,
                )
            groups[key] = price
            why = why.merge(price.explanation)
        for gift in gifts:
            note = f"gift plan {gift}: no charge"
            groups[(gift, None, 1, True)] = LinePrice(
                gift,
                None,
                1,
                roster.headcount,
                ZERO,
                ZERO,
                gift=True,
                explanation=rules.explanation(rule, notes=(note,)),
            )
            why = why.with_note(note)
    return Quote.of(groups.values(), why)


@hookimpl(trylast=True)
def mutualaid_price_application(application: Application, on: date, rules: PackView) -> Quote:
    """Every line's roster priced and grouped (:func:`quote`)."""
    lines = [
        (rules.plan(line.plan_code), line.roster, line.tier_code, line.gift_plans)
        for line in application.lines
    ]
    return quote(lines, on, rules, "mutualaid_price_application")


@hookimpl(trylast=True)
def mutualaid_price_endorsement(
    endorsement: Endorsement, policy: Policy, on: date, rules: PackView
) -> Quote:
    """The members added, priced like an application; by days left when ``endorsement.pro_rata``."""
    plan = rules.plan(policy.plan_code)
    tier_code = next((m.tier_code for m in policy.members if m.tier_code), None)
    full = quote(
        [(plan, endorsement.roster, tier_code, ())], on, rules, "mutualaid_price_endorsement"
    )
    pro_rata = flag(rules, "endorsement.pro_rata", on)
    if pro_rata is None:
        return full
    start = max(endorsement.effective_date, policy.coverage.start)
    days_left = max(0, (policy.coverage.end - start).days + 1)
    factor = Decimal(days_left) / Decimal(policy.coverage.days)
    lines = [
        LinePrice(
            p.plan_code,
            p.tier_code,
            p.shares,
            p.members,
            multiply(p.member_part, factor),
            multiply(p.subsidy_part, factor),
            p.gift,
            p.explanation,
        )
        for p in full.lines
    ]
    note = f"pro rata: {days_left}/{policy.coverage.days} days of cover left"
    base = full.explanation or rules.explanation("mutualaid_price_endorsement")
    return Quote.of(lines, base.citing([pro_rata]).with_note(note))


@hookimpl(trylast=True)
def mutualaid_price_group(applications: Sequence[Application], on: date, rules: PackView) -> Quote:
    """The parts of a group enrolment priced one by one and added up."""
    lines: list[LinePrice] = []
    why = rules.explanation("mutualaid_price_group")
    for application in applications:
        part = rules.price_application(application, on)
        lines += part.lines
        why = why.merge(part.explanation).with_note(f"{application.id}: {part.total:.2f}")
    return Quote.of(lines, why)
