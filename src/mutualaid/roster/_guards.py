"""Checks made before a spreadsheet library touches a file.

openpyxl and calamine raise their own errors (or worse, eat memory) on files
that are not workbooks, are encrypted, truncated, or built to explode. These
checks look at the bytes first and raise :class:`~mutualaid.errors.RosterFileError`
with the file's name and what to do.
"""

from __future__ import annotations

import contextlib
import functools
import io
import operator
import posixpath
import re
import zipfile
import zlib
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Final, Literal
from urllib.parse import unquote
from xml.etree import ElementTree

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.errors import Location, RosterFileError

__all__ = [
    "EXCEL_COLUMNS",
    "EXCEL_ROWS",
    "Limits",
    "Package",
    "SheetPart",
    "SheetScan",
    "check_strings_count",
    "check_xlsx",
    "column_number",
    "count_strings",
    "scan_sheets",
    "sniff",
]

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_MiB = 1024 * 1024
_PROLOG_BYTES = 64 * 1024  # a DOCTYPE can only come before the root element
#: Excel's grid: 1,048,576 rows, columns A to XFD.
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
_BOMB_HINT = (
    "Workbooks built to inflate to gigabytes are refused. If this is a real roster, "
    "copy the data into a new workbook (paste values only) and save it again."
)

SAVE_AS_XLSX = (
    "Open it in Excel or WPS and save it as Excel Workbook (.xlsx), then import that file."
)


@attrs.frozen
class Limits:
    """Limits that keep a hostile workbook from exhausting memory or time.

    Every engine works inside them: they are checked on the file's bytes
    before openpyxl or calamine opens it.

    :param total_uncompressed: all members of the .xlsx together, inflated.
    :param member_ratio: the largest compression ratio allowed for a member
        larger than ``ratio_min_size`` (real sheets compress 5 to 30 times).
    :param shared_strings: the shared strings part the workbook uses (found
        through its relationships, whatever its name), inflated: every
        distinct text of the workbook, held in memory while the sheet is read.
    :param shared_strings_count: the most items that shared strings part may
        hold (openpyxl keeps about 200 bytes for each while it reads them: a
        million tiny strings fit in 9 MB of .xlsx).
    :param total_xml: the parts the workbook uses (workbook, worksheets,
        shared strings, styles), inflated, together.
    :param max_rows: the last row number a worksheet may use (Excel's grid
        has 1,048,576 rows).
    :param max_columns: the last column a worksheet may use (Excel's grid
        ends at column XFD, 16,384).
    :param calamine_sheet: the largest worksheet (inflated XML) given to
        calamine, which holds a whole sheet in memory; larger sheets are
        streamed with openpyxl.
    :param calamine_cells: the largest cell area (rows times columns, empty
        cells included) given to calamine, which stores the area densely
        (about 36 bytes a cell).
    """

    total_uncompressed: int = 1024 * _MiB
    member_ratio: int = 200
    ratio_min_size: int = 16 * _MiB
    shared_strings: int = 64 * _MiB
    shared_strings_count: int = 1_000_000
    total_xml: int = 768 * _MiB
    max_rows: int = EXCEL_ROWS
    max_columns: int = EXCEL_COLUMNS
    calamine_sheet: int = 64 * _MiB
    calamine_cells: int = 4_000_000


@attrs.frozen
class SheetScan:
    """What the byte scan of one worksheet part found.

    :param rows: the largest row number used (by a row or a cell reference),
        or a bound of it at most twice as large.
    :param columns: the largest column number used (1-based), or a bound of it
        (the column rounded up to the end of its first letter's range).
    :param xml_size: the part's inflated size.
    :param rows_out_of_order: a row comes after a row with a larger number.
    :param errors: ``(cell, value)`` of error cells (``#N/A``, ``#SPILL!``...).
    :param calamine_misreads: why calamine would read this sheet wrongly
        (``""`` when it reads it right).
    """

    rows: int
    columns: int
    xml_size: int
    rows_out_of_order: bool
    errors: tuple[tuple[str, str], ...]
    calamine_misreads: str


@attrs.frozen
class SheetPart:
    """A worksheet of the workbook: its name, zip member, visibility and scan.

    ``scan`` is ``None`` until the sheet is scanned (:func:`check_xlsx` with
    ``scan=False``, then :func:`scan_sheets`).
    """

    name: str
    part: str
    visible: bool
    scan: SheetScan | None


