"""Invoicing rules: settlement day, title, group invoicing, the per-capita cap, stamped papers.

One function per rule, named after what it decides, with its finding code,
message and parameters beside it.

>>> [rule.name for rule in RULES]
['invoicing.before_settlement_day', 'invoicing.title_matches_unit', 'invoicing.group_by_parent', 'invoicing.per_capita_cap', 'invoicing.stamped_confirmation', 'invoicing.early_invoice']

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from mutualaid.model.kinds import MaterialKind, RiskClass
from mutualaid.money import ZERO, multiply
from mutualaid.rules.defaults.rule import Rule, explain, flag, run, stamped_missing
from mutualaid.rules.findings import Finding
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType

if TYPE_CHECKING:
    from mutualaid.model.application import Application
    from mutualaid.model.invoice import InvoiceRequest
    from mutualaid.model.plan import Plan
    from mutualaid.model.unit import Unit
    from mutualaid.rules.explain import Cited, Explanation
    from mutualaid.rules.view import PackView

__all__ = [
    "PARAMETERS",
    "RULES",
    "before_settlement_day",
    "early_invoice",
    "group_by_parent",
    "group_by_parent_finding",
    "mutualaid_invoice_findings",
    "per_capita_cap",
    "stamped_confirmation",
    "title_matches_unit",
]

_HERE = "mutualaid.rules.defaults.invoicing"
_HOOK = "mutualaid_invoice_findings"


def _flag_spec(name: str, meaning: str, rule: str) -> ParameterSpec:
    return ParameterSpec(name, ValueType.FLAG, meaning, f"{_HERE}.{rule}", default=False)


PARAMETERS = (
    ParameterSpec(
        "invoice.settlement_day",
        ValueType.WHOLE,
        "the day of the month after which no invoice is issued; absent: none",
        f"{_HERE}.before_settlement_day",
        unit="day of month",
        minimum=1,
        maximum=31,
    ),
    _flag_spec(
        "invoice.title_must_match_unit",
        "the invoice title must be the unit's full name",
        "title_matches_unit",
    ),
    _flag_spec(
        "invoice.group_invoiced_by_parent",
        "a group enrolment is invoiced by the parent unit",
        "group_by_parent",
    ),
    _flag_spec(
        "invoice.per_capita_cap_when_mixed",
        "an activity mixing high-risk and normal members is capped at the high-risk price x shares",
        "per_capita_cap",
    ),
    _flag_spec(
        "invoice.stamped_confirmation_required",
        "the stamped confirmation (盖章电子保单) comes with the request",
        "stamped_confirmation",
    ),
    _flag_spec(
        "invoice.early_allowed", "an invoice may be asked for before payment", "early_invoice"
    ),
    _flag_spec(
        "invoice.early_needs_commitment_letter",
        "an early invoice needs the stamped commitment letter (提前开票承诺书)",
        "early_invoice",
    ),
)


def before_settlement_day(
    request: InvoiceRequest,
    unit: Unit,
    applications: Sequence[Application],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``invoice.after_settlement_day``: asked after the month's ``invoice.settlement_day``.

    Judged on ``on``, the day of the submit: the request's saved date is the unit's to edit.
    """
    day = rules.cite("invoice.settlement_day", on)
    if day is None or on.day <= int(day.value):
        return []
    return [
        Finding.error(
            "invoice.after_settlement_day",
            f"每月{day.value}日为结算日，结算后不再开取发票",
            field="requested_on",
            explanation=explain(rules, _HOOK, day),
            settlement_day=int(day.value),
            requested_on=on.isoformat(),
        )
    ]


