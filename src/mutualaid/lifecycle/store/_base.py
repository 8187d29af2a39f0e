"""Private: the part of a store that does not depend on where it keeps things.

:class:`BaseStore` implements :class:`~mutualaid.lifecycle.store.protocol.Repository`
over a few primitives a concrete store provides (read one, read by an indexed
fact, write, append audit data) and a transaction. The version checks, the
audit checks and the queries' decisions live here once, so the memory store
and the SQLite store cannot drift apart.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import attrs

from mutualaid.errors import AuditMissing, StoreError
from mutualaid.lifecycle.events import Event
from mutualaid.lifecycle.registration import UnitChange
from mutualaid.lifecycle.store._codec import record_to_data
from mutualaid.lifecycle.store.outbox import OutboxEntry, event_to_data
from mutualaid.lifecycle.store.protocol import (
    DoubleCover,
    Entity,
    EntityKind,
    EntityT,
    already_stored,
    check_audit,
    check_ledger,
    covering_policies,
    double_covers,
    kind_of,
    normalize_id_number,
    not_found,
    version_conflict,
)
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import (
    Application,
    Claim,
    ClaimStatus,
    CoveragePeriod,
    Endorsement,
    InvoiceRequest,
    PaymentNotice,
    Policy,
    UnitLink,
)
from mutualaid.model.ledger import LedgerEntry
from mutualaid.serialization import to_data

__all__ = ["BaseStore"]


def _audit_missing(kind: EntityKind[Any], key: str, version: int) -> AuditMissing:
    return AuditMissing(
        f"{kind.name} {key!r} would be stored at version {version} "
        f"without the audit record of version {version}",
        kind=kind.name,
        key=key,
        version=version,
    )


class BaseStore(ABC):
    """A repository over primitives; subclasses keep the data.

    Subclasses call ``super().__init__()`` (it makes the lock that serializes
    the threads sharing the store) and provide the primitives below.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0  # transactions open, guarded by the lock

    # --- primitives ----------------------------------------------------------------

    @abstractmethod
    def _begin(self, depth: int) -> None:
        """Open a transaction (``depth`` 0) or a savepoint within one (``depth`` > 0)."""

    @abstractmethod
    def _commit(self, depth: int) -> None:
        """Commit the transaction (``depth`` 0), or release the savepoint of ``depth``."""

    @abstractmethod
    def _rollback(self, depth: int) -> None:
        """Undo everything since :meth:`_begin` of ``depth``."""

    @abstractmethod
    def _enqueue(self, kind: str, key: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Add events (class name, data) to the outbox, in order."""

    @abstractmethod
    def _pending(self, limit: int | None) -> tuple[OutboxEntry, ...]:
        """The unacknowledged outbox entries, oldest first."""

    @abstractmethod
    def _acknowledge(self, ids: Sequence[int]) -> None:
        """Mark outbox entries acknowledged (unknown or acknowledged ids: nothing)."""

    @abstractmethod
    def _read(self, kind: EntityKind[Any], key: str) -> Any | None:
        """The stored entity, or None."""

    @abstractmethod
    def _version(self, kind: EntityKind[Any], key: str) -> int | None:
        """The stored entity's version, or None."""

    @abstractmethod
    def _write(self, kind: EntityKind[Any], key: str, entity: Any, *, new: bool) -> None:
        """Insert (``new``) or replace the entity."""

    def _existing(self, kind: EntityKind[Any], keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` are stored (a store may answer in bulk)."""
        return {key for key in keys if self._version(kind, key) is not None}

    def _write_many(self, kind: EntityKind[Any], items: Sequence[tuple[str, Any]]) -> None:
        """Insert new entities of one kind, in order (a store may write in bulk)."""
        for key, entity in items:
            self._write(kind, key, entity, new=True)

    @abstractmethod
    def _select(
        self, kind: EntityKind[Any], fact: str | None, value: str | None
    ) -> tuple[Any, ...]:
        """The entities of ``kind`` whose indexed ``fact`` is ``value`` (all when ``fact`` is None)."""

    @abstractmethod
    def _select_any(
        self, kind: EntityKind[Any], fact: str, values: Sequence[str]
    ) -> tuple[Any, ...]:
        """The entities of ``kind`` whose ``fact`` (an indexed fact or ``status``) is one of
        ``values``, in the order they were first saved."""

    @abstractmethod
    def _policies_listing(self, id_number: str) -> tuple[str, ...]:
        """Numbers of the policies a member is on, directly or by an endorsement, in save order."""

    @abstractmethod
    def _double_candidates(self, plan_code: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """The plan's codes over every stored policy (:func:`plan_codes`), and the numbers
        of the plan's policies sharing a member with another, in save order (a superset is fine)."""

    @abstractmethod
    def _ledger_revision(self, claim_id: str) -> int | None:
        """The highest revision of the case's ledger entries, or None."""

    @abstractmethod
    def _ledger_append(self, entries: Sequence[tuple[LedgerEntry, dict[str, Any]]]) -> None:
        """Append ledger entries with their data, in order."""

    @abstractmethod
    def _ledger_select(
        self, id_number: str | None, plan_family: str | None, claim_id: str | None
    ) -> tuple[LedgerEntry, ...]:
        """The entries of a member (and plan family), or of a case, in the order appended."""

    @abstractmethod
    def _last_version(self, kind: str, subject_id: str) -> int | None:
        """The version of the last audit record of that trail, or None."""

    @abstractmethod
    def _append(self, records: Sequence[tuple[AuditRecord, dict[str, Any]]]) -> None:
        """Append audit records with their data."""

    @abstractmethod
    def _trail(self, kind: str, subject_id: str) -> tuple[AuditRecord, ...]:
        """The trail, in order."""

    # --- transactions and the outbox -------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic step: everything written inside commits together or not at all.

        An exception inside undoes every write made inside and propagates. A
        transaction opened inside another joins it: its writes commit with the
        outer one; an exception that leaves the inner block undoes the inner
        block's writes only (a savepoint), and the outer one goes on if the
        caller catches it.
        """
        with self._lock:
            depth = self._depth
            self._begin(depth)
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                self._rollback(depth)
                raise
            self._depth -= 1
            try:
                self._commit(depth)
            except BaseException:
                self._rollback(depth)
                raise

    def pending_events(self, limit: int | None = None) -> tuple[OutboxEntry, ...]:
        """The outbox entries not acknowledged yet, oldest first (at most ``limit``)."""
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 0
        ):
            raise StoreError(
                f"limit must be a whole number of 0 or more, got {limit!r}",
                hint="Pass limit=None for every pending event.",
            )
        with self._lock:
            return self._pending(limit)

    def acknowledge(self, *entry_ids: int) -> None:
        """Mark outbox entries done; acknowledging one twice (or an unknown id) does nothing."""
        for entry_id in entry_ids:
            if isinstance(entry_id, bool) or not isinstance(entry_id, int):
                raise StoreError(
                    f"an outbox entry id is a whole number, got {type(entry_id).__name__}",
                    hint="Acknowledge entry.id of the entries pending_events() gave.",
                )
        if entry_ids:
            with self.transaction():
                self._acknowledge(sorted(set(entry_ids)))

    def _outbox(self, kind: EntityKind[Any], key: str, events: Iterable[Event]) -> None:
        rows = []
        for event in events:
            if not isinstance(event, Event):
                raise StoreError(
                    f"events are mutualaid.lifecycle.events values, got {type(event).__name__}",
                    hint="Pass a machine Outcome's events.",
                )
            rows.append((type(event).__name__, event_to_data(event)))
        if rows:
            self._enqueue(kind.name, key, rows)

    # --- the repository ----------------------------------------------------------

    def _audit(
        self, kind: EntityKind[Any] | None, key: str | None, records: Iterable[AuditRecord]
    ) -> tuple[AuditRecord, ...]:
        checked = check_audit(kind, key, records, self._last_version)
        if checked:
            self._append([(r, record_to_data(r)) for r in checked])
        return checked

    def save(
        self,
        entity: EntityT,
        *,
        audit: Iterable[AuditRecord] = (),
        events: Iterable[Event] = (),
    ) -> EntityT:
        """Add an entity that is not stored yet, with its audit records and events (see the protocol)."""
        kind = kind_of(entity)
        key = kind.key(entity)
        with self.transaction():
            if self._version(kind, key) is not None:
                raise already_stored(kind, key)
            self._audit(kind, key, audit)
            self._write(kind, key, entity, new=True)
            self._outbox(kind, key, events)
        return entity

    def save_many(self, entities: Iterable[Entity]) -> int:
        """Add many entities whose keys are free, in one transaction; return how many.

        The bulk path for imports (a year's policies): no audit records or
        events, as :meth:`save` without them; all or nothing.

        :raises ConcurrentModification: a key is taken, or given twice.
        """
        groups: dict[str, tuple[EntityKind[Any], dict[str, Any]]] = {}
        count = 0
        for entity in entities:
            kind = kind_of(entity)
            key = kind.key(entity)
            _, items = groups.setdefault(kind.name, (kind, {}))
            if key in items:
                raise already_stored(kind, key)
            items[key] = entity
            count += 1
        with self.transaction():
            for kind, items in groups.values():
                taken = self._existing(kind, list(items))
                if taken:
                    raise already_stored(kind, min(taken))
                self._write_many(kind, list(items.items()))
        return count

    def get(self, kind: type[EntityT], key: str) -> EntityT:
        """The stored entity; :class:`~mutualaid.errors.NotFound` otherwise."""
        found = self.find(kind, key)
        if found is None:
            raise not_found(kind_of(kind), key)
        return found

    def find(self, kind: type[EntityT], key: str) -> EntityT | None:
        """The stored entity, or None."""
        found: EntityT | None = self._read(kind_of(kind), key)
        return found

    def update(
        self,
        entity: EntityT,
        *,
        expected_version: int | None = None,
        audit: Iterable[AuditRecord] = (),
        events: Iterable[Event] = (),
    ) -> EntityT:
        """Replace a stored entity if its version is the expected one (see the protocol)."""
        kind = kind_of(entity)
        key = kind.key(entity)
        expected = entity.version - 1 if expected_version is None else expected_version
        stored: EntityT = attrs.evolve(entity, version=expected + 1)
        records = tuple(audit)
        if not any(r.version == expected + 1 for r in records):
            raise _audit_missing(kind, key, expected + 1)
        with self.transaction():
            current = self._version(kind, key)
            if current is None:
                raise not_found(kind, key)
            if current != expected:
                raise version_conflict(kind, key, current, expected)
            self._audit(kind, key, records)
            self._write(kind, key, stored, new=False)
            self._outbox(kind, key, events)
        return stored

    def all(self, kind: type[EntityT]) -> tuple[EntityT, ...]:
        """Every stored entity of ``kind``, in the order they were first saved."""
        return self._select(kind_of(kind), None, None)

    def append_audit(self, *records: AuditRecord) -> None:
        """Append audit records; each trail's versions must follow on."""
        with self.transaction():
            self._audit(None, None, records)

    def audit_trail(self, kind: str | type[Entity], subject_id: str) -> tuple[AuditRecord, ...]:
        """One entity's audit records, in the order they were appended.

        ``kind`` is a machine's kind name or an entity class; trails of other
        kinds (a machine the store does not know) are kept under their name.
        """
        name = kind if isinstance(kind, str) else kind_of(kind).name
        return self._trail(name, subject_id)

    def applications_of_unit(self, unit_id: str) -> tuple[Application, ...]:
        """The unit's applications."""
        return self._select(kind_of(Application), "unit_id", unit_id)

    def policies_of_unit(self, unit_id: str) -> tuple[Policy, ...]:
        """The unit's policies."""
        return self._select(kind_of(Policy), "unit_id", unit_id)

    def payment_notices_for(self, subject_id: str) -> tuple[PaymentNotice, ...]:
        """The payment notices of one application or endorsement."""
        return self._select(kind_of(PaymentNotice), "subject_id", subject_id)

    def invoice_requests_of_unit(self, unit_id: str) -> tuple[InvoiceRequest, ...]:
        """The unit's invoice requests."""
        return self._select(kind_of(InvoiceRequest), "unit_id", unit_id)

    def endorsements_of_policy(self, policy_number: str) -> tuple[Endorsement, ...]:
        """The endorsements of one policy."""
        return self._select(kind_of(Endorsement), "policy_number", policy_number)

    def links_of_unit(self, unit_id: str) -> tuple[UnitLink, ...]:
        """The unit's links: as the subsidiary (one at most), then as the parent."""
        kind = kind_of(UnitLink)
        own: UnitLink | None = self._read(kind, unit_id)
        below: tuple[UnitLink, ...] = self._select(kind, "subject_id", unit_id)
        return (*(() if own is None else (own,)), *below)

    def changes_of_unit(self, unit_id: str) -> tuple[UnitChange, ...]:
        """The unit's change requests."""
        return self._select(kind_of(UnitChange), "unit_id", unit_id)

    def claims_of_unit(self, unit_id: str) -> tuple[Claim, ...]:
        """The claims the unit filed, in any state."""
        return self._select(kind_of(Claim), "unit_id", unit_id)

    def claims_of_member(self, id_number: str) -> tuple[Claim, ...]:
        """The claims of the member with ``id_number``."""
        return self._select(kind_of(Claim), "subject_id", normalize_id_number(id_number))

    def claims_in_status(self, *statuses: ClaimStatus) -> tuple[Claim, ...]:
        """The claims in any of ``statuses``, in the order they were first saved."""
        wanted = [ClaimStatus(s).value for s in dict.fromkeys(statuses)]
        return self._select_any(kind_of(Claim), "status", wanted) if wanted else ()

    def append_ledger(self, *entries: LedgerEntry) -> None:
        """Append accumulator entries: one revision per case, above its stored ones."""
        with self.transaction():
            checked = check_ledger(entries, self._ledger_revision)
            if checked:
                self._ledger_append([(e, to_data(e)) for e in checked])

    def ledger_of(self, id_number: str, plan_family: str | None = None) -> tuple[LedgerEntry, ...]:
        """A member's ledger entries (of one plan family, or all), in the order appended."""
        return self._ledger_select(normalize_id_number(id_number), plan_family, None)

    def ledger_of_claim(self, claim_id: str) -> tuple[LedgerEntry, ...]:
        """One case's ledger entries, every revision, in the order appended."""
        return self._ledger_select(None, None, claim_id)

    def _policies_and_endorsements(
        self, numbers: Iterable[str]
    ) -> tuple[list[Policy], list[Endorsement]]:
        policies: list[Policy] = []
        endorsements: list[Endorsement] = []
        for number in dict.fromkeys(numbers):
            policy = self.find(Policy, number)
            if policy is not None:
                policies.append(policy)
                endorsements.extend(self.endorsements_of_policy(number))
        return policies, endorsements

    def policies_of_member(self, id_number: str) -> tuple[Policy, ...]:
        """Every policy listing the member, directly or by an endorsement, any year, any state."""
        number = normalize_id_number(id_number)
        policies, _ = self._policies_and_endorsements(self._policies_listing(number))
        return tuple(policies)

    def policies_covering(self, id_number: str, on: date) -> tuple[Policy, ...]:
        """The policies covering the member on ``on``, across units."""
        number = normalize_id_number(id_number)
        policies, endorsements = self._policies_and_endorsements(self._policies_listing(number))
        return covering_policies(policies, endorsements, number, on)

    def double_covers(self, plan_code: str, period: CoveragePeriod) -> tuple[DoubleCover, ...]:
        """Members covered twice in one plan and period."""
        candidates, codes = self._double_candidates(plan_code)
        policies, endorsements = self._policies_and_endorsements(candidates)
        return double_covers(policies, endorsements, plan_code, period, codes=codes)
