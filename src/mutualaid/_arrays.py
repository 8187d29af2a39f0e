"""Distinct values of integer arrays, without importing :mod:`numpy.ma`.

``np.unique(values)`` (numpy 2, without ``return_index``, ``return_inverse``
or ``return_counts``) first asks ``np.ma.is_masked``, and the first such
question imports ``numpy.ma``: 15 to 20 ms, once in each process of a
``mutualaid check`` (the read-ahead child's and its parent's), for arrays of
a few hundred numbers. These helpers sort instead; they are meant for plain
integer arrays (no NaN to fold together, no masked array).

>>> import numpy as np
>>> unique(np.array([5, 1, 5, 3])).tolist()
[1, 3, 5]
>>> union(np.array([4, 2]), np.array([2, 9])).tolist()
[2, 4, 9]
>>> among(np.array([9, 2, 7, 2]), np.array([2, 9])).tolist()
[True, True, False, True]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["among", "union", "unique"]


def unique(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The distinct values of a 1-D integer array, ascending (``np.unique(values)``)."""
    ordered = np.sort(values, axis=None)
    if len(ordered) < 2:
        return ordered
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def union(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The distinct values of two 1-D integer arrays, ascending (``np.union1d(a, b)``)."""
    return unique(np.concatenate((np.ravel(a), np.ravel(b))))


def among(values: npt.NDArray[Any], table: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Which values are in ``table``, an ascending array of distinct values
    (``np.isin(values, table)``, one binary search each)."""
    if not len(table):
        return np.zeros(np.shape(values), dtype=bool)
    at = np.searchsorted(table, values)
    np.minimum(at, len(table) - 1, out=at)
    return table[at] == values  # type: ignore[no-any-return]
