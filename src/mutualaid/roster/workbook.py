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
import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from mutualaid.celltext import MAX_COLUMNS, TextAltered, unwritable_count, writable_text
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
    written with a leading ``'``, the ID number column is formatted as text,
    and a whole number of more than 15 digits (which Excel would round) or a
    value that is not a finite number is written as text. Returns the path
    written.

    Never fails on what a reader accepted: characters an .xlsx cannot hold
    are replaced by U+FFFD and a cell longer than 32,767 characters is cut
    (see :mod:`mutualaid.celltext`); a row wider than the sheet's grid keeps
    its first 16,382 cells (trailing empty cells do not count), the two added
    columns taking the last two. Either way the row's 错误原因 says what was
    changed, and a :class:`~mutualaid.celltext.TextAltered` warning gives the
    count for the whole file.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from mutualaid.documents import safe_cell_text

    path = Path(path)
    red, head, fill = _styles()
    failed = report.failed()
    if report.headers is not None:
        header: list[object] = list(report.headers.headers)
        id_index = report.headers.fields.get("id_number")
    else:
        header = [c.header for c in report.rules.columns]
        id_index = next(
            (i for i, c in enumerate(report.rules.columns) if c.field == "id_number"), None
        )
    room = MAX_COLUMNS - 2  # the two added columns stay inside the grid
    rows = [_trimmed(r.cells) for r in failed]
    altered = _dropped(header, room)
    header = _trimmed(header)[:room]
    width = min(max([len(header), *map(len, rows)]), room)
    header += [""] * (width - len(header))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    for c, title in enumerate([*header, ROW_HEADER, REASONS_HEADER], start=1):
        cell = sheet.cell(row=1, column=c)
        altered += _put(cell, title, text=False, safe_cell_text=safe_cell_text)
        cell.font = head
    for r, (row, cells) in enumerate(zip(failed, rows, strict=True), start=2):
        changed = 0
        for c in range(min(len(cells), width)):
            changed += _put(
                sheet.cell(row=r, column=c + 1),
                cells[c],
                text=c == id_index,
                safe_cell_text=safe_cell_text,
            )
        notes = [_REPLACED.format(count=changed)] if changed else []
        left_out = _dropped(cells, width)
        if left_out:
            notes.append(_LEFT_OUT.format(count=left_out, last=_letter(width)))
        altered += changed + left_out
        sheet.cell(row=r, column=width + 1, value=row.row)
        reasons = "；".join([_reasons(row), *notes])
        reason = sheet.cell(row=r, column=width + 2, value=safe_cell_text(writable_text(reasons)))
        reason.data_type = "s"
        reason.font = red
        reason.fill = fill
        reason.alignment = Alignment(wrap_text=True, vertical="top")
    for c in range(width + 2):
        sheet.column_dimensions[_letter(c + 1)].width = 60 if c == width + 1 else 16
    if id_index is not None and id_index < width:
        sheet.column_dimensions[_letter(id_index + 1)].width = 22
        sheet.column_dimensions[_letter(id_index + 1)].number_format = "@"
    sheet.freeze_panes = "A2"
    workbook.save(path)
    if altered:
        warnings.warn(
            TextAltered(
                f"{path.name}: {altered} characters or cells an .xlsx cannot hold were "
                "replaced by U+FFFD, cut or left out (see each row's 错误原因)",
                altered,
            ),
            stacklevel=2,
        )
    return path


#: The notes added to a row's reasons when its cells were changed to fit an .xlsx.
_REPLACED = "本行有{count}处无法写入Excel的字符已替换为�（或超长单元格已截断），请核对后修改"
_LEFT_OUT = "本行有{count}个非空单元格超出Excel最大列数，{last}列之后的内容未写入"


def _blank(value: object) -> bool:
    return value is None or value == ""


def _trimmed(cells: Sequence[object]) -> list[object]:
    """The cells without the empty ones at the end."""
    end = len(cells)
    while end and _blank(cells[end - 1]):
        end -= 1
    return list(cells[:end])


def _dropped(cells: Sequence[object], width: int) -> int:
    """How many non-empty cells lie beyond ``width``."""
    return sum(not _blank(v) for v in cells[width:])


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _storable(value: object) -> object:
    """``value`` if openpyxl stores it faithfully, else its text (nothing is lost)."""
    if value is None or isinstance(value, str | bool | date | time):
        return value
    if isinstance(value, int):
        # Excel keeps 15 digits; Decimal prints any int, even one past Python's 4,300 digits
        return value if -_EXACT < value < _EXACT else str(Decimal(value))
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else str(value)
    return str(value)


def _put(cell: Cell, value: object, *, text: bool, safe_cell_text: Callable[[str], str]) -> int:
    """Write one cell back as it was read; formula-looking text stays text.

    Returns how many characters were replaced or cells cut to fit an .xlsx.
    """
    value = _storable(value)
    if text and value is not None and not isinstance(value, str):
        value = str(value)
    if isinstance(value, str):
        changed = unwritable_count(value)
        cell.value = safe_cell_text(writable_text(value) if changed else value)
        cell.data_type = "s"
        if text:
            cell.number_format = "@"
        return changed
    cell.value = value
    if isinstance(value, date | datetime):
        cell.number_format = "yyyy-mm-dd"
    return 0


#: Whole numbers from here on have more digits than Excel keeps (15).
_EXACT = 10**15


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
