"""The SQLite store: a :class:`~mutualaid.lifecycle.store.protocol.Repository` in one file.

Standard library :mod:`sqlite3` only. The schema is created the first time a
file is opened. Each entity is one row: its data as JSON (the exchange format
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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from mutualaid.errors import MutualAidError, StoreError
from mutualaid.lifecycle.store._base import BaseStore
from mutualaid.lifecycle.store._codec import record_from_data
from mutualaid.lifecycle.store.outbox import OutboxEntry, event_from_data
from mutualaid.lifecycle.store.protocol import EntityKind, plan_codes
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model.plan import plan_family
from mutualaid.serialization import from_data, to_data

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

#: The version of the schema this module creates (``PRAGMA user_version``).
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
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
CREATE INDEX IF NOT EXISTS entities_unit ON entities (kind, unit_id);
CREATE INDEX IF NOT EXISTS entities_subject ON entities (kind, subject_id);
CREATE INDEX IF NOT EXISTS entities_policy ON entities (kind, policy_number);
CREATE INDEX IF NOT EXISTS entities_plan ON entities (kind, plan_code);
CREATE TABLE IF NOT EXISTS entity_members (
    entity_seq INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
    policy_number TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_members_entity ON entity_members (entity_seq);
CREATE INDEX IF NOT EXISTS entity_members_id ON entity_members (id_number);
CREATE INDEX IF NOT EXISTS entity_members_policy ON entity_members (policy_number);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data))
);
CREATE INDEX IF NOT EXISTS audit_trail ON audit (kind, subject_id, seq);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    acknowledged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE acknowledged = 0;
"""

_FACTS = ("unit_id", "subject_id", "policy_number", "plan_code")

# Policies of some plan codes (one plan's, in every period: a JSON list) that share a
# member (by ID type and number) with another of those policies, counting members added
# by endorsements; in the order they were saved.
_DOUBLE = """
WITH pm AS (
    SELECT m.policy_number, m.id_type, m.id_number
    FROM entity_members m
    JOIN entities p ON p.kind = 'policy' AND p.key = m.policy_number
    WHERE p.plan_code IN (SELECT value FROM json_each(?))
)
SELECT key FROM entities
WHERE kind = 'policy' AND key IN (
    SELECT policy_number FROM pm WHERE (id_type, id_number) IN (
        SELECT id_type, id_number FROM pm
        GROUP BY id_type, id_number HAVING COUNT(DISTINCT policy_number) > 1
    )
)
ORDER BY seq
"""

# Each stored policy's plan code and family (NULL: none given), for a plan's codes.
_PLANS = (
    "SELECT DISTINCT plan_code, json_extract(data, '$.family') FROM entities WHERE kind = 'policy'"
)

