"""The application machine (参保申请单): from draft to effective, per region's flow.

:func:`application_machine` builds the table for one region's
:class:`~mutualaid.rules.flows.ApplicationFlow`: the core rows every region has
(save, submit, review, payment, confirmation) plus the optional ones the flow
asks for (terms acceptance, stamped application upload, material review,
second review, withdraw, cancel, invoice entry, the paper materials handed in
after payment (``receive_offline_materials``), effective time set by the
association, close).

Submission is judged by the region's rule pack: its view goes in the context
under ``RULES`` (as invoicing has it), in every region, and without it the
submission raises :class:`~mutualaid.errors.MissingFact` naming it. The pack's rules (Weihai:
the enrolled count equal to the declared paying headcount, 缴费人数) are its
findings, each reported once under the pack's code; the flow adds its
structure: Weihai needs the unit, whose information must be complete. A
return carries feedback and the unit resubmits (docs/lifecycle.md walks it
with the Weihai pack):

>>> from datetime import datetime
>>> from mutualaid.model import Member, Roster
>>> from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
>>> from mutualaid.rules.flows import ApplicationFlow
>>> weihai = ApplicationFlow(region="weihai", unit_info_complete_before_submit=True)
>>> m = application_machine(weihai)
>>> at = datetime(2018, 3, 5, 14, 48)
>>> roster = Roster.of("weihai-medical", [Member.from_resident_id("张三", "11010519491231002X")])
>>> app = Application("A1", "U1", "weihai", lines=(ApplicationLine("weihai-medical", roster=roster),),
...                   declared=DeclaredCounts(insured_headcount=120, paying_headcount=110))
>>> m.check(app, "submit", at=at)
Traceback (most recent call last):
...
mutualaid.errors.MissingFact: 'submit' needs the fact 'unit', which was not given (Pass context=Facts(unit=...) (or {'unit': ...}): the Unit acting or concerned. mutualaid.service gathers every fact from the store.)

Actions by state:

>>> m.allowed_actions(app)
('save', 'provide_material', 'submit', 'cancel')

With a rule pack, ``flow_from(rules, "standalone", on)`` gives the same flow
with the pack's data of that day.

Layer 4.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import attrs

from mutualaid.errors import LifecycleError, UnknownPlan
from mutualaid.lifecycle.events import (
    ApplicationApproved,
    ApplicationCancelled,
    ApplicationClosed,
    ApplicationReturned,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    Event,
    MaterialsRequested,
    PaymentConfirmed,
    PolicyEffective,
)
from mutualaid.lifecycle.guards import (
    FINDINGS,
    INVOICE_REQUEST,
    PAYMENT_NOTICE,
    PRIOR_APPLICATIONS,
    REQUIRED_MATERIALS,
    RULES,
    UNIT,
    files_within_limits,
    from_findings,
    missing_unit_fields,
    note_required,
    unit_from,
)
from mutualaid.lifecycle.machine import Attempt, Guard, Machine, Transition
from mutualaid.lifecycle.payment import effective_date, paid_by
from mutualaid.model.application import Application, DeclaredCounts
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.payment import PaymentNotice
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import InvoiceRequestStatus, PaymentNoticeStatus
from mutualaid.rules.defaults.application import too_many_plans_finding
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import ApplicationFlow
from mutualaid.rules.results import EffectiveDate, Situation

__all__ = [
    "EDITABLE",
    "EDIT_FIELDS",
    "OVER_RETIREMENT",
    "UNDER_REVIEW",
    "application_machine",
    "effective_as_the_pack_says",
    "flow_from",
    "lines_fit",
    "lines_structure",
    "next_step_after_approval",
    "offline_materials_received",
    "over_age_count",
    "pack_effective_date",
    "payment_arrived",
    "ready_to_submit",
    "submission_findings",
]

#: States in which the unit may edit and (re)submit.
EDITABLE = (S.DRAFT, S.RETURNED, S.WITHDRAWN)
#: States in which the office reviews.
UNDER_REVIEW = (S.SUBMITTED, S.UNDER_REVIEW)
#: The fields ``save`` may change (recorded as params, so replay reproduces them).
EDIT_FIELDS = (
    "lines",
    "declared",
    "reference_effective_date",
    "requested_effective_date",
    "materials",
    "contact",
    "remarks",
    "subsidiary_ids",
    "group_deadline",
)

#: The code of the core's finding on a member past the statutory retirement age
#: who has not retired (``age.over_retirement``): the members a material review is for.
OVER_RETIREMENT = "age.over_retirement"

#: The declared types of ``save``'s params.
SAVE_TYPES: tuple[tuple[str, Any], ...] = (
    ("lines", (tuple, list)),
    ("declared", DeclaredCounts),
    ("reference_effective_date", date),
    ("requested_effective_date", date),
    ("materials", (tuple, list)),
    ("remarks", str),
    ("subsidiary_ids", (tuple, list)),
    ("group_deadline", date),
)

# --- effects ---------------------------------------------------------------------


def _save(app: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(app, **{k: v for k, v in attempt.params.items() if k in EDIT_FIELDS})


def _accept_terms(app: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(app, terms_accepted=True)


def _add_material(app: Application, material: Material) -> Application:
    key = (material.kind, material.name, material.offline)
    kept = tuple(m for m in app.materials if (m.kind, m.name, m.offline) != key)
    return attrs.evolve(app, materials=(*kept, material))


def _provide_material(app: Application, attempt: Attempt[Application]) -> Application:
    material: Material = attempt.params["material"]
    return _add_material(app, material)


def _receive_offline(app: Application, attempt: Attempt[Application]) -> Application:
    for material in attempt.params.get("materials", ()):
        app = _add_material(app, attrs.evolve(material, offline=True, provided=True))
    return app


def _upload_stamped(app: Application, attempt: Attempt[Application]) -> Application:
    material = Material.required(MaterialKind.STAMPED_APPLICATION_FORM).provide(
        attempt.params.get("reference")
    )
    return _add_material(app, material)


def _feedback(app: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(app, feedback=attempt.note)


def _clear_feedback(app: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(app, feedback="")


# --- guards ------------------------------------------------------------------------


def lines_fit(flow: ApplicationFlow) -> Guard:
    """The guard on saving an application's lines: plans per application, repeats, tiers, gift plans.

    ``save`` runs without the pack, so this guard gives early answers from the
    flow's fields derived from the pack's data (plans per application, one
    tier per plan). Submission asks the pack itself and keeps only the
    structure checks (:func:`lines_structure`), so each rule is reported once.
    """
    structure = lines_structure(flow, line_tiers=False)

    def guard(attempt: Attempt[Application]) -> Iterator[Finding]:
        lines = attempt.params.get("lines", attempt.entity.lines)
        if flow.max_lines is not None and len(lines) > flow.max_lines:
            yield too_many_plans_finding(len(lines), flow.max_lines)
        if flow.one_tier_per_plan:
            for line in lines:
                tiers = {e.tier_code for e in line.roster.entries} | {line.tier_code}
                if len(tiers - {None}) > 1:
                    yield Finding.error(
                        "application.mixed_tiers",
                        f"{line.plan_code}: 一个保障计划一个单位只能选择一个档位",
                    )
        yield from structure(attempt)

    return guard


def lines_structure(flow: ApplicationFlow, *, line_tiers: bool = True) -> Guard:
    """The checks on an application's lines that are the flow's, not the pack's rules.

    A plan added twice, gift plans or a reference date where the region has
    none; and, with one tier per plan and no pack in the context (``RULES``),
    a roster whose one tier is not its line's: with the pack, its
    ``roster.tier_mismatch`` names each such entry, so it is not said twice.
    Plans per application and mixed tiers within a roster are the pack's
    findings at submission. ``line_tiers=False`` leaves the tier check out
    (:func:`lines_fit` makes the whole one).
    """

    def guard(attempt: Attempt[Application]) -> Iterator[Finding]:
        lines = attempt.params.get("lines", attempt.entity.lines)
        codes = [line.plan_code for line in lines]
        if len(set(codes)) != len(codes):
            yield Finding.error("application.duplicate_plan", "同一保障计划不能重复添加")
        if flow.one_tier_per_plan and line_tiers and RULES not in attempt.context:
            for line in lines:
                tiers = {e.tier_code for e in line.roster.entries} - {None}
                if line.tier_code is not None and len(tiers) == 1 and tiers != {line.tier_code}:
                    yield Finding.error(
                        "application.mixed_tiers",
                        f"{line.plan_code}: 名单档位{tiers.pop()}与所选档位{line.tier_code}不一致，"
                        "一个保障计划一个单位只能选择一个档位",
                    )
        if not flow.gift_plans and any(line.gift_plans for line in lines):
            yield Finding.error("application.gift_plans_not_offered", "本地区没有赠送计划")
        if not flow.reference_effective_date and attempt.params.get("reference_effective_date"):
            yield Finding.error("application.reference_date_not_offered", "本地区不设生效参考日期")

    return guard


#: Application states that do not count as the unit's earlier choices (the pack's
#: one tier per plan per unit): never submitted, or cancelled.
NOT_COUNTED = (S.DRAFT, S.CANCELLED)


def counted_applications(
    application: Application, others: Iterable[Application]
) -> tuple[Application, ...]:
    """The unit's other applications that the pack compares ``application`` with.

    Yiyang (seed 004, 2. 新建参保单): 「一个保障计划一个单位只能选择一个档位」. An
    application never submitted (a draft) or cancelled (撤单) chose nothing.
    """
    return tuple(
        a
        for a in others
        if a.id != application.id
        and a.unit_id == application.unit_id
        and a.status not in NOT_COUNTED
    )


def submission_findings(
    application: Application,
    rules: Any,
    on: date,
    prior_applications: Iterable[Application] = (),
) -> tuple[Finding, ...]:
    """What the pack says about ``application`` on ``on``: its own, its rosters', its members'.

    ``rules`` is a :class:`~mutualaid.rules.engine.PackView`. A member's
    findings name the member in their message. ``prior_applications`` are
    the unit's other applications (:func:`counted_applications` keeps those
    that count).

    :raises UnknownPlan: a line's plan is not the pack's.
    """
    prior = counted_applications(application, prior_applications)
    found = list(rules.application_findings(application, on, prior_applications=prior))
    for line in application.lines:
        found += rules.roster_findings(line.roster, rules.plan(line.plan_code), on)
    found += _member_findings(application, rules, on)
    return tuple(found)


def over_age_count(findings: Iterable[Finding]) -> int:
    """How many members the findings say are past retirement age and not retired."""
    return sum(1 for f in findings if f.code == OVER_RETIREMENT)


def _member_findings(application: Application, rules: Any, on: date) -> Iterator[Finding]:
    """Each member's findings, the member named in the message."""
    for line in application.lines:
        plan = rules.plan(line.plan_code)
        for entry in line.roster:
            for f in rules.member_findings(entry.member, plan, on):
                yield attrs.evolve(f, message=f"{entry.member.name}：{f.message}")


