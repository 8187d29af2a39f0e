"""Seed 001 (广东省职工互助保障计划 参保操作指引), walked section by section through the library.

Each test is one section of the manual (一 … 八 and their numbered parts as
``test_<chapter>_<part>_…``; the title quoted in the docstring). The
Guangdong rule pack answers the plans (hospital 50 × up to 3 shares,
critical illness 100 × up to 2, a gift accident plan), the proof materials,
the reference-date rule and the waiting period; group enrolment runs
through :mod:`mutualaid.lifecycle.group`. Dates are the 2026 campaign's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualaid.documents import EPolicy, PaymentNoticeDocument
from mutualaid.errors import ActionNotAllowed, GuardFailed
from mutualaid.lifecycle import (
    APPLICATIONS,
    GROUP,
    REQUIRED_MATERIALS,
    RULES,
    UNIT,
    GroupPartReturned,
    MemoryStore,
    UnitChange,
    build_policies,
    change_machine,
    combined_application,
    create_group,
    flow_from,
    group_invoice_machine,
    group_machine,
    group_part_machine,
    invoice_machine,
    is_covered,
    link_machine,
    new_registration,
    notice_for_application,
    notice_for_group,
    payment_machine,
    price_group,
    registration_machine,
    request_link,
    submit_group,
    voucher_warnings,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.lifecycle.machine import Machine
from mutualaid.model import (
    Application,
    InvoiceRequest,
    Material,
    MaterialKind,
    Member,
    PaymentNotice,
    PaymentVoucher,
    Policy,
    PolicyMember,
    Roster,
)
from mutualaid.model.application import ApplicationLine
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import GroupPartStatus as G
from mutualaid.model.states import InvoiceRequestStatus as I
from mutualaid.model.states import LinkStatus as L
from mutualaid.model.states import PaymentNoticeStatus as P
from mutualaid.model.states import PolicyStatus
from mutualaid.model.states import RegistrationStatus as R
from mutualaid.model.unit import Contact, Unit, UnitLink
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules.engine import PackView
from mutualaid.rules.flows import ApplicationFlow
from mutualaid.rules.results import Situation
from mutualaid.testing.members import member

PACK = "guangdong"  # the pack of the conftest fixtures rules / flow / machine
ON = date(2026, 3, 2)
HOSP, CI, GIFT = "GD-HOSP-2026", "GD-CI-2026", "GD-ACC-GIFT-2026"
REFERENCE = date(2026, 4, 1)
OFFICE = "office:guangdong"


def at(day: int, month: int = 3, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0)


def unit(
    unit_id: str = "U-GZ", name: str = "广州测试有限公司", code: str = "91440100MA9Y0001X7"
) -> Unit:
    return attrs.evolve(
        new_registration(
            unit_id,
            name,
            code,
            region="guangdong",
            legal_representative=Contact("李法人"),
            address="广州市天河区测试路1号",
            handler=Contact("陈经办", mobile="13800138000"),
            has_registration_certificate=True,
        ),
        status=R.APPROVED,
    )


def staff(first: int = 1, n: int = 2) -> list[Member]:
    return [
        member(f"职工{i}", birth_date=date(1985, 1, i), area="440106", serial=i)
        for i in range(first, first + n)
    ]


OLD = member("老王", birth_date=date(1962, 1, 1), area="440106", serial=31)
DISPATCHED = member(
    "派遣",
    birth_date=date(1990, 1, 1),
    area="440106",
    serial=32,
    dispatched=True,
    own_social_security=False,
)


def lines(people: list[Member]) -> tuple[ApplicationLine, ...]:
    """四（一）(二): the hospital plan × 2 shares with the gift plan, critical illness × 1."""
    return (
        ApplicationLine(
            HOSP, "STD", shares=2, roster=Roster.of(HOSP, people, shares=2), gift_plans=(GIFT,)
        ),
        ApplicationLine(CI, "STD", shares=1, roster=Roster.of(CI, people[:1])),
    )


def proof_context(rules: PackView, app: Application) -> dict[str, Any]:
    """The proof materials the pack asks for before submission (四（五）).

    The stamped application (四（七）) is uploaded after submission, so it is
    left out here: the pack lists it with the application's materials.
    """
    findings = [
        f
        for line in app.lines
        if not rules.plan(line.plan_code, ON).is_gift
        for e in line.roster
        for f in rules.member_findings(e.member, rules.plan(line.plan_code, ON), ON)
    ]
    needed = rules.required_materials(Situation.APPLICATION, ON, application=app, findings=findings)
    kinds = tuple(m.kind for m in needed if m.kind is not MaterialKind.STAMPED_APPLICATION_FORM)
    return {REQUIRED_MATERIALS: kinds, RULES: rules}


def drafted(machine: Machine[Application], people: list[Member] | None = None) -> Application:
    app = Application("GD2026-0001", "U-GZ", "guangdong")
    return machine.apply(
        app,
        "save",
        actor="chen",
        at=at(2),
        lines=lines(people or staff()),
        reference_effective_date=REFERENCE,
    ).entity


def submitted(rules: PackView, machine: Machine[Application]) -> Application:
    app = drafted(machine)
    return machine.apply(
        app, "submit", actor="chen", at=at(3), context=proof_context(rules, app)
    ).entity


def approved(rules: PackView, machine: Machine[Application]) -> Application:
    """四（七）(八): stamped application uploaded, review and second review passed."""
    app = submitted(rules, machine)
    app = machine.apply(
        app, "upload_stamped_application", actor="chen", at=at(3, hour=10), reference="申请书.jpg"
    ).entity
    app = machine.apply(app, "approve", actor=OFFICE, at=at(4)).entity
    return machine.apply(app, "approve", actor=OFFICE + ":second", at=at(5)).entity


def notice(rules: PackView, flow: ApplicationFlow, app: Application) -> PaymentNotice:
    return notice_for_application(flow.payment, app, rules, counter=1, at=at(5, hour=10)).entity


def paid(rules: PackView, flow: ApplicationFlow, app: Application, arrival: date) -> Any:
    """The context of ``confirm_payment``: the application's notice, the transfer confirmed."""
    issued = notice(rules, flow, app)
    confirmed = payment_machine(flow.payment).apply(
        issued, "confirm", actor="finance", at=at(arrival.day), arrival_date=arrival,
        amount_received=issued.amount_due,
    )  # fmt: skip
    return {PAYMENT_NOTICE: confirmed.entity, RULES: rules}


