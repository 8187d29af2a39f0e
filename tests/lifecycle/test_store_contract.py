"""One contract for every store: the memory, SQLite and SQLAlchemy stores pass the same tests.

The ``store`` fixture runs each test against the memory store, SQLite in
memory and in a file, the SQLAlchemy store on SQLite and on PostgreSQL (when
``MUTUALAID_TEST_POSTGRES_URL`` is set; required under CI, see
tests/stores/backends.py). A few tests at the end are about SQLite alone
(files, two connections, unreadable rows).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lifecycle_helpers import IDS, ParamPack, application, complete_unit, members
from lifecycle_helpers import plan as a_plan
from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from mutualaid_pack_linyi.flows import LINYI_FLOW
from mutualaid_pack_weihai.flows import WEIHAI_FLOW

from mutualaid.errors import AuditMissing, ConcurrentModification, NotFound, StoreError
from mutualaid.lifecycle.application import application_machine
from mutualaid.lifecycle.events import (
    ApplicationApproved,
    ApplicationSubmitted,
    PaymentNoticeIssued,
    PolicyEffective,
    UnitRegistered,
)
from mutualaid.lifecycle.group import create_group, group_part_machine, link_machine, request_link
from mutualaid.lifecycle.guards import PAYMENT_NOTICE, UNIT
from mutualaid.lifecycle.invoicing import RULES
from mutualaid.lifecycle.policies import transfer_in
from mutualaid.lifecycle.registration import UnitChange, change_machine
from mutualaid.lifecycle.store import (
    KINDS,
    OutboxEntry,
    Repository,
    SQLiteStore,
    covering_policies,
    double_covers,
    kind_of,
)
from mutualaid.lifecycle.store.sqlite import SCHEMA_VERSION
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import (
    Application,
    ApplicationLine,
    ApplicationStatus,
    Claim,
    ClaimStatus,
    ClaimType,
    Contact,
    CoveragePeriod,
    DeclaredCounts,
    Endorsement,
    EndorsementStatus,
    Expense,
    InvoiceRequest,
    Material,
    MaterialKind,
    Member,
    Payee,
    PaymentNotice,
    PaymentNoticeStatus,
    Policy,
    PolicyMember,
    PolicyStatus,
    Roster,
    Unit,
    UnitLink,
)
from mutualaid.model.claim import Incident
from mutualaid.model.states import LinkStatus, RegistrationStatus
from stores.backends import BACKENDS, close, store_factory
from strategies.model import MODEL_STRATEGIES

AT = datetime(2025, 3, 5, 14, 48)
YEAR = CoveragePeriod.calendar_year(2025)
PLAN = "weihai-medical-2025"

StoreFactory = Callable[[], Any]


@pytest.fixture(params=BACKENDS)
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """A factory of empty stores of one implementation (closed and dropped afterwards)."""
    with store_factory(request.param, tmp_path) as factory:
        yield factory


@pytest.fixture
def store(make_store: StoreFactory) -> Repository:
    return make_store()


def record(subject: str, version: int, *, kind: str = "application", **params: Any) -> AuditRecord:
    return AuditRecord(
        kind, subject, "u", AT, "save", "draft", "draft", params=params, version=version
    )


def policy(number: str, unit: str, *people: PolicyMember, **kw: Any) -> Policy:
    kw.setdefault("status", PolicyStatus.EFFECTIVE)
    kw.setdefault("effective_date", date(2025, 1, 1))
    return Policy(
        number, unit, "A-" + number, kw.pop("plan", PLAN), kw.pop("coverage", YEAR), people, **kw
    )


def covered(n: int, effective: date | None = None) -> PolicyMember:
    return PolicyMember(members(5)[n], "standard", 1, effective)


def endorsed(key: str, number: str, unit: str, *people: Member) -> Endorsement:
    """An effective endorsement adding ``people`` to policy ``number`` from 1 June 2025."""
    roster = Roster.of(PLAN, people)
    return Endorsement(key, number, unit, date(2025, 6, 1), roster, EndorsementStatus.EFFECTIVE)


# --- save, get, update ---------------------------------------------------------


EXAMPLES: dict[type, Any] = {
    Unit: complete_unit(),
    Application: application(),
    PaymentNotice: PaymentNotice("JF1", "A1", "60", date(2025, 3, 8), unit_id="U1"),
    InvoiceRequest: InvoiceRequest(
        "INV1",
        "U1",
        ("A1",),
        "威海测试有限公司",
        "91371000MA3C0000XF",
        "60",
        "a@b.cn",
        date(2025, 3, 9),
    ),
    Policy: policy("P1", "U1", covered(0)),
    Endorsement: Endorsement(
        "BQ1", "P1", "U1", date(2025, 6, 1), Roster.of(PLAN, members(1)), amount_due="30"
    ),
    UnitLink: UnitLink("HQ", "U1", requested_by="U1"),
    # a change holds any unit field's value: a contact must come back a Contact
    UnitChange: UnitChange(
        "C1", "U1", {"address": "新地址", "handler": Contact("李四", "13526589854")}
    ),
    Claim: Claim(
        "LP1",
        ClaimType.DISEASE_HOSPITALIZATION,
        members(1)[0],
        "P1",
        ClaimStatus.EXPENSE_ENTRY,
        materials=(Material.required(MaterialKind.OTHER),),
        expenses=(Expense("住院费用", "3200.50", date(2025, 5, 3)),),
        payee=Payee("张三", "6222021234567890123", "工商银行"),
        unit_id="U1",
        incident=Incident(date(2025, 5, 1), "临沂"),
    ),
}

#: Generated entities of every kind (unit changes: text fields and a contact).
STRATEGIES: dict[type, Any] = {
    **MODEL_STRATEGIES,
    UnitChange: st.builds(
        UnitChange,
        st.text(min_size=1, max_size=8),
        st.text(min_size=1, max_size=8),
        st.dictionaries(st.sampled_from(["address", "name", "contact_email"]), st.text(max_size=10))
        | st.builds(lambda c: {"handler": c}, MODEL_STRATEGIES[Contact]),
        st.sampled_from(RegistrationStatus),
        st.text(max_size=10),
        st.integers(0, 50),
    ),
}


def key_of(entity: Any) -> str:
    return kind_of(entity).key(entity)


@pytest.mark.parametrize("cls", list(EXAMPLES), ids=lambda c: c.__name__)
def test_save_then_get_returns_an_equal_entity(store: Repository, cls: type) -> None:
    entity = EXAMPLES[cls]
    assert store.save(entity) == entity
    assert store.get(cls, key_of(entity)) == entity
    assert store.find(cls, key_of(entity)) == entity
    assert store.all(cls) == (entity,)


def test_a_landline_contact_and_a_plus86_mobile_come_back_as_saved(store: Repository) -> None:
    """What a constructor accepts, every store gives back equal (and SQLite can read)."""
    unit = complete_unit(
        handler=Contact("负责人", "0631-5201234"), union_chair=Contact("主席", "(0631) 520 1234")
    )
    assert store.save(unit) == unit
    assert store.get(Unit, "U1") == unit
    assert store.get(Unit, "U1").handler == Contact("负责人", "0631-5201234")
    someone = Member.from_resident_id("张三", IDS[0], mobile="+86 139 1234 5678")
    assert someone.mobile == "13912345678"
    saved = store.save(policy("P1", "U1", PolicyMember(someone, "standard", 1)))
    assert store.get(Policy, "P1") == saved
    assert store.get(Policy, "P1").members[0].member.mobile == "13912345678"


@pytest.mark.parametrize("cls", list(EXAMPLES), ids=lambda c: c.__name__)
def test_missing_key_is_not_found(store: Repository, cls: type) -> None:
    with pytest.raises(NotFound) as err:
        store.get(cls, "nope")
    assert "'nope'" in str(err.value)
    assert isinstance(err.value, LookupError)
    assert store.find(cls, "nope") is None


def test_kinds_are_kept_apart(store: Repository) -> None:
    store.save(Application("X", "U1", "weihai"))
    store.save(attrs.evolve(complete_unit(), id="X"))
    assert store.get(Application, "X").pack == "weihai"
    assert store.get(Unit, "X").name == "威海测试有限公司"
    assert store.find(InvoiceRequest, "X") is None


def test_saving_a_stored_key_again_is_refused(store: Repository) -> None:
    store.save(application())
    with pytest.raises(ConcurrentModification, match="already in the store"):
        store.save(application(remarks="other"))
    assert store.get(Application, "A1").remarks == ""


def test_update_needs_the_next_version(store: Repository) -> None:
    app = store.save(application())
    first = store.update(attrs.evolve(app, remarks="一", version=1), audit=[record("A1", 1)])
    assert store.get(Application, "A1") == first
    with pytest.raises(ConcurrentModification) as err:
        store.update(attrs.evolve(app, remarks="stale", version=1), audit=[record("A1", 1)])
    assert err.value.details["version"] == 1
    assert err.value.details["expected"] == 0
    assert store.get(Application, "A1").remarks == "一"


def test_update_with_an_expected_version_stores_the_next_one(store: Repository) -> None:
    app = store.save(application())
    edited = attrs.evolve(app, remarks="host edit")  # version still 0
    stored = store.update(edited, expected_version=0, audit=[record("A1", 1)])
    assert stored.version == 1
    assert store.get(Application, "A1") == stored
    with pytest.raises(ConcurrentModification):
        store.update(edited, expected_version=0, audit=[record("A1", 1)])


def test_update_of_a_missing_entity_is_not_found(store: Repository) -> None:
    with pytest.raises(NotFound):
        store.update(attrs.evolve(application(), version=1), audit=[record("A1", 1)])


def test_all_keeps_the_order_of_first_saving(store: Repository) -> None:
    for n in ("B", "A", "C"):
        store.save(application(app_id=n))
    store.update(
        attrs.evolve(store.get(Application, "B"), remarks="x", version=1), audit=[record("B", 1)]
    )
    assert [a.id for a in store.all(Application)] == ["B", "A", "C"]


@pytest.mark.parametrize("cls", [k.cls for k in KINDS], ids=lambda c: c.__name__)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_generated_entities_round_trip(
    make_store: StoreFactory, cls: type, data: st.DataObject
) -> None:
    entity = data.draw(STRATEGIES[cls])
    store = make_store()
    store.save(entity)
    assert store.get(cls, key_of(entity)) == entity
    close(store)  # many examples: give the connection back


# --- unit links and unit changes ------------------------------------------------------


def test_a_units_links_on_either_side_and_its_changes(store: Repository) -> None:
    """Seed 001 五（二）上下级关系维护 and 二 单位信息变更: a unit's links as parent or
    subsidiary, in any state, and its change requests."""
    store.save(UnitLink("HQ", "S1", requested_by="S1"))
    store.save(UnitLink("TOP", "HQ", requested_by="TOP", status=LinkStatus.CONFIRMED))
    store.save(UnitLink("HQ", "S2", requested_by="HQ", status=LinkStatus.REJECTED))
    store.save(UnitLink("OTHER", "S3", requested_by="S3"))
    store.save(UnitChange("C1", "HQ", {"address": "新地址"}))
    store.save(UnitChange("C2", "S1", {"address": "别处"}))
    store.save(UnitChange("C3", "HQ", {"name": "新名称"}))
    assert [(k.parent_id, k.subsidiary_id) for k in store.links_of_unit("HQ")] == [
        ("TOP", "HQ"),
        ("HQ", "S1"),
        ("HQ", "S2"),
    ]
    assert [k.parent_id for k in store.links_of_unit("S1")] == ["HQ"]
    assert store.links_of_unit("NOBODY") == ()
    assert [c.id for c in store.changes_of_unit("HQ")] == ["C1", "C3"]
    assert store.changes_of_unit("NOBODY") == ()


def test_link_and_change_steps_are_stored_with_their_trails(store: Repository) -> None:
    """The link machine's and the change machine's outcomes update the stored entity
    with their audit records; the trails are the machines' kinds."""
    asked = request_link("HQ", "S1", requested_by="S1", flow=GUANGDONG_FLOW.registration, at=AT)
    store.save(asked.entity, audit=[asked.audit], events=asked.events)
    done = link_machine().apply(asked.entity, "confirm", actor="hq", at=AT, unit_id="HQ")
    store.update(done.entity, audit=[done.audit], events=done.events)
    assert store.get(UnitLink, "S1").status is LinkStatus.CONFIRMED
    assert store.get(UnitLink, "S1").version == 1
    assert [r.action for r in store.audit_trail("unit_link", "S1")] == ["create", "confirm"]
    assert [type(e.event).__name__ for e in store.pending_events()] == [
        "UnitLinkRequested",
        "UnitLinkConfirmed",
    ]
    change = store.save(UnitChange("C1", "HQ", {"address": "新地址"}))
    sent = change_machine().apply(change, "submit", actor="HQ", at=AT)
    store.update(sent.entity, audit=[sent.audit])
    assert store.get(UnitChange, "C1").status is RegistrationStatus.PENDING_REVIEW
    assert [r.action for r in store.audit_trail("unit_change", "C1")] == ["submit"]
    with pytest.raises(ConcurrentModification):
        store.update(sent.entity, audit=[sent.audit])