@attrs.frozen
class Package:
    """An .xlsx package the guards passed: where its parts are and what they hold.

    :param workbook: the workbook part (found through ``_rels/.rels``).
    :param sheets: the worksheets, in workbook order (chartsheets left out).
    :param shared_strings: the shared strings part, if any.
    :param styles: the styles part, if any.
    :param repaired: the package rewritten in memory when a part had to be
        mended for the engines to read it (an unknown sheet state such as
        ``show``), else ``None``.
    :param calamine_misreads: why calamine would read the package wrongly
        (``""`` when it reads it right).
    :param uncounted: the shared strings parts whose items are not counted
        yet (:func:`check_xlsx` with ``count=False``, then :func:`count_strings`).
    """

    workbook: str
    sheets: tuple[SheetPart, ...]
    shared_strings: str | None
    styles: str | None
    repaired: bytes | None
    calamine_misreads: str
    uncounted: tuple[str, ...] = ()

    def sheet(self, name: str) -> SheetPart | None:
        """The worksheet named ``name``, or ``None``."""
        return next((s for s in self.sheets if s.name == name), None)


Kind = Literal["xlsx", "text"]


def _error(path: Path, message: str, hint: str, **details: object) -> RosterFileError:
    return RosterFileError(message, location=Location(file=path.name), hint=hint, **details)


