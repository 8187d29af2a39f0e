"""Claims (申领 / 理赔 / 补助申领): a covered member asks for a benefit.

Linyi accepts a case by the claimant's ID number and claim type; hospitalisation
cases first need materials, then expense entry (with the hospital settlement
sheet), benefit calculation and initial review. Guangdong's unit handler saves
a draft (暂存) and submits it later.

>>> from datetime import date
>>> from mutualaid.model import Member
>>> m = Member.from_resident_id("张三", "11010519491231002X")
>>> claim = Claim(
...     id="LP1",
...     claim_type=ClaimType.DISEASE_HOSPITALIZATION,
...     member=m,
...     policy_number="P2025-0001",
...     expenses=(Expense("住院费用", "3200.50", date(2025, 5, 3)),),
...     payee=Payee("张三", "6222021234567890123", "工商银行"),
... )
>>> claim.status.label, claim.total_expenses
('暂存', Decimal('3200.50'))
>>> claim.payee
Payee(name='张三', account='6222***********0123', bank='工商银行')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from mutualaid.model._fields import masked_account, non_negative_yuan, optional_money
from mutualaid.model.kinds import ClaimType
from mutualaid.model.material import Material
from mutualaid.model.member import Member
from mutualaid.model.states import ClaimStatus
from mutualaid.money import total

__all__ = ["Claim", "ClaimType", "Expense", "Payee"]


@attrs.frozen
class Expense:
    """One expense line (费用录入): what, how much, when.

    :param description: e.g. 住院费用, 自付部分.
    :param amount: the amount in yuan.
    :param incurred_on: the date on the bill or settlement sheet.
    """

    description: str
    amount: Decimal = attrs.field(converter=non_negative_yuan)
    incurred_on: date | None = None


@attrs.frozen
class Payee:
    """领款人: who receives the benefit; the account is masked in ``repr``."""

    name: str
    account: str = attrs.field(repr=masked_account)
    bank: str = ""


@attrs.frozen
class Claim:
    """One claim case.

    :param id: the host's case number.
    :param claim_type: :class:`~mutualaid.model.kinds.ClaimType`.
    :param member: the claimant member (出险人).
    :param policy_number: the policy that covers them.
    :param status: :class:`~mutualaid.model.states.ClaimStatus`.
    :param materials: required documents and whether provided.
    :param expenses: expense lines (结算单 amounts for hospitalisation).
    :param payee: 领款人.
    :param benefit: the calculated benefit (互助金), once calculated.
    :param unit_id: the unit that files the claim (单位专管员), if any.
    :param incident_date: 出险日期.
    :param admitted_on: hospital admission date (hospitalisation claims).
    :param discharged_on: hospital discharge date.
    """

    id: str
    claim_type: ClaimType
    member: Member
    policy_number: str
    status: ClaimStatus = ClaimStatus.DRAFT
    materials: tuple[Material, ...] = ()
    expenses: tuple[Expense, ...] = ()
    payee: Payee | None = None
    benefit: Decimal | None = attrs.field(default=None, converter=optional_money)
    unit_id: str | None = None
    incident_date: date | None = None
    admitted_on: date | None = None
    discharged_on: date | None = None
    version: int = 0

    @property
    def total_expenses(self) -> Decimal:
        """The sum of the expense lines."""
        return total(e.amount for e in self.expenses)

    @property
    def missing_materials(self) -> tuple[Material, ...]:
        """The materials not provided yet."""
        return tuple(m for m in self.materials if not m.provided)
