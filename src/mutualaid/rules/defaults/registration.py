"""Registration: the fields a unit's registration form requires.

Not a finding rule: the life cycle's registration ``submit`` guard
(:mod:`mutualaid.lifecycle.registration`) reads ``registration.required_fields``
from the pack, so the form's required fields are data (Weihai's 注册新用户,
Guangdong's 注册登记内容).

>>> [spec.name for spec in PARAMETERS]
['registration.required_fields']

Since 0.1.
"""

from __future__ import annotations

from mutualaid.rules.parameters import ParameterSpec, ValueType

__all__ = ["PARAMETERS"]

PARAMETERS = (
    ParameterSpec(
        "registration.required_fields",
        ValueType.UNIT_FIELDS,
        "the unit fields the registration form requires (dotted into a contact: handler.mobile)",
        "mutualaid.lifecycle.registration.registration_machine",
    ),
)