# --- audit trails -------------------------------------------------------------------


def test_audit_trail_is_read_in_the_order_appended(store: Repository) -> None:
    store.append_audit(record("A1", 1), record("A1", 2))
    store.append_audit(record("A2", 1))
    store.append_audit(record("A1", 3))
    assert [r.version for r in store.audit_trail("application", "A1")] == [1, 2, 3]
    assert store.audit_trail(Application, "A2") == (record("A2", 1),)
    assert store.audit_trail("application", "A3") == ()


def test_audit_versions_must_follow_on(store: Repository) -> None:
    store.append_audit(record("A1", 1))
    with pytest.raises(ConcurrentModification):
        store.append_audit(record("A1", 3))
    with pytest.raises(ConcurrentModification):
        store.append_audit(record("A1", 2), record("A1", 2))
    assert [r.version for r in store.audit_trail("application", "A1")] == [1]


def test_audit_params_round_trip(store: Repository) -> None:
    line = ApplicationLine(PLAN, "standard", 2, Roster.of(PLAN, members(2)))
    params = {
        "material": Material.required(MaterialKind.OVER_AGE_PROOF).provide("x.pdf"),
        "lines": (line,),
        "declared": DeclaredCounts(insured_headcount=2),
        "amount": Decimal("60.00"),
        "arrival_date": date(2025, 3, 9),
        "at": datetime(2025, 3, 9, 10, 30),
        "status": ApplicationStatus.RETURNED,
        "codes": ["a", "b"],
        "extra": {"n": 1, "flag": True, "none": None},
    }
    rec = record("A1", 1, **params)
    store.append_audit(rec)
    (back,) = store.audit_trail("application", "A1")
    assert back == rec
    # the record keeps its params read-only: lists come back as tuples
    assert dict(back.params) == {**params, "codes": ("a", "b")}
    assert isinstance(back.params["status"], ApplicationStatus)
    assert isinstance(back.params["lines"], tuple)