def _over_age(attempt: Attempt[Application]) -> int:
    """Over-age members, as the pack in the context (``RULES``) finds them.

    Without the pack there is no answer: :class:`~mutualaid.errors.MissingFact`.
    """
    rules = attempt.context.need(RULES, attempt.action)
    return over_age_count(_member_findings(attempt.entity, rules, attempt.at.date()))


def _after_submission(flow: ApplicationFlow) -> frozenset[MaterialKind]:
    """Material kinds of the pack's application list that are not due at submission.

    Guangdong's stamped application is uploaded after submission
    (``upload_stamped_application``); Weihai's registration certificate is
    the unit's (``unit.has_registration_certificate``, judged on the unit).
    """
    kinds: set[MaterialKind] = set()
    if flow.stamped_application_upload:
        kinds.add(MaterialKind.STAMPED_APPLICATION_FORM)
    if flow.certificate_before_application:
        kinds.add(MaterialKind.REGISTRATION_CERTIFICATE)
    return frozenset(kinds)


def _prior(attempt: Attempt[Application], rules: Any) -> tuple[Application, ...]:
    """The unit's other applications, a fact the pack's one-tier rule cannot be judged without."""
    if rules.param("application.one_tier_per_plan_per_unit", attempt.at.date(), False):
        prior: tuple[Application, ...] = attempt.context.need(PRIOR_APPLICATIONS, attempt.action)
        return prior
    return tuple(attempt.context.get(PRIOR_APPLICATIONS, ()))


