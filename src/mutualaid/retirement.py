"""Statutory retirement age under the 2024 decision on gradually raising it.

Source: 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定
(adopted 2024-09-13 by the 14th NPC Standing Committee, in force
2025-01-01) and its appendices 1-3, the comparison tables
(延迟法定退休年龄对照表) for men, for women whose original age was 55 and
for women whose original age was 50.

The rule, by birth month:

* men (原 60 周岁) and women whose original age was 55: one month later for
  every four months of birth, starting with births in 1965-01 (men) and
  1970-01 (women), at most three years later (63 and 58);
* women whose original age was 50: one month later for every two months of
  birth, starting with births in 1975-01, at most five years later (55);
* people born before the first affected month keep the original age.

>>> from datetime import date
>>> statutory_retirement_age(date(1965, 1, 10), RetirementCategory.MALE)
RetirementAge(years=60, months=1)
>>> statutory_retirement_date(date(1965, 1, 10), RetirementCategory.MALE)
datetime.date(2025, 2, 10)
>>> statutory_retirement_age(date(1975, 3, 1), RetirementCategory.FEMALE_50).label
'50岁2个月'
>>> is_over_retirement_age(date(1965, 1, 10), RetirementCategory.MALE, on=date(2025, 2, 9))
False

Layer 1: imports only :mod:`mutualaid.errors`, :mod:`mutualaid.dates` and
:mod:`mutualaid.privacy`.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Literal, NamedTuple

from mutualaid.dates import Age, add_months, month_index, require_date
from mutualaid.errors import ConversionError
from mutualaid.privacy import quoted

__all__ = [
    "DECISION_EFFECTIVE",
    "DECISION_SOURCE",
    "FLEXIBLE_MONTHS",
    "RetirementAge",
    "RetirementCategory",
    "RetirementWindow",
    "category_for",
    "flexible_retirement_window",
    "is_over_retirement_age",
    "statutory_retirement_age",
    "statutory_retirement_date",
]

#: The decision these rules implement.
DECISION_SOURCE = (
    "全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定（2024年9月13日）及附件1-3"
)
#: The day the decision took effect.
DECISION_EFFECTIVE = date(2025, 1, 1)
#: Flexible retirement: at most this many months earlier or later than the statutory age.
FLEXIBLE_MONTHS = 36


class RetirementAge(Age):
    """A statutory retirement age in years and months (a tuple: ``== (60, 1)``).

    >>> RetirementAge(60, 1) == (60, 1), RetirementAge(63, 0).label
    (True, '63岁')
    """

    __slots__ = ()


class _Schedule(NamedTuple):
    label: str
    original_age: int
    first_birth_month: int  # month_index of the first affected birth month
    months_per_step: int  # months of birth per extra month of age
    max_delay_months: int


class RetirementCategory(enum.StrEnum):
    """Which comparison table applies to a person.

    >>> RetirementCategory.FEMALE_50.original_age, RetirementCategory.FEMALE_50.target_age
    (50, 55)
    >>> RetirementCategory.MALE.label
    '男职工'
    """

    #: Men: 60 rising to 63 (appendix 1).
    MALE = "male"
    #: Women whose original age was 55 (female cadres): 55 rising to 58 (appendix 2).
    FEMALE_55 = "female_55"
    #: Women whose original age was 50 (female workers): 50 rising to 55 (appendix 3).
    FEMALE_50 = "female_50"

    @property
    def label(self) -> str:
        """The Chinese name used by the decision's appendix."""
        return _SCHEDULES[self].label

    @property
    def original_age(self) -> int:
        """The statutory retirement age before the reform, in years."""
        return _SCHEDULES[self].original_age

    @property
    def target_age(self) -> int:
        """The statutory retirement age once the reform is complete, in years."""
        schedule = _SCHEDULES[self]
        return schedule.original_age + schedule.max_delay_months // 12

    @property
    def first_affected_birth_month(self) -> date:
        """The first day of the first birth month whose age is raised.

        >>> RetirementCategory.FEMALE_55.first_affected_birth_month
        datetime.date(1970, 1, 1)
        """
        year, month0 = divmod(_SCHEDULES[self].first_birth_month, 12)
        return date(year, month0 + 1, 1)


_SCHEDULES: dict[RetirementCategory, _Schedule] = {
    RetirementCategory.MALE: _Schedule("男职工", 60, month_index(date(1965, 1, 1)), 4, 36),
    RetirementCategory.FEMALE_55: _Schedule(
        "原法定退休年龄五十五周岁的女职工", 55, month_index(date(1970, 1, 1)), 4, 36
    ),
    RetirementCategory.FEMALE_50: _Schedule(
        "原法定退休年龄五十周岁的女职工", 50, month_index(date(1975, 1, 1)), 2, 60
    ),
}


class RetirementWindow(NamedTuple):
    """The first and last day a person may retire under flexible retirement."""

    earliest: date
    latest: date


