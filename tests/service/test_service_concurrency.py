"""Concurrency through the service: two processes save one application at the same version.

Each round both read the version, both are told ``go``: exactly one save wins,
the other gets ConcurrentModification, and no update is lost (the version,
the trail and the remarks follow the winners). On the SQLite store, the
SQLAlchemy store on SQLite and on PostgreSQL (when a server is given).
Bounded: ``MUTUALAID_RACE_ROUNDS`` rounds (default 6).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from service_workloads import prepare_race

from mutualaid.model import Application
from stores.backends import SHARED_BACKENDS, close, spec_factory
from stores.harness import spawn

ROUNDS = int(os.environ.get("MUTUALAID_RACE_ROUNDS", "6"))


@pytest.mark.slow
@pytest.mark.parametrize("backend", SHARED_BACKENDS)
def test_two_hosts_saving_one_version_exactly_one_wins(backend: str, tmp_path: Path) -> None:
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        store = spec.open()
        try:
            prepare_race(store)
            start = store.get(Application, "WH-RACE").version
        finally:
            close(store)
        children = [
            spawn(spec, "service.service_workloads:race", {"rounds": ROUNDS, "who": who})
            for who in ("left", "right")
        ]
        for child in children:
            child.expect("ready", timeout=120)
        winners: list[str] = []
        for n in range(ROUNDS):
            read = [child.expect("read", timeout=120) for child in children]
            assert read[0] == read[1] == f"read {start + n}"
            for child in children:
                child.send("go")
            said = [child.read(timeout=120) for child in children]
            assert sorted(s.split()[0] for s in said) == ["lost", "won"], said
            winners.append("left" if said[0].startswith("won") else "right")
            for child in children:
                child.send("next")
        for child in children:
            child.expect("done")
            child.finish()
        store = spec.open()
        try:
            app = store.get(Application, "WH-RACE")
            trail = store.audit_trail(Application, "WH-RACE")
            assert app.version == len(trail) == start + ROUNDS
            assert [r.actor for r in trail[start:]] == winners
            assert app.remarks == f"{winners[-1]} {ROUNDS - 1}"
        finally:
            close(store)
