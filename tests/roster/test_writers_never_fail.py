"""Writers never fail on data the readers accepted (issue 12, item 2).

Any text (control characters, U+FFFE, lone surrogates, 40,000 characters), any
number (NaN, 5,000 digits) and any row width go into the error workbook and the
.xlsx export; what an .xlsx cannot hold comes back as U+FFFD (or cut), is
counted in a TextAltered warning and, in the error workbook, named in the row's
reasons.
"""

from __future__ import annotations

import math
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.celltext import (
    MAX_CELL_TEXT,
    MAX_COLUMNS,
    REPLACEMENT,
    TextAltered,
    unwritable_count,
    writable_text,
)
from mutualaid.documents import safe_cell_text
from mutualaid.model import CANONICAL_COLUMNS, Contribution, CoveragePeriod, Plan, PlanKind, Tier
from mutualaid.roster.export import export_roster
from mutualaid.roster.headers import map_headers
from mutualaid.roster.readers import RawRow
from mutualaid.roster.report import RosterReport
from mutualaid.roster.validation import RosterRules, validate_rows
from mutualaid.roster.workbook import (
    REASONS_HEADER,
    ROW_HEADER,
    read_back,
    write_error_workbook,
)

PLAN = Plan(
    "P1",
    "住院医疗",
    PlanKind.HOSPITALIZATION_MEDICAL,
    CoveragePeriod.calendar_year(2026),
    (Tier("T60", "60元档位", Contribution(60)),),
)
RULES = RosterRules(PLAN, date(2026, 1, 1))
GOOD_ID = "110105198801010014"
BAD_ID = "110105198801010015"  # wrong check digit: the row is rejected

#: Any code point, surrogates and non-characters included.
any_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None))
forbidden = st.sampled_from(
    ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800", "\udfff"]
)


def _report(
    rows: list[tuple[object, ...]], header: tuple[str, ...] = ("姓名", "证件号码")
) -> RosterReport:
    raw = [
        RawRow(n, {"name": cells[0], "id_number": cells[1]}, False, cells)
        for n, cells in enumerate(rows, start=2)
    ]
    return validate_rows(raw, RULES, headers=map_headers(header, CANONICAL_COLUMNS))


def _as_read(text: str) -> set[str]:
    """What reading back an .xlsx cell holding ``text`` may give.

    Replaced characters become U+FFFD, formula-looking text gets its ``'``, and
    XML reads every line end as LF, so a CR inside a cell comes back as LF
    (in Excel too).
    """
    written = {writable_text(text), safe_cell_text(writable_text(text))}
    return {w.replace("\r\n", "\n").replace("\r", "\n") for w in written}


def _write(report: RosterReport, path: Path) -> tuple[Path, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = write_error_workbook(report, path)
    return written, [w for w in caught if issubclass(w.category, TextAltered)]


@given(any_text)
def test_writable_text_leaves_nothing_xml_forbids(text: str) -> None:
    out = writable_text(text)
    assert len(out) <= MAX_CELL_TEXT
    assert unwritable_count(out) == 0
    out.encode("utf-8")  # no lone surrogate left: encodes without error
    if unwritable_count(text) == 0:
        assert out == text
    elif len(text) <= MAX_CELL_TEXT:
        assert len(out) == len(text) and out.count(REPLACEMENT) >= unwritable_count(text)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=any_text, extra=any_text, bad=forbidden)
def test_error_workbook_takes_any_text(tmp_path: Path, name: str, extra: str, bad: str) -> None:
    name = name + bad  # at least one character to replace
    report = _report([(name, BAD_ID, extra)])
    assert report.failed()
    path, altered = _write(report, tmp_path / "errors.xlsx")
    rows = list(read_back(path))
    assert rows[0][-2:] == (ROW_HEADER, REASONS_HEADER)
    written = rows[1]
    assert written[0] in _as_read(name)
    assert REPLACEMENT in written[0]
    assert "替换为�" in written[-1]
    assert altered and altered[0].message.count >= unwritable_count(name)  # type: ignore[union-attr]


def test_error_workbook_takes_numbers_excel_cannot(tmp_path: Path) -> None:
    huge = 10**5000
    report = _report(
        [("张三", BAD_ID, huge, math.nan, math.inf, Decimal("NaN"), 12345678901234567)]
    )
    path, altered = _write(report, tmp_path / "errors.xlsx")
    row = list(read_back(path))[1]
    assert row[2] == str(Decimal(huge))  # every digit, as text
    assert row[3:6] == ("nan", "inf", "NaN")
    assert row[6] == "12345678901234567"  # more than 15 digits: text, so Excel keeps them
    assert not altered


def test_a_row_wider_than_the_grid_keeps_its_first_cells(tmp_path: Path) -> None:
    wide = ("张三", BAD_ID, *(f"c{i}" for i in range(MAX_COLUMNS + 500)))
    narrow = ("李四", BAD_ID, "x", *([None] * (MAX_COLUMNS + 10)))  # trailing blanks: nothing lost
    path, altered = _write(_report([wide, narrow]), tmp_path / "errors.xlsx")
    rows = list(read_back(path))
    assert len(rows[0]) == MAX_COLUMNS
    assert rows[0][-2:] == (ROW_HEADER, REASONS_HEADER)
    assert rows[1][: MAX_COLUMNS - 2] == wide[: MAX_COLUMNS - 2]
    assert "超出Excel最大列数" in rows[1][-1]
    assert rows[2][-2] == 3 and "超出" not in rows[2][-1]
    assert altered[0].message.count == len(wide) - (MAX_COLUMNS - 2)  # type: ignore[union-attr]


def test_a_header_row_wider_than_the_grid(tmp_path: Path) -> None:
    header = ("姓名", "证件号码", *(f"h{i}" for i in range(MAX_COLUMNS + 3)))
    report = _report([("张三", BAD_ID)], header)
    path, altered = _write(report, tmp_path / "errors.xlsx")
    rows = list(read_back(path))
    assert rows[0][:3] == ("姓名", "证件号码", "h0") and len(rows[0]) == MAX_COLUMNS
    assert altered[0].message.count == len(header) - (MAX_COLUMNS - 2)  # type: ignore[union-attr]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=any_text, bad=forbidden)
def test_export_takes_any_text_of_an_accepted_row(tmp_path: Path, name: str, bad: str) -> None:
    name = "张" + bad + name.strip() + "三"
    report = _report([(name, GOOD_ID)])
    if not report.members():
        return  # the name check refused it: nothing to export
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = export_roster(report, tmp_path / "名单.xlsx")
    written = list(read_back(path))[1][1]
    member_name = report.members()[0].name
    assert written in _as_read(member_name)
    count = unwritable_count(member_name)
    found = [w for w in caught if issubclass(w.category, TextAltered)]
    assert (found[0].message.count if found else 0) == count  # type: ignore[union-attr]
