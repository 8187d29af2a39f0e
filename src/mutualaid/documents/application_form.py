"""The group application form (团体申请表, Weihai; 缴费申请单, Yiyang) as a printed document.

Layer 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

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
from mutualaid.documents.parties import Payer, PaymentMethod, UnitParticulars, voucher_lines
from mutualaid.errors import LifecycleError
from mutualaid.model import Application, CoveragePeriod, PaymentVoucher, Plan, Unit
from mutualaid.money import MoneyInput, format_yuan, multiply, yuan

__all__ = ["GroupApplicationForm"]


@attrs.frozen
class GroupApplicationForm(Document):
    """团体申请表 (Weihai) / 缴费申请单 (Yiyang): the form a unit stamps and hands in.

    :param contribution: 会员个人缴费标准 / 每人金额: the member's part per share.
    :param amount_due: 缴费总金额 / 总金额.
    :param payer: who pays (Weihai's tick box).
    :param vouchers: 转账信息 (Yiyang's form prints the transfers).
    :param office: 代办处 (Yiyang).
    :param channel: 受理渠道 (``"单位录入"``).
    :param remarks: 备注.
    :param members: the member list printed with the form (打印人员名单).
    """

    application_id: str
    applied_on: date
    unit: UnitParticulars
    plan_code: str
    plan_name: str
    coverage: CoveragePeriod | None
    contribution: Decimal
    headcount: int
    shares: int
    amount_due: Decimal
    members: MemberList
    payer: Payer = Payer.UNIT
    payment_method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER
    vouchers: tuple[PaymentVoucher, ...] = ()
    office: str = ""
    channel: str = "单位录入"
    remarks: str = ""
    title: str = ""

    @classmethod
    def from_application(
        cls,
        application: Application,
        *,
        unit: Unit,
        plan: Plan,
        applied_on: date,
        amount_due: MoneyInput | None = None,
        contribution: MoneyInput | None = None,
        payer: Payer = Payer.UNIT,
        method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER,
        vouchers: Sequence[PaymentVoucher] = (),
        office: str = "",
        channel: str = "单位录入",
        title: str | None = None,
    ) -> GroupApplicationForm:
        """The form of the application's line for ``plan``.

        The contribution defaults to the member's part of the line's tier (the
        plan's only tier when the line names none); the amount due to that
        contribution times the roster's shares. A pack that prices otherwise
        (high-risk members, gift plans) gives ``amount_due``.
        """
        line = application.line(plan.code)
        if contribution is None:
            tier = plan.tier(line.tier_code) if line.tier_code else only_tier(plan)
            per_share = tier.contribution.member
        else:
            per_share = yuan(contribution)
        due = multiply(per_share, line.roster.shares) if amount_due is None else yuan(amount_due)
        return cls(
            application_id=application.id,
            applied_on=applied_on,
            unit=UnitParticulars.from_unit(unit),
            plan_code=plan.code,
            plan_name=plan.name,
            coverage=plan.coverage,
            contribution=per_share,
            headcount=line.headcount,
            shares=line.roster.shares,
            amount_due=due,
            members=MemberList.from_roster(line.roster, plan=plan),
            payer=payer,
            payment_method=method,
            vouchers=tuple(vouchers),
            office=office,
            channel=channel,
            remarks=application.remarks,
            title=title if title is not None else f"{plan.name}团体申请表",
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The form's rows, Weihai's order first, Yiyang's extra rows after."""
        doc = self if reveal else self.masked()
        u = doc.unit
        rows = [
            ("单位名称全称(盖章)", u.name),
            ("所属区市", u.affiliation),
            ("单位性质", u.unit_type.label if u.unit_type is not None else ""),
            ("证件类型及号码", f"{u.code_kind.label} {u.code}"),
            ("工会主席姓名", contact_name(u.union_chair)),
            ("联系方式", contact_mobile(u.union_chair)),
            ("经办人姓名", contact_name(u.handler)),
            ("经办人联系方式", contact_mobile(u.handler)),
            ("申请单位地址", u.address),
            ("申请日期", day_text(doc.applied_on)),
            ("会员个人缴费标准(元/人)", f"{format_yuan(doc.contribution)}元/人/份"),
            ("参保人数", f"{doc.headcount}人"),
            ("缴费总金额", money_text(doc.amount_due)),
            ("缴费方式", f"{doc.payer.label}（{doc.payment_method.label}）"),
            ("参保单号", doc.application_id),
            ("保障计划", doc.plan_name),
            ("保障期限", period_text(doc.coverage)),
            ("受理渠道", doc.channel),
        ]
        if doc.office:
            rows.append(("代办处", doc.office))
        rows.append(("备注", doc.remarks))
        rows += voucher_lines(doc.vouchers)
        return tuple(rows)


def only_tier(plan: Plan) -> Any:
    if len(plan.tiers) != 1:
        raise LifecycleError(
            f"plan {plan.code} has {len(plan.tiers)} tiers and the line names none",
            hint="Give the application line a tier_code, or pass contribution=.",
        )
    return plan.tiers[0]
