"""Benchmark: benefits of a table of cases against the case-by-case path.

    python benchmarks/benefits_bench.py [--cases 1000000] [--sample 3000] [--repeat 3]

Builds (in memory, seeded) ``--cases`` Linyi cases of 2026 for about
``cases / 2.5`` members: 疾病住院 and 特殊疾病 under LY-HOSP-2026, 意外住院 and
其他 under LY-ACC-2026, with settlement-sheet amounts (total, 全自费, 超限价,
统筹支付), hospital levels, days and shares; then times, in the same run:

* ``columnar``: :func:`mutualaid.claims.benefits.columnar.evaluate_benefits`
  over the whole table (the work of ``mutualaid.batch.benefits`` after the
  frame is read), best of ``--repeat``;
* ``case by case``: what a host does per case: the plan's steps
  (``mutualaid_benefit_steps``), their values on the incident date
  (:func:`~mutualaid.claims.benefits.resolved.resolve`), the member's standing
  from the ledger, :func:`~mutualaid.claims.benefits.compute.apply_steps`
  (every explanation row) and the ledger entries, for the first ``--sample``
  members' cases (already :class:`CaseFacts`), scaled to cases per second.

It checks the two agree on the sample, and prints a Markdown table for
docs/performance.md. The ratio is columnar cases/s over case-by-case cases/s.
"""

from __future__ import annotations

import argparse
import gc
import time
from datetime import date
from decimal import Decimal

import numpy as np

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.benefits.columnar import MISSING, CaseTable, evaluate_benefits
from mutualaid.claims.benefits.compute import apply_steps
from mutualaid.claims.benefits.resolved import resolve
from mutualaid.claims.coverage import steps_for
from mutualaid.claims.ledger import Ledger
from mutualaid.model.kinds import Gender, IdType
from mutualaid.model.member import Member
from mutualaid.rules import RuleEngine

PACK = "linyi"
KINDS = (
    ("LY-HOSP-2026", "disease_hospitalization"),
    ("LY-HOSP-2026", "special_disease"),
    ("LY-ACC-2026", "accident_hospitalization"),
    ("LY-ACC-2026", "other"),
)
LEVELS = np.array(["level_1", "level_2", "level_3", None], dtype=object)


