"""Resident ID numbers (GB 11643) decoded over a column at once.

:func:`decode_resident_ids` takes ID numbers already reduced to 18
characters (``X`` upper case) and returns, per row, which check failed, the
birth date and the gender the number carries. The province codes, the
earliest birth date and the check characters are those of
:mod:`mutualaid.ids.resident_id`, which checks one number at a time.

>>> import numpy as np
>>> d = decode_resident_ids(np.array(["110105198801010014", "110105198801010015",
...                                    "990105198801010014", "110105198802300014"]),
...                         np.datetime64("2026-01-01"))
>>> d.problem.tolist()
[0, 3, 1, 4]
>>> str(d.birth[0]), d.male.tolist()
('1988-01-01', [True, True, True, True])

Since 0.2.
"""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.ids import resident_id as _rid
from mutualaid.rules.columnar.ages import days_from_civil, month_length

__all__ = [
    "AFTER_DAY",
    "BAD_LAST",
    "BAD_PROVINCE",
    "BEFORE_MIN",
    "CHECKSUM",
    "IMPOSSIBLE_DATE",
    "OK",
    "ResidentIds",
    "decode_resident_ids",
    "resident_id_keys",
]

#: problem codes, in the order the checks are made (the first failing one is kept)
OK: Final = 0
BAD_PROVINCE: Final = 1
BAD_LAST: Final = 2
CHECKSUM: Final = 3
IMPOSSIBLE_DATE: Final = 4
BEFORE_MIN: Final = 5
AFTER_DAY: Final = 6

_CHECK: Final = np.frombuffer(b"10X98765432", dtype=np.uint8).astype(np.int64)
_PROVINCES: Final = np.zeros(100, dtype=bool)
for _code in _rid.PROVINCE_CODES:
    _PROVINCES[int(_code)] = True
_MIN_BIRTH: Final = np.datetime64(_rid.MIN_BIRTH_DATE.isoformat(), "D")
_NAT_DAYS: Final = np.datetime64("NaT", "D").view(np.int64)


@attrs.frozen
class ResidentIds:
    """What a column of resident ID numbers says.

    :param problem: per row, :data:`OK` or the first failing check.
    :param birth: the birth date (``NaT`` where the number has none).
    :param male: the 17th digit is odd.
    """

    problem: npt.NDArray[np.int8]
    birth: npt.NDArray[np.datetime64]
    male: npt.NDArray[np.bool_]


def _positions(numbers: npt.NDArray[np.object_] | npt.NDArray[np.str_]) -> npt.NDArray[np.int16]:
    """An (18, n) array of character codes, one row per position of the numbers.

    Position by position (each row contiguous), so that the checks below are
    whole-column arithmetic on small integers rather than a matrix product.
    """
    if numbers.dtype == object:
        joined = "".join(numbers.tolist()).encode("ascii", "replace")
        if len(joined) == 18 * len(numbers):
            grid = np.frombuffer(joined, dtype=np.uint8).reshape(len(numbers), 18)
            return grid.T.astype(np.int16)
    fixed = np.asarray(numbers, dtype="U18")
    codes = fixed.view(np.uint32).reshape(len(fixed), 18)
    return np.minimum(codes, 255).T.astype(np.int16)


def _number(rows: npt.NDArray[np.int16]) -> npt.NDArray[np.int32]:
    """The number each column's digit values spell, top row first (in place: no temporaries)."""
    out: npt.NDArray[np.int32] = rows[0].astype(np.int32)
    for row in rows[1:]:
        out *= 10
        out += row
    return out


def resident_id_keys(
    numbers: npt.NDArray[np.str_] | npt.NDArray[np.object_] | npt.NDArray[np.uint8],
) -> npt.NDArray[np.int64]:
    """Each number (17 digits and a digit or ``X``) as one integer, equal when the numbers are.

    :param numbers: the numbers as text, or as an (n, 18) array of their ASCII codes.

    >>> ids = np.array(["110105198801010014", "11010519491231002X"], dtype=object)
    >>> resident_id_keys(ids).tolist()
    [121115718681111015, 121115714403541032]
    """
    chars = numbers.T.astype(np.int16) if numbers.ndim == 2 else _positions(numbers)  # type: ignore[arg-type]
    chars -= 48  # a new array: made digit values in place
    key = np.zeros(chars.shape[1], dtype=np.int64)
    for position in chars[:17]:
        key *= 10
        key += position
    last = chars[17]
    key *= 11
    key += np.where(last == 88 - 48, 10, last)
    return key


def decode_resident_ids(
    numbers: npt.NDArray[np.str_] | npt.NDArray[np.object_], on: np.datetime64
) -> ResidentIds:
    """Check and decode 18-character resident ID numbers judged on the day ``on``.

    Every row must hold 17 ASCII digits and a last character; rows that do
    not were refused before (:mod:`mutualaid.roster.member_cells` does it for
    cells). A birth date after ``on`` is :data:`AFTER_DAY`.
    """
    n = len(numbers)
    if n == 0:
        empty = np.zeros(0, dtype=np.int8)
        return ResidentIds(empty, np.zeros(0, dtype="M8[D]"), empty.astype(bool))
    chars = _positions(numbers)  # a new array: its digit rows are made values in place
    chars[:17] -= 48
    digits = chars[:17]
    last = chars[17]
    problem = np.zeros(n, dtype=np.int8)
    last_ok = ((last >= 48) & (last <= 57)) | (last == 88)
    problem[~last_ok] = BAD_LAST
    province = digits[0] * 10 + digits[1]
    problem[(problem == OK) & ~_PROVINCES[np.clip(province, 0, 99)]] = BAD_PROVINCE
    year = _number(digits[6:10])
    month = _number(digits[10:12])
    day = _number(digits[12:14])
    valid_month = (month >= 1) & (month <= 12) & (year >= 1)
    safe_month = np.where(valid_month, month, 1)
    real = valid_month & (day >= 1) & (day <= month_length(year, safe_month))
    days = days_from_civil(year, safe_month, np.where(real, day, 1))
    birth = np.where(real, days, _NAT_DAYS).view("M8[D]")
    problem[(problem == OK) & ~real] = IMPOSSIBLE_DATE
    problem[(problem == OK) & (birth < _MIN_BIRTH)] = BEFORE_MIN
    problem[(problem == OK) & (birth > on)] = AFTER_DAY
    # the weights are 2**(17 - position) mod 11: the sum mod 11 is Horner's in base 2, doubled
    weighted = np.zeros(n, dtype=np.int32)
    for position in digits:
        weighted *= 2
        weighted += position
    weighted *= 2
    expected = _CHECK[weighted % 11]
    problem[(problem == OK) & (expected != last)] = CHECKSUM
    male = (digits[16] % 2) == 1
    return ResidentIds(problem, birth, male)
