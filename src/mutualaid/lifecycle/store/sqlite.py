"""The SQLite store: a :class:`~mutualaid.lifecycle.store.protocol.Repository` in one file.

Standard library :mod:`sqlite3` only. The schema is created the first time a
file is opened, and an older file's schema is migrated (``PRAGMA
user_version``); opening a current file takes no write lock, and
``read_only=True`` opens it with ``mode=ro`` (readers, a read-only
filesystem). A file whose tables are missing or whose rows cannot be read is
reported as :class:`~mutualaid.errors.StoreDamaged`, never re-created. Each entity is one row: its data as JSON (the exchange format
of :func:`mutualaid.serialization.to_data`, full values: this is the host's
own database) plus indexed columns for the queries (kind, key, version,
status, unit, subject, policy, plan). The members of policies and
endorsements are indexed by ID number for the personal policy query. Audit
records are rows of JSON in the order they were appended.

One connection per store; each write is one transaction (``BEGIN IMMEDIATE``,
so two processes writing the same file wait for each other rather than
overwrite); an update succeeds only if the stored ``version`` is the expected
one. Nothing is logged.

>>> from mutualaid.model import Application
>>> from mutualaid.lifecycle.trail import AuditRecord
>>> from datetime import datetime
>>> import attrs
>>> step = AuditRecord("application", "A1", "u", datetime(2025, 3, 5), "save", "draft", "draft", version=1)
>>> with SQLiteStore(":memory:") as store:
...     app = store.save(Application("A1", "U1", "yiyang"))
...     app = store.update(attrs.evolve(app, remarks="补充说明", version=1), audit=[step])
...     [a.remarks for a in store.applications_of_unit("U1")]
['补充说明']

A file keeps its data between stores:

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "mutualaid.sqlite"
...     with SQLiteStore(path) as store:
...         _ = store.save(Application("A1", "U1", "yiyang"))
...     with SQLiteStore(path) as again:
...         again.get(Application, "A1").pack
'yiyang'

Layer 4.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

from mutualaid.errors import StoreDamaged, StoreError, StoreReadOnly
from mutualaid.lifecycle.store._base import BaseStore
from mutualaid.lifecycle.store._codec import record_from_data
from mutualaid.lifecycle.store._rows import (
    DOUBLE_COVER_SQL,
    FACTS,
    SELECTABLE,
    dumps,
    entity_row,
    link_rows,
    load_entity,
    load_ledger,
    member_rows,
    plan_pair,
    reading,
)
from mutualaid.lifecycle.store.outbox import OutboxEntry, event_from_data
from mutualaid.lifecycle.store.protocol import Entity, EntityKind, plan_codes
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model.ledger import LedgerEntry
from mutualaid.model.plan import plan_family

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

#: The version of the schema this module creates (``PRAGMA user_version``).
SCHEMA_VERSION = 5

# Each version's step from the one before (1: from an empty file).
_V1 = """
CREATE TABLE entities (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT,
    unit_id TEXT,
    subject_id TEXT,
    policy_number TEXT,
    plan_code TEXT,
    data TEXT NOT NULL CHECK (json_valid(data)),
    UNIQUE (kind, key)
);
CREATE INDEX entities_unit ON entities (kind, unit_id);
CREATE INDEX entities_subject ON entities (kind, subject_id);
CREATE INDEX entities_policy ON entities (kind, policy_number);
CREATE INDEX entities_plan ON entities (kind, plan_code);
CREATE TABLE entity_members (
    entity_seq INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
    policy_number TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL
);
CREATE INDEX entity_members_entity ON entity_members (entity_seq);
CREATE INDEX entity_members_id ON entity_members (id_number);
CREATE INDEX entity_members_policy ON entity_members (policy_number);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data))
);
CREATE INDEX audit_trail ON audit (kind, subject_id, seq);
"""

_V2 = """
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    acknowledged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (id) WHERE acknowledged = 0;
"""

# Version 3: the members' kind and plan, a policy's family, and the plans known, so the
# double-cover query reads one index instead of joining every member to its policy (the
# members' index by policy number, which no query reads, goes).
_V3 = """
ALTER TABLE entities ADD COLUMN family TEXT;
ALTER TABLE entity_members ADD COLUMN kind TEXT NOT NULL DEFAULT 'policy';
ALTER TABLE entity_members ADD COLUMN plan_code TEXT;
UPDATE entity_members SET
    kind = (SELECT e.kind FROM entities e WHERE e.seq = entity_seq),
    plan_code = (SELECT e.plan_code FROM entities e WHERE e.seq = entity_seq);
