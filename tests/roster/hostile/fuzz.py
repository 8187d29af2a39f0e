"""A seeded mutator of roster files, and a runner that checks each mutant on every engine.

``mutants(seed, count)`` derives files from the case workbooks
(``make_cases.py``) and from CSV rosters by one to three mutations each: a
cell reference replaced (inside, at the edge of and outside Excel's grid,
malformed), a cell type or value replaced (huge, negative, NaN, text, string
index out of range), bytes of a part deleted, duplicated, inserted or cut
short, a part removed, the zip cut short, a sheet state or dimension
changed, quotes, NULs and line breaks thrown into CSV text. The same seed
gives the same files.

``python fuzz.py SEED START COUNT FOLDER`` writes mutants ``START`` to
``START + COUNT`` into FOLDER, runs ``mutualaid check`` on each with every
engine in this process (printing ``start N`` to stderr before each, so a
crash names its mutant) and prints the results as JSON like ``run_check.py``.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from make_cases import CASES
from run_check import peak_bytes, run
from xlsx_parts import IDS

__all__ = ["mutants"]

_REFS = (
    "A1", "B2", "Z9", "AA10", "XFD1", "XFE1", "A1048576", "A1048577", "XFD1048576", "ZZZZ1",
    "A0", "0", "5", "$A$1", "a1", "A01", "A-1", "", "A99999999999999999999", "AB", "1A",
    "A1:B2", "Ｂ２", "A\u0000",
)  # fmt: skip
_TYPES = ("s", "n", "b", "e", "str", "inlineStr", "d", "x", "")
_VALUES = (
    "0", "-1", "99999", "1e308", "1e400", "-1e400", "NaN", "INF", "9" * 400, "1.5", "TRUE",
    "abc", "2958466", "-5", "#SPILL!", "#N/A", "2026-01-01T00:00:00", "", " ", IDS[0],
    "11010519491231002X", "1.10105E+17",
)  # fmt: skip
_BYTES = (b"<", b">", b"&", b"&#0;", b'"', b"\x00", b"\xff\xfe", b"<row>", b"</c>", b"<!--", b"]]>")
_CSV_BITS = (
    '"',
    '""',
    "\x00",
    "\n",
    "\r",
    ",",
    ";",
    "\t",
    "\ufeff",
    "\u200b",
    IDS[3],
    "13912345678",
)


def _mutate_xml(rng: random.Random, data: bytes) -> bytes:
    kind = rng.randrange(9)
    if kind == 0:  # a cell reference
        refs = list(re.finditer(rb'\br="([^"]*)"', data))
        if refs:
            m = rng.choice(refs)
            return data[: m.start(1)] + rng.choice(_REFS).encode() + data[m.end(1) :]
    if kind == 1:  # a cell type
        cells = list(re.finditer(rb"<c\b", data))
        if cells:
            m = rng.choice(cells)
            return data[: m.end()] + f' t="{rng.choice(_TYPES)}"'.encode() + data[m.end() :]
    if kind == 2:  # a value
        values = list(re.finditer(rb"<v>([^<]*)</v>", data))
        if values:
            m = rng.choice(values)
            return data[: m.start(1)] + rng.choice(_VALUES).encode() + data[m.end(1) :]
    if kind == 3:  # a row number
        rows = list(re.finditer(rb'<row r="([^"]*)"', data))
        if rows:
            m = rng.choice(rows)
            number = rng.choice((0, 1, 3, 1_048_576, 1_048_577, 2_147_483_647, 10**20))
            return data[: m.start(1)] + str(number).encode() + data[m.end(1) :]
    if not data:
        return data
    at = rng.randrange(len(data))
    size = rng.randrange(1, 64)
    if kind == 4:
        return data[:at] + data[at + size :]
    if kind == 5:
        return data[:at] + data[at : at + size] * rng.randrange(2, 50) + data[at:]
    if kind == 6:
        return data[:at] + rng.choice(_BYTES) + data[at:]
    if kind == 7:
        return data[:at]
    return data.replace(b'state="', b'state="show', 1).replace(b'ref="A1', b'ref="1:9', 1)


def _mutate_xlsx(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.05:
        return data[: rng.randrange(len(data))]
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        parts = {info.filename: zin.read(info) for info in zin.infolist()}
    names = sorted(parts)
    sheets = [n for n in names if "worksheets/" in n]
    for _ in range(rng.randrange(1, 4)):
        if rng.random() < 0.05:
            del parts[rng.choice(sorted(parts))]
            continue
        name = rng.choice(sheets) if sheets and rng.random() < 0.7 else rng.choice(names)
        if name in parts:
            parts[name] = _mutate_xml(rng, parts[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, body in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            zout.writestr(info, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _csv_seed(rng: random.Random) -> str:
    lines = ["姓名,证件号码,手机号码,出生日期"]
    for i in range(rng.randrange(1, 12)):
        lines.append(f"职工{i},{IDS[i]},1391234{5600 + i},1990-01-0{1 + i % 9}")
    return "\n".join(lines) + "\n"


def _mutate_csv(rng: random.Random, text: str) -> bytes:
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(_CSV_BITS) + text[at:]
    encoding = rng.choice(("utf-8", "utf-8-sig", "gb18030", "utf-16"))
    return text.encode(encoding, errors="replace")


def mutants(seed: int, start: int, count: int) -> Iterator[tuple[str, bytes]]:
    """``(file name, bytes)`` of mutants ``start`` to ``start + count`` of ``seed``'s sequence."""
    seeds = {name: build() for name, (_, build) in sorted(CASES.items())}
    for index in range(start, start + count):
        rng = random.Random(f"{seed}:{index}")
        if rng.random() < 0.2:
            yield f"m{index:04d}.csv", _mutate_csv(rng, _csv_seed(rng))
        else:
            base = rng.choice(sorted(seeds))
            suffix = rng.choice((".xlsx", ".xlsx", ".xls", ".XLSX"))
            yield f"m{index:04d}-{base}{suffix}", _mutate_xlsx(rng, seeds[base])


if __name__ == "__main__":
    seed, first, number = (int(a) for a in sys.argv[1:4])
    folder = Path(sys.argv[4])
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for file_name, body in mutants(seed, first, number):
        path = folder / file_name
        path.write_bytes(body)
        print(f"start {file_name}", file=sys.stderr, flush=True)
        for engine in ("auto", "numpy", "calamine", "openpyxl"):
            result = run(str(path), engine, formats=("json",))
            results.append(result)
    peak = peak_bytes()
    print(json.dumps({"runs": results, "peak_bytes": peak}))
