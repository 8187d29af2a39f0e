"""The stream engine (``mutualaid.roster._xlsx_stream``): same rows as openpyxl, streamed."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_readers import _cells as _reader_cells

from mutualaid.errors import RosterFileError
from mutualaid.roster import Limits, RawRow, _xlsx_stream, open_roster
from mutualaid.roster._xlsx_stream import StreamBook, is_date_format

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
ID1 = "11010519491231002X"


def read(path: Path, engine: str, **kwargs: object) -> tuple[object, ...]:
    with open_roster(path, engine=engine, **kwargs) as source:  # type: ignore[arg-type]
        return source.sheet, source.header_row, source.engine != "x", list(source.rows())


def rows(path: Path, engine: str, **kwargs: object) -> list[RawRow]:
    with open_roster(path, engine=engine, **kwargs) as source:  # type: ignore[arg-type]
        return list(source.rows())


def workbook(
    path: Path,
    sheet_xml: str,
    *,
    prefix: str = "",
    strings: str = "",
    styles: str = "",
    workbook_pr: str = "",
    extra_sheets: str = "",
) -> Path:
    """A hand-written .xlsx: one worksheet whose <sheetData> content is ``sheet_xml``."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<{p}workbook {xmlns} xmlns:r="{DOC}">{workbook_pr}<{p}sheets>'
        f'<{p}sheet name="名单" sheetId="1" r:id="rId1"/>{extra_sheets}</{p}sheets></{p}workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{DOC}/worksheet" Target="worksheets/sheet2.xml"/>'
        "</Relationships>",
        "xl/styles.xml": f"<{p}styleSheet {xmlns}>{styles}</{p}styleSheet>",
        "xl/sharedStrings.xml": f"<{p}sst {xmlns}>{strings}</{p}sst>",
        "xl/worksheets/sheet1.xml": f"<{p}worksheet {xmlns}><{p}sheetData>{sheet_xml}"
        f"</{p}sheetData></{p}worksheet>",
        "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        f'<c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + xml)
    return path


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>证件号码</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>出生日期</t></is></c></row>'
)
STYLES = (
    '<numFmts><numFmt numFmtId="176" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="177" formatCode="[h]:mm:ss"/><numFmt numFmtId="178" formatCode="0.00"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    + "".join(
        f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        for n in (0, 14, 176, 177, 178)
    )
    + "</cellXfs>"
)


def test_every_cell_kind_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    strings = (
        "<si><t>张三</t></si>"
        '<si><r><t xml:space="preserve">李 </t></r><r><rPr/><t>四</t></r>'
        '<rPh sb="0" eb="1"><t>リ</t></rPh></si>'
        "<si><t>a_x005F_b</t></si>"
    )
    body = (
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" s="0" t="s"><v>2</v></c>'
        '<c r="C2" s="1"><v>32875</v></c><c r="D2" s="2"><v>32875.5</v></c>'
        '<c r="E2" s="3"><v>1.5</v></c><c r="F2" s="4"><v>3</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="inlineStr"><is><t> '
        + ID1
        + ' </t></is></c><c r="C3" t="d"><v>1990-01-02</v></c><c r="D3" t="b"><v>1</v></c>'
        '<c r="E3" t="e"><v>#N/A</v></c><c r="F3" t="str"><f>A1</f><v>x</v></c>'
        '<c r="G3"><v>1.10101199003071E+17</v></c><c r="H3" s="2"><v>0.25</v></c></row>'
        '<row r="6"><c r="A6"><v>7</v></c><c r="C6" t="inlineStr"><is><r><t>王</t></r><r><t>五</t></r>'
        '<rPh sb="0" eb="1"><t>wang</t></rPh></is></c></row>'
        '<row><c><v>8</v></c><c/><c t="inlineStr"/><c><v></v></c></row>'
    )
    path = workbook(tmp_path / "kinds.xlsx", HEADER_ROW + body, strings=strings, styles=STYLES)
    by_stream = rows(path, "stream")
    assert by_stream == rows(path, "openpyxl")
    assert [r.row for r in by_stream] == [2, 3, 4, 5, 6, 7]
    assert by_stream[0].raw == (
        "张三", "a_b", date(1990, 1, 2), datetime(1990, 1, 2, 12), timedelta(days=1.5), 3,
    )  # fmt: skip
    assert by_stream[1].raw[:8] == (
        "李 四",
        f" {ID1} ",
        date(1990, 1, 2),
        True,
        None,
        "x",
        int(1.10101199003071e17),  # through a double, as Excel and calamine read it
        time(6),
    )
    assert [r.blank for r in by_stream] == [False, False, True, True, False, False]
    assert by_stream[4].raw == (7, None, "王五")
    assert by_stream[5].raw == (8, None, None)


def test_cells_out_of_order_are_placed_by_reference_as_calamine_does(tmp_path: Path) -> None:
    body = HEADER_ROW + (
        '<row r="2"><c r="C2" t="inlineStr"><is><t>王五</t></is></c><c r="A2"><v>7</v></c></row>'
    )
    path = workbook(tmp_path / "order.xlsx", body, styles=STYLES)
    assert rows(path, "stream") == rows(path, "calamine")
    assert rows(path, "stream")[0].raw == (7, None, "王五")  # openpyxl drops C2 here


