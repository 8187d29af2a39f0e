"""The numpy engine (issue 8): the cells openpyxl reads, or it declines and the others read.

Workbooks are written by hand (``xlsx_parts``) so that the XML is what a test
says: random plain sheets must read through the numpy engine exactly as
through openpyxl; every unusual shape must make the numpy engine decline
and still give openpyxl's answer; garbage never makes it fail.
"""

from __future__ import annotations

import math
import pickle
import random
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsx_parts import IDS, MAIN, cell, header_row, package, row, sheet_xml, styles_xml
from xlsx_parts import shared_strings as shared_strings_xml

from mutualaid.errors import RosterFileError
from mutualaid.roster import Limits, open_roster
from mutualaid.roster import _numpy_xlsx as numpy_xlsx
from mutualaid.roster._guards import check_xlsx, scan_sheets
from mutualaid.roster._numpy_xlsx import (
    _WINDOWS_EPOCH,
    Declined,
    Formats,
    SheetCells,
    SheetLayout,
    Strings,
    read_layout,
    read_sheet,
    shared_strings,
)
from mutualaid.roster.readers import ERROR_VALUES

HEADERS = ("姓名", "证件号码", "手机号码", "出生日期", "备注")
#: Cell styles of :func:`styles_xml` below: 1 a built-in date, 2 a custom date, 3 a number.
STYLES = styles_xml((14, 176, 2), {176: "yyyy\\-mm\\-dd"})


def _write(
    path: Path,
    rows: list[str],
    strings: list[str] | None = None,
    *,
    sheet: str | None = None,
    workbook_pr: str = "",
) -> Path:
    xml = sheet if sheet is not None else sheet_xml([header_row(HEADERS), *rows])
    shared = None if strings is None else _sst(strings)
    path.write_bytes(
        package([("名单", xml)], shared=shared, styles=STYLES, workbook_pr=workbook_pr)
    )
    return path


def _sst(strings: list[str]) -> str:
    """A shared strings part of items already escaped (``<si>`` bodies given whole when ``<``-led)."""
    items = "".join(s if s.startswith("<si>") else f"<si><t>{s}</t></si>" for s in strings)
    return f'<sst xmlns="{MAIN}" count="{len(strings)}">{items}</sst>'


def _read(path: Path, engine: str, **kwargs: object) -> tuple[str, object]:
    """The engine used, and the rows, columns and findings read (or the refusal)."""
    try:
        with open_roster(path, engine=engine, **kwargs) as source:  # type: ignore[arg-type]
            rows = list(source.cell_rows())
            findings = [(f.code, f.row, f.column) for f in source.findings]
            columns = source.cell_columns()
            column_findings = [(f.code, f.row, f.column) for f in source.findings]
            used = source.engine
    except RosterFileError as exc:
        return "refused", exc.message
    shaped = (
        list(columns.numbers),
        [[(type(v), v) for v in c] for c in columns.columns],
        columns.blank,
    )
    typed = [(n, None if r is None else [(type(v), v) for v in r]) for n, r in rows]
    return used, (typed, findings, shaped, column_findings)


def _same_as_openpyxl(path: Path, **kwargs: object) -> str:
    used, got = _read(path, "numpy", **kwargs)
    _, expected = _read(path, "openpyxl", **kwargs)
    assert got == expected
    return used


def _declined(path: Path, **kwargs: object) -> None:
    """The numpy engine declines and the file reads as before (``engine="calamine"``)."""
    used, got = _read(path, "numpy", **kwargs)
    assert used != "numpy"
    assert got == _read(path, "calamine", **kwargs)[1]


# --- random plain sheets -------------------------------------------------------------

_TEXT = st.lists(
    st.sampled_from(
        ["张", "三", " ", "\u3000", "\u00a0", "a", "1", "-", "&", "<", ">", '"', "'", "😀",
         "_x0041_", "\n", "\r\n", "\t", "注", "合计", "#N/A", "_", "x"]
    ),
    max_size=6,
).map("".join)  # fmt: skip


