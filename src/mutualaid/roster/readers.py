"""Reading roster files: .xlsx (numpy, calamine or openpyxl) and .csv, one raw row at a time.

:func:`open_roster` checks the file, finds the sheet and its header row, maps
the headers onto field names and hands out :class:`RawRow` objects without
holding the sheet in memory (with openpyxl; calamine holds one sheet in Rust
memory, about a tenth of what Python objects would take).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "roster.csv"
>>> _ = path.write_text(
...     "参保人员名单\\n"
...     "姓 名,*身份证号,出生日期\\n"
...     "张三, 110101199001021234 ,1990/1/2\\n"
...     ",,\\n"
...     "李四,110101199003071235,\\n"
...     ",,\\n",
...     encoding="utf-8-sig",
... )
>>> with open_roster(path) as source:
...     print(source.header_row, source.header_map.fields, source.engine)
...     for row in source.rows():
...         print(row.row, row.blank, row.values)
2 {'name': 0, 'id_number': 1, 'birth_date': 2} csv
3 False {'name': '张三', 'id_number': ' 110101199001021234 ', 'birth_date': '1990/1/2'}
4 True {'name': None, 'id_number': None, 'birth_date': None}
5 False {'name': '李四', 'id_number': '110101199003071235', 'birth_date': None}

Rows are numbered as the spreadsheet numbers them (the title row above is
row 1). A row with no value in any cell is *blank*: it is yielded with
``blank=True`` when a row with values follows it, and dropped when only blank
rows follow (Excel keeps formatted but empty rows at the end of many sheets).

Cell values are normalized so that both .xlsx engines give identical rows:
``None`` for empty cells, whitespace-only text and error cells (``#N/A``...);
``int`` for whole numbers (``1.0`` becomes ``1``; digits past what a
double holds are rounded, as Excel and calamine do); ``date`` for a date cell
at midnight and ``datetime`` otherwise. Text is kept as typed, spaces included;
:mod:`mutualaid.roster.cells` reads it.
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol

import attrs
import numpy as np

from mutualaid.errors import Location, MissingColumn, RosterError, RosterFileError, SheetNotFound
from mutualaid.model.columns import CANONICAL_COLUMNS, TemplateColumn
from mutualaid.roster import _calamine
from mutualaid.roster._csv import CsvBook
from mutualaid.roster._guards import (
    Limits,
    Package,
    check_xlsx,
    column_number,
    count_strings,
    scan_sheets,
    sniff,
)
from mutualaid.roster._numpy_xlsx import Declined, NumpyBook, SheetCells
from mutualaid.roster._xlsx import OpenpyxlBook
from mutualaid.roster.findings import make
from mutualaid.roster.headers import ALIASES, HeaderMap, _map, build_lookup, nearest_header
from mutualaid.roster.indexed_column import IndexedColumn
from mutualaid.rules.findings import Finding

__all__ = [
    "HEADER_SEARCH_ROWS",
    "CellColumns",
    "Engine",
    "Limits",
    "RawRow",
    "RosterSource",
    "open_roster",
]

Engine = Literal["auto", "numpy", "openpyxl", "calamine", "stream"]  # "stream": deprecated

#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 10

_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et")
_EXACT = 2**53  # integers beyond this are not exact as doubles
#: Excel's error values (Excel 365's included): read as empty cells, with a warning.
ERROR_VALUES = frozenset(
    (
        "#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA",
        "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!",
        "#PYTHON!", "#EXTERNAL!",
    )
)  # fmt: skip
_ERROR_VALUES = ERROR_VALUES
#: Most findings of one kind a reader reports (the rest are counted in the last one).
MAX_READER_FINDINGS = 200
#: The first words of notes, totals and signature rows below the data.
_NOTE = re.compile(
    r"(?:注[:：\d１-９、]|注意|备注|说明|填表说明|合计|总计|小计|共计|制表|填表人|填报人|审核|负责人|"
    r"经办人|联系人|联系电话|单位负责人|单位盖章|盖章|[（(]盖章[)）]|填报日期|日期[:：]|以下空白|此页无正文)"
)
_NOTE_FIRST = frozenset("注备说合总小共制填审负经联单盖（(日以此")
_ID_LIKE = re.compile(r"[0-9]{15}|[0-9]{17}[0-9Xx]")


@attrs.frozen(repr=False)
class RawRow:
    """One data row of a roster file, as read.

    :param row: the sheet's 1-based row number (the CSV record number).
    :param values: field name to normalized cell value, for every mapped field.
    :param blank: no cell of the row has a value.
    :param raw: all the row's cells, normalized, at least as many as the
        header row has (for writing the row back into an error workbook).

    The ``repr`` hides the values: rows hold ID numbers.

    >>> RawRow(3, {"name": "张三"}, False, ("张三",))
    RawRow(row=3, blank=False, fields=['name'])
    """

    row: int
    values: dict[str, object]
    blank: bool
    raw: tuple[object, ...]

    def __repr__(self) -> str:
        return f"RawRow(row={self.row}, blank={self.blank}, fields={list(self.values)})"


@attrs.frozen(repr=False)
class CellColumns:
    """The rows with values below the header row, column by column.

    What :meth:`RosterSource.cell_rows` gives, transposed: the check reads a
    file this way, with no tuple per row.

    :param numbers: the sheet's row numbers of the rows with values, in order.
    :param columns: one sequence per column, each as long as ``numbers``,
        cells normalized as :meth:`RosterSource.cell_rows` gives them
        (``None`` for an empty cell); at least as many as the header row is
        wide.
    :param blank: how many blank rows lie between rows with values (the
        ``None`` rows of :meth:`RosterSource.cell_rows`).
    :param width: the header row's width (the last column with a header).

    The ``repr`` hides the cells.

    >>> columns = CellColumns([3, 5], (("张三", "李四"), ("1", None)), 1, 2)
    >>> columns.row(1), len(columns), columns
    (('李四', None), 2, CellColumns(rows=2, columns=2, blank=1))
    """

    numbers: Sequence[int]
    columns: tuple[Sequence[object], ...]
    blank: int
    width: int

    def __len__(self) -> int:
        return len(self.numbers)

    def row(self, index: int) -> tuple[object, ...]:
        """The ``index``-th row's cells as :meth:`RosterSource.cell_rows` gives them."""
        cells = [column[index] for column in self.columns]
        size = len(cells)
        while size > self.width and cells[size - 1] is None:
            size -= 1
        return tuple(cells[:size])

    def __repr__(self) -> str:
        return f"CellColumns(rows={len(self.numbers)}, columns={len(self.columns)}, blank={self.blank})"


