"""The numpy engine: a worksheet's XML read with numpy over its bytes, cells handed out by column.

Most rosters are written by Excel, WPS or a library in one plain shape:
``<row r="N">`` elements holding ``<c r="A1" s=".." t="..">`` cells with a
``<v>`` value, shared strings as ``<si><t>..</t></si>``. This engine reads
exactly that shape, fast: it finds every ``<`` of the sheet with numpy,
classifies each tag by the bytes after it, checks the tags' order against
the small grammar of that shape, and reads references, shared-string
indexes and numbers as arrays; Python objects are made only for the final
cell values.

Anything outside that shape (namespace prefixes, white space between tags,
a cell without ``r`` or with ``r`` not first, references out of order or
off their row, CDATA, comments, unknown cell types or attributes, inline
rich text, a time-only or duration cell, a sheet past
:attr:`~mutualaid.roster._guards.Limits.calamine_sheet`...) makes it
*decline* (:class:`Declined`): the guards' byte scan then runs and calamine
or openpyxl reads the file, as before. Declining is always safe; so the
engine declines whenever it is not sure to read a cell exactly as
:class:`~mutualaid.roster._xlsx.OpenpyxlBook` does.

Format rules copied from openpyxl 3.1 (MIT licence): ``is_date_format``,
``is_timedelta_format`` and ``from_excel`` (``openpyxl.styles.numbers``,
``openpyxl.utils.datetime``), so that reading needs no openpyxl import.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import struct
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Final, Literal
from xml.etree import ElementTree

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid._arrays import union, unique
from mutualaid.roster import ahead
from mutualaid.roster._guards import Limits, Package, check_xlsx
from mutualaid.roster._xlsx import ZH_DATE_FORMATS, decode_escapes, package_source

_zlib_ng: Any  # zlib-ng: zlib's inflate made faster, accepting and making what zlib does
try:  # (docs/dependencies.md)
    from zlib_ng import zlib_ng as _zlib_ng
except ImportError:  # pragma: no cover - a platform without its wheel: zipfile (zlib) reads
    _zlib_ng = None

__all__ = ["Declined", "NumpyBook", "SheetCells", "first_sheet_layout"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ERRORS = frozenset(
    (
        "#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA",
        "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!",
        "#PYTHON!", "#EXTERNAL!",
    )
)  # fmt: skip
_BLANKS = _ERRORS | {""}  # with white space: the texts read as empty cells
_MAX_ERRORS = 1000  # as many error cells as the guards' scan keeps
_LONGEST_SPAN = 1024 * 1024  # a tag or text this long: declined (the scan bounds them at 4 MiB)
_LONGEST_ROW = 3 * 1024 * 1024
_CHUNK_BYTES = 4 * 1024 * 1024  # bytes searched for tags at a time
_CHUNK_TAGS = 1 << 18  # tags classified at a time
_BLOCK = 64  # rows converted to Python at a time by NumpyBook.iter_rows
_KEPT_WORDS = 32 * 1024 * 1024  # bytes of tag words kept between two passes, at most
_LAST_SERIAL = 2958466  # 10000-01-01, as in _xlsx
_WINDOWS_EPOCH = datetime(1899, 12, 30)
_MAC_EPOCH = datetime(1904, 1, 1)


_Ints = npt.NDArray[np.signedinteger[Any]]  # positions and numbers (int32 or int64)
# Positions are int32 (half the memory of intp). Gathers by them go through ``np.take``:
# ``a[positions]`` converts int32 positions first, and took about twice as long.


class Declined(Exception):
    """The numpy engine does not read this file; the guarded engines do."""


# --- number formats (openpyxl.styles.numbers) -----------------------------------

_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_DATE_CHAR = re.compile(r"(?<![_\\])[dmhysDMHYS]")
#: openpyxl's built-in formats that are dates, and the one that is a duration.
_BUILTIN_DATES = frozenset((*range(14, 23), 45, 46, 47))
_BUILTIN_DURATIONS = frozenset((46,))


def _is_date_format(fmt: str) -> bool:
    return _DATE_CHAR.search(_STRIP.sub("", fmt.split(";")[0])) is not None


def _is_duration_format(fmt: str) -> bool:
    return _TIMEDELTA.search(fmt.split(";")[0]) is not None


def _styles(data: bytes | None) -> tuple[frozenset[int], frozenset[int]]:
    """The cell styles (``s``) that are dates and those that are durations, as openpyxl sees them."""
    if data is None:
        return frozenset(), frozenset()
    root = _xml(data)
    if root.tag != f"{{{_MAIN}}}styleSheet":
        raise Declined("styles")
    custom: dict[int, str] = {}
    dates: set[int] = set()
    durations: set[int] = set()
    for node in root.iter(f"{{{_MAIN}}}numFmt"):
        custom[_digits(node.get("numFmtId"))] = node.get("formatCode") or ""
    xfs = root.find(f"{{{_MAIN}}}cellXfs")
    for index, xf in enumerate(() if xfs is None else xfs.iter(f"{{{_MAIN}}}xf")):
        number = _digits(xf.get("numFmtId", "0"))
        if number in custom:
            fmt = custom[number]  # openpyxl rebases it, but judges the code itself
            dated, lasting = _is_date_format(fmt), _is_duration_format(fmt)
        else:
            dated = number in _BUILTIN_DATES or number in ZH_DATE_FORMATS
            lasting = number in _BUILTIN_DURATIONS
        if dated:
            dates.add(index)
        if lasting:
            durations.add(index)
    return frozenset(dates), frozenset(durations)


def _digits(text: str | None) -> int:
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 9:
        raise Declined("a style number")
    return int(text)


_DECLARATION = re.compile(rb"\s*<\?xml\s[^>]*?encoding\s*=\s*[\"']([^\"']*)")


def _xml(data: bytes | bytearray) -> ElementTree.Element:
    """The parsed XML, which must be UTF-8 (as the rest of a part is read)."""
    declared = _DECLARATION.match(data)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise Declined("not UTF-8")
    try:
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, LookupError, ValueError):
        raise Declined("not well-formed XML") from None


def _epoch(workbook: bytes) -> datetime:
    root = _xml(workbook)
    pr = root.find(f"{{{_MAIN}}}workbookPr")
    flag = "0" if pr is None else pr.get("date1904", "0")
    if flag in ("1", "true"):
        return _MAC_EPOCH
    if flag in ("0", "false"):
        return _WINDOWS_EPOCH
    raise Declined("date1904")


def _from_excel(value: float, epoch: datetime) -> datetime:
    """openpyxl's ``from_excel`` for a serial of at least 1 (smaller ones are times: declined)."""
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1
    return epoch + timedelta(days=day) + diff


# --- text -------------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _entity(match: re.Match[str]) -> str:
    name, decimal, hexa = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexa, 16)
    if not (code in (9, 10, 13) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD) and not (
        0x10000 <= code <= 0x10FFFF
    ):
        raise Declined("a character reference XML forbids")
    return chr(code)


