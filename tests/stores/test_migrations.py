"""The SQLAlchemy store's migrations build exactly the tables the code declares, go down
and up again, and a database at a revision the library does not know is refused."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mutualaid.errors import StoreError
from mutualaid.lifecycle.store._tables import METADATA
from mutualaid.lifecycle.store.sql import SQLAlchemyStore, migration_config, newest_revision
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Application, UnitLink
from mutualaid.model.states import LinkStatus
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


def link_trail() -> list[AuditRecord]:
    """What main's service appended for a link the store did not keep: asked, then confirmed."""
    at = datetime(2026, 3, 2, 9)
    return [
        AuditRecord("unit_link", "S1", "S1", at, "create", "", "requested",
                    params={"parent_id": "HQ", "requested_by": "S1"}, version=0),
        AuditRecord("unit_link", "S1", "HQ", at, "confirm", "requested", "confirmed",
                    params={"unit_id": "HQ"}, version=1),
    ]  # fmt: skip


@pytest.mark.parametrize("backend", ["sqlalchemy-sqlite", "sqlalchemy-postgresql"])
def test_revision_0002_rebuilds_the_links_kept_only_by_their_trails(
    backend: str, tmp_path: Path
) -> None:
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        store = spec.open()
        store.append_audit(*link_trail())
        close(store)
        engine = spec.engine()
        with engine.begin() as conn:
            command.downgrade(migration_config(conn), "0001")
        engine.dispose()
        again = spec.open()  # migrates to the newest revision
        assert again.get(UnitLink, "S1") == UnitLink(
            "HQ", "S1", "S1", LinkStatus.CONFIRMED, version=1
        )
        assert [k.subsidiary_id for k in again.links_of_unit("HQ")] == ["S1"]
        close(again)
