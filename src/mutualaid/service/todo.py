"""A unit's to-do list (Shenzhen 2.1 待办事项): what each of its entities may do now, and why not.

The home page of Shenzhen's system (seed 002 2.1 首页: 「下方为资料下载与待办事项专区」)
and Yiyang's show a unit what is waiting for it. :func:`todo_list` computes it
from the machines, never from a hand-written list of states: for every entity
of the unit (the unit's registration, its applications and group parts, their
payment notices, its invoice requests, policies and endorsements) it takes the
actions the entity's machine allows in its state (the region's flow decides
the table), keeps those the given party takes (:data:`PARTIES`), and runs
each action's guards with the facts the service would gather for the step
(:class:`~mutualaid.service.Service`): an action whose guards yield reasons
is listed with them (blocked, and why), the others are ready.

An action that needs the host's input to be judged (a voucher to upload, a
material, a date, a return's reasons) lists it in ``needs``: its guards judge that input, so
they run when the step is taken, not here.

Who takes an action is the one fact the tables do not hold: :data:`PARTIES`
says it per machine kind (the unit submits, the association approves; a
group's parent returns or includes its subsidiaries' parts).

Layer 6.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from mutualaid.errors import MissingFact
from mutualaid.lifecycle import (
    Facts,
    Machine,
    group_invoice_machine,
    invoice_machine,
    payment_machine,
    policy_machine,
    registration_machine,
)
from mutualaid.lifecycle.guards import note_required
from mutualaid.model import InvoiceRequest, PaymentNotice, Unit
from mutualaid.rules.findings import Finding
from mutualaid.service.gather import (
    covering_elsewhere,
    invoiced_applications,
    live_notice,
    parts_of,
    request_for,
)
from mutualaid.service.service import Service

__all__ = ["PARTIES", "Party", "Todo", "todo_list"]


class Party(StrEnum):
    """Who takes an action."""

    UNIT = "unit"  # the unit's handler (经办人)
    PARENT = "parent"  # a group's parent unit, on its subsidiaries' parts (集团)
    ASSOCIATION = "association"  # the association's office (互助会 / 经办工会 / 财务)


_UNIT = Party.UNIT
_PARENT = Party.PARENT
_NOT_PARENT = frozenset({Party.UNIT, Party.ASSOCIATION})

#: The actions a unit (or a group's parent) takes, by machine kind; every other
#: action of a table is the association's.
PARTIES: Mapping[str, Mapping[str, Party]] = MappingProxyType(
    {
        "unit": {"submit": _UNIT, "update": _UNIT, "link_prior_policy": _UNIT},
        "application": {
            a: _UNIT
            for a in (
                "save",
                "provide_material",
                "accept_terms",
                "submit",
                "withdraw",
                "cancel",
                "submit_payment",
                "upload_stamped_application",
                "set_reference_date",
            )
        },
        "group_part": {"save": _UNIT, "submit": _UNIT, "return": _PARENT, "include": _PARENT},
        "payment_notice": {
            a: _UNIT
            for a in (
                "add_voucher",
                "remove_voucher",
                "submit_vouchers",
                "defer",
                "submit_exception_materials",
                "cancel",
            )
        },
        "invoice_request": {
            a: _UNIT for a in ("save", "upload_commitment_letter", "submit", "cancel")
        },
        "endorsement": {
            a: _UNIT for a in ("save", "submit", "withdraw", "cancel", "submit_payment")
        },
        "policy": {},
    }
)


def party_of(kind: str, action: str) -> Party:
    """Who takes ``action`` on an entity of machine ``kind``."""
    return PARTIES.get(kind, {}).get(action, Party.ASSOCIATION)


@attrs.frozen
class Todo:
    """One action an entity may take now, or that is blocked and why.

    :param kind: the machine's kind (``"application"``, ``"payment_notice"``...).
    :param subject_id: the entity's key (an application's id, a notice's number).
    :param state: the entity's state (its Chinese label).
    :param action: the action's name; ``label`` its Chinese name (for the screen).
    :param party: who takes it.
    :param reasons: why it is blocked now (empty: ready).
    :param needs: the inputs the host must ask for before the step (a voucher...).
    """

    kind: str
    subject_id: str
    state: str
    action: str
    label: str
    party: Party
    reasons: tuple[Finding, ...] = ()
    needs: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        """True when nothing blocks the action (its inputs aside)."""
        return not self.reasons


@attrs.frozen
class _Subject:
    """One entity with its machine, the facts its guards read and the params the service gives."""

    machine: Machine[Any]
    entity: Any
    facts: Facts = attrs.field(factory=Facts)
    given: Mapping[str, Any] = attrs.field(factory=dict)
    waits_for: Mapping[str, str] = attrs.field(factory=dict)  # action -> fact not stored yet
    parties: frozenset[Party] = attrs.field(
        default=frozenset(Party)
    )  # whose actions on it this unit sees


#: What a fact the store does not hold yet is called on the screen.
_FACT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "payment_notice": "缴费通知单",
        "invoice_request": "开票申请",
        "policy": "保单",
        "group": "集团参保计划",
        "unit": "参保单位",
    }
)


def _not_yet(fact: str) -> Finding:
    """The reason an action waits for an entity nobody created yet (a notice not issued)."""
    return Finding.error("todo.not_yet", f"尚无{_FACT_LABELS.get(fact, fact)}")


def _label(state: Any) -> str:
    return str(getattr(state, "label", state))


def _judge(subject: _Subject, at: datetime, actor: str) -> Iterator[Todo]:
    machine, entity = subject.machine, subject.entity
    state = machine.state_of(entity)
    for action in machine.allowed_actions(entity):
        row = machine.transition(state, action)
        assert row is not None  # allowed_actions names rows of this state
        party = party_of(machine.kind, action)
        if party not in subject.parties:
            continue
        params = {k: v for k, v in subject.given.items() if k in (*row.required, *row.optional)}
        needs = tuple(name for name in row.required if name not in params)
        if note_required in row.guards:  # a return's reasons are the reviewer's input
            needs += ("note",)
        reasons: tuple[Finding, ...] = ()
        if action in subject.waits_for:  # the service would find no such entity
            reasons = (_not_yet(subject.waits_for[action]),)
        elif not needs:
            try:
                reasons = machine.check(
                    entity, action, at=at, actor=actor, context=subject.facts, **params
                )
            except MissingFact as missing:  # the store holds no such entity yet
                reasons = (_not_yet(str(missing.details.get("fact", ""))),)
        yield Todo(
            machine.kind,
            machine.id_of(entity),
            _label(state),
            action,
            row.label or action,
            party,
            reasons,
            needs,
        )


def _subjects(svc: Service, unit: Unit, on: date) -> Iterator[_Subject]:
    store = svc.store
    region = unit.region or ""
    yield _Subject(
        registration_machine(svc.flow(region, on).registration),
        unit,
        Facts(rules=svc.rules(region)),
    )
    for app in store.applications_of_unit(unit.id):
        notice = live_notice(store, app.id)
        given = {"notice_number": notice.number} if notice is not None else {}
        waits = {}
        if notice is None:  # the service pays with the live notice
            waits.update(dict.fromkeys(("submit_payment", "confirm_payment"), "payment_notice"))
        if request_for(store, app) is None:  # Linyi's invoice entry needs the unit's request
            waits["enter_invoice"] = "invoice_request"
        yield _Subject(
            svc._app_machine(app, on),  # the service's own choice of machine
            app,
            svc._app_facts(app),
            given,
            waits,
            # a subsidiary's own part: the parent's moves on it are the parent's to-do
            _NOT_PARENT if app.is_group_part else frozenset(Party),
        )
        if app.subsidiary_ids:  # the parent returns or includes each part of its group
            for part in parts_of(store, app):
                parent_only = frozenset({Party.PARENT})
                yield _Subject(
                    svc._app_machine(part, on), part, svc._app_facts(part), parties=parent_only
                )
        for n in store.payment_notices_for(app.id):
            yield _notice(svc, n, app.pack, on)
    for request in store.invoice_requests_of_unit(unit.id):
        yield _invoice(svc, unit, request)
    for policy in store.policies_of_unit(unit.id):
        yield _Subject(policy_machine(), policy)
        for e in store.endorsements_of_policy(policy.number):
            machine, _, pack = svc._endorsement_machine(e, on)
            facts = Facts(
                rules=svc.rules(pack),
                policy=policy,
                other_policies=covering_elsewhere(store, e, policy),
                payment_notice=live_notice(store, e.id),
            )
            yield _Subject(machine, e, facts)
            for n in store.payment_notices_for(e.id):
                yield _notice(svc, n, pack, on)


def _notice(svc: Service, notice: PaymentNotice, pack: str, on: date) -> _Subject:
    return _Subject(
        payment_machine(svc.flow(pack, on).payment), notice, Facts(rules=svc.rules(pack))
    )


def _invoice(svc: Service, unit: Unit, request: InvoiceRequest) -> _Subject:
    applications = invoiced_applications(svc.store, request)
    groups = [a for a in applications if a.subsidiary_ids]
    facts = Facts(
        rules=svc.rules(unit.region or (applications[0].pack if applications else "")),
        unit=unit,
        applications=applications,
        group=groups[0] if groups else None,
    )
    return _Subject(group_invoice_machine() if groups else invoice_machine(), request, facts)


def todo_list(
    svc: Service,
    unit_id: str,
    *,
    at: datetime | None = None,
    party: Party | None = Party.UNIT,
    ready_only: bool = False,
) -> tuple[Todo, ...]:
    """The unit's to-do list at ``at`` (default: the service's clock).

    :param party: keep the actions this party takes (default: the unit's own,
        a group parent's included); ``None`` keeps every party's (what the
        unit waits for from the association as well).
    :param ready_only: leave out the blocked actions.
    :returns: the entities' actions in the order the store keeps the
        entities (the unit, then each application with its notices, then
        invoice requests, policies and endorsements).
    """
    now = at if at is not None else svc.clock()
    unit = svc.store.get(Unit, unit_id)
    wanted = {Party.UNIT, Party.PARENT} if party is Party.UNIT else {party}
    found: list[Todo] = []
    for subject in _subjects(svc, unit, now.date()):
        for todo in _judge(subject, now, unit_id):
            if party is not None and todo.party not in wanted:
                continue
            if ready_only and not todo.ready:
                continue
            found.append(todo)
    return tuple(found)
