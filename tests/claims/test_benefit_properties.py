"""Properties: random claims against random policies never pay more than any cap, never
pay outside cover or inside a waiting period, and every benefit's rows add up exactly.

The demo pack's steps are those of a hospital benefit (Linyi 4.2.2 申领计算, 003);
its numbers are drawn at random here.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from benefit_helpers import demo_view, person, policy
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.coverage import assess
from mutualaid.claims.ledger import Ledger
from mutualaid.model.benefit import Benefit
from mutualaid.model.states import PolicyStatus

M = person(1)
TYPES = ("disease_hospitalization", "accident_hospitalization", "special_disease")
LEVELS = ("level_1", "level_2", "level_3", "clinic", None)

yuan = st.integers(min_value=0, max_value=5_000_000).map(lambda f: Decimal(f).scaleb(-2))
positive = st.integers(min_value=1, max_value=5_000_000).map(lambda f: str(Decimal(f).scaleb(-2)))


@st.composite
def parameters(draw: Any) -> dict[str, Any]:
    return {
        "demo.deductible": draw(positive),
        "demo.cap_case": draw(positive),
        "demo.cap_period": draw(positive),
        "demo.cap_life": draw(positive),
        "demo.cap_allowance": draw(positive),
        "demo.per_day": draw(positive),
        "demo.max_days": draw(st.integers(0, 60)),
        "demo.lump": draw(positive),
        "demo.wait": draw(st.integers(1, 180)),
    }


@st.composite
def case(draw: Any, n: int) -> CaseFacts:
    day = date(2025, 4, 1) + timedelta(days=draw(st.integers(0, 639)))
    total = draw(yuan)
    return CaseFacts(
        f"LP{n}",
        draw(st.sampled_from(TYPES)),
        day,
        total=total,
        self_pay=draw(st.none() | yuan.filter(lambda v: v <= total)),
        over_limit=draw(st.none() | yuan),
        insurance_paid=draw(st.none() | yuan),
        days=draw(st.integers(0, 40)),
        hospital_level=draw(st.sampled_from(LEVELS)),
    )


def _sums(b: Benefit) -> None:
    assert sum(r.added for r in b.rows) - sum(r.withheld for r in b.rows) == b.amount
    assert all(r.withheld >= 0 and r.added >= 0 for r in b.rows)
    assert b.amount == (b.rows[-1].output if b.rows else 0)


def _cap(values: dict[str, Any], name: str, shares: int) -> Decimal:
    return Decimal(values[name]) * shares


@settings(max_examples=60, deadline=None)
@given(
    values=parameters(),
    shares=st.integers(1, 3),
    cases=st.integers(1, 6).flatmap(lambda k: st.tuples(*(case(i) for i in range(k)))),
)
def test_random_claims_never_pay_more_than_any_cap(
    values: dict[str, Any], shares: int, cases: tuple[CaseFacts, ...]
) -> None:
    view = demo_view(values)
    policies = [policy(M, 2025, shares=shares), policy(M, 2026, shares=shares)]
    ledger = Ledger()
    paid_period: dict[int, Decimal] = {}
    allowance_period: dict[int, Decimal] = {}
    days_period: dict[int, int] = {}
    paid_life = Decimal(0)
    for facts in sorted(cases, key=lambda c: c.incident_date):
        _, b = assess(facts, M, policies=policies, rules=view, ledger=ledger.entries)
        _sums(b)
        year = facts.incident_date.year
        before_period = paid_period.get(year, Decimal(0))
        if b.refusal is None and facts.claim_type != "special_disease":
            assert b.amount <= _cap(values, "demo.cap_case", shares)
        if facts.claim_type == "disease_hospitalization":
            assert b.amount <= max(
                _cap(values, "demo.cap_period", shares) - before_period, Decimal(0)
            )
            allowance = b.by_category().get("allowance", Decimal(0))
            assert allowance <= max(
                _cap(values, "demo.cap_allowance", shares) - allowance_period.get(year, Decimal(0)),
                Decimal(0),
            )
            allowance_period[year] = allowance_period.get(year, Decimal(0)) + allowance
            days = sum(r.days for r in b.rows)
            days_period[year] = days_period.get(year, 0) + days
            assert days_period[year] <= values["demo.max_days"]
        if facts.claim_type != "accident_hospitalization":
            assert b.amount <= max(_cap(values, "demo.cap_life", shares) - paid_life, Decimal(0))
        paid_period[year] = before_period + b.amount
        paid_life += b.amount
        if b.refusal is None or not b.refusal.startswith("cover."):
            ledger = ledger.record(b, M, view.plan(f"DEMO-{year}"))


@settings(max_examples=150, deadline=None)
@given(
    start=st.integers(0, 364),
    length=st.integers(0, 400),
    left=st.none() | st.integers(0, 400),
    status=st.sampled_from(list(PolicyStatus)),
    wait=st.integers(1, 120),
    incident=st.integers(-30, 400),
    claim_type=st.sampled_from(TYPES),
)
def test_random_policies_never_pay_outside_cover_or_inside_the_waiting_period(
    start: int,
    length: int,
    left: int | None,
    status: PolicyStatus,
    wait: int,
    incident: int,
    claim_type: str,
) -> None:
    first = date(2026, 1, 1) + timedelta(days=start)
    left_on = None if left is None else first + timedelta(days=left)
    p = policy(M, 2026, starts=first, left_on=left_on, status=status)
    on = date(2026, 1, 1) + timedelta(days=incident)
    facts = CaseFacts("LP1", claim_type, on, total="5000", days=3, hospital_level="level_1")
    answer, b = assess(facts, M, policies=[p], rules=demo_view({"demo.wait": wait}))
    _sums(b)
    last = (
        date(2026, 12, 31)
        if left_on is None
        else min(date(2026, 12, 31), left_on - timedelta(days=1))
    )
    inside = status in (PolicyStatus.EFFECTIVE, PolicyStatus.EXPIRED) and first <= on <= last
    after_wait = on >= first + timedelta(days=wait)
    if b.amount > 0:
        assert inside and after_wait
    if not (inside and after_wait):
        assert not answer.covered and b.amount == 0 and b.refusal is not None
    else:
        assert answer.covered and answer.waiting_ends == first + timedelta(days=wait - 1)
