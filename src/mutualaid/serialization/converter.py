"""The one converter factory: model objects to plain data (JSON-ready) and back.

:func:`make_converter` returns a fresh, configured :class:`cattrs.Converter`
on every call (never cattrs' global one). The exchange format it defines:

* amounts (``Decimal``) as text with two places: ``"60.00"``;
* dates and datetimes as ISO 8601 text: ``"2025-01-01"``, ``"2025-03-05T14:48:00"``;
* enums by their English value: ``"resident_id"``;
* tuples as lists; ``None`` as ``null``; every field present.

Unlike ``repr``, the data carries the **full** values (ID numbers, mobiles,
accounts): it is what a host stores. Mask before logging it.

Structuring is strict: no extra keys, no floats for money, no ``"yes"`` for a
``bool``, no number for a text field. An error names what was expected and
the *kind* of value given, never the value itself: the data holds ID numbers,
mobiles and birth dates, and errors end up in logs.

>>> from datetime import date
>>> from mutualaid.model import Contribution, CoveragePeriod
>>> conv = make_converter()
>>> from mutualaid.model import IdType
>>> conv.unstructure(IdType.PASSPORT), type(conv.unstructure(IdType.PASSPORT))
('passport', <class 'str'>)
>>> conv.unstructure(Contribution("50", "10"))
{'member': '50.00', 'subsidy': '10.00'}
>>> conv.structure({"start": "2025-01-01", "end": "2025-12-31"}, CoveragePeriod)
CoveragePeriod(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
>>> make_converter() is make_converter()
False
>>> conv.structure({"start": 20250101, "end": "2025-12-31"}, CoveragePeriod)
Traceback (most recent call last):
...
cattrs.errors.ClassValidationError: While structuring CoveragePeriod (1 sub-exception)
>>> kind_of(13912345678), kind_of("13912345678"), kind_of(None)
('a whole number', 'text', 'null')
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

import cattrs

from mutualaid.money import yuan

__all__ = ["kind_of", "make_converter"]

_OTHER = "text in another form"
_MONEY_TEXT = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")


def kind_of(value: object, *, text: str = "text") -> str:
    """What kind of value ``value`` is, in words, for an error message that must not quote it.

    ``text`` is the words for a string (``"text in another form"`` where text
    was expected, but not this text).

    >>> kind_of(True), kind_of(1.5), kind_of([1]), kind_of({"a": 1}), kind_of(b"x")
    ('true or false', 'a decimal number', 'a list', 'an object', 'bytes')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float | Decimal):
        return "a decimal number"
    if isinstance(value, str):
        return text
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _unstructure_decimal(value: Decimal) -> str:
    return f"{value:.2f}"


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, Decimal):
        return yuan(value)
    if isinstance(value, str) and _MONEY_TEXT.fullmatch(value):
        return Decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise ValueError(f"expected an amount as text like '60.00', got {kind_of(value, text=_OTHER)}")


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(
        f"expected a date as text like '2025-01-31', got {kind_of(value, text=_OTHER)}"
    )


def _structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(
        f"expected a date and time as text like '2025-01-31T09:30:00', got {kind_of(value, text=_OTHER)}"
    )


def _strict(kind: type, what: str) -> Any:
    def structure(value: Any, _: type) -> Any:
        # bool is an int subclass: refuse it where an int is expected, and vice versa.
        if type(value) is kind or (kind is str and isinstance(value, str)):  # StrEnum is text
            return value
        raise ValueError(f"expected {what}, got {kind_of(value)}")

    return structure


def _structure_enum(value: Any, cls: type[StrEnum]) -> StrEnum:
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
    raise ValueError(f"expected one of {[m.value for m in cls]}, got {kind_of(value, text=_OTHER)}")


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Enum)


def _enum_value(member: Enum) -> Any:
    return member.value


def make_converter() -> cattrs.Converter:
    """A new converter configured for the model's exchange format (see the module doc).

    Each call builds a new one; keep it if you convert many objects.
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook_func(_is_enum, _enum_value)
    # A StrEnum member held in a ``str`` field (an audit entry's state) becomes plain text.
    conv.register_unstructure_hook(str, str)
    for kind, what in ((str, "text"), (int, "a whole number"), (bool, "true or false")):
        conv.register_structure_hook(kind, _strict(kind, what))
    # StrEnum precedes str in the MRO, so this (not the str hook) structures enums.
    conv.register_structure_hook(StrEnum, _structure_enum)
    return conv
