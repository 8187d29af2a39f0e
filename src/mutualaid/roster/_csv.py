"""The CSV engine: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030; streamed."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from mutualaid.errors import Location, RosterFileError

__all__ = ["CsvBook"]

_HEAD_BYTES = 64 * 1024
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

    def sheets(self) -> list[tuple[str, bool]]:
        """One unnamed sheet."""
        return [("", True)]

    def iter_rows(self, sheet: str) -> Iterator[Sequence[object]]:
        """Every record from the first line, each a list of str."""
        with (
            self.path.open("rb") as binary,
            io.TextIOWrapper(binary, encoding=self.encoding, newline="") as text,
        ):
            reader = csv.reader(text, delimiter=self.delimiter)
            try:
                yield from reader
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

    def close(self) -> None:
        """Nothing stays open between reads."""
