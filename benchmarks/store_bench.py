"""Benchmark: saving and querying 100,000 policies of 10 members in the stores.

    python benchmarks/store_bench.py [--policies 100000] [--members 10] [--sample 2000]

Builds the policies in memory (1,000,000 members with valid resident ID
numbers, ten plans, 100 members planted on two policies of one plan), then
times, in this process:

* ``baseline``: turning every policy into its JSON text
  (``json.dumps(to_data(policy))``), the floor any store pays;
* ``SQLiteStore.save_many``: every policy in one transaction, to a new file;
* ``SQLiteStore.save`` one by one: ``--sample`` policies, one transaction
  each, extrapolated to all of them (the path that took 16 minutes);
* ``double_covers`` of one plan, and ``policies_covering`` for 100 members;
* the same bulk save and queries on ``SQLAlchemyStore`` over SQLite and, when
  ``MUTUALAID_TEST_POSTGRES_URL`` is set, over PostgreSQL.

Times are seconds; the ratio is to the baseline of the same run (machines
are noisy: compare ratios). It asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mutualaid.lifecycle.store import SQLiteStore
from mutualaid.model import CoveragePeriod, Member, Policy, PolicyMember, PolicyStatus
from mutualaid.serialization import to_data

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
YEAR = CoveragePeriod.calendar_year(2026)
PLANS = [f"BENCH-{i}-2026" for i in range(10)]


def resident_id(n: int) -> str:
    born = date(1960, 1, 1) + timedelta(days=n // 900)
    first = f"430902{born:%Y%m%d}{n % 900 + 100:03d}"
    total = sum(int(c) * w for c, w in zip(first, _WEIGHTS, strict=True))
    return first + _CHECK[total % 11]


def build(policies: int, members: int) -> list[Policy]:
    out = []
    for p in range(policies):
        people = [
            PolicyMember(Member.from_resident_id(f"成员{p}-{j}", resident_id(p * members + j)))
            for j in range(members)
        ]
        if p < 100:  # a member of policy p + 10 (same plan) also on policy p: covered twice
            twin = (p + 10) * members
            people[-1] = PolicyMember(Member.from_resident_id("重复", resident_id(twin)))
        out.append(
            Policy(
                f"P{p:07d}",
                f"U{p % 5000}",
                f"A{p}",
                PLANS[p % 10],
                YEAR,
                tuple(people),
                PolicyStatus.EFFECTIVE,
                date(2026, 1, 1),
            )
        )
    return out


def timed(label: str, run: Callable[[], Any], results: dict[str, float]) -> Any:
    start = time.perf_counter()
    value = run()
    results[label] = time.perf_counter() - start
    return value


def queries(store: Any, name: str, members: int, results: dict[str, float]) -> None:
    found = timed(f"{name} double_covers", lambda: store.double_covers(PLANS[0], YEAR), results)
    assert len(found) == 10, len(found)  # the twins planted on plan 0's policies
    ids = [resident_id(n * 997 * members) for n in range(100)]
    timed(
        f"{name} policies_covering x100",
        lambda: [store.policies_covering(i, date(2026, 6, 1)) for i in ids],
        results,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--policies", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    print(f"building {args.policies:,} policies of {args.members} members...", flush=True)
    policies = build(args.policies, args.members)
    results: dict[str, float] = {}
    timed("baseline (to JSON)", lambda: [json.dumps(to_data(p)) for p in policies], results)
    with tempfile.TemporaryDirectory() as tmp:
        with SQLiteStore(Path(tmp) / "bulk.sqlite") as store:
            timed("SQLiteStore.save_many", lambda: store.save_many(policies), results)
            queries(store, "SQLiteStore", args.members, results)
        with SQLiteStore(Path(tmp) / "one.sqlite") as store:
            sample = policies[: args.sample]
            timed(
                "SQLiteStore.save one by one (sample)",
                lambda: [store.save(p) for p in sample],
                results,
            )
            results["SQLiteStore.save one by one (extrapolated)"] = (
                results.pop("SQLiteStore.save one by one (sample)") * len(policies) / len(sample)
            )
        from mutualaid.lifecycle.store.sql import SQLAlchemyStore

        targets = [("SQLAlchemy/SQLite", f"sqlite:///{tmp}/sa.sqlite")]
        url = os.environ.get("MUTUALAID_TEST_POSTGRES_URL")
        if url:
            targets.append(("SQLAlchemy/PostgreSQL", url))
        for name, target in targets:
            with SQLAlchemyStore(target) as store:
                if name.endswith("PostgreSQL"):
                    import sqlalchemy as sa

                    with store.engine.begin() as conn:  # a clean slate in the test database
                        conn.execute(
                            sa.text(
                                "TRUNCATE entities, entity_members, audit, outbox, plans CASCADE"
                            )
                        )
                timed(f"{name} save_many", lambda store=store: store.save_many(policies), results)
                queries(store, name, args.members, results)
    base = results["baseline (to JSON)"]
    print(f"\n{args.policies:,} policies x {args.members} members")
    print(f"{'measurement':48} {'seconds':>9} {'ratio':>7}")
    for label, seconds in results.items():
        print(f"{label:48} {seconds:9.2f} {seconds / base:7.2f}")


if __name__ == "__main__":
    main()
