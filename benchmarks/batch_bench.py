"""Benchmark: ``mutualaid.batch.evaluate`` on a population against the per-member path.

    python benchmarks/batch_bench.py [--members 1000000] [--sample 2000] [--repeat 3]

Builds (in memory, seeded) a pandas frame of ``--members`` Yiyang members as
a roster file's cells would hold them: 姓名, 证件号码 (valid resident IDs,
born 1950 to 2008, 1% with a wrong check character, 0.5% repeated), 性别,
手机号码; then times, in the same run:

* ``batch``: ``mutualaid.batch.evaluate(frame, pack="yiyang",
  plan="YY-HOSP-2026", tier="T60", on=2026-01-15)``, the whole frame,
  best of ``--repeat``;
* ``per member``: what a host does member by member through the life
  cycle's questions: ``PackView.member_findings`` and ``PackView.price_entry``
  for each of ``--sample`` members (already :class:`Member` objects: the
  time to build them is not counted), scaled to members per second.

The ratio is batch members/s over per-member members/s (machines are noisy:
compare ratios of one run). Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import time
from datetime import date

import numpy as np
import pandas as pd

from mutualaid.batch import evaluate
from mutualaid.model.member import Member
from mutualaid.model.roster import RosterEntry
from mutualaid.rules import RuleEngine

ON = date(2026, 1, 15)
PACK, PLAN, TIER = "yiyang", "YY-HOSP-2026", "T60"
_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)])
_CHECK = np.array(list("10X98765432"))


def population(n: int, seed: int = 2026) -> pd.DataFrame:
    """``n`` members' cells (see the module), built with numpy."""
    rng = np.random.default_rng(seed)
    born = np.datetime64("1950-01-01") + rng.integers(0, 58 * 365, n).astype("m8[D]")
    ymd = np.char.replace(np.datetime_as_string(born, unit="D"), "-", "")
    serial = rng.integers(0, 1000, n)
    first17 = np.char.add(np.char.add("430902", ymd), np.char.zfill(serial.astype(str), 3))
    digits = first17.astype("U17").view(np.uint32).reshape(n, 17) - 48
    check = _CHECK[(digits @ _WEIGHTS) % 11]
    wrong = rng.random(n) < 0.01
    check = np.where(wrong, np.where(check == "0", "1", "0"), check)
    ids = np.char.add(first17, check).astype(object)
    repeat = np.flatnonzero(rng.random(n) < 0.005)
    ids[repeat] = ids[rng.integers(0, n, len(repeat))]
    gender = np.where(serial % 2 == 1, "男", "女").astype(object)
    mobile = np.char.add("139", np.char.zfill(rng.integers(0, 10**8, n).astype(str), 8))
    return pd.DataFrame(
        {
            "姓名": pd.Series([f"职工{i}" for i in range(n)], dtype=object),
            "证件号码": pd.Series(ids, dtype=object),
            "性别": pd.Series(gender, dtype=object),
            "手机号码": pd.Series(mobile.astype(object), dtype=object),
        }
    )


def time_batch(frame: pd.DataFrame, repeat: int) -> tuple[float, pd.DataFrame]:
    best, out = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        out = evaluate(frame, pack=PACK, plan=PLAN, tier=TIER, on=ON)
        best = min(best, time.perf_counter() - start)
    assert out is not None
    return best, out


def time_per_member(frame: pd.DataFrame, sample: int) -> float:
    view = RuleEngine.from_entry_points().pack(PACK)
    plan = view.plan(PLAN, ON)
    members = []
    for name, number in zip(frame["姓名"][: sample * 2], frame["证件号码"][: sample * 2], strict=True):
        try:
            members.append(Member.from_resident_id(name, number))
        except ValueError:
            continue
        if len(members) == sample:
            break
    start = time.perf_counter()
    for m in members:
        view.member_findings(m, plan, ON)
        view.price_entry(RosterEntry(m, PLAN, TIER, 1), plan, ON)
    return (time.perf_counter() - start) / len(members)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    frame = population(args.members)
    seconds, out = time_batch(frame, args.repeat)
    per_member = time_per_member(frame, args.sample)
    batch_rate = args.members / seconds
    member_rate = 1 / per_member
    counts = out["status"].value_counts().to_dict()
    print(f"statuses: {counts}")
    print("| path | members | seconds | members/s | ratio |")
    print("|---|---|---|---|---|")
    print(
        f"| per member (member_findings + price_entry) | {args.sample:,} sampled | "
        f"{per_member * args.members:,.1f} (scaled) | {member_rate:,.0f} | 1x |"
    )
    print(
        f"| mutualaid.batch.evaluate, pandas frame | {args.members:,} | {seconds:.2f} | "
        f"{batch_rate:,.0f} | {batch_rate / member_rate:,.0f}x |"
    )


if __name__ == "__main__":
    main()
