"""``mutualaid check`` and ``mutualaid template`` end to end: exit codes, output, junk files."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from mutualaid.cli.main import main
from mutualaid.rules import RuleEngine
from mutualaid.testing.members import resident_id

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "data"
YIYANG = ("--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60")
_ENGINE = RuleEngine.from_entry_points(names=("yiyang",))


class Terminal(io.StringIO):
    """An output stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run(*argv: str, stderr: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    status = main(list(argv), engine=_ENGINE, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def csv_roster(path: Path, rows: int) -> Path:
    lines = ["姓名,证件类型,证件号码,手机号码"]
    for i in range(rows):
        born = date(1966 + i % 40, 1 + (i // 40) % 12, 1 + (i // 480) % 28)  # unique below 13,440
        number = resident_id(born, "male", serial=1)
        lines.append(f"职工{i},居民身份证,{number},139{i:08d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- the bundled samples -----------------------------------------------------------


def test_the_quick_start_sample_exits_0_with_a_readable_summary() -> None:
    status, out, err = run("check", str(SAMPLES / "yiyang_roster.xlsx"), *YIYANG)
    assert status == 0, out + err
    assert "Rows 20: accepted 19, needs material 1, rejected 0 (blank rows: 1)" in out
    assert "Amount due: 1,200.00 yuan for 20 member(s)" in out
    assert "Result: OK" in out
    assert "age.over_retirement" in out
    assert "430902********" in out  # ID numbers masked
    assert err == ""


def test_the_error_sample_exits_1_with_each_code_on_its_row() -> None:
    status, out, _ = run(
        "check", str(SAMPLES / "yiyang_roster_errors.xlsx"), *YIYANG, "--format", "json"
    )
    assert status == 1
    data = json.loads(out)
    assert set(data) == {"pack", "plan", "rows", "roster_findings", "summary"}
    codes = {r["row"]: sorted({f["code"] for f in r["findings"]}) for r in data["rows"]}
    assert codes == {
        2: [],
        3: ["field.required"],
        4: ["id.format"],
        5: ["id.checksum"],
        6: ["id.birth_date"],
        7: ["id.numeric_cell"],
        8: ["id.duplicate"],
        9: ["member.gender_mismatch"],
        10: ["member.birth_date_mismatch"],
        11: ["phone.format"],
        12: ["age.below_minimum"],
        13: ["age.over_retirement"],
        14: ["member.gender_required"],
        15: ["field.invalid_choice"],
        16: ["field.invalid_date"],
        17: ["field.invalid_choice"],
        18: ["phone.format"],
    }
    summary = data["summary"]
    assert summary["rows"] == summary["accepted"] + summary["needs_material"] + summary["rejected"]
    assert summary == {
        "rows": 17,
        "accepted": 1,
        "needs_material": 1,
        "rejected": 15,
        "blank": 0,
        "amount_due": "120.00",
    }
    finding = data["rows"][1]["findings"][0]
    assert set(finding) == {"code", "severity", "column", "message", "message_en"}
    assert finding["column"] == "姓名" and finding["severity"] == "error"


def test_samples_are_what_make_samples_writes(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, rows in (
        ("yiyang_roster.xlsx", module.clean_rows()),
        ("yiyang_roster_errors.xlsx", module.error_rows()),
    ):
        again = module.write(tmp_path / name, rows)
        assert again.read_bytes() == (SAMPLES / name).read_bytes(), f"{name}: run make_samples.py"


# --- roster-level findings ---------------------------------------------------------


def test_a_10001_row_yiyang_roster_reports_the_row_limit(tmp_path: Path) -> None:
    path = csv_roster(tmp_path / "big.csv", 10_001)
    status, out, _ = run("check", str(path), *YIYANG, "--format", "json")
    assert status == 0  # 「单次导入名单建议不超过10000条」 (seed 004, 2.(五)): a warning
    data = json.loads(out)
    assert [f["code"] for f in data["roster_findings"]] == ["roster.row_limit"]
    assert [f["severity"] for f in data["roster_findings"]] == ["warning"]
    assert data["summary"]["rows"] == 10_001
    ok, _, _ = run("check", str(csv_roster(tmp_path / "ok.csv", 10_000)), *YIYANG)
    assert ok == 0


def test_progress_shows_on_a_terminal_for_long_files(tmp_path: Path) -> None:
    path = csv_roster(tmp_path / "big.csv", 9000)
    terminal = Terminal()
    status, _out, _ = run("check", str(path), *YIYANG, stderr=terminal)
    assert status == 0
    shown = terminal.getvalue()
    assert "91% 8,192/9,001 rows" in shown and "4,096" not in shown  # header line counted too
    quiet = io.StringIO()
    run("check", str(path), *YIYANG, stderr=quiet)
    assert quiet.getvalue() == ""


def test_declared_headcount(tmp_path: Path) -> None:
    path = csv_roster(tmp_path / "r.csv", 3)
    status, out, _ = run("check", str(path), *YIYANG, "--declared", "4", "--lang", "zh")
    assert status == 0  # Yiyang does not require the roster to equal the declared count
    assert "roster.count_mismatch: 录入人员数量3与填写的申报人数4不符" in out
    out = run("check", str(path), *YIYANG, "--declared", "4", "--lang", "en")[1]
    assert "roster.count_mismatch: 3 member(s) on the roster, but 4 declared" in out


def test_on_changes_the_ages(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"姓名,证件号码\n甲,{resident_id(date(2010, 6, 1))}\n", encoding="utf-8")
    assert run("check", str(path), *YIYANG)[0] == 1  # 15 on 2026-01-01
    assert run("check", str(path), *YIYANG, "--on", "2026-06-01")[0] == 0


def test_errors_out_writes_the_rejected_rows(tmp_path: Path) -> None:
    target = tmp_path / "失败人员.xlsx"
    status, out, err = run(
        "check",
        str(SAMPLES / "yiyang_roster_errors.xlsx"),
        *YIYANG,
        "--errors-out",
        str(target),
        "--format",
        "json",
    )
    assert status == 1 and "rejected rows written to" in err
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    assert sheet.max_row == 16  # header + 15 rejected rows
    assert [c.value for c in sheet[1]][-2:] == ["原行号", "错误原因"]
    clean, out, _ = run(
        "check",
        str(SAMPLES / "yiyang_roster.xlsx"),
        *YIYANG,
        "--errors-out",
        str(tmp_path / "x.xlsx"),
    )
    assert clean == 0 and "No rejected rows" in out and not (tmp_path / "x.xlsx").exists()


# --- usage and file errors: exit 2, one line, no traceback ----------------------------------


def _truncated(path: Path) -> Path:
    data = (SAMPLES / "yiyang_roster.xlsx").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w") as out:
            block = b"<si><t>a</t></si>" * 4096
            for _ in range(17 * 1024 * 1024 // len(block) + 1):
                out.write(block)
    return path


JUNK: dict[str, Callable[[Path], Path]] = {
    "empty.xlsx": lambda p: (p.write_bytes(b""), p)[1],
    "truncated.xlsx": _truncated,
    "text.xlsx": lambda p: (p.write_text("姓名,证件号码\n张三,1\n", encoding="utf-8"), p)[1],
    "old.xls": lambda p: (p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024), p)[1],
    "bomb.xlsx": _bomb,
    "missing.xlsx": lambda p: p,
}


@pytest.mark.parametrize("name", sorted(JUNK))
@pytest.mark.parametrize("engine", ["openpyxl", "calamine", "stream", "auto"])
def test_junk_files_exit_2_with_a_clear_line(tmp_path: Path, name: str, engine: str) -> None:
    path = JUNK[name](tmp_path / name)
    status, out, err = run("check", str(path), *YIYANG, "--engine", engine)
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mutualaid check: error: ")
    assert name in lines[0]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--plan", "YY-HOSP-2026"), "--pack"),
        (("--pack", "nowhere", "--plan", "YY-HOSP-2026"), "no rule pack named 'nowhere'"),
        (("--pack", "yiyang", "--plan", "NOPE"), "has no plan 'NOPE'"),
        (("--pack", "yiyang", "--plan", "YY-HOSP-2026"), "--tier is needed"),
        ((*YIYANG, "--tier", "T75"), "has no tier 'T75'"),
        ((*YIYANG, "--on", "2026-02-30"), "not a date"),
        ((*YIYANG, "--shares", "0"), "at least 1"),
        ((*YIYANG, "--format", "xml"), "invalid choice"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, argv: tuple[str, ...], says: str) -> None:
    path = csv_roster(tmp_path / "r.csv", 1)
    status, _out, err = run("check", str(path), *argv)
    assert status == 2 and says in err and "Traceback" not in err


def test_a_missing_column_blocks_with_a_header_finding(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("姓名,手机号\n张三,13912345678\n", encoding="utf-8")
    status, out, _ = run("check", str(path), *YIYANG)
    assert status == 1 and "header.missing_column" in out and "证件号码" in out


# --- template ---------------------------------------------------------------------


def test_template_writes_the_packs_template(tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    status, out, _ = run(
        "template", "--pack", "yiyang", "--plan", "YY-HOSP-2026", "-o", str(target)
    )
    assert status == 0 and "医保类型" in out
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[0] == "参保职工汇总表"
    # the template's own headers import cleanly (an empty roster)
    status, out, _ = run("check", str(target), *YIYANG)
    assert status == 1 and "roster.empty" in out


def test_template_usage_errors(tmp_path: Path) -> None:
    status, _, err = run(
        "template", "--pack", "yiyang", "--plan", "YY-HOSP-2026", "-o", str(tmp_path / "t.csv")
    )
    assert status == 2 and ".xlsx" in err
    status, _, err = run(
        "template", "--pack", "yiyang", "--plan", "X", "-o", str(tmp_path / "t.xlsx")
    )
    assert status == 2 and "has no plan 'X'" in err
