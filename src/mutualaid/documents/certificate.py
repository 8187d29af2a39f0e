"""The confirmation certificate (确认书, Linyi; 参保确认书, Guangdong) as a printed document.

Layer 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

import attrs

from mutualaid.documents._text import day_text, money_text, period_text, plan_name_of, plans_by_code
from mutualaid.documents.document import Document
from mutualaid.documents.members import MemberList, MemberRow
from mutualaid.documents.parties import UnitParticulars, unit_lines
from mutualaid.errors import LifecycleError
from mutualaid.model import CoveragePeriod, Plan, Policy, Unit
from mutualaid.money import MoneyInput, total, yuan

__all__ = ["CertificateLine", "ConfirmationCertificate"]


@attrs.frozen
class CertificateLine:
    """One coverage activity (保障活动) on a confirmation certificate."""

    policy_number: str
    plan_code: str
    plan_name: str
    coverage: CoveragePeriod
    headcount: int
    shares: int
    effective_date: date | None = None
    amount: Decimal | None = None


@attrs.frozen
class ConfirmationCertificate(Document):
    """确认书 (Linyi §3.4) / 参保确认书 (Guangdong): what a unit's application bought.

    One line per coverage activity (policy), the totals, and the member list
    the unit confirms (我已确认人员名单无误) before printing. Refreshing it
    after a change (刷新计划书) is building it again.

    >>> from datetime import date
    >>> from mutualaid.model import (CoveragePeriod, Member, Policy, PolicyMember,
    ...     PolicyStatus, Unit, UnitCodeKind)
    >>> unit = Unit("U1", "临沂测试公司", UnitCodeKind.USCC, "91371300MA3C0000X1")
    >>> a = Member.from_resident_id("张三", "11010519491231002X")
    >>> b = Member.from_resident_id("李四", "440304199003070018")
    >>> year = CoveragePeriod.calendar_year(2025)
    >>> p1 = Policy("P1", "U1", "A1", "linyi-medical-2025", year,
    ...     (PolicyMember(a, shares=2), PolicyMember(b, shares=2)), PolicyStatus.EFFECTIVE, date(2025, 1, 1))
    >>> p2 = Policy("P2", "U1", "A1", "linyi-accident-2025", year, (PolicyMember(a),), PolicyStatus.EFFECTIVE, date(2025, 1, 1))
    >>> cert = ConfirmationCertificate.from_policies([p1, p2], unit=unit, issued_on=date(2025, 1, 5),
    ...     amounts={"P1": "240", "P2": "30"}, office="中国职工保险互助会临沂办事处")
    >>> cert.headcount, cert.amount, [(l.plan_code, l.headcount, l.shares) for l in cert.policy_lines]
    (2, Decimal('270.00'), [('linyi-medical-2025', 2, 4), ('linyi-accident-2025', 1, 1)])
    >>> len(cert.members), cert.members.rows[2].plan_name
    (3, 'linyi-accident-2025')
    """

    application_id: str
    unit: UnitParticulars
    issued_on: date
    policy_lines: tuple[CertificateLine, ...]
    headcount: int
    amount: Decimal | None
    members: MemberList
    office: str = ""
    title: str = "参保确认书"

    @classmethod
    def from_policies(
        cls,
        policies: Sequence[Policy],
        *,
        unit: Unit,
        issued_on: date,
        plans: Iterable[Plan] | Mapping[str, Plan] = (),
        amounts: Mapping[str, MoneyInput] | None = None,
        office: str = "",
        title: str = "参保确认书",
    ) -> ConfirmationCertificate:
        """The certificate of one application's policies (one per coverage activity).

        ``amounts`` gives each policy's amount by policy number; the total is
        their sum when every policy has one.
        """
        if not policies:
            raise LifecycleError("a confirmation certificate needs at least one policy")
        applications = {p.application_id for p in policies}
        if len(applications) > 1 or any(p.unit_id != unit.id for p in policies):
            raise LifecycleError(
                "a confirmation certificate covers one application of one unit",
                hint="Build one certificate per application.",
            )
        by_code = plans_by_code(plans)
        given = {k: yuan(v) for k, v in (amounts or {}).items()}
        lines: list[CertificateLine] = []
        rows: list[MemberRow] = []
        for policy in policies:
            plan = by_code.get(policy.plan_code)
            lines.append(
                CertificateLine(
                    policy.number,
                    policy.plan_code,
                    plan_name_of(by_code, policy.plan_code),
                    policy.coverage,
                    policy.headcount,
                    sum(pm.shares for pm in policy.members),
                    policy.effective_date,
                    given.get(policy.number),
                )
            )
            rows += MemberList.from_policy(policy, plan=plan, start=len(rows) + 1).rows
        amount = (
            total(line.amount for line in lines if line.amount is not None)
            if all(line.amount is not None for line in lines)
            else None
        )
        return cls(
            application_id=policies[0].application_id,
            unit=UnitParticulars.from_unit(unit),
            issued_on=issued_on,
            policy_lines=tuple(lines),
            headcount=len({pm.member.key for p in policies for pm in p.members}),
            amount=amount,
            members=MemberList("参保人员清单", tuple(rows)),
            office=office,
            title=title,
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The certificate's rows: unit, one block per activity, totals."""
        doc = self if reveal else self.masked()
        rows = [*unit_lines(doc.unit), ("参保单号", doc.application_id)]
        for n, line in enumerate(doc.policy_lines, start=1):
            rows += [
                (f"保障活动{n}", line.plan_name),
                (f"保障活动{n} 保单号", line.policy_number),
                (f"保障活动{n} 保障期限", period_text(line.coverage)),
                (f"保障活动{n} 生效日期", day_text(line.effective_date)),
                (f"保障活动{n} 参保人数", f"{line.headcount}人"),
                (f"保障活动{n} 参保份数", f"{line.shares}份"),
                (f"保障活动{n} 金额", money_text(line.amount)),
            ]
        rows += [
            ("参保总人数", f"{doc.headcount}人"),
            ("合计金额", money_text(doc.amount)),
            ("经办机构", doc.office),
            ("确认日期", day_text(doc.issued_on)),
        ]
        return tuple(rows)