@pytest.mark.parametrize("bad", [1.5, object(), {1: "x"}])
def test_audit_params_that_cannot_be_kept_are_refused_by_every_store(
    store: Repository, bad: Any
) -> None:
    with pytest.raises(StoreError, match="param 'bad'"):
        store.append_audit(record("A1", 1, bad=bad))
    assert store.audit_trail("application", "A1") == ()


def test_save_and_update_write_their_audit_in_the_same_step(store: Repository) -> None:
    app = application()
    store.save(app, audit=[record("A1", 0)])  # a machine's first step, as create_group's
    with pytest.raises(ConcurrentModification):
        store.update(attrs.evolve(app, version=5), audit=[record("A1", 5)])
    assert [r.version for r in store.audit_trail("application", "A1")] == [0]
    with pytest.raises(StoreError, match="about application 'A2'"):
        store.update(attrs.evolve(app, version=1), audit=[record("A2", 1)])
    assert store.get(Application, "A1").version == 0
    store.update(attrs.evolve(app, version=1), audit=[record("A1", 1)])
    assert [r.version for r in store.audit_trail("application", "A1")] == [0, 1]


def test_machine_outcomes_stored_then_replayed_rebuild_the_entity(store: Repository) -> None:
    machine = application_machine(WEIHAI_FLOW)
    start = application(declared=DeclaredCounts(insured_headcount=2))
    store.save(start)
    sealed = complete_unit(has_e_seal=True)  # a unit with an e-seal uploads its voucher
    pack = ParamPack("p", {}, (a_plan(),)).view()  # the core's rules: effective from the start
    arrived = PaymentNotice(
        "JF1", "A1", "120", date(2025, 3, 6), PaymentNoticeStatus.CONFIRMED,
        arrival_date=date(2025, 3, 9),
    )  # fmt: skip
    steps: list[tuple[str, dict[str, Any]]] = [
        ("save", {"remarks": "第一次"}),
        ("submit", {"context": {UNIT: complete_unit(), RULES: pack}}),
        ("return", {"note": "信息有错误"}),
        ("save", {"declared": DeclaredCounts(insured_headcount=2), "remarks": "已修改"}),
        ("submit", {"context": {UNIT: complete_unit(), RULES: pack}}),
        ("approve", {}),
        ("submit_payment", {"notice_number": "JF1", "context": {UNIT: sealed}}),
        ("confirm_payment", {"context": {PAYMENT_NOTICE: arrived, RULES: pack}}),
    ]
    for action, kw in steps:
        current = store.get(Application, "A1")
        out = machine.apply(current, action, actor="u", at=AT, **kw)
        store.update(out.entity, audit=[out.audit])
    trail = store.audit_trail("application", "A1")
    assert [r.action for r in trail] == [a for a, _ in steps]
    assert trail[2].note == "信息有错误"
    assert machine.replay(start, trail) == store.get(Application, "A1")
    assert store.get(Application, "A1").status is ApplicationStatus.EFFECTIVE


