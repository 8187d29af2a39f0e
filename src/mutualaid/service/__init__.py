"""The service layer: one call per business action, every fact gathered, one transaction each.

A host (a web backend, a batch job) calls :class:`Service` methods instead of
driving the machines of :mod:`mutualaid.lifecycle` itself: each call loads
the entity and every fact its rules need from the store, asks the region's
pack, applies the pure transition and writes the entity, its audit record
and its events (an outbox) in one transaction. The host reads the events
with :meth:`Service.pending_events` (to send the SMS the manuals mention)
and acknowledges them. docs/host-guide.md walks one region through it.

>>> from datetime import datetime
>>> from mutualaid.lifecycle import MemoryStore
>>> from mutualaid.rules.engine import RuleEngine
>>> svc = Service(MemoryStore(), RuleEngine.from_entry_points(), clock=lambda: datetime(2026, 1, 5, 9))
>>> svc.pending_events()
()

Layer 6: imports every layer below.
"""

from __future__ import annotations

from mutualaid.service.service import Clock, Service

__all__ = ["Clock", "Service"]
