"""``mutualaid check --lang``: English prints no Chinese but names and cell values; Chinese no English but codes.

Run on the bundled samples (examples/data) and on hand-made rosters that
trigger most roster codes. "Names and cell values" are taken out before the
check: every cell of the roster, the plan's and tiers' names, the template's
headers and the values its closed columns allow (a clerk types them in
Chinese). In Chinese, what may stay Latin: finding codes, file names, pack
names, plan and tier codes, option names, masked ID numbers and mobiles,
cell values, and the words of docs/languages.md's list (Excel, WPS, ...).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from mutualaid.cli.main import main
from mutualaid.messages.render import NO_ENGLISH
from mutualaid.roster.validation import RosterRules
from mutualaid.rules import RuleEngine
from mutualaid.testing.members import resident_id

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "examples" / "data").glob("*.xlsx"))
ENGINE = RuleEngine.from_entry_points()
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
CODE = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+\b")
OPTION = re.compile(r"--[a-z][a-z-]*")
#: Latin words the Chinese output keeps (docs/languages.md).
KEPT_WORDS = {"mutualaid", "json", "FILE", "xlsx", "csv", "Excel", "WPS"}

YIYANG = ("yiyang", "YY-HOSP-2026", "T60")


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), engine=ENGINE, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def cells_of(path: Path) -> list[str]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8") as handle:
            return [c for row in csv.reader(handle) for c in row if c]
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [
            str(v)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        ]
    finally:
        book.close()


def known_texts(path: Path, pack: str, plan_code: str) -> list[str]:
    """Names and cell values: the roster's cells, the plan's and tiers' names, headers, allowed values."""
    rules = RosterRules.from_pack(ENGINE.pack(pack), plan_code)
    texts = [*cells_of(path), rules.plan.name, *(t.name for t in rules.plan.tiers)]
    for column in rules.columns:
        texts += [column.header, *column.aliases, *column.allowed_values]
        if column.allowed_values:
            texts.append("、".join(column.allowed_values))
    return sorted({t for t in texts if t}, key=len, reverse=True)


def without(text: str, known: Iterable[str]) -> str:
    for item in known:
        text = text.replace(item, " ")
    return text


def args(path: Path, pack: str, plan: str, tier: str | None, *extra: str) -> list[str]:
    found = ["check", str(path), "--pack", pack, "--plan", plan]
    return [*found, *(("--tier", tier) if tier else ()), *extra]


def assert_english(path: Path, pack: str, plan: str, tier: str | None, *extra: str) -> str:
    _, out, err = run(args(path, pack, plan, tier, *extra, "--lang", "en"))
    known = [t for t in (path.name, *known_texts(path, pack, plan)) if CJK.search(t)]
    left = without(out + err, known)
    assert not CJK.search(left), [line for line in left.splitlines() if CJK.search(line)]
    assert NO_ENGLISH not in out and "…" not in left.replace("… and", "")
    return out


def assert_chinese(path: Path, pack: str, plan: str, tier: str | None, *extra: str) -> str:
    _, out, err = run(args(path, pack, plan, tier, *extra, "--lang", "zh"))
    known = [t for t in known_texts(path, pack, plan) if re.search("[A-Za-z]", t)]
    left = without(out + err, [str(path), path.name, *known])
    left = OPTION.sub(" ", CODE.sub(" ", left))
    for word in (pack, plan, *(t.code for t in ENGINE.pack(pack).plan(plan).tiers)):
        left = left.replace(word, " ")
    words = set(re.findall(r"[A-Za-z]{2,}", left)) - KEPT_WORDS
    assert not words, [line for line in left.splitlines() if re.search(r"[A-Za-z]{2,}", line)]
    return out


def codes_in_json(path: Path, pack: str, plan: str, tier: str | None, *extra: str) -> set[str]:
    _, out, _ = run(args(path, pack, plan, tier, *extra, "--format", "json"))
    data = json.loads(out)
    findings = [f for row in data["rows"] for f in row["findings"]] + data["roster_findings"]
    for f in findings:
        assert CJK.search(f["message"]), f
        assert f["message_en"] and f["message_en"] != NO_ENGLISH and "…" not in f["message_en"], f
    return {f["code"] for f in findings}


