"""Masking of personal data (ID numbers, mobiles, bank accounts).

Model classes use these functions for their ``repr`` and ``str``, default
exports use them for their cells, and log messages use them for values.
Revealing the full value always takes an explicit call on the owning object
(for example ``member.id_number``), never an implicit ``repr``.

>>> mask_id_number("11010519491231002X")
'110105********002X'
>>> mask_mobile("13912345678")
'139****5678'
>>> mask_account("6222021234567890123")
'6222***********0123'
>>> mask_id_number(None)
''

Layer 1: imports nothing from the rest of the package.
"""

from __future__ import annotations

__all__ = ["mask_account", "mask_id_number", "mask_mobile", "mask_text"]


def mask_text(value: str | None, keep_start: int, keep_end: int, fill: str = "*") -> str:
    """Keep ``keep_start`` leading and ``keep_end`` trailing characters; star the rest.

    The length is kept and the middle is always hidden. When fewer than a third
    of the characters (or none) would be hidden, the whole value is starred.

    >>> mask_text("abcdefgh", 2, 2)
    'ab****gh'
    >>> mask_text("abc", 2, 2)
    '***'
    """
    if not value:
        return ""
    text = str(value)
    hidden = len(text) - keep_start - keep_end
    if hidden < max(1, len(text) // 3):
        return fill * len(text)
    return text[:keep_start] + fill * hidden + text[len(text) - keep_end :]


def mask_id_number(value: str | None) -> str:
    """Mask an ID number: region code (6) and last 4 kept, birth date hidden.

    Other ID types (passports, permits) keep their first 2 and last 2 characters.

    >>> mask_id_number("110105194912310021")
    '110105********0021'
    >>> mask_id_number("E12345678")
    'E1*****78'
    """
    if not value:
        return ""
    text = str(value)
    if len(text) in (15, 18):
        return mask_text(text, 6, 4 if len(text) == 18 else 3)
    return mask_text(text, 2, 2)


def mask_mobile(value: str | None) -> str:
    """Mask a mobile number: first 3 and last 4 digits kept.

    >>> mask_mobile("+86 139 1234 5678")
    '139****5678'
    >>> mask_mobile("0086-13912345678")
    '139****5678'
    """
    if not value:
        return ""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    if len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) == 11:
        return mask_text(digits, 3, 4)
    return mask_text(digits or str(value), 2, 2)


def mask_account(value: str | None) -> str:
    """Mask a bank account number: first 4 and last 4 kept.

    >>> mask_account("1234")
    '****'
    """
    if not value:
        return ""
    text = "".join(str(value).split())
    return mask_text(text, 4, 4)
