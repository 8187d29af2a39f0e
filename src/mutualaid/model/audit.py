"""Deprecated: ``AuditEntry``, the short form of :class:`mutualaid.lifecycle.AuditRecord`.

One line of an audit trail (操作记录) has one name, ``AuditRecord`` (who did
what to which entity, when, from which state to which, with the action's
arguments and the entity's version): the stores keep it and the service
writes it. ``AuditEntry`` (the same line without the entity, arguments and
version) still resolves here and on :mod:`mutualaid.model` for one release,
with a DeprecationWarning naming ``mutualaid.lifecycle.AuditRecord``; its
exchange format (``audit_entry``) stays for that release too.

>>> import warnings
>>> from datetime import datetime
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from mutualaid.model import AuditEntry
>>> str(caught[0].message)
'mutualaid.model.AuditEntry is deprecated: use mutualaid.lifecycle.AuditRecord'
>>> entry = AuditEntry(
...     actor="office:linyi/zhang",
...     at=datetime(2025, 3, 5, 14, 48),
...     action="return",
...     from_state="submitted",
...     to_state="returned",
...     note="信息有错误",
... )
>>> entry.to_state, entry.note
('returned', '信息有错误')
>>> print(entry)
2025-03-05 14:48:00 office:linyi/zhang return submitted -> returned: 信息有错误
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from mutualaid.deprecation import warn_renamed

__all__: list[str] = []


@attrs.frozen
class _AuditEntry:
    """One line of an entity's audit trail.

    :param actor: who acted (a user or system name chosen by the host).
    :param at: when, as given by the caller.
    :param action: the life-cycle action (``"submit"``, ``"return"``, ...).
    :param from_state: the status value before (``None`` when the entity was created).
    :param to_state: the status value after (``None`` when the action left it unchanged).
    :param note: free text: return reasons, review feedback (审核反馈), remarks.
    """

    actor: str
    at: datetime
    action: str
    from_state: str | None = None
    to_state: str | None = None
    note: str = ""

    def __str__(self) -> str:
        change = f" {self.from_state or '-'} -> {self.to_state or '-'}"
        note = f": {self.note}" if self.note else ""
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action}{change}{note}"


_AuditEntry.__name__ = _AuditEntry.__qualname__ = "AuditEntry"


def __getattr__(name: str) -> Any:
    if name == "AuditEntry":
        warn_renamed(f"{__name__}.AuditEntry", "mutualaid.lifecycle.AuditRecord")
        return _AuditEntry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
