"""The service's promises: one transaction per call, the outbox, versions, trails that replay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from service_helpers import CODES, apply_for, ledger, line, paid, people, registered, service
from test_bypasses import CONTACT, SZ, hire, shenzhen_policy

from mutualaid.errors import ConcurrentModification
from mutualaid.lifecycle import (
    MemoryStore,
    Repository,
    SQLiteStore,
    application_machine,
    flow_from,
    new_registration,
    payment_machine,
)
from mutualaid.lifecycle.store import kind_of
from mutualaid.model import Application, Endorsement, InvoiceRequest, PaymentNotice, Policy, Unit
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import PaymentNoticeStatus as P
from mutualaid.model.unit import Contact


@pytest.fixture(params=["memory", "sqlite", "sqlalchemy-sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repository]:
    if request.param == "memory":
        yield MemoryStore()
    elif request.param == "sqlite":
        with SQLiteStore(tmp_path / "service.sqlite") as sqlite:
            yield sqlite
    else:
        sql = pytest.importorskip("mutualaid.lifecycle.store.sql")
        with sql.SQLAlchemyStore(f"sqlite:///{tmp_path / 'service-sa.sqlite'}") as alchemy:
            yield alchemy


def shenzhen_paid(store: Repository):  # type: ignore[no-untyped-def]
    """A Shenzhen application approved, its notice paid by voucher and the payment submitted."""
    svc = service(store)
    unit = registered(svc, "shenzhen")
    apply_for(svc, "A1", unit, "shenzhen", [line(SZ, "STD", people(2, area="440304"))],
              contact=CONTACT, materials=(ledger(),))  # fmt: skip
    svc.accept_terms("A1", actor="U1")
    svc.submit("A1", actor="U1")
    svc.review("A1", actor="association")
    paid(svc, "A1", on=date(2026, 3, 2), at=datetime(2026, 3, 2, 10))
    svc.submit_payment("A1", actor="U1")
    return svc


def test_a_confirmation_that_fails_half_way_writes_nothing(store: Repository) -> None:
    """Issue 9: confirming a payment wrote the notice, the application and the policy in three
    transactions. Here the policy number is taken: the notice and the application stay as they were."""
    svc = shenzhen_paid(store)
    store.save(Policy("P1", "U9", "X", SZ, svc.rules("shenzhen").plan(SZ).coverage))
    events = len(svc.pending_events())
    with pytest.raises(ConcurrentModification):
        svc.confirm_payment("A1", actor="association", arrival_date=date(2026, 3, 2),
                            policy_numbers=["P1"])  # fmt: skip
    assert svc.notice_of("A1").status is P.VOUCHER_SUBMITTED
    assert svc.get(Application, "A1").status is S.PAYMENT_SUBMITTED
    assert len(svc.pending_events()) == events  # no event of the undone step
    done = svc.confirm_payment("A1", actor="association", arrival_date=date(2026, 3, 2),
                               policy_numbers=["P2"])  # fmt: skip
    assert done.entity.status is S.AWAITING_EFFECTIVE_DATE
    assert store.get(Policy, "P2").application_id == "A1"


def test_the_outbox_holds_every_committed_event_until_acknowledged(store: Repository) -> None:
    svc = shenzhen_paid(store)
    names = [e.event.name for e in svc.pending_events()]
    assert names == [
        "unit_registered",
        "application_submitted",
        "application_approved",
        "payment_notice_issued",
    ]
    first, *rest = svc.pending_events()
    svc.acknowledge(first.id)
    svc.acknowledge(first.id)  # twice is once
    assert [e.id for e in svc.pending_events()] == [e.id for e in rest]


def test_a_stale_write_is_refused_by_version(tmp_path: Path) -> None:
    """Two hosts on one SQLite database read the application at the same version; the second
    write is refused (ConcurrentModification), the first one kept."""
    path = tmp_path / "shared.sqlite"
    with SQLiteStore(path) as first_store, SQLiteStore(path) as second_store:
        one = shenzhen_paid(first_store)
        two = service(second_store)
        read = two.get(Application, "A1")
        one.act("A1", "return_payment", actor="association", note="凭证不清晰")
        with pytest.raises(ConcurrentModification):
            two.act("A1", "return_payment", actor="association", note="重复退回",
                    expected_version=read.version)  # fmt: skip
        assert two.get(Application, "A1").feedback == "凭证不清晰"


def test_every_stored_entity_is_at_its_trails_version_and_replays(store: Repository) -> None:
    """After a walk from registration to an effective endorsement: each entity's version is
    its audit trail's length (a notice's trail starts with its ``issue`` record at 0) and
    the application and its notice replay from their trails."""
    svc = service(store, at=datetime(2026, 6, 20, 9))
    shenzhen_policy(svc)
    svc.endorse(hire(contact=CONTACT), actor="U1")
    svc.approve_endorsement("BQ1", actor="association")
    paid(svc, "BQ1", on=date(2026, 6, 21), at=datetime(2026, 6, 21, 9))
    svc.confirm_payment("BQ1", actor="association", arrival_date=date(2026, 6, 21))
    svc.set_effective_date("BQ1", date(2026, 7, 1), actor="association")
    for cls in (Unit, Application, PaymentNotice, InvoiceRequest, Policy, Endorsement):
        kind = kind_of(cls)
        for entity in store.all(cls):
            trail = store.audit_trail(cls, kind.key(entity))
            issued = 1 if cls is PaymentNotice else 0
            assert entity.version == len(trail) - issued, (kind.name, kind.key(entity))
    rules = svc.rules("shenzhen")
    app = store.get(Application, "A1")
    machine = application_machine(flow_from(rules, "standalone", date(2026, 2, 2)))
    assert (
        machine.replay(Application("A1", "U1", "shenzhen"), store.audit_trail(Application, "A1"))
        == app
    )
    notice = svc.notice_of("A1")
    issue, *steps = store.audit_trail(PaymentNotice, notice.number)
    first = PaymentNotice(
        notice.number, "A1", issue.params["amount_due"], issue.at.date(), unit_id="U1"
    )
    assert payment_machine(flow_from(rules).payment).replay(first, steps) == notice
    assert store.get(Policy, "P1").headcount == 3  # the endorsement's member joined, in its step


def test_a_pinyin_username_is_not_issued_twice() -> None:
    """Seed 003 2. 会员单位注册: the username is the handler's name in pinyin; a second unit
    whose handler has the same name gets the next free one."""
    svc = service()
    for unit_id in ("U1", "U2"):
        draft = new_registration(unit_id, f"临沂测试{unit_id}", CODES[unit_id], region="linyi",
                                 handler=Contact("单田芳", mobile="13953912345"),
                                 has_registration_certificate=True)  # fmt: skip
        svc.register(draft, actor=unit_id)
    names = [
        svc.review_registration(u, actor="office").audit.params["username"] for u in ("U1", "U2")
    ]
    assert names == ["shantianfang", "shantianfang2"]