def test_a_group_part_is_stored_with_its_audit_records(store: Repository) -> None:
    """A part is an application the part machine (kind ``group_part``) moves: its records go
    with it, on their own trail, and replay rebuild it; records about other kinds still do not."""
    flow = GUANGDONG_FLOW
    asked = request_link("HQ", "S1", requested_by="S1", flow=flow.registration, at=AT)
    link = link_machine().apply(asked.entity, "confirm", actor="hq", at=AT, unit_id="HQ").entity
    line = ApplicationLine("GD-MED", "60", shares=2)
    launch = create_group(
        flow,
        "G1",
        "HQ",
        "guangdong",
        lines=(line,),
        deadline=date(2025, 3, 20),
        links=[link],
        at=AT,
    )
    (opened,) = launch.parts
    store.save(launch.group.entity, audit=[launch.group.audit])
    store.save(opened.entity, audit=[opened.audit])
    machine = group_part_machine(flow)
    roster = Roster.of("GD-MED", members(2), shares=2)
    out = machine.apply(
        opened.entity, "save", actor="s1", at=AT, lines=(attrs.evolve(line, roster=roster),)
    )
    stored = store.update(out.entity, audit=[out.audit])
    assert store.get(Application, "G1/S1") == stored
    trail = store.audit_trail("group_part", "G1/S1")
    assert [(r.action, r.version) for r in trail] == [("create", 0), ("save", 1)]
    assert store.audit_trail(Application, "G1/S1") == ()  # the application machine's trail
    assert machine.replay(opened.entity, trail[1:]) == stored
    with pytest.raises(StoreError, match="about payment_notice"):
        store.update(
            attrs.evolve(stored, version=2), audit=[record("G1/S1", 2, kind="payment_notice")]
        )


# --- transactions and the outbox ----------------------------------------------------------


def issued(notice: str, amount: str = "60.00") -> PaymentNoticeIssued:
    return PaymentNoticeIssued(
        subject_id=notice, at=AT, actor="office", application_id="A1", unit_id="U1",
        amount_due=Decimal(amount),
    )  # fmt: skip


class Boom(Exception):
    pass


def test_update_without_the_audit_record_of_its_version_is_refused(store: Repository) -> None:
    """Forgetting ``audit=`` must not drop the step's record silently."""
    app = store.save(application())
    with pytest.raises(AuditMissing, match="version 1"):
        store.update(attrs.evolve(app, remarks="x", version=1))
    with pytest.raises(AuditMissing):
        store.update(attrs.evolve(app, remarks="x", version=1), audit=[record("A1", 2)])
    assert store.get(Application, "A1") == app
    assert store.audit_trail(Application, "A1") == ()


def test_a_transaction_commits_every_write_together(store: Repository) -> None:
    with store.transaction():
        app = store.save(application(), events=[issued("JF0")])
        store.update(attrs.evolve(app, remarks="一", version=1), audit=[record("A1", 1)])
        store.save(PaymentNotice("JF1", "A1", "60", date(2025, 3, 8)), events=[issued("JF1")])
        store.append_audit(record("X", 1, kind="other"))
    assert store.get(Application, "A1").version == 1
    assert store.find(PaymentNotice, "JF1") is not None
    assert [e.event.subject_id for e in store.pending_events()] == ["JF0", "JF1"]
    assert len(store.audit_trail("other", "X")) == 1


def test_an_exception_in_a_transaction_undoes_every_write(store: Repository) -> None:
    store.save(application(app_id="A0"), events=[issued("JF0")])
    before = store.pending_events()
    with pytest.raises(Boom), store.transaction():
        app = store.save(application(), events=[issued("JF1")])
        store.update(attrs.evolve(app, remarks="一", version=1), audit=[record("A1", 1)])
        store.update(
            attrs.evolve(store.get(Application, "A0"), version=1),
            audit=[record("A0", 1)],
            events=[issued("JF2")],
        )
        store.append_audit(record("X", 1, kind="other"))
        store.acknowledge(*(e.id for e in before))
        raise Boom
    assert store.find(Application, "A1") is None
    assert store.get(Application, "A0").version == 0
    assert store.audit_trail(Application, "A1") == ()
    assert store.audit_trail(Application, "A0") == ()
    assert store.audit_trail("other", "X") == ()
    assert store.pending_events() == before
    # the store goes on: the keys are free, the outbox ids keep increasing
    store.save(application(), events=[issued("JF3")])
    ids = [e.id for e in store.pending_events()]
    assert ids == sorted(ids) and len(ids) == 2


def test_a_failed_write_inside_a_transaction_undoes_the_transaction(store: Repository) -> None:
    store.save(application(app_id="A0"))
    with pytest.raises(ConcurrentModification), store.transaction():
        store.save(application(), events=[issued("JF1")])
        store.save(application(app_id="A0"))  # taken
    assert store.find(Application, "A1") is None
    assert store.pending_events() == ()


def test_nested_transactions_join_the_outer_one(store: Repository) -> None:
    with pytest.raises(Boom), store.transaction():
        with store.transaction():
            store.save(application(), events=[issued("JF1")])
        assert store.find(Application, "A1") is not None  # seen inside
        raise Boom
    assert store.find(Application, "A1") is None  # the outer failure undid the inner writes
    assert store.pending_events() == ()
    with store.transaction():
        store.save(application(app_id="A2"), events=[issued("JF2")])
        with pytest.raises(Boom), store.transaction():
            store.save(application(app_id="A3"), events=[issued("JF3")])
            raise Boom
        store.save(application(app_id="A4"))
    assert [a.id for a in store.all(Application)] == ["A2", "A4"]  # the inner block alone undone
    assert [e.event.subject_id for e in store.pending_events()] == ["JF2"]