def test_prefixed_namespace_and_1904_dates(tmp_path: Path) -> None:
    body = HEADER_ROW.replace("<", "<x:").replace("<x:/", "</x:") + (
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>张三</x:t></x:is></x:c>'
        '<x:c r="C2" s="1"><x:v>1</x:v></x:c></x:row>'
    )
    path = workbook(
        tmp_path / "x.xlsx",
        body,
        prefix="x",
        styles=STYLES.replace("<", "<x:").replace("<x:/", "</x:"),
        workbook_pr='<x:workbookPr date1904="1"/>',
    )
    assert rows(path, "stream") == rows(path, "openpyxl")
    assert rows(path, "stream")[0].raw == ("张三", None, date(1904, 1, 2))


def test_sheets_states_and_order_match_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["填表说明"])
    hidden = book.create_sheet("旧名单")
    hidden.append(["姓名", "证件号码"])
    hidden.sheet_state = "hidden"
    roster = book.create_sheet("名单")
    roster.append(["姓名", "证件号码"])
    roster.append(["张三", ID1])
    path = tmp_path / "sheets.xlsx"
    book.save(path)
    stream = StreamBook(path)
    try:
        assert stream.sheets() == [("说明", True), ("旧名单", False), ("名单", True)]
    finally:
        stream.close()
    assert read(path, "stream") == read(path, "openpyxl")
    assert read(path, "stream", sheet="旧名单") == read(path, "openpyxl", sheet="旧名单")


def test_auto_engine_is_stream_without_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mutualaid.roster import _calamine

    monkeypatch.setattr(_calamine, "available", lambda: False)
    path = workbook(tmp_path / "a.xlsx", HEADER_ROW)
    with open_roster(path) as source:
        assert source.engine == "stream"
    with open_roster(path, engine="openpyxl") as source:
        assert source.engine == "openpyxl"


def test_rows_are_streamed_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_xlsx_stream, "_CHUNK", 4096)
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>张{n}</t></is></c></row>'
        for n in range(2, 20_000)
    )
    path = workbook(tmp_path / "big.xlsx", HEADER_ROW + body)
    book = StreamBook(path)
    reads: list[int] = []
    with book._zip.open("xl/worksheets/sheet1.xml") as member:

        def read_chunk(size: int) -> bytes:
            reads.append(size)
            return member.read(size)

        parser = _xlsx_stream._SheetParser(book, read_chunk).rows()
        first = [next(parser) for _ in range(3)]
        assert first[2] == ["张3"]
        assert len(reads) <= 2  # the sheet is about 200 chunks long
    book.close()


def test_damaged_sheet_xml_is_a_roster_file_error(tmp_path: Path) -> None:
    path = workbook(tmp_path / "bad.xlsx", HEADER_ROW + '<row r="2"><c r="A2"><v>1</c></row>')
    with pytest.raises(RosterFileError) as caught:
        rows(path, "stream")
    assert "bad.xlsx" in str(caught.value) and caught.value.hint


def test_guards_run_before_the_stream_reader(tmp_path: Path) -> None:
    path = workbook(tmp_path / "doctype.xlsx", HEADER_ROW)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/evil.xml", '<!DOCTYPE x [<!ENTITY a "b">]><x/>')
    with pytest.raises(RosterFileError, match="DOCTYPE"):
        open_roster(path, engine="stream")
    with pytest.raises(RosterFileError, match="shared text table"):
        open_roster(
            workbook(tmp_path / "s.xlsx", HEADER_ROW, strings="<si><t>x</t></si>" * 100),
            engine="stream",
            limits=Limits(shared_strings=100),
        )
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(path.read_bytes()[:300])
    with pytest.raises(RosterFileError):
        open_roster(truncated, engine="stream")


@pytest.mark.parametrize(
    ("code", "expected"),
    [("yyyy年m月d日", True), ("0.00_);[Red](0.00)", False), ('"day"0', False), ("mm:ss", True),
     ("[$-804]yyyy/m/d", True), ("@", False), ("General", False)],
)  # fmt: skip
def test_date_formats(code: str, expected: bool) -> None:
    assert is_date_format(code) is expected


# --- parity on arbitrary sheets, both ways openpyxl writes strings ----------------

# the reader tests' cells, and times of day
_cells = st.one_of(_reader_cells, st.times().map(lambda t: t.replace(microsecond=0)))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.lists(st.lists(_cells, max_size=6), max_size=8),
    gaps=st.lists(st.integers(min_value=0, max_value=2), max_size=8),
    write_only=st.booleans(),
)
def test_stream_gives_the_rows_openpyxl_gives(
    tmp_path: Path, body: list[list[object]], gaps: list[int], write_only: bool
) -> None:
    path = tmp_path / "parity.xlsx"
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("名单") if write_only else book.active
    sheet.append(["序号", "姓名", "证件号码", "出生日期"])
    for index, values in enumerate(body):
        for _ in range(gaps[index] if index < len(gaps) and not write_only else 0):
            sheet.append([])
        sheet.append(values)
    book.save(path)
    by_stream = read(path, "stream")
    assert by_stream == read(path, "openpyxl")
    assert by_stream == read(path, "calamine") or any(
        isinstance(v, time) for r in body for v in r
    )  # calamine reads a lone time as a duration
