"""Private: what the SQL stores (SQLite, SQLAlchemy) write for an entity, and read back.

One entity is one row of ``entities``: its data as JSON (the exchange format
of :func:`mutualaid.serialization.to_data`) plus the indexed facts; its members
(policies, endorsements) are rows of ``entity_members``; a policy's plan code
and family a row of ``plans``. Both SQL stores compute those here, and read
stored data back through :func:`reading`, which turns whatever tampered data
raises into :class:`~mutualaid.errors.StoreDamaged`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from mutualaid.errors import StoreDamaged
from mutualaid.lifecycle.registration import UnitChange
from mutualaid.lifecycle.store._codec import decode_value, encode_value, record_from_data
from mutualaid.lifecycle.store.protocol import EntityKind, kind_of
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import IdType, Policy, UnitLink
from mutualaid.model.states import LinkStatus
from mutualaid.serialization import from_data, to_data

__all__ = [
    "DOUBLE_COVER_SQL",
    "FACTS",
    "dumps",
    "entity_data",
    "entity_row",
    "load_entity",
    "member_rows",
    "plan_pair",
    "reading",
]

#: The indexed facts of an entity row (see EntityKind).
FACTS = ("unit_id", "subject_id", "policy_number", "plan_code")

#: The (seq, key) of the policies of some plan codes (one plan's, in every period:
#: ``{codes}`` is the placeholder each store fills with its way of passing a list;
#: ``{join}`` its join: SQLite's CROSS JOIN keeps the order of the tables) that share a member (by
#: ID type and number) with another of those policies, counting members added by
#: endorsements; in the order they were saved. Policies' members are read from one
#: index (kind, plan_code, id_type, id_number, policy_number); endorsements' are joined
#: to their policy.
DOUBLE_COVER_SQL = """
WITH pm AS (
    SELECT policy_number, id_type, id_number FROM entity_members
    WHERE kind = 'policy' AND plan_code IN {codes}
    UNION ALL
    SELECT m.policy_number, m.id_type, m.id_number
    FROM entity_members m
    JOIN entities p ON p.kind = 'policy' AND p.key = m.policy_number
    WHERE m.kind = 'endorsement' AND p.plan_code IN {codes}
),
twice AS (
    SELECT id_type, id_number FROM pm
    GROUP BY id_type, id_number HAVING COUNT(DISTINCT policy_number) > 1
)
SELECT DISTINCT e.seq, e.key FROM pm
JOIN twice ON pm.id_type = twice.id_type AND pm.id_number = twice.id_number
{join} entities e ON e.kind = 'policy' AND e.key = pm.policy_number
ORDER BY e.seq
"""

_HINT = (
    "The row was changed outside mutualaid, or by a newer version; restore the store from a backup."
)


_ID_TYPES = {t: t.value for t in IdType}


def dumps(data: Any) -> str:
    """Compact JSON text, non-ASCII kept."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def entity_row(kind: EntityKind[Any], key: str, entity: Any) -> dict[str, Any]:
    """The column values of an entity's row."""
    status = getattr(entity, "status", None)
    row: dict[str, Any] = {fact: getattr(kind, fact)(entity) for fact in FACTS}
    row.update(
        kind=kind.name,
        key=key,
        version=int(entity.version),
        status=None if status is None else str(status),
        family=entity.plan_family if isinstance(entity, Policy) else None,
        data=dumps(entity_data(entity)),
    )
    return row


def entity_data(entity: Any) -> Any:
    """The JSON-ready data of an entity.

    A unit change's ``changes`` hold any unit field's value (a
    :class:`~mutualaid.model.unit.Contact`...): they are tagged by type as
    audit params are, so they read back as they were written.
    """
    data = to_data(entity)
    if isinstance(entity, UnitChange):
        data["changes"] = encode_value(entity.changes)
    return data


def links_from_trails(records: Iterable[AuditRecord]) -> list[UnitLink]:
    """The unit links the ``unit_link`` audit records tell of, in the order first asked.

    Stores of earlier schema versions kept only the links' trails (the host
    kept the links): a ``create`` record names the parent and the asking
    side, each later record the link's new state and version.

    >>> from datetime import datetime
    >>> at = datetime(2026, 3, 2)
    >>> made = AuditRecord("unit_link", "S1", "S1", at, "create", "", "requested",
    ...                    params={"parent_id": "HQ", "requested_by": "S1"}, version=0)
    >>> done = AuditRecord("unit_link", "S1", "HQ", at, "confirm", "requested", "confirmed", version=1)
    >>> links_from_trails([made, done])
    [UnitLink(parent_id='HQ', subsidiary_id='S1', requested_by='S1', status=<LinkStatus.CONFIRMED: 'confirmed'>, version=1)]
    """
    links: dict[str, UnitLink] = {}
    for record in records:
        if record.kind != "unit_link":
            continue
        status = LinkStatus(record.to_state)
        if record.action == "create":
            links[record.subject_id] = UnitLink(
                str(record.params["parent_id"]),
                record.subject_id,
                str(record.params["requested_by"]),
                status,
                record.version,
            )
        elif record.subject_id in links:
            links[record.subject_id] = attrs.evolve(
                links[record.subject_id], status=status, version=record.version
            )
    return list(links.values())


def link_rows(audit_data: Iterable[str], stored: Iterable[str]) -> list[dict[str, Any]]:
    """The entity rows of the links rebuilt from ``unit_link`` audit rows' JSON (a migration),
    leaving out the subsidiaries in ``stored``."""
    kind = kind_of(UnitLink)
    taken = set(stored)
    records = [record_from_data(json.loads(text)) for text in audit_data]
    return [
        entity_row(kind, link.subsidiary_id, link)
        for link in links_from_trails(records)
        if link.subsidiary_id not in taken
    ]


def _entity_of(cls: type, data: Any) -> Any:
    if cls is UnitChange:
        changes = decode_value(data["changes"])
        return attrs.evolve(from_data(cls, {**data, "changes": []}), changes=changes)
    return from_data(cls, data)


def member_rows(kind: EntityKind[Any], entity: Any) -> list[tuple[str, str, str, str | None]]:
    """``(policy_number, id_type, id_number, plan_code)`` of each member the entity lists."""
    found = kind.members(entity)
    if not found:
        return []
    policy = kind.policy_number(entity) or ""
    plan = kind.plan_code(entity)
    # each person once (Member.key), in the entity's order; enum values looked up once
    people = dict.fromkeys((m.id_type, m.id_number) for m in found)
    return [(policy, _ID_TYPES[id_type], number, plan) for id_type, number in people]


def plan_pair(entity: Any) -> tuple[str, str] | None:
    """A policy's ``(plan_code, plan_family)``; ``None`` for other entities."""
    return (entity.plan_code, entity.plan_family) if isinstance(entity, Policy) else None


@contextmanager
def reading(what: str, where: str) -> Iterator[None]:
    """Turn an error reading stored data into :class:`StoreDamaged` naming ``what``."""
    try:
        yield
    except StoreDamaged:
        raise
    except Exception as exc:  # tampered data raises anything: KeyError, RecursionError...
        raise StoreDamaged(f"{what} in the store {where} is unreadable", hint=_HINT) from exc


def load_entity(kind: EntityKind[Any], key: str, data: Any, where: str) -> Any:
    """The entity of a row's JSON text; :class:`StoreDamaged` when it cannot be read."""
    with reading(f"{kind.name} {key!r}", where):
        return _entity_of(kind.cls, json.loads(data))
