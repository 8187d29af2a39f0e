"""The command line on hostile use (issue 12, item 11): a closed pipe, absurd numbers."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mutualaid.cli.check import MAX_SHARES
from mutualaid.cli.main import BROKEN_PIPE, main
from mutualaid.rules import RuleEngine
from mutualaid.testing.members import resident_id

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "yiyang_roster.xlsx"
YIYANG = ("--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60")
_ENGINE = RuleEngine.from_entry_points(names=("yiyang",))


def csv_roster(path: Path, rows: int) -> Path:
    lines = ["姓名,证件类型,证件号码"]
    for i in range(rows):
        born = date(1966 + i % 40, 1 + (i // 40) % 12, 1 + (i // 480) % 28)  # unique
        lines.append(f"职工{i},居民身份证,{resident_id(born, 'male', serial=1)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), engine=_ENGINE, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("shares", [str(10**30), str(MAX_SHARES + 1), "9" * 5000, "1e3"])
def test_a_huge_shares_is_a_usage_error(shares: str) -> None:
    status, out, err = run("check", str(SAMPLE), *YIYANG, "--shares", shares)
    assert status == 2, err
    assert "--shares" in err
    assert len(err) < 2000  # a 5,000-digit argument is not echoed back
    assert "Traceback" not in err and out == ""


def test_the_largest_shares_is_accepted() -> None:
    status, _, err = run("check", str(SAMPLE), *YIYANG, "--shares", str(MAX_SHARES))
    assert status in (0, 1), err  # the plan's own share limit is a finding, not a usage error


class ClosedPipe(io.StringIO):
    """A standard output whose reader has gone away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_output_ends_quietly_in_process() -> None:
    err = io.StringIO()
    status = main(["check", str(SAMPLE), *YIYANG], engine=_ENGINE, stdout=ClosedPipe(), stderr=err)
    assert status == BROKEN_PIPE
    assert err.getvalue() == ""


def test_check_piped_into_head_exits_quietly(tmp_path: Path) -> None:
    """``mutualaid check ... --format json | head -c 1``: no traceback, no 'internal error'.

    3,000 rows of JSON are far more than a pipe holds (64 KiB), so the writer
    meets the closed pipe (before the fix: a BrokenPipeError traceback, exit 1).
    """
    roster = csv_roster(tmp_path / "big.csv", 3000)
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mutualaid.cli",
            "check",
            str(roster),
            *YIYANG,
            "--format",
            "json",
            "--indent",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.read(1)
    child.stdout.close()  # the reader goes away, as head does
    err = child.stderr.read().decode()
    status = child.wait(timeout=120)
    assert first == b"{"
    assert "Traceback" not in err and "internal error" not in err, err
    assert status == BROKEN_PIPE
