"""The stream engine: a lean .xlsx sheet reader on the standard library (``xml.parsers.expat``).

It reads what :class:`~mutualaid.roster._xlsx.OpenpyxlBook` reads, cell for
cell, about three times as fast, in memory that does not grow with the row
count: the sheet's zip member is inflated and parsed in 64 KiB chunks and
rows are handed out as they complete. It is what ``engine="auto"`` uses when
python-calamine is not installed.

What it reads, as openpyxl's read-only mode with ``data_only=True`` does:

* the worksheets named in ``xl/workbook.xml``, in order, with their state
  (visible, hidden), their parts found through ``xl/_rels/workbook.xml.rels``;
* the shared strings table (plain and rich text; phonetic runs left out);
* per cell (``<c r t s>``): numbers (``int`` unless the text has ``.``/``E``),
  shared and inline strings, booleans, formula results (``t="str"``), error
  values as text, ISO dates (``t="d"``), and numbers whose cell style has a
  date or duration number format as ``datetime``/``time``/``timedelta``
  (styles from ``xl/styles.xml``: ``cellXfs`` and ``numFmts``; the 1904
  date system when the workbook says so);
* row numbers from the ``r`` attributes (rows missing from the XML are
  yielded empty), columns from cell references.

The callers (:mod:`mutualaid.roster.readers`) check the file first
(:func:`~mutualaid.roster._guards.check_xlsx`: zip bombs, DOCTYPEs) and
normalize the cells.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from mutualaid.roster._xlsx import damaged

__all__ = ["StreamBook", "is_date_format", "is_timedelta_format"]

_CHUNK = 64 * 1024
_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_WINDOWS_EPOCH = datetime(1899, 12, 30)
_MAC_EPOCH = datetime(1904, 1, 1)
_SECONDS_A_DAY = 86400

# The built-in number formats that are dates or times (ids as in ECMA-376
# 18.8.30, as openpyxl knows them; 27-36 and 50-58 are locale-specific and,
# like openpyxl, read as numbers unless the file defines them).
_BUILTIN_FORMATS = {
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
}
_OTHER_BUILTINS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    44: '_("$"* #,##0.00_)_("$"* \\(#,##0.00\\)_("$"* "-"??_)_(@_)',
    48: "##0.0E+0", 49: "@",
}  # fmt: skip
_BUILTIN_IDS = {code: number for number, code in {**_OTHER_BUILTINS, **_BUILTIN_FORMATS}.items()}
_STRIP = re.compile(r'"[^"]*"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CHAR = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE
)
_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*:))?worksheet[\s>/]")
_ISO_DURATION = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?"
)


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a date or a time (as openpyxl decides).

    >>> is_date_format("yyyy-mm-dd"), is_date_format("yyyy年m月d日"), is_date_format("0.00")
    (True, True, False)
    >>> is_date_format('[Red]0.00;"d"'), is_date_format("[h]:mm:ss"), is_date_format(None)
    (False, True, False)
    """
    if code is None:
        return False
    code = _STRIP.sub("", code.split(";")[0])
    return _DATE_CHAR.search(code) is not None


def is_timedelta_format(code: str | None) -> bool:
    """Whether a number format shows a duration (``[h]:mm:ss``).

    >>> is_timedelta_format("[h]:mm:ss"), is_timedelta_format("h:mm:ss")
    (True, False)
    """
    return code is not None and _TIMEDELTA.search(code.split(";")[0]) is not None


def _from_excel(value: float, epoch: datetime, duration: bool) -> object:
    """An Excel serial as a ``datetime`` (``time`` below 1, ``timedelta`` for durations)."""
    if duration:
        span = timedelta(days=value)
        if span.microseconds:
            span = timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * _SECONDS_A_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1  # Excel's 1900-02-29
    return epoch + timedelta(days=day) + diff


