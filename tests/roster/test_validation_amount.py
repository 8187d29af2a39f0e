"""The amount due: every member that goes through is priced, and a pricing error is never dropped."""

from __future__ import annotations

from datetime import date

import pytest
from roster_helpers import ON, PLAN, raw, resident_id

from mutualaid.errors import UnknownPlan
from mutualaid.model.kinds import RiskClass
from mutualaid.roster.validation import RosterRules, validate_rows

RULES = RosterRules(PLAN, ON, tier_code="T60")


def _rows(count: int) -> list[object]:
    return [
        raw(2 + i, name=f"职工{i}", id_number=resident_id(date(1980 + i, 1, 1), serial=i))
        for i in range(count)
    ]


def test_the_amount_is_every_member_priced() -> None:
    report = validate_rows(_rows(3), RULES)  # type: ignore[arg-type]
    assert report.summary.accepted == 3
    assert report.summary.amount_due == 3 * RULES.price("T60", RiskClass.NORMAL, 1)


def test_a_pricing_error_is_raised_not_left_out_of_the_amount() -> None:
    """A member of a plan with several tiers and none chosen cannot be priced: UnknownPlan."""
    assert len(PLAN.tiers) == 2
    with pytest.raises(UnknownPlan, match="T60"):
        validate_rows(_rows(2), RosterRules(PLAN, ON))  # type: ignore[arg-type]