def _xml_text(text: str, refs: bool) -> str:
    return "".join(
        f"&#x{ord(c):X};" if refs and c in "三a😀" else escape(c, {'"': "&quot;"}) for c in text
    )


_VALUE = st.one_of(
    st.tuples(st.just("s"), _TEXT, st.booleans()),
    st.tuples(st.just("inline"), _TEXT, st.booleans()),
    st.tuples(st.just("str"), _TEXT, st.booleans()),
    st.tuples(st.just("n"), st.integers(-(10**20), 10**20).map(str), st.just(0)),
    st.tuples(
        st.just("n"),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from([0, 3]),
    ),
    st.tuples(st.just("n"), st.sampled_from(["1E+05", "1e-3", ".5", "5.", "-0", "+7"]), st.just(0)),
    st.tuples(
        st.just("n"),
        # dates to 9900 (past 9999 under the 1904 system, openpyxl and calamine disagree)
        st.floats(1, 2900000).map(lambda f: repr(round(f, 3))),
        st.sampled_from([1, 2]),
    ),
    st.tuples(st.just("n"), st.integers(1, 80000).map(str), st.sampled_from([1, 2])),
    st.tuples(st.just("b"), st.sampled_from(["0", "1", "TRUE", "false"]), st.just(0)),
    st.tuples(st.just("e"), st.sampled_from(sorted(ERROR_VALUES)), st.just(0)),
    st.tuples(st.just("empty"), st.just(""), st.sampled_from([0, 3])),
)


def _cell(column: int, number: int, value: tuple[str, str, object], strings: list[str]) -> str:
    kind, text, extra = value
    ref = f"{chr(65 + column)}{number}"
    if kind == "s":
        strings.append(_xml_text(text, bool(extra)))
        return f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>'
    if kind == "inline":
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml_text(text, bool(extra))}</t></is></c>'
    if kind == "str":
        return f'<c r="{ref}" t="str"><f>A1&amp;""</f><v>{_xml_text(text, bool(extra))}</v></c>'
    if kind == "b":
        return f'<c r="{ref}" t="b"><v>{text}</v></c>'
    if kind == "e":
        return f'<c r="{ref}" t="e"><f>1/0</f><v>{text}</v></c>'
    style = f' s="{extra}"' if extra else ""
    if kind == "empty":
        return f'<c r="{ref}"{style}/>'
    return f'<c r="{ref}"{style}><v>{text}</v></c>'


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.lists(
        st.tuples(
            st.integers(1, 3),  # the gap to the previous row
            st.lists(st.one_of(st.none(), _VALUE), max_size=7),
        ),
        max_size=8,
    ),
    date1904=st.booleans(),
)
def test_random_plain_sheets_read_as_openpyxl_reads_them(
    tmp_path: Path, body: list[tuple[int, list[tuple[str, str, object] | None]]], date1904: bool
) -> None:
    strings = ["注意", IDS[0]]  # index 0 and 1 used by the notes row below
    rows = []
    number = 1
    for gap, values in body:
        number += gap
        cells = [_cell(c, number, v, strings) for c, v in enumerate(values) if v is not None]
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    number += 1
    rows.append(f'<row r="{number}"><c r="A{number}" t="s"><v>0</v></c></row>')  # a notes row
    path = _write(
        tmp_path / "r.xlsx",
        rows,
        strings,
        workbook_pr='<workbookPr date1904="1"/>' if date1904 else "",
    )
    assert _same_as_openpyxl(path) == "numpy"


def test_the_benchmark_shape_reads_as_openpyxl(tmp_path: Path) -> None:
    rows = []
    strings = []
    for number in range(2, 300):
        strings += [f"张{number}", IDS[number % len(IDS)], " " * (number % 3)]
        base = len(strings) - 3
        rows.append(
            f'<row r="{number}" spans="1:5"><c r="A{number}" t="s"><v>{base}</v></c>'
            f'<c r="B{number}" s="3" t="s"><v>{base + 1}</v></c>'
            f'<c r="D{number}" s="1"><v>{20000 + number}</v></c>'
            f'<c r="E{number}" t="s"><v>{base + 2}</v></c></row>'
        )
    path = _write(tmp_path / "r.xlsx", rows, strings)
    assert _same_as_openpyxl(path) == "numpy"


