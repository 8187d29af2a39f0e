"""Who is covered for what, before a case is accepted (Linyi 4.1.1 申领受理, 003).

申领受理 looks the claimant up by ID number and lists the claim types their
cover allows; these tests pin the incident date at the day before, on and
after cover starts and the waiting period ends. The waiting period and the
filing limit of the demo pack are illustrative (the manuals give none).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from benefit_helpers import demo_view, person, policy

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.benefits.codes import findings_of
from mutualaid.claims.coverage import assess, coverage
from mutualaid.claims.ledger import Ledger
from mutualaid.model.benefit import Benefit
from mutualaid.model.states import PolicyStatus

M = person(1)
VIEW = demo_view()
HOSP = "disease_hospitalization"
DAY = timedelta(days=1)


def ask(on: date, *policies: object, **kw: object) -> tuple[bool, str | None]:
    answer = coverage(M, HOSP, on, policies=policies, rules=VIEW, **kw)  # type: ignore[arg-type]
    return answer.covered, answer.code


START = date(2026, 3, 1)
WAIT_ENDS = START + timedelta(days=89)  # 90 days, the first day counted: 2026-05-29


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (START - DAY, (False, "cover.before_cover_starts")),
        (START, (False, "cover.waiting_period")),
        (START + DAY, (False, "cover.waiting_period")),
        (WAIT_ENDS - DAY, (False, "cover.waiting_period")),
        (WAIT_ENDS, (False, "cover.waiting_period")),
        (WAIT_ENDS + DAY, (True, None)),
        (date(2026, 12, 31), (True, None)),
        (date(2027, 1, 1), (False, "cover.after_cover_ends")),
    ],
)
def test_cover_start_and_waiting_period_boundaries(
    on: date, expected: tuple[bool, str | None]
) -> None:
    assert ask(on, policy(M, 2026, starts=START)) == expected


def test_the_waiting_period_end_is_reported() -> None:
    answer = coverage(
        M, HOSP, WAIT_ENDS + DAY, policies=[policy(M, 2026, starts=START)], rules=VIEW
    )
    assert (answer.cover_starts, answer.waiting_ends, answer.cover_ends) == (
        START,
        WAIT_ENDS,
        date(2026, 12, 31),
    )


def test_a_renewal_without_a_gap_carries_the_waiting_period_over() -> None:
    renewed = (policy(M, 2025), policy(M, 2026))
    assert ask(date(2026, 1, 1), *renewed) == (True, None)
    answer = coverage(M, HOSP, date(2026, 1, 1), policies=renewed, rules=VIEW)
    assert answer.waiting_ends == date(2025, 3, 31) and answer.policy_number == "BD2026"


def test_a_gap_starts_a_new_waiting_period() -> None:
    gap = (policy(M, 2025), policy(M, 2026, starts=date(2026, 2, 1)))
    assert ask(date(2026, 2, 1), *gap) == (False, "cover.waiting_period")
    assert ask(date(2026, 5, 2), *gap) == (True, None)  # 2026-02-01 + 89 days = 2026-05-01


def test_a_member_who_left_is_covered_until_the_day_before() -> None:
    left = policy(M, 2025, left_on=date(2025, 6, 1))
    assert ask(date(2025, 5, 31), left) == (True, None)
    assert ask(date(2025, 6, 1), left) == (False, "cover.member_left")


@pytest.mark.parametrize("status", [PolicyStatus.CANCELLED, PolicyStatus.AWAITING_EFFECTIVE_DATE])
def test_a_policy_not_in_force_covers_nobody(status: PolicyStatus) -> None:
    assert ask(date(2025, 7, 1), policy(M, 2025, status=status)) == (
        False,
        "cover.policy_not_effective",
    )


def test_an_expired_policy_still_pays_for_incidents_inside_its_period() -> None:
    assert ask(date(2025, 7, 1), policy(M, 2025, status=PolicyStatus.EXPIRED)) == (True, None)


def test_not_a_member_and_claim_type_not_in_plan() -> None:
    assert ask(date(2025, 7, 1), policy(person(2), 2025)) == (False, "cover.not_a_member")
    answer = coverage(M, "other", date(2025, 7, 1), policies=[policy(M, 2025)], rules=VIEW)
    assert (answer.covered, answer.code, answer.policy_number, answer.plan_code) == (
        False,
        "claim.type_not_in_plan",
        "BD2025",
        "DEMO-2025",
    )


def test_whether_the_plan_offers_a_type_is_the_packs_claim_types_alone() -> None:
    """One rule (issue 8): steps for a type the plan does not offer do not make it offered."""
    view = demo_view(offered=("disease_hospitalization",))
    answer = coverage(
        M, "special_disease", date(2025, 7, 1), policies=[policy(M, 2025)], rules=view
    )
    assert (answer.covered, answer.code) == (False, "claim.type_not_in_plan")
    assert coverage(M, HOSP, date(2025, 7, 1), policies=[policy(M, 2025)], rules=view).covered


def test_an_offered_type_without_steps_is_a_pack_gap_deferred() -> None:
    view = demo_view(offered=(HOSP, "other"))
    facts = CaseFacts("LP9", "other", date(2025, 7, 1), total="100")
    answer, benefit = assess(facts, M, policies=[policy(M, 2025)], rules=view)
    assert (answer.covered, answer.code, answer.policy_number) == (
        False,
        "benefit.no_steps",
        "BD2025",
    )
    assert benefit.refusal == "benefit.no_steps" and not benefit.amount
    [found] = findings_of(benefit)
    assert (found.code, found.severity.value) == ("benefit.no_steps", "warning")


def test_a_type_not_offered_reads_as_the_case_rule_finding() -> None:
    _, benefit = assess(
        CaseFacts("LP9", "other", date(2025, 7, 1)), M, policies=[policy(M, 2025)], rules=VIEW
    )
    [found] = findings_of(benefit)
    assert (found.code, found.params["plan_code"]) == ("claim.type_not_in_plan", "DEMO-2025")
    assert found.message == "保障计划DEMO-2025不含申领类型其他"
    assert found.text("en") == "Plan DEMO-2025 does not offer this claim type"


def test_no_shares_no_cover() -> None:
    assert ask(date(2025, 7, 1), policy(M, 2025, shares=0)) == (False, "cover.no_shares")


@pytest.mark.parametrize(
    ("filed", "expected"),
    [
        (date(2025, 6, 30), (False, "claim.incident_after_filing")),
        (date(2025, 7, 1), (True, None)),
        (date(2026, 7, 1), (True, None)),  # 365 days after
        (date(2026, 7, 2), (False, "claim.filed_too_late")),
    ],
)
def test_the_filing_limit(filed: date, expected: tuple[bool, str | None]) -> None:
    assert ask(date(2025, 7, 1), policy(M, 2025), filed_on=filed) == expected


def _paid_ledger(facts: CaseFacts, *policies: object) -> Ledger:
    _, b = assess(facts, M, policies=policies, rules=VIEW)  # type: ignore[arg-type]
    return Ledger().record(b, M, VIEW.plan("DEMO-2025"))


def test_a_second_case_for_the_same_incident_is_a_duplicate_and_the_first_is_not() -> None:
    p = policy(M, 2025)
    facts = CaseFacts("LP1", "special_disease", date(2025, 7, 1))
    ledger = _paid_ledger(facts, p)
    again = coverage(
        M, "special_disease", date(2025, 7, 1), policies=[p], rules=VIEW, ledger=ledger.entries
    )
    assert again.code == "cover.duplicate_case"
    same = coverage(
        M,
        "special_disease",
        date(2025, 7, 1),
        policies=[p],
        rules=VIEW,
        ledger=ledger.entries,
        claim_id="LP1",
    )
    assert same.covered
    voided = ledger.void("LP1", M, VIEW.plan("DEMO-2025"))
    assert coverage(
        M, "special_disease", date(2025, 7, 1), policies=[p], rules=VIEW, ledger=voided.entries
    ).covered


def test_caps_and_days_used_and_left() -> None:
    p = policy(M, 2025, shares=2)
    facts = CaseFacts(
        "LP1",
        HOSP,
        date(2025, 7, 1),
        total="12000",
        self_pay="1500",
        over_limit="500",
        days=9,
        hospital_level="level_3",
    )
    ledger = Ledger().record(
        assess(facts, M, policies=[p], rules=VIEW)[1], M, VIEW.plan("DEMO-2025")
    )
    answer = coverage(M, HOSP, date(2025, 8, 1), policies=[p], rules=VIEW, ledger=ledger.entries)
    assert answer.deductible is not None
    assert (answer.deductible.limit, answer.deductible.used, answer.deductible.left) == (
        Decimal("800.00"),
        Decimal("800.00"),
        Decimal("0.00"),
    )
    caps = {c.step: (c.limit, c.used, c.left) for c in answer.caps}
    assert caps["cap_period"] == (Decimal("100000.00"), Decimal("6420.00"), Decimal("93580.00"))
    assert caps["cap_allowance"] == (Decimal("2000.00"), Decimal("900.00"), Decimal("1100.00"))
    assert caps["cap_case"][1] == 0
    (days,) = answer.days
    assert (days.limit, days.used, days.left) == (30, 9, 21)


def test_a_used_up_cap_refuses_the_next_case() -> None:
    p = policy(M, 2025)
    view = demo_view({"demo.cap_life": "5000"})
    facts = CaseFacts("LP1", "special_disease", date(2025, 7, 1))
    _, b = assess(facts, M, policies=[p], rules=view)
    ledger = Ledger().record(b, M, view.plan("DEMO-2025"))
    answer, refused = assess(
        attrs.evolve(
            facts, claim_id="LP2", claim_type=HOSP, total="9000", days=1, hospital_level="level_1"
        ),
        M,
        policies=[p],
        rules=view,
        ledger=ledger.entries,
    )
    assert answer.code == "cover.cap_used_up" and refused.refusal == "cover.cap_used_up"
    assert refused.amount == 0


def test_assess_refuses_outside_cover_with_the_cover_code() -> None:
    facts = CaseFacts("LP1", "special_disease", date(2026, 3, 5))
    answer, b = assess(facts, M, policies=[policy(M, 2026, starts=START)], rules=VIEW)
    assert answer.code == b.refusal == "cover.waiting_period" and b.amount == 0
    assert b.policy_number == "BD2026" and b.rows == ()


def test_a_filing_refusal_is_the_case_rules_finding() -> None:
    """The coverage question and the case steps share one filing rule (`filing_problem`)."""
    refused = Benefit.refused("LP9", "DEMO-2025", "other", date(2025, 7, 1), "claim.filed_too_late")
    [found] = findings_of(refused)
    assert (found.code, found.params["claim_id"]) == ("claim.filed_too_late", "LP9")
    assert found.message == "出险日期2025-07-01的申领已超过申领时限"
    assert found.text("en") == "Filed on …, more than … days after the incident on 2025-07-01"
