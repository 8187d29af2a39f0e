"""The check reads whole columns at once: each shortcut reads every cell as its per-cell reader does.

:mod:`mutualaid.roster.member_cells` reads a column in one pass where it
can (text already clean, fixed-width text as one grid of code points, the
common date texts, closed lists through one dict) and falls back to the
per-cell readers of :mod:`mutualaid.roster.cells` for the rest. These tests
hold each shortcut to the per-cell reading over junk columns, and the check
of a column given as a list, a tuple or a numpy array to the same findings.
"""

from __future__ import annotations

import io
import itertools
from datetime import date, time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roster_helpers import ON, PLAN, raw, resident_id, write_xlsx

from mutualaid.errors import InvalidDate
from mutualaid.ids.mobile import is_normalized
from mutualaid.roster import member_cells as mc
from mutualaid.roster.cells import date_cell
from mutualaid.roster.indexed_column import IndexedColumn, distinct
from mutualaid.roster.member_cells import check_member_cells
from mutualaid.roster.report import RosterReport, _clean_rows
from mutualaid.roster.validation import RosterRules, check_file, validate_rows
from mutualaid.rules.columnar import MemberRules

RULES = RosterRules(PLAN, ON, tier_code="T60", over_retirement_needs_proof=True)

#: Characters that make text unclean in one way or another.
TRICKY = st.sampled_from(
    [" ", "\u3000", "\x1f", "\t", "\u200b", "Ａ", "１", "x", "X", "-", "/", ".", "年", "0", "9"]
)
TEXT = st.one_of(
    st.text(max_size=12),
    st.lists(st.one_of(TRICKY, st.characters(codec="utf-8")), max_size=12).map("".join),
    st.sampled_from(["张三", " 李四", "王五 ", "Wang Wu", "欧阳\u3000娜娜", "１２３"]),
)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(-10, 10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.just(time(8, 30)),
)
DIGITS = st.text("0123456789", min_size=1, max_size=2)
DATE_TEXT = st.one_of(
    st.builds(
        lambda y, sep, m, d: f"{y}{sep}{m}{sep}{d}",
        st.text("0123456789", min_size=4, max_size=4),
        st.sampled_from(["-", "/", ".", "年"]),
        DIGITS,
        DIGITS,
    ),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.dates().map(lambda d: f"{d:%Y}-{d.month}/{d.day}"),
    st.text("0123456789-/. x", max_size=11),
    TEXT,
)


def per_cell_date(value: object) -> int | None:
    """What :func:`date_cell` reads, as days since 1970 (``None``: empty or not a date)."""
    try:
        day = date_cell(value)
    except InvalidDate:
        return None
    return None if day is None else (day - date(1970, 1, 1)).days


@settings(max_examples=300)
@given(st.lists(DATE_TEXT, max_size=20))
def test_date_texts_read_the_days_date_cell_reads(texts: list[str]) -> None:
    days = mc._date_texts(texts).tolist()
    for text, day in zip(texts, days, strict=True):
        if day != mc._NAT_DAYS:  # read at once: the same day
            assert day == per_cell_date(text), text


@pytest.mark.parametrize(
    "text",
    ["1990-01-02", "1990/1/2", "1990.1.2", "1990-1-02", "1990/01/2", "19900102", "2000-2-29"],
)
def test_the_common_date_texts_are_read_at_once(text: str) -> None:
    assert mc._date_texts([text]).tolist() == [per_cell_date(text)]


@pytest.mark.parametrize(
    "text", ["1990-02-30", "0000-01-01", "1990-1/2", " 1990-01-02", "1990年1月2日", "19901302"]
)
def test_other_date_texts_are_left_to_date_cell(text: str) -> None:
    assert mc._date_texts([text]).tolist() == [mc._NAT_DAYS]


@settings(max_examples=200)
@given(st.lists(st.one_of(st.none(), TEXT), max_size=30))
def test_clean_texts_read_each_cell_as_text_does(values: list[str | None]) -> None:
    assert mc._clean_texts(values) == [mc._text(v) if v is not None else "" for v in values]


@pytest.mark.parametrize(
    "values",
    [
        ["e", "\u0301"],  # a combining mark after a cell: composes only without a separator
        ["\u1100", "\u1161"],  # Hangul jamo: two starters that compose
        ["张三", "Wang Wu", "李四"],  # an inner space: the second separator
        ["张三", "李四 "],
        ["张三", "", "李四"],
        ["张\t三", "李四"],
        ["Ａ", "李四"],  # full width: NFKC changes it
    ],
)
def test_clean_texts_at_the_cells_edges(values: list[str]) -> None:
    assert mc._clean_texts(values) == [mc._text(v) for v in values]


@settings(max_examples=200)
@given(st.lists(CELL, max_size=30))
def test_clean_texts_of_any_cells(values: list[object]) -> None:
    assert mc._clean_texts(values) == [mc._text(v) if v is not None else "" for v in values]


