"""The SQLAlchemy store's migrations build exactly the tables the code declares, go down
and up again, and a database at a revision the library does not know is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mutualaid.errors import StoreError
from mutualaid.lifecycle.store._tables import METADATA
from mutualaid.lifecycle.store.sql import SQLAlchemyStore, migration_config, newest_revision
from mutualaid.model import Application
from stores.backends import close, spec_factory


@pytest.mark.parametrize("backend", ["sqlalchemy-sqlite", "sqlalchemy-postgresql"])
def test_the_migrations_build_the_declared_tables(backend: str, tmp_path: Path) -> None:
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        close(spec.open())  # migrates to the newest revision
        engine = spec.engine()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn)
            assert context.get_current_revision() == newest_revision()
            assert compare_metadata(context, METADATA) == []
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlalchemy-sqlite", "sqlalchemy-postgresql"])
def test_down_and_up_again_and_data_survives_an_open(backend: str, tmp_path: Path) -> None:
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        engine = spec.engine()
        with engine.begin() as conn:
            command.upgrade(migration_config(conn), "head")
            command.downgrade(migration_config(conn), "base")
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        store = SQLAlchemyStore(engine)  # migrates again
        store.save(Application("A1", "U1", "weihai"))
        close(store)
        again = SQLAlchemyStore(spec.engine(), migrate=False)
        assert again.get(Application, "A1").pack == "weihai"
        close(again)


def test_an_unknown_revision_or_an_unmigrated_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with pytest.raises(StoreError, match="migrate=True"):
        SQLAlchemyStore(url, migrate=False)
    close(SQLAlchemyStore(url))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"'9999'.*Upgrade mutualaid"):
        SQLAlchemyStore(url)
