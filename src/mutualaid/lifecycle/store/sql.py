"""The SQLAlchemy store: a :class:`~mutualaid.lifecycle.store.protocol.Repository` on
SQLAlchemy Core, for SQLite and PostgreSQL (and databases that speak PostgreSQL).

Install the ``sql`` extra (``pip install mutualaid[sql]``: SQLAlchemy 2, Alembic,
psycopg 3). Give a database URL or an :class:`sqlalchemy.engine.Engine`:

* ``sqlite:///path/to/file.sqlite`` (or ``sqlite://`` in memory);
* ``postgresql+psycopg://user@host:5432/dbname``.

The schema is versioned by Alembic migrations shipped with the library
(``mutualaid/lifecycle/store/_migrations``): a new database is migrated to the
newest revision when first opened (``migrate=True``, the default); a database
at an older revision is migrated too; one at a revision this library does not
know is refused. Opening a database at the newest revision writes nothing.

The rows are the SQLite store's (entities as JSON with indexed facts, members
by ID number, audit records, the outbox, the plans). One connection per store,
shared by threads one statement at a time. A transaction holds the rows it
updates (``SELECT ... FOR UPDATE`` on PostgreSQL; ``BEGIN IMMEDIATE`` on
SQLite), so of two writers of one version exactly one wins and the other gets
:class:`~mutualaid.errors.ConcurrentModification`; two appenders of one case's
ledger revision are serialized the same way (an advisory lock per case on
PostgreSQL), so the second finds the revision taken.

>>> from mutualaid.model import Application
>>> with SQLAlchemyStore("sqlite://") as store:
...     _ = store.save(Application("A1", "U1", "linyi"))
...     store.get(Application, "A1").pack, store.schema_revision
('linyi', '0003')

See docs/stores.md.

Layer 4.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, RootTransaction
from sqlalchemy.engine import Transaction as SATransaction

from mutualaid.errors import ConcurrentModification, StoreDamaged, StoreError, StoreReadOnly
from mutualaid.lifecycle.store._base import BaseStore
from mutualaid.lifecycle.store._codec import record_from_data
from mutualaid.lifecycle.store._rows import (
    DOUBLE_COVER_SQL,
    FACTS,
    SELECTABLE,
    dumps,
    entity_row,
    load_entity,
    load_ledger,
    member_rows,
    plan_pair,
    reading,
)
from mutualaid.lifecycle.store._tables import (
    METADATA,
    audit,
    entities,
    entity_members,
    ledger,
    outbox,
    plans,
)
from mutualaid.lifecycle.store.outbox import OutboxEntry, event_from_data
from mutualaid.lifecycle.store.protocol import EntityKind, plan_codes
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model.ledger import LedgerEntry

__all__ = ["SQLAlchemyStore", "migration_config", "newest_revision"]

_MIGRATIONS = Path(__file__).parent / "_migrations"

# SQLSTATEs of PostgreSQL that mean "another writer got there first".
# A positional parameter in each DBAPI paramstyle the store's drivers use.
_MARK = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": "?"}

_CONFLICT_STATES = {"40001", "40P01", "23505"}  # serialization, deadlock, unique
_DAMAGE_STATES = {"42P01", "42703"}  # undefined table, undefined column

_DOUBLE = sa.text(DOUBLE_COVER_SQL.format(codes=":codes", join="JOIN")).bindparams(
    sa.bindparam("codes", expanding=True)
)


def migration_config(connection: Connection | None = None) -> Config:
    """An Alembic :class:`~alembic.config.Config` for the store's migrations.

    With ``connection``, the migrations run on it (inside its transaction):
    ``alembic.command.upgrade(migration_config(conn), "head")``.
    """
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def newest_revision() -> str:
    """The newest schema revision this library writes (``"0001"``...)."""
    head = ScriptDirectory.from_config(migration_config()).get_current_head()
    assert head is not None
    return head


def _is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _prepare_sqlite(engine: Engine) -> None:
    """Let the store, not pysqlite, begin transactions: ``BEGIN IMMEDIATE`` for writes."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.info.get("mutualaid_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _read_only_url(url: sa.URL) -> sa.URL:
    if url.get_backend_name() != "sqlite":
        return url
    database = url.database or ""
    if database in ("", ":memory:"):
        raise StoreError("an in-memory store cannot be opened read-only", hint="Give a file.")
    if not database.startswith("file:"):
        database = f"file:{Path(database).absolute()}?mode=ro"
    return url.set(database=database).update_query_dict({"uri": "true"})


