"""What the five lifecycle examples share: a journal that writes each step to the store, and tables.

:class:`Journal` applies a machine's action, writes the new entity and its
audit record to the store in one call (as a host would) and keeps the
events; :func:`print_trail` prints every audit record the store holds for
the entities the journal touched, in the order they happened;
:func:`print_policy` prints an e-policy with its member list, personal data
masked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from mutualaid.lifecycle import EPolicy, Machine, Outcome, Repository
from mutualaid.lifecycle.store import kind_of
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Plan, Policy, Unit

__all__ = ["Journal", "print_policy", "print_table", "print_trail"]


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


class Journal:
    """Applies actions and writes each outcome to the store, with its audit record."""

    def __init__(self, store: Repository) -> None:
        self.store = store
        self.subjects: list[tuple[str, str]] = []
        self.events: list[Any] = []

    def _track(self, record: AuditRecord) -> None:
        if (record.kind, record.subject_id) not in self.subjects:
            self.subjects.append((record.kind, record.subject_id))

    def _write(self, out: Outcome[Any], *, new: bool) -> Any:
        self._track(out.audit)
        self.events.extend(out.events)
        # a group part's steps are "group_part" records about an application: the
        # store writes them with it (kind_of(...).audit_kinds), on their own trail
        kind = kind_of(type(out.entity))
        same = out.audit.kind in (kind.name, *kind.audit_kinds)
        audit = [out.audit] if same else []
        write = self.store.save if new else self.store.update
        stored = write(out.entity, audit=audit)
        if not same:
            self.store.append_audit(out.audit)
        return stored

    def created(self, out: Outcome[Any]) -> Any:
        """Store a new entity made by a named constructor (a notice, a group part...)."""
        return self._write(out, new=True)

    def recorded(self, out: Outcome[Any]) -> Any:
        """Store a step made by a function rather than a machine (a group's submission)."""
        return self._write(out, new=False)

    def noted(self, out: Outcome[Any]) -> Any:
        """Record the step of an entity the store does not keep (a unit link)."""
        self._track(out.audit)
        self.events.extend(out.events)
        self.store.append_audit(out.audit)
        return out.entity

    def act(
        self,
        machine: Machine[Any],
        entity: Any,
        action: str,
        *,
        actor: str,
        at: datetime,
        **kw: Any,
    ) -> Any:
        """Apply ``action`` and store the new entity with its audit record."""
        out = machine.apply(entity, action, actor=actor, at=at, **kw)
        key = kind_of(type(out.entity)).key(out.entity)
        return self._write(out, new=self.store.find(type(out.entity), key) is None)

    def trail(self) -> list[AuditRecord]:
        """Every stored audit record of the entities touched, in the order they happened."""
        records = [r for kind, key in self.subjects for r in self.store.audit_trail(kind, key)]
        return sorted(records, key=lambda r: r.at)


def print_trail(journal: Journal) -> None:
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
            for r in journal.trail()
        ),
    )


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
