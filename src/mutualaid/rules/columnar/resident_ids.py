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
>>> int(d.key[0]) == int(resident_id_keys(np.array(["110105198801010014"]))[0])
True

Since 0.2.
"""

from __future__ import annotations

from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.ids import resident_id as _rid
from mutualaid.rules.columnar.ages import month_starts
from mutualaid.rules.columnar.texts import ascii_digits, fixed_width, rows_all

__all__ = [
    "AFTER_DAY",
    "BAD_LAST",
    "BAD_PROVINCE",
    "BEFORE_MIN",
    "CHECKSUM",
    "IMPOSSIBLE_DATE",
    "OK",
    "ResidentIds",
    "ascii_grid",
    "decode_resident_ids",
    "resident_id_keys",
    "resident_shape",
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
    :param key: the number as one integer (:func:`resident_id_keys`; meaningful
        where the 17 digits are digits). Since 0.4.
    """

    problem: npt.NDArray[np.int8]
    birth: npt.NDArray[np.datetime64]
    male: npt.NDArray[np.bool_]
    key: npt.NDArray[np.int64] = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64), eq=False)


def ascii_grid(numbers: npt.NDArray[np.object_], width: int = 18) -> npt.NDArray[np.uint8] | None:
    """The texts as an ``(n, width)`` array of ASCII codes, or ``None`` unless every one is
    ASCII text of ``width`` characters (one separated join tells).

    >>> ascii_grid(np.array(["12", "3X"], dtype=object), 2).tolist()
    [[49, 50], [51, 88]]
    >>> ascii_grid(np.array(["12", "3"], dtype=object), 2) is None
    True
    """
    grid = fixed_width(numbers.tolist(), width)
    return grid if grid is not None and grid.dtype == np.uint8 else None  # type: ignore[return-value]


def resident_shape(grid: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.bool_]:
    """Per row of an ``(n, 18)`` array of code points: 17 ASCII digits and a digit or ``X``
    (the numbers :func:`resident_id_keys` and the decoder read).

    >>> resident_shape(ascii_grid(np.array(["11010519491231002X", "1101051949123100x2"],
    ...                                     dtype=object))).tolist()
    [True, False]
    """
    digits = ascii_digits(grid)
    return rows_all(digits[:, :17]) & (digits[:, 17] | (grid[:, 17] == 88))  # type: ignore[no-any-return]


def _positions(
    numbers: npt.NDArray[np.object_] | npt.NDArray[np.str_] | npt.NDArray[np.uint8],
) -> npt.NDArray[np.int16]:
    """An (18, n) array of character codes, one row per position of the numbers.

    Position by position (each row contiguous: ``order="C"``; a transposed
    view's rows would be strided, which makes each step below several times
    slower), so that the checks below are whole-column arithmetic on small
    integers rather than a matrix product. ``numbers`` may be text or an
    :func:`ascii_grid` already made.
    """
    if numbers.ndim == 2:
        return numbers.T.astype(np.int16, order="C")
    if numbers.dtype == object:
        joined = "".join(numbers.tolist()).encode("ascii", "replace")
        if len(joined) == 18 * len(numbers):
            grid = np.frombuffer(joined, dtype=np.uint8).reshape(len(numbers), 18)
            return grid.T.astype(np.int16, order="C")
    fixed = np.asarray(numbers, dtype="U18")
    codes = fixed.view(np.uint32).reshape(len(fixed), 18)
    return np.minimum(codes, 255).T.astype(np.int16, order="C")


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

    Only numbers of that shape have keys that mean anything: callers check
    the shape first (the decoder's checks, or a digit test).

    :param numbers: the numbers as text, or as an (n, 18) array of their ASCII codes.

    >>> ids = np.array(["110105198801010014", "11010519491231002X"], dtype=object)
    >>> resident_id_keys(ids).tolist()
    [121115718681111015, 121115714403541032]
    """
    chars = _positions(numbers)
    chars -= 48  # a new array: made digit values in place
    return _key(chars[:17], chars[17] + 48)


def _key(digits: npt.NDArray[np.int16], last: npt.NDArray[np.int16]) -> npt.NDArray[np.int64]:
    """17 rows of digit values and the last characters' codes as one integer per column.

    Two halves of nine and eight digits in 32 bits each, then one 64-bit step.
    """
    key = _number(digits[:9]).astype(np.int64)
    key *= 10**8
    key += _number(digits[9:])
    key *= 11
    key += np.where(last == 88, 10, last - 48)
    return key


def decode_resident_ids(
    numbers: npt.NDArray[np.str_] | npt.NDArray[np.object_] | npt.NDArray[np.uint8],
    on: np.datetime64,
) -> ResidentIds:
    """Check and decode 18-character resident ID numbers judged on the day ``on``.

    Every row must hold 17 ASCII digits and a last character; rows that do
    not were refused before (:mod:`mutualaid.roster.member_cells` does it for
    cells). A birth date after ``on`` is :data:`AFTER_DAY`. ``numbers`` may
    be text or their :func:`ascii_grid`.
    """
    n = len(numbers)
    if n == 0:
        empty = np.zeros(0, dtype=np.int8)
        return ResidentIds(
            empty, np.zeros(0, dtype="M8[D]"), empty.astype(bool), np.zeros(0, dtype=np.int64)
        )
    chars = _positions(numbers)  # a new array: its digit rows are made values in place
    chars[:17] -= 48
    digits = chars[:17]
    last = chars[17]
    problem = np.zeros(n, dtype=np.int8)
    last_ok = ascii_digits(last) | (last == 88)
    problem[~last_ok] = BAD_LAST
    province = digits[0] * 10 + digits[1]
    problem[(problem == OK) & ~_PROVINCES[np.clip(province, 0, 99)]] = BAD_PROVINCE
    year = _number(digits[6:10])
    month = _number(digits[10:12])
    day = _number(digits[12:14])
    valid_month = (month >= 1) & (month <= 12) & (year >= 1)
    at = np.where(valid_month, month - 1, 0)  # the month's index in month_starts' tables
    at += year * 12
    first, length = month_starts()
    real = valid_month & (day >= 1) & (day <= length[at])
    days = first[at]
    days += day
    days -= 1
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
    return ResidentIds(problem, birth, male, _key(digits, last))
