"""The stores the tests run against, and how a test (or a child process) opens one.

``BACKENDS`` names every implementation of the repository protocol the contract
suite covers. PostgreSQL runs when ``MUTUALAID_TEST_POSTGRES_URL`` is set (a
SQLAlchemy URL, e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/mutualaid_test``;
``.ci/postgres start`` prints one); under CI (``CI=true``) a missing URL fails the
tests rather than skipping them. Each PostgreSQL store gets a schema of its own
(``search_path``), dropped at the end.

A :class:`StoreSpec` says where a store is in plain text, so a child process
can open the same store (see :mod:`harness`).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualaid.lifecycle.store import MemoryStore, Repository, SQLiteStore

BACKENDS = ["memory", "sqlite-memory", "sqlite-file", "sqlalchemy-sqlite", "sqlalchemy-postgresql"]
#: The backends two processes can share (files and servers).
SHARED_BACKENDS = ["sqlite-file", "sqlalchemy-sqlite", "sqlalchemy-postgresql"]

POSTGRES_ENV = "MUTUALAID_TEST_POSTGRES_URL"


def postgres_url() -> str:
    """The test server's URL; skips the test without one (fails it under CI)."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        message = f"{POSTGRES_ENV} is not set: no PostgreSQL server for the store tests"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(message + " (CI must run them: see .ci/run)", pytrace=False)
        pytest.skip(message)
    return url


@attrs.frozen
class StoreSpec:
    """Where a store is: ``backend`` (``sqlite`` or ``sqlalchemy``), ``target`` (a
    path or URL) and, on PostgreSQL, the ``schema`` it lives in."""

    backend: str
    target: str
    schema: str | None = None

    def open(self) -> Repository:
        if self.backend == "sqlite":
            return SQLiteStore(self.target, timeout=30)
        from mutualaid.lifecycle.store.sql import SQLAlchemyStore

        return SQLAlchemyStore(self.engine())

    def engine(self) -> Any:
        import sqlalchemy as sa

        args: dict[str, Any] = {}
        if self.schema is not None:
            args["connect_args"] = {"options": f"-c search_path={self.schema}"}
        if self.target.startswith("sqlite"):
            args["connect_args"] = {"check_same_thread": False, "timeout": 30}
        engine = sa.create_engine(self.target, **args)
        if engine.dialect.name == "sqlite":
            from mutualaid.lifecycle.store.sql import _prepare_sqlite

            _prepare_sqlite(engine)
        return engine

    def to_json(self) -> str:
        return json.dumps(attrs.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> StoreSpec:
        return cls(**json.loads(text))


def close(store: Any) -> None:
    closing = getattr(store, "close", None)
    if closing is not None:
        closing()
    engine = getattr(store, "engine", None)
    if engine is not None:
        engine.dispose()


@contextmanager
def spec_factory(backend: str, tmp_path: Path) -> Iterator[Callable[[], StoreSpec]]:
    """Make specs of new, empty stores of a shared backend; drop them afterwards."""
    counter = iter(range(1_000_000))
    schemas: list[str] = []
    if backend == "sqlalchemy-postgresql":
        url = postgres_url()

        def make() -> StoreSpec:
            import sqlalchemy as sa

            schema = f"t_{uuid.uuid4().hex[:12]}"
            engine = sa.create_engine(url)
            with engine.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            engine.dispose()
            schemas.append(schema)
            return StoreSpec("sqlalchemy", url, schema)

    elif backend == "sqlalchemy-sqlite":

        def make() -> StoreSpec:
            return StoreSpec("sqlalchemy", f"sqlite:///{tmp_path / f'sa-{next(counter)}.sqlite'}")

    elif backend == "sqlite-file":

        def make() -> StoreSpec:
            return StoreSpec("sqlite", str(tmp_path / f"store-{next(counter)}.sqlite"))

    else:
        raise ValueError(f"{backend} is not shared between processes")
    try:
        yield make
    finally:
        if schemas:
            import sqlalchemy as sa

            engine = sa.create_engine(postgres_url())
            with engine.begin() as conn:
                for schema in schemas:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()


@contextmanager
def store_factory(backend: str, tmp_path: Path) -> Iterator[Callable[[], Repository]]:
    """Make new, empty stores of one backend; close (and drop) them afterwards."""
    made: list[Any] = []
    if backend == "memory":
        yield MemoryStore
        return
    if backend == "sqlite-memory":

        def memory() -> Repository:
            store = SQLiteStore(":memory:")
            made.append(store)
            return store

        try:
            yield memory
        finally:
            for store in made:
                close(store)
        return
    with spec_factory(backend, tmp_path) as specs:

        def shared() -> Repository:
            store = specs().open()
            made.append(store)
            return store

        try:
            yield shared
        finally:
            for store in made:
                close(store)
