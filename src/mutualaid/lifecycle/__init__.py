"""The enrolment life cycle: state machines with pure transitions, flows, payment, policies.

See docs/lifecycle.md for a walk through and docs/group-enrolment.md for
group enrolment. The public API is re-exported here:

* machines — :class:`Machine` (``apply``, ``check``, ``replay``), :class:`Outcome`,
  :class:`Transition`, :class:`AuditRecord` and the domain events;
* applications — :func:`application_machine`, :func:`flow_from` (the pack's
  flow, its data fields derived from the pack's parameters on a day),
  :func:`submission_findings` and :func:`over_age_count` (what the pack says at
  submission; ``OVER_RETIREMENT`` is the over-age finding's code),
  :func:`offline_materials_received` (the paper-materials guard);
* registration — :func:`new_registration`, :func:`registration_machine`,
  :func:`issue_unit_number`, :func:`pinyin_username`, :class:`UnitChange`;
* payment — :func:`notice_for_application`, :func:`notice_for_endorsement`
  (priced by the pack), :func:`issue_notice`, :func:`payment_machine`,
  :func:`check_vouchers`, :func:`effective_date`;
* invoicing — :func:`invoice_machine`, :func:`invoices_for_policy`;
* policies — :func:`build_policies`, :func:`policy_machine`,
  :func:`endorsement_machine`, :func:`is_covered`, :func:`transfer_in`
  (members of another unit added by the office, leaving their former policy);
* group enrolment — :func:`request_link`, :func:`link_machine`,
  :func:`create_group`, :func:`group_part_machine`, :func:`submit_group`,
  :func:`price_group`, :func:`notice_for_group`;
* stores — :class:`MemoryStore`, :class:`SQLiteStore`,
  :class:`Repository`, :class:`DoubleCover`.

The printed documents moved to :mod:`mutualaid.documents` (they use nothing
of the life cycle, and openpyxl is not loaded with it); their names still
resolve here for one release, with a :class:`DeprecationWarning`.

Guards read typed facts (:class:`Facts`; the keys ``UNIT``, ``RULES``,
``GROUP``... are their names); a missing one raises
:class:`~mutualaid.errors.MissingFact`. :mod:`mutualaid.service` gathers them
from the store, one call per business action.
Everything else stays in its submodule (``mutualaid.lifecycle.machine``,
``.trail``, ``.events``, ``.guards``, ``.application``, ``.registration``,
``.payment``, ``.invoicing``, ``.policies``, ``.group``, ``.store``). A region's flow is its rule pack's (``flow_from(rules)``;
the bundled packs keep theirs in ``mutualaid_pack_<name>.flows``).

>>> import mutualaid.lifecycle as lc
>>> from mutualaid.rules.flows import ApplicationFlow
>>> machine = lc.application_machine(ApplicationFlow(region="yiyang"))
>>> isinstance(machine, lc.Machine), lc.MemoryStore.__name__
(True, 'MemoryStore')

Layer 4.
"""

from __future__ import annotations

