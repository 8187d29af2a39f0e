"""Payment (缴费): notices, vouchers, confirmation, deferral, exceptions, effective dates.

A payment notice (缴费通知单) is issued with a number from the region's
scheme; the unit pays and records vouchers (amount, date, payer name and
account, slip text); their sum is checked against the amount due to the fen;
the association confirms the arrival date, from which the effective date
follows by the pack's rule (:func:`effective_date` asks the pack; the life
cycle keeps no copy of the rule). Nothing is confirmed without money on record: vouchers summing to the
amount due, or, where no voucher records the transfer (Guangdong, Linyi, a
Weihai unit without an e-seal), the ``amount_received`` the office states.

>>> from datetime import date, datetime
>>> from decimal import Decimal
>>> from mutualaid.model.payment import PaymentVoucher
>>> from mutualaid.rules.flows import NumberScheme, PaymentFlow
>>> yiyang = PaymentFlow(notice_number=NumberScheme("JF", 19), several_vouchers=True)
>>> out = issue_notice(yiyang, counter=1854696125211172864, subject_id="CB1",
...                    unit_id="U1", amount_due=Decimal("60"), at=datetime(2024, 11, 20, 9, 0))
>>> notice = out.entity
>>> notice.number, notice.status.label, out.events[0].name
('JF1854696125211172864', '待缴费', 'payment_notice_issued')
>>> m = payment_machine(yiyang)
>>> at = datetime(2024, 11, 21, 10, 0)
>>> v = PaymentVoucher(Decimal("40"), date(2024, 11, 21), "山东大学", "1245124124215411")
>>> notice = m.apply(notice, "add_voucher", actor="U1", at=at, voucher=v).entity
>>> check_vouchers(notice.amount_due, notice.vouchers)
PaymentCheck(due=Decimal('60.00'), paid=Decimal('40.00'), difference=Decimal('-20.00'))
>>> m.apply(notice, "submit_vouchers", actor="U1", at=at)
Traceback (most recent call last):
...
mutualaid.errors.GuardFailed: payment_notice JF1854696125211172864: 'submit_vouchers' blocked: 已缴费用40.00元少于应缴金额60.00元，还差20.00元 [payment.underpaid]

The effective date is the pack's answer; without a pack there is none to give:

>>> from mutualaid.model.application import Application
>>> from mutualaid.model.kinds import PlanKind
>>> from mutualaid.model.plan import Contribution, CoveragePeriod, Plan, Tier
>>> plan = Plan("M", "职工住院医疗互助", next(iter(PlanKind)), CoveragePeriod.calendar_year(2025),
...             (Tier("T60", "60元档位", Contribution("60")),))
>>> effective_date(Application("A1", "U1", "guangdong"), plan, payment_arrival=date(2025, 4, 2), rules=None)
Traceback (most recent call last):
...
mutualaid.errors.LifecycleError: A1: no rule pack to ask for the effective date (Pass the region's rule pack view (rules=RuleEngine...pack(region=...)); the life cycle keeps no copy of the effective-date rule.)

Layer 4.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from mutualaid.deprecation import UNSET, renamed_keyword
from mutualaid.errors import LifecycleError
from mutualaid.lifecycle.events import (
    Event,
    PaymentConfirmed,
    PaymentDeferred,
    PaymentExceptionRaised,
    PaymentNoticeIssued,
)
from mutualaid.lifecycle.guards import note_required
from mutualaid.lifecycle.machine import Attempt, Machine, Outcome, Transition
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model.application import Application
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.payment import PaymentNotice, PaymentVoucher
from mutualaid.model.plan import Plan
from mutualaid.model.policy import Policy
from mutualaid.model.states import ApplicationStatus
from mutualaid.model.states import PaymentNoticeStatus as P
from mutualaid.model.unit import Unit
from mutualaid.money import ZERO, total, yuan
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import PaymentFlow
from mutualaid.rules.results import EffectiveDate

__all__ = [
    "MAX_DEFERRAL_DAYS",
    "NOTICE_STATES",
    "OPEN",
    "PaymentCheck",
    "check_vouchers",
    "effective_date",
    "issue_notice",
    "notice_for_application",
    "notice_for_endorsement",
    "notice_for_quote",
    "paid_by",
    "payment_machine",
    "voucher_warnings",
]


# --- sums ----------------------------------------------------------------------


@attrs.frozen
class PaymentCheck:
    """The vouchers' sum against the amount due, exact to the fen.

    >>> c = check_vouchers(Decimal("100.00"), [])
    >>> c.status, c.difference
    ('under', Decimal('-100.00'))
    """

    due: Decimal
    paid: Decimal
    difference: Decimal

    @property
    def status(self) -> str:
        """``"exact"``, ``"under"`` (少缴) or ``"over"`` (多缴)."""
        if self.difference == ZERO:
            return "exact"
        return "under" if self.difference < ZERO else "over"

    def reasons(self) -> tuple[Finding, ...]:
        """The reasons an inexact sum blocks submission or confirmation."""
        if self.status == "under":
            return (
                Finding.error(
                    "payment.underpaid",
                    f"已缴费用{self.paid}元少于应缴金额{self.due}元，还差{-self.difference}元",
                ),
            )
        if self.status == "over":
            return (
                Finding.error(
                    "payment.overpaid",
                    f"已缴费用{self.paid}元多于应缴金额{self.due}元，多缴{self.difference}元",
                ),
            )
        return ()


def check_vouchers(amount_due: Decimal, vouchers: Iterable[PaymentVoucher]) -> PaymentCheck:
    """Sum the vouchers (exact Decimal) and compare with the amount due."""
    due = yuan(amount_due)
    paid = total(v.amount for v in vouchers)
    return PaymentCheck(due, paid, paid - due)


def voucher_warnings(notice: PaymentNotice, unit: Unit | None = None) -> tuple[Finding, ...]:
    """Things the finance office looks at (none blocks): possible payment exceptions.

    * the payer name differs from the unit's name (异常缴费: "缴款账户和参保单位信息不一致");
    * the slip text does not quote the notice number ("银行汇款时请在汇款用途栏填写缴款单号");
    * a voucher dated before the notice was issued.

    >>> from mutualaid.model.kinds import UnitCodeKind
    >>> n = PaymentNotice("JK1", "A1", Decimal("10"), date(2025, 3, 1),
    ...     vouchers=(PaymentVoucher(Decimal("10"), date(2025, 3, 2), "张三", "6222020000000000", "会费"),))
    >>> u = Unit("U1", "某公司", UnitCodeKind.USCC, "91371000MA3C0000XF")
    >>> [r.code for r in voucher_warnings(n, u)]
    ['payment.payer_differs', 'payment.slip_without_number']
    """
    out: list[Finding] = []
    for n, v in enumerate(notice.vouchers, 1):
        if unit is not None and v.payer_name.strip() != unit.name.strip():
            out.append(
                Finding.warning(
                    "payment.payer_differs", f"第{n}张凭证付款户名“{v.payer_name}”与单位名称不一致"
                )
            )
        if notice.number not in v.slip_text:
            out.append(
                Finding.warning(
                    "payment.slip_without_number", f"第{n}张凭证的汇款用途未填写缴款单号"
                )
            )
        if v.paid_on < notice.issued_on:
            out.append(
                Finding.warning(
                    "payment.paid_before_notice", f"第{n}张凭证的转账日期早于缴费通知单"
                )
            )
    return tuple(out)


# --- issuing ------------------------------------------------------------------------

#: Application states in which a payment notice may be issued: approved, not yet paid
#: (待缴费; Linyi's invoice entry comes first, then payment).
NOTICE_STATES = (
    ApplicationStatus.AWAITING_PAYMENT,
    ApplicationStatus.AWAITING_INVOICE_ENTRY,
    ApplicationStatus.PAYMENT_SUBMITTED,
)


def issue_notice(
    flow: PaymentFlow,
    *,
    counter: int,
    subject_id: str,
    unit_id: str | None,
    amount_due: Decimal,
    at: datetime,
    actor: str = "system",
    priced_on: date | None = None,
) -> Outcome[PaymentNotice]:
    """Issue a payment notice for an amount the caller gives, numbered by the region's scheme.

    Returns an :class:`~mutualaid.lifecycle.machine.Outcome`: the notice
    (version 0), an ``issue`` audit record (from no state) and the
    :class:`~mutualaid.lifecycle.events.PaymentNoticeIssued` event the host
    turns into the SMS ("发送短信缴款通知"). Replay starts from this notice.

    With a rule pack, use :func:`notice_for_application` or
    :func:`notice_for_endorsement` (and
    :func:`~mutualaid.lifecycle.group.notice_for_group`): they take the amount
    from the pack's pricing. This function is for an amount that no pack
    prices: a host running without a rule pack, or a notice carried over from
    another system with the amount that system charged.

    :param priced_on: the day the pack priced the amount (recorded), if it did.
    """
    number = flow.notice_number.format(counter, at)
    notice = PaymentNotice(
        number=number,
        subject_id=subject_id,
        amount_due=yuan(amount_due),
        issued_on=at.date(),
        unit_id=unit_id,
    )
    record = AuditRecord(
        kind="payment_notice",
        subject_id=number,
        actor=actor,
        at=at,
        action="issue",
        from_state="",
        to_state=P.ISSUED.value,
        params={"amount_due": notice.amount_due, "subject_id": subject_id}
        | ({"priced_on": priced_on} if priced_on else {}),
        version=0,
    )
    event = PaymentNoticeIssued(
        subject_id=number,
        at=at,
        actor=actor,
        application_id=subject_id,
        unit_id=unit_id or "",
        amount_due=notice.amount_due,
    )
    return Outcome(notice, record, (event,))


def notice_for_quote(
    flow: PaymentFlow,
    quote: Any,
    *,
    subject_id: str,
    unit_id: str | None,
    counter: int,
    at: datetime,
    priced_on: date,
    actor: str = "system",
) -> Outcome[PaymentNotice]:
    """Issue a payment notice for a pack's :class:`~mutualaid.rules.results.Quote` (its ``amount_due``).

    What :func:`notice_for_application`, :func:`notice_for_endorsement` and
    :func:`~mutualaid.lifecycle.group.notice_for_group` share. The amount is
    what the unit pays: the whole contribution, or the member part only when
    the pack's ``payment.amount_basis`` says ``"member_part"`` (Weihai).

    :raises LifecycleError: the quote's amount due is nothing (an empty roster).
    """
    amount: Decimal = quote.amount_due
    if amount <= ZERO:
        raise LifecycleError(
            f"{subject_id}: the pack prices it at {amount}; there is nothing to pay",
            hint="Import the roster (or check the plan's contribution) before issuing a notice.",
        )
    return issue_notice(
        flow,
        counter=counter,
        subject_id=subject_id,
        unit_id=unit_id,
        amount_due=amount,
        at=at,
        actor=actor,
        priced_on=priced_on,
    )


def notice_for_application(
    flow: PaymentFlow,
    application: Application,
    rules: Any,
    *,
    counter: int,
    at: datetime,
    on: date | None = None,
    actor: str = "system",
) -> Outcome[PaymentNotice]:
    """Issue the payment notice of an application, for the amount the pack prices.

    The amount is ``rules.price_application(application, on).amount_due`` (exact
    Decimal), priced on ``on`` (default: the day of issue); the audit record
    keeps that day. ``rules`` is the pack's
    :class:`~mutualaid.rules.engine.PackView`.

    :raises LifecycleError: the pack prices the application at nothing (an
        empty roster), or the application is not reviewed and approved
        (:data:`NOTICE_STATES`: a notice for an unreviewed application is refused).
    """
    if application.status not in NOTICE_STATES:
        raise LifecycleError(
            f"application {application.id} is {application.status.value}; "
            "a payment notice is issued once it is approved (待缴费)",
            hint="Review and approve the application first.",
            code="payment.application_not_approved",
        )
    day = on or at.date()
    return notice_for_quote(
        flow,
        rules.price_application(application, day),
        subject_id=application.id,
        unit_id=application.unit_id,
        counter=counter,
        at=at,
        priced_on=day,
        actor=actor,
    )


def notice_for_endorsement(
    flow: PaymentFlow,
    endorsement: Endorsement,
    policy: Policy,
    rules: Any,
    *,
    counter: int,
    at: datetime,
    actor: str = "system",
) -> Outcome[PaymentNotice]:
    """Issue the payment notice of an endorsement, for the amount the pack prices.

    The amount is ``rules.price_endorsement(endorsement, policy, on).amount_due``
    on the endorsement's effective date (the pack says full period or pro
    rata: ``endorsement.pro_rata``).
    """
    day = endorsement.effective_date
    return notice_for_quote(
        flow,
        rules.price_endorsement(endorsement, policy, day),
        subject_id=endorsement.id,
        unit_id=endorsement.unit_id,
        counter=counter,
        at=at,
        priced_on=day,
        actor=actor,
    )


def paid_by(
    notice: PaymentNotice,
    subject_id: str,
    subject: str,
    *,
    arrival_date: date | None = None,
    notice_number: str | None = None,
) -> Iterator[Finding]:
    """Why ``notice`` does not show the money of ``subject_id`` arrived (none: it does).

    The notice must be the subject's and confirmed on the payment machine
    (which checked the money against the amount due to the fen); an
    ``arrival_date`` or ``notice_number`` the host passes must be the notice's.
    ``subject`` names the kind in the messages (参保单, 保全单). Used by the
    application's and the endorsement's ``confirm_payment``.

    >>> n = PaymentNotice("JF1", "A1", Decimal("60"), date(2025, 3, 1))
    >>> [r.code for r in paid_by(n, "A1", "参保单")]
    ['payment.notice_not_confirmed']
    """
    if notice.subject_id != subject_id:
        yield Finding.error(
            "payment.notice_other_subject",
            f"缴费通知单{notice.number}是{notice.subject_id}的，不是{subject}{subject_id}的",
        )
        return
    if notice.status is not P.CONFIRMED:
        yield Finding.error(
            "payment.notice_not_confirmed",
            f"缴费通知单{notice.number}尚未确认到账（{notice.status.label}）",
        )
        return
    if notice_number is not None and notice_number != notice.number:
        yield Finding.error(
            "payment.notice_number_mismatch",
            f"缴费通知单号{notice_number}与{subject}{subject_id}的缴费通知单{notice.number}不符",
        )
    if arrival_date is not None and arrival_date != notice.arrival_date:
        yield Finding.error(
            "payment.arrival_date_mismatch",
            f"到账日期{arrival_date}与缴费通知单{notice.number}确认的到账日期{notice.arrival_date}不符",
        )


# --- the machine ------------------------------------------------------------------------


def _add_voucher(notice: PaymentNotice, attempt: Attempt[PaymentNotice]) -> PaymentNotice:
    return notice.with_voucher(attempt.params["voucher"])


def _remove_voucher(notice: PaymentNotice, attempt: Attempt[PaymentNotice]) -> PaymentNotice:
    index = int(attempt.params["index"])
    return attrs.evolve(notice, vouchers=notice.vouchers[:index] + notice.vouchers[index + 1 :])


def _index_exists(attempt: Attempt[PaymentNotice]) -> Iterator[Finding]:
    index = attempt.params.get("index")
    if not isinstance(index, int) or not 0 <= index < len(attempt.entity.vouchers):
        yield Finding.error("payment.no_such_voucher", "没有这张缴费凭证")


def _one_voucher_only(attempt: Attempt[PaymentNotice]) -> Iterator[Finding]:
    if attempt.entity.vouchers:
        yield Finding.error(
            "payment.one_voucher_only", "本地区每张缴费通知单只能上传一张缴费凭证，请先删除原凭证"
        )


def _sum_matches(attempt: Attempt[PaymentNotice]) -> Iterator[Finding]:
    notice = attempt.entity
    if not notice.vouchers:
        yield Finding.error("payment.no_vouchers", "请先上传缴费凭证")
        return
    yield from check_vouchers(notice.amount_due, notice.vouchers).reasons()


def _exception_money(attempt: Attempt[PaymentNotice]) -> Iterator[Finding]:
    """The remittance materials of an exception: the vouchers, with the new one, sum to the amount due."""
    voucher = attempt.params.get("voucher")
    vouchers = (*attempt.entity.vouchers, *((voucher,) if voucher is not None else ()))
    if not vouchers:
        yield Finding.error("payment.no_vouchers", "请上传汇款材料（缴费凭证）")
        return
    yield from check_vouchers(attempt.entity.amount_due, vouchers).reasons()


def _money_recorded(attempt: Attempt[PaymentNotice]) -> Iterator[Finding]:
    """Confirmation needs money on record: vouchers summing to the amount due, or the
    ``amount_received`` the office states when no voucher records the transfer; each one
    given must match the amount due to the fen."""
    notice = attempt.entity
    received = attempt.params.get("amount_received")
    if notice.vouchers:
        yield from check_vouchers(notice.amount_due, notice.vouchers).reasons()
    elif received is None:
        yield Finding.error(
            "payment.amount_received_missing", "没有缴费凭证，请填写实际到账金额后再确认到账"
        )
    if received is not None:
        yield from PaymentCheck(
            notice.amount_due, yuan(received), yuan(received) - notice.amount_due
        ).reasons()
    arrival = attempt.params.get("arrival_date")
    if isinstance(arrival, date) and arrival < notice.issued_on:
        yield Finding.error("payment.arrival_before_notice", "到账日期不能早于缴费通知单的签发日期")


#: The pack parameter bounding a deferred payment: the most days after the notice's issue.
MAX_DEFERRAL_DAYS = "payment.max_deferral_days"


def _pay_by_later(attempt: Attempt[PaymentNotice]) -> Iterator[Finding]:
    """The guard on ``defer`` (延迟缴款申请): after the issue, within the pack's bound.

    Guangdong (seed 001, 六（四）): 「允许单位在政策允许范围内，申请延期缴纳参保费用」;
    the range is the pack's ``payment.max_deferral_days`` (fact ``rules``).
    """
    rules = attempt.context.need("rules", attempt.action)
    pay_by = attempt.params.get("pay_by")
    issued = attempt.entity.issued_on
    if not isinstance(pay_by, date) or pay_by <= issued:
        yield Finding.error("payment.pay_by_invalid", "延迟缴款日期须晚于缴费通知单的签发日期")
        return
    limit = int(rules.param(MAX_DEFERRAL_DAYS, attempt.at.date()))
    if (pay_by - issued).days > limit:
        yield Finding.error(
            "payment.deferral_too_long",
            f"延迟缴款日期{pay_by}超出政策允许范围（签发后{limit}日内）",
        )


def _confirm(notice: PaymentNotice, attempt: Attempt[PaymentNotice]) -> PaymentNotice:
    return attrs.evolve(notice, arrival_date=attempt.params["arrival_date"], note=attempt.note)


def _defer(notice: PaymentNotice, attempt: Attempt[PaymentNotice]) -> PaymentNotice:
    return attrs.evolve(notice, deferred_until=attempt.params["pay_by"])


def _note(notice: PaymentNotice, attempt: Attempt[PaymentNotice]) -> PaymentNotice:
    return attrs.evolve(notice, note=attempt.note)


def _exception_materials(notice: PaymentNotice, attempt: Attempt[PaymentNotice]) -> PaymentNotice:
    voucher = attempt.params.get("voucher")
    changed = notice.with_voucher(voucher) if voucher is not None else notice
    return attrs.evolve(changed, note=attempt.note or changed.note)


def _confirmed_event(
    before: PaymentNotice, after: PaymentNotice, a: Attempt[PaymentNotice]
) -> tuple[Event]:
    received = a.params.get("amount_received")
    return (
        PaymentConfirmed(
            subject_id=after.number,
            at=a.at,
            actor=a.actor,
            arrival_date=after.arrival_date,
            amount_paid=yuan(received) if received is not None else after.paid_total,
        ),
    )


def _deferred_event(
    before: PaymentNotice, after: PaymentNotice, a: Attempt[PaymentNotice]
) -> tuple[Event]:
    return (
        PaymentDeferred(
            subject_id=after.number, at=a.at, actor=a.actor, pay_by=after.deferred_until
        ),
    )


def _exception_event(
    before: PaymentNotice, after: PaymentNotice, a: Attempt[PaymentNotice]
) -> tuple[Event]:
    return (PaymentExceptionRaised(subject_id=after.number, at=a.at, actor=a.actor, reason=a.note),)


#: States in which the unit may still record vouchers.
OPEN = (P.ISSUED, P.VOUCHER_RETURNED, P.DEFERRED)


@functools.lru_cache(maxsize=32)
def payment_machine(flow: PaymentFlow) -> Machine[PaymentNotice]:
    """The payment-notice machine for a region's payment flow."""
    voucher_guards = () if flow.several_vouchers else (_one_voucher_only,)
    confirm_from: tuple[P, ...] = (P.VOUCHER_SUBMITTED,)
    if not flow.vouchers or flow.voucher_needs_e_seal:
        # the association confirms a bank transfer without an uploaded voucher
        confirm_from += (P.ISSUED, P.DEFERRED)
    rows: list[Transition] = [
        Transition(
            "confirm",
            confirm_from,
            P.CONFIRMED,
            guards=(_money_recorded,),
            effect=_confirm,
            events=_confirmed_event,
            required=("arrival_date",),
            optional=("amount_received",),
            types=(("arrival_date", date), ("amount_received", (Decimal, int, str))),
            label="到账确认",
        ),
    ]
    if flow.vouchers:
        rows += [
            *Transition.staying(
                "add_voucher",
                OPEN,
                guards=voucher_guards,
                effect=_add_voucher,
                required=("voucher",),
                types=(("voucher", PaymentVoucher),),
                label="上传缴费凭证",
            ),
            *Transition.staying(
                "remove_voucher",
                OPEN,
                guards=(_index_exists,),
                effect=_remove_voucher,
                required=("index",),
                types=(("index", int),),
                label="删除缴费凭证",
            ),
            Transition(
                "submit_vouchers",
                OPEN,
                P.VOUCHER_SUBMITTED,
                guards=(_sum_matches,),
                label="确认提交",
            ),
            Transition(
                "return_vouchers",
                (P.VOUCHER_SUBMITTED,),
                P.VOUCHER_RETURNED,
                guards=(note_required,),
                effect=_note,
                label="发回重新上传",
            ),
        ]
    if flow.deferred_payment:
        rows.append(
            Transition(
                "defer",
                (P.ISSUED,),
                P.DEFERRED,
                guards=(_pay_by_later,),
                effect=_defer,
                events=_deferred_event,
                required=("pay_by",),
                types=(("pay_by", date),),
                label="延迟缴款申请",
            )
        )
    if flow.payment_exception:
        rows += [
            Transition(
                "flag_exception",
                (P.ISSUED, P.DEFERRED, P.VOUCHER_SUBMITTED),
                P.EXCEPTION,
                guards=(note_required,),
                effect=_note,
                events=_exception_event,
                label="推送异常缴费信息",
            ),
            Transition(
                "submit_exception_materials",
                (P.EXCEPTION,),
                P.VOUCHER_SUBMITTED,
                guards=(_exception_money,),
                effect=_exception_materials,
                optional=("voucher",),
                types=(("voucher", PaymentVoucher),),
                label="异常缴费确认",
            ),
        ]
    if flow.cancel_before_payment:
        rows.append(
            Transition(
                "cancel",
                (P.ISSUED, P.DEFERRED, P.VOUCHER_RETURNED),
                P.CANCELLED,
                label="取消缴款单/申请撤单",
            )
        )
    return Machine(
        kind="payment_notice",
        label="缴费通知单",
        states=P,
        initial=P.ISSUED,
        transitions=tuple(rows),
        id_field="number",
    )