def _pack_answers(
    attempt: Attempt[Application], flow: ApplicationFlow
) -> tuple[tuple[Finding, ...], frozenset[MaterialKind], Finding | None]:
    """The pack's findings and the materials it asks for at submission, on the day of the attempt.

    The materials are those the findings ask for (the over-age roster) and
    the pack's fixed list for the step (Shenzhen's 社保台账), less the kinds
    handed in after submission (:func:`_after_submission`).
    """
    rules = attempt.context.need(RULES, attempt.action)
    on = attempt.at.date()
    try:
        found = submission_findings(attempt.entity, rules, on, _prior(attempt, rules))
    except UnknownPlan as err:
        return (), frozenset(), Finding.error("application.unknown_plan", err.message)
    needed = rules.required_materials(
        Situation.APPLICATION, on, application=attempt.entity, findings=found
    )
    later = _after_submission(flow)
    return (
        found,
        frozenset(m.kind for m in needed if m.reason is not None or m.kind not in later),
        None,
    )


def ready_to_submit(flow: ApplicationFlow) -> Guard:
    """The guard on submission: the unit, materials, and the pack's findings.

    The pack's view must be in the context (key ``RULES``, as invoicing has
    it): without it :class:`~mutualaid.errors.MissingFact` names it in
    every region, never let through with the pack's checks skipped (nor
    routed past Yiyang's over-age material review: the pack says who is over
    age). The guard asks the pack itself, on the day of the attempt
    (:func:`submission_findings`): its blocking findings block, and the
    materials its findings ask for (the over-age roster...) must be provided
    when the flow wants materials before submission. Findings and materials
    the host passes (``FINDINGS``, ``REQUIRED_MATERIALS``: a roster file's
    findings, documents of the step) count too. The pack's rules (plans per
    application, tiers, declared counts, the enrolled count, the notice of
    terms, an empty roster) are its findings only, each reported once under
    the pack's code; the guard adds what is not a pack rule: the unit's
    information and certificate, the materials to provide, an application
    without any line.

    Used by the application's ``submit`` and by a group part's submission to
    its parent (:mod:`mutualaid.lifecycle.group`).
    """

    def guard(attempt: Attempt[Application]) -> Iterator[Finding]:
        app = attempt.entity
        given: list[Finding] = []
        if not app.lines:  # an empty roster is the pack's finding (roster.empty)
            given.append(Finding.error("application.no_members", "参保名单为空，请先导入参保人员"))
        needs_unit = flow.unit_info_complete_before_submit or flow.certificate_before_application
        unit = attempt.context.need(UNIT, attempt.action) if needs_unit else unit_from(attempt)
        if unit is not None and flow.unit_info_complete_before_submit:
            missing = missing_unit_fields(unit, flow.registration.required_fields)
            if missing:
                given.append(
                    Finding.error(
                        "unit.info_incomplete",
                        f"单位信息未完善（{', '.join(missing)}），无法提交",
                    )
                )
        if (
            unit is not None
            and flow.certificate_before_application
            and not unit.has_registration_certificate
        ):
            given.append(Finding.error("unit.certificate_missing", "请先上传注册证件（必传）"))
        found, asked, unknown = _pack_answers(attempt, flow)
        if unknown is not None:
            given.append(unknown)
        if flow.materials_before_submit:
            provided = {m.kind for m in app.materials if m.provided}
            wanted = {m.kind for m in app.materials if not m.provided} | asked
            wanted |= set(attempt.context.get(REQUIRED_MATERIALS, ()))
            missing_kinds = sorted(wanted - provided, key=str)
            if missing_kinds:
                given.append(
                    Finding.error(
                        "application.materials_missing",
                        "请补充证明材料：" + "、".join(k.label for k in missing_kinds),
                    )
                )
        yield from given
        # the pack's findings, then the host's (a roster file's) that the pack did not make
        host = [f for f in attempt.context.get(FINDINGS, ()) if f not in found]
        yield from from_findings((*found, *host))

    return guard


