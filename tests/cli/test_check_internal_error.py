"""A bug in mutualaid is an internal error with a traceback, never a "damaged file".

The readers turn every library error on a bad file into a ``RosterFileError``
(exit 2, one line); anything else raised while checking is ours to fix, so
``mutualaid check`` says so and lets the traceback through (exit 1).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import mutualaid.roster.validation
from mutualaid.cli.main import main
from mutualaid.rules import RuleEngine

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "yiyang_roster.xlsx"
YIYANG = ("--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60")


def _bug(*_args: object, **_kwargs: object) -> object:
    raise KeyError("a bug in the validation")


def test_a_bug_in_validation_propagates_with_an_internal_error_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mutualaid.roster.validation, "check_member_cells", _bug)
    err = io.StringIO()
    engine = RuleEngine.from_entry_points(names=("yiyang",))
    with pytest.raises(KeyError, match="a bug in the validation"):
        main(["check", str(SAMPLE), *YIYANG], engine=engine, stdout=io.StringIO(), stderr=err)
    said = err.getvalue()
    assert "internal error" in said and "please report" in said
    assert "damaged" not in said


def test_the_console_shows_the_traceback_and_exits_1() -> None:
    script = (
        "import sys, mutualaid.roster.validation as v\n"
        "def bug(*a, **k): raise KeyError('a bug in the validation')\n"
        "v.check_member_cells = bug\n"
        "from mutualaid.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "check", str(SAMPLE), *YIYANG],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert "internal error" in done.stderr and "please report" in done.stderr
    assert "Traceback" in done.stderr and "KeyError: 'a bug in the validation'" in done.stderr
    assert "damaged" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize(
    "argv",
    [
        ("packs",),
        ("check", str(SAMPLE), *YIYANG),
        ("template", "--pack", "yiyang", "--plan", "YY-HOSP-2026", "-o", "never.xlsx"),
    ],
    ids=lambda argv: argv[0],
)
def test_every_command_reports_a_bug_as_an_internal_error(argv: tuple[str, ...]) -> None:
    class Broken:  # an engine whose every use is a bug (AttributeError)
        pass

    err = io.StringIO()
    with pytest.raises(AttributeError):
        main(list(argv), engine=Broken(), stdout=io.StringIO(), stderr=err)  # type: ignore[arg-type]
    said = err.getvalue()
    assert said.startswith(f"mutualaid {argv[0]}: internal error, please report")
    assert said.count("\n") == 1


def test_usage_and_file_errors_stay_exit_2_without_a_traceback(tmp_path: Path) -> None:
    err = io.StringIO()
    missing = str(tmp_path / "none.xlsx")
    assert main(["check", missing, *YIYANG], stderr=err) == 2
    assert main(["packs", "--on", "2026-02-30"], stderr=err) == 2
    assert "internal error" not in err.getvalue() and "Traceback" not in err.getvalue()
