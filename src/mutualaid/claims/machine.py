"""The claim machine: a claim case from draft or acceptance to payment, per region's claim flow.

:func:`claim_machine` builds the transition table for one region's
:class:`~mutualaid.rules.flows.ClaimFlow` (the pack's ``mutualaid_claim_flow``):

* the unit files (Guangdong 九): ``save`` (暂存) and ``submit`` (提交) from a
  draft or a returned case;
* the office accepts (Linyi 4.1.1): ``accept`` (确认受理) routes the case to
  材料上传 when its type needs materials (the pack's data), else to 费用录入;
  ``finish_materials`` (4.1.3); a clerk ``take`` s the case from the pool
  (获取, 4.2.1), ``enter_case`` records payee, incident and settlement sheet
  (4.2.2), ``calculate`` records the benefit (申领计算) and ``submit`` sends it
  to review (申领提交);
* every region's review: ``take`` (a reviewer takes a submitted case),
  ``return`` with reasons and ``take_back``, ``approve`` (with the review
  sampling drawn from a recorded seed, :mod:`mutualaid.claims.pools`),
  ``pass_sample_check``, ``reject``, ``pay``, ``close`` and ``reopen`` (the
  history kept); ``delete`` before review, with a second confirmation.

Each transition is pure: :meth:`~mutualaid.lifecycle.machine.Machine.apply`
returns the new case, its audit record and its events. The pack's case rules
(``mutualaid_claim_findings``: claim type in the plan, duplicates, the filing
deadline, materials, payee and incident) are asked on the day of the step,
with the pack's view in the context (``rules``), the claimant's other cases
(``other_claims``) at filing; without them :class:`~mutualaid.errors.MissingFact`.
The benefit itself is the benefit rules' answer, which ``calculate`` records.

>>> from datetime import datetime
>>> from decimal import Decimal
>>> from mutualaid.model import Member
>>> from mutualaid.rules.flows import ClaimFlow
>>> gd = claim_machine(ClaimFlow("guangdong", unit_files=True))
>>> case = new_claim("GD1", "accident_hospitalization", Member.from_resident_id("张三", "11010519491231002X"),
...                  "GD-P-1", "GD-HOSP-2026", unit_id="U1")
>>> gd.allowed_actions(case)
('save', 'submit', 'provide_material', 'delete')
>>> gd.apply(case, "submit", actor="handler", at=datetime(2026, 3, 9, 10))
Traceback (most recent call last):
...
mutualaid.errors.MissingFact: 'submit' needs the fact 'rules', which was not given (Pass context=Facts(rules=...) (or {'rules': ...}): the region's rule pack view (RuleEngine...pack(name)). mutualaid.service gathers every fact from the store.)
>>> gd.apply(case, "accept", actor="office", at=datetime(2026, 3, 9, 10))
Traceback (most recent call last):
...
mutualaid.errors.StepNotInRegion: Guangdong has no such step: no 'accept' for claim GD1
>>> gd.apply(case, "delete", actor="handler", at=datetime(2026, 3, 9, 10), confirmed=False)
Traceback (most recent call last):
...
mutualaid.errors.GuardFailed: claim GD1: 'delete' blocked: 请再次确认是否删除该案件 [claim.deletion_not_confirmed]

docs/claims.md walks a Linyi case and a Guangdong case with their packs.

Layer 4.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from mutualaid.claims.events import (
    ClaimAccepted,
    ClaimApproved,
    ClaimClosed,
    ClaimDeleted,
    ClaimEvent,
    ClaimPaid,
    ClaimRejected,
    ClaimReopened,
    ClaimReturned,
    ClaimSubmitted,
)
from mutualaid.claims.pools import Sampling, sample_check_due, sampling_of
from mutualaid.errors import InvalidParameter, UnknownPlan
from mutualaid.lifecycle.events import Event
from mutualaid.lifecycle.guards import files_within_limits, from_findings, note_required
from mutualaid.lifecycle.machine import (
    Attempt,
    EventFactory,
    Guard,
    Machine,
    Transition,
)
from mutualaid.model.claim import (
    Claim,
    ClaimPayment,
    Expense,
    Incident,
    Payee,
    ReviewEntry,
    SettlementSheet,
)
from mutualaid.model.kinds import ClaimType
from mutualaid.model.material import Material
from mutualaid.model.member import Member
from mutualaid.model.states import ClaimStatus as S
from mutualaid.money import ZERO
from mutualaid.rules.defaults.claims import payee_missing_finding
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import ClaimFlow
from mutualaid.rules.results import ClaimStep

__all__ = [
    "DELETABLE",
    "EDIT_FIELDS",
    "IN_REVIEW",
    "OTHER_CLAIMS",
    "RULES",
    "claim_machine",
    "new_claim",
    "step_findings",
]

#: Context key: the region's rule pack view.
RULES = "rules"
#: Context key: the claimant's other cases (duplicates are judged against them at filing).
OTHER_CLAIMS = "other_claims"

#: The case fields ``save`` and ``enter_case`` may change (recorded as params, so replay reproduces them).
EDIT_FIELDS = ("payee", "incident", "expenses", "settlement_sheet", "remarks")
_EDIT_TYPES: tuple[tuple[str, Any], ...] = (
    ("payee", Payee),
    ("incident", Incident),
    ("expenses", (tuple, list)),
    ("settlement_sheet", SettlementSheet),
    ("remarks", str),
)
#: States of a case under review (the reviewer holds it).
IN_REVIEW = (S.INITIAL_REVIEW, S.SAMPLE_CHECK)
#: States from which a case may be deleted (案件删除): before it reaches review.
DELETABLE = (S.DRAFT, S.ACCEPTED, S.MATERIALS_UPLOAD, S.EXPENSE_ENTRY, S.CALCULATED, S.RETURNED)
#: States in which deleting is refused with a reason (the case is in review or paid).
_NOT_DELETABLE = (S.SUBMITTED, S.INITIAL_REVIEW, S.SAMPLE_CHECK, S.APPROVED)


def new_claim(
    id: str,
    claim_type: ClaimType | str,
    member: Member,
    policy_number: str,
    plan_code: str,
    *,
    unit_id: str | None = None,
) -> Claim:
    """A new case (draft, or about to be accepted) of ``member`` on a policy of ``plan_code``.

    Linyi 4.1.1 opens one case per claim type ticked for a claimant; the
    host names each case (``id``). ``claim_type`` may be the type's value or
    its Chinese label (``"疾病住院"``); anything else raises
    :class:`~mutualaid.errors.ConversionError` naming the types.
    """
    return Claim(
        id,
        claim_type if isinstance(claim_type, ClaimType) else ClaimType.from_label(claim_type),
        member,
        policy_number,
        plan_code=plan_code,
        unit_id=unit_id,
    )


# --- reasons -----------------------------------------------------------------------------


def _not_held(claim: Claim) -> Finding:
    return Finding.error(
        "claim.not_held",
        f"案件{claim.id}须先从待处理工作池获取（获取）后才能处理",
        field="clerk",
        claim_id=claim.id,
    )


def _held_by_other(claim: Claim) -> Finding:
    return Finding.error(
        "claim.held_by_other",
        f"案件{claim.id}正由{claim.clerk}处理",
        field="clerk",
        claim_id=claim.id,
        clerk=claim.clerk or "",
    )


# --- the pack's case rules -----------------------------------------------------------------


def step_findings(
    claim: Claim,
    steps: tuple[ClaimStep, ...],
    rules: Any,
    on: date,
    other_claims: tuple[Claim, ...] = (),
) -> tuple[Finding, ...]:
    """What the pack says about ``claim`` at ``steps`` on ``on`` (each finding once).

    ``rules`` is a :class:`~mutualaid.rules.view.PackView`. A case whose
    plan the pack does not know gets ``claim.unknown_plan``.
    """
    try:
        plan = rules.plan(claim.plan_code or "")
    except UnknownPlan:
        return (
            Finding.error(
                "claim.unknown_plan",
                f"案件的保障计划{claim.plan_code}不在本地区规则包中",
                field="plan_code",
                plan_code=claim.plan_code or "",
            ),
        )
    found: list[Finding] = []
    for step in steps:
        for f in rules.claim_findings(claim, step, on, plan=plan, other_claims=other_claims):
            if f not in found:
                found.append(f)
    return tuple(found)


def _pack_says(*steps: ClaimStep) -> Guard:
    """The guard asking the pack's case rules at ``steps`` on the day of the attempt."""
    filing = ClaimStep.FILE in steps

    def guard(attempt: Attempt[Claim]) -> Iterator[Finding]:
        rules = attempt.context.need(RULES, attempt.action)
        on = attempt.at.date()
        others: tuple[Claim, ...] = ()
        if filing:
            others = tuple(attempt.context.need(OTHER_CLAIMS, attempt.action))
        claim = _filed(attempt.entity, attempt) if filing else attempt.entity
        claim = _edited(claim, attempt)
        yield from from_findings(step_findings(claim, steps, rules, on, others), limit=10)

    return guard


