"""Helpers shared by the identifier modules (private).

Normalization is one ``str.translate`` call: full-width digits and letters
become ASCII, lower-case letters become upper-case, and every kind of space
(ASCII space, tab, line breaks, NBSP, the full-width space U+3000, zero-width
space, BOM) is deleted.

>>> clean("１１０１ ０５\\u3000x", "")
'110105X'
>>> clean("d2143569-x", "-")
'D2143569X'
>>> masked_detail("110105194912310021")
'110105********0021'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NoReturn

from mutualaid.errors import InvalidFormat, InvalidIdentifier, InvalidLength
from mutualaid.privacy import mask_id_number

__all__ = [
    "SPACES",
    "clean",
    "fail",
    "masked_detail",
    "never_raises",
    "require_text",
    "weighted_sum",
]

#: Characters removed wherever they appear (spaces people and spreadsheets add).
SPACES = " \t\n\r\v\f\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff"

_BASE: dict[int, int | None] = {ord(ch): None for ch in SPACES}
# Full-width digits and letters (U+FF10..U+FF19, U+FF21..U+FF3A, U+FF41..U+FF5A).
_BASE.update({0xFF10 + i: ord("0") + i for i in range(10)})
_BASE.update({0xFF21 + i: ord("A") + i for i in range(26)})
_BASE.update({0xFF41 + i: ord("A") + i for i in range(26)})
_BASE.update({ord("a") + i: ord("A") + i for i in range(26)})

_TABLES: dict[str, dict[int, int | None]] = {}


def _table(delete: str) -> dict[int, int | None]:
    table = _TABLES.get(delete)
    if table is None:
        table = dict(_BASE)
        for ch in delete:
            table[ord(ch)] = None
        # The full-width forms of the deleted separators go too.
        for ch in delete:
            if "!" <= ch <= "~":
                table[ord(ch) + 0xFEE0] = None
        _TABLES[delete] = table
    return table


def clean(text: str, delete: str) -> str:
    """Return ``text`` upper-cased, half-width, without spaces or ``delete`` chars."""
    return text.translate(_table(delete))


#: Longest raw text quoted (masked) in an error's details.
_MAX_DETAIL = 40


def masked_detail(value: object) -> str:
    """Masked form of a bad value, safe for logs (never the full number)."""
    if not isinstance(value, str):
        return f"<{type(value).__name__}>"
    text = value if len(value) <= _MAX_DETAIL else value[:_MAX_DETAIL] + "…"
    return mask_id_number(text)


def fail(
    kind: type[InvalidIdentifier],
    what: str,
    part: str,
    problem: str,
    hint: str,
    value: object,
) -> NoReturn:
    """Raise ``kind`` saying which ``part`` of the ``what`` is wrong, with a hint.

    The error's ``details`` hold ``part`` and the *masked* ``value`` only:
    errors end up in logs, so they never carry the full number.

    >>> fail(InvalidLength, "mobile number", "length", "is 3, not 11", "Re-type it.", "139")
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidLength: mobile number: length is 3, not 11 (Re-type it.)
    """
    raise kind(
        f"{what}: {part} {problem}",
        hint=hint,
        value=masked_detail(value),
        part=part,
    )


def require_text(value: object, what: str) -> str:
    """Return ``value`` if it is a ``str``; raise :class:`InvalidFormat` otherwise."""
    if isinstance(value, str):
        return value
    if value is None:
        fail(InvalidLength, what, "value", "is empty", f"Fill in the {what}.", value)
    fail(
        InvalidFormat,
        what,
        "value",
        f"must be text, not {type(value).__name__}",
        "Format the spreadsheet column as text so long numbers keep every digit.",
        value,
    )


def weighted_sum(text: str, values: Mapping[str, int], weights: Sequence[int]) -> int:
    """Sum of each character's value times its position's weight.

    >>> weighted_sum("1A", {"1": 1, "A": 10}, (3, 7))
    73
    """
    return sum(values[ch] * w for ch, w in zip(text, weights, strict=True))


def never_raises(validate: Callable[[object], object], what: str) -> Callable[[object], bool]:
    """Make the ``is_valid`` of a module from its ``validate``.

    >>> is_valid = never_raises(lambda n: fail(InvalidLength, "code", "length", "is 0", "", n), "code")
    >>> is_valid(None), is_valid.__doc__
    (False, 'Return whether ``number`` is a valid code; never raises.')
    """

    def is_valid(number: object) -> bool:
        try:
            validate(number)
        except InvalidIdentifier:
            return False
        return True

    is_valid.__doc__ = f"Return whether ``number`` is a valid {what}; never raises."
    return is_valid
