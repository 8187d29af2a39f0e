"""What the service tests share: a service over a store with the installed packs, units, rosters.

A host's view: everything goes through :class:`mutualaid.service.Service`;
the tests give business data only (units, rosters, dates), never facts.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from mutualaid.lifecycle import MemoryStore, Repository, new_registration
from mutualaid.model import (
    Application,
    ApplicationLine,
    Material,
    MaterialKind,
    Member,
    PaymentVoucher,
    Roster,
    Unit,
)
from mutualaid.model.kinds import UnitType
from mutualaid.model.unit import Contact
from mutualaid.rules.engine import RuleEngine
from mutualaid.service import Service
from mutualaid.testing.members import member

__all__ = [
    "AT",
    "apply_for",
    "engine",
    "line",
    "paid",
    "people",
    "registered",
    "service",
]

AT = datetime(2026, 3, 2, 9)


@functools.cache
def engine() -> RuleEngine:
    """The installed packs (loaded once)."""
    return RuleEngine.from_entry_points()


def service(store: Repository | None = None, at: datetime = AT) -> Service:
    """A service over ``store`` (default: a new memory store) whose clock says ``at``."""
    return Service(store if store is not None else MemoryStore(), engine(), clock=lambda: at)


#: Every field any region's forms require (Weihai's * fields, Guangdong's 法定代表人...).
UNIT_FIELDS: dict[str, object] = {
    "unit_type": next(iter(UnitType)),
    "union_affiliation": "市总工会",
    "address": "单位详细地址",
    "contact_email": "hr@example.com",
    "legal_representative": Contact("法定代表人"),
    "handler": Contact("经办人", mobile="13526589854", id_number="11010519491231002X"),
    "union_chair": Contact("工会主席", mobile="13526585845"),
    "has_registration_certificate": True,
    "has_e_seal": True,
}

CODES = {
    "U1": "91371000MA3C0000XF",
    "U2": "91440100MA9Y0001X7",
    "U3": "91440100MA9Y0002X8",
    "HQ": "91440300MA5F0000X1",
    "S1": "91430900MA4L0000XJ",
}


def registered(svc: Service, region: str, unit_id: str = "U1", **fields: object) -> Unit:
    """A unit of ``region`` with every form field filled, registered and approved."""
    draft = new_registration(
        unit_id,
        f"{region}测试单位{unit_id}",
        CODES[unit_id],
        region=region,
        **{**UNIT_FIELDS, **fields},
    )
    out = svc.register(draft, actor=unit_id)
    if out.entity.status.value != "approved":
        out = svc.review_registration(unit_id, actor="office")
    return out.entity


def people(
    n: int, *, first: int = 1, born: date = date(1985, 1, 1), area: str = "110105"
) -> list[Member]:
    """``n`` members of working age (born ``born``, one day apart)."""
    return [
        member(f"职工{i}", birth_date=date(born.year, born.month, i), area=area, serial=i)
        for i in range(first, first + n)
    ]


def line(
    plan: str, tier: str | None, staff: Sequence[Member], *, shares: int = 1, **kw: object
) -> ApplicationLine:
    """One plan's line with its roster (every entry on ``tier`` and ``shares``)."""
    roster = Roster.of(plan, list(staff), tier_code=tier, shares=shares)
    return ApplicationLine(plan, tier, shares, roster, **kw)  # type: ignore[arg-type]


def apply_for(
    svc: Service,
    app_id: str,
    unit: Unit,
    pack: str,
    lines: Sequence[ApplicationLine],
    *,
    at: datetime = AT,
    **fields: object,
) -> Application:
    """A new application with its lines (and other fields), saved as a draft."""
    return svc.create_application(
        Application(app_id, unit.id, pack), actor=unit.id, at=at, lines=tuple(lines), **fields
    ).entity


def paid(svc: Service, subject_id: str, *, on: date, at: datetime) -> str:
    """The subject's notice issued and paid by one voucher of its amount; its number."""
    notice = svc.issue_notice(subject_id, at=at).entity
    voucher = PaymentVoucher(notice.amount_due, on, "付款单位", "6222020000001234", notice.number)
    svc.add_voucher(notice.number, voucher, actor="unit", at=at)
    svc.submit_vouchers(notice.number, actor="unit", at=at)
    return notice.number


def ledger() -> Material:
    """Shenzhen's social-security ledger (社保台账), uploaded."""
    return Material.required(MaterialKind.SOCIAL_SECURITY_LEDGER, "社保台账").provide("台账.xlsx")


#: A notice's amount as the pack prices two members of a 60-yuan tier.
SIXTY = Decimal("60.00")