def sniff(path: Path) -> Kind:
    """Say whether ``path`` holds an .xlsx workbook (a zip) or text; refuse anything else.

    An old .xls, an encrypted workbook (both OLE2 compound files) and an empty
    file raise :class:`~mutualaid.errors.RosterFileError`.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise _error(path, "file not found", "Check the file name and folder.") from None
    except IsADirectoryError:
        raise _error(path, "is a folder, not a file", "Give the path of the roster file.") from None
    except OSError as exc:
        raise _error(
            path, f"cannot be opened ({exc.strerror})", "Close it in Excel and check access rights."
        ) from None
    if not head:
        raise _error(path, "the file is empty (0 bytes)", "Save the roster again and re-send it.")
    if head.startswith((_ZIP, _EMPTY_ZIP)):
        return "xlsx"
    if head == _CFB:
        if _contains(path, _ENCRYPTION_INFO):
            raise _error(
                path,
                "the workbook is password-protected (encrypted)",
                "Open it in Excel or WPS, remove the password (File > Info > Protect Workbook > "
                "Encrypt with Password, clear it), save, and import again.",
            )
        raise _error(
            path,
            "this is an old Excel 97-2003 (.xls) or WPS (.et) workbook, which cannot be read",
            SAVE_AS_XLSX,
        )
    return "text"


def _contains(path: Path, needle: bytes, chunk: int = _MiB) -> bool:
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            if needle in tail + block:
                return True
            tail = block[-len(needle) :]
    return False


def check_xlsx(path: Path, limits: Limits, *, scan: bool = True, count: bool = True) -> Package:
    """Refuse a zip that is not a readable .xlsx, that would inflate too far or leave the grid.

    Checks the declared sizes against ``limits``, finds the workbook part
    through the package relationships (part names compared without case, as
    OPC says), that no XML part declares a DOCTYPE (the door to
    entity-expansion attacks; Excel never writes one), and scans every
    worksheet's bytes for cell and row references outside Excel's grid (or
    past ``limits.max_rows``/``max_columns``), which make calamine abort the
    process and the other engines run for minutes.

    With ``scan=False`` the worksheets are not scanned (their
    :attr:`SheetPart.scan` is ``None``): a reader that checks every byte
    of the sheets it reads itself scans the others with :func:`scan_sheets`.
    With ``count=False`` the shared strings' items are not counted against
    ``limits.shared_strings_count`` (:attr:`Package.uncounted`): for a
    reader that counts those it reads itself (the numpy engine) or reads
    none (:mod:`mutualaid.roster.ahead`'s child); :func:`count_strings`
    counts them before another engine reads the file.

    :returns: where the parts are and what the scans found (:class:`Package`).
    """
    with _opened(path) as archive:
        infos = archive.infolist()
        _check_sizes(path, infos, limits)
        parts = _index(path, infos)
        if "[content_types].xml" not in parts:
            raise _not_workbook(path)
        for info in infos:  # any part may be XML, whatever its name
            _check_prolog(path, archive, info)
        package = _package(path, archive, parts, limits, count)
        return _scanned(path, archive, package, limits, ()) if scan else package


def scan_sheets(
    path: Path, package: Package, limits: Limits, skip: Collection[str] = ()
) -> Package:
    """``package`` with its worksheets scanned as :func:`check_xlsx` scans them, but those named in ``skip``.

    :raises RosterFileError: as :func:`check_xlsx` does for a sheet that leaves the grid.
    """
    with _opened(path) as archive:
        return _scanned(path, archive, package, limits, skip)


def _scanned(
    path: Path, archive: zipfile.ZipFile, package: Package, limits: Limits, skip: Collection[str]
) -> Package:
    parts = {info.filename: info for info in archive.infolist()}
    sheets = tuple(
        s
        if s.scan is not None or s.name in skip
        else attrs.evolve(s, scan=_scan(path, archive, parts[s.part], s.name, limits))
        for s in package.sheets
    )
    return attrs.evolve(package, sheets=sheets)


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[zipfile.ZipFile]:
    """The package as a zip, the errors of reading it made :class:`RosterFileError`."""
    try:
        with zipfile.ZipFile(path) as archive:
            yield archive
    except zipfile.BadZipFile as exc:
        raise _error(
            path,
            f"the workbook is damaged or incomplete ({exc})",
            "The file was probably cut short while copying or downloading; "
            "open it in Excel to repair it, or send it again.",
        ) from None
    except (
        OSError,
        EOFError,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        ValueError,
        ElementTree.ParseError,
    ) as exc:
        if isinstance(exc, RosterFileError):
            raise
        raise _error(
            path,
            f"the workbook cannot be read ({type(exc).__name__}: {_short(exc)})",
            "Open it in Excel or WPS, save it again as .xlsx and import the new file.",
        ) from None


def _short(exc: BaseException) -> str:
    reason = " ".join(str(exc).split())
    return reason[:200] + "..." if len(reason) > 200 else reason


def _not_workbook(path: Path) -> RosterFileError:
    return _error(
        path, "this zip file is not an Excel workbook (no workbook part inside)", SAVE_AS_XLSX
    )


def _index(path: Path, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Members by lower-cased name (OPC part names ignore case); two that differ only in case are refused."""
    parts: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        key = info.filename.lower()
        if key in parts and parts[key].filename != info.filename:
            raise _error(
                path,
                f"the workbook has two parts named {info.filename} (differing only in case)",
                SAVE_AS_XLSX,
            )
        parts[key] = info
    return parts


def _read_small(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = 16 * _MiB
) -> bytes:
    if info.file_size > limit:
        raise _error(
            path,
            f"part {info.filename} is {info.file_size // _MiB} MiB, more than a workbook needs",
            SAVE_AS_XLSX,
        )
    return archive.read(info)


def _relationships(
    path: Path, archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], part: str
) -> list[tuple[str, str, str]]:
    """``(id, type, target member name)`` of a part's relationships, targets made absolute."""
    folder, base = posixpath.split(part)
    info = parts.get(posixpath.join(folder, "_rels", f"{base}.rels").lower())
    if info is None:
        return []
    found = []
    for rel in ElementTree.fromstring(_read_small(path, archive, info)).iter():
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = unquote(rel.get("Target", ""))
        if target.startswith("/"):
            target = posixpath.normpath(target[1:])
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), target))
    return found


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _package(
    path: Path,
    archive: zipfile.ZipFile,
    parts: dict[str, zipfile.ZipInfo],
    limits: Limits,
    count: bool,
) -> Package:
    workbook = next(
        (
            parts[target.lower()].filename
            for _, kind, target in _relationships(path, archive, parts, "")
            if kind.endswith("/officeDocument") and target.lower() in parts
        ),
        None,
    )
    if workbook is None:
        info = parts.get("xl/workbook.xml")
        if info is None:
            raise _not_workbook(path)
        workbook = info.filename
    data = _read_small(path, archive, parts[workbook.lower()])
    root = ElementTree.fromstring(data)
    rels = {i: (kind, target) for i, kind, target in _relationships(path, archive, parts, workbook)}
    by_kind = {
        kind.rpartition("/")[2].lower(): parts[target.lower()].filename
        for kind, target in rels.values()
        if target.lower() in parts
    }
    typed = _content_types(path, archive, parts)
    # Excel names the shared strings in the relationships, openpyxl in the
    # content types only, and an engine may look for the usual name: budget all.
    candidates = [
        by_kind.get("sharedstrings"),
        *(p for p, kind in typed.items() if kind.endswith("sharedstrings+xml")),
        parts["xl/sharedstrings.xml"].filename if "xl/sharedstrings.xml" in parts else None,
    ]
    strings = list(dict.fromkeys(c for c in candidates if c))
    shared = strings[0] if strings else None
    styles = by_kind.get("styles")
    used = [workbook, *strings, *(p for p in (styles,) if p)]
    for part in strings:
        size = parts[part.lower()].file_size
        if size > limits.shared_strings:
            raise _error(
                path,
                f"the workbook's shared text table is {size // _MiB} MiB, "
                f"more than the {limits.shared_strings // _MiB} MiB allowed",
                _BOMB_HINT,
            )
        if count:
            check_strings_count(path, _items(archive, parts[part.lower()]), limits)
    misreads = []
    if workbook != "xl/workbook.xml":
        misreads.append(f"the workbook part is {workbook}")
    bad_states = False
    sheets: list[tuple[str, str, bool]] = []
    for node in root.iter():
        if _local(node.tag) != "sheet":
            continue
        rel_id = next((v for k, v in node.attrib.items() if _local(k) == "id"), None)
        kind, target = rels.get(rel_id or "", ("", ""))
        if not kind.endswith("/worksheet") or target.lower() not in parts:
            continue
        state = node.get("state", "visible")
        bad_states = bad_states or state not in ("visible", "hidden", "veryHidden")
        member = parts[target.lower()].filename
        used.append(member)
        sheets.append((node.get("name", ""), member, state.casefold() not in _HIDDEN))
    total = sum(parts[p.lower()].file_size for p in used)
    if total > limits.total_xml:
        raise _error(
            path,
            f"the workbook's sheets and tables inflate to {total // _MiB} MiB, more than the "
            f"{limits.total_xml // _MiB} MiB allowed",
            _BOMB_HINT,
        )
    scanned = tuple(SheetPart(name, member, visible, None) for name, member, visible in sheets)
    repaired = None
    if bad_states:
        fixed = _STATE.sub(_mend_state, data)
        repaired = _rewrite(archive, {workbook: fixed})
    uncounted = () if count else tuple(strings)
    return Package(workbook, scanned, shared, styles, repaired, "; ".join(misreads), uncounted)


