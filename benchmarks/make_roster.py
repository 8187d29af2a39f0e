"""Generate a realistic Yiyang roster (.xlsx) for the benchmark, with about 1% bad rows.

Run alone to write one file::

    python benchmarks/make_roster.py --rows 100000 -o benchmarks/out/roster-100000.xlsx

The file has the Yiyang template's columns (姓名, 证件类型, 证件号码, 手机号码,
性别, 出生日期, 医保类型, 新业态从业者, 是否已退休) under a title row. Good
rows carry resident ID numbers with correct check digits whose birth date
and gender agree with the 出生日期 and 性别 cells (birth dates as date cells,
as text or left empty, as units fill them), mobiles, and a few passports
(gender and birth date given) and residence permits. One row in a hundred
is bad, in turn: a wrong check digit, an impossible birth date in the ID,
a bad mobile, an ID repeated from an earlier row, an ID typed into a number
cell, and a missing name. The rows are the same for the same ``--seed``.

The bad rows are listed in :data:`BAD_KINDS` order; :func:`expected` says how
many of each a file of ``rows`` rows holds.
"""

from __future__ import annotations

import argparse
import random
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["BAD_EVERY", "BAD_KINDS", "expected", "generate_rows", "headers", "write_roster"]


def headers() -> tuple[str, ...]:
    """The Yiyang template's headers, in its order (姓名, 证件类型, 证件号码, 手机号码,
    性别, 出生日期, 医保类型, 新业态从业者, 是否已退休)."""
    from mutualaid_pack_yiyang import TEMPLATE_COLUMNS  # imported late: roster_bench stays small

    return tuple(column.header for column in TEMPLATE_COLUMNS)


#: Every ``BAD_EVERY``-th row is bad, of these kinds in turn.
BAD_KINDS = ("checksum", "birth_date", "phone", "duplicate", "numeric", "name")
BAD_EVERY = 100

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# 益阳 (赫山区, 资阳区, 南县, 桃江县, 安化县, 沅江市) and a few other places
_REGIONS = ("430902", "430903", "430921", "430922", "430923", "430981", "430102", "110105")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉鹏飞云海燕宇浩然子涵思雨欣怡梓轩晨阳佳琪俊杰"
_MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                    "151", "152", "153", "155", "157", "158", "159", "166", "176", "177",
                    "180", "181", "182", "183", "186", "187", "188", "189", "191", "199")  # fmt: skip
_MEDICAL = ("城镇职工医保",) * 8 + ("城乡居民医保", "无")


