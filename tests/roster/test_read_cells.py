"""Per-cell readers: text, ID numbers, dates, yes/no, counts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import ConversionError, InvalidDate
from mutualaid.roster.cells import bool_cell, cell_text, date_cell, id_number_cell, int_cell
from strategies.ids import valid_resident_ids


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        ("  张三  ", "张三"),
        ("\u3000张三\u00a0", "张三"),
        ("\ufeff\u200b张三\u200d", "张三"),
        ("１３９１２３４５６７８", "13912345678"),
        ("ＡＢＣ", "ABC"),
        (5, "5"),
        (5.0, "5"),
        (-0.0, "0"),
        (2.5, "2.5"),
        (False, "FALSE"),
        (date(1990, 1, 2), "1990-01-02"),
        (datetime(1990, 1, 2, 3, 4), "1990-01-02 03:04:00"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@given(st.text())
def test_cell_text_is_idempotent_and_stripped(value: str) -> None:
    once = cell_text(value)
    assert cell_text(once) == once
    assert once == once.strip()


@given(valid_resident_ids())
def test_text_ids_are_not_flagged(number: str) -> None:
    assert id_number_cell(f"  {number}\u3000") == (number, False)


@given(valid_resident_ids())
def test_ids_through_a_number_cell_are_flagged(number: str) -> None:
    if not number[-1].isdigit():
        return  # Excel keeps an X-ending number as text
    as_float = float(number)  # what Excel stores: a double
    text, flagged = id_number_cell(as_float)
    assert flagged
    assert text.isdigit() and len(text) == 18
    shown = f"{as_float:.5E}"  # what Excel shows, and a CSV export of the cell holds
    assert id_number_cell(shown) == (shown, True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.10105E+17", ("1.10105E+17", True)),
        ("1.10105e17", ("1.10105e17", True)),
        ("110105194912310000", ("110105194912310000", True)),  # check digit fails: rounded
        ("11010519491231002X", ("11010519491231002X", False)),
        (110105194912310, ("110105194912310", True)),  # 15 digits: intact, still numeric
        (1.5, ("1.5", True)),
        ("G12345678", ("G12345678", False)),  # a passport number
        ("", ("", False)),
        (True, ("TRUE", False)),
    ],
)
def test_id_number_cell(value: object, expected: tuple[str, bool]) -> None:
    assert id_number_cell(value) == expected


def test_an_id_really_ending_in_000_is_not_flagged() -> None:
    from strategies.ids import resident_id_check

    found = [
        number
        for day in range(1, 29)
        for seq in range(100, 1000, 100)
        if resident_id_check(number := f"110105194912{day:02d}{seq}") == "0"
    ]
    assert found, "some day gives a check digit 0"
    for first17 in found:
        number = first17 + "0"
        assert number.endswith("000")
        assert id_number_cell(number) == (number, False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        (date(1990, 1, 2), date(1990, 1, 2)),
        (datetime(1990, 1, 2, 23, 59), date(1990, 1, 2)),
        ("1990-01-02", date(1990, 1, 2)),
        ("1990/1/2", date(1990, 1, 2)),
        ("1990.1.2", date(1990, 1, 2)),
        ("19900102", date(1990, 1, 2)),
        ("1990年1月2日", date(1990, 1, 2)),
        ("１９９０－０１－０２", date(1990, 1, 2)),
        (" 1990-01-02 00:00:00 ", date(1990, 1, 2)),
        ("1990/1/2 8:30", date(1990, 1, 2)),
        ("1990-01-02T08:30:00.5", date(1990, 1, 2)),
        (32875, date(1990, 1, 2)),
        (32875.75, date(1990, 1, 2)),
        ("32875", date(1990, 1, 2)),
        ("32875.0", date(1990, 1, 2)),
        (19900102, date(1990, 1, 2)),
    ],
)
def test_date_cell(value: object, expected: date | None) -> None:
    assert date_cell(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "02/01/1990",
        "1990-13-01",
        "1990-02-30",
        "明年",
        "1990-01-02 noon",
        True,
        time(8),
        timedelta(1),
        0,
        -5,
        60,
        [1],
    ],
)
def test_date_cell_refuses(value: object) -> None:
    with pytest.raises(InvalidDate) as info:
        date_cell(value)
    assert isinstance(info.value, ValueError)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_excel_serials_round_trip(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    assert date_cell(serial) == day
    assert date_cell(float(serial)) == day
    assert date_cell(day.isoformat()) == day
    assert date_cell(day.strftime("%Y%m%d")) == day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        (" 1 ", True),
        ("0", False),
        (1, True),
        (0, False),
        (1.0, True),
        (True, True),
        ("√", True),
        ("×", False),
        ("", None),
        (None, None),
    ],
)
def test_bool_cell(value: object, expected: bool | None) -> None:
    assert bool_cell(value) is expected


@pytest.mark.parametrize("value", ["也许", 2, "yes!"])
def test_bool_cell_refuses(value: object) -> None:
    with pytest.raises(ConversionError, match="not yes or no"):
        bool_cell(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (3, 3),
        (3.0, 3),
        ("3", 3),
        ("３", 3),
        (" 2份", 2),
        ("2.0", 2),
        ("-1", -1),
        ("份", None),
    ],
)
def test_int_cell(value: object, expected: int | None) -> None:
    assert int_cell(value) == expected


@pytest.mark.parametrize("value", ["2.5", 2.5, "两份", True, date(2025, 1, 1)])
def test_int_cell_refuses(value: object) -> None:
    with pytest.raises(ConversionError, match="not a whole number"):
        int_cell(value)