def offline_materials_received(flow: ApplicationFlow) -> Guard:
    """The guard on recording the paper materials (线下递交材料): all that the pack asks for.

    The ``materials`` param lists the :class:`~mutualaid.model.material.Material`
    values the office received. None at all is refused. The pack's view must
    be in the context (``RULES``; without it :class:`~mutualaid.errors.MissingFact`,
    as at submission): every material it asks for after payment
    (``Situation.OFFLINE``: its ``materials.offline`` data, and what its
    findings on the application ask for, such as the over-age proof) must be
    among them, by kind.
    """

    def guard(attempt: Attempt[Application]) -> Iterator[Finding]:
        given: tuple[Material, ...] = tuple(attempt.params.get("materials", ()))
        rules = attempt.context.need(RULES, attempt.action)
        if not given:
            names = _offline_names(attempt)
            yield Finding.error(
                "application.offline_materials_missing",
                "请登记收到的线下材料" + ("：" + "、".join(names) if names else ""),
            )
            return
        on = attempt.at.date()
        try:
            found = submission_findings(attempt.entity, rules, on)
        except UnknownPlan as err:
            yield Finding.error("application.unknown_plan", err.message)
            return
        needed = rules.required_materials(
            Situation.OFFLINE, on, application=attempt.entity, findings=found
        )
        have = {m.kind for m in given}
        missing = [m.name for m in needed if m.kind not in have]
        if missing:
            yield Finding.error(
                "application.offline_materials_missing", "线下材料未收齐：" + "、".join(missing)
            )

    return guard


def _notice_of(attempt: Attempt[Application]) -> PaymentNotice | None:
    """The application's confirmed notice in the context (``PAYMENT_NOTICE``), else None."""
    notice = attempt.context.get(PAYMENT_NOTICE)
    if (
        isinstance(notice, PaymentNotice)
        and notice.subject_id == attempt.entity.id
        and notice.status is PaymentNoticeStatus.CONFIRMED
    ):
        return notice
    return None


def payment_arrived(attempt: Attempt[Application]) -> Iterator[Finding]:
    """The guard on ``confirm_payment``: the application's notice, confirmed, in the context.

    The notice (context key ``PAYMENT_NOTICE``) must be this application's
    (``subject_id``) and confirmed on the payment machine, which checked the
    money against the amount due to the fen; the arrival date and the amount
    paid are the notice's. A ``notice_number`` or ``arrival_date`` the host
    passes (recorded in the audit trail) must be the notice's.
    """
    app = attempt.entity
    notice = attempt.context.need(PAYMENT_NOTICE, attempt.action)
    yield from paid_by(
        notice,
        app.id,
        "参保单",
        arrival_date=attempt.params.get("arrival_date"),
        notice_number=attempt.params.get("notice_number"),
    )


