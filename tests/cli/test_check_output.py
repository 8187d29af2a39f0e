"""``mutualaid check --format json``: compact unless asked or on a terminal; every engine agrees."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mutualaid.cli.main import main
from mutualaid.rules import RuleEngine

ROOT = Path(__file__).resolve().parents[2]
ERRORS = ROOT / "examples" / "data" / "yiyang_roster_errors.xlsx"
YIYANG = ("--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60")
_ENGINE = RuleEngine.from_entry_points(names=("yiyang",))


class Terminal(io.StringIO):
    """An output stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def check(*argv: str, stdout: io.StringIO | None = None) -> tuple[int, str]:
    out = stdout if stdout is not None else io.StringIO()
    status = main(["check", str(ERRORS), *YIYANG, *argv], engine=_ENGINE, stdout=out)
    return status, out.getvalue()


def test_json_is_compact_on_one_line_when_piped() -> None:
    status, out = check("--format", "json")
    assert status == 1
    assert out.endswith("}\n") and out.count("\n") == 1
    data = json.loads(out)
    assert out == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert list(data) == ["pack", "plan", "rows", "roster_findings", "summary"]
    assert list(data["rows"][0]) == ["row", "status", "findings"]
    assert "张三" not in out  # names and ID numbers stay out of the JSON


def test_json_is_indented_on_a_terminal_or_when_asked() -> None:
    _, compact = check("--format", "json")
    _, shown = check("--format", "json", stdout=Terminal())
    _, asked = check("--format", "json", "--indent", "2")
    _, four = check("--format", "json", "--indent", "4")
    assert shown == asked and asked.startswith('{\n  "pack": "yiyang",\n')
    assert four.startswith('{\n    "pack": "yiyang",\n')
    assert json.loads(compact) == json.loads(asked) == json.loads(four)


@pytest.mark.parametrize("engine", ["calamine", "stream", "openpyxl"])
def test_every_engine_gives_the_same_report(engine: str) -> None:
    _, auto = check("--format", "json")
    status, out = check("--format", "json", "--engine", engine)
    assert status == 1 and out == auto
    _, text = check("--engine", engine)
    assert text == check()[1]


def test_a_negative_indent_is_a_usage_error() -> None:
    err = io.StringIO()
    status = main(["check", str(ERRORS), *YIYANG, "--indent", "-1"], engine=_ENGINE, stderr=err)
    assert status == 2 and "must not be negative" in err.getvalue()