def cases(n: int, seed: int = 2026) -> CaseTable:
    """``n`` cases (see the module), built with numpy."""
    rng = np.random.default_rng(seed)
    members = rng.integers(0, max(n * 2 // 5, 1), n)
    kind = rng.choice(len(KINDS), n, p=[0.6, 0.05, 0.3, 0.05])
    total = rng.integers(50_000, 8_000_000, n)
    self_pay = (total * rng.uniform(0, 0.2, n)).astype(np.int64)
    over = np.where(
        rng.random(n) < 0.3, (total * rng.uniform(0, 0.05, n)).astype(np.int64), MISSING
    )
    insured = (total * rng.uniform(0.3, 0.7, n)).astype(np.int64)
    days = rng.integers(1, 40, n)
    return CaseTable.of(
        claim_id=[f"LP{i:07d}" for i in range(n)],
        member=[f"M{m:07d}" for m in members],
        plan=[KINDS[k][0] for k in kind],
        claim_type=[KINDS[k][1] for k in kind],
        incident_date=np.datetime64("2026-01-01") + rng.integers(0, 365, n).astype("m8[D]"),
        total=total,
        self_pay=self_pay,
        over_limit=over,
        insurance_paid=insured,
        days=days,
        hospital_level=LEVELS[rng.integers(0, 4, n)].tolist(),
        shares=rng.integers(1, 4, n),
    )


def _yuan(fen: int) -> Decimal | None:
    return None if fen == MISSING else Decimal(int(fen)).scaleb(-2)


def sample_facts(table: CaseTable, k: int) -> tuple[list[int], list[CaseFacts]]:
    """The cases of the members of the table's first ``k`` cases, as CaseFacts, in order."""
    chosen = set(table.member[:k].tolist())
    rows = [i for i in range(len(table)) if table.member[i] in chosen]
    days = table.incident_date.astype("datetime64[D]").astype(object)
    rows.sort(key=lambda i: (days[i], i))
    facts = [
        CaseFacts(
            str(table.claim_id[i]),
            str(table.claim_type[i]),
            days[i],
            total=_yuan(table.total[i]),
            self_pay=_yuan(table.self_pay[i]),
            over_limit=_yuan(table.over_limit[i]),
            insurance_paid=_yuan(table.insurance_paid[i]),
            days=None if table.days[i] == MISSING else int(table.days[i]),
            hospital_level=table.hospital_level[i],
            shares=int(table.shares[i]),
        )
        for i in rows
    ]
    return rows, facts


def case_by_case(
    table: CaseTable, rows: list[int], facts: list[CaseFacts], view: object
) -> list[int]:
    """Each case as a host computes it, with a ledger per member (see the module)."""
    ledgers: dict[str, Ledger] = {}
    out = []
    for i, f in zip(rows, facts, strict=True):
        plan = view.plan(str(table.plan[i]))  # type: ignore[attr-defined]
        member = Member(
            "成员", IdType.PASSPORT, str(table.member[i]), Gender.MALE, date(1980, 1, 1)
        )
        ledger = ledgers.get(member.id_number, Ledger())
        steps = steps_for(plan, f.claim_type, view)  # type: ignore[arg-type]
        assert steps is not None
        used = ledger.standing(member.key, plan, excluding=f.claim_id)
        b = apply_steps(
            resolve(steps, view, f.incident_date), f, standing=used, plan_code=plan.code
        )  # type: ignore[arg-type]
        ledgers[member.id_number] = ledger.record(b, member, plan)
        out.append(int(b.amount.scaleb(2)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    view = RuleEngine.from_entry_points().pack(PACK)
    started = time.perf_counter()
    table = cases(args.cases)
    built = time.perf_counter() - started
    best = float("inf")
    result = None
    for _ in range(args.repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = evaluate_benefits(table, view)
        best = min(best, time.perf_counter() - t0)
    assert result is not None
    rows, facts = sample_facts(table, args.sample)
    gc.collect()
    t0 = time.perf_counter()
    expected = case_by_case(table, rows, facts, view)
    per_case = time.perf_counter() - t0
    sample_table = CaseTable.of(
        claim_id=table.claim_id[rows].tolist(),
        member=table.member[rows].tolist(),
        plan=table.plan[rows].tolist(),
        claim_type=table.claim_type[rows].tolist(),
        incident_date=table.incident_date[rows],
        total=table.total[rows],
        self_pay=table.self_pay[rows],
        over_limit=table.over_limit[rows],
        insurance_paid=table.insurance_paid[rows],
        days=table.days[rows],
        hospital_level=table.hospital_level[rows].tolist(),
        shares=table.shares[rows],
    )
    assert evaluate_benefits(sample_table, view).amount_fen.tolist() == expected, (
        "columnar != case by case"
    )
    columnar_rate = args.cases / best
    per_case_rate = len(rows) / per_case
    rounds = int(np.bincount(np.unique(table.member.astype(str), return_inverse=True)[1]).max())
    print(f"table built in {built:.2f} s; {len(rows)} sample cases agree with the columnar result")
    print()
    print("| path | cases | seconds | cases/s |")
    print("|---|---|---|---|")
    print(
        f"| columnar (`evaluate_benefits`, best of {args.repeat}) | {args.cases:,} | {best:.2f} | {columnar_rate:,.0f} |"
    )
    print(
        f"| case by case (`apply_steps` + ledger) | {len(rows):,} | {per_case:.2f} | {per_case_rate:,.0f} |"
    )
    print()
    print(
        f"ratio: {columnar_rate / per_case_rate:.0f}x ({rounds} rounds: the most cases one member has)"
    )
    print(f"benefits paid: {result.total_fen() / 100:,.2f} yuan")


if __name__ == "__main__":
    main()
