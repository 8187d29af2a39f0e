"""Seed 000 (威海 互助保险工程项目使用说明书), walked step by step through the library.

Each test is one numbered section of the manual (its number in the name, its
words quoted in the docstring). The Weihai rule pack answers the plans and
prices (住院医疗 50 + 10, 住院津贴 36/40 + 9), the declared counts, the
invoice title; the helpers take a unit and an application as far as the
sections before the test did. Dates are the 2026 campaign's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualaid.documents import GroupApplicationForm, PaymentNoticeDocument
from mutualaid.errors import ActionNotAllowed, GuardFailed, InvalidIdentifier
from mutualaid.lifecycle import (
    APPLICATIONS,
    RULES,
    UNIT,
    ApplicationApproved,
    ApplicationReturned,
    UnitRegistered,
    build_policies,
    completeness,
    flow_from,
    invoice_machine,
    invoices_for_policy,
    issue_unit_number,
    new_registration,
    notice_for_application,
    payment_machine,
    registration_machine,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.lifecycle.machine import Machine
from mutualaid.model import (
    Application,
    InvoiceRequest,
    Member,
    PaymentNotice,
    PaymentVoucher,
    Roster,
)
from mutualaid.model.application import ApplicationLine, DeclaredCounts
from mutualaid.model.kinds import UnitCodeKind, UnitType
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import InvoiceRequestStatus as I
from mutualaid.model.states import PaymentNoticeStatus as P
from mutualaid.model.states import RegistrationStatus as R
from mutualaid.model.unit import Contact, Unit
from mutualaid.roster import RosterReport, check_roster
from mutualaid.rules.defaults import participation_ratio
from mutualaid.rules.engine import PackView
from mutualaid.testing.members import member, resident_id

PACK = "weihai"  # the pack of the conftest fixtures rules / flow / machine
ON = date(2026, 1, 2)  # the plans are offered within their coverage year
MED = "WH-MED-2026"
USCC = "91371000MA3C0000XF"
NAME = "威海测试有限公司"


def at(day: int, month: int = 1, hour: int = 9, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, 0)


def staff(n: int) -> list[Member]:
    return [
        member(f"职工{i}", birth_date=date(1980, 1, i), area="371002", serial=i)
        for i in range(1, n + 1)
    ]


def registered(rules: PackView, number: str = "44796252") -> Unit:
    """Sections 4-5: registered with the required fields of the 注册新用户 form; the number issued."""
    reg = registration_machine(flow_from(rules, "standalone", ON).registration)
    draft = new_registration(
        "U-WH",
        NAME,
        USCC,
        region="weihai",
        union_affiliation="威海 环翠区 张村镇",
        contact_email="hr@example.com",
        handler=Contact("负责人", mobile="13526589854"),
        has_registration_certificate=True,
    )
    return reg.apply(
        draft,
        "submit",
        actor="U-WH",
        at=at(1),
        unit_number=number,
        username=number,
        context={RULES: rules},
    ).entity


def completed(rules: PackView) -> Unit:
    """Sections 7-9: 修改/完善 — every field marked * filled, the certificate uploaded."""
    return attrs.evolve(
        registered(rules),
        unit_type=UnitType.GOVERNMENT_AGENCY,
        address="单位详细地址",
        handler=Contact("负责人", mobile="13526589854", id_number=resident_id(date(1980, 3, 3))),
        union_chair=Contact("工会主席", mobile="13526585845"),
    )


def application(n: int = 4, declared: int = 5, paying: int | None = None) -> Application:
    """Sections 12-16: the application saved with its counts and ``n`` members entered."""
    roster = Roster.of(MED, staff(n), tier_code="T50")
    return Application(
        "WH2026-001",
        "U-WH",
        "weihai",
        lines=(ApplicationLine(MED, "T50", roster=roster),),
        declared=DeclaredCounts(
            insured_headcount=declared, paying_headcount=n if paying is None else paying
        ),
    )


def approved(rules: PackView, machine: Machine[Application], unit: Unit) -> Application:
    """Sections 19-22: submitted, reviewed, approved (审核通过)."""
    out = machine.apply(
        application(), "submit", actor="U-WH", at=at(2), context={UNIT: unit, RULES: rules}
    )
    return machine.apply(
        out.entity, "approve", actor="office:weihai", at=at(3), context={UNIT: unit, RULES: rules}
    ).entity


def notice_for(rules: PackView, app: Application) -> PaymentNotice:
    flow = flow_from(rules, "standalone", ON)
    return notice_for_application(flow.payment, app, rules, counter=1, at=at(3, hour=10)).entity


# --- 4-6. 单位注册与登录 -------------------------------------------------------------------------


def test_section_4_5_register_and_unit_number_issued(rules: PackView) -> None:
    """4-5. 注册新用户: "注册后系统会自动生成编码并显示（这个编码与密码请牢记）"."""
    with pytest.raises(InvalidIdentifier):
        new_registration("U-X", NAME, "91371000MA3C0000X1")  # check character wrong
    reg = registration_machine(flow_from(rules, "standalone", ON).registration)
    draft = new_registration(
        "U-WH",
        NAME,
        USCC,
        handler=Contact("负责人", mobile="13526589854"),
        has_registration_certificate=True,
    )
    ctx = {RULES: rules}
    with pytest.raises(GuardFailed) as err:  # the form's *所属工会隶属地区 and *邮箱 are empty
        reg.apply(draft, "submit", actor="U-WH", at=at(1), context=ctx)
    assert err.value.details["codes"] == ("unit.registration_incomplete", "unit.number_missing")
    assert "union_affiliation, contact_email" in str(err.value)
    draft = attrs.evolve(draft, union_affiliation="威海 环翠区", contact_email="hr@example.com")
    number = issue_unit_number(used={"44796252"})
    assert len(number) == 8 and number.isdigit() and number != "44796252"
    out = reg.apply(draft, "submit", actor="U-WH", at=at(1), unit_number=number, username=number,
                    context=ctx)  # fmt: skip
    assert out.entity.status is R.APPROVED  # no review in Weihai
    (event,) = out.events
    assert isinstance(event, UnitRegistered) and event.unit_number == number


def test_section_4_register_with_organization_code(rules: PackView) -> None:
    """4. 注册新用户: "*单位类型: 信用代码证 组织机构代码证"."""
    unit = new_registration("U-OLD", "老单位", "D2143569-X")
    assert (unit.code_kind, unit.code) == (UnitCodeKind.ORG_CODE, "D2143569X")


def test_section_6_1_login_with_the_unit_number(rules: PackView) -> None:
    """6.1. 使用编号即可登陆: the login name is the unit number ("44796252")."""
    unit = registered(rules)
    assert unit.unit_number == "44796252"
    assert flow_from(rules, "standalone", ON).registration.username.value == "unit_number"


def test_section_7_9_complete_unit_information(rules: PackView) -> None:
    """7-9. "每次登陆时校验是否完善信息并提示" — 编辑单位信息, "*为必填"."""
    flow = flow_from(rules, "standalone", ON)
    missing = completeness(registered(rules), flow.registration)
    assert missing == (
        "unit_type",
        "handler.id_number",
        "union_chair.name",
        "union_chair.mobile",
        "address",
    )
    reg = registration_machine(flow.registration)
    full = completed(rules)
    changes = {f: getattr(full, f) for f in ("unit_type", "address", "handler", "union_chair")}
    out = reg.apply(registered(rules), "update", actor="U-WH", at=at(1, hour=10), changes=changes)
    assert completeness(out.entity, flow.registration) == ()


# --- 10-18. 参保申请与参保人 -------------------------------------------------------------------------


def test_section_10_two_projects_and_their_prices(rules: PackView) -> None:
    """10. 我的主页: "住院医疗互助保障项目 个人缴纳50元 工会补贴10元; 住院津贴… 个人缴纳36/40元 工会补贴9元"."""
    plans = {p.code: p for p in rules.plans(ON)}
    med = plans[MED].tiers[0].contribution
    assert (med.member, med.subsidy, med.total) == (
        Decimal("50.00"),
        Decimal("10.00"),
        Decimal("60.00"),
    )
    allowance = [
        (t.contribution.member, t.contribution.subsidy) for t in plans["WH-ALW-2026"].tiers
    ]
    assert allowance == [
        (Decimal("36.00"), Decimal("9.00")),
        (Decimal("40.00"), Decimal("9.00")),
    ]


def test_section_12_certificate_required_before_applying(
    rules: PackView, machine: Machine[Application]
) -> None:
    """12. "进入该页面时会提示前去上传注册证件及电子印章，注册证件必传，电子印章选填"."""
    no_cert = attrs.evolve(completed(rules), has_registration_certificate=False)
    codes = [
        r.code
        for r in machine.check(
            application(), "submit", at=at(2), context={UNIT: no_cert, RULES: rules}
        )
    ]
    assert codes == ["unit.certificate_missing"]
    assert (
        machine.check(
            application(), "submit", at=at(2), context={UNIT: completed(rules), RULES: rules}
        )
        == ()
    )


def test_section_13_list_shows_ratio_and_total(rules: PackView) -> None:
    """13. 列表: 社保缴费人数 120, 缴费人数 110, 缴费总金额 5500, 参保比例 91%."""
    app = Application(
        "WH-13",
        "U-WH",
        "weihai",
        declared=DeclaredCounts(insured_headcount=120, paying_headcount=110),
    )
    assert participation_ratio(app, "insured_headcount", "paying_headcount") == Decimal("0.91")
    priced = rules.price_application(application(n=4), ON)
    assert (priced.member_part, priced.subsidy_part) == (Decimal("200.00"), Decimal("40.00"))


def test_section_17_18_batch_import_and_reupload_only_the_errors(
    rules: PackView, tmp_path: Path
) -> None:
    """17-18. 批量导入: "将错误信息进行更改后再把这几个错误的人员重新上传，只需要上传错误人员信息"."""
    good = [resident_id(date(1980, 1, d), area="371002", serial=d) for d in (1, 2, 3)]
    path = tmp_path / "参保人.csv"
    path.write_text(
        "姓名,证件号码\n"
        + "".join(f"职工{n},{i}\n" for n, i in enumerate(good))
        + "错号,37100219800104\n",
        encoding="utf-8",
    )
    first = check_roster(path, pack=rules, plan=MED, on=ON)
    assert (first.summary.accepted, first.summary.rejected) == (3, 1)
    assert [r.row for r in first.failed()] == [5]
    fixed = tmp_path / "错误人员.csv"
    fixed.write_text(
        f"姓名,证件号码\n错号,{resident_id(date(1980, 1, 4), area='371002', serial=4)}\n",
        encoding="utf-8",
    )
    again: RosterReport = check_roster(fixed, pack=rules, plan=MED, on=ON, accepted=first)
    assert again.summary.accepted == 1
    merged = first.merge(again)
    assert merged.summary.accepted == 4 and not merged.blocking
    assert merged.application_line().headcount == 4


# --- 19-21. 提交、审核、退回 -------------------------------------------------------------------------


def test_section_19_submit_blocked_until_info_complete_and_counts_match(
    rules: PackView, machine: Machine[Application]
) -> None:
    """19. "若未完成单位信息，则会无法进行提交，若录入人员数量与填写数量不符，则无法进行提交"."""
    codes = [
        r.code
        for r in machine.check(
            application(n=4, paying=5),
            "submit",
            at=at(2),
            context={UNIT: registered(rules), RULES: rules},
        )
    ]
    assert codes == ["unit.info_incomplete", "roster.count_mismatch"]  # the count: the pack's rule
    with pytest.raises(GuardFailed) as err:
        machine.apply(
            application(n=4, paying=5),
            "submit",
            actor="U-WH",
            at=at(2),
            context={UNIT: completed(rules), RULES: rules},
        )
    assert "录入人员数量4与填写的缴费人数5不符" in str(err.value)


def test_section_20_submitted_awaits_review(rules: PackView, machine: Machine[Application]) -> None:
    """20. "提交后进入等待审核" — 审核状态 待审核; the unit can no longer edit."""
    out = machine.apply(
        application(),
        "submit",
        actor="U-WH",
        at=at(2),
        context={UNIT: completed(rules), RULES: rules},
    )
    assert out.entity.status is S.SUBMITTED and out.entity.status.label == "待审核"
    with pytest.raises(ActionNotAllowed):
        machine.apply(out.entity, "save", actor="U-WH", at=at(2), remarks="改")


def test_section_21_returned_with_feedback_then_resubmitted(
    rules: PackView, machine: Machine[Application]
) -> None:
    """21. "若审核进入未通过…会显示审核反馈，根据反馈内容进行再修改后提交" (审核未通过 重新提交 / 信息有错误)."""
    unit = completed(rules)
    start = application()
    trail = []
    out = machine.apply(start, "submit", actor="U-WH", at=at(2), context={UNIT: unit, RULES: rules})
    trail.append(out.audit)
    returned = machine.apply(
        out.entity, "return", actor="office:weihai", at=at(3), note="信息有错误"
    )
    trail.append(returned.audit)
    app = returned.entity
    assert (app.status.label, app.feedback) == ("审核未通过", "信息有错误")
    assert isinstance(returned.events[0], ApplicationReturned)
    assert returned.events[0].feedback == "信息有错误"
    five = ApplicationLine(MED, "T50", roster=Roster.of(MED, staff(5), tier_code="T50"))
    edited = machine.apply(
        app,
        "save",
        actor="U-WH",
        at=at(4),
        lines=(five,),
        declared=DeclaredCounts(insured_headcount=5, paying_headcount=5),
    )
    trail.append(edited.audit)
    again = machine.apply(
        edited.entity, "submit", actor="U-WH", at=at(4, hour=10), context={UNIT: unit, RULES: rules}
    )
    trail.append(again.audit)
    assert again.entity.status is S.SUBMITTED and again.entity.feedback == ""
    assert machine.replay(start, trail) == again.entity


# --- 22. 审核通过: 打印或上传缴费单 ------------------------------------------------------------------


def test_section_22_1_approved_without_e_seal_prints_the_group_form(
    rules: PackView, machine: Machine[Application]
) -> None:
    """22 (1). "若未上传电子印章，点击打印页面即可对申请表和人员名单进行打印"."""
    unit = completed(rules)
    submitted = machine.apply(
        application(), "submit", actor="U-WH", at=at(2), context={UNIT: unit, RULES: rules}
    )
    out = machine.apply(
        submitted.entity,
        "approve",
        actor="office:weihai",
        at=at(3),
        context={UNIT: unit, RULES: rules},
    )
    (event,) = out.events
    assert isinstance(event, ApplicationApproved)
    assert event.next_step == "print_group_application_form"
    with pytest.raises(GuardFailed) as err:
        machine.apply(out.entity, "submit_payment", actor="U-WH", at=at(4), context={UNIT: unit})
    assert err.value.details["codes"] == ("payment.e_seal_required",)
    form = GroupApplicationForm.from_application(
        out.entity, unit=unit, plan=rules.plan(MED, ON), applied_on=date(2026, 1, 2)
    )
    lines = dict(form.lines(reveal=True))
    assert form.title == "住院医疗互助保障项目团体申请表"
    assert lines["会员个人缴费标准(元/人)"] == "50.00元/人/份"
    assert (lines["参保人数"], lines["缴费总金额"]) == ("4人", "200.00元")
    assert lines["单位名称全称(盖章)"] == NAME
    assert len(form.members) == 4
    # the printed form is stamped and paid by transfer; the office confirms the arrival
    notice = notice_for(rules, out.entity)
    pay = payment_machine(flow_from(rules, "standalone", ON).payment)
    confirmed = pay.apply(
        notice,
        "confirm",
        actor="office:weihai",
        at=at(8),
        arrival_date=date(2026, 1, 8),
        amount_received=notice.amount_due,  # no voucher uploaded: the office states the sum
    )
    assert confirmed.entity.status is P.CONFIRMED
    done = machine.apply(
        out.entity,
        "confirm_payment",
        actor="office:weihai",
        at=at(8),
        context={PAYMENT_NOTICE: confirmed.entity, RULES: rules},
    )
    assert done.entity.status is S.EFFECTIVE
    assert done.events[0].amount_paid == notice.amount_due  # the member part (Weihai)


def test_section_22_2_approved_with_e_seal_uploads_voucher(
    rules: PackView, machine: Machine[Application]
) -> None:
    """22 (2). "若已上传电子印章，则会出现上传缴费单按钮…上传完毕后点击保存即可自动提交"."""
    unit = attrs.evolve(completed(rules), has_e_seal=True)
    submitted = machine.apply(
        application(), "submit", actor="U-WH", at=at(2), context={UNIT: unit, RULES: rules}
    )
    app = machine.apply(
        submitted.entity,
        "approve",
        actor="office:weihai",
        at=at(3),
        context={UNIT: unit, RULES: rules},
    )
    assert app.events[0].next_step == "upload_voucher"
    notice = notice_for(rules, app.entity)
    # the unit pays the members' part: "缴费人数 110 缴费总金额 5500" (§13), 50 each
    assert notice.amount_due == Decimal("200.00")
    doc = PaymentNoticeDocument.from_notice(
        notice, unit=unit, subject=app.entity, plans=[rules.plan(MED, ON)]
    )
    assert dict(doc.lines())["应缴会费"] == "200.00元"
    pay = payment_machine(flow_from(rules, "standalone", ON).payment)
    slip = PaymentVoucher(Decimal("200"), date(2026, 1, 4), NAME, "6222020000001234", notice.number)
    notice = pay.apply(notice, "add_voucher", actor="U-WH", at=at(4), voucher=slip).entity
    with pytest.raises(GuardFailed) as err:  # one voucher per notice in Weihai
        pay.apply(notice, "add_voucher", actor="U-WH", at=at(4), voucher=slip)
    assert err.value.details["codes"] == ("payment.one_voucher_only",)
    notice = pay.apply(notice, "submit_vouchers", actor="U-WH", at=at(4)).entity
    paid = machine.apply(
        app.entity,
        "submit_payment",
        actor="U-WH",
        at=at(4),
        context={UNIT: unit},
        notice_number=notice.number,
    )
    assert paid.entity.status is S.PAYMENT_SUBMITTED


def test_section_22_2_voucher_sent_back_and_uploaded_again(
    rules: PackView, machine: Machine[Application]
) -> None:
    """22 (2). "若信息审核不通过则会发回重新上传，同上一步审核不通过"."""
    unit = attrs.evolve(completed(rules), has_e_seal=True)
    app = approved(rules, machine, unit)
    notice = notice_for(rules, app)
    pay = payment_machine(flow_from(rules, "standalone", ON).payment)
    blurred = PaymentVoucher(Decimal("200"), date(2026, 1, 4), NAME, "6222020000001234", "")
    notice = pay.apply(notice, "add_voucher", actor="U-WH", at=at(4), voucher=blurred).entity
    notice = pay.apply(notice, "submit_vouchers", actor="U-WH", at=at(4)).entity
    app = machine.apply(app, "submit_payment", actor="U-WH", at=at(4), context={UNIT: unit}).entity
    notice = pay.apply(
        notice, "return_vouchers", actor="office:weihai", at=at(5), note="凭证不清晰"
    ).entity
    app = machine.apply(
        app, "return_payment", actor="office:weihai", at=at(5), note="凭证不清晰"
    ).entity
    assert (notice.status, app.status) == (P.VOUCHER_RETURNED, S.AWAITING_PAYMENT)
    clear = attrs.evolve(blurred, slip_text=notice.number)
    notice = pay.apply(notice, "remove_voucher", actor="U-WH", at=at(6), index=0).entity
    notice = pay.apply(notice, "add_voucher", actor="U-WH", at=at(6), voucher=clear).entity
    notice = pay.apply(notice, "submit_vouchers", actor="U-WH", at=at(6)).entity
    app = machine.apply(app, "submit_payment", actor="U-WH", at=at(6), context={UNIT: unit}).entity
    notice = pay.apply(
        notice, "confirm", actor="office:weihai", at=at(8), arrival_date=date(2026, 1, 6)
    ).entity
    app = machine.apply(
        app,
        "confirm_payment",
        actor="office:weihai",
        at=at(8),
        context={PAYMENT_NOTICE: notice, RULES: rules},
        notice_number=notice.number,
    ).entity
    assert (notice.status, app.status) == (P.CONFIRMED, S.EFFECTIVE)


def test_section_22_invoice_title_is_the_unit_name_and_the_policy(
    rules: PackView, machine: Machine[Application]
) -> None:
    """4. "*单位名称(全称): 与发票户头、盖章户头一致" and 1. "点击后两个发票系统…打印发票": invoice, then the policy."""
    unit = attrs.evolve(completed(rules), has_e_seal=True)
    app = approved(rules, machine, unit)
    arrival = date(2026, 1, 8)
    notice = attrs.evolve(notice_for(rules, app), status=P.CONFIRMED, arrival_date=arrival)
    app = machine.apply(
        app,
        "confirm_payment",
        actor="office:weihai",
        at=at(8),
        context={PAYMENT_NOTICE: notice, RULES: rules},
    ).entity
    plan = rules.plan(MED, ON)
    # the manual does not say when cover starts; the pack answers with the coverage start
    when = rules.effective_date(app, plan, payment_arrival=date(2026, 1, 8)).date
    (policy,) = build_policies(
        app, numbers=["WH2026-0001"], coverage={MED: plan.coverage}, effective_date=when
    )
    assert (policy.effective_date, policy.headcount) == (date(2026, 1, 1), 4)
    context: dict[str, Any] = {RULES: rules, UNIT: unit, APPLICATIONS: (app,)}
    wrong = InvoiceRequest(
        "INV1",
        unit.id,
        (app.id,),
        "威海测试公司",
        USCC,
        Decimal("240"),
        "hr@example.com",
        date(2026, 1, 15),
    )
    with pytest.raises(GuardFailed) as err:
        invoice_machine().apply(wrong, "submit", actor="U-WH", at=at(15), context=context)
    assert err.value.details["codes"] == ("invoice.title_mismatch",)
    right = invoice_machine().apply(wrong, "save", actor="U-WH", at=at(15), title=NAME).entity
    sent = invoice_machine().apply(right, "submit", actor="U-WH", at=at(15), context=context)
    issued = invoice_machine().apply(
        sent.entity,
        "issue",
        actor="office:weihai",
        at=at(16),
        invoice_number="37001234",
        context=context,
    )
    assert issued.entity.status is I.ISSUED
    assert invoices_for_policy(policy, [issued.entity]) == (issued.entity,)
