"""What the four claims examples share: three cases of one region, told through the service.

Each example (``examples/<pack>_claims.py``) calls :func:`run` with its pack,
plan and claim type. Three members of one unit are covered by the plan:

1. 张三's case goes from acceptance (or the unit's draft) to a paid benefit;
   its benefit notice (给付通知书) is printed with every step of the
   explanation;
2. 李四's case is returned by the review for a missing material (the invoice
   uploaded was unreadable), the material is uploaded again and the case is
   submitted again and paid;
3. 王五 joined on 1 May: the incident falls in the waiting period, the
   calculation refuses the case with ``cover.waiting_period`` (the office
   deletes it, Linyi; the claims department rejects it, the unit-filed flows).

Every step goes through :mod:`mutualaid.service.claims` into a SQLite store
in a temporary file; personal data is masked in everything printed. The
amounts are the packs' illustrative figures.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from mutualaid.lifecycle import SQLiteStore
from mutualaid.model import (
    Application,
    Claim,
    CoveragePeriod,
    Incident,
    Material,
    MaterialKind,
    Member,
    Payee,
    Policy,
    PolicyMember,
    PolicyStatus,
    SettlementSheet,
)
from mutualaid.rules import RuleEngine
from mutualaid.service import (
    ClaimCalculation,
    Service,
    accept_claims,
    approve_claim,
    benefit_notice,
    calculate_claim,
    claim_coverage,
    claim_offers,
    claim_query,
    close_claim,
    correct_claim,
    delete_claim,
    edit_claim,
    enter_case,
    export_claims,
    finish_materials,
    materials_missing,
    pay_claim,
    provide_claim_material,
    reject_claim,
    return_claim,
    save_claim_draft,
    submit_claim,
    take_claim,
)

__all__ = ["run"]

ZHANG = Member.from_resident_id("张三", "11010519491231002X")
LI = Member.from_resident_id("李四", "110105198001010219")
WANG = Member.from_resident_id("王五", "440304199003070018")


class _Clock:
    """A clock that moves on ten minutes a step (the trail reads as a working day)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=10)
        return self.now


def _cover(svc: Service, pack: str, plan: str, number: str, start: date, *people: Member) -> None:
    svc.store.save(Application("A-" + number, "U1", pack))
    svc.store.save(
        Policy(
            number,
            "U1",
            "A-" + number,
            plan,
            CoveragePeriod(start, date(2026, 12, 31)),
            tuple(PolicyMember(m, shares=2, effective_date=start) for m in people),
            PolicyStatus.EFFECTIVE,
            start,
        )
    )


def _upload(svc: Service, claim_id: str, actor: str, on: date) -> None:
    for needed in materials_missing(svc, claim_id, on=on):
        material = Material.required(needed.kind, needed.name).provide(f"{needed.kind.value}.jpg")
        provide_claim_material(svc, claim_id, material, actor=actor)


def run(pack: str, plan: str, claim_type: str, *, hospital: str, place: str) -> None:
    """Tell the three cases of ``pack``'s region; print what a host would show."""
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "claims.sqlite")
        try:
            _run(store, Path(tmp), pack, plan, claim_type, hospital, place)
        finally:
            store.close()


