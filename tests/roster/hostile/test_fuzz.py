"""The seeded fuzz suite: mutants of the case workbooks and of CSV rosters, on every engine.

Bounded and deterministic: a fixed seed, 180 mutants in three subprocesses
(an abort kills one, and its last "start" line names the mutant), each
mutant checked with ``auto``, ``calamine`` and ``openpyxl``. The same
soundness as the hostile corpus: no abort, no internal error, no exception
outside the MutualAidError tree, peak memory under 300 MB, rows that add up,
no full ID number or mobile printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_hostile import HERE, PEAK_LIMIT, assert_sound

pytestmark = pytest.mark.slow
SEED = 20261202
BATCH = 60


@pytest.mark.parametrize("start", [0, BATCH, 2 * BATCH])
def test_fuzz_batch(tmp_path: Path, start: int) -> None:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        [sys.executable, str(HERE / "fuzz.py"), str(SEED), str(start), str(BATCH), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    last = [line for line in done.stderr.splitlines() if line.startswith("start ")][-1:]
    assert done.returncode == 0, (
        f"the process died ({done.returncode}) on {last}: {done.stderr[-1500:]}"
    )
    result = json.loads(done.stdout)
    for run in result["runs"]:
        assert_sound(run)
    assert result["peak_bytes"] < PEAK_LIMIT
