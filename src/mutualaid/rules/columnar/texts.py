"""Columns of short texts as arrays of code points, and the digit tests made on them.

The readers of ID numbers, county codes, mobiles and one-character closed
lists all ask the same question of a column of cells: is every cell text of
``width`` characters, and if so, what are its characters as integers?
:func:`fixed_width` answers it with one join, U+001F between the cells, at
C speed: the separators fall every ``width + 1`` characters, and nowhere
else, exactly when it is so. :func:`ascii_digits` and :func:`rows_all` then
tell which rows of such an array are digits.

>>> fixed_width(["12", "3X"], 2).tolist()
[[49, 50], [51, 88]]
>>> fixed_width(["12", "3"], 2) is None, fixed_width(["12", 3], 2) is None
(True, True)
>>> fixed_width(["男", "女"], 1).ravel().tolist()
[30007, 22899]

Since 0.4.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["ascii_digits", "code_points", "fixed_width", "rows_all"]

_SEPARATOR = "\x1f"
#: Rows :func:`rows_all` looks at in one step (bounded temporary arrays).
_BLOCK_ROWS = 1 << 16


def code_points(text: str) -> npt.NDArray[np.integer[Any]]:
    """``text``'s code points (bytes when it is ASCII)."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def fixed_width(texts: Sequence[object], width: int) -> npt.NDArray[np.integer[Any]] | None:
    """The code points of ``texts`` as an ``(n, width)`` array (``uint8`` when all ASCII), or
    ``None`` unless every one is text of ``width`` characters (a cell may hold U+001F itself)."""
    n = len(texts)
    if not n:
        return np.zeros((0, width), dtype=np.uint8)
    try:
        joined = _SEPARATOR.join(texts)  # type: ignore[arg-type]
    except TypeError:  # a cell that is not text
        return None
    if len(joined) != n * (width + 1) - 1 or joined.count(_SEPARATOR) != n - 1:
        return None
    grid = code_points(joined + _SEPARATOR).reshape(n, width + 1)
    return grid[:, :width] if (grid[:, width] == 0x1F).all() else None


def ascii_digits(points: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.bool_]:
    """Which code points are the ASCII digits 0 to 9.

    >>> ascii_digits(np.array([47, 48, 57, 58, 0xFF10], dtype=np.uint32)).tolist()
    [False, True, True, False, False]
    """
    if points.dtype.kind == "u":  # one comparison: below "0" wraps around past 9
        return (points - points.dtype.type(48)) <= 9
    return (points >= 48) & (points <= 57)


def rows_all(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``mask.all(axis=1)`` of a 2-D mask, made by finding its false items.

    numpy reduces a short row at a time, which on a million rows of a few
    columns is several times slower than finding the (usually few) false
    items of the whole and marking their rows (a block of rows at a time).

    >>> rows_all(np.array([[True, True], [True, False], [False, False]])).tolist()
    [True, False, False]
    """
    n, width = mask.shape
    out = np.ones(n, dtype=bool)
    if not width:
        return out
    for first in range(0, n, _BLOCK_ROWS):
        false = np.flatnonzero(~mask[first : first + _BLOCK_ROWS])
        out[false // width + first] = False
    return out