def pack_effective_date(
    application: Application, rules: Any, payment_arrival: date | None
) -> EffectiveDate:
    """The pack's effective date of ``application`` for money arriving on ``payment_arrival``.

    :func:`~mutualaid.lifecycle.payment.effective_date` for each line's plan:
    the earliest date, or a pending answer (``date`` None: the association
    sets it) when any line's is pending or there is no line.

    :raises UnknownPlan: a line's plan is not the pack's.
    """
    answers = [
        effective_date(
            application,
            rules.plan(line.plan_code),
            payment_arrival=payment_arrival,
            rules=rules,
        )
        for line in application.lines
    ]
    pending = [a for a in answers if a.date is None]
    if pending or not answers:
        return pending[0] if pending else EffectiveDate(None)
    return min(answers, key=lambda a: a.date or date.max)


def effective_as_the_pack_says(flow: ApplicationFlow) -> Guard:
    """The guard on ``confirm_payment``'s effective date: the pack's, from the notice's arrival.

    The pack (context key ``RULES``) answers (:func:`pack_effective_date`,
    with the arrival date of the notice :func:`payment_arrived` checks); an
    ``effective_date`` the host passes must be that answer. Where the
    association sets the effective time (the pack's
    ``effective.set_by_association``, Shenzhen) the answer is pending until
    ``set_effective_date``: a date at confirmation is refused, and a flow
    that would take effect at confirmation, without that step, is refused
    too (``application.effective_date_pending``).
    """

    def guard(attempt: Attempt[Application]) -> Iterator[Finding]:
        rules = attempt.context.need(RULES, attempt.action)
        notice = _notice_of(attempt)
        if notice is None:  # payment_arrived says why
            return
        try:
            answer = pack_effective_date(attempt.entity, rules, notice.arrival_date)
        except UnknownPlan as err:
            yield Finding.error("application.unknown_plan", err.message)
            return
        given = attempt.params.get("effective_date")
        if answer.date is None:
            if given is not None:
                yield Finding.error(
                    "application.effective_date_set_by_association",
                    "生效时间由互助会在到账确认后设置（设置生效时间），到账确认时不能指定",
                )
            elif _confirmed_state(flow) is S.EFFECTIVE:
                yield Finding.error(
                    "application.effective_date_pending",
                    "规则包未给出生效日期（由互助会设置），本流程没有设置生效时间的步骤",
                )
        elif given is not None and given != answer.date:
            yield Finding.error(
                "application.effective_date_mismatch",
                f"生效日期{given}与规则包确定的生效日期{answer.date}不符",
            )
        else:
            yield from _inside_coverage(attempt.entity, rules, answer.date)

    return guard


def _inside_coverage(application: Application, rules: Any, when: date) -> Iterator[Finding]:
    """An effective date must fall inside every line's plan coverage.

    Guangdong (seed 001, 四（八）): cover starts the day after the money
    arrives, but never after the plan's coverage ends (money arriving on its
    last day covers nothing); Shenzhen (seed 002, 参保流程): the date the
    association sets is the policy's, inside the plan's coverage.
    """
    for line in application.lines:
        try:
            coverage = rules.plan(line.plan_code).coverage
        except UnknownPlan as err:
            yield Finding.error("application.unknown_plan", err.message)
            continue
        if not coverage.contains(when):
            yield Finding.error(
                "application.effective_date_outside_coverage",
                f"生效日期{when}不在{line.plan_code}的保障期限{coverage}内",
            )


def _effective_date_fits(attempt: Attempt[Application]) -> Iterator[Finding]:
    """The guard on ``set_effective_date``: the association's date inside the plans' coverage."""
    rules = attempt.context.need(RULES, attempt.action)
    yield from _inside_coverage(attempt.entity, rules, attempt.params["effective_date"])


def _invoice_requested(attempt: Attempt[Application]) -> Iterator[Finding]:
    """The guard on ``enter_invoice`` (Linyi 开票录入): the unit's invoice request for this application.

    Linyi (seed 003, 发票录入): the invoice is entered before payment; the
    request (fact ``invoice_request``) must name the application and be
    submitted or issued; an ``invoice_request_id`` param must be its id.
    """
    app = attempt.entity
    request: InvoiceRequest = attempt.context.need(INVOICE_REQUEST, attempt.action)
    if app.id not in request.subject_ids:
        yield Finding.error(
            "invoice.not_for_application", f"开票申请{request.id}不是参保单{app.id}的"
        )
    if request.status not in (InvoiceRequestStatus.SUBMITTED, InvoiceRequestStatus.ISSUED):
        yield Finding.error(
            "invoice.not_submitted", f"开票申请{request.id}尚未提交（{request.status.label}）"
        )
    given = attempt.params.get("invoice_request_id")
    if given is not None and given != request.id:
        yield Finding.error("invoice.request_mismatch", f"开票申请号{given}与{request.id}不符")


