"""Unified social credit code, USCC (统一社会信用代码).

Source: GB 32100-2015 *Coding rule of the unified social credit identifier
for legal entities and other organizations*. Eighteen characters from a
31-symbol alphabet (digits and upper-case letters without I, O, S, V, Z):

* position 1: registration department (1 编制, 5 民政, 9 市场监管 / 工商,
  Y other; later assignments added letters such as A and N, and digits 2-8);
* position 2: organization category within that department;
* positions 3-8: administrative division of the registering authority;
* positions 9-17: entity identifier, the organization code of GB 11714;
* position 18: check character, ``31 - (sum of value_i * 3**(i-1) mod 31)``
  reduced mod 31, over positions 1-17.

We check the length, the alphabet and the check character, and nothing
else. Positions 1-8 are not required to be digits (python-stdnum's
``cn.uscc`` does require it and rejects codes of departments A, N, Y), and the
embedded organization code's own GB 11714 check is not required: GB 32100
protects the whole code with its own check character, and the licence the
unit holds is the authority (see docs/identifiers.md). The department list is
not checked either, because it grows by amendment.

>>> validate("91110000600037341L")
'91110000600037341L'
>>> validate(" 91 1100 00600037341l ")
'91110000600037341L'
>>> validate("N2370000MB12345671")
'N2370000MB12345671'
>>> check_digit("91110000600037341")
'L'
>>> organization_code("91110000600037341L")
'600037341'
>>> is_valid("91110000600037341M")
False
>>> validate("91110000600O37341L")
Traceback (most recent call last):
...
mutualaid.errors.InvalidFormat: unified social credit code: character 12 is O, a letter GB 32100 does not use (Re-type the code from the business licence or registration certificate; the code has no O: perhaps 0?)
"""

from __future__ import annotations

from typing import Final

from mutualaid.errors import InvalidChecksum, InvalidFormat, InvalidLength
from mutualaid.ids._common import clean, fail, never_raises, require_text, weighted_sum

__all__ = [
    "ALPHABET",
    "check_digit",
    "compact",
    "format",
    "is_valid",
    "organization_code",
    "validate",
]

WHAT: Final = "unified social credit code"
HINT: Final = "Re-type the code from the business licence or registration certificate."

#: The 31 code symbols; a symbol's value is its index.
ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES: Final = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS: Final = tuple(3**i % 31 for i in range(17))  # 1, 3, 9, 27, 19, 26, ...
_LOOKALIKES: Final = {"I": "1", "O": "0", "S": "5", "V": "U", "Z": "2"}


def check_digit(first17: str) -> str:
    """Return the GB 32100 check character for 17 alphabet symbols."""
    if not (type(first17) is str and len(first17) == 17 and all(ch in _VALUES for ch in first17)):
        problem = "must be 17 characters of the code's alphabet"
        fail(InvalidFormat, WHAT, "characters before the check character", problem, HINT, first17)
    total = weighted_sum(first17, _VALUES, _WEIGHTS)
    return ALPHABET[-total % 31]


def compact(number: object) -> str:
    """Return the code without spaces or hyphens, upper-case, half-width.

    >>> compact("９１１１００００６０００３７３４１Ｌ")
    '91110000600037341L'
    """
    return clean(require_text(number, WHAT), "-")


def validate(number: object) -> str:
    """Return the normalized code, or raise a subclass of InvalidIdentifier."""
    text = compact(number)
    if len(text) != 18:
        fail(InvalidLength, WHAT, "length", f"is {len(text)}, not 18", HINT, number)
    for pos, ch in enumerate(text, 1):
        if ch in _LOOKALIKES:
            hint = f"{HINT[:-1]}; the code has no {ch}: perhaps {_LOOKALIKES[ch]}?"
            problem = f"is {ch}, a letter GB 32100 does not use"
            fail(InvalidFormat, WHAT, f"character {pos}", problem, hint, number)
        if ch not in _VALUES:
            problem = "must be a digit or an upper-case letter"
            fail(InvalidFormat, WHAT, f"character {pos}", problem, HINT, number)
    if check_digit(text[:17]) != text[17]:
        fail(
            InvalidChecksum,
            WHAT,
            "check character",
            "does not match the other 17 characters",
            HINT,
            number,
        )
    return text


is_valid = never_raises(validate, "USCC")


def organization_code(number: object) -> str:
    """Return positions 9-17, the entity identifier (organization code), of a valid USCC."""
    return validate(number)[8:17]


def format(number: object) -> str:
    """Return the code as printed on a licence: 18 characters, no separators."""
    return compact(number)
