"""Every bypass of issue 9, driven through the service as a host would.

Each test names the manual and section (seeds in /work/shared/seeds, see
docs/packs) and what main did: main let the step through because the host
had to gather the fact and did not (or the rule was judged at the wrong
step). Through :class:`mutualaid.service.Service` the host gives business
data only; every fact comes from the store.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest
from service_helpers import apply_for, ledger, line, paid, people, registered, service

from mutualaid.errors import (
    GuardFailed,
    InvalidParameter,
    LifecycleError,
    MissingFact,
    StepNotInRegion,
)
from mutualaid.lifecycle import endorsement_machine, new_registration, payment_machine
from mutualaid.lifecycle.payment import issue_notice
from mutualaid.model import (
    Application,
    ApplicationLine,
    Endorsement,
    InvoiceRequest,
    Material,
    MaterialKind,
    PaymentVoucher,
    Roster,
)
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import EndorsementStatus
from mutualaid.model.unit import Contact
from mutualaid.rules.flows import EndorsementFlow, PaymentFlow
from mutualaid.testing.members import member


def codes(err: pytest.ExceptionInfo[GuardFailed]) -> tuple[str, ...]:
    return tuple(err.value.details["codes"])


# --- Yiyang: one tier per plan per unit ----------------------------------------------------------

YY = "YY-HOSP-2026"
YY_ON = datetime(2025, 12, 10, 9)


def yiyang_app(svc, unit, app_id: str, tier: str, staff) -> Application:  # type: ignore[no-untyped-def]
    return apply_for(svc, app_id, unit, "yiyang", [line(YY, tier, staff)], at=YY_ON,
                     declared=DeclaredCounts(medical_insurance_headcount=len(staff)))  # fmt: skip


def test_yiyang_a_second_application_on_another_tier_is_refused_a_cancelled_one_does_not_count() -> (
    None
):
    """Seed 004 常见问题: 「一个保障计划一个单位只能选择一个档位」.

    main: ``submit`` asked the pack without the unit's earlier applications, so
    a T90 application after a T60 one went through.
    """
    svc = service(at=YY_ON)
    unit = registered(svc, "yiyang")
    yiyang_app(svc, unit, "CB1", "T60", people(2))
    assert svc.submit("CB1", actor="U1", at=YY_ON).entity.status is S.AWAITING_PAYMENT
    yiyang_app(svc, unit, "CB2", "T90", people(1, first=5))
    with pytest.raises(GuardFailed) as err:
        svc.submit("CB2", actor="U1", at=YY_ON)
    assert "application.tier_differs_from_prior" in codes(err)
    assert "CB1" in str(err.value)


def test_yiyang_a_cancelled_application_does_not_fix_the_tier() -> None:
    """Seed 004 常见问题 (one tier per plan per unit) and 2.(七) 【撤回】: an application the unit
    withdrew and cancelled chose nothing; a draft never submitted neither."""
    svc = service(at=YY_ON)
    unit = registered(svc, "yiyang")
    over_age = member("王五", birth_date=date(1959, 3, 1), area="430902", serial=3)
    yiyang_app(svc, unit, "CB1", "T60", [*people(1), over_age])
    proof = Material.required(MaterialKind.OVER_AGE_PROOF).provide("超龄名册.pdf")
    svc.provide_material("CB1", proof, actor="U1", at=YY_ON)
    assert svc.submit("CB1", actor="U1", at=YY_ON).entity.status is S.AWAITING_MATERIAL_REVIEW
    svc.withdraw("CB1", actor="U1", at=YY_ON)
    svc.cancel("CB1", actor="U1", at=YY_ON)
    yiyang_app(svc, unit, "CB2", "T60", people(1, first=7))  # a draft: chose nothing either
    yiyang_app(svc, unit, "CB3", "T90", people(1, first=5))
    assert svc.submit("CB3", actor="U1", at=YY_ON).entity.status is S.AWAITING_PAYMENT


# --- endorsements (Shenzhen 保单补充) ----------------------------------------------------------------

SZ = "SZ-MED-2026"
CONTACT = Contact("刘经办", mobile="13712345678")


def shenzhen_policy(svc) -> str:  # type: ignore[no-untyped-def]
    """A Shenzhen unit's effective policy P1 (two members, from 1 March 2026)."""
    unit = registered(svc, "shenzhen")
    apply_for(svc, "A1", unit, "shenzhen", [line(SZ, "STD", people(2, area="440304"))],
              contact=CONTACT, materials=(ledger(),), at=datetime(2026, 2, 2, 9))  # fmt: skip
    svc.accept_terms("A1", actor="U1", at=datetime(2026, 2, 2, 10))
    svc.submit("A1", actor="U1", at=datetime(2026, 2, 3, 9))
    svc.review("A1", actor="association", at=datetime(2026, 2, 4, 9))
    paid(svc, "A1", on=date(2026, 2, 5), at=datetime(2026, 2, 5, 9))
    svc.submit_payment("A1", actor="U1", at=datetime(2026, 2, 5, 10))
    svc.confirm_payment("A1", actor="association", arrival_date=date(2026, 2, 5),
                        policy_numbers=["P1"], at=datetime(2026, 2, 6, 9))  # fmt: skip
    svc.set_effective_date("A1", date(2026, 3, 1), actor="association", at=datetime(2026, 2, 7, 9))
    return "P1"