def test_events_are_written_with_their_entity_and_read_back_equal(store: Repository) -> None:
    event = issued("JF1", "600.00")
    store.save(PaymentNotice("JF1", "A1", "600", date(2025, 3, 8)), events=[event])
    app = store.save(application())
    effective = PolicyEffective(subject_id="P1", at=AT, effective_date=date(2025, 3, 9))
    store.update(
        attrs.evolve(app, version=1),
        audit=[record("A1", 1)],
        events=[effective, ApplicationApproved(subject_id="A1", at=AT, next_step="pay")],
    )
    entries = store.pending_events()
    assert [(e.kind, e.subject_id) for e in entries] == [
        ("payment_notice", "JF1"),
        ("application", "A1"),
        ("application", "A1"),
    ]
    assert [e.event for e in entries] == [
        event,
        effective,
        ApplicationApproved(subject_id="A1", at=AT, next_step="pay"),
    ]
    assert isinstance(entries[0], OutboxEntry)
    assert entries[0].id < entries[1].id < entries[2].id


def test_a_refused_write_leaves_no_event(store: Repository) -> None:
    app = store.save(application())
    with pytest.raises(ConcurrentModification):
        store.update(attrs.evolve(app, version=4), audit=[record("A1", 4)], events=[issued("JF1")])
    with pytest.raises(ConcurrentModification):
        store.save(application(), events=[issued("JF1")])
    assert store.pending_events() == ()


def test_pending_events_in_order_limited_and_acknowledged_once(store: Repository) -> None:
    for n in range(5):
        store.save(application(app_id=f"A{n}"), events=[issued(f"JF{n}")])
    first = store.pending_events(limit=2)
    assert [e.event.subject_id for e in first] == ["JF0", "JF1"]
    assert store.pending_events(limit=0) == ()
    store.acknowledge(*(e.id for e in first))
    store.acknowledge(first[0].id)  # again: nothing happens
    store.acknowledge(10_000)  # unknown: nothing happens
    store.acknowledge()
    rest = store.pending_events()
    assert [e.event.subject_id for e in rest] == ["JF2", "JF3", "JF4"]
    store.acknowledge(rest[1].id)
    assert [e.event.subject_id for e in store.pending_events()] == ["JF2", "JF4"]
    with pytest.raises(StoreError):
        store.acknowledge("1")  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.pending_events(limit=-1)


def test_a_store_refuses_events_it_cannot_keep(store: Repository) -> None:
    @attrs.frozen(kw_only=True)
    class HostEvent(ApplicationSubmitted):
        pass

    with pytest.raises(StoreError, match="no event of type HostEvent"):
        store.save(application(), events=[HostEvent(subject_id="A1", at=AT)])
    with pytest.raises(StoreError, match="events are"):
        store.save(application(), events=["submitted"])  # type: ignore[list-item]
    assert store.find(Application, "A1") is None


def test_an_outbox_entry_masks_personal_data() -> None:
    event = UnitRegistered(subject_id="U1", at=AT, username=IDS[0], unit_number="13912345678")
    shown = repr(OutboxEntry(1, "unit", "U1", event))
    assert IDS[0] not in shown and "13912345678" not in shown
    assert "110105" in shown


def test_save_many_saves_every_entity_in_one_step(store: Repository) -> None:
    entities = [
        policy("P1", "U1", covered(0)),
        application(app_id="A1"),
        policy("P2", "U2", covered(0)),
        application(app_id="A2"),
    ]
    assert store.save_many(iter(entities)) == 4
    assert [p.number for p in store.all(Policy)] == ["P1", "P2"]
    assert [a.id for a in store.all(Application)] == ["A1", "A2"]
    assert [p.number for p in store.policies_covering(IDS[0], date(2025, 6, 1))] == ["P1", "P2"]
    assert [d.policy_numbers for d in store.double_covers(PLAN, YEAR)] == [("P1", "P2")]
    assert store.save_many([]) == 0


def test_save_many_of_many_members_keeps_every_member_findable(store: Repository) -> None:
    """Over 100 member rows (the SQLAlchemy store copies them in bulk on PostgreSQL)."""
    people = members(5)
    batch = [
        policy(f"P{n:02d}", f"U{n}", *(PolicyMember(m, "standard", 1) for m in people))
        for n in range(30)
    ]
    store.save_many(batch)
    on = date(2025, 6, 1)
    assert len(store.policies_covering(IDS[4], on)) == 30
    found = store.double_covers(PLAN, YEAR)
    assert sorted(d.member.name for d in found) == sorted(m.name for m in people)
    assert all(len(d.policy_numbers) == 30 for d in found)


@pytest.mark.parametrize("clash", ["stored", "twice"])
def test_save_many_is_all_or_nothing(store: Repository, clash: str) -> None:
    store.save(policy("P1", "U1", covered(0)))
    batch = [application(app_id="A1"), policy("P2", "U2", covered(1))]
    batch.append(policy("P1", "U1") if clash == "stored" else application(app_id="A1"))
    with pytest.raises(ConcurrentModification, match="already in the store"):
        store.save_many(batch)
    assert store.find(Application, "A1") is None
    assert store.find(Policy, "P2") is None
    assert store.policies_covering(IDS[1], date(2025, 6, 1)) == ()


# --- queries -----------------------------------------------------------------------------


