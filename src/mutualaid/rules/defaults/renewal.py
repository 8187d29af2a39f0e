"""Renewal: how long before a policy's coverage ends its unit is reminded to renew.

Guangdong's registration keeps the handler's details 「用于业务联系、续保短信通知、业务系统登录」
(seed 001 二): the association texts the handler when a policy is about to
end. ``renewal.notice_days`` is that lead time; a pack that is silent sends
no reminders. :func:`mutualaid.service.renewal.renewals_due` reads it.

>>> [spec.name for spec in PARAMETERS]
['renewal.notice_days']

Since 0.1.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mutualaid.rules.parameters import ParameterSpec, ValueType

if TYPE_CHECKING:
    from mutualaid.rules.view import PackView

__all__ = ["PARAMETERS", "renewal_notice_days"]

PARAMETERS = (
    ParameterSpec(
        "renewal.notice_days",
        ValueType.WHOLE,
        "renewal reminders (续保短信通知): a policy whose coverage ends within this many days; "
        "absent: none",
        "mutualaid.service.renewal.renewals_due",
        unit="days",
        minimum=1,
        maximum=366,
    ),
)


def renewal_notice_days(rules: PackView, on: date) -> int | None:
    """The pack's lead time for renewal reminders on ``on``, or ``None`` (no reminders)."""
    value: int | None = rules.param("renewal.notice_days", on, None)
    return value