def hire(**kw: object) -> Endorsement:
    new = member("新员工", birth_date=date(1996, 6, 6), area="440304", serial=21)
    return Endorsement("BQ1", "P1", "U1", date(2026, 7, 1), Roster.of(SZ, [new]), **kw)  # type: ignore[arg-type]


JUNE = datetime(2026, 6, 20, 9)


def test_an_endorsement_is_priced_by_the_pack_not_the_host() -> None:
    """Seed 002 第三章 3.2 确认缴费信息 (the association prices the endorsement).

    main: ``approve`` took ``amount_due`` from the host: 1.00 was accepted where
    the pack prices 60.00.
    """
    svc = service(at=JUNE)
    shenzhen_policy(svc)
    svc.endorse(hire(contact=CONTACT), actor="U1", at=JUNE)
    with pytest.raises(GuardFailed) as err:
        svc.endorsement_step("BQ1", "approve", actor="association", amount_due=Decimal("1.00"))
    assert codes(err) == ("endorsement.amount_mismatch",)
    approved = svc.approve_endorsement("BQ1", actor="association", at=JUNE)
    assert approved.entity.amount_due == Decimal("60.00")


def test_an_endorsement_is_paid_only_by_its_confirmed_notice() -> None:
    """Seed 002 第三章 3.3 等待核对: 「互助会确认缴费信息后…」.

    main: ``confirm_payment`` needed no confirmed payment notice at all.
    """
    svc = service(at=JUNE)
    shenzhen_policy(svc)
    svc.endorse(hire(contact=CONTACT), actor="U1", at=JUNE)
    svc.approve_endorsement("BQ1", actor="association", at=JUNE)
    svc.issue_notice("BQ1", at=JUNE)
    with pytest.raises(GuardFailed) as err:  # the notice is issued, no money has arrived
        svc.endorsement_step("BQ1", "confirm_payment", actor="association",
                             arrival_date=date(2026, 6, 22))  # fmt: skip
    assert codes(err) == ("payment.notice_not_confirmed",)
    assert svc.get(Endorsement, "BQ1").status is EndorsementStatus.AWAITING_PAYMENT


def test_an_endorsement_runs_the_packs_member_rules_and_needs_its_contact() -> None:
    """Seed 002 第三章 3.1 保单补充申请: 「填写保全生效日期并填写互助保障联系人信息」, and the
    pack's age limits for anyone joining the policy.

    main: ``submit`` ran none of the pack's member rules (a 12-year-old went
    onto the policy) and never asked for the contact.
    """
    svc = service(at=JUNE)
    shenzhen_policy(svc)
    child = member("童工", birth_date=date(2014, 1, 1), area="440304", serial=31)
    young = Endorsement("BQ1", "P1", "U1", date(2026, 7, 1), Roster.of(SZ, [child]))
    with pytest.raises(GuardFailed) as err:
        svc.endorse(young, actor="U1", at=JUNE)
    assert "endorsement.contact_missing" in codes(err)
    assert "age.below_minimum" in codes(err)
    assert svc.store.find(Endorsement, "BQ1") is None  # nothing half-written