# --- 二、单位账号注册与登录 ---------------------------------------------------------------------------


def test_2_registration_reviewed_before_login(flow: ApplicationFlow, rules: PackView) -> None:
    """二、单位账号注册与登录: "首次参保的单位需先注册账号待互助会审核通过后方可登录…须上传统一社会信用代码证影像材料"."""
    reg = registration_machine(flow.registration)
    draft = attrs.evolve(unit(), status=R.DRAFT, has_registration_certificate=False)
    ctx = {RULES: rules}
    with pytest.raises(GuardFailed) as err:
        reg.apply(draft, "submit", actor="U-GZ", at=at(1), context=ctx)
    assert err.value.details["codes"] == ("unit.certificate_missing",)
    # 二: "注册登记内容包括：统一社会信用代码证、法定代表人的基本信息、单位联系地址…"
    bare = attrs.evolve(draft, legal_representative=None, address=None)
    with pytest.raises(GuardFailed) as err:
        reg.apply(bare, "submit", actor="U-GZ", at=at(1), context=ctx)
    assert "legal_representative.name, address" in str(err.value)
    draft = attrs.evolve(draft, has_registration_certificate=True)
    out = reg.apply(draft, "submit", actor="U-GZ", at=at(1), context=ctx)
    assert out.entity.status is R.PENDING_REVIEW
    back = reg.apply(out.entity, "return", actor=OFFICE, at=at(1, hour=10), note="影像不清晰")
    again = reg.apply(back.entity, "submit", actor="U-GZ", at=at(1, hour=11), context=ctx)
    done = reg.apply(again.entity, "approve", actor=OFFICE, at=at(2))
    assert done.entity.status is R.APPROVED


# --- 四、参保申请 ----------------------------------------------------------------------------------------


def test_4_1_several_plans_and_shares(rules: PackView, machine: Machine[Application]) -> None:
    """四（一）新增参保计划: "单位可依据自身情况，选择单个或多个保障计划和确定份数"."""
    app = drafted(machine)
    assert app.plan_codes == (HOSP, CI)
    quote = rules.price_application(app, ON)
    assert quote.member_part == Decimal("300.00")  # 2 × 50 × 2 shares + 1 × 100
    three = Roster.of(CI, staff()[:1], shares=3)  # critical illness: at most 2 shares
    found = rules.roster_findings(three, rules.plan(CI, ON), ON)
    assert [f.code for f in found if f.blocking] == ["roster.shares_out_of_range"]


