"""Renewal reminders through the service (Guangdong 二 续保短信通知).

Seed 001 二、单位账号注册与登录: 「经办人基本信息（用于业务联系、续保短信通知、业务系统登录）」;
the pack's ``renewal.notice_days`` (30, an assumption the pack data notes).
"""

from __future__ import annotations

from datetime import date, datetime

import attrs
import pytest
from service_helpers import service
from test_bypasses import guangdong_approved

from mutualaid.errors import ConcurrentModification
from mutualaid.lifecycle import Repository
from mutualaid.lifecycle.events import RenewalDue
from mutualaid.model import Policy
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.states import PolicyStatus
from mutualaid.service import Service
from mutualaid.service.messages import messages
from mutualaid.service.renewal import remind_renewals, renewals_due
from stores.backends import store_factory


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


@pytest.fixture(params=["memory", "sqlite-file", "sqlalchemy-sqlite", "sqlalchemy-postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path) -> Repository:  # type: ignore[no-untyped-def]
    """Every store (PostgreSQL when MUTUALAID_TEST_POSTGRES_URL is set)."""
    with store_factory(request.param, tmp_path) as make:
        yield make()


def test_guangdong_2_each_reminder_is_one_outbox_event_with_the_handler(
    any_store: Repository,
) -> None:
    """Seed 001 二 续保短信通知: the reminder is an event in the store's outbox, written with the
    policy's audit record and the unit's message, once per policy and window however often the
    daily job runs; the host texts the handler it names and acknowledges it."""
    svc = service(any_store, at=datetime(2026, 3, 2, 9))
    guangdong_policy(svc)
    svc.acknowledge(*(e.id for e in svc.pending_events()))  # the enrolment's own events

    at = datetime(2026, 12, 1, 8)
    (made,) = remind_renewals(svc, date(2026, 12, 1), at=at)
    assert made.window_start == date(2026, 12, 1)  # 31 December less the pack's 30 days
    assert remind_renewals(svc, date(2026, 12, 1), at=at) == ()  # run twice: once
    assert remind_renewals(svc, date(2026, 12, 15), at=at) == ()  # a later day: same window

    (entry,) = svc.pending_events()
    event = entry.event
    assert isinstance(event, RenewalDue) and (entry.kind, entry.subject_id) == ("policy", "GD-P1")
    assert (event.unit_id, event.coverage_end, event.window_start) == (
        "U1",
        date(2026, 12, 31),
        date(2026, 12, 1),
    )
    assert event.handler is not None and event.handler.mobile == "13526589854"
    assert "13526589854" not in repr(entry)  # masked
    trail = svc.store.audit_trail(Policy, "GD-P1")
    assert [r.action for r in trail].count("remind_renewal") == 1
    assert [m.subject_id for m in messages(svc.store, "U1") if m.event.name == "renewal_due"] == [
        "GD-P1"
    ]

    svc.acknowledge(entry.id)
    assert svc.pending_events() == ()
    assert remind_renewals(svc, date(2026, 12, 20), at=at) == ()  # acknowledged: still once


def test_guangdong_2_a_failed_reminder_leaves_nothing(any_store: Repository) -> None:
    """All or nothing: when the unit's message cannot be written after the policy's step, the
    step's audit record and its outbox event are rolled back too; the next run reminds."""
    svc = service(any_store, at=datetime(2026, 3, 2, 9))
    guangdong_policy(svc)
    svc.acknowledge(*(e.id for e in svc.pending_events()))
    before = len(messages(svc.store, "U1"))
    real = svc.store.append_audit

    def broken(*records):  # type: ignore[no-untyped-def]
        raise ConcurrentModification("the mailbox changed meanwhile")

    svc.store.append_audit = broken  # type: ignore[method-assign]
    with pytest.raises(ConcurrentModification):
        remind_renewals(svc, date(2026, 12, 1), at=datetime(2026, 12, 1, 8))
    svc.store.append_audit = real  # type: ignore[method-assign]
    assert svc.pending_events() == () and len(messages(svc.store, "U1")) == before
    assert "remind_renewal" not in [r.action for r in svc.store.audit_trail(Policy, "GD-P1")]
    assert len(remind_renewals(svc, date(2026, 12, 1), at=datetime(2026, 12, 1, 9))) == 1