def test_weihai_has_no_endorsements_and_says_so() -> None:
    """Seed 000 has no 保单补充: the region says it has none.

    main: "'submit' is not an action of this machine (allowed: save, cancel)".
    """
    machine = endorsement_machine(EndorsementFlow(), region="weihai")
    with pytest.raises(StepNotInRegion, match="Weihai has no endorsements"):
        machine.apply(hire(), "submit", actor="U1", at=JUNE)


# --- Shenzhen: the social-security ledger from the pack -------------------------------------------


def test_shenzhen_submission_needs_the_ledger_the_pack_lists() -> None:
    """Seed 002 2.3 提交参保名单: 「…上传社保台账」 (the pack's materials.application).

    main: required only when the host put the materials list into the context itself.
    """
    svc = service(at=datetime(2026, 2, 2, 9))
    unit = registered(svc, "shenzhen")
    apply_for(svc, "A1", unit, "shenzhen", [line(SZ, "STD", people(2, area="440304"))],
              contact=CONTACT, at=datetime(2026, 2, 2, 9))  # fmt: skip
    svc.accept_terms("A1", actor="U1")
    with pytest.raises(GuardFailed) as err:
        svc.submit("A1", actor="U1")
    assert codes(err) == ("application.materials_missing",)
    assert "社保台账" in str(err.value)
    svc.save("A1", actor="U1", materials=(ledger(),))
    assert svc.submit("A1", actor="U1").entity.status is S.SUBMITTED


# --- Linyi: the settlement day at issue; invoice entry needs a request -------------------------------

LY_HOSP = "LY-HOSP-2026"


def linyi_approved(svc, unit) -> Application:  # type: ignore[no-untyped-def]
    staff = people(2, area="371302")
    apply_for(svc, "LY1", unit, "linyi", [line(LY_HOSP, None, staff, shares=1)],
              declared=DeclaredCounts(active_staff=2, active_female_staff=0),
              at=datetime(2026, 3, 2, 9))  # fmt: skip
    svc.submit("LY1", actor="U1", at=datetime(2026, 3, 3, 9))
    return svc.review("LY1", actor="office", at=datetime(2026, 3, 4, 9)).entity


def test_linyi_no_invoice_is_issued_after_the_settlement_day() -> None:
    """Seed 003 注 4: 「每月25日为结算日，结算后不再开取发票」.

    main: judged when the request was submitted (the 24th), not when the
    invoice was issued (the 28th).
    """
    svc = service()
    unit = registered(svc, "linyi")
    app = linyi_approved(svc, unit)
    quote = svc.rules("linyi").price_application(app, date(2026, 3, 24))
    request = InvoiceRequest("INV1", unit.id, (app.id,), unit.name, unit.code, quote.amount_due,
                             "caiwu@example.com", date(2026, 3, 24))  # fmt: skip
    svc.request_invoice(request, actor="U1", at=datetime(2026, 3, 24, 9))
    with pytest.raises(GuardFailed) as err:
        svc.issue_invoice("INV1", "37130001", actor="office", at=datetime(2026, 3, 28, 9))
    assert "invoice.after_settlement_day" in codes(err)
    issued = svc.issue_invoice("INV1", "37130001", actor="office", at=datetime(2026, 3, 25, 16))
    assert issued.entity.invoice_number == "37130001"


def test_linyi_invoice_entry_needs_an_invoice_request() -> None:
    """Seed 003 3.3 开票录入 (and 2、入会流程: 审核通过后…填写开票录入→打款).

    main: the application's ``enter_invoice`` step needed no invoice request at all.
    """
    svc = service()
    unit = registered(svc, "linyi")
    app = linyi_approved(svc, unit)
    assert app.status is S.AWAITING_INVOICE_ENTRY
    with pytest.raises(GuardFailed) as err:
        svc.enter_invoice("LY1", actor="U1", at=datetime(2026, 3, 10, 9))
    assert codes(err) == ("invoice.request_missing",)
    quote = svc.rules("linyi").price_application(app, date(2026, 3, 10))
    request = InvoiceRequest("INV1", unit.id, (app.id,), unit.name, unit.code, quote.amount_due,
                             "caiwu@example.com", date(2026, 3, 10))  # fmt: skip
    svc.request_invoice(request, actor="U1", at=datetime(2026, 3, 10, 9))
    out = svc.enter_invoice("LY1", actor="U1", at=datetime(2026, 3, 10, 10))
    assert (
        out.entity.status is S.PAYMENT_SUBMITTED
        and out.audit.params["invoice_request_id"] == "INV1"
    )


