"""Linyi (临沂, seed 003): two coverage activities to effective policies, then a transfer-in.

Run: ``python examples/linyi_lifecycle.py``. The unit registers; the office
approves it and its username is the handler's name in pinyin (单田芳 →
shantianfang). The unit enters two coverage activities with their shares
(hospital × 2 with one high-risk member, accident × 3), its active and
female staff counts; the initial review returns it once; after approval the
unit enters its invoice (before the 25th, within the per-capita cap), pays
by bank transfer and the office confirms the arrival; the confirmation
certificate is printed with its member list. In June a member of another
insured unit transfers in and the office adds them to the policy (调入人员办理新增)
from the transfer day, their cover on the former unit's policy ending the day
before: the personal policy query finds one policy each day. Every step goes
through :class:`mutualaid.service.Service` into a SQLite store in a
temporary file; the audit trail, the outbox and the policy are printed with
personal data masked.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import print_policy, print_table, print_trail, send_events

from mutualaid.documents import ConfirmationCertificate
from mutualaid.lifecycle import SQLiteStore, new_registration
from mutualaid.model import (
    Application,
    ApplicationLine,
    InvoiceRequest,
    Member,
    Policy,
    PolicyMember,
)
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.kinds import RiskClass
from mutualaid.model.states import PolicyStatus
from mutualaid.model.unit import Contact
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules.engine import RuleEngine
from mutualaid.service import Service
from mutualaid.testing.members import member

ON = date(2026, 3, 2)
HOSP, ACC = "LY-HOSP-2026", "LY-ACC-2026"
OFFICE = "office:linyi"


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0)


def main() -> None:
    engine = RuleEngine.from_entry_points()
    rules = engine.pack("linyi")
    plans = {p.code: p for p in rules.plans(ON)}

    def activity(code: str, shares: int, people: list[Member]) -> ApplicationLine:
        rows = [
            RawRow(
                n + 2,
                {"name": m.name, "id_number": m.id_number, "risk_class": m.risk_class.label},
                False,
                (),
            )
            for n, m in enumerate(people)
        ]
        roster_rules = RosterRules.from_pack(rules, code, shares=shares, on=ON)
        return validate_rows(rows, roster_rules, file=f"{code}.xlsx").application_line()

    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "linyi.sqlite") as store:
        svc = Service(store, engine, clock=lambda: at(1))
        # 2. 会员单位注册: reviewed by the office; the account (pinyin username) comes by SMS
        draft = new_registration(
            "U-LY",
            "临沂测试有限公司",
            "91371300MA3Q0000XX",
            region="linyi",
            handler=Contact("单田芳", mobile="13953912345"),
            contact_email="caiwu@example.com",
            has_registration_certificate=True,
        )
        svc.register(draft, actor="U-LY")
        approved = svc.review_registration("U-LY", actor=OFFICE, at=at(1, 15))
        unit, username = approved.entity, approved.audit.params["username"]
        print(f"用户名 username: {username}")

        # 3.2.1.1-3.2.1.2: each activity with its shares and its own member import
        normal = [
            member(f"职工{i}", birth_date=date(1985, 1, i), area="371302", serial=i) for i in (1, 2)
        ]
        high = member(
            "高危工",
            birth_date=date(1986, 2, 2),
            area="371302",
            serial=5,
            risk_class=RiskClass.HIGH_RISK,
        )
        app = Application("LY2026-0001", unit.id, "linyi")
        svc.create_application(
            app,
            actor=username,
            at=at(2),
            lines=(activity(HOSP, 2, [*normal, high]), activity(ACC, 3, normal)),
            declared=DeclaredCounts(active_staff=3, active_female_staff=1),
        )
        # 3.2.1.3 完成 → 参保初审; 3.2.2 初审退回重新录入
        svc.submit(app.id, actor=username, at=at(3))
        svc.review(app.id, actor=OFFICE, approve=False, note="请在参保说明中写明高危岗位", at=at(4))
        svc.save(app.id, actor=username, at=at(5), remarks="高危岗位：井下作业1人")
        svc.submit(app.id, actor=username, at=at(5, 10))
        svc.review(app.id, actor=OFFICE, at=at(6))

        # 3.3 开票录入 (before the 25th, within the per-capita cap), then 到账确认
        notice = svc.issue_notice(app.id, at=at(6, 10)).entity
        request = InvoiceRequest(
            "INV-LY-1",
            unit.id,
            (app.id,),
            unit.name,
            unit.code,
            notice.amount_due,
            "caiwu@example.com",
            date(2026, 3, 24),
        )
        svc.request_invoice(request, actor=username, at=at(24))
        svc.enter_invoice(app.id, actor=username, at=at(24, 10))
        done = svc.confirm_payment(
            app.id,
            actor=OFFICE,
            arrival_date=date(2026, 3, 24),
            amount_received=notice.amount_due,
            policy_numbers=["LY2026-H0001", "LY2026-A0001"],
            at=at(25),
        )
        invoice = svc.issue_invoice(request.id, "37130001", actor=OFFICE, at=at(25, 11)).entity
        app = done.entity

        # 3.4 确认书打印, with its member list
        policies = [store.get(Policy, n) for n in ("LY2026-H0001", "LY2026-A0001")]
        priced = {q.plan_code: q.member_part for q in rules.price_application(app, ON).lines}
        cert = ConfirmationCertificate.from_policies(
            policies,
            unit=unit,
            issued_on=date(2026, 3, 26),
            plans=plans,
            amounts={p.number: priced[p.plan_code] for p in policies},
            office="中国职工保险互助会临沂办事处",
        )

        # 注 3: a member of another insured unit transfers in from the transfer day;
        # their cover on the former unit's policy ends the day before (为防止断保)
        mover = member("调入者", birth_date=date(1984, 4, 4), area="371302", serial=8)
        store.save(
            Policy(
                "LY2026-H0900",
                "U-OTHER",
                "LY2026-0900",
                HOSP,
                policies[0].coverage,
                (PolicyMember(mover, "STD", 1, date(2026, 1, 1)),),
                PolicyStatus.EFFECTIVE,
                date(2026, 1, 1),
            )
        )
        moved = svc.transfer_in(
            "LY2026-H0001",
            [PolicyMember(mover, "STD", 2)],
            on=date(2026, 6, 1),
            actor=OFFICE,
            at=at(1, 9, month=6),
            request_id="调入-0001",
        )
        for day in (date(2026, 5, 31), date(2026, 6, 1)):
            covering = [p.unit_id for p in store.policies_covering(mover.id_number, day)]
            print(f"个人保单查询 {day} 调入者: {covering}")

        print_trail(store)
        send_events(svc)
        print(
            f"\n参保单 application {app.id}: {app.status.label} ({app.status.value}); 说明 {app.remarks}"
        )
        print(
            f"发票 invoice {invoice.invoice_number}: {invoice.status.label}, {invoice.amount}元 → {invoice.email}"
        )
        print_table(
            "确认书 confirmation certificate",
            ("保单号", "保障活动", "人数", "份数", "金额"),
            [
                (li.policy_number, li.plan_name, li.headcount, li.shares, li.amount)
                for li in cert.policy_lines
            ]
            + [("合计", "", cert.headcount, "", cert.amount)],
        )
        print(f"确认书人员清单 member list: {len(cert.members)} 行")
        print_policy(
            moved.entity,
            unit=unit,
            plan=plans[HOSP],
            issued_on=date(2026, 6, 1),
            amount=priced[HOSP],
        )


if __name__ == "__main__":
    main()
