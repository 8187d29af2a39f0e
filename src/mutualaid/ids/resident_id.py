"""Resident ID number (公民身份号码, 居民身份证号码).

Source: GB 11643-1999 *Citizen identification number*. Eighteen characters:

* positions 1-6: address code, the county-level division of GB/T 2260 where
  the number was first issued (we check the province part only, see below);
* positions 7-14: birth date ``YYYYMMDD``;
* positions 15-17: sequence code, odd for men and even for women;
* position 18: check character, ISO 7064 MOD 11-2 over positions 1-17
  (``X`` stands for 10).

Numbers of the first-generation card (GB 11643-1989) have 15 digits and a
two-digit year; :func:`compact` upgrades them by inserting ``19`` and computing
the check character.

Only the first two digits of the address code are checked, against the
province-level codes of GB/T 2260 plus 71 (Taiwan), 81 (Hong Kong),
82 (Macao) and 83 (Taiwan residents' residence permits, which use the same
number scheme). County codes are *not* looked up: a number keeps the county
code it was issued under even after the county is renamed, merged or
renumbered, so a lookup table rejects real people. (An unknown county code
is worth a warning, though: :func:`mutualaid.ids.divisions.is_known_division`.)
A number starting with 9 is a foreigner's permanent residence ID (the 2023
card, :mod:`mutualaid.ids.permanent_residence`), and the error says so.

>>> validate("11010519491231002x")
'11010519491231002X'
>>> validate("110105491231002")          # 15-digit first-generation number
'11010519491231002X'
>>> validate("１１０１０５ １９４９１２３１ ００２Ｘ")
'11010519491231002X'
>>> check_digit("11010519491231002")
'X'
>>> is_valid("110105194912310021")
False
>>> format("11010519491231002X")
'110105 19491231 002X'
>>> rid = parse("11010519491231002X")
>>> rid
ResidentId('110105********002X')
>>> rid.birth_date, rid.gender, rid.region_code
(datetime.date(1949, 12, 31), 'female', '110105')
>>> rid.number
'11010519491231002X'
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

import attrs

from mutualaid.dates import require_date
from mutualaid.errors import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)
from mutualaid.ids._common import clean, fail, require_text
from mutualaid.privacy import mask_id_number

__all__ = [
    "MIN_BIRTH_DATE",
    "PROVINCE_CODES",
    "ResidentId",
    "check_digit",
    "compact",
    "format",
    "is_valid",
    "parse",
    "validate",
]

WHAT: Final = "resident ID number"
HINT: Final = "Re-type the number from the ID card."

#: First two digits of a valid address code (GB/T 2260 provinces, 71, 81-83).
PROVINCE_CODES: Final = frozenset(
    str(code)
    for code in (
        *range(11, 16),  # north: Beijing .. Inner Mongolia
        *range(21, 24),  # north-east: Liaoning, Jilin, Heilongjiang
        *range(31, 38),  # east: Shanghai .. Shandong
        *range(41, 47),  # centre and south: Henan .. Hainan
        *range(50, 55),  # south-west: Chongqing .. Tibet
        *range(61, 66),  # north-west: Shaanxi .. Xinjiang
        71,  # Taiwan
        81,  # Hong Kong
        82,  # Macao
        83,  # Taiwan residents' residence permit
    )
)

#: Earliest birth date accepted: GB 11643 writes the century as 18, 19 or 20, and its
#: own example (440524188001010014) was born in 1880, so the floor is 1800-01-01.
MIN_BIRTH_DATE: Final = date(1800, 1, 1)

_CHECK_CHARS: Final = "10X98765432"  # indexed by (weighted sum mod 11)
_DIGITS: Final = frozenset("0123456789")
_LAST: Final = frozenset("0123456789X")
_BIRTH_DATES: dict[str, date] = {}  # "YYYYMMDD" -> date; bounded by _MAX_CACHED
_MAX_CACHED: Final = 100_000


@attrs.frozen(repr=False)
class ResidentId:
    """A parsed, valid resident ID number; ``repr`` and ``str`` mask the number.

    Make one with :func:`parse` (``mutualaid.ids.parse_resident_id``). The full
    number is revealed only by reading :attr:`number`.
    """

    number: str
    birth_date: date
    gender: Literal["male", "female"]
    region_code: str

    def __repr__(self) -> str:
        return f"ResidentId({mask_id_number(self.number)!r})"

    def __str__(self) -> str:
        return mask_id_number(self.number)


def check_digit(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for 17 ASCII digits.

    The weights 7, 9, 10, 5, ... are 2**k mod 11; since 13 = 2 (mod 11),
    reading the digits as a base-13 number gives the weighted sum in C speed.

    >>> check_digit("44052418800101001")
    '4'
    """
    if not (
        type(first17) is str and len(first17) == 17 and first17.isascii() and first17.isdigit()
    ):
        fail(InvalidFormat, WHAT, "first 17 characters", "must be 17 digits", HINT, first17)
    return _CHECK_CHARS[2 * int(first17, 13) % 11]


