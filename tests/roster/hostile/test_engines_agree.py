"""Issue 12 items 12-16: the case workbooks read the same on every engine.

``make_cases.py`` writes each case with zipfile and hand-written XML; here
every one is read with ``auto``, ``calamine`` and ``openpyxl`` and checked:
same rows, same row statuses and finding codes, and the value the case is
about read right.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from make_cases import CASES, ERRORS, IDS, ZH_DATE_FORMATS, write_all

from mutualaid.errors import RosterFileError
from mutualaid.roster import check_roster, open_roster
from mutualaid.rules import RuleEngine

ENGINES = ("auto", "numpy", "calamine", "openpyxl")
_RULES = RuleEngine.from_entry_points(names=("yiyang",))


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("cases"))


def _read(path: Path, engine: str) -> object:
    try:
        with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
            return [(r.row, r.raw) for r in source.rows()]
    except RosterFileError as exc:
        return ("refused", exc.message)


def _checked(path: Path, engine: str) -> object:
    try:
        report = check_roster(
            path,
            pack=_RULES.pack("yiyang"),
            plan="YY-HOSP-2026",
            tier="T60",
            on=date(2026, 1, 1),
            engine=engine,  # type: ignore[arg-type]
        )
    except RosterFileError as exc:
        return ("refused", exc.message)
    rows = [(r.row, r.status.value, sorted(f.code for f in r.findings)) for r in report.rows()]
    roster = sorted((f.code, f.row) for f in report.roster_findings)
    return rows, roster, report.summary.to_dict()


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_engine_reads_the_case_the_same(cases: dict[str, Path], case: str) -> None:
    path = cases[case]
    rows = {engine: _read(path, engine) for engine in ENGINES}
    assert rows["calamine"] == rows["auto"] == rows["openpyxl"]
    checked = {engine: _checked(path, engine) for engine in ENGINES}
    assert checked["calamine"] == checked["auto"] == checked["openpyxl"]


def _rows(path: Path, engine: str) -> list[tuple[object, ...]]:
    with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
        return [r.raw for r in source.rows()]


@pytest.mark.parametrize("engine", ENGINES)
def test_what_each_case_is_about(cases: dict[str, Path], engine: str) -> None:
    escapes = _rows(cases["escapes"], engine)
    assert escapes[0][:2] == ("张_x0033_三", IDS[0] + "\r")  # _x005F_ is a literal underscore
    assert escapes[1][1] == IDS[1]
    assert _rows(cases["inline_with_value"], engine)[0][1] == IDS[0]
    births = [r[2] for r in _rows(cases["zh_date_formats"], engine)]
    assert len(births) == len(ZH_DATE_FORMATS) and all(isinstance(b, date) for b in births)
    assert _rows(cases["date1904"], engine)[0][2] == date(1970, 1, 1)
    assert [r[3] for r in _rows(cases["error_values"], engine)] == [None] * len(ERRORS)
    assert len(_rows(cases["libreoffice_dimension"], engine)) == 4
    assert _rows(cases["shared_strings_other_case"], engine)[0][1] == IDS[0]
    assert len(_rows(cases["workbook_elsewhere"], engine)) == 4
    assert len(_rows(cases["state_show"], engine)) == 4
    assert [r[0] for r in _rows(cases["rows_out_of_order"], engine)] == [
        "张三",
        "李四",
        "王五",
        "赵六",
    ]
    assert _rows(cases["cells_out_of_order"], engine)[0] == ("张三", IDS[0], None, "13912345670")
    assert [r[4] for r in _rows(cases["booleans_true"], engine)] == [True, False]
    assert _rows(cases["id_in_e_notation"], engine)[0][1] == 110105194912310000
    assert [r[2] for r in _rows(cases["serial_out_of_range"], engine)][:2] == [3000000, -5]
    assert [r[3] for r in _rows(cases["odd_numbers"], engine)] == [None] * 4
    assert len(_rows(cases["chartsheet_first"], engine)) == 4
    assert len(_rows(cases["xlsx_named_xls"], engine)) == 4


@pytest.mark.parametrize("engine", ENGINES)
def test_error_values_are_empty_with_a_warning(cases: dict[str, Path], engine: str) -> None:
    report = check_roster(
        cases["error_values"],
        pack=_RULES.pack("yiyang"),
        plan="YY-HOSP-2026",
        tier="T60",
        on=date(2026, 1, 1),
        engine=engine,  # type: ignore[arg-type]
    )
    warnings = [f for f in report.roster_findings if f.code == "file.error_value"]
    assert [f.row for f in warnings] == list(range(2, 2 + len(ERRORS)))
    assert {f.column for f in warnings} == {"手机号码"}
    assert not report.blocking


@pytest.mark.parametrize("engine", ENGINES)
def test_clerk_headers_and_trailing_notes(cases: dict[str, Path], engine: str) -> None:
    """Issue 11: 职工姓名 / 身份证号码 / 手机号码 accepted; 合计, 注：, 制表人 rows are notices."""
    report = check_roster(
        cases["clerk_headers"],
        pack=_RULES.pack("yiyang"),
        plan="YY-HOSP-2026",
        tier="T60",
        on=date(2026, 1, 1),
        engine=engine,  # type: ignore[arg-type]
    )
    assert report.summary.rows == 3
    assert report.summary.rejected == 0
    notes = [
        (f.row, f.severity.value) for f in report.roster_findings if f.code == "file.notes_row"
    ]
    assert notes == [(7, "warning"), (8, "warning"), (9, "warning")]
