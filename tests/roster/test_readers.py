"""open_roster: headers, header row, sheets, blank rows, CSV encodings, engine parity.

Every fixture is built in tmp_path with openpyxl (no binary fixtures).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.errors import MissingColumn, RosterError, SheetNotFound
from mutualaid.model.columns import CANONICAL_COLUMNS, TemplateColumn
from mutualaid.roster import Limits, RawRow, open_roster
from mutualaid.roster.cells import date_cell, id_number_cell

ENGINES = ("openpyxl", "calamine")
ID1 = "11010519491231002X"
ID2 = "110101199003071235"


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    title: str = "名单",
    **sheets: Sequence[Sequence[object]],
) -> Path:
    """One sheet ``title`` with ``rows`` (None cells skipped), then any other sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for name, other in sheets.items():
        extra = wb.create_sheet(name)
        for row in other:
            extra.append(list(row))
    wb.save(path)
    return path


def read(path: Path, engine: str = "openpyxl", **kwargs: object) -> list[RawRow]:
    with open_roster(path, engine=engine, **kwargs) as source:  # type: ignore[arg-type]
        return list(source.rows())


# --- headers ----------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("name_header", "id_header"),
    [
        ("姓名", "证件号码"),
        (" 姓 名 ", "证件\u3000号码"),
        ("*姓名", "证件号码（必填）"),
        ("姓名\n(必填)", "身份证号"),
        ("姓\u00a0名*", "身份证号码【必填】"),
        ("＊姓名", "证件号码(请设置为文本格式)"),
    ],
)
def test_header_variants_map_to_fields(
    tmp_path: Path, engine: str, name_header: str, id_header: str
) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [[id_header, "备注", name_header], [ID1, "x", "张三"]])
    with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
        assert source.header_map.fields == {"id_number": 0, "name": 2}
        assert source.header_map.unknown == ((1, "备注"),)
        assert source.header_map.header_of("id_number") == id_header.strip()
        rows = list(source.rows())
    assert [(r.row, r.values) for r in rows] == [(2, {"id_number": ID1, "name": "张三"})]
    assert rows[0].raw == (ID1, "x", "张三")


def test_pack_columns_and_their_aliases_are_accepted(tmp_path: Path) -> None:
    pack = (
        TemplateColumn("name", "职工姓名", required=True),
        TemplateColumn("id_number", "证件号码", required=True),
        TemplateColumn("x_department", "部门", aliases=("科室",)),
    )
    path = write_xlsx(
        tmp_path / "r.xlsx", [["职工姓名", "身份证号", "科室"], ["张三", ID1, "财务"]]
    )
    (row,) = read(path, columns=pack)
    assert row.values == {"name": "张三", "id_number": ID1, "x_department": "财务"}


def test_duplicate_columns_first_one_counts(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码", "身份证号"], ["张三", ID1, ID2]])
    with open_roster(path) as source:
        assert source.header_map.duplicates == (("id_number", (1, 2)),)
        assert [r.values["id_number"] for r in source.rows()] == [ID1]


@pytest.mark.parametrize("engine", ENGINES)
def test_title_rows_above_the_header_are_skipped(tmp_path: Path, engine: str) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["2025年参保人员名单"],
            [None],
            ["单位：某某公司", None, "填表日期：2025-01-01"],
            ["序号", "姓名", "证件号码"],
            [1, "张三", ID1],
        ],
    )
    with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
        assert source.header_row == 4
        assert [(r.row, r.values) for r in source.rows()] == [
            (5, {"name": "张三", "id_number": ID1})
        ]


@pytest.mark.parametrize("engine", ENGINES)
def test_data_starting_in_a_later_column_keeps_its_positions(tmp_path: Path, engine: str) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx", [[None], [None, None, "姓名", "证件号码"], [None, None, "张三", ID1]]
    )
    with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
        assert source.header_row == 2
        assert source.header_map.fields == {"name": 2, "id_number": 3}
        (row,) = source.rows()
    assert row.row == 3
    assert row.raw == (None, None, "张三", ID1)