def test_4_2_gift_plan_added_at_no_charge(rules: PackView, machine: Machine[Application]) -> None:
    """四（二）添加赠送计划: "单位可依据自身情况，添加赠送计划" (【需要添加】 / 【添加赠送】)."""
    app = drafted(machine)
    quote = rules.price_application(app, ON)
    gift = [line for line in quote.lines if line.gift]
    assert [(g.plan_code, g.members, g.member_part) for g in gift] == [(GIFT, 2, Decimal("0.00"))]
    wrong = attrs.evolve(app.lines[0], gift_plans=(CI,))
    found = rules.application_findings(attrs.evolve(app, lines=(wrong, app.lines[1])), ON)
    assert "guangdong.gift_plan_not_offered" in [f.code for f in found if f.blocking]


def test_4_3_import_roster_resident_id_needs_no_gender(rules: PackView) -> None:
    """四（三）导入人员名册: "“证件类型”为“居民身份证”类型时，“性别”和“出生日期”可不填写"."""
    rows = [
        RawRow(2, {"name": "职工1", "id_number": staff()[0].id_number}, False, ()),
        RawRow(3, {"name": "Tom", "id_type": "护照", "id_number": "E7654321"}, False, ()),
    ]
    report = validate_rows(rows, RosterRules.from_pack(rules, HOSP, shares=2, on=ON), file="x.xlsx")
    assert [r.status.value for r in report] == ["accepted", "rejected"]
    assert report.application_line().shares == 2


def test_4_5_over_age_and_dispatched_need_proof(
    rules: PackView, machine: Machine[Application]
) -> None:
    """四（五）参保信息确认（含材料上传）: "“超龄人员”、“非本单位社保/医保在职人员”则需要…补充相关材料"."""
    app = drafted(machine, [*staff(), OLD, DISPATCHED])
    context = proof_context(rules, app)
    assert set(context[REQUIRED_MATERIALS]) == {
        MaterialKind.OVER_AGE_PROOF,
        MaterialKind.DISPATCHED_WORKER_PROOF,
    }
    (reason,) = machine.check(app, "submit", at=at(3), context=context)
    assert reason.code == "application.materials_missing"
    assert "劳务派遣人员证明" in reason.message
    for kind in context[REQUIRED_MATERIALS]:
        app = machine.apply(
            app,
            "provide_material",
            actor="chen",
            at=at(2),
            material=Material.required(kind).provide(),
        ).entity
    # "如果本次申请中存在不参加当前保障计划的人员，可以点击【删除】按钮"
    assert (
        machine.apply(app, "submit", actor="chen", at=at(3), context=context).entity.status
        is S.SUBMITTED
    )


def test_4_6_reference_date_versus_late_payment(
    rules: PackView, machine: Machine[Application]
) -> None:
    """四（六）设置生效参考日期: "如果缴款日期超出设置的生效参考日期，则保单按照实际到账日期次日生效"."""
    app = drafted(machine)
    plan = rules.plan(HOSP, ON)
    days = {
        "early": date(2026, 3, 31),  # "提前缴费不会影响"
        "on": REFERENCE,
        "late": date(2026, 4, 2),
    }
    got = {k: rules.effective_date(app, plan, payment_arrival=d).date for k, d in days.items()}
    assert got == {"early": REFERENCE, "on": REFERENCE, "late": date(2026, 4, 3)}