def check_digit(first17: str) -> str:
    """The GB 11643 check digit of the first 17 digits of a resident ID."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _name(rng: random.Random) -> str:
    size = 1 if rng.random() < 0.3 else 2
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(size))


def _mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def generate_rows(rows: int, seed: int = 2026) -> Iterator[list[object]]:
    """The data rows (below the header), as cell values for openpyxl."""
    rng = random.Random(seed)
    first_birth = date(1975, 1, 1)  # most members are 20 to 50 on 2026-01-01
    span = (date(2005, 12, 31) - first_birth).days
    seen: list[str] = []
    used: set[str] = set()
    for index in range(rows):
        born = first_birth + timedelta(days=rng.randrange(span))
        male = rng.random() < 0.5
        if rng.random() < 0.02:  # a few are 50 to 64, some of them past retirement age
            born -= timedelta(days=14 * 365)
        order = rng.randrange(50) * 2 + (1 if male else 0)
        first17 = f"{rng.choice(_REGIONS)}{born:%Y%m%d}{rng.randrange(10)}{order:02d}"
        while first17 in used:  # real ID numbers are unique
            first17 = f"{first17[:14]}{(int(first17[14:]) + 2) % 1000:03d}"
        used.add(first17)
        id_number = first17 + check_digit(first17)
        id_type: str | None = "居民身份证"
        gender: str | None = None
        birth: object = None
        style = rng.random()
        if style < 0.5:
            birth = born  # a date cell
        elif style < 0.7:
            birth = born.isoformat()
        elif style < 0.75:
            birth, gender = f"{born:%Y/%-m/%-d}", "男" if male else "女"
        if rng.random() < 0.1:
            id_type = None  # blank: resident ID by default
        elif rng.random() < 0.004:
            id_type, birth, gender = "护照", born, "男" if male else "女"
            id_number = f"E{rng.randrange(10**8):08d}"
        elif rng.random() < 0.004:
            id_type = "港澳台居民居住证"
            first17 = f"810000{born:%Y%m%d}{rng.randrange(10)}{order:02d}"
            id_number = first17 + check_digit(first17)
        name: str | None = _name(rng)
        mobile: object = _mobile(rng)
        cell_id: object = id_number
        if index % BAD_EVERY == BAD_EVERY - 1:
            kind = BAD_KINDS[(index // BAD_EVERY) % len(BAD_KINDS)]
            if kind == "checksum":
                wrong = _CHECK[(_CHECK.index(check_digit(first17)) + 1) % 11]
                cell_id = first17 + wrong
            elif kind == "birth_date":
                first17 = f"{first17[:6]}{born.year}0231{first17[14:]}"
                cell_id = first17 + check_digit(first17)
            elif kind == "phone":
                mobile = str(mobile)[:10]
            elif kind == "duplicate":
                cell_id = seen[rng.randrange(len(seen))]
            elif kind == "numeric":
                cell_id = int(id_number[:15]) * 1000  # what Excel keeps of it
            else:
                name = None
            id_type = "居民身份证" if kind != "name" else id_type
        elif id_type != "护照":
            seen.append(id_number)
        yield [
            name,
            id_type,
            cell_id,
            mobile,
            gender,
            birth,
            rng.choice(_MEDICAL),
            "是" if rng.random() < 0.03 else "否",
            None,
        ]


def expected(rows: int) -> Counter[str]:
    """How many bad rows of each kind :func:`generate_rows` makes."""
    counts: Counter[str] = Counter()
    for index in range(BAD_EVERY - 1, rows, BAD_EVERY):
        counts[BAD_KINDS[(index // BAD_EVERY) % len(BAD_KINDS)]] += 1
    return counts


def write_roster(path: Path, rows: int, seed: int = 2026) -> Path:
    """Write the roster as Excel writes it: a shared strings table, the ID column
    formatted as text (``@``), birth dates as date serials with a date style.

    Written with :mod:`zipfile` directly (openpyxl's write-only mode writes
    inline strings, which Excel and WPS do not, and is slower).
    """
    strings: dict[str, int] = {}
    epoch = date(1899, 12, 30)
    columns = "ABCDEFGHI"

    def text(ref: str, value: str, style: str = "") -> str:
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}"{style} t="s"><v>{index}</v></c>'

    def sheet_rows() -> Iterator[str]:
        yield '<row r="1">' + text("A1", "益阳职工住院保障项目2026 参保职工汇总表") + "</row>"
        yield (
            '<row r="2">'
            + "".join(text(f"{c}2", h) for c, h in zip(columns, headers(), strict=True))
            + "</row>"
        )
        for number, values in enumerate(generate_rows(rows, seed), start=3):
            cells = []
            for column, value in zip(columns, values, strict=True):
                ref = f"{column}{number}"
                if value is None:
                    continue
                if isinstance(value, date):
                    cells.append(f'<c r="{ref}" s="2"><v>{(value - epoch).days}</v></c>')
                elif isinstance(value, int):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    cells.append(text(ref, escape(str(value)), ' s="1"' if column == "C" else ""))
            yield f'<row r="{number}">' + "".join(cells) + "</row>"

    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, xml in _STATIC_PARTS.items():
            archive.writestr(name, xml)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                f'{_XML}<worksheet xmlns="{_MAIN}"><dimension ref="A1:I{rows + 2}"/>'
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" '
                'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                "<sheetData>".encode()
            )
            block: list[str] = []
            for row in sheet_rows():
                block.append(row)
                if len(block) == 1000:
                    sheet.write("".join(block).encode())
                    block.clear()
            sheet.write(("".join(block) + "</sheetData></worksheet>").encode())
        items = "".join(f"<si><t>{s}</t></si>" for s in strings)
        archive.writestr(
            "xl/sharedStrings.xml",
            f'{_XML}<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            f"{items}</sst>",
        )
    return path


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_STATIC_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
        '<sheet name="参保职工汇总表" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs></styleSheet>"
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write_roster(args.output, args.rows, args.seed)
    print(f"{args.output}: {args.rows} rows, bad rows {dict(expected(args.rows))}")


if __name__ == "__main__":
    main()
