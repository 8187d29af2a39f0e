"""How the forms print a day, an amount, a period, a plan, a tier and a contact (private).

Layer 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from mutualaid.model import Contact, CoveragePeriod, Plan
from mutualaid.money import format_yuan
from mutualaid.privacy import mask_id_number, mask_mobile


def mask_contact(contact: Contact | None) -> Contact | None:
    if contact is None:
        return None
    return Contact(
        contact.name,
        mask_mobile(contact.mobile) if contact.mobile else contact.mobile,
        mask_id_number(contact.id_number) if contact.id_number else contact.id_number,
    )


def day_text(value: date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month:02d}月{value.day:02d}日"


def money_text(value: Decimal | None) -> str:
    return "" if value is None else f"{format_yuan(value)}元"


def period_text(value: CoveragePeriod | None) -> str:
    return "" if value is None else str(value)


def plans_by_code(plans: Iterable[Plan] | Mapping[str, Plan]) -> dict[str, Plan]:
    if isinstance(plans, Mapping):
        return dict(plans)
    return {p.code: p for p in plans}


def plan_name_of(plans: Mapping[str, Plan], code: str) -> str:
    plan = plans.get(code)
    return plan.name if plan is not None else code


def tier_name(plan: Plan | None, code: str | None) -> str:
    if code is None:
        return ""
    if plan is not None:
        for tier in plan.tiers:
            if tier.code == code:
                return tier.name
    return code


def contact_name(contact: Contact | None) -> str:
    return contact.name if contact is not None else ""


def contact_mobile(contact: Contact | None) -> str:
    return (contact.mobile or "") if contact is not None else ""