# --- Guangdong group: the head office's own roster -------------------------------------------------

GD = "GD-HOSP-2026"
GD_ON = datetime(2026, 3, 2, 9)


def test_guangdong_the_head_offices_own_roster_is_judged_by_the_pack() -> None:
    """Seed 001 一（二）集团统一参保流程 and 四（五）: the parent's own members go through the
    pack's rules like a subsidiary's (age limits, the over-age proof).

    main: the head office's own roster was never judged (a 12-year-old and a
    66-year-old without proof were submitted).
    """
    svc = service(at=GD_ON)
    registered(svc, "guangdong", "HQ")
    registered(svc, "guangdong", "S1")
    svc.request_link("HQ", "S1", requested_by="S1")
    svc.confirm_link("S1", actor="HQ")
    child = member("童工", birth_date=date(2014, 1, 1), area="440106", serial=41)
    old = member("老职工", birth_date=date(1960, 1, 1), area="440106", serial=43)
    own = line(GD, "STD", [child, old], shares=2)
    svc.launch_group("G1", "HQ", lines=(own,), deadline=date(2026, 3, 20), actor="HQ")
    (part,) = svc.parts("G1")
    part_lines = (
        attrs.evolve(
            own, roster=Roster.of(GD, people(1, area="440106"), tier_code="STD", shares=2)
        ),
    )
    svc.act(part.id, "save", actor="S1", lines=part_lines)
    svc.submit(part.id, actor="S1")
    svc.act("G1", "set_reference_date", actor="HQ", reference_effective_date=date(2026, 4, 1))
    with pytest.raises(GuardFailed) as err:
        svc.submit_group("G1", actor="HQ")
    assert "age.below_minimum" in codes(err)
    assert "application.materials_missing" in codes(err)  # the over-age proof
    assert svc.get(Application, "G1").status is S.DRAFT  # nothing changed


# --- payment notices, effective dates, deferral ----------------------------------------------------


def test_no_payment_notice_for_an_application_nobody_reviewed() -> None:
    """Seed 001 四（八）缴款通知: the notice follows the association's review (审核通过后).

    main: a payment notice could be issued for an application nobody reviewed.
    """
    svc = service()
    unit = registered(svc, "shenzhen")
    apply_for(svc, "A1", unit, "shenzhen", [line(SZ, "STD", people(2, area="440304"))],
              contact=CONTACT, materials=(ledger(),), at=datetime(2026, 2, 2, 9))  # fmt: skip
    svc.accept_terms("A1", actor="U1")
    svc.submit("A1", actor="U1")
    with pytest.raises(LifecycleError, match="approved"):
        svc.issue_notice("A1")
    assert svc.store.payment_notices_for("A1") == ()


def guangdong_approved(svc, *, app_id: str = "G1") -> Application:  # type: ignore[no-untyped-def]
    unit = registered(svc, "guangdong")
    apply_for(svc, app_id, unit, "guangdong", [line(GD, "STD", people(2, area="440106"), shares=2)])
    svc.act(app_id, "save", actor="U1", reference_effective_date=date(2026, 4, 1))
    svc.submit(app_id, actor="U1")
    svc.upload_stamped_application(app_id, "申请书.jpg", actor="U1")
    svc.review(app_id, actor="office")
    return svc.review(app_id, actor="office:复审").entity


def test_guangdong_day_after_arrival_past_the_coverage_end_is_refused() -> None:
    """Seed 001 四（六）设置生效参考日期: 「如果缴款日期超出设置的生效参考日期，则保单按照实际到账日期
    次日生效」 — but never after the plan's coverage (2026): money arriving on
    31 December covers nothing.

    main: arrival 2026-12-31 gave an effective date of 2027-01-01.
    """
    svc = service(at=datetime(2026, 12, 31, 9))
    assert guangdong_approved(svc).status is S.AWAITING_PAYMENT
    number = svc.issue_notice("G1").entity.number
    with pytest.raises(GuardFailed) as err:
        svc.confirm_payment("G1", actor="finance", arrival_date=date(2026, 12, 31),
                            amount_received=svc.get(type(svc.notice_of("G1")), number).amount_due)  # fmt: skip
    assert "application.effective_date_outside_coverage" in codes(err)
    assert svc.notice_of("G1").arrival_date is None  # the notice's confirmation was undone too


