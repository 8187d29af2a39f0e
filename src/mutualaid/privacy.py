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
>>> mask_message("证件号码 11010519491231002x 与手机 +86 139-1234-5678 重复")
'证件号码 110105********002X 与手机 139****5678 重复'

Layer 1: imports nothing from the rest of the package.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Final

__all__ = [
    "MESSAGE_RUN",
    "mask_account",
    "mask_id_number",
    "mask_message",
    "mask_mobile",
    "mask_text",
    "masked_data",
    "quoted",
]


def _as_text(value: object) -> str:
    """``str(value)``, also for an int past 4,300 digits, a deep list or a failing ``__str__``."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 10_000:
        return str(Decimal(value))  # Decimal prints any int; Python's int refuses 4,300+ digits
    try:
        return str(value)
    except Exception:  # RecursionError on a deep list, a foreign object's broken __str__
        return f"<{type(value).__name__}>"


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
    text = _as_text(value)
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
    text = _as_text(value)
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
    digits = "".join(ch for ch in _as_text(value) if ch.isdigit())
    if len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) == 11:
        return mask_text(digits, 3, 4)
    return mask_text(digits or _as_text(value), 2, 2)


def mask_account(value: str | None) -> str:
    """Mask a bank account number: first 4 and last 4 kept.

    >>> mask_account("1234")
    '****'
    """
    if not value:
        return ""
    text = "".join(_as_text(value).split())
    return mask_text(text, 4, 4)


# --- the one masking rule for messages ------------------------------------------

_DIGIT: Final = "0-9\uff10-\uff19"  # ASCII and full-width digits
#: What may stand between two digits of a run: the spaces the identifier parsers
#: delete (tabs, line breaks, NBSP, ideographic and zero-width spaces, BOM) and
#: hyphens or dashes.
_SEPARATORS: Final = (
    " \t\n\r\v\f\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff-\u2010\u2011\u2012\u2013\u2014\uff0d"
)
_SEP: Final = "[" + re.escape(_SEPARATORS) + "]"
#: Shortest run of digits (separators apart, a trailing X counted) that is masked.
MESSAGE_RUN: Final = 11
#: A run of at least 10 digits, separated by any number of spaces or hyphens,
#: after an optional ``+`` and before an optional check character X. Linear:
#: separators and digits are disjoint, so each character is read once. Shorter
#: runs fail inside the regular expression, without a call to Python.
_RUN: Final = re.compile(
    f"(?:[+\uff0b]{_SEP}*)?[{_DIGIT}](?:{_SEP}*[{_DIGIT}]){{{MESSAGE_RUN - 2},}}"
    f"(?:{_SEP}*[xX\uff38\uff58])?"
)
_PRECHECK: Final = re.compile(f"[{_DIGIT}]")
_COMPACT: Final = {ord(ch): None for ch in _SEPARATORS + "+\uff0b"} | {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    ord("x"): ord("X"),
    0xFF38: ord("X"),
    0xFF58: ord("X"),
}
_MOBILE: Final = re.compile("(?:0086|86)?(1[3-9][0-9]{9})")


def _mask_run(match: re.Match[str]) -> str:
    run = match.group()
    compact = run.translate(_COMPACT)
    if len(compact) < MESSAGE_RUN:
        return run
    mobile = _MOBILE.fullmatch(compact)
    if mobile is not None:
        return mask_text(mobile.group(1), 3, 4)
    if len(compact) in (15, 18):
        return mask_id_number(compact)
    start = match.start()
    before = match.string[max(0, start - 2) : start]
    if before[-1:] in ("-", "_", "/"):  # JF-2026..., P_0001...
        before = before[:-1]
    before = before[-1:]
    if before.isascii() and before.isalpha() and before not in "Xx":
        return run  # the digits of a code such as JF1854696125211172864: not personal
    return mask_text(compact, 2, 2)


def mask_message(text: str) -> str:
    """Mask every ID number, mobile or other long number inside a message.

    The one rule for text shown to people or written to logs (error and
    finding messages): every run of at least :data:`MESSAGE_RUN` (11) digits
    is masked, where a run may be written in full-width digits, split by
    spaces (any number, tabs and zero-width spaces too) or hyphens, and end
    with a check character ``X`` or ``x``.
    A run that reads as a mobile (11 digits from 13-19, after a ``+86``,
    ``0086`` or ``86``) keeps its first 3 and last 4 digits; one of 15 or 18
    characters (a resident ID, a permanent residence ID, a residence permit)
    keeps its region code and last 4 (3); any other long run (a bank account,
    a number with digits missing or added) keeps its first and last 2, unless
    it follows a Latin letter (other than X), directly or after one ``-``,
    ``_`` or ``/``: then it is the number part of a code such as a payment
    notice's ``JF1854696125211172864`` and is left alone. The masked run is
    written compactly (no separators, ASCII).

    Runs shorter than 11 digits (row numbers, amounts, dates, ages) are left
    alone, and so is a message without digits: that common case costs one
    scan for a digit.

    >>> mask_message("row 7: 110105 19491231 002x is already on the roster")
    'row 7: 110105********002X is already on the roster'
    >>> mask_message("１３９１２３４５６７８")
    '139****5678'
    >>> mask_message("account 6222 0212 3456 7890 123, amount 1,234.50")
    'account 62***************23, amount 1,234.50'
    >>> mask_message("notice JF1854696125211172864 (BD-2026-00000001), member 8613912345678")
    'notice JF1854696125211172864 (BD-2026-00000001), member 139****5678'
    >>> mask_message("年龄 66 岁，超过 65 岁")
    '年龄 66 岁，超过 65 岁'
    """
    if type(text) is not str:
        text = _as_text(text)
    if _PRECHECK.search(text) is None:
        return text
    return _RUN.sub(_mask_run, text)


def masked_data(value: Any, *, depth: int = 0) -> Any:
    """``value`` with :func:`mask_message` applied to every text inside it.

    Walks ``str``, ``list``, ``tuple`` and ``dict`` (keys and values) down to a
    depth of 20; anything else, and any text with nothing to mask, is returned
    as it is.

    >>> masked_data({"value": "13912345678", "errors": [("row", "id 11010519491231002X")]})
    {'value': '139****5678', 'errors': [('row', 'id 110105********002X')]}
    """
    if isinstance(value, str):
        masked = mask_message(value)
        return value if masked == value else masked  # a StrEnum stays itself
    if depth >= 20:
        return value
    if isinstance(value, list):
        return [masked_data(v, depth=depth + 1) for v in value]
    if isinstance(value, tuple):
        return tuple(masked_data(v, depth=depth + 1) for v in value)
    if isinstance(value, dict):
        return {
            masked_data(k, depth=depth + 1): masked_data(v, depth=depth + 1)
            for k, v in value.items()
        }
    return value


#: Longest ``repr`` :func:`quoted` gives before cutting it short.
QUOTE_LIMIT: Final = 60


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """The ``repr`` of a bad value for a message: short, masked, and always computable.

    A text longer than ``limit`` is cut (with ``…``), a huge integer or
    ``Decimal`` is described instead of printed (Python refuses to print an
    int of more than 4,300 digits), and the result goes through
    :func:`mask_message`.

    >>> quoted("abc"), quoted(10**5000), quoted("x" * 100, limit=5)
    ("'abc'", '<an integer of 5001 digits>', "'xxxxx…'")
    >>> quoted("13912345678")
    "'139****5678'"
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        digits = len(str(abs(value))) if value.bit_length() < 14_000 else None
        if digits is None:  # log10(2) = 0.30103: the count of digits, without printing them
            low = int((value.bit_length() - 1) * 0.30102999566398)  # floor(log10), or one less
            digits = low + 2 if abs(value) >= 10 ** (low + 1) else low + 1
        return f"<an integer of {digits} digits>"
    if isinstance(value, str):
        text = repr(value[:limit] + "…") if len(value) > limit else repr(value)
    else:
        try:
            text = repr(value)
        except Exception:  # a foreign object whose repr fails, or a huge Decimal...
            text = f"<{type(value).__name__}>"
        if len(text) > limit:
            text = text[:limit] + "…"
    return mask_message(text)
