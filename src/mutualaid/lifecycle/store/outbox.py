"""The outbox: events written in the same transaction as the entity they are about.

A machine's :class:`~mutualaid.lifecycle.machine.Outcome` carries events (a
payment notice issued: send the SMS). A store writes them with the entity
(``save(entity, audit=..., events=...)``, ``update(...)``), all or nothing;
a host reads the unacknowledged ones with
:meth:`~mutualaid.lifecycle.store.protocol.Repository.pending_events`, acts on
them and acknowledges them. After a crash the events of every committed step
are there, and those of an uncommitted step are not: none lost, none twice
(as long as the host acknowledges only after acting, and acting twice on an
entry it had not acknowledged is harmless or checked by the entry's ``id``).

Events are kept as JSON: the event's fields in the exchange format of
:func:`mutualaid.serialization.make_converter`, tagged with the event's class
name (``"type"``). Only the classes of :mod:`mutualaid.lifecycle.events` are
read back; nothing else is ever imported from stored data.

>>> from datetime import datetime
>>> from decimal import Decimal
>>> from mutualaid.lifecycle.events import PaymentNoticeIssued
>>> ev = PaymentNoticeIssued(subject_id="JF1", at=datetime(2025, 3, 8, 9, 0),
...                          application_id="A1", unit_id="U1", amount_due=Decimal("600.00"))
>>> data = event_to_data(ev)
>>> data["type"], data["amount_due"]
('PaymentNoticeIssued', '600.00')
>>> event_from_data(data) == ev
True

An entry's ``repr`` masks ID numbers and mobiles wherever they sit in the event:

>>> from mutualaid.lifecycle.events import UnitRegistered
>>> OutboxEntry(1, "unit", "U1", UnitRegistered(subject_id="U1", at=datetime(2025, 3, 8),
...                                               username="13912345678"))
OutboxEntry(id=1, kind='unit', subject_id='U1', event=UnitRegistered(subject_id='U1', at=datetime.datetime(2025, 3, 8, 0, 0), actor='', unit_number='', username='139****5678'))

Layer 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Union

import attrs
import cattrs
from cattrs.strategies import configure_tagged_union

from mutualaid.errors import StoreDamaged, StoreError
from mutualaid.lifecycle import events as _events
from mutualaid.lifecycle.events import Event
from mutualaid.lifecycle.trail import _masked
from mutualaid.serialization import make_converter

__all__ = ["EVENT_TYPES", "OutboxEntry", "event_from_data", "event_to_data", "event_types"]

#: The tag naming an event's class in its stored data.
TAG = "type"


def _event_classes(module: Any) -> Mapping[str, type[Event]]:
    found: dict[str, type[Event]] = {}
    for name in module.__all__:
        obj = getattr(module, name)
        if isinstance(obj, type) and issubclass(obj, Event) and obj is not Event:
            found[name] = obj
    return found


#: The event classes of the life cycle a store keeps, by name (every class of
#: :mod:`mutualaid.lifecycle.events`; the claims' are added by :func:`event_types`).
EVENT_TYPES: Mapping[str, type[Event]] = _event_classes(_events)


@cache
def event_types() -> Mapping[str, type[Event]]:
    """Every event class a store keeps, by name: the life cycle's and the claims'
    (:mod:`mutualaid.claims.events`, imported when first asked: the claims
    package imports the life cycle, not the other way round)."""
    from mutualaid.claims import events as claim_events

    return {**EVENT_TYPES, **_event_classes(claim_events)}


@cache
def _converter() -> tuple[cattrs.Converter, Any]:
    conv = make_converter()
    union: Any = Union[tuple(event_types().values())]  # noqa: UP007 (a runtime union of classes)
    configure_tagged_union(union, conv, tag_generator=lambda cls: cls.__name__, tag_name=TAG)
    return conv, union


def event_to_data(event: Event) -> dict[str, Any]:
    """The JSON-ready data of one event, tagged with its class name.

    :raises StoreError: the event is not one of :func:`event_types`.
    """
    if event_types().get(type(event).__name__) is not type(event):
        raise StoreError(
            f"a store keeps no event of type {type(event).__name__}",
            hint="Events are the classes of mutualaid.lifecycle.events and mutualaid.claims.events.",
        )
    conv, union = _converter()
    data: dict[str, Any] = conv.unstructure(event, unstructure_as=union)
    return data


def event_from_data(data: Any) -> Event:
    """The event of :func:`event_to_data`'s data.

    :raises StoreDamaged: the data is not a known event's (changed outside mutualaid).
    """
    conv, union = _converter()
    try:
        event: Event = conv.structure(data, union)
    except Exception as exc:  # tampered data raises anything
        shown = data.get(TAG) if isinstance(data, dict) else type(data).__name__
        raise StoreDamaged(
            f"unreadable event {shown!r} in the outbox",
            hint="The row was changed outside mutualaid, or by a newer version.",
        ) from exc
    return event


def _masked_event(event: Event) -> str:
    fields = attrs.asdict(event, recurse=False)
    shown = ", ".join(f"{k}={_masked(v)!r}" for k, v in fields.items())
    return f"{type(event).__name__}({shown})"


@attrs.frozen
class OutboxEntry:
    """One event in a store's outbox.

    :param id: the store's number for it: increasing in the order events were
        committed within one store (acknowledge by it).
    :param kind: the kind of the entity written with it (``"payment_notice"``).
    :param subject_id: that entity's key.
    :param event: the event.
    """

    id: int
    kind: str
    subject_id: str
    event: Event = attrs.field(repr=_masked_event)