_NOT_A_NUMBER = object()  # a NaN or infinite number cell: empty, with a warning


def _cell(value: object) -> object:
    cls = value.__class__
    if cls is str:
        if not value or value.isspace() or value in _ERROR_VALUES:  # type: ignore[attr-defined]
            return None
    elif cls is float:
        if value.is_integer():  # type: ignore[attr-defined]
            return int(value)  # type: ignore[call-overload]
        if not math.isfinite(value):  # type: ignore[arg-type]
            return _NOT_A_NUMBER
    elif cls is int:
        if not -_EXACT <= value <= _EXACT:  # type: ignore[operator]
            # calamine reads every number as a double; openpyxl keeps long
            # integer text exact. Round like a double, as Excel does.
            return int(float(value))  # type: ignore[arg-type]
    elif cls is datetime and not (
        value.hour or value.minute or value.second or value.microsecond  # type: ignore[attr-defined]
    ):
        return value.date()  # type: ignore[attr-defined]
    return value


class _Book(Protocol):
    engine: str

    def sheets(self) -> list[tuple[str, bool]]: ...
    def iter_rows(self, sheet: str) -> Iterator[Sequence[object]]: ...
    def close(self) -> None: ...


@attrs.frozen
class _Header:
    sheet: str
    row: int  # 1-based; 0 when no row maps any field
    header_map: HeaderMap
    missing: tuple[TemplateColumn, ...]