ID_TEXT = st.one_of(
    st.text("0123456789Xx ", min_size=17, max_size=19),
    st.builds(lambda d: resident_id(d), st.dates(date(1940, 1, 1), date(2020, 1, 1))),
    st.just("１" * 18),
)


@settings(max_examples=200)
@given(st.lists(st.one_of(ID_TEXT, CELL), max_size=30))
def test_resident_texts_are_the_cells_of_17_digits_and_a_check_character(
    values: list[object],
) -> None:
    texts, fast, grid = mc._resident_texts(values)
    chars = mc._id_chars(grid, fast, texts, [])  # what the decoder reads instead of the texts
    assert [bytes(row).decode() if row.any() else "" for row in chars] == texts
    expected = [
        v
        if isinstance(v, str)
        and v.__class__ is str
        and len(v) == 18
        and v[:17].isascii()
        and v[:17].isdigit()
        and v[17] in "0123456789X"
        else ""
        for v in values
    ]
    assert texts == expected
    assert fast.tolist() == [bool(t) for t in expected]


MOBILE = st.one_of(
    st.text("0123456789 ", min_size=10, max_size=12),
    st.integers(10**10, 2 * 10**10).map(str),
    st.just("１３９１２３４５６７８"),
)


@settings(max_examples=200)
@given(st.lists(st.one_of(MOBILE, CELL), max_size=30))
def test_normalized_mobiles_are_the_cells_is_normalized_accepts(values: list[object]) -> None:
    assert mc._normalized_mobiles(values).tolist() == [is_normalized(v) for v in values]


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(["男", "女", "M", "x", "", "男 ", " ", None, 1, "𠀀", "\x1f", "男\x1f"]),
        max_size=30,
    )
)
def test_codes_of_one_character_cells_are_the_lookup(values: list[object]) -> None:
    """A column of one-character texts is coded by its code points; any other, per cell."""
    table = {"男": 1, "女": 2, "M": 1, "男性": 1, None: 0}
    expected = [table.get(v, -1) for v in values]  # type: ignore[call-overload]
    assert mc._codes(table, values, -1, np.int8).tolist() == expected


def test_lookup_and_indexes() -> None:
    table = {"是": True, None: False}
    assert mc._lookup(table, ["是", None, "x", 1], "?") == [True, False, "?", "?"]
    assert mc._lookup(table, [["unhashable"], "是"], "?") == ["?", True]
    assert mc._indexes(["a", "", "b", ""], "") == [1, 3]
    assert mc._indexes([], None) == []


COLUMNS = {
    "name": st.one_of(st.none(), TEXT),
    "id_type": st.sampled_from([None, "居民身份证", "护照", "身份证", "x", 1]),
    "id_number": st.one_of(ID_TEXT, CELL),
    "gender": st.sampled_from([None, "男", "女", "M", " 男", "x", 1]),
    "birth_date": st.one_of(DATE_TEXT, CELL),
    "mobile": st.one_of(MOBILE, CELL),
    "gig_worker": st.sampled_from([None, "是", "否", "Y", "yes", True, 1, "x"]),
    "risk_class": st.sampled_from([None, "一类", "二类", "x", 1]),
    "medical_insurance_type": st.sampled_from([None, "城镇职工医保", "无", "x"]),
    "plan_code": st.sampled_from([None, "YY-HOSP-2026", " yy-hosp-2026 ", "other"]),
    "tier_code": st.sampled_from([None, "T60", "60元档位", "T99", 60]),
    "shares": st.sampled_from([None, 1, "2", "3份", "x", 2.5]),
}


@st.composite
def columns(draw: st.DrawFn) -> tuple[int, dict[str, list[object]]]:
    n = draw(st.integers(0, 12))
    fields = draw(st.sets(st.sampled_from(sorted(COLUMNS)), min_size=1))
    return n, {f: draw(st.lists(COLUMNS[f], min_size=n, max_size=n)) for f in sorted(fields)}


def indexed(values: list[object]) -> IndexedColumn:
    """The cells as the numpy engine hands them out: indexes into a table of distinct values
    (here with an entry no cell uses, and the table's last entry ``None``)."""
    table: list[object] = []
    seen: dict[tuple[type, str], int] = {}
    refs = []
    for value in values:
        key = (type(value), repr(value))
        if key not in seen:
            seen[key] = len(table)
            table.append(value)
        refs.append(seen[key])
    table += ["unused", None]
    refs = [-1 if values[i] is None else r for i, r in enumerate(refs)]
    column = IndexedColumn(np.array(refs, dtype=np.int64), np.fromiter(table, dtype=object))
    assert column == values
    return column