def _text(raw: str) -> str:
    """XML character data as a parser gives it: line ends normalized, references decoded."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw:
        return raw
    decoded = _ENTITY.sub(_entity, raw)
    if raw.count("&") != len(_ENTITY.findall(raw)):
        raise Declined("an entity XML does not define")
    return decoded


def _checked_text(raw: str) -> str:
    if _BAD_CHARS.search(raw) or "]]>" in raw:
        raise Declined("a character XML forbids")
    return _text(raw)


def _utf8(data: bytes | bytearray) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Declined("not UTF-8") from None


_SST_PRESERVE = '<t xml:space="preserve">'
_PRESERVE = _SST_PRESERVE.encode()


def shared_strings(data: bytes | bytearray, most: int | None = None) -> list[str]:
    """The shared strings as :class:`~mutualaid.roster._xlsx.OpenpyxlBook` reads them.

    Declined when there are more than ``most`` (the guards' count then refuses the file).

    >>> shared_strings(b'<sst xmlns="%s"><si><t>a &amp; b</t></si><si><t/></si>'
    ...     b'<si><r><t>x</t></r><r><t>_x0041_</t></r><rPh><t>p</t></rPh></si></sst>' % _MAIN.encode())
    ['a & b', '', 'xA']
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    start = data.find(b"<sst")
    close = data.find(b">", start) + 1
    end = data.rfind(b"</sst>")
    if start < 0 or close <= 0 or end < close or data[end + 6 :].strip(b" \t\r\n"):
        raise Declined("shared strings")
    root = _xml(data[:close] + b"</sst>")
    if root.tag != f"{{{_MAIN}}}sst":
        raise Declined("shared strings")
    body = data[close:end]
    if not body:
        return []
    codes = np.frombuffer(body, dtype=np.uint8)
    if _controls(codes):
        raise Declined("a control character")
    lead = np.flatnonzero(codes[:-2] == 0xEF)  # U+FFFE and U+FFFF: EF BF BE, EF BF BF
    if ((codes[lead + 1] == 0xBF) & (codes[lead + 2] >= 0xBE)).any():
        raise Declined("a character XML forbids")
    del codes, lead
    for needle in (b"]]>", b"x005F_"):
        if needle in body:
            raise Declined("shared strings")  # openpyxl drops x005F_
    if b"\r" in body:
        body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    body = body.replace(_PRESERVE, b"<t>").replace(b"<t/>", b"<t></t>")
    text = _utf8(body)
    items: list[str] | None = None
    if body.startswith(b"<si><t>") and body.endswith(b"</t></si>"):
        items = text[7:-9].split("</t></si><si><t>")
        # each item brings 4 tags (<si><t>..</t></si>): any other ``<`` is another shape
        if body.count(b"<") != 4 * len(items):
            items = None
        elif b"&" in body:
            items = [_text(s) if "&" in s else s for s in items]
    if items is None:
        if b"<!" in body or b"<?" in body:
            raise Declined("shared strings")
        count = body.count(b"<si>")
        if body.count(b"<si") != count:
            raise Declined("shared strings")
        if most is not None and count > most:
            raise Declined("more shared strings than the limits allow")
        items = _items(text, count)
    if most is not None and len(items) > most:
        raise Declined("more shared strings than the limits allow")
    if b"_x" in body or b"&" in body:
        items = [decode_escapes(s) for s in items]
    return items


def _items(body: str, count: int) -> list[str]:
    parts = body.split("<si>")
    if parts[0].strip(" \t\n") or len(parts) != count + 1:
        raise Declined("shared strings")
    items = []
    for part in parts[1:]:
        if part.startswith("<t>") and part.endswith("</t></si>") and part.count("<") == 3:
            items.append(_text(part[3:-9]))
            continue
        node = _xml(f'<si xmlns="{_MAIN}">{part}'.encode())
        texts: list[str] = []
        kinds = set()
        for child in node:
            tag = child.tag.rpartition("}")[2]
            if tag == "t":
                kinds.add(tag)
                texts.append(child.text or "")
            elif tag == "r":
                kinds.add(tag)
                texts.extend(run.text or "" for run in child if run.tag == f"{{{_MAIN}}}t")
            elif tag not in ("rPh", "phoneticPr"):
                raise Declined("shared strings")
        if len(kinds) > 1:
            raise Declined("a shared string with both text and runs")
        items.append("".join(texts))
    return items


# --- the worksheet ----------------------------------------------------------------

# tag kinds
_UNKNOWN, _ROW, _ROW_SELF, _ROW_END, _CELL, _CELL_SELF, _CELL_END = range(7)
_V, _V_END, _F, _F_SELF, _F_END, _IS, _IS_END, _T, _T_END, _START, _STOP = range(7, 18)
_FOLLOWS = {
    _START: (_ROW, _ROW_SELF, _STOP),
    _ROW: (_CELL, _CELL_SELF, _ROW_END),
    _ROW_SELF: (_ROW, _ROW_SELF, _STOP),
    _ROW_END: (_ROW, _ROW_SELF, _STOP),
    _CELL: (_V, _F, _F_SELF, _IS, _CELL_END),
    _CELL_SELF: (_CELL, _CELL_SELF, _ROW_END),
    _CELL_END: (_CELL, _CELL_SELF, _ROW_END),
    _F: (_F_END,),
    _F_END: (_V, _CELL_END),
    _F_SELF: (_V, _CELL_END),
    _V: (_V_END,),
    _V_END: (_CELL_END,),
    _IS: (_T,),
    _T: (_T_END,),
    _T_END: (_IS_END,),
    _IS_END: (_CELL_END,),
}
_ALLOWED = np.zeros((32, 32), dtype=bool)
for _before, _afters in _FOLLOWS.items():
    _ALLOWED[_before, list(_afters)] = True
_FLAT_ALLOWED = _ALLOWED.ravel()

# cell types
_NUMBER, _SHARED, _BOOL, _ERROR, _STR, _INLINE = range(6)
_TYPES = {None: _NUMBER, "n": _NUMBER, "s": _SHARED, "b": _BOOL, "e": _ERROR}
_TYPES.update({"str": _STR, "inlineStr": _INLINE})
_SPACE = rb"[ \t\r\n]"
_CELL_ATTRS = re.compile(rb"(?:" + _SPACE + rb'+(s|t)="([^"<&]*)")*' + _SPACE + rb"*(/?)>")
_CELL_ATTR = re.compile(_SPACE + rb'+(s|t)="([^"<&]*)"')
_ROW_NAMES = (
    b"spans", b"s", b"customFormat", b"ht", b"hidden", b"customHeight", b"outlineLevel",
    b"collapsed", b"thickTop", b"thickBot", b"ph",
)  # fmt: skip
_ATTR = rb'([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)="[^"<&]*"'
_ROW_ATTRS = re.compile(rb"(?:" + _SPACE + rb"+" + _ATTR + rb")*" + _SPACE + rb"*(/?)>")
_ROW_ATTR = re.compile(_SPACE + rb"+" + _ATTR)
_F_TAG = re.compile(rb"<f(?:" + _SPACE + rb"+" + _ATTR + rb")*" + _SPACE + rb"*(/?)>")
_NUMBER_BYTES = np.zeros(256, dtype=bool)
_NUMBER_BYTES[list(b"0123456789.+-eE")] = True
_ROOT = re.compile(rb"<worksheet[ \t\r\n][^>]*>")
_PREFIXES = re.compile(rb'xmlns:([A-Za-z_][\w.-]*)="')
_CELL_LIKE = re.compile(rb"<(?:[\w.-]+:)?(?:c|row)[ \t\r\n/>]")


@attrs.frozen
class SheetCells:
    """A worksheet's cells, one entry per ``<c>``, in the sheet's order (rows, then columns).

    :param rows: the cells' row numbers (1-based).
    :param columns: the cells' column numbers (0-based).
    :param refs: each cell's value: an index into ``table`` and ``raw_table``
        (whose last entry is ``None``).
    :param table: the values as :meth:`RosterSource.cell_rows` normalizes
        them (``None`` for empty, blank text and errors).
    :param raw_table: the values as a reader library gives them (text not
        stripped, error values as text, NaN).
    :param nan: which cells are NaN or infinite numbers (``None`` in ``table``).
    :param errors: ``(reference, value)`` of the first error cells, as the
        guards' scan lists them.
    :param empty: which entries of ``table`` are ``None``.
    """

    rows: _Ints
    columns: _Ints
    refs: _Ints
    table: npt.NDArray[np.object_]
    raw_table: npt.NDArray[np.object_]
    nan: npt.NDArray[np.bool_]
    errors: tuple[tuple[str, str], ...]
    empty: npt.NDArray[np.bool_]


@attrs.frozen
class Formats:
    """What a workbook says about reading its numbers: the epoch, date and duration styles."""

    epoch: datetime
    dates: frozenset[int]
    durations: frozenset[int]

    @classmethod
    def of(cls, archive: zipfile.ZipFile, package: Package) -> Formats:
        epoch = _epoch(archive.read(package.workbook))
        styles = archive.read(package.styles) if package.styles else None
        dates, durations = _styles(styles)
        return cls(epoch, dates, durations)


@attrs.frozen
class SheetLayout:
    """A worksheet's cells read without the shared strings (which :meth:`cells` joins).

    As :class:`SheetCells`, but ``refs`` point at a shared string (``0`` and
    up), at ``values[-2 - ref]`` (``-2`` and down) or at ``None`` (``-1``).
    It is made of arrays and a few values only, so it pickles quickly (see
    :mod:`mutualaid.roster.ahead`): its dates and midnight datetimes (the
    usual values besides the shared strings) go as day numbers
    (:func:`_packed_values`), not one pickled object each.
    """

    rows: _Ints
    columns: _Ints
    refs: _Ints
    values: list[object]
    raw: list[object]
    nan: npt.NDArray[np.bool_]
    errors: tuple[tuple[str, str], ...]
    #: The numbers of the first and last ``<row>`` read (0: none) and how many there were.
    row_span: tuple[int, int, int] = (0, 0, 0)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return _unpickled_layout, (
            self.rows,
            self.columns,
            self.refs,
            _packed_values(self.values),
            _packed_values(self.raw),
            self.nan,
            self.errors,
            self.row_span,
        )

    def then(self, later: SheetLayout, limits: Limits) -> SheetLayout:
        """This layout followed by ``later``'s (the rest of the sheet), as one reading gives it.

        :raises Declined: where one reading of the whole would (rows out of
            order across the two, rows times columns past the limit).
        """
        if not later.row_span[2]:
            return self
        if not self.row_span[2]:
            return later
        if self.row_span[1] >= later.row_span[0]:
            raise Declined("rows out of order or off the grid")
        widest = max(int(c.max()) + 1 if len(c) else 0 for c in (self.columns, later.columns))
        _check_area(self.row_span[2] + later.row_span[2], widest, limits)
        shift = len(self.values)
        refs = later.refs
        if shift and later.values:
            refs = refs.copy()
            refs[refs <= -2] -= shift
        return SheetLayout(
            rows=np.concatenate([self.rows, later.rows]),
            columns=np.concatenate([self.columns, later.columns]),
            refs=np.concatenate([self.refs, refs]),
            values=[*self.values, *later.values],
            raw=[*self.raw, *later.raw],
            nan=np.concatenate([self.nan, later.nan]),
            errors=(*self.errors, *later.errors)[:_MAX_ERRORS],
            row_span=(self.row_span[0], later.row_span[1], self.row_span[2] + later.row_span[2]),
        )

    def cells(self, strings: Strings) -> SheetCells:
        """The cells, their values in one table: the shared strings, then the others."""
        base = len(strings.raw)
        refs = self.refs
        if len(refs) and int(refs.max()) >= base:
            raise Declined("a shared string index past the table")
        if self.values:
            refs = refs.copy()
            other = refs <= -2
            refs[other] = base - 2 - refs[other]
        table = _joined(strings.values, self.values)
        empty = np.ones(len(table), dtype=bool)  # the last entry: None
        empty[:base] = strings.blank
        empty[base:-1] = [v is None for v in self.values]
        return SheetCells(
            rows=self.rows,
            columns=self.columns,
            refs=refs,
            table=table,
            raw_table=_joined(strings.raw, self.raw),
            nan=self.nan,
            errors=self.errors,
            empty=empty,
        )


#: How :func:`_packed_values` files a value by its exact type: a date, a datetime, or other.
_PACK_KIND: Final[dict[type, int]] = {date: 0, datetime: 1}
_PACKED = tuple[npt.NDArray[np.int8], npt.NDArray[np.int64], list[object]]


def _packed_values(values: list[object]) -> _PACKED:
    """``values`` for pickling: each one's kind (0 a date, 1 a naive midnight datetime, 2
    other), the day numbers (``toordinal``) of the first two kinds, and the others as they are.

    A date pickles as an object each (about a microsecond); a roster's birth
    dates are thousands of them. :func:`_unpacked_values` gives ``values`` back,
    every value of its exact type.

    >>> values = [date(1990, 1, 2), datetime(1990, 1, 2), datetime(1990, 1, 2, 8), 3]
    >>> _unpacked_values(*_packed_values(values)) == values
    True
    """
    kinds: list[int] = []
    days: list[int] = []
    others: list[object] = []
    v: Any
    for v in values:
        kind = _PACK_KIND.get(type(v), 2)
        if kind == 1 and (
            v.tzinfo is not None or v.hour or v.minute or v.second or v.microsecond or v.fold
        ):
            kind = 2
        kinds.append(kind)
        if kind == 2:
            others.append(v)
        else:
            days.append(v.toordinal())
    return np.array(kinds, dtype=np.int8), np.array(days, dtype=np.int64), others


def _unpacked_values(
    kinds: npt.NDArray[np.int8], days: npt.NDArray[np.int64], others: list[object]
) -> list[object]:
    """The values :func:`_packed_values` packed."""
    out: list[object] = [None] * len(kinds)
    dated = np.flatnonzero(kinds != 2)  # the values of ``days``, in order
    for kind, make in ((0, date.fromordinal), (1, datetime.fromordinal)):
        mine = kinds[dated] == kind
        for i, day in zip(dated[mine].tolist(), map(make, days[mine].tolist()), strict=True):
            out[i] = day
    for i, other in zip(np.flatnonzero(kinds == 2).tolist(), others, strict=True):
        out[i] = other
    return out


def _unpickled_layout(
    rows: _Ints,
    columns: _Ints,
    refs: _Ints,
    values: _PACKED,
    raw: _PACKED,
    nan: npt.NDArray[np.bool_],
    errors: tuple[tuple[str, str], ...],
    row_span: tuple[int, int, int],
) -> SheetLayout:
    """A :class:`SheetLayout` from its pickled form (:meth:`SheetLayout.__reduce__`)."""
    return SheetLayout(
        rows,
        columns,
        refs,
        _unpacked_values(*values),
        _unpacked_values(*raw),
        nan,
        errors,
        row_span,
    )


def read_sheet(
    data: bytes | bytearray,
    strings: Strings,
    dates: frozenset[int],
    durations: frozenset[int],
    epoch: datetime,
    limits: Limits,
) -> SheetCells:
    """Read a worksheet part's bytes; raise :class:`Declined` unless it is of the plain shape."""
    return read_layout(data, Formats(epoch, dates, durations), limits).cells(strings)


Part = Literal["all", "head", "tail"]


def read_layout(
    data: bytes | bytearray, formats: Formats, limits: Limits, part: Part = "all"
) -> SheetLayout:
    """A worksheet part's cells, the shared strings left out; :class:`Declined` unless plain.

    ``part="head"`` reads the rows before :func:`_tail_start`, ``"tail"`` the
    rows from there: ``head.then(tail)`` is the ``"all"`` reading (two
    processes may share the work, see :mod:`mutualaid.roster.ahead`).
    """
    dates, durations, epoch = formats.dates, formats.durations, formats.epoch
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    begin = data.find(b"<sheetData>")
    end = data.rfind(b"</sheetData>")
    if begin < 0 or end < begin:
        raise Declined("no <sheetData>")  # a second one inside is an unknown tag, after: bad XML
    head, tail = data[:begin], data[end + 12 :]
    if len(head) > _LONGEST_ROW or len(tail) > _LONGEST_ROW:
        raise Declined("over 3 MiB around <sheetData>")  # the scan refuses 4 MiB
    _check_frame(head, tail)
    # ``]]>`` can only be in text: the text read is checked where it is decoded
    codes = np.frombuffer(data, dtype=np.uint8)
    low, high = begin + 11, end  # the tags read: from low, up to the one at high
    if part != "all":
        split = _tail_start(data, low, end)
        low, high = (low, split) if part == "head" else (split, end)
    lt = _tag_starts(codes, low, high + 1)
    tags, ends = lt[:-1], lt[1:]
    kinds = np.empty(len(tags), dtype=np.uint8)
    for first in range(0, len(tags), _CHUNK_TAGS):  # in pieces: bounded temporary arrays
        piece = slice(first, first + _CHUNK_TAGS)
        if int((ends[piece] - tags[piece]).max()) > _LONGEST_SPAN:
            raise Declined("a tag or text over 1 MiB")
        kinds[piece] = _kinds(codes, tags[piece], ends[piece])
    pairs = kinds[:-1].astype(np.uint16) * 32
    pairs += kinds[1:]
    if len(kinds) and not (
        np.take(_FLAT_ALLOWED, pairs).all()
        and _ALLOWED[_START, kinds[0]]
        and _ALLOWED[kinds[-1], _STOP]
    ):
        raise Declined("tags outside the plain shape")
    del pairs
    if not _at(codes, tags[kinds == _IS_END], 3, b"s").all():
        raise Declined("an unknown tag")
    if not _at(codes, tags[kinds == _ROW_END], 3, b"ow").all():
        raise Declined("an unknown tag")

    # rows
    is_row = (kinds - np.uint8(_ROW)) <= _ROW_SELF - _ROW
    row_tags = np.flatnonzero(is_row)
    row_at = tags[row_tags]
    if not _at(codes, row_at, 3, b'w r="').all():
        raise Declined("a row without r first")
    if len(row_at) and int(np.diff(row_at, append=high).max()) > _LONGEST_ROW:
        raise Declined("a row over 3 MiB")  # the scan refuses 4 MiB
    row_numbers, row_lengths = _numbers(codes, row_at + 8, 7)
    if not (np.take(codes, row_at + 8 + row_lengths) == 34).all():
        raise Declined("a row number")
    if len(row_numbers) and (
        int(row_numbers[0]) < 1
        or int(row_numbers[-1]) > limits.max_rows
        or (len(row_numbers) > 1 and not (np.diff(row_numbers) > 0).all())
    ):
        raise Declined("rows out of order or off the grid")
    _check_attrs(codes, row_at + 9 + row_lengths, ends[row_tags], _ROW_ATTRS, _row_ok(head))

    # cells
    is_cell = (kinds - np.uint8(_CELL)) <= _CELL_SELF - _CELL
    cell_tags = np.flatnonzero(is_cell)
    cell_at = tags[cell_tags]
    count = len(cell_at)
    if not _at(codes, cell_at, 3, b'r="').all():
        raise Declined("a cell without r first")
    # each cell's row: the row tags before it, less one (each row's cells follow it)
    firsts = np.searchsorted(cell_tags, row_tags)  # each row's first cell
    runs = np.diff(firsts, prepend=0, append=count)
    cell_row = np.repeat(np.arange(-1, len(row_tags), dtype=np.int32), runs)
    del firsts, runs
    del is_row
    letters = [np.take(codes, cell_at + (6 + k)) for k in range(4)]
    upper = [(b >= 65) & (b <= 90) for b in letters]
    width = 1 + upper[1].astype(np.int32) + (upper[1] & upper[2])
    if not (upper[0] & ~(upper[1] & upper[2] & upper[3])).all():
        raise Declined("a column reference")
    l0, l1, l2 = (b.astype(np.int32) - 64 for b in letters[:3])
    del letters, upper
    column = np.where(width == 1, l0, np.where(width == 2, l0 * 26 + l1, (l0 * 26 + l1) * 26 + l2))
    if count and int(column.max()) > min(limits.max_columns, 16384):
        raise Declined("a column off the grid")
    if count:
        _check_area(len(row_numbers), int(column.max()), limits)  # the columns are dense
    digits_at = cell_at + 6 + width
    del width, l0, l1, l2
    lengths = np.take(row_lengths.astype(np.int32), cell_row)
    words = _words(codes)
    row_words = words[row_at + 8] & _LOW_BYTES[row_lengths]
    same = np.take(codes, digits_at + lengths) == 34  # the closing quote
    same &= (words[digits_at] & np.take(_LOW_BYTES, lengths)) == np.take(row_words, cell_row)
    if not same.all():
        raise Declined("a cell reference off its row")
    column -= 1
    if count > 1:
        later = cell_row[1:] == cell_row[:-1]
        if not (column[1:][later] > column[:-1][later]).all():
            raise Declined("cells out of order")
    groups, reps = _distinct(codes, digits_at + lengths + 1, ends[cell_tags], 32)
    del digits_at, lengths
    styles, types = _cell_attrs(reps)
    cell_style = np.take(styles, groups)
    cell_type = np.take(types, groups)
    del groups
    if durations and np.isin(cell_style, list(durations)).any():
        raise Declined("a duration cell")

    # contents
    if not len(kinds) or int(kinds.max()) <= _V_END:
        # no formula and no inline string: a cell's value, if any, is its next tag (_FOLLOWS)
        has_v, v_start, v_end = _next_values(kinds, cell_tags, tags, ends)
        has_t = np.zeros(count, dtype=bool)
        t_start = t_end = np.zeros(count, dtype=np.int32)
    else:
        owner = np.cumsum(is_cell, dtype=np.int32) - 1
        has_v, v_start, v_end = _contents(kinds, _V, owner, tags, ends, count)
        has_t, t_start, t_end = _contents(kinds, _T, owner, tags, ends, count)
        del owner
    del is_cell
    v_start += 3  # after <v>
    if ((cell_type == _INLINE) != has_t).any() or (has_t & has_v).any():
        raise Declined("an inline string")
    for at, stop in zip(tags[kinds == _F].tolist(), ends[kinds == _F].tolist(), strict=True):
        tag = data[at:stop]
        match = _F_TAG.match(tag)
        if match is None or match.group(2) or not _unique_names(_ROW_ATTR, tag[2 : match.end()]):
            raise Declined("a formula tag")
        _checked_text(_utf8(tag[match.end() :]))
    for at, stop in zip(
        tags[kinds == _F_SELF].tolist(), ends[kinds == _F_SELF].tolist(), strict=True
    ):
        match = _F_TAG.fullmatch(data[at:stop])
        if match is None or not match.group(2) or not _unique_names(_ROW_ATTR, data[at + 2 : stop]):
            raise Declined("a formula tag")
    del kinds

    # every cell points at a shared string (0 and up) or at one of the other values (-2 down)
    refs = np.full(count, -1, dtype=np.int32)  # -1: None
    nan = np.zeros(count, dtype=bool)
    extra_values: list[object] = []
    extra_raw: list[object] = []

    shared = np.flatnonzero((cell_type == _SHARED) & has_v)
    if len(shared):
        refs[shared] = _indexes(codes, v_start[shared], v_end[shared])

    numbers = np.flatnonzero((cell_type == _NUMBER) & has_v & (v_end > v_start))
    if len(numbers):
        floats = _floats(codes, v_start[numbers], v_end[numbers])
        nan[numbers] = ~np.isfinite(floats)
        dated = np.isin(cell_style[numbers], list(dates)) if dates else np.zeros(len(numbers), bool)
        serial = dated & (floats >= 0) & (floats < _LAST_SERIAL)
        if (serial & (floats < 1)).any():
            raise Declined("a time-only cell")
        for group, as_date in ((serial, True), (~serial, False)):
            if not group.any():
                continue
            unique, inverse = np.unique(floats[group], return_inverse=True)
            refs[numbers[group]] = -2 - len(extra_values) - inverse.ravel()
            if as_date and (unique == np.floor(unique)).all():
                normal_dates, read_dates = _whole_dates(unique, epoch)
                extra_values.extend(normal_dates)
                extra_raw.extend(read_dates)
                continue
            for number in unique.tolist():
                normal, as_read = _number(number, as_date, epoch)
                extra_values.append(normal)
                extra_raw.append(as_read)

    errors: list[tuple[str, str]] = []
    for i in np.flatnonzero(cell_type >= _BOOL).tolist():
        kind = int(cell_type[i])
        if kind == _INLINE:
            start, stop_at = int(t_start[i]), int(t_end[i])
            opening = data[start : start + 24]
            skip = 24 if opening == _PRESERVE else 3 if opening[:3] == b"<t>" else -1
            if skip < 0:
                raise Declined("an inline string tag")
            content: str | None = decode_escapes(_checked_text(_utf8(data[start + skip : stop_at])))
        else:
            content = (
                _checked_text(_utf8(data[int(v_start[i]) : int(v_end[i])])) if has_v[i] else None
            )
        value: object = None
        read: object = None
        if kind == _BOOL:
            if content:
                value = read = content.strip().lower() in ("true", "1")
        elif kind in (_STR, _INLINE):
            if content:
                value, read = _normalized_one(content), content
        else:  # an error cell: empty, with a warning
            if content not in _ERRORS:
                raise Declined("an error value")
            read = content
            if len(errors) < _MAX_ERRORS:
                ref = _letters(int(column[i]) + 1) + str(int(row_numbers[cell_row[i]]))
                errors.append((ref, content or ""))
        refs[i] = -2 - len(extra_values)
        extra_values.append(value)
        extra_raw.append(read)
    span = (int(row_numbers[0]), int(row_numbers[-1])) if len(row_numbers) else (0, 0)
    return SheetLayout(
        rows=np.take(row_numbers.astype(np.int32), cell_row),  # under 2**20 (the grid)
        columns=column,
        refs=refs,
        values=extra_values,
        raw=extra_raw,
        nan=nan,
        errors=tuple(errors),
        row_span=(*span, len(row_numbers)),
    )


def _check_area(rows: int, columns: int, limits: Limits) -> None:
    """Decline a sheet whose rows times columns (its dense area) pass ``limits.calamine_cells``."""
    if rows * columns > limits.calamine_cells:
        raise Declined("rows times columns over the engines' limit")


#: The share of ``<sheetData>`` this process reads itself (the tail, :func:`_tail_start`)
#: while a child reads the rest ahead (:mod:`mutualaid.roster.ahead`). At 0, the
#: default, the child reads the whole sheet, and this process neither inflates nor
#: parses it when the child's reading is taken (0.2 measured no faster on two cores:
#: this process has the rule pack and the shared strings to load meanwhile).
TAIL_SHARE = 0.0


def _ahead_part() -> Part:
    """What a child reading ahead reads: the whole sheet, or its head (:data:`TAIL_SHARE`)."""
    return "head" if TAIL_SHARE > 0 else "all"


def _tail_start(data: bytes | bytearray, low: int, end: int) -> int:
    """Where the tail reading starts: the first ``<row r="`` in the last :data:`TAIL_SHARE`.

    ``end`` (nothing left to the tail) when there is none. Only the bytes
    decide, so two processes reading the same part split it alike.
    """
    at = data.find(b'<row r="', end - int((end - low) * TAIL_SHARE), end)
    return end if at < 0 else at


def _joined(head: npt.NDArray[np.object_], tail: list[object]) -> npt.NDArray[np.object_]:
    """``head``, then ``tail``, then ``None`` (the value of reference -1)."""
    out = np.full(len(head) + len(tail) + 1, None, dtype=object)
    out[: len(head)] = head
    out[len(head) : len(head) + len(tail)] = tail
    return out


def _whole_dates(
    serials: npt.NDArray[np.float64], epoch: datetime
) -> tuple[list[object], list[object]]:
    """Whole serials (at least 1) as dates and as openpyxl's datetimes (``_from_excel``)."""
    days = serials.astype(np.int64)
    if epoch == _WINDOWS_EPOCH:
        days += days < 60  # Excel's 1900-02-29
    when = np.datetime64(epoch.date(), "D") + days.astype("timedelta64[D]")
    if len(when) and when.max() > np.datetime64("9999-12-31"):
        raise Declined("a date past 9999")  # openpyxl reads #VALUE!
    return when.astype(object).tolist(), when.astype("datetime64[us]").astype(object).tolist()


def _number(number: float, as_date: bool, epoch: datetime) -> tuple[object, object]:
    """A number cell's value (normalized) and its value as openpyxl reads it."""
    if as_date:
        read = _from_excel(number, epoch)
        if read.hour or read.minute or read.second or read.microsecond:
            return read, read
        return read.date(), read
    if not math.isfinite(number):
        return None, number
    value = int(number) if number.is_integer() else number
    return value, value


def _contents(
    kinds: npt.NDArray[np.uint8],
    kind: int,
    owner: _Ints,
    tags: _Ints,
    ends: _Ints,
    count: int,
) -> tuple[npt.NDArray[np.bool_], _Ints, _Ints]:
    """For each cell, whether it has a tag of ``kind`` and where that tag starts and its text ends."""
    where = np.flatnonzero(kinds == kind)
    cells = owner[where]
    has = np.zeros(count, dtype=bool)
    starts = np.zeros(count, dtype=np.int32)
    stops = np.zeros(count, dtype=np.int32)
    has[cells] = True
    starts[cells] = tags[where]
    stops[cells] = ends[where]
    return has, starts, stops


def _next_values(
    kinds: npt.NDArray[np.uint8], cell_tags: _Ints, tags: _Ints, ends: _Ints
) -> tuple[npt.NDArray[np.bool_], _Ints, _Ints]:
    """:func:`_contents` of ``<v>`` tags when each follows its cell's tag (no formulas)."""
    after = cell_tags + 1  # a cell tag is never the last: a row's end follows
    has = np.take(kinds, after, mode="clip") == _V
    starts = np.where(has, np.take(tags, after, mode="clip"), 0)
    stops = np.where(has, np.take(ends, after, mode="clip"), 0)
    return has, starts, stops


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _normalized_one(text: str) -> str | None:
    return None if not text or text.isspace() or text in _ERRORS else text


@attrs.frozen
class Strings:
    """The shared strings as read (``raw``) and normalized (``values``: ``None`` for blanks,
    errors, which ``blank`` marks)."""

    raw: npt.NDArray[np.object_]
    values: npt.NDArray[np.object_]
    blank: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, items: list[str]) -> Strings:
        raw = np.fromiter(items, dtype=object, count=len(items))
        blank = np.array(list(map(str.isspace, items)), dtype=bool)
        if not _BLANKS.isdisjoint(items):  # an empty item or an error's text (rare)
            blank |= np.array(list(map(_BLANKS.__contains__, items)), dtype=bool)
        values = raw.copy()
        values[blank] = None
        return cls(raw, values, blank)


