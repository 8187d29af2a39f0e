"""Tests for mutualaid.retirement against the decision's comparison tables (附件1-3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.dates import add_months, add_years_months, last_day_of_month, month_index
from mutualaid.errors import ConversionError
from mutualaid.retirement import (
    DECISION_EFFECTIVE,
    RetirementAge,
    RetirementCategory,
    RetirementWindow,
    category_for,
    flexible_retirement_window,
    is_over_retirement_age,
    statutory_retirement_age,
    statutory_retirement_date,
)

MALE = RetirementCategory.MALE
FEMALE_55 = RetirementCategory.FEMALE_55
FEMALE_50 = RetirementCategory.FEMALE_50

# Rows of the official comparison tables: (category, birth year-month,
# retirement age years, months, retirement year-month). Cohorts born before
# the first row of a table keep the original age. Each table ends in 2039-12,
# fifteen years after the start (用十五年时间).
OFFICIAL_TABLES = [
    # 附件1 男职工延迟法定退休年龄对照表
    (MALE, "1960-06", 60, 0, "2020-06"),
    (MALE, "1964-12", 60, 0, "2024-12"),
    (MALE, "1965-01", 60, 1, "2025-02"),
    (MALE, "1965-02", 60, 1, "2025-03"),
    (MALE, "1965-04", 60, 1, "2025-05"),
    (MALE, "1965-05", 60, 2, "2025-07"),
    (MALE, "1965-08", 60, 2, "2025-10"),
    (MALE, "1965-09", 60, 3, "2025-12"),
    (MALE, "1965-12", 60, 3, "2026-03"),
    (MALE, "1966-01", 60, 4, "2026-05"),
    (MALE, "1970-01", 61, 4, "2031-05"),
    (MALE, "1970-12", 61, 6, "2032-06"),
    (MALE, "1976-05", 62, 11, "2039-04"),
    (MALE, "1976-08", 62, 11, "2039-07"),
    (MALE, "1976-09", 63, 0, "2039-09"),
    (MALE, "1976-12", 63, 0, "2039-12"),
    (MALE, "1995-12", 63, 0, "2058-12"),
    (MALE, "2000-12", 63, 0, "2063-12"),
    # 附件2 原法定退休年龄五十五周岁的女职工延迟法定退休年龄对照表
    (FEMALE_55, "1963-04", 55, 0, "2018-04"),
    (FEMALE_55, "1969-12", 55, 0, "2024-12"),
    (FEMALE_55, "1970-01", 55, 1, "2025-02"),
    (FEMALE_55, "1970-04", 55, 1, "2025-05"),
    (FEMALE_55, "1970-05", 55, 2, "2025-07"),
    (FEMALE_55, "1971-04", 55, 4, "2026-08"),
    (FEMALE_55, "1975-06", 56, 5, "2031-11"),
    (FEMALE_55, "1981-05", 57, 11, "2039-04"),
    (FEMALE_55, "1981-08", 57, 11, "2039-07"),
    (FEMALE_55, "1981-09", 58, 0, "2039-09"),
    (FEMALE_55, "1981-12", 58, 0, "2039-12"),
    (FEMALE_55, "2000-12", 58, 0, "2058-12"),
    # 附件3 原法定退休年龄五十周岁的女职工延迟法定退休年龄对照表
    (FEMALE_50, "1974-12", 50, 0, "2024-12"),
    (FEMALE_50, "1975-01", 50, 1, "2025-02"),
    (FEMALE_50, "1975-02", 50, 1, "2025-03"),
    (FEMALE_50, "1975-03", 50, 2, "2025-05"),
    (FEMALE_50, "1975-04", 50, 2, "2025-06"),
    (FEMALE_50, "1975-05", 50, 3, "2025-08"),
    (FEMALE_50, "1980-01", 52, 7, "2032-08"),
    (FEMALE_50, "1984-09", 54, 11, "2039-08"),
    (FEMALE_50, "1984-10", 54, 11, "2039-09"),
    (FEMALE_50, "1984-11", 55, 0, "2039-11"),
    (FEMALE_50, "1984-12", 55, 0, "2039-12"),
    (FEMALE_50, "1995-12", 55, 0, "2050-12"),
]


def _month(text: str, day: int = 1) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), day)


@pytest.mark.parametrize(("category", "born", "years", "months", "retires"), OFFICIAL_TABLES)
@pytest.mark.parametrize("day", [1, 15, 28, 31])
def test_official_comparison_tables(
    category: RetirementCategory, born: str, years: int, months: int, retires: str, day: int
) -> None:
    first = _month(born)
    birth = first.replace(day=min(day, last_day_of_month(first).day))
    assert statutory_retirement_age(birth, category) == (years, months)
    retirement = statutory_retirement_date(birth, category)
    assert (retirement.year, retirement.month) == (_month(retires).year, _month(retires).month)


def test_brief_examples() -> None:
    assert statutory_retirement_date(date(1965, 1, 10), MALE) == date(2025, 2, 10)
    assert statutory_retirement_date(date(1965, 5, 10), MALE) == date(2025, 7, 10)
    assert statutory_retirement_date(date(1975, 3, 10), FEMALE_50) == date(2025, 5, 10)
    assert statutory_retirement_age(date(1965, 5, 10), MALE) == RetirementAge(60, 2)


def test_retirement_date_clamps_to_month_end() -> None:
    assert statutory_retirement_date(date(1965, 1, 31), MALE) == date(2025, 2, 28)
    assert statutory_retirement_date(date(1964, 2, 29), MALE) == date(2024, 2, 29)
    assert statutory_retirement_date(date(1960, 2, 29), MALE) == date(2020, 2, 29)
    assert statutory_retirement_date(date(1972, 2, 29), FEMALE_50) == date(2022, 2, 28)
    assert statutory_retirement_date(date(1976, 2, 29), FEMALE_50) == date(2026, 9, 29)  # 50y7m
    assert statutory_retirement_date(date(1975, 7, 31), FEMALE_50) == date(2025, 11, 30)  # 50y4m


def test_categories() -> None:
    assert [c.value for c in RetirementCategory] == ["male", "female_55", "female_50"]
    assert [c.original_age for c in RetirementCategory] == [60, 55, 50]
    assert [c.target_age for c in RetirementCategory] == [63, 58, 55]
    assert MALE.label == "男职工"
    assert FEMALE_55.label == "原法定退休年龄五十五周岁的女职工"
    assert FEMALE_50.label == "原法定退休年龄五十周岁的女职工"
    assert [c.first_affected_birth_month for c in RetirementCategory] == [
        date(1965, 1, 1),
        date(1970, 1, 1),
        date(1975, 1, 1),
    ]
    assert RetirementCategory("female_50") is FEMALE_50


def test_first_affected_cohorts_retire_after_the_decision_takes_effect() -> None:
    for category in RetirementCategory:
        first = category.first_affected_birth_month
        before = add_months(first, -1)
        assert statutory_retirement_date(before, category) < DECISION_EFFECTIVE
        assert statutory_retirement_date(first, category) > DECISION_EFFECTIVE


# --- flexible retirement --------------------------------------------------------------


def test_flexible_window_is_floored_at_the_original_age() -> None:
    born = date(1965, 1, 10)  # statutory 60y1m: three years earlier would be below 60
    assert flexible_retirement_window(born, MALE) == RetirementWindow(
        earliest=date(2025, 1, 10), latest=date(2028, 2, 10)
    )


def test_flexible_window_of_a_fully_raised_cohort() -> None:
    born = date(1990, 1, 10)
    assert flexible_retirement_window(born, MALE) == (date(2050, 1, 10), date(2056, 1, 10))
    assert flexible_retirement_window(born, FEMALE_55) == (date(2045, 1, 10), date(2051, 1, 10))
    assert flexible_retirement_window(born, FEMALE_50) == (date(2042, 1, 10), date(2048, 1, 10))


def test_flexible_window_before_the_reform() -> None:
    born = date(1960, 6, 30)
    earliest, latest = flexible_retirement_window(born, MALE)
    assert earliest == statutory_retirement_date(born, MALE) == date(2020, 6, 30)
    assert latest == date(2023, 6, 30)


# --- over-age -------------------------------------------------------------------


def test_is_over_retirement_age_turns_on_the_statutory_date() -> None:
    born = date(1965, 5, 31)
    retirement = statutory_retirement_date(born, MALE)
    assert retirement == date(2025, 7, 31)
    assert not is_over_retirement_age(born, MALE, date(2025, 7, 30))
    assert is_over_retirement_age(born, MALE, date(2025, 7, 31))
    assert is_over_retirement_age(born, MALE, date(2030, 1, 1))
    # the same woman is over age as a worker (50 rising) long before as a cadre (55 rising)
    woman = date(1976, 1, 1)
    on = date(2030, 1, 1)
    assert is_over_retirement_age(woman, FEMALE_50, on)
    assert not is_over_retirement_age(woman, FEMALE_55, on)


def test_category_for() -> None:
    assert category_for("male") is MALE
    assert category_for("female") is FEMALE_50
    assert category_for("female", female_category=FEMALE_55) is FEMALE_55
    assert category_for("male", female_category=FEMALE_55) is MALE
    with pytest.raises(ConversionError) as caught:
        category_for("unknown")  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ConversionError):
        category_for("female", female_category=MALE)
    with pytest.raises(ConversionError):
        category_for("female", female_category="female_55")  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------------

births = st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31))
categories = st.sampled_from(list(RetirementCategory))


@given(births, births, categories)
def test_retirement_age_is_monotone_in_birth_month(
    a: date, b: date, category: RetirementCategory
) -> None:
    early, late = min(a, b), max(a, b)
    assert statutory_retirement_age(early, category) <= statutory_retirement_age(late, category)


@given(births, categories)
def test_retirement_age_is_bounded(birth: date, category: RetirementCategory) -> None:
    age = statutory_retirement_age(birth, category)
    assert (category.original_age, 0) <= age <= (category.target_age, 0)
    assert category.target_age - category.original_age == (5 if category is FEMALE_50 else 3)
    if birth < category.first_affected_birth_month:
        assert age == (category.original_age, 0)
    else:
        assert age > (category.original_age, 0)


@given(births, categories)
def test_retirement_date_is_birth_plus_age(birth: date, category: RetirementCategory) -> None:
    age = statutory_retirement_age(birth, category)
    assert statutory_retirement_date(birth, category) == add_years_months(birth, *age)


@given(births, categories)
def test_age_rises_one_month_per_step(birth: date, category: RetirementCategory) -> None:
    step = 2 if category is FEMALE_50 else 4
    age = statutory_retirement_age(birth, category).total_months
    later = statutory_retirement_age(add_months(birth, step), category).total_months
    assert later - age in (0, 1)
    months_since_start = month_index(birth) - month_index(category.first_affected_birth_month)
    if months_since_start >= 0 and later < category.target_age * 12:
        assert later - age == 1


@given(births, categories, st.integers(min_value=-40_000, max_value=40_000))
def test_over_age_agrees_with_the_retirement_date(
    birth: date, category: RetirementCategory, offset: int
) -> None:
    retirement = statutory_retirement_date(birth, category)
    on = date.fromordinal(retirement.toordinal() + offset // 2)
    assert is_over_retirement_age(birth, category, on) is (offset // 2 >= 0)


@given(births, categories)
def test_flexible_window_bounds(birth: date, category: RetirementCategory) -> None:
    earliest, latest = flexible_retirement_window(birth, category)
    statutory = statutory_retirement_date(birth, category)
    assert add_years_months(birth, category.original_age) <= earliest <= statutory < latest
    assert earliest >= add_months(statutory, -36 - 1)
    age = statutory_retirement_age(birth, category)
    assert latest == add_years_months(birth, age.years + 3, age.months)
