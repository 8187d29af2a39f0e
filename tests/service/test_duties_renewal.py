"""Renewal reminders through the service (Guangdong 二 续保短信通知).

Seed 001 二、单位账号注册与登录: 「经办人基本信息（用于业务联系、续保短信通知、业务系统登录）」;
the pack's ``renewal.notice_days`` (30, an assumption the pack data notes).
"""

from __future__ import annotations

from datetime import date, datetime

import attrs
from service_helpers import service
from test_bypasses import guangdong_approved

from mutualaid.model import Policy
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.states import PolicyStatus
from mutualaid.service import Service
from mutualaid.service.messages import messages
from mutualaid.service.renewal import remind_renewals, renewals_due


def guangdong_policy(svc: Service) -> Policy:
    guangdong_approved(svc)
    notice = svc.issue_notice("G1").entity
    svc.confirm_payment("G1", actor="finance", arrival_date=date(2026, 3, 20),
                        amount_received=notice.amount_due, policy_numbers=["GD-P1"])  # fmt: skip
    policy = svc.get(Policy, "GD-P1")
    assert policy.status is PolicyStatus.EFFECTIVE and policy.coverage.end == date(2026, 12, 31)
    return policy


def test_guangdong_2_renewal_sms_goes_to_the_handler_within_the_packs_days() -> None:
    """Seed 001 二: the handler's details serve 续保短信通知; the pack says 30 days ahead."""
    svc = service(at=datetime(2026, 3, 2, 9))
    guangdong_policy(svc)
    assert renewals_due(svc, date(2026, 11, 30)) == ()  # 31 days left: not yet
    (due,) = renewals_due(svc, date(2026, 12, 1))
    assert (due.policy_number, due.unit_id, due.days_left) == ("GD-P1", "U1", 30)
    assert due.handler is not None and due.handler.mobile == "13526589854"
    assert renewals_due(svc, date(2027, 1, 1)) == ()  # ended: nothing to renew
    assert renewals_due(svc, date(2026, 12, 1), region="shenzhen") == ()

    at = datetime(2026, 12, 1, 8)
    assert [r.policy_number for r in remind_renewals(svc, date(2026, 12, 1), at=at)] == ["GD-P1"]
    assert remind_renewals(svc, date(2026, 12, 2), at=at) == ()  # once per policy
    newest = messages(svc.store, "U1")[0]
    assert newest.title == "保单即将到期，请及时续保" and newest.subject_id == "GD-P1"


def test_guangdong_2_a_renewed_policy_is_not_reminded() -> None:
    """A unit already holding next year's policy of the same plan family has renewed."""
    svc = service(at=datetime(2026, 3, 2, 9))
    policy = guangdong_policy(svc)
    next_year = attrs.evolve(
        policy,
        number="GD-P2",
        plan_code="GD-HOSP-2027",
        coverage=CoveragePeriod(date(2027, 1, 1), date(2027, 12, 31)),
        version=0,
    )
    svc.store.save(next_year)
    assert renewals_due(svc, date(2026, 12, 1)) == ()


def test_a_region_whose_pack_is_silent_reminds_no_one() -> None:
    """Seed 002 (Shenzhen) names no renewal SMS: its pack sets no renewal.notice_days."""
    from test_bypasses import shenzhen_policy

    svc = service(at=datetime(2026, 6, 20, 9))
    shenzhen_policy(svc)
    assert renewals_due(svc, date(2026, 12, 20)) == ()
