"""Roster templates: the .xlsx a unit downloads, fills in and imports (参保职工汇总表).

:func:`write_template` writes, for a pack and a plan:

* the roster sheet with the pack's Chinese headers (required ones in red),
  the header row frozen, sensible column widths, the ID number column
  formatted as text (so Excel keeps all 18 characters), the birth date
  column as dates, and a drop-down list on every closed column (ID type,
  gender, yes/no, medical insurance type);
* a 填写说明 (instructions) sheet: the plan, its tiers, every column with
  whether it is required and how to fill it, the row limit;
* a hidden 选项 sheet holding the drop-down lists.

>>> import tempfile, pathlib
>>> from datetime import date
>>> from openpyxl import load_workbook
>>> from mutualaid.model import CoveragePeriod, Plan, PlanKind, Tier, Contribution
>>> from mutualaid.model.columns import CANONICAL_COLUMNS
>>> plan = Plan("P1", "住院医疗", PlanKind.HOSPITALIZATION_MEDICAL,
...             CoveragePeriod.calendar_year(2026), (Tier("T60", "60元档位", Contribution(60)),))
>>> path = write_template(CANONICAL_COLUMNS, plan, pathlib.Path(tempfile.mkdtemp()) / "模板.xlsx")
>>> wb = load_workbook(path)
>>> wb.sheetnames
['参保职工汇总表', '填写说明', '选项']
>>> sheet = wb["参保职工汇总表"]
>>> [c.value for c in sheet[1]]
['姓名', '证件类型', '证件号码', '手机号码', '性别', '出生日期']
>>> sheet.freeze_panes, sheet.column_dimensions["C"].number_format
('A2', '@')
>>> sorted(str(dv.sqref) for dv in sheet.data_validations.dataValidation)
['B2:B10001', 'E2:E10001']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mutualaid.model.columns import ColumnKind, TemplateColumn
from mutualaid.model.plan import Plan
from mutualaid.roster.validation import RosterRules
from mutualaid.rules.engine import PackView

if TYPE_CHECKING:  # openpyxl is imported when a template is written, not with the package
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "OPTIONS_SHEET",
    "ROSTER_SHEET",
    "TEMPLATE_ROWS",
    "write_pack_template",
    "write_template",
]

#: The roster sheet's name.
ROSTER_SHEET = "参保职工汇总表"
#: The hidden sheet holding the drop-down lists.
OPTIONS_SHEET = "选项"
#: How many rows get drop-downs and formats when the pack sets no row limit.
TEMPLATE_ROWS = 10_000


@functools.cache
def _styles() -> tuple[Font, Font, PatternFill]:
    """The header fonts (optional, required) and fill, made on first use."""
    from openpyxl.styles import Font, PatternFill

    return Font(bold=True), Font(bold=True, color="C00000"), PatternFill("solid", fgColor="DDEBF7")


def write_pack_template(
    pack: PackView, plan: str | Plan, path: str | Path, *, on: date | None = None
) -> Path:
    """Write the template of ``pack`` for ``plan`` (its columns, tiers and row limit).

    :param on: the day the pack's values are read (default: the plan's coverage start).
    :raises UnknownPlan: the pack has no such plan.
    """
    rules = RosterRules.from_pack(pack, plan, on=on)
    return write_template(
        rules.columns,
        rules.plan,
        path,
        max_rows=rules.max_rows,
        title=f"{pack.info.title}：{rules.plan.name}",
    )


def _allowed(column: TemplateColumn) -> tuple[str, ...]:
    if column.allowed_values:
        return column.allowed_values
    if column.kind is ColumnKind.BOOL:
        return ("是", "否")
    return ()


def write_template(
    columns: Sequence[TemplateColumn],
    plan: Plan,
    path: str | Path,
    *,
    max_rows: int | None = None,
    title: str | None = None,
) -> Path:
    """Write a roster template with ``columns`` for ``plan`` to ``path`` (.xlsx); return the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    rows = max_rows or TEMPLATE_ROWS
    last = rows + 1
    head, required, fill = _styles()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = ROSTER_SHEET
    guide = workbook.create_sheet("填写说明")
    options = workbook.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    option_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = required if column.required else head
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) * 2 + 2)
        if column.field == "id_number":
            sheet.column_dimensions[letter].number_format = "@"
        elif column.kind is ColumnKind.DATE:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        allowed = _allowed(column)
        if allowed:
            option_column += 1
            option_letter = get_column_letter(option_column)
            options.cell(row=1, column=option_column, value=column.header)
            for r, value in enumerate(allowed, start=2):
                options.cell(row=r, column=option_column, value=value)
            source = (
                f"{quote_sheetname(OPTIONS_SHEET)}!${option_letter}$2:"
                f"${option_letter}${len(allowed) + 1}"
            )
            validation = DataValidation(
                type="list",
                formula1=f"={source}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"请从下拉列表中选择：{'、'.join(allowed)}",
            )
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    _write_guide(guide, columns, plan, rows, title)
    workbook.save(path)
    return path


def _write_guide(
    guide: Worksheet, columns: Sequence[TemplateColumn], plan: Plan, rows: int, title: str | None
) -> None:
    lines: list[tuple[object, ...]] = [
        (title or plan.name,),
        (f"保障计划：{plan.name}（{plan.code}），保障期限 {plan.coverage}",),
        (
            "档位："
            + "；".join(f"{t.name}（{t.code}）{t.contribution.total:.2f}元/人" for t in plan.tiers),
        ),
        (f"单次导入不超过{rows}条；请勿修改、删除表头，红色列为必填。",),
        ("证件号码列已设置为文本格式：请直接输入或粘贴为文本，避免末几位变成0。",),
        ("日期请写成 1990-01-02 或 1990/1/2。",),
        (),
        ("列名", "是否必填", "填写说明"),
    ]
    for column in columns:
        allowed = _allowed(column)
        note = column.note
        if allowed:
            note = (
                f"{note}（可选：{'、'.join(allowed)}）" if note else f"可选：{'、'.join(allowed)}"
            )
        lines.append((column.header, "必填" if column.required else "选填", note))
    for line in lines:
        guide.append(list(line))
    from openpyxl.styles import Font

    guide["A1"].font = Font(bold=True, size=14)
    head = _styles()[0]
    for cell in guide[8]:
        cell.font = head
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 80