def test_shenzhen_an_association_date_outside_the_coverage_is_refused() -> None:
    """Seed 002 2.6: 「待互助会设置完生效时间后，参保完成」 — a time inside the plan's coverage.

    main: the association could set 2019-03-01 for a 2026 plan.
    """
    svc = service()
    unit = registered(svc, "shenzhen")
    apply_for(svc, "A1", unit, "shenzhen", [line(SZ, "STD", people(2, area="440304"))],
              contact=CONTACT, materials=(ledger(),))  # fmt: skip
    svc.accept_terms("A1", actor="U1")
    svc.submit("A1", actor="U1")
    svc.review("A1", actor="association")
    paid(svc, "A1", on=date(2026, 3, 2), at=datetime(2026, 3, 2, 10))
    svc.submit_payment("A1", actor="U1")
    svc.confirm_payment(
        "A1", actor="association", arrival_date=date(2026, 3, 2), policy_numbers=["P1"]
    )
    with pytest.raises(GuardFailed) as err:
        svc.set_effective_date("A1", date(2019, 3, 1), actor="association")
    assert codes(err) == ("application.effective_date_outside_coverage",)
    assert (
        svc.set_effective_date("A1", date(2026, 4, 1), actor="association").entity.status
        is S.EFFECTIVE
    )


def test_guangdong_a_deferred_payment_is_bounded() -> None:
    """Seed 001 六（四）延迟缴款申请: 「允许单位在政策允许范围内，申请延期缴纳参保费用」
    (the pack's payment.max_deferral_days).

    main: a deferral to any date was granted (2030-01-01 accepted).
    """
    svc = service()
    guangdong_approved(svc)
    notice = svc.issue_notice("G1").entity
    with pytest.raises(GuardFailed) as err:
        svc.defer(notice.number, date(2030, 1, 1), actor="U1")
    assert codes(err) == ("payment.deferral_too_long",)
    assert svc.defer(notice.number, date(2026, 3, 30), actor="U1").entity.deferred_until == date(
        2026, 3, 30
    )


# --- registration: the manuals' required fields ------------------------------------------------------


def test_weihai_registration_needs_the_forms_email_and_union_affiliation() -> None:
    """Seed 000 §4 注册新用户: 「*所属工会隶属地区」「*邮箱」.

    main: registration ``submit`` checked only the handler.
    """
    svc = service()
    bare = new_registration("U1", "威海测试有限公司", "91371000MA3C0000XF", region="weihai",
                            handler=Contact("负责人", mobile="13526589854"))  # fmt: skip
    with pytest.raises(GuardFailed) as err:
        svc.register(bare, actor="U1")
    assert codes(err) == ("unit.registration_incomplete",)
    assert "union_affiliation, contact_email" in str(err.value)
    assert svc.store.all(type(bare)) == ()  # nothing stored


def test_guangdong_registration_needs_the_legal_representative_and_address() -> None:
    """Seed 001 二、单位账号注册与登录: 「注册登记内容包括：统一社会信用代码证、法定代表人的基本信息、单位联系地址…」.

    main: registration ``submit`` checked only the handler (and the certificate).
    """
    svc = service()
    bare = new_registration("U1", "粤测试有限公司", "91440100MA9Y0001X7", region="guangdong",
                            handler=Contact("陈经办", mobile="13800138000"),
                            has_registration_certificate=True)  # fmt: skip
    with pytest.raises(GuardFailed) as err:
        svc.register(bare, actor="U1")
    assert codes(err) == ("unit.registration_incomplete",)
    assert "legal_representative.name, address" in str(err.value)


# --- Guangdong proof; Yiyang's row suggestion -------------------------------------------------------


def test_guangdong_proof_for_a_member_off_the_units_social_security_whatever_the_dispatched_flag() -> (
    None
):
    """Seed 001 四（五）参保信息确认（含材料上传）: 「“非本单位社保/医保在职人员”则需要…补充相关材料
    （…劳务派遣人员证明）」.

    main: proof was asked only when the member was also flagged as dispatched.
    """
    svc = service()
    unit = registered(svc, "guangdong")
    elsewhere = member("外单位社保", birth_date=date(1988, 8, 8), area="440106", serial=51,
                       own_social_security=False)  # fmt: skip
    apply_for(svc, "G1", unit, "guangdong", [line(GD, "STD", [elsewhere], shares=2)])
    svc.act("G1", "save", actor="U1", reference_effective_date=date(2026, 4, 1))
    with pytest.raises(GuardFailed) as err:
        svc.submit("G1", actor="U1")
    assert "application.materials_missing" in codes(err)
    assert "劳务派遣人员证明" in str(err.value)


