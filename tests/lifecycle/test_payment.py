"""Payment notices, vouchers, confirmation, deferral, exceptions and effective dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lifecycle_helpers import AT, ParamPack, Walker, application, complete_unit, members, plan
from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from mutualaid_pack_shenzhen.flows import SHENZHEN_FLOW
from mutualaid_pack_weihai.flows import WEIHAI_FLOW
from mutualaid_pack_yiyang.flows import YIYANG_FLOW

from mutualaid.errors import ActionNotAllowed, GuardFailed, LifecycleError
from mutualaid.lifecycle import payment
from mutualaid.lifecycle.events import PaymentConfirmed, PaymentDeferred, PaymentExceptionRaised
from mutualaid.lifecycle.payment import (
    check_vouchers,
    effective_date,
    issue_notice,
    notice_for_application,
    notice_for_endorsement,
    payment_machine,
    voucher_warnings,
)
from mutualaid.lifecycle.policies import build_policies
from mutualaid.model import Roster
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.payment import PaymentNotice, PaymentVoucher
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import PaymentNoticeStatus as P
from mutualaid.rules import flows
from mutualaid.rules.flows import PaymentFlow

REF = date(2025, 4, 1)


def notice(flow: PaymentFlow, due: str = "60") -> PaymentNotice:
    return issue_notice(
        flow,
        counter=1,
        subject_id="A1",
        unit_id="U1",
        amount_due=Decimal(due),
        at=datetime(2025, 3, 10, 9),
    ).entity


def voucher(amount: str, on: date = date(2025, 3, 11), slip: str = "") -> PaymentVoucher:
    return PaymentVoucher(Decimal(amount), on, "威海测试有限公司", "1245124124215411", slip)


def test_issue_numbers_by_the_region_scheme_and_raises_the_sms_event() -> None:
    out = issue_notice(
        GUANGDONG_FLOW.payment,
        counter=12,
        subject_id="A1",
        unit_id="U1",
        amount_due=Decimal("600"),
        at=AT,
    )
    assert out.entity.number == "JK20250305000012"
    assert out.entity.amount_due == Decimal("600.00")
    assert out.audit.action == "issue" and out.audit.to_state == "issued"
    (event,) = out.events
    assert (event.name, event.unit_id, event.amount_due) == (
        "payment_notice_issued",
        "U1",
        Decimal("600.00"),
    )


def test_yiyang_several_vouchers_summed_exactly() -> None:
    w = Walker(payment_machine(YIYANG_FLOW.payment), notice(YIYANG_FLOW.payment, "100.00"))
    for amount in ("33.33", "33.33", "33.33"):
        w.do("add_voucher", voucher=voucher(amount))
    with pytest.raises(GuardFailed) as err:
        w.do("submit_vouchers")
    assert err.value.details["codes"] == ("payment.underpaid",)
    assert "还差0.01元" in str(err.value)
    w.do("add_voucher", voucher=voucher("0.02"))
    with pytest.raises(GuardFailed, match=r"多缴0\.01元"):
        w.do("submit_vouchers")
    w.do("remove_voucher", index=3)
    w.do("add_voucher", voucher=voucher("0.01"))
    w.do("submit_vouchers")
    assert w.entity.status is P.VOUCHER_SUBMITTED
    assert w.entity.paid_total == Decimal("100.00")
    w.do("confirm", actor="finance", arrival_date=date(2025, 3, 12))
    assert w.entity.arrival_date == date(2025, 3, 12)
    assert w.events[-1] == PaymentConfirmed(
        subject_id=w.entity.number,
        at=AT,
        actor="finance",
        arrival_date=date(2025, 3, 12),
        amount_paid=Decimal("100.00"),
    )
    assert w.replayed() == w.entity


def test_remove_a_voucher_that_does_not_exist() -> None:
    m = payment_machine(YIYANG_FLOW.payment)
    with pytest.raises(GuardFailed, match="no_such_voucher"):
        m.apply(notice(YIYANG_FLOW.payment), "remove_voucher", actor="u", at=AT, index=0)


def test_weihai_one_voucher_returned_and_reuploaded() -> None:
    w = Walker(payment_machine(WEIHAI_FLOW.payment), notice(WEIHAI_FLOW.payment, "50"))
    w.do("add_voucher", voucher=voucher("50"))
    with pytest.raises(GuardFailed, match="one_voucher_only"):
        w.do("add_voucher", voucher=voucher("50"))
    w.do("submit_vouchers")
    w.do("return_vouchers", actor="office", note="凭证不清晰")
    assert w.entity.status is P.VOUCHER_RETURNED
    assert w.entity.note == "凭证不清晰"
    w.do("remove_voucher", index=0)
    w.do("add_voucher", voucher=voucher("50"))
    w.do("submit_vouchers")
    w.do("confirm", actor="office", arrival_date=date(2025, 3, 12))
    assert w.entity.status is P.CONFIRMED


def test_guangdong_bank_transfer_confirmed_with_received_amount() -> None:
    m = payment_machine(GUANGDONG_FLOW.payment)
    n = notice(GUANGDONG_FLOW.payment, "600")
    assert "add_voucher" not in m.actions
    with pytest.raises(GuardFailed, match="underpaid"):
        m.apply(
            n,
            "confirm",
            actor="finance",
            at=AT,
            arrival_date=date(2025, 3, 12),
            amount_received="599.99",
        )
    with pytest.raises(GuardFailed, match="arrival_before_notice"):
        m.apply(n, "confirm", actor="finance", at=AT, arrival_date=date(2025, 3, 9))
    out = m.apply(
        n, "confirm", actor="finance", at=AT, arrival_date=date(2025, 3, 12), amount_received="600"
    )
    assert out.entity.status is P.CONFIRMED


def test_guangdong_deferred_payment_then_exception_then_confirmed() -> None:
    w = Walker(payment_machine(GUANGDONG_FLOW.payment), notice(GUANGDONG_FLOW.payment, "600"))
    bounded = {"rules": ParamPack("gd", {"payment.max_deferral_days": 60}).view()}
    with pytest.raises(GuardFailed, match="pay_by_invalid"):
        w.do("defer", pay_by=date(2025, 3, 1), context=bounded)
    with pytest.raises(GuardFailed, match="deferral_too_long"):  # 61 days after the issue
        w.do("defer", pay_by=date(2025, 5, 10), context=bounded)
    w.do("defer", pay_by=date(2025, 4, 30), context=bounded)
    assert w.entity.deferred_until == date(2025, 4, 30)
    assert isinstance(w.events[-1], PaymentDeferred)
    w.do("flag_exception", actor="finance", note="缴款账户与参保单位不一致")
    assert w.entity.status is P.EXCEPTION
    assert isinstance(w.events[-1], PaymentExceptionRaised)
    w.do("submit_exception_materials", note="母公司代缴，附说明", voucher=voucher("600"))
    assert w.entity.status is P.VOUCHER_SUBMITTED
    w.do("confirm", actor="finance", arrival_date=date(2025, 4, 28))
    assert w.replayed() == w.entity


def test_guangdong_cancel_before_payment_only() -> None:
    m = payment_machine(GUANGDONG_FLOW.payment)
    n = notice(GUANGDONG_FLOW.payment)
    assert m.apply(n, "cancel", actor="u", at=AT).entity.status is P.CANCELLED
    paid = m.apply(
        n, "confirm", actor="f", at=AT, arrival_date=date(2025, 3, 12), amount_received="60"
    ).entity
    with pytest.raises(ActionNotAllowed):
        m.apply(paid, "cancel", actor="u", at=AT)
    with pytest.raises(ActionNotAllowed):
        payment_machine(YIYANG_FLOW.payment).apply(
            notice(YIYANG_FLOW.payment), "cancel", actor="u", at=AT
        )


def test_voucher_warnings_flag_possible_exceptions() -> None:
    n = notice(SHENZHEN_FLOW.payment)
    good = voucher("60", slip=f"会费 {n.number}")
    other = PaymentVoucher(Decimal("60"), date(2025, 3, 1), "张三", "6222020000000000", "")
    assert voucher_warnings(n.with_voucher(good), complete_unit()) == ()
    codes = [r.code for r in voucher_warnings(n.with_voucher(other), complete_unit())]
    assert codes == [
        "payment.payer_differs",
        "payment.slip_without_number",
        "payment.paid_before_notice",
    ]


@given(
    st.lists(st.decimals("0.01", "99999.99", places=2), max_size=8),
    st.decimals("0", "99999.99", places=2),
)
def test_voucher_sum_is_exact(amounts: list[Decimal], due: Decimal) -> None:
    check = check_vouchers(due, [voucher(str(a)) for a in amounts])
    assert check.paid == sum(amounts, Decimal("0"))
    assert check.difference == check.paid - due
    assert check.status == (
        "exact" if check.paid == due else "under" if check.paid < due else "over"
    )
    assert bool(check.reasons()) == (check.status != "exact")


# --- effective dates: boundaries --------------------------------------------------------


@pytest.mark.parametrize(
    ("arrival", "expected"),
    [
        (REF - timedelta(days=1), REF),  # paid the day before: the reference date
        (REF, REF),  # paid on the reference date: still the reference date
        (REF + timedelta(days=1), REF + timedelta(days=2)),  # after it: the day after arrival
    ],
)
def test_guangdong_reference_date_boundaries_by_the_pack(arrival: date, expected: date) -> None:
    view = ParamPack("gd", {"effective.late_payment_next_day": True}).view()
    app = application("guangdong", reference_effective_date=REF)
    result = effective_date(app, plan(), payment_arrival=arrival, rules=view)
    assert result == view.effective_date(app, plan(), payment_arrival=arrival)
    assert result.date == expected
    assert result.coverage_end == date(2025, 12, 31)


def test_shenzhen_date_waits_for_the_association() -> None:
    view = ParamPack("sz", {"effective.set_by_association": True}).view()
    app = application("shenzhen")
    pending = effective_date(app, plan(), payment_arrival=date(2025, 3, 12), rules=view)
    assert pending.date is None and pending.set_by_association
    set_ = effective_date(
        app, plan(), payment_arrival=date(2025, 3, 12), rules=view, association_date=date(2025, 4, 1)
    )
    assert set_.date == date(2025, 4, 1)


def test_effective_date_never_before_coverage_start() -> None:
    view = ParamPack("wh", {}).view()
    early = effective_date(
        application("weihai"), plan(year=2026), payment_arrival=date(2025, 12, 1), rules=view
    )
    assert early.date == date(2026, 1, 1)


def test_effective_date_without_a_pack_is_refused() -> None:
    """The life cycle keeps no copy of the pack's rule: no pack, no effective date."""
    with pytest.raises(LifecycleError) as err:
        effective_date(application("guangdong"), plan(), payment_arrival=REF, rules=None)
    assert err.value.details["code"] == "context.rules_required"
    assert err.value.hint and "rule pack" in err.value.hint
    assert not hasattr(payment, "resolve_effective_date")