def check_strings_count(path: Path, items: int, limits: Limits) -> None:
    """Refuse a shared strings part of more than ``limits.shared_strings_count`` items."""
    if items > limits.shared_strings_count:
        raise _error(
            path,
            f"the workbook's shared text table holds {items:,} texts, "
            f"more than the {limits.shared_strings_count:,} allowed",
            "A roster this size holds far fewer distinct texts. If this is a real roster, "
            "split it into several files, or paste the data (values only) into a new "
            "workbook and save it again.",
        )


def count_strings(path: Path, package: Package, limits: Limits) -> Package:
    """``package`` with its :attr:`~Package.uncounted` shared strings counted (see :func:`check_xlsx`).

    :raises RosterFileError: a part holds more than ``limits.shared_strings_count`` items.
    """
    if not package.uncounted:
        return package
    with _opened(path) as archive:
        parts = _index(path, archive.infolist())
        for part in package.uncounted:
            check_strings_count(path, _items(archive, parts[part.lower()]), limits)
    return attrs.evolve(package, uncounted=())


class _Marks:
    """Where a byte occurs in a chunk, to count needles starting with it in one pass.

    ``bytes.count`` walks the whole chunk once per needle; the XML's ``<`` (or
    ``:``) are a thirtieth of it, found once with numpy, and each needle is
    then a few comparisons at those places. Counts are exact (a needle holding
    its lead byte only first cannot overlap itself).

    >>> marks = _Marks(b'<c r="A1"><v>1</v></c><c/><cols>', b"<")
    >>> marks.count(b'<c r="'), marks.count(b"<c"), marks.count(b"<c/>"), marks.count(b"<v>-")
    (1, 3, 1, 0)
    """

    _PAD = 16

    def __init__(self, data: bytes, lead: bytes) -> None:
        self.data = data
        self.lead = lead
        self.codes = np.frombuffer(data + b"\0" * self._PAD, dtype=np.uint8)
        self._found = {lead: np.flatnonzero(self.codes[: len(data)] == lead[0])}

    def _where(self, needle: bytes) -> npt.NDArray[np.intp]:
        """Where ``needle`` starts (narrowed from where its first bytes do, memoized)."""
        found = self._found.get(needle)
        if found is None:
            before = self._where(needle[:-1])
            found = before[self.codes[before + (len(needle) - 1)] == needle[-1]]
            self._found[needle] = found
        return found

    def count(self, needle: bytes) -> int:
        """How many times ``needle`` (which starts with the lead byte) occurs."""
        if needle[:1] != self.lead or len(needle) > self._PAD or self.lead in needle[1:]:
            return self.data.count(needle)
        return len(self._where(needle))

    def __contains__(self, needle: bytes) -> bool:
        return self.count(needle) > 0