def _run(
    store: SQLiteStore, tmp: Path, pack: str, plan: str, claim_type: str, hospital: str, place: str
) -> None:
    engine = RuleEngine.from_entry_points(names=[pack])
    svc = Service(store, engine, clock=_Clock(datetime(2026, 6, 2, 8, 50)))
    today = date(2026, 6, 2)
    _cover(svc, pack, plan, "P1", date(2026, 1, 1), ZHANG, LI)
    _cover(svc, pack, plan, "P2", date(2026, 5, 1), WANG)
    unit_files = svc.rules(pack).claim_flow().unit_files
    office = "unit-U1" if unit_files else "clerk"

    print(f"== {pack}: 申领类型 claim types on {today} ==")
    for offer in claim_offers(svc, ZHANG.id_number, on=today):
        print(
            f"{offer.policy_number} {offer.plan_code}: {', '.join(t.label for t in offer.claim_types)}"
        )

    def sheet(total: str, insurance: str) -> SettlementSheet:
        return SettlementSheet(
            hospital, date(2026, 5, 10), date(2026, 5, 18), total, insurance,
            hospital_level="level_3",
        )  # fmt: skip

    def open_case(claim_id: str, member: Member, incident: date) -> None:
        payee = Payee(member.name, "6222021234567890123", "工商银行")
        fields = {
            "payee": payee,
            "incident": Incident(incident, place, "住院治疗"),
            "settlement_sheet": sheet("9000", "3000"),
        }
        if unit_files:  # Guangdong 九（一）: the unit's draft (暂存), then its contents
            save_claim_draft(svc, claim_id, member.id_number, claim_type, actor=office)
            edit_claim(svc, claim_id, actor=office, **fields)
            _upload(svc, claim_id, office, today)
        else:  # Linyi 4.1.1-4.2.2: accepted, materials, taken from the pool, entered
            accept_claims(svc, member.id_number, {claim_id: claim_type}, actor=office)
            _upload(svc, claim_id, office, today)
            finish_materials(svc, claim_id, actor=office)
            take_claim(svc, claim_id, actor=office)
            enter_case(svc, claim_id, actor=office, **fields)

    def calculate(claim_id: str, actor: str) -> ClaimCalculation:
        calc = calculate_claim(svc, claim_id, actor=actor)
        code = calc.benefit.refusal or "-"
        print(
            f"申领计算 {claim_id} (revision {calc.revision}): {calc.benefit.amount}元 refusal {code}"
        )
        return calc

    def to_review(claim_id: str) -> None:
        if not unit_files:
            calculate(claim_id, office)
        submit_claim(svc, claim_id, actor=office)
        take_claim(svc, claim_id, actor="reviewer")
        if unit_files:
            calculate(claim_id, "reviewer")

    def pay(claim_id: str) -> None:
        approve_claim(svc, claim_id, actor="reviewer")
        pay_claim(svc, claim_id, paid_on=today + timedelta(days=7), actor="finance")
        close_claim(svc, claim_id, actor="finance")

    # 1. accepted (or drafted) to paid
    print("\n== 1. 张三: to a paid benefit ==")
    open_case("C1", ZHANG, date(2026, 5, 10))
    to_review("C1")
    pay("C1")
    for label, value in benefit_notice(svc, "C1", issued_on=today).lines():
        print(f"{label}: {value}")

    # 2. returned for a missing material, completed and submitted again
    print("\n== 2. 李四: returned for a missing material ==")
    open_case("C2", LI, date(2026, 5, 10))
    to_review("C2")
    out = return_claim(
        svc, "C2", note="住院发票模糊，请重新上传", reasons=("claim.materials_missing",),
        actor="reviewer",
    )  # fmt: skip
    print(f"退回 returned: {out.entity.status.label}, {out.entity.reviews[-1].note}")
    if not unit_files:
        correct_claim(svc, "C2", actor=office)
    invoice = Material.required(MaterialKind.MEDICAL_INVOICE, "住院发票").provide("invoice-2.jpg")
    provide_claim_material(svc, "C2", invoice, actor=office)
    to_review("C2")
    pay("C2")
    print(
        f"C2: {svc.store.get(Claim, 'C2').status.label}, 已付 {svc.store.get(Claim, 'C2').paid_total}元"
    )

    # 3. inside the waiting period: refused
    print("\n== 3. 王五: inside the waiting period ==")
    answer = claim_coverage(svc, WANG.id_number, claim_type, date(2026, 5, 20))
    print(
        f"保障查询 coverage: covered {answer.covered}, {answer.code}, 等待期至 {answer.waiting_ends}"
    )
    open_case("C3", WANG, date(2026, 5, 20))
    if unit_files:
        submit_claim(svc, "C3", actor=office)
        take_claim(svc, "C3", actor="reviewer")
        refused = calculate("C3", "reviewer").benefit
        reject_claim(
            svc, "C3", note="出险日期在等待期内", reasons=(refused.refusal or "",), actor="reviewer"
        )
        close_claim(svc, "C3", actor="reviewer")
    else:
        refused = calculate("C3", office).benefit
        delete_claim(svc, "C3", confirmed=True, actor=office)
    print(f"C3: {svc.store.get(Claim, 'C3').status.label} ({refused.refusal})")

    print("\n== 申领查询 closed cases, exported masked ==")
    closed = claim_query(svc, unit_id="U1")
    listed = export_claims(svc, closed, tmp / f"{pack}-claims.xlsx")
    for row in listed.rows:
        print(" | ".join(str(c) for c in row.cells()[:10]))
    print("\n== 操作记录 audit trail of C2 ==")
    for record in store.audit_trail(Claim, "C2"):
        print(f"{record.version:>2} {record.action:<16} {record.from_state} → {record.to_state}")
    total = sum(e.amount for e in store.ledger_of(ZHANG.id_number) if e.measure.value == "paid")
    print(f"\n累计 ledger 张三 paid entries: {total}元")
