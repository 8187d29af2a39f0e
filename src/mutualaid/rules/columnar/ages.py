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

import numpy as np
import numpy.typing as npt

from mutualaid.dates import last_day_of_month
from mutualaid.retirement import RetirementCategory, statutory_retirement_age

__all__ = ["months_completed", "retirement_months"]


def _parts(days: npt.NDArray[np.datetime64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(month index year*12 + month-1, day of month) of each date."""
    months = days.astype("M8[M]")
    index = months.astype(np.int64) + 1970 * 12
    day = (days - months.astype("M8[D]")).astype(np.int64) + 1
    return index, day


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
    key = index * 2 + np.asarray(male, dtype=np.int64)
    unique, inverse = np.unique(key, return_inverse=True)
    ages = np.empty(len(unique), dtype=np.int64)
    for i, k in enumerate(unique.tolist()):
        month_index, is_male = divmod(k, 2)
        year, month0 = divmod(month_index, 12)
        category = RetirementCategory.MALE if is_male else female_category
        age = statutory_retirement_age(date(year, month0 + 1, 1), category)
        ages[i] = age.years * 12 + age.months
    return ages[inverse.reshape(-1)]
