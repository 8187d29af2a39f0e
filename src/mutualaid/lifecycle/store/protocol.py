"""The repository protocol: what every store of the life cycle can do.

A store keeps nine kinds of entity (units, applications, payment notices,
invoice requests, policies, endorsements, unit links, unit changes, claims), each
under its key, and the audit trail of each. Every entity carries a ``version``; a write names the version
it replaces, so two hosts that read the same entity cannot both write it
(optimistic concurrency, :class:`~mutualaid.errors.ConcurrentModification`).

:class:`EntityKind` says, for each kind, its name (the same as the life-cycle
machine's ``kind``), the field that is its key and the facts a store indexes:

>>> from mutualaid.model import Application, Policy
>>> kind_of(Application).name, kind_of(Policy).key_field
('application', 'number')
>>> [k.name for k in KINDS]
['unit', 'application', 'payment_notice', 'invoice_request', 'policy', 'endorsement', 'unit_link', 'unit_change', 'claim']
>>> kind_of("policy") is kind_of(Policy)
True
>>> kind_of(int)
Traceback (most recent call last):
...
mutualaid.errors.StoreError: a store keeps no int (Store one of: unit, application, payment_notice, invoice_request, policy, endorsement, unit_link, unit_change, claim.)

Writes follow one rule. :meth:`Repository.save` adds an entity that is not
there yet. :meth:`Repository.update` replaces one: the stored version must be
``expected_version`` (by default ``entity.version - 1``, which is what a
machine's :class:`~mutualaid.lifecycle.machine.Outcome` carries), and the
entity is stored with ``expected_version + 1``. Both append audit records and
outbox events (:mod:`~mutualaid.lifecycle.store.outbox`) in the same
transaction. An update must carry the audit record of the version it writes
(:class:`~mutualaid.errors.AuditMissing` otherwise), so no step of an entity
is stored without its record and ``replay`` rebuilds it.
:meth:`Repository.transaction` makes several writes one.

A claim case (申领案件) is kept under its id; :meth:`Repository.claims_of_unit`,
:meth:`Repository.claims_of_member` and :meth:`Repository.claims_in_status`
are the queries a host's claim screens are made of (the work pools of
费用录入 are claims in a status, 申领查询 a unit's closed cases).

The accumulator ledger (:class:`~mutualaid.model.ledger.LedgerEntry`) is
append only: :meth:`Repository.append_ledger` adds a case's entries of one
revision, which must be above every revision of that case already stored
(:func:`check_ledger`); a recalculated case writes its next revision, which
supersedes the earlier ones, and nothing is ever changed or deleted.
:meth:`Repository.ledger_of` reads a member's entries,
:meth:`Repository.ledger_of_claim` a case's.

A unit link (上下级关系) is kept under its subsidiary's id (a subsidiary has
one parent; a new request after a rejected or dissolved link replaces it and
its trail goes on); :meth:`Repository.links_of_unit` finds a unit's links on
either side. A unit change (单位信息变更) is kept under its id.

The queries (a unit's applications and policies, the personal policy query,
members covered twice) decide with the pure functions of this module
(:func:`covering_policies`, :func:`double_covers`), so every store answers the
same way; a store only narrows what it reads.

See docs/stores.md.

Layer 4.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from contextlib import AbstractContextManager
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

import attrs

from mutualaid.errors import ConcurrentModification, NotFound, StoreError
from mutualaid.lifecycle.events import Event
from mutualaid.lifecycle.registration import UnitChange
from mutualaid.lifecycle.store.outbox import OutboxEntry
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import (
    Application,
    Claim,
    ClaimStatus,
    CoveragePeriod,
    Endorsement,
    EndorsementStatus,
    InvoiceRequest,
    Member,
    PaymentNotice,
    Policy,
    PolicyStatus,
    Unit,
    UnitLink,
)
from mutualaid.model.ledger import LedgerEntry
from mutualaid.privacy import mask_id_number

__all__ = [
    "KINDS",
    "DoubleCover",
    "Entity",
    "EntityKind",
    "EntityT",
    "Repository",
    "already_stored",
    "check_audit",
    "check_ledger",
    "covering_policies",
    "double_covers",
    "kind_of",
    "normalize_id_number",
    "not_found",
    "plan_codes",
    "plan_policies",
    "version_conflict",
]

#: Any entity a store keeps.
Entity = (
    Unit
    | Application
    | PaymentNotice
    | InvoiceRequest
    | Policy
    | Endorsement
    | UnitLink
    | UnitChange
    | Claim
)

#: One of the entity classes, for typed ``get``/``save``/``update``.
EntityT = TypeVar(
    "EntityT",
    Unit,
    Application,
    PaymentNotice,
    InvoiceRequest,
    Policy,
    Endorsement,
    UnitLink,
    UnitChange,
    Claim,
)

K = TypeVar("K")


def _none(_: Any) -> str | None:
    return None


@attrs.frozen
class EntityKind(Generic[K]):
    """One kind of stored entity and the facts a store indexes about it.

    :param name: the kind's name (the machine's ``kind`` and the audit records').
    :param cls: the model class.
    :param key_field: the attribute holding the entity's key.
    :param label: the Chinese name.
    :param unit_id: the unit it belongs to (``None`` for a unit itself; a
        link's subsidiary).
    :param subject_id: what it is about (a payment notice's application or
        endorsement; a link's parent; a claim's member's ID number).
    :param policy_number: the policy it belongs to (an endorsement's, a policy's own).
    :param plan_code: the plan (a policy's, an endorsement roster's).
    :param audit_kinds: other machines' kinds whose records are about entities
        of this kind too: a group part is an ``application`` that the
        ``group_part`` machine moves, so its records may be written with it.
        Each kind keeps its own trail.
    """

    name: str
    cls: type[K]
    key_field: str
    label: str
    unit_id: Callable[[K], str | None] = _none
    subject_id: Callable[[K], str | None] = _none
    policy_number: Callable[[K], str | None] = _none
    plan_code: Callable[[K], str | None] = _none
    audit_kinds: tuple[str, ...] = ()

    def key(self, entity: K) -> str:
        """The entity's key, as text."""
        return str(getattr(entity, self.key_field))

    def status(self, entity: K) -> str | None:
        """The entity's state as text (its ``status``), or ``None``."""
        found = getattr(entity, "status", None)
        return None if found is None else str(found)

    def members(self, entity: K) -> tuple[Member, ...]:
        """The members a personal query can find in the entity (policies, endorsements)."""
        if isinstance(entity, Policy):
            return tuple(pm.member for pm in entity.members)
        if isinstance(entity, Endorsement):
            return entity.roster.members
        return ()


KINDS: tuple[EntityKind[Any], ...] = (
    EntityKind("unit", Unit, "id", "参保单位"),
    EntityKind(
        "application",
        Application,
        "id",
        "参保申请单",
        unit_id=lambda a: a.unit_id,
        audit_kinds=("group_part",),
    ),
    EntityKind(
        "payment_notice",
        PaymentNotice,
        "number",
        "缴费通知单",
        unit_id=lambda n: n.unit_id,
        subject_id=lambda n: n.subject_id,
    ),
    EntityKind("invoice_request", InvoiceRequest, "id", "开票申请", unit_id=lambda r: r.unit_id),
    EntityKind(
        "policy",
        Policy,
        "number",
        "保单",
        unit_id=lambda p: p.unit_id,
        subject_id=lambda p: p.application_id,
        policy_number=lambda p: p.number,
        plan_code=lambda p: p.plan_code,
    ),
    EntityKind(
        "endorsement",
        Endorsement,
        "id",
        "保全单",
        unit_id=lambda e: e.unit_id,
        policy_number=lambda e: e.policy_number,
        plan_code=lambda e: e.roster.plan_code,
    ),
    EntityKind(
        "unit_link",
        UnitLink,
        "subsidiary_id",
        "上下级关系",
        unit_id=lambda link: link.subsidiary_id,
        subject_id=lambda link: link.parent_id,
    ),
    EntityKind("unit_change", UnitChange, "id", "单位信息变更", unit_id=lambda c: c.unit_id),
    EntityKind(
        "claim",
        Claim,
        "id",
        "申领案件",
        unit_id=lambda c: c.unit_id,
        subject_id=lambda c: c.member.id_number,
        policy_number=lambda c: c.policy_number,
    ),
)

_BY_CLASS: Mapping[type, EntityKind[Any]] = {k.cls: k for k in KINDS}
_BY_NAME: Mapping[str, EntityKind[Any]] = {k.name: k for k in KINDS}


def kind_of(what: object) -> EntityKind[Any]:
    """The :class:`EntityKind` of an entity, an entity class or a kind's name.

    :raises StoreError: the store keeps no such thing.
    """
    found = (
        _BY_NAME.get(what)
        if isinstance(what, str)
        else _BY_CLASS.get(what if isinstance(what, type) else type(what))
    )
    if found is None:
        shown = what if isinstance(what, str) else getattr(what, "__name__", type(what).__name__)
        raise StoreError(
            f"a store keeps no {shown}",
            hint=f"Store one of: {', '.join(k.name for k in KINDS)}.",
        )
    return found


# --- errors every store raises the same way -------------------------------------


def not_found(kind: EntityKind[Any], key: str) -> NotFound:
    """The :class:`~mutualaid.errors.NotFound` for a missing key."""
    return NotFound(
        f"no {kind.name} {key!r} in the store",
        hint=f"Check the {kind.key_field}, or save the {kind.name} first.",
        kind=kind.name,
        key=key,
    )


def already_stored(kind: EntityKind[Any], key: str) -> ConcurrentModification:
    """The error for saving a key that is taken (someone saved it first)."""
    return ConcurrentModification(
        f"{kind.name} {key!r} is already in the store",
        hint="Use update() to change a stored entity, or choose another key.",
        kind=kind.name,
        key=key,
    )


def version_conflict(
    kind: EntityKind[Any], key: str, stored: int, expected: int
) -> ConcurrentModification:
    """The error for a write whose expected version is not the stored one."""
    return ConcurrentModification(
        f"{kind.name} {key!r} is at version {stored} in the store, expected {expected}",
        kind=kind.name,
        key=key,
        version=stored,
        expected=expected,
    )


def check_audit(
    kind: EntityKind[Any] | None,
    key: str | None,
    records: Iterable[AuditRecord],
    last_versions: Callable[[str, str], int | None],
) -> tuple[AuditRecord, ...]:
    """Check audit records before a store appends them; return them as a tuple.

    Records written with an entity must be about it (its key, and its kind's
    name or one of its :attr:`EntityKind.audit_kinds`); within each trail, versions rise by one from the last stored record
    (``last_versions(kind, subject_id)``, ``None`` for an empty trail).

    :raises StoreError: a record is about another entity.
    :raises ConcurrentModification: a record's version does not follow its trail's.
    """
    out = tuple(records)
    latest: dict[tuple[str, str], int | None] = {}
    for record in out:
        if kind is not None and (
            record.subject_id != key or record.kind not in (kind.name, *kind.audit_kinds)
        ):
            raise StoreError(
                f"audit record about {record.kind} {record.subject_id!r} "
                f"given with {kind.name} {key!r}",
                hint="Append records about other entities with append_audit().",
            )
        trail = (record.kind, record.subject_id)
        if trail not in latest:
            latest[trail] = last_versions(*trail)
        last = latest[trail]
        if last is not None and record.version != last + 1:
            raise ConcurrentModification(
                f"audit trail of {record.kind} {record.subject_id!r} is at version {last}; "
                f"a record of version {record.version} does not follow it",
                kind=record.kind,
                key=record.subject_id,
                version=last,
                expected=record.version - 1,
            )
        latest[trail] = record.version
    return out


def check_ledger(
    entries: Iterable[LedgerEntry], last_revision: Callable[[str], int | None]
) -> tuple[LedgerEntry, ...]:
    """Check ledger entries before a store appends them; return them as a tuple.

    The entries of one case given together are one revision, above the case's
    highest stored revision (``last_revision(claim_id)``, ``None`` for none):
    a revision is written once, whole, and supersedes the ones before it.

    >>> from datetime import date
    >>> def entry(claim, revision):
    ...     return LedgerEntry("resident_id", "11010519491231002X", "demo", "demo-2025",
    ...                        date(2025, 1, 1), date(2025, 12, 31), claim, revision, "paid", "10")
    >>> len(check_ledger([entry("LP1", 2), entry("LP1", 2)], lambda c: 1))
    2
    >>> check_ledger([entry("LP1", 1)], lambda c: 1)
    Traceback (most recent call last):
    ...
    mutualaid.errors.ConcurrentModification: the ledger holds revision 1 of claim 'LP1'; revision 1 does not follow it (Read the case again: another calculation was stored first.)

    :raises StoreError: an entry is not a ledger entry, or one case's entries are of two revisions.
    :raises ConcurrentModification: a revision is not above the stored ones.
    """
    out = tuple(entries)
    revisions: dict[str, int] = {}
    for entry in out:
        if not isinstance(entry, LedgerEntry):
            raise StoreError(
                f"the ledger keeps LedgerEntry values, got {type(entry).__name__}",
                hint="Append the entries a calculation gave.",
            )
        seen = revisions.setdefault(entry.claim_id, entry.revision)
        if seen != entry.revision:
            raise StoreError(
                f"ledger entries of claim {entry.claim_id!r} of revisions {seen} and {entry.revision} "
                "given together",
                hint="Append one revision of a case at a time.",
            )
    for claim_id, revision in revisions.items():
        last = last_revision(claim_id)
        if last is not None and revision <= last:
            raise ConcurrentModification(
                f"the ledger holds revision {last} of claim {claim_id!r}; "
                f"revision {revision} does not follow it",
                hint="Read the case again: another calculation was stored first.",
                kind="ledger",
                key=claim_id,
                version=last,
                expected=revision - 1,
            )
    return out


# --- the queries' decisions, shared by every store --------------------------------


def normalize_id_number(id_number: str) -> str:
    """An ID number as the model stores it: no surrounding spaces, ``x`` upper case.

    >>> normalize_id_number(" 11010519491231002x ")
    '11010519491231002X'
    """
    return id_number.strip().upper()


def covering_policies(
    policies: Iterable[Policy], endorsements: Iterable[Endorsement], id_number: str, on: date
) -> tuple[Policy, ...]:
    """The policies that cover the member with ``id_number`` on ``on`` (personal policy query).

    :meth:`Policy.covers <mutualaid.model.policy.Policy.covers>` with each
    policy's endorsements: the policy is effective and ``on`` is a day of the
    member's :meth:`~mutualaid.model.policy.Policy.cover_span` (their effective
    date on, until the day before they left; members added by an effective
    endorsement of the policy from its date). Waiting periods are the rule
    packs' business, not the store's.
    """
    number = normalize_id_number(id_number)
    by_policy: dict[str, list[Endorsement]] = {}
    for e in endorsements:
        by_policy.setdefault(e.policy_number, []).append(e)
    return tuple(p for p in policies if p.covers(number, on, by_policy.get(p.number, ())))


@attrs.frozen
class DoubleCover:
    """A member covered by two or more policies of one plan in one period (重复参保).

    :param member: the member, as first found (masked in ``repr``).
    :param policy_numbers: the policies covering them, in the order they were stored.
    """

    member: Member
    policy_numbers: tuple[str, ...]

    @property
    def id_number(self) -> str:
        """The member's full ID number (explicit access)."""
        return self.member.id_number

    def __str__(self) -> str:
        return f"{self.member.name} {mask_id_number(self.member.id_number)}: {', '.join(self.policy_numbers)}"


def _overlaps(a: CoveragePeriod, b: CoveragePeriod) -> bool:
    return a.start <= b.end and b.start <= a.end


def plan_policies(policies: Iterable[Policy], plan: str) -> tuple[Policy, ...]:
    """The policies of ``plan`` in every period, in order.

    ``plan`` is a plan family (``"GD-HOSP"``) or a plan code (``"GD-HOSP-2026"``):
    a policy is the plan's when its :attr:`~mutualaid.model.policy.Policy.plan_family`
    is ``plan`` or the family of a policy of code ``plan``.

    >>> from mutualaid.model.policy import Policy
    >>> def p(n, code, family=None):
    ...     return Policy(n, "U1", "A1", code, CoveragePeriod.calendar_year(2026), family=family)
    >>> every = [p("P1", "GD-HOSP-2026", "GD-HOSP"), p("P2", "GD-HOSP-2025", "GD-HOSP"), p("P3", "GD-CI-2026")]
    >>> [x.number for x in plan_policies(every, "GD-HOSP-2026")], [x.number for x in plan_policies(every, "GD-CI")]
    (['P1', 'P2'], ['P3'])
    """
    every = tuple(policies)
    codes = plan_codes({(p.plan_code, p.plan_family) for p in every}, plan)
    return tuple(p for p in every if p.plan_code in codes)


def plan_codes(known: Iterable[tuple[str, str]], plan: str) -> frozenset[str]:
    """The codes of ``plan`` in every period, among ``known`` (plan code, family) pairs.

    ``plan`` is a family, or a code standing for its family (see :func:`plan_policies`).

    >>> known = [("GD-HOSP-2025", "GD-HOSP"), ("GD-HOSP-2026", "GD-HOSP"), ("GD-CI-2026", "GD-CI")]
    >>> sorted(plan_codes(known, "GD-HOSP-2026")), sorted(plan_codes(known, "GD-CI"))
    (['GD-HOSP-2025', 'GD-HOSP-2026'], ['GD-CI-2026'])
    """
    pairs = tuple(known)
    families = {family for code, family in pairs if code == plan} | {plan}
    return frozenset(code for code, family in pairs if family in families)


def double_covers(
    policies: Iterable[Policy],
    endorsements: Iterable[Endorsement],
    plan_code: str,
    period: CoveragePeriod,
    *,
    codes: Collection[str] | None = None,
) -> tuple[DoubleCover, ...]:
    """The members covered by two or more policies of ``plan_code`` on the same days of ``period``.

    The plan's policies are :func:`plan_policies`: every period's of its family
    (an April-to-March ``GD-HOSP-2025`` policy and a ``GD-HOSP-2026`` one
    overlap from January to March); ``plan_code`` may be the family itself.

    Cancelled policies do not count. A member's days on a policy are its
    :meth:`~mutualaid.model.policy.Policy.cover_span` (their effective date on,
    until the day before they left; members added by the policy's effective
    endorsements too), so a member transferred from one unit's policy to
    another's on a day is not covered twice, nor is a member on last year's
    policy and this year's. A member is reported with every policy whose days
    overlap another's.

    ``codes``, when given, are the plan's codes already resolved (by
    :func:`plan_codes`) over every policy there is: a store that hands over
    only the policies sharing a member must pass them, because a policy left
    out may be the one that tells which family ``plan_code`` belongs to.
    """
    every = tuple(policies)
    mine = (
        plan_policies(every, plan_code)
        if codes is None
        else tuple(p for p in every if p.plan_code in codes)
    )
    ends = tuple(e for e in endorsements if e.status is EndorsementStatus.EFFECTIVE)
    first: dict[tuple[str, str], Member] = {}
    spans: dict[tuple[str, str], dict[str, list[CoveragePeriod]]] = {}
    for policy in mine:
        if policy.status is PolicyStatus.CANCELLED:
            continue
        for member, span in policy.cover_spans(ends):
            if not _overlaps(span, period):
                continue
            first.setdefault(member.key, member)
            days = CoveragePeriod(max(span.start, period.start), min(span.end, period.end))
            spans.setdefault(member.key, {}).setdefault(policy.number, []).append(days)
    found: list[DoubleCover] = []
    for key, by_policy in spans.items():
        numbers = tuple(
            number
            for number, mine in by_policy.items()
            if any(
                _overlaps(a, b)
                for other, theirs in by_policy.items()
                if other != number
                for a in mine
                for b in theirs
            )
        )
        if numbers:
            found.append(DoubleCover(first[key], numbers))
    return tuple(found)


# --- the protocol ------------------------------------------------------------------


class Repository(Protocol):
    """What a store of the life cycle does; :class:`~mutualaid.lifecycle.store.MemoryStore`
    and :class:`~mutualaid.lifecycle.store.SQLiteStore` both pass the same contract tests.

    Results come as tuples in the order the entities were first saved.
    """

    def transaction(self) -> AbstractContextManager[None]:
        """A context whose writes (saves, updates, audit records, events) commit together.

        An exception inside undoes them all and propagates. A transaction
        opened inside another joins it: its writes commit with the outer one,
        and an exception leaving the inner block undoes the inner block's
        writes only.
        """
        ...

    def save(
        self,
        entity: EntityT,
        *,
        audit: Iterable[AuditRecord] = (),
        events: Iterable[Event] = (),
    ) -> EntityT:
        """Add an entity whose key is not in the store yet, with its audit records and events.

        The entity is stored as given, at its version (a machine's first
        step, or an entity imported with its trail): ``save`` starts a life,
        :meth:`update` records its steps.

        :raises ConcurrentModification: the key is taken.
        """
        ...

    def save_many(self, entities: Iterable[Entity]) -> int:
        """Add many entities whose keys are free, in one transaction (the bulk path).

        :raises ConcurrentModification: a key is taken, or given twice.
        """
        ...

    def get(self, kind: type[EntityT], key: str) -> EntityT:
        """The stored entity of ``kind`` under ``key``.

        :raises NotFound: there is none.
        """
        ...

    def find(self, kind: type[EntityT], key: str) -> EntityT | None:
        """The stored entity of ``kind`` under ``key``, or ``None``."""
        ...

    def update(
        self,
        entity: EntityT,
        *,
        expected_version: int | None = None,
        audit: Iterable[AuditRecord] = (),
        events: Iterable[Event] = (),
    ) -> EntityT:
        """Replace the stored entity with ``entity``; return what was stored.

        The stored version must be ``expected_version`` (default
        ``entity.version - 1``); the entity is stored with version
        ``expected_version + 1``, and ``audit`` must hold the entity's record
        of that version (a machine's ``Outcome.audit``). The records and the
        ``events`` are written in the same transaction.

        :raises NotFound: the key is not in the store.
        :raises ConcurrentModification: the stored version is another.
        :raises AuditMissing: no audit record of the new version was given.
        """
        ...

    def pending_events(self, limit: int | None = None) -> tuple[OutboxEntry, ...]:
        """The outbox entries not acknowledged yet, oldest first (at most ``limit``)."""
        ...

    def acknowledge(self, *entry_ids: int) -> None:
        """Mark outbox entries done (by :attr:`OutboxEntry.id`); twice is the same as once."""
        ...

    def all(self, kind: type[EntityT]) -> tuple[EntityT, ...]:
        """Every stored entity of ``kind``."""
        ...

    def append_audit(self, *records: AuditRecord) -> None:
        """Append audit records (each trail's versions must follow on)."""
        ...

    def audit_trail(self, kind: str | type[Entity], subject_id: str) -> tuple[AuditRecord, ...]:
        """The audit records of one entity, in the order they were appended."""
        ...

    def applications_of_unit(self, unit_id: str) -> tuple[Application, ...]:
        """The unit's applications."""
        ...

    def policies_of_unit(self, unit_id: str) -> tuple[Policy, ...]:
        """The unit's policies (单位保单查询)."""
        ...

    def payment_notices_for(self, subject_id: str) -> tuple[PaymentNotice, ...]:
        """The payment notices of one application or endorsement."""
        ...

    def invoice_requests_of_unit(self, unit_id: str) -> tuple[InvoiceRequest, ...]:
        """The unit's invoice requests."""
        ...

    def endorsements_of_policy(self, policy_number: str) -> tuple[Endorsement, ...]:
        """The endorsements of one policy."""
        ...

    def links_of_unit(self, unit_id: str) -> tuple[UnitLink, ...]:
        """The unit's links (上下级关系), in any state: the one naming it as the
        subsidiary first, then those naming it as the parent."""
        ...

    def changes_of_unit(self, unit_id: str) -> tuple[UnitChange, ...]:
        """The unit's change requests (单位信息变更), in any state."""
        ...

    def claims_of_unit(self, unit_id: str) -> tuple[Claim, ...]:
        """The claims a unit filed (申领查询 of one unit), in any state."""
        ...

    def claims_of_member(self, id_number: str) -> tuple[Claim, ...]:
        """The claims of one member (by ID number, as :func:`normalize_id_number` has it)."""
        ...

    def claims_in_status(self, *statuses: ClaimStatus) -> tuple[Claim, ...]:
        """The claims in any of ``statuses`` (a work pool: 费用录入's cases, 结案 cases...)."""
        ...

    def append_ledger(self, *entries: LedgerEntry) -> None:
        """Append accumulator entries (one revision per case, above its stored ones; see
        :func:`check_ledger`), in one transaction.

        :raises ConcurrentModification: a case's revision is already stored (or a later one).
        """
        ...

    def ledger_of(self, id_number: str, plan_family: str | None = None) -> tuple[LedgerEntry, ...]:
        """A member's ledger entries (of ``plan_family``, or every plan), in the order appended;
        superseded revisions included (:mod:`mutualaid.claims.ledger` adds them up)."""
        ...

    def ledger_of_claim(self, claim_id: str) -> tuple[LedgerEntry, ...]:
        """One case's ledger entries, every revision, in the order appended."""
        ...

    def policies_of_member(self, id_number: str) -> tuple[Policy, ...]:
        """Every policy listing the member (directly or by an endorsement), in any year or
        state: what a claim's cover and waiting period are judged from."""
        ...

    def policies_covering(self, id_number: str, on: date) -> tuple[Policy, ...]:
        """The policies covering the member on ``on``, across units (个人保单查询).

        See :func:`covering_policies`.
        """
        ...

    def double_covers(self, plan_code: str, period: CoveragePeriod) -> tuple[DoubleCover, ...]:
        """Members covered twice in one plan (any period's policies of its family) and
        period; see :func:`double_covers`."""
        ...
