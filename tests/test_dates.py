"""Tests for mutualaid.dates: examples, 29 February, junk, and properties against dateutil."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.dates import (
    EXCEL_MAX_SERIAL,
    Age,
    add_months,
    add_years_months,
    age_in_years,
    age_on,
    day_after,
    from_excel_serial,
    last_day_of_month,
    month_index,
    parse_date_text,
)
from mutualaid.errors import InvalidDate, MutualAidError

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31))
month_counts = st.integers(min_value=-600, max_value=1200)


# --- Age ------------------------------------------------------------------------


def test_age_is_a_tuple_with_months_and_label() -> None:
    assert Age(60, 1) == (60, 1)
    assert Age(59, 11) < Age(60, 0)
    assert Age(60, 1).total_months == 721
    assert Age.from_months(721) == Age(60, 1)
    assert Age(55, 0).label == "55岁"
    assert Age(57, 11).label == "57岁11个月"
    with pytest.raises(InvalidDate):
        Age.from_months(-1)


# --- month arithmetic -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "months", "expected"),
    [
        (date(1964, 2, 29), 60, 0, date(2024, 2, 29)),
        (date(1960, 2, 29), 61, 0, date(2021, 2, 28)),
        (date(1960, 2, 29), 60, 0, date(2020, 2, 29)),
        (date(2024, 1, 31), 0, 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 0, 1, date(2025, 2, 28)),
        (date(2025, 1, 31), 0, 2, date(2025, 3, 31)),  # one step, not Feb 28 then Mar 28
        (date(2025, 3, 31), 0, -1, date(2025, 2, 28)),
        (date(2025, 5, 31), 0, 1, date(2025, 6, 30)),
        (date(1965, 1, 31), 60, 1, date(2025, 2, 28)),
        (date(2024, 12, 15), 0, 1, date(2025, 1, 15)),
        (date(2025, 1, 15), 0, -1, date(2024, 12, 15)),
        (date(2025, 6, 30), -1, -6, date(2023, 12, 30)),
    ],
)
def test_add_years_months_examples(start: date, years: int, months: int, expected: date) -> None:
    assert add_years_months(start, years, months) == expected
    assert add_months(start, years * 12 + months) == expected


def test_add_months_out_of_calendar_is_an_invalid_date() -> None:
    with pytest.raises(InvalidDate, match="out of the calendar"):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(InvalidDate):
        add_months(date(1, 1, 1), -1)


@given(dates, month_counts)
def test_add_months_agrees_with_relativedelta(d: date, months: int) -> None:
    assert add_months(d, months) == d + relativedelta(months=months)


@given(dates, month_counts)
def test_add_months_lands_in_the_target_month_and_never_beyond_the_day(d: date, n: int) -> None:
    result = add_months(d, n)
    assert month_index(result) == month_index(d) + n
    assert result.day == min(d.day, last_day_of_month(result).day)


@given(dates, st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=11))
def test_add_years_months_is_add_months_of_the_total(d: date, years: int, months: int) -> None:
    assert add_years_months(d, years, months) == add_months(d, 12 * years + months)


@given(dates, st.integers(min_value=0, max_value=1200), st.integers(min_value=0, max_value=1200))
def test_add_months_is_monotone(d: date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert add_months(d, low) <= add_months(d, high)


def test_month_index_last_day_and_day_after() -> None:
    assert month_index(date(2025, 1, 1)) - month_index(date(2024, 12, 31)) == 1
    assert month_index(date(2025, 1, 1)) == month_index(date(2025, 1, 31))
    assert last_day_of_month(date(2024, 2, 1)) == date(2024, 2, 29)
    assert last_day_of_month(date(2100, 2, 1)) == date(2100, 2, 28)
    assert last_day_of_month(date(2025, 12, 31)) == date(2025, 12, 31)
    assert day_after(date(2024, 2, 28)) == date(2024, 2, 29)
    assert day_after(date(2024, 12, 31)) == date(2025, 1, 1)
    with pytest.raises(InvalidDate):
        day_after(date.max)


# --- ages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (date(1965, 1, 15), date(2025, 2, 15), Age(60, 1)),
        (date(1965, 1, 15), date(2025, 2, 14), Age(60, 0)),
        (date(1965, 1, 15), date(1965, 1, 15), Age(0, 0)),
        (date(1990, 1, 31), date(1990, 2, 27), Age(0, 0)),
        (date(1990, 1, 31), date(1990, 2, 28), Age(0, 1)),
        (date(1990, 1, 31), date(1990, 3, 30), Age(0, 1)),
        (date(1990, 1, 31), date(1990, 3, 31), Age(0, 2)),
        (date(1990, 12, 31), date(2025, 12, 30), Age(34, 11)),
        (date(1990, 12, 31), date(2025, 12, 31), Age(35, 0)),
    ],
)
def test_age_on_examples(birth: date, on: date, expected: Age) -> None:
    assert age_on(birth, on) == expected
    assert age_in_years(birth, on) == expected.years


def test_29_february_birthday_completes_a_year_on_28_february() -> None:
    born = date(2000, 2, 29)
    assert age_on(born, date(2001, 2, 27)) == Age(0, 11)
    assert age_on(born, date(2001, 2, 28)) == Age(1, 0)
    assert age_on(born, date(2004, 2, 28)) == Age(3, 11)  # leap year: the 29th exists
    assert age_on(born, date(2004, 2, 29)) == Age(4, 0)
    assert age_in_years(born, date(2060, 2, 28)) == 59
    assert age_in_years(born, date(2061, 2, 28)) == 61
    # the same convention as the retirement date clamping
    assert add_years_months(born, 61) == date(2061, 2, 28)


def test_age_before_birth_is_a_clear_error() -> None:
    with pytest.raises(InvalidDate) as caught:
        age_on(date(1990, 5, 1), date(1990, 4, 30))
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, MutualAidError)
    assert caught.value.hint
    assert "before the birth date" in str(caught.value)


@given(dates, dates)
def test_age_on_agrees_with_relativedelta(a: date, b: date) -> None:
    birth, on = min(a, b), max(a, b)
    delta = relativedelta(on, birth)
    assert age_on(birth, on) == (delta.years, delta.months)


@given(dates, dates)
def test_age_reaches_y_m_exactly_on_add_years_months(a: date, b: date) -> None:
    birth, on = min(a, b), max(a, b)
    age = age_on(birth, on)
    assert add_months(birth, age.total_months) <= on
    assert add_months(birth, age.total_months + 1) > on


@given(dates, st.integers(min_value=0, max_value=3000))
def test_age_is_monotone_in_the_reference_date(birth: date, days: int) -> None:
    on = birth + timedelta(days=days)
    assert age_on(birth, on) <= age_on(birth, on + timedelta(days=1))


# --- date text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1990-01-02",
        "1990-1-2",
        "1990/1/2",
        "1990/01/02",
        "1990.1.2",
        "19900102",
        "1990年1月2日",
        "1990年01月02日",
        "  1990-01-02\t",
    ],
)
def test_parse_date_text_accepts_the_exact_formats(text: str) -> None:
    assert parse_date_text(text) == date(1990, 1, 2)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1990-01",
        "1990-1/2",  # mixed separators
        "90-1-2",
        "1990-001-02",
        "199001021",
        "1990年1月",
        "1990年1月2",
        "Jan 2 1990",
        "2 January 1990",
        "1990-01-02T00:00",
        "1990-02-30",
        "19901301",
        "19900100",
        "０１９９０-1-2",
        "１９９０-０１-０２",  # full-width digits: not an exact format
        "١٩٩٠-01-02",  # other Unicode digits
        "1990－01－02",
        "😀",
    ],
)
def test_parse_date_text_rejects_anything_else(text: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date_text(text)
    assert caught.value.hint is not None
    assert "1990年1月2日" in caught.value.hint


@pytest.mark.parametrize("junk", [None, 19900102, b"1990-01-02", date(1990, 1, 2)])
def test_parse_date_text_rejects_non_text(junk: object) -> None:
    with pytest.raises(InvalidDate):
        parse_date_text(junk)  # type: ignore[arg-type]


@given(st.dates(min_value=date(1000, 1, 1)))
def test_parse_date_text_round_trips_every_format(d: date) -> None:
    for text in (
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        d.strftime("%Y%m%d"),
        f"{d.year}年{d.month}月{d.day}日",
    ):
        assert parse_date_text(text) == d


@given(st.text(max_size=20))
def test_parse_date_text_gives_a_date_or_invalid_date(text: str) -> None:
    try:
        result = parse_date_text(text)
    except InvalidDate:
        return
    assert isinstance(result, date)


# --- Excel serials ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (31, date(1900, 1, 31)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (32875, date(1990, 1, 2)),
        (45658, date(2025, 1, 1)),
        (45658.0, date(2025, 1, 1)),
        (45658.999, date(2025, 1, 1)),
        (EXCEL_MAX_SERIAL, date(9999, 12, 31)),
    ],
)
def test_from_excel_serial_examples(serial: float, expected: date) -> None:
    assert from_excel_serial(serial) == expected


@pytest.mark.parametrize(
    "serial",
    [60, 60.5, 0, 0.5, -1, EXCEL_MAX_SERIAL + 1, float("nan"), float("inf"), True, "45658", None],
)
def test_from_excel_serial_rejects_impossible_serials(serial: object) -> None:
    with pytest.raises(InvalidDate):
        from_excel_serial(serial)  # type: ignore[arg-type]


@given(st.integers(min_value=61, max_value=EXCEL_MAX_SERIAL - 1))
def test_excel_serials_are_consecutive_days_after_the_fake_leap_day(serial: int) -> None:
    assert from_excel_serial(serial + 1) == day_after(from_excel_serial(serial))


@given(st.integers(min_value=1, max_value=58))
def test_excel_serials_are_consecutive_days_before_the_fake_leap_day(serial: int) -> None:
    assert from_excel_serial(serial + 1) == day_after(from_excel_serial(serial))
