"""Rebuild ``src/mutualaid/ids/divisions.txt``, the dated table of GB/T 2260 division codes.

The codes, and the years each was in use, come from python-stdnum's
``stdnum/cn/loc.dat`` (python-stdnum 2.2, January 2026), which its maintainers
compile from the Chinese Wikipedia lists 中华人民共和国行政区划代码 (1区 .. 8区),
themselves transcribed from the yearly GB/T 2260 code lists of the Ministry of
Civil Affairs since 1980. Only codes and years are kept, not names.

Run with a python-stdnum wheel downloaded by ``pip download --no-deps python-stdnum==2.2``::

    python tools/build_divisions.py python_stdnum-2.2-py3-none-any.whl

Nothing in the library reads python-stdnum: the output file is shipped.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "mutualaid" / "ids" / "divisions.txt"
FIRST_YEAR = 1980  # the first GB/T 2260 list (GB 2260-80)
PERIOD = re.compile(r"\[(\d{4})?-(\d{4})?\]")
#: Codes in use on ID numbers but not in the lists: the Taiwan residents' residence
#: permit (港澳台居民居住证, 2018) numbers start with 830000 (GB 11643 form).
EXTRA = {"830000": [(2018, None)]}


def periods(name: str) -> list[tuple[int, int | None]]:
    """The years a code was in use, from its names' ``[1983-1994]`` marks (merged)."""
    found = PERIOD.findall(name)
    if not found:
        return [(FIRST_YEAR, None)]
    spans = sorted(
        ((int(a) if a else FIRST_YEAR, int(b) if b else None) for a, b in found),
        key=lambda span: (span[0], span[1] or 9999),
    )
    merged: list[tuple[int, int | None]] = []
    for start, end in spans:
        if merged and (merged[-1][1] is None or start <= merged[-1][1] + 1):
            last_start, last_end = merged[-1]
            merged[-1] = (
                last_start,
                None if last_end is None or end is None else max(last_end, end),
            )
        else:
            merged.append((start, end))
    return merged


def build(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        version = next(
            line.split(":", 1)[1].strip()
            for line in archive.read(next(n for n in archive.namelist() if n.endswith("METADATA")))
            .decode()
            .splitlines()
            if line.startswith("Version:")
        )
        lines = archive.read("stdnum/cn/loc.dat").decode("utf-8").splitlines()
    codes: dict[str, list[tuple[int, int | None]]] = {}
    province = ""
    for line in lines:
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        county, rest = line.strip().split(" ", 1)
        codes[province + county] = periods(rest)
    codes.update(EXTRA)
    latest = max(y for spans in codes.values() for span in spans for y in span if y)
    out = [
        "# GB/T 2260 administrative division codes (first six digits of GB 11643 numbers)",
        f"# and the years each was in use, {FIRST_YEAR}-{latest}: 'code' = all years,",
        "# 'code first-' = from that year, 'code -last' = until that year, several spans",
        f"# separated by commas. Source: python-stdnum {version} stdnum/cn/loc.dat (from the",
        "# zh.wikipedia lists 中华人民共和国行政区划代码, transcribed from the Ministry of",
        "# Civil Affairs' yearly lists), plus 830000 (Taiwan residents' residence permit,",
        f"# 2018). Built by tools/build_divisions.py; {len(codes)} codes.",
    ]
    for code in sorted(codes):
        spans = codes[code]
        if spans == [(FIRST_YEAR, None)]:
            out.append(code)
            continue
        text = ",".join(
            f"{'' if a == FIRST_YEAR else a}-{'' if b is None else b}" for a, b in spans
        )
        out.append(f"{code} {text}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    OUT.write_text(build(Path(sys.argv[1])), encoding="utf-8")
    print(f"wrote {OUT}")
