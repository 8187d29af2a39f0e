"""The openpyxl engine: read-only, cached values, one row at a time, cells placed by reference.

openpyxl parses the XML and types the cells (its ``WorkSheetParser``); this
module places them: by their references (openpyxl's read-only rows drop
cells written out of column order), rows by their numbers (sorted when the
guards' scan saw them out of order), and reads what openpyxl does not:

* ECMA-376 ``_xHHHH_`` escapes (ST_Xstring), in shared and inline strings;
* the zh-CN built-in date formats (numFmtId 27-36 and 50-58), as calamine does;
* booleans written ``TRUE``/``FALSE``; numbers calamine reads as doubles
  (``NaN``, 5,000 digits) read as doubles too; a date-formatted serial
  outside Excel's range stays a number.
"""

from __future__ import annotations

import functools
import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from mutualaid.errors import Location, RosterFileError
from mutualaid.roster._guards import EXCEL_COLUMNS, Package

__all__ = ["ZH_DATE_FORMATS", "OpenpyxlBook", "damaged", "decode_escapes", "package_source"]

#: The zh-CN built-in number formats that show dates or times (calamine reads them so).
ZH_DATE_FORMATS = frozenset((*range(27, 37), *range(50, 59)))
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LAST_SERIAL = 2958466  # 10000-01-01: Excel's dates end the day before


def damaged(path: Path, exc: BaseException, sheet: str | None = None) -> RosterFileError:
    """The error for a workbook a reader library choked on (its message kept as a detail).

    The library's message is cut to its first 200 characters and any run of
    digits in it masked, so that a cell value it quotes (an ID number in a
    number cell) never reaches the user.
    """
    reason = " ".join(str(exc).split())
    reason = re.sub(r"\d{7,}", lambda m: m.group()[:3] + "*" * (len(m.group()) - 3), reason)
    if len(reason) > 200:
        reason = reason[:200] + "..."
    return RosterFileError(
        f"the workbook cannot be read ({type(exc).__name__}: {reason})",
        location=Location(file=path.name, sheet=sheet),
        hint="Open it in Excel or WPS, save it again as Excel Workbook (.xlsx) and import the new file.",
        cause=type(exc).__name__,
    )


