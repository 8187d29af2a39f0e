"""The console script's registry: lazy command modules, a lean ``mutualaid check``."""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mutualaid.cli.main import COMMANDS, REGISTRY, Command, Listed, build_parser, main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "yiyang_roster.xlsx"
YIYANG = ("--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60")


def fresh(code: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter (nothing imported yet)."""
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("listed", COMMANDS, ids=lambda listed: listed.name)
def test_each_listed_command_is_its_modules_command(listed: Listed) -> None:
    command = importlib.import_module(listed.module).COMMAND
    assert isinstance(command, Command)
    assert (command.name, command.help) == (listed.name, listed.help)


def test_the_registry_lists_the_modules_in_help_order() -> None:
    assert tuple(listed.module for listed in COMMANDS) == REGISTRY
    text = build_parser(load=()).format_help()
    places = [text.index(f"    {listed.name}") for listed in COMMANDS]
    assert places == sorted(places)
    for listed in COMMANDS:
        assert listed.help in text


def test_help_lists_every_command_and_imports_none() -> None:
    code = (
        "import sys\n"
        "from mutualaid.cli.main import main\n"
        "status = main(['--help'])\n"
        "print([m for m in sys.modules if m.startswith('mutualaid.cli.') and m not in ('mutualaid.cli.main', 'mutualaid.cli.lang')])\n"
        "sys.exit(status)\n"
    )
    done = fresh(code)
    assert done.returncode == 0, done.stderr
    for listed in COMMANDS:
        assert listed.name in done.stdout and listed.help in done.stdout
    assert done.stdout.strip().endswith("[]")


def test_a_commands_own_help_loads_only_that_command() -> None:
    out = io.StringIO()
    assert main(["template", "--help"], stdout=out) == 0
    done = fresh(
        "import sys\nfrom mutualaid.cli.main import main\nmain(['packs', '--help'])\n"
        "print('mutualaid.cli.check' in sys.modules, 'mutualaid.cli.template' in sys.modules)\n"
    )
    assert "--on" in done.stdout and done.stdout.strip().endswith("False False")


def test_check_with_calamine_imports_neither_openpyxl_nor_the_life_cycle() -> None:
    code = (
        "import json, sys\n"
        "from mutualaid.cli.main import main\n"
        "status = main(sys.argv[1:])\n"
        "heavy = sorted({m.split('.')[0] if not m.startswith('mutualaid.') else "
        "'.'.join(m.split('.')[:2]) for m in sys.modules} & {'openpyxl', 'pypinyin', "
        "'mutualaid.lifecycle', 'mutualaid.store', 'mutualaid.notebook', 'pandas'})\n"
        "print(json.dumps(heavy), file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    done = fresh(code, "check", str(SAMPLE), *YIYANG, "--engine", "calamine", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["rows"] == 20
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_errors_out_still_writes_its_workbook_with_openpyxl(tmp_path: Path) -> None:
    errors = ROOT / "examples" / "data" / "yiyang_roster_errors.xlsx"
    target = tmp_path / "errors.xlsx"
    status = main(
        ["check", str(errors), *YIYANG, "--errors-out", str(target)],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert status == 1 and target.stat().st_size > 0


@pytest.mark.parametrize("module", ["mutualaid.cli", "mutualaid.cli.main"])
def test_python_dash_m_runs_the_console_script(module: str) -> None:
    version = subprocess.run(
        [sys.executable, "-m", module, "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("mutualaid ")
    # a command's own UsageError is caught as one (one class, however the module was run)
    usage = subprocess.run(
        [sys.executable, "-m", module, "check", str(SAMPLE), "--pack", "yiyang", "--plan", "X"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert usage.returncode == 2, usage.stderr
    assert "has no plan 'X'" in usage.stderr and "Traceback" not in usage.stderr


def test_a_command_is_recognized_by_its_qualified_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import mutualaid.cli.main as cli_main

    class Command:  # what a second copy of mutualaid.cli.main would define
        pass

    Command.__module__, Command.__qualname__ = "mutualaid.cli.main", "Command"
    twin = cli_main.Listed("packs", "list", "mutualaid.cli.packs")
    monkeypatch.setattr(importlib.import_module("mutualaid.cli.packs"), "COMMAND", Command())
    assert isinstance(cli_main._command(twin), Command)
    Command.__qualname__ = "NotACommand"
    with pytest.raises(TypeError, match="is not a Command"):
        cli_main._command(twin)


@pytest.mark.parametrize("module", ["mutualaid.cli", "mutualaid.cli.main"])
def test_the_console_script_writes_everything_before_it_exits(module: str) -> None:
    """``run`` ends the process without tearing the interpreter down: after a flush."""
    command = [sys.executable, "-m", module, "check", str(SAMPLE), "--pack", "yiyang"]
    command += ["--plan", "YY-HOSP-2026", "--tier", "T60", "--format", "json", "--lang", "zh"]
    done = subprocess.run(command, capture_output=True, check=False, timeout=120)
    in_process = io.StringIO()
    status = main(command[3:], stdout=in_process, stderr=io.StringIO())
    assert done.returncode == status, done.stderr
    assert done.stdout.decode("utf-8") == in_process.getvalue()
    assert json.loads(done.stdout)["summary"]["rows"] > 0


def test_the_console_script_guesses_the_roster_to_read_ahead(tmp_path: Path) -> None:
    from mutualaid.cli.script import roster_argument

    roster = tmp_path / "名单.XLSX"
    roster.write_bytes(b"PK")
    other = tmp_path / "errors.xlsx"
    other.write_bytes(b"PK")
    name = str(roster)
    assert roster_argument(["check", name, "--pack", "yiyang"]) == name
    assert roster_argument(["--lang", "zh", "check", "--pack", "yiyang", name]) == name
    assert roster_argument(["check", name, "--engine", "numpy"]) == name
    assert roster_argument(["check", name, "--engine", "calamine"]) is None
    assert roster_argument(["check", name, "--engine=openpyxl"]) is None
    assert roster_argument(["check", name, "--errors-out", str(other)]) is None  # two: no guess
    assert roster_argument(["check", str(tmp_path / "missing.xlsx")]) is None
    assert roster_argument(["template", name]) is None
