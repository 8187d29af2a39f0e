"""Checks made before a spreadsheet library touches a file.

openpyxl and calamine raise their own errors (or worse, eat memory) on files
that are not workbooks, are encrypted, truncated, or built to explode. These
checks look at the bytes first and raise :class:`~mutualaid.errors.RosterFileError`
with the file's name and what to do.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Literal

import attrs

from mutualaid.errors import Location, RosterFileError

__all__ = ["Limits", "check_xlsx", "sniff"]

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_MiB = 1024 * 1024
_PROLOG_BYTES = 64 * 1024  # a DOCTYPE can only come before the root element

SAVE_AS_XLSX = (
    "Open it in Excel or WPS and save it as Excel Workbook (.xlsx), then import that file."
)


@attrs.frozen
class Limits:
    """Size limits that keep a hostile workbook from exhausting memory.

    :param total_uncompressed: all members of the .xlsx together, inflated.
    :param member_ratio: the largest compression ratio allowed for a member
        larger than ``ratio_min_size`` (real sheets compress 5 to 30 times).
    :param shared_strings: ``xl/sharedStrings.xml``, inflated: every distinct
        text of the workbook, held in memory while the sheet is read.
    :param calamine_sheet: the largest worksheet (inflated XML) that
        ``engine="auto"`` hands to calamine, which holds a whole sheet in
        memory (about 1.6 times its XML); larger sheets are streamed with
        openpyxl. 128 MiB is about 300,000 rows of 8 columns.
    """

    total_uncompressed: int = 1024 * _MiB
    member_ratio: int = 200
    ratio_min_size: int = 16 * _MiB
    shared_strings: int = 128 * _MiB
    calamine_sheet: int = 128 * _MiB


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


def check_xlsx(path: Path, limits: Limits) -> int:
    """Refuse a zip that is not a readable .xlsx or that would inflate too far.

    Checks the declared sizes against ``limits``, that the parts every
    workbook has are present, and that no XML part declares a DOCTYPE (the
    door to entity-expansion attacks; Excel never writes one).

    :returns: the inflated size of the largest worksheet part, in bytes.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(path, infos, limits)
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise _error(
                    path,
                    "this zip file is not an Excel workbook (no xl/workbook.xml inside)",
                    SAVE_AS_XLSX,
                )
            for info in infos:  # any part may be XML, whatever its name
                _check_prolog(path, archive, info)
            return max(
                (i.file_size for i in infos if i.filename.startswith("xl/worksheets/")),
                default=0,
            )
    except zipfile.BadZipFile as exc:
        raise _error(
            path,
            f"the workbook is damaged or incomplete ({exc})",
            "The file was probably cut short while copying or downloading; "
            "open it in Excel to repair it, or send it again.",
        ) from None
    except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise _error(
            path,
            f"the workbook cannot be read ({type(exc).__name__}: {exc})",
            "Open it in Excel or WPS, save it again as .xlsx and import the new file.",
        ) from None


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    bomb_hint = (
        "Workbooks built to inflate to gigabytes are refused. If this is a real roster, "
        "copy the data into a new workbook (paste values only) and save it again."
    )
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
        if (
            info.filename.lower().endswith("sharedstrings.xml")
            and info.file_size > limits.shared_strings
        ):
            raise _error(
                path,
                f"the workbook's shared text table is {info.file_size // _MiB} MiB, "
                f"more than the {limits.shared_strings // _MiB} MiB allowed",
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
    if _declares_doctype(head):
        raise _error(
            path,
            f"part {info.filename} declares a DOCTYPE, which Excel never writes: refused",
            "The file was not made by a spreadsheet program; save the data again from Excel.",
        )


def _declares_doctype(head: bytes) -> bool:
    """Whether the XML prolog of ``head`` holds a ``<!DOCTYPE`` (or never ends).

    Only a DOCTYPE can declare entities, and it must come before the root
    element, after any XML declaration, processing instructions, comments and
    white space. A part that is not XML (an image) has no prolog.

    >>> _declares_doctype(b'<?xml version="1.0"?><!-- hi --> <!DOCTYPE x [<!ENTITY a "b">]><x/>')
    True
    >>> _declares_doctype(b'<?xml version="1.0"?><worksheet><!DOCTYPE></worksheet>')
    False
    >>> _declares_doctype("<!DOCTYPE x><x/>".encode("utf-16"))
    True
    >>> _declares_doctype(b"GIF89a")
    False
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[:1] == b"\x00":
        encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-le"
        if head[:1] == b"\x00":
            encoding = "utf-16-be"
        head = head[: len(head) // 2 * 2].decode(encoding, errors="replace").encode()
    head = head.removeprefix(b"\xef\xbb\xbf")
    pos, size = 0, len(head)
    while True:
        while pos < size and head[pos] in b" \t\r\n":
            pos += 1
        if pos >= size:
            return size >= _PROLOG_BYTES  # a prolog this long is not from Excel
        if head.startswith(b"<?", pos):
            end, skip = head.find(b"?>", pos), 2
        elif head.startswith(b"<!--", pos):
            end, skip = head.find(b"-->", pos), 3
        else:
            return head.startswith(b"<!", pos)
        if end < 0:
            return size >= _PROLOG_BYTES
        pos = end + skip
