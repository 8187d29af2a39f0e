"""Organization code (组织机构代码).

Source: GB 11714-1997 *Rules of coding for the representation of
organizations*. Nine characters: an eight-character body of digits and
upper-case Latin letters, then a check character. Certificates print a hyphen
before the check character (``D2143569-X``).

The check character is ``C9 = 11 - (sum of value_i * W_i mod 11)`` with
weights ``W = 3, 7, 9, 10, 5, 8, 4, 2``, digit values 0-9 and letter values
``A = 10 ... Z = 35``; ``C9 = 10`` is written ``X`` and ``C9 = 11`` is ``0``.

Limit of the standard: letter values reach 35, so two body characters whose
values differ by 11, 22 or 33 (``0``/``B``, ``1``/``C``, ``A``/``L``, ``B``/``W``...)
give the same check character. Such a substitution cannot be detected:

>>> validate("D2143569-X")
'D2143569X'
>>> validate("22143569X")   # D (13) mistyped as 2: 13 - 2 = 11, undetected
'22143569X'

Since 2015 the code lives on inside the USCC (positions 9-17), see
:mod:`mutualaid.ids.uscc`.

>>> check_digit("D2143569")
'X'
>>> format("d2143569x")
'D2143569-X'
>>> is_valid("D2143569-1")
False
"""

from __future__ import annotations

from typing import Final

from mutualaid.errors import InvalidChecksum, InvalidFormat, InvalidLength
from mutualaid.ids._common import clean, fail, never_raises, require_text, weighted_sum

__all__ = ["check_digit", "compact", "format", "is_valid", "validate"]

WHAT: Final = "organization code"
HINT: Final = "Re-type the code from the organization code certificate."

_VALUES: Final = {ch: i for i, ch in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
_CHECK: Final = "0123456789X0"  # indexed by 11 - (sum mod 11), 1..11


def check_digit(body: str) -> str:
    """Return the GB 11714 check character for an eight-character body."""
    if not (type(body) is str and len(body) == 8 and all(ch in _VALUES for ch in body)):
        problem = "must be 8 characters of the code's alphabet"
        fail(InvalidFormat, WHAT, "characters before the check character", problem, HINT, body)
    total = weighted_sum(body, _VALUES, _WEIGHTS)
    return _CHECK[11 - total % 11]


def compact(number: object) -> str:
    """Return the code without spaces or hyphens, upper-case, half-width.

    >>> compact(" ｄ２１４３５６９－ｘ ")
    'D2143569X'
    """
    return clean(require_text(number, WHAT), "-")


def validate(number: object) -> str:
    """Return the normalized nine characters, or raise a subclass of InvalidIdentifier."""
    text = compact(number)
    if len(text) != 9:
        fail(InvalidLength, WHAT, "length", f"is {len(text)}, not 9", HINT, number)
    for pos, ch in enumerate(text[:8], 1):
        if ch not in _VALUES:
            problem = "must be a digit or an upper-case letter"
            fail(InvalidFormat, WHAT, f"character {pos}", problem, HINT, number)
    if text[8] not in "0123456789X":
        fail(InvalidFormat, WHAT, "check character", "must be a digit or X", HINT, number)
    if check_digit(text[:8]) != text[8]:
        problem = "does not match the other 8 characters"
        fail(InvalidChecksum, WHAT, "check character", problem, HINT, number)
    return text


is_valid = never_raises(validate, "organization code")


def format(number: object) -> str:
    """Return the code as printed on a certificate: body, hyphen, check character."""
    text = compact(number)
    return f"{text[:8]}-{text[8:]}"
