"""Benefits over a table equal case-by-case benefits, to the fen (issue 10, item 9).

The columnar evaluator runs a member's cases in rounds; the reference runs
them one by one with :func:`~mutualaid.claims.benefits.compute.apply_steps`
and the ledger's standing, in order of incident date, then table order.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from benefit_helpers import demo_view, person
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.batch import what_if
from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.benefits.columnar import MISSING, CaseTable, evaluate_benefits
from mutualaid.claims.benefits.compute import apply_steps
from mutualaid.claims.benefits.resolved import resolve
from mutualaid.claims.coverage import steps_for
from mutualaid.claims.ledger import Ledger
from mutualaid.model.benefit import Benefit
from mutualaid.rules.view import PackView

TYPES = ("disease_hospitalization", "accident_hospitalization", "special_disease", "other")
LEVELS = ("level_1", "level_2", "level_3", "clinic", None)
money = st.integers(0, 3_000_000)
maybe = st.integers(0, 3_000_000) | st.just(MISSING)
positive = st.integers(1, 3_000_000).map(lambda f: str(Decimal(f).scaleb(-2)))


@st.composite
def parameters(draw: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: draw(st.none() | positive)
        for name in (
            "demo.deductible",
            "demo.cap_case",
            "demo.cap_period",
            "demo.cap_life",
            "demo.cap_allowance",
        )
    }
    values["demo.per_day"] = draw(positive)
    values["demo.max_days"] = draw(st.none() | st.integers(0, 40))
    values["demo.lump"] = draw(positive)
    return values


@st.composite
def tables(draw: Any) -> dict[str, list[Any]]:
    n = draw(st.integers(1, 25))
    columns: dict[str, list[Any]] = {
        k: []
        for k in (
            "member",
            "claim_type",
            "day",
            "total",
            "self_pay",
            "over_limit",
            "insurance_paid",
            "days",
            "level",
            "shares",
        )
    }
    for _ in range(n):
        columns["member"].append(draw(st.integers(1, 4)))
        columns["claim_type"].append(draw(st.sampled_from(TYPES)))
        columns["day"].append(draw(st.integers(0, 729)))
        columns["total"].append(draw(maybe))
        for name in ("self_pay", "over_limit", "insurance_paid"):
            columns[name].append(draw(maybe))
        columns["days"].append(draw(st.integers(0, 45) | st.just(MISSING)))
        columns["level"].append(draw(st.sampled_from(LEVELS)))
        columns["shares"].append(draw(st.integers(0, 3)))
    return columns


def _table(c: dict[str, list[Any]]) -> tuple[CaseTable, list[date]]:
    days = [date(2025, 1, 1) + timedelta(days=d) for d in c["day"]]
    table = CaseTable.of(
        claim_id=[f"LP{i}" for i in range(len(days))],
        member=[person(m).id_number for m in c["member"]],
        plan=[f"DEMO-{d.year}" for d in days],
        claim_type=c["claim_type"],
        incident_date=np.array(days, dtype="datetime64[D]"),
        total=c["total"],
        self_pay=c["self_pay"],
        over_limit=c["over_limit"],
        insurance_paid=c["insurance_paid"],
        days=c["days"],
        hospital_level=c["level"],
        shares=c["shares"],
    )
    return table, days


def _yuan(fen: int) -> Decimal | None:
    return None if fen == MISSING else Decimal(fen).scaleb(-2)


def case_by_case(c: dict[str, list[Any]], view: PackView, on: date | None = None) -> list[Benefit]:
    _, days = _table(c)
    ledger = Ledger()
    out: dict[int, Benefit] = {}
    for i in sorted(range(len(days)), key=lambda i: (days[i], i)):
        member = person(c["member"][i])
        plan = view.plan(f"DEMO-{days[i].year}")
        facts = CaseFacts(
            f"LP{i}",
            c["claim_type"][i],
            days[i],
            total=_yuan(c["total"][i]),
            self_pay=_yuan(c["self_pay"][i]),
            over_limit=_yuan(c["over_limit"][i]),
            insurance_paid=_yuan(c["insurance_paid"][i]),
            days=None if c["days"][i] == MISSING else c["days"][i],
            hospital_level=c["level"][i],
            shares=c["shares"][i],
        )
        offered = {t.value for t in view.claim_types(plan, on or days[i])}
        steps = steps_for(plan, facts.claim_type, view)
        if facts.claim_type not in offered or steps is None:
            code = (
                "claim.type_not_in_plan" if facts.claim_type not in offered else "benefit.no_steps"
            )
            out[i] = Benefit.refused(facts.claim_id, plan.code, facts.claim_type, days[i], code)
            continue
        used = ledger.standing(member.key, plan, excluding=facts.claim_id)
        b = apply_steps(
            resolve(steps, view, on or days[i]), facts, standing=used, plan_code=plan.code
        )
        ledger = ledger.record(b, member, plan)
        out[i] = b
    return [out[i] for i in range(len(days))]


@settings(max_examples=120, deadline=None)
@given(
    values=parameters(),
    columns=tables(),
    offered=st.lists(st.sampled_from(TYPES), unique=True).map(tuple),
)
def test_the_columnar_benefits_equal_case_by_case(
    values: dict[str, Any], columns: dict[str, list[Any]], offered: tuple[str, ...]
) -> None:
    """Any types offered: not offered is ``claim.type_not_in_plan``, offered without steps
    (``other``) ``benefit.no_steps``, case by case and by the table alike."""
    view = demo_view(values, offered=offered)
    table, _ = _table(columns)
    got = evaluate_benefits(table, view)
    expected = case_by_case(columns, view)
    assert got.amount_fen.tolist() == [int(b.amount.scaleb(2)) for b in expected]
    assert got.refusal.tolist() == [b.refusal for b in expected]
    for name, column in got.paid_by_category.items():
        assert column.tolist() == [
            int(b.by_category().get(name, 0) * 100) if b.refusal is None else 0 for b in expected
        ]


def test_a_reform_of_a_cap_changes_what_last_year_would_have_cost() -> None:
    columns = {
        "member": [1, 1, 2],
        "claim_type": ["special_disease", "disease_hospitalization", "special_disease"],
        "day": [100, 200, 150],
        "total": [MISSING, 2_000_000, MISSING],
        "self_pay": [MISSING] * 3,
        "over_limit": [MISSING] * 3,
        "insurance_paid": [MISSING] * 3,
        "days": [MISSING, 10, MISSING],
        "level": [None, "level_1", None],
        "shares": [1, 1, 1],
    }
    table, _ = _table(columns)
    base = demo_view()
    before = evaluate_benefits(table, base).total_fen()
    reform = what_if(base, **{"demo.cap_case": "10000"})
    after = evaluate_benefits(table, reform).total_fen()
    # the hospital case: 20,000 - 800 = 19,200 x 0.9 = 17,280 + 500 allowance, capped at 10,000
    assert (before, after) == (2_778_000, 2_000_000)
    assert [b.amount for b in case_by_case(columns, reform)] == [
        Decimal("5000.00"),
        Decimal("10000.00"),
        Decimal("5000.00"),
    ]


def test_on_reads_every_parameter_on_one_day() -> None:
    columns = {
        k: [v]
        for k, v in {
            "member": 1,
            "claim_type": "special_disease",
            "day": 10,
            "total": MISSING,
            "self_pay": MISSING,
            "over_limit": MISSING,
            "insurance_paid": MISSING,
            "days": MISSING,
            "level": None,
            "shares": 2,
        }.items()
    }
    table, _ = _table(columns)
    out = evaluate_benefits(table, demo_view(), on=date(2026, 6, 1))
    assert out.amount_fen.tolist() == [1_000_000]
    assert case_by_case(columns, demo_view(), on=date(2026, 6, 1))[0].amount == Decimal("10000.00")