def _expense_lines(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """``expenses`` must be :class:`~mutualaid.model.claim.Expense` lines (nothing else is recorded)."""
    for line in attempt.params.get("expenses", ()):
        if not isinstance(line, Expense):
            raise InvalidParameter(
                f"claim {attempt.action!r}: expenses must be Expense lines, not {type(line).__name__}",
                hint="Pass expenses=(Expense(description, amount, incurred_on), ...).",
                action=attempt.action,
                parameter="expenses",
            )
    return iter(())


def _held_by_actor(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """The clerk must hold the case (获取) to work on it."""
    if attempt.entity.clerk != attempt.actor:
        yield _not_held(attempt.entity)


def _free_or_mine(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """A case another clerk holds cannot be taken."""
    clerk = attempt.entity.clerk
    if clerk is not None and clerk != attempt.actor:
        yield _held_by_other(attempt.entity)


def _benefit_due(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """Linyi 4.2.2「必填信息录入完毕且互助金额不为0后」: a calculated, non-zero benefit."""
    benefit = attempt.entity.benefit
    if benefit is None or benefit <= ZERO:
        yield Finding.error(
            "claim.benefit_zero",
            "互助金额为0或尚未计算，请先进行申领计算",
            field="benefit",
            benefit=str(benefit) if benefit is not None else "",
        )


def _deletion_confirmed(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """Linyi 4.1.2「弹出二次确认提示框后，点击【确认】后，会将该案件删除」."""
    if attempt.params.get("confirmed") is not True:
        yield Finding.error(
            "claim.deletion_not_confirmed",
            "请再次确认是否删除该案件",
            field="confirmed",
            claim_id=attempt.entity.id,
        )


def _not_deletable(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """A case in review or approved is not deleted: it is returned, rejected or closed."""
    status = attempt.entity.status
    yield Finding.error(
        "claim.not_deletable",
        f"案件状态为{status.label}，不能删除",
        field="status",
        claim_id=attempt.entity.id,
        status=status.label,
    )


def _sampling(attempt: Attempt[Claim]) -> Sampling:
    rules = attempt.context.need(RULES, attempt.action)
    return sampling_of(rules, attempt.at.date())


def _seed_when_sampling(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """Where the pack samples, the approval records the seed the draw is made with."""
    if _sampling(attempt).active and attempt.params.get("sampling_seed") is None:
        yield Finding.error(
            "claim.sampling_seed_missing",
            "本地区审核抽检：审核通过须记录抽检随机种子",
            field="sampling_seed",
        )


def _payment_matches(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """The amount paid is the benefit less what was paid before (a re-opened case pays the difference)."""
    claim = attempt.entity
    if claim.payee is None:
        yield payee_missing_finding()
    due = (claim.benefit or ZERO) - claim.paid_total
    amount: Decimal = attempt.params["amount"]
    if amount != due or due <= ZERO:
        yield Finding.error(
            "claim.payment_mismatch",
            f"给付金额{amount}与应付金额{due}不符",
            field="amount",
            amount=str(amount),
            due=str(due),
        )


def _nothing_due(attempt: Attempt[Claim]) -> Iterator[Finding]:
    """An approved case is closed without payment only when nothing is left to pay."""
    claim = attempt.entity
    due = (claim.benefit or ZERO) - claim.paid_total
    if due > ZERO:
        yield Finding.error(
            "claim.payment_due",
            f"案件尚有{due}元互助金未给付，不能结案",
            field="payments",
            due=str(due),
        )


# --- effects -------------------------------------------------------------------------------


def _edited(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    changes = {k: v for k, v in attempt.params.items() if k in EDIT_FIELDS}
    if "expenses" in changes:
        changes["expenses"] = tuple(changes["expenses"])
    return attrs.evolve(claim, **changes) if changes else claim


def _filed(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    return claim if claim.filed_on is not None else attrs.evolve(claim, filed_on=attempt.at.date())


def _save(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    return _edited(claim, attempt)


def _submit(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    return attrs.evolve(_filed(_edited(claim, attempt), attempt), clerk=None)


def _accept(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    return _filed(claim, attempt)


def _enter(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    # what the benefit was calculated from may have changed: calculate again
    return attrs.evolve(_edited(claim, attempt), benefit=None, benefit_reference=None)


def _provide(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    material: Material = attempt.params["material"]
    material = material if material.provided else material.provide(material.reference)
    kept = tuple(m for m in claim.materials if (m.kind, m.name) != (material.kind, material.name))
    return attrs.evolve(claim, materials=(*kept, material))


def _take(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    return attrs.evolve(claim, clerk=attempt.actor)


def _release(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    return attrs.evolve(claim, clerk=None)


def _calculate(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    return attrs.evolve(
        claim,
        benefit=attempt.params["benefit"],
        benefit_reference=attempt.params.get("benefit_reference"),
    )


def _reviewed(action: str, *, clerk: str | bool | None = None) -> Any:
    """An effect adding a :class:`ReviewEntry` (reasons from ``params``, words from the note).

    ``clerk``: ``None`` frees the case, ``True`` gives it to the actor, ``False`` leaves it.
    """

    def effect(claim: Claim, attempt: Attempt[Claim]) -> Claim:
        entry = ReviewEntry(
            action,
            attempt.at,
            attempt.actor,
            tuple(attempt.params.get("reasons", ())),
            attempt.note,
        )
        holder = claim.clerk if clerk is False else (attempt.actor if clerk is True else None)
        changed = attrs.evolve(claim, reviews=(*claim.reviews, entry), clerk=holder)
        if "sampling_seed" in attempt.params:
            changed = attrs.evolve(changed, sampling_seed=attempt.params["sampling_seed"])
        return changed

    return effect


def _pay(claim: Claim, attempt: Attempt[Claim]) -> Claim:
    payment = ClaimPayment(
        attempt.params["amount"], attempt.params["paid_on"], attempt.params.get("reference", "")
    )
    return attrs.evolve(claim, payments=(*claim.payments, payment))


# --- events --------------------------------------------------------------------------------


def _make(kind: type[ClaimEvent], after: Claim, a: Attempt[Claim], **extra: Any) -> tuple[Event]:
    return (
        kind(
            subject_id=after.id,
            at=a.at,
            actor=a.actor,
            policy_number=after.policy_number,
            unit_id=after.unit_id or "",
            **extra,
        ),
    )


def _event(kind: type[ClaimEvent]) -> EventFactory:
    def make(before: Claim, after: Claim, a: Attempt[Claim]) -> tuple[Event]:
        return _make(kind, after, a)

    return make


def _accepted_events(before: Claim, after: Claim, a: Attempt[Claim]) -> tuple[Event]:
    return _make(
        ClaimAccepted, after, a, claim_type=after.claim_type.value, next_step=after.status.value
    )


def _with_reasons(kind: type[ClaimEvent]) -> EventFactory:
    def make(before: Claim, after: Claim, a: Attempt[Claim]) -> tuple[Event]:
        return _make(kind, after, a, reasons=tuple(a.params.get("reasons", ())), note=a.note)

    return make


def _approved_events(before: Claim, after: Claim, a: Attempt[Claim]) -> tuple[Event]:
    return _make(
        ClaimApproved,
        after,
        a,
        benefit=after.benefit or ZERO,
        sample_check=after.status is S.SAMPLE_CHECK,
    )


def _paid_events(before: Claim, after: Claim, a: Attempt[Claim]) -> tuple[Event]:
    return _make(
        ClaimPaid, after, a, amount=a.params["amount"], reference=a.params.get("reference", "")
    )


def _reopened_events(before: Claim, after: Claim, a: Attempt[Claim]) -> tuple[Event]:
    return _make(ClaimReopened, after, a, note=a.note)


# --- routes ----------------------------------------------------------------------------------


def _needs_materials(attempt: Attempt[Claim]) -> bool:
    rules = attempt.context.need(RULES, attempt.action)
    return bool(rules.claim_materials(attempt.entity.claim_type, attempt.at.date()))


def _approval_route(attempt: Attempt[Claim]) -> S:
    seed = attempt.params.get("sampling_seed")
    claim = attempt.entity
    if seed is not None and sample_check_due(claim.id, claim.benefit, seed, _sampling(attempt)):
        return S.SAMPLE_CHECK
    return S.APPROVED


# --- the table -------------------------------------------------------------------------------

_REASONS = (("reasons", (tuple, list)),)


def _review_rows() -> list[Transition]:
    """Review, payment, closing and re-opening: every region's."""
    return [
        Transition(
            "calculate",
            (S.INITIAL_REVIEW,),
            S.INITIAL_REVIEW,
            guards=(_held_by_actor,),
            effect=_calculate,
            required=("benefit",),
            optional=("benefit_reference",),
            types=(("benefit", Decimal), ("benefit_reference", str)),
            label="申领计算",
        ),
        Transition(
            "return",
            IN_REVIEW,
            S.RETURNED,
            guards=(_held_by_actor, note_required),
            effect=_reviewed("return"),
            events=_with_reasons(ClaimReturned),
            optional=("reasons",),
            types=_REASONS,
            label="退回",
        ),
        Transition(
            "take_back",
            (S.RETURNED,),
            S.INITIAL_REVIEW,
            effect=_reviewed("take_back", clerk=True),
            label="收回退回",
        ),
        Transition(
            "approve",
            (S.INITIAL_REVIEW,),
            S.APPROVED,
            alternatives=(S.SAMPLE_CHECK,),
            route=_approval_route,
            guards=(_held_by_actor, _benefit_due, _seed_when_sampling),
            effect=_reviewed("approve"),
            events=_approved_events,
            optional=("sampling_seed",),
            types=(("sampling_seed", int),),
            label="审核通过",
        ),
        Transition(
            "pass_sample_check",
            (S.SAMPLE_CHECK,),
            S.APPROVED,
            guards=(_held_by_actor,),
            effect=_reviewed("pass_sample_check"),
            label="抽检通过",
        ),
        Transition(
            "reject",
            IN_REVIEW,
            S.REJECTED,
            guards=(_held_by_actor, note_required),
            effect=_reviewed("reject"),
            events=_with_reasons(ClaimRejected),
            optional=("reasons",),
            types=_REASONS,
            label="拒付",
        ),
        Transition(
            "pay",
            (S.APPROVED,),
            S.PAID,
            guards=(_payment_matches,),
            effect=_pay,
            events=_paid_events,
            required=("amount", "paid_on"),
            optional=("reference",),
            types=(("amount", Decimal), ("paid_on", date), ("reference", str)),
            label="给付",
        ),
        Transition(
            "close", (S.PAID, S.REJECTED), S.CLOSED, events=_event(ClaimClosed), label="结案"
        ),
        Transition(
            "reopen",
            (S.CLOSED,),
            S.INITIAL_REVIEW,
            guards=(note_required,),
            effect=_reviewed("reopen", clerk=True),
            events=_reopened_events,
            label="重新打开",
        ),
    ]


def _pool_rows(flow: ClaimFlow) -> list[Transition]:
    """获取 and its release: the expense-entry pool (Linyi 4.2.1) and the review pool."""
    entry = (S.EXPENSE_ENTRY, S.CALCULATED) if flow.expense_entry else ()
    return [
        *Transition.staying(
            "take", (*entry, S.SAMPLE_CHECK), guards=(_free_or_mine,), effect=_take, label="获取"
        ),
        Transition(
            "take", (S.SUBMITTED,), S.INITIAL_REVIEW, effect=_take, label="获取（申领初审）"
        ),
        *Transition.staying(
            "release",
            (*entry, S.SAMPLE_CHECK),
            guards=(_held_by_actor,),
            effect=_release,
            label="释放",
        ),
        Transition(
            "release",
            (S.INITIAL_REVIEW,),
            S.SUBMITTED,
            guards=(_held_by_actor,),
            effect=_release,
            label="释放",
        ),
    ]


def _edit(action: str, states: tuple[S, ...], label: str, *guards: Guard) -> tuple[Transition, ...]:
    return Transition.staying(
        action,
        states,
        guards=(_expense_lines, *guards),
        effect=_save,
        optional=EDIT_FIELDS,
        types=_EDIT_TYPES,
        label=label,
    )


def _unit_rows() -> list[Transition]:
    """Guangdong 九（一）（二）: the unit's handler fills a draft (暂存), edits it and submits it."""
    return [
        *_edit("save", (S.DRAFT, S.RETURNED), "暂存/修改"),
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            guards=(_expense_lines, _pack_says(ClaimStep.FILE, ClaimStep.REVIEW)),
            effect=_submit,
            events=_event(ClaimSubmitted),
            optional=EDIT_FIELDS,
            types=_EDIT_TYPES,
            label="提交",
        ),
    ]


def _office_rows(flow: ClaimFlow) -> list[Transition]:
    """Linyi 4.1-4.2: 确认受理, 材料上传, 费用录入 (案件信息录入), 申领计算, 申领提交."""
    prepared = S.EXPENSE_ENTRY if flow.expense_entry else S.ACCEPTED
    before_review = S.CALCULATED if flow.calculation_step else prepared
    holding: tuple[Guard, ...] = (_held_by_actor,) if flow.expense_entry else ()

    def accept_route(attempt: Attempt[Claim]) -> S:
        if flow.materials_step and _needs_materials(attempt):
            return S.MATERIALS_UPLOAD
        return prepared

    rows: list[Transition] = [
        Transition(
            "accept",
            (S.DRAFT,),
            prepared,
            alternatives=(S.MATERIALS_UPLOAD,) if flow.materials_step else (),
            route=accept_route,
            guards=(_pack_says(ClaimStep.FILE),),
            effect=_accept,
            events=_accepted_events,
            label="确认受理",
        ),
        *_edit("enter_case", (prepared,), "案件信息录入", *holding),
        Transition(
            "submit",
            (before_review,),
            S.SUBMITTED,
            guards=(
                *holding,
                *((_benefit_due,) if flow.calculation_step else ()),
                _pack_says(ClaimStep.REVIEW),
            ),
            effect=_submit,
            events=_event(ClaimSubmitted),
            label="申领提交",
        ),
        Transition(
            "correct",
            (S.RETURNED,),
            prepared,
            effect=_take if flow.expense_entry else None,
            label="退回修改",
        ),
    ]
    if flow.materials_step:
        rows.append(
            Transition(
                "finish_materials",
                (S.MATERIALS_UPLOAD,),
                prepared,
                guards=(_pack_says(ClaimStep.MATERIALS),),
                label="材料上传完成（确定）",
            )
        )
    if flow.calculation_step:
        rows += [
            Transition(
                "enter_case",
                (S.CALCULATED,),
                S.EXPENSE_ENTRY,
                guards=(_expense_lines, *holding),
                effect=_enter,
                optional=EDIT_FIELDS,
                types=_EDIT_TYPES,
                label="案件信息录入",
            ),
            Transition(
                "calculate",
                (S.EXPENSE_ENTRY, S.CALCULATED),
                S.CALCULATED,
                guards=holding,
                effect=_calculate,
                required=("benefit",),
                optional=("benefit_reference",),
                types=(("benefit", Decimal), ("benefit_reference", str)),
                label="申领计算",
            ),
        ]
    return rows


def _preparing(flow: ClaimFlow) -> tuple[S, ...]:
    """The states in which the case is prepared (materials may be uploaded)."""
    if flow.unit_files:
        return (S.DRAFT, S.RETURNED)
    states = [S.DRAFT]
    if flow.materials_step:
        states.append(S.MATERIALS_UPLOAD)
    states.append(S.EXPENSE_ENTRY if flow.expense_entry else S.ACCEPTED)
    if flow.calculation_step:
        states.append(S.CALCULATED)
    return tuple(states)


@functools.lru_cache(maxsize=64)
def claim_machine(flow: ClaimFlow) -> Machine[Claim]:
    """The claim machine for one region's claim flow.

    A region without claims (``flow.offered`` false: Weihai) gets a machine
    with no steps: every action raises :class:`~mutualaid.errors.StepNotInRegion`.
    Replaying a case's audit trail needs the machine of the same flow.
    """
    region = flow.region.title() if flow.region else "This region"
    if not flow.offered:
        return Machine(
            kind="claim",
            label="申领案件",
            states=S,
            initial=S.DRAFT,
            transitions=(),
            unavailable=f"{region} has no claims in the system",
        )
    preparing = _preparing(flow)
    deletable = tuple(s for s in DELETABLE if s in preparing or s is S.RETURNED)
    rows: list[Transition] = [
        *(_unit_rows() if flow.unit_files else _office_rows(flow)),
        *Transition.staying(
            "provide_material",
            preparing if flow.unit_files else (*preparing[1:],),
            effect=_provide,
            guards=(files_within_limits,),  # the pack's upload limits (upload.*)
            required=("material",),
            types=(("material", Material),),
            label="材料上传",
        ),
        Transition(
            "delete",
            deletable,
            S.DELETED,
            guards=(_deletion_confirmed,),
            effect=_release,  # nobody holds a deleted case
            events=_event(ClaimDeleted),
            required=("confirmed",),
            types=(("confirmed", bool),),
            label="案件删除",
        ),
        Transition(
            "delete",
            _NOT_DELETABLE,
            S.DELETED,
            guards=(_not_deletable,),
            required=("confirmed",),
            types=(("confirmed", bool),),
            label="案件删除",
        ),
        *_pool_rows(flow),
        *_review_rows(),
    ]
    rows.append(
        Transition(
            "close", (S.APPROVED,), S.CLOSED, guards=(_nothing_due,), label="结案（无需给付）"
        )
    )
    return Machine(
        kind="claim",
        label="申领案件",
        states=S,
        initial=S.DRAFT,
        transitions=tuple(rows),
        unavailable=f"{region} has no such step",
    )