def test_no_flow_restates_the_effective_date_rule() -> None:
    """The pack's data decides the effective date; a flow, even derived from that data, does not."""
    assert "effective_date" not in {f.name for f in attrs.fields(PaymentFlow)}
    assert not hasattr(flows, "EffectiveDateRule")
    late = {"effective.late_payment_next_day": True, "effective.set_by_association": True}
    derived = GUANGDONG_FLOW.with_parameters(late.get)
    assert derived.payment == GUANGDONG_FLOW.payment
    assert derived.association_sets_effective_time  # the step still follows the data


# --- the amount comes from the pack ------------------------------------------------------


def test_notice_for_an_application_is_priced_by_the_pack() -> None:
    view = ParamPack("yy", {}, (plan(price="60"),)).view()
    app = attrs.evolve(application("yiyang", n=3), status=S.AWAITING_PAYMENT)
    out = notice_for_application(
        YIYANG_FLOW.payment, app, view, counter=5, at=datetime(2025, 3, 10, 9)
    )
    assert out.entity.amount_due == view.price_application(app, date(2025, 3, 10)).total
    assert out.entity.amount_due == Decimal("180.00")
    assert (out.entity.subject_id, out.entity.unit_id) == ("A1", "U1")
    assert out.audit.params == {
        "amount_due": Decimal("180.00"),
        "subject_id": "A1",
        "priced_on": date(2025, 3, 10),
    }
    assert out.events[0].amount_due == Decimal("180.00")


