"""Reading the first sheet ahead in a second process (``mutualaid.roster.ahead``, issue 8).

The child's reading is a shortcut: whatever it does, the answer is the one
read without it. These tests say so for the cases where the child helps, and
for those where it must not be used (another sheet, a changed file, a file it
cannot read), and that no child outlives its block.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from mutualaid.errors import RosterFileError
from mutualaid.roster import _numpy_xlsx as numpy_xlsx
from mutualaid.roster import ahead, open_roster
from mutualaid.roster.validation import check_roster

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "darwin", reason="read ahead forks: POSIX but macOS"
)


@pytest.fixture
def ran_elsewhere(request: pytest.FixtureRequest) -> bool:
    """Whether the test ran in a fresh pytest (and passed there) instead of here.

    Earlier tests may leave threads behind (Dask's cluster, thread pools), and
    the read ahead forks only while one thread runs; the test is then run in a
    new process, and passes only when it passes there (its body returns here).
    """
    if ahead.can_fork():
        return False
    assert os.environ.get("MUTUALAID_AHEAD_FRESH") != "1", "no fork in a fresh process either"
    node = f"{request.path}::{request.node.name}"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", node],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MUTUALAID_AHEAD_FRESH": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout
    return True


HEADERS = ["姓名", "证件类型", "证件号码", "手机号码", "性别", "出生日期", "医保类型"]


def _roster(path: Path, rows: int, *, second_sheet: bool = False, seed: int = 0) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["益阳 参保职工汇总表"])
    sheet.append(HEADERS)
    for i in range(rows):
        number = f"43090319{80 + (i + seed) % 20}0505383{i % 10}"
        sheet.append(
            [f"职工{i}", "居民身份证", number, f"1867872{i % 10000:04d}", "男",
             date(1980 + (i + seed) % 20, 5, 5), "城镇职工"]
        )  # fmt: skip
    if second_sheet:
        other = book.create_sheet("第二页")
        other.append(HEADERS)
        other.append(["李四", "居民身份证", "110101199003071234", "13800000000", "女", None, None])
    book.save(path)
    return path


def _check(path: Path, **kwargs: object) -> str:
    report = check_roster(path, pack="yiyang", plan="YY-HOSP-2026", tier="T60", **kwargs)  # type: ignore[arg-type]
    return report.to_json()


@pytest.fixture
def layouts_read_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shares of sheets this process reads itself (``all``, ``head``, ``tail``).

    A child's readings are not counted: its calls happen in another process.
    """
    calls: list[str] = []
    read = numpy_xlsx.read_layout
    here = os.getpid()

    def counted(*args: object, **kwargs: object) -> numpy_xlsx.SheetLayout:
        if os.getpid() == here:
            calls.append(str(args[3]) if len(args) > 3 else "all")
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(numpy_xlsx, "read_layout", counted)
    return calls


def test_the_child_reads_the_sheet_and_the_answer_is_the_same(
    ran_elsewhere: bool, tmp_path: Path, layouts_read_here: list[str]
) -> None:
    if ran_elsewhere:
        return
    path = _roster(tmp_path / "r.xlsx", 300)
    alone = _check(path)
    assert layouts_read_here == ["all"]
    with ahead.read_ahead(path):
        together = _check(path)
    assert together == alone
    assert layouts_read_here == ["all"]  # the child read the whole sheet: nothing read here


def test_with_a_tail_share_the_child_reads_the_head_and_this_process_the_tail(
    ran_elsewhere: bool,
    tmp_path: Path,
    layouts_read_here: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if ran_elsewhere:
        return
    path = _roster(tmp_path / "r.xlsx", 300)
    alone = _check(path)
    monkeypatch.setattr(numpy_xlsx, "TAIL_SHARE", 0.2)  # before the fork: the child's too
    with ahead.read_ahead(path):
        together = _check(path)
    assert together == alone
    assert layouts_read_here == ["all", "tail"]  # the child read the head


def test_another_sheet_is_read_here(
    ran_elsewhere: bool, tmp_path: Path, layouts_read_here: list[str]
) -> None:
    if ran_elsewhere:
        return
    path = _roster(tmp_path / "r.xlsx", 20, second_sheet=True)
    alone = _check(path, sheet="第二页")
    with ahead.read_ahead(path):
        together = _check(path, sheet="第二页")
    assert together == alone
    assert layouts_read_here == ["all", "all"]  # the child read the first sheet, for nothing


def test_a_file_changed_after_the_child_read_it_is_read_again(
    ran_elsewhere: bool, tmp_path: Path, layouts_read_here: list[str]
) -> None:
    if ran_elsewhere:
        return
    path = _roster(tmp_path / "r.xlsx", 50)
    before = _check(path)
    with ahead.read_ahead(path):
        assert ahead.taken(ahead.file_hint(path), "no such key") is None  # waits for the child
        _roster(path, 50, seed=7)  # another file under the same name, once the child read it
        together = _check(path)
    # the child's reading of the first file was not taken: the sheet is read here
    assert layouts_read_here == ["all", "all"]
    assert together == _check(path)
    assert together != before


def test_a_file_the_child_cannot_read_gives_the_usual_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RosterFileError) as alone:
        open_roster(path)
    with ahead.read_ahead(path), pytest.raises(RosterFileError) as together:
        open_roster(path)
    assert together.value.message == alone.value.message


def test_no_child_outlives_its_block(ran_elsewhere: bool, tmp_path: Path) -> None:
    if ran_elsewhere:
        return
    path = _roster(tmp_path / "r.xlsx", 2000)
    with ahead.read_ahead(path):
        (child,) = ahead._pending.get()
        pid = child._pid
        assert pid is not None
    assert child._pid is None  # killed (it was still reading) and reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert ahead._pending.get() == ()


def test_a_killed_child_is_as_if_it_failed(ran_elsewhere: bool, tmp_path: Path) -> None:
    if ran_elsewhere:
        return
    path = _roster(tmp_path / "r.xlsx", 2000)
    with ahead.read_ahead(path):
        (child,) = ahead._pending.get()
        child.stop()
        assert child.answer() is None
        assert ahead.taken(ahead.file_hint(path), "anything") is None


def test_nothing_is_read_ahead_while_threads_run(tmp_path: Path) -> None:
    path = _roster(tmp_path / "r.xlsx", 5)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not ahead.can_fork()
        with ahead.read_ahead(path):
            assert ahead._pending.get() == ()
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_other_engines_and_csv_read_nothing_ahead(tmp_path: Path, engine: str) -> None:
    path = _roster(tmp_path / "r.xlsx", 5)
    with ahead.read_ahead(path, engine=engine):  # type: ignore[arg-type]
        assert ahead._pending.get() == ()
    csv = tmp_path / "r.csv"
    csv.write_text("姓名,证件号码\n张三,110101199003071234\n", encoding="utf-8")
    with ahead.read_ahead(csv):
        assert ahead._pending.get() == ()


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
def test_nothing_is_read_ahead_on_one_core() -> None:
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
        "from mutualaid.roster import ahead; print(ahead.can_fork())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