def _items(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """How many ``<si>`` items a shared strings part holds (counted on its bytes, streamed)."""
    count = 0
    carry = b""
    with archive.open(info) as member:
        while block := member.read(_CHUNK):
            data = carry + block
            tags, colons = _Marks(data, b"<"), _Marks(data, b":")
            count += tags.count(b"<si>") + tags.count(b"<si ") + colons.count(b":si>")
            count += colons.count(b":si ")
            carry = data[-4:]
            # an item cut across the chunk edge is counted in the next chunk only
            count -= sum(carry.count(tag) for tag in (b"<si>", b"<si ", b":si>", b":si "))
    return count


def _content_types(
    path: Path, archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]
) -> dict[str, str]:
    """Member name to its lower-cased content type, from the overrides of ``[Content_Types].xml``."""
    root = ElementTree.fromstring(_read_small(path, archive, parts["[content_types].xml"]))
    found = {}
    for node in root.iter():
        if _local(node.tag) == "Override":
            name = unquote(node.get("PartName", "")).lstrip("/").lower()
            if name in parts:
                found[parts[name].filename] = node.get("ContentType", "").lower()
    return found


_HIDDEN = frozenset(("hidden", "veryhidden"))
_STATE = re.compile(rb"""(\sstate\s*=\s*)(["'])([^"']*)\2""")


def _mend_state(match: re.Match[bytes]) -> bytes:
    state = match.group(3).decode("utf-8", "replace").casefold()
    value = (
        b"veryHidden" if state == "veryhidden" else b"hidden" if state == "hidden" else b"visible"
    )
    return match.group(1) + b'"' + value + b'"'


