"""Issue 12 item 9: opening without a write lock, read-only opening (also on a read-only
filesystem), damaged stores reported as damaged, and an old SQLite file migrated.

The damage cases run on the SQLite store and on the SQLAlchemy store over the
same SQLite file (tampered with through sqlite3, as an outside program would);
a dropped table on PostgreSQL too.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualaid.errors import StoreDamaged, StoreError, StoreReadOnly
from mutualaid.lifecycle.events import PaymentNoticeIssued
from mutualaid.lifecycle.store import SQLiteStore
from mutualaid.lifecycle.store.sql import SQLAlchemyStore
from mutualaid.lifecycle.store.sqlite import _V1, SCHEMA_VERSION
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import (
    Application,
    CoveragePeriod,
    Member,
    PaymentNotice,
    Policy,
    PolicyMember,
    PolicyStatus,
    UnitLink,
)
from mutualaid.model.states import LinkStatus
from mutualaid.serialization import to_data
from stores.backends import close, spec_factory
from stores.harness import spawn

AT = datetime(2026, 3, 5, 9, 0)
YEAR = CoveragePeriod.calendar_year(2026)
PLAN = "weihai-medical-2026"

Opener = Callable[..., Any]
IDS = ("11010519491231002X", "440304199003070018")


def members(n: int) -> list[Member]:
    return [Member.from_resident_id(name, IDS[i]) for i, name in enumerate(["张三", "李四"][:n])]


def sqlite_store(path: Path, **kw: Any) -> Any:
    return SQLiteStore(path, **kw)


def sqlalchemy_store(path: Path, **kw: Any) -> Any:
    return SQLAlchemyStore(f"sqlite:///{path}", **kw)


OPENERS = [pytest.param(sqlite_store, id="sqlite"), pytest.param(sqlalchemy_store, id="sqlalchemy")]


def policy(number: str, *people: int) -> Policy:
    return Policy(
        number,
        "U1",
        "A-" + number,
        PLAN,
        YEAR,
        tuple(PolicyMember(members(2)[i], "standard", 1) for i in people),
        PolicyStatus.EFFECTIVE,
        date(2026, 1, 1),
    )


def filled(open_: Opener, path: Path) -> None:
    """A store with an application (and its trail), a notice with an event, two policies."""
    with open_(path) as store:
        app = store.save(Application("A1", "U1", "weihai"))
        record = AuditRecord("application", "A1", "u", AT, "save", "draft", "draft", version=1)
        store.update(attrs.evolve(app, version=1), audit=[record])
        event = PaymentNoticeIssued(subject_id="JF1", at=AT, application_id="A1")
        store.save(PaymentNotice("JF1", "A1", "60", date(2026, 3, 6)), events=[event])
        store.save_many([policy("P1", 0, 1), policy("P2", 0)])


def tamper(path: Path, *statements: str) -> None:
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()


# --- opening: no write lock, read-only ---------------------------------------------------


@pytest.mark.parametrize("open_", OPENERS)
def test_a_reader_opens_while_another_process_holds_the_write_lock(
    open_: Opener, tmp_path: Path
) -> None:
    backend = "sqlite-file" if open_ is sqlite_store else "sqlalchemy-sqlite"
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        path = Path(spec.target.removeprefix("sqlite:///"))
        filled(open_, path)
        writer = spawn(spec, "stores.workloads:hold", {})
        writer.expect("ready", timeout=120)
        writer.expect("holding")  # inside BEGIN IMMEDIATE, an uncommitted save
        try:
            for kw in ({}, {"read_only": True}):
                with open_(path, **kw) as reader:
                    assert reader.get(Application, "A1").version == 1
                    assert reader.find(Application, "HELD") is None  # not committed yet
        finally:
            writer.send("release")
            writer.expect("released")
            writer.expect("done")
            writer.finish()
        with open_(path, read_only=True) as reader:
            assert reader.find(Application, "HELD") is not None


@pytest.mark.parametrize("open_", OPENERS)
def test_a_read_only_store_reads_and_refuses_writes(open_: Opener, tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    filled(open_, path)
    with open_(path, read_only=True) as store:
        assert [p.number for p in store.policies_covering(IDS[0], date(2026, 6, 1))] == [
            "P1",
            "P2",
        ]
        assert len(store.pending_events()) == 1
        with pytest.raises(StoreReadOnly):
            store.save(Application("A2", "U1", "weihai"))
        with pytest.raises(StoreReadOnly):
            store.acknowledge(1)
        with pytest.raises(StoreReadOnly):
            store.save_many([Application("A2", "U1", "weihai")])
    with pytest.raises(StoreError, match=r"cannot open|revision|schema"):
        open_(tmp_path / "missing.sqlite", read_only=True)  # never created by a reader
    assert not (tmp_path / "missing.sqlite").exists() or open_ is sqlalchemy_store


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


READ_ONLY_FS = """
import sys
from mutualaid.errors import StoreReadOnly
from mutualaid.lifecycle.store import SQLiteStore
from mutualaid.model import Application
path = sys.argv[1]
with SQLiteStore(path, read_only=True) as store:
    print(store.get(Application, "A1").version)
