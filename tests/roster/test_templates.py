"""Templates: the pack's headers, text-formatted ID column, drop-downs, instructions; they read back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from roster_helpers import yiyang

from mutualaid.roster.readers import open_roster
from mutualaid.roster.templates import OPTIONS_SHEET, ROSTER_SHEET, write_pack_template
from mutualaid.roster.validation import RosterRules


def test_the_yiyang_template(tmp_path: Path) -> None:
    path = write_pack_template(yiyang(), "YY-HOSP-2026", tmp_path / "模板.xlsx")
    rules = RosterRules.from_pack(yiyang(), "YY-HOSP-2026", tier="T60")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [ROSTER_SHEET, "填写说明", OPTIONS_SHEET]
    assert workbook[OPTIONS_SHEET].sheet_state == "hidden"
    sheet = workbook[ROSTER_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in rules.columns]
    assert sheet.freeze_panes == "A2"
    id_letter = openpyxl.utils.get_column_letter(headers.index("证件号码") + 1)
    assert sheet.column_dimensions[id_letter].number_format == "@"
    assert sheet.column_dimensions[id_letter].width >= 20
    lists = {str(dv.sqref).split(":")[0][0]: dv for dv in sheet.data_validations.dataValidation}
    letters = {openpyxl.utils.get_column_letter(i + 1): h for i, h in enumerate(headers)}
    assert {letters[k] for k in lists} == {
        "证件类型",
        "性别",
        "医保类型",
        "新业态从业者",
        "是否已退休",
    }
    assert all(str(dv.sqref).endswith("10001") for dv in lists.values())  # Yiyang: 10,000 rows
    options = workbook[OPTIONS_SHEET]
    gender = lists["E"].formula1
    assert gender.startswith("=") and OPTIONS_SHEET in gender
    values = [row[0] for row in options.iter_rows(values_only=True) if row[0]]
    assert "男" in values or any("男" in str(c.value) for col in options.iter_cols() for c in col)
    guide = "\n".join(
        str(c) for row in workbook["填写说明"].iter_rows(values_only=True) for c in row if c
    )
    assert "益阳职工住院保障项目2026" in guide and "10000" in guide and "60元档位" in guide
    assert "文本格式" in guide
    # red headers are the required ones
    required = {c.header for c in rules.columns if c.required}
    assert {
        c.value
        for c in sheet[1]
        if c.font.color is not None and c.font.color.rgb.endswith("C00000")
    } == required


def test_a_template_reads_back_with_every_column_mapped(tmp_path: Path) -> None:
    path = write_pack_template(yiyang(), "YY-HOSP-2026", tmp_path / "模板.xlsx")
    rules = RosterRules.from_pack(yiyang(), "YY-HOSP-2026", tier="T60")
    with open_roster(path, columns=rules.columns) as source:
        assert set(source.header_map.fields) == {c.field for c in rules.columns}
        assert source.header_map.unknown == ()
        assert list(source.rows()) == []
