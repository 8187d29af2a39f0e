"""Shared by the ``examples/<pack>_scenario.py`` scripts: evaluate an application, print a table.

For each member: age, plan, tier, shares, price (member part + union subsidy),
the effective date of the plan and what the pack found. Then the roster's and
the application's findings, the materials asked for, and the totals, each
price with the pack and dated values that explain it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from mutualaid.dates import age_in_years
from mutualaid.model.application import Application, ApplicationLine
from mutualaid.model.member import Member
from mutualaid.model.roster import Roster
from mutualaid.rules import Finding, PackView, RuleEngine, Situation

__all__ = ["HEADER", "evaluate", "line", "rules_for"]

#: The table's columns (the tests look for them).
HEADER = ("姓名", "年龄", "计划", "档位", "份数", "应缴(个人+补贴)", "生效日期", "检查结果")
_WIDTHS = (14, 5, 14, 6, 5, 22, 12, 0)


def rules_for(region: str) -> PackView:
    """The installed pack serving ``region``, found through the entry points."""
    return RuleEngine.from_entry_points().for_region(region)


def line(
    plan_code: str,
    members: Sequence[Member],
    *,
    tier: str | None = None,
    shares: int = 1,
    gift_plans: Sequence[str] = (),
) -> ApplicationLine:
    """One plan of the application, every member on the same tier and shares."""
    roster = Roster.of(plan_code, members, tier_code=tier, shares=shares)
    return ApplicationLine(plan_code, tier, shares, roster, tuple(gift_plans))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: Iterable[str]) -> str:
    parts = []
    for cell, width in zip(cells, _WIDTHS, strict=True):
        parts.append(cell + " " * max(1, width - _width(cell)) if width else cell)
    return "".join(parts).rstrip()


def _codes(findings: Iterable[Finding]) -> str:
    return "; ".join(f"{f.code}({f.severity.label})" for f in findings) or "—"


def evaluate(
    rules: PackView,
    application: Application,
    on: date,
    *,
    payment_arrival: date | None = None,
    previous_coverage_end: date | None = None,
    association_date: date | None = None,
) -> None:
    """Print the table for ``application`` as the pack judges it on ``on``."""
    print(f"{rules.info.title} — pack {rules.name} {rules.version}, region {rules.region}, {on}")
    print(_row(HEADER))
    print("-" * 100)
    found: list[Finding] = []
    notes: list[str] = []
    for ln in application.lines:
        plan = rules.plan(ln.plan_code, on)
        effective = rules.effective_date(
            application,
            plan,
            payment_arrival=payment_arrival,
            previous_coverage_end=previous_coverage_end,
            association_date=association_date,
        )
        when = "待设置" if effective.date is None else effective.date.isoformat()
        if effective.waiting_period_end is not None:
            notes.append(f"{plan.code}: 断保后免责期至{effective.waiting_period_end.isoformat()}")
        for entry in ln.roster:
            price = rules.price_entry(
                entry, plan, on, tier_code=entry.tier_code or ln.tier_code, shares=entry.shares
            )
            member_findings = rules.member_findings(entry.member, plan, on)
            found += member_findings
            person = entry.member
            age = age_in_years(person.birth_date, on) if person.birth_date else None
            print(
                _row(
                    (
                        person.name,
                        "?" if age is None else str(age),
                        plan.code,
                        str(price.tier_code or "—"),
                        str(price.shares),
                        f"{price.total:.2f} ({price.member_part:.2f}+{price.subsidy_part:.2f})",
                        when,
                        _codes(member_findings),
                    )
                )
            )
        roster_findings = rules.roster_findings(ln.roster, plan, on)
        found += roster_findings
        if roster_findings:
            print(f"  名单 {plan.code}: {_codes(roster_findings)}")
    application_findings = rules.application_findings(application, on)
    found += application_findings
    quote = rules.price_application(application, on)
    print("-" * 100)
    for note in notes:
        print(note)
    print(f"参保单检查: {_codes(application_findings)}")
    materials = rules.required_materials(
        Situation.APPLICATION, on, application=application, findings=found
    )
    print("需提供材料: " + ("、".join(m.name for m in materials) or "—"))
    print(
        f"合计: {quote.headcount}人, 会费 {quote.total:.2f} "
        f"(个人 {quote.member_part:.2f} + 工会补贴 {quote.subsidy_part:.2f}), "
        f"单位缴费 {quote.amount_due:.2f} ({quote.basis.label})"
    )
    blocking = sorted({f.code for f in found if f.blocking})
    print("可以提交" if not blocking else f"不能提交: {', '.join(blocking)}")
    if quote.explanation is not None:
        print("依据:")
        print("\n".join("  " + text for text in str(quote.explanation).splitlines()))