def _stamped_uploaded(attempt: Attempt[Application]) -> Iterator[Finding]:
    if not any(
        m.kind is MaterialKind.STAMPED_APPLICATION_FORM and m.provided
        for m in attempt.entity.materials
    ):
        yield Finding.error(
            "application.stamped_application_missing",
            "请下载申请书，打印盖章后拍照回传",
        )


def _voucher_needs_e_seal(attempt: Attempt[Application]) -> Iterator[Finding]:
    unit = attempt.context.need(UNIT, attempt.action)
    if not unit.has_e_seal:
        yield Finding.error(
            "payment.e_seal_required",
            "未上传电子印章的单位请打印团体申请表和人员名单，盖章后缴费",
        )


# --- routes and events ----------------------------------------------------------------


def next_step_after_approval(flow: ApplicationFlow, has_e_seal: bool | None = None) -> str:
    """What the unit does after approval, as the event reports it.

    >>> from mutualaid.rules.flows import ApplicationFlow, InvoiceFlow
    >>> weihai = ApplicationFlow(region="weihai", e_seal_branch=True)
    >>> next_step_after_approval(weihai, has_e_seal=False)
    'print_group_application_form'
    >>> next_step_after_approval(weihai, has_e_seal=True)
    'upload_voucher'
    >>> next_step_after_approval(ApplicationFlow(region="linyi", invoice=InvoiceFlow(before_payment=True)))
    'invoice_entry'
    """
    if flow.invoice.before_payment:
        return "invoice_entry"
    if flow.e_seal_branch:
        return "upload_voucher" if has_e_seal else "print_group_application_form"
    return "payment"


def _after_review(flow: ApplicationFlow) -> S:
    return S.AWAITING_INVOICE_ENTRY if flow.invoice.before_payment else S.AWAITING_PAYMENT


def _unit_events(kind: type[Any], **extra: Any) -> Any:
    def make(before: Application, after: Application, a: Attempt[Application]) -> tuple[Event]:
        return (kind(subject_id=after.id, at=a.at, actor=a.actor, unit_id=after.unit_id, **extra),)

    return make


def _returned_events(
    before: Application, after: Application, a: Attempt[Application]
) -> tuple[Event]:
    return (
        ApplicationReturned(
            subject_id=after.id, at=a.at, actor=a.actor, unit_id=after.unit_id, feedback=a.note
        ),
    )


def _approved_events(flow: ApplicationFlow) -> Any:
    def make(before: Application, after: Application, a: Attempt[Application]) -> tuple[Event]:
        unit = unit_from(a)
        if after.status is S.AWAITING_SECOND_REVIEW:
            step = "second_review"
        elif after.status in (S.SUBMITTED, S.UNDER_REVIEW):
            step = "review"
        else:
            step = next_step_after_approval(flow, unit.has_e_seal if unit else None)
        return (
            ApplicationApproved(
                subject_id=after.id, at=a.at, actor=a.actor, unit_id=after.unit_id, next_step=step
            ),
        )

    return make


def _offline_names(attempt: Attempt[Application]) -> tuple[str, ...]:
    """The paper materials the pack in the context lists (``materials.offline``), by name.

    The flow only says the step exists; which papers is the pack's data. Without
    the pack in the context (``RULES``) there is no list to name.
    """
    rules = attempt.context.get(RULES)
    if rules is None:
        return ()
    needed = rules.required_materials(
        Situation.OFFLINE, attempt.at.date(), application=attempt.entity
    )
    return tuple(m.name for m in needed)


def _payment_submitted_events(flow: ApplicationFlow) -> Any:
    def make(before: Application, after: Application, a: Attempt[Application]) -> tuple[Event, ...]:
        if after.status is S.AWAITING_OFFLINE_MATERIALS:
            return (
                MaterialsRequested(
                    subject_id=after.id,
                    at=a.at,
                    actor=a.actor,
                    unit_id=after.unit_id,
                    materials=_offline_names(a),
                ),
            )
        return ()

    return make