# --- what the numpy engine declines ---------------------------------------------------


def _plain(number: int, name: str = "张三") -> str:
    return row(number, [cell(0, number, name), cell(1, number, IDS[number])])


_DECLINED = {
    "white space between tags": f'<row r="2">\n  {cell(0, 2, "张三")}\n</row>',
    "a cell without r": '<row r="2"><c t="inlineStr"><is><t>张三</t></is></c></row>',
    "r not first": '<row r="2"><c t="inlineStr" r="A2"><is><t>张三</t></is></c></row>',
    "cells out of order": f'<row r="2">{cell(1, 2, IDS[2])}{cell(0, 2, "张三")}</row>',
    "a cell twice": f'<row r="2">{cell(0, 2, "张三")}{cell(0, 2, "李四")}</row>',
    "rows out of order": _plain(3) + _plain(2, "李四"),
    "a row twice": _plain(2) + _plain(2, "李四"),
    "a row without r": f"<row>{cell(0, 2, '张三')}</row>",
    "CDATA": '<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[张三]]></t></is></c></row>',
    "a comment": f"<!-- x -->{_plain(2)}",
    "rich inline text": '<row r="2"><c r="A2" t="inlineStr"><is><r><t>张</t></r><r><t>三</t></r></is></c></row>',
    "a lower-case reference": '<row r="2"><c r="a2" t="inlineStr"><is><t>张三</t></is></c></row>',
    "a reference off its row": '<row r="2"><c r="A3" t="inlineStr"><is><t>张三</t></is></c></row>',
    "an absolute reference": '<row r="2"><c r="$A$2" t="inlineStr"><is><t>张三</t></is></c></row>',
    "an unknown cell type": '<row r="2"><c r="A2" t="x"><v>张三</v></c></row>',
    "an unknown cell attribute": '<row r="2"><c r="A2" cm="1"><v>1</v></c></row>',
    "a time of day": '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="D2" s="1"><v>0.5</v></c></row>',
    "NaN": '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2"><v>NaN</v></c></row>',
    "an unknown error value": '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="e"><v>#FOO!</v></c></row>',
    "an error cell without a value": '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="e"/></row>',
    "a prefixed cell": f'<row r="2"><x:c xmlns:x="{MAIN}" r="A2" t="s"><x:v>0</x:v></x:c></row>',
    "an undefined entity": '<row r="2"><c r="A2" t="str"><v>&nbsp;</v></c></row>',
    "an inline string with a value": '<row r="2"><c r="A2" t="inlineStr"><v>1</v><is><t>张三</t></is></c></row>',
}


@pytest.mark.parametrize("case", sorted(_DECLINED))
def test_declined_sheets_read_as_openpyxl_reads_them(tmp_path: Path, case: str) -> None:
    path = _write(tmp_path / "r.xlsx", [_DECLINED[case]], ["张三"])
    _declined(path)


@pytest.mark.parametrize(
    ("case", "strings"),
    [
        ("x005F_ (openpyxl drops it)", ["张x005F_三"]),
        ("text and runs in one item", ["<si><t>张</t><r><t>三</t></r></si>"]),
        ("a processing instruction", ["<si><?pi x?><t>张三</t></si>"]),
    ],
)
def test_declined_shared_strings(tmp_path: Path, case: str, strings: list[str]) -> None:
    """{case}: declined."""
    path = _write(tmp_path / "r.xlsx", ['<row r="2"><c r="A2" t="s"><v>0</v></c></row>'], strings)
    _declined(path)


def test_a_prefixed_worksheet_is_declined(tmp_path: Path) -> None:
    rows = "".join((header_row(HEADERS), _plain(2)))
    sheet = (
        sheet_xml([rows])
        .replace("<worksheet", "<x:worksheet")
        .replace("</worksheet>", "</x:worksheet>")
    )
    sheet = sheet.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}" xmlns="{MAIN}"')
    path = _write(tmp_path / "r.xlsx", [], sheet=sheet)
    _declined(path)


