"""``mutualaid._arrays``: numpy's set operations on integer arrays, without numpy.ma.

Each helper gives what numpy's own function gives (hypothesis draws the arrays);
``tests/test_startup.py`` holds that a check no longer imports numpy.ma.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mutualaid._arrays import among, union, unique

_DTYPES = st.sampled_from([np.int8, np.int32, np.int64, np.uint64, np.intp])


@st.composite
def _integers(draw: st.DrawFn, dtype: Any = None) -> npt.NDArray[Any]:
    kind = dtype or draw(_DTYPES)
    size = draw(st.integers(0, 60))
    return draw(hnp.arrays(kind, size, elements=hnp.from_dtype(np.dtype(kind))))


@given(_integers())
def test_unique_is_numpys(values: npt.NDArray[Any]) -> None:
    got = unique(values)
    assert got.dtype == values.dtype
    assert got.tolist() == np.unique(values).tolist()


@given(_DTYPES.flatmap(lambda d: st.tuples(_integers(d), _integers(d))))
def test_union_is_numpys(pair: tuple[npt.NDArray[Any], npt.NDArray[Any]]) -> None:
    a, b = pair
    assert union(a, b).tolist() == np.union1d(a, b).tolist()


@given(_DTYPES.flatmap(lambda d: st.tuples(_integers(d), _integers(d))))
def test_among_is_numpys_isin(pair: tuple[npt.NDArray[Any], npt.NDArray[Any]]) -> None:
    values, table = pair
    got = among(values, np.unique(table))
    assert got.dtype == np.bool_
    assert got.tolist() == np.isin(values, table).tolist()


def test_among_an_empty_table_is_nothing() -> None:
    assert among(np.array([1, 2]), np.array([], dtype=np.int64)).tolist() == [False, False]
