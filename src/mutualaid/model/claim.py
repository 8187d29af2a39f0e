"""Claims (申领 / 理赔 / 补助申领 / 给付申请): a covered member asks for a benefit.

Linyi (seed 003, 4. 申领管理) accepts a case by the claimant's ID number and
claim type; cases whose type needs materials first wait in 材料上传, then a
clerk takes the case (获取) for expense entry (费用录入: payee, incident and, for
hospital cases, the settlement sheet), calculates the benefit (申领计算) and
submits it to initial review (申领初审). Guangdong's unit handler (seed 001,
九) saves a draft (暂存) and submits it to the claims department later.
Which step follows which is :mod:`mutualaid.claims`; this module holds the
values.

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
...     incident=Incident(date(2025, 4, 28), "临沂市人民医院", "肺炎住院"),
... )
>>> claim.status.label, claim.total_expenses, claim.incident_date
('暂存', Decimal('3200.50'), datetime.date(2025, 4, 28))
>>> claim.payee
Payee(name='张三', account='6222***********0123', bank='工商银行', relation='')
>>> "11010519491231002X" in repr(claim)
False
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from mutualaid.model._fields import masked_account, masked_text, non_negative_yuan, optional_money
from mutualaid.model.kinds import ClaimType, MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.member import Member
from mutualaid.model.states import ClaimStatus
from mutualaid.money import total

__all__ = [
    "Claim",
    "ClaimPayment",
    "ClaimStatus",
    "ClaimType",
    "Expense",
    "Incident",
    "Payee",
    "ReviewEntry",
    "SettlementSheet",
]


@attrs.frozen
class Expense:
    """One expense line (费用录入): what, how much, when.

    :param description: e.g. 住院费用, 自付部分.
    :param amount: the amount in yuan.
    :param incurred_on: the date on the bill or settlement sheet.
    :param category: the expense category a pack's benefit steps may read
        (e.g. ``"self_paid"``, ``"fully_self_funded"`` 全自费); free text here.
    """

    description: str
    amount: Decimal = attrs.field(converter=non_negative_yuan)
    incurred_on: date | None = None
    category: str = ""


@attrs.frozen
class Payee:
    """领款人: who receives the benefit; the account is masked in ``repr``.

    :param relation: how the payee relates to the claimant (本人, 配偶...), when not the claimant.
    """

    name: str
    account: str = attrs.field(repr=masked_account)
    bank: str = ""
    relation: str = ""


@attrs.frozen
class Incident:
    """出险信息: when and where the insured event happened, and what it was.

    >>> Incident(date(2026, 3, 2), "临沂", "骨折").date
    datetime.date(2026, 3, 2)
    """

    date: date
    place: str = ""
    description: str = attrs.field(default="", repr=masked_text)


def _days(sheet: SettlementSheet) -> int:
    return (sheet.discharged_on - sheet.admitted_on).days


@attrs.frozen
class SettlementSheet:
    """结算单: the hospital's settlement sheet of a hospital stay (Linyi 4.2.2).

    :param hospital: the hospital's name.
    :param admitted_on: the admission day.
    :param discharged_on: the discharge day (not before admission).
    :param total: the total medical expenses (医疗总费用).
    :param insurance_paid: what basic medical insurance paid (统筹支付).
    :param self_paid: what the member paid (个人自付), the usual basis of a benefit.
    :param number: the sheet's number, when it has one.
    :param hospital_level: the hospital's level (一级, 二级, 三级), which some
        packs' ratios depend on.

    >>> s = SettlementSheet("临沂市人民医院", date(2026, 3, 2), date(2026, 3, 9), "8000", "5600", "2400")
    >>> s.days
    7
    """

    hospital: str
    admitted_on: date
    discharged_on: date = attrs.field()
    total: Decimal = attrs.field(converter=non_negative_yuan)
    insurance_paid: Decimal = attrs.field(default=Decimal("0.00"), converter=non_negative_yuan)
    self_paid: Decimal = attrs.field(default=Decimal("0.00"), converter=non_negative_yuan)
    number: str = ""
    hospital_level: str = ""

    @discharged_on.validator
    def _after_admission(self, _attribute: object, value: date) -> None:
        if value < self.admitted_on:
            raise ValueError(f"discharged {value} before admitted {self.admitted_on}")

    @property
    def days(self) -> int:
        """Days in hospital: discharge day minus admission day (住院天数)."""
        return _days(self)


@attrs.frozen
class ReviewEntry:
    """One step of a case's review history: returned with reasons, taken back, approved...

    The audit trail records every step; the case keeps its review history so
    a screen and an export show why it was returned, even after re-opening.

    :param action: the machine action (``"return"``, ``"take_back"``,
        ``"approve"``, ``"reject"``, ``"reopen"``, ``"pass_sample_check"``).
    :param at: when.
    :param actor: who.
    :param reasons: the codes of the reasons (``claim.materials_missing``...).
    :param note: the reviewer's words (审核意见).
    """

    action: str
    at: datetime
    actor: str
    reasons: tuple[str, ...] = ()
    note: str = attrs.field(default="", repr=masked_text)


@attrs.frozen
class ClaimPayment:
    """One payment of a case's benefit to the payee (给付)."""

    amount: Decimal = attrs.field(converter=non_negative_yuan)
    paid_on: date | None = None
    reference: str = ""


