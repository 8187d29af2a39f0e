"""What a step's rules need, read from the store: the facts a service call gathers.

Each function answers one question about stored entities (the unit's other
applications, the policies that may cover a roster twice, the parts of a
group...), so that :class:`~mutualaid.service.Service` never asks the host
for a fact the store already holds.

>>> from mutualaid.lifecycle import MemoryStore
>>> from mutualaid.model import Application
>>> store = MemoryStore()
>>> _ = store.save(Application("A1", "U1", "yiyang"))
>>> _ = store.save(Application("A2", "U1", "yiyang"))
>>> [a.id for a in other_applications(store, store.get(Application, "A2"))]
['A1']

Layer 6.
"""

from __future__ import annotations

from datetime import date

from mutualaid.errors import LifecycleError
from mutualaid.lifecycle import Repository
from mutualaid.model import (
    Application,
    Endorsement,
    InvoiceRequest,
    PaymentNotice,
    Policy,
    Unit,
)
from mutualaid.model.plan import Plan
from mutualaid.model.states import PaymentNoticeStatus, PolicyStatus

__all__ = [
    "covering_elsewhere",
    "group_of",
    "invoiced_applications",
    "live_notice",
    "other_applications",
    "parts_of",
    "previous_cover_end",
    "request_for",
    "subject_notice",
]


def other_applications(store: Repository, application: Application) -> tuple[Application, ...]:
    """The unit's other applications, as stored (the machine leaves out drafts and cancelled ones)."""
    return tuple(
        a for a in store.applications_of_unit(application.unit_id) if a.id != application.id
    )


def live_notice(store: Repository, subject_id: str) -> PaymentNotice | None:
    """The live payment notice of an application or endorsement: the newest not cancelled."""
    live = [
        n
        for n in store.payment_notices_for(subject_id)
        if n.status is not PaymentNoticeStatus.CANCELLED
    ]
    return live[-1] if live else None


def subject_notice(store: Repository, subject_id: str) -> PaymentNotice:
    """The live payment notice of an application or endorsement.

    :raises LifecycleError: none was issued.
    """
    notice = live_notice(store, subject_id)
    if notice is None:
        raise LifecycleError(
            f"{subject_id} has no payment notice",
            hint="Issue the payment notice first (Service.issue_notice).",
        )
    return notice


def parts_of(store: Repository, group: Application) -> tuple[Application, ...]:
    """The parts (subsidiaries' applications) of a group, in the order they were stored."""
    return tuple(a for a in store.all(Application) if a.group_id == group.id and a.is_group_part)


def group_of(store: Repository, part: Application) -> Application:
    """The group (parent's) application of a part.

    :raises LifecycleError: the application is not a part of a stored group.
    """
    group = store.find(Application, part.group_id) if part.group_id else None
    if group is None:
        raise LifecycleError(f"application {part.id} is not a part of a stored group")
    return group


def invoiced_applications(store: Repository, request: InvoiceRequest) -> tuple[Application, ...]:
    """The applications an invoice request names, directly or through a policy number."""
    found: dict[str, Application] = {}
    for subject in request.subject_ids:
        app = store.find(Application, subject)
        if app is None:
            policy = store.find(Policy, subject)
            app = store.find(Application, policy.application_id) if policy else None
        if app is not None:
            found.setdefault(app.id, app)
    return tuple(found.values())


def request_for(store: Repository, application: Application) -> InvoiceRequest | None:
    """The unit's newest invoice request naming ``application`` (Linyi's invoice entry)."""
    named = [
        r
        for r in store.invoice_requests_of_unit(application.unit_id)
        if application.id in r.subject_ids
    ]
    return named[-1] if named else None


def covering_elsewhere(
    store: Repository, endorsement: Endorsement, policy: Policy
) -> tuple[Policy, ...]:
    """Other policies covering a member of the endorsement's roster on its first or last day.

    The endorsement would cover its members from its effective date to the
    policy's coverage end; a policy of the same plan covering one of them on
    either day is a double cover (:func:`~mutualaid.lifecycle.endorsement_findings`
    compares the exact days).
    """
    found: dict[str, Policy] = {}
    for entry in endorsement.roster:
        for day in (entry.effective_date or endorsement.effective_date, policy.coverage.end):
            for other in store.policies_covering(entry.member.id_number, day):
                if other.number != policy.number:
                    found.setdefault(other.number, other)
    return tuple(found.values())


def previous_cover_end(store: Repository, unit_id: str, plan: Plan) -> date | None:
    """The last covered day of the unit's earlier cover of ``plan``'s family.

    Read from the unit's stored policies and those it bound (历史保单绑定,
    Guangdong 五（三）), in the same family, not cancelled, starting before
    ``plan``'s coverage (an April-March policy may end inside it); ``None``
    when there is none (a first enrolment: no gap to judge).
    """
    unit = store.get(Unit, unit_id)
    candidates: dict[str, Policy] = {p.number: p for p in store.policies_of_unit(unit_id)}
    for number in unit.prior_policy_numbers:
        bound = store.find(Policy, number)
        if bound is not None:
            candidates.setdefault(number, bound)
    ends = [
        p.coverage.end
        for p in candidates.values()
        if p.plan_family == plan.family_code
        and p.status is not PolicyStatus.CANCELLED
        and p.coverage.start < plan.coverage.start
    ]
    return max(ends) if ends else None
