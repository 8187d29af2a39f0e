"""Reading one cell's value the way a roster column needs it.

The readers give cells as typed (see :mod:`mutualaid.roster.readers`); these
functions turn them into text, ID numbers, dates, yes/no and counts. They are
called for every cell of every row, so each takes the cheap path first.

>>> cell_text("  张三\\u3000"), cell_text(None), cell_text(3), cell_text("ＡＢ１２")
('张三', '', '3', 'AB12')
>>> id_number_cell(" 11010519491231002X ")
('11010519491231002X', False)
>>> id_number_cell(110105194912310000)        # Excel stored it as a number
('110105194912310000', True)
>>> id_number_cell("1.10105E+17")             # ... and a CSV export shows it so
('1.10105E+17', True)
>>> date_cell("1990/1/2"), date_cell(32875), date_cell(19900102), date_cell("")
(datetime.date(1990, 1, 2), datetime.date(1990, 1, 2), datetime.date(1990, 1, 2), None)
>>> bool_cell("是"), bool_cell("N"), bool_cell(None)
(True, False, None)
>>> int_cell("2"), int_cell(2.0), int_cell(" 3份 ")
(2, 2, 3)
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from mutualaid.dates import from_excel_serial, parse_date_text
from mutualaid.errors import ConversionError, InvalidDate
from mutualaid.ids.resident_id import check_digit

__all__ = ["bool_cell", "cell_text", "date_cell", "id_number_cell", "int_cell"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+")
_SERIAL = re.compile(r"[0-9]{1,7}(?:\.[0-9]+)?")
_DATE_AND_TIME = re.compile(r"(\S+)[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?")
_TRUE = frozenset(("是", "y", "yes", "true", "1", "√", "✓", "✔", "对"))
_FALSE = frozenset(("否", "n", "no", "false", "0", "×", "✗", "✘", "x", "不是"))


def cell_text(value: object) -> str:
    """A cell as text: stripped, full-width letters and digits made half-width.

    ``None`` is ``''``; whole numbers have no ``.0``; dates are ISO text.
    Zero-width characters pasted from web pages are removed.

    >>> cell_text(1.0), cell_text(2.5), cell_text(True)
    ('1', '2.5', 'TRUE')
    >>> cell_text("\\u200b张三 ")
    '张三'
    """
    if value.__class__ is str:
        text: str = value
        if text.isascii():
            return text.strip()
        return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def id_number_cell(value: object) -> tuple[str, bool]:
    """An ID number cell as text, and whether it went through a number.

    The flag is True when the cell is numeric, when its text is in scientific
    notation (``1.10105E+17``), or when it is 18 digits ending in ``000``
    whose check digit does not match: Excel keeps 15 significant digits, so
    an 18-digit ID typed into a number cell loses its last three. Validation
    reports such a number as ``id.numeric_cell`` (format the column as text
    and type the numbers again). A 15-digit first-generation number survives
    a number cell intact; it is flagged all the same.

    >>> id_number_cell(1.101011990010212e17)
    ('110101199001021200', True)
    >>> id_number_cell("110101199001021000")
    ('110101199001021000', True)
    >>> id_number_cell(None)
    ('', False)
    """
    if value.__class__ is str:
        text = cell_text(value)
        if len(text) == 18 and text.endswith("000") and text.isdigit():
            return text, check_digit(text[:17]) != text[17]
        return text, bool(_SCIENTIFIC.fullmatch(text))
    if value is None:
        return "", False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return cell_text(value), True
    return cell_text(value), False


def date_cell(value: object) -> date | None:
    """A date from a date cell, an Excel serial, or date text; ``None`` when empty.

    Text is read in the exact formats of :func:`mutualaid.dates.parse_date_text`
    (``1990-01-02``, ``1990/1/2``, ``1990.1.2``, ``19900102``, ``1990年1月2日``),
    also with a time after it (``1990-01-02 00:00:00``); a number, or text of
    up to 7 digits, is an Excel serial (CSV files saved from number cells);
    an 8-digit number is ``YYYYMMDD``.

    >>> date_cell(datetime(1990, 1, 2, 8, 30)), date_cell("1990-01-02 00:00:00")
    (datetime.date(1990, 1, 2), datetime.date(1990, 1, 2))
    >>> date_cell("32875")
    datetime.date(1990, 1, 2)
    >>> date_cell("02/01/1990")
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidDate: not a date: '02/01/1990' (Write the date as 1990-01-02, 1990/1/2, 1990.1.2, 19900102 or 1990年1月2日.)

    :raises ~mutualaid.errors.InvalidDate: the value is not a date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = cell_text(value)
        if not text:
            return None
        if _SERIAL.fullmatch(text):
            return from_excel_serial(float(text))
        both = _DATE_AND_TIME.fullmatch(text)
        return parse_date_text(both.group(1) if both else text)
    if isinstance(value, bool | time | timedelta):
        raise InvalidDate(
            f"not a date: {cell_text(value)!r}",
            hint="Type the date into the cell as 1990-01-02.",
            value=value,
        )
    if isinstance(value, int) and 10_000_000 <= value <= 99_999_999:
        return parse_date_text(str(value))
    if isinstance(value, int | float):
        return from_excel_serial(value)
    raise InvalidDate(f"not a date: {value!r}", value=value)


def bool_cell(value: object) -> bool | None:
    """Yes or no: 是/否, Y/N, yes/no, true/false, 1/0, √/×; ``None`` when empty.

    >>> bool_cell(1), bool_cell("Yes"), bool_cell(" 否 "), bool_cell(False)
    (True, True, False, False)

    :raises ~mutualaid.errors.ConversionError: any other value.
    """
    if value is None or value.__class__ is bool:
        return value
    text = cell_text(value).casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConversionError(
        f"not yes or no: {cell_text(value)!r}", hint="Write 是 or 否.", value=value
    )


def int_cell(value: object) -> int | None:
    """A whole number (e.g. shares), ``None`` when empty; ``3份`` reads as 3.

    >>> int_cell(None), int_cell("１０")
    (None, 10)

    :raises ~mutualaid.errors.ConversionError: not a whole number.
    """
    if value is None:
        return None
    if value.__class__ is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = cell_text(value).removesuffix("份").strip()
        if not text:
            return None
        if text.isdigit() or (text[:1] in "+-" and text[1:].isdigit()):
            return int(text)
        if text.endswith(".0") and text[:-2].isdigit():
            return int(text[:-2])
    raise ConversionError(
        f"not a whole number: {cell_text(value)!r}",
        hint="Write a whole number such as 1.",
        value=value,
    )
