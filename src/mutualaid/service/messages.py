"""A unit's messages (Yiyang 消息通知): the events addressed to it, newest first, read or unread.

Yiyang's menu bar holds 消息通知 on every screen (seed 004, 首页 参保申请 参保缴费
互助保障计划 消息通知): what the system told the unit. The outbox
(:meth:`~mutualaid.service.Service.pending_events`) is the host's queue of
things to send, emptied as the host acknowledges them; a unit's messages are
kept for the unit to read, so they are kept apart, in the store, as a
mailbox: one audit trail per unit (kind :data:`MAILBOX`, subject the unit's
id), each record one message (the event's data), and ``read`` records
naming the messages the unit opened. The service delivers a step's events
in the step's own transaction (:func:`deliver`): a message is there exactly
when its step committed. No store change is needed: a store keeps the
trails of any kind under their name.

Who an event is addressed to (:func:`addressees`): the unit its entity
belongs to, except the events a unit raises for the office (its own
submission or withdrawal, a parent's group submission) and a part's
submission, addressed to the group's parent.

Layer 6.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from mutualaid.errors import NotFound
from mutualaid.lifecycle import Outcome, Repository
from mutualaid.lifecycle.events import (
    ApplicationSubmitted,
    ApplicationWithdrawn,
    Event,
    GroupPartSubmitted,
    GroupSubmitted,
)
from mutualaid.lifecycle.store.outbox import event_from_data, event_to_data
from mutualaid.lifecycle.store.protocol import kind_of
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Application, Unit
from mutualaid.service.trails import append

__all__ = [
    "MAILBOX",
    "TITLES",
    "Message",
    "addressees",
    "deliver",
    "mark_read",
    "messages",
    "post",
    "unread_count",
]

#: The audit-trail kind of the units' mailboxes (one trail per unit).
MAILBOX = "message"
_READ = "read"

#: The events a unit raises for the office: not messages to it.
_TO_THE_OFFICE: tuple[type[Event], ...] = (
    ApplicationSubmitted,
    ApplicationWithdrawn,
    GroupSubmitted,
)

#: What each event says to the unit on its messages page.
TITLES: Mapping[str, str] = MappingProxyType(
    {
        "unit_registered": "单位注册审核通过",
        "unit_registration_returned": "单位注册审核未通过",
        "application_returned": "参保申请被退回",
        "application_approved": "参保申请审核通过",
        "application_cancelled": "参保申请已撤单",
        "materials_requested": "请线下递交材料",
        "application_closed": "参保业务已办结",
        "payment_notice_issued": "缴费通知单已签发",
        "payment_deferred": "延迟缴款申请已通过",
        "payment_exception_raised": "异常缴费，请确认",
        "payment_confirmed": "缴费已到账，参保成功",
        "invoice_issued": "发票已开具",
        "invoice_request_returned": "开票申请被驳回",
        "policy_effective": "保单已生效",
        "endorsement_effective": "保单补充已生效",
        "group_part_returned": "集团退回修改",
        "group_part_opened": "集团参保计划已下发",
        "group_part_submitted": "下属单位已提交参保名单",
        "renewal_due": "保单即将到期，请及时续保",
    }
)


@attrs.frozen
class Message:
    """One message in a unit's mailbox.

    :param id: its number in the unit's mailbox (1, 2, ... in delivery order).
    :param unit_id: the unit it is addressed to.
    :param event: the event (its data, as the outbox keeps it).
    :param kind: the kind of the entity it is about (``"payment_notice"``).
    :param subject_id: that entity's key.
    :param read_at: when the unit read it (``None``: unread).
    """

    id: int
    unit_id: str
    event: Event
    kind: str
    subject_id: str
    read_at: datetime | None = None

    @property
    def at(self) -> datetime:
        """When it happened."""
        return self.event.at

    @property
    def read(self) -> bool:
        """True once the unit read it."""
        return self.read_at is not None

    @property
    def title(self) -> str:
        """The Chinese line the messages page shows."""
        return TITLES.get(self.event.name, self.event.name)


def addressees(store: Repository, entity: Any, event: Event) -> tuple[str, ...]:
    """The units ``event`` (raised on ``entity``) is addressed to."""
    if isinstance(event, _TO_THE_OFFICE):
        return ()
    if isinstance(event, GroupPartSubmitted):
        group = store.find(Application, event.group_id) if event.group_id else None
        return (group.unit_id,) if group is not None else ()
    if isinstance(entity, Unit):
        return (entity.id,)
    unit_id = kind_of(entity).unit_id(entity)
    return (unit_id,) if unit_id else ()


def post(store: Repository, unit_id: str, event: Event, *, kind: str, subject_id: str) -> Message:
    """Put one message in a unit's mailbox (inside the caller's transaction, if any)."""
    number = append(
        store,
        MAILBOX,
        unit_id,
        actor=event.actor,
        at=event.at,
        action=event.name,
        to_state="unread",
        params={"event": event_to_data(event), "kind": kind, "subject_id": subject_id},
    )
    return Message(number, unit_id, event, kind, subject_id)


def deliver(store: Repository, out: Outcome[Any]) -> tuple[Message, ...]:
    """Deliver a step's events to the units they are addressed to (the service calls this)."""
    if not out.events:
        return ()
    kind = kind_of(out.entity)
    key = kind.key(out.entity)
    return tuple(
        post(store, unit_id, event, kind=kind.name, subject_id=key)
        for event in out.events
        for unit_id in addressees(store, out.entity, event)
    )


def _thawed(value: Any) -> Any:
    """Plain dicts and lists again (an audit record keeps its params read-only)."""
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_thawed(v) for v in value]
    return value


def _read(trail: Iterable[AuditRecord]) -> Iterator[tuple[AuditRecord, datetime | None]]:
    records = tuple(trail)
    opened: dict[int, datetime] = {}
    for r in records:
        if r.action == _READ:
            for number in r.params["ids"]:
                opened.setdefault(int(number), r.at)
    for r in records:
        if r.action != _READ:
            yield r, opened.get(r.version)


def messages(store: Repository, unit_id: str, *, unread_only: bool = False) -> tuple[Message, ...]:
    """The unit's messages, newest first (``unread_only``: those not read yet)."""
    found = [
        Message(
            r.version,
            unit_id,
            event_from_data(_thawed(r.params["event"])),
            str(r.params["kind"]),
            str(r.params["subject_id"]),
            read_at,
        )
        for r, read_at in _read(store.audit_trail(MAILBOX, unit_id))
        if not (unread_only and read_at is not None)
    ]
    return tuple(reversed(found))


def unread_count(store: Repository, unit_id: str) -> int:
    """How many of the unit's messages are unread (the badge on 消息通知)."""
    return len(messages(store, unit_id, unread_only=True))


def mark_read(
    store: Repository, unit_id: str, *message_ids: int, actor: str, at: datetime
) -> tuple[int, ...]:
    """Mark messages read; returns the ids newly read (reading one twice changes nothing).

    :raises NotFound: an id is not a message of this unit's mailbox.
    """
    with store.transaction():
        known = {m.id: m for m in messages(store, unit_id)}
        unknown = [i for i in message_ids if i not in known]
        if unknown:
            raise NotFound(
                f"unit {unit_id} has no message {unknown[0]}",
                hint="Mark the ids messages() gave.",
            )
        new = tuple(sorted({i for i in message_ids if not known[i].read}))
        if new:
            append(store, MAILBOX, unit_id, actor=actor, at=at, action=_READ,
                   from_state="unread", to_state="read", params={"ids": new})  # fmt: skip
        return new
