"""Yiyang (益阳, seed 004): from registration to a closed application and an effective policy.

Run: ``python examples/yiyang_lifecycle.py``. The unit registers and is
approved; it creates an application for one plan and one tier, declares its
medical-insurance headcount and imports a roster with one over-age member;
it uploads the stamped over-age roster and submits; the office reviews the
over-age materials; a JF payment notice is issued; the unit pays with two
transfers (vouchers summed to the fen) and hands in the paper materials the
pack asks for, which the office records; the office confirms the payment and
closes the business (办结). The guards ask the pack itself (``RULES`` in the
context) which members are over age and which materials are due. Everything is
written to a SQLite store in a temporary file; the audit trail and the
policy are printed with personal data masked. Dates are fixed: the output
is the same on every run.
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
    RULES,
    SQLiteStore,
    application_machine,
    build_policies,
    check_vouchers,
    flow_from,
    new_registration,
    notice_for_application,
    payment_machine,
    registration_machine,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.model import Application, Material, PaymentVoucher, Policy
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.kinds import MedicalInsuranceType
from mutualaid.model.unit import Contact
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules.engine import RuleEngine
from mutualaid.rules.results import Situation
from mutualaid.testing.members import member

ON = date(2025, 12, 10)
PLAN = "YY-HOSP-2026"
HANDLER = "zhansanguo"
OFFICE = "office:yiyang"


def at(month: int, day: int, hour: int = 9, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, 0)


def main() -> None:
    rules = RuleEngine.from_entry_points().pack("yiyang")
    flow = flow_from(rules, "standalone", ON)
    plan = rules.plan(PLAN, ON)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "yiyang.sqlite") as store:
        journal = Journal(store)

        # 1. 登录系统进入参保模块: register, the office approves
        reg = registration_machine(flow.registration)
        unit = new_registration(
            "U-SDU",
            "山东大学益阳分校",
            "91430900MA4L0000XJ",
            region="yiyang",
            address="益阳市资阳区具体地址",
            handler=Contact("战三国", mobile="18910560014"),
        )
        store.save(unit)
        unit = journal.act(reg, unit, "submit", actor="U-SDU", at=at(12, 1))
        unit = journal.act(reg, unit, "approve", actor=OFFICE, at=at(12, 2), username="18910560014")

        # 2. 新建参保单 (一)-(五): one plan, one tier, the declared count, the roster
        urban = MedicalInsuranceType.URBAN_EMPLOYEE
        staff = [
            member("张三", birth_date=date(1985, 1, 1), area="430902", serial=1),
            member("李四", birth_date=date(1990, 5, 1), gender="女", area="430902", serial=2),
            member("王五", birth_date=date(1959, 3, 1), area="430902", serial=3),
        ]
        rows = [
            RawRow(
                n + 2,
                {"name": m.name, "id_number": m.id_number, "medical_insurance_type": urban.label},
                False,
                (),
            )
            for n, m in enumerate(staff)
        ]
        report = validate_rows(
            rows, RosterRules.from_pack(rules, plan, tier="T60", on=ON), file="参保职工汇总表.xlsx"
        )
        print(f"名单校验 roster check: {report.summary}")
        machine = application_machine(flow)
        app = store.save(Application("CB20251210000001", unit.id, "yiyang"))
        app = journal.act(
            machine,
            app,
            "save",
            actor=HANDLER,
            at=at(12, 10),
            lines=(report.application_line(),),
            declared=DeclaredCounts(medical_insurance_headcount=3),
        )

        # 2. 新建参保单 (六): the over-age member needs the stamped roster
        findings = tuple(report.findings())
        needed = rules.required_materials(
            Situation.APPLICATION, ON, application=app, findings=findings
        )
        for need in needed:
            app = journal.act(
                machine,
                app,
                "provide_material",
                actor=HANDLER,
                at=at(12, 10, 10),
                material=Material.required(need.kind, need.name).provide("uploads/超龄名册.pdf"),
            )
        # the pack answers the guards: over-age members, materials, its findings
        context = {RULES: rules}
        app = journal.act(machine, app, "submit", actor=HANDLER, at=at(12, 10, 11), context=context)
        # 2. 新建参保单 (七): the office reviews the over-age materials
        app = journal.act(machine, app, "approve_materials", actor=OFFICE, at=at(12, 11))

        # 3. 参保缴费: the JF notice, two transfers, 确认提交
        notice = journal.created(
            notice_for_application(
                flow.payment, app, rules, counter=1854696125211172864, at=at(12, 11, 10)
            )
        )
        pay = payment_machine(flow.payment)
        for amount, day in (("100.00", 12), ("80.00", 13)):
            notice = journal.act(
                pay,
                notice,
                "add_voucher",
                actor=HANDLER,
                at=at(12, day),
                voucher=PaymentVoucher(
                    Decimal(amount),
                    date(2025, 12, day),
                    unit.name,
                    "1245124124215411",
                    notice.number,
                ),
            )
        check = check_vouchers(notice.amount_due, notice.vouchers)
        print(f"凭证合计 vouchers: {check.paid} / {check.due} ({check.status})")
        notice = journal.act(pay, notice, "submit_vouchers", actor=HANDLER, at=at(12, 13, 10))
        app = journal.act(
            machine,
            app,
            "submit_payment",
            actor=HANDLER,
            at=at(12, 13, 11),
            notice_number=notice.number,
        )
        # 3. 参保缴费 (三) 第21步: 线下递交材料 — the stamped form and the papers the
        # pack asks for (with the over-age proof), recorded by the office
        paper = rules.required_materials(Situation.OFFLINE, ON, application=app, findings=findings)
        app = journal.act(
            machine,
            app,
            "receive_offline_materials",
            actor=OFFICE,
            at=at(12, 14),
            materials=tuple(
                Material.required(n.kind, n.name, offline=True).provide("纸质件") for n in paper
            ),
            context=context,
        )
        print("线下递交材料 paper materials: " + "、".join(n.name for n in paper))
        # then the office confirms the arrival and closes (已办结)
        arrival = date(2025, 12, 14)
        notice = journal.act(
            pay, notice, "confirm", actor=OFFICE, at=at(12, 15), arrival_date=arrival
        )
        app = journal.act(
            machine,
            app,
            "confirm_payment",
            actor=OFFICE,
            at=at(12, 15, 10),
            context={PAYMENT_NOTICE: notice, RULES: rules},  # the money is the notice's
            arrival_date=arrival,
            notice_number=notice.number,
        )
        app = journal.act(machine, app, "close", actor=OFFICE, at=at(12, 16))

        when = rules.effective_date(app, plan, payment_arrival=arrival)
        (policy,) = build_policies(
            app, numbers=["YY2026-000001"], coverage={PLAN: plan.coverage}, effective_date=when.date
        )
        store.save(policy)

        print_trail(journal)
        print(f"\n参保单 application {app.id}: {app.status.label} ({app.status.value})")
        print_policy(
            store.get(Policy, policy.number),
            unit=unit,
            plan=plan,
            issued_on=date(2025, 12, 16),
            amount=notice.amount_due,
        )
        covering = store.policies_covering(staff[2].id_number, date(2026, 1, 1))
        print(f"\n个人保单查询 2026-01-01 {staff[2].name}: {[p.number for p in covering]}")


if __name__ == "__main__":
    main()