class RosterSource:
    """An opened roster file; use it as a context manager (see :func:`open_roster`).

    :ivar path: the file.
    :ivar sheet: the sheet read (``None`` for CSV).
    :ivar header_row: the 1-based row number of the header row.
    :ivar header_map: where each field is (:class:`~mutualaid.roster.headers.HeaderMap`).
    :ivar engine: ``"numpy"``, ``"openpyxl"``, ``"calamine"`` or ``"csv"``.
    :ivar encoding: the text encoding of a CSV file (``None`` for .xlsx).
    :ivar findings: what the last reading of the rows noticed (error values
        read as empty cells, notes and total rows below the data, a CSV
        quote that swallowed rows), as warnings and errors for the report;
        filled while :meth:`rows` or :meth:`cell_rows` runs.
    """

    def __init__(
        self, path: Path, book: _Book, header: _Header, package: Package | None = None
    ) -> None:
        self.path = path
        self._book = book
        self._package = package
        self.engine: str = book.engine
        self.sheet: str | None = header.sheet if book.engine != "csv" else None
        self.header_row: int = header.row
        self.header_map: HeaderMap = header.header_map
        self.encoding: str | None = getattr(book, "encoding", None)
        self.findings: list[Finding] = []
        width = len(header.header_map.headers)
        while width and not header.header_map.headers[width - 1]:
            width -= 1
        self._width = width

    def location(self, row: int | None = None, field: str | None = None) -> Location:
        """Where a row (and a field's column in it) is, for findings and errors.

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
        >>> _ = p.write_text("姓名,证件号码\\n张三,1\\n", encoding="utf-8")
        >>> with open_roster(p) as source:
        ...     print(source.location(2, "id_number"))
        r.csv, row 2, column 证件号码
        """
        column = None if field is None else self.header_map.header_of(field)
        return Location(file=self.path.name, sheet=self.sheet, row=row, column=column)

    def rows(self) -> Iterator[RawRow]:
        """The rows below the header row, in order (see the module doc for blank rows).

        Each call reads the file again from the start.
        """
        pairs = tuple(self.header_map.fields.items())
        fields = tuple(f for f, _ in pairs)
        padding = (None,) * self._width
        for number, row in self.cell_rows():
            if row is None:
                yield RawRow(number, dict.fromkeys(fields), True, padding)
            else:
                yield RawRow(number, {f: row[i] for f, i in pairs}, False, row)

    def cell_rows(self) -> Iterator[tuple[int, tuple[object, ...] | None]]:
        """What :meth:`rows` gives, without a dict per row: ``(row number, cells)``.

        ``cells`` is :attr:`RawRow.raw` (index it with :attr:`header_map`'s
        ``fields``), or ``None`` for a blank row (the check reads the same
        rows by column, :meth:`cell_columns`); each call reads the file
        again from the start and fills :attr:`findings` anew. (The numpy engine's rows are its columns'
        rows, :meth:`cell_columns`: the same rules, decided by column.)
        """
        if isinstance(self._book, NumpyBook):
            yield from self._numpy_rows()
            return
        findings = self.findings
        findings.clear()
        self._error_cells()
        width = self._width
        padding = (None,) * width
        errors = _ERROR_VALUES
        number = self.header_row
        not_numbers: list[int] = []
        bad = _NOT_A_NUMBER

        def cell(value: object) -> object:
            out = _cell(value)
            if out is bad:
                not_numbers.append(number)
                return None
            return out

        note_first = _NOTE_FIRST
        id_index = self.header_map.fields.get("id_number")
        # blank rows (as runs: first, last, None) and notes rows (number, number,
        # cells), held back until a row with values follows
        held: list[tuple[int, int, tuple[object, ...] | None]] = []
        notes = False  # some held row is a note
        book_rows = self._book.iter_rows(self.sheet or "")
        split = getattr(self._book, "split_rows", None)
        for cells in islice(book_rows, self.header_row, None):
            number += 1
            # _cell, with text (most cells) decided inline
            raw = [
                (None if not v or v.isspace() or v in errors else v)
                if v.__class__ is str
                else cell(v)
                for v in cells
            ]
            size = len(raw)
            if size < width:
                raw.extend(padding[size:])
            elif size > width and raw[-1] is None:
                while size > width and raw[size - 1] is None:
                    size -= 1
                del raw[size:]
            if raw.count(None) == len(raw):
                if held and held[-1][2] is None and held[-1][1] == number - 1:
                    held[-1] = (held[-1][0], number, None)
                else:
                    held.append((number, number, None))
                continue
            first = raw[0]
            if (
                first is None or (first.__class__ is str and first[:1] in note_first)
            ) and _note_row(raw, id_index):
                held.append((number, number, tuple(raw)))
                notes = True
                continue
            if held:
                yield from _released(held)
                held.clear()
                notes = False
            yield number, tuple(raw)
        if split is not None:
            findings.extend(split())
        notes_rows = [n for n, _, row in held if row is not None] if notes else []
        _row_findings(findings, notes_rows, not_numbers)

    def cell_columns(self) -> CellColumns:
        """The rows with values, column by column (:class:`CellColumns`); fills :attr:`findings`.

        Each call reads the file again from the start (but for the numpy
        engine, which reads the sheet once, into arrays).
        """
        if isinstance(self._book, NumpyBook):
            return self._numpy_columns(self._book.cells(self.sheet or ""))
        numbers: list[int] = []
        rows: list[tuple[object, ...]] = []
        blank = 0
        for number, cells in self.cell_rows():
            if cells is None:
                blank += 1
            else:
                numbers.append(number)
                rows.append(cells)
        wide = max(self._width, max(map(len, rows), default=0))
        if any(len(cells) < wide for cells in rows):
            rows = [cells + (None,) * (wide - len(cells)) for cells in rows]
        columns = tuple(zip(*rows, strict=True)) if rows else ((),) * wide
        return CellColumns(numbers, columns, blank, self._width)

    def _numpy_rows(self) -> Iterator[tuple[int, tuple[object, ...] | None]]:
        """:meth:`cell_rows` from :meth:`cell_columns`: its rows, and ``None`` for the blank ones."""
        columns = self.cell_columns()
        if len(columns.columns) == columns.width:  # no row wider than the header: nothing to cut
            rows: Iterable[tuple[object, ...]] = zip(*columns.columns, strict=True)
        else:
            rows = (columns.row(k) for k in range(len(columns)))
        previous = self.header_row
        for number, cells in zip(columns.numbers, rows, strict=True):
            for blank in range(previous + 1, number):
                yield blank, None
            yield number, cells
            previous = number

    def _numpy_columns(self, cells: SheetCells) -> CellColumns:
        """:meth:`cell_columns` from the numpy engine's arrays: the rules of :meth:`cell_rows`, by column."""
        self.findings.clear()
        self._error_cells()
        columns, notes_rows, nan_rows = _cell_columns(
            cells, self.header_row, self._width, self.header_map.fields.get("id_number")
        )
        _row_findings(self.findings, notes_rows, nan_rows)
        return columns

    def _error_cells(self) -> None:
        """Warnings for error cells (``#N/A``, ``#SPILL!``...) found by the guards' scan."""
        if isinstance(self._book, NumpyBook):
            errors = self._book.cells(self.sheet or "").errors
        else:
            part = self._package.sheet(self.sheet or "") if self._package is not None else None
            if part is None or part.scan is None:
                return
            errors = part.scan.errors
        columns = {i + 1: h for i, h in enumerate(self.header_map.headers)}
        for ref, value in errors[:MAX_READER_FINDINGS]:
            letters = ref.rstrip("0123456789")
            digits = ref[len(letters) :]
            if not digits.isdigit() or int(digits) <= self.header_row:
                continue
            column = columns.get(column_number(letters)) or letters.upper()
            self.findings.append(
                make("file.error_value", column=column, row=int(digits), value=value or "#?")
            )

    def close(self) -> None:
        """Release the file (openpyxl's read-only mode keeps it open until then)."""
        self._book.close()

    def __enter__(self) -> RosterSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"RosterSource({self.path.name!r}, sheet={self.sheet!r}, "
            f"header_row={self.header_row}, engine={self.engine!r})"
        )