with SQLiteStore(path) as store:  # opening writes nothing
    print(store.get(Application, "A1").pack)
    try:
        store.save(Application("A2", "U1", "weihai"))
    except StoreReadOnly:
        print("refused")
"""


def test_a_store_on_a_read_only_filesystem_opens_and_reads(tmp_path: Path) -> None:
    """The folder is mounted read-only in a private mount namespace (``unshare -rm``);
    without one (no user namespaces), a file and folder without write permission,
    as a non-root user sees them."""
    folder = tmp_path / "ro"
    folder.mkdir()
    filled(sqlite_store, folder / "s.sqlite")
    script = tmp_path / "read.py"
    script.write_text(READ_ONLY_FS, encoding="utf-8")
    if _unshare_works():
        command = [
            "unshare",
            "-rm",
            "sh",
            "-c",
            f'mount --bind "{folder}" "{folder}" && mount -o remount,ro,bind "{folder}" "{folder}"'
            f' && exec "{sys.executable}" "{script}" "{folder / "s.sqlite"}"',
        ]
    else:
        import os

        if os.geteuid() == 0:
            pytest.fail("as root the test needs unshare -rm to make a read-only mount")
        (folder / "s.sqlite").chmod(0o444)
        folder.chmod(0o555)
        command = [sys.executable, str(script), str(folder / "s.sqlite")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "weihai", "refused"]


# --- damaged stores -------------------------------------------------------------------------


@pytest.mark.parametrize("open_", OPENERS)
@pytest.mark.parametrize("table", ["entities", "entity_members", "audit", "outbox", "plans"])
def test_a_dropped_table_is_reported_as_damaged_not_recreated(
    open_: Opener, table: str, tmp_path: Path
) -> None:
    path = tmp_path / "s.sqlite"
    filled(open_, path)
    tamper(path, f"DROP TABLE {table}")
    with pytest.raises(StoreDamaged, match=f"damaged.*{table}") as err:
        open_(path)
    assert err.value.hint
    with pytest.raises(StoreDamaged):
        open_(path, read_only=True)
    names = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert table not in names  # not silently re-created


@pytest.mark.parametrize("open_", OPENERS)
def test_a_table_dropped_while_open_is_reported_as_damaged(open_: Opener, tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    filled(open_, path)
    with open_(path) as store:
        tamper(path, "DROP TABLE audit")
        with pytest.raises(StoreDamaged):
            store.audit_trail(Application, "A1")


DEEP = "[" * 50_000 + "]" * 50_000

TAMPERED = {
    "entity JSON of another shape": (
        "UPDATE entities SET data = '{\"id\": 1}' WHERE key = 'A1'",
        lambda s: s.get(Application, "A1"),
    ),
    "entity JSON a list": (
        "UPDATE entities SET data = '[]' WHERE key = 'P1'",
        lambda s: s.policies_covering(IDS[0], date(2026, 6, 1)),
    ),
    "entity JSON nested 50,000 deep": (
        f"UPDATE entities SET data = '{DEEP}' WHERE key = 'A1'",
        lambda s: s.all(Application),
    ),
    "entity version as text": (
        "UPDATE entities SET version = 'x' WHERE key = 'A1'",
        lambda s: s.update(
            attrs.evolve(s.get(Application, "A1"), version=2),
            audit=[AuditRecord("application", "A1", "u", AT, "save", "draft", "draft", version=2)],
        ),
    ),
    "audit record without its keys": (
        "UPDATE audit SET data = '{}'",
        lambda s: s.audit_trail(Application, "A1"),
    ),
    "audit param naming a class": (
        'UPDATE audit SET data = json_set(data, \'$.params\', json(\'{"x": {"$type": "Popen", "value": 1}}\'))',
        lambda s: s.audit_trail(Application, "A1"),
    ),
    "audit record nested 50,000 deep": (
        f"UPDATE audit SET data = '{DEEP}'",
        lambda s: s.audit_trail(Application, "A1"),
    ),
    "outbox event of an unknown type": (
        'UPDATE outbox SET data = \'{"type": "Nope"}\'',
        lambda s: s.pending_events(),
    ),
    "outbox event not JSON": (
        "UPDATE outbox SET data = 'not json'",
        lambda s: s.pending_events(),
    ),
}


@pytest.mark.parametrize("open_", OPENERS)
@pytest.mark.parametrize("case", list(TAMPERED))
def test_a_tampered_row_is_reported_as_damaged(open_: Opener, case: str, tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    filled(open_, path)
    statement, read = TAMPERED[case]
    tamper(path, statement)
    with open_(path) as store, pytest.raises(StoreDamaged) as err:
        read(store)
    assert err.value.hint
    assert IDS[0] not in str(err.value)


@pytest.mark.parametrize("open_", OPENERS)
def test_a_file_that_is_not_a_database_is_reported_as_damaged(
    open_: Opener, tmp_path: Path
) -> None:
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a store" * 200)
    with pytest.raises(StoreDamaged):
        open_(path)


def test_a_dropped_table_on_postgresql_is_reported_as_damaged(tmp_path: Path) -> None:
    import sqlalchemy as sa

    with spec_factory("sqlalchemy-postgresql", tmp_path) as specs:
        spec = specs()
        store = spec.open()
        store.save(Application("A1", "U1", "weihai"))
        close(store)
        engine = spec.engine()
        with engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE outbox"))
        engine.dispose()
        with pytest.raises(StoreDamaged, match="outbox"):
            spec.open()


# --- an old SQLite file ---------------------------------------------------------------------


def test_a_version_1_sqlite_file_is_migrated_and_answers_the_queries(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    raw = sqlite3.connect(path)
    raw.executescript(_V1)
    for seq, p in enumerate((policy("P1", 0, 1), policy("P2", 0)), start=1):
        raw.execute(
            "INSERT INTO entities (seq, kind, key, version, status, unit_id, subject_id,"
            " policy_number, plan_code, data) VALUES (?, 'policy', ?, 0, 'effective', 'U1', ?, ?, ?, ?)",
            (seq, p.number, p.application_id, p.number, PLAN, json.dumps(to_data(p))),
        )
        raw.executemany(
            "INSERT INTO entity_members VALUES (?, ?, ?, ?)",
            [(seq, p.number, m.member.id_type.value, m.member.id_number) for m in p.members],
        )
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="migrate"):
        SQLiteStore(path, read_only=True)  # a reader does not migrate
    with SQLiteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [p.number for p in store.policies_covering(IDS[0], date(2026, 6, 1))] == [
            "P1",
            "P2",
        ]
        assert [d.policy_numbers for d in store.double_covers(PLAN, YEAR)] == [("P1", "P2")]
        assert store.pending_events() == ()
    with SQLiteStore(path, read_only=True) as store:
        assert len(store.all(Policy)) == 2


def test_a_version_3_sqlite_file_gets_the_links_it_kept_only_by_their_trails(
    tmp_path: Path,
) -> None:
    """Version 4 keeps unit links; a file of version 3 knew them by their audit trails."""
    from test_migrations import link_trail

    path = tmp_path / "v3.sqlite"
    with SQLiteStore(path) as store:
        store.append_audit(*link_trail())
    raw = sqlite3.connect(path)
    raw.executescript("DROP INDEX entities_status; DROP TABLE ledger")  # what version 5 added
    raw.execute("PRAGMA user_version = 3")
    raw.commit()
    raw.close()
    with SQLiteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get(UnitLink, "S1") == UnitLink(
            "HQ", "S1", "S1", LinkStatus.CONFIRMED, version=1
        )
        assert [r.action for r in store.audit_trail(UnitLink, "S1")] == ["create", "confirm"]
