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
before (``transfer_in``): the personal policy query finds one policy each day.
Everything is written to a SQLite store in a temporary file; the audit
trail and the policy are printed with personal data masked.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lifecycle_common import Journal, print_policy, print_table, print_trail

from mutualaid.lifecycle import (
    APPLICATIONS,
    RULES,
    UNIT,
    ConfirmationCertificate,
    SQLiteStore,
    application_machine,
    build_policies,
    flow_from,
    invoice_machine,
    new_registration,
    notice_for_application,
    payment_machine,
    pinyin_username,
    registration_machine,
    transfer_in,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE
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
from mutualaid.testing.members import member

ON = date(2026, 3, 2)
HOSP, ACC = "LY-HOSP-2026", "LY-ACC-2026"
OFFICE = "office:linyi"


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0)


def main() -> None:
    rules = RuleEngine.from_entry_points().pack("linyi")
    flow = flow_from(rules, "standalone", ON)
    plans = {p.code: p for p in rules.plans(ON)}
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "linyi.sqlite") as store:
        journal = Journal(store)

        # 2. 会员单位注册: reviewed by the office; the account comes by SMS
        reg = registration_machine(flow.registration)
        unit = store.save(
            new_registration(
                "U-LY",
                "临沂测试有限公司",
                "91371300MA3Q0000XX",
                region="linyi",
                handler=Contact("单田芳", mobile="13953912345"),
                contact_email="caiwu@example.com",
                has_registration_certificate=True,
            )
        )
        unit = journal.act(reg, unit, "submit", actor="U-LY", at=at(1))
        username = pinyin_username("单田芳", taken={"zhangsan"})
        unit = journal.act(reg, unit, "approve", actor=OFFICE, at=at(1, 15), username=username)
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
            checked = validate_rows(
                rows, RosterRules.from_pack(rules, code, shares=shares, on=ON), file=f"{code}.xlsx"
            )
            return checked.application_line()

        machine = application_machine(flow)
        app = store.save(Application("LY2026-0001", unit.id, "linyi"))
        app = journal.act(
            machine,
            app,
            "save",
            actor=username,
            at=at(2),
            lines=(activity(HOSP, 2, [*normal, high]), activity(ACC, 3, normal)),
            declared=DeclaredCounts(active_staff=3, active_female_staff=1),
        )
        # 3.2.1.3 完成 → 参保初审; 3.2.2 初审退回重新录入
        app = journal.act(
            machine,
            app,
            "submit",
            actor=username,
            at=at(3),
            context={RULES: rules},  # the guard asks the pack for its findings
        )
        app = journal.act(
            machine, app, "return", actor=OFFICE, at=at(4), note="请在参保说明中写明高危岗位"
        )
        app = journal.act(
            machine, app, "save", actor=username, at=at(5), remarks="高危岗位：井下作业1人"
        )
        app = journal.act(
            machine,
            app,
            "submit",
            actor=username,
            at=at(5, 10),
            context={RULES: rules},  # the guard asks the pack for its findings
        )
        app = journal.act(machine, app, "approve", actor=OFFICE, at=at(6))

        # 3.3 开票录入 (before the 25th, within the per-capita cap), then 到账确认
        notice = journal.created(
            notice_for_application(flow.payment, app, rules, counter=1, at=at(6, 10))
        )
        invoice = store.save(
            InvoiceRequest(
                "INV-LY-1",
                unit.id,
                (app.id,),
                unit.name,
                unit.code,
                notice.amount_due,
                "caiwu@example.com",
                date(2026, 3, 24),
            )
        )
        invoice = journal.act(
            invoice_machine,
            invoice,
            "submit",
            actor=username,
            at=at(24),
            context={RULES: rules, UNIT: unit, APPLICATIONS: (app,)},
        )
        app = journal.act(
            machine,
            app,
            "enter_invoice",
            actor=username,
            at=at(24, 10),
            invoice_request_id=invoice.id,
        )
        pay = payment_machine(flow.payment)
        arrival = date(2026, 3, 24)
        notice = journal.act(
            pay,
            notice,
            "confirm",
            actor=OFFICE,
            at=at(25),
            arrival_date=arrival,
            amount_received=notice.amount_due,
        )
        app = journal.act(
            machine,
            app,
            "confirm_payment",
            actor=OFFICE,
            at=at(25, 10),
            context={PAYMENT_NOTICE: notice, RULES: rules},  # the money is the notice's
            arrival_date=arrival,
            notice_number=notice.number,
        )
        invoice = journal.act(
            invoice_machine,
            invoice,
            "issue",
            actor=OFFICE,
            at=at(25, 11),
            invoice_number="37130001",
        )
        when = rules.effective_date(app, plans[HOSP], payment_arrival=arrival).date
        policies = build_policies(
            app,
            numbers=["LY2026-H0001", "LY2026-A0001"],
            coverage={c: p.coverage for c, p in plans.items()},
            effective_date=when,
        )
        for policy in policies:
            store.save(policy)

        # 3.4 确认书打印, with its member list
        priced = {q.plan_code: q.member_part for q in rules.price_application(app, ON).lines}
        cert = ConfirmationCertificate.from_policies(
            policies,
            unit=unit,
            issued_on=date(2026, 3, 26),
            plans=plans,
            amounts={p.number: priced[p.plan_code] for p in policies},
            office="中国职工保险互助会临沂办事处",
        )

        # 注 3: a member of another insured unit transfers in; the office adds them
        # from the transfer day and their cover on the former unit's policy ends the
        # day before ("为防止断保": no gap, no double cover)
        mover = member("调入者", birth_date=date(1984, 4, 4), area="371302", serial=8)
        hosp_policy = store.get(Policy, "LY2026-H0001")
        former = store.save(
            Policy(
                "LY2026-H0900",
                "U-OTHER",
                "LY2026-0900",
                HOSP,
                hosp_policy.coverage,
                (PolicyMember(mover, "STD", 1, date(2026, 1, 1)),),
                PolicyStatus.EFFECTIVE,
                date(2026, 1, 1),
            )
        )
        moved = transfer_in(
            flow.endorsement,
            hosp_policy,
            [PolicyMember(mover, "STD", 2)],
            on=date(2026, 6, 1),
            former=[former],
            actor=OFFICE,
            at=at(1, 9, month=6),
            request_id="调入-0001",
        )
        for outcome in (*moved.former, moved.policy):
            journal.recorded(outcome)
        hosp_policy = moved.policy.entity
        for day in (date(2026, 5, 31), date(2026, 6, 1)):
            covering = [p.unit_id for p in store.policies_covering(mover.id_number, day)]
            print(f"个人保单查询 {day} 调入者: {covering}")

        print_trail(journal)
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
            hosp_policy,
            unit=unit,
            plan=plans[HOSP],
            issued_on=date(2026, 6, 1),
            amount=priced[HOSP],
        )


if __name__ == "__main__":
    main()