def _released(
    held: list[tuple[int, int, tuple[object, ...] | None]],
) -> Iterator[tuple[int, tuple[object, ...] | None]]:
    for first, last, row in held:
        if row is None:
            for number in range(first, last + 1):
                yield number, None
        else:
            yield first, row


def _row_findings(
    findings: list[Finding], notes_rows: Sequence[int], nan_rows: Sequence[int]
) -> None:
    """The reader's row warnings: notes rows left below the data, NaN or infinite numbers."""
    for row_number in notes_rows:
        findings.append(make("file.notes_row", row=row_number))
    for row_number in nan_rows[:MAX_READER_FINDINGS]:
        findings.append(make("file.not_a_number", row=row_number))


def _note_row(raw: Sequence[object], id_index: int | None) -> bool:
    """Whether a row with values (cells normalized, padded to the header) is a notes row.

    The first cell is looked at first (a quick test for most rows), then :func:`_is_note`.
    """
    first = raw[0] if raw else None
    return (first is None or (first.__class__ is str and first[:1] in _NOTE_FIRST)) and _is_note(
        raw, id_index
    )


def _cell_columns(
    cells: SheetCells, header_row: int, width: int, id_index: int | None
) -> tuple[CellColumns, list[int], list[int]]:
    """What :meth:`RosterSource.cell_rows` makes of a sheet's cells, by column.

    The same rules: rows with values are kept; notes rows (:func:`_note_row`)
    and blank rows only when a row with values that is no note follows;
    rows padded to ``width`` and cut after their last value past it.
    Returns the columns (each an :class:`~mutualaid.roster.indexed_column.IndexedColumn`
    into the sheet's table of values), the notes rows left out, and the rows
    of NaN cells (one entry a cell).
    """
    below = cells.rows > header_row
    rows, columns, refs = cells.rows[below], cells.columns[below], cells.refs[below]
    nan_rows = rows[cells.nan[below]].tolist()
    full = ~cells.empty[refs]
    rows, columns, refs = rows[full], columns[full], refs[full]
    table = cells.table
    starts = np.flatnonzero(np.diff(rows, prepend=-1)) if len(rows) else np.zeros(0, np.int64)
    numbers = rows[starts]
    padding = max(width, 1)
    last = len(numbers)  # the rows after the last that is no note are notes: left out
    while last:
        k = last - 1
        first = table[refs[starts[k]]]  # its first value: text that may start a note?
        if not isinstance(first, str) or not (first[:1] in _NOTE_FIRST or first[:1].isspace()):
            break
        stop = int(starts[k + 1]) if k + 1 < len(starts) else len(rows)
        raw: list[object] = [None] * max(padding, int(columns[stop - 1]) + 1)
        for i in range(int(starts[k]), stop):
            raw[int(columns[i])] = table[refs[i]]
        if not _note_row(raw, id_index):
            break
        last = k
    notes_rows = numbers[last:].tolist()
    kept = numbers[:last]
    end = int(starts[last]) if last < len(starts) else len(rows)
    rows, columns, refs = rows[:end], columns[:end], refs[:end]
    wide = max(width, int(columns.max()) + 1 if len(columns) else 0)
    grid = np.full((wide, len(kept)), -1, dtype=np.int64)  # -1: the table's None
    first = np.zeros(end, dtype=bool)
    first[starts[:last]] = True  # where each kept row's cells start: its index counts them
    grid[columns, np.cumsum(first) - 1] = refs
    blank = int(kept[-1]) - header_row - len(kept) if len(kept) else 0
    return (
        CellColumns(kept.tolist(), tuple(IndexedColumn(g, table) for g in grid), blank, width),
        notes_rows,
        nan_rows,
    )


