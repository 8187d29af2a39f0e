"""The personal-policy and double-cover queries answer from indexes (issue 12 item 9).

SQLite's query plans (EXPLAIN QUERY PLAN) of both queries, over a store with
policies of ten plans (analyzed), search indexes and never scan ``entities``
or ``entity_members`` whole. (PostgreSQL's planner picks sequential scans on
small tables whatever the indexes; the same indexes are declared there.)
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from mutualaid.lifecycle.store import SQLiteStore
from mutualaid.lifecycle.store.sqlite import _LISTING, _double_sql
from mutualaid.model import CoveragePeriod, Member, Policy, PolicyMember, PolicyStatus

IDS = ("11010519491231002X", "440304199003070018")


def plan_of(raw: sqlite3.Connection, sql: str, params: object) -> list[str]:
    return [row[-1] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]


def test_the_queries_read_indexes_not_whole_tables(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    people = [Member.from_resident_id(n, i) for n, i in zip(("张三", "李四"), IDS, strict=True)]
    with SQLiteStore(path) as store:
        store.save_many(
            Policy(
                f"P{n}",
                f"U{n}",
                f"A{n}",
                f"plan-{n % 10}-2026",
                CoveragePeriod.calendar_year(2026),
                (PolicyMember(people[n % 2]),),
                PolicyStatus.EFFECTIVE,
                date(2026, 1, 1),
            )
            for n in range(200)
        )
        found = store.double_covers("plan-0-2026", CoveragePeriod.calendar_year(2026))
        assert [d.member.name for d in found] == ["张三"]  # on P0, P10, P20...
    raw = sqlite3.connect(path)
    raw.execute("ANALYZE")
    plans = {
        "personal": plan_of(raw, _LISTING, (IDS[0],)),
        "double": plan_of(raw, _double_sql(1), {"c0": "plan-0-2026"}),
    }
    raw.close()
    for name, steps in plans.items():
        scans = [
            s for s in steps if s.startswith("SCAN") and ("entities" in s or "entity_members" in s)
        ]
        assert not [s for s in scans if "USING" not in s], (name, steps)
        assert any("INDEX" in s for s in steps), (name, steps)


def test_the_claim_pools_and_the_ledger_read_indexes(tmp_path: Path) -> None:
    """Issue 10: a work pool (claims by status) and a member's ledger search their indexes."""
    path = tmp_path / "c.sqlite"
    with SQLiteStore(path):
        pass
    raw = sqlite3.connect(path)
    raw.execute("ANALYZE")
    plans = {
        "pool": plan_of(
            raw,
            "SELECT key, data FROM entities WHERE kind = ? AND status IN (?, ?) ORDER BY seq",
            ("claim", "expense_entry", "closed"),
        ),
        "ledger": plan_of(
            raw,
            "SELECT data FROM ledger WHERE id_number = ? AND plan_family = ? ORDER BY seq",
            (IDS[0], "linyi-hosp"),
        ),
        "case": plan_of(raw, "SELECT MAX(revision) FROM ledger WHERE claim_id = ?", ("LP1",)),
    }
    raw.close()
    for name, steps in plans.items():
        assert any("INDEX" in s for s in steps), (name, steps)
        assert not [s for s in steps if s.startswith("SCAN") and "USING" not in s], (name, steps)
