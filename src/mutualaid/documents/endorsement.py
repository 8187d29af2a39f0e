"""The endorsement document (电子保全单, Shenzhen) as a printed document.

Layer 4.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from mutualaid.documents._text import (
    contact_mobile,
    contact_name,
    day_text,
    money_text,
    period_text,
)
from mutualaid.documents.document import Document
from mutualaid.documents.members import MemberList
from mutualaid.documents.parties import UnitParticulars, unit_lines
from mutualaid.errors import LifecycleError
from mutualaid.model import (
    Contact,
    CoveragePeriod,
    Endorsement,
    EndorsementStatus,
    Plan,
    Policy,
    Unit,
)

__all__ = ["EndorsementDocument"]


@attrs.frozen
class EndorsementDocument(Document):
    """电子保全单 (Shenzhen): the members an endorsement added, from its effective date.

    >>> from datetime import date
    >>> from mutualaid.model import (CoveragePeriod, Endorsement, EndorsementStatus, Member, Policy,
    ...     PolicyStatus, Roster, Unit, UnitCodeKind)
    >>> unit = Unit("U1", "深圳测试公司", UnitCodeKind.USCC, "91440300MA5F000000")
    >>> policy = Policy("SZ2025-0001", "U1", "CB1", "sz-medical-2025", CoveragePeriod.calendar_year(2025),
    ...     status=PolicyStatus.EFFECTIVE, effective_date=date(2025, 1, 1))
    >>> new_hire = Member.from_resident_id("新员工", "440304199003070018")
    >>> e = Endorsement("BQ1", policy.number, "U1", date(2025, 6, 1),
    ...     Roster.of(policy.plan_code, [new_hire], effective_date=date(2025, 6, 1)),
    ...     EndorsementStatus.EFFECTIVE, amount_due="35")
    >>> doc = EndorsementDocument.from_endorsement(e, unit=unit, policy=policy, issued_on=date(2025, 6, 2))
    >>> dict(doc.lines())["保全生效日期"], doc.headcount, doc.amount_due
    ('2025年06月01日', 1, Decimal('35.00'))
    """

    endorsement_id: str
    policy_number: str
    unit: UnitParticulars
    plan_code: str
    plan_name: str
    coverage: CoveragePeriod
    effective_date: date
    contact: Contact | None
    status: EndorsementStatus
    headcount: int
    amount_due: Decimal | None
    issued_on: date
    members: MemberList
    issuer: str = ""
    title: str = "电子保全单"

    @classmethod
    def from_endorsement(
        cls,
        endorsement: Endorsement,
        *,
        unit: Unit,
        policy: Policy,
        issued_on: date,
        plan: Plan | None = None,
        issuer: str = "",
        title: str = "电子保全单",
    ) -> EndorsementDocument:
        """The document of an endorsement of ``policy``."""
        if endorsement.policy_number != policy.number:
            raise LifecycleError(
                f"endorsement {endorsement.id} is for policy {endorsement.policy_number!r}, "
                f"not {policy.number!r}"
            )
        roster = endorsement.roster
        entries = tuple(
            e if e.effective_date else attrs.evolve(e, effective_date=endorsement.effective_date)
            for e in roster.entries
        )
        return cls(
            endorsement_id=endorsement.id,
            policy_number=policy.number,
            unit=UnitParticulars.from_unit(unit),
            plan_code=policy.plan_code,
            plan_name=plan.name if plan is not None else policy.plan_code,
            coverage=policy.coverage,
            effective_date=endorsement.effective_date,
            contact=endorsement.contact,
            status=endorsement.status,
            headcount=endorsement.headcount,
            amount_due=endorsement.amount_due,
            issued_on=issued_on,
            members=MemberList.from_roster(
                roster.with_entries(entries), title="保全人员清单", plan=plan
            ),
            issuer=issuer,
            title=title,
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The endorsement document's rows."""
        doc = self if reveal else self.masked()
        return (
            ("保全单号", doc.endorsement_id),
            ("保单号", doc.policy_number),
            *unit_lines(doc.unit),
            ("保障计划", doc.plan_name),
            ("保障期限", period_text(doc.coverage)),
            ("保全生效日期", day_text(doc.effective_date)),
            ("互助保障联系人", contact_name(doc.contact)),
            ("联系电话", contact_mobile(doc.contact)),
            ("新增人数", f"{doc.headcount}人"),
            ("应缴金额", money_text(doc.amount_due)),
            ("保全状态", doc.status.label),
            ("出单机构", doc.issuer),
            ("出单日期", day_text(doc.issued_on)),
        )
