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
>>> from datetime import datetime
>>> from mutualaid.lifecycle.trail import AuditRecord
>>> step = AuditRecord("application", "A1", "u", datetime(2025, 3, 5), "save", "draft", "draft", version=1)
>>> store.update(attrs.evolve(app, remarks="二次提交", version=1), audit=[step]).version
1
>>> store.update(attrs.evolve(app, remarks="stale", version=1), audit=[step])
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

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from mutualaid.lifecycle.store._base import BaseStore
from mutualaid.lifecycle.store._codec import record_from_data
from mutualaid.lifecycle.store.outbox import OutboxEntry, event_from_data
from mutualaid.lifecycle.store.protocol import KINDS, EntityKind, kind_of, plan_codes
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Endorsement, Policy
from mutualaid.model.ledger import LedgerEntry
from mutualaid.serialization import from_data

__all__ = ["MemoryStore"]


def _drop_last(trail: list[Any]) -> None:
    trail.pop()


class MemoryStore(BaseStore):
    """A store that keeps everything in memory, for one process.

    Writes are serialized by a lock; reads see whole entities (they are
    immutable values), so the store may be shared between threads. A
    transaction keeps an undo log: an exception inside it puts back every
    entity, audit record and outbox entry as they were.
    """

    def __init__(self) -> None:
        super().__init__()
        self._entities: dict[str, dict[str, Any]] = {kind.name: {} for kind in KINDS}
        self._trails: dict[tuple[str, str], list[AuditRecord]] = {}
        # id -> (kind, subject_id, event data); acknowledged ids are removed.
        self._outbox_rows: dict[int, tuple[str, str, dict[str, Any]]] = {}
        self._next_id = 1
        self._ledger: list[LedgerEntry] = []
        self._undo: list[Callable[[], None]] = []
        self._marks: list[int] = []

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(found)}" for name, found in self._entities.items())
        return f"MemoryStore({counts})"

    def _begin(self, depth: int) -> None:
        self._marks.append(len(self._undo))

    def _commit(self, depth: int) -> None:
        self._marks.pop()
        if depth == 0:
            self._undo.clear()

    def _rollback(self, depth: int) -> None:
        mark = self._marks.pop()
        while len(self._undo) > mark:
            self._undo.pop()()

    def _enqueue(self, kind: str, key: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        for _, data in events:
            entry_id = self._next_id
            self._outbox_rows[entry_id] = (kind, key, data)
            self._next_id += 1
            self._undo.append(partial(self._unqueue, entry_id))

    def _unqueue(self, entry_id: int) -> None:
        del self._outbox_rows[entry_id]
        self._next_id = min(self._next_id, entry_id)

    def _pending(self, limit: int | None) -> tuple[OutboxEntry, ...]:
        ids = sorted(self._outbox_rows)[:limit]
        return tuple(
            OutboxEntry(i, kind, key, event_from_data(data))
            for i in ids
            for kind, key, data in (self._outbox_rows[i],)
        )

    def _acknowledge(self, ids: Sequence[int]) -> None:
        for entry_id in ids:
            row = self._outbox_rows.pop(entry_id, None)
            if row is not None:
                self._undo.append(partial(self._outbox_rows.__setitem__, entry_id, row))

    def _read(self, kind: EntityKind[Any], key: str) -> Any | None:
        with self._lock:  # not while another thread's transaction is open
            return self._entities[kind.name].get(key)

    def _version(self, kind: EntityKind[Any], key: str) -> int | None:
        found = self._read(kind, key)
        return None if found is None else int(found.version)

    def _write(self, kind: EntityKind[Any], key: str, entity: Any, *, new: bool) -> None:
        found = self._entities[kind.name]
        before = found.get(key)
        found[key] = entity
        if before is None:
            self._undo.append(partial(found.pop, key))
        else:
            self._undo.append(partial(found.__setitem__, key, before))

    def _select(
        self, kind: EntityKind[Any], fact: str | None, value: str | None
    ) -> tuple[Any, ...]:
        with self._lock:
            found = tuple(self._entities[kind.name].values())
        if fact is None:
            return found
        get = getattr(kind, fact)
        return tuple(e for e in found if get(e) == value)

    def _select_any(
        self, kind: EntityKind[Any], fact: str, values: Sequence[str]
    ) -> tuple[Any, ...]:
        with self._lock:
            found = tuple(self._entities[kind.name].values())
        get = getattr(kind, fact)
        wanted = set(values)
        return tuple(e for e in found if get(e) in wanted)

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

    def _ledger_revision(self, claim_id: str) -> int | None:
        found = [e.revision for e in self._ledger if e.claim_id == claim_id]
        return max(found) if found else None

    def _ledger_append(self, entries: Sequence[tuple[LedgerEntry, dict[str, Any]]]) -> None:
        for _, data in entries:
            # Keep what the SQL stores would read back, so every store behaves alike.
            self._ledger.append(from_data(LedgerEntry, data))
            self._undo.append(partial(_drop_last, self._ledger))

    def _ledger_select(
        self, id_number: str | None, plan_family: str | None, claim_id: str | None
    ) -> tuple[LedgerEntry, ...]:
        with self._lock:
            every = tuple(self._ledger)
        if claim_id is not None:
            return tuple(e for e in every if e.claim_id == claim_id)
        return tuple(
            e for e in every if e.id_number == id_number and plan_family in (None, e.plan_family)
        )

    def _last_version(self, kind: str, subject_id: str) -> int | None:
        trail = self._trails.get((kind, subject_id))
        return trail[-1].version if trail else None

    def _append(self, records: Sequence[tuple[AuditRecord, dict[str, Any]]]) -> None:
        for record, data in records:
            # Keep what the SQLite store would read back, so both stores behave alike.
            trail = self._trails.setdefault((record.kind, record.subject_id), [])
            trail.append(record_from_data(data))
            self._undo.append(partial(_drop_last, trail))

    def _trail(self, kind: str, subject_id: str) -> tuple[AuditRecord, ...]:
        with self._lock:
            return tuple(self._trails.get((kind, subject_id), ()))
