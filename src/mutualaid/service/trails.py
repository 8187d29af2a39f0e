"""Side trails: records a store keeps under a kind of their own (a unit's mailbox, a notice's payment method).

A store keeps the audit trails of any kind under their name
(:meth:`~mutualaid.lifecycle.Repository.audit_trail`); the service keeps
what belongs to no machine there: :mod:`mutualaid.service.messages` (one
mailbox per unit), :mod:`mutualaid.service.payment_method` (one trail per
notice). :func:`append` adds the next record of such a trail; two writers
appending at once get :class:`~mutualaid.errors.ConcurrentModification`.

>>> from datetime import datetime
>>> from mutualaid.lifecycle import MemoryStore
>>> store = MemoryStore()
>>> append(store, "note", "U1", actor="U1", at=datetime(2026, 3, 2), action="write", params={"n": 1})
1
>>> [r.version for r in store.audit_trail("note", "U1")]
[1]

Layer 6.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mutualaid.lifecycle import Repository
from mutualaid.lifecycle.trail import AuditRecord

__all__ = ["append"]


def append(
    store: Repository,
    kind: str,
    subject_id: str,
    *,
    actor: str,
    at: datetime,
    action: str,
    params: Mapping[str, Any],
    from_state: str = "",
    to_state: str = "",
) -> int:
    """Append the next record of trail ``(kind, subject_id)``; return its number (from 1)."""
    with store.transaction():
        trail = store.audit_trail(kind, subject_id)
        number = trail[-1].version + 1 if trail else 1
        store.append_audit(
            AuditRecord(
                kind=kind,
                subject_id=subject_id,
                actor=actor,
                at=at,
                action=action,
                from_state=from_state,
                to_state=to_state,
                params=params,
                version=number,
            )
        )
    return number
