"""Data written before 0.2's renames still loads: a unit's ``registration_status`` key is its ``status``.

Issue 11 renamed ``Unit.registration_status`` to ``Unit.status``. Units stored
or exchanged before the rename (JSON files, SQLite and SQLAlchemy stores) hold
the old key; for one release it is read as the new one, and data is written
with the new key only.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from mutualaid.errors import ConversionError, SchemaValidationError
from mutualaid.lifecycle.store.sql import SQLAlchemyStore
from mutualaid.lifecycle.store.sqlite import SQLiteStore
from mutualaid.model import Contact, Unit, UnitCodeKind
from mutualaid.model.states import RegistrationStatus
from mutualaid.serialization import from_data, load_schema, to_data, validate

UNIT = Unit(
    "U1",
    "威海测试有限公司",
    UnitCodeKind.USCC,
    "91371000MA3C0000X1",
    region="weihai",
    handler=Contact("王五", mobile="13526589854"),
    status=RegistrationStatus.APPROVED,
)


def _old_format(unit: Unit) -> dict[str, object]:
    """The unit's data as 0.1 wrote it: ``registration_status`` where ``status`` is now."""
    data = to_data(unit)
    return {("registration_status" if k == "status" else k): v for k, v in data.items()}


def test_written_with_the_new_key_only() -> None:
    data = to_data(UNIT)
    assert data["status"] == "approved"
    assert "registration_status" not in data


def test_an_old_format_json_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(_old_format(UNIT), ensure_ascii=False), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    validate("unit", data)  # the shipped schema accepts the old key for one release
    assert from_data(Unit, data) == UNIT
    assert to_data(from_data(Unit, data)) == to_data(UNIT)


def test_both_keys_is_refused_by_the_converter_and_the_schema() -> None:
    both = {**to_data(UNIT), "registration_status": "approved"}
    with pytest.raises(
        ConversionError, match=r"give status only \(registration_status is its old name\)"
    ):
        from_data(Unit, both)
    with pytest.raises(
        SchemaValidationError, match=r"give status only \(registration_status is its old name\)"
    ):
        validate("unit", both)


def test_the_schema_marks_the_old_key_deprecated() -> None:
    props = load_schema("unit")["$defs"]["Unit"]["properties"]
    assert props["registration_status"]["deprecated"] is True
    assert props["registration_status"]["$ref"] == props["status"]["$ref"]
    assert "default" not in props["registration_status"]


def _rewrite_old_way(path: Path) -> None:
    """Put the unit's stored data back as 0.1 wrote it (the JSON in the entities table)."""
    db = sqlite3.connect(path)
    with db:
        (text,) = db.execute("SELECT data FROM entities WHERE kind = 'unit'").fetchone()
        old = {
            ("registration_status" if k == "status" else k): v for k, v in json.loads(text).items()
        }
        assert "registration_status" in old
        db.execute("UPDATE entities SET data = ? WHERE kind = 'unit'", (json.dumps(old),))
    db.close()


def test_a_unit_stored_the_old_way_in_a_sqlite_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "mutualaid.sqlite"
    with SQLiteStore(path) as store:
        store.save(UNIT)
    _rewrite_old_way(path)
    with SQLiteStore(path) as store:
        unit = store.get(Unit, "U1")
    assert unit == UNIT
    assert unit.status is RegistrationStatus.APPROVED


def test_a_unit_stored_the_old_way_in_a_sqlalchemy_store_loads(tmp_path: Path) -> None:
    path = tmp_path / "mutualaid.db"
    with SQLAlchemyStore(f"sqlite:///{path}") as store:
        store.save(UNIT)
    _rewrite_old_way(path)
    with SQLAlchemyStore(f"sqlite:///{path}") as store:
        assert store.get(Unit, "U1") == UNIT
