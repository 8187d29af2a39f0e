"""The facts of one case a benefit is computed from (费用录入 / 结算单).

Linyi's 案件处理 records, for a hospital case, the settlement sheet (结算单):
its total (总费用), the parts paid by the member alone (全自费), over the
price limits (超限价) and by basic medical insurance (统筹支付), and the days
in hospital. :class:`CaseFacts` holds those, by the names the steps read
(:data:`~mutualaid.rules.benefitsteps.CASE_AMOUNTS`); a missing amount is
``None`` (a step that reads it defers the case).

>>> from datetime import date
>>> facts = CaseFacts("LP1", "disease_hospitalization", date(2026, 5, 3),
...                   total="12000", self_pay="1500.5", days=9, hospital_level="level_3", shares=2)
>>> facts.amount("self_pay"), facts.amount("over_limit"), facts.days
(Decimal('1500.50'), None, 9)

Since 0.2.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from mutualaid.errors import ConversionError
from mutualaid.model._fields import optional_money
from mutualaid.model.claim import Claim

__all__ = ["CaseFacts"]


def _shares(instance: CaseFacts, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConversionError(f"case {instance.claim_id}: shares must be a whole number >= 0")


def _days(instance: CaseFacts, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ConversionError(f"case {instance.claim_id}: days must be a whole number >= 0")


@attrs.frozen
class CaseFacts:
    """What the steps of a benefit read about a case.

    :param claim_id: the case.
    :param claim_type: the claim type's code.
    :param incident_date: 出险日期: the parameters in effect that day apply.
    :param total: 总费用 of the settlement sheet (yuan).
    :param self_pay: 全自费.
    :param over_limit: 超限价.
    :param insurance_paid: 统筹支付 (what basic medical insurance paid).
    :param days: days in hospital (住院天数).
    :param hospital_level: the hospital's level as the pack's ratios name it (``level_3``).
    :param shares: the member's shares (份数) on the covering policy.
    """

    claim_id: str
    claim_type: str
    incident_date: date
    total: Decimal | None = attrs.field(default=None, converter=optional_money)
    self_pay: Decimal | None = attrs.field(default=None, converter=optional_money)
    over_limit: Decimal | None = attrs.field(default=None, converter=optional_money)
    insurance_paid: Decimal | None = attrs.field(default=None, converter=optional_money)
    days: int | None = attrs.field(default=None, validator=_days)
    hospital_level: str | None = None
    shares: int = attrs.field(default=1, validator=_shares)

    def amount(self, name: str) -> Decimal | None:
        """The amount called ``name`` (``total``, ``self_pay``, ``over_limit``, ``insurance_paid``)."""
        if name not in ("total", "self_pay", "over_limit", "insurance_paid"):
            raise KeyError(name)
        value: Decimal | None = getattr(self, name)
        return value

    @classmethod
    def from_claim(
        cls,
        claim: Claim,
        *,
        shares: int = 1,
        self_pay: Decimal | str | None = None,
        over_limit: Decimal | str | None = None,
        insurance_paid: Decimal | str | None = None,
        hospital_level: str | None = None,
    ) -> CaseFacts:
        """The facts of a :class:`~mutualaid.model.claim.Claim`: its settlement sheet's
        total (else its expense lines' sum) is the total, the sheet's days in hospital
        the days, its insurance share and hospital level when not given.

        >>> from mutualaid.model import Claim, Expense, Member
        >>> from mutualaid.model.claim import Incident, SettlementSheet
        >>> from mutualaid.model.kinds import ClaimType
        >>> m = Member.from_resident_id("张三", "11010519491231002X")
        >>> claim = Claim("LP1", ClaimType.DISEASE_HOSPITALIZATION, m, "P1",
        ...               expenses=(Expense("住院费用", "3200.50"),), incident=Incident(date(2026, 5, 3)),
        ...               settlement_sheet=SettlementSheet("医院", date(2026, 5, 3), date(2026, 5, 10), "3200.50"))
        >>> f = CaseFacts.from_claim(claim, shares=2)
        >>> f.total, f.days, f.claim_type
        (Decimal('3200.50'), 7, 'disease_hospitalization')
        """
        if claim.incident_date is None:
            raise ConversionError(
                f"case {claim.id} has no incident date (出险日期)",
                hint="Record the incident before computing the benefit.",
            )
        sheet = claim.settlement_sheet
        total = claim.total_expenses if claim.expenses else None
        days = None
        if sheet is not None:
            total, days = sheet.total, sheet.days
            if insurance_paid is None:
                insurance_paid = sheet.insurance_paid
            hospital_level = hospital_level or sheet.hospital_level or None
        return cls(
            claim.id,
            str(claim.claim_type.value),
            claim.incident_date,
            total=total,
            self_pay=self_pay,
            over_limit=over_limit,
            insurance_paid=insurance_paid,
            days=days,
            hospital_level=hospital_level,
            shares=shares,
        )