def title_matches_unit(
    request: InvoiceRequest,
    unit: Unit,
    applications: Sequence[Application],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``invoice.title_mismatch``: the title is not the unit's name where it must be."""
    title = flag(rules, "invoice.title_must_match_unit", on)
    if title is None or request.title.strip() == unit.name.strip():
        return []
    return [
        Finding.error(
            "invoice.title_mismatch",
            f"发票抬头“{request.title}”须与单位名称“{unit.name}”一致",
            field="title",
            explanation=explain(rules, _HOOK, title),
        )
    ]


def group_by_parent(
    request: InvoiceRequest,
    unit: Unit,
    applications: Sequence[Application],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``invoice.group_by_parent``: a group part asks for its own invoice; the parent invoices."""
    group = flag(rules, "invoice.group_invoiced_by_parent", on)
    if group is None or not any(a.is_group_part for a in applications):
        return []
    return [group_by_parent_finding(explanation=explain(rules, _HOOK, group))]


def group_by_parent_finding(*, explanation: Explanation | None = None) -> Finding:
    """The ``invoice.group_by_parent`` finding: the one place its message is written.

    The group invoice machine's guard builds its reason from it too.

    >>> group_by_parent_finding().message
    '集团单位由集团总公司统一开票'
    """
    return Finding.error(
        "invoice.group_by_parent",
        "集团单位由集团总公司统一开票",
        field="unit_id",
        explanation=explanation,
    )


def per_capita_cap(
    request: InvoiceRequest,
    unit: Unit,
    applications: Sequence[Application],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``invoice.per_capita_cap``: Linyi 3.3 注, each activity mixing the classes is capped.

    The cap is per activity (application line): the sum over its entries of
    the high-risk price of the entry's tier times the entry's own shares
    (headcount x 高危会费单价 x 份数 when all take the same). An invoice maps
    to its activities so: an activity of one class has a fixed price (its
    quote), so it takes exactly that; the rest of the amount is the mixed
    activities' part, shared among them in proportion to their quotes (to
    their caps when these are all zero). Comparisons are exact (fractions,
    no rounded ratio).
    """
    cap_rule = flag(rules, "invoice.per_capita_cap_when_mixed", on)
    if cap_rule is None:
        return []
    mixed: list[tuple[Plan, int, Decimal, Decimal, tuple[Cited | None, ...]]] = []
    rest = Fraction(request.amount)
    for application in applications:
        for line in application.lines:
            plan = rules.plan(line.plan_code)
            price, cap = ZERO, ZERO
            tiers: dict[str, str] = {}
            for entry in line.roster:
                code = entry.tier_code or line.tier_code
                tier = plan.tier(code) if code else plan.tiers[0]
                price += rules.price_entry(
                    entry, plan, on, tier_code=tier.code, shares=entry.shares
                ).total
                cap += multiply(tier.contribution_for(RiskClass.HIGH_RISK).total, entry.shares)
                tiers[tier.code] = f"plans.{plan.code}.tiers.{tier.code}.high_risk"
            if {RiskClass.NORMAL, RiskClass.HIGH_RISK} <= {
                e.member.risk_class for e in line.roster
            }:
                cited = (cap_rule, *(rules.cite(name, on) for name in tiers.values()))
                mixed.append((plan, line.headcount, price, cap, cited))
            else:
                rest -= Fraction(price)
    weights = [Fraction(q) for _, _, q, _, _ in mixed]
    if not any(weights):
        weights = [Fraction(c) for _, _, _, c, _ in mixed]
    whole = sum(weights, Fraction(0))
    found: list[Finding] = []
    for (plan, headcount, _, cap, cited), weight in zip(mixed, weights, strict=True):
        part = rest * weight / whole if whole else rest
        if part <= cap:
            continue
        shown = Decimal(math.ceil(part * 100)).scaleb(-2)  # shown rounded up: never "at" the cap
        found.append(
            Finding.error(
                "invoice.per_capita_cap",
                f"{plan.name}存在高危和普通两类人群，开票人均单价上限为高危会费单价×份数，"
                f"{headcount}人合计{cap:.2f}元；本次该活动开票{shown:.2f}元",
                field="amount",
                explanation=explain(rules, _HOOK, *cited),
                plan_code=plan.code,
                headcount=headcount,
                cap=f"{cap:.2f}",
                amount=f"{shown:.2f}",
            )
        )
    return found


def stamped_confirmation(
    request: InvoiceRequest,
    unit: Unit,
    applications: Sequence[Application],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``invoice.stamped_confirmation_missing``: the stamped e-policy is not uploaded."""
    stamped = flag(rules, "invoice.stamped_confirmation_required", on)
    if stamped is None:
        return []
    return stamped_missing(
        request.stamped_confirmation,
        MaterialKind.CONFIRMATION_CERTIFICATE,
        "invoice.stamped_confirmation_missing",
        "开票须上传盖章后的参保确认书（下载电子保单并加盖公章）",
        "stamped_confirmation",
        explain(rules, _HOOK, stamped),
    )


def early_invoice(
    request: InvoiceRequest,
    unit: Unit,
    applications: Sequence[Application],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``invoice.early_not_allowed`` / ``invoice.early_needs_commitment_letter``: invoices before payment."""
    if not request.early:
        return []
    allowed = flag(rules, "invoice.early_allowed", on)
    if allowed is None:
        return [Finding.error("invoice.early_not_allowed", "不支持提前开票", field="early")]
    letter = flag(rules, "invoice.early_needs_commitment_letter", on)
    if letter is None:
        return []
    return stamped_missing(
        request.commitment_letter,
        MaterialKind.COMMITMENT_LETTER,
        "invoice.early_needs_commitment_letter",
        "提前开票须上传加盖公章的提前开票承诺书",
        "commitment_letter",
        explain(rules, _HOOK, allowed, letter),
    )


#: The invoice rules, in the order their findings are reported.
RULES = (
    Rule(
        "invoicing.before_settlement_day",
        _HOOK,
        before_settlement_day,
        ("invoice.after_settlement_day",),
    ),
    Rule("invoicing.title_matches_unit", _HOOK, title_matches_unit, ("invoice.title_mismatch",)),
    Rule("invoicing.group_by_parent", _HOOK, group_by_parent, ("invoice.group_by_parent",)),
    Rule("invoicing.per_capita_cap", _HOOK, per_capita_cap, ("invoice.per_capita_cap",)),
    Rule(
        "invoicing.stamped_confirmation",
        _HOOK,
        stamped_confirmation,
        ("invoice.stamped_confirmation_missing",),
    ),
    Rule(
        "invoicing.early_invoice",
        _HOOK,
        early_invoice,
        ("invoice.early_not_allowed", "invoice.early_needs_commitment_letter"),
    ),
)


@hookimpl(trylast=True)
def mutualaid_invoice_findings(
    request: InvoiceRequest,
    unit: Unit,
    applications: Sequence[Application],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """The invoice rules in force (:data:`RULES`, each replaceable by the pack)."""
    return run(RULES, rules, request=request, unit=unit, applications=applications, on=on)
