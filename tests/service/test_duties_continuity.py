"""Guangdong 五（三） 历史保单绑定, read by continuity and the waiting period, through the service.

Seed 001 五（三）: 「登录单位网厅系统 → 进入【历史保单绑定】」; 四（六）: 「迟缴可能会导致参保人员断保，
断保后会有免责期」 (the pack's effective.waiting_period_days, 30, illustrative).
"""

from __future__ import annotations

from datetime import date, datetime

from service_helpers import people, service
from test_bypasses import guangdong_approved

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
