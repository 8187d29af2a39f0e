"""Store-level workloads for the harness, and the checks to run on the store afterwards.

``steps``: many transactions, each moving one application a step (its audit
record and an event) and saving a payment notice (with its event) in the same
transaction: after a crash at any point, both or neither are there.
``race``: read one application, wait for the test's ``go``, try to write the
next version; say ``won`` or ``lost``.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from mutualaid_pack_weihai.flows import WEIHAI_FLOW

from mutualaid.errors import ConcurrentModification
from mutualaid.lifecycle.application import application_machine
from mutualaid.lifecycle.events import ApplicationSubmitted, PaymentNoticeIssued
from mutualaid.model import Application, PaymentNotice

MACHINE = application_machine(WEIHAI_FLOW)
AT = datetime(2026, 3, 5, 9, 0)


def initial(app_id: str) -> Application:
    """The application as first saved (what replay starts from)."""
    return Application(app_id, "U1", "weihai")


def notice_number(app_id: str, version: int) -> str:
    return f"JF-{app_id}-{version}"


def step(store: Any, app_id: str, remarks: str) -> int:
    """One transaction: the application's next step, its notice, both events. The version."""
    with store.transaction():
        current = store.find(Application, app_id)
        if current is None:
            current = store.save(initial(app_id))
        out = MACHINE.apply(current, "save", actor="u", at=AT, remarks=remarks)
        version = out.entity.version
        store.update(
            out.entity,
            audit=[out.audit],
            events=[ApplicationSubmitted(subject_id=app_id, at=AT, actor=f"v{version}")],
        )
        number = notice_number(app_id, version)
        store.save(
            PaymentNotice(number, app_id, "60", date(2026, 3, 6), unit_id="U1"),
            events=[
                PaymentNoticeIssued(
                    subject_id=number, at=AT, application_id=app_id, amount_due=Decimal("60.00")
                )
            ],
        )
    return int(version)


def steps(store: Any, args: dict[str, Any], channel: Any) -> None:
    rng = random.Random(args["seed"])
    apps = [f"A{i}" for i in range(args.get("apps", 3))]
    for n in range(args["steps"]):
        version = step(store, rng.choice(apps), f"step {n}")
        if args.get("report"):
            channel.say("step", n, version)


def race(store: Any, args: dict[str, Any], channel: Any) -> None:
    app_id = args["app"]
    for n in range(args["rounds"]):
        current = store.get(Application, app_id)
        out = MACHINE.apply(current, "save", actor=args["who"], at=AT, remarks=f"{args['who']} {n}")
        channel.say("read", current.version)
        channel.wait("go")
        try:
            store.update(
                out.entity,
                audit=[out.audit],
                events=[ApplicationSubmitted(subject_id=app_id, at=AT, actor=args["who"])],
            )
        except ConcurrentModification:
            channel.say("lost")
        else:
            channel.say("won", out.entity.version)
        channel.wait("next")


def check_consistent(store: Any, app_ids: list[str]) -> dict[str, int]:
    """The invariants after any crash; the applications' versions.

    Every application's version is its audit trail's length and replay rebuilds it;
    its notices are exactly one per version; the outbox holds exactly one event
    per committed step and per notice (none lost, none twice).
    """
    versions: dict[str, int] = {}
    expected: Counter[tuple[str, str, str]] = Counter()
    for app_id in app_ids:
        stored = store.find(Application, app_id)
        if stored is None:
            assert store.audit_trail(Application, app_id) == ()
            assert store.payment_notices_for(app_id) == ()
            continue
        trail = store.audit_trail(Application, app_id)
        assert stored.version == len(trail), (app_id, stored.version, len(trail))
        assert [r.version for r in trail] == list(range(1, stored.version + 1))
        assert MACHINE.replay(initial(app_id), trail) == stored
        numbers = [n.number for n in store.payment_notices_for(app_id)]
        assert sorted(numbers) == sorted(
            notice_number(app_id, v) for v in range(1, stored.version + 1)
        ), (app_id, numbers)
        for v in range(1, stored.version + 1):
            expected[("application", app_id, f"v{v}")] += 1
            expected[("payment_notice", notice_number(app_id, v), app_id)] += 1
        versions[app_id] = stored.version
    found: Counter[tuple[str, str, str]] = Counter()
    for entry in store.pending_events():
        marker = (
            entry.event.actor
            if isinstance(entry.event, ApplicationSubmitted)
            else entry.event.application_id
        )
        found[(entry.kind, entry.subject_id, marker)] += 1
    assert found == expected, (found - expected, expected - found)
    ids = [e.id for e in store.pending_events()]
    assert len(ids) == len(set(ids))
    return versions


def check_consistent_race(store: Any, app_id: str, winners: list[str]) -> None:
    """After the race: one version per round, each the winner's, one event each."""
    stored = store.get(Application, app_id)
    trail = store.audit_trail(Application, app_id)
    assert stored.version == len(trail) == len(winners)
    assert [r.actor for r in trail] == winners
    assert stored.remarks == f"{winners[-1]} {len(winners) - 1}"
    events = [e.event.actor for e in store.pending_events() if e.subject_id == app_id]
    assert events == winners


def hold(store: Any, args: dict[str, Any], channel: Any) -> None:
    """Hold the write lock (an open transaction with a save) until the test says ``release``."""
    with store.transaction():
        store.save(Application("HELD", "U1", "weihai"))
        channel.say("holding")
        channel.wait("release")
    channel.say("released")


def ledger_race(store: Any, args: dict[str, Any], channel: Any) -> None:
    """Both children read a case's next ledger revision, then append it when told ``go``."""
    from datetime import date

    from mutualaid.model.ledger import LedgerEntry, Measure

    for _ in range(args["rounds"]):
        revision = 1 + max((e.revision for e in store.ledger_of_claim("LP1")), default=0)
        channel.say("read", revision)
        channel.wait("go")
        entries = [
            LedgerEntry("resident_id", "11010519491231002X", "F", "F-2026", date(2026, 1, 1),
                        date(2026, 12, 31), "LP1", revision, Measure.PAID, str(10 + i))
            for i in range(2)
        ]  # fmt: skip
        try:
            store.append_ledger(*entries)
        except ConcurrentModification:
            channel.say("lost")
        else:
            channel.say("won", revision)
        channel.wait("next")
