"""The hostile corpus (``make_hostile.py``) on every engine, through ``mutualaid check``.

Each file runs in a subprocess of its own (an abort kills only that one):
no abort, no internal error, no exception outside the MutualAidError tree,
peak memory under 300 MB, a report whose rows add up, and no full ID number
or mobile in anything printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from make_hostile import HOSTILE, write_all
from xlsx_parts import IDS

pytestmark = pytest.mark.slow
HERE = Path(__file__).resolve().parent
ENGINES = "auto,numpy,calamine,openpyxl"
PEAK_LIMIT = 300 * 1024 * 1024
MOBILES = tuple(f"1391234{5600 + i}" for i in range(40)) + tuple(
    f"1391234{5670 + i}" for i in range(10)
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("hostile"))


def run_in_subprocess(engines: str, *paths: Path) -> dict[str, object]:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        [sys.executable, str(HERE / "run_check.py"), engines, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, (
        f"the process died (status {done.returncode}): {done.stderr[-2000:]}"
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def assert_sound(run: dict[str, object]) -> None:
    """What every run must hold (issue 12, Done when)."""
    name = f"{Path(str(run['file'])).name} on {run['engine']}"
    assert "outside_tree" not in run, f"{name}: {run.get('outside_tree')}"
    assert "escaped" not in run, f"{name}: {run.get('escaped')}"
    assert not run["internal"], f"{name}: internal error\n{run['text']}"
    assert run["status_json"] in (0, 1, 2) and run["status_text"] in (0, 1, 2), name
    summary = run.get("summary")
    if isinstance(summary, dict):
        assert (
            summary["rows"] == summary["accepted"] + summary["needs_material"] + summary["rejected"]
        ), name
    text = str(run["text"])
    leaks = [s for s in (*IDS, *MOBILES) if s in text]
    assert not leaks, f"{name}: full ID numbers or mobiles printed"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file(corpus: dict[str, Path], name: str) -> None:
    result = run_in_subprocess(ENGINES, corpus[name])
    runs = result["runs"]
    assert isinstance(runs, list)
    for run in runs:
        assert_sound(run)
    assert result["peak_bytes"] < PEAK_LIMIT, f"{name}: peak {result['peak_bytes'] / 2**20:.0f} MiB"
