"""Certificates: what printing a confirmation certificate (确认书) asks of the unit.

Linyi 3.4 确认书打印 (seed 003): 「勾选“我已确认人员名单无误”后，可点击【打印确认书】按钮」.
:func:`mutualaid.service.certificates.print_certificate` reads it.

>>> [spec.name for spec in PARAMETERS]
['certificate.confirm_member_list']

Since 0.1.
"""

from __future__ import annotations

from mutualaid.rules.parameters import ParameterSpec, ValueType

__all__ = ["PARAMETERS"]

PARAMETERS = (
    ParameterSpec(
        "certificate.confirm_member_list",
        ValueType.FLAG,
        "printing the confirmation certificate needs the tick 「我已确认人员名单无误」",
        "mutualaid.service.certificates.print_certificate",
        default=False,
    ),
)
