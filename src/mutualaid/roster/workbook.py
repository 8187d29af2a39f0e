"""Error workbooks and re-import: fix only the failed rows, then import them again.

The Weihai and Linyi systems let a unit download the rows that failed (导入失败人员下载),
fix them and upload only those (只需要上传错误人员信息，不用所有人员重新上传). Here:

1. :func:`write_error_workbook` writes the rejected rows of a report *as the
   user typed them*, under the file's own header row, with two added columns:
   原行号 (the row in the first file) and 错误原因 (every reason, in Chinese).
2. The user fixes the cells and saves the file (the added columns may stay:
   the import ignores them).
3. :func:`reimport` checks the fixed file under the same rules, with the
   first report's members counting as already accepted (a row repeating one
   of them is ``id.duplicate``), and merges the two reports.

>>> import tempfile, pathlib
>>> from datetime import date
>>> from mutualaid.model import CoveragePeriod, Plan, PlanKind, Tier, Contribution
>>> from mutualaid.roster.validation import RosterRules, check_file
>>> plan = Plan("P1", "住院医疗", PlanKind.HOSPITALIZATION_MEDICAL,
...             CoveragePeriod.calendar_year(2026), (Tier("T60", "60元档位", Contribution(60)),))
>>> rules = RosterRules(plan, date(2026, 1, 1))
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "名单.csv").write_text(
...     "姓名,证件号码\\n张三,110105198801010014\\n李四,110105198801010015\\n", encoding="utf-8")
>>> first = check_file(folder / "名单.csv", rules)
>>> print(first.summary)
rows 2: accepted 1, needs_material 0, rejected 1, blank 0; amount due 60.00
>>> errors = write_error_workbook(first, folder / "失败人员.xlsx")
>>> [row for row in read_back(errors)]
[('姓名', '证件号码', '原行号', '错误原因'), ('李四', '110105198801010015', 3, '证件号码：证件号码末位校验码不正确，请对照身份证重新输入')]

The user corrects the check digit and imports the error workbook again:

>>> fix_cell(errors, "B2", "11010519880102001X")
>>> merged = reimport(first, errors)
>>> print(merged.summary)
rows 2: accepted 2, needs_material 0, rejected 0, blank 0; amount due 120.00
>>> [m.name for m in merged.members()]
['张三', '李四']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mutualaid.roster.readers import Engine
from mutualaid.roster.report import RosterReport, RowResult
from mutualaid.roster.validation import check_file

if TYPE_CHECKING:  # openpyxl and the life cycle's documents are imported when a file is written
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font, PatternFill

__all__ = [
    "REASONS_HEADER",
    "ROW_HEADER",
    "SHEET_TITLE",
    "fix_cell",
    "read_back",
    "reimport",
    "write_error_workbook",
]

#: The sheet of the error workbook.
SHEET_TITLE = "导入失败人员"
#: The added column with the first file's row number.
ROW_HEADER = "原行号"
#: The added column with the reasons.
REASONS_HEADER = "错误原因"


@functools.cache
def _styles() -> tuple[Font, Font, PatternFill]:
    """The reasons' font, the header font and the reasons' fill, made on first use."""
    from openpyxl.styles import Font, PatternFill

    return Font(color="C00000"), Font(bold=True), PatternFill("solid", fgColor="FDE9E7")


def _reasons(row: RowResult) -> str:
    parts = []
    for f in row.findings:
        parts.append(f"{f.column}：{f.message}" if f.column else f.message)
    return "；".join(parts)


def write_error_workbook(report: RosterReport, path: str | Path) -> Path:
    """Write the rejected rows of ``report`` to ``path`` (.xlsx), ready to fix and re-import.

    Cells are written back as read (text as text, dates as dates, numbers as
    numbers), except that text a spreadsheet would take for a formula is
    written with a leading ``'`` and the ID number column is formatted as
    text. Returns the path written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from mutualaid.lifecycle.documents import safe_cell_text

    path = Path(path)
    red, head, fill = _styles()
    failed = report.failed()
    if report.headers is not None:
        header = list(report.headers.headers)
        id_index = report.headers.fields.get("id_number")
    else:
        header = [c.header for c in report.rules.columns]
        id_index = next(
            (i for i, c in enumerate(report.rules.columns) if c.field == "id_number"), None
        )
    width = max([len(header), *(len(r.cells) for r in failed)]) if failed else len(header)
    while len(header) < width:
        header.append("")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append([*header, ROW_HEADER, REASONS_HEADER])
    for cell in sheet[1]:
        cell.font = head
    for r, row in enumerate(failed, start=2):
        for c in range(width):
            value = row.cells[c] if c < len(row.cells) else None
            _put(
                sheet.cell(row=r, column=c + 1),
                value,
                text=c == id_index,
                safe_cell_text=safe_cell_text,
            )
        sheet.cell(row=r, column=width + 1, value=row.row)
        reason = sheet.cell(row=r, column=width + 2, value=safe_cell_text(_reasons(row)))
        reason.data_type = "s"
        reason.font = red
        reason.fill = fill
        reason.alignment = Alignment(wrap_text=True, vertical="top")
    letters = [sheet.cell(row=1, column=c + 1).column_letter for c in range(width + 2)]
    for c, letter in enumerate(letters):
        sheet.column_dimensions[letter].width = 60 if c == width + 1 else 16
    if id_index is not None:
        sheet.column_dimensions[letters[id_index]].width = 22
        sheet.column_dimensions[letters[id_index]].number_format = "@"
    sheet.freeze_panes = "A2"
    workbook.save(path)
    return path


def _put(cell: Cell, value: object, *, text: bool, safe_cell_text: Callable[[str], str]) -> None:
    """Write one cell back as it was read; formula-looking text stays text."""
    if text and value is not None and not isinstance(value, str):
        value = str(value)
    if isinstance(value, str):
        cell.value = safe_cell_text(value)
        cell.data_type = "s"
        if text:
            cell.number_format = "@"
        return
    cell.value = value
    if isinstance(value, date | datetime):
        cell.number_format = "yyyy-mm-dd"


def reimport(
    report: RosterReport,
    path: str | Path,
    *,
    engine: Engine | None = None,
    sheet: str | None = None,
    declared: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> RosterReport:
    """Check the fixed rows in ``path`` under ``report``'s rules and merge them into it.

    Rows repeating a member ``report`` already accepted are ``id.duplicate``;
    the merged report's rejected rows are those still wrong in ``path``.
    """
    fixed = check_file(
        path,
        report.rules,
        declared=declared,
        engine=engine,
        sheet=sheet,
        accepted=report,
        progress=progress,
    )
    return report.merge(fixed)


def read_back(path: str | Path) -> Iterator[tuple[object, ...]]:
    """The rows of an .xlsx file's first sheet, as values (for tests and doctests)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def fix_cell(path: str | Path, coordinate: str, value: object) -> None:
    """Set one cell of an .xlsx file's first sheet, as a user fixing a row would."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook.worksheets[0][coordinate] = value
    workbook.save(path)
