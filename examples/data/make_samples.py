"""Write the bundled sample rosters (deterministic: the same bytes on every run).

    python examples/data/make_samples.py

* ``yiyang_roster.xlsx``: a clean Yiyang roster of 20 members on the Yiyang
  template (one over-age member who needs the stamped over-age roster, one
  passport holder, one blank row): ``mutualaid check`` exits 0.
* ``yiyang_roster_errors.xlsx``: one bad row of every kind a Yiyang roster
  can have (see docs/findings.md): ``mutualaid check`` exits 1.

Everyone in them is made up: ID numbers are valid (GB 11643 check digit)
but made from a birth date and a serial number, and mobiles are 139 numbers.
The rows are judged on 2026-01-01, the coverage start of YY-HOSP-2026.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from mutualaid.ids import resident_id as resident_ids
from mutualaid.testing import resident_id

HERE = Path(__file__).resolve().parent
HEADER = (
    "姓名",
    "证件类型",
    "证件号码",
    "手机号码",
    "性别",
    "出生日期",
    "医保类型",
    "新业态从业者",
    "是否已退休",
)
_FIXED = (2026, 1, 1, 0, 0, 0)


def _mobile(n: int) -> str:
    return f"139{n:08d}"


def clean_rows() -> list[list[object]]:
    """Twenty members: 18 on resident IDs, one over-age woman, one passport holder."""
    names = [
        "张伟",
        "王芳",
        "李娜",
        "刘洋",
        "陈静",
        "杨磊",
        "赵敏",
        "黄勇",
        "周婷",
        "吴强",
        "徐丽",
        "孙浩",
        "马超",
        "朱琳",
        "胡军",
        "郭倩",
        "何平",
        "高峰",
    ]
    rows: list[list[object]] = []
    for n, name in enumerate(names):
        born = date(1970 + (n * 7) % 30, 1 + n % 12, 1 + (n * 5) % 28)
        gender = "male" if n % 2 == 0 else "female"
        if gender == "female" and born.year < 1976:
            born = date(1976 + n % 20, born.month, born.day)  # women under 50 on 2026-01-01
        number = resident_id(born, gender, area="430902", serial=n)
        rows.append(
            [
                name,
                "居民身份证",
                number,
                _mobile(10000000 + n * 7919),
                None,
                None,
                "城镇职工医保" if n % 5 else "城乡居民医保",
                "是" if n % 6 == 5 else "否",
                None,
            ]
        )
    rows.insert(10, [None] * len(HEADER))  # a blank row: counted, not a member
    over_age = resident_id(date(1972, 8, 15), "female", area="430902", serial=40)
    rows.append(
        [
            "罗秀英",
            "居民身份证",
            over_age,
            _mobile(23456789),
            "女",
            None,
            "城镇职工医保",
            "否",
            "否",
        ]
    )
    rows.append(
        [
            "Anna Müller",
            "护照",
            "C4X8K2M7",
            _mobile(34567890),
            "女",
            date(1985, 3, 9),
            "其他",
            "否",
            None,
        ]
    )
    return rows


def error_rows() -> list[list[object]]:
    """One bad row per kind; the comment gives the code ``mutualaid check`` reports."""
    ok = resident_id(date(1990, 5, 6), "male", area="430902", serial=1)
    head = "43090219901301001"
    impossible = head + resident_ids.check_digit(head)
    wrong_check = ok[:17] + ("0" if ok[17] != "0" else "1")
    rid = resident_id
    return [
        ["张三", "居民身份证", ok, "13900000001", "男", "1990-05-06", "城镇职工医保", "否", None],
        [
            None,
            "居民身份证",
            rid(date(1990, 1, 1), area="430902", serial=3),
            "13900000002",
        ],  # field.required
        ["李四", "居民身份证", ok[:17], "13900000003"],  # id.format
        ["王五", "居民身份证", wrong_check, "13900000004"],  # id.checksum
        ["赵六", "居民身份证", impossible, "13900000005"],  # id.birth_date
        ["钱七", "居民身份证", 430902199005060000, "13900000006"],  # id.numeric_cell
        ["孙八", "居民身份证", ok, "13900000007"],  # id.duplicate (row 2)
        [
            "周九",
            "居民身份证",
            rid(date(1992, 3, 4), "female", area="430902", serial=2),
            "13900000008",
            "男",
        ],  # member.gender_mismatch
        [
            "吴十",
            "居民身份证",
            rid(date(1985, 2, 3), area="430902", serial=4),
            "13900000009",
            None,
            "1985-02-04",
        ],  # member.birth_date_mismatch
        [
            "郑一",
            "居民身份证",
            rid(date(1988, 8, 8), area="430902", serial=5),
            "1390000001",
        ],  # phone.format
        [
            "冯二",
            "居民身份证",
            rid(date(2012, 1, 1), area="430902", serial=6),
            "13900000011",
        ],  # age.below_minimum
        [
            "陈三",
            "居民身份证",
            rid(date(1970, 6, 1), "female", area="430902", serial=8),
            "13900000012",
        ],  # age.over_retirement
        [
            "John Smith",
            "护照",
            "E12345678",
            "13900000013",
            None,
            "1980-02-03",
        ],  # member.gender_required
        ["褚四", "军官证", "A1234567", "13900000014", "男", "1980-02-03"],  # field.invalid_choice
        ["卫五", "护照", "E7654321", "13900000015", "女", "1980/13/45"],  # field.invalid_date
        [
            "蒋六",
            "居民身份证",
            rid(date(1991, 1, 1), area="430902", serial=9),
            "13900000016",
            None,
            None,
            "公费",
            "也许",
        ],  # field.invalid_choice x2
        [
            "沈七",
            "居民身份证",
            rid(date(1993, 1, 1), area="430902", serial=10),
            '=HYPERLINK("http://example.invalid")',
        ],  # phone.format (formula text stays text)
    ]


def write(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """Write ``rows`` under the Yiyang header, then fix every timestamp so the bytes repeat."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "参保职工汇总表"
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even "=..."
            if c == 3 and isinstance(value, str):
                cell.number_format = "@"
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHI", (12, 12, 22, 14, 6, 12, 14, 12, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    stamp = __import__("datetime").datetime(2026, 1, 1)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "mutualaid examples"
    buffer = io.BytesIO()
    workbook.save(buffer)
    _repack(buffer.getvalue(), path)
    return path


def _repack(data: bytes, path: Path) -> None:
    """Rewrite the .xlsx zip with fixed member dates (openpyxl stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _fixed_core(body)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, body)


def _fixed_core(body: bytes) -> bytes:
    import re

    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        rb"\g<1>2026-01-01T00:00:00Z\g<2>",
        body,
    )


def main() -> None:
    write(HERE / "yiyang_roster.xlsx", clean_rows())
    write(HERE / "yiyang_roster_errors.xlsx", error_rows())


if __name__ == "__main__":
    main()
