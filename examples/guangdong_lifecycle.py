"""Guangdong (广东, seed 001): a group enrolment with two subsidiaries, one returned once.

Run: ``python examples/guangdong_lifecycle.py``. Three units register and
are approved by the association; the subsidiaries link to the parent (one
asks, the other side confirms: 上下级关系维护); the parent creates the group
plan (hospital plan, 2 shares, with the gift accident plan) with a deadline;
each subsidiary imports its roster and submits its part to the parent; the
parent returns one part once (少报一人), the subsidiary resubmits; the parent
sets the reference effective date and submits everything at once; the
stamped application is uploaded, the review and second review pass; one
payment notice for the group; the money arrives before the reference date;
the group's policy starts on the reference date; the parent requests the
invoice. Everything is written to a SQLite store in a temporary file; the
audit trail and the policy are printed with personal data masked.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import Journal, print_policy, print_table, print_trail

from mutualaid.lifecycle import (
    APPLICATIONS,
    GROUP,
    RULES,
    UNIT,
    SQLiteStore,
    build_policies,
    combined_application,
    create_group,
    flow_from,
    group_invoice_machine,
    group_machine,
    group_part_machine,
    link_machine,
    new_registration,
    notice_for_group,
    payment_machine,
    price_group,
    registration_machine,
    request_link,
    submit_group,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
from mutualaid.model import (
    Application,
    ApplicationLine,
    InvoiceRequest,
    Material,
    MaterialKind,
    Member,
    Policy,
    Unit,
)
from mutualaid.model.unit import Contact, UnitLink
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules.engine import RuleEngine
from mutualaid.testing.members import member

ON = date(2026, 3, 2)
HOSP, GIFT = "GD-HOSP-2026", "GD-ACC-GIFT-2026"
REFERENCE = date(2026, 4, 1)
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
    rules = RuleEngine.from_entry_points().pack("guangdong")
    flow = flow_from(rules, "group", ON)
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
        journal = Journal(store)

        # 二、单位账号注册: each unit registers and the association approves it
        reg = registration_machine(flow.registration)
        units: dict[str, Unit] = {}
        for n, (uid, name, code, handler) in enumerate(UNITS):
            unit = store.save(
                new_registration(
                    uid,
                    name,
                    code,
                    region="guangdong",
                    legal_representative=Contact("法人代表"),
                    address="广州市天河区测试路1号",
                    handler=Contact(handler, mobile=f"1380013800{n}"),
                    has_registration_certificate=True,
                )
            )
            unit = journal.act(reg, unit, "submit", actor=uid, at=at(1, 9 + n))
            units[uid] = journal.act(reg, unit, "approve", actor=OFFICE, at=at(2, 9 + n))

        # 五（二）上下级关系维护: S1 asks HQ; HQ asks S2; the other side confirms
        links: list[UnitLink] = []
        for sub, asker, confirmer in (("S1", "S1", "HQ"), ("S2", "HQ", "S2")):
            asked = journal.noted(
                request_link(
                    "HQ",
                    sub,
                    requested_by=asker,
                    flow=flow.registration,
                    at=at(2, 14),
                    existing=links,
                )
            )
            links.append(
                journal.noted(
                    link_machine.apply(
                        asked, "confirm", actor=confirmer, at=at(2, 15), unit_id=confirmer
                    )
                )
            )

        # 一（二）(1) 新增集团参保计划: reaches both confirmed subsidiaries
        launch = create_group(
            flow,
            "G2026-01",
            "HQ",
            "guangdong",
            lines=(ApplicationLine(HOSP, "STD", shares=2, gift_plans=(GIFT,)),),
            deadline=date(2026, 3, 20),
            links=links,
            at=at(3),
        )
        group = journal.created(launch.group)
        parts = {p.entity.unit_id: journal.created(p) for p in launch.parts}

        # (2) 下属单位: import, submit to the parent; HQ returns S2 once
        pm = group_part_machine(flow)
        staff = {"S1": people(1, 2), "S2": people(11, 2)}
        for sub, day in (("S1", 4), ("S2", 5)):
            part = journal.act(
                pm,
                parts[sub],
                "save",
                actor=sub,
                at=at(day),
                lines=imported(parts[sub], staff[sub]),
            )
            parts[sub] = journal.act(
                pm, part, "submit", actor=sub, at=at(day, 10), context={GROUP: group, RULES: rules}
            )
        parts["S2"] = journal.act(
            pm, parts["S2"], "return", actor="HQ", at=at(6), note="少报一人，请补充后重新提交"
        )
        staff["S2"] = people(11, 3)
        part = journal.act(
            pm, parts["S2"], "save", actor="S2", at=at(9), lines=imported(parts["S2"], staff["S2"])
        )
        parts["S2"] = journal.act(
            pm, part, "submit", actor="S2", at=at(9, 10), context={GROUP: group, RULES: rules}
        )

        # (3) 集团总部统一提交: the reference date, then everything at once
        gm = group_machine(flow)
        group = journal.act(
            gm,
            group,
            "set_reference_date",
            actor="HQ",
            at=at(10),
            reference_effective_date=REFERENCE,
        )
        out = submit_group(flow, group, list(parts.values()), actor="HQ", at=at(10, 10))
        group = journal.recorded(out.group)
        for p in out.parts:
            parts[p.entity.unit_id] = journal.recorded(p)
        group = journal.act(
            gm,
            group,
            "upload_stamped_application",
            actor="HQ",
            at=at(10, 11),
            reference="申请书.jpg",
        )
        group = journal.act(gm, group, "approve", actor=OFFICE, at=at(11))
        group = journal.act(gm, group, "approve", actor=OFFICE + ":复审", at=at(12))

        # 六、缴费: one notice for the group, the money arrives before the reference date
        part_list = list(parts.values())
        quote = price_group(rules, group, part_list, ON)
        print_table(
            "集团价格 group price",
            ("单位", "人数", "金额"),
            [(p.unit_id, p.headcount, rules.price_application(p, ON).total) for p in part_list]
            + [("合计", quote.headcount, quote.total)],
        )
        notice = journal.created(
            notice_for_group(flow, group, part_list, rules, counter=1, at=at(12, 10))
        )
        pay = payment_machine(flow.payment)
        arrival = date(2026, 3, 27)
        notice = journal.act(
            pay,
            notice,
            "confirm",
            actor="finance",
            at=at(27, 15),
            arrival_date=arrival,
            amount_received=Decimal("500.00"),
        )
        group = journal.act(
            gm,
            group,
            "confirm_payment",
            actor="finance",
            at=at(27, 16),
            context={PAYMENT_NOTICE: notice, RULES: rules},  # the money is the notice's
            arrival_date=arrival,
        )

        when = rules.effective_date(group, plan, payment_arrival=arrival).date
        whole = combined_application(group, part_list)
        policies = build_policies(
            whole, numbers=["GD2026-G0001"], coverage={HOSP: plan.coverage}, effective_date=when
        )
        for policy in policies:
            store.save(policy)

        # 七（二）单位开票申请: the parent invoices for the group
        hq = units["HQ"]
        request = store.save(
            InvoiceRequest(
                "INV-G1",
                "HQ",
                (group.id,),
                hq.name,
                hq.code,
                notice.amount_due,
                "finance@example.com",
                date(2026, 4, 2),
            )
        )
        # 七（一）下载电子保单，加盖公章; 七（二）5.上传盖章后的参保确认书 → 6.填写开票信息及金额，点击【保存】
        request = journal.act(
            group_invoice_machine,
            request,
            "save",
            actor="HQ",
            at=at(2, 9, month=4),
            stamped_confirmation=Material.required(
                MaterialKind.CONFIRMATION_CERTIFICATE, "参保确认书（盖章电子保单）"
            ).provide(f"{policies[0].number}-盖章.pdf"),
        )
        request = journal.act(
            group_invoice_machine,
            request,
            "submit",
            actor="HQ",
            at=at(2, 9, month=4),
            context={RULES: rules, UNIT: hq, APPLICATIONS: (group,), GROUP: group},
        )
        request = journal.act(
            group_invoice_machine,
            request,
            "issue",
            actor="finance",
            at=at(3, 9, month=4),
            invoice_number="44012026000001",
        )

        print_trail(journal)
        print(
            f"\n集团参保 group {group.id}: {group.status.label} ({group.status.value}), 参考日期 {group.reference_effective_date}"
        )
        print(f"缴款单 notice {notice.number}: {notice.status.label}, {notice.amount_due}元")
        print(
            f"发票 invoice {request.invoice_number}: {request.status.label}, 开票单位 {request.unit_id}, 参保确认书 {request.stamped_confirmation.name if request.stamped_confirmation else '-'}"
        )
        print_policy(
            store.get(Policy, policies[0].number),
            unit=hq,
            plan=plan,
            issued_on=date(2026, 3, 28),
            amount=notice.amount_due,
        )


if __name__ == "__main__":
    main()
