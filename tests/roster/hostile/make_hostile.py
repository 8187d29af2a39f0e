"""A corpus of hostile roster files (issue 12 item 1, 4 and the guards): built, not downloaded.

Each file is small on disk and built to hurt a reader: a cell or row far
outside Excel's grid (calamine aborts the process, other engines run for
minutes), cells at opposite corners of the grid (a dense 17-billion-cell
area), a huge ``<dimension>``, malformed references, shared strings under an
odd name, a zip bomb, entity expansion in UTF-32, a prolog after 100 KiB of
white space (to be read, not refused), thousands of error cells, a very wide
row, a megabyte of text in one cell, a shared-string index out of range, and
CSV files with a stray quote, NUL bytes or a huge field. :data:`HOSTILE`
maps a name to ``(file name, builder)``; ``python make_hostile.py DIR``
writes them. Deterministic: seeded randomness only, fixed zip dates.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from make_cases import HEADERS, NAMES, _members
from xlsx_parts import IDS, cell, header_row, package, row, shared_strings, sheet_xml

__all__ = ["HOSTILE", "write_all"]


def _sheet(*rows: str, dimension: str | None = "A1") -> bytes:
    return package(
        [("参保名单", sheet_xml([header_row(HEADERS), *_members(2), *rows], dimension=dimension))]
    )


def column_past_xfd() -> bytes:
    return _sheet(row(4, (cell(0, 4, "王五"), '<c r="XFE4"><v>1</v></c>')))


def column_far_past_xfd() -> bytes:
    return _sheet(row(4, ('<c r="AAAAAAA4"><v>1</v></c>',)))


def row_past_grid_in_cell() -> bytes:
    return _sheet(row(4, ('<c r="A1048577"><v>1</v></c>',)))


def row_past_grid_huge_cell() -> bytes:
    return _sheet(row(4, ('<c r="B99999999999999"><v>1</v></c>',)))


def empty_row_past_grid() -> bytes:
    return _sheet('<row r="2147483647"/>')


def row_number_zero_and_garbage() -> bytes:
    return _sheet('<row r="0"/>', '<row r="abc"><c r="A5"><v>1</v></c></row>')


def opposite_corners() -> bytes:
    """A1 and XFD1048576: inside the grid, 17 billion cells if stored densely."""
    return _sheet(row(1048576, ('<c r="XFD1048576"><v>1</v></c>',)))


def far_cell_in_early_row() -> bytes:
    """A cell whose reference is far below the row that holds it."""
    return _sheet(row(4, ('<c r="ZZ999999"><v>1</v></c>',)))


def huge_dimension() -> bytes:
    return _sheet(dimension="A1:XFD1048576")


def garbage_dimension() -> bytes:
    return _sheet(dimension="ZZZZZZ99999999999:A")


def malformed_references() -> bytes:
    return _sheet(
        row(4, ('<c r="5"><v>1</v></c>', '<c r="$B$4"><v>2</v></c>', '<c r="c4"><v>3</v></c>')),
        row(5, ('<c r="A0"><v>1</v></c>', "<c r='B5'><v>2</v></c>")),
    )


def shared_strings_bomb_odd_name() -> bytes:
    """70 MiB of shared strings under a name no engine guesses (compresses to ~0.3 MiB)."""
    items = b"<si><t>ab</t></si>" * (70 * 1024 * 1024 // 18)
    xml = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + items
        + b"</sst>"
    )
    data = package(
        [("参保名单", sheet_xml([header_row(HEADERS), *_members(2)]))],
        shared=shared_strings(["x"]),
        part_names={"sharedStrings.xml": "Strings/texts.bin"},
    )
    return _replace(data, {"xl/Strings/texts.bin": xml})


def shared_strings_many() -> bytes:
    """1.2 million tiny texts (random, so they do not compress like a bomb): 11 MB of .xlsx
    that openpyxl would hold in about 250 MB while reading."""
    rng = random.Random(12)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    items = "".join(
        f"<si><t>{''.join(rng.choices(alphabet, k=3))}</t></si>" for _ in range(1_200_000)
    )
    xml = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
    data = package(
        [("参保名单", sheet_xml([header_row(HEADERS), *_members(2)]))], shared=shared_strings(["x"])
    )
    return _replace(data, {"xl/sharedStrings.xml": xml})


def shared_strings_index_out_of_range() -> bytes:
    rows = [
        header_row(HEADERS),
        row(2, (cell(0, 2, 99999, t="s"), cell(1, 2, IDS[0]))),
        row(3, (cell(0, 3, -1, t="s"), cell(1, 3, IDS[1]))),
    ]
    return package([("参保名单", sheet_xml(rows))], shared=shared_strings(["张三"]))


def zip_bomb_sheet() -> bytes:
    rows = "<row>" + "<c><v>0</v></c>" * 1000 + "</row>"
    big = sheet_xml([header_row(HEADERS), *[rows] * 1500])
    return package([("参保名单", big)])


def entity_expansion_utf32() -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        + sheet_xml([header_row(HEADERS), row(2, (cell(0, 2, "&lol2;"),))]).split("?>", 1)[1]
    )
    data = _sheet()
    return _replace(data, {"xl/worksheets/sheet1.xml": xml.encode("utf-32")})


def long_white_space_prolog() -> bytes:
    """100 KiB of white space before the root element: allowed XML, read (issue 12 item 11)."""
    xml = sheet_xml([header_row(HEADERS), *_members(2)]).split("?>", 1)[1]
    return _replace(_sheet(), {"xl/worksheets/sheet1.xml": (" " * 100_000 + xml).encode()})


def many_error_cells() -> bytes:
    rows = [
        row(
            n,
            (
                cell(0, n, NAMES[n % 6]),
                cell(1, n, IDS[n % 40]),
                f'<c r="C{n}" t="e"><v>#SPILL!</v></c>',
                f'<c r="D{n}" t="e"><v>#N/A</v></c>',
            ),
        )
        for n in range(2, 5002)
    ]
    return package([("参保名单", sheet_xml([header_row(HEADERS), *rows]))])


def very_wide_rows() -> bytes:
    wide = "".join(f'<c r="{_col(i)}4"><v>{i}</v></c>' for i in range(4, 16384))
    return _sheet(f'<row r="4">{wide}</row>')


def megabyte_cell() -> bytes:
    return _sheet(row(4, (cell(0, 4, "张" * 1_000_000), cell(1, 4, IDS[5]))))


def nul_byte_in_xml() -> bytes:
    return _replace(_sheet(), {"xl/worksheets/sheet1.xml": b"<worksheet>\x00\x00</worksheet>"})


def truncated_zip() -> bytes:
    data = _sheet()
    return data[: len(data) // 2]


def csv_stray_quote() -> bytes:
    lines = ["姓名,证件号码,手机号码"]
    for i in range(20):
        name = f'"{NAMES[i % 6]}' if i == 3 else NAMES[i % 6]
        lines.append(f"{name},{IDS[i]},1391234{5600 + i}")
    return ("\n".join(lines) + "\n").encode()


def csv_unterminated_at_end() -> bytes:
    return f'姓名,证件号码\n张三,{IDS[0]}\n"李四,{IDS[1]}\n王五,{IDS[2]}\n'.encode()


def csv_nul_bytes() -> bytes:
    return "姓名,证件号码\n张三,".encode() + b"\x00" * 100 + IDS[0].encode()


def csv_huge_field() -> bytes:
    return ('姓名,证件号码\n"' + "x" * 300_000 + f'",{IDS[0]}\n').encode()


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _replace(data: bytes, parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            new = parts.get(info.filename)
            body = new.encode() if isinstance(new, str) else new
            zout.writestr(info, body if body is not None else zin.read(info))
    return out.getvalue()


HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    name: (f"{name}.{'csv' if name.startswith('csv') else 'xlsx'}", builder)
    for name, builder in {
        "column_past_xfd": column_past_xfd,
        "column_far_past_xfd": column_far_past_xfd,
        "row_past_grid_in_cell": row_past_grid_in_cell,
        "row_past_grid_huge_cell": row_past_grid_huge_cell,
        "empty_row_past_grid": empty_row_past_grid,
        "row_number_zero_and_garbage": row_number_zero_and_garbage,
        "opposite_corners": opposite_corners,
        "far_cell_in_early_row": far_cell_in_early_row,
        "huge_dimension": huge_dimension,
        "garbage_dimension": garbage_dimension,
        "malformed_references": malformed_references,
        "shared_strings_bomb_odd_name": shared_strings_bomb_odd_name,
        "shared_strings_many": shared_strings_many,
        "shared_strings_index_out_of_range": shared_strings_index_out_of_range,
        "zip_bomb_sheet": zip_bomb_sheet,
        "entity_expansion_utf32": entity_expansion_utf32,
        "long_white_space_prolog": long_white_space_prolog,
        "many_error_cells": many_error_cells,
        "very_wide_rows": very_wide_rows,
        "megabyte_cell": megabyte_cell,
        "nul_byte_in_xml": nul_byte_in_xml,
        "truncated_zip": truncated_zip,
        "csv_stray_quote": csv_stray_quote,
        "csv_unterminated_at_end": csv_unterminated_at_end,
        "csv_nul_bytes": csv_nul_bytes,
        "csv_huge_field": csv_huge_field,
    }.items()
}


def write_all(folder: Path) -> dict[str, Path]:
    """Write every hostile file into ``folder``; name to path."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, (file_name, build) in HOSTILE.items():
        path = folder / file_name
        path.write_bytes(build())
        written[name] = path
    return written


if __name__ == "__main__":
    for name, path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")).items():
        print(name, path, path.stat().st_size)