def _birth_date(text: str, raw: object) -> date:
    ymd = text[6:14]
    born = _BIRTH_DATES.get(ymd)
    if born is None:
        try:
            born = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
        except ValueError:
            fail(InvalidComponent, WHAT, "birth date", "is not a real date", HINT, raw)
        if born < MIN_BIRTH_DATE:
            fail(
                InvalidComponent, WHAT, "birth date", f"is before {MIN_BIRTH_DATE.year}", HINT, raw
            )
        if len(_BIRTH_DATES) < _MAX_CACHED:
            _BIRTH_DATES[ymd] = born
    return born


def _slow_compact(raw: object) -> str:
    """Normalize anything that is not already 17 ASCII digits + digit/X."""
    text = clean(require_text(raw, WHAT), "")
    n = len(text)
    if n == 15:
        if not (text.isascii() and text.isdigit()):
            _bad_chars(text, 15, raw)
        text = text[:6] + "19" + text[6:]
        return text + check_digit(text)
    if n != 18:
        extra = " (the check character may be missing)" if n == 17 else ""
        fail(InvalidLength, WHAT, "length", f"is {n}, not 18 or 15{extra}", HINT, raw)
    if not (text[:17].isascii() and text[:17].isdigit()):
        _bad_chars(text, 17, raw)
    if text[17] not in _LAST:
        fail(InvalidFormat, WHAT, "check character", "must be a digit or X", HINT, raw)
    return text


def _bad_chars(text: str, count: int, raw: object) -> None:
    pos = next(i for i, ch in enumerate(text[:count], 1) if ch not in _DIGITS)
    fail(
        InvalidFormat,
        WHAT,
        f"character {pos}",
        "must be a digit (only the last may be X)",
        HINT,
        raw,
    )


def compact(number: object) -> str:
    """Return the 18-character form: spaces removed, half-width, 15 digits upgraded.

    Only the shape is checked (length and characters), not the content.

    >>> compact(" 110105 491231 002\\t")
    '11010519491231002X'
    """
    if type(number) is str and len(number) == 18:
        head = number[:17]
        if head.isdigit() and head.isascii() and number[17] in _LAST:
            return number
    return _slow_compact(number)


def parse(number: object, *, on: date | None = None) -> ResidentId:
    """Parse a resident ID number, or raise a subclass of InvalidIdentifier.

    ``on``, when given, is the date the number is used at: a birth date after
    it is rejected. It must be a :class:`datetime.date`; a ``datetime`` is
    refused with :class:`~mutualaid.errors.InvalidDate`, as by every function
    of the library that judges on a day (take its ``.date()``).

    >>> parse("11010519491231002X", on=date(1949, 12, 30))
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidComponent: resident ID number: birth date is after 1949-12-30 (Re-type the number from the ID card.)
    """
    if on is not None and on.__class__ is not date:
        require_date(on, "parse_resident_id(on)", optional=True)
    text = compact(number)
    if text[0] == "9" and _CHECK_CHARS[2 * int(text[:17], 13) % 11] == text[17]:
        fail(
            InvalidComponent,
            WHAT,
            "first digit",
            "is 9: this is a foreigner's permanent residence ID number (2023 card)",
            "Choose the ID type 外国人永久居留身份证 for it.",
            number,
        )
    if text[:2] not in PROVINCE_CODES:
        fail(
            InvalidComponent,
            WHAT,
            "region code",
            f"{text[:2]}**** is not a province of China",
            HINT,
            number,
        )
    born = _birth_date(text, number)
    if on is not None and born > on:
        fail(InvalidComponent, WHAT, "birth date", f"is after {on.isoformat()}", HINT, number)
    if _CHECK_CHARS[2 * int(text[:17], 13) % 11] != text[17]:
        fail(
            InvalidChecksum,
            WHAT,
            "check character",
            "does not match the other 17 digits",
            HINT,
            number,
        )
    return ResidentId(text, born, "male" if text[16] in "13579" else "female", text[:6])


def validate(number: object, *, on: date | None = None) -> str:
    """Return the normalized 18-character number, or raise InvalidIdentifier."""
    return parse(number, on=on).number


def is_valid(number: object, *, on: date | None = None) -> bool:
    """Return whether ``number`` is a valid resident ID number; never raises."""
    try:
        parse(number, on=on)
    except InvalidIdentifier:
        return False
    return True


def format(number: object) -> str:
    """Return the number grouped 6-8-4 (region, birth date, sequence + check)."""
    text = compact(number)
    return f"{text[:6]} {text[6:14]} {text[14:]}"
