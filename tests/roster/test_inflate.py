"""Inflating a workbook's parts (``_numpy_xlsx._inflated``, issue 8): zlib-ng, or zipfile's answer.

zlib-ng inflates a deflated part in one call when everything is plainly
right; for anything else (a stored part, a damaged stream, a wrong CRC-32
or size, a local header naming another file, a forged compressed size) the
part is read through :mod:`zipfile`, so the bytes, or the refusal, are
zipfile's. zlib-ng is zlib's inflate made faster: it must refuse every
stream zlib refuses and make the same bytes of the others (held here over
damaged streams, and over a stream ISA-L, the engine's earlier inflater,
read and zlib refuses), so that the engines answer alike.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from mutualaid.errors import RosterFileError
from mutualaid.roster import _numpy_xlsx as numpy_xlsx
from mutualaid.roster import ahead, open_roster
from mutualaid.roster._numpy_xlsx import Declined, _deflated, _fast_inflated, _inflated

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


def _fast_read(raw: bytes) -> bytes | None:
    """What zlib-ng makes of the part (``None``: zipfile reads it)."""
    source = io.BytesIO(raw)
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(NAME)
        deflated = _deflated(source, info)
        return None if deflated is None else _fast_inflated(deflated, info)


def test_a_plain_deflated_part_is_inflated_by_zlib_ng_to_zipfiles_bytes() -> None:
    raw = _zip()
    assert _fast_read(raw) == XML
    assert _read(raw) == _read_by_zipfile(raw) == XML


def test_a_stored_part_is_read_by_zipfile() -> None:
    raw = _zip(method=zipfile.ZIP_STORED)
    assert _fast_read(raw) is None
    assert _read(raw) == XML


def test_without_zlib_ng_zipfile_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(numpy_xlsx, "_zlib_ng", None)
    raw = _zip()
    assert _fast_read(raw) is None
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
    assert _fast_read(raw) is None  # zlib-ng never answers for it
    try:
        expected: object = _read_by_zipfile(raw)
    except Exception as exc:  # zipfile's refusal
        expected = type(exc)
    try:
        got: object = _read(raw)  # zlib-ng leaves such parts alone
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


class _Bits:
    """A deflate stream written bit by bit (RFC 1951)."""

    def __init__(self) -> None:
        self.bits: list[int] = []

    def put(self, value: int, count: int) -> None:  # least significant bit first
        self.bits += [(value >> i) & 1 for i in range(count)]

    def code(self, code: int, count: int) -> None:  # a Huffman code: most significant bit first
        self.bits += [(code >> i) & 1 for i in reversed(range(count))]

    def stored(self, data: bytes) -> None:
        self.put(0, 3)
        self.bits += [0] * (-len(self.bits) % 8)
        self.put(len(data), 16)
        self.put(len(data) ^ 0xFFFF, 16)
        for byte in data:
            self.put(byte, 8)

    def value(self) -> bytes:
        bits = self.bits + [0] * (-len(self.bits) % 8)
        return bytes(sum(bits[i + j] << j for j in range(8)) for i in range(0, len(bits), 8))


def _canonical(lengths: list[int]) -> dict[int, tuple[int, int]]:
    counts = [lengths.count(n) if n else 0 for n in range(max(lengths) + 1)]
    code, first = 0, [0] * (len(counts) + 1)
    for n in range(1, len(counts)):
        code = (code + counts[n - 1]) << 1
        first[n] = code
    out = {}
    for symbol, n in enumerate(lengths):
        if n:
            out[symbol] = (first[n], n)
            first[n] += 1
    return out


def _incomplete_code_stream(data: bytes) -> bytes:
    """``data`` deflated as stored blocks, then its last 64 bytes in a dynamic block whose literal
    code is incomplete (257 codes of 9 bits): zlib refuses it ("invalid literal/lengths set"),
    ISA-L (which inflated the numpy engine's sheets before zlib-ng did) does not."""
    bits = _Bits()
    stored, data = data[:-64], data[-64:]  # the last 64 bytes in the dynamic block
    for at in range(0, len(stored), 65535):
        bits.stored(stored[at : at + 65535])
    bits.put(1, 1)  # the last block
    bits.put(2, 2)  # dynamic Huffman codes
    bits.put(0, 5)  # 257 literal/length codes
    bits.put(0, 5)  # 1 distance code
    bits.put(19 - 4, 4)
    order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    lengths_code = [0] * 19
    lengths_code[9] = lengths_code[0] = 1
    for symbol in order:
        bits.put(lengths_code[symbol], 3)
    by_length = _canonical(lengths_code)
    for length in [9] * 257 + [0]:
        bits.code(*by_length[length])
    literal = _canonical([9] * 257)
    for byte in [*data, 256]:
        bits.code(*literal[byte])
    return bits.value()


def _with_stream(raw: bytes, stream: bytes, data: bytes) -> bytes:
    """``raw`` with :data:`NAME` deflated as ``stream`` (sizes and CRC-32 of ``data``)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            if info.filename != NAME:
                archive.writestr(info.filename, source.read(info))
    written = bytearray(out.getvalue())
    # one more member, deflated by hand: local header, data, then the central directory again
    with zipfile.ZipFile(io.BytesIO(bytes(written))) as archive:
        infos = archive.infolist()
    end = written.index(b"PK\x01\x02")
    name = NAME.encode()
    crc = zlib.crc32(data)
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, len(stream), len(data), len(name), 0
    )
    offset = end
    body = bytes(written[:end]) + local + name + stream
    central = b""
    for info in infos:
        central += _central(
            info.filename.encode(),
            info.compress_type,
            info.CRC,
            info.compress_size,
            info.file_size,
            info.header_offset,
        )
    central += _central(name, 8, crc, len(stream), len(data), offset)
    count = len(infos) + 1
    tail = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    return body + central + tail


def _central(name: bytes, method: int, crc: int, packed: int, size: int, offset: int) -> bytes:
    header = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02",
        20,
        20,
        0,
        method,
        0,
        33,
        crc,
        packed,
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        offset,
    )
    return header + name


def test_a_stream_zlib_refuses_is_refused_as_zipfile_refuses_it() -> None:
    """An incomplete Huffman code (which ISA-L took): zlib-ng refuses it, as zlib does."""
    stream = _incomplete_code_stream(XML)
    with pytest.raises(zlib.error):
        zlib.decompressobj(-15).decompress(stream)
    with pytest.raises(numpy_xlsx._zlib_ng.error):
        numpy_xlsx._zlib_ng.decompressobj(-15).decompress(stream)
    raw = _with_stream(_zip(), stream, XML)
    source = io.BytesIO(raw)
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(NAME)
        deflated = _deflated(source, info)
        assert deflated is not None  # plainly a deflated part: zlib-ng is asked, and refuses
        assert _fast_inflated(deflated, info) is None
    with pytest.raises(zlib.error):
        _read_by_zipfile(raw)
    with pytest.raises(zlib.error):
        _read(raw)
    good = _with_stream(_zip(), zlib.compress(XML)[2:-4], XML)  # the same framing, a sound stream
    assert _fast_read(good) == _read(good) == XML


def _outcome(lib: object, stream: bytes, most: int) -> object:
    """What ``lib`` (zlib or zlib-ng) makes of a raw deflate stream, at most ``most`` bytes."""
    try:
        inflater = lib.decompressobj(-15)  # type: ignore[attr-defined]
        data = inflater.decompress(stream, most)
        return data, inflater.eof, inflater.unused_data, inflater.unconsumed_tail
    except lib.error:  # type: ignore[attr-defined]
        return "refused"


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=4000) | st.text("ab <>/", max_size=4000).map(str.encode),
    level=st.integers(0, 9),
    flips=st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 7)), max_size=4),
    cut=st.integers(0, 16),
    extra=st.binary(max_size=3),
    most=st.sampled_from([0, 1, 100, 1 << 20]),
)
def test_zlib_ng_inflates_and_refuses_as_zlib_does(
    data: bytes,
    level: int,
    flips: list[tuple[int, int]],
    cut: int,
    extra: bytes,
    most: int,
) -> None:
    """Damaged streams (bits flipped, cut short, bytes after): the same bytes, or both refuse."""
    stream = bytearray(zlib.compress(data, level)[2:-4])
    for at, bit in flips:
        if stream:
            stream[at % len(stream)] ^= 1 << bit
    damaged = bytes(stream[: max(len(stream) - cut, 0)]) + extra
    assert _outcome(numpy_xlsx._zlib_ng, damaged, most) == _outcome(zlib, damaged, most)
    incomplete = _incomplete_code_stream(data + b"x" * 64)
    assert _outcome(numpy_xlsx._zlib_ng, incomplete, most) == _outcome(zlib, incomplete, most)


def test_a_forged_compressed_size_reads_nothing_ahead_and_answers_as_zipfile(
    tmp_path: Path,
) -> None:
    """A central directory claiming 4 GiB of deflated bytes: nothing is read (or reserved) for it."""

    def forge(out: bytearray, local: int, central: int) -> None:
        struct.pack_into("<L", out, central + 20, 0xFFFFFFF0)

    path = tmp_path / "forged.zip"
    path.write_bytes(_patched(_zip(), forge))
    with path.open("rb") as source, zipfile.ZipFile(source) as archive:
        info = archive.getinfo(NAME)
        assert _deflated(source, info) is None
        assert _inflated(source, archive, info, LIMIT) == archive.read(NAME) == XML


def test_zlib_ng_never_makes_more_than_one_byte_past_the_declared_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[int] = []
    real = numpy_xlsx._zlib_ng.decompressobj

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
        error = numpy_xlsx._zlib_ng.error
        crc32 = staticmethod(numpy_xlsx._zlib_ng.crc32)
        decompressobj = Counting

    monkeypatch.setattr(numpy_xlsx, "_zlib_ng", Lib)
    raw = _patched(_zip(), _declare_smaller)
    source = io.BytesIO(raw)
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(NAME)
        deflated = _deflated(source, info)
        assert deflated is not None and _fast_inflated(deflated, info) is None
    assert asked == [len(XML) - 100 + 1]


def _answer(path: Path, engine: str) -> object:
    try:
        with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
            return source.engine, [row.values for row in source.rows()]
    except RosterFileError as exc:
        return type(exc).__name__, exc.message


@pytest.mark.skipif(
    not ahead.can_fork(), reason="the read ahead forks (POSIX, two cores, one thread)"
)
def test_a_sheet_zlib_refuses_is_read_as_before_read_ahead_or_not(
    tmp_path: Path,
) -> None:
    """The numpy engine never reads such a sheet: not here, not from the read-ahead child."""
    book = Workbook()
    book.active.append(["姓名", "证件号码", "备注"])
    for i in range(2000):  # past the 64 KiB the guards inflate through zlib before any engine
        book.active.append([f"职工{i}", "110101199003071234", "x" * 100])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    with zipfile.ZipFile(plain) as archive:
        sheet = archive.read(NAME)
    path = tmp_path / "odd.xlsx"
    path.write_bytes(_with_stream(plain.read_bytes(), _incomplete_code_stream(sheet), sheet))
    alone = _answer(path, "auto")
    assert alone[0] != "numpy"
    with ahead.read_ahead(path):
        assert _answer(path, "auto") == alone
    assert _answer(plain, "auto")[0] == "numpy"  # the same roster, soundly deflated
