"""Error workbooks: failed rows as typed plus reasons; fixed and re-imported, they merge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from roster_helpers import bad_rows, resident_id, write_xlsx, yiyang

from mutualaid.roster.validation import check_roster
from mutualaid.roster.workbook import (
    REASONS_HEADER,
    ROW_HEADER,
    fix_cell,
    read_back,
    reimport,
    write_error_workbook,
)


def first_import(tmp_path: Path):  # type: ignore[no-untyped-def]
    rows, _ = bad_rows()
    rows.append(["=cmd|' /C calc'!A0", "居民身份证", "12345", "13912345678"])  # row 20
    path = write_xlsx(tmp_path / "名单.xlsx", rows)
    return check_roster(path, pack=yiyang(), plan="YY-HOSP-2026", tier="T60")


def test_failed_rows_are_written_as_typed_with_their_reasons(tmp_path: Path) -> None:
    report = first_import(tmp_path)
    target = write_error_workbook(report, tmp_path / "失败.xlsx")
    rows = list(read_back(target))
    header = rows[0]
    assert header[:3] == ("姓名", "证件类型", "证件号码") and header[-2:] == (
        ROW_HEADER,
        REASONS_HEADER,
    )
    body = {row[-2]: row for row in rows[1:]}
    assert set(body) == {r.row for r in report.failed()}
    assert body[7][2] == "110105199005060000"  # the number Excel kept, now as text
    assert body[17][5] == "1980/13/45"
    assert "证件号码：证件号码末位校验码不正确" in body[5][-1]
    assert body[20][0] == "'=cmd|' /C calc'!A0"  # formula text written as text
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    assert sheet["C2"].number_format == "@" and sheet.freeze_panes == "A2"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_fixed_rows_merge_into_the_accepted_set(tmp_path: Path) -> None:
    report = first_import(tmp_path)
    target = write_error_workbook(report, tmp_path / "失败.xlsx")
    rows = list(read_back(target))
    fixes = {
        3: ("A", "补名"),
        4: ("C", resident_id(date(1990, 2, 2), serial=11)),
        5: ("C", resident_id(date(1990, 3, 3), serial=12)),
    }
    for excel_row, row in enumerate(rows[1:], start=2):
        if row[-2] in fixes:
            column, value = fixes[row[-2]]
            fix_cell(target, f"{column}{excel_row}", value)
    merged = reimport(report, target)
    before, after = report.summary, merged.summary
    assert after.accepted == before.accepted + 3
    assert after.rejected == before.rejected - 3
    assert after.needs_material == before.needs_material
    assert after.amount_due == before.amount_due + 180
    assert len({m.id_number for m in merged.members()}) == len(merged.members())
    assert merged.files == ("名单.xlsx", "失败.xlsx")
    data = merged.to_dict()
    assert {r["file"] for r in data["rows"]} == {"名单.xlsx", "失败.xlsx"}


def test_reimporting_an_accepted_member_is_a_duplicate(tmp_path: Path) -> None:
    report = first_import(tmp_path)
    target = write_error_workbook(report, tmp_path / "失败.xlsx")
    accepted = report.members()[0]
    fix_cell(target, "A2", "重复的人")
    fix_cell(target, "C2", accepted.id_number)
    merged = reimport(report, target)
    (row,) = [r for r in merged.rows() if r.file == "失败.xlsx" and r.row == 2]
    assert [f.code for f in row.findings] == ["id.duplicate"]
    assert "已导入名单" in row.findings[0].message
