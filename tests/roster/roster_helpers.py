"""Builders shared by the roster validation, report, workbook and export tests."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from mutualaid.model import Contribution, CoveragePeriod, Plan, PlanKind, Tier
from mutualaid.roster.readers import RawRow
from mutualaid.rules import PackView, RuleEngine
from mutualaid.testing.members import resident_id

__all__ = [
    "HEADER",
    "ON",
    "PLAN",
    "bad_rows",
    "engine",
    "raw",
    "resident_id",
    "write_xlsx",
    "yiyang",
]

ON = date(2026, 1, 1)

PLAN = Plan(
    "YY-HOSP-2026",
    "益阳职工住院保障项目2026",
    PlanKind.HOSPITALIZATION_MEDICAL,
    CoveragePeriod.calendar_year(2026),
    (Tier("T60", "60元档位", Contribution(60)), Tier("T90", "90元档位", Contribution(90))),
)

#: The Yiyang template's headers (see the pack's TEMPLATE_COLUMNS).
HEADER = ("姓名", "证件类型", "证件号码", "手机号", "性别", "出生日期", "医保类型", "新业态从业者")


@functools.cache
def engine() -> RuleEngine:
    """The installed packs (Yiyang among them)."""
    return RuleEngine.from_entry_points(names=("yiyang",))


def yiyang() -> PackView:
    """The Yiyang pack's view."""
    return engine().pack("yiyang")


def raw(row: int, **values: Any) -> RawRow:
    """A raw row with the canonical fields given (others absent)."""
    return RawRow(
        row, dict(values), not any(v is not None for v in values.values()), tuple(values.values())
    )


def write_xlsx(
    path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER
) -> Path:
    """A one-sheet workbook: ``header`` then ``rows`` (``None`` cells left empty)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "参保职工汇总表"
    ws.append(list(header))
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # "=..." typed as text, not a formula
    wb.save(path)
    return path


def bad_rows() -> tuple[list[list[object]], dict[int, set[str]]]:
    """A Yiyang roster with every kind of bad row, and the codes expected on each sheet row.

    Judged on 2026-01-01 (Yiyang: no maximum age; women retire on the 50-year table).
    """
    ok = resident_id(date(1990, 5, 6), "male", serial=1)
    woman = resident_id(date(1992, 3, 4), "female", serial=2)
    wrong_check = ok[:17] + ("0" if ok[17] != "0" else "1")
    impossible = "11010519901301001"
    impossible += __import__("mutualaid").ids.resident_id.check_digit(impossible)
    rows: list[list[object]] = [
        ["张三", "居民身份证", ok, "13912345678", "男", "1990-05-06", "城镇职工医保", "否"],  # 2 ok
        [None, "居民身份证", resident_id(date(1990, 1, 1), serial=3), "13912345678"],  # 3
        ["李四", "居民身份证", ok[:17], "13912345678"],  # 4
        ["王五", "居民身份证", wrong_check, "13912345678"],  # 5
        ["赵六", "居民身份证", impossible, "13912345678"],  # 6
        ["钱七", "居民身份证", 110105199005060000, "13912345678"],  # 7
        ["孙八", "居民身份证", ok, "13912345678"],  # 8 duplicate of 2
        ["周九", "居民身份证", woman, "13912345678", "男"],  # 9
        [
            "吴十",
            "居民身份证",
            resident_id(date(1985, 2, 3), serial=4),
            "13912345678",
            None,
            "1985-02-04",
        ],  # 10
        ["郑一", "居民身份证", resident_id(date(1988, 8, 8), serial=5), "1391234567"],  # 11
        ["冯二", "居民身份证", resident_id(date(2012, 1, 1), serial=6), "13912345678"],  # 12
        [
            "陈三",
            "居民身份证",
            resident_id(date(1970, 6, 1), "female", serial=8),
            "13912345678",
        ],  # 13
        [None, None, None, None],  # 14 blank
        ["John Smith", "护照", "E12345678", "13912345678", None, "1980-02-03"],  # 15
        ["褚四", "军官证", "A1234567", "13912345678", "男", "1980-02-03"],  # 16
        ["卫五", "护照", "E7654321", "13912345678", "女", "1980/13/45"],  # 17
        [
            "蒋六",
            "居民身份证",
            resident_id(date(1991, 1, 1), serial=9),
            "13912345678",
            None,
            None,
            "公费",
            "也许",
        ],  # 18
        [
            "沈七",
            "居民身份证",
            resident_id(date(1993, 1, 1), serial=10),
            13912345679,
        ],  # 19 ok (number cell)
    ]
    expected: dict[int, set[str]] = {
        2: set(),
        3: {"field.required"},
        4: {"id.format"},
        5: {"id.checksum"},
        6: {"id.birth_date"},
        7: {"id.numeric_cell"},
        8: {"id.duplicate"},
        9: {"member.gender_mismatch"},
        10: {"member.birth_date_mismatch"},
        11: {"phone.format"},
        12: {"age.below_minimum"},
        13: {"age.over_retirement"},
        15: {"member.gender_required"},
        16: {"field.invalid_choice"},
        17: {"field.invalid_date"},
        18: {"field.invalid_choice"},
        19: set(),
    }
    return rows, expected
