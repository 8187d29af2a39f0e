"""Invoice requests (开票申请 / 开票录入 / 提前开票申请).

A unit asks for an invoice for one or more paid (or, early, unpaid) policies
or applications. Early invoicing (Shenzhen) needs a stamped commitment letter;
a group's invoices are requested by the HQ (Guangdong); Linyi caps the amount
per member and stops invoicing after the settlement day. Guangdong's unit
uploads the e-policy it printed and stamped (盖章后的参保确认书) with the request.

>>> from datetime import date
>>> req = InvoiceRequest(
...     id="INV1",
...     unit_id="U1",
...     subject_ids=("CB1",),
...     title="山东大学",
...     taxpayer_code="12370000495570000A",
...     amount="60",
...     email="finance@example.cn",
...     requested_on=date(2025, 3, 1),
... )
>>> req.status.label, req.amount, req.needs_commitment_letter
('暂存', Decimal('60.00'), False)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from mutualaid.model._fields import non_negative_yuan
from mutualaid.model.material import Material
from mutualaid.model.states import InvoiceRequestStatus

__all__ = ["InvoiceRequest"]


@attrs.frozen
class InvoiceRequest:
    """One request for an invoice (发票).

    :param id: the host's identifier.
    :param unit_id: the requesting unit (the HQ for a group).
    :param subject_ids: the applications, endorsements or policies invoiced.
    :param title: 发票抬头 (the unit's full name).
    :param taxpayer_code: 纳税人识别号 / 统一社会信用代码.
    :param amount: 开票金额.
    :param email: where the electronic invoice is sent.
    :param requested_on: the request date (Linyi: none after the 25th's settlement).
    :param early: 提前开票: before the payment is confirmed.
    :param commitment_letter: the stamped commitment letter (承诺书) for an early invoice.
    :param stamped_confirmation: the downloaded e-policy, stamped (盖章后的参保确认书),
        uploaded with the request (Guangdong).
    :param status: :class:`~mutualaid.model.states.InvoiceRequestStatus`.
    :param invoice_number: the invoice's number once issued.
    """

    id: str
    unit_id: str
    subject_ids: tuple[str, ...]
    title: str
    taxpayer_code: str
    amount: Decimal = attrs.field(converter=non_negative_yuan)
    email: str
    requested_on: date
    early: bool = False
    commitment_letter: Material | None = None
    stamped_confirmation: Material | None = None
    status: InvoiceRequestStatus = InvoiceRequestStatus.DRAFT
    invoice_number: str | None = None
    version: int = 0

    @property
    def needs_commitment_letter(self) -> bool:
        """True for an early invoice whose commitment letter is not provided yet."""
        return self.early and (
            self.commitment_letter is None or not self.commitment_letter.provided
        )