def _confirmed_events(
    before: Application, after: Application, a: Attempt[Application]
) -> tuple[Event, ...]:
    notice = _notice_of(a)
    if notice is None:  # the guard refused it already
        raise LifecycleError(f"{after.id}: confirm_payment without its confirmed notice")
    # a confirmed notice's money matched the amount due to the fen (the payment machine)
    paid = notice.paid_total if notice.vouchers else notice.amount_due
    events: list[Event] = [
        PaymentConfirmed(
            subject_id=after.id,
            at=a.at,
            actor=a.actor,
            arrival_date=notice.arrival_date,
            amount_paid=paid,
        )
    ]
    if after.status is S.EFFECTIVE:
        answer = pack_effective_date(after, a.context.need(RULES, a.action), notice.arrival_date)
        events.append(
            PolicyEffective(subject_id=after.id, at=a.at, actor=a.actor, effective_date=answer.date)
        )
    return tuple(events)


def _effective_events(
    before: Application, after: Application, a: Attempt[Application]
) -> tuple[Event]:
    return (
        PolicyEffective(
            subject_id=after.id, at=a.at, actor=a.actor, effective_date=a.params["effective_date"]
        ),
    )


def flow_from(rules: Any, kind: str = "standalone", on: date | None = None) -> ApplicationFlow:
    """The region's flow from a rule pack's view, with its data as on ``on``.

    ``rules`` is a :class:`~mutualaid.rules.engine.PackView`. The pack's
    ``mutualaid_application_flow`` hook gives the structure (the core's default
    answers with a neutral flow for the pack's region); with ``on``, the
    flow's *derived* fields (plans per application, one tier per plan,
    declared counts, the enrolled count, the notice of terms: see
    :data:`~mutualaid.rules.flows.PACK_PARAMETERS`) are read from the pack's
    parameters valid that day. Without ``on`` the hook's flow comes back as it
    is: its structure only.
    """
    flow = rules.call("mutualaid_application_flow", kind=kind)
    if not isinstance(flow, ApplicationFlow):
        raise LifecycleError(
            f"pack {getattr(rules, 'name', '?')}: mutualaid_application_flow({kind!r}) "
            f"returned {type(flow).__name__}, not an ApplicationFlow"
        )
    if on is None:
        return flow
    return flow.with_parameters(lambda name: rules.param(name, on, None))


# --- the table ---------------------------------------------------------------------------


def _confirmed_state(flow: ApplicationFlow) -> S:
    """Where ``confirm_payment`` leads in ``flow``."""
    if flow.association_sets_effective_time:
        return S.AWAITING_EFFECTIVE_DATE
    if flow.closed_step:
        return S.PAYMENT_CONFIRMED
    return S.EFFECTIVE


