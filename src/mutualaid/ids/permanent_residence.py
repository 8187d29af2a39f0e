"""Foreigner's permanent residence ID number, 2023 card (外国人永久居留身份证, 新版永居证).

Source: the National Immigration Administration's machine-readable rules for
the card it has issued since 1 December 2023 (新版外国人永久居留身份证机读信息规则,
2023): the number follows the resident ID number's standard (GB 11643) in its
form. It has 18 characters, 17 digits and a check character computed with
ISO 7064 MOD 11-2 exactly as for a resident ID (``X`` stands for 10). The
first digit is always ``9``, which no resident ID number has (their first
digit is a region, 1 to 8), so the first digit tells the two apart. The
earlier cards (2004 and 2017 editions) had 15 characters, three Latin letters
and twelve digits, and stay valid until they expire; this module does not
check them.

What the other positions encode (the place of issue, the nationality, the
birth date, a sequence) is not checked here, and the birth date and gender
are not read from the number: a roster gives them in its own columns, as for
every ID type other than the resident ID.

>>> validate("911156198801010014")
'911156198801010014'
>>> validate(" 9111 5619 8801 0100 1４ ")
'911156198801010014'
>>> is_valid("911156198801010015"), is_valid("110105198801010014")
(False, False)
>>> check_digit("91115619880101001")
'4'
>>> format("911156198801010014")
'911156 19880101 0014'
>>> validate("110105198801010014")
Traceback (most recent call last):
...
mutualaid.errors.InvalidComponent: permanent residence ID number: first digit must be 9 (a foreigner's number); this one is a resident ID number's (Choose the ID type 居民身份证 for a resident ID number.)
"""

from __future__ import annotations

from typing import Final

from mutualaid.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from mutualaid.ids._common import clean, fail, never_raises, require_text
from mutualaid.ids.resident_id import check_digit

__all__ = ["FIRST_DIGIT", "check_digit", "compact", "format", "is_valid", "validate"]

WHAT: Final = "permanent residence ID number"
HINT: Final = "Re-type the number from the permanent residence ID card."
#: The first digit of every 2023 permanent residence ID number.
FIRST_DIGIT: Final = "9"
_LAST: Final = frozenset("0123456789X")


def compact(number: object) -> str:
    """Return the number without spaces, half-width, with an upper-case X.

    >>> compact("９１１１５６ １９８８０１０１ ００１４")
    '911156198801010014'
    """
    return clean(require_text(number, WHAT), "")


def validate(number: object) -> str:
    """Return the normalized 18 characters, or raise a subclass of InvalidIdentifier."""
    text = compact(number)
    if len(text) != 18:
        fail(InvalidLength, WHAT, "length", f"is {len(text)}, not 18", HINT, number)
    if not (text[:17].isascii() and text[:17].isdigit()):
        pos = next(i for i, ch in enumerate(text[:17], 1) if not ("0" <= ch <= "9"))
        problem = "must be a digit (only the last may be X)"
        fail(InvalidFormat, WHAT, f"character {pos}", problem, HINT, number)
    if text[17] not in _LAST:
        fail(InvalidFormat, WHAT, "check character", "must be a digit or X", HINT, number)
    if text[0] != FIRST_DIGIT:
        fail(
            InvalidComponent,
            WHAT,
            "first digit",
            "must be 9 (a foreigner's number); this one is a resident ID number's",
            "Choose the ID type 居民身份证 for a resident ID number.",
            number,
        )
    if check_digit(text[:17]) != text[17]:
        problem = "does not match the other 17 digits"
        fail(InvalidChecksum, WHAT, "check character", problem, HINT, number)
    return text


is_valid = never_raises(validate, "2023 permanent residence ID number")


def format(number: object) -> str:
    """Return the number grouped 6-8-4, as a resident ID number is."""
    text = compact(number)
    return f"{text[:6]} {text[6:14]} {text[14:]}"