@settings(max_examples=80, deadline=None)
@given(columns())
def test_a_column_as_a_list_a_tuple_an_array_or_indexed_gives_the_same_findings(
    drawn: tuple[int, dict[str, list[object]]],
) -> None:
    n, cells = drawn
    rules = MemberRules(PLAN, ON, "T60")
    checked = [
        check_member_cells({f: kind(v) for f, v in cells.items()}, n, rules)
        for kind in (list, tuple, lambda v: np.array([*v, None], dtype=object)[:-1], indexed)
    ]
    first = checked[0].all_findings()
    for other in checked[1:]:
        assert other.all_findings() == first
        assert other.members.birth.tolist() == checked[0].members.birth.tolist()
        assert other.members.id_number.tolist() == checked[0].members.id_number.tolist()
    assert checked[0].found_rows() == {i: f for i, f in enumerate(first) if f}


@settings(max_examples=60, deadline=None)
@given(columns())
def test_the_cells_given_are_never_changed_nor_shared(
    drawn: tuple[int, dict[str, list[object]]],
) -> None:
    """The check reads a caller's lists and arrays as they are (it may skip copying them), but
    never changes them, and the batch it makes holds arrays of its own."""
    n, cells = drawn
    rules = MemberRules(PLAN, ON, "T60")
    for kind in (list, lambda v: np.array([*v, None], dtype=object)[:-1], indexed):
        given = {f: kind(v) for f, v in cells.items()}
        before = {f: list(v) for f, v in given.items()}
        members = check_member_cells(given, n, rules).members
        assert {f: list(v) for f, v in given.items()} == before
        for field in ("name", "id_number", "mobile", "gender_text"):
            array = getattr(members, field)
            source = given.get("gender" if field == "gender_text" else field)
            assert array is None or not np.shares_memory(array, np.asarray(source, dtype=object))


def test_check_file_reports_progress_per_4096_rows_once_read(tmp_path: Path) -> None:
    number = resident_id(date(1990, 1, 1))
    path = tmp_path / "r.csv"
    path.write_text("姓名,证件号码\n" + f"甲,{number}\n" * 9000, encoding="utf-8")
    seen: list[int] = []
    report = check_file(path, RULES, progress=seen.append)
    assert seen == [4096, 8192]
    assert report.summary.rows == 9000


def test_a_report_kept_as_columns_is_the_report_of_its_tuples(tmp_path: Path) -> None:
    rows = [
        ["张三", "居民身份证", resident_id(date(1990, 1, 1), serial=1), "13912345678"],
        ["李四", "居民身份证", "123", None],
        ["王五", "居民身份证", resident_id(date(1960, 1, 1), serial=2), "139"],
        [None, None, None, "13912345678"],
        ["赵六", "居民身份证", resident_id(date(1990, 1, 1), serial=1), None],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    report = check_file(path, RULES)
    tuples = RosterReport(
        rules=report.rules,
        files=report.files,
        passed=list(report._passed),
        rejected=report._rejected,
        blank=report.summary.blank,
        roster_findings=report.roster_findings,
        headers=report.headers,
        amount_due=report.summary.amount_due,
    )
    assert tuples.to_json() == report.to_json()
    assert tuples.to_json(indent=2) == report.to_json(indent=2)
    assert tuples.summary == report.summary
    assert [repr(r) for r in tuples.flagged()] == [repr(r) for r in report.flagged()]
    out = io.StringIO()
    report.write_json(out)
    assert out.getvalue() == report.to_json()


def test_row_numbers_that_are_no_integers_from_0_keep_tuples() -> None:
    number = resident_id(date(1990, 1, 1))
    report = validate_rows([raw(-1, name="甲", id_number=number)], RULES)
    assert isinstance(report._passed, list)
    assert [r.row for r in report.rows()] == [-1]


def test_clean_rows_text() -> None:
    rows = np.array([0, 7, 9, 10, 99, 100, 123456789012], dtype=np.int64)
    text, offsets = _clean_rows(rows)
    each = [f'{{"row":{n},"status":"accepted","findings":[]}},' for n in rows.tolist()]
    assert text == "".join(each)
    assert [text[a:b] for a, b in itertools.pairwise(offsets)] == each


@settings(max_examples=200)
@given(st.lists(CELL, max_size=30), st.integers(0, 200))
def test_distinct_places_every_cell_among_the_tables_entries(
    values: list[object], extra: int
) -> None:
    column = indexed(values)
    big = IndexedColumn(column.refs, np.fromiter([*column.table, *["x"] * extra], dtype=object))
    for each in (column, big):
        spread = distinct(each)
        if spread is None:  # a table over four times the column (and 64): cell by cell
            assert len(each.table) > 4 * len(each) + 64
            continue
        entries, places = spread
        assert [entries[k] for k in places.tolist()] == list(each)
        assert all(entries[k] is each[i] for i, k in enumerate(places.tolist()))
    assert distinct(list(values)) is None and distinct(tuple(values)) is None
    assert type(column[:]) is list and type(list(column)) is list  # copies: plain lists