def test_a_units_applications_policies_notices_invoices_and_endorsements(store: Repository) -> None:
    store.save(application(app_id="A1"))
    store.save(attrs.evolve(application(app_id="A2"), unit_id="U2"))
    store.save(application(app_id="A3"))
    store.save(policy("P1", "U1"))
    store.save(policy("P2", "U2"))
    store.save(PaymentNotice("JF1", "A1", "60", date(2025, 3, 8)))
    store.save(PaymentNotice("JF2", "A3", "60", date(2025, 3, 8)))
    store.save(EXAMPLES[InvoiceRequest])
    store.save(EXAMPLES[Endorsement])
    assert [a.id for a in store.applications_of_unit("U1")] == ["A1", "A3"]
    assert [p.number for p in store.policies_of_unit("U2")] == ["P2"]
    assert [n.number for n in store.payment_notices_for("A3")] == ["JF2"]
    assert [r.id for r in store.invoice_requests_of_unit("U1")] == ["INV1"]
    assert [e.id for e in store.endorsements_of_policy("P1")] == ["BQ1"]
    assert store.applications_of_unit("U9") == ()
    # an update that moves an entity changes what the queries find
    moved = attrs.evolve(store.get(Application, "A3"), unit_id="U2", version=1)
    store.update(moved, audit=[record("A3", 1)])
    assert [a.id for a in store.applications_of_unit("U2")] == ["A2", "A3"]


def test_personal_policy_query_finds_cover_across_units(store: Repository) -> None:
    store.save(policy("P1", "U1", covered(0), covered(1)))
    store.save(policy("P2", "U2", covered(0, date(2025, 4, 1)), plan="weihai-allowance-2025"))
    store.save(policy("P3", "U3", covered(1)))
    store.save(policy("P4", "U4", covered(0), status=PolicyStatus.CANCELLED))
    store.save(
        policy(
            "P5",
            "U5",
            covered(0),
            coverage=CoveragePeriod.calendar_year(2024),
            effective_date=date(2024, 1, 1),
        )
    )
    zhang = IDS[0].lower()  # the query accepts a lower-case x
    assert [p.number for p in store.policies_covering(zhang, date(2025, 3, 31))] == ["P1"]
    assert [p.number for p in store.policies_covering(zhang, date(2025, 4, 1))] == ["P1", "P2"]
    assert [p.number for p in store.policies_covering(zhang, date(2024, 6, 1))] == ["P5"]
    assert store.policies_covering(zhang, date(2026, 1, 1)) == ()
    assert [p.number for p in store.policies_covering(IDS[1], date(2025, 6, 1))] == ["P1", "P3"]
    assert store.policies_covering(IDS[4], date(2025, 6, 1)) == ()


def test_personal_policy_query_counts_effective_endorsements(store: Repository) -> None:
    store.save(policy("P1", "U1", covered(0)))
    new_hire = members(3)[2]
    added = Endorsement("BQ1", "P1", "U1", date(2025, 6, 1), Roster.of(PLAN, [new_hire]))
    store.save(added)
    assert store.policies_covering(IDS[2], date(2025, 7, 1)) == ()  # still a draft
    effective = attrs.evolve(added, status=EndorsementStatus.EFFECTIVE, version=1)
    store.update(effective, audit=[record("BQ1", 1, kind="endorsement")])
    assert store.policies_covering(IDS[2], date(2025, 5, 31)) == ()
    assert [p.number for p in store.policies_covering(IDS[2], date(2025, 6, 1))] == ["P1"]


def test_members_covered_twice_in_one_plan_and_period(store: Repository) -> None:
    store.save(policy("P1", "U1", covered(0), covered(1)))
    store.save(policy("P2", "U2", covered(0), covered(2)))
    store.save(policy("P3", "U3", covered(1), plan="weihai-allowance-2025"))
    store.save(policy("P4", "U4", covered(2), status=PolicyStatus.CANCELLED))
    last_year = CoveragePeriod.calendar_year(2024)
    store.save(policy("P5", "U5", covered(1), coverage=last_year, effective_date=date(2024, 1, 1)))
    found = store.double_covers(PLAN, YEAR)
    assert [(d.member.name, d.policy_numbers) for d in found] == [("张三", ("P1", "P2"))]
    assert found[0].id_number == IDS[0]
    assert IDS[0] not in repr(found[0]) and IDS[0] not in str(found[0])
    spanning = CoveragePeriod(date(2024, 12, 1), date(2025, 1, 31))
    # 李四 on last year's policy and this year's is renewed, not covered twice
    assert {d.member.name: d.policy_numbers for d in store.double_covers(PLAN, spanning)} == {
        "张三": ("P1", "P2"),
    }
    # a mid-year policy overlaps both years
    mid_year = CoveragePeriod(date(2024, 7, 1), date(2025, 6, 30))
    store.save(policy("P6", "U6", covered(1), coverage=mid_year, effective_date=None))
    assert {d.member.name: d.policy_numbers for d in store.double_covers(PLAN, spanning)} == {
        "张三": ("P1", "P2"),
        "李四": ("P1", "P5", "P6"),
    }
    assert store.double_covers("weihai-allowance-2025", YEAR) == ()


