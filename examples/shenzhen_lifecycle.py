"""Shenzhen (深圳 工会帮, seed 002): an application to an effective policy, then an endorsement.

Run: ``python examples/shenzhen_lifecycle.py``. The unit saves a draft
(暂存) with its requested effective date, accepts the notice of terms, gives
its contact, imports its roster and uploads the social-security ledger,
then submits; the association approves; the unit asks for an early invoice
with its stamped commitment letter, pays and enters the transfer; the
association checks it, then sets the effective time (待生效 → 已生效). In
June a new hire is added to the effective policy (保单补充申请): checked,
priced, paid, and effective on its own date once the association sets it.
Everything is written to a SQLite store in a temporary file; the audit
trail and the policy are printed with personal data masked.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import Journal, print_policy, print_trail

from mutualaid.lifecycle import (
    APPLICATIONS,
    OTHER_POLICIES,
    POLICY,
    REQUIRED_MATERIALS,
    RULES,
    UNIT,
    SQLiteStore,
    application_machine,
    build_policies,
    endorse,
    endorsement_machine,
    flow_from,
    invoice_machine,
    new_registration,
    notice_for_application,
    notice_for_endorsement,
    payment_machine,
    policy_machine,
    registration_machine,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.model import (
    Application,
    ApplicationLine,
    Endorsement,
    InvoiceRequest,
    Material,
    MaterialKind,
    PaymentVoucher,
    Policy,
    Roster,
)
from mutualaid.model.unit import Contact
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules.engine import RuleEngine
from mutualaid.rules.results import Situation
from mutualaid.testing.members import member

ON = date(2026, 2, 2)
MED = "SZ-MED-2026"
HANDLER = "liu"
ASSOCIATION = "association:shenzhen"


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0)


def main() -> None:
    rules = RuleEngine.from_entry_points().pack("shenzhen")
    flow = flow_from(rules, "standalone", ON)
    plan = rules.plan(MED, ON)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "shenzhen.sqlite") as store:
        journal = Journal(store)
        reg = registration_machine(flow.registration)
        contact = Contact("刘经办", mobile="13712345678")
        unit = store.save(
            new_registration(
                "U-SZ",
                "深圳测试科技有限公司",
                "91440300MA5F0000X1",
                region="shenzhen",
                address="深圳市福田区测试路8号",
                handler=contact,
            )
        )
        unit = journal.act(reg, unit, "submit", actor="U-SZ", at=at(1, 20))
        unit = journal.act(reg, unit, "approve", actor=ASSOCIATION, at=at(1, 21))

        # 2.2 选择保障计划, 【暂存】
        machine = application_machine(flow)
        app = store.save(Application("SZ2026-0001", unit.id, "shenzhen"))
        app = journal.act(
            machine,
            app,
            "save",
            actor=HANDLER,
            at=at(2, 2),
            lines=(ApplicationLine(MED, "STD", shares=1),),
            requested_effective_date=date(2026, 3, 1),
        )
        # 2.3 阅读告知书, 2.3 提交参保名单 (contact, roster, ledger)
        app = journal.act(machine, app, "accept_terms", actor=HANDLER, at=at(2, 2, 10))
        staff = [
            member(f"员工{i}", birth_date=date(1988, 2, i), area="440304", serial=i)
            for i in (1, 2, 3)
        ]
        rows = [
            RawRow(n + 2, {"name": m.name, "id_number": m.id_number}, False, ())
            for n, m in enumerate(staff)
        ]
        report = validate_rows(
            rows, RosterRules.from_pack(rules, plan, on=ON), file="参保名单.xlsx"
        )
        ledger = Material.required(MaterialKind.SOCIAL_SECURITY_LEDGER, "社保台账").provide(
            "台账.xlsx"
        )
        app = journal.act(
            machine,
            app,
            "save",
            actor=HANDLER,
            at=at(2, 2, 11),
            contact=contact,
            lines=(report.application_line(),),
            materials=(ledger,),
        )
        # 2.4 确认提交; the association reviews
        needed = rules.required_materials(Situation.APPLICATION, ON, application=app)
        # the guard asks the pack for its findings; the step's documents (the ledger) are given
        checks = {RULES: rules, REQUIRED_MATERIALS: tuple(m.kind for m in needed)}
        app = journal.act(machine, app, "submit", actor=HANDLER, at=at(2, 3), context=checks)
        app = journal.act(machine, app, "approve", actor=ASSOCIATION, at=at(2, 4))

        # 2.5 确认缴费信息: the notice, an early invoice with the commitment letter
        notice = journal.created(
            notice_for_application(flow.payment, app, rules, counter=1, at=at(2, 4, 10))
        )
        invoice = store.save(
            InvoiceRequest(
                "INV-SZ-1",
                unit.id,
                (app.id,),
                unit.name,
                unit.code,
                notice.amount_due,
                "fin@example.com",
                date(2026, 2, 4),
                early=True,
            )
        )
        letter = Material.required(MaterialKind.COMMITMENT_LETTER).provide("承诺书（盖章）.pdf")
        invoice = journal.act(
            invoice_machine,
            invoice,
            "upload_commitment_letter",
            actor=HANDLER,
            at=at(2, 4, 11),
            letter=letter,
        )
        invoice = journal.act(
            invoice_machine,
            invoice,
            "submit",
            actor=HANDLER,
            at=at(2, 4, 12),
            context={RULES: rules, UNIT: unit, APPLICATIONS: (app,)},
        )
        invoice = journal.act(
            invoice_machine,
            invoice,
            "issue",
            actor=ASSOCIATION,
            at=at(2, 5),
            invoice_number="SZFP20260001",
        )
        # 2.5 等待核对: the transfer, the association checks it
        pay = payment_machine(flow.payment)
        transfer = PaymentVoucher(
            notice.amount_due, date(2026, 2, 5), unit.name, "755912345678", notice.number
        )
        notice = journal.act(
            pay, notice, "add_voucher", actor=HANDLER, at=at(2, 5, 10), voucher=transfer
        )
        notice = journal.act(pay, notice, "submit_vouchers", actor=HANDLER, at=at(2, 5, 11))
        app = journal.act(
            machine,
            app,
            "submit_payment",
            actor=HANDLER,
            at=at(2, 5, 12),
            notice_number=notice.number,
        )
        notice = journal.act(
            pay, notice, "confirm", actor=ASSOCIATION, at=at(2, 6), arrival_date=date(2026, 2, 5)
        )
        app = journal.act(
            machine,
            app,
            "confirm_payment",
            actor=ASSOCIATION,
            at=at(2, 6, 10),
            context={PAYMENT_NOTICE: notice, RULES: rules},  # the money is the notice's
            arrival_date=date(2026, 2, 5),
            notice_number=notice.number,
        )
        (policy,) = build_policies(
            app, numbers=["SZ2026-P0001"], coverage={MED: plan.coverage}, effective_date=None
        )
        policy = store.save(policy)
        # 2.6 "待互助会设置完生效时间后，参保完成"
        starts = date(2026, 3, 1)
        app = journal.act(
            machine,
            app,
            "set_effective_date",
            actor=ASSOCIATION,
            at=at(2, 7),
            effective_date=starts,
        )
        policy = journal.act(
            policy_machine,
            policy,
            "set_effective_date",
            actor=ASSOCIATION,
            at=at(2, 7, 10),
            effective_date=starts,
        )

        # 第三章 保单补充申请: a new hire joins the effective policy from 1 July
        hire = member("新员工", birth_date=date(1996, 6, 6), area="440304", serial=21)
        em = endorsement_machine(flow.endorsement, flow.association_sets_effective_time)
        e = store.save(
            Endorsement("BQ2026-0001", policy.number, unit.id, date(2026, 7, 1), Roster(MED))
        )
        e = journal.act(
            em,
            e,
            "save",
            actor=HANDLER,
            at=at(6, 20),
            roster=Roster.of(MED, [hire]),
            contact=contact,
        )
        e = journal.act(
            em,
            e,
            "submit",
            actor=HANDLER,
            at=at(6, 20, 10),
            context={POLICY: policy, OTHER_POLICIES: store.all(Policy)},
        )
        price = rules.price_endorsement(e, policy, e.effective_date).total
        e = journal.act(em, e, "approve", actor=ASSOCIATION, at=at(6, 21), amount_due=price)
        e_notice = journal.created(
            notice_for_endorsement(flow.payment, e, policy, rules, counter=2, at=at(6, 21, 10))
        )
        slip = PaymentVoucher(
            e_notice.amount_due, date(2026, 6, 22), unit.name, "755912345678", e_notice.number
        )
        e_notice = journal.act(
            pay, e_notice, "add_voucher", actor=HANDLER, at=at(6, 22), voucher=slip
        )
        e_notice = journal.act(pay, e_notice, "submit_vouchers", actor=HANDLER, at=at(6, 22, 10))
        e = journal.act(em, e, "submit_payment", actor=HANDLER, at=at(6, 22, 11))
        e_notice = journal.act(
            pay,
            e_notice,
            "confirm",
            actor=ASSOCIATION,
            at=at(6, 23),
            arrival_date=date(2026, 6, 22),
        )
        e = journal.act(
            em,
            e,
            "confirm_payment",
            actor=ASSOCIATION,
            at=at(6, 23, 10),
            arrival_date=date(2026, 6, 22),
        )
        e = journal.act(
            em,
            e,
            "set_effective_date",
            actor=ASSOCIATION,
            at=at(6, 24),
            effective_date=date(2026, 7, 1),
        )
        policy = journal.act(
            policy_machine,
            policy,
            "add_members",
            actor=ASSOCIATION,
            at=at(6, 24, 10),
            members=endorse(policy, e),
            endorsement_id=e.id,
        )

        print_trail(journal)
        print(f"\n参保单 application {app.id}: {app.status.label} ({app.status.value})")
        print(
            f"提前开票 early invoice {invoice.invoice_number}: {invoice.status.label}, 承诺书 {invoice.commitment_letter.name if invoice.commitment_letter else '-'}"
        )
        print(
            f"保全单 endorsement {e.id}: {e.status.label}, {e.amount_due}元, 生效 {e.effective_date}"
        )
        print_policy(
            store.get(Policy, policy.number),
            unit=unit,
            plan=plan,
            issued_on=date(2026, 6, 24),
            amount=notice.amount_due + e_notice.amount_due,
        )
        for day in (date(2026, 6, 30), date(2026, 7, 1)):
            found = [p.number for p in store.policies_covering(hire.id_number, day)]
            print(f"个人保单查询 {day} {hire.name}: {found}")


if __name__ == "__main__":
    main()