def test_nothing_to_pay_is_refused() -> None:
    view = ParamPack("yy", {}, (plan(price="60"),)).view()
    with pytest.raises(LifecycleError, match="nothing to pay"):
        notice_for_application(
            YIYANG_FLOW.payment,
            attrs.evolve(application("yiyang", n=0), status=S.AWAITING_PAYMENT),
            view,
            counter=5,
            at=AT,
        )
    with pytest.raises(LifecycleError, match="approved"):  # nobody reviewed it
        notice_for_application(YIYANG_FLOW.payment, application("yiyang"), view, counter=5, at=AT)


@pytest.mark.parametrize(
    ("params", "due"), [({}, "120.00"), ({"endorsement.pro_rata": True}, "60.49")]
)
def test_notice_for_an_endorsement_is_priced_by_the_pack(
    params: dict[str, object], due: str
) -> None:
    """Full period, or pro rata from 1 July (184 of 365 days) when the pack says so."""
    view = ParamPack("sz", params, (plan(price="60"),)).view()
    (policy,) = build_policies(
        application("shenzhen", n=2, status=S.EFFECTIVE),
        numbers=["P1"],
        coverage={"medical": plan().coverage},
        effective_date=date(2025, 1, 1),
    )
    new = Endorsement("E1", "P1", "U1", date(2025, 7, 1), Roster.of("medical", members(4)[2:]))
    out = notice_for_endorsement(
        SHENZHEN_FLOW.payment, new, policy, view, counter=3, at=datetime(2025, 6, 20, 9)
    )
    assert out.entity.amount_due == Decimal(due)
    assert out.entity.subject_id == "E1"
    assert out.audit.params["priced_on"] == date(2025, 7, 1)


