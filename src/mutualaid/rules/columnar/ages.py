"""Ages and statutory retirement over columns of birth dates.

A person's age in whole years on a day is :func:`mutualaid.dates.age_in_years`:
the months completed (less one while the "monthly birthday", clamped to the
month's end, is still ahead), over 12. The statutory retirement age depends
only on the birth year and month and the category
(:func:`mutualaid.retirement.statutory_retirement_age`); it is computed once
per distinct birth month. A large batch's dates span fewer days than it has
rows: :func:`months_and_retirement` then works both out once per day and
looks them up.

>>> import numpy as np
>>> from datetime import date
>>> born = np.array(["2000-02-29", "1966-03-01", "2026-01-02"], dtype="M8[D]")
>>> months_completed(born, date(2027, 2, 28)).tolist()
[324, 731, 13]
>>> from mutualaid.retirement import RetirementCategory
>>> retirement_months(born, np.array([True, True, False]), RetirementCategory.FEMALE_50).tolist()
[756, 724, 660]

Since 0.2.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from mutualaid.dates import last_day_of_month
from mutualaid.retirement import RetirementCategory, statutory_retirement_age

__all__ = [
    "civil_from_days",
    "days_from_civil",
    "month_length",
    "month_starts",
    "months_and_retirement",
    "months_completed",
    "retirement_months",
]

#: Columns of whole numbers (64 bits, or 32 where that is plenty).
_Ints = npt.NDArray[np.signedinteger[Any]]
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def days_from_civil(year: _Ints, month: _Ints, day: _Ints) -> npt.NDArray[np.signedinteger[Any]]:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm), in integers.

    numpy's own conversions between ``datetime64`` units work per element in C
    calendar code; this is plain integer arithmetic over the columns.

    >>> days_from_civil(np.array([1970, 2000]), np.array([1, 2]), np.array([1, 29])).tolist()
    [0, 11016]
    """
    # in place where it can be: each new column of a large batch is fresh memory to touch
    kind = np.result_type(year, month, day)
    yoe = np.subtract(year, month <= 2, dtype=kind)
    era = np.floor_divide(yoe, 400)
    yoe -= era * 400
    doy = np.add(month, 9, dtype=kind)
    doy %= 12
    doy *= 153
    doy += 2
    doy //= 5
    doy += day
    doy -= 1
    doe = yoe * 365
    doe += yoe // 4
    doe -= yoe // 100
    doe += doy
    era *= 146097
    era += doe
    era -= 719468
    return era


