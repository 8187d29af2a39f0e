"""The one converter factory: model objects to plain data (JSON-ready) and back.

:func:`make_converter` returns a fresh, configured :class:`cattrs.Converter`
on every call (never cattrs' global one). The exchange format it defines:

* amounts (``Decimal``) as text with two places: ``"60.00"``;
* dates and datetimes as ISO 8601 text: ``"2025-01-01"``, ``"2025-03-05T14:48:00"``;
* enums by their English value: ``"resident_id"``;
* tuples as lists; ``None`` as ``null``; every field present.

A field renamed in 0.2 is still read under its old key for one release
(:data:`RENAMED_KEYS`: a unit's ``registration_status`` is its ``status``), so
units stored or exchanged before the rename load; the data written has the new
key only.

Unlike ``repr``, the data carries the **full** values (ID numbers, mobiles,
accounts): it is what a host stores. Mask before logging it.

Structuring is strict: no extra keys, no floats for money, no ``"yes"`` for a
``bool``, no number for a text field. Identifiers are checked as the roster
checks them, and normalized: a resident ID number (or an HMT residence
permit's, :attr:`~mutualaid.model.IdType.carries_birth_date`) must be valid
and carry the member's gender and birth date; a member's mobile must be a
mainland mobile number; a contact's phone (:attr:`~mutualaid.model.unit.Contact.mobile`)
may be a landline, any phone text. Each is checked by the field's own converter,
so ``from_data`` accepts what the constructor accepts and gives it back. An error names what was expected and
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
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError
from cattrs.gen import make_dict_structure_fn

from mutualaid.errors import InvalidIdentifier
from mutualaid.ids import resident_id as _resident_id
from mutualaid.model._fields import masked_id, masked_mobile
from mutualaid.model.member import normalized_mobile
from mutualaid.model.unit import Unit, phone_text
from mutualaid.money import yuan

__all__ = ["RENAMED_KEYS", "kind_of", "make_converter"]

#: Keys of stored data renamed in 0.2, per class: old key -> field. Read, never written.
RENAMED_KEYS: Mapping[type, Mapping[str, str]] = {Unit: {"registration_status": "status"}}

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


#: A field's check of its raw text: the field's own converter (what construction does).
_Check = Callable[[Any], Any]


def _text_checks(cls: type) -> tuple[tuple[str, _Check], ...]:
    """(field, check) of the fields holding a mobile or a phone.

    A field whose converter is the member's mobile check or the contact's phone
    check is checked by that converter, so ``from_data`` and construction agree;
    another field masked as a mobile is checked as a mainland mobile.
    """
    out: list[tuple[str, _Check]] = []
    for f in attrs.fields(cls):
        if f.converter is normalized_mobile or f.converter is phone_text:
            out.append((f.name, f.converter))
        elif f.repr is masked_mobile and f.converter is None:
            out.append((f.name, normalized_mobile))
    return tuple(out)


def _identifier_fields(cls: Any) -> tuple[tuple[tuple[str, _Check], ...], bool]:
    """(text checks, has a GB 11643 ID number) of an attrs class, from its fields."""
    if not (isinstance(cls, type) and attrs.has(cls)):
        return (), False
    fields = attrs.fields(cls)
    names = {f.name for f in fields}
    id_number = any(f.name == "id_number" and f.repr is masked_id for f in fields)
    return _text_checks(cls), id_number and "id_type" in names


def _has_identifiers(cls: Any) -> bool:
    checks, id_number = _identifier_fields(cls)
    return bool(checks) or id_number


def _at(exc: Exception, cls: type, name: str) -> Exception:
    exc.add_note(AttributeValidationNote(f"Checking {cls.__name__} @ attribute {name}", name, str))
    return exc


def _check_texts(
    data: Any, cls: type, checks: tuple[tuple[str, _Check], ...], errors: list[Exception]
) -> Any:
    """``data`` with its mobiles and phones as the fields' converters make them.

    A bad one is added to ``errors`` (named by its attribute) and left out, so the
    rest of the object is still structured and checked.
    """
    if not isinstance(data, dict):
        return data
    out = data
    for name, check in checks:
        value = data.get(name)
        if value.__class__ is not str:
            continue  # missing, None, or not text: the structuring says so
        try:
            fixed = check(value)
        except InvalidIdentifier as exc:
            errors.append(_at(exc, cls, name))
            fixed = None
        if fixed != value:
            out = dict(out) if out is data else out
            out[name] = fixed
    return out


def _check_id_number(obj: Any, cls: type, errors: list[Exception]) -> Any:
    """``obj`` with its GB 11643 ID number normalized; mismatches added to ``errors``."""
    id_type = getattr(obj, "id_type", None)
    if not getattr(id_type, "carries_birth_date", False):
        return obj
    try:
        parsed = _resident_id.parse(obj.id_number)
    except InvalidIdentifier as exc:
        errors.append(_at(exc, cls, "id_number"))
        return obj
    gender = getattr(obj, "gender", None)
    if gender is not None and getattr(gender, "value", gender) != parsed.gender:
        errors.append(_at(ValueError("does not match the ID number's gender"), cls, "gender"))
    born = getattr(obj, "birth_date", None)
    if born is not None and born != parsed.birth_date:
        problem = ValueError("does not match the ID number's birth date")
        errors.append(_at(problem, cls, "birth_date"))
    return obj if obj.id_number == parsed.number else attrs.evolve(obj, id_number=parsed.number)


def _identifier_hook(cls: type, conv: cattrs.Converter) -> Any:
    base: Callable[[Any, type], Any] = make_dict_structure_fn(cls, conv)
    checks, id_number = _identifier_fields(cls)

    def structure(data: Any, _: type) -> Any:
        errors: list[Exception] = []
        try:
            obj = base(_check_texts(data, cls, checks, errors), cls)
        except ClassValidationError as exc:
            if not errors:
                raise
            raise ClassValidationError(exc.message, [*errors, *exc.exceptions], cls) from None
        if id_number:
            obj = _check_id_number(obj, cls, errors)
        if errors:
            raise ClassValidationError(
                f"While checking the identifiers of {cls.__name__}", errors, cls
            )
        return obj

    return structure


def _renamed_keys_hook(cls: type, conv: cattrs.Converter) -> Any:
    """Structure ``cls`` from data that may hold a field under its old key (:data:`RENAMED_KEYS`)."""
    base: Callable[[Any, type], Any] = (
        _identifier_hook(cls, conv) if _has_identifiers(cls) else make_dict_structure_fn(cls, conv)
    )
    renamed = RENAMED_KEYS[cls]

    def structure(data: Any, _: type) -> Any:
        if isinstance(data, dict) and not renamed.keys().isdisjoint(data):
            data = dict(data)
            for old, new in renamed.items():
                if old not in data:
                    continue
                if new in data:
                    problem = ValueError(f"give {new} only ({old} is its old name)")
                    raise ClassValidationError(
                        f"While structuring {cls.__name__}", [_at(problem, cls, old)], cls
                    )
                data[new] = data.pop(old)
        return base(data, cls)

    return structure


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
    # Classes holding ID numbers or mobiles: structured as usual, then checked.
    conv.register_structure_hook_factory(_has_identifiers, _identifier_hook)
    # Registered last, so it wins: classes with a field renamed in 0.2 (it does the above too).
    conv.register_structure_hook_factory(RENAMED_KEYS.__contains__, _renamed_keys_hook)
    return conv