def _rewrite(archive: zipfile.ZipFile, replace: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = replace.get(info.filename)
            out.writestr(info.filename, data if data is not None else archive.read(info))
    return buffer.getvalue()


# --- the byte scan of a worksheet ----------------------------------------------

_CHUNK = _MiB
_LONGEST_TAG = 4 * _MiB
_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix
_ROW_REST = rb"""\s[^>]*?\br\s*=\s*["']([^"']*)["']"""
_ROW = re.compile(rb"<" + _P + rb"row" + _ROW_REST)
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>/]")
_LONGEST_ROW = 4 * _MiB
_ERROR_CELL = re.compile(
    rb"<" + _P + rb"""c\s([^>]*?\bt\s*=\s*["']e["'][^>]*)>(.{0,400}?)</""" + _P + rb"c>",
    re.DOTALL,
)
_REF_ATTR = re.compile(rb"""\br\s*=\s*["']([^"']*)["']""")
_VALUE = re.compile(rb"<" + _P + rb"v>([^<]{0,40})<")
_INLINE = re.compile(rb"""\bt\s*=\s*["']inlineStr["']""")
_INLINE_VALUE = re.compile(rb"<" + _P + rb"v[\s>]")
_CELL_END = re.compile(rb"</" + _P + rb"c>")
_DIMENSION = re.compile(rb"<" + _P + rb"""dimension\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_GOOD_DIMENSION = re.compile(rb"[A-Z]{1,3}[1-9][0-9]{0,6}(?::[A-Z]{1,3}[1-9][0-9]{0,6})?")
_REF = re.compile(rb"\$?([A-Za-z]{1,10})\$?([0-9]{1,20})")
#: Error values calamine reads (as empty); others (Excel 365's) make it refuse the sheet.
_CALAMINE_ERRORS = frozenset(
    (b"#N/A", b"#NULL!", b"#DIV/0!", b"#VALUE!", b"#REF!", b"#NAME?", b"#NUM!", b"#GETTING_DATA")
)


def column_number(letters: str) -> int:
    """``A`` is 1, ``XFD`` 16,384.

    >>> column_number("A"), column_number("XFD")
    (1, 16384)
    """
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _ordinary(max_column: int, max_row: int) -> tuple[bytes, int, int]:
    """What an ordinary reference looks like near column ``max_column`` and row ``max_row``.

    A regex of character classes only (fast to try on every cell): as many
    letters as the column at most, the first no later than its first; as
    many digits as the row at most, the first no larger than its first. An
    ordinary reference lies within the returned bounds: at most twice the
    row, and the column rounded up to the end of its first letter's range.
    Returns the regex and those bounds.

    >>> _ordinary(9, 100002)
    (b'(?:[A-I])(?:[1-9][0-9]{0,4}|[1-1][0-9]{5})', 9, 199999)
    """
    # three letters (past column ZZ) and seven digits (past row 999,999) are
    # never ordinary: such references are always checked against the grid
    letters = _letters(min(max_column, 702))
    digits = str(min(max(max_row, 1), 999_999))
    first_letter = letters[0]
    if len(letters) == 1:
        column = b"[A-%s]" % first_letter.encode()
        column_bound = max_column
    else:
        column = b"(?:[A-Z]{1,%d}|[A-%s][A-Z]{%d})" % (
            len(letters) - 1,
            first_letter.encode(),
            len(letters) - 1,
        )
        column_bound = column_number(first_letter + "Z" * (len(letters) - 1))
    n = len(digits)
    shorter = b"[1-9][0-9]{0,%d}" % (n - 2) if n > 1 else b"(?!)"
    row = b"(?:%s|[1-%s][0-9]{%d})" % (shorter, digits[0].encode(), n - 1)
    row_bound = (int(digits[0]) + 1) * 10 ** (n - 1) - 1
    return b"(?:" + column + b")" + row, column_bound, row_bound


@functools.lru_cache(maxsize=64)
def _odd_refs(max_column: int, max_row: int, prefix: bytes | None) -> tuple[re.Pattern[bytes], ...]:
    """Patterns for the cells to look at in Python: odd references, or references not first.

    Built per chunk of the sheet, so that ordinary cells (inside the rows the
    chunk declares, left of the widest column seen) never match and the scan
    runs at the speed of the regex engine's literal search. ``prefix`` is the
    sheet's namespace prefix (``b""`` for none); ``None`` when elements of
    other prefixes may hold cells, for slower patterns that take any prefix.
    """
    ordinary = _ordinary(max_column, max_row)[0]
    guard = rb"""(?!""" + ordinary + rb"""["'])"""
    if prefix is None:
        return (
            re.compile(
                rb"<" + _P + rb"""c\s[^>]*?\br\s*=\s*["']""" + guard + rb"""([^"']{0,40})"""
            ),
        )
    first = re.escape(b"<" + prefix + b'c r="')
    later = re.escape(b"<" + prefix + b"c")
    return (
        re.compile(first + guard + rb'([^"]{0,40})"'),
        # r not the first attribute, or after other white space than one
        # space: every such cell is looked at
        re.compile(later + rb"""(?! r=")\s(?:[^>]*?\s)?r\s*=\s*["']([^"']{0,40})"""),
    )


#: The white space XML allows between a tag's name and its attributes (regexes' ``\s``).
_SPACES: Final = (b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c")


def _cells_without_reference(tags: _Marks, prefix: bytes, located: int) -> bool:
    """Whether some cell has no ``r`` (``tags``: the chunk's; ``located``: cells whose ``r`` is not first)."""
    start = b"<" + prefix + b"c"
    spaced = sum(tags.count(start + space) for space in _SPACES)
    total = spaced + tags.count(start + b">") + tags.count(start + b"/>")
    return total > tags.count(start + b' r="') + located


def _cells_with_r_later(tags: _Marks, prefix: bytes) -> bool:
    """Whether some ``<c`` and white space is not followed by ``r="`` (where ``r`` may come later)."""
    start = b"<" + prefix + b"c"
    spaced = sum(tags.count(start + space) for space in _SPACES)
    return spaced > tags.count(start + b' r="')


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "A"


def _scan(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, limits: Limits
) -> SheetScan:
    """Read a worksheet's bytes once, in chunks; nothing but numbers is kept."""
    max_row = 0
    max_column = 1
    previous = 0
    out_of_order = False
    errors: list[tuple[str, str]] = []
    misreads: list[str] = []
    prefix: bytes | None = b""
    area_columns = area_rows = 1
    rows = _ROW
    patterns = _odd_refs(max_column, 1, prefix)
    pattern_key = (max_column, 1)
    carry = b""
    first = True
    in_data = True  # not yet past </sheetData>
    without_rows = 0  # chunks in a row since the last row start

    def outside(what: str) -> RosterFileError:
        return RosterFileError(
            f"{what} is outside the sheet grid this reader accepts "
            f"({limits.max_rows:,} rows, columns up to {_letters(limits.max_columns)}): refused",
            location=Location(file=path.name, sheet=sheet),
            hint="A spreadsheet program does not write such a cell: copy the roster's cells "
            "(values only) into a new workbook, save it and import that file.",
        )

    with archive.open(info) as member:
        while True:
            block = member.read(_CHUNK)
            data = carry + block
            if block:
                cut = data.rfind(b">") + 1
                if cut == 0 and len(data) > _LONGEST_TAG:
                    raise _error(
                        path, f"part {info.filename} has an element over 4 MiB long", SAVE_AS_XLSX
                    )
                data, carry = data[:cut], data[cut:]
            elif not data:
                break
            else:
                carry = b""
            if first:
                first = False
                dimension = _DIMENSION.search(data)
                if dimension and not _GOOD_DIMENSION.fullmatch(dimension.group(1)):
                    misreads.append("its dimension is not a cell range")
                root = _ROOT.search(data)
                prefix = root.group(1) or b"" if root else None
                if prefix is not None:
                    rows = re.compile(re.escape(b"<" + prefix + b"row") + _ROW_REST)
                    # start from the widest column of the first rows: fewer cells to look at
                    start = re.escape(b"<" + prefix + b'c r="')
                    seen = set(re.findall(start + rb"([A-Z]{1,3})[0-9]", data))
                    if seen:
                        widest = max(seen, key=lambda letters: (len(letters), letters))
                        max_column = min(column_number(widest.decode()), 702)
            tags = _Marks(data, b"<")
            if prefix == b"":
                colons = _Marks(data, b":")
                if b":c" in colons or b":row" in colons:
                    prefix, rows = None, _ROW  # cells under some other prefix: any prefix
            chunk_max = max_row
            values = rows.findall(data)
            try:
                numbers = list(map(int, values))
            except ValueError:
                numbers = []
                for value in values:
                    if not value.isdigit() or len(value) > 9:
                        raise outside(f"row {value[:20].decode('ascii', 'replace')!r}") from None
            if numbers:
                low, high = min(numbers), max(numbers)
                if low < 1 or high > limits.max_rows:
                    raise outside(f"row {low if low < 1 else high}")
                if numbers[0] <= previous or not all(map(operator.lt, numbers, numbers[1:])):
                    out_of_order = True
                previous = numbers[-1]
                chunk_max = max(chunk_max, high)
            if in_data:
                without_rows = 0 if numbers else without_rows + 1
                if without_rows > _LONGEST_ROW // _CHUNK:
                    raise _error(
                        path,
                        f"a row of sheet {sheet} is over {_LONGEST_ROW // _MiB} MiB of XML",
                        SAVE_AS_XLSX,
                    )
                in_data = b"sheetData>" not in data or data.rfind(b"<row") > data.rfind(
                    b"sheetData>"
                )
            if (max_column, chunk_max) != pattern_key:
                patterns = _odd_refs(max_column, chunk_max, prefix)
                pattern_key = (max_column, chunk_max)
            # what the patterns let through unlooked-at bounds the sheet's area
            _, column_bound, row_bound = _ordinary(max_column, chunk_max)
            area_columns = max(area_columns, column_bound)
            area_rows = max(area_rows, row_bound)
            odd = patterns[0].findall(data)
            later = []
            if len(patterns) > 1 and (prefix is None or _cells_with_r_later(tags, prefix)):
                later = patterns[1].findall(data)  # it can only match a <c whose r is not first
            if prefix is not None and _cells_without_reference(tags, prefix, len(later)):
                misreads.append("a cell has no reference")
            refs = odd + later
            for ref in refs:
                found = _REF.fullmatch(ref)
                if found is None:
                    misreads.append("a cell reference is not of the A1 kind")
                    continue
                letters, digits = found.group(1), found.group(2)
                column = column_number(letters.decode())
                number = int(digits)
                cell_name = f"{letters.decode().upper()}{number}"
                if column > limits.max_columns or len(letters) > 3:
                    raise outside(f"cell {cell_name[:24]}")
                if number < 1 or number > limits.max_rows:
                    raise outside(f"cell {cell_name[:24]}")
                max_column = max(max_column, column)
                chunk_max = max(chunk_max, number)
            if (b"<" + prefix + b"v>-" in tags) if prefix is not None else (b"v>-" in data):
                # calamine reads a negative serial in a date-formatted cell as 00:00
                misreads.append("a negative number")
            if b"inlineStr" in data:
                for match in _INLINE.finditer(data):
                    end = _CELL_END.search(data, match.end())
                    stop = end.start() if end else len(data)
                    if _INLINE_VALUE.search(data, match.end(), stop):
                        misreads.append("an inline string cell also has a value")
                        break
            if (b't="e"' in data or b"t='e'" in data) and len(errors) < _MAX_ERRORS:
                for attributes, body in _ERROR_CELL.findall(data):
                    ref = _REF_ATTR.search(attributes)
                    value = _VALUE.search(body)
                    text = value.group(1) if value else b""
                    if text not in _CALAMINE_ERRORS:
                        misreads.append("an error value calamine does not know")
                    errors.append(
                        (
                            ref.group(1).decode("ascii", "replace")[:12] if ref else "",
                            text.decode("ascii", "replace")[:20],
                        )
                    )
                    if len(errors) >= _MAX_ERRORS:
                        break
            max_row = max(max_row, chunk_max)
    if not max_row:
        max_row = 1
    return SheetScan(
        rows=max(max_row, area_rows),
        columns=max(max_column, area_columns),
        xml_size=info.file_size,
        rows_out_of_order=out_of_order,
        errors=tuple(errors),
        calamine_misreads="; ".join(dict.fromkeys(misreads)),
    )


_MAX_ERRORS = 1000


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    bomb_hint = _BOMB_HINT
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_min_size and ratio > limits.member_ratio:
            raise _error(
                path,
                f"part {info.filename} inflates {ratio:.0f} times "
                f"(to {info.file_size // _MiB} MiB): refused as a zip bomb",
                bomb_hint,
            )
    if total > limits.total_uncompressed:
        raise _error(
            path,
            f"the workbook inflates to {total // _MiB} MiB, more than the "
            f"{limits.total_uncompressed // _MiB} MiB allowed",
            bomb_hint,
        )


def _check_prolog(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with archive.open(info) as member:
        head = member.read(_PROLOG_BYTES)
        encoding, bom = _xml_encoding(head)
        text = head[bom:].decode(encoding, errors="replace")
        full = len(head) == _PROLOG_BYTES
        # White space before the prolog, however long, is skipped (not refused).
        while full and not text.strip(_SPACE):
            more = member.read(_PROLOG_BYTES)
            full = len(more) == _PROLOG_BYTES
            text = more.decode(encoding, errors="replace")
        if full:  # the prolog must be complete within what is looked at
            text += member.read(_PROLOG_BYTES).decode(encoding, errors="replace")
            full = len(text) >= _PROLOG_BYTES
    if _prolog_has_doctype(text.lstrip(_SPACE), complete=not full):
        raise _error(
            path,
            f"part {info.filename} declares a DOCTYPE, which Excel never writes: refused",
            "The file was not made by a spreadsheet program; save the data again from Excel.",
        )


_SPACE = " \t\r\n"


def _xml_encoding(head: bytes) -> tuple[str, int]:
    """The encoding of an XML part from its first bytes (XML 1.0 appendix F), and the BOM's length."""
    if head.startswith(b"\x00\x00\xfe\xff"):
        return "utf-32-be", 4
    if head.startswith(b"\xff\xfe\x00\x00"):
        return "utf-32-le", 4
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if head[:3] == b"\x00\x00\x00":
        return "utf-32-be", 0
    if head[1:4] == b"\x00\x00\x00":
        return "utf-32-le", 0
    if head[:1] == b"\x00":
        return "utf-16-be", 0
    if head[1:2] == b"\x00":
        return "utf-16-le", 0
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    return "utf-8", 0


def _declares_doctype(head: bytes) -> bool:
    """Whether the XML prolog of ``head`` holds a ``<!DOCTYPE`` (or never ends).

    Only a DOCTYPE can declare entities, and it must come before the root
    element, after any XML declaration, processing instructions, comments and
    white space. A part that is not XML (an image) has no prolog. UTF-8,
    UTF-16 and UTF-32 are read, with or without a byte-order mark.

    >>> _declares_doctype(b'<?xml version="1.0"?><!-- hi --> <!DOCTYPE x [<!ENTITY a "b">]><x/>')
    True
    >>> _declares_doctype(b'<?xml version="1.0"?><worksheet><!DOCTYPE></worksheet>')
    False
    >>> _declares_doctype("<!DOCTYPE x><x/>".encode("utf-16"))
    True
    >>> _declares_doctype("<!DOCTYPE x><x/>".encode("utf-32"))
    True
    >>> _declares_doctype("  <!DOCTYPE x><x/>".encode("utf-32-be"))
    True
    >>> _declares_doctype(b"GIF89a")
    False
    """
    encoding, bom = _xml_encoding(head)
    text = head[bom:].decode(encoding, errors="replace").lstrip(_SPACE)
    return _prolog_has_doctype(text, complete=len(head) < _PROLOG_BYTES)


def _prolog_has_doctype(text: str, *, complete: bool) -> bool:
    pos, size = 0, len(text)
    while True:
        while pos < size and text[pos] in _SPACE:
            pos += 1
        if pos >= size:
            return not complete  # a prolog this long is not from Excel
        if text.startswith("<?", pos):
            end, skip = text.find("?>", pos), 2
        elif text.startswith("<!--", pos):
            end, skip = text.find("-->", pos), 3
        else:
            return text.startswith("<!", pos)
        if end < 0:
            return not complete
        pos = end + skip
