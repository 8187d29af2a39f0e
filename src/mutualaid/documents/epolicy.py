"""The e-policy (电子保单) as a printed document.

Layer 4.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from mutualaid.documents._text import day_text, money_text, period_text
from mutualaid.documents.document import Document
from mutualaid.documents.members import MemberList
from mutualaid.documents.parties import UnitParticulars, unit_lines
from mutualaid.errors import LifecycleError
from mutualaid.model import CoveragePeriod, Plan, Policy, PolicyStatus, Unit
from mutualaid.money import MoneyInput, yuan

__all__ = ["EPolicy"]


@attrs.frozen
class EPolicy(Document):
    """电子保单: the policy a unit downloads, stamps and uploads to ask for an invoice.

    >>> from datetime import date
    >>> from mutualaid.model import (CoveragePeriod, Member, Policy, PolicyMember,
    ...     PolicyStatus, Unit, UnitCodeKind)
    >>> unit = Unit("U1", "广东测试公司", UnitCodeKind.USCC, "91440300MA5F000000")
    >>> m = Member.from_resident_id("张三", "11010519491231002X")
    >>> policy = Policy("GD2025-0001", "U1", "CB1", "gd-medical-2025", CoveragePeriod.calendar_year(2025),
    ...     (PolicyMember(m, shares=3),), PolicyStatus.EFFECTIVE, date(2025, 3, 9))
    >>> ep = EPolicy.from_policy(policy, unit=unit, issued_on=date(2025, 3, 10), amount="180",
    ...     issuer="广东省职工保障互助会")
    >>> dict(ep.lines())["生效日期"], dict(ep.lines())["保单状态"], ep.shares
    ('2025年03月09日', '已生效', 3)
    """

    policy_number: str
    application_id: str
    unit: UnitParticulars
    plan_code: str
    plan_name: str
    coverage: CoveragePeriod
    effective_date: date | None
    status: PolicyStatus
    headcount: int
    shares: int
    amount: Decimal | None
    issued_on: date
    members: MemberList
    issuer: str = ""
    title: str = "电子保单"

    @classmethod
    def from_policy(
        cls,
        policy: Policy,
        *,
        unit: Unit,
        issued_on: date,
        plan: Plan | None = None,
        amount: MoneyInput | None = None,
        issuer: str = "",
        title: str = "电子保单",
    ) -> EPolicy:
        """The e-policy of a policy; ``amount`` is what was paid for it, when known."""
        if policy.unit_id != unit.id:
            raise LifecycleError(
                f"policy {policy.number} belongs to {policy.unit_id!r}, not {unit.id!r}"
            )
        return cls(
            policy_number=policy.number,
            application_id=policy.application_id,
            unit=UnitParticulars.from_unit(unit),
            plan_code=policy.plan_code,
            plan_name=plan.name if plan is not None else policy.plan_code,
            coverage=policy.coverage,
            effective_date=policy.effective_date,
            status=policy.status,
            headcount=policy.headcount,
            shares=sum(pm.shares for pm in policy.members),
            amount=None if amount is None else yuan(amount),
            issued_on=issued_on,
            members=MemberList.from_policy(policy, plan=plan),
            issuer=issuer,
            title=title,
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The e-policy's rows."""
        doc = self if reveal else self.masked()
        return (
            ("保单号", doc.policy_number),
            ("参保单号", doc.application_id),
            *unit_lines(doc.unit),
            ("保障计划", doc.plan_name),
            ("保障期限", period_text(doc.coverage)),
            ("生效日期", day_text(doc.effective_date)),
            ("保单状态", doc.status.label),
            ("参保人数", f"{doc.headcount}人"),
            ("参保份数", f"{doc.shares}份"),
            ("会费金额", money_text(doc.amount)),
            ("出单机构", doc.issuer),
            ("出单日期", day_text(doc.issued_on)),
        )


# --- the endorsement document --------------------------------------------------------------------
