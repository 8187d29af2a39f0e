"""The in-memory store: a :class:`~mutualaid.lifecycle.store.protocol.Repository` in dicts.

For tests, notebooks and hosts that keep their own database elsewhere. It
keeps the entities themselves (they are frozen values) and passes audit
records through the same encoding as the SQLite store, so a record that one
store refuses the other refuses too.

>>> from datetime import date
>>> from mutualaid.model import Application, Policy, CoveragePeriod, Member, PolicyMember, PolicyStatus
>>> store = MemoryStore()
>>> app = store.save(Application("A1", "U1", "weihai"))
>>> store.get(Application, "A1").version
0
>>> import attrs
>>> store.update(attrs.evolve(app, remarks="二次提交", version=1)).version
1
>>> store.update(attrs.evolve(app, remarks="stale", version=1))
Traceback (most recent call last):
...
mutualaid.errors.ConcurrentModification: application 'A1' is at version 1 in the store, expected 0 (Read the entity again and retry the action.)
>>> store.get(Application, "A2")
Traceback (most recent call last):
...
mutualaid.errors.NotFound: no application 'A2' in the store (Check the id, or save the application first.)

The personal policy query finds a member's cover across units:

>>> m = Member.from_resident_id("张三", "11010519491231002X")
>>> for n, unit in (("P1", "U1"), ("P2", "U2")):
...     _ = store.save(Policy(n, unit, "A1", "weihai-medical-2025", CoveragePeriod.calendar_year(2025),
...                           (PolicyMember(m),), PolicyStatus.EFFECTIVE))
>>> [p.number for p in store.policies_covering("11010519491231002x", date(2025, 6, 1))]
['P1', 'P2']
>>> [str(d) for d in store.double_covers("weihai-medical-2025", CoveragePeriod.calendar_year(2025))]
['张三 110105********002X: P1, P2']

Layer 4.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from mutualaid.lifecycle.store._base import BaseStore
from mutualaid.lifecycle.store._codec import record_from_data
from mutualaid.lifecycle.store.protocol import KINDS, EntityKind, kind_of, plan_codes
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Endorsement, Policy

__all__ = ["MemoryStore"]


class MemoryStore(BaseStore):
    """A store that keeps everything in memory, for one process.

    Writes are serialized by a lock; reads see whole entities (they are
    immutable values), so the store may be shared between threads.
    """

    def __init__(self) -> None:
        self._entities: dict[str, dict[str, Any]] = {kind.name: {} for kind in KINDS}
        self._trails: dict[tuple[str, str], list[AuditRecord]] = {}
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(found)}" for name, found in self._entities.items())
        return f"MemoryStore({counts})"

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            yield

    def _read(self, kind: EntityKind[Any], key: str) -> Any | None:
        return self._entities[kind.name].get(key)

    def _version(self, kind: EntityKind[Any], key: str) -> int | None:
        found = self._read(kind, key)
        return None if found is None else int(found.version)

    def _write(self, kind: EntityKind[Any], key: str, entity: Any, *, new: bool) -> None:
        self._entities[kind.name][key] = entity

    def _select(
        self, kind: EntityKind[Any], fact: str | None, value: str | None
    ) -> tuple[Any, ...]:
        found = tuple(self._entities[kind.name].values())
        if fact is None:
            return found
        get = getattr(kind, fact)
        return tuple(e for e in found if get(e) == value)

    def _policies_listing(self, id_number: str) -> tuple[str, ...]:
        listed: set[str] = set()
        for kind in (kind_of(Policy), kind_of(Endorsement)):
            for entity in self._entities[kind.name].values():
                if any(m.id_number == id_number for m in kind.members(entity)):
                    listed.add(kind.policy_number(entity) or "")
        return tuple(n for n in self._entities["policy"] if n in listed)

    def _double_candidates(self, plan_code: str) -> tuple[tuple[str, ...], frozenset[str]]:
        every = tuple(self._entities["policy"].values())
        codes = plan_codes({(p.plan_code, p.plan_family) for p in every}, plan_code)
        return tuple(p.number for p in every if p.plan_code in codes), codes

    def _last_version(self, kind: str, subject_id: str) -> int | None:
        trail = self._trails.get((kind, subject_id))
        return trail[-1].version if trail else None

    def _append(self, records: Sequence[tuple[AuditRecord, dict[str, Any]]]) -> None:
        for record, data in records:
            # Keep what the SQLite store would read back, so both stores behave alike.
            self._trails.setdefault((record.kind, record.subject_id), []).append(
                record_from_data(data)
            )

    def _trail(self, kind: str, subject_id: str) -> tuple[AuditRecord, ...]:
        return tuple(self._trails.get((kind, subject_id), ()))