@attrs.frozen
class Claim:
    """One claim case.

    :param id: the host's case number.
    :param claim_type: :class:`~mutualaid.model.kinds.ClaimType`.
    :param member: the claimant member (出险人).
    :param policy_number: the policy that covers them.
    :param status: :class:`~mutualaid.model.states.ClaimStatus`.
    :param materials: the materials provided (uploaded) so far; which are
        required is the pack's answer (``rules.claim_materials``).
    :param expenses: expense lines.
    :param payee: 领款人.
    :param benefit: the calculated benefit (互助金额), once calculated.
    :param benefit_reference: an opaque reference to the calculation behind
        :attr:`benefit` (its explanation rows are kept by the host).
    :param unit_id: the unit that files the claim (单位专管员), if any.
    :param incident: 出险信息 (date, place, description).
    :param settlement_sheet: 结算单, for hospital cases.
    :param plan_code: the plan of the policy the case claims on.
    :param clerk: who holds the case in a work pool (处理中), if anyone.
    :param reviews: the review history (returns with reasons, take-backs...).
    :param sampling_seed: the seed the review sampling was drawn with, once
        drawn (the draw is reproducible from it: :mod:`mutualaid.claims.pools`).
    :param payments: the payments made (a re-opened case may be paid again).
    :param filed_on: the day the case was accepted or submitted (the filing deadline's day).
    :param remarks: free text.
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
    benefit_reference: str | None = None
    unit_id: str | None = None
    incident: Incident | None = None
    settlement_sheet: SettlementSheet | None = None
    plan_code: str | None = None
    clerk: str | None = None
    reviews: tuple[ReviewEntry, ...] = ()
    sampling_seed: int | None = None
    payments: tuple[ClaimPayment, ...] = ()
    filed_on: date | None = None
    remarks: str = attrs.field(default="", repr=masked_text)
    version: int = 0

    @property
    def incident_date(self) -> date | None:
        """出险日期, from :attr:`incident`."""
        return self.incident.date if self.incident is not None else None

    @property
    def admitted_on(self) -> date | None:
        """The admission day, from :attr:`settlement_sheet`."""
        return self.settlement_sheet.admitted_on if self.settlement_sheet is not None else None

    @property
    def discharged_on(self) -> date | None:
        """The discharge day, from :attr:`settlement_sheet`."""
        return self.settlement_sheet.discharged_on if self.settlement_sheet is not None else None

    @property
    def total_expenses(self) -> Decimal:
        """The sum of the expense lines."""
        return total(e.amount for e in self.expenses)

    @property
    def paid_total(self) -> Decimal:
        """What has been paid on the case so far."""
        return total(p.amount for p in self.payments)

    @property
    def missing_materials(self) -> tuple[Material, ...]:
        """The materials listed on the case but not provided yet."""
        return tuple(m for m in self.materials if not m.provided)

    @property
    def provided_kinds(self) -> frozenset[MaterialKind]:
        """The kinds of the materials provided."""
        return frozenset(m.kind for m in self.materials if m.provided)