def decode_escapes(text: str) -> str:
    """Decode ECMA-376 ``_xHHHH_`` escapes (``_x005F_`` is a literal underscore).

    >>> decode_escapes("110105194912310_x000D_"), decode_escapes("a_x005F_x0033_b")
    ('110105194912310\\r', 'a_x0033_b')
    """
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def package_source(path: Path, package: Package) -> IO[bytes]:
    """The package's bytes as a file: the file itself, or the repaired copy in memory.

    Engines get a file object, never the name, so an .xlsx named .xls is read
    as what its bytes say.
    """
    if package.repaired is not None:
        return io.BytesIO(package.repaired)
    return path.open("rb")


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The shared strings, escapes decoded (openpyxl only drops ``x005F_``)."""
    from xml.etree.ElementTree import iterparse

    strings: list[str] = []
    with archive.open(part) as member:
        for _, node in iterparse(member):
            if node.tag.rpartition("}")[2] != "si":
                continue
            texts = []
            for child in node:
                tag = child.tag.rpartition("}")[2]
                if tag == "t":
                    texts.append(child.text or "")
                elif tag == "r":
                    texts.extend(run.text or "" for run in child if run.tag.endswith("}t"))
            strings.append(decode_escapes("".join(texts)))
            node.clear()
    return strings


class OpenpyxlBook:
    """A workbook opened with ``openpyxl.load_workbook(read_only=True, data_only=True)``.

    Read-only mode keeps the zip open until :meth:`close`.
    """

    engine = "openpyxl"

    def __init__(self, path: Path, package: Package) -> None:
        import openpyxl
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet

        self.path = path
        self._package = package
        self._file = package_source(path, package)
        try:
            with warnings.catch_warnings():
                # "no default style", "Data Validation extension is not supported"...
                warnings.simplefilter("ignore")
                self._book: Any = openpyxl.load_workbook(
                    self._file, read_only=True, data_only=True, keep_links=False
                )
            self._sheets = {
                ws.title: ws for ws in self._book.worksheets if isinstance(ws, ReadOnlyWorksheet)
            }
            strings: list[str] = next((ws._shared_strings for ws in self._sheets.values()), [])
            if package.shared_strings and (not strings or any("_x" in s for s in strings)):
                # openpyxl drops only "x005F_"; it finds the part by content type alone
                strings = _shared_strings(self._book._archive, package.shared_strings)
            for index, style in enumerate(self._book._cell_styles):
                if style.numFmtId in ZH_DATE_FORMATS:
                    self._book._date_formats.add(index)
        except Exception as exc:
            self._file.close()
            raise damaged(path, exc) from None
        self._strings = strings

    def sheets(self) -> list[tuple[str, bool]]:
        """Worksheet names in workbook order, each with whether it is visible."""
        return [(s.name, s.visible) for s in self._package.sheets if s.name in self._sheets]

    def iter_rows(self, sheet: str) -> Iterator[Sequence[object]]:
        """Every row from row 1, empty rows included, cells placed by their references."""
        ws = self._sheets[sheet]
        part = self._package.sheet(sheet)
        try:
            with ws._get_source() as source:
                parser = _parser_class()(
                    source,
                    self._strings,
                    data_only=True,
                    epoch=self._book.epoch,
                    date_formats=self._book._date_formats,
                    timedelta_formats=self._book._timedelta_formats,
                )
                rows = parser.parse()
                if part is not None and part.scan is not None and part.scan.rows_out_of_order:
                    rows = iter(sorted(_merged(rows).items()))
                counter = 0
                for number, cells in rows:
                    if number <= counter:
                        continue  # a repeated row number (sorted and merged above)
                    while counter < number - 1:
                        counter += 1
                        yield ()
                    counter = number
                    yield _placed(cells)
        except GeneratorExit:
            raise
        except Exception as exc:
            raise damaged(self.path, exc, sheet) from None

    def close(self) -> None:
        """Close the workbook and its file."""
        try:
            self._book.close()
        finally:
            self._file.close()


def _merged(rows: Iterator[tuple[int, list[dict[str, Any]]]]) -> dict[int, list[dict[str, Any]]]:
    merged: dict[int, list[dict[str, Any]]] = {}
    for number, cells in rows:
        merged.setdefault(number, []).extend(cells)
    return merged


def _placed(cells: list[dict[str, Any]], columns: int = EXCEL_COLUMNS) -> list[object]:
    if not cells:
        return []
    width = max(c["column"] for c in cells)
    if width > columns:  # the guards' scan refuses such references first; never allocate them
        raise ValueError(f"a cell lies in column {width}, past the last column {columns}")
    row: list[object] = [None] * width
    for c in cells:
        value = c["value"]
        if value is not None:
            row[c["column"] - 1] = value
    return row


@functools.cache
def _parser_class() -> Any:
    from openpyxl.worksheet._reader import WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        """openpyxl's sheet parser, reading what it refuses or misreads as calamine does."""

        def parse_cell(self, element: Any) -> dict[str, Any]:
            kind = element.get("t", "n")
            if kind == "s":  # most cells: openpyxl reads them right
                return super().parse_cell(element)  # type: ignore[no-any-return]
            value = element.find(_VALUE_TAG)
            if kind == "b" and value is not None and value.text:
                value.text = "1" if value.text.strip().lower() in ("true", "1") else "0"
            elif kind == "n" and value is not None and value.text is not None:
                text = value.text
                if len(text) < 16 and text.isdigit():  # most numbers: an exact date or count
                    style = element.get("s")
                    if (
                        not style
                        or int(text) < _LAST_SERIAL
                        or not style.isdigit()
                        or int(style) not in self.date_formats
                    ):
                        return super().parse_cell(element)  # type: ignore[no-any-return]
                number = _double(text)
                style = element.get("s")
                dated = bool(style) and style.isdigit() and int(style) in self.date_formats
                if (
                    number is None
                    or not math.isfinite(number)
                    or len(text) > 20
                    or (dated and not 0 <= number < _LAST_SERIAL)
                ):
                    # no finite date: the number as calamine reads it (a double)
                    element.remove(value)
                    cell: dict[str, Any] = super().parse_cell(element)
                    cell["value"], cell["data_type"] = number, "n"
                    return cell
            cell = super().parse_cell(element)
            if kind == "inlineStr" and isinstance(cell["value"], str):
                cell["value"] = decode_escapes(cell["value"])
            return cell

    return Parser


def _double(text: str) -> float | None:
    """The number as a double (calamine's reading), ``None`` when it is not a number at all."""
    try:
        return float(text)
    except ValueError:
        return None


_VALUE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"