# --- no confirmation without money recorded ------------------------------------------------


def test_exception_materials_must_carry_the_money() -> None:
    """异常缴费确认: the unit's remittance materials are a voucher summing to the amount due."""
    w = Walker(payment_machine(GUANGDONG_FLOW.payment), notice(GUANGDONG_FLOW.payment, "600"))
    w.do("flag_exception", actor="finance", note="户名不一致")
    with pytest.raises(GuardFailed) as err:
        w.do("submit_exception_materials")
    assert err.value.details["codes"] == ("payment.no_vouchers",)
    with pytest.raises(GuardFailed) as err:
        w.do("submit_exception_materials", voucher=voucher("599.99"))
    assert err.value.details["codes"] == ("payment.underpaid",)
    assert w.entity.status is P.EXCEPTION and w.entity.vouchers == ()
    w.do("submit_exception_materials", voucher=voucher("600"))
    assert w.entity.status is P.VOUCHER_SUBMITTED


@pytest.mark.parametrize("flow", [GUANGDONG_FLOW.payment, WEIHAI_FLOW.payment], ids=["gd", "wh"])
def test_confirm_without_vouchers_needs_the_amount_received(flow: PaymentFlow) -> None:
    """Where the office confirms a transfer no voucher records, it says how much arrived."""
    m = payment_machine(flow)
    n = notice(flow, "600")
    with pytest.raises(GuardFailed) as err:
        m.apply(n, "confirm", actor="finance", at=AT, arrival_date=date(2025, 3, 12))
    assert err.value.details["codes"] == ("payment.amount_received_missing",)
    out = m.apply(
        n, "confirm", actor="finance", at=AT, arrival_date=date(2025, 3, 12), amount_received="600"
    )
    assert out.entity.status is P.CONFIRMED
    (event,) = out.events
    assert isinstance(event, PaymentConfirmed) and event.amount_paid == Decimal("600.00")


def test_the_confirmed_amount_is_the_money_recorded() -> None:
    """The event's amount is what the vouchers or the office recorded, checked against both."""
    w = Walker(payment_machine(YIYANG_FLOW.payment), notice(YIYANG_FLOW.payment, "100"))
    w.do("add_voucher", voucher=voucher("100"))
    w.do("submit_vouchers")
    with pytest.raises(GuardFailed, match="overpaid"):
        w.do("confirm", arrival_date=date(2025, 3, 12), amount_received="100.01")
    w.do("confirm", arrival_date=date(2025, 3, 12))
    assert w.events[-1].amount_paid == w.entity.paid_total == Decimal("100.00")
