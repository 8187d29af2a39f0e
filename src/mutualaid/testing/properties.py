"""Property-based members for the conformance suite (hypothesis).

:func:`members` draws members the way rosters bring them: either gender, any
ID type (a resident ID made valid for the birth date and gender, or another
document with gender and birth date given), any age from 14 to 80, normal or
high risk, retired or not, gig or dispatched workers.
:func:`any_member_any_day` asks the pack every member question about such
members on a day drawn from the plan's coverage, paid on another, and checks
each answer against the core's invariants
(:func:`mutualaid.testing.invariants.answer_member`).

>>> from mutualaid.rules import RuleEngine
>>> any_member_any_day(RuleEngine.from_entry_points(names=["yiyang"]).pack("yiyang"), examples=5)

Imports hypothesis (the ``testing`` extra). Layer 5 (test kit).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.model.kinds import Gender, IdType, RiskClass
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.rules.engine import PackView
from mutualaid.testing.invariants import answer_member
from mutualaid.testing.members import birth_date_for_age, member

__all__ = ["any_member_any_day", "days_of", "members"]


def days_of(plan: Plan) -> st.SearchStrategy[date]:
    """Any day of ``plan``'s coverage, except the last (see ``payment_days``)."""
    last = max(plan.coverage.start, plan.coverage.end - timedelta(days=1))
    return st.dates(min_value=plan.coverage.start, max_value=last)


@st.composite
def members(draw: st.DrawFn, on: date) -> Member:
    """A member of any gender, ID type, age (14 to 80 on ``on``) and risk class."""
    age = draw(st.integers(min_value=14, max_value=80))
    born = birth_date_for_age(age, on) - timedelta(days=draw(st.integers(0, 364)))
    return member(
        "甲",
        birth_date=born,
        gender=draw(st.sampled_from(Gender)),
        id_type=draw(st.sampled_from(IdType)),
        serial=draw(st.integers(0, 99)),
        risk_class=draw(st.sampled_from(RiskClass)),
        retired=draw(st.booleans()),
        gig_worker=draw(st.booleans()),
        dispatched=draw(st.booleans()),
    )


def any_member_any_day(rules: PackView, *, examples: int = 60) -> None:
    """Check ``examples`` drawn (plan, day, payment day, member) cases; the first failure raises."""
    plans = rules.plans()
    if not plans:
        raise AssertionError(f"pack {rules.name}: offers no plan")

    @st.composite
    def cases(draw: st.DrawFn) -> tuple[Plan, date, date, Member]:
        plan = draw(st.sampled_from(plans))
        on = draw(days_of(plan))
        paid = draw(days_of(plan))
        return plan, on, paid, draw(members(on))

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(cases())
    def run(case: tuple[Plan, date, date, Member]) -> None:
        plan, on, paid, person = case
        answer_member(rules, plan, person, on, payment_arrival=paid)

    run()
