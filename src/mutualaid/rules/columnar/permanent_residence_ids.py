"""Foreigners' permanent residence ID numbers (2023 card) checked over a column at once.

The vectorized form of :func:`mutualaid.ids.permanent_residence.validate`:
18 characters, 17 digits and a digit or ``X``, first digit 9, and the
ISO 7064 MOD 11-2 check character of a resident ID number. The problem codes
extend :mod:`~mutualaid.rules.columnar.resident_ids`' (one ``id_problem``
column holds both): :data:`~mutualaid.rules.columnar.resident_ids.BAD_LAST`
and :data:`~mutualaid.rules.columnar.resident_ids.CHECKSUM` mean what they
mean there; :data:`BAD_SHAPE` and :data:`NOT_NINE` are this card's.

>>> import numpy as np
>>> check_permanent_residence_ids(np.array(["911156198801010014", "911156198801010015",
...     "110105198801010014", "91115619880101001", "91115619880101001A"], dtype=object)).tolist()
[0, 3, 7, 8, 2]

Since 0.3.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from mutualaid.ids import permanent_residence as _pr
from mutualaid.rules.columnar import resident_ids as _ids
from mutualaid.rules.columnar.texts import ascii_digits, rows_all

__all__ = ["BAD_SHAPE", "NOT_NINE", "check_permanent_residence_ids"]

#: the first digit is not 9 (a resident ID number's region, most likely)
NOT_NINE: Final = 7
#: not 18 characters, or a character other than a digit among the first 17
BAD_SHAPE: Final = 8

_WEIGHTS: Final = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_CHECK: Final = np.frombuffer(b"10X98765432", dtype=np.uint8).astype(np.int64)
_NINE: Final = ord(_pr.FIRST_DIGIT)


def check_permanent_residence_ids(numbers: npt.NDArray[np.object_]) -> npt.NDArray[np.int8]:
    """Per number, ``resident_ids.OK`` (0) or the first failing check (text as the cells hold it)."""
    n = len(numbers)
    problem = np.zeros(n, dtype=np.int8)
    if n == 0:
        return problem
    texts = numbers.tolist()
    shaped = np.fromiter((t.__class__ is str and len(t) == 18 for t in texts), bool, count=n)
    problem[~shaped] = BAD_SHAPE
    at = np.flatnonzero(shaped)
    if len(at) == 0:
        return problem
    chars = np.asarray(numbers[at], dtype="U18").view(np.uint32).reshape(len(at), 18)
    chars = chars.astype(np.int64)
    digits = rows_all(ascii_digits(chars[:, :17]))
    last = chars[:, 17]
    found = np.where(digits, _ids.OK, BAD_SHAPE).astype(np.int8)
    found[(found == _ids.OK) & ~(ascii_digits(last) | (last == 88))] = _ids.BAD_LAST
    found[(found == _ids.OK) & (chars[:, 0] != _NINE)] = NOT_NINE
    expected = _CHECK[((np.clip(chars[:, :17] - 48, 0, 9)) @ _WEIGHTS) % 11]
    found[(found == _ids.OK) & (expected != last)] = _ids.CHECKSUM
    problem[at] = found
    return problem
