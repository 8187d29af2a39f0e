"""A service workload for the store harness (tests/stores/harness.py), and its checks.

``race``: two hosts save one application at the version they read: one wins.

``walk``: a Weihai unit registers, then application after application goes
from draft to effective through :class:`mutualaid.service.Service` (save,
submit, return, save, submit, approve, the notice, a voucher, payment,
confirmation with its policy), one service call per transaction. After a
SIGKILL at any moment, :func:`check_whole` holds: every entity is at its
trail's version, the applications replay, a policy exists exactly when its
application's confirmation does, and the outbox holds exactly the events of
the committed steps, once each.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from mutualaid.errors import ConcurrentModification
from mutualaid.lifecycle import application_machine, flow_from, new_registration
from mutualaid.model import Application, PaymentNotice, PaymentVoucher, Policy, Unit
from mutualaid.model.application import ApplicationLine, DeclaredCounts
from mutualaid.model.kinds import UnitType
from mutualaid.model.roster import Roster
from mutualaid.model.unit import Contact
from mutualaid.rules.engine import RuleEngine
from mutualaid.service import Service
from mutualaid.testing.members import member

START = datetime(2026, 1, 5, 9)
PLAN = "WH-MED-2026"

#: The events each committed step writes to the outbox, by (entity kind, action).
EVENTS: dict[tuple[str, str], int] = {
    ("unit", "submit"): 1,
    ("application", "submit"): 1,
    ("application", "return"): 1,
    ("application", "approve"): 1,
    ("application", "confirm_payment"): 2,  # payment_confirmed, policy_effective
    ("payment_notice", "issue"): 1,
    ("payment_notice", "confirm"): 1,
}


def _unit() -> Unit:
    return new_registration(
        "U1",
        "威海测试有限公司",
        "91371000MA3C0000XF",
        region="weihai",
        union_affiliation="环翠区总工会",
        contact_email="hr@example.com",
        address="单位详细地址",
        unit_type=next(iter(UnitType)),
        handler=Contact("负责人", mobile="13526589854", id_number="11010519491231002X"),
        union_chair=Contact("工会主席", mobile="13526585845"),
        has_registration_certificate=True,
        has_e_seal=True,
    )


def walk(store: Any, args: dict[str, Any], channel: Any) -> None:
    """Applications from draft to effective, one service call per transaction, until killed."""
    clock = iter(START + timedelta(minutes=n) for n in range(10_000_000))
    svc = Service(store, RuleEngine.from_entry_points(), clock=lambda: next(clock))
    if store.find(Unit, "U1") is None:
        svc.register(_unit(), actor="U1")
    staff = [
        member(f"职工{i}", birth_date=date(1980, 1, i), area="371002", serial=i) for i in (1, 2)
    ]
    roster = Roster.of(PLAN, staff, tier_code="T50")
    counts = DeclaredCounts(insured_headcount=2, paying_headcount=2)
    for n in range(len(store.all(Application)), args["applications"]):
        app_id = f"WH-{n:05d}"
        lines = (ApplicationLine(PLAN, "T50", roster=roster),)
        svc.create_application(Application(app_id, "U1", "weihai"), actor="U1", lines=lines,
                               declared=counts)  # fmt: skip
        svc.submit(app_id, actor="U1")
        svc.review(app_id, actor="office", approve=False, note="请核对人数")
        svc.save(app_id, actor="U1", remarks="已核对人数")
        svc.submit(app_id, actor="U1")
        svc.review(app_id, actor="office")
        notice = svc.issue_notice(app_id, counter=n + 1).entity
        slip = PaymentVoucher(notice.amount_due, date(2026, 1, 9), "威海测试有限公司",
                              "6222020000001234", notice.number)  # fmt: skip
        svc.add_voucher(notice.number, slip, actor="U1")
        svc.submit_vouchers(notice.number, actor="U1")
        svc.submit_payment(app_id, actor="U1")
        svc.confirm_payment(app_id, actor="office", arrival_date=date(2026, 1, 10),
                            policy_numbers=[f"P-{app_id}"])  # fmt: skip
        if args.get("report"):
            channel.say("effective", app_id)


def check_whole(store: Any) -> int:
    """The invariants after any crash; how many applications are effective."""
    rules = RuleEngine.from_entry_points().pack("weihai")
    machine = application_machine(flow_from(rules, "standalone", START.date()))
    expected: Counter[str] = Counter()
    effective = 0
    for cls, kind, trail_offset in (
        (Unit, "unit", 0),
        (Application, "application", 0),
        (PaymentNotice, "payment_notice", 1),
    ):
        for entity in store.all(cls):
            key = entity.number if cls is PaymentNotice else entity.id
            trail = store.audit_trail(cls, key)
            assert entity.version == len(trail) - trail_offset, (kind, key)
            for record in trail:
                expected[kind] += EVENTS.get((kind, record.action), 0)
    for app in store.all(Application):
        trail = store.audit_trail(Application, app.id)
        assert machine.replay(Application(app.id, "U1", "weihai"), trail) == app
        confirmed = any(r.action == "confirm_payment" for r in trail)
        assert (store.find(Policy, f"P-{app.id}") is not None) == confirmed, app.id
        effective += confirmed
    found = Counter(entry.kind for entry in store.pending_events())
    assert found == expected, (found - expected, expected - found)
    ids = [e.id for e in store.pending_events()]
    assert len(ids) == len(set(ids))
    return effective


def prepare_race(store: Any) -> None:
    """The unit and a draft application the racers edit."""
    svc = Service(store, RuleEngine.from_entry_points(), clock=lambda: START)
    svc.register(_unit(), actor="U1")
    svc.create_application(Application("WH-RACE", "U1", "weihai"), actor="U1", remarks="draft")


def race(store: Any, args: dict[str, Any], channel: Any) -> None:
    """Read the application's version, wait for ``go``, save with that version: won or lost."""
    svc = Service(store, RuleEngine.from_entry_points(), clock=lambda: START)
    for n in range(args["rounds"]):
        read = svc.get(Application, "WH-RACE").version
        channel.say("read", read)
        channel.wait("go")
        try:
            out = svc.save("WH-RACE", actor=args["who"], remarks=f"{args['who']} {n}",
                           expected_version=read)  # fmt: skip
        except ConcurrentModification:
            channel.say("lost")
        else:
            channel.say("won", out.entity.version)
        channel.wait("next")