class SQLAlchemyStore(BaseStore):
    """A store in a database reached through SQLAlchemy (SQLite or PostgreSQL).

    :param url: a database URL, or an engine (its pool and options are the host's).
    :param read_only: refuse every write (:class:`~mutualaid.errors.StoreReadOnly`);
        SQLite files are opened with ``mode=ro``, PostgreSQL sessions read-only.
    :param migrate: create or migrate the schema when it is not the newest;
        with ``False`` an out-of-date database is refused.

    :raises StoreError: the database cannot be reached, or its schema is newer
        (or, without ``migrate``, older) than this library's.
    :raises StoreDamaged: the schema revision is recorded but a table is missing.
    """

    def __init__(
        self, url: str | sa.URL | Engine, *, read_only: bool = False, migrate: bool = True
    ) -> None:
        super().__init__()
        self.read_only = read_only
        if isinstance(url, Engine):
            engine = url
        else:
            parsed = sa.make_url(url)
            if read_only:
                parsed = _read_only_url(parsed)
            options: dict[str, Any] = {}
            if parsed.get_backend_name() == "sqlite":
                options["connect_args"] = {"check_same_thread": False}
            engine = sa.create_engine(parsed, **options)
            if _is_sqlite(engine):
                _prepare_sqlite(engine)
        self.engine = engine
        self._where = repr(engine.url.render_as_string(hide_password=True))
        self._tx: list[SATransaction] = []
        try:
            self._conn = engine.connect()
            if read_only and engine.dialect.name == "postgresql":
                self._conn = self._conn.execution_options(postgresql_readonly=True)
        except sa.exc.SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            raise StoreError(
                f"cannot open the store {self._where}: {type(cause).__name__}",
                hint="Check the URL, that the server runs and the database exists.",
            ) from exc
        try:
            self._open_schema(migrate)
        except BaseException:
            self._conn.close()
            raise

    def __repr__(self) -> str:
        return f"SQLAlchemyStore({self._where}{', read_only=True' if self.read_only else ''})"

    def __enter__(self) -> SQLAlchemyStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (and the engine the store made)."""
        with self._lock:
            self._conn.close()

    @property
    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (``None``: no schema yet)."""
        with self._lock, self._reads() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    # --- plumbing ----------------------------------------------------------------------

    def _open_schema(self, migrate: bool) -> None:
        head = newest_revision()
        found = self.schema_revision
        if found == head:
            self._check_tables(found)
            return
        known = {
            s.revision for s in ScriptDirectory.from_config(migration_config()).walk_revisions()
        }
        if found is not None and found not in known:
            raise StoreError(
                f"the store {self._where} has schema revision {found!r}; "
                f"this library knows up to {head!r}",
                hint="Upgrade mutualaid to open this database.",
            )
        if self.read_only or not migrate:
            raise StoreError(
                f"the store {self._where} is at schema revision {found!r}, not {head!r}",
                hint="Open it once with migrate=True (and not read-only) to migrate it.",
            )
        with self._lock, self._errors():
            self._conn.info["mutualaid_write"] = True
            try:
                with self._conn.begin():
                    if self.engine.dialect.name == "postgresql":
                        # one migrator at a time; the others wait, then find it done
                        self._conn.execute(sa.text("SELECT pg_advisory_xact_lock(770101)"))
                    again = MigrationContext.configure(self._conn).get_current_revision()
                    if again is None and set(sa.inspect(self._conn).get_table_names()) & set(
                        METADATA.tables
                    ):
                        raise StoreDamaged(
                            f"{self._where} holds the store's tables but no schema revision",
                            hint="Restore the alembic_version table, or use another database.",
                        )
                    if again != head:
                        command.upgrade(migration_config(self._conn), "head")
            finally:
                self._conn.info["mutualaid_write"] = False

    def _check_tables(self, revision: str) -> None:
        with self._lock, self._reads() as conn:
            present = set(sa.inspect(conn).get_table_names())
        missing = set(METADATA.tables) - present
        if missing:
            raise StoreDamaged(
                f"the store {self._where} is damaged: table {', '.join(sorted(missing))} "
                f"of schema revision {revision} is missing"
            )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.DBAPIError as exc:
            state = getattr(exc.orig, "sqlstate", None)
            text = str(exc.orig)
            name = type(exc.orig).__name__
            if state in _CONFLICT_STATES or isinstance(exc, sa.exc.IntegrityError):
                raise ConcurrentModification(
                    f"another writer changed the store {self._where} first ({name})"
                ) from exc
            if state in _DAMAGE_STATES or any(
                w in text
                for w in ("no such table", "no such column", "malformed", "not a database")
            ):
                raise StoreDamaged(f"the store {self._where} is damaged ({name})") from exc
            if state == "25006" or "readonly" in text:
                raise StoreReadOnly(f"the store {self._where} cannot be written ({name})") from exc
            raise StoreError(f"the store {self._where} failed: {name}") from exc
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"the store {self._where} failed: {type(exc).__name__}") from exc

    @contextmanager
    def _reads(self) -> Iterator[Connection]:
        """The connection, inside the open transaction or a short read-only one."""
        if self._tx:
            yield self._conn
            return
        with self._errors(), self._conn.begin():
            yield self._conn

    def _rows(self, statement: Any, params: Any = None) -> list[Any]:
        with self._lock, self._reads() as conn, self._errors():
            return list(
                conn.execute(statement, params) if params is not None else conn.execute(statement)
            )

    def _exec(self, statement: Any, params: Any = None) -> Any:
        """Run a write inside the open transaction."""
        with self._errors():
            return (
                self._conn.execute(statement, params)
                if params is not None
                else self._conn.execute(statement)
            )

    def _begin(self, depth: int) -> None:
        if self.read_only:
            raise StoreReadOnly(f"the store {self._where} was opened read-only")
        with self._errors():
            if depth == 0:
                self._conn.info["mutualaid_write"] = True
                try:
                    tx: SATransaction = self._conn.begin()
                finally:
                    self._conn.info["mutualaid_write"] = False
            else:
                tx = self._conn.begin_nested()
        self._tx.append(tx)

    def _commit(self, depth: int) -> None:
        tx = self._tx[-1]
        with self._errors():
            tx.commit()
        self._tx.pop()

    def _rollback(self, depth: int) -> None:
        while len(self._tx) > depth:
            tx = self._tx.pop()
            with self._errors():
                if tx.is_active:
                    tx.rollback()
                elif isinstance(tx, RootTransaction) and self._conn.in_transaction():
                    self._conn.rollback()

    def _load(self, kind: EntityKind[Any], key: str, data: Any) -> Any:
        return load_entity(kind, key, data, self._where)

    # --- primitives --------------------------------------------------------------------

    def _one(self, kind: EntityKind[Any], key: str) -> sa.ColumnElement[bool]:
        return sa.and_(entities.c.kind == kind.name, entities.c.key == key)

    def _read(self, kind: EntityKind[Any], key: str) -> Any | None:
        rows = self._rows(sa.select(entities.c.data).where(self._one(kind, key)))
        return self._load(kind, key, rows[0][0]) if rows else None

    def _version(self, kind: EntityKind[Any], key: str) -> int | None:
        query = sa.select(entities.c.version).where(self._one(kind, key))
        if self._tx:
            query = query.with_for_update()  # held until the transaction ends
        rows = self._rows(query)
        if not rows:
            return None
        with reading(f"{kind.name} {key!r}", self._where):
            return int(rows[0][0])

    def _existing(self, kind: EntityKind[Any], keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 1000):
            chunk = keys[start : start + 1000]
            rows = self._rows(
                sa.select(entities.c.key).where(
                    entities.c.kind == kind.name, entities.c.key.in_(chunk)
                )
            )
            found.update(str(row[0]) for row in rows)
        return found

    def _write(self, kind: EntityKind[Any], key: str, entity: Any, *, new: bool) -> None:
        row = entity_row(kind, key, entity)
        if new:
            result = self._exec(entities.insert().returning(entities.c.seq), row)
            seq = result.scalar_one()
        else:
            values = {k: v for k, v in row.items() if k not in ("kind", "key")}
            self._exec(entities.update().where(self._one(kind, key)).values(**values))
            seq = self._exec(sa.select(entities.c.seq).where(self._one(kind, key))).scalar_one()
            self._exec(entity_members.delete().where(entity_members.c.entity_seq == seq))
        self._members([(seq, kind.name, *m) for m in member_rows(kind, entity)])
        pair = plan_pair(entity)
        if pair is not None:
            self._plans([pair])

    def _members(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert member rows: PostgreSQL's COPY, else the driver's own ``executemany``
        (a million rows pay no per-row parameter processing of SQLAlchemy's)."""
        if not rows:
            return
        columns = "entity_seq, kind, policy_number, id_type, id_number, plan_code"
        with self._errors():
            if self.engine.dialect.name == "postgresql" and len(rows) > 100:
                driver = self._conn.connection.driver_connection
                assert driver is not None
                with (
                    driver.cursor() as cursor,
                    cursor.copy(f"COPY entity_members ({columns}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join([_MARK[self.engine.dialect.paramstyle]] * 6)
            self._conn.exec_driver_sql(
                f"INSERT INTO entity_members ({columns}) VALUES ({marks})", rows
            )

    def _plans(self, pairs: Sequence[tuple[str, str]]) -> None:
        wanted = set(pairs)
        known = {
            (str(c), str(f))
            for c, f in self._exec(
                sa.select(plans.c.plan_code, plans.c.family).where(
                    plans.c.plan_code.in_(sorted({c for c, _ in wanted}))
                )
            )
        }
        new = sorted(wanted - known)
        if new:
            self._exec(plans.insert(), [{"plan_code": c, "family": f} for c, f in new])

    def _write_many(self, kind: EntityKind[Any], items: Sequence[tuple[str, Any]]) -> None:
        rows = [entity_row(kind, key, entity) for key, entity in items]
        result = self._exec(
            entities.insert().returning(
                entities.c.key, entities.c.seq, sort_by_parameter_order=True
            ),
            rows,
        )
        seqs = {str(k): s for k, s in result}
        self._members(
            [(seqs[key], kind.name, *m) for key, entity in items for m in member_rows(kind, entity)]
        )
        pairs = [pair for _, entity in items if (pair := plan_pair(entity)) is not None]
        if pairs:
            self._plans(pairs)

    def _select(
        self, kind: EntityKind[Any], fact: str | None, value: str | None
    ) -> tuple[Any, ...]:
        query = sa.select(entities.c.key, entities.c.data).where(entities.c.kind == kind.name)
        if fact is not None:
            if fact not in FACTS:
                raise StoreError(f"no index on {fact!r}")
            query = query.where(entities.c[fact] == value)
        rows = self._rows(query.order_by(entities.c.seq))
        return tuple(self._load(kind, key, data) for key, data in rows)

    def _select_any(
        self, kind: EntityKind[Any], fact: str, values: Sequence[str]
    ) -> tuple[Any, ...]:
        if fact not in SELECTABLE:
            raise StoreError(f"no index on {fact!r}")
        query = sa.select(entities.c.key, entities.c.data).where(
            entities.c.kind == kind.name, entities.c[fact].in_(list(values))
        )
        rows = self._rows(query.order_by(entities.c.seq))
        return tuple(self._load(kind, key, data) for key, data in rows)

    def _policies_listing(self, id_number: str) -> tuple[str, ...]:
        listed = sa.select(entity_members.c.policy_number).where(
            entity_members.c.id_number == id_number
        )
        query = (
            sa.select(entities.c.key)
            .where(entities.c.kind == "policy", entities.c.key.in_(listed))
            .order_by(entities.c.seq)
        )
        return tuple(str(row[0]) for row in self._rows(query))

    def _double_candidates(self, plan_code: str) -> tuple[tuple[str, ...], frozenset[str]]:
        known = self._rows(sa.select(plans.c.plan_code, plans.c.family))
        codes = plan_codes([(str(c), str(f)) for c, f in known], plan_code)
        if not codes:
            return (), codes
        rows = self._rows(_DOUBLE, {"codes": sorted(codes)})
        return tuple(str(row[1]) for row in rows), codes

    def _ledger_revision(self, claim_id: str) -> int | None:
        if self._tx and self.engine.dialect.name == "postgresql":
            # one appender of a case at a time, until its transaction ends: the next
            # reads the revision the first wrote (READ COMMITTED: a fresh snapshot)
            self._exec(
                sa.text("SELECT pg_advisory_xact_lock(770102, hashtext(:claim))"),
                {"claim": claim_id},
            )
        rows = self._rows(
            sa.select(sa.func.max(ledger.c.revision)).where(ledger.c.claim_id == claim_id)
        )
        return None if rows[0][0] is None else int(rows[0][0])

    def _ledger_append(self, entries: Sequence[tuple[LedgerEntry, dict[str, Any]]]) -> None:
        self._exec(
            ledger.insert(),
            [
                {
                    "id_type": e.id_type,
                    "id_number": e.id_number,
                    "plan_family": e.plan_family,
                    "claim_id": e.claim_id,
                    "revision": e.revision,
                    "data": dumps(data),
                }
                for e, data in entries
            ],
        )

    def _ledger_select(
        self, id_number: str | None, plan_family: str | None, claim_id: str | None
    ) -> tuple[LedgerEntry, ...]:
        query = sa.select(ledger.c.data)
        if claim_id is not None:
            query = query.where(ledger.c.claim_id == claim_id)
        else:
            query = query.where(ledger.c.id_number == id_number)
            if plan_family is not None:
                query = query.where(ledger.c.plan_family == plan_family)
        rows = self._rows(query.order_by(ledger.c.seq))
        return load_ledger((row[0] for row in rows), self._where)

    def _last_version(self, kind: str, subject_id: str) -> int | None:
        rows = self._rows(
            sa.select(audit.c.version)
            .where(audit.c.kind == kind, audit.c.subject_id == subject_id)
            .order_by(audit.c.seq.desc())
            .limit(1)
        )
        if not rows:
            return None
        with reading(f"the audit trail of {kind} {subject_id!r}", self._where):
            return int(rows[0][0])

    def _append(self, records: Sequence[tuple[AuditRecord, dict[str, Any]]]) -> None:
        self._exec(
            audit.insert(),
            [
                {
                    "kind": r.kind,
                    "subject_id": r.subject_id,
                    "version": r.version,
                    "at": r.at.isoformat(),
                    "action": r.action,
                    "data": dumps(data),
                }
                for r, data in records
            ],
        )

    def _trail(self, kind: str, subject_id: str) -> tuple[AuditRecord, ...]:
        rows = self._rows(
            sa.select(audit.c.data)
            .where(audit.c.kind == kind, audit.c.subject_id == subject_id)
            .order_by(audit.c.seq)
        )
        with reading(f"the audit trail of {kind} {subject_id!r}", self._where):
            return tuple(record_from_data(json.loads(row[0])) for row in rows)

    # --- the outbox ------------------------------------------------------------------------

    def _enqueue(self, kind: str, key: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        self._exec(
            outbox.insert(),
            [
                {
                    "kind": kind,
                    "subject_id": key,
                    "event_type": name,
                    "data": dumps(data),
                    "acknowledged": False,
                }
                for name, data in events
            ],
        )

    def _pending(self, limit: int | None) -> tuple[OutboxEntry, ...]:
        query = (
            sa.select(outbox.c.id, outbox.c.kind, outbox.c.subject_id, outbox.c.data)
            .where(outbox.c.acknowledged == sa.false())
            .order_by(outbox.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        rows = self._rows(query)
        with reading("an outbox entry", self._where):
            return tuple(
                OutboxEntry(int(i), str(kind), str(key), event_from_data(json.loads(data)))
                for i, kind, key, data in rows
            )

    def _acknowledge(self, ids: Sequence[int]) -> None:
        self._exec(
            outbox.update()
            .where(outbox.c.id.in_(list(ids)), outbox.c.acknowledged == sa.false())
            .values(acknowledged=True)
        )