@pytest.mark.parametrize("engine", ENGINES)
def test_missing_required_column_names_file_sheet_and_header(tmp_path: Path, engine: str) -> None:
    path = write_xlsx(
        tmp_path / "单位名单.xlsx", [["标题"], ["姓名", "手机号码"], ["张三", "13912345678"]]
    )
    with pytest.raises(MissingColumn) as info:
        open_roster(path, engine=engine)  # type: ignore[arg-type]
    err = info.value
    text = str(err)
    assert "单位名单.xlsx" in text and "sheet 名单" in text and "row 2" in text
    assert "证件号码" in err.message
    assert err.hint is not None and "身份证号" in err.hint
    assert err.details["missing"] == ["证件号码"]


def test_no_header_row_at_all(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(MissingColumn, match=r"no header row in the first 10 rows.*姓名, 证件号码"):
        open_roster(path)


def test_header_below_row_ten_is_not_found(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["x"]] * 10 + [["姓名", "证件号码"]])
    with pytest.raises(MissingColumn):
        open_roster(path)


# --- sheets -------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_default_sheet_is_the_first_with_a_header(tmp_path: Path, engine: str) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["填写说明"], ["证件号码请设置为文本格式"]],
        title="说明",
        名单=[["姓名", "证件号码"], ["张三", ID1]],
    )
    with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
        assert source.sheet == "名单"
        assert len(list(source.rows())) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_hidden_sheets_are_skipped_unless_named(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "旧名单"
    hidden.append(["姓名", "证件号码"])
    hidden.append(["旧", ID2])
    hidden.sheet_state = "hidden"
    shown = wb.create_sheet("名单")
    shown.append(["姓名", "证件号码"])
    shown.append(["新", ID1])
    wb.active = 1
    wb.save(path)
    assert [r.values["name"] for r in read(path, engine)] == ["新"]
    assert [r.values["name"] for r in read(path, engine, sheet="旧名单")] == ["旧"]


@pytest.mark.parametrize("engine", ENGINES)
def test_missing_sheet_lists_the_sheets(tmp_path: Path, engine: str) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码"]], 说明=[["x"]])
    with pytest.raises(SheetNotFound) as info:
        open_roster(path, sheet="Sheet1", engine=engine)  # type: ignore[arg-type]
    assert "r.xlsx" in str(info.value)
    assert "名单, 说明" in info.value.message
    assert info.value.details["sheets"] == ["名单", "说明"]


def test_sheet_name_matches_ignoring_spaces_and_width(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码"]], title="名单 Ａ")
    with open_roster(path, sheet="名单a") as source:
        assert source.sheet == "名单 Ａ"


def test_missing_columns_on_every_sheet_reports_the_best_one(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["说明"]], title="说明", 名单=[["姓名", "性别"]])
    with pytest.raises(MissingColumn) as info:
        open_roster(path)
    assert info.value.location is not None and info.value.location.sheet == "名单"
    assert "sheets checked: 说明, 名单" in info.value.message


# --- rows ---------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_blank_rows_inside_are_kept_and_trailing_ones_dropped(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "证件号码", "备注"])
    ws.append(["张三", ID1])
    ws.append([None, "   ", None])  # whitespace only: blank
    ws.append([])
    ws.append(["李四", ID2])
    ws.append([None, None, None])
    ws.cell(row=40, column=2).number_format = "@"  # formatted, empty: Excel leaves these
    ws.cell(row=41, column=1, value="")
    wb.save(path)
    rows = read(path, engine)
    assert [(r.row, r.blank) for r in rows] == [(2, False), (3, True), (4, True), (5, False)]
    assert rows[1].values == {"name": None, "id_number": None}
    assert rows[1].raw == (None, None, None)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_lone_value_far_below_is_not_lost(tmp_path: Path, engine: str) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["姓名", "证件号码"], ["张三", ID1], *[[None]] * 5, [None, None, "王五"]],
    )
    rows = read(path, engine)
    assert [(r.row, r.blank) for r in rows][-2:] == [(7, True), (8, False)]
    assert rows[-1].raw == (None, None, "王五")
    assert rows[-1].values == {"name": None, "id_number": None}


