"""Shenzhen (深圳 工会帮, seed 002): an application to an effective policy, then an endorsement.

Run: ``python examples/shenzhen_lifecycle.py``. The unit saves a draft
(暂存) with its requested effective date, accepts the notice of terms, gives
its contact, imports its roster and uploads the social-security ledger,
then submits; the association approves; the unit asks for an early invoice
with its stamped commitment letter, pays and enters the transfer; the
association checks it, then sets the effective time (待生效 → 已生效). In
June a new hire is added to the effective policy (保单补充申请): checked,
priced by the pack, paid, and effective on its own date once the association
sets it. Every step goes through :class:`mutualaid.service.Service` into a
SQLite store in a temporary file; the audit trail, the outbox and the policy
are printed with personal data masked.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import print_policy, print_trail, send_events

from mutualaid.lifecycle import SQLiteStore, new_registration
from mutualaid.model import (
    Application,
    ApplicationLine,
    Contact,
    Endorsement,
    InvoiceRequest,
    Material,
    MaterialKind,
    PaymentVoucher,
    Policy,
    Roster,
)
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules import RuleEngine
from mutualaid.service import Service
from mutualaid.testing import member

ON = date(2026, 2, 2)
MED = "SZ-MED-2026"
HANDLER = "liu"
ASSOCIATION = "association:shenzhen"


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0)


def main() -> None:
    engine = RuleEngine.from_entry_points()
    plan = engine.pack("shenzhen").plan(MED, ON)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "shenzhen.sqlite") as store:
        svc = Service(store, engine, clock=lambda: at(1, 20))
        contact = Contact("刘经办", mobile="13712345678")
        draft = new_registration(
            "U-SZ",
            "深圳测试科技有限公司",
            "91440300MA5F0000X1",
            region="shenzhen",
            address="深圳市福田区测试路8号",
            handler=contact,
        )
        svc.register(draft, actor="U-SZ")
        unit = svc.review_registration("U-SZ", actor=ASSOCIATION, at=at(1, 21)).entity

        # 2.2 选择保障计划,【暂存】; 2.3 阅读告知书, 提交参保名单 (contact, roster, ledger)
        app = Application("SZ2026-0001", unit.id, "shenzhen")
        svc.create_application(
            app,
            actor=HANDLER,
            at=at(2, 2),
            lines=(ApplicationLine(MED, "STD"),),
            requested_effective_date=date(2026, 3, 1),
        )
        svc.accept_terms(app.id, actor=HANDLER, at=at(2, 2, 10))
        staff = [
            member(f"员工{i}", birth_date=date(1988, 2, i), area="440304", serial=i)
            for i in (1, 2, 3)
        ]
        rows = [
            RawRow(n + 2, {"name": m.name, "id_number": m.id_number}, False, ())
            for n, m in enumerate(staff)
        ]
        report = validate_rows(
            rows, RosterRules.from_pack(engine.pack("shenzhen"), plan, on=ON), file="参保名单.xlsx"
        )
        ledger = Material.required(MaterialKind.SOCIAL_SECURITY_LEDGER, "社保台账")
        svc.save(
            app.id,
            actor=HANDLER,
            at=at(2, 2, 11),
            contact=contact,
            lines=(report.application_line(),),
            materials=(ledger.provide("台账.xlsx"),),
        )
        # 2.4 确认提交 (the pack asks for the ledger); the association reviews
        svc.submit(app.id, actor=HANDLER, at=at(2, 3))
        svc.review(app.id, actor=ASSOCIATION, at=at(2, 4))

        # 2.5 确认缴费信息: the notice, an early invoice with the commitment letter
        notice = svc.issue_notice(app.id, at=at(2, 4, 10)).entity
        letter = Material.required(MaterialKind.COMMITMENT_LETTER).provide("承诺书（盖章）.pdf")
        request = InvoiceRequest(
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
        svc.request_invoice(request, actor=HANDLER, at=at(2, 4, 11), letter=letter)
        invoice = svc.issue_invoice(
            request.id, "SZFP20260001", actor=ASSOCIATION, at=at(2, 5)
        ).entity
        # 2.5 等待核对: the transfer; the association checks it; 2.6 it sets the effective time
        slip = PaymentVoucher(
            notice.amount_due, date(2026, 2, 5), unit.name, "755912345678", notice.number
        )
        svc.add_voucher(notice.number, slip, actor=HANDLER, at=at(2, 5, 10))
        svc.submit_vouchers(notice.number, actor=HANDLER, at=at(2, 5, 11))
        svc.submit_payment(app.id, actor=HANDLER, at=at(2, 5, 12))
        svc.confirm_payment(
            app.id,
            actor=ASSOCIATION,
            arrival_date=date(2026, 2, 5),
            policy_numbers=["SZ2026-P0001"],
            at=at(2, 6),
        )
        app = svc.set_effective_date(
            app.id, date(2026, 3, 1), actor=ASSOCIATION, at=at(2, 7)
        ).entity

        # 第三章 保单补充申请: a new hire joins the effective policy from 1 July
        hire = member("新员工", birth_date=date(1996, 6, 6), area="440304", serial=21)
        e = Endorsement(
            "BQ2026-0001",
            "SZ2026-P0001",
            unit.id,
            date(2026, 7, 1),
            Roster.of(MED, [hire]),
            contact=contact,
        )
        svc.endorse(e, actor=HANDLER, at=at(6, 20))
        svc.approve_endorsement(e.id, actor=ASSOCIATION, at=at(6, 21))
        e_notice = svc.issue_notice(e.id, at=at(6, 21, 10)).entity
        slip = PaymentVoucher(
            e_notice.amount_due, date(2026, 6, 22), unit.name, "755912345678", e_notice.number
        )
        svc.add_voucher(e_notice.number, slip, actor=HANDLER, at=at(6, 22))
        svc.submit_vouchers(e_notice.number, actor=HANDLER, at=at(6, 22, 10))
        svc.endorsement_step(e.id, "submit_payment", actor=HANDLER, at=at(6, 22, 11))
        svc.confirm_payment(e.id, actor=ASSOCIATION, arrival_date=date(2026, 6, 22), at=at(6, 23))
        e = svc.set_effective_date(e.id, date(2026, 7, 1), actor=ASSOCIATION, at=at(6, 24)).entity

        print_trail(store)
        send_events(svc)
        print(f"\n参保单 application {app.id}: {app.status.label} ({app.status.value})")
        letter_name = invoice.commitment_letter.name if invoice.commitment_letter else "-"
        print(
            f"提前开票 early invoice {invoice.invoice_number}: {invoice.status.label}, 承诺书 {letter_name}"
        )
        print(
            f"保全单 endorsement {e.id}: {e.status.label}, {e.amount_due}元, 生效 {e.effective_date}"
        )
        print_policy(
            store.get(Policy, "SZ2026-P0001"),
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