def _indexes(codes: npt.NDArray[np.uint8], starts: _Ints, stops: _Ints) -> _Ints:
    """The unsigned decimal numbers (1 to 9 digits, exactly) between ``starts`` and ``stops``."""
    lengths = stops - starts
    longest = int(lengths.max())
    if int(lengths.min()) < 1 or longest > 9:
        raise Declined("a shared string index")
    if longest == 9:
        values = np.zeros(len(starts), dtype=np.int64)
        for k in range(longest):
            digit = codes[stops - 1 - k].astype(np.int64) - 48
            inside = lengths > k
            if not (((digit >= 0) & (digit <= 9)) | ~inside).all():
                raise Declined("a shared string index")
            digit[~inside] = 0
            values += digit * 10**k
        return values
    digits, values = _eight_digits(codes, starts, lengths)
    if not digits.all():
        raise Declined("a shared string index")
    return values


def _eight_digits(
    codes: npt.NDArray[np.uint8], starts: _Ints, lengths: _Ints
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Which ranges of 1 to 8 bytes are ASCII digits only, and the number each spells then.

    Eight digits at once: right-aligned in a word, ``0`` in front, then added up in pairs.
    """
    shift = 8 - lengths
    word = _words(codes)[starts.astype(np.intp)]
    word <<= (shift * 8).astype(np.uint64)
    word |= np.take(_ZEROS, shift)
    high = np.uint64(0xF0F0F0F0F0F0F0F0)
    digits = (word & high) == np.uint64(0x3030303030303030)  # every byte 0x30 to 0x3F
    part = word + np.uint64(0x0606060606060606)  # no carry between bytes: at most 0x45 each
    part &= high
    digits &= part == np.uint64(0x3030303030303030)  # and none past 0x39
    word &= np.uint64(0x0F0F0F0F0F0F0F0F)
    with np.errstate(over="ignore"):
        for step, mask in ((8, 0x00FF00FF00FF00FF), (16, 0x0000FFFF0000FFFF), (32, 0xFFFFFFFF)):
            np.right_shift(word, np.uint64(step), out=part)
            word *= np.uint64(10 ** (step // 8))
            word += part
            word &= np.uint64(mask)
    return digits, word.view(np.int64)


def _floats(codes: npt.NDArray[np.uint8], starts: _Ints, stops: _Ints) -> npt.NDArray[np.float64]:
    """The numbers (1 byte or more) between ``starts`` and ``stops``, read as Python's ``float``
    reads them: up to 8 digits (a date's serial) at once, the others as text."""
    lengths = stops - starts
    if int(lengths.max()) > 32:
        raise Declined("a number over 32 characters")
    floats = np.empty(len(starts), dtype=np.float64)
    short = np.flatnonzero(lengths <= 8)
    digits, values = _eight_digits(codes, starts[short], lengths[short])
    short = short[digits]
    floats[short] = values[digits]
    rest = np.ones(len(starts), dtype=bool)
    rest[short] = False
    if rest.any():
        at = np.flatnonzero(rest)
        floats[at] = _float_texts(codes, starts[at], lengths[at])
    return floats


def _float_texts(
    codes: npt.NDArray[np.uint8], starts: _Ints, lengths: _Ints
) -> npt.NDArray[np.float64]:
    """:func:`_floats` of any number text, as numpy parses its bytes."""
    window = _windows(codes, starts, 32)
    outside = np.arange(32) >= lengths[:, None]
    window[outside] = 48  # '0', a number byte
    if not np.take(_NUMBER_BYTES, window).all():
        raise Declined("a number of other characters")
    window[outside] = 0
    try:
        floats: npt.NDArray[np.float64] = window.view("S32").ravel().astype(np.float64)
    except ValueError:
        raise Declined("not a number") from None
    return floats


def _controls(codes: npt.NDArray[np.uint8]) -> bool:
    """Whether the bytes hold a control character XML forbids (tab, CR and LF are allowed).

    One reduction, no temporary array, in the usual case of none below 32.
    """
    if not len(codes) or codes.min() >= 32:
        return False
    found = codes[codes < 32]
    return not ((found == 9) | (found == 10) | (found == 13)).all()


def _check_frame(head: bytes | bytearray, tail: bytes | bytearray) -> None:
    """The XML around ``<sheetData>``: well-formed, the main namespace unprefixed, no cells."""
    if _CELL_LIKE.search(head) or _CELL_LIKE.search(tail):
        raise Declined("cells outside <sheetData>")
    root = _xml(head + b"<sheetData/>" + tail)
    if root.tag != f"{{{_MAIN}}}worksheet" or root.find(f"{{{_MAIN}}}sheetData") is None:
        raise Declined("not a worksheet of the main namespace")
    start = _ROOT.search(head)
    if start is None or b' xmlns="' + _MAIN.encode() + b'"' not in start.group():
        raise Declined("the root")


def _row_ok(head: bytes | bytearray) -> frozenset[bytes]:
    start = _ROOT.search(head)
    prefixes = _PREFIXES.findall(start.group()) if start else []
    return frozenset((*_ROW_NAMES, *(p + b":dyDescent" for p in prefixes)))


def _unique_names(pattern: re.Pattern[bytes], attributes: bytes | bytearray) -> bool:
    names = [m.group(1) for m in pattern.finditer(attributes)]
    return len(names) == len(set(names)) and b"xmlns" not in b" ".join(names)


def _check_attrs(
    codes: npt.NDArray[np.uint8],
    starts: _Ints,
    stops: _Ints,
    pattern: re.Pattern[bytes],
    allowed: frozenset[bytes],
) -> None:
    if not len(starts):
        return
    _, reps = _distinct(codes, starts, stops, 128)
    for rest in reps:
        if pattern.fullmatch(rest) is None:
            raise Declined("row attributes")
        names = [m.group(1) for m in _ROW_ATTR.finditer(rest)]
        if len(names) != len(set(names)) or not set(names) <= allowed:
            raise Declined("row attributes")
        _utf8(rest)


def _cell_attrs(reps: list[bytes]) -> tuple[_Ints, _Ints]:
    """Each distinct cell tag ending's style and type."""
    styles, types = [], []
    for rest in reps:
        if _CELL_ATTRS.fullmatch(rest) is None:
            raise Declined("cell attributes")
        found = {m.group(1): m.group(2) for m in _CELL_ATTR.finditer(rest)}
        if len(found) != len(_CELL_ATTR.findall(rest)):
            raise Declined("a repeated cell attribute")
        style = found.get(b"s", b"")
        if style and not (style.isdigit() and len(style) < 9):
            raise Declined("a cell style")
        kind = found.get(b"t")
        name = None if kind is None else kind.decode("ascii", "replace")
        if name not in _TYPES:
            raise Declined("a cell type")
        styles.append(int(style or 0))
        types.append(_TYPES[name])
    return np.array(styles, dtype=np.int32), np.array(types, dtype=np.uint8)


def _at(codes: npt.NDArray[np.uint8], at: _Ints, offset: int, text: bytes) -> npt.NDArray[np.bool_]:
    ok = np.ones(len(at), dtype=bool)
    for k, byte in enumerate(text):
        ok &= np.take(codes, at + (offset + k)) == byte
    return ok


def _numbers(codes: npt.NDArray[np.uint8], at: _Ints, most: int) -> tuple[_Ints, _Ints]:
    """Unsigned decimal numbers of 1 to ``most`` digits at ``at``: their values and lengths."""
    window = _windows(codes, at, most + 1)
    digit = (window >= 48) & (window <= 57)
    lengths = np.argmin(digit, axis=1)  # the first non-digit (``most`` + 1 bytes: one is)
    if len(at) and (int(lengths.min()) < 1 or not (~digit[:, most]).all()):
        raise Declined("a number")
    if len(at) and ((window[:, 0] == 48) & (lengths > 1)).any():
        raise Declined("a leading zero")
    values = np.zeros(len(at), dtype=np.int64)
    for k in range(most):
        inside = k < lengths
        values = np.where(inside, values * 10 + (window[:, k].astype(np.int64) - 48), values)
    return values, lengths


def _words(codes: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    """The 8 bytes from each position (but the last 7) as a little-endian number."""
    return np.ndarray((max(len(codes) - 7, 0),), dtype="<u8", buffer=codes, strides=(1,))


#: The numbers keeping the first 0 to 8 bytes of a word.
_LOW_BYTES = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)
#: The numbers filling the first 0 to 8 bytes of a word with '0'.
_ZEROS = np.array([int.from_bytes(b"0" * n, "little") for n in range(9)], dtype=np.uint64)


def _distinct(
    codes: npt.NDArray[np.uint8],
    starts: _Ints,
    stops: _Ints,
    most: int,
) -> tuple[_Ints, list[bytes]]:
    """Group byte ranges by content: each range's group and each group's bytes (few groups)."""
    lengths = stops - starts
    if not len(starts):
        return np.zeros(0, dtype=np.int64), []
    longest = int(lengths.max())
    if longest > most or int(lengths.min()) < 1:
        raise Declined("a tag's attributes")
    width = (longest + 7) // 8 * 8
    masks = _masks(width)

    def words_of(piece: slice) -> npt.NDArray[np.uint64]:
        words: npt.NDArray[np.uint64] = _windows(codes, starts[piece], width).view(np.uint64)
        words &= np.take(masks, lengths[piece], axis=0)
        return words

    key = lengths.astype(np.uint64)
    keep = len(starts) * width <= _KEPT_WORDS  # the words, kept to check the groups below
    pieces: list[npt.NDArray[np.uint64] | None] = []
    with np.errstate(over="ignore"):
        for first in range(0, len(key), _CHUNK_TAGS):  # in pieces: bounded temporary arrays
            piece = slice(first, first + _CHUNK_TAGS)
            part = key[piece]
            words = words_of(piece)
            for column in words.T:
                part *= np.uint64(0x9E3779B97F4A7C15)
                part ^= column
            pieces.append(words if keep else None)
    # most tags are alike: look them up in a small table of a sample's keys before sorting all
    inverse = _lookup(key, unique(key[:: max(1, len(key) // 512)]))
    if inverse is None:
        _, inverse = np.unique(key, return_inverse=True)
        inverse = inverse.ravel()
    del key
    some = np.zeros(int(inverse.max()) + 1, dtype=np.int64)
    some[inverse] = np.arange(len(inverse))  # some range of each group
    reps = words_of(some)  # type: ignore[arg-type]
    for first, kept in zip(range(0, len(inverse), _CHUNK_TAGS), pieces, strict=True):
        piece = slice(first, first + _CHUNK_TAGS)
        words = kept if kept is not None else words_of(piece)
        if not (words == reps[inverse[piece]]).all():
            raise Declined("a hash collision")
    groups = [rep.tobytes()[: int(lengths[i])] for rep, i in zip(reps, some.tolist(), strict=True)]
    return inverse.astype(np.int32), groups


def _lookup(key: npt.NDArray[np.uint64], table: npt.NDArray[np.uint64]) -> _Ints | None:
    """Each key's place in ``table`` (sorted) and the keys missing from it, by their top 12 bits.

    ``None`` when two keys share their top bits (then sort them all).
    """
    for _ in range(2):
        slots = (table >> np.uint64(52)).astype(np.int64)
        if len(unique(slots)) != len(slots):
            return None
        slot_key = np.zeros(4096, dtype=np.uint64)
        slot_group = np.zeros(4096, dtype=np.int64)
        slot_key[slots] = table
        slot_group[slots] = np.arange(len(table))
        slot = (key >> np.uint64(52)).view(np.int64)  # under 4096: the same bits, no copy
        found = slot_key[slot] == key
        if found.all():
            return slot_group[slot]
        table = union(table, key[~found])
    return None


@functools.cache
def _masks(width: int) -> npt.NDArray[np.uint64]:
    """For each length up to ``width``, the words keeping that many first bytes."""
    masks = np.zeros((width + 1, width), dtype=np.uint8)
    for length in range(width + 1):
        masks[length, :length] = 0xFF
    words: npt.NDArray[np.uint64] = masks.view(np.uint64)
    return words


def _tag_starts(codes: npt.NDArray[np.uint8], start: int, stop: int) -> _Ints:
    """Where each ``<`` is between ``start`` and ``stop``; no control character XML forbids there."""
    found = []
    for at in range(start, stop, _CHUNK_BYTES):
        block = codes[at : min(at + _CHUNK_BYTES, stop)]
        if _controls(block):
            raise Declined("a control character")
        where = np.flatnonzero(block == 60).astype(np.int32)
        where += at
        found.append(where)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int32)


def _kind_table() -> npt.NDArray[np.uint8]:
    """A tag's kind by its first two bytes after ``<``, its length (up to 7), whether ``/>``
    ends it and whether ``>`` does (a row, cell or formula tag ending ``/>`` is self-closing)."""
    table = np.zeros(65536 * 32, dtype=np.uint8)
    self_closing = {_ROW: _ROW_SELF, _CELL: _CELL_SELF, _F: _F_SELF}
    for pair, kind, size in (
        (b"ro", _ROW, 0),
        (b"/r", _ROW_END, 6),
        (b"c ", _CELL, 0),
        (b"/c", _CELL_END, 4),
        (b"v>", _V, -1),
        (b"/v", _V_END, 4),
        (b"f>", _F, -1),
        (b"f ", _F, -1),
        (b"f/", _F, -1),
        (b"/f", _F_END, 4),
        (b"is", _IS, 4),
        (b"/i", _IS_END, 5),
        (b"t>", _T, -1),
        (b"t ", _T, -1),
        (b"/t", _T_END, 4),
    ):
        key = (pair[0] | pair[1] << 8) << 5
        for span in range(8):
            for closed in (0, 1):
                if size == -1 or (closed and (size == 0 or span == size)):
                    table[key | span << 2 | closed] = kind
                    if closed:  # "/>" (never without ">")
                        table[key | span << 2 | 2 | closed] = self_closing.get(kind, kind)
    return table


_KIND = _kind_table()


def _kinds(codes: npt.NDArray[np.uint8], tags: _Ints, ends: _Ints) -> npt.NDArray[np.uint8]:
    """Each tag's kind, from the bytes after its ``<`` and before the next one."""
    key = np.take(codes, tags + 1).astype(np.uint32) << 5
    key |= np.take(codes, tags + 2).astype(np.uint32) << 13
    span = ends - tags
    np.minimum(span, 7, out=span)
    key |= (span << 2).astype(np.uint32)
    del span
    closed = np.take(codes, ends - 1) == 62  # '>' just before the next tag
    key |= closed
    closed &= np.take(codes, ends - 2) == 47  # and '/' before it
    key |= closed.astype(np.uint32) << 1
    del closed
    kinds: npt.NDArray[np.uint8] = np.take(_KIND, key)
    return kinds


def _windows(
    codes: npt.NDArray[np.uint8], starts: npt.NDArray[Any], width: int
) -> npt.NDArray[np.uint8]:
    """The ``width`` bytes from each start (zeros past the end), one row each."""
    if len(starts) and int(starts.max()) + width > len(codes):
        codes = np.concatenate([codes, np.zeros(width, dtype=np.uint8)])
    rows: npt.NDArray[np.uint8] = np.lib.stride_tricks.sliding_window_view(codes, width)[starts]
    return rows


#: A zip local file header (APPNOTE 4.3.7): signature, version, flags, method, time, date,
#: CRC-32, sizes, name and extra field lengths.
_LOCAL_HEADER: Final = struct.Struct("<4s5H3L2H")


def _inflated(
    source: IO[bytes], archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int
) -> bytes | bytearray:
    """A zip member's bytes, at most ``limit`` of them; :class:`Declined` past it.

    A deflated part is inflated by zlib-ng in one call (:func:`_fast_inflated`)
    when its stream is whole, as long as declared and its CRC-32 right; any
    other part is read through :mod:`zipfile` (zlib, :func:`_read_all`), so
    that the bytes, or the refusal, are zipfile's. zlib-ng is zlib's inflate
    made faster: it refuses the streams zlib refuses and makes the same bytes
    of the others (``tests/roster/test_inflate.py`` holds the two to each
    other over damaged streams), so every engine answers alike.
    """
    if info.file_size > limit:
        raise Declined("a part over the engines' limit")
    deflated = _deflated(source, info)
    data = None if deflated is None else _fast_inflated(deflated, info)
    if data is not None:
        return data
    with archive.open(info) as member:
        return _read_all(member, info.file_size)


def _deflated(source: IO[bytes], info: zipfile.ZipInfo) -> bytes | None:
    """The deflated bytes of a member, or ``None`` unless plainly a deflated part.

    Deflated, neither encrypted nor patched (flag bits 0, 5 and 6, which
    :mod:`zipfile` refuses or reads otherwise), no longer than deflating its
    declared size can make it (so that nothing is read on a forged size), and
    its local header one that names it as the central directory does (as
    :mod:`zipfile` checks).
    """
    if _zlib_ng is None or info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x61:
        return None
    if info.compress_size > info.file_size + (info.file_size >> 6) + 1024:
        return None  # a forged size (or a wasteful encoder): zipfile reads it a piece at a time
    try:
        source.seek(info.header_offset)
        header = source.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size:
            return None
        fields = _LOCAL_HEADER.unpack(header)
        if fields[0] != b"PK\x03\x04":
            return None
        name = source.read(fields[9]).decode("utf-8" if fields[2] & 0x800 else "cp437")
        if name != info.orig_filename:
            return None
        source.seek(fields[10], 1)  # the extra field
        deflated = source.read(info.compress_size)
    except (OSError, ValueError, OverflowError):  # UnicodeDecodeError is a ValueError
        return None
    return deflated if len(deflated) == info.compress_size else None


def _fast_inflated(deflated: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """``deflated`` inflated by zlib-ng: ``None`` unless the stream ends exactly there, inflating
    to the declared size (never more is made) with the declared CRC-32."""
    try:
        inflater = _zlib_ng.decompressobj(-15)
        data: bytes = inflater.decompress(deflated, info.file_size + 1)
    except _zlib_ng.error:
        return None
    whole = inflater.eof and not inflater.unused_data and not inflater.unconsumed_tail
    if not whole or len(data) != info.file_size or _zlib_ng.crc32(data) != info.CRC:
        return None
    return data


def _read_all(member: IO[bytes], size: int) -> bytearray:
    """A zip member of ``size`` bytes (as declared, within the limit :func:`_inflated` checked),
    read into one buffer."""
    data = bytearray(size)
    at = 0
    while chunk := member.read(_CHUNK_BYTES):
        if at + len(chunk) > size:
            raise Declined("a part longer than declared")
        data[at : at + len(chunk)] = chunk
        at += len(chunk)
    if at != size:
        raise Declined("a part shorter than declared")
    return data


# --- the book --------------------------------------------------------------------


class NumpyBook:
    """A workbook whose worksheets this engine reads (see the module doc); raises :class:`Declined`.

    Sheets are read when first asked for and kept (their cells as arrays).
    """

    engine = "numpy"

    def __init__(self, path: Path, package: Package, limits: Limits) -> None:
        self.path = path
        self._package = package
        self._limits = limits
        self._sheets: dict[str, SheetCells] = {}
        with self._archive() as (source, archive):
            self._formats = Formats.of(archive, package)
            strings = package.shared_strings
            if strings:
                info = archive.getinfo(strings)
                data = _inflated(source, archive, info, self._limits.shared_strings)
                items = shared_strings(data, limits.shared_strings_count)
                del data
            self._strings = Strings.of(items if strings else [])

    @contextlib.contextmanager
    def _archive(self) -> Iterator[tuple[IO[bytes], zipfile.ZipFile]]:
        try:
            with (
                package_source(self.path, self._package) as source,
                zipfile.ZipFile(source) as archive,
            ):
                yield source, archive
        except (OSError, zipfile.BadZipFile, ValueError, KeyError, EOFError) as exc:
            if isinstance(exc, Declined):
                raise
            raise Declined(type(exc).__name__) from None

    def _layout(self, sheet: str) -> SheetLayout:
        part = self._package.sheet(sheet)
        if part is None:
            raise Declined("no such sheet")
        hint = ahead.file_hint(self.path)
        # a child reads the first visible sheet (or its head: this process reads the tail)
        shared = part.part == _first_visible(self._package) and ahead.pending(hint)
        with self._archive() as (source, archive):
            info = archive.getinfo(part.part)
            if shared and _ahead_part() == "all":
                key = _layout_key(info, self._formats, self._limits, "all")
                whole: SheetLayout | None = ahead.taken(hint, key)
                if whole is not None:
                    return whole
                shared = False  # another file, or a failed child: read here
            data = _inflated(source, archive, info, self._limits.calamine_sheet)
        if not shared:
            return read_layout(data, self._formats, self._limits)
        tail = read_layout(data, self._formats, self._limits, "tail")  # while the child reads
        key = _layout_key(info, self._formats, self._limits, "head")
        head: SheetLayout | None = ahead.taken(hint, key)
        if head is None:  # the child read another file, or failed: the head is read here
            head = read_layout(data, self._formats, self._limits, "head")
        return head.then(tail, self._limits)

    def sheets(self) -> list[tuple[str, bool]]:
        """Worksheet names in workbook order, each with whether it is visible."""
        return [(s.name, s.visible) for s in self._package.sheets]

    def cells(self, sheet: str) -> SheetCells:
        """The sheet's cells (read on first use); raises :class:`Declined`."""
        found = self._sheets.get(sheet)
        if found is None:
            try:
                found = self._layout(sheet).cells(self._strings)
            except Declined:
                raise
            except Exception as exc:  # garbage never fails here: the guarded engines read it
                raise Declined(type(exc).__name__) from None
            self._sheets[sheet] = found
        return found

    def read_sheets(self) -> frozenset[str]:
        """The sheets read so far (every byte of them checked)."""
        return frozenset(self._sheets)

    def iter_rows(self, sheet: str) -> Iterator[Sequence[object]]:
        """Every row from row 1, empty rows included, cells as a reader library gives them."""
        cells = self.cells(sheet)
        starts = np.flatnonzero(np.diff(cells.rows, prepend=-1)).tolist()
        starts.append(len(cells.rows))
        counter = 0
        for block in range(0, len(starts) - 1, _BLOCK):  # a few rows at a time: lazily
            first, last = starts[block], starts[min(block + _BLOCK, len(starts) - 1)]
            rows = cells.rows[first:last].tolist()
            columns = cells.columns[first:last].tolist()
            raw = cells.raw_table[cells.refs[first:last]].tolist()
            at, total = 0, last - first
            while at < total:
                number = rows[at]
                while counter < number - 1:
                    counter += 1
                    yield ()
                counter = number
                stop = at
                while stop < total and rows[stop] == number:
                    stop += 1
                out: list[object] = [None] * (columns[stop - 1] + 1)
                for i in range(at, stop):
                    out[columns[i]] = raw[i]
                yield out
                at = stop

    def close(self) -> None:
        """Drop what was read."""
        self._sheets.clear()


# --- reading ahead ----------------------------------------------------------------


def _first_visible(package: Package) -> str | None:
    """The part of the first visible worksheet (the one read ahead), if any."""
    return next((s.part for s in package.sheets if s.visible), None)


def _layout_key(
    info: zipfile.ZipInfo, formats: Formats, limits: Limits, part: Part
) -> tuple[object, ...]:
    """What a layout depends on: the part's bytes (as the zip lists them), formats, limits, share."""
    where = (info.filename, info.CRC, info.file_size, info.compress_size, info.header_offset)
    return (*where, formats, limits, part)


def first_sheet_layout(path: Path, limits: Limits) -> tuple[tuple[object, ...], SheetLayout]:
    """The first visible worksheet's layout and its key (:mod:`mutualaid.roster.ahead`'s job).

    The whole sheet, or with :data:`TAIL_SHARE` above 0 its head: the sheet
    but its last rows (that share of the bytes), which :class:`NumpyBook`
    reads meanwhile.
    """
    package = check_xlsx(path, limits, scan=False, count=False)  # strings: not read here
    part = _first_visible(package)
    if part is None:
        raise Declined("no visible sheet")
    part_read = _ahead_part()
    with package_source(path, package) as source, zipfile.ZipFile(source) as archive:
        formats = Formats.of(archive, package)
        info = archive.getinfo(part)
        data = _inflated(source, archive, info, limits.calamine_sheet)
    return _layout_key(info, formats, limits, part_read), read_layout(
        data, formats, limits, part_read
    )
