"""County codes over a column at once: which ID numbers start with a code no list ever held.

The vectorized form of :func:`mutualaid.ids.divisions.is_known_division`:
the first six digits of each number are looked up (a binary search, or a
table by code for a large batch) in the dated GB/T 2260 table, and a code
counts as known when it was listed in some year up to the day of the check.
That day, not the birth date: a number keeps the code of the county where
it was first issued, and people are issued numbers where they register (at
birth, at 16, after a move), so a code created after the birth year is
normal (docs/identifiers.md).

>>> import numpy as np
>>> from datetime import date
>>> unknown_divisions(np.array(["110105198801010014", "119999198801010014",
...                              "110119200001010014", "ab"], dtype=object), date(2026, 1, 1))
array([False,  True, False,  True])
>>> unknown_divisions(np.array(["110119200001010014"], dtype=object), date(2014, 1, 1))
array([ True])

Since 0.3.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from mutualaid.ids.divisions import first_years
from mutualaid.rules.columnar.texts import fixed_width, rows_all

__all__ = ["unknown_division_codes", "unknown_divisions"]

_POWERS = 10 ** np.arange(5, -1, -1, dtype=np.int32)


@cache
def _table() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The table's codes (ascending) and the first year each was listed."""
    codes, years = first_years()
    return np.array(codes, dtype=np.int64), np.array(years, dtype=np.int64)


def unknown_divisions(numbers: npt.NDArray[np.object_], on: date) -> npt.NDArray[np.bool_]:
    """Per number, True when its first six characters are no code listed up to ``on``'s year.

    Anything whose first six characters are not digits is unknown.
    """
    n = len(numbers)
    if n == 0:
        return np.zeros(0, dtype=bool)
    chars = _heads(numbers)
    digits = rows_all(chars.view(np.uint32) <= 9)  # below "0" wraps around: not a digit
    return unknown_division_codes(np.where(digits, chars @ _POWERS, -1), on)


def unknown_division_codes(values: npt.NDArray[np.integer[Any]], on: date) -> npt.NDArray[np.bool_]:
    """Per six-digit code (-1: none), True when it is no code listed up to ``on``'s year.

    >>> unknown_division_codes(np.array([110105, 119999, -1]), date(2026, 1, 1))
    array([False,  True,  True])
    """
    if len(values) < _BY_CODE:
        codes, first = _table()
        at = np.minimum(np.searchsorted(codes, values), len(codes) - 1)
        known: npt.NDArray[np.bool_] = (
            (values >= 0) & (codes[at] == values) & (first[at] <= on.year)
        )
        return ~known
    six = (values >= 0) & (values < 1_000_000)
    return ~six | (_first_year_by_code()[np.where(six, values, 0)] > on.year)


#: From this many codes :func:`unknown_division_codes` looks each up in a table by code.
_BY_CODE = 16_384


@cache
def _first_year_by_code() -> npt.NDArray[np.int16]:
    """The first year each six-digit code was listed, by code (32767: never; 2 MB, made once)."""
    codes, first = _table()
    table = np.full(1_000_000, np.iinfo(np.int16).max, dtype=np.int16)
    table[codes] = first
    table.flags.writeable = False
    return table


def _heads(numbers: npt.NDArray[np.object_]) -> npt.NDArray[np.int32]:
    """The code points, less 48, of each number's first six characters (0 past a short one's end).

    Numbers of 18 ASCII characters (every resident ID number judged) are read
    from one separated join; others through numpy's text conversion.
    """
    grid = fixed_width(numbers.tolist(), 18)
    if grid is not None:
        return grid[:, :6].astype(np.int32) - 48
    prefixes = np.asarray(numbers, dtype="U6")  # numpy keeps the first six characters
    return prefixes.view(np.uint32).reshape(len(numbers), 6).astype(np.int32) - 48