def _is_note(raw: Sequence[object], id_index: int | None) -> bool:
    """A notes, totals or signature row: its first value starts so, and it holds no ID number."""
    first = next((v for v in raw if v is not None), None)
    if not isinstance(first, str) or not _NOTE.match(first.lstrip()):
        return False
    if id_index is not None and id_index < len(raw):
        value = raw[id_index]
        if value is not None and _ID_LIKE.search(str(value)):
            return False
    return True


def open_roster(
    path: str | Path,
    *,
    columns: Sequence[TemplateColumn] = CANONICAL_COLUMNS,
    sheet: str | None = None,
    engine: Engine = "auto",
    limits: Limits = Limits(),  # noqa: B008 - frozen, shared safely
) -> RosterSource:
    """Open a roster file (.xlsx, or .csv/.txt/.tsv) and find its header row.

    :param columns: the pack's template columns; canonical headers are
        accepted too. Their required columns must all be present.
    :param sheet: the sheet to read; by default the first visible worksheet
        whose header row has every required column.
    :param engine: ``"auto"`` (the default) and ``"numpy"``: the numpy
        engine (:mod:`mutualaid.roster._numpy_xlsx`, reads the plain XML that
        spreadsheet programs write, column by column) when it reads the
        sheets it is asked for, else as ``"calamine"``. ``"calamine"``:
        calamine (Rust, holds the sheet in memory) when the guards' scan says
        it reads the sheet right and it fits ``limits.calamine_sheet`` and
        ``limits.calamine_cells``, openpyxl otherwise or when calamine refuses
        the file; ``"openpyxl"`` (streams) forces openpyxl. ``"stream"`` is
        an old name for ``"openpyxl"`` (deprecated). Ignored for CSV;
        :attr:`RosterSource.engine` says which engine read the file.
    :param limits: size limits against zip bombs and memory use (:class:`Limits`).
    :raises RosterFileError: not a readable roster file (the message says why,
        the hint what to do).
    :raises SheetNotFound: ``sheet`` is not in the workbook.
    :raises MissingColumn: no header row has all the required columns.
    """
    path = Path(path)
    if engine == "stream":
        warnings.warn(
            'engine="stream" is retired; it reads as engine="openpyxl"',
            DeprecationWarning,
            stacklevel=2,
        )
        engine = "openpyxl"
    if engine not in ("auto", "numpy", "openpyxl", "calamine"):
        raise ValueError(
            f"engine must be 'auto', 'numpy', 'openpyxl' or 'calamine', not {engine!r}"
        )
    kind = sniff(path)
    if kind == "text":
        book: _Book = _text_book(path)
        return _opened(path, book, columns, sheet, None)
    package = check_xlsx(path, limits, scan=False, count=False)  # the numpy engine counts
    if engine in ("auto", "numpy"):
        source = _numpy_source(path, package, columns, sheet, limits)
        if source is not None:
            return source
    package = scan_sheets(path, count_strings(path, package, limits), limits)
    if engine != "openpyxl" and _calamine_reads(package, limits) and _calamine.available():
        try:
            book = _calamine.CalamineBook(path, package)
            return _opened(path, book, columns, sheet, package)
        except RosterFileError:
            pass  # calamine refused a file the guards passed: the next engine reads it
    return _opened(path, OpenpyxlBook(path, package), columns, sheet, package)