def both(path: Path, pack: str, plan: str, tier: str | None, *extra: str) -> set[str]:
    assert_english(path, pack, plan, tier, *extra)
    assert_chinese(path, pack, plan, tier, *extra)
    return codes_in_json(path, pack, plan, tier, *extra)


# --- the bundled samples ---------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_the_samples_in_each_language(sample: Path) -> None:
    codes = both(sample, *YIYANG, "--declared", "30")
    assert "roster.count_mismatch" in codes
    out = assert_english(sample, *YIYANG)
    assert "Result: " in out and "Amount due: " in out
    out = assert_chinese(sample, *YIYANG)
    assert "结果：" in out and "应缴金额：" in out


def test_the_error_sample_shows_every_finding_in_english() -> None:
    sample = ROOT / "examples" / "data" / "yiyang_roster_errors.xlsx"
    out = assert_english(sample, *YIYANG)
    assert "id.checksum: The ID number's check character is wrong" in out
    assert "Result: BLOCKED" in out
    out = assert_chinese(sample, *YIYANG)
    assert "id.checksum: 证件号码末位校验码不正确" in out
    assert "结果：不能提交" in out


# --- hand-made rosters ----------------------------------------------------------------

OK_1 = resident_id(date(1990, 5, 6), "male")
OK_2 = resident_id(date(1985, 3, 2), "female")