# --- effective dates --------------------------------------------------------------------


def effective_date(
    application: Application,
    plan: Plan,
    *,
    payment_arrival: date | None = UNSET,
    rules: Any,
    previous_coverage_end: date | None = None,
    association_date: date | None = None,
    arrival: date | None = UNSET,
) -> EffectiveDate:
    """When cover starts for ``plan`` of ``application`` after payment arrives: the pack's answer.

    ``payment_arrival`` is the day the money arrived (``None``: not known),
    the hook's own argument name; ``arrival=`` is its deprecated old name.

    ``rules`` is the region's :class:`~mutualaid.rules.engine.PackView`; its
    ``mutualaid_effective_date`` hook decides (with its explanation, waiting
    period and coverage end). The life cycle keeps no copy of the rule, so a
    host without a pack gets no guess.

    :raises LifecycleError: ``rules`` is None (``details["code"]`` is
        ``"context.rules_required"``).
    """
    arrived = renamed_keyword(
        "effective_date", "arrival", "payment_arrival", arrival, payment_arrival
    )
    if rules is None:
        raise LifecycleError(
            f"{application.id}: no rule pack to ask for the effective date",
            hint="Pass the region's rule pack view (rules=RuleEngine...pack(region=...)); "
            "the life cycle keeps no copy of the effective-date rule.",
            code="context.rules_required",
        )
    result: EffectiveDate = rules.effective_date(
        application,
        plan,
        payment_arrival=arrived,
        previous_coverage_end=previous_coverage_end,
        association_date=association_date,
    )
    return result