_LISTING = """
SELECT key FROM entities
WHERE kind = 'policy' AND key IN (SELECT policy_number FROM entity_members WHERE id_number = ?)
ORDER BY seq
"""


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class SQLiteStore(BaseStore):
    """A store in an SQLite database file (or ``":memory:"``).

    :param path: the database file; created with its schema when missing.
    :param timeout: seconds to wait for another writer's lock before failing.

    Use it as a context manager, or call :meth:`close`. One connection is
    shared by the threads that use the store, one statement at a time.
    """

    def __init__(self, path: str | os.PathLike[str] = ":memory:", *, timeout: float = 5.0) -> None:
        super().__init__()
        self.path = os.fspath(path)
        try:
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the store {self.path!r}: {exc}",
                hint="Check that the folder exists and is writable.",
            ) from exc
        self._create_schema()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

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

    def _create_schema(self) -> None:
        found = self.schema_version
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path!r} has schema version {found}; "
                f"this library reads up to {SCHEMA_VERSION}",
                hint="Upgrade mutualaid to open this file.",
            )
        with self._lock, self._errors():
            # executescript commits any open transaction first: it runs its own.
            self._db.executescript(
                f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
            )
            self._db.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"the store {self.path!r} failed: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock, self._errors():
            return self._db.execute(sql, params).fetchall()

    def _begin(self, depth: int) -> None:
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

    def _enqueue(self, kind: str, key: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        with self._errors():
            self._db.executemany(
                "INSERT INTO outbox (kind, subject_id, event_type, data) VALUES (?, ?, ?, ?)",
                [(kind, key, name, _dumps(data)) for name, data in events],
            )

    def _pending(self, limit: int | None) -> tuple[OutboxEntry, ...]:
        rows = self._query(
            "SELECT id, kind, subject_id, data FROM outbox WHERE acknowledged = 0"
            " ORDER BY id LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return tuple(
            OutboxEntry(int(i), kind, key, event_from_data(json.loads(data)))
            for i, kind, key, data in rows
        )

    def _acknowledge(self, ids: Sequence[int]) -> None:
        with self._errors():
            self._db.executemany(
                "UPDATE outbox SET acknowledged = 1 WHERE id = ? AND acknowledged = 0",
                [(i,) for i in ids],
            )

    def _load(self, kind: EntityKind[Any], key: str, data: str) -> Any:
        try:
            return from_data(kind.cls, json.loads(data))
        except (MutualAidError, ValueError) as exc:
            raise StoreError(
                f"{kind.name} {key!r} in the store {self.path!r} is unreadable",
                hint="The row was changed outside mutualaid, or by a newer version.",
            ) from exc

    # --- primitives ----------------------------------------------------------------

    def _read(self, kind: EntityKind[Any], key: str) -> Any | None:
        rows = self._query("SELECT data FROM entities WHERE kind = ? AND key = ?", (kind.name, key))
        return self._load(kind, key, rows[0][0]) if rows else None

    def _version(self, kind: EntityKind[Any], key: str) -> int | None:
        rows = self._query(
            "SELECT version FROM entities WHERE kind = ? AND key = ?", (kind.name, key)
        )
        return int(rows[0][0]) if rows else None

    def _write(self, kind: EntityKind[Any], key: str, entity: Any, *, new: bool) -> None:
        status = getattr(entity, "status", None) or getattr(entity, "registration_status", None)
        facts = tuple(getattr(kind, fact)(entity) for fact in _FACTS)
        values = (
            entity.version,
            None if status is None else str(status),
            *facts,
            _dumps(to_data(entity)),
        )
        with self._errors():
            if new:
                cursor = self._db.execute(
                    "INSERT INTO entities (version, status, unit_id, subject_id, policy_number,"
                    " plan_code, data, kind, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, kind.name, key),
                )
                seq = cursor.lastrowid
            else:
                self._db.execute(
                    "UPDATE entities SET version = ?, status = ?, unit_id = ?, subject_id = ?,"
                    " policy_number = ?, plan_code = ?, data = ? WHERE kind = ? AND key = ?",
                    (*values, kind.name, key),
                )
                seq = self._db.execute(
                    "SELECT seq FROM entities WHERE kind = ? AND key = ?", (kind.name, key)
                ).fetchone()[0]
                self._db.execute("DELETE FROM entity_members WHERE entity_seq = ?", (seq,))
            members = {m.key for m in kind.members(entity)}
            if members:
                policy = kind.policy_number(entity)
                self._db.executemany(
                    "INSERT INTO entity_members (entity_seq, policy_number, id_type, id_number)"
                    " VALUES (?, ?, ?, ?)",
                    [(seq, policy, id_type, number) for id_type, number in sorted(members)],
                )

    def _select(
        self, kind: EntityKind[Any], fact: str | None, value: str | None
    ) -> tuple[Any, ...]:
        if fact is None:
            rows = self._query(
                "SELECT key, data FROM entities WHERE kind = ? ORDER BY seq", (kind.name,)
            )
        else:
            if fact not in _FACTS:  # the column name goes into the SQL text
                raise StoreError(f"no index on {fact!r}")
            rows = self._query(
                f"SELECT key, data FROM entities WHERE kind = ? AND {fact} = ? ORDER BY seq",
                (kind.name, value),
            )
        return tuple(self._load(kind, key, data) for key, data in rows)

    def _policies_listing(self, id_number: str) -> tuple[str, ...]:
        return tuple(row[0] for row in self._query(_LISTING, (id_number,)))

    def _double_candidates(self, plan_code: str) -> tuple[tuple[str, ...], frozenset[str]]:
        known = [(c, f if f is not None else plan_family(c)) for c, f in self._query(_PLANS)]
        codes = plan_codes(known, plan_code)
        rows = self._query(_DOUBLE, (json.dumps(sorted(codes)),))
        return tuple(row[0] for row in rows), codes

    def _last_version(self, kind: str, subject_id: str) -> int | None:
        rows = self._query(
            "SELECT version FROM audit WHERE kind = ? AND subject_id = ? ORDER BY seq DESC LIMIT 1",
            (kind, subject_id),
        )
        return int(rows[0][0]) if rows else None

    def _append(self, records: Sequence[tuple[AuditRecord, dict[str, Any]]]) -> None:
        with self._errors():
            self._db.executemany(
                "INSERT INTO audit (kind, subject_id, version, at, action, data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (r.kind, r.subject_id, r.version, r.at.isoformat(), r.action, _dumps(data))
                    for r, data in records
                ],
            )

    def _trail(self, kind: str, subject_id: str) -> tuple[AuditRecord, ...]:
        rows = self._query(
            "SELECT data FROM audit WHERE kind = ? AND subject_id = ? ORDER BY seq",
            (kind, subject_id),
        )
        return tuple(record_from_data(json.loads(row[0])) for row in rows)
