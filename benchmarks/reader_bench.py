"""Benchmark: the .xlsx readers alone (rows counted, nothing validated), and the guards' byte scan.

    python benchmarks/reader_bench.py [--rows 100000] [--repeat 3] [--src PATH ...]

Writes (once, into benchmarks/out/) the Yiyang roster of make_roster.py and
times, each in a child process of its own, the best of ``--repeat`` runs of

* ``guards``: :func:`mutualaid.roster._guards.check_xlsx` alone (the byte scan
  every engine waits for);
* ``calamine`` and ``openpyxl``: ``open_roster(path, engine=...)`` and every
  row through ``cell_rows()`` (guards included);

with peak RSS. ``--src`` adds the same runs against another checkout's
``src`` folder (e.g. the previous release's, for its ``stream`` engine):
``git worktree add /tmp/old v0.x && python benchmarks/reader_bench.py --src /tmp/old/src``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

CHILD = """
import resource, sys, time
from pathlib import Path
from mutualaid.roster import open_roster
from mutualaid.roster._guards import Limits, check_xlsx
import openpyxl, python_calamine
path, what = Path(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
if what == "guards":
    check_xlsx(path, Limits())
    engine = "-"
else:
    with open_roster(path, engine=what) as source:
        rows = sum(1 for _ in source.cell_rows())
        engine = source.engine
seconds = time.perf_counter() - started
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, engine)
"""


def run(path: Path, what: str, src: str | None, repeat: int) -> tuple[float, int, str]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    best: tuple[float, int, str] | None = None
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), what], env=env, capture_output=True, text=True
        )
        if out.returncode:
            raise SystemExit(out.stderr)
        seconds, peak, engine = out.stdout.split()
        if best is None or float(seconds) < best[0]:
            best = (float(seconds), int(peak), engine)
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--src", nargs="*", default=[], help="other checkouts' src folders")
    args = parser.parse_args()
    path = OUT / f"roster-{args.rows}.xlsx"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "make_roster.py"), "--rows", str(args.rows),
                        "-o", str(path)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    print(f"{args.rows:,} rows ({path.name}, {path.stat().st_size / 2**20:.1f} MiB)")
    print(f"{'source':<12}{'what':<10}{'engine':<10}{'seconds':>9}{'rows/s':>10}{'peak MB':>9}")
    for src in [None, *args.src]:
        for what in ("guards", "calamine", "openpyxl", *(["stream"] if src else [])):
            seconds, peak, engine = run(path, what, src, args.repeat)
            label = "this" if src is None else Path(src).parent.name
            print(
                f"{label:<12}{what:<10}{engine:<10}{seconds:>9.2f}{args.rows / seconds:>10,.0f}{peak:>9}"
            )


if __name__ == "__main__":
    main()