def test_a_duration_format_is_declined(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    xml = sheet_xml(
        [
            header_row(HEADERS),
            '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" s="1"><v>1.5</v></c></row>',
        ]
    )
    path.write_bytes(package([("名单", xml)], shared=_sst(["张三"]), styles=styles_xml((46,))))
    _declined(path)


def test_a_sheet_over_the_limit_is_declined(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.xlsx", [_plain(2)])
    _declined(path, limits=Limits(calamine_sheet=200))


def test_a_sheet_off_the_grid_is_refused_even_when_another_is_read(tmp_path: Path) -> None:
    """The numpy engine reads the first sheet; the guards' scan still sees the second."""
    good = sheet_xml([header_row(HEADERS), _plain(2)])
    bad = sheet_xml(['<row r="1"><c r="XFE1"><v>1</v></c></row>'])
    path = tmp_path / "r.xlsx"
    path.write_bytes(package([("名单", good), ("其他", bad)], styles=STYLES))
    for engine in ("numpy", "calamine"):
        with pytest.raises(RosterFileError, match="outside the sheet grid"):
            open_roster(path, engine=engine)  # type: ignore[arg-type]


def test_the_scan_is_lazy(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.xlsx", [_plain(2)])
    package_ = check_xlsx(path, Limits(), scan=False)
    assert [s.scan for s in package_.sheets] == [None]
    scanned = scan_sheets(path, package_, Limits())
    assert scanned.sheets[0].scan == check_xlsx(path, Limits()).sheets[0].scan
    assert scan_sheets(path, package_, Limits(), skip={"名单"}).sheets[0].scan is None


# --- garbage -----------------------------------------------------------------------


def _sheet_bytes() -> bytes:
    rows = [header_row(HEADERS)] + [
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n % 3}</v></c><c r="B{n}" s="1"><v>{n * 1000}.25</v></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>a&amp;b</t></is></c><c r="D{n}" t="e"><v>#N/A</v></c></row>'
        for n in range(2, 12)
    ]
    return sheet_xml(rows).encode()


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_garbage_is_read_or_declined_never_an_error(seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(_sheet_bytes())
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(data))
        action = rng.random()
        if action < 0.4:
            data[at] = rng.choice(b'<>/"= 0123456789ArcvtsSe\x00\xff&;#x')
        elif action < 0.7:
            del data[at : at + rng.randint(1, 8)]
        else:
            data[at:at] = bytes(data[rng.randrange(len(data)) :][: rng.randint(1, 30)])
    strings = Strings.of(["张三", " ", "#N/A"])
    try:
        cells = read_sheet(
            bytes(data), strings, frozenset({1}), frozenset(), _WINDOWS_EPOCH, Limits()
        )
    except Declined:
        return
    assert isinstance(cells, SheetCells)
    assert len(cells.rows) == len(cells.columns) == len(cells.refs)
    assert all(not isinstance(v, float) or math.isfinite(v) for v in cells.table.tolist())


def test_shared_strings_read_like_openpyxl() -> None:
    xml = shared_strings_xml(["a &amp; b", "  ", "&#x1F600;", "_x0041__x005F_"])
    with pytest.raises(Declined):
        shared_strings(xml.encode())  # x005F_: openpyxl drops it, this engine declines
    xml = shared_strings_xml(["a &amp; b", "  ", "&#x1F600;", "_x0041_\r\nz"])
    assert shared_strings(xml.encode()) == ["a & b", "  ", "😀", "A\nz"]


def test_a_sheet_off_the_grid_is_refused_before_a_missing_column(tmp_path: Path) -> None:
    """As check_xlsx scanned every sheet first: the grid refusal, not the missing column."""
    good = sheet_xml([row(1, [cell(0, 1, "无关")])])
    bad = sheet_xml(['<row r="1"><c r="XFE1"><v>1</v></c></row>'])
    path = tmp_path / "r.xlsx"
    path.write_bytes(package([("名单", good), ("其他", bad)], states={"其他": "hidden"}))
    for engine in ("numpy", "calamine"):
        with pytest.raises(RosterFileError, match="outside the sheet grid"):
            open_roster(path, engine=engine)  # type: ignore[arg-type]


_FIRST_VALUES = st.sampled_from(
    ["注：本表由单位填写", "合计", "张三", "\u3000说明", "（盖章）", "a", "填表人：李四", None]
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.lists(st.tuples(_FIRST_VALUES, st.booleans()), min_size=1, max_size=8))
def test_notes_rows_are_left_out_after_the_last_other_row_as_openpyxl_reads_them(
    tmp_path: Path, body: list[tuple[str | None, bool]]
) -> None:
    """Notes, totals and signature rows (with or without an ID number) anywhere among the
    rows: the numpy engine's columns leave out those after the last other row, as the row
    by row reading does, and keep the others."""
    strings: list[str] = []
    rows = []
    for number, (first, with_id) in enumerate(body, start=2):
        cells = []
        for column, value in ((0, first), (1, IDS[number] if with_id else None)):
            if value is not None:
                strings.append(escape(value))
                cells.append(f'<c r="{"AB"[column]}{number}" t="s"><v>{len(strings) - 1}</v></c>')
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    path = _write(tmp_path / "r.xlsx", rows, strings)
    assert _same_as_openpyxl(path) == "numpy"


@pytest.mark.parametrize("engine", ["auto", "numpy", "calamine", "openpyxl"])
def test_too_many_shared_texts_are_refused_before_any_engine_reads(
    tmp_path: Path, engine: str
) -> None:
    texts = ["张三", "李四", "王五"]
    rows = [row(2, [cell(i, 2, str(i), t="s") for i in range(3)])]
    path = _write(tmp_path / "r.xlsx", rows, texts)
    limits = Limits(shared_strings_count=2)
    with pytest.raises(RosterFileError, match="holds 3 texts"):
        open_roster(path, engine=engine, limits=limits)  # type: ignore[arg-type]
    with pytest.raises(RosterFileError, match="holds 3 texts"):
        check_xlsx(path, limits, scan=False)
    # the read ahead's child reads no shared strings and does not count them
    assert check_xlsx(path, limits, scan=False, count=False).shared_strings is not None


# --- a sheet read in two shares (the read ahead's child reads the head) ---------------


def _resolved(layout: SheetLayout) -> tuple[object, ...]:
    """A layout as plain values: its arrays, and each cell's value (not where it is listed)."""
    values = [
        ("s", r) if r >= 0 else ("none",) if r == -1 else ("v", layout.values[-2 - r], layout.raw[-2 - r])
        for r in layout.refs.tolist()
    ]  # fmt: skip
    rows, columns, nan = layout.rows.tolist(), layout.columns.tolist(), layout.nan.tolist()
    return rows, columns, nan, layout.errors, layout.row_span, repr(values)


def _layout_or_declined(read: Callable[[], SheetLayout]) -> object:
    try:
        return _resolved(read())
    except Declined:
        return "declined"


@settings(max_examples=60, deadline=None)
@given(
    body=st.lists(
        st.tuples(st.integers(1, 3), st.lists(st.one_of(st.none(), _VALUE), max_size=7)),
        max_size=12,
    ),
    share=st.sampled_from([0.0, 0.05, 0.2, 0.5, 0.9, 1.0]),
    order=st.booleans(),
)
def test_a_sheet_read_in_two_shares_reads_as_in_one(
    body: list[tuple[int, list[tuple[str, str, object] | None]]], share: float, order: bool
) -> None:
    strings: list[str] = []
    rows = []
    number = 1
    for at, (gap, values) in enumerate(body):
        number += gap if order or at % 4 else -gap  # now and then a row out of order
        cells = [
            _cell(c, max(number, 1), v, strings) for c, v in enumerate(values) if v is not None
        ]
        rows.append(f'<row r="{max(number, 1)}">{"".join(cells)}</row>')
    data = sheet_xml(rows).encode()
    formats = Formats(_WINDOWS_EPOCH, frozenset({1, 2}), frozenset())
    limits = Limits()
    whole = _layout_or_declined(lambda: read_layout(data, formats, limits))
    old = numpy_xlsx.TAIL_SHARE
    numpy_xlsx.TAIL_SHARE = share
    try:
        shared = _layout_or_declined(
            lambda: read_layout(data, formats, limits, "head").then(
                read_layout(data, formats, limits, "tail"), limits
            )
        )
    finally:
        numpy_xlsx.TAIL_SHARE = old
    assert shared == whole


def test_two_shares_with_many_error_cells_keep_the_first_thousand(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(numpy_xlsx, "TAIL_SHARE", 0.2)
    rows = [
        f'<row r="{n}"><c r="A{n}" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B{n}"><v>{n}.5</v></c></row>'
        for n in range(1, 1501)
    ]
    data = sheet_xml(rows).encode()
    formats = Formats(_WINDOWS_EPOCH, frozenset(), frozenset())
    whole = read_layout(data, formats, Limits())
    head = read_layout(data, formats, Limits(), "head")
    tail = read_layout(data, formats, Limits(), "tail")
    assert head.row_span[2] and tail.row_span[2]  # both shares hold rows
    assert _resolved(head.then(tail, Limits())) == _resolved(whole)
    assert len(whole.errors) == 1000


class _Day(date):
    """A date of another type: pickled as it is, not as a day number."""


_LAYOUT_VALUE = st.one_of(
    st.dates(),
    st.datetimes(),
    st.datetimes().map(lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0)),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(hour=0, minute=0)),
    st.just(datetime(2020, 1, 1, fold=1)),
    st.dates().map(lambda d: _Day(d.year, d.month, d.day)),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.text(max_size=3),
    st.none(),
    st.times(),
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(_LAYOUT_VALUE, max_size=20), raw=st.lists(_LAYOUT_VALUE, max_size=20))
def test_a_layout_pickles_to_the_same_values_of_the_same_types(
    values: list[object], raw: list[object]
) -> None:
    """Dates and midnight datetimes go as day numbers (issue 8: the child's layout pickles fast)."""
    ints = np.arange(3, dtype=np.int64)
    layout = SheetLayout(
        ints, ints, ints, values, raw, np.zeros(3, dtype=bool), (("A1", "#N/A"),), (1, 3, 3)
    )
    back = pickle.loads(pickle.dumps(layout, protocol=pickle.HIGHEST_PROTOCOL))
    for before, after in ((layout.values, back.values), (layout.raw, back.raw)):
        assert [(type(v), v) for v in after] == [(type(v), v) for v in before]
        assert [getattr(v, "tzinfo", None) for v in after] == [
            getattr(v, "tzinfo", None) for v in before
        ]
        assert [getattr(v, "fold", None) for v in after] == [
            getattr(v, "fold", None) for v in before
        ]
    assert _resolved(back) == _resolved(layout)
    assert back.errors == layout.errors and back.row_span == layout.row_span


_NUMBER_TEXT = st.one_of(
    st.text("0123456789", min_size=1, max_size=12),  # up to 8 digits: read at once
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1E+05", "1e-3", ".5", "5.", "-0", "+7", "00012", "0"]),
)


@settings(max_examples=200)
@given(st.lists(_NUMBER_TEXT, min_size=1, max_size=20))
def test_number_values_read_as_python_float_reads_them(texts: list[str]) -> None:
    """A cell's ``<v>`` number: short digit runs are read at once, the rest as text; all as
    ``float`` reads them."""
    data = b"".join(b"<v>" + t.encode() + b"</v>" for t in texts) + b"</c></row></sheetData>"
    codes = np.frombuffer(data, dtype=np.uint8)
    starts, at = [], 0
    for t in texts:
        starts.append(at + 3)
        at += len(t) + 7
    starts_a = np.array(starts, dtype=np.int32)
    stops_a = starts_a + np.array([len(t) for t in texts], dtype=np.int32)
    read = numpy_xlsx._floats(codes, starts_a, stops_a)
    assert read.tolist() == [float(t) for t in texts]