def workbook(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_a_roster_with_many_codes(tmp_path: Path) -> None:
    """Yiyang's template has no plan, tier or shares columns; the catalogue test renders those codes."""
    header = ["姓名", "证件类型", "证件号码", "手机号码", "性别", "出生日期", "姓名"]
    old, young = resident_id(date(1950, 1, 1), "male"), resident_id(date(2012, 1, 1), "female")
    rows = [
        ["张三", "居民身份证", OK_1, "13912345678", "男", None, "张三"],
        ["李四", "居民身份证", OK_1, "13912345679"],
        ["王五", "居民身份证", old],
        ["赵六", "居民身份证", young],
        ["John Smith", "护照", "E12345678"],
        ["钱七", "居民身份证", OK_2, "1391234", "男", "1985-03-03"],
        ["周九", "军官证", "A123", None, "未知", "1980/13/45"],
    ]
    path = workbook(tmp_path / "名单.xlsx", header, rows)
    codes = both(path, *YIYANG, "--declared", "30")
    assert {
        "header.duplicate_column",
        "id.duplicate",
        "age.over_retirement",
        "age.below_minimum",
        "member.gender_required",
        "member.gender_mismatch",
        "member.birth_date_mismatch",
        "phone.format",
        "roster.count_mismatch",
        "field.invalid_choice",
    } <= codes, codes


def test_a_roster_missing_a_column_and_an_empty_roster(tmp_path: Path) -> None:
    missing = tmp_path / "缺列.csv"
    missing.write_text("姓名,手机号码\n张三,13912345678\n", encoding="utf-8")
    assert "header.missing_column" in both(missing, *YIYANG)
    empty = tmp_path / "空.csv"
    empty.write_text("姓名,证件号码\n", encoding="utf-8")
    assert "roster.empty" in both(empty, *YIYANG)


def test_other_packs_codes(tmp_path: Path) -> None:
    header = ["姓名", "证件号码", "是否劳务派遣", "是否本单位社保/医保", "风险类别"]
    rows = [["张三", OK_1, "是", "否", "普通"], ["李四", OK_2, "否", "是", "高危"]]
    path = workbook(tmp_path / "广东.xlsx", header, rows)
    codes = both(path, "guangdong", "GD-HOSP-2026", None)
    assert "member.dispatched_proof" in codes, codes


def test_usage_errors_in_each_language(tmp_path: Path) -> None:
    status, _, err = run(
        [
            "check",
            str(tmp_path / "无.xlsx"),
            "--pack",
            "yiyang",
            "--plan",
            "YY-HOSP-2026",
            "--lang",
            "zh",
        ]
    )
    assert status == 2
    assert "mutualaid check：错误：须用 --tier 指定档位" in err
    status, _, err = run(
        ["check", str(tmp_path / "无.xlsx"), *args(tmp_path, *YIYANG)[2:], "--lang", "zh"]
    )
    assert status == 2 and "名单文件无法读取" in err and "--lang en" in err
    status, _, err = run(["check", "x.csv", "--pack", "nosuch", "--plan", "P", "--lang", "zh"])
    assert status == 2 and "没有这个规则包" in err
    status, _, err = run(["check", "x.csv", "--pack", "nosuch", "--plan", "P", "--lang", "en"])
    assert status == 2 and not CJK.search(err)


def test_the_locale_decides_without_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = ROOT / "examples" / "data" / "yiyang_roster.xlsx"
    argv = ["check", str(sample), "--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60"]
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "结果：通过" in run(argv)[1]
    assert "Result: OK" in run([*argv, "--lang", "en"])[1]
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert "Result: OK" in run(argv)[1]
    assert "结果：通过" in run(["--lang", "zh", *argv])[1]  # before the command too
    assert "Result: OK" in run(["--lang", "zh", *argv, "--lang", "en"])[1]  # the last one wins


def test_packs_and_template_in_each_language(tmp_path: Path) -> None:
    out = run(["packs", "--pack", "yiyang", "--lang", "zh"])[1]
    assert "（地区 yiyang）" in out and "示意值" in out
    out = run(["packs", "--pack", "yiyang", "--lang", "en"])[1]
    assert "(region yiyang)" in out and "illustrative" in out
    target = tmp_path / "模板.xlsx"
    out = run(
        [
            "template",
            "--pack",
            "yiyang",
            "--plan",
            "YY-HOSP-2026",
            "-o",
            str(target),
            "--lang",
            "zh",
        ]
    )[1]
    assert out.startswith("已写入")
    status, _, err = run(
        ["template", "--pack", "yiyang", "--plan", "YY-HOSP-2026", "-o", "t.txt", "--lang", "zh"]
    )
    assert status == 2 and "请命名为t.xlsx" in err


def test_new_pack_in_each_language(tmp_path: Path) -> None:
    out = run(["new-pack", "demo-town", "--dir", str(tmp_path), "--lang", "zh"])[1]
    assert out.startswith("已写入") and "下一步：cd " in out
    status, _, err = run(["new-pack", "Demo Town", "--lang", "zh"])
    assert status == 2 and "不是规则包名称" in err
    status, _, err = run(["new-pack", "Demo Town", "--lang", "en"])
    assert status == 2 and "not a pack name" in err


def test_every_command_takes_lang() -> None:
    from mutualaid.cli.main import COMMANDS, build_parser

    parser = build_parser()
    for listed in COMMANDS:
        with pytest.raises(BaseException):  # noqa: B017 - argparse exits on --help
            parser.parse_args([listed.name, "--help"])
    help_texts = [
        build_parser(load=[listed.name])
        ._subparsers._group_actions[0]
        .choices[listed.name]
        .format_help()  # type: ignore[union-attr]
        for listed in COMMANDS
    ]
    assert all("--lang {zh,en}" in text for text in help_texts)


def test_a_library_error_in_chinese_prints_no_english(tmp_path: Path) -> None:
    """Done-when of issue 11: `--lang zh` prints no English outside codes, on error paths too.

    The library's own error text is English: in Chinese the line says how to see it
    (`--lang en`) rather than printing it; in English it is printed whole.
    """
    sample = ROOT / "examples" / "data" / "yiyang_roster.xlsx"
    cases = [
        ["check", str(tmp_path / "无.xlsx"), "--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60"],
        ["check", str(sample), "--pack", "yiyang", "--plan", "NOPE"],
        ["check", str(sample), "--pack", "nosuch", "--plan", "P"],
    ]  # fmt: skip
    for argv in cases:
        status, out, err = run([*argv, "--lang", "zh"])
        assert status == 2 and CJK.search(err), err
        left = OPTION.sub(" ", CODE.sub(" ", without(out + err, ["--lang en", "mutualaid packs", *argv])))
        words = set(re.findall(r"[A-Za-z]{2,}", left)) - KEPT_WORDS
        assert not words, (words, err)
        status, _, err_en = run([*argv, "--lang", "en"])
        names = [*argv, *(Path(a).name for a in argv)]  # file names are the user's
        assert status == 2 and not CJK.search(without(err_en, names)), err_en
