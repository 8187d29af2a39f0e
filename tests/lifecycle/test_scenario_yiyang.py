"""Seed 004 (益阳2026参保操作步骤及界面说明), walked step by step through the library.

Each test is one section of the manual (its number in the name, its title
quoted in the docstring); the helpers below take the application as far as
the previous sections did, so a test starts where the manual's reader is.
The Yiyang rule pack answers the prices, the over-age rule, the declared
count and the one-plan / one-tier rules; the dates are the 2026 campaign's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mutualaid.documents import GroupApplicationForm, PaymentNoticeDocument
from mutualaid.errors import ActionNotAllowed, GuardFailed
from mutualaid.lifecycle import (
    RULES,
    ApplicationApproved,
    ApplicationClosed,
    ApplicationWithdrawn,
    MaterialsRequested,
    UnitRegistered,
    build_policies,
    flow_from,
    is_covered,
    new_registration,
    notice_for_application,
    payment_machine,
    registration_machine,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.lifecycle.machine import Machine
from mutualaid.model import (
    Application,
    Material,
    MaterialKind,
    PaymentNotice,
    PaymentVoucher,
    Roster,
)
from mutualaid.model.application import ApplicationLine, DeclaredCounts
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import PaymentNoticeStatus as P
from mutualaid.model.states import RegistrationStatus as R
from mutualaid.model.unit import Contact, Unit
from mutualaid.roster import RosterReport, check_roster
from mutualaid.rules.engine import PackView
from mutualaid.rules.results import Situation
from mutualaid.testing.members import member, resident_id

PACK = "yiyang"  # the pack of the conftest fixtures rules / flow / machine
ON = date(2025, 12, 10)  # the campaign opens in December 2025 for the 2026 plans
PLAN = "YY-HOSP-2026"
NOTICE_COUNTER = 1854696125211172864


def at(day: int, month: int = 12, hour: int = 9, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, 0)


@pytest.fixture
def roster_csv(tmp_path: Path) -> Path:
    """参保职工汇总表 as the unit fills it in (第11步): two staff and one over-age worker."""
    path = tmp_path / "参保职工汇总表.csv"
    rows = [
        "姓名,证件类型,证件号码,手机号,性别,医保类型,新业态从业者,是否已退休",
        f"张三,居民身份证,{resident_id(date(1985, 1, 1), 'male', serial=1)},13912345678,,城镇职工医保,否,否",
        f"李四,居民身份证,{resident_id(date(1990, 5, 1), 'female', serial=2)},13912345679,,城镇职工医保,是,否",
        f"超龄,居民身份证,{resident_id(date(1959, 3, 1), 'male', serial=3)},18912131111,,城镇职工医保,否,否",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def unit() -> Unit:
    return new_registration(
        "U-SDU",
        "山东大学",
        "91430900MA4L0000XJ",
        region="yiyang",
        address="具体地址",
        handler=Contact("战三国", mobile="18910560014"),
    )


def checked(rules: PackView, path: Path, declared: int = 3) -> RosterReport:
    return check_roster(path, pack=rules, plan=PLAN, tier="T60", on=ON, declared=declared)


def guard_context(rules: PackView, app: Application, report: RosterReport) -> dict[str, Any]:
    """What the host tells the guards: the pack, which answers for over-age members and materials,
    and the unit's other applications (none here; the pack's one tier per plan per unit)."""
    return {RULES: rules, "prior_applications": ()}


def paper_materials(
    rules: PackView, app: Application, report: RosterReport
) -> tuple[Material, ...]:
    """3. 参保缴费 (三) 第21步: the papers the pack asks for, handed in to the office."""
    needed = rules.required_materials(
        Situation.OFFLINE, ON, application=app, findings=tuple(report.findings())
    )
    return tuple(Material.required(n.kind, n.name, offline=True).provide("纸质件") for n in needed)


def drafted(machine: Machine[Application], report: RosterReport) -> Application:
    """Sections 2 (一) to (五): one plan, one tier, the declared count, the roster imported."""
    app = Application("CB20251210000001", "U-SDU", "yiyang")
    return machine.apply(
        app,
        "save",
        actor="zhansanguo",
        at=at(10),
        lines=(report.application_line(),),
        declared=DeclaredCounts(medical_insurance_headcount=3),
    ).entity


def over_age_proof() -> Material:
    return Material.required(
        MaterialKind.OVER_AGE_PROOF, "超龄未退休职工名册（加盖单位人事公章）"
    ).provide("uploads/超龄名册.pdf")


def submitted(rules: PackView, machine: Machine[Application], report: RosterReport) -> Application:
    """Section 2 (六) 第13-15步: the over-age proof uploaded, 提交审核."""
    app = drafted(machine, report)
    app = machine.apply(
        app, "provide_material", actor="zhansanguo", at=at(10), material=over_age_proof()
    ).entity
    return machine.apply(
        app,
        "submit",
        actor="zhansanguo",
        at=at(10, hour=10),
        context=guard_context(rules, app, report),
    ).entity


def approved(rules: PackView, machine: Machine[Application], report: RosterReport) -> Application:
    """Section 3 (一) 第17步: the over-age materials approved; 审核通过, 待缴费."""
    app = submitted(rules, machine, report)
    return machine.apply(app, "approve_materials", actor="office:yiyang", at=at(11)).entity


def voucher(amount: str, day: int, slip: str = "JF1854696125211172864") -> PaymentVoucher:
    return PaymentVoucher(
        Decimal(amount), date(2025, 12, day), "山东大学", "1245124124215411", slip
    )


# --- 1. 登录系统进入参保模块 -----------------------------------------------------------------


def test_1_login_after_registration_review(rules: PackView) -> None:
    """1. 登录系统进入参保模块: "还没有账号? 立即注册!" — the office approves, then the unit logs in."""
    reg = registration_machine(flow_from(rules, "standalone", ON).registration)
    draft = unit()
    out = reg.apply(draft, "submit", actor="U-SDU", at=at(1), context={RULES: rules})
    assert out.entity.status is R.PENDING_REVIEW
    assert reg.allowed_actions(out.entity) == ("approve", "return")
    done = reg.apply(out.entity, "approve", actor="office:yiyang", at=at(2), username="18910560014")
    assert done.entity.status is R.APPROVED
    (event,) = done.events
    assert isinstance(event, UnitRegistered) and event.username == "18910560014"
    assert reg.replay(draft, [out.audit, done.audit]) == done.entity


# --- 2. 新建参保单 -------------------------------------------------------------------------------


def test_2_1_new_application_starts_as_draft(
    rules: PackView, machine: Machine[Application]
) -> None:
    """2. 新建参保单 (一) 第3步: "点击【新建参保单】按钮" — an empty application, editable only."""
    app = Application("CB20251210000001", "U-SDU", "yiyang")
    assert app.status is S.DRAFT
    assert machine.allowed_actions(app) == ("save", "provide_material", "submit", "cancel")
    with pytest.raises(GuardFailed) as err:
        machine.apply(app, "submit", actor="zhansanguo", at=at(10),
                      context={RULES: rules, "prior_applications": ()})  # fmt: skip
    assert "application.no_members" in err.value.details["codes"]


def test_2_3_one_plan_per_application(machine: Machine[Application]) -> None:
    """2. 新建参保单 (三) 第5步 "选择要参与的保障计划"; 问: 一个参保单只能选择一个保障计划吗？ 答：是的."""
    app = Application("CB20251210000001", "U-SDU", "yiyang")
    two = (ApplicationLine(PLAN, "T60"), ApplicationLine("YY-SPEC-2026", "T10"))
    with pytest.raises(GuardFailed) as err:
        machine.apply(app, "save", actor="zhansanguo", at=at(10), lines=two)
    assert err.value.details["codes"] == ("application.too_many_plans",)
    one = machine.apply(app, "save", actor="zhansanguo", at=at(10), lines=two[:1]).entity
    assert one.plan_codes == (PLAN,)


def test_2_3_one_tier_per_plan(machine: Machine[Application]) -> None:
    """2. 新建参保单 (三) 第6步 "选择费用档位 60元档位 90元档位"; 问: 部分人员60元档位, 部分90元档位? 答：不可以."""
    a, b = (
        member("甲", birth_date=date(1980, 1, 1), serial=5),
        member("乙", birth_date=date(1981, 1, 1), serial=6),
    )
    mixed = Roster.of(PLAN, [a], tier_code="T60").with_entries(
        (*Roster.of(PLAN, [a], tier_code="T60").entries, *Roster.of(PLAN, [b], tier_code="T90"))
    )
    app = Application("CB20251210000001", "U-SDU", "yiyang")
    with pytest.raises(GuardFailed) as err:
        machine.apply(
            app,
            "save",
            actor="zhansanguo",
            at=at(10),
            lines=(ApplicationLine(PLAN, "T60", roster=mixed),),
        )
    assert err.value.details["codes"] == ("application.mixed_tiers",)


def test_2_5_declared_medical_insurance_headcount_and_roster_import(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """2. 新建参保单 (五) 第9-12步: "输入本单位参加医保人数", "下载参保职工汇总表", "上传职工名单"."""
    report = checked(rules, roster_csv)
    assert (report.summary.accepted, report.summary.needs_material) == (2, 1)
    assert report.summary.amount_due == Decimal("180.00")
    app = Application("CB20251210000001", "U-SDU", "yiyang")
    app = machine.apply(
        app, "save", actor="zhansanguo", at=at(10), lines=(report.application_line(),)
    ).entity
    assert app.headcount == 3
    with pytest.raises(GuardFailed) as err:
        machine.apply(app, "submit", actor="zhansanguo", at=at(10),
                      context={RULES: rules, "prior_applications": ()})  # fmt: skip
    assert "application.declared_missing" in err.value.details["codes"]  # the pack's finding
    assert "单位缴纳城镇职工医保人数" in str(err.value)


def test_2_6_over_age_members_need_the_stamped_roster(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """2. 新建参保单 (六) 第13-14步: "点击超龄人员Tab", "下载超龄名册，盖章上传超龄人员证明"."""
    report = checked(rules, roster_csv)
    over = [r for r in report if any(f.code == "age.over_retirement" for f in r.findings)]
    assert [r.row for r in over] == [4]
    app = drafted(machine, report)
    context = guard_context(rules, app, report)
    (reason,) = machine.check(app, "submit", at=at(10), context=context)
    assert reason.code == "application.materials_missing"
    assert "超龄未退休职工" in reason.message  # the pack asks, from its own findings
    warning = [f.code for f in report.application_findings(app)]
    assert warning == ["yiyang.over_age_review"]


def test_2_6_15_submit_with_over_age_goes_to_material_review(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """2. 新建参保单 (六) 第15步 "点击提交审核": "由后台经办人员审核后，进入缴费页面"."""
    app = submitted(rules, machine, checked(rules, roster_csv))
    assert app.status is S.AWAITING_MATERIAL_REVIEW
    assert app.status.label == "待审核超龄材料"
    assert machine.allowed_actions(app) == ("return", "approve_materials", "withdraw")


def test_2_6_without_over_age_goes_straight_to_payment(
    rules: PackView, machine: Machine[Application], tmp_path: Path
) -> None:
    """2. 新建参保单 (六) 2: "当人员名单中没有超龄人员的时候，省略13、14步…直接进入缴费页面"."""
    path = tmp_path / "名单.csv"
    path.write_text(
        "姓名,证件类型,证件号码\n"
        f"张三,居民身份证,{resident_id(date(1985, 1, 1), 'male', serial=1)}\n",
        encoding="utf-8",
    )
    report = check_roster(path, pack=rules, plan=PLAN, tier="T60", on=ON, declared=1)
    app = machine.apply(
        Application("CB2", "U-SDU", "yiyang"),
        "save",
        actor="zhansanguo",
        at=at(10),
        lines=(report.application_line(),),
        declared=DeclaredCounts(medical_insurance_headcount=1),
    ).entity
    out = machine.apply(
        app, "submit", actor="zhansanguo", at=at(10), context=guard_context(rules, app, report)
    )
    assert out.entity.status is S.AWAITING_PAYMENT


def test_2_7_withdraw_while_over_age_materials_are_reviewed(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """2. 新建参保单 (七) 第16步 "等待审核超龄人员名单" [撤回]; 问: 漏掉了一名职工，我可以撤回重新填写吗？"""
    report = checked(rules, roster_csv)
    app = submitted(rules, machine, report)
    out = machine.apply(app, "withdraw", actor="zhansanguo", at=at(10, hour=15))
    assert out.entity.status is S.WITHDRAWN
    assert [type(e) for e in out.events] == [ApplicationWithdrawn]
    missed = member("漏报", birth_date=date(1992, 2, 2), serial=7)
    line = report.application_line()
    fuller = ApplicationLine(
        PLAN,
        "T60",
        roster=line.roster.with_entries(
            (*line.roster.entries, *Roster.of(PLAN, [missed], tier_code="T60").entries)
        ),
    )
    edited = machine.apply(
        out.entity,
        "save",
        actor="zhansanguo",
        at=at(10, hour=16),
        lines=(fuller,),
        declared=DeclaredCounts(medical_insurance_headcount=4),
    ).entity
    again = machine.apply(
        edited,
        "submit",
        actor="zhansanguo",
        at=at(10, hour=17),
        context=guard_context(rules, edited, report),
    ).entity
    assert (again.status, again.headcount) == (S.AWAITING_MATERIAL_REVIEW, 4)


def test_2_7_office_returns_the_over_age_materials(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """2. 新建参保单 (七): "请等待经办人员审核超龄人员材料" — not approved: returned with reasons."""
    app = submitted(rules, machine, checked(rules, roster_csv))
    with pytest.raises(GuardFailed):
        machine.apply(app, "return", actor="office:yiyang", at=at(11))
    out = machine.apply(app, "return", actor="office:yiyang", at=at(11), note="名册未盖人事公章")
    assert (out.entity.status, out.entity.feedback) == (S.RETURNED, "名册未盖人事公章")


# --- 3. 参保缴费 ---------------------------------------------------------------------------------


def test_3_1_approved_awaiting_payment_notice_issued(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """3. 参保缴费 (一) 第17步: "单据会变为【审核通过】，缴费状态变为【待缴费】" — the JF notice."""
    report = checked(rules, roster_csv)
    app = submitted(rules, machine, report)
    out = machine.apply(app, "approve_materials", actor="office:yiyang", at=at(11))
    assert out.entity.status is S.AWAITING_PAYMENT
    (event,) = out.events
    assert isinstance(event, ApplicationApproved) and event.next_step == "payment"
    flow = flow_from(rules, "standalone", ON)
    issued = notice_for_application(
        flow.payment, out.entity, rules, counter=NOTICE_COUNTER, at=at(11, hour=10)
    )
    assert issued.entity.number == "JF1854696125211172864"
    assert issued.entity.amount_due == Decimal("180.00")  # 3 × 60, exact
    assert issued.events[0].name == "payment_notice_issued"


def test_3_2_notice_document_and_several_vouchers_summed(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """3. 参保缴费 (二) 第18-20步: 《缴费通知单》, "继续添加凭证", "共计", 【确认提交】."""
    report = checked(rules, roster_csv)
    app = approved(rules, machine, report)
    flow = flow_from(rules, "standalone", ON)
    notice = notice_for_application(
        flow.payment, app, rules, counter=NOTICE_COUNTER, at=at(11, hour=10)
    ).entity
    doc = PaymentNoticeDocument.from_notice(
        notice, unit=unit(), subject=app, plans=[rules.plan(PLAN, ON)], notes="不允许现金及个人打款"
    )
    lines = dict(doc.lines())
    assert (lines["参保单号"], lines["参保人数"], lines["应缴会费"]) == (app.id, "3人", "180.00元")
    pay = payment_machine(flow.payment)
    for amount, day in (("100", 12), ("60", 13), ("20.01", 13)):
        notice = pay.apply(
            notice, "add_voucher", actor="zhansanguo", at=at(day), voucher=voucher(amount, day)
        ).entity
    (over,) = pay.check(notice, "submit_vouchers", at=at(13))
    assert over.code == "payment.overpaid" and "多缴0.01元" in over.message
    notice = pay.apply(notice, "remove_voucher", actor="zhansanguo", at=at(13), index=2).entity
    (under,) = pay.check(notice, "submit_vouchers", at=at(13))
    assert under.code == "payment.underpaid" and "还差20.00元" in under.message
    notice = pay.apply(
        notice, "add_voucher", actor="zhansanguo", at=at(13), voucher=voucher("20", 13)
    ).entity
    assert notice.paid_total == Decimal("180.00")
    done = pay.apply(notice, "submit_vouchers", actor="zhansanguo", at=at(13, hour=11))
    assert done.entity.status is P.VOUCHER_SUBMITTED
    assert len(done.entity.vouchers) == 3


def test_3_3_payment_application_form_and_offline_materials(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """3. 参保缴费 (三) 第21步: "请打印参保申请单, 加盖单位工会章连同以下资料, 提交至地址"."""
    report = checked(rules, roster_csv)
    app = approved(rules, machine, report)
    out = machine.apply(
        app,
        "submit_payment",
        actor="zhansanguo",
        at=at(13),
        notice_number="JF1854696125211172864",
        context={RULES: rules},
    )
    assert out.entity.status is S.AWAITING_OFFLINE_MATERIALS
    (event,) = out.events
    assert isinstance(event, MaterialsRequested)
    # the pack's data (materials.offline), named once
    assert "银行转账复印件" in event.materials and "医保名册（盖章）" in event.materials
    form = GroupApplicationForm.from_application(
        app,
        unit=unit(),
        plan=rules.plan(PLAN, ON),
        applied_on=date(2025, 12, 13),
        vouchers=[voucher("180", 13)],
        office="直属基层工会",
        title="职工住院医疗互助缴费申请单",
    )
    assert form.title == "职工住院医疗互助缴费申请单"
    assert (form.headcount, form.amount_due) == (3, Decimal("180.00"))
    offline = rules.required_materials(Situation.OFFLINE, ON, application=app)
    assert MaterialKind.MEDICAL_INSURANCE_REGISTER in {m.kind for m in offline}
    waiting = out.entity
    with pytest.raises(ActionNotAllowed):  # the paper first: 线下递交材料 comes before 已办结
        machine.apply(waiting, "confirm_payment", actor="office:yiyang", at=at(15), arrival_date=ON)
    papers = paper_materials(rules, app, report)
    assert MaterialKind.OVER_AGE_PROOF in {m.kind for m in papers}  # 超龄未退休证明材料(盖章)
    without_register = tuple(
        m for m in papers if m.kind is not MaterialKind.MEDICAL_INSURANCE_REGISTER
    )
    with pytest.raises(GuardFailed) as err:
        machine.apply(
            waiting,
            "receive_offline_materials",
            actor="office:yiyang",
            at=at(14),
            materials=without_register,
            context={RULES: rules},
        )
    assert err.value.details["codes"] == ("application.offline_materials_missing",)
    assert "医保名册" in str(err.value)
    received = machine.apply(
        waiting,
        "receive_offline_materials",
        actor="office:yiyang",
        at=at(14),
        materials=papers,
        context={RULES: rules},
    )
    assert received.entity.status is S.PAYMENT_SUBMITTED
    assert received.audit.params["materials"] == papers  # the trail records what came in


def test_3_faq_office_rejects_during_payment_review_then_unit_edits(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """问: 代办处正在缴费审核，但是我发现漏掉了一名职工? 答: 请联系代办处进行单据驳回…回到名单填写状态."""
    app = approved(rules, machine, checked(rules, roster_csv))
    app = machine.apply(app, "submit_payment", actor="zhansanguo", at=at(13)).entity
    with pytest.raises(ActionNotAllowed):
        machine.apply(app, "withdraw", actor="zhansanguo", at=at(14))
    back = machine.apply(
        app, "return", actor="office:yiyang", at=at(14), note="单位申请驳回补报职工"
    )
    assert back.entity.status is S.RETURNED
    assert "save" in machine.allowed_actions(back.entity)


# --- 4. 参保办结 ---------------------------------------------------------------------------------


def test_4_confirmed_and_closed(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """4. 参保办结: "经办人员审核通过后，参保单变为办结完成" — 缴费已确认, 已办结, members covered."""
    report = checked(rules, roster_csv)
    start = drafted(machine, report)
    trail = []
    app = start
    plan = rules.plan(PLAN, ON)
    # the JF notice, one transfer of 180.00, confirmed on its arrival (3. 参保缴费)
    flow = flow_from(rules, "standalone", ON)
    pay = payment_machine(flow.payment)

    def paid_notice(approved: Application) -> PaymentNotice:
        """Issued once the application is approved (待缴费), paid and confirmed."""
        notice = notice_for_application(
            flow.payment, approved, rules, counter=NOTICE_COUNTER, at=at(11, hour=10)
        ).entity
        notice = pay.apply(notice, "add_voucher", actor="zhansanguo", at=at(13),
                           voucher=voucher("180", 13)).entity  # fmt: skip
        notice = pay.apply(notice, "submit_vouchers", actor="zhansanguo", at=at(13)).entity
        return pay.apply(notice, "confirm", actor="office:yiyang", at=at(15),
                         arrival_date=date(2025, 12, 14)).entity  # fmt: skip

    notice: PaymentNotice | None = None
    steps: list[tuple[str, str, datetime, dict[str, Any]]] = [
        ("provide_material", "zhansanguo", at(10), {"material": over_age_proof()}),
        ("submit", "zhansanguo", at(10, hour=10), {}),
        ("approve_materials", "office:yiyang", at(11), {}),
        ("submit_payment", "zhansanguo", at(13), {"notice_number": "JF1854696125211172864"}),
        (
            "receive_offline_materials",
            "office:yiyang",
            at(14),
            {"materials": paper_materials(rules, start, report)},
        ),
        ("confirm_payment", "office:yiyang", at(15), {"arrival_date": date(2025, 12, 14)}),
        ("close", "office:yiyang", at(16), {}),
    ]
    events = []
    for action, actor, when, params in steps:
        out = machine.apply(
            app,
            action,
            actor=actor,
            at=when,
            context={**guard_context(rules, app, report), PAYMENT_NOTICE: notice},
            **params,
        )
        app, trail = out.entity, [*trail, out.audit]
        if action == "approve_materials":
            notice = paid_notice(app)
        events.extend(out.events)
    assert app.status is S.CLOSED and app.status.label == "已办结"
    (confirmed,) = (e for e in events if e.name == "payment_confirmed")
    assert (confirmed.arrival_date, confirmed.amount_paid) == (
        date(2025, 12, 14),
        Decimal("180.00"),
    )
    assert isinstance(events[-1], ApplicationClosed)
    assert machine.replay(start, trail) == app
    assert machine.allowed_actions(app) == ()
    when = rules.effective_date(app, plan, payment_arrival=date(2025, 12, 14))
    assert when.date == date(2026, 1, 1)
    (policy,) = build_policies(
        app, numbers=["YY2026-0001"], coverage={PLAN: plan.coverage}, effective_date=when.date
    )
    over_age_id = resident_id(date(1959, 3, 1), "male", serial=3)
    assert len(policy.members) == 3
    assert not is_covered(over_age_id, date(2025, 12, 31), [policy])
    assert is_covered(over_age_id, date(2026, 1, 1), [policy])
    assert not is_covered(over_age_id, date(2027, 1, 1), [policy])


def test_faq_missed_member_after_approval_is_a_new_application(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """问: 单据已经审核完毕，但是我发现漏掉了一名职工? 答: 重新创建新的参保单…仅加入漏掉的职工."""
    report = checked(rules, roster_csv)
    first = approved(rules, machine, report)
    missed = member("漏报", birth_date=date(1992, 2, 2), serial=7)
    second = machine.apply(
        Application("CB20251215000002", "U-SDU", "yiyang"),
        "save",
        actor="zhansanguo",
        at=at(15),
        lines=(ApplicationLine(PLAN, "T60", roster=Roster.of(PLAN, [missed], tier_code="T60")),),
        declared=DeclaredCounts(medical_insurance_headcount=4),  # "单位总人数仍旧据实填写"
    ).entity
    found = rules.application_findings(second, ON, prior_applications=[first])
    assert not [f for f in found if f.blocking]
    ctx = {RULES: rules, "prior_applications": (first,)}
    out = machine.apply(second, "submit", actor="zhansanguo", at=at(15), context=ctx)
    assert out.entity.status is S.AWAITING_PAYMENT  # no over-age member: straight to payment
    flow = flow_from(rules, "standalone", ON)
    notice = notice_for_application(flow.payment, out.entity, rules, counter=2, at=at(15))
    assert notice.entity.amount_due == Decimal("60.00")


def test_faq_other_tier_in_a_second_application_is_refused(
    rules: PackView, machine: Machine[Application], roster_csv: Path
) -> None:
    """问: 部分人员参加60元档位…部分人员参加90档位…可以吗？ 答：不可以，一个保障计划一个单位只能选择一个档位."""
    first = approved(rules, machine, checked(rules, roster_csv))
    other = member("九十", birth_date=date(1988, 8, 8), serial=9)
    second = Application(
        "CB3",
        "U-SDU",
        "yiyang",
        lines=(ApplicationLine(PLAN, "T90", roster=Roster.of(PLAN, [other], tier_code="T90")),),
        declared=DeclaredCounts(medical_insurance_headcount=4),
    )
    assert not [f for f in rules.application_findings(second, ON) if f.blocking]
    found = rules.application_findings(second, ON, prior_applications=[first])
    assert [f.code for f in found if f.blocking] == ["application.tier_differs_from_prior"]


def test_faq_other_id_type_needs_gender_and_birth_date(rules: PackView, tmp_path: Path) -> None:
    """问: 我单位职工没有身份证，可以使用其他证件参保吗？ 答: 可以…如果证件类型选择其他，需要输入性别和年龄."""
    path = tmp_path / "名单.csv"
    path.write_text(
        "姓名,证件类型,证件号码,性别,出生日期\nJohn Smith,护照,E1234567,,\n", encoding="utf-8"
    )
    first = check_roster(path, pack=rules, plan=PLAN, tier="T60", on=ON)
    (row,) = first.failed()
    assert {f.code for f in row.findings} == {
        "member.gender_required",
        "member.birth_date_required",
    }
    path.write_text(
        "姓名,证件类型,证件号码,性别,出生日期\nJohn Smith,护照,E1234567,男,1980-02-03\n",
        encoding="utf-8",
    )
    fixed = check_roster(path, pack=rules, plan=PLAN, tier="T60", on=ON)
    assert fixed.summary.accepted == 1 and not fixed.blocking
