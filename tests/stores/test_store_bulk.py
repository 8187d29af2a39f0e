"""The SQLite bulk path (issue 12 item 9): what makes it fast changes nothing stored.

* entity data is written by orjson: the very text ``json.dumps`` writes
  (compact, non-ASCII kept), over every model class and any JSON value;
* a bulk load that at least doubles ``entity_members`` builds its indexes
  after the rows: the same indexes afterwards, the queries still read them,
  and a load that fails leaves the indexes (and no rows) behind;
* the page cache is back to the store's own after the load, and the
  foreign-key checks (off while it runs) are on again.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_store_indexes import IDS, plan_of

from mutualaid.errors import ConcurrentModification
from mutualaid.lifecycle.store import SQLiteStore
from mutualaid.lifecycle.store import sqlite as sqlite_store
from mutualaid.lifecycle.store._rows import dumps, entity_data, entity_json, member_rows
from mutualaid.model import CoveragePeriod, Member, Policy, PolicyMember, PolicyStatus
from mutualaid.testing.members import member
from strategies.model import MODEL_STRATEGIES

YEAR = CoveragePeriod.calendar_year(2026)
ON = date(2026, 1, 1)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # past 64 bits too: dumps writes those
    | st.text(),  # any code point, lone surrogates included
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_entity_json_writes_what_dumps_writes(value: Any) -> None:
    assert entity_json(value) == dumps(value)


@pytest.mark.parametrize("cls", sorted(MODEL_STRATEGIES, key=lambda c: c.__name__))
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_entity_json_of_every_model_class(cls: type, data: st.DataObject) -> None:
    found = entity_data(data.draw(MODEL_STRATEGIES[cls]))
    assert entity_json(found) == dumps(found)


def _policies(count: int, start: int = 0) -> list[Policy]:
    people = [Member.from_resident_id(n, i) for n, i in zip(("张三", "李四"), IDS, strict=True)]
    return [
        Policy(
            f"P{n}",
            f"U{n}",
            f"A{n}",
            f"plan-{n % 10}-2026",
            YEAR,
            (
                PolicyMember(people[n % 2]),
                PolicyMember(member(f"职工{n}", age=30 + n // 100, on=ON, serial=n % 100)),
            ),
            PolicyStatus.EFFECTIVE,
            date(2026, 1, 1),
        )
        for n in range(start, start + count)
    ]


def _indexes(raw: sqlite3.Connection) -> list[tuple[str, str]]:
    return raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    ).fetchall()


def _plans(path: Path) -> list[list[str]]:
    raw = sqlite3.connect(path)
    raw.execute("ANALYZE")
    found = [
        plan_of(raw, sqlite_store._LISTING, (IDS[0],)),
        plan_of(raw, sqlite_store._double_sql(1), {"c0": "plan-0-2026"}),
    ]
    raw.close()
    return found


def test_a_bulk_load_builds_the_member_indexes_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SQLiteStore(tmp_path / "rows.sqlite") as store:  # indexes kept: 400 rows < 10,000
        store.save_many(_policies(200))
        usual = _indexes(store._db)
    monkeypatch.setattr(sqlite_store, "_DEFER_INDEXES_FROM", 1)
    path = tmp_path / "bulk.sqlite"
    with SQLiteStore(path) as store:
        store.save_many(_policies(200))
        assert _indexes(store._db) == usual
        assert store._db.execute("PRAGMA cache_size").fetchone()[0] == -sqlite_store._CACHE_KIB
        # the foreign-key checks, off during the load, are on again and find nothing
        assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store._db.execute("PRAGMA foreign_key_check").fetchall() == []
        found = store.double_covers("plan-0-2026", YEAR)
        assert [d.member.name for d in found] == ["张三"]
        covering = store.policies_covering(IDS[1], date(2026, 6, 1))
        assert [p.number for p in covering][:2] == ["P1", "P3"]
        # a load refused (a key taken): nothing of it stays
        with pytest.raises(ConcurrentModification):
            store.save_many([*_policies(300, start=200), *_policies(1, start=0)])
        assert _indexes(store._db) == usual
        assert len(store.all(Policy)) == 200
    # the queries read the same indexes as in a store whose indexes took every row
    assert _plans(path) == _plans(tmp_path / "rows.sqlite")
    for steps in _plans(path):
        assert any("INDEX" in s for s in steps), steps


def test_a_failure_inside_the_load_rolls_the_dropped_indexes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_store, "_DEFER_INDEXES_FROM", 1)
    calls: list[Any] = []
    during: list[tuple[str, str]] = []

    def failing(kind: Any, entity: Any) -> Any:  # the members of the 31st policy cannot be read
        calls.append(entity)
        if len(calls) == 31:
            during.extend(_indexes(store._db))
            raise RuntimeError("disk gone")
        return member_rows(kind, entity)

    with SQLiteStore(tmp_path / "s.sqlite") as store:
        before = _indexes(store._db)
        monkeypatch.setattr(sqlite_store, "member_rows", failing)
        with pytest.raises(RuntimeError, match="disk gone"):
            store.save_many(_policies(50))
        dropped = {name for name, _ in before} - {name for name, _ in during}
        assert dropped == {"entity_members_entity", "entity_members_id", "entity_members_plan"}
        assert _indexes(store._db) == before
        assert store.all(Policy) == ()
        assert store._db.execute("PRAGMA cache_size").fetchone()[0] == -sqlite_store._CACHE_KIB
        assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
