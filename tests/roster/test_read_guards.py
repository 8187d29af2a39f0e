"""Files that are not rosters: each gets a RosterFileError naming the file and what to do.

Nothing from openpyxl, zipfile or calamine may leak; both engines are tried.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from mutualaid.errors import MutualAidError, RosterFileError
from mutualaid.roster import Limits, open_roster

ENGINES = ("openpyxl", "calamine", "numpy")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def good_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "证件号码"])
    for i in range(200):
        ws.append([f"张{i}", f"1101051949123100{i % 10}X"])
    wb.save(path)
    return path


def rewrite(
    src: Path, dst: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None
) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def refused(path: Path, engine: str = "openpyxl", **kwargs: object) -> RosterFileError:
    with (
        pytest.raises(RosterFileError) as info,
        open_roster(path, engine=engine, **kwargs) as source,  # type: ignore[arg-type]
    ):
        list(source.rows())
    err = info.value
    assert err.location is not None and err.location.file == path.name
    assert path.name in str(err)
    assert err.hint, "every file error says what to do"
    assert err.__cause__ is None or isinstance(err.__cause__, MutualAidError)
    return err


@pytest.mark.parametrize("engine", ENGINES)
def test_empty_file(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"")
    assert "empty" in refused(path, engine).message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "not found" in refused(tmp_path / "nope.xlsx").message
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert "folder" in refused(folder).message


@pytest.mark.parametrize("engine", ENGINES)
def test_old_xls(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "r.xls"
    path.write_bytes(CFB_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 2000)
    err = refused(path, engine)
    assert ".xls" in err.message
    assert err.hint is not None and ".xlsx" in err.hint


@pytest.mark.parametrize("engine", ENGINES)
def test_password_protected_workbook(tmp_path: Path, engine: str) -> None:
    """Encrypted OOXML is a compound file with an EncryptionInfo stream."""
    path = tmp_path / "r.xlsx"
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
    path.write_bytes(CFB_MAGIC + b"\x00" * (1024 * 1024 - 5) + directory + b"\x00" * 100)
    err = refused(path, engine)
    assert "password" in err.message
    assert err.hint is not None and "remove the password" in err.hint


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("r.xlsx", "姓名,证件号码\n张三,1\n", "text file named .xlsx"),
        ("r.xls", "<html><table><tr><td>姓名</td></tr></table></html>", "web page"),
        ("r.xlsx", "\ufeff<?xml version='1.0'?><Workbook/>", "web page"),
        ("r.pdf", "%PDF-1.4 something", "not a roster file"),
    ],
)
def test_text_with_a_spreadsheet_name(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    err = refused(path)
    assert expected in err.message
    assert err.hint is not None and ".xlsx" in err.hint


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_workbook(tmp_path: Path, engine: str) -> None:
    whole = good_xlsx(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    err = refused(path, engine)
    assert "damaged or incomplete" in err.message


@pytest.mark.parametrize("engine", ENGINES)
def test_zip_that_is_not_a_workbook(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in refused(path, engine).message


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_xml_inside_is_wrapped(tmp_path: Path, engine: str) -> None:
    good = good_xlsx(tmp_path / "good.xlsx")
    path = rewrite(
        good, tmp_path / "r.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}
    )
    err = refused(path, engine)
    assert "cannot be read" in err.message


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_workbook_part_is_wrapped(tmp_path: Path, engine: str) -> None:
    good = good_xlsx(tmp_path / "good.xlsx")
    path = rewrite(good, tmp_path / "r.xlsx", {"xl/workbook.xml": b"not xml at all"})
    assert "cannot be read" in refused(path, engine).message


@pytest.mark.parametrize("engine", ENGINES)
def test_entity_expansion_is_refused(tmp_path: Path, engine: str) -> None:
    good = good_xlsx(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    root = sheet.index(b"<worksheet")
    laughs = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    bad = sheet[:root] + laughs + sheet[root:].replace(b"\xe5\xbc\xa00", b"&lol2;", 1)
    path = rewrite(good, tmp_path / "r.xlsx", {"xl/worksheets/sheet1.xml": bad})
    assert "DOCTYPE" in refused(path, engine).message


def _bomb(path: Path, member: str, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open(member, "w") as out:
            block = b"<si><t>a</t></si>" * 4096
            for _ in range(size // len(block) + 1):
                out.write(block)
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_zip_bomb_member_ratio(tmp_path: Path, engine: str) -> None:
    path = _bomb(tmp_path / "r.xlsx", "xl/worksheets/sheet1.xml", 17 * 1024 * 1024)
    err = refused(path, engine)
    assert "zip bomb" in err.message and "sheet1.xml" in err.message


@pytest.mark.parametrize("how", ["relationship", "content_type"])
def test_huge_shared_strings_are_refused_whatever_their_name(tmp_path: Path, how: str) -> None:
    """The budget holds for the part the workbook uses, whatever its name (issue 12, item 4)."""
    good = good_xlsx(tmp_path / "good.xlsx")
    big = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>a</t></si>" * (3 * 1024 * 1024 // 17 + 1)
        + b"</sst>"
    )
    name = "xl/Strings/TEXT.XML"
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml" and how == "content_type":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/' + name.encode() + b'" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if info.filename == "xl/_rels/workbook.xml.rels" and how == "relationship":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="Strings/TEXT.XML"/>'
                    b"</Relationships>",
                )
            zout.writestr(info.filename, data)
        zout.writestr(name, big)
    err = refused(path, limits=Limits(shared_strings=2 * 1024 * 1024))
    assert "shared text table is 3 MiB" in err.message


def test_total_inflated_size_is_limited(tmp_path: Path) -> None:
    path = good_xlsx(tmp_path / "r.xlsx")
    err = refused(path, limits=Limits(total_uncompressed=1024))
    assert "inflates to" in err.message


def test_default_limits_leave_room_for_big_rosters() -> None:
    limits = Limits()
    assert limits.total_uncompressed >= 512 * 1024 * 1024
    assert limits.shared_strings >= 64 * 1024 * 1024
    assert limits.member_ratio >= 100


@pytest.mark.parametrize("engine", ENGINES)
def test_a_real_workbook_passes_the_guards(tmp_path: Path, engine: str) -> None:
    path = good_xlsx(tmp_path / "r.xlsx")
    with open_roster(path, engine=engine) as source:  # type: ignore[arg-type]
        assert sum(1 for _ in source.rows()) == 200


def test_binary_file_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "not a text file" in refused(path).message


def test_csv_in_neither_utf8_nor_gbk(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("姓名,证件号码\n".encode() + b"\x80\xff\xfe\x81" * 10)
    assert "neither UTF-8 nor GBK" in refused(path).message


def test_csv_whose_encoding_changes_after_the_start(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    head = "姓名,证件号码\n" + "a,1\n" * 20000  # > 64 KiB of valid UTF-8
    path.write_bytes(head.encode() + "张三,2\n".encode("gbk"))
    err = refused(path)
    assert "stops being utf-8 near line" in err.message
    assert err.hint is not None and "CSV UTF-8" in err.hint


def test_csv_field_too_large(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("姓名,证件号码\n" + '"' + "x" * 200_000 + '",1\n', encoding="utf-8")
    assert "CSV cannot be read" in refused(path).message


def _with_sheet_prolog(tmp_path: Path, prolog: bytes, encoding: str = "utf-8") -> Path:
    good = good_xlsx(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    root = sheet.index("<worksheet")
    entity = '<!DOCTYPE w [<!ENTITY big "' + "x" * 1000 + '">]>'
    body = sheet[root:].replace("张0", "&big;", 1)
    bad = ('<?xml version="1.0"?>' + prolog.decode() + entity + body).encode(encoding)
    return rewrite(good, tmp_path / "r.xlsx", {"xl/worksheets/sheet1.xml": bad})


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("prolog", "encoding"),
    [
        (b"<!--" + b"padding " * 2000 + b"-->\n", "utf-8"),  # past the first few KiB
        (b"<?pi x?>\n<!-- c -->\n", "utf-16"),
    ],
)
def test_doctype_is_found_however_it_is_hidden(
    tmp_path: Path, engine: str, prolog: bytes, encoding: str
) -> None:
    path = _with_sheet_prolog(tmp_path, prolog, encoding)
    assert "DOCTYPE" in refused(path, engine).message


def test_a_prolog_that_never_ends_is_refused(tmp_path: Path) -> None:
    path = _with_sheet_prolog(tmp_path, b"<!--" + b"x" * 70_000 + b"-->")
    assert "DOCTYPE" in refused(path).message


def test_doctype_in_a_part_with_any_name_is_refused(tmp_path: Path) -> None:
    good = good_xlsx(tmp_path / "good.xlsx")
    path = rewrite(
        good, tmp_path / "r.xlsx", {}, add={"xl/worksheets/sheet9.bin": b"<!DOCTYPE x><x/>"}
    )
    assert "sheet9.bin declares a DOCTYPE" in refused(path).message
