"""The five lifecycle examples run as scripts: exit 0, the trail and an effective policy printed."""

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

#: Lines each example must print, besides the audit trail header and the policy's status.
EXPECTED: dict[str, tuple[str, ...]] = {
    "linyi": (
        "用户名 username: shantianfang",
        "请在参保说明中写明高危岗位",
        "参保单 application LY2026-0001: 已生效 (effective)",
        "发票 invoice 37130001: 已开票, 480.00元 → caiwu@example.com",
        "== 确认书 confirmation certificate ==",
        "确认书人员清单 member list: 5 行",
        "transfer_in",
    ),
    "shenzhen": (
        "参保单 application SZ2026-0001: 已生效 (effective)",
        "提前开票 early invoice SZFP20260001: 已开票, 承诺书 提前开票承诺书",
        "保全单 endorsement BQ2026-0001: 已生效, 60.00元, 生效 2026-07-01",
        "会费金额        240.00元",
        "个人保单查询 2026-06-30 新员工: []",
        "个人保单查询 2026-07-01 新员工: ['SZ2026-P0001']",
    ),
    "guangdong": (
        "== 集团价格 group price ==",
        "合计  5     500.00",
        "少报一人，请补充后重新提交",
        "returned_by_parent",
        "集团参保 group G2026-01: 已生效 (effective), 参考日期 2026-04-01",
        "发票 invoice 44012026000001: 已开票, 开票单位 HQ",
        "生效日期        2026年04月01日",
    ),
    "weihai": (
        "单位编号 unit number: 10012345",
        "信息有错误：漏报一人",
        "参保单 application WH2026-001: 已生效 (effective)",
        "发票 invoice 37001234: 已开票, 抬头 威海测试有限公司",
        "参保人数        5人",
    ),
    "yiyang": (
        "参保单 application CB20251210000001: 已办结 (closed)",
        "凭证合计 vouchers: 180.00 / 180.00 (exact)",
        "approve_materials",
        "个人保单查询 2026-01-01 王五: ['YY2026-000001']",
    ),
}


def run(name: str) -> subprocess.CompletedProcess[str]:
    """Run ``examples/<name>_lifecycle.py`` with this interpreter."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}_lifecycle.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=env,
        check=False,
    )


_RUNS: dict[str, subprocess.CompletedProcess[str]] = {}


def first_run(name: str) -> subprocess.CompletedProcess[str]:
    """The example's first run, shared by the tests below (each run takes seconds)."""
    if name not in _RUNS:
        _RUNS[name] = run(name)
    return _RUNS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lifecycle_example_runs(name: str) -> None:
    done = first_run(name)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "== 操作记录 audit trail ==" in out
    assert "状态 status: 已生效 (effective)" in out
    for line in EXPECTED[name]:
        assert line in out, line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lifecycle_example_masks_personal_data_and_is_deterministic(name: str) -> None:
    """A second run (in this process, to save the start-up) prints the same, masked."""
    first = first_run(name)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        runpy.run_path(str(EXAMPLES / f"{name}_lifecycle.py"), run_name="__main__")
    assert first.returncode == 0
    assert buffer.getvalue() == first.stdout
    assert "********" in first.stdout
