"""Domain events: small frozen values a host acts on after a transition.

The machines never send SMS, e-mail or print anything; they return events and
the host does the rest (e.g. on :class:`PaymentNoticeIssued` it sends the
payment-notice SMS that Guangdong's manual describes: "互助会审核过后，发送短信缴款通知").

>>> from datetime import datetime
>>> from decimal import Decimal
>>> ev = PaymentNoticeIssued(
...     subject_id="JF0000000001", at=datetime(2025, 3, 8, 9, 0), actor="office",
...     application_id="A1", unit_id="U1", amount_due=Decimal("600.00"),
... )
>>> ev.name
'payment_notice_issued'
>>> isinstance(ev, Event)
True

Layer 4.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import attrs

from mutualaid.model.unit import Contact

__all__ = [
    "ApplicationApproved",
    "ApplicationCancelled",
    "ApplicationClosed",
    "ApplicationEvent",
    "ApplicationReturned",
    "ApplicationSubmitted",
    "ApplicationWithdrawn",
    "EndorsementEffective",
    "Event",
    "GroupPartOpened",
    "GroupPartReturned",
    "GroupPartSubmitted",
    "GroupSubmitted",
    "InvoiceIssued",
    "InvoiceRequestReturned",
    "MaterialsRequested",
    "PaymentConfirmed",
    "PaymentDeferred",
    "PaymentExceptionRaised",
    "PaymentNoticeIssued",
    "PolicyEffective",
    "RenewalDue",
    "UnitLinkConfirmed",
    "UnitLinkRequested",
    "UnitRegistered",
    "UnitRegistrationReturned",
]


@attrs.frozen(kw_only=True)
class Event:
    """Base of every domain event: which entity, when and who.

    :param subject_id: the identifier of the entity the event is about.
    :param at: when the transition happened.
    :param actor: who made it happen.
    """

    subject_id: str
    at: datetime
    actor: str = ""

    @property
    def name(self) -> str:
        """The event's name in snake case (``"payment_notice_issued"``), for hosts' routing."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()


# --- unit registration --------------------------------------------------------


@attrs.frozen(kw_only=True)
class UnitRegistered(Event):
    """Registration approved: the host sends the unit number / username by SMS (Linyi, Weihai)."""

    unit_number: str = ""
    username: str = ""


@attrs.frozen(kw_only=True)
class UnitRegistrationReturned(Event):
    """Registration (or a change) returned by the office with reasons."""

    reasons: str = ""


@attrs.frozen(kw_only=True)
class UnitLinkRequested(Event):
    """One side asked for a parent/subsidiary link; the other side must confirm."""

    parent_id: str = ""
    subsidiary_id: str = ""
    confirm_by: str = ""


@attrs.frozen(kw_only=True)
class UnitLinkConfirmed(Event):
    """The other side confirmed a parent/subsidiary link."""

    parent_id: str = ""
    subsidiary_id: str = ""


# --- applications -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ApplicationEvent(Event):
    """Base of the events about an application: which unit it belongs to."""

    unit_id: str = ""


@attrs.frozen(kw_only=True)
class ApplicationSubmitted(ApplicationEvent):
    """An application reached the office's work pool (待审核)."""


@attrs.frozen(kw_only=True)
class ApplicationReturned(ApplicationEvent):
    """The office returned an application with feedback (审核未通过 / 退回)."""

    feedback: str = ""


@attrs.frozen(kw_only=True)
class ApplicationWithdrawn(ApplicationEvent):
    """The unit withdrew its submission (撤回)."""


@attrs.frozen(kw_only=True)
class ApplicationCancelled(ApplicationEvent):
    """The application was cancelled (撤单)."""


@attrs.frozen(kw_only=True)
class ApplicationApproved(ApplicationEvent):
    """Review passed; the next step is payment (or printing the group application form)."""

    next_step: str = ""


@attrs.frozen(kw_only=True)
class MaterialsRequested(ApplicationEvent):
    """The unit must hand in offline materials (Yiyang: 线下递交材料)."""

    materials: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ApplicationClosed(ApplicationEvent):
    """The business is complete (办结)."""


# --- payment ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PaymentNoticeIssued(Event):
    """A payment notice was issued: the host sends the SMS with its number and amount."""

    application_id: str = ""
    unit_id: str = ""
    amount_due: Decimal = Decimal("0.00")


@attrs.frozen(kw_only=True)
class PaymentDeferred(Event):
    """A deferred payment request was granted; pay by ``pay_by``."""

    pay_by: date | None = None


@attrs.frozen(kw_only=True)
class PaymentExceptionRaised(Event):
    """The finance office flagged a payment exception; the unit must confirm with materials."""

    reason: str = ""


@attrs.frozen(kw_only=True)
class PaymentConfirmed(Event):
    """The association confirmed the money arrived: "短信通知参保成功"."""

    arrival_date: date | None = None
    amount_paid: Decimal = Decimal("0.00")


# --- invoices, policies, groups ---------------------------------------------------------


@attrs.frozen(kw_only=True)
class InvoiceIssued(Event):
    """An invoice was issued; the host e-mails it (Linyi: 发票发送至邮箱)."""

    invoice_number: str = ""
    email: str = ""


@attrs.frozen(kw_only=True)
class InvoiceRequestReturned(Event):
    """An invoice request was returned with reasons."""

    reasons: str = ""


@attrs.frozen(kw_only=True)
class PolicyEffective(Event):
    """A policy took effect (the association set the effective time, or payment confirmed)."""

    effective_date: date | None = None


@attrs.frozen(kw_only=True)
class RenewalDue(Event):
    """A policy's coverage ends soon: the host texts the unit's handler to renew (续保短信通知).

    :param window_start: the first day of the reminder window (``coverage_end``
        less the pack's ``renewal.notice_days``): one reminder per policy and window.
    :param handler: whom to text, the unit's handler (经办人) when it gave one
        (its mobile masked in ``repr``).
    """

    unit_id: str = ""
    plan_code: str = ""
    coverage_end: date | None = None
    window_start: date | None = None
    handler: Contact | None = None


@attrs.frozen(kw_only=True)
class EndorsementEffective(Event):
    """An endorsement took effect: its members are on the policy from ``effective_date``."""

    policy_number: str = ""
    effective_date: date | None = None


@attrs.frozen(kw_only=True)
class GroupPartReturned(Event):
    """The parent unit returned one subsidiary's part of a group enrolment."""

    subsidiary_id: str = ""
    feedback: str = ""


@attrs.frozen(kw_only=True)
class GroupSubmitted(Event):
    """The parent submitted the whole group enrolment to the association."""

    parent_id: str = ""


@attrs.frozen(kw_only=True)
class GroupPartOpened(Event):
    """The parent's group plan reached a subsidiary (下发至各下属单位): it may fill its part."""

    group_id: str = ""
    parent_id: str = ""
    subsidiary_id: str = ""
    deadline: date | None = None


@attrs.frozen(kw_only=True)
class GroupPartSubmitted(Event):
    """A subsidiary submitted its part to the parent (提交至集团审核)."""

    group_id: str = ""
    subsidiary_id: str = ""
