"""Stores of the life cycle: a repository protocol, in memory and in SQLite.

With the ``sql`` extra, :mod:`mutualaid.lifecycle.store.sql` adds
``SQLAlchemyStore`` (SQLite and PostgreSQL through SQLAlchemy Core); it is
imported from there, so this package needs nothing beyond the standard library.

>>> from mutualaid.lifecycle.store import MemoryStore, SQLiteStore, Repository
>>> from mutualaid.model import Unit, UnitCodeKind
>>> for store in (MemoryStore(), SQLiteStore(":memory:")):
...     _ = store.save(Unit("U1", "威海测试有限公司", UnitCodeKind.USCC, "91371000MA3C0000X1"))
...     print(type(store).__name__, store.get(Unit, "U1").name)
MemoryStore 威海测试有限公司
SQLiteStore 威海测试有限公司

See docs/stores.md.

Layer 4.
"""

from __future__ import annotations

from mutualaid.lifecycle.store.memory import MemoryStore
from mutualaid.lifecycle.store.outbox import OutboxEntry
from mutualaid.lifecycle.store.protocol import (
    KINDS,
    DoubleCover,
    Entity,
    EntityKind,
    Repository,
    covering_policies,
    double_covers,
    kind_of,
)
from mutualaid.lifecycle.store.sqlite import SQLiteStore

__all__ = [
    "KINDS",
    "DoubleCover",
    "Entity",
    "EntityKind",
    "MemoryStore",
    "OutboxEntry",
    "Repository",
    "SQLiteStore",
    "covering_policies",
    "double_covers",
    "kind_of",
]
