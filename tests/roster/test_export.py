"""Export of the accepted roster: masked by default, full on request, formula-injection safe."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roster_helpers import ON, PLAN, raw, resident_id

from mutualaid.errors import RosterError
from mutualaid.roster.export import export_roster
from mutualaid.roster.validation import RosterRules, validate_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def report_of(*names: str):  # type: ignore[no-untyped-def]
    rows = [
        raw(
            i + 2,
            name=name,
            id_number=resident_id(date(1990, 1, 1), serial=i),
            mobile="13912345678",
        )
        for i, name in enumerate(names)
    ]
    return validate_rows(rows, RosterRules(PLAN, ON, tier_code="T60"))


def read_xlsx(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_ids_and_mobiles_are_masked_by_default(tmp_path: Path, suffix: str) -> None:
    report = report_of("张三")
    number = report.members()[0].id_number
    path = export_roster(report, tmp_path / f"名单{suffix}")
    rows = read_xlsx(path) if suffix == ".xlsx" else read_csv(path)
    text = repr(rows)
    assert number not in text and "13912345678" not in text
    assert "110105********" in text and "139****5678" in text
    full = export_roster(report, tmp_path / f"full{suffix}", reveal=True)
    rows = read_xlsx(full) if suffix == ".xlsx" else read_csv(full)
    assert number in repr(rows) and "13912345678" in repr(rows)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formula_text_is_written_as_text(tmp_path: Path, suffix: str) -> None:
    names = ["=1+2", "+SUM(A1)", "-3", "@cmd", "-全角", '=HYPERLINK("http://x")']
    report = report_of(*names)
    path = export_roster(report, tmp_path / f"r{suffix}")
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).active
        assert sheet is not None
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
        got = [sheet.cell(row=r, column=2).value for r in range(2, 2 + len(names))]
    else:
        got = [row[1] for row in read_csv(path)[1:]]
    assert got == ["'" + n for n in names]


@settings(max_examples=30, deadline=None)
@given(name=st.text(alphabet="=+-@\t\rAB张1 ", min_size=1, max_size=6).filter(lambda s: s.strip()))
def test_no_exported_cell_starts_a_formula(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    path = export_roster(report_of(name), tmp_path_factory.mktemp("x") / "r.csv")
    for row in read_csv(path):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS)


def test_other_suffixes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match=r"\.json"):
        export_roster(report_of("张三"), tmp_path / "r.json")
