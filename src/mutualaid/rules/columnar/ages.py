"""Ages and statutory retirement over columns of birth dates.

A person's age in whole years on a day is :func:`mutualaid.dates.age_in_years`:
the months completed (less one while the "monthly birthday", clamped to the
month's end, is still ahead), over 12. The statutory retirement age depends
only on the birth year and month and the category
(:func:`mutualaid.retirement.statutory_retirement_age`); it is computed once
per distinct birth month.

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
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


def month_length(year: _Ints, month: _Ints) -> npt.NDArray[np.int64]:
    """Days in each month (``month`` 1 to 12)."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return _MONTH_DAYS[month] + ((month == 2) & leap)  # type: ignore[no-any-return]


def _parts(days: npt.NDArray[np.datetime64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(month index year*12 + month-1, day of month) of each date."""
    year, month, day = civil_from_days(days.view(np.int64))
    return year * 12 + month - 1, day


def months_completed(born: npt.NDArray[np.datetime64], on: date) -> npt.NDArray[np.int64]:
    """Whole months lived on ``on`` by each birth date (negative for a birth after ``on``)."""
    index, day = _parts(np.asarray(born, dtype="M8[D]"))
    months = (on.year * 12 + on.month - 1) - index
    last = last_day_of_month(on).day
    months -= (np.minimum(day, last) > on.day).astype(np.int64)
    # a birth after the day counts as "not a month yet" (-1 at least): the caller says so
    return np.where(
        np.asarray(born) > np.datetime64(on.isoformat(), "D"), np.minimum(months, -1), months
    )


def retirement_months(
    born: npt.NDArray[np.datetime64],
    male: npt.NDArray[np.bool_],
    female_category: RetirementCategory,
) -> npt.NDArray[np.int64]:
    """The statutory retirement age in months of each person (men: ``MALE``; women: the category)."""
    index, _day = _parts(np.asarray(born, dtype="M8[D]"))
    if len(index) == 0:
        return np.zeros(0, dtype=np.int64)
    low, high = int(index.min()), int(index.max())
    table = np.empty((high - low + 1, 2), dtype=np.int64)  # by birth month, [female, male]
    for offset in range(high - low + 1):
        year, month0 = divmod(low + offset, 12)
        first = date(year, month0 + 1, 1)
        for is_male, category in ((0, female_category), (1, RetirementCategory.MALE)):
            age = statutory_retirement_age(first, category)
            table[offset, is_male] = age.years * 12 + age.months
    return table[index - low, np.asarray(male, dtype=np.int64)]
