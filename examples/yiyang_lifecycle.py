"""Yiyang (益阳, seed 004): from registration to a closed application and an effective policy.

Run: ``python examples/yiyang_lifecycle.py``. The unit registers and is
approved; it creates an application for one plan and one tier, declares its
medical-insurance headcount and imports a roster with one over-age member;
it uploads the stamped over-age roster and submits; the office reviews the
over-age materials; a JF payment notice is issued; the unit pays with two
transfers (vouchers summed to the fen) and hands in the paper materials the
pack asks for, which the office records; the office confirms the payment and
closes the business (办结). Every step goes through
:class:`mutualaid.service.Service`, which asks the pack which members are
over age and which materials are due, into a SQLite store in a temporary
file; the audit trail, the outbox and the policy are printed with personal
data masked. Dates are fixed: the output is the same on every run.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import print_policy, print_trail, send_events

from mutualaid.lifecycle import SQLiteStore, check_vouchers, new_registration
from mutualaid.model import (
    Application,
    Contact,
    DeclaredCounts,
    Material,
    MedicalInsuranceType,
    PaymentVoucher,
    Policy,
)
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules import RuleEngine, Situation
from mutualaid.service import Service
from mutualaid.testing import member

ON = date(2025, 12, 10)
PLAN = "YY-HOSP-2026"
HANDLER = "zhansanguo"
OFFICE = "office:yiyang"


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2025, month, day, hour, 0)


def main() -> None:
    engine = RuleEngine.from_entry_points()
    rules = engine.pack("yiyang")
    plan = rules.plan(PLAN, ON)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "yiyang.sqlite") as store:
        svc = Service(store, engine, clock=lambda: at(12, 1))
        # 1. 登录系统进入参保模块: register, the office approves (the login is the mobile)
        draft = new_registration(
            "U-SDU",
            "山东大学益阳分校",
            "91430900MA4L0000XJ",
            region="yiyang",
            address="益阳市资阳区具体地址",
            handler=Contact("战三国", mobile="18910560014"),
        )
        svc.register(draft, actor="U-SDU")
        unit = svc.review_registration("U-SDU", actor=OFFICE, at=at(12, 2)).entity

        # 2. 新建参保单 (一)-(五): one plan, one tier, the declared count, the roster
        urban = MedicalInsuranceType.URBAN_EMPLOYEE.label
        staff = [
            member("张三", birth_date=date(1985, 1, 1), area="430902", serial=1),
            member("李四", birth_date=date(1990, 5, 1), gender="女", area="430902", serial=2),
            member("王五", birth_date=date(1959, 3, 1), area="430902", serial=3),
        ]
        rows = [
            RawRow(
                n + 2,
                {"name": m.name, "id_number": m.id_number, "medical_insurance_type": urban},
                False,
                (),
            )
            for n, m in enumerate(staff)
        ]
        report = validate_rows(
            rows, RosterRules.from_pack(rules, plan, tier="T60", on=ON), file="参保职工汇总表.xlsx"
        )
        print(f"名单校验 roster check: {report.summary}")
        app = Application("CB20251210000001", unit.id, "yiyang")
        svc.create_application(
            app,
            actor=HANDLER,
            at=at(12, 10),
            lines=(report.application_line(),),
            declared=DeclaredCounts(medical_insurance_headcount=3),
        )

        # 2. (六): the over-age member needs the stamped roster; (七) the office reviews it
        findings = tuple(report.findings())
        for need in rules.required_materials(
            Situation.APPLICATION, ON, application=app, findings=findings
        ):
            proof = Material.required(need.kind, need.name).provide("uploads/超龄名册.pdf")
            svc.provide_material(app.id, proof, actor=HANDLER, at=at(12, 10, 10))
        svc.submit(app.id, actor=HANDLER, at=at(12, 10, 11))
        svc.approve_materials(app.id, actor=OFFICE, at=at(12, 11))

        # 3. 参保缴费: the JF notice, two transfers, 确认提交
        notice = svc.issue_notice(app.id, counter=1854696125211172864, at=at(12, 11, 10)).entity
        for amount, day in (("100.00", 12), ("80.00", 13)):
            slip = PaymentVoucher(
                Decimal(amount), date(2025, 12, day), unit.name, "1245124124215411", notice.number
            )
            notice = svc.add_voucher(notice.number, slip, actor=HANDLER, at=at(12, day)).entity
        check = check_vouchers(notice.amount_due, notice.vouchers)
        print(f"凭证合计 vouchers: {check.paid} / {check.due} ({check.status})")
        svc.submit_vouchers(notice.number, actor=HANDLER, at=at(12, 13, 10))
        svc.submit_payment(app.id, actor=HANDLER, at=at(12, 13, 11))
        # (三) 第21步 线下递交材料: the papers the pack asks for, recorded by the office
        paper = rules.required_materials(Situation.OFFLINE, ON, application=app, findings=findings)
        svc.receive_offline_materials(
            app.id,
            [Material.required(n.kind, n.name, offline=True).provide("纸质件") for n in paper],
            actor=OFFICE,
            at=at(12, 14),
        )
        print("线下递交材料 paper materials: " + "、".join(n.name for n in paper))
        # the office confirms the arrival (the policy built at once), then closes (已办结)
        svc.confirm_payment(
            app.id,
            actor=OFFICE,
            arrival_date=date(2025, 12, 14),
            policy_numbers=["YY2026-000001"],
            at=at(12, 15),
        )
        app = svc.close(app.id, actor=OFFICE, at=at(12, 16)).entity

        print_trail(store)
        send_events(svc)
        print(f"\n参保单 application {app.id}: {app.status.label} ({app.status.value})")
        print_policy(
            store.get(Policy, "YY2026-000001"),
            unit=unit,
            plan=plan,
            issued_on=date(2025, 12, 16),
            amount=notice.amount_due,
        )
        covering = store.policies_covering(staff[2].id_number, date(2026, 1, 1))
        print(f"\n个人保单查询 2026-01-01 {staff[2].name}: {[p.number for p in covering]}")


if __name__ == "__main__":
    main()
