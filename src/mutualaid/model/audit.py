"""Audit trail (操作记录): who did what to an entity, when, and from which state to which.

The time is given by the caller (the life-cycle layer), never read from the clock.

>>> from datetime import datetime
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

import attrs

__all__ = ["AuditEntry"]


@attrs.frozen
class AuditEntry:
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