def _opened(
    path: Path,
    book: _Book,
    columns: Sequence[TemplateColumn],
    sheet: str | None,
    package: Package | None,
) -> RosterSource:
    try:
        header = _choose_sheet(path, book, columns, sheet)
    except BaseException:
        book.close()
        raise
    return RosterSource(path, book, header, package)


def _numpy_source(
    path: Path,
    package: Package,
    columns: Sequence[TemplateColumn],
    sheet: str | None,
    limits: Limits,
) -> RosterSource | None:
    """The file opened with the numpy engine, or ``None`` when it declines.

    The sheets it read are checked as it read them; the others are scanned
    as :func:`check_xlsx` scans them (which refuses a sheet off the grid).
    """
    try:
        book = NumpyBook(path, package, limits)
        source = _opened(path, book, columns, sheet, package)
    except Declined:
        return None
    except RosterError:
        # no sheet or no header: too many texts or a sheet off the grid is refused first
        scan_sheets(path, count_strings(path, package, limits), limits)
        raise
    try:
        source._package = scan_sheets(path, package, limits, skip=book.read_sheets())
    except BaseException:
        source.close()
        raise
    return source


def _calamine_reads(package: Package, limits: Limits) -> bool:
    """Whether calamine reads every worksheet of the package right, inside its memory limits."""
    if package.calamine_misreads:
        return False
    return all(
        s.scan is not None
        and not s.scan.calamine_misreads
        and s.scan.xml_size <= limits.calamine_sheet
        and s.scan.rows * s.scan.columns <= limits.calamine_cells
        for s in package.sheets
    )


def _text_book(path: Path) -> _Book:
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return CsvBook(path)
    with path.open("rb") as handle:
        start = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] == b"<":
        message = "this is a web page (HTML/XML) with a spreadsheet name, not a workbook"
    elif suffix in _EXCEL_SUFFIXES:
        message = f"this is a text file named {suffix}, not an Excel workbook"
    else:
        message = "this is not a roster file (.xlsx or .csv)"
    raise RosterFileError(
        message,
        location=Location(file=path.name),
        hint="Open it in Excel or WPS and save it as Excel Workbook (.xlsx); "
        "if it is comma-separated text, name it .csv.",
    )


