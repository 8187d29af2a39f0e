"""The audit trail (操作记录): one record per transition, enough to replay it.

An :class:`AuditRecord` says who did what to which entity and when, the states
before and after, the note (review feedback, reasons) and the action's
``params``: the arguments the machine needs to run the step again. A trail is
a tuple of records in the order they were made; :func:`check_trail` verifies
that the versions follow each other.

>>> from datetime import datetime
>>> rec = AuditRecord(
...     kind="application", subject_id="A1", actor="office:weihai",
...     at=datetime(2025, 3, 6, 10, 0), action="return_",
...     from_state="submitted", to_state="returned", note="信息有错误",
...     params={}, version=3,
... )
>>> print(rec)
2025-03-06 10:00 office:weihai application A1: return_ submitted → returned (信息有错误)
>>> rec.as_entry().to_state
'returned'

A record cannot be edited after the fact, not even its params:

>>> rec = AuditRecord("payment_notice", "PN1", "office", datetime(2025, 3, 9), "confirm",
...                   "submitted", "paid", params={"amount": "60.00", "codes": ["a"]})
>>> rec.params["amount"] = "0.00"
Traceback (most recent call last):
...
TypeError: 'mappingproxy' object does not support item assignment
>>> rec.params["codes"]
('a',)

Its ``repr`` masks personal data wherever it sits in the params or the note
(an ID number, a mobile), as :mod:`mutualaid.privacy` does; the params keep
the whole value for replay:

>>> rec = AuditRecord("policy", "P1", "office", datetime(2026, 6, 1), "transfer_out",
...                   "effective", "effective", params={"id_numbers": ["11010519491231002X"]})
>>> "11010519491231002X" in repr(rec), "110105********002X" in repr(rec)
(False, True)
>>> rec.params["id_numbers"]
('11010519491231002X',)

Layer 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from mutualaid.errors import LifecycleError
from mutualaid.ids import is_valid_mobile, is_valid_resident_id
from mutualaid.model.audit import AuditEntry
from mutualaid.privacy import mask_id_number, mask_message, mask_mobile

__all__ = ["AuditRecord", "check_trail"]


def _frozen(value: Any) -> Any:
    """``value`` made read-only: mappings as proxies, lists and tuples as tuples, deeply."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _freeze(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """The converter of :attr:`AuditRecord.params`: a read-only copy (see :func:`_frozen`)."""
    frozen: Mapping[str, Any] = _frozen(value)
    return frozen


def _masked(value: Any) -> Any:
    """``value`` with personal data masked: each text that is a valid resident ID
    number or mobile number, through mappings, lists and tuples.

    For display only (reprs, logs); other values come back as they are.

    >>> _masked({"ids": ("11010519491231002X", "P1"), "mobile": "13912345678", "n": 3})
    {'ids': ('110105********002X', 'P1'), 'mobile': '139****5678', 'n': 3}
    """
    if isinstance(value, str):
        if is_valid_resident_id(value):
            return mask_id_number(value)
        if is_valid_mobile(value):
            return mask_mobile(value)
        return value
    if isinstance(value, Mapping):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_masked(item) for item in value)
    return value


def _masked_repr(value: Any) -> str:
    return repr(_masked(value))


def _masked_note(value: str) -> str:
    """The note's ``repr``: free text, so every long digit run is masked (:func:`mask_message`)."""
    return repr(mask_message(value))


@attrs.frozen
class AuditRecord:
    """One step of an entity's life, as the audit trail keeps it.

    :param kind: the entity kind (``"application"``, ``"payment_notice"``...).
    :param subject_id: the entity's identifier.
    :param actor: who acted.
    :param at: when.
    :param action: the machine's action name.
    :param from_state: the state's value before.
    :param to_state: the state's value after.
    :param note: free text (feedback, reasons).
    :param params: the action's recorded arguments (model values, dates,
        Decimals, text): what :meth:`Machine.replay` passes to the effect again.
        They are kept read-only (a :class:`types.MappingProxyType`, lists as
        tuples, nested mappings as proxies), so a trail cannot be edited after
        the fact. The ``repr`` shows them, and the note, with ID numbers
        and mobiles masked.
    :param version: the entity's version after the step.
    """

    kind: str
    subject_id: str
    actor: str
    at: datetime
    action: str
    from_state: str
    to_state: str
    note: str = attrs.field(default="", repr=_masked_note)
    params: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze, hash=False, repr=_masked_repr
    )
    version: int = 0

    def __str__(self) -> str:
        text = (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.kind} {self.subject_id}: "
            f"{self.action} {self.from_state} → {self.to_state}"
        )
        return f"{text} ({self.note})" if self.note else text

    def as_entry(self) -> AuditEntry:
        """The model's :class:`~mutualaid.model.audit.AuditEntry` for this record."""
        fields = {f.name for f in attrs.fields(AuditEntry)}
        values = {name: getattr(self, name) for name in fields if hasattr(self, name)}
        return AuditEntry(**values)


def check_trail(records: Iterable[AuditRecord]) -> tuple[AuditRecord, ...]:
    """Return the records as a tuple after checking they form one trail.

    One subject, versions rising by one, each step starting where the last ended.

    >>> from datetime import datetime
    >>> at = datetime(2025, 1, 1)
    >>> a = AuditRecord("x", "1", "u", at, "go", "a", "b", version=1)
    >>> b = AuditRecord("x", "1", "u", at, "go", "a", "b", version=2)
    >>> check_trail([a, b])
    Traceback (most recent call last):
    ...
    mutualaid.errors.LifecycleError: x 1: record 1 starts from 'a' but the trail was at 'b'
    """
    out = tuple(records)
    for n in range(1, len(out)):
        before, record = out[n - 1], out[n]
        if (record.kind, record.subject_id) != (before.kind, before.subject_id):
            raise LifecycleError(f"record {n} is about another entity")
        if record.version != before.version + 1:
            raise LifecycleError(
                f"{record.kind} {record.subject_id}: record {n} has version "
                f"{record.version}, expected {before.version + 1}"
            )
        if record.from_state != before.to_state:
            raise LifecycleError(
                f"{record.kind} {record.subject_id}: record {n} starts from "
                f"{record.from_state!r} but the trail was at {before.to_state!r}"
            )
    return out
