"""Inflating a workbook's parts (``_numpy_xlsx._inflated``, issue 8): ISA-L, or zipfile's answer.

ISA-L inflates a deflated part in one call when everything is plainly right;
for anything else (a stored part, a damaged stream, a wrong CRC-32 or size, a
local header naming another file) the part is read through :mod:`zipfile`,
so the bytes, or the refusal, are zipfile's.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

import pytest

from mutualaid.roster import _numpy_xlsx as numpy_xlsx
from mutualaid.roster._numpy_xlsx import Declined, _inflated, _isal_inflated

NAME = "xl/worksheets/sheet1.xml"
XML = b'<?xml version="1.0"?><worksheet><sheetData>' + b'<row r="1"><c r="A1"><v>1</v></c></row>' * 5000 + b"</sheetData></worksheet>"  # fmt: skip
LIMIT = 1 << 30


def _zip(data: bytes = XML, *, method: int = zipfile.ZIP_DEFLATED, name: str = NAME) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(name, data)
    return buffer.getvalue()


def _patched(raw: bytes, change: Callable[[bytearray, int, int], None]) -> bytes:
    """``raw`` with ``change(bytes, local header offset, central header offset)`` of :data:`NAME`."""
    out = bytearray(raw)
    local = out.index(b"PK\x03\x04", 4)  # the second local header ([Content_Types].xml's first)
    central = out.index(b"PK\x01\x02")
    central = out.index(b"PK\x01\x02", central + 4)  # the second central header
    change(out, local, central)
    return bytes(out)


def _read(raw: bytes) -> bytes | bytearray:
    source = io.BytesIO(raw)
    with zipfile.ZipFile(source) as archive:
        return _inflated(source, archive, archive.getinfo(NAME), LIMIT)


def _read_by_zipfile(raw: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return archive.read(NAME)


def _isal_read(raw: bytes) -> bytes | None:
    source = io.BytesIO(raw)
    with zipfile.ZipFile(source) as archive:
        return _isal_inflated(source, archive.getinfo(NAME))


def test_a_plain_deflated_part_is_inflated_by_isal_to_zipfiles_bytes() -> None:
    raw = _zip()
    assert _isal_read(raw) == XML
    assert _read(raw) == _read_by_zipfile(raw) == XML


def test_a_stored_part_is_read_by_zipfile() -> None:
    raw = _zip(method=zipfile.ZIP_STORED)
    assert _isal_read(raw) is None
    assert _read(raw) == XML


def test_without_isal_zipfile_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(numpy_xlsx, "_isal_zlib", None)
    raw = _zip()
    assert _isal_read(raw) is None
    assert _read(raw) == XML


def _set_crc(out: bytearray, local: int, central: int) -> None:
    crc = struct.unpack_from("<L", out, central + 16)[0] ^ 1
    struct.pack_into("<L", out, central + 16, crc)
    struct.pack_into("<L", out, local + 14, crc)


def _declare_smaller(out: bytearray, local: int, central: int) -> None:
    size = struct.unpack_from("<L", out, central + 24)[0] - 100
    struct.pack_into("<L", out, central + 24, size)
    struct.pack_into("<L", out, local + 22, size)


def _declare_larger(out: bytearray, local: int, central: int) -> None:
    size = struct.unpack_from("<L", out, central + 24)[0] + 100
    struct.pack_into("<L", out, central + 24, size)
    struct.pack_into("<L", out, local + 22, size)


def _rename_local(out: bytearray, local: int, central: int) -> None:
    at = local + 30 + len("xl/worksheets/")
    out[at : at + 6] = b"sheetX"


def _damage_stream(out: bytearray, local: int, central: int) -> None:
    at = local + 30 + len(NAME) + 40
    out[at : at + 8] = b"\xff" * 8


def _cut_stream(out: bytearray, local: int, central: int) -> None:
    size = struct.unpack_from("<L", out, central + 20)[0] - 10
    struct.pack_into("<L", out, central + 20, size)
    struct.pack_into("<L", out, local + 18, size)


@pytest.mark.parametrize(
    "damage",
    [_set_crc, _declare_smaller, _declare_larger, _rename_local, _damage_stream, _cut_stream],
)
def test_a_damaged_part_is_left_to_zipfile_which_answers_as_before(
    damage: Callable[[bytearray, int, int], None],
) -> None:
    raw = _patched(_zip(), damage)
    assert _isal_read(raw) is None  # ISA-L never answers for it
    try:
        expected: object = _read_by_zipfile(raw)
    except Exception as exc:  # zipfile's refusal
        expected = type(exc)
    try:
        got: object = _read(raw)
    except Declined:  # _read_all refuses a size other than declared
        got = Declined
    except Exception as exc:
        got = type(exc)
    if got is Declined:  # zipfile reads what is there; the engine declines a size not declared
        assert damage in (_declare_smaller, _declare_larger)
    else:
        assert got == expected


def test_a_part_over_the_limit_is_declined_before_it_is_read() -> None:
    raw = _zip()
    source = io.BytesIO(raw)
    with zipfile.ZipFile(source) as archive, pytest.raises(Declined):
        _inflated(source, archive, archive.getinfo(NAME), len(XML) - 1)


def test_isal_never_makes_more_than_one_byte_past_the_declared_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[int] = []
    real = numpy_xlsx._isal_zlib.decompressobj

    class Counting:
        def __init__(self, wbits: int) -> None:
            self._inner = real(wbits)

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            asked.append(max_length)
            out: bytes = self._inner.decompress(data, max_length)
            return out

        def __getattr__(self, name: str) -> object:
            return getattr(self._inner, name)

    class Lib:
        error = numpy_xlsx._isal_zlib.error
        crc32 = staticmethod(numpy_xlsx._isal_zlib.crc32)
        decompressobj = Counting

    monkeypatch.setattr(numpy_xlsx, "_isal_zlib", Lib)
    raw = _patched(_zip(), _declare_smaller)
    assert _isal_read(raw) is None
    assert asked == [len(XML) - 100 + 1]