def _sheet_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _choose_sheet(
    path: Path, book: _Book, columns: Sequence[TemplateColumn], wanted: str | None
) -> _Header:
    sheets = book.sheets()
    names = [name for name, _ in sheets]
    if wanted is not None and book.engine != "csv":
        if wanted not in names:
            matches = [n for n in names if _sheet_key(n) == _sheet_key(wanted)]
            if len(matches) != 1:
                raise SheetNotFound(
                    f"there is no sheet named {wanted!r}; the workbook has: {', '.join(names)}",
                    location=Location(file=path.name),
                    hint="Give one of those sheet names, or rename the sheet in Excel.",
                    sheet=wanted,
                    sheets=names,
                )
            wanted = matches[0]
        candidates = [wanted]
    else:
        candidates = [name for name, visible in sheets if visible]
    if not candidates:
        raise RosterFileError(
            "the workbook has no visible worksheet",
            location=Location(file=path.name),
            hint="Unhide the roster sheet, or give its name.",
        )
    lookup = build_lookup(columns)
    best: _Header | None = None
    for name in candidates:
        header = _find_header(book, name, lookup, columns)
        if not header.missing:
            return header
        if best is None or len(header.header_map.fields) > len(best.header_map.fields):
            best = header
    assert best is not None
    raise _missing(path, best, columns, candidates if len(candidates) > 1 else [])


def _find_header(
    book: _Book, sheet: str, lookup: dict[str, TemplateColumn], columns: Sequence[TemplateColumn]
) -> _Header:
    best = _Header(sheet, 0, HeaderMap({}, ()), tuple(c for c in columns if c.required))
    rows = book.iter_rows(sheet)
    try:
        for number, cells in enumerate(islice(rows, HEADER_SEARCH_ROWS), start=1):
            if not any(_cell(v) is not None for v in cells):
                continue
            header_map = _map(cells, lookup)
            missing = header_map.missing_required(columns)
            if not missing:
                return _Header(sheet, number, header_map, ())
            if len(header_map.fields) > len(best.header_map.fields):
                best = _Header(sheet, number, header_map, missing)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return best


def _missing(
    path: Path, header: _Header, columns: Sequence[TemplateColumn], checked: list[str]
) -> MissingColumn:
    sheet = header.sheet or None
    also = f" (sheets checked: {', '.join(checked)})" if checked else ""
    wanted = [c.header for c in columns if c.required]
    if header.row == 0:
        return MissingColumn(
            f"no header row in the first {HEADER_SEARCH_ROWS} rows: the roster needs the "
            f"columns {', '.join(wanted)}{also}",
            location=Location(file=path.name, sheet=sheet),
            hint="Put the column headers in one row at the top of the sheet, as in the "
            "template, or start from the template.",
            missing=wanted,
        )
    names = [c.header for c in header.missing]
    found = [_shown(h) for h in header.header_map.headers if h][:30]
    near = []
    for c in header.missing:
        candidate = nearest_header(header.header_map.headers, c, columns)
        if candidate is not None:
            near.append(f"{_shown(candidate)!r} is not read as {c.header}")
    accepted = "; ".join(
        f"{c.header}: also {', '.join(_aliases(c)[:8])}" for c in header.missing if _aliases(c)
    )
    return MissingColumn(
        f"the header row has no column {', '.join(names)}{also}; "
        f"headers found: {', '.join(found) or 'none'}"
        + (f"; nearest: {'; '.join(near)}" if near else ""),
        location=Location(file=path.name, sheet=sheet, row=header.row),
        hint=f"Add a column headed {' and '.join(names)}"
        + (f" ({accepted})" if accepted else "")
        + (", or rename the nearest header" if near else "")
        + ", or copy the data into the template.",
        missing=names,
        found=found,
        nearest=near,
    )


def _aliases(column: TemplateColumn) -> list[str]:
    return list(dict.fromkeys((*column.aliases, *ALIASES.get(column.field, ())[1:])))


def _shown(header: str) -> str:
    """A header as quoted in a message: short, long digit runs masked (it may be a data cell)."""
    text = re.sub(r"[0-9]{7,}", lambda m: m.group()[:3] + "*" * (len(m.group()) - 3), header)
    return text if len(text) <= 20 else text[:20] + "…"
