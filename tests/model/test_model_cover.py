"""One definition of a member's cover on a policy: ``Policy.cover_span``.

``covers``, the life cycle's ``is_covered`` and the stores' queries all ask it,
so effective dates, endorsements and a member leaving (``left_on``) count the
same way everywhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.model import (
    CoveragePeriod,
    Endorsement,
    EndorsementStatus,
    Member,
    Policy,
    PolicyMember,
    PolicyStatus,
    Roster,
)
from mutualaid.model.kinds import PlanKind
from mutualaid.model.plan import Plan
from mutualaid.model.policy import plan_family

YEAR = CoveragePeriod.calendar_year(2025)
ZHANG = Member.from_resident_id("张三", "11010519491231002X")
LI = Member.from_resident_id("李四", "440304199003070018")
WANG = Member.from_resident_id("王五", "430902198506150021")


def policy(*people: PolicyMember, **kw: Any) -> Policy:
    base = Policy(
        "P1", "U1", "A1", "med-2025", YEAR, people, PolicyStatus.EFFECTIVE, date(2025, 3, 1)
    )
    return attrs.evolve(base, **kw)


def added(*who: Member, on: date = date(2025, 6, 1), **kw: Any) -> Endorsement:
    base = Endorsement(
        "BQ1", "P1", "U1", on, Roster.of("med-2025", who), EndorsementStatus.EFFECTIVE
    )
    return attrs.evolve(base, **kw)


def span(first: date, last: date) -> CoveragePeriod:
    return CoveragePeriod(first, last)


def test_a_member_is_covered_from_their_own_else_the_policys_effective_date() -> None:
    p = policy(PolicyMember(ZHANG), PolicyMember(LI, effective_date=date(2025, 5, 1)))
    assert p.cover_span(ZHANG.id_number) == span(date(2025, 3, 1), date(2025, 12, 31))
    assert p.cover_span(LI.id_number) == span(date(2025, 5, 1), date(2025, 12, 31))
    assert p.cover_span(WANG.id_number) is None
    waiting = policy(PolicyMember(ZHANG), effective_date=None)
    assert waiting.cover_span(ZHANG.id_number) == YEAR  # the coverage start, until set


def test_a_member_who_left_is_covered_until_the_day_before() -> None:
    p = policy(PolicyMember(ZHANG, left_on=date(2025, 7, 1)))
    assert p.cover_span(ZHANG.id_number) == span(date(2025, 3, 1), date(2025, 6, 30))
    never = policy(PolicyMember(ZHANG, left_on=date(2025, 3, 1)))
    assert never.cover_span(ZHANG.id_number) is None


def test_an_effective_endorsement_of_this_policy_adds_cover_from_its_date() -> None:
    p = policy(PolicyMember(ZHANG))
    assert p.cover_span(LI.id_number, [added(LI)]) == span(date(2025, 6, 1), date(2025, 12, 31))
    own_date = added(LI, on=date(2025, 6, 1))
    own_date = attrs.evolve(
        own_date,
        roster=Roster.of("med-2025", [LI], effective_date=date(2025, 8, 1)),
    )
    assert p.cover_span(LI.id_number, [own_date]).start == date(2025, 8, 1)  # type: ignore[union-attr]
    assert p.cover_span(LI.id_number, [added(LI, status=EndorsementStatus.SUBMITTED)]) is None
    assert p.cover_span(LI.id_number, [added(LI, policy_number="P2")]) is None
    # two endorsements naming the member: from the earlier
    later = added(LI, on=date(2025, 9, 1), id="BQ2")
    assert p.cover_span(LI.id_number, [later, added(LI)]).start == date(2025, 6, 1)  # type: ignore[union-attr]


def test_an_endorsement_does_not_bring_back_a_member_who_left() -> None:
    """An endorsed member is put on the policy (``endorse``); leaving it ends their cover."""
    p = policy(PolicyMember(LI, effective_date=date(2025, 6, 1), left_on=date(2025, 9, 1)))
    assert p.cover_span(LI.id_number, [added(LI)]) == span(date(2025, 6, 1), date(2025, 8, 31))
    assert not p.covers(LI.id_number, date(2025, 9, 1), [added(LI)])
    assert p.cover_spans([added(LI)]) == ((LI, span(date(2025, 6, 1), date(2025, 8, 31))),)


def test_a_cancelled_policy_covers_nobody_ever() -> None:
    p = policy(PolicyMember(ZHANG), status=PolicyStatus.CANCELLED)
    assert p.cover_span(ZHANG.id_number) is None
    assert p.cover_spans([added(LI)]) == ()


def test_covers_is_an_effective_policy_and_a_day_of_the_span() -> None:
    p = policy(PolicyMember(ZHANG, left_on=date(2025, 7, 1)))
    assert p.covers(ZHANG.id_number, date(2025, 6, 30))
    assert not p.covers(ZHANG.id_number, date(2025, 7, 1))
    expired = attrs.evolve(p, status=PolicyStatus.EXPIRED)
    assert expired.cover_span(ZHANG.id_number) is not None  # history: it did cover
    assert not expired.covers(ZHANG.id_number, date(2025, 6, 30))  # but not now


def test_cover_spans_lists_each_member_once_in_order() -> None:
    p = policy(PolicyMember(ZHANG), PolicyMember(LI, left_on=date(2025, 3, 1)))
    spans = p.cover_spans([added(ZHANG, WANG)])
    assert [(m.name, str(s)) for m, s in spans] == [
        ("张三", "2025-03-01 至 2025-12-31"),
        ("王五", "2025-06-01 至 2025-12-31"),
    ]


_days = st.dates(date(2024, 12, 1), date(2026, 1, 31))
_maybe = st.none() | st.dates(date(2024, 12, 1), date(2026, 1, 31))


@given(
    effective=_maybe,
    own=_maybe,
    left_on=_maybe,
    endorsed_on=st.none() | _days,
    status=st.sampled_from(list(PolicyStatus)),
    endorsement_status=st.sampled_from(list(EndorsementStatus)),
    who=st.sampled_from([ZHANG, LI]),
)
def test_covers_and_cover_spans_agree_with_cover_span_day_by_day(
    effective: date | None,
    own: date | None,
    left_on: date | None,
    endorsed_on: date | None,
    status: PolicyStatus,
    endorsement_status: EndorsementStatus,
    who: Member,
) -> None:
    p = policy(
        PolicyMember(ZHANG, effective_date=own, left_on=left_on),
        effective_date=effective,
        status=status,
    )
    ends = (
        [] if endorsed_on is None else [added(ZHANG, LI, on=endorsed_on, status=endorsement_status)]
    )
    found = p.cover_span(who.id_number, ends)
    assert dict((m.id_number, s) for m, s in p.cover_spans(ends)).get(who.id_number) == found
    if found is not None:
        assert YEAR.start <= found.start <= found.end <= YEAR.end
    day = YEAR.start - timedelta(days=3)
    while day <= YEAR.end + timedelta(days=3):
        expected = status is PolicyStatus.EFFECTIVE and found is not None and found.contains(day)
        assert p.covers(who.id_number, day, ends) == expected
        day += timedelta(days=7)


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("GD-HOSP-2026", "GD-HOSP"),
        ("GD-HOSP-2025", "GD-HOSP"),
        ("weihai-medical-2025", "weihai-medical"),
        ("GD-ACC-GIFT-2026", "GD-ACC-GIFT"),
        ("WH_MED_2026", "WH_MED"),
        ("medical", "medical"),
        ("2026", "2026"),  # nothing would be left: the code is its own family
        ("T60", "T60"),
        ("plan-3000", "plan-3000"),  # not a year
    ],
)
def test_the_same_plan_across_periods_is_the_code_without_its_year(code: str, family: str) -> None:
    assert plan_family(code) == family
    assert policy(plan_code=code).plan_family == family


@given(
    year=st.integers(1990, 2099),
    family=st.none() | st.sampled_from(["GD-HOSP", "medical", "H"]),
)
def test_a_named_family_wins_over_the_codes_spelling(year: int, family: str | None) -> None:
    """A plan's family is data (``Plan.family``, copied onto its policies); only a plan
    without one falls back to the code without its year."""
    code = f"renamed-{year}"
    p = policy(plan_code=code, family=family)
    assert p.plan_family == (family if family is not None else "renamed")
    plan = Plan(code, "住院", PlanKind.HOSPITALIZATION_MEDICAL, YEAR, (), family=family)
    assert plan.family_code == p.plan_family


def test_policies_of_differently_spelt_codes_are_one_plan_by_family() -> None:
    """The naming convention is no longer needed: 2025's 'old-name' and 2026's
    'HOSP-NEW' are one plan when both name the family."""
    old = policy(plan_code="old-name", family="HOSP")
    new = policy(plan_code="HOSP-NEW", family="HOSP")
    assert old.plan_family == new.plan_family == "HOSP"
    assert policy(plan_code="old-name").plan_family != policy(plan_code="HOSP-NEW").plan_family
