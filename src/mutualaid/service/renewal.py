"""Renewal reminders (Guangdong 二 续保短信通知): policies about to end, and whom to tell.

Guangdong keeps the handler's details 「用于业务联系、续保短信通知、业务系统登录」
(seed 001 二、单位账号注册与登录): when a policy's coverage is about to end,
the association texts the unit's handler to renew. :func:`renewals_due`
answers which policies: those in force whose coverage ends within the
pack's ``renewal.notice_days`` (a region whose pack is silent reminds no
one), unless the unit already holds a policy of the same plan family that
starts after it (renewed). :func:`remind_renewals` makes each reminder the
policy's ``remind_renewal`` step: a :class:`~mutualaid.lifecycle.events.RenewalDue`
event with the unit's handler in the store's outbox and in the unit's
mailbox (:mod:`mutualaid.service.messages`), in one transaction, once per
policy and reminder window; it returns the reminders it newly made.

Layer 6.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from mutualaid.lifecycle import policy_machine
from mutualaid.model import Policy, Unit
from mutualaid.model.states import PolicyStatus
from mutualaid.model.unit import Contact
from mutualaid.rules.defaults.renewal import renewal_notice_days
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
    :param window_start: the first day of the reminder window: ``coverage_end``
        less the pack's ``renewal.notice_days`` (one reminder per policy and window).
    """

    policy_number: str
    plan_code: str
    unit_id: str
    unit_name: str
    coverage_end: date
    days_left: int
    handler: Contact | None
    window_start: date


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
        window = p.coverage.end - timedelta(days=days)
        yield RenewalReminder(
            p.number, p.plan_code, unit.id, unit.name, p.coverage.end, left, unit.handler, window
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
    """Remind each unit with a policy due, once per policy and window; return the new reminders.

    Each reminder is the policy's ``remind_renewal`` step (its audit record,
    a :class:`~mutualaid.lifecycle.events.RenewalDue` event in the store's
    outbox with the unit's handler, and the unit's message), all in one
    transaction: the host texts the handler from
    :meth:`~mutualaid.service.Service.pending_events` and acknowledges it. A
    policy already reminded in the same window (its coverage end less the
    pack's ``renewal.notice_days``) is not reminded again, so a daily job
    run twice reminds once; two runs at once: the second's write of the
    same policy is refused by version (:class:`~mutualaid.errors.ConcurrentModification`).
    """
    now = at if at is not None else svc.clock()
    made: list[RenewalReminder] = []
    with svc.store.transaction():
        for reminder in renewals_due(svc, on, region=region):
            if _reminded(svc, reminder):
                continue
            params: dict[str, Any] = {"window_start": reminder.window_start}
            if reminder.handler is not None:
                params["handler"] = reminder.handler
            policy = svc.store.get(Policy, reminder.policy_number)
            svc._step(policy_machine(), policy, "remind_renewal", actor=actor, at=now, **params)
            made.append(reminder)
    return tuple(made)


def _reminded(svc: Service, reminder: RenewalReminder) -> bool:
    return any(
        r.action == "remind_renewal" and r.params.get("window_start") == reminder.window_start
        for r in svc.store.audit_trail(Policy, reminder.policy_number)
    )
