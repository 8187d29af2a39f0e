"""Payment notices (缴费通知单 / 缴款单) and the vouchers (缴费凭证) that pay them.

A payment notice says what a unit must pay for an application or an
endorsement; the unit transfers the money and records one or more vouchers
(Yiyang allows several); the association confirms arrival.

>>> from datetime import date
>>> notice = PaymentNotice(
...     number="JF1854696125211172864",
...     subject_id="CB20241108092137000001",
...     amount_due="60",
...     issued_on=date(2024, 11, 20),
... )
>>> voucher = PaymentVoucher("60", date(2024, 11, 21), "山东大学", "1245124124215411")
>>> voucher
PaymentVoucher(amount=Decimal('60.00'), paid_on=datetime.date(2024, 11, 21), payer_name='山东大学', payer_account='1245********5411', slip_text='', reference=None)
>>> paid = notice.with_voucher(voucher)
>>> paid.paid_total, paid.outstanding, paid.is_paid
(Decimal('60.00'), Decimal('0.00'), True)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from mutualaid.model._fields import masked_account, non_negative_yuan
from mutualaid.model.states import PaymentNoticeStatus
from mutualaid.money import ZERO, total

__all__ = ["PaymentNotice", "PaymentVoucher"]


@attrs.frozen
class PaymentVoucher:
    """Proof of one transfer (银行回单): the payer account is masked in ``repr``.

    :param amount: 转账金额.
    :param paid_on: 转账日期.
    :param payer_name: 付款户名 (must match the unit, or the payment is an exception).
    :param payer_account: 付款账号.
    :param slip_text: 银行回单内容 / 汇款用途 (should carry the notice number).
    :param reference: the host's reference to the uploaded image.
    """

    amount: Decimal = attrs.field(converter=non_negative_yuan)
    paid_on: date
    payer_name: str
    payer_account: str = attrs.field(repr=masked_account)
    slip_text: str = ""
    reference: str | None = None


@attrs.frozen
class PaymentNotice:
    """What a unit must pay, under a notice number.

    :param number: the notice number (``JF...``), to quote on the transfer.
    :param subject_id: the application or endorsement it is for.
    :param amount_due: 应缴金额.
    :param issued_on: when it was issued.
    :param status: :class:`~mutualaid.model.states.PaymentNoticeStatus`.
    :param vouchers: the vouchers recorded so far.
    :param arrival_date: when the money arrived (the policy takes effect the next day
      when this is after the reference effective date, Guangdong).
    :param unit_id: the paying unit.
    :param deferred_until: the agreed later payment date (延迟缴款申请).
    :param note: exception or return reasons (异常缴费信息).
    """

    number: str
    subject_id: str
    amount_due: Decimal = attrs.field(converter=non_negative_yuan)
    issued_on: date
    status: PaymentNoticeStatus = PaymentNoticeStatus.ISSUED
    vouchers: tuple[PaymentVoucher, ...] = ()
    arrival_date: date | None = None
    unit_id: str | None = None
    deferred_until: date | None = None
    note: str = ""
    version: int = 0

    @property
    def paid_total(self) -> Decimal:
        """The sum of the vouchers (已缴费用)."""
        return total(v.amount for v in self.vouchers)

    @property
    def outstanding(self) -> Decimal:
        """What is still to pay (never below zero)."""
        return max(self.amount_due - self.paid_total, ZERO)

    @property
    def is_paid(self) -> bool:
        """True when the vouchers cover the amount due."""
        return self.paid_total >= self.amount_due

    def with_voucher(self, voucher: PaymentVoucher) -> PaymentNotice:
        """The same notice with one more voucher (the status is the life cycle's business)."""
        return attrs.evolve(self, vouchers=(*self.vouchers, voucher))
