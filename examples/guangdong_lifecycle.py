"""Guangdong (广东, seed 001): group enrolment from links to one invoice for the group.

Run: ``python examples/guangdong_lifecycle.py``. Three units register and the
association approves them; a subsidiary asks to be linked to the head office
and the head office asks another, each confirmed by the other side; the
head office launches the group plan (hospital, 2 shares, a gift plan) with a
deadline; each subsidiary imports its roster and submits its part, the head
office returns one once and it is submitted again; the head office sets the
reference effective date and submits everything at once, uploads the stamped
application form; two reviews; one payment notice for the group, priced by
the pack; the money arrives before the reference date, so the group's policy
takes effect on it; the head office asks for the one invoice of the group
with the stamped e-policy. Every step goes through
:class:`mutualaid.service.Service` into a SQLite store in a temporary file;
the audit trail, the outbox and the policy are printed with personal data
masked.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import print_policy, print_table, print_trail, send_events

from mutualaid.lifecycle import SQLiteStore, new_registration, price_group
from mutualaid.model import (
    Application,
    ApplicationLine,
    Contact,
    InvoiceRequest,
    Material,
    MaterialKind,
    Member,
    Policy,
    Unit,
)
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules import RuleEngine
from mutualaid.service import Service
from mutualaid.testing import member

ON = date(2026, 3, 2)
HOSP, GIFT = "GD-HOSP-2026", "GD-ACC-GIFT-2026"
OFFICE = "office:guangdong"
UNITS = (
    ("HQ", "粤测试集团有限公司", "91440100MA9Y0001X7", "陈总部"),
    ("S1", "粤测试一号子公司", "91440100MA9Y0002X8", "林一"),
    ("S2", "粤测试二号子公司", "91440100MA9Y0003X9", "黄二"),
)


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0)


def people(first: int, n: int) -> list[Member]:
    return [
        member(f"职工{i}", birth_date=date(1985, 1, i), area="440106", serial=i)
        for i in range(first, first + n)
    ]


def main() -> None:
    engine = RuleEngine.from_entry_points()
    rules = engine.pack("guangdong")
    plan = rules.plan(HOSP, ON)
    roster_rules = RosterRules.from_pack(rules, plan, shares=2, on=ON)

    def imported(part: Application, staff: list[Member]) -> tuple[ApplicationLine, ...]:
        rows = [
            RawRow(n + 2, {"name": m.name, "id_number": m.id_number}, False, ())
            for n, m in enumerate(staff)
        ]
        roster = validate_rows(rows, roster_rules, file=f"{part.unit_id}名单.xlsx").roster()
        return tuple(
            ApplicationLine(li.plan_code, li.tier_code, li.shares, roster, li.gift_plans)
            for li in part.lines
        )

    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "guangdong.sqlite") as store:
        svc = Service(store, engine, clock=lambda: at(1))
        # 二、单位账号注册: each unit registers and the association approves it
        for n, (uid, name, code, handler) in enumerate(UNITS):
            draft = new_registration(
                uid,
                name,
                code,
                region="guangdong",
                legal_representative=Contact("法人代表"),
                address="广州市天河区测试路1号",
                handler=Contact(handler, mobile=f"1380013800{n}"),
                has_registration_certificate=True,
            )
            svc.register(draft, actor=uid, at=at(1, 9 + n))
            svc.review_registration(uid, actor=OFFICE, at=at(2, 9 + n))

        # 五（二）上下级关系维护: S1 asks HQ; HQ asks S2; the other side confirms
        for sub, asker in (("S1", "S1"), ("S2", "HQ")):
            asked = svc.request_link("HQ", sub, requested_by=asker, at=at(2, 14)).entity
            svc.confirm_link(sub, actor=asked.confirming_unit_id, at=at(2, 15))

        # 一（二）(1) 新增集团参保计划: reaches both confirmed subsidiaries
        svc.launch_group(
            "G2026-01",
            "HQ",
            lines=(ApplicationLine(HOSP, "STD", shares=2, gift_plans=(GIFT,)),),
            deadline=date(2026, 3, 20),
            actor="HQ",
            at=at(3),
        )
        parts = {p.unit_id: p for p in svc.parts("G2026-01")}
        # (2) 下属单位: import, submit to the parent; HQ returns S2 once
        for sub, staff, day in (("S1", people(1, 2), 4), ("S2", people(11, 2), 5)):
            svc.act(parts[sub].id, "save", actor=sub, at=at(day), lines=imported(parts[sub], staff))
            svc.submit(parts[sub].id, actor=sub, at=at(day, 10))
        svc.act(parts["S2"].id, "return", actor="HQ", at=at(6), note="少报一人，请补充后重新提交")
        svc.act(
            parts["S2"].id, "save", actor="S2", at=at(9), lines=imported(parts["S2"], people(11, 3))
        )
        svc.submit(parts["S2"].id, actor="S2", at=at(9, 10))

        # (3) 集团总部统一提交: the reference date, then everything at once; two reviews
        svc.act(
            "G2026-01",
            "set_reference_date",
            actor="HQ",
            at=at(10),
            reference_effective_date=date(2026, 4, 1),
        )
        svc.submit_group("G2026-01", actor="HQ", at=at(10, 10))
        svc.upload_stamped_application("G2026-01", "申请书.jpg", actor="HQ", at=at(10, 11))
        svc.review("G2026-01", actor=OFFICE, at=at(11))
        svc.review("G2026-01", actor=OFFICE + ":复审", at=at(12))

        # 六、缴费: one notice for the group, the money arrives before the reference date
        group, part_list = svc.get(Application, "G2026-01"), svc.parts("G2026-01")
        quote = price_group(rules, group, part_list, ON)
        print_table(
            "集团价格 group price",
            ("单位", "人数", "金额"),
            [(p.unit_id, p.headcount, rules.price_application(p, ON).total) for p in part_list]
            + [("合计", quote.headcount, quote.total)],
        )
        notice = svc.issue_notice("G2026-01", at=at(12, 10)).entity
        group = svc.confirm_payment(
            "G2026-01",
            actor="finance",
            arrival_date=date(2026, 3, 27),
            amount_received=Decimal("500.00"),
            policy_numbers=["GD2026-G0001"],
            at=at(27, 15),
        ).entity

        # 七（一）下载电子保单，加盖公章; 七（二）上传盖章后的参保确认书, 填写开票信息: the parent invoices
        stamped = Material.required(
            MaterialKind.CONFIRMATION_CERTIFICATE, "参保确认书（盖章电子保单）"
        )
        request = InvoiceRequest(
            "INV-G1",
            "HQ",
            (group.id,),
            UNITS[0][1],
            UNITS[0][2],
            notice.amount_due,
            "finance@example.com",
            date(2026, 4, 2),
            stamped_confirmation=stamped.provide("GD2026-G0001-盖章.pdf"),
        )
        svc.request_invoice(request, actor="HQ", at=at(2, 9, month=4))
        request = svc.issue_invoice(
            request.id, "44012026000001", actor="finance", at=at(3, 9, month=4)
        ).entity

        print_trail(store)
        send_events(svc)
        print(
            f"\n集团参保 group {group.id}: {group.status.label} ({group.status.value}), 参考日期 {group.reference_effective_date}"
        )
        print(
            f"缴款单 notice {notice.number}: {svc.notice_of(group.id).status.label}, {notice.amount_due}元"
        )
        confirmation = request.stamped_confirmation.name if request.stamped_confirmation else "-"
        print(
            f"发票 invoice {request.invoice_number}: {request.status.label}, 开票单位 {request.unit_id}, 参保确认书 {confirmation}"
        )
        print_policy(
            store.get(Policy, "GD2026-G0001"),
            unit=store.get(Unit, "HQ"),
            plan=plan,
            issued_on=date(2026, 3, 28),
            amount=notice.amount_due,
        )


if __name__ == "__main__":
    main()
