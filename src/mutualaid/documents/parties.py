"""The parts the forms share: the unit's particulars, the payee's account, how and who pays.

Layer 4.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from mutualaid.documents._text import mask_contact, money_text
from mutualaid.model import Contact, LabelledEnum, PaymentVoucher, Unit, UnitCodeKind, UnitType
from mutualaid.privacy import mask_account

__all__ = ["BankAccount", "Payer", "PaymentMethod", "UnitParticulars"]


class PaymentMethod(LabelledEnum):
    """缴费方式: how the money travels."""

    CORPORATE_TRANSFER = "corporate_transfer", "线下对公转账", "线下转账", "对公转账"
    CASH_DEPOSIT = "cash_deposit", "现金银行存款"


class Payer(LabelledEnum):
    """Who pays (Weihai's form ticks one): the unit for everyone, or each member."""

    UNIT = "unit", "单位统一缴费"
    MEMBER = "member", "个人缴费"


@attrs.frozen
class UnitParticulars:
    """The unit as a form prints it (单位信息).

    :param name: 单位名称(全称).
    :param code_kind: USCC or organization code.
    :param code: the code.
    :param unit_type: 单位性质 / 单位类型.
    :param affiliation: 所属区市 / 所属工会.
    :param address: 单位地址.
    :param union_chair: 工会主席 (name and mobile).
    :param handler: 经办人 / 联系人.
    :param email: 邮箱.
    :param unit_number: 单位编号.
    """

    name: str
    code_kind: UnitCodeKind
    code: str
    unit_type: UnitType | None = None
    affiliation: str = ""
    address: str = ""
    union_chair: Contact | None = None
    handler: Contact | None = None
    email: str = ""
    unit_number: str = ""

    @classmethod
    def from_unit(cls, unit: Unit) -> UnitParticulars:
        """The particulars of a model unit."""
        return cls(
            unit.name,
            unit.code_kind,
            unit.code,
            unit.unit_type,
            unit.union_affiliation or "",
            unit.address or "",
            unit.union_chair,
            unit.handler,
            unit.contact_email or "",
            unit.unit_number or "",
        )

    def masked(self) -> UnitParticulars:
        """Contacts' mobiles and ID numbers masked."""
        return attrs.evolve(
            self, union_chair=mask_contact(self.union_chair), handler=mask_contact(self.handler)
        )


@attrs.frozen
class BankAccount:
    """收款账户: the association's account a unit pays into (not personal data).

    :param holder: 户名.
    :param account: 账号.
    :param bank: 开户行.
    :param bank_code: 行号.
    """

    holder: str
    account: str
    bank: str
    bank_code: str = ""

    def __str__(self) -> str:
        parts = [f"户名: {self.holder}", f"账号: {self.account}", f"开户行: {self.bank}"]
        if self.bank_code:
            parts.append(f"行号: {self.bank_code}")
        return "; ".join(parts)


def mask_vouchers(vouchers: Sequence[PaymentVoucher]) -> tuple[PaymentVoucher, ...]:
    return tuple(attrs.evolve(v, payer_account=mask_account(v.payer_account)) for v in vouchers)


def voucher_lines(vouchers: Sequence[PaymentVoucher]) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for n, v in enumerate(vouchers, start=1):
        prefix = f"转账信息{n}" if len(vouchers) > 1 else "转账信息"
        lines += [
            (f"{prefix} 付款账号", v.payer_account),
            (f"{prefix} 付款时间", v.paid_on.isoformat()),
            (f"{prefix} 户名", v.payer_name),
            (f"{prefix} 转账金额", money_text(v.amount)),
            (f"{prefix} 银行回单内容", v.slip_text),
        ]
    return lines


def unit_lines(unit: UnitParticulars) -> list[tuple[str, str]]:
    return [
        ("单位名称", unit.name),
        ("证件类型及号码", f"{unit.code_kind.label} {unit.code}"),
        ("单位地址", unit.address),
    ]
