"""Renewal reminders (Guangdong 二 续保短信通知): policies about to end, and whom to tell.

Guangdong keeps the handler's details 「用于业务联系、续保短信通知、业务系统登录」
(seed 001 二、单位账号注册与登录): when a policy's coverage is about to end,
the association texts the unit's handler to renew. :func:`renewals_due`
answers which policies: those in force whose coverage ends within the
pack's ``renewal.notice_days`` (a region whose pack is silent reminds no
one), unless the unit already holds a policy of the same plan family that
starts after it (renewed). :func:`remind_renewals` puts a
:class:`~mutualaid.lifecycle.events.RenewalDue` message in each unit's
mailbox (:mod:`mutualaid.service.messages`) once per policy, and returns the
reminders it newly made, for the host to text the handler.

Layer 6.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import attrs

from mutualaid.lifecycle.events import RenewalDue
from mutualaid.model import Policy, Unit
from mutualaid.model.states import PolicyStatus
from mutualaid.model.unit import Contact
from mutualaid.rules.defaults.renewal import renewal_notice_days
from mutualaid.service.messages import messages, post
from mutualaid.service.service import Service

__all__ = ["RenewalReminder", "remind_renewals", "renewals_due"]

_LIVE = (PolicyStatus.EFFECTIVE, PolicyStatus.AWAITING_EFFECTIVE_DATE)


@attrs.frozen
class RenewalReminder:
    """One policy whose unit should renew.

    :param policy_number: the policy.
    :param plan_code: its plan.
    :param unit_id: the insured unit; ``unit_name`` its name.
    :param coverage_end: the last day of cover.
    :param days_left: days from the day asked to ``coverage_end``.
    :param handler: whom to text (the unit's handler, 经办人), if the unit gave one.
    """

    policy_number: str
    plan_code: str
    unit_id: str
    unit_name: str
    coverage_end: date
    days_left: int
    handler: Contact | None


def _renewed(policy: Policy, others: tuple[Policy, ...]) -> bool:
    return any(
        q.number != policy.number
        and q.plan_family == policy.plan_family
        and q.coverage.start > policy.coverage.end
        and q.status in _LIVE
        for q in others
    )


def _due(svc: Service, unit: Unit, on: date, plan_code: str | None) -> Iterator[RenewalReminder]:
    days = renewal_notice_days(svc.rules(unit.region or ""), on)
    if days is None:
        return
    policies = svc.store.policies_of_unit(unit.id)
    for p in policies:
        left = (p.coverage.end - on).days
        if p.status is not PolicyStatus.EFFECTIVE or not 0 <= left <= days:
            continue
        if (plan_code is not None and p.plan_code != plan_code) or _renewed(p, policies):
            continue
        yield RenewalReminder(
            p.number, p.plan_code, unit.id, unit.name, p.coverage.end, left, unit.handler
        )


def renewals_due(
    svc: Service, on: date, *, region: str | None = None, plan_code: str | None = None
) -> tuple[RenewalReminder, ...]:
    """The policies in force on ``on`` whose coverage ends within their pack's ``renewal.notice_days``.

    :param region: only the units of this region; ``plan_code``: only this plan's policies.
    """
    return tuple(
        reminder
        for unit in svc.store.all(Unit)
        if region is None or unit.region == region
        if unit.region
        for reminder in _due(svc, unit, on, plan_code)
    )


def remind_renewals(
    svc: Service,
    on: date,
    *,
    actor: str = "system",
    at: datetime | None = None,
    region: str | None = None,
) -> tuple[RenewalReminder, ...]:
    """Post a 续保 message to each unit with a policy due, once per policy; return the new ones.

    One transaction: the host texts each returned reminder's handler; a
    policy already reminded is not returned again (its message is in the
    unit's mailbox).
    """
    now = at if at is not None else svc.clock()
    made: list[RenewalReminder] = []
    with svc.store.transaction():
        for reminder in renewals_due(svc, on, region=region):
            reminded = any(
                m.event.name == "renewal_due" and m.subject_id == reminder.policy_number
                for m in messages(svc.store, reminder.unit_id)
            )
            if reminded:
                continue
            event = RenewalDue(
                subject_id=reminder.policy_number,
                at=now,
                actor=actor,
                unit_id=reminder.unit_id,
                plan_code=reminder.plan_code,
                coverage_end=reminder.coverage_end,
            )
            post(svc.store, reminder.unit_id, event, kind="policy", subject_id=event.subject_id)
            made.append(reminder)
    return tuple(made)
