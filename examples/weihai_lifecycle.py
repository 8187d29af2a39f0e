"""Weihai (威海, seed 000): from registration to an effective policy and its invoice.

Run: ``python examples/weihai_lifecycle.py``. The unit registers and gets its
8-digit unit number (no review in Weihai); it completes its information
(完善信息) and uploads its certificate and e-seal; it applies for the
hospital medical project (50 + 10 yuan) with its declared counts and a
roster of four; the office returns it with feedback (信息有错误), the unit
adds the fifth member and resubmits; after approval the unit, having an
e-seal, uploads its payment voucher; the office confirms the arrival; the
invoice, titled with the unit's full name, is issued. Every step goes
through :class:`mutualaid.service.Service` into a SQLite store in a
temporary file; the audit trail, the outbox and the policy are printed with
personal data masked. Dates are fixed.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import print_policy, print_trail, send_events

from mutualaid.lifecycle import SQLiteStore, completeness, flow_from, new_registration
from mutualaid.model import (
    Application,
    ApplicationLine,
    Contact,
    DeclaredCounts,
    InvoiceRequest,
    Member,
    PaymentVoucher,
    Policy,
    UnitType,
)
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules import RuleEngine
from mutualaid.service import Service
from mutualaid.testing import member, resident_id

ON = date(2026, 1, 5)
MED = "WH-MED-2026"
NAME = "威海测试有限公司"
OFFICE = "office:weihai"


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 1, day, hour, 0)


def main() -> None:
    engine = RuleEngine.from_entry_points()
    rules = engine.pack("weihai")
    plan = rules.plan(MED, ON)
    roster_rules = RosterRules.from_pack(rules, plan, on=ON)

    def imported(people: list[Member]) -> tuple[ApplicationLine]:
        rows = [
            RawRow(n + 2, {"name": m.name, "id_number": m.id_number}, False, ())
            for n, m in enumerate(people)
        ]
        return (validate_rows(rows, roster_rules, file="参保人.xlsx").application_line(),)

    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "weihai.sqlite") as store:
        svc = Service(store, engine, clock=lambda: at(5))
        # 4-6. 注册新用户 (the form's * fields): the number and the login name issued at once
        draft = new_registration(
            "U-WH",
            NAME,
            "91371000MA3C0000XF",
            region="weihai",
            union_affiliation="威海 环翠区 张村镇",
            contact_email="hr@example.com",
            handler=Contact("负责人", mobile="13526589854"),
            has_registration_certificate=True,
        )
        unit = svc.register(draft, actor="U-WH").entity
        print(f"单位编号 unit number: {unit.unit_number}")
        # 7-9. 完善信息: every field marked *, the e-seal uploaded
        print(f"待完善 to complete: {', '.join(completeness(unit, flow_from(rules).registration))}")
        svc.update_unit(
            "U-WH",
            {
                "unit_type": UnitType.GOVERNMENT_AGENCY,
                "address": "单位详细地址",
                "handler": Contact(
                    "负责人", "13526589854", resident_id(date(1980, 3, 3), area="371002")
                ),
                "union_chair": Contact("工会主席", mobile="13526585845"),
                "has_e_seal": True,
            },
            actor="U-WH",
            at=at(5, 10),
        )

        # 12-21. 新增, 录入参保人, 提交; 审核未通过 with feedback; 重新提交; 审核通过
        staff = [
            member(f"职工{i}", birth_date=date(1980, 1, i), area="371002", serial=i)
            for i in range(1, 6)
        ]
        app = Application("WH2026-001", "U-WH", "weihai")
        svc.create_application(
            app,
            actor="U-WH",
            at=at(6),
            lines=imported(staff[:4]),
            declared=DeclaredCounts(insured_headcount=5, paying_headcount=4),
        )
        svc.submit(app.id, actor="U-WH", at=at(6, 10))
        svc.review(app.id, actor=OFFICE, approve=False, note="信息有错误：漏报一人", at=at(7))
        svc.save(
            app.id,
            actor="U-WH",
            at=at(7, 10),
            lines=imported(staff),
            declared=DeclaredCounts(insured_headcount=5, paying_headcount=5),
        )
        svc.submit(app.id, actor="U-WH", at=at(7, 11))
        svc.review(app.id, actor=OFFICE, at=at(8))

        # 22 (2). e-seal: the notice, the payment voucher (上传缴费单), the arrival confirmed
        notice = svc.issue_notice(app.id, at=at(8, 10)).entity
        slip = PaymentVoucher(
            notice.amount_due, date(2026, 1, 9), NAME, "6222020000001234", notice.number
        )
        svc.add_voucher(notice.number, slip, actor="U-WH", at=at(9))
        svc.submit_vouchers(notice.number, actor="U-WH", at=at(9, 10))
        svc.submit_payment(app.id, actor="U-WH", at=at(9, 11))
        done = svc.confirm_payment(
            app.id,
            actor=OFFICE,
            arrival_date=date(2026, 1, 10),
            policy_numbers=["WH2026-000001"],
            at=at(12),
        )

        # 发票: the title is the unit's full name
        request = InvoiceRequest(
            "INV-WH-1",
            "U-WH",
            (app.id, "WH2026-000001"),
            NAME,
            unit.code,
            Decimal(notice.amount_due),
            "hr@example.com",
            date(2026, 1, 13),
        )
        svc.request_invoice(request, actor="U-WH", at=at(13))
        invoice = svc.issue_invoice(request.id, "37001234", actor=OFFICE, at=at(14)).entity

        print_trail(store)
        send_events(svc)
        app = done.entity
        print(
            f"\n参保单 application {app.id}: {app.status.label} ({app.status.value}); 反馈 {app.feedback!r}"
        )
        print(
            f"发票 invoice {invoice.invoice_number}: {invoice.status.label}, 抬头 {invoice.title}"
        )
        print_policy(
            store.get(Policy, "WH2026-000001"),
            unit=store.get(type(unit), unit.id),
            plan=plan,
            issued_on=date(2026, 1, 12),
            amount=notice.amount_due,
        )


if __name__ == "__main__":
    main()
