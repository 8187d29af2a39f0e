"""Seed 002 (工会帮 互助保障系统 参保流程操作指引), walked section by section through the library.

Each test is one section of the manual (第二章 参保申请, 第三章 保单补充申请;
the manual numbers some sections twice, e.g. two 2.3 and three 3.2, so the
names add the step). The Shenzhen rule pack answers the notice of terms, the
social-security ledger, the contact person, the early invoice with its
commitment letter and the effective time set by the association; the
helpers take the application as far as the sections before the test did.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualaid.documents import EndorsementDocument, EPolicy, PaymentNoticeDocument
from mutualaid.errors import ActionNotAllowed, GuardFailed
from mutualaid.lifecycle import (
    APPLICATIONS,
    OTHER_POLICIES,
    POLICY,
    REQUIRED_MATERIALS,
    RULES,
    UNIT,
    EndorsementEffective,
    MemoryStore,
    PolicyEffective,
    build_policies,
    endorse,
    endorsement_machine,
    invoice_machine,
    invoices_for_policy,
    is_covered,
    notice_for_application,
    notice_for_endorsement,
    payment_machine,
    policy_machine,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.lifecycle.machine import Machine
from mutualaid.model import (
    Application,
    Endorsement,
    InvoiceRequest,
    Material,
    MaterialKind,
    Member,
    PaymentNotice,
    PaymentVoucher,
    Policy,
    Roster,
)
from mutualaid.model.application import ApplicationLine
from mutualaid.model.kinds import UnitCodeKind
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import EndorsementStatus as E
from mutualaid.model.states import InvoiceRequestStatus as I
from mutualaid.model.states import PaymentNoticeStatus as P
from mutualaid.model.states import PolicyStatus
from mutualaid.model.unit import Contact, Unit
from mutualaid.rules.engine import PackView
from mutualaid.rules.flows import ApplicationFlow
from mutualaid.rules.results import Situation
from mutualaid.testing.members import member

PACK = "shenzhen"  # the pack of the conftest fixtures rules / flow / machine
ON = date(2026, 2, 2)
MED = "SZ-MED-2026"
ASSOCIATION = "association:shenzhen"
UNIT_SZ = Unit(
    "U-SZ",
    "深圳测试科技有限公司",
    UnitCodeKind.USCC,
    "91440300MA5F0000X1",
    region="shenzhen",
    address="深圳市福田区测试路8号",
    handler=Contact("刘经办", mobile="13712345678"),
)
CONTACT = Contact("刘经办", mobile="13712345678")


def at(day: int, month: int = 2, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0)


def staff(first: int = 1, n: int = 2) -> list[Member]:
    return [
        member(f"员工{i}", birth_date=date(1988, 2, i), area="440304", serial=i)
        for i in range(first, first + n)
    ]


def context(rules: PackView, app: Application) -> dict[str, Any]:
    """What the host gives the submit guard: the pack (its findings are the guard's to ask)
    and the documents of the step (the social security ledger)."""
    needed = rules.required_materials(Situation.APPLICATION, ON, application=app)
    return {REQUIRED_MATERIALS: tuple(m.kind for m in needed), RULES: rules}


def drafted(machine: Machine[Application]) -> Application:
    """2.2 选择保障计划: plan, shares, the optional effective date, 【暂存】."""
    return machine.apply(
        Application("SZ2026-0001", "U-SZ", "shenzhen"),
        "save",
        actor="liu",
        at=at(2),
        lines=(ApplicationLine(MED, "STD", shares=1),),
        requested_effective_date=date(2026, 3, 1),
    ).entity


LEDGER = Material.required(MaterialKind.SOCIAL_SECURITY_LEDGER, "社保台账").provide("台账.xlsx")


def with_roster(machine: Machine[Application], people: list[Member] | None = None) -> Application:
    """2.3 阅读告知书, 2.3 提交参保名单: terms accepted, contact, roster, ledger."""
    app = machine.apply(drafted(machine), "accept_terms", actor="liu", at=at(2, hour=10)).entity
    roster = Roster.of(MED, people or staff())
    return machine.apply(
        app,
        "save",
        actor="liu",
        at=at(2, hour=11),
        contact=CONTACT,
        lines=(ApplicationLine(MED, "STD", shares=1, roster=roster),),
        materials=(LEDGER,),
    ).entity


def approved(rules: PackView, machine: Machine[Application]) -> Application:
    """2.4 确认提交, then the association's review: 待缴费."""
    app = with_roster(machine)
    app = machine.apply(app, "submit", actor="liu", at=at(3), context=context(rules, app)).entity
    return machine.apply(app, "approve", actor=ASSOCIATION, at=at(4)).entity


def paid(rules: PackView, flow: ApplicationFlow, app: Application) -> dict[str, Any]:
    """The context of ``confirm_payment``: the application's notice, confirmed on 2026-02-05
    (test_2_5 walks the vouchers through the payment machine)."""
    issued = notice_for_application(flow.payment, app, rules, counter=3, at=at(4, hour=10))
    confirmed = attrs.evolve(issued.entity, status=P.CONFIRMED, arrival_date=date(2026, 2, 5))
    return {PAYMENT_NOTICE: confirmed, RULES: rules}


def effective(rules: PackView, machine: Machine[Application], flow: ApplicationFlow) -> Policy:
    """2.5 等待核对 and 2.6: paid, checked, the association sets the effective time."""
    app = approved(rules, machine)
    app = machine.apply(app, "submit_payment", actor="liu", at=at(5)).entity
    app = machine.apply(
        app, "confirm_payment", actor=ASSOCIATION, at=at(6), context=paid(rules, flow, app)
    ).entity
    app = machine.apply(
        app, "set_effective_date", actor=ASSOCIATION, at=at(7), effective_date=date(2026, 3, 1),
        context={RULES: rules},
    ).entity  # fmt: skip
    (policy,) = build_policies(
        app,
        numbers=["SZ2026-P0001"],
        coverage={MED: rules.plan(MED, ON).coverage},
        effective_date=date(2026, 3, 1),
    )
    return policy


# --- 第二章 参保申请 ------------------------------------------------------------------------------


def test_2_2_choose_plan_and_save_a_draft(machine: Machine[Application]) -> None:
    """2.2 选择保障计划: "下拉选择参保份数…还可以选择填写保单生效日期…也可以点击【暂存】保存流程"."""
    app = drafted(machine)
    assert (app.status.label, app.requested_effective_date) == ("暂存", date(2026, 3, 1))
    assert app.lines[0].shares == 1
    again = machine.apply(app, "save", actor="liu", at=at(2, hour=9), remarks="继续填写")
    assert again.entity.status is S.DRAFT and again.entity.version == app.version + 1


def test_2_3_read_the_notice_of_terms(rules: PackView, machine: Machine[Application]) -> None:
    """2.3 阅读告知书: "阅读完成后点击勾选【我已阅读协议】按钮，点击【下一步】"."""
    app = drafted(machine)
    app = machine.apply(
        app,
        "save",
        actor="liu",
        at=at(2),
        contact=CONTACT,
        materials=(LEDGER,),
        lines=(ApplicationLine(MED, "STD", roster=Roster.of(MED, staff())),),
    ).entity
    codes = [r.code for r in machine.check(app, "submit", at=at(3), context=context(rules, app))]
    assert "application.terms_not_accepted" in codes
    accepted = machine.apply(app, "accept_terms", actor="liu", at=at(2, hour=10)).entity
    assert accepted.terms_accepted
    assert machine.check(accepted, "submit", at=at(3), context=context(rules, accepted)) == ()


def test_2_3_submit_roster_contact_and_social_security_ledger(
    rules: PackView, machine: Machine[Application]
) -> None:
    """2.3 提交参保名单: "首先需要填写互助保障联系人的联系方式…【导入名单】…【上传社保台账】"."""
    app = machine.apply(drafted(machine), "accept_terms", actor="liu", at=at(2, hour=10)).entity
    app = machine.apply(
        app,
        "save",
        actor="liu",
        at=at(2, hour=11),
        lines=(ApplicationLine(MED, "STD", roster=Roster.of(MED, staff())),),
    ).entity
    codes = {r.code for r in machine.check(app, "submit", at=at(3), context=context(rules, app))}
    assert codes == {"shenzhen.contact_missing", "application.materials_missing"}
    done = with_roster(machine)
    assert machine.check(done, "submit", at=at(3), context=context(rules, done)) == ()


def test_2_4_confirm_and_submit(rules: PackView, machine: Machine[Application]) -> None:
    """2.4 确认提交: "点击【确认提交】，参保申请提交给互助会进行审核，列表生成一条待审核的保单"."""
    app = with_roster(machine)
    out = machine.apply(app, "submit", actor="liu", at=at(3), context=context(rules, app))
    assert out.entity.status.label == "待审核"
    returned = machine.apply(
        out.entity, "return", actor=ASSOCIATION, at=at(4), note="名单缺少手机号"
    )
    assert returned.entity.status is S.RETURNED
    again = machine.apply(
        returned.entity, "submit", actor="liu", at=at(4, hour=10), context=context(rules, app)
    )
    assert again.entity.status is S.SUBMITTED


def test_2_5_payment_notice_and_invoice_information(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """2.5 确认缴费信息: "参保申请会处于待缴费状态…【下载缴费通知书】…【添加发票信息】"."""
    app = approved(rules, machine)
    assert app.status.label == "待缴费"
    notice = notice_for_application(flow.payment, app, rules, counter=3, at=at(4, hour=10)).entity
    assert (notice.number, notice.amount_due) == ("SZ0000000003", Decimal("120.00"))
    doc = PaymentNoticeDocument.from_notice(
        notice, unit=UNIT_SZ, subject=app, plans=rules.plans(ON), title="缴费通知书"
    )
    assert dict(doc.lines())["参保人数"] == "2人"
    request = InvoiceRequest(
        "INV1",
        "U-SZ",
        (app.id,),
        UNIT_SZ.name,
        UNIT_SZ.code,
        Decimal("120"),
        "fin@example.com",
        date(2026, 2, 4),
    )
    sent = invoice_machine.apply(
        request,
        "submit",
        actor="liu",
        at=at(4),
        context={RULES: rules, UNIT: UNIT_SZ, APPLICATIONS: (app,)},
    )
    assert sent.entity.status is I.SUBMITTED


def test_2_5_early_invoice_with_commitment_letter(
    rules: PackView, machine: Machine[Application]
) -> None:
    """2.5 确认缴费信息: "【提前开票申请】…【下载提前开票承诺书】…线下盖章并点击【上传承诺书】…填写单位、金额、统一社会信用代码、邮箱"."""
    app = approved(rules, machine)
    ctx = {RULES: rules, UNIT: UNIT_SZ, APPLICATIONS: (app,)}
    early = InvoiceRequest(
        "INV-E",
        "U-SZ",
        (app.id,),
        UNIT_SZ.name,
        UNIT_SZ.code,
        Decimal("120"),
        "",
        date(2026, 2, 4),
        early=True,
    )
    with pytest.raises(GuardFailed) as err:
        invoice_machine.apply(early, "submit", actor="liu", at=at(4), context=ctx)
    codes = err.value.details["codes"]
    assert "invoice.early_needs_commitment_letter" in codes
    assert "shenzhen.invoice_field_missing" in codes  # the e-mail is missing
    letter = Material.required(MaterialKind.COMMITMENT_LETTER).provide("承诺书.pdf")
    early = invoice_machine.apply(
        early, "upload_commitment_letter", actor="liu", at=at(4), letter=letter
    ).entity
    early = invoice_machine.apply(
        early, "save", actor="liu", at=at(4), email="fin@example.com"
    ).entity
    sent = invoice_machine.apply(
        early, "submit", actor="liu", at=at(4, hour=10), context=ctx
    ).entity
    issued = invoice_machine.apply(
        sent, "issue", actor=ASSOCIATION, at=at(5), invoice_number="SZFP001", context=ctx
    ).entity
    assert (issued.status, issued.early, issued.commitment_letter) == (I.ISSUED, True, letter)
    assert app.status is S.AWAITING_PAYMENT  # invoiced before paying


def test_2_5_wait_for_the_check_then_awaiting_effective_time(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """2.5 等待核对: "填写划款信息…点击【提交】，等待互助会对缴费信息进行核对…保单会处于待生效状态"."""
    app = approved(rules, machine)
    notice = notice_for_application(flow.payment, app, rules, counter=3, at=at(4, hour=10)).entity
    pay = payment_machine(flow.payment)
    transfer = PaymentVoucher(
        Decimal("120"), date(2026, 2, 5), UNIT_SZ.name, "755912345678", notice.number
    )
    notice = pay.apply(notice, "add_voucher", actor="liu", at=at(5), voucher=transfer).entity
    notice = pay.apply(notice, "submit_vouchers", actor="liu", at=at(5)).entity
    app = machine.apply(
        app, "submit_payment", actor="liu", at=at(5), notice_number=notice.number
    ).entity
    assert app.status.label == "待核对"
    notice = pay.apply(
        notice, "confirm", actor=ASSOCIATION, at=at(6), arrival_date=date(2026, 2, 5)
    ).entity
    out = machine.apply(
        app,
        "confirm_payment",
        actor=ASSOCIATION,
        at=at(6),
        context={PAYMENT_NOTICE: notice, RULES: rules},
        notice_number=notice.number,
    )
    assert (notice.status, out.entity.status.label) == (P.CONFIRMED, "待生效")
    assert (out.events[0].arrival_date, out.events[0].amount_paid) == (
        date(2026, 2, 5),
        Decimal("120.00"),
    )
    plan = rules.plan(MED, ON)
    pending = rules.effective_date(out.entity, plan, payment_arrival=date(2026, 2, 5))
    assert pending.date is None and pending.set_by_association


def test_2_6_association_sets_effective_time_and_unit_policy_query(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """2.6 单位保单查询: "待互助会设置完生效时间后，参保完成…【保单明细】、【下载发票】、【打印电子保单】"."""
    app = approved(rules, machine)
    app = machine.apply(
        app, "confirm_payment", actor=ASSOCIATION, at=at(6), context=paid(rules, flow, app)
    ).entity
    (waiting,) = build_policies(
        app,
        numbers=["SZ2026-P0001"],
        coverage={MED: rules.plan(MED, ON).coverage},
        effective_date=None,
    )
    assert waiting.status is PolicyStatus.AWAITING_EFFECTIVE_DATE
    with pytest.raises(ActionNotAllowed):
        machine.apply(app, "close", actor=ASSOCIATION, at=at(7))
    with pytest.raises(GuardFailed, match="effective_date_outside_coverage"):  # a 2019 date
        machine.apply(app, "set_effective_date", actor=ASSOCIATION, at=at(7),
                      effective_date=date(2019, 3, 1), context={RULES: rules})  # fmt: skip
    out = machine.apply(
        app, "set_effective_date", actor=ASSOCIATION, at=at(7), effective_date=date(2026, 3, 1),
        context={RULES: rules},
    )  # fmt: skip
    assert isinstance(out.events[0], PolicyEffective) and out.entity.status.label == "已生效"
    policy = policy_machine.apply(
        waiting, "set_effective_date", actor=ASSOCIATION, at=at(7), effective_date=date(2026, 3, 1)
    ).entity
    assert [m.effective_date for m in policy.members] == [date(2026, 3, 1)] * 2
    store = MemoryStore()
    store.save(policy)
    assert [p.number for p in store.policies_of_unit("U-SZ")] == ["SZ2026-P0001"]
    ep = EPolicy.from_policy(
        policy, unit=UNIT_SZ, plan=rules.plan(MED, ON), issued_on=date(2026, 2, 7)
    )
    assert dict(ep.lines())["保单状态"] == "已生效"
    invoice = InvoiceRequest(
        "INV1",
        "U-SZ",
        (app.id,),
        UNIT_SZ.name,
        UNIT_SZ.code,
        Decimal("120"),
        "fin@example.com",
        date(2026, 2, 4),
        status=I.ISSUED,
        invoice_number="SZFP002",
    )
    assert invoices_for_policy(policy, [invoice]) == (invoice,)  # 【下载发票】


def test_2_6_personal_policy_query_across_units(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """2.6 个人保单查询: "也可以在【个人保单查询】页面，从职工个人维度进行保单查询"."""
    ours = effective(rules, machine, flow)
    someone = staff()[0]
    elsewhere = Policy(
        "SZ2026-P0900",
        "U-OTHER",
        "SZ-X",
        "SZ-CI-2026",
        ours.coverage,
        (attrs.evolve(ours.members[0], effective_date=date(2026, 1, 1)),),
        PolicyStatus.EFFECTIVE,
        date(2026, 1, 1),
    )
    store = MemoryStore()
    store.save(attrs.evolve(ours, status=PolicyStatus.EFFECTIVE))
    store.save(elsewhere)
    found = store.policies_covering(someone.id_number, date(2026, 3, 1))
    assert [(p.number, p.unit_id) for p in found] == [
        ("SZ2026-P0001", "U-SZ"),
        ("SZ2026-P0900", "U-OTHER"),
    ]
    assert [p.number for p in store.policies_covering(someone.id_number, date(2026, 2, 28))] == [
        "SZ2026-P0900"
    ]


# --- 第三章 保单补充申请 ----------------------------------------------------------------------------------


def new_hire() -> Member:
    return member("新员工", birth_date=date(1996, 6, 6), area="440304", serial=21)


def endorsement_walk(
    rules: PackView, flow: ApplicationFlow, policy: Policy
) -> tuple[Endorsement, list[Any]]:
    """3.1 to 3.3: submitted, priced, paid, checked, effective once the association sets the time."""
    em = endorsement_machine(flow.endorsement, flow.association_sets_effective_time)
    e = Endorsement("BQ2026-0001", policy.number, "U-SZ", date(2026, 7, 1), Roster(MED))
    paid_notice = PaymentNotice(
        "JF-BQ1", e.id, Decimal("60.00"), date(2026, 6, 22), unit_id="U-SZ",
        status=P.CONFIRMED, arrival_date=date(2026, 6, 25),
    )  # fmt: skip
    events: list[Any] = []
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("save", "liu", {"roster": Roster.of(MED, [new_hire()]), "contact": CONTACT}),
        ("submit", "liu", {"context": {POLICY: policy, OTHER_POLICIES: (policy,), RULES: rules}}),
        (
            "approve",
            ASSOCIATION,
            {
                "amount_due": rules.price_endorsement(
                    attrs.evolve(e, roster=Roster.of(MED, [new_hire()])), policy, date(2026, 7, 1)
                ).total,
                "context": {POLICY: policy, RULES: rules},
            },
        ),
        ("submit_payment", "liu", {}),
        (
            "confirm_payment",
            ASSOCIATION,
            {"arrival_date": date(2026, 6, 25), "context": {PAYMENT_NOTICE: paid_notice}},
        ),
        (
            "set_effective_date",
            ASSOCIATION,
            {"effective_date": date(2026, 7, 1), "context": {POLICY: policy}},
        ),
    ]
    for n, (action, actor, params) in enumerate(steps):
        out = em.apply(e, action, actor=actor, at=at(20 + n, month=6), **params)
        e = out.entity
        events.extend(out.events)
    return e, events


def test_3_1_endorsement_request_checks_the_roster(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """3.1 保单补充申请: "把新员工插入到已经生效的保单内…填写保全生效日期…点击下一步对导入名单进行校验"."""
    policy = attrs.evolve(effective(rules, machine, flow), status=PolicyStatus.EFFECTIVE)
    em = endorsement_machine(flow.endorsement, flow.association_sets_effective_time)
    twice = Endorsement(
        "BQ1", policy.number, "U-SZ", date(2026, 7, 1), Roster.of(MED, [staff()[0], new_hire()]),
        contact=CONTACT,
    )  # fmt: skip
    with pytest.raises(GuardFailed) as err:
        em.apply(
            twice, "submit", actor="liu", at=at(20, month=6), context={POLICY: policy, RULES: rules}
        )
    assert err.value.details["codes"] == ("endorsement.already_on_policy",)
    early = attrs.evolve(
        twice, roster=Roster.of(MED, [new_hire()]), effective_date=date(2026, 2, 1)
    )
    with pytest.raises(GuardFailed) as err:
        em.apply(
            early, "submit", actor="liu", at=at(20, month=6), context={POLICY: policy, RULES: rules}
        )
    assert err.value.details["codes"] == ("endorsement.date_before_policy",)


def test_3_2_confirm_submit_progress_and_payment(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """3.2 确认提交 / 补充进度查询 / 确认缴费信息: "列表会生成一条待审核的保全申请…保全申请会处于待缴费状态"."""
    policy = attrs.evolve(effective(rules, machine, flow), status=PolicyStatus.EFFECTIVE)
    em = endorsement_machine(flow.endorsement, flow.association_sets_effective_time)
    e = Endorsement(
        "BQ2026-0001", policy.number, "U-SZ", date(2026, 7, 1), Roster.of(MED, [new_hire()]),
        contact=CONTACT,
    )  # fmt: skip
    e = em.apply(
        e, "submit", actor="liu", at=at(20, month=6), context={POLICY: policy, RULES: rules}
    ).entity
    assert e.status.label == "待审核"
    store = MemoryStore()
    store.save(e)
    assert [x.status for x in store.endorsements_of_policy(policy.number)] == [
        E.SUBMITTED
    ]  # 补充进度查询
    price = rules.price_endorsement(e, policy, e.effective_date).total
    assert price == Decimal("60.00")  # the pack charges the full period
    e = em.apply(e, "approve", actor=ASSOCIATION, at=at(21, month=6), amount_due=price,
                 context={POLICY: policy, RULES: rules}).entity  # fmt: skip
    assert e.status.label == "待缴费"
    notice = notice_for_endorsement(
        flow.payment, e, policy, rules, counter=9, at=at(21, month=6)
    ).entity
    assert (notice.subject_id, notice.amount_due) == (e.id, Decimal("60.00"))
    doc = PaymentNoticeDocument.from_notice(
        notice, unit=UNIT_SZ, subject=e, plans=rules.plans(ON), title="缴费通知书"
    )
    assert dict(doc.lines())["参保人数"] == "1人"


def test_3_3_wait_for_check_effective_time_and_endorsement_document(
    rules: PackView, machine: Machine[Application], flow: ApplicationFlow
) -> None:
    """3.3 等待核对: "互助会确认缴费信息后，保单会处于待生效状态。待互助会设置完生效时间后…【下载电子保全单】"."""
    policy = attrs.evolve(effective(rules, machine, flow), status=PolicyStatus.EFFECTIVE)
    e, events = endorsement_walk(rules, flow, policy)
    assert e.status is E.EFFECTIVE
    assert isinstance(events[-1], EndorsementEffective)
    assert events[-1].effective_date == date(2026, 7, 1)
    added = endorse(policy, e)
    policy = policy_machine.apply(
        policy,
        "add_members",
        actor=ASSOCIATION,
        at=at(26, month=6),
        members=added,
        endorsement_id=e.id,
    ).entity
    assert policy.headcount == 3
    hire = new_hire().id_number
    assert not is_covered(hire, date(2026, 6, 30), [policy])
    assert is_covered(hire, date(2026, 7, 1), [policy])
    assert is_covered(staff()[0].id_number, date(2026, 6, 30), [policy])
    doc = EndorsementDocument.from_endorsement(
        e, unit=UNIT_SZ, policy=policy, issued_on=date(2026, 6, 26)
    )
    assert dict(doc.lines())["保全生效日期"] == "2026年07月01日"
    assert "********" in doc.members.rows[0].cells()[3]
