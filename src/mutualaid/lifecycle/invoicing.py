"""Invoicing (开票): invoice requests checked against the pack's rules, issued, linked.

An invoice request is saved, submitted (blocked by the pack's invoice
findings, judged on the day of the submit, which becomes the request's
date: the settlement day, the per-capita cap, the title equal to the
unit's name, invoicing by the parent unit for a group, early invoices with a
commitment letter, Guangdong's stamped e-policy uploaded with the request:
``save`` takes it as ``stamped_confirmation``), then issued with its number, or rejected with reasons and
corrected. The rules come from the rules engine: pass the pack's view in the
context under :data:`RULES`, with the unit and the invoiced applications.

>>> from datetime import date, datetime
>>> from decimal import Decimal
>>> from mutualaid.model.invoice import InvoiceRequest
>>> req = InvoiceRequest("I1", "U1", ("A1",), "某公司", "91371000MA3C0000XF",
...                      Decimal("600"), "hr@example.com", date(2025, 3, 24))
>>> out = invoice_machine().apply(req, "submit", actor="U1", at=datetime(2025, 3, 24, 9))
Traceback (most recent call last):
...
mutualaid.errors.MissingFact: 'submit' needs the fact 'rules', which was not given (Pass context=Facts(rules=...) (or {'rules': ...}): the region's rule pack view (RuleEngine...pack(name)). mutualaid.service gathers every fact from the store.)

Layer 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import attrs

from mutualaid.lifecycle.events import Event, InvoiceIssued, InvoiceRequestReturned
from mutualaid.lifecycle.guards import RULES, files_within_limits, note_required
from mutualaid.lifecycle.machine import Attempt, Machine, MachineFactory, Transition
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.material import Material
from mutualaid.model.policy import Policy
from mutualaid.model.states import InvoiceRequestStatus as I
from mutualaid.rules.findings import Finding, Severity

__all__ = [
    "APPLICATIONS",
    "EDIT_FIELDS",
    "RULES",
    "invoice_findings",
    "invoice_machine",
    "invoices_for_policy",
]

#: Context key: the applications the request invoices.
APPLICATIONS = "applications"
#: The fields ``save`` may change (not ``requested_on``: ``submit`` stamps it with its own day).
#: ``stamped_confirmation`` is the upload of the form (Guangdong 七（二）: "5.上传盖章后的参保确认书
#: → 6.填写开票信息及金额，点击【保存】").
EDIT_FIELDS = (
    "title",
    "taxpayer_code",
    "amount",
    "email",
    "early",
    "subject_ids",
    "stamped_confirmation",
)


def invoice_findings(
    request: InvoiceRequest,
    rules: Any,
    unit: Any,
    applications: Iterable[Any] = (),
    on: date | None = None,
) -> tuple[Finding, ...]:
    """The reasons the pack's invoice findings give against ``request`` on ``on``.

    ``on`` is the day the request is submitted (the submit guard passes its
    own day); by default the request's date, for a request already submitted.
    Errors block; so does a missing document (``needs_material``: the
    commitment letter of an early invoice, Guangdong's stamped confirmation);
    warnings do not.
    """
    day = request.requested_on if on is None else on
    found = rules.invoice_findings(request, unit, tuple(applications), day)
    return tuple(
        f
        if f.blocking
        else attrs.evolve(f, severity=Severity.ERROR)  # a missing document blocks too
        for f in found
        if f.severity in (Severity.ERROR, Severity.NEEDS_MATERIAL)
    )


def _rules_pass(attempt: Attempt[InvoiceRequest]) -> Iterator[Finding]:
    """The pack's invoice findings on the day of the attempt (facts ``rules``, ``unit``, ``applications``).

    On ``submit`` and again on ``issue``: Linyi's settlement day
    (seed 003, 开票: 「每月25日结算后不再开取发票」) is about the day the
    invoice is made, so a request submitted on the 24th is not issued on the 28th.
    """
    rules = attempt.context.need(RULES, attempt.action)
    unit = attempt.context.need("unit", attempt.action)
    applications = attempt.context.need(APPLICATIONS, attempt.action)
    yield from invoice_findings(attempt.entity, rules, unit, applications, attempt.at.date())


def _save(req: InvoiceRequest, attempt: Attempt[InvoiceRequest]) -> InvoiceRequest:
    return attrs.evolve(req, **{k: v for k, v in attempt.params.items() if k in EDIT_FIELDS})


def _stamp(req: InvoiceRequest, attempt: Attempt[InvoiceRequest]) -> InvoiceRequest:
    return attrs.evolve(req, requested_on=attempt.at.date())


def _letter(req: InvoiceRequest, attempt: Attempt[InvoiceRequest]) -> InvoiceRequest:
    letter: Material = attempt.params["letter"]
    return attrs.evolve(req, commitment_letter=letter)


def _issue(req: InvoiceRequest, attempt: Attempt[InvoiceRequest]) -> InvoiceRequest:
    return attrs.evolve(req, invoice_number=str(attempt.params["invoice_number"]))


def _issued(
    before: InvoiceRequest, after: InvoiceRequest, a: Attempt[InvoiceRequest]
) -> tuple[Event]:
    return (
        InvoiceIssued(
            subject_id=after.id,
            at=a.at,
            actor=a.actor,
            invoice_number=after.invoice_number or "",
            email=after.email,
        ),
    )


def _rejected(
    before: InvoiceRequest, after: InvoiceRequest, a: Attempt[InvoiceRequest]
) -> tuple[Event]:
    return (InvoiceRequestReturned(subject_id=after.id, at=a.at, actor=a.actor, reasons=a.note),)


_EDITABLE = (I.DRAFT, I.REJECTED)


def _invoice_machine() -> Machine[InvoiceRequest]:
    return Machine(
        kind="invoice_request",
        label="开票申请",
        states=I,
        initial=I.DRAFT,
        id_field="id",
        transitions=(
            *Transition.staying(
                "save",
                _EDITABLE,
                effect=_save,
                guards=(files_within_limits,),
                optional=EDIT_FIELDS,
                label="填写开票信息",
            ),
            *Transition.staying(
                "upload_commitment_letter",
                _EDITABLE,
                effect=_letter,
                guards=(files_within_limits,),
                required=("letter",),
                types=(("letter", Material),),
                label="上传承诺书",
            ),
            Transition(
                "submit", _EDITABLE, I.SUBMITTED, guards=(_rules_pass,), effect=_stamp, label="提交"
            ),
            Transition(
                "issue",
                (I.SUBMITTED,),
                I.ISSUED,
                guards=(_rules_pass,),
                effect=_issue,
                events=_issued,
                required=("invoice_number",),
                types=(("invoice_number", str),),
                label="开票",
            ),
            Transition(
                "reject",
                (I.SUBMITTED,),
                I.REJECTED,
                guards=(note_required,),
                events=_rejected,
                label="驳回",
            ),
            Transition("cancel", (*_EDITABLE, I.SUBMITTED), I.CANCELLED, label="取消"),
        ),
    )


#: The invoice-request machine (the same in every region; the rules differ by pack).
invoice_machine: MachineFactory[InvoiceRequest] = MachineFactory(
    "invoice_machine", _invoice_machine
)


def invoices_for_policy(
    policy: Policy, requests: Iterable[InvoiceRequest]
) -> tuple[InvoiceRequest, ...]:
    """The issued invoices that cover ``policy`` (by its number or its application).

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from mutualaid.model.plan import CoveragePeriod
    >>> p = Policy("P1", "U1", "A1", "medical", CoveragePeriod.calendar_year(2025))
    >>> r = InvoiceRequest("I1", "U1", ("A1",), "某公司", "x", Decimal("60"), "a@b.c",
    ...                    date(2025, 3, 1), status=I.ISSUED, invoice_number="N1")
    >>> [i.invoice_number for i in invoices_for_policy(p, [r])]
    ['N1']
    """
    keys = {policy.number, policy.application_id}
    return tuple(r for r in requests if r.status is I.ISSUED and keys.intersection(r.subject_ids))
