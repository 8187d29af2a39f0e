"""Issue 11, item 2 for the parser itself: ``mutualaid --help`` and usage errors in Chinese under --lang zh or a zh locale."""

from __future__ import annotations

import re

import pytest

from mutualaid.cli.main import COMMANDS, main

#: What a Chinese line may keep in Latin letters: the program, commands, options,
#: metavars, --lang's values, file kinds, codes (dotted) and the values typed (quoted).
KEPT = re.compile(
    r"'[^']*'|mutualaid|--?[a-z][a-z-]*|\{zh,en\}|zh_\*|\b(?:zh|en|COMMAND|FILE|xlsx)\b|"
    + "|".join(re.escape(c.name) for c in COMMANDS)
    + r"|[a-z_]+(?:\.[a-z_]+)+"
)


def english_left(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", KEPT.sub(" ", text)))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_help_in_chinese_has_no_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run(["--help", "--lang", "zh"], capsys)
    assert status == 0
    assert "用法：mutualaid" in text and "显示本帮助并退出" in text and "核验名单文件" in text
    assert english_left(text) == set(), text


def test_help_follows_a_chinese_locale(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    status, text = run(["--help"], capsys)
    assert status == 0 and english_left(text) == set(), text


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["check", "--lang", "zh"], "缺少必填参数：FILE, --pack, --plan"),
        (["chek", "--lang", "zh"], "无效的选择 'chek'"),
        (["packs", "--on", "2026-13-01", "--lang", "zh"], "不是日期"),
        (["packs", "--frobnicate", "--lang", "zh"], "无法识别的参数：--frobnicate"),
    ],
)
def test_usage_errors_in_chinese_have_no_english(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, text = run(argv, capsys)
    assert status == 2
    assert said in text and "错误" in text
    assert english_left(text) == set(), text


def test_english_help_and_errors_are_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run(["--help", "--lang", "en"], capsys)
    assert status == 0 and "usage: mutualaid" in text and "show this help message and exit" in text
    status, text = run(["check", "--lang", "en"], capsys)
    assert "mutualaid check: error: the following arguments are required: FILE, --pack, --plan" in text
