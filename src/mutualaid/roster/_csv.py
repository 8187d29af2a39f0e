"""The CSV engine: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030; streamed."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TextIO

from mutualaid.errors import Location, RosterFileError
from mutualaid.roster.findings import make
from mutualaid.rules.findings import Finding

__all__ = ["CsvBook"]

_HEAD_BYTES = 64 * 1024
#: A line break followed, somewhere, by what looks like an ID number or a mobile.
_SWALLOWED = re.compile(r"[\r\n][^\r\n]*(?:[0-9]{17}[0-9Xx]|[0-9]{15}|1[3-9][0-9]{9})")
_SAVE_UTF8 = "In Excel choose Save As > CSV UTF-8 (Comma delimited) (*.csv), or save as .xlsx."


def _decodes(head: bytes, encoding: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=final)
    except UnicodeDecodeError:
        return False
    return True


class CsvBook:
    """A CSV file seen as a workbook with one sheet.

    The encoding is chosen from the first 64 KiB: a BOM decides; otherwise
    UTF-8 when those bytes are valid UTF-8, else GB18030 (a superset of GBK
    and GB2312, what Chinese Excel and WPS write as "CSV"). The delimiter
    (comma, tab or semicolon) is the one most frequent on the first line.
    """

    engine = "csv"

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
            final = len(head) < _HEAD_BYTES
        if head.startswith(codecs.BOM_UTF8):
            self.encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.encoding = "utf-16"  # Excel's "Unicode Text" export
        elif b"\x00" in head:
            raise RosterFileError(
                "this is not a text file (it contains binary data)",
                location=Location(file=path.name),
                hint="Import the roster as .xlsx or .csv saved from Excel or WPS.",
            )
        elif _decodes(head, "utf-8", final):
            self.encoding = "utf-8"
        elif _decodes(head, "gb18030", final):
            self.encoding = "gb18030"
        else:
            raise RosterFileError(
                "the text is neither UTF-8 nor GBK",
                location=Location(file=path.name),
                hint=_SAVE_UTF8,
            )
        text = head.decode(self.encoding, errors="replace")
        first_line = text.lstrip("\ufeff").split("\n", 1)[0]
        self.delimiter = max(",\t;", key=first_line.count)
        self._split: list[tuple[int, int]] = []  # (first record, records) re-split

    def split_rows(self) -> list[Finding]:
        """Findings for the rows the last full read found swallowed by a stray quote.

        A quote that opens a cell and is never closed (``1,"张三,110...``)
        makes the CSV format read every following line into that cell, up to
        the next quote. When such a cell holds line breaks followed by an ID
        number or a mobile, its lines are read again one row each (the quote
        kept as a character), and each is reported: the row with the quote
        as an error, the rows it swallowed as warnings.
        """
        found: list[Finding] = []
        for first, count in self._split:
            found.append(make("file.stray_quote", row=first, count=count - 1))
            found.extend(
                make("file.swallowed_row", row=first + i, start=first) for i in range(1, count)
            )
        return found

    def sheets(self) -> list[tuple[str, bool]]:
        """One unnamed sheet."""
        return [("", True)]

    def _text(self) -> TextIO:
        return io.TextIOWrapper(self.path.open("rb"), encoding=self.encoding, newline="")

    def iter_rows(self, sheet: str) -> Iterator[Sequence[object]]:
        """Every record from the first line, each a list of str (see :meth:`split_rows`)."""
        self._split = []
        again: TextIO | None = None  # the file read a second time, for the lines of a record
        again_line = 0
        with self._text() as text:
            reader = csv.reader(text, delimiter=self.delimiter)
            delimiter = self.delimiter
            swallowed = _SWALLOWED
            records = 0
            last_line = 0
            try:
                for record in reader:
                    line = reader.line_num
                    if line - last_line > 1 and any(
                        swallowed.search(f) for f in record if "\n" in f or "\r" in f
                    ):
                        if again is None:
                            again = self._text()
                        lines = list(islice(again, last_line - again_line, line - again_line))
                        again_line = line
                        rows = [_split_line(t, delimiter) for t in lines[-(line - last_line) :]]
                        self._split.append((records + 1, len(rows)))
                        records += len(rows)
                        last_line = line
                        yield from rows
                        continue
                    last_line = line
                    records += 1
                    yield record
            except UnicodeDecodeError:
                raise RosterFileError(
                    f"the text stops being {self.encoding} near line {reader.line_num + 1}",
                    location=Location(file=self.path.name),
                    hint=_SAVE_UTF8,
                ) from None
            except csv.Error as exc:
                raise RosterFileError(
                    f"the CSV cannot be read near line {reader.line_num} ({exc})",
                    location=Location(file=self.path.name),
                    hint="Open it in Excel or WPS and save it again as CSV UTF-8 or .xlsx.",
                ) from None
            finally:
                if again is not None:
                    again.close()

    def close(self) -> None:
        """Nothing stays open between reads."""


def _split_line(line: str, delimiter: str) -> list[str]:
    """One physical line as a row, quotes kept as characters except around a whole cell."""
    cells = line.rstrip("\r\n").split(delimiter)
    return [
        c[1:-1].replace('""', '"') if len(c) >= 2 and c[0] == c[-1] == '"' else c for c in cells
    ]
