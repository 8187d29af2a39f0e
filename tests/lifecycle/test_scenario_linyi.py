"""Seed 003 (中国职工保险互助会数字化平台 核心业务系统会员单位操作手册, 临沂), section by section.

Each test is one section of the manual (``test_3_2_1_2_…`` for 3.2.1.2; the
four notes at the top of the manual as ``test_note_<n>_…``), its title
quoted in the docstring. The Linyi rule pack answers the coverage
activities and their high-risk prices, the declared staff counts, the
per-capita invoice cap and the settlement day on the 25th. Dates are the
2026 campaign's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from openpyxl import load_workbook

from mutualaid.documents import ConfirmationCertificate
from mutualaid.errors import ActionNotAllowed, GuardFailed
from mutualaid.lifecycle import (
    APPLICATIONS,
    RULES,
    UNIT,
    MemoryStore,
    UnitRegistered,
    build_policies,
    endorsement_findings,
    endorsement_machine,
    invoice_machine,
    is_covered,
    new_registration,
    notice_for_application,
    payment_machine,
    pinyin_username,
    registration_machine,
    transfer_in,
)
from mutualaid.lifecycle.application import application_machine
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.lifecycle.machine import Machine
from mutualaid.model import (
    Application,
    Endorsement,
    InvoiceRequest,
    Member,
    Policy,
    PolicyMember,
    Roster,
)
from mutualaid.model.application import ApplicationLine, DeclaredCounts
from mutualaid.model.kinds import RiskClass
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import InvoiceRequestStatus as I
from mutualaid.model.states import PolicyStatus
from mutualaid.model.states import RegistrationStatus as R
from mutualaid.model.unit import Contact
from mutualaid.roster import check_roster, reimport, write_error_workbook
from mutualaid.rules.engine import PackView
from mutualaid.rules.flows import ApplicationFlow
from mutualaid.testing.members import member, resident_id

PACK = "linyi"  # the pack of the conftest fixtures rules / flow / machine
ON = date(2026, 3, 2)
HOSP, ACC = "LY-HOSP-2026", "LY-ACC-2026"
OFFICE = "office:linyi"
UNIT_LY = new_registration(
    "U-LY",
    "临沂测试有限公司",
    "91371300MA3Q0000XX",
    region="linyi",
    handler=Contact("单田芳", mobile="13953912345"),
    contact_email="caiwu@example.com",
    has_registration_certificate=True,
)


def at(day: int, month: int = 3, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0)


NORMAL = [member(f"职工{i}", birth_date=date(1985, 1, i), area="371302", serial=i) for i in (1, 2)]
HIGH = member(
    "高危工", birth_date=date(1986, 2, 2), area="371302", serial=5, risk_class=RiskClass.HIGH_RISK
)


def activities(people: list[Member] | None = None) -> tuple[ApplicationLine, ...]:
    """3.2.1.1 保障活动录入: hospital × 2 shares (with one high-risk member), accident × 3 shares."""
    hosp = people or [*NORMAL, HIGH]
    return (
        ApplicationLine(HOSP, "STD", shares=2, roster=Roster.of(HOSP, hosp, shares=2)),
        ApplicationLine(ACC, "STD", shares=3, roster=Roster.of(ACC, NORMAL, shares=3)),
    )


def entered(machine: Machine[Application], female: int = 1) -> Application:
    """3.2.1.1-3.2.1.3: activities, members, the staff counts, the remarks."""
    return machine.apply(
        Application("LY2026-0001", "U-LY", "linyi"),
        "save",
        actor="shantianfang",
        at=at(2),
        lines=activities(),
        declared=DeclaredCounts(active_staff=3, active_female_staff=female),
        remarks="2026年度参保",
    ).entity


def checks(rules: PackView, app: Application) -> dict[str, Any]:
    """What the host gives the submit guard: the pack, which finds what blocks on its own."""
    return {RULES: rules}


def approved(rules: PackView, machine: Machine[Application]) -> Application:
    """3.2.1.3 完成 → 参保初审 → 审核通过 (短信通知): 开票录入."""
    app = entered(machine)
    app = machine.apply(
        app, "submit", actor="shantianfang", at=at(3), context=checks(rules, app)
    ).entity
    return machine.apply(app, "approve", actor=OFFICE, at=at(4)).entity


def paid(rules: PackView, flow: ApplicationFlow, app: Application, arrival: date) -> Any:
    """The context of ``confirm_payment``: the notice the pack priced, the transfer confirmed."""
    issued = notice_for_application(flow.payment, app, rules, counter=1, at=at(5)).entity
    confirmed = payment_machine(flow.payment).apply(
        issued, "confirm", actor=OFFICE, at=at(arrival.day), arrival_date=arrival,
        amount_received=issued.amount_due,  # 打款: no voucher, the office states the sum
    )  # fmt: skip
    return {PAYMENT_NOTICE: confirmed.entity, RULES: rules}


def invoice(amount: str, day: int, app_id: str = "LY2026-0001") -> InvoiceRequest:
    return InvoiceRequest(
        "INV-LY-1",
        "U-LY",
        (app_id,),
        UNIT_LY.name,
        UNIT_LY.code,
        Decimal(amount),
        "caiwu@example.com",
        date(2026, 3, day),
    )


# --- the notes at the top of the manual --------------------------------------------------------


def test_note_1_username_is_the_handlers_name_in_pinyin(flow: ApplicationFlow) -> None:
    """注 1: "用户名为上一期或修改后经办人姓名小写全拼（如有重姓名的请拨打8772028…查询）"."""
    assert pinyin_username("单田芳") == "shantianfang"  # 单 read as a surname
    assert pinyin_username("单田芳", taken={"shantianfang"}) == "shantianfang2"
    assert flow.registration.username.value == "pinyin"


def test_note_2_the_order_of_the_steps(flow: ApplicationFlow) -> None:
    """注 2: "人员名单模版导入→审核通过后短信通知→填写开票录入→打款→确认书打印自行留存→发票发送至邮箱"."""
    actions = application_machine(flow).actions  # the steps a host shows: the machine's table
    assert [
        a for a in actions if a in ("submit", "approve", "enter_invoice", "confirm_payment")
    ] == [
        "submit",
        "confirm_payment",
        "approve",
        "enter_invoice",
    ]
    assert flow.confirmation_certificate


# --- 2. 会员单位注册 -------------------------------------------------------------------------------------


def test_2_registration_reviewed_then_account_by_sms(
    flow: ApplicationFlow, rules: PackView
) -> None:
    """2. 会员单位注册: "由办事处、经办机构业务人员审核。审核通过后，会向单位联系人手机号发送短信告知账号密码"."""
    reg = registration_machine(flow.registration)
    draft = attrs.evolve(UNIT_LY, has_registration_certificate=False)
    with pytest.raises(GuardFailed) as err:  # "上传证件图片"
        reg.apply(draft, "submit", actor="U-LY", at=at(1), context={RULES: rules})
    assert err.value.details["codes"] == ("unit.certificate_missing",)
    out = reg.apply(UNIT_LY, "submit", actor="U-LY", at=at(1), context={RULES: rules})
    assert out.entity.status is R.PENDING_REVIEW
    name = pinyin_username(UNIT_LY.handler.name if UNIT_LY.handler else "")
    done = reg.apply(out.entity, "approve", actor=OFFICE, at=at(1, hour=15), username=name)
    (sms,) = done.events
    assert isinstance(sms, UnitRegistered) and sms.username == "shantianfang"


# --- 3. 会员单位参保 -------------------------------------------------------------------------------------


def test_3_1_template_has_the_risk_class_column(rules: PackView) -> None:
    """3.1. 模版下载: "下载后填写待参保的人员清单" — with 风险类别, since the price depends on it."""
    headers = [c.header for c in rules.template_columns(rules.plan(HOSP, ON))]
    assert headers[:3] == ["姓名", "证件类型", "证件号码"] and headers[-1] == "风险类别"


def test_3_2_1_1_coverage_activities_with_their_shares(
    rules: PackView, machine: Machine[Application]
) -> None:
    """3.2.1.1. 保障活动录入: "选择保障活动的参保份数，点击【下一步】"."""
    app = entered(machine)
    assert [(li.plan_code, li.shares, li.headcount) for li in app.lines] == [
        (HOSP, 2, 3),
        (ACC, 3, 2),
    ]
    quote = rules.price_application(app, ON)
    # hospital: 2 × 50 × 2 + 80 × 2 (high-risk); accident: 2 × 20 × 3
    assert [q.member_part for q in quote.lines] == [Decimal("360.00"), Decimal("120.00")]
    assert quote.total == Decimal("480.00")


def test_3_2_1_2_member_list_import_failed_rows_and_reimport(
    rules: PackView, tmp_path: Path
) -> None:
    """3.2.1.2. 人员清单维护: "依次点击每个保障活动后的【人员清单导入】…【导入失败人员下载】…将人员重新上传"."""
    good = [resident_id(date(1985, 1, d), area="371302", serial=d) for d in (1, 2)]
    path = tmp_path / "住院医疗.csv"
    path.write_text(
        "姓名,证件类型,证件号码,风险类别\n"
        f"职工1,居民身份证,{good[0]},普通\n职工2,居民身份证,{good[1]},普通\n"
        "高危工,居民身份证,37130219860202051,高危\n",
        encoding="utf-8",
    )
    first = check_roster(path, pack=rules, plan=HOSP, shares=2, on=ON)
    assert (first.summary.accepted, first.summary.rejected) == (2, 1)
    failed = write_error_workbook(first, tmp_path / "导入失败人员.xlsx")
    book = load_workbook(failed)
    sheet = book.active
    assert sheet.cell(2, 1).value == "高危工"
    id_column = [c.value for c in sheet[1]].index("证件号码") + 1
    sheet.cell(2, id_column).value = HIGH.id_number
    book.save(failed)
    merged = reimport(first, failed)
    assert (merged.summary.accepted, merged.summary.rejected) == (3, 0)
    line = merged.application_line()
    assert (line.shares, line.headcount) == (2, 3)
    assert [e.member.risk_class for e in line.roster] == [
        RiskClass.NORMAL,
        RiskClass.NORMAL,
        RiskClass.HIGH_RISK,
    ]
    assert merged.summary.amount_due == Decimal("360.00")


def test_3_2_1_2_active_and_female_staff_counts(
    rules: PackView, machine: Machine[Application]
) -> None:
    """3.2.1.2: "参保人导入完成后，需要录入本参保单位的在职职工人数和在职女职工人数"."""
    app = machine.apply(
        Application("LY2026-0001", "U-LY", "linyi"),
        "save",
        actor="shantianfang",
        at=at(2),
        lines=activities(),
    ).entity
    codes = [r.code for r in machine.check(app, "submit", at=at(3), context=checks(rules, app))]
    assert set(codes) == {"application.declared_missing"}
    reasons = " ".join(
        str(r) for r in machine.check(app, "submit", at=at(3), context=checks(rules, app))
    )
    assert "在职职工人数" in reasons and "在职女职工人数" in reasons
    too_many = entered(machine, female=4)
    codes = [
        r.code for r in machine.check(too_many, "submit", at=at(3), context=checks(rules, too_many))
    ]
    assert codes == ["linyi.female_staff_exceeds_active"]


def test_3_2_1_3_insurance_information_goes_to_initial_review(
    rules: PackView, machine: Machine[Application]
) -> None:
    """3.2.1.3. 参保信息录入: "上传本次参保需要的附件信息，录入参保说明，点击完成，保单进入参保初审环节"."""
    app = entered(machine)
    out = machine.apply(app, "submit", actor="shantianfang", at=at(3), context=checks(rules, app))
    assert out.entity.status is S.SUBMITTED
    assert S.from_label("参保初审") is S.SUBMITTED
    assert out.entity.remarks == "2026年度参保"


def test_3_2_2_initial_review_returned_and_entered_again(
    rules: PackView, machine: Machine[Application]
) -> None:
    """3.2.2. 初审退回重新录入: "可以查看审核不通过原因，点击继续录入…修改完成后重新提交初审"."""
    start = entered(machine)
    trail = []
    out = machine.apply(
        start, "submit", actor="shantianfang", at=at(3), context=checks(rules, start)
    )
    trail.append(out.audit)
    out = machine.apply(out.entity, "start_review", actor=OFFICE, at=at(4))
    trail.append(out.audit)
    out = machine.apply(
        out.entity, "return", actor=OFFICE, at=at(4, hour=10), note="高危人员须附岗位证明"
    )
    trail.append(out.audit)
    assert (out.entity.status.label, out.entity.feedback) == ("审核未通过", "高危人员须附岗位证明")
    out = machine.apply(
        out.entity, "save", actor="shantianfang", at=at(5), remarks="已补充岗位证明"
    )
    trail.append(out.audit)
    out = machine.apply(
        out.entity,
        "submit",
        actor="shantianfang",
        at=at(5, hour=10),
        context=checks(rules, out.entity),
    )
    trail.append(out.audit)
    assert out.entity.status is S.SUBMITTED and out.entity.feedback == ""
    assert machine.replay(start, trail) == out.entity


def test_3_3_invoice_entry_with_the_per_capita_cap(
    rules: PackView, machine: Machine[Application]
) -> None:
    """3.3. 开票录入: "若本次保障活动存在高危和普通两类人群，则开票时人均单价上限为（高危会费单价*份数）"."""
    app = approved(rules, machine)
    assert app.status is S.AWAITING_INVOICE_ENTRY
    ctx = {RULES: rules, UNIT: UNIT_LY, APPLICATIONS: (app,)}
    # The accident activity is all normal risk: its part is its quote, 2 × 3 × 20 = 120.
    # The hospital activity mixes the classes: capped at 3 members × 80 (high-risk) × 2 shares.
    with pytest.raises(GuardFailed) as err:
        invoice_machine().apply(
            invoice("600.01", 20), "submit", actor="shantianfang", at=at(20), context=ctx
        )
    assert err.value.details["codes"] == ("invoice.per_capita_cap",)
    assert "3人合计480.00元" in str(err.value)
    at_cap = invoice_machine().check(invoice("600.00", 20), "submit", at=at(20), context=ctx)
    assert [r.code for r in at_cap] == []
    sent = invoice_machine().apply(
        invoice("480", 20), "submit", actor="shantianfang", at=at(20), context=ctx
    )
    out = machine.apply(
        app, "enter_invoice", actor="shantianfang", at=at(20), invoice_request_id=sent.entity.id,
        context={"invoice_request": sent.entity},
    )  # fmt: skip
    assert out.entity.status is S.PAYMENT_SUBMITTED and out.entity.status.label == "待核对"


@pytest.mark.parametrize(
    ("day", "refused"),
    [(24, False), (25, False), (26, True)],
    ids=["24th", "25th-settlement-day", "26th"],
)
def test_note_4_settlement_day_on_the_25th(
    rules: PackView, machine: Machine[Application], day: int, refused: bool
) -> None:
    """注 4: "每月25日为结算日，结算后不再开取发票" — the 24th and the 25th pass, the 26th does not."""
    app = approved(rules, machine)
    ctx = {RULES: rules, UNIT: UNIT_LY, APPLICATIONS: (app,)}
    request = invoice("480", day)
    codes = [r.code for r in invoice_machine().check(request, "submit", at=at(day), context=ctx)]
    assert codes == (["invoice.after_settlement_day"] if refused else [])
    if not refused:
        out = invoice_machine().apply(
            request, "submit", actor="shantianfang", at=at(day), context=ctx
        )
        assert out.entity.status is I.SUBMITTED


def invoice_entered(
    rules: PackView, machine: Machine[Application], app: Application
) -> Application:
    """3.3 开票录入: the invoice request submitted, then entered on the application."""
    ctx = {RULES: rules, UNIT: UNIT_LY, APPLICATIONS: (app,)}
    sent = invoice_machine().apply(
        invoice("480", 20), "submit", actor="shantianfang", at=at(20), context=ctx
    ).entity
    return machine.apply(
        app, "enter_invoice", actor="shantianfang", at=at(20), invoice_request_id=sent.id,
        context={"invoice_request": sent},
    ).entity  # fmt: skip


def test_3_3_payment_confirmed_then_effective(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """注 2 "打款(户名:中国职工保险互助会临沂办事处…)" and 3.3 "参保单流转至到账确认环节"."""
    app = approved(rules, machine)
    app = invoice_entered(rules, machine, app)
    with pytest.raises(ActionNotAllowed):
        machine.apply(app, "enter_invoice", actor="shantianfang", at=at(20))
    account = rules.param("payment.account", ON)
    assert account["name"] == "中国职工保险互助会临沂办事处"
    arrival = date(2026, 3, 22)
    out = machine.apply(
        app, "confirm_payment", actor=OFFICE, at=at(23), context=paid(rules, flow, app, arrival)
    )
    assert out.entity.status is S.EFFECTIVE
    assert [e.name for e in out.events] == ["payment_confirmed", "policy_effective"]


def test_3_4_confirmation_certificate_with_its_member_list(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """3.4. 确认书打印: "【确认人员名单并打印确认书】…【下载人员清单】…勾选“我已确认人员名单无误”后…【打印确认书】"."""
    app = invoice_entered(rules, machine, approved(rules, machine))
    arrival = date(2026, 3, 22)
    app = machine.apply(
        app, "confirm_payment", actor=OFFICE, at=at(23), context=paid(rules, flow, app, arrival)
    ).entity
    coverage = {p.code: p.coverage for p in rules.plans(ON)}
    when = rules.effective_date(app, rules.plan(HOSP, ON), payment_arrival=date(2026, 3, 22)).date
    policies = build_policies(
        app, numbers=["LY-P1", "LY-P2"], coverage=coverage, effective_date=when
    )
    priced = {q.plan_code: q.member_part for q in rules.price_application(app, ON).lines}
    cert = ConfirmationCertificate.from_policies(
        policies,
        unit=UNIT_LY,
        issued_on=date(2026, 3, 24),
        plans=rules.plans(ON),
        amounts={p.number: priced[p.plan_code] for p in policies},
        office="中国职工保险互助会临沂办事处",
    )
    assert (cert.headcount, cert.amount) == (3, Decimal("480.00"))
    assert [(li.plan_name, li.shares) for li in cert.policy_lines] == [
        ("职工住院医疗互助保障活动2026", 6),
        ("职工意外伤害互助保障活动2026", 6),
    ]
    names = [row.cells()[1] for row in cert.members.rows]
    assert names == ["职工1", "职工2", "高危工", "职工1", "职工2"]
    assert all("********" in str(row.cells()[3]) for row in cert.members.rows)
    # "若修改确认书信息（如单位信息或日期信息等）…【刷新计划书】": built again
    renamed = attrs.evolve(UNIT_LY, name="临沂测试股份有限公司")
    refreshed = ConfirmationCertificate.from_policies(
        policies, unit=renamed, issued_on=date(2026, 3, 25)
    )
    assert refreshed.unit.name == "临沂测试股份有限公司"


def test_note_3_transfer_in_from_another_insured_unit(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """注 3: "单位保障期内，如有其他单位已入会人员调入本单位，为防止断保，可将调入人员…发送至…邮箱办理新增"."""
    coverage = rules.plan(HOSP, ON).coverage
    ours = Policy(
        "LY-P1",
        "U-LY",
        "LY2026-0001",
        HOSP,
        coverage,
        tuple(PolicyMember(m, "STD", 2, date(2026, 3, 23)) for m in NORMAL),
        PolicyStatus.EFFECTIVE,
        date(2026, 3, 23),
    )
    mover = member("调入者", birth_date=date(1984, 4, 4), area="371302", serial=8)
    theirs = Policy(
        "LY-P9",
        "U-OTHER",
        "LY2026-0900",
        HOSP,
        coverage,
        (PolicyMember(mover, "STD", 1, date(2026, 1, 1)),),
        PolicyStatus.EFFECTIVE,
        date(2026, 1, 1),
    )
    # the region has no online endorsement: the office does it on the unit's request
    assert flow.endorsement.transfer_in_by_mail and not flow.endorsement.enabled
    em = endorsement_machine(flow.endorsement, flow.association_sets_effective_time)
    assert em.actions == ("save", "cancel")
    request = Endorsement(
        "LY-BQ1", ours.number, "U-LY", date(2026, 6, 1), Roster.of(HOSP, [mover], shares=2)
    )
    codes = [r.code for r in endorsement_findings(request, ours, [ours, theirs])]
    assert codes == ["endorsement.covered_elsewhere"]  # an ordinary addition would cover twice
    # "为防止断保": the office adds the mover from the transfer day; the former unit's
    # cover ends the day before — no gap, no double cover, both trails record it
    done = transfer_in(
        flow.endorsement,
        ours,
        [PolicyMember(mover, "STD", 2)],
        on=date(2026, 6, 1),
        former=[theirs],
        actor=OFFICE,
        at=at(1, month=6),
        request_id=request.id,
    )
    added, (left,) = done.policy.entity, [o.entity for o in done.former]
    assert done.policy.audit.params["from_policies"] == ("LY-P9",)
    assert done.former[0].audit.params["to_policy"] == "LY-P1"
    assert is_covered(mover.id_number, date(2026, 5, 31), [added, left])  # by the former unit
    assert not is_covered(mover.id_number, date(2026, 5, 31), [added])
    assert is_covered(mover.id_number, date(2026, 6, 1), [added])
    assert not is_covered(mover.id_number, date(2026, 6, 1), [left])
    store = MemoryStore()
    for p in (added, left):
        store.save(p)
    found = store.policies_covering(mover.id_number, date(2026, 6, 1))
    assert [p.unit_id for p in found] == ["U-LY"]
    before = store.policies_covering(mover.id_number, date(2026, 5, 31))
    assert [p.unit_id for p in before] == ["U-OTHER"]


def test_3_3_invoice_issued_and_sent_by_email(
    rules: PackView, machine: Machine[Application]
) -> None:
    """注 2 "发票发送至邮箱": the invoice is issued to the e-mail given at invoice entry."""
    app = approved(rules, machine)
    ctx = {RULES: rules, UNIT: UNIT_LY, APPLICATIONS: (app,)}
    sent = invoice_machine().apply(
        invoice("480", 25), "submit", actor="shantianfang", at=at(25), context=ctx
    )
    issued = invoice_machine().apply(
        sent.entity, "issue", actor=OFFICE, at=at(25, hour=16), invoice_number="37130001",
        context=ctx,
    )  # fmt: skip
    (event,) = issued.events
    assert (issued.entity.status, event.email) == (I.ISSUED, "caiwu@example.com")