def test_overlapping_policies_of_two_years_of_one_plan_are_double_cover(
    store: Repository,
) -> None:
    """An April-to-March GD-HOSP-2025 policy and a calendar-year GD-HOSP-2026 one are the
    same plan (family GD-HOSP): a member on both is covered twice from January to March,
    whichever code or the family is asked; another family's policy is not counted."""
    april = CoveragePeriod(date(2025, 4, 1), date(2026, 3, 31))
    year = CoveragePeriod.calendar_year(2026)
    on = date(2025, 4, 1)
    store.save(
        policy(
            "P1",
            "U1",
            covered(0),
            plan="GD-HOSP-2025",
            coverage=april,
            family="GD-HOSP",
            effective_date=on,
        )
    )
    store.save(
        policy(
            "P2",
            "U2",
            covered(0),
            covered(1),
            plan="GD-HOSP-2026",
            coverage=year,
            family="GD-HOSP",
            effective_date=date(2026, 1, 1),
        )
    )
    store.save(
        policy(
            "P3",
            "U3",
            covered(1),
            plan="GD-CI-2025",
            coverage=april,
            family="GD-CI",
            effective_date=on,
        )
    )
    for asked in ("GD-HOSP-2026", "GD-HOSP-2025", "GD-HOSP"):
        found = store.double_covers(asked, year)
        assert [(d.member.name, d.policy_numbers) for d in found] == [("张三", ("P1", "P2"))]
    assert store.double_covers("GD-HOSP", CoveragePeriod(date(2026, 4, 1), year.end)) == ()
    assert store.double_covers("GD-CI", year) == ()
    # without a family, the code without its year stands in (as before)
    store.save(
        policy("P4", "U4", covered(2), plan="GD-HOSP-2025", coverage=april, effective_date=on)
    )
    store.save(
        policy(
            "P5",
            "U5",
            covered(2),
            plan="GD-HOSP-2026",
            coverage=year,
            effective_date=date(2026, 1, 1),
        )
    )
    found = store.double_covers("GD-HOSP-2026", year)
    assert [(d.member.name, d.policy_numbers) for d in found] == [
        ("张三", ("P1", "P2")),
        ("王五", ("P4", "P5")),
    ]


def test_a_member_transferred_out_is_not_covered_twice(store: Repository) -> None:
    """Linyi 调入: the former policy covers until the day before the transfer, the new one from it."""
    ms = members(3)
    ours = store.save(policy("P1", "U1", covered(0)))
    theirs = store.save(policy("P9", "U9", covered(2)))
    assert [d.policy_numbers for d in store.double_covers(PLAN, YEAR)] == []
    on = date(2025, 7, 1)
    done = transfer_in(
        LINYI_FLOW.endorsement,
        ours,
        [PolicyMember(ms[2], "standard", 1)],
        on=on,
        former=[theirs],
        actor="office:linyi",
        at=datetime(2025, 7, 1, 9),
    )
    store.update(done.former[0].entity, audit=[done.former[0].audit])
    store.update(done.policy.entity, audit=[done.policy.audit])
    assert store.double_covers(PLAN, YEAR) == ()
    day_before = on - timedelta(days=1)
    assert [p.number for p in store.policies_covering(IDS[2], day_before)] == ["P9"]
    assert [p.number for p in store.policies_covering(IDS[2], on)] == ["P1"]


@pytest.mark.parametrize(
    ("left_on", "period", "twice"),
    [
        (date(2025, 7, 1), YEAR, False),  # left the day the other cover starts
        (date(2025, 7, 2), YEAR, True),  # one day on both: 1 July
        (date(2025, 7, 2), CoveragePeriod(date(2025, 7, 2), date(2025, 12, 31)), False),
        (date(2025, 7, 2), CoveragePeriod(date(2025, 7, 1), date(2025, 7, 1)), True),
        (date(2025, 1, 1), YEAR, False),  # left before their cover began: never covered
        (None, YEAR, True),
    ],
)
def test_double_cover_ends_on_the_day_a_member_left(
    store: Repository, left_on: date | None, period: CoveragePeriod, twice: bool
) -> None:
    leaving = attrs.evolve(covered(0), left_on=left_on)
    store.save(policy("P1", "U1", leaving))
    store.save(policy("P2", "U2", covered(0, date(2025, 7, 1)), covered(1)))
    found = store.double_covers(PLAN, period)
    assert [(d.member.name, d.policy_numbers) for d in found] == (
        [("张三", ("P1", "P2"))] if twice else []
    )


def test_an_endorsement_can_make_a_member_covered_twice(store: Repository) -> None:
    store.save(policy("P1", "U1", covered(0)))
    store.save(policy("P2", "U2", covered(1)))
    store.save(endorsed("BQ1", "P2", "U2", *members(1)))
    # the same member listed twice on one policy (directly and endorsed) is not double cover
    store.save(endorsed("BQ2", "P1", "U1", *members(1)))
    found = store.double_covers(PLAN, YEAR)
    assert [(d.member.name, d.policy_numbers) for d in found] == [("张三", ("P1", "P2"))]


def test_an_endorsed_member_who_left_is_no_longer_covered(store: Repository) -> None:
    """Endorsed onto P2 from 1 June (and put on it, as ``endorse`` does), then transferred
    out on 1 September: the endorsement does not keep them covered."""
    hire = members(3)[2]
    store.save(policy("P1", "U1", covered(2)))
    store.save(
        policy(
            "P2",
            "U2",
            covered(1),
            PolicyMember(hire, "standard", 1, date(2025, 6, 1), left_on=date(2025, 9, 1)),
        )
    )
    store.save(endorsed("BQ1", "P2", "U2", hire))
    assert [p.number for p in store.policies_covering(IDS[2], date(2025, 8, 31))] == ["P1", "P2"]
    assert [p.number for p in store.policies_covering(IDS[2], date(2025, 9, 1))] == ["P1"]
    assert [d.policy_numbers for d in store.double_covers(PLAN, YEAR)] == [("P1", "P2")]
    autumn = CoveragePeriod(date(2025, 9, 1), date(2025, 12, 31))
    assert store.double_covers(PLAN, autumn) == ()


def test_a_plan_code_keeps_its_family_when_its_own_policies_share_no_member(
    make_store: StoreFactory,
) -> None:
    """Found by the property below: the code's only policy has no members in common.

    ``weihai-medical-2025`` (no family given: its code less the year) and a
    renamed plan of family ``weihai-medical`` are one plan. Asked by the code,
    a store must still count the renamed plan's policies, though the policy
    that tells the code's family shares no member and is not a candidate.
    """
    store = make_store()
    saved = [
        store.save(policy("P0", "U0", plan=PLAN)),
        store.save(policy("P1", "U1", covered(0), plan="renamed", family="weihai-medical")),
        store.save(policy("P2", "U0", covered(0), plan="renamed", family="weihai-medical")),
    ]
    expected = double_covers(saved, (), PLAN, YEAR)
    assert [d.policy_numbers for d in expected] == [("P1", "P2")]
    assert store.double_covers(PLAN, YEAR) == expected


