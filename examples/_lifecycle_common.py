"""What the five lifecycle examples share: tables printed from the store.

The examples drive :class:`mutualaid.service.Service`, which writes each step
with its audit record and events; :func:`print_trail` prints every audit
record the store holds, in the order they happened; :func:`send_events` is
the host's outbox loop; :func:`print_policy` prints an e-policy with its
member list, personal data masked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from mutualaid.documents import EPolicy
from mutualaid.lifecycle import Repository
from mutualaid.lifecycle.store import kind_of
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import (
    Application,
    Endorsement,
    InvoiceRequest,
    PaymentNotice,
    Plan,
    Policy,
    Unit,
)
from mutualaid.service import Service

__all__ = ["print_policy", "print_table", "print_trail", "send_events", "trail"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def print_table(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A plain-text table, columns aligned for Chinese text."""
    cells = [[str(h) for h in header], *([("" if c is None else str(c)) for c in r] for r in rows)]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n== {title} ==")
    for n, row in enumerate(cells):
        print("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


#: The store's kinds of entities, and the machines' kinds whose trails are about them.
#: Within one minute, records follow this order (a notice is confirmed before its application).
TRAILS = (
    (Unit, ("unit", "unit_link")),
    (PaymentNotice, ("payment_notice",)),
    (Application, ("group_part", "application")),
    (InvoiceRequest, ("invoice_request",)),
    (Endorsement, ("endorsement",)),
    (Policy, ("policy",)),
)


def trail(store: Repository) -> list[AuditRecord]:
    """Every audit record the store holds, in the order they happened."""
    records = [
        r
        for cls, kinds in TRAILS
        for entity in store.all(cls)
        for kind in kinds
        for r in store.audit_trail(kind, kind_of(cls).key(entity))
    ]
    return sorted(records, key=lambda r: r.at)


def print_trail(store: Repository) -> None:
    """The audit trail (操作记录) as the store holds it."""
    print_table(
        "操作记录 audit trail",
        ("时间", "操作人", "对象", "编号", "操作", "从", "到", "备注"),
        (
            (
                f"{r.at:%Y-%m-%d %H:%M}",
                r.actor,
                r.kind,
                r.subject_id,
                r.action,
                r.from_state or "-",
                r.to_state,
                r.note,
            )
            for r in trail(store)
        ),
    )


def send_events(service: Service) -> None:
    """The host's outbox loop: act on each pending event (here: print it), then acknowledge it."""
    pending = service.pending_events()
    print_table(
        "事件 events (outbox)",
        ("#", "事件", "对象"),
        ((e.id, e.event.name, e.subject_id) for e in pending),
    )
    service.acknowledge(*(e.id for e in pending))


def print_policy(
    policy: Policy, *, unit: Unit, issued_on: date, plan: Plan | None = None, amount: Any = None
) -> None:
    """The e-policy's particulars and its member list, personal data masked."""
    doc = EPolicy.from_policy(policy, unit=unit, issued_on=issued_on, plan=plan, amount=amount)
    print_table(f"保单 policy {policy.number}", ("项目", "内容"), doc.lines())
    print(f"状态 status: {policy.status.label} ({policy.status.value})")
    print_table(
        "参保人员清单 members",
        ("序号", "姓名", "证件号码", "性别", "档位", "份数", "生效日期"),
        (
            (c[0], c[1], c[3], c[4], c[8], c[9], c[11])
            for c in (row.cells() for row in doc.members.rows)
        ),
    )