from mutualaid.lifecycle.application import (
    OVER_RETIREMENT,
    application_machine,
    effective_as_the_pack_says,
    flow_from,
    lines_structure,
    next_step_after_approval,
    offline_materials_received,
    over_age_count,
    pack_effective_date,
    payment_arrived,
    submission_findings,
)
from mutualaid.lifecycle.events import (
    ApplicationApproved,
    ApplicationCancelled,
    ApplicationClosed,
    ApplicationEvent,
    ApplicationReturned,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    EndorsementEffective,
    Event,
    GroupPartReturned,
    GroupSubmitted,
    InvoiceIssued,
    InvoiceRequestReturned,
    MaterialsRequested,
    PaymentConfirmed,
    PaymentDeferred,
    PaymentExceptionRaised,
    PaymentNoticeIssued,
    PolicyEffective,
    UnitLinkConfirmed,
    UnitLinkRequested,
    UnitRegistered,
    UnitRegistrationReturned,
)
from mutualaid.lifecycle.facts import Facts
from mutualaid.lifecycle.group import (
    GROUP,
    PARTS,
    GroupOutcome,
    GroupPartOpened,
    GroupPartSubmitted,
    combined_application,
    create_group,
    group_invoice_machine,
    group_machine,
    group_part_machine,
    link_machine,
    linked_subsidiaries,
    notice_for_group,
    price_group,
    request_link,
    submit_group,
)
from mutualaid.lifecycle.guards import (
    FINDINGS,
    INVOICE_REQUEST,
    PAYMENT_NOTICE,
    PRIOR_APPLICATIONS,
    REQUIRED_MATERIALS,
    UNIT,
    context,
)
from mutualaid.lifecycle.invoicing import (
    APPLICATIONS,
    RULES,
    invoice_findings,
    invoice_machine,
    invoices_for_policy,
)
from mutualaid.lifecycle.machine import (
    Attempt,
    Guard,
    Machine,
    Outcome,
    Reason,
    Transition,
    refusal_text,
)
from mutualaid.lifecycle.payment import (
    PaymentCheck,
    check_vouchers,
    effective_date,
    issue_notice,
    notice_for_application,
    notice_for_endorsement,
    notice_for_quote,
    payment_machine,
    voucher_warnings,
)
from mutualaid.lifecycle.policies import (
    OTHER_POLICIES,
    POLICY,
    TransferOutcome,
    build_policies,
    endorse,
    endorsement_findings,
    endorsement_machine,
    is_covered,
    policy_machine,
    price_endorsement,
    transfer_in,
)
from mutualaid.lifecycle.registration import (
    UnitChange,
    change_machine,
    completeness,
    issue_unit_number,
    new_registration,
    pinyin_username,
    registration_machine,
    validate_unit_code,
)
from mutualaid.lifecycle.store import (
    DoubleCover,
    MemoryStore,
    Repository,
    SQLiteStore,
    covering_policies,
    double_covers,
    kind_of,
)
from mutualaid.lifecycle.trail import (
    AuditRecord,
    check_trail,
)

__all__ = [
    "APPLICATIONS",
    "FINDINGS",
    "GROUP",
    "INVOICE_REQUEST",
    "OTHER_POLICIES",
    "OVER_RETIREMENT",
    "PARTS",
    "PAYMENT_NOTICE",
    "POLICY",
    "PRIOR_APPLICATIONS",
    "REQUIRED_MATERIALS",
    "RULES",
    "UNIT",
    "ApplicationApproved",
    "ApplicationCancelled",
    "ApplicationClosed",
    "ApplicationEvent",
    "ApplicationReturned",
    "ApplicationSubmitted",
    "ApplicationWithdrawn",
    "Attempt",
    "AuditRecord",
    "DoubleCover",
    "EndorsementEffective",
    "Event",
    "Facts",
    "GroupOutcome",
    "GroupPartOpened",
    "GroupPartReturned",
    "GroupPartSubmitted",
    "GroupSubmitted",
    "Guard",
    "InvoiceIssued",
    "InvoiceRequestReturned",
    "Machine",
    "MaterialsRequested",
    "MemoryStore",
    "Outcome",
    "PaymentCheck",
    "PaymentConfirmed",
    "PaymentDeferred",
    "PaymentExceptionRaised",
    "PaymentNoticeIssued",
    "PolicyEffective",
    "Reason",
    "Repository",
    "SQLiteStore",
    "TransferOutcome",
    "Transition",
    "UnitChange",
    "UnitLinkConfirmed",
    "UnitLinkRequested",
    "UnitRegistered",
    "UnitRegistrationReturned",
    "application_machine",
    "build_policies",
    "change_machine",
    "check_trail",
    "check_vouchers",
    "combined_application",
    "completeness",
    "context",
    "covering_policies",
    "create_group",
    "double_covers",
    "effective_as_the_pack_says",
    "effective_date",
    "endorse",
    "endorsement_findings",
    "endorsement_machine",
    "flow_from",
    "group_invoice_machine",
    "group_machine",
    "group_part_machine",
    "invoice_findings",
    "invoice_machine",
    "invoices_for_policy",
    "is_covered",
    "issue_notice",
    "issue_unit_number",
    "kind_of",
    "lines_structure",
    "link_machine",
    "linked_subsidiaries",
    "new_registration",
    "next_step_after_approval",
    "notice_for_application",
    "notice_for_endorsement",
    "notice_for_group",
    "notice_for_quote",
    "offline_materials_received",
    "over_age_count",
    "pack_effective_date",
    "payment_arrived",
    "payment_machine",
    "pinyin_username",
    "policy_machine",
    "price_endorsement",
    "price_group",
    "refusal_text",
    "registration_machine",
    "request_link",
    "submission_findings",
    "submit_group",
    "transfer_in",
    "validate_unit_code",
    "voucher_warnings",
]


def __getattr__(name: str) -> object:
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from mutualaid.lifecycle.documents import MOVED, moved_document

    if name in MOVED:
        return moved_document(name, __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
