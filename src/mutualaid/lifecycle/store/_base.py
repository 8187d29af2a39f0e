"""Private: the part of a store that does not depend on where it keeps things.

:class:`BaseStore` implements :class:`~mutualaid.lifecycle.store.protocol.Repository`
over a few primitives a concrete store provides (read one, read by an indexed
fact, write, append audit data) and a transaction. The version checks, the
audit checks and the queries' decisions live here once, so the memory store
and the SQLite store cannot drift apart.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import attrs

from mutualaid.lifecycle.store._codec import record_to_data
from mutualaid.lifecycle.store.protocol import (
    DoubleCover,
    Entity,
    EntityKind,
    EntityT,
    already_stored,
    check_audit,
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
    CoveragePeriod,
    Endorsement,
    InvoiceRequest,
    PaymentNotice,
    Policy,
)

__all__ = ["BaseStore"]

#: The indexed facts a store can select by (see EntityKind).
INDEXED = ("unit_id", "subject_id", "policy_number", "plan_code")


class BaseStore(ABC):
    """A repository over primitives; subclasses keep the data."""

    # --- primitives ----------------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A context in which reads and writes are one atomic step."""

    @abstractmethod
    def _read(self, kind: EntityKind[Any], key: str) -> Any | None:
        """The stored entity, or None."""

    @abstractmethod
    def _version(self, kind: EntityKind[Any], key: str) -> int | None:
        """The stored entity's version, or None."""

    @abstractmethod
    def _write(self, kind: EntityKind[Any], key: str, entity: Any, *, new: bool) -> None:
        """Insert (``new``) or replace the entity."""

    @abstractmethod
    def _select(
        self, kind: EntityKind[Any], fact: str | None, value: str | None
    ) -> tuple[Any, ...]:
        """The entities of ``kind`` whose indexed ``fact`` is ``value`` (all when ``fact`` is None)."""

    @abstractmethod
    def _policies_listing(self, id_number: str) -> tuple[str, ...]:
        """Numbers of the policies a member is on, directly or by an endorsement, in save order."""

    @abstractmethod
    def _double_candidates(self, plan_code: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """The plan's codes over every stored policy (:func:`plan_codes`), and the numbers
        of the plan's policies sharing a member with another, in save order (a superset is fine)."""

    @abstractmethod
    def _last_version(self, kind: str, subject_id: str) -> int | None:
        """The version of the last audit record of that trail, or None."""

    @abstractmethod
    def _append(self, records: Sequence[tuple[AuditRecord, dict[str, Any]]]) -> None:
        """Append audit records with their data."""

    @abstractmethod
    def _trail(self, kind: str, subject_id: str) -> tuple[AuditRecord, ...]:
        """The trail, in order."""

    # --- the repository ----------------------------------------------------------

    def _audit(
        self, kind: EntityKind[Any] | None, key: str | None, records: Iterable[AuditRecord]
    ) -> None:
        checked = check_audit(kind, key, records, self._last_version)
        if checked:
            self._append([(r, record_to_data(r)) for r in checked])

    def save(self, entity: EntityT, *, audit: Iterable[AuditRecord] = ()) -> EntityT:
        """Add an entity that is not stored yet (see the protocol)."""
        kind = kind_of(entity)
        key = kind.key(entity)
        with self._transaction():
            if self._version(kind, key) is not None:
                raise already_stored(kind, key)
            self._audit(kind, key, audit)
            self._write(kind, key, entity, new=True)
        return entity

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
    ) -> EntityT:
        """Replace a stored entity if its version is the expected one (see the protocol)."""
        kind = kind_of(entity)
        key = kind.key(entity)
        expected = entity.version - 1 if expected_version is None else expected_version
        stored: EntityT = attrs.evolve(entity, version=expected + 1)
        with self._transaction():
            current = self._version(kind, key)
            if current is None:
                raise not_found(kind, key)
            if current != expected:
                raise version_conflict(kind, key, current, expected)
            self._audit(kind, key, audit)
            self._write(kind, key, stored, new=False)
        return stored

    def all(self, kind: type[EntityT]) -> tuple[EntityT, ...]:
        """Every stored entity of ``kind``, in the order they were first saved."""
        return self._select(kind_of(kind), None, None)

    def append_audit(self, *records: AuditRecord) -> None:
        """Append audit records; each trail's versions must follow on."""
        with self._transaction():
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
