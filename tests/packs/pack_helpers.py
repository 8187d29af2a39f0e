"""Shared builders for the bundled packs' tests: the engine, applications, units, invoices."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import UnitCodeKind
from mutualaid.model.member import Member
from mutualaid.model.roster import Roster
from mutualaid.model.unit import Unit
from mutualaid.rules import PackView, RuleEngine
from mutualaid.testing.members import member

__all__ = [
    "BUNDLED",
    "application",
    "codes",
    "engine",
    "invoice",
    "line",
    "member",
    "members",
    "rules",
    "unit",
]

#: The five packs shipped in rulepacks/.
BUNDLED = ("guangdong", "linyi", "shenzhen", "weihai", "yiyang")


@functools.cache
def engine() -> RuleEngine:
    """One engine with the five bundled packs, found through their entry points."""
    return RuleEngine.from_entry_points(names=BUNDLED)


def rules(name: str) -> PackView:
    """The view of one bundled pack."""
    return engine().pack(name)


def members(n: int, on: date, *, age: int = 35, area: str = "110105", **flags: Any) -> list[Member]:
    """``n`` distinct members aged ``age`` on ``on``."""
    return [
        member(f"职工{i}", age=age, on=on, area=area, serial=i % 100, **flags)
        if i < 100
        else member(f"职工{i}", age=age + i // 100, on=on, area=area, serial=i % 100, **flags)
        for i in range(n)
    ]


def line(
    plan_code: str,
    people: Iterable[Member],
    *,
    tier: str | None = None,
    shares: int = 1,
    gift_plans: Sequence[str] = (),
) -> ApplicationLine:
    """An application line whose roster gives every member the line's tier and shares."""
    roster = Roster.of(plan_code, people, tier_code=tier, shares=shares)
    return ApplicationLine(plan_code, tier, shares, roster, tuple(gift_plans))


def application(
    pack: str,
    *lines: ApplicationLine,
    app_id: str = "A1",
    unit_id: str = "U1",
    declared: DeclaredCounts | None = None,
    **fields: Any,
) -> Application:
    """An application of ``pack`` with the given lines."""
    return Application(
        app_id, unit_id, pack, lines=tuple(lines), declared=declared or DeclaredCounts(), **fields
    )


def unit(name: str = "威海测试有限公司", unit_id: str = "U1", **fields: Any) -> Unit:
    """A registered unit."""
    return Unit(unit_id, name, UnitCodeKind.USCC, "91371000MA3C0000X1", **fields)


def invoice(
    amount: str | Decimal, requested_on: date, *, title: str = "威海测试有限公司", **fields: Any
) -> InvoiceRequest:
    """An invoice request of unit U1 for application A1."""
    return InvoiceRequest(
        fields.pop("request_id", "INV1"),
        fields.pop("unit_id", "U1"),
        fields.pop("subject_ids", ("A1",)),
        title,
        "91371000MA3C0000X1",
        Decimal(amount),
        fields.pop("email", "finance@example.cn"),
        requested_on,
        **fields,
    )


def codes(findings: Iterable[Any]) -> set[str]:
    """The codes of some findings."""
    return {f.code for f in findings}