def test_yiyang_ten_thousand_rows_is_a_suggestion_per_import_not_a_block() -> None:
    """Seed 004 2. 新建参保单 (五): 「单次导入名单建议不超过10000条」.

    main: an application of 10,001 members was blocked (roster.row_limit, an error).
    """
    svc = service(at=YY_ON)
    unit = registered(svc, "yiyang")
    staff = [
        member(f"职工{i}", birth_date=date(1980 + i // 900, 1 + i // 75 % 12, 1 + i % 28),
               area="430902", serial=i % 75 + 1)
        for i in range(10_001)
    ]  # fmt: skip
    yiyang_app(svc, unit, "CB1", "T60", staff)
    out = svc.submit("CB1", actor="U1", at=YY_ON)
    assert out.entity.status is S.AWAITING_PAYMENT
    found = svc.rules("yiyang").roster_findings(
        out.entity.lines[0].roster, svc.rules("yiyang").plan(YY), YY_ON.date()
    )
    assert [(f.code, f.severity.value) for f in found] == [("roster.row_limit", "warning")]


# --- developer errors -----------------------------------------------------------------------------


def test_a_missing_fact_is_a_developer_error_naming_it() -> None:
    """main: a missing context key came back as a Chinese business reason
    (``context.rules_required``) instead of an error naming what to pass."""
    svc = service(at=YY_ON)
    unit = registered(svc, "yiyang")
    app = yiyang_app(svc, unit, "CB1", "T60", people(1))
    machine = svc._app_machine(app, YY_ON.date())
    with pytest.raises(MissingFact) as err:
        machine.apply(app, "submit", actor="U1", at=YY_ON, context={"rules": svc.rules("yiyang")})
    assert err.value.details["fact"] == "prior_applications"


@pytest.mark.parametrize("voucher", [[Decimal("60")], 60.0], ids=["list", "float"])
def test_add_voucher_with_a_list_or_a_float_is_refused(voucher: object) -> None:
    """Issue 12, item 10: a parameter of another type than the transition declares.

    main: ``add_voucher`` with a list or a float succeeded; the trail could not
    be stored or did not replay.
    """
    flow = PaymentFlow(several_vouchers=True)
    notice = issue_notice(flow, counter=1, subject_id="A1", unit_id="U1",
                          amount_due=Decimal("60"), at=YY_ON).entity  # fmt: skip
    with pytest.raises(InvalidParameter, match="voucher must be PaymentVoucher"):
        payment_machine(flow).apply(notice, "add_voucher", actor="U1", at=YY_ON, voucher=voucher)
    good = PaymentVoucher(Decimal("60"), date(2025, 12, 10), "付款单位", "6222020000001234")
    assert (
        payment_machine(flow)
        .apply(notice, "add_voucher", actor="U1", at=YY_ON, voucher=good)
        .entity.vouchers
    )


def test_a_date_parameter_given_a_datetime_is_refused() -> None:
    """A ``datetime`` is a ``date`` to Python, not to a record (its time would be replayed)."""
    flow = PaymentFlow(vouchers=False)
    notice = issue_notice(flow, counter=1, subject_id="A1", unit_id="U1",
                          amount_due=Decimal("60"), at=YY_ON).entity  # fmt: skip
    with pytest.raises(InvalidParameter, match="arrival_date must be date"):
        payment_machine(flow).apply(notice, "confirm", actor="office", at=YY_ON,
                                    arrival_date=YY_ON, amount_received="60")  # fmt: skip


def test_an_application_line_type_is_checked_too() -> None:
    svc = service(at=YY_ON)
    unit = registered(svc, "yiyang")
    yiyang_app(svc, unit, "CB1", "T60", people(1))
    with pytest.raises(InvalidParameter, match="declared must be DeclaredCounts"):
        svc.save("CB1", actor="U1", declared={"medical_insurance_headcount": 1})
    assert isinstance(svc.get(Application, "CB1").lines[0], ApplicationLine)