@pytest.mark.parametrize("engine", ENGINES)
def test_cells_are_normalized(tmp_path: Path, engine: str) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["姓名", "证件号码", "出生日期", "份数", "是否退休"],
            [" 张三 ", f" {ID1} ", datetime(1990, 1, 2), 1.0, True],
            ["李四", 110101199003071235, date(1990, 3, 7), 2.5, "否"],
            ["王五", 1.101011990030712e17, datetime(1990, 3, 7, 8, 30), "#N/A", None],
            ["赵六", ID2, 32874, "=1+1", time(8, 30)],
        ],
    )
    rows = read(path, engine)
    assert [r.raw for r in rows] == [
        (" 张三 ", f" {ID1} ", date(1990, 1, 2), 1, True),
        ("李四", 110101199003071200, date(1990, 3, 7), 2.5, "否"),  # a double keeps 15-17 digits
        ("王五", 110101199003071200, datetime(1990, 3, 7, 8, 30), None, None),
        ("赵六", ID2, 32874, None, time(8, 30)),
    ]
    assert [id_number_cell(r.values["id_number"]) for r in rows] == [
        (ID1, False),
        ("110101199003071200", True),
        ("110101199003071200", True),
        (ID2, False),
    ]
    assert [date_cell(r.values["birth_date"]) for r in rows] == [
        date(1990, 1, 2),
        date(1990, 3, 7),
        date(1990, 3, 7),
        date(1990, 1, 1),
    ]


def test_cells_beyond_the_header_are_kept_in_raw(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码"], ["张三", ID1, None, "多出来的"]])
    (row,) = read(path)
    assert row.raw == ("张三", ID1, None, "多出来的")
    assert row.values == {"name": "张三", "id_number": ID1}


def test_wrong_dimension_record_does_not_truncate(tmp_path: Path) -> None:
    """Some writers record <dimension ref="A1"/>; openpyxl would trust it."""
    good = write_xlsx(tmp_path / "good.xlsx", [["姓名", "证件号码"], ["张三", ID1], ["李四", ID2]])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
                assert b'<dimension ref="A1"' in data
            dst.writestr(info, data)
    assert read(bad, "openpyxl") == read(good, "openpyxl") == read(bad, "calamine")
    assert len(read(bad)) == 2


def test_long_integer_text_in_the_xml_reads_the_same_with_both_engines(tmp_path: Path) -> None:
    """Excel writes at most 17 digits, but other tools may write an 18-digit <v>."""
    good = write_xlsx(tmp_path / "good.xlsx", [["姓名", "证件号码"], ["李四", 5]])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>5</v>", b"<v>110101199003071235</v>")
            dst.writestr(info, data)
    (row,) = read(bad, "openpyxl")
    assert [row] == read(bad, "calamine")
    assert row.values["id_number"] == int(float(110101199003071235))
    assert id_number_cell(row.values["id_number"])[1]


def test_rows_can_be_read_twice_and_location_names_the_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "身份证号"], ["张三", ID1]])
    with open_roster(path, engine="openpyxl") as source:
        assert list(source.rows()) == list(source.rows())
        assert str(source.location(2, "id_number")) == "r.xlsx, sheet 名单, row 2, column 身份证号"
        assert "openpyxl" in repr(source)


