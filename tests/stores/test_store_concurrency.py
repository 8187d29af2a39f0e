"""Concurrency test: two processes update one application at once, round after round.

Both read the same version, then both are told ``go`` together: exactly one
wins, the other gets ConcurrentModification, and no update is lost (the final
version, the trail and the outbox count the winners). On the SQLite store,
the SQLAlchemy store on SQLite and on PostgreSQL. Bounded:
``MUTUALAID_RACE_ROUNDS`` rounds (default 10).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stores.backends import SHARED_BACKENDS, close, spec_factory
from stores.harness import spawn
from stores.workloads import MACHINE, check_consistent_race, initial

ROUNDS = int(os.environ.get("MUTUALAID_RACE_ROUNDS", "10"))


@pytest.mark.slow
@pytest.mark.parametrize("backend", SHARED_BACKENDS)
def test_two_processes_writing_one_version_exactly_one_wins(backend: str, tmp_path: Path) -> None:
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        store = spec.open()
        store.save(initial("A1"))
        close(store)
        children = [
            spawn(spec, "stores.workloads:race", {"app": "A1", "rounds": ROUNDS, "who": who})
            for who in ("left", "right")
        ]
        for child in children:
            child.expect("ready", timeout=120)
        winners: list[str] = []
        for n in range(ROUNDS):
            read = [child.expect("read") for child in children]
            assert read[0] == read[1] == f"read {n}"  # both read the same version
            for child in children:
                child.send("go")
            said = [child.read() for child in children]
            assert sorted(s.split()[0] for s in said) == ["lost", "won"], said
            winners.append("left" if said[0].startswith("won") else "right")
            assert f"won {n + 1}" in said
            for child in children:
                child.send("next")
        for child in children:
            child.expect("done")
            child.finish()
        store = spec.open()
        try:
            check_consistent_race(store, "A1", winners)
            assert MACHINE.replay(initial("A1"), store.audit_trail("application", "A1")) == (
                store.get(type(initial("A1")), "A1")
            )
        finally:
            close(store)


@pytest.mark.slow
@pytest.mark.parametrize("backend", SHARED_BACKENDS)
def test_two_processes_appending_one_ledger_revision_exactly_one_wins(
    backend: str, tmp_path: Path
) -> None:
    """Issue 10: a case's ledger revision is written once, whole (append only, no lost or
    doubled revision), however two clerks race to recalculate it."""
    with spec_factory(backend, tmp_path) as specs:
        spec = specs()
        close(spec.open())
        children = [
            spawn(spec, "stores.workloads:ledger_race", {"rounds": ROUNDS}) for _ in range(2)
        ]
        for child in children:
            child.expect("ready", timeout=120)
        for n in range(ROUNDS):
            read = [child.expect("read", timeout=120) for child in children]
            assert read[0] == read[1] == f"read {n + 1}"
            for child in children:
                child.send("go")
            said = sorted(child.read().split()[0] for child in children)
            assert said == ["lost", "won"], said
            for child in children:
                child.send("next")
        for child in children:
            child.expect("done")
            child.finish()
        store = spec.open()
        try:
            entries = store.ledger_of_claim("LP1")
            assert [e.revision for e in entries] == [
                r for r in range(1, ROUNDS + 1) for _ in (0, 1)
            ]
        finally:
            close(store)