_people = st.lists(st.integers(0, 4), max_size=3, unique=True)
_policies = st.lists(
    st.tuples(
        _people,
        st.sampled_from([(PLAN, None), ("other-plan", None), ("renamed", "weihai-medical")]),
        st.sampled_from(list(PolicyStatus)),
        st.sampled_from([None, date(2025, 3, 1), date(2025, 9, 1)]),
        st.sampled_from([YEAR, CoveragePeriod.calendar_year(2024)]),
        st.sampled_from([None, date(2025, 4, 1), date(2025, 9, 1)]),
    ),
    max_size=5,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=_policies,
    endorsed=_people,
    day=st.sampled_from([date(2024, 6, 1), date(2025, 4, 1), date(2025, 10, 1)]),
)
def test_queries_agree_with_the_pure_decisions(
    make_store: StoreFactory, rows: list[Any], endorsed: list[int], day: date
) -> None:
    store = make_store()
    saved = []
    for n, (people, (plan, family), status, effective, coverage, left_on) in enumerate(rows):
        p = policy(
            f"P{n}",
            f"U{n % 2}",
            *(attrs.evolve(covered(i, effective), left_on=left_on) for i in people),
            plan=plan,
            status=status,
            coverage=coverage,
            family=family,
        )
        saved.append(store.save(p))
    ends: list[Endorsement] = []
    if saved:
        e = Endorsement(
            "BQ1",
            saved[0].number,
            "U0",
            date(2025, 2, 1),
            Roster.of(saved[0].plan_code, [members(5)[i] for i in endorsed]),
            EndorsementStatus.EFFECTIVE,
        )
        ends.append(store.save(e))
    for i in range(5):
        assert store.policies_covering(IDS[i], day) == covering_policies(saved, ends, IDS[i], day)
    for plan in (PLAN, "other-plan", "renamed", "weihai-medical"):
        assert store.double_covers(plan, YEAR) == double_covers(saved, ends, plan, YEAR)
    # one definition: the personal query is Policy.covers, and the spans double_covers
    # compares are Policy.cover_span's, day by day
    for p in saved:
        spans = dict((m.id_number, span) for m, span in p.cover_spans(ends))
        for i in range(5):
            covering = p in covering_policies(saved, ends, IDS[i], day)
            assert covering == p.covers(IDS[i], day, ends)
            assert spans.get(IDS[i]) == p.cover_span(IDS[i], ends)
            found = p.cover_span(IDS[i], ends)
            assert covering == (
                p.status is PolicyStatus.EFFECTIVE and found is not None and found.contains(day)
            )
    close(store)


def test_personal_data_is_never_logged(store: Repository, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        store.save(policy("P1", "U1", covered(0)))
        store.policies_covering(IDS[0], date(2025, 6, 1))
        store.double_covers(PLAN, YEAR)
        with pytest.raises(NotFound):
            store.get(Policy, "P9")
    assert all(IDS[0] not in r.getMessage() for r in caplog.records)


# --- SQLite alone -------------------------------------------------------------------------


def test_sqlite_creates_its_schema_once_and_keeps_data_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sub.sqlite"
    with SQLiteStore(path) as first:
        assert first.schema_version == SCHEMA_VERSION
        first.save(policy("P1", "U1", covered(0)))
        first.append_audit(record("A1", 1, amount=Decimal("1.50")))
    with SQLiteStore(str(path)) as again:
        assert again.get(Policy, "P1").members[0].member.id_number == IDS[0]
        assert again.audit_trail("application", "A1")[0].params["amount"] == Decimal("1.50")
        assert [p.number for p in again.policies_covering(IDS[0], date(2025, 2, 1))] == ["P1"]


def test_sqlite_two_connections_cannot_both_write_one_version(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    with SQLiteStore(path) as a, SQLiteStore(path) as b:
        a.save(application())
        read_by_a = a.get(Application, "A1")
        read_by_b = b.get(Application, "A1")
        a.update(attrs.evolve(read_by_a, remarks="A", version=1), audit=[record("A1", 1)])
        with pytest.raises(ConcurrentModification):
            b.update(attrs.evolve(read_by_b, remarks="B", version=1), audit=[record("A1", 1)])
        assert b.get(Application, "A1").remarks == "A"


def test_sqlite_stores_entities_as_json_with_indexed_columns(tmp_path: Path) -> None:
    path = tmp_path / "raw.sqlite"
    with SQLiteStore(path) as store:
        store.save(policy("P1", "U1", covered(0)))
    raw = sqlite3.connect(path)
    kind, unit, status, plan, name = raw.execute(
        "SELECT kind, unit_id, status, plan_code, json_extract(data, '$.members[0].member.name')"
        " FROM entities"
    ).fetchone()
    assert (kind, unit, status, plan, name) == ("policy", "U1", "effective", PLAN, "张三")
    assert raw.execute("SELECT id_number FROM entity_members").fetchall() == [(IDS[0],)]
    raw.close()


def test_sqlite_reports_an_unreadable_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite"
    with SQLiteStore(path) as store:
        store.save(application())
    raw = sqlite3.connect(path)
    raw.execute("UPDATE entities SET data = '{\"id\": 1}'")
    raw.commit()
    raw.close()
    with SQLiteStore(path) as store, pytest.raises(StoreError, match="unreadable"):
        store.get(Application, "A1")


def test_sqlite_refuses_a_newer_schema_and_a_bad_path(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    with pytest.raises(StoreError, match="schema version 99"):
        SQLiteStore(path)
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(tmp_path / "missing" / "dir" / "x.sqlite")


def test_a_store_refuses_what_it_does_not_keep(store: Repository) -> None:
    with pytest.raises(StoreError, match="keeps no Material"):
        store.save(Material.required(MaterialKind.OTHER))  # type: ignore[type-var]
