"""The four claims examples run as scripts (issue 10 item 11): exit 0; a paid benefit with
its explanation, a case returned for a missing material and one refused; masked, repeatable."""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: Lines each example prints, besides those every example prints (below).
EXPECTED: dict[str, tuple[str, ...]] = {
    "linyi": ("互助金额: 2,750.00元", "C3: 已删除 (cover.waiting_period)", "14 correct"),
    "guangdong": ("互助金额: 2,500.00元", "C3: 已结案 (cover.waiting_period)", " 1 save"),
    "yiyang": ("互助金额: 2,850.00元", "C3: 已结案 (cover.waiting_period)"),
    "shenzhen": ("C3: 已结案 (cover.waiting_period)",),
}

EVERY = (
    "== 1. 张三: to a paid benefit ==",
    "1. eligible: 0.00 → 9000.00 (+9000.00)",
    "退回 returned: 退回, 住院发票模糊，请重新上传",
    "申领计算 C2 (revision 2)",
    "保障查询 coverage: covered False, cover.waiting_period",
    "110105********002X",
)

_RUNS: dict[str, subprocess.CompletedProcess[str]] = {}


def first_run(name: str) -> subprocess.CompletedProcess[str]:
    if name not in _RUNS:
        _RUNS[name] = subprocess.run(
            [sys.executable, str(EXAMPLES / f"{name}_claims.py")],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=180,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            check=False,
        )
    return _RUNS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_claims_example_runs(name: str) -> None:
    done = first_run(name)
    assert done.returncode == 0, done.stderr
    for line in (*EVERY, *EXPECTED[name]):
        assert line in done.stdout, line
    assert "C2: 已结案, 已付" in done.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_claims_example_masks_personal_data_and_is_deterministic(name: str) -> None:
    first = first_run(name)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        runpy.run_path(str(EXAMPLES / f"{name}_claims.py"), run_name="__main__")
    assert buffer.getvalue() == first.stdout
    for secret in ("11010519491231002X", "6222021234567890123", "440304199003070018"):
        assert secret not in first.stdout
