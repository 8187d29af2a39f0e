"""Guangdong 五（三） 历史保单绑定, read by continuity and the waiting period, through the service.

Seed 001 五（三）: 「登录单位网厅系统 → 进入【历史保单绑定】」; 四（六）: 「迟缴可能会导致参保人员断保，
断保后会有免责期」 (the pack's effective.waiting_period_days, 30, illustrative).
"""

from __future__ import annotations

from datetime import date, datetime

from service_helpers import people, service
from test_bypasses import guangdong_approved
from test_service import store  # noqa: F401 (the memory / SQLite / SQLAlchemy fixture)

from mutualaid.lifecycle import Repository, is_covered
from mutualaid.model import Policy, PolicyMember, Unit
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.states import PolicyStatus
from mutualaid.service.continuity import bind_prior_policy, effective_dates

ON = datetime(2026, 3, 2, 9)


def prior(number: str, unit_id: str, start: date, end: date) -> Policy:
    return Policy(number, unit_id, "OLD-APP", "GD-HOSP-2025", CoveragePeriod(start, end),
                  (PolicyMember(people(1, area="440106")[0]),), PolicyStatus.EFFECTIVE, start,
                  family="GD-HOSP")  # fmt: skip


def test_guangdong_5_3_a_bound_prior_policy_makes_the_cover_continuous() -> None:
    """A gap since the unit's own last policy means a waiting period; binding the policy of its
    old account that ran until the day before removes the gap."""
    svc = service(at=ON)
    guangdong_approved(svc)  # reference effective date 2026-04-01
    (first,) = effective_dates(svc, "G1", date(2026, 3, 20)).values()
    assert first.date == date(2026, 4, 1) and first.waiting_period_end is None  # no history

    svc.store.save(prior("GD-2025-OWN", "U1", date(2025, 1, 1), date(2025, 12, 31)))
    (gap,) = effective_dates(svc, "G1", date(2026, 3, 20)).values()
    assert gap.waiting_period_end == date(2026, 4, 30)  # 30 days from 2026-04-01

    svc.store.save(prior("GD-2025-OLD", "OLD", date(2025, 4, 1), date(2026, 3, 31)))
    bound = bind_prior_policy(svc, "U1", "GD-2025-OLD", actor="U1").entity
    assert bound.prior_policy_numbers == ("GD-2025-OLD",)
    assert svc.store.audit_trail(Unit, "U1")[-1].action == "link_prior_policy"
    (continuous,) = effective_dates(svc, "G1", date(2026, 3, 20)).values()
    assert continuous.date == date(2026, 4, 1) and continuous.waiting_period_end is None


def paid_with_policies(svc, arrival: date) -> Policy:  # type: ignore[no-untyped-def]
    """G1's notice confirmed on ``arrival`` and its policy built (Guangdong 四（六）, 六（一）)."""
    notice = svc.issue_notice("G1").entity
    svc.confirm_payment("G1", actor="finance", arrival_date=arrival,
                        amount_received=notice.amount_due, policy_numbers=["GD-2026-1"])  # fmt: skip
    return svc.get(Policy, "GD-2026-1")


def test_guangdong_5_3_a_renewal_bound_to_its_prior_policy_gets_no_new_waiting_period() -> None:
    """五（三）历史保单绑定: the policy built at payment follows on from the bound policy of the
    unit's old account (to 2026-03-31): no 免责期 on it, every member covered from 1 April."""
    svc = service(at=ON)
    guangdong_approved(svc)
    svc.store.save(prior("GD-2025-OLD", "OLD", date(2025, 4, 1), date(2026, 3, 31)))
    bind_prior_policy(svc, "U1", "GD-2025-OLD", actor="U1")
    policy = paid_with_policies(svc, date(2026, 3, 20))
    assert policy.effective_date == date(2026, 4, 1)
    assert policy.waiting_period_end is None
    member = policy.members[0].member.id_number
    assert is_covered(member, date(2026, 4, 1), [policy])


def test_guangdong_4_6_a_lapsed_renewal_gets_a_waiting_period_on_its_policies(
    store: Repository,  # noqa: F811
) -> None:
    """四（六）「迟缴可能会导致参保人员断保，断保后会有免责期」: the unit's last cover of the family
    ended 2025-12-31, so the policy built at payment records 30 days of 免责期 from 1 April;
    its members are not covered before 1 May, with or without the pack (on every store)."""
    svc = service(store, at=ON)
    guangdong_approved(svc)
    svc.store.save(prior("GD-2025-OWN", "U1", date(2025, 1, 1), date(2025, 12, 31)))
    policy = paid_with_policies(svc, date(2026, 3, 20))
    assert policy.effective_date == date(2026, 4, 1)
    assert policy.waiting_period_end == date(2026, 4, 30)
    member = policy.members[0].member.id_number
    rules = svc.rules("guangdong")
    for pack in (None, rules):
        assert not is_covered(member, date(2026, 4, 30), [policy], rules=pack)
        assert is_covered(member, date(2026, 5, 1), [policy], rules=pack)
    stored = svc.store.policies_of_unit("U1")
    assert {p.number: p.waiting_period_end for p in stored}["GD-2026-1"] == date(2026, 4, 30)


def test_guangdong_4_6_a_first_enrolment_has_no_waiting_period() -> None:
    """No earlier cover: nothing lapsed, no 免责期."""
    svc = service(at=ON)
    guangdong_approved(svc)
    assert paid_with_policies(svc, date(2026, 3, 20)).waiting_period_end is None