def _age_months(birth_date: date, category: RetirementCategory) -> int:
    try:
        schedule = _SCHEDULES[category]
    except (KeyError, TypeError):
        raise ConversionError(
            f"not a retirement category: {quoted(category)}",
            hint="Pass a RetirementCategory (MALE, FEMALE_50 or FEMALE_55).",
            value=quoted(category),
        ) from None
    step = month_index(birth_date) - schedule.first_birth_month
    delay = 0 if step < 0 else min(step // schedule.months_per_step + 1, schedule.max_delay_months)
    return schedule.original_age * 12 + delay


def statutory_retirement_age(birth_date: date, category: RetirementCategory) -> RetirementAge:
    """The statutory retirement age of someone born on ``birth_date``.

    Only the birth year and month matter.

    >>> statutory_retirement_age(date(1964, 12, 31), RetirementCategory.MALE)
    RetirementAge(years=60, months=0)
    >>> statutory_retirement_age(date(1965, 5, 1), RetirementCategory.MALE)
    RetirementAge(years=60, months=2)
    >>> statutory_retirement_age(date(1990, 6, 1), RetirementCategory.FEMALE_55)
    RetirementAge(years=58, months=0)
    """
    years, months = divmod(_age_months(birth_date, category), 12)
    return RetirementAge(years, months)


def statutory_retirement_date(birth_date: date, category: RetirementCategory) -> date:
    """The day the person reaches the statutory retirement age.

    The birth date plus the age in years and months, clamped to month end
    (see :func:`mutualaid.dates.add_months`).

    >>> statutory_retirement_date(date(1965, 5, 31), RetirementCategory.MALE)
    datetime.date(2025, 7, 31)
    >>> statutory_retirement_date(date(1975, 3, 31), RetirementCategory.FEMALE_50)
    datetime.date(2025, 5, 31)
    >>> statutory_retirement_date(date(1965, 1, 31), RetirementCategory.MALE)
    datetime.date(2025, 2, 28)
    """
    return add_months(birth_date, _age_months(birth_date, category))


def flexible_retirement_window(birth_date: date, category: RetirementCategory) -> RetirementWindow:
    """The earliest and latest retirement dates allowed by flexible retirement.

    * ``earliest``: the day the person reaches the statutory age minus three
      years, but never an age below the original one (60, 55 or 50);
    * ``latest``: the day the person reaches the statutory age plus three years.

    Both are computed from the birth date as ages (clamped to month end). The
    other conditions (minimum contribution years for early retirement, the
    employer's agreement for deferral) are not checked here.

    >>> flexible_retirement_window(date(1965, 1, 10), RetirementCategory.MALE)
    RetirementWindow(earliest=datetime.date(2025, 1, 10), latest=datetime.date(2028, 2, 10))
    >>> flexible_retirement_window(date(1990, 1, 10), RetirementCategory.FEMALE_50)
    RetirementWindow(earliest=datetime.date(2042, 1, 10), latest=datetime.date(2048, 1, 10))
    """
    age = _age_months(birth_date, category)
    floor = _SCHEDULES[category].original_age * 12
    return RetirementWindow(
        earliest=add_months(birth_date, max(age - FLEXIBLE_MONTHS, floor)),
        latest=add_months(birth_date, age + FLEXIBLE_MONTHS),
    )


def is_over_retirement_age(birth_date: date, category: RetirementCategory, on: date) -> bool:
    """True on and after the statutory retirement date (超龄).

    >>> born = date(1965, 1, 10)
    >>> [is_over_retirement_age(born, RetirementCategory.MALE, d) for d in (date(2025, 2, 9), date(2025, 2, 10))]
    [False, True]
    """
    retires = statutory_retirement_date(birth_date, category)
    require_date(on, "is_over_retirement_age(on)")
    return on >= retires


def category_for(
    gender: Literal["male", "female"],
    *,
    female_category: RetirementCategory = RetirementCategory.FEMALE_50,
) -> RetirementCategory:
    """The category for a gender: men are ``MALE``; women get ``female_category``.

    Whether a unit's women retire as workers (50) or as cadres (55) is the
    rule pack's knowledge, so it passes ``female_category``. ``gender`` may be
    any ``str`` enum whose values are ``"male"`` and ``"female"``.

    >>> category_for("male"), category_for("female", female_category=RetirementCategory.FEMALE_55)
    (<RetirementCategory.MALE: 'male'>, <RetirementCategory.FEMALE_55: 'female_55'>)
    """
    if female_category is RetirementCategory.MALE or not isinstance(
        female_category, RetirementCategory
    ):
        raise ConversionError(
            f"female_category must be FEMALE_50 or FEMALE_55, not {quoted(female_category)}",
            value=quoted(female_category),
        )
    if gender == "male":
        return RetirementCategory.MALE
    if gender == "female":
        return female_category
    raise ConversionError(
        f"gender must be 'male' or 'female', not {quoted(gender)}",
        hint="Give the member's gender, or the birth date of a resident ID to derive it.",
        value=quoted(gender),
    )
