"""Crash test through the service: a child walking applications with service calls is SIGKILLed.

The child (tests/stores/harness.py) runs :func:`service_workloads.walk`: a
Weihai unit's applications from draft to effective, one service call per
transaction. It is killed at random moments; after each kill the store is
reopened and :func:`service_workloads.check_whole` holds: no entity
half-written, every version its trail's length, the applications replay, a
policy exactly when its confirmation committed, each committed step's events
in the outbox once. On the SQLite store, the SQLAlchemy store on SQLite and on
PostgreSQL (when a server is given, see tests/stores/backends.py). Bounded and
seeded: ``MUTUALAID_CRASH_RUNS`` kills per store (default 4).
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from service_workloads import check_whole

from stores.backends import SHARED_BACKENDS, close, spec_factory
from stores.harness import spawn

RUNS = int(os.environ.get("MUTUALAID_CRASH_RUNS", "4"))
WORKLOAD = "service.service_workloads:walk"


@pytest.mark.slow
@pytest.mark.parametrize("backend", SHARED_BACKENDS)
def test_a_service_killed_at_random_leaves_every_entity_whole(backend: str, tmp_path: Path) -> None:
    rng = random.Random(20261202)
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        progressed = 0
        for _run in range(RUNS):
            child = spawn(spec, WORKLOAD, {"applications": 100_000})
            child.expect("ready", timeout=120)
            time.sleep(rng.uniform(0.5, 2.5))
            child.kill()
            store = spec.open()
            try:
                effective = check_whole(store)
            finally:
                close(store)
            assert effective >= progressed  # committed steps are never lost
            progressed = effective
        assert progressed > 0, "no application reached effect: the test proved nothing"


def test_the_service_workload_runs_to_its_end(tmp_path: Path) -> None:
    """Not killed: two applications become effective and the checks hold (the workload works)."""
    with spec_factory("sqlite-file", tmp_path) as specs:
        spec = specs()
        child = spawn(spec, WORKLOAD, {"applications": 2, "report": True})
        child.expect("ready", timeout=120)
        child.expect("effective WH-00000", timeout=120)
        child.expect("effective WH-00001", timeout=120)
        child.expect("done", timeout=120)
        child.finish()
        store = spec.open()
        try:
            assert check_whole(store) == 2
        finally:
            close(store)