def _from_iso(text: str) -> object:
    match = _ISO.match(text)
    if match and any(match.groups()):
        parts = match.groupdict(0)
        micro = int(float(parts["microsecond"]) * 1_000_000) if parts["microsecond"] else 0
        numbers = {k: int(parts[k]) for k in ("year", "month", "day", "hour", "minute", "second")}
        if not parts["date"]:
            return time(numbers["hour"], numbers["minute"], numbers["second"], micro)
        if not parts["time"]:
            return date(numbers["year"], numbers["month"], numbers["day"])
        return datetime(
            numbers["year"],
            numbers["month"],
            numbers["day"],
            numbers["hour"],
            numbers["minute"],
            numbers["second"],
            micro,
        )
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        return timedelta(**{k: float(v) for k, v in match.groupdict(0).items()})
    raise ValueError(f"invalid ISO 8601 date {text!r}")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(archive.read(name))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id to (type, member name) for a part, targets made absolute."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_name not in archive.NameToInfo:
        return {}
    found = {}
    for rel in _parse(archive, rels_name).iter(_PKG_REL):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return found


def _find(root: ElementTree.Element, local: str) -> Iterator[ElementTree.Element]:
    for ns in _MAIN:
        yield from root.iter(f"{{{ns}}}{local}")


def _text_of(node: ElementTree.Element) -> str:
    """A shared string item: its plain text and rich text runs, no phonetic runs."""
    parts = []
    for child in node:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            for run in child:
                if _local(run.tag) == "t":
                    parts.append(run.text or "")
    return "".join(parts)