def civil_from_days(
    days: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``(year, month, day)`` of days since 1970-01-01 (the inverse of :func:`days_from_civil`).

    >>> [a.tolist() for a in civil_from_days(np.array([0, 11016]))]
    [[1970, 2000], [1, 2], [1, 29]]
    """
    # in place where it can be (see days_from_civil)
    doe = days + 719468
    era = np.floor_divide(doe, 146097)
    doe -= era * 146097
    yoe = doe // 36524
    yoe -= doe // 1460
    yoe += doe
    yoe -= doe // 146096
    yoe //= 365
    doy = yoe * 365
    doy += yoe // 4
    doy -= yoe // 100
    np.subtract(doe, doy, out=doy)
    del doe
    mp = doy * 5
    mp += 2
    mp //= 153
    day = mp * 153
    day += 2
    day //= 5
    np.subtract(doy, day, out=day)
    day += 1
    month = mp
    month += 3
    month[month > 12] -= 12
    year = era
    year *= 400
    year += yoe
    year += month <= 2
    return year, month, day


def month_length(year: _Ints, month: _Ints) -> npt.NDArray[np.int64]:
    """Days in each month (``month`` 1 to 12)."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return _MONTH_DAYS[month] + ((month == 2) & leap)  # type: ignore[no-any-return]


@functools.cache
def month_starts() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """By ``year * 12 + month - 1`` for the years 0 to 9999: the days since 1970-01-01 of the
    month's first day, and the month's length (a table to look dates up in, made once).

    >>> first, length = month_starts()
    >>> int(first[1970 * 12]), int(length[2000 * 12 + 1]), int(length[1900 * 12 + 1])
    (0, 29, 28)
    """
    index = np.arange(10_000 * 12, dtype=np.int64)
    year, month0 = np.divmod(index, 12)
    first = days_from_civil(year, month0 + 1, np.ones_like(year))
    first.flags.writeable = False
    length = month_length(year, month0 + 1)
    length.flags.writeable = False
    return first, length


def _parts(days: npt.NDArray[np.datetime64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(month index year*12 + month-1, day of month) of each date."""
    year, month, day = civil_from_days(days.view(np.int64))
    return year * 12 + month - 1, day


def months_completed(born: npt.NDArray[np.datetime64], on: date) -> npt.NDArray[np.int64]:
    """Whole months lived on ``on`` by each birth date (negative for a birth after ``on``)."""
    return _months_completed(np.asarray(born), _parts(np.asarray(born, dtype="M8[D]")), on)


def _months_completed(
    born: npt.NDArray[np.datetime64],
    parts: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    on: date,
) -> npt.NDArray[np.int64]:
    index, day = parts
    months = (on.year * 12 + on.month - 1) - index
    last = last_day_of_month(on).day
    months -= (np.minimum(day, last) > on.day).astype(np.int64)
    # a birth after the day counts as "not a month yet" (-1 at least): the caller says so
    return np.where(born > np.datetime64(on.isoformat(), "D"), np.minimum(months, -1), months)


def retirement_months(
    born: npt.NDArray[np.datetime64],
    male: npt.NDArray[np.bool_],
    female_category: RetirementCategory,
) -> npt.NDArray[np.int64]:
    """The statutory retirement age in months of each person (men: ``MALE``; women: the category)."""
    return _retirement_months(_parts(np.asarray(born, dtype="M8[D]"))[0], male, female_category)


def months_and_retirement(
    born: npt.NDArray[np.datetime64],
    male: npt.NDArray[np.bool_],
    on: date,
    female_category: RetirementCategory,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """:func:`months_completed` and :func:`retirement_months` at once (the dates split once).

    A large batch's birth dates span far fewer days than it has rows: both
    are then worked out once per day of the span, and looked up.
    """
    born = np.asarray(born, dtype="M8[D]")
    days = born.view(np.int64)
    if len(days) >= _BY_DAY:
        low, high = int(days.min()), int(days.max())
        if high - low < len(days) // 2 and low != _NAT:  # no NaT: it is the smallest
            span = np.arange(low, high + 1, dtype=np.int64).view("M8[D]")
            parts = _parts(span)
            months = _months_completed(span, parts, on)
            table, first = _retirement_table(parts[0], female_category)
            by_day = table[parts[0] - first].ravel()  # [female, male] of each day
            at = days - low
            months = months[at]
            at *= 2
            at += np.asarray(male, dtype=np.int64)
            return months, by_day[at]
    parts = _parts(born)
    return _months_completed(born, parts, on), _retirement_months(parts[0], male, female_category)


#: The rows from which :func:`months_and_retirement` may work by day.
_BY_DAY = 4096
_NAT = int(np.datetime64("NaT", "D").view(np.int64))


def _retirement_months(
    index: npt.NDArray[np.int64], male: npt.NDArray[np.bool_], female_category: RetirementCategory
) -> npt.NDArray[np.int64]:
    if len(index) == 0:
        return np.zeros(0, dtype=np.int64)
    table, low = _retirement_table(index, female_category)
    return table[index - low, np.asarray(male, dtype=np.int64)]


def _retirement_table(
    index: npt.NDArray[np.int64], female_category: RetirementCategory
) -> tuple[npt.NDArray[np.int64], int]:
    """The retirement age in months by birth month from the first of ``index`` ([female, male]
    in each row), and that first month index."""
    low, high = int(index.min()), int(index.max())
    table = np.empty((high - low + 1, 2), dtype=np.int64)
    for offset in range(high - low + 1):
        year, month0 = divmod(low + offset, 12)
        first = date(year, month0 + 1, 1)
        for is_male, category in ((0, female_category), (1, RetirementCategory.MALE)):
            age = statutory_retirement_age(first, category)
            table[offset, is_male] = age.years * 12 + age.months
    return table, low
