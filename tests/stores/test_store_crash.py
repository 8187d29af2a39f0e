"""Crash test: a child process writing transactions is SIGKILLed at random moments.

On the SQLite store, the SQLAlchemy store on SQLite and on PostgreSQL (see
backends.py). After every kill the store is reopened and checked
(workloads.check_consistent): no entity half-written, every application's
version is its audit trail's length and replay rebuilds it, each step's
notice is there exactly when its step is, and the outbox holds each event
exactly once. Bounded and seeded: ``MUTUALAID_CRASH_RUNS`` kills per store
(default 6), each after a random delay.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from stores.backends import SHARED_BACKENDS, close, spec_factory
from stores.harness import spawn
from stores.workloads import check_consistent

RUNS = int(os.environ.get("MUTUALAID_CRASH_RUNS", "6"))
APPS = ["A0", "A1", "A2"]


@pytest.mark.slow
@pytest.mark.parametrize("backend", SHARED_BACKENDS)
def test_a_writer_killed_at_random_leaves_every_entity_whole(backend: str, tmp_path: Path) -> None:
    rng = random.Random(20261202)
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        progressed = 0
        for run in range(RUNS):
            child = spawn(
                spec, "stores.workloads:steps", {"seed": run, "steps": 100_000, "apps": len(APPS)}
            )
            child.expect("ready", timeout=120)
            time.sleep(rng.uniform(0.05, 0.6))
            child.kill()
            store = spec.open()
            try:
                versions = check_consistent(store, APPS)
            finally:
                close(store)
            total = sum(versions.values())
            assert total >= progressed  # committed steps are never lost
            progressed = total
        assert progressed > 0, "the writer never committed a step: the test proved nothing"


def test_the_harness_runs_a_workload_to_its_end(tmp_path: Path) -> None:
    """The same workload, not killed: it finishes and the checks hold (the harness itself works)."""
    with spec_factory("sqlite-file", tmp_path) as specs:
        spec = specs()
        child = spawn(spec, "stores.workloads:steps", {"seed": 1, "steps": 20, "report": True})
        child.expect("ready", timeout=120)
        for n in range(20):
            child.expect(f"step {n}")
        child.expect("done")
        child.finish()
        store = spec.open()
        try:
            assert sum(check_consistent(store, APPS).values()) == 20
        finally:
            close(store)