CREATE INDEX entity_members_plan ON entity_members (kind, plan_code, id_type, id_number, policy_number);
DROP INDEX entity_members_policy;
CREATE TABLE plans (
    plan_code TEXT NOT NULL,
    family TEXT NOT NULL,
    PRIMARY KEY (plan_code, family)
) WITHOUT ROWID;
"""

# Version 4: the store keeps unit links; those an earlier version knew only by their
# audit trails are rebuilt from them (no new table: a link is a row of entities).
_V4 = ""

# Version 5: claims are rows of entities, found by status (the work pools); the
# accumulator ledger, append only, read by member and plan family or by case.
_V5 = """
CREATE INDEX entities_status ON entities (kind, status);
CREATE TABLE ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL,
    plan_family TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data))
);
CREATE INDEX ledger_member ON ledger (id_number, plan_family, seq);
CREATE INDEX ledger_claim ON ledger (claim_id, revision);
"""

_STEPS = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}

#: The tables each schema version has (a file missing one is damaged).
_TABLES = {
    1: {"entities", "entity_members", "audit"},
    2: {"entities", "entity_members", "audit", "outbox"},
    3: {"entities", "entity_members", "audit", "outbox", "plans"},
    4: {"entities", "entity_members", "audit", "outbox", "plans"},
    5: {"entities", "entity_members", "audit", "outbox", "plans", "ledger"},
}


def _double_sql(count: int) -> str:
    """The double-cover query for ``count`` plan codes (named ``:c0``, ``:c1``...: few, so
    the planner sees them and searches the plan index)."""
    codes = "(" + ", ".join(f":c{i}" for i in range(count)) + ")"
    return DOUBLE_COVER_SQL.format(codes=codes, join="CROSS JOIN")


# The member's rows by the ID-number index, then each policy by its key (CROSS JOIN keeps
# SQLite from scanning entities instead).
_LISTING = """
SELECT DISTINCT e.seq, e.key FROM entity_members m
CROSS JOIN entities e ON e.kind = 'policy' AND e.key = m.policy_number
WHERE m.id_number = ?
ORDER BY e.seq
"""

_INSERT = (
    "INSERT INTO entities (kind, key, version, status, unit_id, subject_id, policy_number,"
    " plan_code, family, data) VALUES (:kind, :key, :version, :status, :unit_id, :subject_id,"
    " :policy_number, :plan_code, :family, :data)"
)
_UPDATE = (
    "UPDATE entities SET version = :version, status = :status, unit_id = :unit_id,"
    " subject_id = :subject_id, policy_number = :policy_number, plan_code = :plan_code,"
    " family = :family, data = :data WHERE kind = :kind AND key = :key"
)
_MEMBERS = (
    "INSERT INTO entity_members (entity_seq, kind, policy_number, id_type, id_number, plan_code)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_PLANS = "INSERT OR IGNORE INTO plans (plan_code, family) VALUES (?, ?)"

#: The page cache (KiB) of a store, and of a bulk load (``save_many``) while it runs.
_CACHE_KIB = 32_768
_BULK_CACHE_KIB = 262_144
#: A bulk load of at least this many member rows that at least doubles ``entity_members``
#: builds that table's indexes after its rows instead of row by row.
_DEFER_INDEXES_FROM = 10_000
#: The indexes of ``entity_members`` a bulk load may build afterwards (not the unique ones,
#: which enforce a constraint while the rows go in).
_MEMBER_INDEXES = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entity_members'"
    " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
)


def _damage_words(text: str) -> bool:
    return any(
        w in text
        for w in ("no such table", "no such column", "malformed", "not a database", "corrupt")
    )


class SQLiteStore(BaseStore):
    """A store in an SQLite database file (or ``":memory:"``).

    :param path: the database file; created with its schema when missing
        (unless ``read_only``).
    :param timeout: seconds to wait for another writer's lock before failing.
    :param read_only: open the file with ``mode=ro``: reads only, no lock
        beyond a reader's, works on a read-only filesystem; a write raises
        :class:`~mutualaid.errors.StoreReadOnly`.

    Use it as a context manager, or call :meth:`close`. One connection is
    shared by the threads that use the store, one statement at a time.

    :raises StoreError: the file cannot be opened (missing folder, a newer schema).
    :raises StoreDamaged: the file is not a store, or a table of its schema is missing.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        timeout: float = 5.0,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.path = os.fspath(path)
        self.read_only = read_only
        if read_only and self.path == ":memory:":
            raise StoreError("an in-memory store cannot be opened read-only", hint="Give a file.")
        if read_only:
            target, uri = f"file:{quote(str(Path(self.path).absolute()))}?mode=ro", True
        else:
            target, uri = self.path, False
        try:
            self._db = sqlite3.connect(
                target, timeout=timeout, isolation_level=None, check_same_thread=False, uri=uri
            )
        except sqlite3.Error as exc:
            hint = (
                "Check that the file exists and can be read."
                if read_only
                else "Check that the folder exists and is writable."
            )
            raise StoreError(f"cannot open the store {self.path!r}: {exc}", hint=hint) from exc
        try:
            self._open_schema()
        except BaseException:
            self._db.close()
            raise

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r}{', read_only=True' if self.read_only else ''})"

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self._db.close()

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        return int(self._query("PRAGMA user_version")[0][0])

    # --- plumbing ----------------------------------------------------------------

    def _tables(self) -> set[str]:
        rows = self._query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(row[0]) for row in rows}

    def _check_tables(self, version: int) -> None:
        missing = _TABLES[version] - self._tables()
        if missing:
            raise StoreDamaged(
                f"the store {self.path!r} is damaged: table {', '.join(sorted(missing))} "
                f"of schema version {version} is missing"
            )

    def _open_schema(self) -> None:
        """Check the schema; create or migrate it (under the write lock) only when needed."""
        found = self.schema_version
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path!r} has schema version {found}; "
                f"this library reads up to {SCHEMA_VERSION}",
                hint="Upgrade mutualaid to open this file.",
            )
        if found == SCHEMA_VERSION:
            self._check_tables(found)
        elif self.read_only:
            raise StoreError(
                f"the store {self.path!r} has schema version {found}; this library "
                f"writes version {SCHEMA_VERSION}",
                hint="Open it once without read_only=True to migrate it.",
            )
        else:
            self._migrate()
        with self._lock, self._errors():
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")

    def _migrate(self) -> None:
        with self._lock, self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                found = self.schema_version  # again, under the lock: another may have done it
                if found:
                    self._check_tables(found)
                elif self._tables() - {"sqlite_sequence"}:
                    raise StoreDamaged(
                        f"{self.path!r} holds tables but no store schema version",
                        hint="Open a file made by mutualaid, or a new one.",
                    )
                for version in range(found + 1, SCHEMA_VERSION + 1):
                    self._step(version)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _step(self, version: int) -> None:
        for statement in _STEPS[version].split(";"):
            if statement.strip():
                self._db.execute(statement)
        if version == 4:  # the links an earlier version kept only the trails of
            trails = self._db.execute(
                "SELECT data FROM audit WHERE kind = 'unit_link' ORDER BY seq"
            ).fetchall()
            stored = self._db.execute("SELECT key FROM entities WHERE kind = 'unit_link'")
            self._db.executemany(
                _INSERT, link_rows((t for (t,) in trails), (k for (k,) in stored.fetchall()))
            )
        if version == 3:  # the plans of the policies already stored
            rows = self._db.execute(
                "SELECT DISTINCT plan_code, json_extract(data, '$.family') FROM entities"
                " WHERE kind = 'policy'"
            ).fetchall()
            pairs = [(c, f if f is not None else plan_family(c)) for c, f in rows]
            self._db.executemany(_PLANS, pairs)
            self._db.executemany(
                "UPDATE entities SET family = ? WHERE kind = 'policy' AND plan_code = ?"
                " AND json_extract(data, '$.family') IS NULL",
                [(plan_family(c), c) for c, f in rows if f is None],
            )
            self._db.execute(
                "UPDATE entities SET family = json_extract(data, '$.family')"
                " WHERE kind = 'policy' AND family IS NULL"
            )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            text = str(exc)
            if _damage_words(text) or type(exc) is sqlite3.DatabaseError:
                raise StoreDamaged(f"the store {self.path!r} is damaged: {exc}") from exc
            if "readonly" in text:
                raise StoreReadOnly(f"the store {self.path!r} cannot be written: {exc}") from exc
            raise StoreError(f"the store {self.path!r} failed: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        with self._lock, self._errors():
            return self._db.execute(sql, params).fetchall()

    def _begin(self, depth: int) -> None:
        if self.read_only:
            raise StoreReadOnly(f"the store {self.path!r} was opened read-only")
        with self._errors():
            self._db.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT s{depth}")

    def _commit(self, depth: int) -> None:
        with self._errors():
            self._db.execute("COMMIT" if depth == 0 else f"RELEASE s{depth}")

    def _rollback(self, depth: int) -> None:
        with self._errors():
            if depth == 0:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
            else:
                self._db.execute(f"ROLLBACK TO s{depth}")
                self._db.execute(f"RELEASE s{depth}")

    def _load(self, kind: EntityKind[Any], key: str, data: Any) -> Any:
        return load_entity(kind, key, data, repr(self.path))

    # --- the bulk path --------------------------------------------------------------

    def save_many(self, entities: Iterable[Entity]) -> int:
        """:meth:`BaseStore.save_many <mutualaid.lifecycle.store._base.BaseStore.save_many>`,
        with SQLite's foreign-key checks off while it runs (see :meth:`_bulk`).

        The member rows it writes point at the entity rows it has just
        inserted in the same transaction, so the check per member row (a
        million lookups for a year's policies) proves nothing. Inside a
        caller's transaction the checks stay on: SQLite changes the setting
        only between transactions.
        """
        with self._lock:
            if self._depth or self.read_only:
                return super().save_many(entities)
            with self._errors():
                self._db.execute("PRAGMA foreign_keys = OFF")
            try:
                return super().save_many(entities)
            finally:
                with self._errors():
                    self._db.execute("PRAGMA foreign_keys = ON")

    # --- primitives ----------------------------------------------------------------

    def _read(self, kind: EntityKind[Any], key: str) -> Any | None:
        rows = self._query("SELECT data FROM entities WHERE kind = ? AND key = ?", (kind.name, key))
        return self._load(kind, key, rows[0][0]) if rows else None

    def _version(self, kind: EntityKind[Any], key: str) -> int | None:
        rows = self._query(
            "SELECT version FROM entities WHERE kind = ? AND key = ?", (kind.name, key)
        )
        if not rows:
            return None
        with reading(f"{kind.name} {key!r}", repr(self.path)):
            if type(rows[0][0]) is not int:
                raise TypeError("version is not a whole number")
            return int(rows[0][0])

    def _existing(self, kind: EntityKind[Any], keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT key FROM entities WHERE kind = ? AND key IN ({marks})",
                (kind.name, *chunk),
            )
            found.update(str(row[0]) for row in rows)
        return found

    def _write(self, kind: EntityKind[Any], key: str, entity: Any, *, new: bool) -> None:
        row = entity_row(kind, key, entity)
        with self._errors():
            if new:
                seq = self._db.execute(_INSERT, row).lastrowid
            else:
                self._db.execute(_UPDATE, row)
                seq = self._db.execute(
                    "SELECT seq FROM entities WHERE kind = ? AND key = ?", (kind.name, key)
                ).fetchone()[0]
                self._db.execute("DELETE FROM entity_members WHERE entity_seq = ?", (seq,))
            members = member_rows(kind, entity)
            if members:
                self._db.executemany(
                    _MEMBERS,
                    [(seq, kind.name, policy, t, n, plan) for policy, t, n, plan in members],
                )
            pair = plan_pair(entity)
            if pair is not None:
                self._db.execute(_PLANS, pair)

    def _write_many(self, kind: EntityKind[Any], items: Sequence[tuple[str, Any]]) -> None:
        rows = [entity_row(kind, key, entity) for key, entity in items]
        adding = sum(len(kind.members(entity)) for _, entity in items)
        with self._errors(), self._bulk(adding):
            before = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM entities").fetchone()[0]
            self._db.executemany(_INSERT, rows)
            # One writer holds the lock: the rows after ``before`` are these, in order.
            seqs = dict(
                self._db.execute(
                    "SELECT key, seq FROM entities WHERE seq > ? AND kind = ?", (before, kind.name)
                ).fetchall()
            )
            self._db.executemany(
                _MEMBERS,
                (
                    (seqs[key], kind.name, policy, t, n, plan)
                    for key, entity in items
                    for policy, t, n, plan in member_rows(kind, entity)
                ),
            )
            pairs = {pair for _, entity in items if (pair := plan_pair(entity)) is not None}
            self._db.executemany(_PLANS, sorted(pairs))

    @contextmanager
    def _bulk(self, members: int) -> Iterator[None]:
        """Inside :meth:`save_many`'s transaction: what makes adding ``members`` member rows fast.

        A page cache of :data:`_BULK_CACHE_KIB` while the rows go in (the
        member indexes of a million rows outgrow the usual one, and SQLite
        then writes pages out mid-transaction); and when the load at least
        doubles ``entity_members`` (an import into a new or small store), its
        indexes are dropped and built again once the rows are in, by one sort
        each instead of a million random inserts. Both happen inside the
        transaction: a failure rolls the indexes back with the rows, and no
        other connection ever sees the table without them.
        """
        self._db.execute(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
        deferred: list[tuple[str, str]] = []
        try:
            if members >= _DEFER_INDEXES_FROM:
                stored = self._db.execute("SELECT MAX(rowid) FROM entity_members").fetchone()[0]
                if members >= (stored or 0):
                    deferred = self._db.execute(_MEMBER_INDEXES).fetchall()
                    for name, _ in deferred:
                        self._db.execute(f'DROP INDEX "{name}"')
            yield
            for _, sql in deferred:
                self._db.execute(sql)
        finally:
            self._db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")

    def _select(
        self, kind: EntityKind[Any], fact: str | None, value: str | None
    ) -> tuple[Any, ...]:
        if fact is None:
            rows = self._query(
                "SELECT key, data FROM entities WHERE kind = ? ORDER BY seq", (kind.name,)
            )
        else:
            if fact not in FACTS:  # the column name goes into the SQL text
                raise StoreError(f"no index on {fact!r}")
            rows = self._query(
                f"SELECT key, data FROM entities WHERE kind = ? AND {fact} = ? ORDER BY seq",
                (kind.name, value),
            )
        return tuple(self._load(kind, key, data) for key, data in rows)

    def _select_any(
        self, kind: EntityKind[Any], fact: str, values: Sequence[str]
    ) -> tuple[Any, ...]:
        if fact not in SELECTABLE:  # the column name goes into the SQL text
            raise StoreError(f"no index on {fact!r}")
        marks = ", ".join("?" * len(values))
        rows = self._query(
            f"SELECT key, data FROM entities WHERE kind = ? AND {fact} IN ({marks}) ORDER BY seq",
            (kind.name, *values),
        )
        return tuple(self._load(kind, key, data) for key, data in rows)

    def _policies_listing(self, id_number: str) -> tuple[str, ...]:
        return tuple(str(row[1]) for row in self._query(_LISTING, (id_number,)))

    def _double_candidates(self, plan_code: str) -> tuple[tuple[str, ...], frozenset[str]]:
        known = self._query("SELECT plan_code, family FROM plans")
        codes = plan_codes([(str(c), str(f)) for c, f in known], plan_code)
        if not codes:
            return (), codes
        ordered = sorted(codes)
        rows = self._query(
            _double_sql(len(ordered)), {f"c{i}": code for i, code in enumerate(ordered)}
        )
        return tuple(str(row[1]) for row in rows), codes

    def _ledger_revision(self, claim_id: str) -> int | None:
        rows = self._query("SELECT MAX(revision) FROM ledger WHERE claim_id = ?", (claim_id,))
        return None if rows[0][0] is None else int(rows[0][0])

    def _ledger_append(self, entries: Sequence[tuple[LedgerEntry, dict[str, Any]]]) -> None:
        with self._errors():
            self._db.executemany(
                "INSERT INTO ledger (id_type, id_number, plan_family, claim_id, revision, data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (e.id_type, e.id_number, e.plan_family, e.claim_id, e.revision, dumps(data))
                    for e, data in entries
                ],
            )

    def _ledger_select(
        self, id_number: str | None, plan_family: str | None, claim_id: str | None
    ) -> tuple[LedgerEntry, ...]:
        if claim_id is not None:
            rows = self._query(
                "SELECT data FROM ledger WHERE claim_id = ? ORDER BY seq", (claim_id,)
            )
        elif plan_family is None:
            rows = self._query(
                "SELECT data FROM ledger WHERE id_number = ? ORDER BY seq", (id_number,)
            )
        else:
            rows = self._query(
                "SELECT data FROM ledger WHERE id_number = ? AND plan_family = ? ORDER BY seq",
                (id_number, plan_family),
            )
        return load_ledger((row[0] for row in rows), repr(self.path))

    def _last_version(self, kind: str, subject_id: str) -> int | None:
        rows = self._query(
            "SELECT version FROM audit WHERE kind = ? AND subject_id = ? ORDER BY seq DESC LIMIT 1",
            (kind, subject_id),
        )
        if not rows:
            return None
        with reading(f"the audit trail of {kind} {subject_id!r}", repr(self.path)):
            return int(rows[0][0])

    def _append(self, records: Sequence[tuple[AuditRecord, dict[str, Any]]]) -> None:
        with self._errors():
            self._db.executemany(
                "INSERT INTO audit (kind, subject_id, version, at, action, data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (r.kind, r.subject_id, r.version, r.at.isoformat(), r.action, dumps(data))
                    for r, data in records
                ],
            )

    def _trail(self, kind: str, subject_id: str) -> tuple[AuditRecord, ...]:
        rows = self._query(
            "SELECT data FROM audit WHERE kind = ? AND subject_id = ? ORDER BY seq",
            (kind, subject_id),
        )
        with reading(f"the audit trail of {kind} {subject_id!r}", repr(self.path)):
            return tuple(record_from_data(json.loads(row[0])) for row in rows)

    # --- the outbox ------------------------------------------------------------------

    def _enqueue(self, kind: str, key: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        with self._errors():
            self._db.executemany(
                "INSERT INTO outbox (kind, subject_id, event_type, data) VALUES (?, ?, ?, ?)",
                [(kind, key, name, dumps(data)) for name, data in events],
            )

    def _pending(self, limit: int | None) -> tuple[OutboxEntry, ...]:
        rows = self._query(
            "SELECT id, kind, subject_id, data FROM outbox WHERE acknowledged = 0"
            " ORDER BY id LIMIT ?",
            (-1 if limit is None else limit,),
        )
        with reading("an outbox entry", repr(self.path)):
            return tuple(
                OutboxEntry(int(i), str(kind), str(key), event_from_data(json.loads(data)))
                for i, kind, key, data in rows
            )

    def _acknowledge(self, ids: Sequence[int]) -> None:
        with self._errors():
            self._db.executemany(
                "UPDATE outbox SET acknowledged = 1 WHERE id = ? AND acknowledged = 0",
                [(i,) for i in ids],
            )