def test_4_6_late_payment_after_a_gap_has_a_waiting_period(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """四（六） 2: "迟缴可能会导致参保人员断保，断保后会有免责期" — with 五（三）历史保单绑定."""
    app = drafted(machine)
    plan = rules.plan(HOSP, ON)
    when = rules.effective_date(
        app, plan, payment_arrival=date(2026, 4, 2), previous_coverage_end=date(2026, 3, 31)
    )
    assert (when.date, when.waiting_period_end) == (date(2026, 4, 3), date(2026, 5, 2))
    someone = staff()[0]
    old = Policy(
        "GD2025-1",
        "U-GZ",
        "GD2025",
        "GD-HOSP-2025",  # last period's code: the same plan family as GD-HOSP-2026
        attrs.evolve(plan.coverage, start=date(2025, 4, 1), end=date(2026, 3, 31)),
        (),
        PolicyStatus.EXPIRED,
    )
    old = attrs.evolve(old, members=(PolicyMember(someone, "STD", 2, date(2025, 4, 1)),))
    new = Policy(
        "GD2026-1",
        "U-GZ",
        app.id,
        HOSP,
        plan.coverage,
        (PolicyMember(someone, "STD", 2, when.date),),
        PolicyStatus.EFFECTIVE,
        when.date,
    )
    assert not is_covered(someone.id_number, date(2026, 4, 2), [old, new], rules=rules)
    assert not is_covered(someone.id_number, date(2026, 5, 2), [old, new], rules=rules)
    assert is_covered(someone.id_number, date(2026, 5, 3), [old, new], rules=rules)
    # a new member (no earlier policy) has no waiting period
    fresh = staff(9, 1)[0]
    newer = attrs.evolve(new, members=(PolicyMember(fresh, "STD", 2, when.date),))
    assert is_covered(fresh.id_number, date(2026, 4, 3), [newer], rules=rules)


def test_4_7_submit_then_upload_the_stamped_application(
    rules: PackView, machine: Machine[Application]
) -> None:
    """四（七）提交保单申报信息并上传申请书: "「下载申请书→打印盖章→拍照回传」"."""
    app = submitted(rules, machine)
    with pytest.raises(GuardFailed) as err:
        machine.apply(app, "approve", actor=OFFICE, at=at(4))
    assert err.value.details["codes"] == ("application.stamped_application_missing",)
    app = machine.apply(
        app, "upload_stamped_application", actor="chen", at=at(3, hour=10), reference="申请书.jpg"
    ).entity
    first = machine.apply(app, "approve", actor=OFFICE, at=at(4))
    assert first.entity.status is S.AWAITING_SECOND_REVIEW
    assert first.events[0].next_step == "second_review"


def test_4_8_payment_notice_after_second_review(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """四（八）缴款通知: "省互助会完成复审工作后，业务系统将自动生成缴费单并短信通知参保单位经办人员"."""
    app = approved(rules, machine)
    assert app.status is S.AWAITING_PAYMENT
    issued = notice_for_application(flow.payment, app, rules, counter=7, at=at(5, hour=10))
    assert issued.entity.number == "JK20260305000007"
    assert issued.entity.amount_due == Decimal("300.00")
    (sms,) = issued.events
    assert (sms.name, sms.unit_id, sms.amount_due) == (
        "payment_notice_issued",
        "U-GZ",
        Decimal("300.00"),
    )


def test_4_9_edit_or_cancel_the_application(rules: PackView, machine: Machine[Application]) -> None:
    """四（九）修改或取消参保申请: "可通过以下方式修改或删除…选择【编辑】或【删除】"."""
    draft = drafted(machine)
    edited = machine.apply(draft, "save", actor="chen", at=at(2, hour=10), lines=lines(staff(1, 3)))
    assert edited.entity.headcount == 3  # distinct members over both plans
    app = submitted(rules, machine)
    out = machine.apply(app, "cancel", actor="chen", at=at(3, hour=11), note="申报信息有误")
    assert out.entity.status is S.CANCELLED and out.events[0].name == "application_cancelled"
    assert machine.allowed_actions(out.entity) == ()


# --- 五、单位信息维护 ------------------------------------------------------------------------------------


def test_5_1_unit_change_takes_effect_after_review(flow: ApplicationFlow) -> None:
    """五（一）单位基本信息维护: "修改后的信息待互助会审核后生效"."""
    reg = registration_machine(flow.registration)
    changes = {"address": "广州市越秀区新地址2号"}
    with pytest.raises(GuardFailed) as err:
        reg.apply(unit(), "update", actor="U-GZ", at=at(6), changes=changes)
    assert err.value.details["codes"] == ("unit.change_not_reviewed",)
    change = change_machine().apply(
        UnitChange("C1", "U-GZ", changes), "submit", actor="U-GZ", at=at(6)
    ).entity
    change = change_machine().apply(change, "approve", actor=OFFICE, at=at(7)).entity
    out = reg.apply(
        unit(), "update", actor=OFFICE, at=at(7), changes=change.as_dict, context={"change": change}
    )
    assert out.entity.address == "广州市越秀区新地址2号"


def test_5_2_unit_link_requested_by_one_side_confirmed_by_the_other(flow: ApplicationFlow) -> None:
    """五（二）上下级关系维护: "由集团公司或子公司发起均可，申请关联后，被关联单位登录账户确认通过即可关联成功"."""
    asked = request_link("HQ", "S1", requested_by="S1", flow=flow.registration, at=at(1))
    assert asked.events[0].confirm_by == "HQ"
    with pytest.raises(GuardFailed):
        link_machine().apply(asked.entity, "confirm", actor="s1", at=at(1), unit_id="S1")
    link = link_machine().apply(asked.entity, "confirm", actor="hq", at=at(1), unit_id="HQ").entity
    assert link.status is L.CONFIRMED
    with pytest.raises(GuardFailed) as err:
        request_link(
            "HQ2", "S1", requested_by="HQ2", flow=flow.registration, at=at(2), existing=[link]
        )
    assert err.value.details["codes"] == ("link.already_linked",)


def test_5_3_prior_policy_link(flow: ApplicationFlow) -> None:
    """五（三）历史保单绑定（非必须操作）: "可以通过关联历史保单，确保保障期限无缝衔接"."""
    reg = registration_machine(flow.registration)
    out = reg.apply(unit(), "link_prior_policy", actor="U-GZ", at=at(1), policy_number="GD2025-1")
    assert out.entity.prior_policy_numbers == ("GD2025-1",)


# --- 六、缴费流程 ---------------------------------------------------------------------------------------------


def test_6_1_6_2_notice_printed_and_paid_by_bank_with_its_number(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """六（一）获取缴款单 (二)通过银行缴费: "银行汇款时请在汇款用途栏填写缴款单号…互助会确认缴款后，将会短信通知单位参保成功"."""
    app = approved(rules, machine)
    n = notice(rules, flow, app)
    doc = PaymentNoticeDocument.from_notice(n, unit=unit(), subject=app, plans=rules.plans(ON))
    assert dict(doc.lines())["汇款用途"] == n.number
    pay = payment_machine(flow.payment)
    assert "add_voucher" not in pay.allowed_actions(n)  # the association sees the transfer
    confirmed = pay.apply(
        n,
        "confirm",
        actor="finance",
        at=at(31),
        arrival_date=date(2026, 3, 31),
        amount_received=Decimal("300"),
    )
    assert confirmed.events[0].amount_paid == Decimal("300.00")
    with pytest.raises(GuardFailed) as err:
        pay.apply(
            n,
            "confirm",
            actor="finance",
            at=at(31),
            arrival_date=date(2026, 3, 31),
            amount_received=Decimal("299.99"),
        )
    assert err.value.details["codes"] == ("payment.underpaid",)
    done = machine.apply(
        app,
        "confirm_payment",
        actor="finance",
        at=at(31),
        context={PAYMENT_NOTICE: confirmed.entity, RULES: rules},
    )
    assert done.entity.status is S.EFFECTIVE  # "短信通知参保成功"
    assert done.events[0].amount_paid == Decimal("300.00")  # the notice's money


def test_6_3_cancel_the_notice_before_paying(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """六（三）取消缴款单: "若在实际缴款前发现申报信息有误或需调整，可…撤销当前申报单" 【申请撤单】."""
    app = approved(rules, machine)
    n = notice(rules, flow, app)
    pay = payment_machine(flow.payment)
    cancelled = pay.apply(n, "cancel", actor="chen", at=at(6), note="申报信息有误").entity
    app = machine.apply(app, "cancel", actor="chen", at=at(6), note="申报信息有误").entity
    assert (cancelled.status, app.status) == (P.CANCELLED, S.CANCELLED)
    with pytest.raises(ActionNotAllowed):
        pay.apply(cancelled, "confirm", actor="finance", at=at(7), arrival_date=date(2026, 3, 7))


def test_6_4_deferred_payment_request(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """六（四）延迟缴款申请: "允许单位在政策允许范围内，申请延期缴纳参保费用"."""
    n = notice(rules, flow, approved(rules, machine))
    pay = payment_machine(flow.payment)
    ctx = {RULES: rules}
    with pytest.raises(GuardFailed):
        pay.apply(n, "defer", actor="chen", at=at(6), pay_by=date(2026, 3, 5), context=ctx)
    # "在政策允许范围内": the pack's payment.max_deferral_days bounds it
    limit = n.issued_on + timedelta(days=rules.param("payment.max_deferral_days", ON))
    with pytest.raises(GuardFailed, match="deferral_too_long"):
        pay.apply(n, "defer", actor="chen", at=at(6), pay_by=limit + timedelta(days=1), context=ctx)
    out = pay.apply(n, "defer", actor="chen", at=at(6), pay_by=limit, context=ctx)
    assert (out.entity.status, out.entity.deferred_until) == (P.DEFERRED, limit)
    assert out.events[0].name == "payment_deferred"
    done = pay.apply(
        out.entity,
        "confirm",
        actor="finance",
        at=at(14, 4),
        arrival_date=date(2026, 4, 14),
        amount_received=n.amount_due,  # no voucher in Guangdong: the office states the sum
    )
    assert done.entity.status is P.CONFIRMED


def test_6_5_payment_exception_confirmed_with_materials(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """六（五）异常缴费确认流程: "因缴款账户和参保单位信息不一致等原因造成的未及时到账的，由互助会财务经办人员推送异常信息"."""
    n = notice(rules, flow, approved(rules, machine))
    paid_by = PaymentVoucher(Decimal("300"), date(2026, 3, 9), "陈经办", "6222020000005678", "会费")
    warnings = voucher_warnings(attrs.evolve(n, vouchers=(paid_by,)), unit())
    assert [w.code for w in warnings] == ["payment.payer_differs", "payment.slip_without_number"]
    pay = payment_machine(flow.payment)
    with pytest.raises(GuardFailed):
        pay.apply(n, "flag_exception", actor="finance", at=at(10))
    flagged = pay.apply(
        n, "flag_exception", actor="finance", at=at(10), note="付款户名与参保单位不一致"
    )
    assert (
        flagged.entity.status is P.EXCEPTION
        and flagged.events[0].name == "payment_exception_raised"
    )
    answered = pay.apply(
        flagged.entity,
        "submit_exception_materials",
        actor="chen",
        at=at(11),
        voucher=paid_by,
        note="经办人代付，附单位说明",
    )
    assert answered.entity.status is P.VOUCHER_SUBMITTED
    done = pay.apply(
        answered.entity, "confirm", actor="finance", at=at(12), arrival_date=date(2026, 3, 9)
    )
    assert done.entity.status is P.CONFIRMED


# --- 七、开票流程 / 八、保单查询 ----------------------------------------------------------------------


def test_7_1_7_2_e_policy_and_invoice_request(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """七（一）获取电子保单 (二)单位开票申请: "下载电子保单，加盖公章…上传盖章后的参保确认书…填写开票信息及金额"."""
    app = approved(rules, machine)
    arrival = date(2026, 3, 20)
    app = machine.apply(
        app, "confirm_payment", actor="finance", at=at(20), context=paid(rules, flow, app, arrival)
    ).entity
    hosp = rules.plan(HOSP, ON)
    when = rules.effective_date(app, hosp, payment_arrival=arrival).date
    coverage = {p.code: p.coverage for p in rules.plans(ON)}
    policies = build_policies(
        app, numbers=["GD2026-H1", "GD2026-C1"], coverage=coverage, effective_date=when
    )
    assert [(p.plan_code, p.headcount, p.effective_date) for p in policies] == [
        (HOSP, 2, REFERENCE),
        (CI, 1, REFERENCE),
        (GIFT, 2, REFERENCE),  # 四（二）添加赠送计划: the gift's cover, at no charge
    ]
    ep = EPolicy.from_policy(
        policies[0], unit=unit(), plan=hosp, issued_on=date(2026, 3, 21), amount="200"
    )
    assert dict(ep.lines())["生效日期"] == "2026年04月01日"
    request = InvoiceRequest(
        "INV1",
        "U-GZ",
        (app.id,),
        "广州测试有限公司",
        "91440100MA9Y0001X7",
        Decimal("300"),
        "hr@example.com",
        date(2026, 3, 22),
    )
    context = {RULES: rules, UNIT: unit(), APPLICATIONS: (app,)}
    with pytest.raises(GuardFailed) as err:  # 5.上传盖章后的参保确认书: not yet
        invoice_machine().apply(request, "submit", actor="chen", at=at(22), context=context)
    assert err.value.details["codes"] == ("invoice.stamped_confirmation_missing",)
    stamped = Material.required(MaterialKind.CONFIRMATION_CERTIFICATE, "参保确认书（盖章）")
    request = invoice_machine().apply(
        request,
        "save",
        actor="chen",
        at=at(22),
        stamped_confirmation=stamped.provide("GD2026-H1-盖章.pdf"),
    ).entity
    sent = invoice_machine().apply(request, "submit", actor="chen", at=at(22), context=context).entity
    issued = invoice_machine().apply(
        sent, "issue", actor="finance", at=at(23), invoice_number="44001", context=context
    ).entity
    assert issued.status is I.ISSUED
    assert issued.stamped_confirmation is not None and issued.stamped_confirmation.provided


def test_8_1_unit_policy_query(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """八（一）单位保单查询: "查询本单位的保单信息，包括保障详情、有效期、参保状态"."""
    app = approved(rules, machine)
    arrival = date(2026, 3, 20)
    app = machine.apply(
        app, "confirm_payment", actor="finance", at=at(20), context=paid(rules, flow, app, arrival)
    ).entity
    coverage = {p.code: p.coverage for p in rules.plans(ON)}
    store = MemoryStore()
    for policy in build_policies(
        app, numbers=["P1", "P2"], coverage=coverage, effective_date=REFERENCE
    ):
        store.save(policy)
    assert [p.number for p in store.policies_of_unit("U-GZ")] == ["P1", "P2", "P1/" + GIFT]
    # 八（二）个人保单查询: the member's gift cover is found with the rest
    covering = store.policies_covering(staff()[0].id_number, date(2026, 4, 1))
    assert [(p.number, p.plan_code) for p in covering] == [
        ("P1", HOSP),
        ("P2", CI),
        ("P1/" + GIFT, GIFT),
    ]
    assert store.policies_covering(staff()[0].id_number, date(2026, 3, 31)) == ()


# --- 一（二）集团统一参保流程 ---------------------------------------------------------------------------------


def confirmed_links(flow: ApplicationFlow) -> list[UnitLink]:
    """Subsidiary S1 asks and HQ confirms; HQ asks S2 and S2 confirms."""
    a = request_link("HQ", "S1", requested_by="S1", flow=flow.registration, at=at(1)).entity
    b = request_link("HQ", "S2", requested_by="HQ", flow=flow.registration, at=at(1)).entity
    return [
        link_machine().apply(a, "confirm", actor="hq", at=at(1), unit_id="HQ").entity,
        link_machine().apply(b, "confirm", actor="s2", at=at(1), unit_id="S2").entity,
    ]


def fill(
    part_machine: Machine[Application], part: Application, people: Iterable[Member], when: datetime
) -> Application:
    roster = Roster.of(HOSP, list(people), shares=2)
    new_lines = tuple(attrs.evolve(line, roster=roster) for line in part.lines)
    return part_machine.apply(part, "save", actor=part.unit_id, at=when, lines=new_lines).entity


def test_1_2_the_pack_judges_a_part_by_the_deadline_the_parent_set_last(rules: PackView) -> None:
    """The parent moves the deadline after launch: the pack sees the group's, not the part's copy."""
    flow = flow_from(rules, "group", ON)
    launch = create_group(flow, "G2026-02", "HQ", "guangdong",
        lines=(ApplicationLine(HOSP, "STD", shares=2),), deadline=date(2026, 3, 20),
        links=confirmed_links(flow), at=at(2))  # fmt: skip
    later = group_machine(flow).apply(launch.group.entity, "save", actor="HQ", at=at(3),
                                      group_deadline=date(2026, 3, 31))  # fmt: skip
    pm = group_part_machine(flow)
    part = fill(pm, launch.parts[0].entity, staff(1, 2), at(3))
    assert part.group_deadline == date(2026, 3, 20)  # the copy made at launch
    out = pm.apply(
        part, "submit", actor="S1", at=at(25), context={GROUP: later.entity, RULES: rules}
    )
    assert out.entity.group_part_status is G.SUBMITTED_TO_PARENT


def test_1_2_group_enrolment_two_subsidiaries_one_returned_once(rules: PackView) -> None:
    """一（二）集团统一参保流程: HQ creates the plan, S1 and S2 fill and submit, HQ returns S2 once, sets the reference date, submits all."""
    flow = flow_from(rules, "group", ON)
    launch = create_group(
        flow,
        "G2026-01",
        "HQ",
        "guangdong",
        lines=(ApplicationLine(HOSP, "STD", shares=2, gift_plans=(GIFT,)),),
        deadline=date(2026, 3, 20),
        links=confirmed_links(flow),
        at=at(2),
    )
    group = launch.group.entity
    assert [p.entity.unit_id for p in launch.parts] == ["S1", "S2"]
    assert [e.name for e in launch.events] == ["group_part_opened", "group_part_opened"]
    pm = group_part_machine(flow)
    s1, s2 = (p.entity for p in launch.parts)
    with pytest.raises(GuardFailed) as err:  # "保障条款、份数…由集团总部确定"
        pm.apply(s1, "save", actor="S1", at=at(3), lines=(ApplicationLine(HOSP, "STD", shares=1),))
    assert err.value.details["codes"] == ("group.plans_fixed_by_parent",)
    s1 = fill(pm, s1, staff(1, 2), at(3))
    s2 = fill(pm, s2, staff(11, 2), at(3))
    s1 = pm.apply(s1, "submit", actor="S1", at=at(4), context={GROUP: group, RULES: rules}).entity
    s2 = pm.apply(s2, "submit", actor="S2", at=at(4), context={GROUP: group, RULES: rules}).entity
    # "如发现数据错误，集团可退回修改，下属单位需重新提交"
    back = pm.apply(s2, "return", actor="HQ", at=at(5), note="少报一人")
    assert isinstance(back.events[0], GroupPartReturned) and back.entity.feedback == "少报一人"
    s2 = fill(pm, back.entity, staff(11, 3), at(6))
    late = pm.check(s2, "submit", at=at(21), context={GROUP: group, RULES: rules})
    # "需在集团设定的截止日期前完成提交": the core's group rule
    assert [r.code for r in late] == ["group.deadline_passed"]
    s2 = pm.apply(
        s2, "submit", actor="S2", at=at(6, hour=10), context={GROUP: group, RULES: rules}
    ).entity
    gm = group_machine(flow)
    with pytest.raises(GuardFailed) as err:
        submit_group(flow, group, [s1, s2], actor="HQ", at=at(7))
    assert err.value.details["codes"] == ("group.reference_date_missing",)
    group = gm.apply(
        group, "set_reference_date", actor="HQ", at=at(7), reference_effective_date=REFERENCE
    ).entity
    out = submit_group(flow, group, [s1, s2], actor="HQ", at=at(7, hour=10))
    group, parts = out.group.entity, [p.entity for p in out.parts]
    assert [p.group_part_status for p in parts] == [G.INCLUDED, G.INCLUDED]
    assert all(p.reference_effective_date == REFERENCE for p in parts)
    group = gm.apply(group, "upload_stamped_application", actor="HQ", at=at(7, hour=11)).entity
    group = gm.apply(group, "approve", actor=OFFICE, at=at(8)).entity
    group = gm.apply(group, "approve", actor=OFFICE, at=at(9)).entity
    assert group.status is S.AWAITING_PAYMENT
    quote = price_group(rules, group, parts, ON)
    per_part = [rules.price_application(p, ON).total for p in parts]
    assert quote.total == sum(per_part) == Decimal("500.00")  # 5 members × 50 × 2 shares
    issued = notice_for_group(flow, group, parts, rules, counter=9, at=at(9, hour=10))
    assert (issued.entity.unit_id, issued.entity.amount_due) == ("HQ", Decimal("500.00"))
    transfer = payment_machine(flow.payment).apply(
        issued.entity, "confirm", actor="finance", at=at(30), arrival_date=date(2026, 3, 30),
        amount_received=issued.entity.amount_due,
    )  # fmt: skip
    group = gm.apply(
        group,
        "confirm_payment",
        actor="finance",
        at=at(30),
        context={PAYMENT_NOTICE: transfer.entity, RULES: rules},
    ).entity
    whole = combined_application(group, parts)
    policy, gift = build_policies(
        whole,
        numbers=["GD2026-G1"],
        coverage={HOSP: rules.plan(HOSP, ON).coverage},
        effective_date=REFERENCE,
    )
    assert policy.unit_id == "HQ" and policy.headcount == 5
    assert (gift.plan_code, gift.headcount) == (GIFT, 5)  # the group's gift plan, recorded
    # 七（二） "集团单位由集团总公司统一开票"
    hq = unit("HQ", "集团总部有限公司", "91440100MA9Y0002X8")
    s1_unit = unit("S1", "一号子公司", "91440100MA9Y0003X9")
    by_sub = InvoiceRequest(
        "INV-S1",
        "S1",
        (group.id,),
        s1_unit.name,
        s1_unit.code,
        Decimal("200"),
        "s1@example.com",
        date(2026, 3, 31),
    )
    context = {RULES: rules, UNIT: s1_unit, APPLICATIONS: (group,), GROUP: group}
    with pytest.raises(GuardFailed) as err:
        group_invoice_machine().apply(by_sub, "submit", actor="S1", at=at(31), context=context)
    assert "invoice.group_by_parent" in err.value.details["codes"]
    by_hq = attrs.evolve(
        by_sub,
        id="INV-HQ",
        unit_id="HQ",
        title=hq.name,
        taxpayer_code=hq.code,
        amount=Decimal("500"),
        # 七（二） "上传盖章后的参保确认书": the group policy's, stamped by the HQ
        stamped_confirmation=Material.required(MaterialKind.CONFIRMATION_CERTIFICATE).provide(
            "GD2026-G1-盖章.pdf"
        ),
    )
    sent = group_invoice_machine().apply(
        by_hq, "submit", actor="HQ", at=at(31), context={**context, UNIT: hq}
    )
    assert sent.entity.status is I.SUBMITTED
