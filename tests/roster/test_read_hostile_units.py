"""Reader behaviour of issue 12 (items 1, 5, 11) and issue 11 (item 1), one case each.

The corpus and fuzz suites (tests/roster/hostile/) run whole files through
``mutualaid check``; these tests pin the messages and values.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from mutualaid.errors import MissingColumn, RosterFileError
from mutualaid.model.columns import CANONICAL_COLUMNS
from mutualaid.roster import Limits, open_roster, readers
from mutualaid.roster._guards import _declares_doctype
from mutualaid.roster.headers import ALIASES, map_headers, normalize_header
from mutualaid.testing.members import resident_id

ENGINES = ("numpy", "calamine", "openpyxl")
ROOT = Path(__file__).resolve().parents[2]
ID = resident_id(__import__("datetime").date(1980, 5, 6), serial=3)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx(path: Path, sheet_data: str, dimension: str = "A1") -> Path:
    """A minimal workbook around a sheet's rows (zipfile and XML by hand)."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{rel}"><sheets><sheet name="名单" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>{sheet_data}'
            "</sheetData></worksheet>",
        )
    return path


HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>证件号码</t></is></c></row>'
)


def _member(row: int) -> str:
    return (
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>张三</t></is></c>'
        f'<c r="B{row}" t="inlineStr"><is><t>{ID}</t></is></c></row>'
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("cells", "named"),
    [
        ('<row r="3"><c r="XFE3"><v>1</v></c></row>', "cell XFE3"),
        ('<row r="3"><c r="A1048577"><v>1</v></c></row>', "cell A1048577"),
        ('<row r="2147483647"/>', "row 2147483647"),
        # the reference after another attribute
        ('<row r="3"><c t="n" r="XFE3"><v>1</v></c></row>', "cell XFE3"),
        ('<row r="3"><c\n s="0" r="A1048577"><v>1</v></c></row>', "cell A1048577"),
    ],
)
def test_a_reference_past_the_grid_is_refused_naming_it(
    tmp_path: Path, engine: str, cells: str, named: str
) -> None:
    path = _xlsx(tmp_path / "r.xlsx", HEADER + _member(2) + cells)
    with pytest.raises(RosterFileError) as info:
        open_roster(path, engine=engine)  # type: ignore[arg-type]
    assert named in info.value.message and "outside the sheet grid" in info.value.message
    assert info.value.location is not None and info.value.location.sheet == "名单"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("space", ["\t", "\n", "\r\n", "  ", "\t "])
def test_a_reference_after_other_white_space_is_refused(
    tmp_path: Path, engine: str, space: str
) -> None:
    """``<c`` then a tab (or a line break, or two spaces) then ``r``: bounded like ``<c r=``."""
    cells = f'<row r="3"><c{space}r="XFE3"><v>1</v></c></row>'
    path = _xlsx(tmp_path / "r.xlsx", HEADER + _member(2) + cells)
    with pytest.raises(RosterFileError, match="cell XFE3"):
        open_roster(path, engine=engine)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reference_after_a_tab_inside_the_grid_is_read(tmp_path: Path, engine: str) -> None:
    cells = '<row r="3"><c\tr="A3" t="inlineStr"><is><t>王五</t></is></c></row>'
    path = _xlsx(tmp_path / "r.xlsx", HEADER + _member(2) + cells)
    with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
        rows = [r for r in source.rows() if not r.blank]
    assert [r.row for r in rows] == [2, 3]
    assert rows[1].values["name"] == "王五"


def test_the_grid_limits_are_configurable(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "r.xlsx", HEADER + _member(2) + _member(30))
    with pytest.raises(RosterFileError, match="row 30 is outside"):
        open_roster(path, limits=Limits(max_rows=20))
    with open_roster(path, limits=Limits(max_rows=30)) as source:
        assert [r.row for r in source.rows() if not r.blank] == [2, 30]


@pytest.mark.parametrize("engine", ENGINES)
def test_opposite_corners_do_not_reach_calamine(tmp_path: Path, engine: str) -> None:
    """A1 and XFD1048576 are inside the grid, but 17 billion cells stored densely."""
    path = _xlsx(
        tmp_path / "r.xlsx",
        HEADER + _member(2) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    )
    with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
        # the numpy engine holds only the cells there are, not the area
        assert source.engine == ("numpy" if engine == "numpy" else "openpyxl")
        rows = [r for r in source.rows() if not r.blank]
    assert [r.row for r in rows] == [2, 1048576]


def test_calamine_reads_what_fits(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "r.xlsx", HEADER + _member(2))
    with open_roster(path, engine="calamine") as source:
        assert source.engine == "calamine"


def test_doctype_guard_reads_utf32_and_skips_long_white_space() -> None:
    assert _declares_doctype("<!DOCTYPE x><x/>".encode("utf-32-le"))
    assert _declares_doctype("<!DOCTYPE x><x/>".encode("utf-32"))
    assert not _declares_doctype(b"<?xml version='1.0'?><x/>")


