"""Each ``examples/<pack>_scenario.py`` runs and prints its table, made by ``mutualaid.notebook``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: What each example's table must show, beyond the header: a 2026 plan and a price.
EXPECTED = {
    "weihai": (
        "WH-MED-2026",
        "60.00 (50.00+10.00)",
        "合计: 6人, 会费 360.00 (个人 300.00 + 工会补贴 60.00), 单位缴费 300.00 (个人缴纳部分)",
    ),
    "linyi": ("LY-HOSP-2026", "160.00 (160.00+0.00)", "LY-ACC-2026"),
    "guangdong": ("GD-HOSP-2026", "age.over_retirement", "断保后免责期至2026-04-04"),
    "shenzhen": ("SZ-MED-2026", "待设置", "2026-03-02"),
    "yiyang": ("YY-HOSP-2026", "90.00 (90.00+0.00)", "超龄未退休职工名册（加盖单位人事公章）"),
}


@pytest.mark.parametrize("pack", sorted(EXPECTED))
def test_example_prints_its_table(pack: str) -> None:
    script = EXAMPLES / f"{pack}_scenario.py"
    assert "from mutualaid.notebook import evaluate" in script.read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=EXAMPLES.parent,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "姓名" in out and "应缴(个人+补贴)" in out and "生效日期" in out and "检查结果" in out
    assert f"pack {pack} " in out
    assert "age.below_minimum" in out  # every example has a 15-year-old
    for text in EXPECTED[pack]:
        assert text in out, text
    assert "依据:" in out and ".txt" in out  # prices explained with their seed
