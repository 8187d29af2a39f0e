"""The accumulator ledger's entries: what a member's cases used of caps, deductibles and days.

Per member, plan family and coverage period, append only. A case writes its
entries under a revision; recalculating the case appends entries under the
next revision, which supersede the earlier ones (never edited, never
deleted). :mod:`mutualaid.claims.ledger` adds them up.

>>> from datetime import date
>>> e = LedgerEntry("RESIDENT_ID", "11010519491231002X", "demo", "demo-2025", date(2025, 1, 1),
...                 date(2025, 12, 31), "LP1", 1, Measure.PAID, "3600", category="medical",
...                 recorded_on=date(2025, 6, 1))
>>> e
LedgerEntry(id_type='RESIDENT_ID', id_number='110105********002X', plan_family='demo', plan_code='demo-2025', period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31), claim_id='LP1', revision=1, measure=<Measure.PAID: 'paid'>, amount=Decimal('3600.00'), category='medical', step=None, days=0, recorded_on=datetime.date(2025, 6, 1), claim_type=None, incident_date=None)
>>> e.member_key
('RESIDENT_ID', '11010519491231002X')

Layer 2: values only. Since 0.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

import attrs

from mutualaid.errors import ConversionError
from mutualaid.model._fields import masked_id, non_negative_yuan
from mutualaid.money import ZERO

__all__ = ["LedgerEntry", "Measure", "Standing"]


class Measure(StrEnum):
    """What an entry accumulates.

    * ``paid``: benefit paid, by category (caps per period, per category, for life);
    * ``deductible``: deductible used, by the deductible step;
    * ``days``: allowance days paid, by the allowance step;
    * ``void``: the case's revision pays nothing (a recalculation to zero, a
      rejected or deleted case): it supersedes the earlier revisions and adds nothing.
    """

    PAID = "paid"
    DEDUCTIBLE = "deductible"
    DAYS = "days"
    VOID = "void"


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ConversionError(f"ledger entry: {attribute.name} must not be negative, got {value}")


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ConversionError(f"ledger entry: {attribute.name} must be at least 1, got {value}")


@attrs.frozen
class LedgerEntry:
    """One accumulator entry (append only).

    :param id_type: the member's ID type (with ``id_number``, the member's key).
    :param id_number: the member's ID number (masked in ``repr``).
    :param plan_family: the plan across periods (caps for life count over it).
    :param plan_code: the plan of this coverage period.
    :param period_start: the coverage period's first day.
    :param period_end: its last day.
    :param claim_id: the case that used it.
    :param revision: the case's calculation (1, 2, ...); the highest counts.
    :param measure: :class:`Measure`.
    :param amount: yuan (``paid``, ``deductible``); 0 for ``days`` and ``void``.
    :param category: the benefit's category (``paid``).
    :param step: the step it belongs to (``deductible``, ``days``).
    :param days: days paid (``days``).
    :param recorded_on: the day it was written.
    :param claim_type: the case's claim type (a duplicate case is the same
        member, plan family, claim type and incident date).
    :param incident_date: the case's 出险日期.
    """

    id_type: str
    id_number: str = attrs.field(repr=masked_id)
    plan_family: str
    plan_code: str
    period_start: date
    period_end: date
    claim_id: str
    revision: int = attrs.field(validator=_positive)
    measure: Measure = attrs.field(converter=Measure)
    amount: Decimal = attrs.field(converter=non_negative_yuan)
    category: str | None = None
    step: str | None = None
    days: int = attrs.field(default=0, validator=_non_negative)
    recorded_on: date | None = None
    claim_type: str | None = None
    incident_date: date | None = None

    @property
    def member_key(self) -> tuple[str, str]:
        """``(id_type, id_number)``, as :attr:`mutualaid.model.member.Member.key`."""
        return (self.id_type, self.id_number)


def _frozen_amounts(values: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    return MappingProxyType(dict(values))


def _frozen_days(values: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(values))


@attrs.frozen
class Standing:
    """What a member has used of one plan family before a case: the ledger's totals.

    Keys: a category (``paid_*``; ``""`` totals every category) or a step id
    (``deductible_*``, ``days_*``). ``period`` counts the coverage period of
    the case, ``life`` every period of the plan family.

    >>> s = Standing(paid_period={"medical": Decimal("100.00"), "": Decimal("100.00")})
    >>> s.paid("period", None), s.paid("life", "medical"), s.days("period", "allowance")
    (Decimal('100.00'), Decimal('0.00'), 0)
    """

    paid_period: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_frozen_amounts)
    paid_life: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_frozen_amounts)
    deductible_period: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_frozen_amounts)
    deductible_life: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_frozen_amounts)
    days_period: Mapping[str, int] = attrs.field(factory=dict, converter=_frozen_days)
    days_life: Mapping[str, int] = attrs.field(factory=dict, converter=_frozen_days)

    def paid(self, scope: str, category: str | None) -> Decimal:
        """Paid in ``scope`` (``case``: nothing before) for ``category`` (``None``: all)."""
        table = {"period": self.paid_period, "life": self.paid_life}.get(scope, {})
        return table.get(category or "", ZERO)

    def deductible(self, scope: str, step: str) -> Decimal:
        """Deductible of ``step`` used in ``scope``."""
        table = {"period": self.deductible_period, "life": self.deductible_life}.get(scope, {})
        return table.get(step, ZERO)

    def days(self, scope: str, step: str) -> int:
        """Allowance days of ``step`` paid in ``scope``."""
        table = {"period": self.days_period, "life": self.days_life}.get(scope, {})
        return table.get(step, 0)
