"""Weihai (威海, seed 000): from registration to an effective policy and its invoice.

Run: ``python examples/weihai_lifecycle.py``. The unit registers and gets its
8-digit unit number (no review in Weihai); it completes its information
(完善信息) and uploads its certificate and e-seal; it applies for the
hospital medical project (50 + 10 yuan) with its declared counts and a
roster of four; the office returns it with feedback (信息有错误), the unit
adds the fifth member and resubmits; after approval the unit, having an
e-seal, uploads its payment voucher; the office confirms the arrival; the
invoice, titled with the unit's full name, is issued. Everything is written
to a SQLite store in a temporary file; the audit trail and the policy are
printed with personal data masked. Dates are fixed.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import Journal, print_policy, print_trail

from mutualaid.lifecycle import (
    APPLICATIONS,
    RULES,
    UNIT,
    SQLiteStore,
    application_machine,
    build_policies,
    completeness,
    flow_from,
    invoice_machine,
    issue_unit_number,
    new_registration,
    notice_for_application,
    payment_machine,
    registration_machine,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.model import Application, InvoiceRequest, Member, PaymentVoucher, Policy, Unit
from mutualaid.model.application import ApplicationLine, DeclaredCounts
from mutualaid.model.kinds import UnitType
from mutualaid.model.unit import Contact
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules.engine import RuleEngine
from mutualaid.testing.members import member, resident_id

ON = date(2026, 1, 5)
MED = "WH-MED-2026"
NAME = "威海测试有限公司"
OFFICE = "office:weihai"


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 1, day, hour, 0)


def main() -> None:
    rules = RuleEngine.from_entry_points().pack("weihai")
    flow = flow_from(rules, "standalone", ON)
    plan = rules.plan(MED, ON)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "weihai.sqlite") as store:
        journal = Journal(store)

        # 4-6. 注册新用户: the system issues the unit number, the login name
        reg = registration_machine(flow.registration)
        unit = store.save(
            new_registration(
                "U-WH",
                NAME,
                "91371000MA3C0000XF",
                region="weihai",
                union_affiliation="威海 环翠区 张村镇",
                contact_email="hr@example.com",
                handler=Contact("负责人", mobile="13526589854"),
                has_registration_certificate=True,
            )
        )
        number = issue_unit_number(used={u.unit_number or "" for u in store.all(Unit)}, digits=8)
        unit = journal.act(
            reg, unit, "submit", actor="U-WH", at=at(5), unit_number=number, username=number
        )
        print(f"单位编号 unit number: {unit.unit_number}")
        # 7-9. 完善信息: every field marked *, the e-seal uploaded
        print(f"待完善 to complete: {', '.join(completeness(unit, flow.registration))}")
        changes = {
            "unit_type": UnitType.GOVERNMENT_AGENCY,
            "address": "单位详细地址",
            "handler": Contact(
                "负责人", "13526589854", resident_id(date(1980, 3, 3), area="371002")
            ),
            "union_chair": Contact("工会主席", mobile="13526585845"),
            "has_e_seal": True,
        }
        unit = journal.act(reg, unit, "update", actor="U-WH", at=at(5, 10), changes=changes)

        # 12-18. 新增 application, 录入参保人 (batch import)
        staff = [
            member(f"职工{i}", birth_date=date(1980, 1, i), area="371002", serial=i)
            for i in range(1, 6)
        ]
        rules_for_roster = RosterRules.from_pack(rules, plan, on=ON)

        def imported(people: list[Member]) -> ApplicationLine:
            rows = [
                RawRow(n + 2, {"name": m.name, "id_number": m.id_number}, False, ())
                for n, m in enumerate(people)
            ]
            return validate_rows(rows, rules_for_roster, file="参保人.xlsx").application_line()

        machine = application_machine(flow)
        app = store.save(Application("WH2026-001", unit.id, "weihai"))
        app = journal.act(
            machine,
            app,
            "save",
            actor="U-WH",
            at=at(6),
            lines=(imported(staff[:4]),),
            declared=DeclaredCounts(insured_headcount=5, paying_headcount=4),
        )
        # 19-21. 提交信息, 审核未通过 with feedback, 重新提交
        context = {UNIT: unit, RULES: rules}  # the guards ask the pack itself
        app = journal.act(machine, app, "submit", actor="U-WH", at=at(6, 10), context=context)
        app = journal.act(
            machine, app, "return", actor=OFFICE, at=at(7), note="信息有错误：漏报一人"
        )
        app = journal.act(
            machine,
            app,
            "save",
            actor="U-WH",
            at=at(7, 10),
            lines=(imported(staff),),
            declared=DeclaredCounts(insured_headcount=5, paying_headcount=5),
        )
        app = journal.act(machine, app, "submit", actor="U-WH", at=at(7, 11), context=context)
        app = journal.act(machine, app, "approve", actor=OFFICE, at=at(8), context=context)

        # 22 (2). e-seal: upload the payment voucher (上传缴费单)
        notice = journal.created(
            notice_for_application(flow.payment, app, rules, counter=1, at=at(8, 10))
        )
        pay = payment_machine(flow.payment)
        slip = PaymentVoucher(
            notice.amount_due, date(2026, 1, 9), NAME, "6222020000001234", notice.number
        )
        notice = journal.act(pay, notice, "add_voucher", actor="U-WH", at=at(9), voucher=slip)
        notice = journal.act(pay, notice, "submit_vouchers", actor="U-WH", at=at(9, 10))
        app = journal.act(
            machine,
            app,
            "submit_payment",
            actor="U-WH",
            at=at(9, 11),
            context=context,
            notice_number=notice.number,
        )
        arrival = date(2026, 1, 10)
        notice = journal.act(pay, notice, "confirm", actor=OFFICE, at=at(12), arrival_date=arrival)
        app = journal.act(
            machine,
            app,
            "confirm_payment",
            actor=OFFICE,
            at=at(12, 10),
            context={PAYMENT_NOTICE: notice, RULES: rules},  # the money is the notice's
            arrival_date=arrival,
            notice_number=notice.number,
        )
        when = rules.effective_date(app, plan, payment_arrival=arrival)
        (policy,) = build_policies(
            app, numbers=["WH2026-000001"], coverage={MED: plan.coverage}, effective_date=when.date
        )
        store.save(policy)

        # 发票: the title is the unit's full name
        request = store.save(
            InvoiceRequest(
                "INV-WH-1",
                unit.id,
                (app.id, policy.number),
                NAME,
                unit.code,
                Decimal(notice.amount_due),
                "hr@example.com",
                date(2026, 1, 13),
            )
        )
        request = journal.act(
            invoice_machine,
            request,
            "submit",
            actor="U-WH",
            at=at(13),
            context={RULES: rules, UNIT: unit, APPLICATIONS: (app,)},
        )
        request = journal.act(
            invoice_machine, request, "issue", actor=OFFICE, at=at(14), invoice_number="37001234"
        )

        print_trail(journal)
        print(
            f"\n参保单 application {app.id}: {app.status.label} ({app.status.value}); 反馈 {app.feedback!r}"
        )
        print(
            f"发票 invoice {request.invoice_number}: {request.status.label}, 抬头 {request.title}"
        )
        print_policy(
            store.get(Policy, policy.number),
            unit=unit,
            plan=plan,
            issued_on=date(2026, 1, 12),
            amount=notice.amount_due,
        )


if __name__ == "__main__":
    main()
