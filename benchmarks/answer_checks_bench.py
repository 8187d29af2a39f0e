"""Benchmark: the engine's check of every hook answer (issue 11), on batch_bench's work.

    python benchmarks/answer_checks_bench.py [--members 200000] [--sample 2000] [--repeat 3]

Times, in the same run and interleaved, ``batch_bench``'s per-member path
(``PackView.member_findings`` and ``price_entry`` for ``--sample`` members)
and its batch (``mutualaid.batch.evaluate`` over ``--members``), once with
``PackView._check`` as shipped and once with it replaced by a no-op; prints
the best of ``--repeat`` of each and the ratios (checked / unchecked).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import batch_bench

from mutualaid.rules.view import PackView


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    checked = PackView._check

    def unchecked(*_args: Any) -> None:
        return None

    frame = batch_bench.population(args.members)
    best: dict[str, tuple[float, float]] = {}
    try:
        for _ in range(args.repeat):
            for label, check in (("checked", checked), ("unchecked", unchecked)):
                PackView._check = check  # type: ignore[method-assign]
                per = batch_bench.time_per_member(frame, args.sample)
                batch, _ = batch_bench.time_batch(frame, 1)
                old = best.get(label, (float("inf"), float("inf")))
                best[label] = (min(old[0], per), min(old[1], batch))
    finally:
        PackView._check = checked  # type: ignore[method-assign]
    print("| answers | per member (µs) | batch (s) |")
    print("|---|---|---|")
    for label, (per, batch) in best.items():
        print(f"| {label} | {per * 1e6:.0f} | {batch:.2f} |")
    c, u = best["checked"], best["unchecked"]
    print(f"\nratio checked/unchecked: per member {c[0] / u[0]:.2f}, batch {c[1] / u[1]:.2f}")


if __name__ == "__main__":
    main()
