"""The payment notice (缴费通知单 / 缴款单 / 缴费通知书) as a printed document.

Layer 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

import attrs

from mutualaid.documents._text import day_text, money_text, period_text, plan_name_of, plans_by_code
from mutualaid.documents.document import Document
from mutualaid.documents.parties import (
    BankAccount,
    PaymentMethod,
    UnitParticulars,
    voucher_lines,
)
from mutualaid.errors import LifecycleError
from mutualaid.model import (
    Application,
    CoveragePeriod,
    Endorsement,
    PaymentNotice,
    PaymentVoucher,
    Plan,
    Unit,
)

__all__ = ["PaymentNoticeDocument"]


@attrs.frozen
class PaymentNoticeDocument(Document):
    """缴费通知单 / 缴款单 / 缴费通知书: what to pay, to whom, quoting which number.

    >>> from datetime import date
    >>> from mutualaid.model import Application, PaymentNotice, Unit, UnitCodeKind
    >>> unit = Unit("U1", "山东大学", UnitCodeKind.USCC, "12370000495570000A", address="具体地址")
    >>> app = Application("CB20241108092137000001", "U1", "yiyang")
    >>> notice = PaymentNotice("JF1854696125211172864", app.id, "60", date(2024, 11, 20))
    >>> doc = PaymentNoticeDocument.from_notice(notice, unit=unit, subject=app,
    ...     plan_names=("2025省帮扶中心职工医疗互助活动",), headcount=1,
    ...     payee=BankAccount("省职工互助会", "1234 5678 9012 3456 789", "中国工商银行呼和浩特巨海城第二支行", "1021 9100 0790"),
    ...     notes="不允许现金及个人打款")
    >>> for label, value in doc.lines():
    ...     print(f"{label}: {value}")
    缴费通知单号: JF1854696125211172864
    参保单号: CB20241108092137000001
    保障计划: 2025省帮扶中心职工医疗互助活动
    单位名称: 山东大学
    单位地址: 具体地址
    参保人数: 1人
    应缴会费: 60.00元
    缴费方式: 线下对公转账
    收款账户: 户名: 省职工互助会; 账号: 1234 5678 9012 3456 789; 开户行: 中国工商银行呼和浩特巨海城第二支行; 行号: 1021 9100 0790
    汇款用途: JF1854696125211172864
    缴费说明: 不允许现金及个人打款
    通知日期: 2024年11月20日
    """

    notice_number: str
    subject_id: str
    issued_on: date
    unit: UnitParticulars
    plan_names: tuple[str, ...]
    headcount: int
    amount_due: Decimal
    payment_method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER
    payee: BankAccount | None = None
    remittance_note: str = ""
    notes: str = ""
    coverage: CoveragePeriod | None = None
    vouchers: tuple[PaymentVoucher, ...] = ()
    paid_total: Decimal = Decimal("0.00")
    title: str = "缴费通知单"

    @classmethod
    def from_notice(
        cls,
        notice: PaymentNotice,
        *,
        unit: Unit,
        subject: Application | Endorsement,
        plans: Iterable[Plan] | Mapping[str, Plan] = (),
        plan_names: Sequence[str] | None = None,
        headcount: int | None = None,
        payee: BankAccount | None = None,
        method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER,
        notes: str = "",
        title: str = "缴费通知单",
    ) -> PaymentNoticeDocument:
        """The notice for an application or an endorsement.

        Plan names come from ``plans`` (by code) unless given; the headcount
        from the subject's roster(s) unless given. The remittance note (汇款用途)
        is the notice number, as Guangdong asks.
        """
        if subject.id != notice.subject_id:
            raise LifecycleError(
                f"payment notice {notice.number} is for {notice.subject_id!r}, not {subject.id!r}",
                hint="Give the application or endorsement the notice was issued for.",
            )
        by_code = plans_by_code(plans)
        codes = (
            subject.plan_codes if isinstance(subject, Application) else (subject.roster.plan_code,)
        )
        names = (
            tuple(plan_names)
            if plan_names is not None
            else tuple(plan_name_of(by_code, c) for c in codes)
        )
        coverage = next((by_code[c].coverage for c in codes if c in by_code), None)
        return cls(
            notice_number=notice.number,
            subject_id=notice.subject_id,
            issued_on=notice.issued_on,
            unit=UnitParticulars.from_unit(unit),
            plan_names=names,
            headcount=subject.headcount if headcount is None else headcount,
            amount_due=notice.amount_due,
            payment_method=method,
            payee=payee,
            remittance_note=notice.number,
            notes=notes,
            coverage=coverage,
            vouchers=notice.vouchers,
            paid_total=notice.paid_total,
            title=title,
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The notice's rows."""
        doc = self if reveal else self.masked()
        rows = [
            ("缴费通知单号", doc.notice_number),
            ("参保单号", doc.subject_id),
            ("保障计划", "、".join(doc.plan_names)),
            ("单位名称", doc.unit.name),
            ("单位地址", doc.unit.address),
            ("参保人数", f"{doc.headcount}人"),
            ("应缴会费", money_text(doc.amount_due)),
            ("缴费方式", doc.payment_method.label),
        ]
        if doc.coverage is not None:
            rows.insert(3, ("保障期限", period_text(doc.coverage)))
        if doc.payee is not None:
            rows.append(("收款账户", str(doc.payee)))
        rows.append(("汇款用途", doc.remittance_note))
        if doc.notes:
            rows.append(("缴费说明", doc.notes))
        if doc.vouchers:
            rows += voucher_lines(doc.vouchers)
            rows.append(("已缴费用", money_text(doc.paid_total)))
        rows.append(("通知日期", day_text(doc.issued_on)))
        return tuple(rows)