@functools.lru_cache(maxsize=64)
def application_machine(flow: ApplicationFlow) -> Machine[Application]:
    """The application machine for one region's flow.

    Replaying an application's audit trail needs the machine of the same flow.
    """
    submit_target = S.SUBMITTED if flow.review_before_payment else _after_review(flow)

    def submit_route(a: Attempt[Application]) -> S:
        if flow.material_review_when_over_age and _over_age(a):
            return S.AWAITING_MATERIAL_REVIEW
        return submit_target

    def review_route(a: Attempt[Application]) -> S:
        if flow.second_review and a.entity.status in UNDER_REVIEW:
            return S.AWAITING_SECOND_REVIEW
        return _after_review(flow)

    confirmed = _confirmed_state(flow)
    paid = S.AWAITING_OFFLINE_MATERIALS if flow.offline_materials else S.PAYMENT_SUBMITTED

    review_states = UNDER_REVIEW + ((S.AWAITING_SECOND_REVIEW,) if flow.second_review else ())
    returnable = review_states + (
        (S.AWAITING_MATERIAL_REVIEW,) if flow.material_review_when_over_age else ()
    )
    if flow.offline_materials:
        returnable += (S.PAYMENT_SUBMITTED, S.AWAITING_OFFLINE_MATERIALS)
    cancellable = EDITABLE + (
        (*review_states, S.AWAITING_PAYMENT, S.AWAITING_INVOICE_ENTRY) if flow.cancel else ()
    )
    rows: list[Transition] = [
        *Transition.staying(
            "save",
            EDITABLE,
            effect=_save,
            guards=(lines_fit(flow), files_within_limits),
            optional=EDIT_FIELDS,
            types=SAVE_TYPES,
            label="保存/暂存",
        ),
        *Transition.staying(
            "provide_material",
            EDITABLE,
            effect=_provide_material,
            guards=(files_within_limits,),
            required=("material",),
            types=(("material", Material),),
            label="上传材料",
        ),
        Transition(
            "submit",
            EDITABLE,
            submit_target,
            guards=(lines_structure(flow), ready_to_submit(flow)),
            effect=_clear_feedback,
            route=submit_route,
            alternatives=(S.AWAITING_MATERIAL_REVIEW,)
            if flow.material_review_when_over_age
            else (),
            events=_unit_events(ApplicationSubmitted),
            label="提交",
        ),
        Transition(
            "return",
            returnable,
            S.RETURNED,
            guards=(note_required,),
            effect=_feedback,
            events=_returned_events,
            label="退回/审核未通过",
        ),
        Transition(
            "cancel",
            cancellable,
            S.CANCELLED,
            events=_unit_events(ApplicationCancelled),
            label="撤单/删除",
        ),
        Transition(
            "submit_payment",
            (S.AWAITING_PAYMENT,),
            paid,
            guards=(_voucher_needs_e_seal,) if flow.e_seal_branch else (),
            events=_payment_submitted_events(flow),
            optional=("notice_number",),
            types=(("notice_number", str),),
            label="提交缴费凭证/划款信息",
        ),
        Transition(
            "return_payment",
            (S.PAYMENT_SUBMITTED,),
            S.AWAITING_PAYMENT,
            guards=(note_required,),
            effect=_feedback,
            label="缴费凭证发回重新上传",
        ),
        Transition(
            "confirm_payment",
            # with paper materials, only once the office has received them
            (S.PAYMENT_SUBMITTED,)
            if flow.offline_materials
            else (S.AWAITING_PAYMENT, S.PAYMENT_SUBMITTED),
            confirmed,
            guards=(payment_arrived, effective_as_the_pack_says(flow)),
            events=_confirmed_events,
            optional=("arrival_date", "effective_date", "notice_number"),
            types=(("arrival_date", date), ("effective_date", date), ("notice_number", str)),
            label="到账确认",
        ),
    ]
    if flow.review_before_payment:
        rows += [
            Transition("start_review", (S.SUBMITTED,), S.UNDER_REVIEW, label="受理审核"),
            Transition(
                "approve",
                review_states,
                _after_review(flow),
                route=review_route,
                alternatives=(S.AWAITING_SECOND_REVIEW,) if flow.second_review else (),
                guards=(_stamped_uploaded,) if flow.stamped_application_upload else (),
                events=_approved_events(flow),
                label="审核通过",
            ),
        ]
    if flow.terms_acceptance_required:
        rows += Transition.staying(
            "accept_terms", EDITABLE, effect=_accept_terms, label="阅读告知书"
        )
    if flow.stamped_application_upload:
        rows += Transition.staying(
            "upload_stamped_application",
            UNDER_REVIEW,
            effect=_upload_stamped,
            optional=("reference",),
            label="上传盖章申请书",
        )
    if flow.material_review_when_over_age:
        rows.append(
            Transition(
                "approve_materials",
                (S.AWAITING_MATERIAL_REVIEW,),
                submit_target,
                events=_approved_events(flow),
                label="超龄材料审核通过",
            )
        )
    if flow.withdraw_while_under_review:
        rows.append(
            Transition(
                "withdraw",
                UNDER_REVIEW
                + ((S.AWAITING_MATERIAL_REVIEW,) if flow.material_review_when_over_age else ()),
                S.WITHDRAWN,
                events=_unit_events(ApplicationWithdrawn),
                label="撤回",
            )
        )
    if flow.invoice.before_payment:
        rows.append(
            Transition(
                "enter_invoice",
                (S.AWAITING_INVOICE_ENTRY,),
                S.PAYMENT_SUBMITTED,
                guards=(_invoice_requested,),
                optional=("invoice_request_id",),
                types=(("invoice_request_id", str),),
                label="开票录入",
            )
        )
    if flow.offline_materials:
        rows.append(
            Transition(
                "receive_offline_materials",
                (S.AWAITING_OFFLINE_MATERIALS,),
                S.PAYMENT_SUBMITTED,
                guards=(offline_materials_received(flow),),
                effect=_receive_offline,
                optional=("materials",),  # none given: the guard says what is due
                types=(("materials", (tuple, list)),),
                label="线下递交材料（经办工会收件）",
            )
        )
    if flow.association_sets_effective_time:
        rows.append(
            Transition(
                "set_effective_date",
                (S.AWAITING_EFFECTIVE_DATE,),
                S.EFFECTIVE,
                required=("effective_date",),
                guards=(_effective_date_fits,),
                events=_effective_events,
                types=(("effective_date", date),),
                label="设置生效时间",
            )
        )
    if flow.closed_step:
        rows.append(
            Transition(
                "close",
                (S.PAYMENT_CONFIRMED,),
                S.CLOSED,
                events=_unit_events(ApplicationClosed),
                label="办结",
            )
        )
    return Machine(
        kind="application",
        label="参保申请单",
        states=S,
        initial=S.DRAFT,
        transitions=tuple(rows),
        # a step the region's flow lacks says so (StepNotInRegion), not "not an action"
        unavailable=f"{flow.region.title()} has no such step" if flow.region else "",
    )