@pytest.mark.parametrize("engine", ENGINES)
def test_white_space_before_the_root_is_not_a_doctype(tmp_path: Path, engine: str) -> None:
    path = _xlsx(tmp_path / "r.xlsx", HEADER + _member(2))
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = b" " * 100_000 + parts["xl/worksheets/sheet1.xml"]
    padded = tmp_path / "padded.xlsx"
    with zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with open_roster(padded, engine=engine) as source:  # type: ignore[arg-type]
        assert [r.values["id_number"] for r in source.rows()] == [ID]


def test_zero_width_characters_in_headers() -> None:
    assert normalize_header("\u200b姓\u200d名\ufeff") == "姓名"
    fields = map_headers(["\ufeff姓名", "证件\u200b号码"], CANONICAL_COLUMNS).fields
    assert fields == {"name": 0, "id_number": 1}


def test_clerk_headers_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"职工姓名,身份证号码,手机号码\n张三,{ID},13912345678\n", encoding="utf-8")
    with open_roster(path) as source:
        assert source.header_map.fields == {"name": 0, "id_number": 1, "mobile": 2}


@pytest.mark.parametrize("header", ["员工姓名", "人员姓名", "会员姓名", "参保人姓名"])
def test_name_aliases(header: str) -> None:
    assert map_headers([header, "公民身份号码"], CANONICAL_COLUMNS).fields == {
        "name": 0,
        "id_number": 1,
    }


def test_an_unknown_header_names_the_headers_found_and_the_nearest(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"职工名字,身份证号码\n张三,{ID}\n", encoding="utf-8")
    with pytest.raises(MissingColumn) as info:
        open_roster(path)
    err = info.value
    assert "headers found: 职工名字, 身份证号码" in err.message
    assert "'职工名字' is not read as 姓名" in err.message
    assert err.hint is not None and "职工姓名" in err.hint
    assert err.details["nearest"]


def test_a_header_row_holding_an_id_is_masked_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"姓名,{ID}\n", encoding="utf-8")
    with pytest.raises(MissingColumn) as info:
        open_roster(path)
    assert ID not in str(info.value)


def test_the_alias_table_is_documented() -> None:
    """docs/roster-files.md lists every alias of headers.ALIASES, and nothing else."""
    text = (ROOT / "docs" / "roster-files.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| ([a-z_]+) \| [^|]+ \|([^|]*)\|$", text, flags=re.M))
    for field, aliases in ALIASES.items():
        documented = [a.strip() for a in table[field].split(",") if a.strip()]
        assert documented == list(aliases[1:]), field


def test_stray_quote_rows_are_read_one_by_one_and_reported(tmp_path: Path) -> None:
    ids = [resident_id(__import__("datetime").date(1970 + i, 1, 1), serial=i + 1) for i in range(6)]
    lines = ["姓名,证件号码"] + [
        (f'"职工{i}' if i == 1 else f"职工{i}") + f",{ids[i]}" for i in range(6)
    ]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_roster(path) as source:
        rows = list(source.rows())
        findings = [(f.code, f.row, f.severity.value) for f in source.findings]
    assert [r.values["id_number"] for r in rows] == ids
    assert [r.row for r in rows] == [2, 3, 4, 5, 6, 7]
    assert findings == [
        ("file.stray_quote", 3, "error"),
        *[("file.swallowed_row", n, "warning") for n in (4, 5, 6, 7)],
    ]


def test_a_quoted_address_on_two_lines_stays_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f'姓名,证件号码,地址\n张三,{ID},"北京市\n朝阳区"\n', encoding="utf-8")
    with open_roster(path) as source:
        rows = list(source.rows())
        assert source.findings == []
    assert len(rows) == 1 and rows[0].raw[2] == "北京市\n朝阳区"


def test_a_notes_row_between_members_is_a_member(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"姓名,证件号码\n张三,{ID}\n备注,\n李四,{ID}\n", encoding="utf-8")
    with open_roster(path) as source:
        assert [r.row for r in source.rows()] == [2, 3, 4]
        assert source.findings == []


def _declining(*args: object) -> None:
    """The numpy engine declining every file."""


def test_auto_falls_back_when_calamine_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the guards passed but calamine refuses is read by the next engine."""
    from mutualaid.roster import _calamine
    from mutualaid.roster._xlsx import damaged

    def refuse(path: Path, package: object) -> None:
        raise damaged(path, RuntimeError("calamine says no"))

    monkeypatch.setattr(_calamine, "CalamineBook", refuse)
    monkeypatch.setattr(readers, "_numpy_source", _declining)
    path = _xlsx(tmp_path / "r.xlsx", HEADER + _member(2))
    for engine in ("auto", "calamine"):
        with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
            assert source.engine == "openpyxl"
            assert [r.values["id_number"] for r in source.rows()] == [ID]
