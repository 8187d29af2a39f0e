"""Mainland China mobile number (手机号码).

Source: the numbering plan of the Ministry of Industry and Information
Technology (电信网编号计划, 2017 edition): mobile subscriber numbers have 11
digits and start with 13-19. The country code +86 (dialled ``0086`` from
abroad, sometimes written ``86``) may precede them. Spaces, hyphens and
brackets are tolerated and removed; the normalized form is the 11 digits.

>>> validate("139 1234 5678")
'13912345678'
>>> validate("+86 139-1234-5678")
'13912345678'
>>> validate("0086１３９１２３４５６７８")
'13912345678'
>>> format("13912345678")
'139 1234 5678'
>>> is_valid("12912345678")
False
>>> validate("1391234567")
Traceback (most recent call last):
...
mutualaid.errors.InvalidLength: mobile number: length is 10, not 11 (Re-type the member's mobile number: 11 digits starting with 1.)
"""

from __future__ import annotations

import re
from typing import Final, TypeGuard

from mutualaid.errors import InvalidComponent, InvalidFormat, InvalidLength
from mutualaid.ids._common import clean, fail, never_raises, require_text

__all__ = ["compact", "format", "is_normalized", "is_valid", "validate"]

WHAT: Final = "mobile number"
HINT: Final = "Re-type the member's mobile number: 11 digits starting with 1."

_SECOND: Final = frozenset("3456789")
_NORMALIZED: Final = re.compile("1[3-9][0-9]{9}")


def is_normalized(value: object) -> TypeGuard[str]:
    """True when ``value`` is already what :func:`validate` returns: 11 ASCII digits, 1[3-9]...

    The fast path for callers that see mostly clean numbers (the roster check,
    :class:`~mutualaid.model.member.Member`'s converter): no parsing, no error.

    >>> is_normalized("13912345678"), is_normalized("139 1234 5678"), is_normalized(13912345678)
    (True, False, False)
    """
    return type(value) is str and _NORMALIZED.fullmatch(value) is not None


def compact(number: object) -> str:
    """Return the number without separators and without the +86 / 0086 / 86 prefix.

    >>> compact("(+86) 139 1234 5678")
    '13912345678'
    """
    text = clean(require_text(number, WHAT), "-()")
    if text.startswith(("+", "＋")):
        text = text[1:]
    if len(text) == 15 and text.startswith("0086"):
        return text[4:]
    if len(text) == 13 and text.startswith("86"):
        return text[2:]
    return text


def validate(number: object) -> str:
    """Return the normalized 11 digits, or raise a subclass of InvalidIdentifier."""
    text = compact(number)
    if len(text) != 11:
        fail(InvalidLength, WHAT, "length", f"is {len(text)}, not 11", HINT, number)
    if not (text.isascii() and text.isdigit()):
        pos = next(i for i, ch in enumerate(text, 1) if ch not in "0123456789")
        fail(InvalidFormat, WHAT, f"character {pos}", "must be a digit", HINT, number)
    if text[0] != "1" or text[1] not in _SECOND:
        problem = f"{text[:2]} is not a mobile prefix (13 to 19)"
        fail(InvalidComponent, WHAT, "prefix", problem, HINT, number)
    return text


is_valid = never_raises(validate, "mainland mobile number")


def format(number: object) -> str:
    """Return the number grouped 3-4-4, the way it is usually written."""
    text = compact(number)
    return f"{text[:3]} {text[3:7]} {text[7:]}"