class _Styles:
    def __init__(self, archive: zipfile.ZipFile, name: str | None) -> None:
        # style indexes as the cells' ``s`` attributes write them
        self.dates: frozenset[str] = frozenset()
        self.durations: frozenset[str] = frozenset()
        if name is None or name not in archive.NameToInfo:
            return
        root = _parse(archive, name)
        custom = {}
        for fmt in _find(root, "numFmt"):
            custom[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode")
        dates, durations = set(), set()
        for xfs in _find(root, "cellXfs"):
            for index, xf in enumerate(x for x in xfs if _local(x.tag) == "xf"):
                number = int(xf.get("numFmtId", "0"))
                code = custom[number] if number in custom else _BUILTIN_FORMATS.get(number)
                if is_date_format(code):
                    dates.add(str(index))
                if is_timedelta_format(code):
                    durations.add(str(index))
        self.dates, self.durations = frozenset(dates), frozenset(durations)


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


class StreamBook:
    """A workbook read with :mod:`xml.parsers.expat`, one sheet row at a time.

    The zip stays open until :meth:`close`; the shared strings table is read
    on opening (it is bounded by :class:`~mutualaid.roster._guards.Limits`).
    """

    engine = "stream"

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except Exception as exc:
            raise damaged(path, exc) from None
        try:
            self._read_workbook()
        except Exception as exc:
            self._zip.close()
            raise damaged(path, exc) from None

    def _read_workbook(self) -> None:
        archive = self._zip
        part = "xl/workbook.xml"
        root = _parse(archive, part)
        rels = _relationships(archive, part)
        self._epoch = _WINDOWS_EPOCH
        for props in _find(root, "workbookPr"):
            if props.get("date1904", "").lower() in ("1", "true"):
                self._epoch = _MAC_EPOCH
        self._sheets: dict[str, tuple[str, bool]] = {}
        for sheet in _find(root, "sheet"):
            rel_id = next(
                (sheet.get(f"{{{ns}}}id") for ns in _REL if sheet.get(f"{{{ns}}}id")), None
            )
            if rel_id is None or rel_id not in rels:
                continue
            kind, target = rels[rel_id]
            if not kind.endswith("/worksheet") or target not in archive.NameToInfo:
                continue
            visible = sheet.get("state", "visible") == "visible"
            self._sheets[sheet.get("name", "")] = (target, visible)
        by_kind = {kind.rpartition("/")[2]: target for kind, target in rels.values()}
        self._styles = _Styles(archive, by_kind.get("styles"))
        strings = by_kind.get("sharedStrings")
        self._strings = self._read_strings(strings) if strings in archive.NameToInfo else []

    def _read_strings(self, name: str) -> list[str]:
        strings: list[str] = []
        append = strings.append
        with self._zip.open(name) as member:
            for _, node in ElementTree.iterparse(member):
                if _local(node.tag) == "si":
                    append(_text_of(node).replace("x005F_", ""))
                    node.clear()
        return strings

    def sheets(self) -> list[tuple[str, bool]]:
        """Worksheet names in workbook order, each with whether it is visible."""
        return [(name, visible) for name, (_, visible) in self._sheets.items()]

    def iter_rows(self, sheet: str) -> Iterator[Sequence[object]]:
        """Every row from row 1, rows missing from the XML as empty rows."""
        target = self._sheets[sheet][0]
        try:
            with self._zip.open(target) as member:
                yield from _SheetParser(self, member.read).rows()
        except GeneratorExit:
            raise
        except Exception as exc:
            raise damaged(self.path, exc, sheet) from None

    def close(self) -> None:
        """Close the zip."""
        self._zip.close()


class _SheetParser:
    """Expat handlers turning ``<sheetData>`` into row lists, fed one chunk at a time."""

    def __init__(self, book: StreamBook, read: Callable[[int], bytes]) -> None:
        self._book = book
        self._read = read
        # Namespace processing costs a third of the parse: match the qualified
        # names as the file writes them (``c``, or ``x:c`` with a prefix).
        self._parser: Any = expat.ParserCreate()
        self._parser.buffer_text = True
        self._parser.buffer_size = _CHUNK
        self._done: list[list[object]] = []

    def _install(self, prefix: str) -> None:
        book = self._book
        strings = book._strings
        dates = book._styles.dates
        durations = book._styles.durations
        epoch = book._epoch
        done = self._done
        C, V, T, ROW, IS, RPH = (prefix + n for n in ("c", "v", "t", "row", "is", "rPh"))
        columns: dict[str, int] = {}
        empty: list[object] = []
        # parser state
        row: list[object] = []
        row_number = 0
        column = -1
        cell_type = "n"
        style = "0"
        parts: list[str] = []
        collecting = False
        in_inline = False
        in_phonetic = False
        has_inline = False

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal row, row_number, column, cell_type, style, collecting
            nonlocal in_inline, in_phonetic, has_inline
            if name == C:
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    index = columns.get(letters)
                    if index is None:
                        index = columns[letters] = _column_index(letters)
                    column = index
                else:
                    column += 1
                cell_type = attrs.get("t", "n")
                style = attrs.get("s", "0")
                parts.clear()
                has_inline = False
            elif name == V:
                collecting = True
            elif name == T:
                collecting = in_inline and not in_phonetic
            elif name == ROW:
                value = attrs.get("r")
                number = int(value) if value else row_number + 1
                while row_number < number - 1:
                    row_number += 1
                    done.append(empty)
                row_number = number
                row = []
                column = -1
            elif name == IS:
                in_inline = has_inline = True
            elif name == RPH:
                in_phonetic = True

        def end(name: str) -> None:
            nonlocal collecting, in_inline, in_phonetic
            if name == C:
                value: object
                if cell_type == "inlineStr":
                    value = "".join(parts) if has_inline else None
                else:
                    text = "".join(parts) if parts else None
                    if not text:
                        value = None
                    elif cell_type == "n":
                        if "." in text or "E" in text or "e" in text:
                            value = float(text)
                        else:
                            value = int(text)
                        if style in dates:
                            try:
                                value = _from_excel(value, epoch, style in durations)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                    elif cell_type == "s":
                        value = strings[int(text)]
                    elif cell_type == "b":
                        value = bool(int(text))
                    elif cell_type == "d":
                        value = _from_iso(text)
                    else:  # "str" (a formula's text), "e" (an error value)
                        value = text
                size = len(row)
                if column == size:
                    row.append(value)
                elif column > size:
                    row.extend([None] * (column - size))
                    row.append(value)
                else:  # a cell repeated or out of order: the last one wins
                    row[column] = value
            elif name in (V, T):
                collecting = False
            elif name == ROW:
                done.append(row)
            elif name == IS:
                in_inline = False
            elif name == RPH:
                in_phonetic = False

        def data(text: str) -> None:
            if collecting:
                parts.append(text)

        parser = self._parser
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data

    def rows(self) -> Iterator[list[object]]:
        read, parse, done = self._read, self._parser.Parse, self._done
        chunk = read(_CHUNK)
        root = _ROOT.search(chunk)
        self._install(root.group(1).decode("ascii") if root and root.group(1) else "")
        while chunk:
            parse(chunk, False)
            if done:
                yield from done
                done.clear()
            chunk = read(_CHUNK)
        parse(b"", True)
        yield from done
        done.clear()
