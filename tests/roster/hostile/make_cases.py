"""The workbooks of issue 12 items 12-16 (and the clerk's files of issue 11): one per case.

Each case is a real-world way of writing a roster that one engine or another
read differently: ``_xHHHH_`` escapes, an inline string with a ``<v>``, the
zh-CN built-in date formats, the 1904 date system, Excel 365 error values,
LibreOffice's ``<dimension ref="1:4"/>``, part names in another case or
place, ``state="show"``, rows and cells out of order, booleans written as
``TRUE``, an 18-digit number in E notation, a date serial outside Excel's
range, NaN and 5,000-digit numbers, a NUL in an inline string, a chartsheet
before the roster, an .xlsx named .xls. :data:`CASES` maps a name to
``(file name, bytes)``; ``python tests/roster/hostile/make_cases.py DIR``
writes them all.

Every case is deterministic (fixed zip dates, no randomness).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from xlsx_parts import IDS, cell, header_row, package, row, shared_strings, sheet_xml, styles_xml

__all__ = ["CASES", "write_all"]

HEADERS = ("姓名", "证件号码", "出生日期", "手机号码")
NAMES = ("张三", "李四", "王五", "赵六", "钱七", "孙八")


def _members(count: int = 4, start: int = 2) -> list[str]:
    return [
        row(
            start + i,
            (
                cell(0, start + i, NAMES[i % len(NAMES)]),
                cell(1, start + i, IDS[i]),
                cell(3, start + i, f"1391234{5670 + i}"),
            ),
        )
        for i in range(count)
    ]


def _plain(rows: list[str], **kwargs: object) -> bytes:
    return package([("参保名单", sheet_xml([header_row(HEADERS), *rows]))], **kwargs)  # type: ignore[arg-type]


def escapes() -> bytes:
    """Excel writes a typed line break as ``_x000D_``; a literal ``_x`` as ``_x005F_x``."""
    strings = [*HEADERS, "张_x005F_x0033_三", IDS[0] + "_x000D_", "李四", "_x0031_" + IDS[1][1:]]
    rows = [
        row(1, (cell(i, 1, i, t="s") for i in range(4))),
        row(2, (cell(0, 2, 4, t="s"), cell(1, 2, 5, t="s"))),
        row(3, (cell(0, 3, 6, t="s"), cell(1, 3, 7, t="s"))),
    ]
    return package([("参保名单", sheet_xml(rows))], shared=shared_strings(strings))


def inline_with_value() -> bytes:
    """An inline string that also carries a ``<v>`` (some writers): the inline text counts."""
    rows = [
        header_row(HEADERS),
        row(
            2,
            (
                cell(0, 2, "张三"),
                f'<c r="B2" t="inlineStr"><is><t>{IDS[0]}</t></is><v>110105</v></c>',
            ),
        ),
    ]
    return package([("参保名单", sheet_xml(rows))])


#: zh-CN built-in number formats that show dates (27-31, 36, 50-54, 57, 58).
ZH_DATE_FORMATS = (27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58)


def zh_date_formats() -> bytes:
    """Birth dates as serials styled with each zh-CN built-in date format."""
    rows = [header_row(HEADERS)]
    for i in range(len(ZH_DATE_FORMATS)):
        number = i + 2
        serial = 25569 + 3653 + i * 400  # 1980 onwards
        rows.append(
            row(
                number,
                (
                    cell(0, number, NAMES[i % 6]),
                    cell(1, number, IDS[i]),
                    cell(2, number, serial, s=i + 1),
                ),
            )
        )
    return package([("参保名单", sheet_xml(rows))], styles=styles_xml(ZH_DATE_FORMATS))


def date1904() -> bytes:
    """A Mac workbook: serials count from 1904-01-01."""
    rows = [
        header_row(HEADERS),
        row(2, (cell(0, 2, "张三"), cell(1, 2, IDS[0]), cell(2, 2, 24107, s=1))),
    ]
    return package(
        [("参保名单", sheet_xml(rows))],
        styles=styles_xml((14,)),
        workbook_pr='<workbookPr date1904="1"/>',
    )


ERRORS = ("#SPILL!", "#CALC!", "#N/A", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!")


def error_values() -> bytes:
    """Excel 365 error values in the mobile column: empty cells with a warning."""
    rows = [header_row(HEADERS)]
    for i, error in enumerate(ERRORS):
        number = i + 2
        rows.append(
            row(
                number,
                (
                    cell(0, number, NAMES[i % 6]),
                    cell(1, number, IDS[i]),
                    f'<c r="D{number}" t="e"><f>A1#</f><v>{error}</v></c>',
                ),
            )
        )
    return package([("参保名单", sheet_xml(rows))])


def libreoffice_dimension() -> bytes:
    """LibreOffice writes ``<dimension ref="1:4"/>`` (whole rows)."""
    return package([("参保名单", sheet_xml([header_row(HEADERS), *_members()], dimension="1:5"))])


def shared_strings_other_case() -> bytes:
    """``xl/SharedStrings.xml``: part names are case-insensitive (OPC)."""
    strings = [*HEADERS, "张三", IDS[0]]
    rows = [
        row(1, (cell(i, 1, i, t="s") for i in range(4))),
        row(2, (cell(0, 2, 4, t="s"), cell(1, 2, 5, t="s"))),
    ]
    return package(
        [("参保名单", sheet_xml(rows))],
        shared=shared_strings(strings),
        part_names={"sharedStrings.xml": "SharedStrings.xml"},
    )


def workbook_elsewhere() -> bytes:
    """The workbook part is not ``xl/workbook.xml``: found through ``_rels/.rels``."""
    return package(
        [("参保名单", sheet_xml([header_row(HEADERS), *_members()]))],
        workbook_part="xl/workbook2.xml",
    )


def state_show() -> bytes:
    """``state="show"`` (not in the schema, written by some tools): a visible sheet."""
    return package(
        [("参保名单", sheet_xml([header_row(HEADERS), *_members()]))], states={"参保名单": "show"}
    )


def rows_out_of_order() -> bytes:
    """Rows written 1, 3, 2, 5, 4: each keeps its number."""
    members = _members(4)
    return _plain([members[1], members[0], members[3], members[2]])


def cells_out_of_order() -> bytes:
    """Cells of a row written right to left: each is placed by its reference."""
    rows = [
        row(
            2 + i,
            (
                cell(3, 2 + i, f"1391234{5670 + i}"),
                cell(1, 2 + i, IDS[i]),
                cell(0, 2 + i, NAMES[i]),
            ),
        )
        for i in range(3)
    ]
    return _plain(rows)


def booleans_true() -> bytes:
    """Booleans written ``TRUE``/``false`` instead of ``1``/``0``."""
    rows = [
        header_row((*HEADERS, "新业态从业者")),
        row(2, (cell(0, 2, "张三"), cell(1, 2, IDS[0]), cell(4, 2, "TRUE", t="b"))),
        row(3, (cell(0, 3, "李四"), cell(1, 3, IDS[1]), cell(4, 3, "false", t="b"))),
    ]
    return package([("参保名单", sheet_xml(rows))])


def id_in_e_notation() -> bytes:
    """An 18-digit ID number stored as a number in E notation (``1.10105E+17``)."""
    rows = [
        header_row(HEADERS),
        row(2, (cell(0, 2, "张三"), '<c r="B2"><v>1.10105194912310E+17</v></c>')),
        row(3, (cell(0, 3, "李四"), cell(1, 3, IDS[1]))),
    ]
    return _plain(rows[1:])


def serial_out_of_range() -> bytes:
    """A date-formatted serial past 9999-12-31 (and a negative one)."""
    rows = [
        header_row(HEADERS),
        row(2, (cell(0, 2, "张三"), cell(1, 2, IDS[0]), cell(2, 2, 3_000_000, s=1))),
        row(3, (cell(0, 3, "李四"), cell(1, 3, IDS[1]), cell(2, 3, -5, s=1))),
        row(4, (cell(0, 4, "王五"), cell(1, 4, IDS[2]), cell(2, 4, 29000, s=1))),
    ]
    return package([("参保名单", sheet_xml(rows))], styles=styles_xml((14,)))


def odd_numbers() -> bytes:
    """NaN, infinity and a 5,000-digit number in number cells: empty, with a warning."""

    def number(ref: str, text: str) -> str:
        return f'<c r="{ref}"><v>{text}</v></c>'

    rows = [
        header_row(HEADERS),
        row(2, (cell(0, 2, "张三"), cell(1, 2, IDS[0]), number("D2", "NaN"))),
        row(3, (cell(0, 3, "李四"), cell(1, 3, IDS[1]), number("D3", "9" * 5000))),
        row(4, (cell(0, 4, "王五"), cell(1, 4, IDS[2]), number("D4", "INF"))),
        row(5, (cell(0, 5, "赵六"), cell(1, 5, IDS[3]), number("D5", "1e400"))),
    ]
    return package([("参保名单", sheet_xml(rows))])


def nul_in_inline_string() -> bytes:
    """A NUL (written as a character reference, which XML 1.0 forbids) in an inline string."""
    rows = [
        header_row(HEADERS),
        row(2, (cell(0, 2, "张&#0;三"), cell(1, 2, IDS[0]))),
        row(3, (cell(0, 3, "李四"), cell(1, 3, IDS[1]))),
    ]
    return package([("参保名单", sheet_xml(rows))])


def chartsheet_first() -> bytes:
    """A chartsheet in front of the roster sheet."""
    return package(
        [("参保名单", sheet_xml([header_row(HEADERS), *_members()]))], chartsheet_first=True
    )


def xlsx_named_xls() -> bytes:
    """An .xlsx named .xls (government systems hand these out)."""
    return _plain(_members())


def clerk_headers() -> bytes:
    """Issue 11: 职工姓名 / 身份证号码 / 手机号码, a title row, and notes after the data."""
    rows = [
        row(1, (cell(0, 1, "2026年职工互助保障参保名单"),)),
        header_row(("序号", "职工姓名", "身份证号码", "手机号码"), 2),
        *[
            row(
                3 + i,
                (
                    cell(0, 3 + i, i + 1),
                    cell(1, 3 + i, NAMES[i]),
                    cell(2, 3 + i, IDS[i]),
                    cell(3, 3 + i, f"1391234{5670 + i}"),
                ),
            )
            for i in range(3)
        ],
        row(7, (cell(0, 7, "合计"), cell(1, 7, "3人"))),
        row(8, (cell(0, 8, "注：本表由单位工会填写，身份证号码须为18位。"),)),
        row(9, (cell(0, 9, "制表人：王五"), cell(2, 9, "填报日期：2026年1月5日"))),
    ]
    return package([("Sheet1", sheet_xml(rows))])


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "escapes": ("escapes.xlsx", escapes),
    "inline_with_value": ("inline_with_value.xlsx", inline_with_value),
    "zh_date_formats": ("zh_date_formats.xlsx", zh_date_formats),
    "date1904": ("date1904.xlsx", date1904),
    "error_values": ("error_values.xlsx", error_values),
    "libreoffice_dimension": ("libreoffice_dimension.xlsx", libreoffice_dimension),
    "shared_strings_other_case": ("shared_strings_other_case.xlsx", shared_strings_other_case),
    "workbook_elsewhere": ("workbook_elsewhere.xlsx", workbook_elsewhere),
    "state_show": ("state_show.xlsx", state_show),
    "rows_out_of_order": ("rows_out_of_order.xlsx", rows_out_of_order),
    "cells_out_of_order": ("cells_out_of_order.xlsx", cells_out_of_order),
    "booleans_true": ("booleans_true.xlsx", booleans_true),
    "id_in_e_notation": ("id_in_e_notation.xlsx", id_in_e_notation),
    "serial_out_of_range": ("serial_out_of_range.xlsx", serial_out_of_range),
    "odd_numbers": ("odd_numbers.xlsx", odd_numbers),
    "nul_in_inline_string": ("nul_in_inline_string.xlsx", nul_in_inline_string),
    "chartsheet_first": ("chartsheet_first.xlsx", chartsheet_first),
    "xlsx_named_xls": ("名单.xls", xlsx_named_xls),
    "clerk_headers": ("clerk_headers.xlsx", clerk_headers),
}


def write_all(folder: Path) -> dict[str, Path]:
    """Write every case into ``folder``; name to path."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, (file_name, build) in CASES.items():
        path = folder / file_name
        path.write_bytes(build())
        written[name] = path
    return written


if __name__ == "__main__":
    for name, path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "cases")).items():
        print(name, path)