def test_raw_row_repr_hides_personal_data(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码"], ["张三", ID1]])
    (row,) = read(path)
    assert ID1 not in repr(row) and "张三" not in repr(row)


def test_auto_engine_prefers_numpy_then_calamine(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码"]])
    with open_roster(path) as source:
        assert source.engine == "numpy"
    with open_roster(path, engine="calamine") as source:
        assert source.engine == "calamine"


def test_unknown_engine_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码"]])
    with pytest.raises(ValueError, match="engine must be"):
        open_roster(path, engine="xlrd")  # type: ignore[arg-type]


# --- engine parity on arbitrary sheets -------------------------------------------

_cells = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from("张三 \u3000ab1-"), max_size=6),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda f: round(f, 4)),
    st.booleans(),
    st.dates(min_value=date(1901, 1, 1), max_value=date(2100, 12, 31)),
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.lists(st.lists(_cells, max_size=6), max_size=8))
def test_engines_give_identical_rows(tmp_path: Path, body: list[list[object]]) -> None:
    path = write_xlsx(tmp_path / "parity.xlsx", [["序号", "姓名", "证件号码", "出生日期"], *body])
    by_openpyxl = read(path, "openpyxl")
    assert by_openpyxl == read(path, "calamine")
    assert all(r.row > 1 for r in by_openpyxl)
    assert not by_openpyxl or not by_openpyxl[-1].blank


# --- CSV ------------------------------------------------------------------------------

CSV_TEXT = "姓名,证件号码,出生日期\r\n张三, 11010519491231002X ,1949-12-31\r\n,,\r\n李四,110101199003071235,19900307\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    with open_roster(path, sheet="ignored") as source:
        assert source.engine == "csv" and source.sheet is None
        assert source.encoding in {encoding, "gb18030", "utf-8-sig", "utf-16"}
        rows = list(source.rows())
    assert [(r.row, r.blank, r.values["name"]) for r in rows] == [
        (2, False, "张三"),
        (3, True, None),
        (4, False, "李四"),
    ]
    assert rows[0].values["id_number"] == " 11010519491231002X "
    assert [date_cell(r.values["birth_date"]) for r in rows] == [
        date(1949, 12, 31),
        None,
        date(1990, 3, 7),
    ]


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_csv_delimiters_are_sniffed_from_the_header(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "r.txt"
    path.write_text(CSV_TEXT.replace(",", delimiter), encoding="utf-8")
    assert [r.values["name"] for r in read(path)] == ["张三", None, "李四"]


def test_csv_quoted_multiline_field_counts_as_one_row(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('姓名,证件号码,备注\n张三,1,"两\n行"\n李四,2,\n', encoding="utf-8")
    rows = read(path)
    assert [(r.row, r.values["name"]) for r in rows] == [(2, "张三"), (3, "李四")]
    assert rows[0].raw == ("张三", "1", "两\n行")


def test_csv_gbk_is_detected_past_a_long_ascii_header(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(
        ("姓名,证件号码\n" + "".join(f"张{i},{i}\n" for i in range(5000))).encode("gbk")
    )
    rows = read(path)
    assert len(rows) == 5000 and rows[-1].values["name"] == "张4999"


def test_errors_share_the_roster_base_class(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(RosterError):
        open_roster(path)


def test_canonical_columns_are_the_default() -> None:
    defaults = open_roster.__kwdefaults__ or {}
    assert defaults["columns"] is CANONICAL_COLUMNS


def test_auto_engine_streams_huge_sheets_with_openpyxl(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码"], ["张三", ID1]])
    with open_roster(path, limits=Limits(calamine_sheet=100)) as source:
        assert source.engine == "openpyxl"
    with open_roster(path, engine="calamine", limits=Limits(calamine_cells=3)) as source:
        assert source.engine == "openpyxl"
    with open_roster(path, engine="calamine") as source:
        assert source.engine == "calamine"
    with open_roster(path) as source:
        assert source.engine == "numpy"


def test_the_retired_stream_engine_reads_as_openpyxl(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "证件号码"], ["张三", ID1]])
    with pytest.warns(DeprecationWarning), open_roster(path, engine="stream") as source:
        assert source.engine == "openpyxl"
