"""Continuity (Guangdong 五（三） 历史保单绑定): bound prior policies read for the waiting period.

Guangdong lets a unit bind its earlier policies (「登录单位网厅系统 → 进入【历史保单绑定】」,
seed 001 五（三）): cover that continues from them has no waiting period, while
「迟缴可能会导致参保人员断保，断保后会有免责期」 (四（六）). The pack's
``effective.waiting_period_days`` and its effective-date rule judge this
from the last covered day of the unit's previous cover of the plan's family
(:meth:`~mutualaid.rules.view.PackView.effective_date`'s
``previous_coverage_end``).

:func:`bind_prior_policy` is the unit's 历史保单绑定 step through the service
(the registration machine's ``link_prior_policy``, where the region's flow
has it); :func:`previous_coverage_end` reads the unit's stored policies of
the family and the bound ones; :func:`effective_dates` asks the pack for
each line of an application, with that day, so that the waiting period a
gap causes is known before payment.

Layer 6.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from mutualaid.lifecycle import Facts, Outcome, registration_machine
from mutualaid.model import Application, Unit
from mutualaid.model.plan import Plan
from mutualaid.rules.results import EffectiveDate
from mutualaid.service.gather import previous_cover_end
from mutualaid.service.service import Service

__all__ = ["bind_prior_policy", "effective_dates", "previous_coverage_end"]


def bind_prior_policy(
    svc: Service, unit_id: str, policy_number: str, *, actor: str, at: datetime | None = None
) -> Outcome[Unit]:
    """历史保单绑定: the unit binds an earlier policy (one transaction, its audit record).

    :raises StepNotInRegion: the region's flow has no such step.
    """
    now = at if at is not None else svc.clock()
    with svc.store.transaction():
        unit = svc.store.get(Unit, unit_id)
        machine = registration_machine(svc.flow(unit.region or "", now.date()).registration)
        return svc._step(
            machine,
            unit,
            "link_prior_policy",
            actor=actor,
            at=now,
            facts=Facts(rules=svc.rules(unit.region or "")),
            policy_number=policy_number,
        )


def previous_coverage_end(svc: Service, unit_id: str, plan: Plan) -> date | None:
    """The last covered day of the unit's earlier cover of ``plan``'s family.

    :func:`~mutualaid.service.gather.previous_cover_end` over the service's
    store: the unit's stored policies and those it bound (历史保单绑定), in the
    same family, not cancelled, starting before ``plan``'s coverage;
    ``None`` when there is none (a first enrolment: no gap to judge).
    """
    return previous_cover_end(svc.store, unit_id, plan)


def effective_dates(svc: Service, app_id: str, arrival: date) -> Mapping[str, EffectiveDate]:
    """The pack's effective date of each line for money arriving on ``arrival``, with continuity.

    Each answer carries ``waiting_period_end`` where the pack sets a waiting
    period and the cover does not follow on from the previous cover.
    """
    app = svc.store.get(Application, app_id)
    rules = svc.rules(app.pack)
    answers: dict[str, EffectiveDate] = {}
    for line in app.lines:
        plan = rules.plan(line.plan_code)
        answers[line.plan_code] = rules.effective_date(
            app,
            plan,
            payment_arrival=arrival,
            previous_coverage_end=previous_coverage_end(svc, app.unit_id, plan),
        )
    return answers
