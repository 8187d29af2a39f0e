"""Effective dates: when cover starts for an application and for an endorsement.

Both are firstresult hooks, so each hook is one rule (a pack replaces it by
implementing the hook); the parameters it reads are declared here.

>>> [spec.name for spec in PARAMETERS]
['effective.after_payment', 'effective.late_payment_next_day', 'effective.set_by_association', 'effective.waiting_period_days']

The shapes a pack names as data (``effective.after_payment``) when payment
arrives after the day cover would start (before it, that day stands):

>>> [(shape, after_payment(shape, date(2026, 3, 17)).isoformat()) for shape in AFTER_PAYMENT]
[('same_day', '2026-03-17'), ('next_day', '2026-03-18'), ('first_of_next_month', '2026-04-01')]

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from mutualaid.dates import add_months
from mutualaid.rules.defaults.rule import cited_values, explain, flag
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.results import EffectiveDate

if TYPE_CHECKING:
    from mutualaid.model.application import Application
    from mutualaid.model.endorsement import Endorsement
    from mutualaid.model.plan import Plan
    from mutualaid.model.policy import Policy
    from mutualaid.rules.explain import Cited
    from mutualaid.rules.view import PackView

__all__ = [
    "AFTER_PAYMENT",
    "LONGEST_WAIT",
    "PARAMETERS",
    "after_payment",
    "mutualaid_effective_date",
    "mutualaid_endorsement_effective_date",
]

_HERE = "mutualaid.rules.defaults.effective"

#: The longest waiting period a pack may name (a bound on data: one year).
LONGEST_WAIT = 366

#: The shapes of "cover starts after the payment arrives", by name (``effective.after_payment``).
AFTER_PAYMENT = ("same_day", "next_day", "first_of_next_month")


def after_payment(shape: str, arrival: date) -> date:
    """The day cover starts for money arriving on ``arrival``, by the shape's name."""
    if shape == "same_day":
        return arrival
    if shape == "next_day":
        return arrival + timedelta(days=1)
    if shape == "first_of_next_month":
        return add_months(arrival.replace(day=1), 1)
    raise ValueError(f"unknown effective.after_payment shape {shape!r}")


PARAMETERS = (
    ParameterSpec(
        "effective.after_payment",
        ValueType.CHOICE,
        "payment arriving after the start: cover from that day (same_day), the next day "
        "(next_day) or the first day of the next month (first_of_next_month)",
        f"{_HERE}.mutualaid_effective_date",
        choices=AFTER_PAYMENT,
        optional=True,
    ),
    ParameterSpec(
        "effective.late_payment_next_day",
        ValueType.FLAG,
        "payment arriving after the start: cover from the day after it arrives "
        "(effective.after_payment = next_day, its older spelling)",
        f"{_HERE}.mutualaid_effective_date",
        default=False,
    ),
    ParameterSpec(
        "effective.set_by_association",
        ValueType.FLAG,
        "the association sets the effective date (also adds the set_effective_date step)",
        f"{_HERE}.mutualaid_effective_date",
        default=False,
    ),
    ParameterSpec(
        "effective.waiting_period_days",
        ValueType.WHOLE,
        "the waiting period after a coverage gap; absent: none",
        f"{_HERE}.mutualaid_effective_date",
        unit="days",
        minimum=1,
        maximum=LONGEST_WAIT,
    ),
)


@hookimpl(trylast=True)
def mutualaid_effective_date(
    application: Application,
    plan: Plan,
    payment_arrival: date | None,
    previous_coverage_end: date | None,
    association_date: date | None,
    rules: PackView,
) -> EffectiveDate:
    """The asked-for day or the coverage start; later when the association sets it or payment is late."""
    on = (
        application.reference_effective_date
        or application.requested_effective_date
        or plan.coverage.start
    )
    coverage = rules.cite(f"plans.{plan.code}.coverage", on)
    notes: list[str] = []
    cited: list[Cited | None] = [coverage]
    asked = application.reference_effective_date or application.requested_effective_date
    start = max(plan.coverage.start, asked) if asked else plan.coverage.start
    notes.append(
        f"coverage starts {plan.coverage.start.isoformat()}"
        + (f"; asked for {asked.isoformat()}" if asked else "")
    )
    by_association = flag(rules, "effective.set_by_association", on)
    late = rules.cite("effective.after_payment", on)
    if late is None or late.value is None:
        late = flag(rules, "effective.late_payment_next_day", on)
    shape = "next_day" if late is None or late.value is True else str(late.value)
    result: date | None = start
    if by_association is not None:
        cited.append(by_association)
        result = association_date
        notes.append(
            "the association sets the effective date"
            + ("" if association_date else ": not set yet")
        )
    elif late is not None and payment_arrival is not None and payment_arrival > start:
        cited.append(late)
        result = after_payment(shape, payment_arrival)
        notes.append(
            f"payment arrived {payment_arrival.isoformat()}, after {start.isoformat()}: "
            + ("effective the next day" if shape == "next_day" else f"effective {result} ({shape})")
        )
    waiting_end = None
    waiting = rules.cite("effective.waiting_period_days", on)
    if (
        waiting is not None
        and result is not None
        and previous_coverage_end is not None
        and result > previous_coverage_end + timedelta(days=1)
    ):
        cited.append(waiting)
        waiting_end = result + timedelta(days=int(waiting.value) - 1)
        notes.append(
            f"coverage gap after {previous_coverage_end.isoformat()}: waiting period of {waiting.value} days"
        )
    why = rules.explanation("mutualaid_effective_date", cited_values(*cited), notes)
    return EffectiveDate(result, plan.coverage.end, waiting_end, by_association is not None, why)


@hookimpl(trylast=True)
def mutualaid_endorsement_effective_date(
    endorsement: Endorsement,
    policy: Policy,
    payment_arrival: date | None,
    association_date: date | None,
    rules: PackView,
) -> EffectiveDate:
    """The requested day, never before the policy's; the association's day when it sets it."""
    on = endorsement.effective_date
    by_association = flag(rules, "effective.set_by_association", on)
    if by_association is not None:
        why = explain(
            rules,
            "mutualaid_endorsement_effective_date",
            by_association,
            note="the association sets the effective date",
        )
        return EffectiveDate(association_date, policy.coverage.end, None, True, why)
    floor = policy.effective_date or policy.coverage.start
    result = max(endorsement.effective_date, floor)
    note = (
        f"requested {endorsement.effective_date.isoformat()}, policy effective {floor.isoformat()}"
    )
    return EffectiveDate(
        result,
        policy.coverage.end,
        None,
        False,
        explain(rules, "mutualaid_endorsement_effective_date", note=note),
    )
