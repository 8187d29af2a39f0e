"""Every cap exactly reached, and one fen over (Linyi 4.2.2 申领计算, 003; amounts illustrative).

For each limit of the demo pack's hospital benefit (the cap of a category,
per case, per coverage period, for life; the deductible; the maximum of
days), a case whose amount lands exactly on the limit pays it all, and one
fen more is withheld with the limit's code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from benefit_helpers import demo_view, person, policy

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.coverage import assess
from mutualaid.claims.ledger import Ledger
from mutualaid.model.benefit import Benefit

M = person(1)
P25, P26 = policy(M, 2025), policy(M, 2026)
BOTH = [P25, P26]  # renewed: no waiting period in 2026
HOSP = "disease_hospitalization"
ON = date(2026, 5, 3)


def medical(claim_id: str, total: str, on: date = ON) -> CaseFacts:
    """A case whose medical part is ``total - 800`` (deductible) at level_1 (0.9), no days."""
    return CaseFacts(claim_id, HOSP, on, total=total, days=0, hospital_level="level_1")


def cap_rows(b: Benefit, step: str) -> Decimal:
    return sum((r.withheld for r in b.rows if r.step == step), Decimal(0))


# total 2,800 -> 2,000 after the deductible -> 1,800 at 0.9
@pytest.mark.parametrize(("cap", "withheld"), [("1800", "0.00"), ("1799.99", "0.01")])
def test_cap_per_case(cap: str, withheld: str) -> None:
    _, b = assess(medical("LP1", "2800"), M, policies=BOTH, rules=demo_view({"demo.cap_case": cap}))
    assert cap_rows(b, "cap_case") == Decimal(withheld)
    assert b.amount == Decimal(cap)
    if withheld != "0.00":
        assert "benefit.cap_case" in b.codes


@pytest.mark.parametrize(("cap", "withheld"), [("450", "0.00"), ("449.99", "0.01")])
def test_cap_of_a_category(cap: str, withheld: str) -> None:
    facts = CaseFacts(
        "LP1", HOSP, ON, total="800", days=9, hospital_level="level_1"
    )  # 9 x 50 = 450
    _, b = assess(facts, M, policies=BOTH, rules=demo_view({"demo.cap_allowance": cap}))
    assert cap_rows(b, "cap_allowance") == Decimal(withheld)
    assert b.by_category()["allowance"] == Decimal(cap)
    if withheld != "0.00":
        assert "benefit.cap_category" in b.codes


@pytest.mark.parametrize(("cap", "withheld"), [("3600", "0.00"), ("3599.99", "0.01")])
def test_cap_per_coverage_period(cap: str, withheld: str) -> None:
    view = demo_view({"demo.cap_period": cap})
    _, first = assess(medical("LP1", "2800", date(2026, 3, 1)), M, policies=BOTH, rules=view)
    ledger = Ledger().record(first, M, view.plan("DEMO-2026"))
    # second case: no deductible left, 2,000 x 0.9 = 1,800; 1,800 + 1,800 = 3,600
    _, b = assess(medical("LP2", "2000"), M, policies=BOTH, rules=view, ledger=ledger.entries)
    assert first.amount == Decimal("1800.00")
    assert cap_rows(b, "cap_period") == Decimal(withheld)
    if withheld != "0.00":
        assert "benefit.cap_period" in b.codes


@pytest.mark.parametrize(("cap", "withheld"), [("3600", "0.00"), ("3599.99", "0.01")])
def test_cap_for_life_counts_every_period(cap: str, withheld: str) -> None:
    view = demo_view({"demo.cap_life": cap})
    _, first = assess(medical("LP1", "2800", date(2025, 6, 1)), M, policies=[P25, P26], rules=view)
    ledger = Ledger().record(first, M, view.plan("DEMO-2025"))
    _, b = assess(medical("LP2", "2800"), M, policies=[P25, P26], rules=view, ledger=ledger.entries)
    assert cap_rows(b, "cap_period") == 0  # a new period
    assert cap_rows(b, "cap_life") == Decimal(withheld)
    if withheld != "0.00":
        assert "benefit.cap_life" in b.codes


def test_the_deductible_exactly_reached_and_used_up() -> None:
    view = demo_view()
    _, b = assess(medical("LP1", "800"), M, policies=BOTH, rules=view)
    assert b.rows[3].withheld == Decimal("800.00") and b.amount == 0
    ledger = Ledger().record(b, M, view.plan("DEMO-2026"))
    _, second = assess(
        medical("LP2", "0.01", date(2026, 6, 1)),
        M,
        policies=BOTH,
        rules=view,
        ledger=ledger.entries,
    )
    assert second.rows[3].withheld == 0  # the period's deductible is used up
    _, part = assess(medical("LP1", "800.01"), M, policies=BOTH, rules=view)
    assert part.rows[3].withheld == Decimal("800.00") and part.rows[3].output == Decimal("0.01")


@pytest.mark.parametrize(("days", "paid_days"), [(30, 30), (31, 30)])
def test_the_maximum_of_days_exactly_reached(days: int, paid_days: int) -> None:
    facts = CaseFacts("LP1", HOSP, ON, total="0", days=days, hospital_level="level_1")
    view = demo_view({"demo.cap_allowance": "99999"})
    _, b = assess(facts, M, policies=BOTH, rules=view)
    assert b.rows[5].days == paid_days
    assert b.rows[5].withheld == Decimal(50 * (days - paid_days))


def test_days_used_in_the_period_count_against_the_maximum() -> None:
    view = demo_view({"demo.cap_allowance": "99999"})
    first = CaseFacts("LP1", HOSP, date(2026, 3, 1), total="0", days=30, hospital_level="level_1")
    ledger = Ledger().record(
        assess(first, M, policies=BOTH, rules=view)[1], M, view.plan("DEMO-2026")
    )
    second = CaseFacts("LP2", HOSP, ON, total="0", days=1, hospital_level="level_1")
    _, b = assess(second, M, policies=BOTH, rules=view, ledger=ledger.entries)
    assert (b.rows[5].days, b.rows[5].reason) == (0, "benefit.allowance_days_used_up")
