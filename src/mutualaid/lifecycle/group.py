"""Group enrolment (集团统一参保, Guangdong): unit links, parts, one submission, one payment.

Seed 001, 一（二）集团统一参保流程, in five moves, each a pure transition with
its audit record and events:

1. **Links** (上下级关系维护): one side (parent or subsidiary) requests a link
   with :func:`request_link`, the other side confirms it on
   :func:`link_machine` ("申请关联后，被关联单位登录账户确认通过即可关联成功").
2. **Launch** (新增集团参保计划): the parent chooses plans, tiers, shares,
   gift plans and a deadline; :func:`create_group` makes the group's
   application and one part per subsidiary it ticks, which must be
   *confirmed* linked ("下发至各下属单位").
3. **Parts** (下属单位填报): each subsidiary fills its roster and submits its
   part to the parent by the deadline ("下属单位需在集团设定的截止日期前完成提交");
   the parent may return one part with reasons and the subsidiary resubmits
   ("集团可退回修改，下属单位需重新提交"): :func:`group_part_machine`.
4. **One submission** (业务参考日期设置 → 提交): the parent sets the reference
   effective date and :func:`submit_group` submits the group and every part
   at once, refused unless every part is submitted. From there the group's
   application follows the region's application flow (review, second
   review, payment confirmation): :func:`group_machine`.
5. **Money at the group level**: :func:`price_group` (the pack's
   ``mutualaid_price_group``, exact Decimals), :func:`notice_for_group` (one
   payment notice) and :func:`group_invoice_machine` (one invoice, requested by
   the parent: "集团单位由集团总公司统一开票").

A subsidiary asks to be linked; the parent confirms:

>>> from datetime import date, datetime
>>> from mutualaid.rules.flows import ApplicationFlow, RegistrationFlow
>>> flow = ApplicationFlow(region="guangdong", group_enrolment=True, reference_effective_date=True,
...                        registration=RegistrationFlow(unit_links=True))
>>> at = datetime(2025, 3, 3, 9, 0)
>>> asked = request_link("HQ", "S1", requested_by="S1", flow=flow.registration, at=at)
>>> asked.entity.status.label, asked.events[0].confirm_by
('待确认', 'HQ')
>>> link_machine().apply(asked.entity, "confirm", actor="hq", at=at, unit_id="S1")
Traceback (most recent call last):
...
mutualaid.errors.GuardFailed: unit_link S1: 'confirm' blocked: 须由被关联单位（HQ）确认 [link.wrong_side]
>>> link = link_machine().apply(asked.entity, "confirm", actor="hq", at=at, unit_id="HQ").entity
>>> link.status.label
'已关联'

The parent launches the group; only confirmed subsidiaries receive a part:

>>> from mutualaid.model.application import ApplicationLine
>>> launch = create_group(flow, "G1", "HQ", "guangdong",
...     lines=(ApplicationLine("GD-MED", "T1", shares=2),), deadline=date(2025, 3, 20),
...     links=[link], at=at)
>>> [(p.entity.id, p.entity.unit_id, p.entity.group_part_status.label) for p in launch.parts]
[('G1/S1', 'S1', '填报中')]
>>> submit_group(flow, launch.group.entity, [p.entity for p in launch.parts],
...              actor="hq", at=at)
Traceback (most recent call last):
...
mutualaid.errors.GuardFailed: application G1: 'submit' blocked: 下属单位G1/S1（S1）尚未提交集团 [group.part_not_submitted]; 请先设置业务参考日期 [group.reference_date_missing]

Layer 4.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import attrs

from mutualaid.errors import GuardFailed, UnknownPlan
from mutualaid.lifecycle.application import (
    EDITABLE,
    _member_findings,
    application_machine,
    lines_fit,
    lines_structure,
    ready_to_submit,
)
from mutualaid.lifecycle.events import (
    Event,
    GroupPartOpened,
    GroupPartReturned,
    GroupPartSubmitted,
    GroupSubmitted,
    UnitLinkConfirmed,
    UnitLinkRequested,
)
from mutualaid.lifecycle.guards import from_findings, note_required
from mutualaid.lifecycle.invoicing import RULES, invoice_machine
from mutualaid.lifecycle.machine import (
    Attempt,
    Guard,
    Machine,
    MachineFactory,
    Outcome,
    Transition,
    refusal_text,
)
from mutualaid.lifecycle.payment import notice_for_quote
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model.application import Application, ApplicationLine
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.payment import PaymentNotice
from mutualaid.model.roster import Roster
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import GroupPartStatus as G
from mutualaid.model.states import LinkStatus as L
from mutualaid.model.unit import UnitLink
from mutualaid.rules.defaults.invoicing import group_by_parent_finding
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import ApplicationFlow, RegistrationFlow
from mutualaid.rules.results import Situation

__all__ = [
    "GROUP",
    "PARTS",
    "PART_EDIT_FIELDS",
    "GroupOutcome",
    "GroupPartOpened",
    "GroupPartSubmitted",
    "combined_application",
    "create_group",
    "group_invoice_machine",
    "group_machine",
    "group_part_machine",
    "link_machine",
    "linked_subsidiaries",
    "notice_for_group",
    "price_group",
    "request_link",
    "submit_group",
]

#: Context key: the group's application (the parent's), for guards on parts and invoices.
GROUP = "group"
#: Context key: the group's parts, for the group's submission.
PARTS = "parts"
#: What a subsidiary may change on its part: its roster (in ``lines``), materials, counts.
PART_EDIT_FIELDS = ("lines", "materials", "declared", "contact", "remarks")


# --- events ---------------------------------------------------------------------------


@attrs.frozen
class GroupOutcome:
    """What a step on the whole group returns: the group's outcome and each part's."""

    group: Outcome[Application]
    parts: tuple[Outcome[Application], ...] = ()

    @property
    def events(self) -> tuple[Event, ...]:
        """The group's events, then the parts' in order."""
        return (*self.group.events, *(e for p in self.parts for e in p.events))

    @property
    def audit(self) -> tuple[AuditRecord, ...]:
        """The group's audit record, then the parts'."""
        return (self.group.audit, *(p.audit for p in self.parts))


def _refuse(kind: str, subject: str, action: str, reasons: Sequence[Finding]) -> None:
    if reasons:
        raise GuardFailed(
            f"{kind} {subject}: {action!r} blocked: " + "; ".join(refusal_text(r) for r in reasons),
            kind=kind,
            action=action,
            reasons=tuple(reasons),
            codes=tuple(r.code for r in reasons),
        )


def _created(
    kind: str, subject_id: str, to_state: str, at: datetime, actor: str, **params: Any
) -> AuditRecord:
    return AuditRecord(
        kind=kind,
        subject_id=subject_id,
        actor=actor,
        at=at,
        action="create",
        from_state="",
        to_state=to_state,
        params=params,
        version=0,
    )


# --- unit links (上下级关系维护) ----------------------------------------------------------------


def request_link(
    parent_id: str,
    subsidiary_id: str,
    *,
    requested_by: str,
    flow: RegistrationFlow,
    at: datetime,
    actor: str = "",
    existing: Iterable[UnitLink] = (),
) -> Outcome[UnitLink]:
    """One side asks for a parent/subsidiary link; the other side must confirm it.

    :param requested_by: the asking unit: the parent or the subsidiary.
    :param flow: the region's registration flow (``unit_links`` must be on).
    :param existing: the links already recorded: a subsidiary has one parent,
        so a pending or confirmed link of the subsidiary refuses a new one.
    :raises GuardFailed: the region has no links, a unit links to itself, the
        asking unit is neither side, or the subsidiary is already linked.
    """
    subject = subsidiary_id
    reasons: list[Finding] = []
    if not flow.unit_links:
        reasons.append(Finding.error("link.not_offered", "本地区没有上下级关系维护"))
    if parent_id == subsidiary_id:
        reasons.append(Finding.error("link.self", "单位不能与自己关联"))
    if requested_by not in (parent_id, subsidiary_id):
        reasons.append(Finding.error("link.not_a_side", "只有集团公司或子公司可以发起关联"))
    for other in existing:
        if other.subsidiary_id == subsidiary_id and other.status in (L.REQUESTED, L.CONFIRMED):
            reasons.append(
                Finding.error(
                    "link.already_linked",
                    f"{subsidiary_id}已与{other.parent_id}关联（{other.status.label}）",
                )
            )
        if (other.parent_id, other.subsidiary_id) == (subsidiary_id, parent_id) and (
            other.status is L.CONFIRMED
        ):
            reasons.append(Finding.error("link.cycle", f"{parent_id}是{subsidiary_id}的下级单位"))
    _refuse("unit_link", subject, "request", reasons)
    link = UnitLink(parent_id, subsidiary_id, requested_by)
    record = _created(
        "unit_link",
        subject,
        L.REQUESTED.value,
        at,
        actor or requested_by,
        parent_id=parent_id,
        requested_by=requested_by,
    )
    event = UnitLinkRequested(
        subject_id=subject,
        at=at,
        actor=actor or requested_by,
        parent_id=parent_id,
        subsidiary_id=subsidiary_id,
        confirm_by=link.confirming_unit_id,
    )
    return Outcome(link, record, (event,))


def _confirming_side(attempt: Attempt[UnitLink]) -> Iterator[Finding]:
    link = attempt.entity
    if attempt.params.get("unit_id") != link.confirming_unit_id:
        yield Finding.error("link.wrong_side", f"须由被关联单位（{link.confirming_unit_id}）确认")


def _either_side(attempt: Attempt[UnitLink]) -> Iterator[Finding]:
    link = attempt.entity
    if attempt.params.get("unit_id") not in (link.parent_id, link.subsidiary_id):
        yield Finding.error("link.not_a_side", "只有集团公司或子公司可以解除关联")


def _link_confirmed(before: UnitLink, after: UnitLink, a: Attempt[UnitLink]) -> tuple[Event]:
    return (
        UnitLinkConfirmed(
            subject_id=after.subsidiary_id,
            at=a.at,
            actor=a.actor,
            parent_id=after.parent_id,
            subsidiary_id=after.subsidiary_id,
        ),
    )


def _link_machine() -> Machine[UnitLink]:
    return Machine(
        kind="unit_link",
        label="上下级关系",
        states=L,
        initial=L.REQUESTED,
        id_field="subsidiary_id",
        transitions=(
            Transition(
                "confirm",
                (L.REQUESTED,),
                L.CONFIRMED,
                guards=(_confirming_side,),
                events=_link_confirmed,
                required=("unit_id",),
                label="确认通过",
            ),
            Transition(
                "reject",
                (L.REQUESTED,),
                L.REJECTED,
                guards=(_confirming_side, note_required),
                required=("unit_id",),
                label="拒绝",
            ),
            Transition(
                "dissolve",
                (L.CONFIRMED,),
                L.DISSOLVED,
                guards=(_either_side,),
                required=("unit_id",),
                label="解除关联",
            ),
        ),
    )


#: The unit-link machine: the side that did not ask confirms or rejects; either side dissolves.
#: A link is named by its subsidiary (a subsidiary has one parent).
link_machine: MachineFactory[UnitLink] = MachineFactory("link_machine", _link_machine)


def linked_subsidiaries(parent_id: str, links: Iterable[UnitLink]) -> tuple[str, ...]:
    """The parent's subsidiaries whose link is confirmed, in the order given.

    >>> links = [UnitLink("HQ", "S1", "HQ", L.CONFIRMED), UnitLink("HQ", "S2", "HQ"),
    ...          UnitLink("X", "S3", "S3", L.CONFIRMED)]
    >>> linked_subsidiaries("HQ", links)
    ('S1',)
    """
    return tuple(
        dict.fromkeys(
            link.subsidiary_id
            for link in links
            if link.parent_id == parent_id and link.status is L.CONFIRMED
        )
    )


# --- launching the group (新增集团参保计划) --------------------------------------------------------


def _blank(line: ApplicationLine) -> ApplicationLine:
    return attrs.evolve(line, roster=Roster(line.plan_code))


def create_group(
    flow: ApplicationFlow,
    group_id: str,
    parent_id: str,
    pack: str,
    *,
    lines: Sequence[ApplicationLine],
    deadline: date,
    links: Iterable[UnitLink],
    at: datetime,
    subsidiary_ids: Sequence[str] | None = None,
    part_ids: Mapping[str, str] | None = None,
    actor: str = "",
) -> GroupOutcome:
    """The parent launches a group enrolment; it reaches its confirmed subsidiaries only.

    :param lines: the plans, tiers, shares and gift plans the parent chose
        (rosters, if any, are the parent's own members).
    :param deadline: the day by which subsidiaries submit their parts (inclusive).
    :param links: the recorded links; only the parent's *confirmed* ones count.
    :param subsidiary_ids: the subsidiaries the parent ticks ("需要勾选一并参保的下级单位");
        default: every confirmed one.
    :param part_ids: each part's application id by subsidiary; default ``"<group_id>/<unit>"``.
    :raises GuardFailed: the region has no group enrolment, no plan chosen, a
        ticked unit is not a confirmed subsidiary, or no subsidiary at all.
    """
    linked = linked_subsidiaries(parent_id, links)
    chosen = tuple(dict.fromkeys(subsidiary_ids)) if subsidiary_ids is not None else linked
    reasons: list[Finding] = []
    if not flow.group_enrolment:
        reasons.append(Finding.error("group.not_offered", "本地区没有集团统一参保"))
    if not lines:
        reasons.append(Finding.error("group.no_plans", "请选择保障计划"))
    for unit in chosen:
        if unit not in linked:
            reasons.append(
                Finding.error(
                    "group.not_linked", f"{unit}不是已确认关联的下属单位，请先维护上下级关系"
                )
            )
    if not chosen:
        reasons.append(Finding.error("group.no_subsidiaries", "没有已确认关联的下属单位"))
    probe = Application(group_id, parent_id, pack, lines=tuple(lines))
    fit = lines_fit(flow)(Attempt(probe, "create", actor, at))
    reasons.extend(fit)
    _refuse("application", group_id, "create", reasons)
    who = actor or parent_id
    group = Application(
        group_id,
        parent_id,
        pack,
        lines=tuple(lines),
        group_id=group_id,
        group_deadline=deadline,
        subsidiary_ids=chosen,
    )
    group_out: Outcome[Application] = Outcome(
        group,
        _created(
            "application",
            group_id,
            S.DRAFT.value,
            at,
            who,
            lines=group.lines,
            group_deadline=deadline,
            subsidiary_ids=chosen,
        ),
    )
    parts: list[Outcome[Application]] = []
    for unit in chosen:
        part_id = (part_ids or {}).get(unit, f"{group_id}/{unit}")
        part = Application(
            part_id,
            unit,
            pack,
            lines=tuple(_blank(line) for line in lines),
            group_id=group_id,
            group_part_status=G.FILLING,
            group_deadline=deadline,
        )
        record = _created("group_part", part_id, G.FILLING.value, at, who, group_id=group_id)
        event = GroupPartOpened(
            subject_id=part_id,
            at=at,
            actor=who,
            group_id=group_id,
            parent_id=parent_id,
            subsidiary_id=unit,
            deadline=deadline,
        )
        parts.append(Outcome(part, record, (event,)))
    return GroupOutcome(group_out, tuple(parts))


# --- the parts (下属单位填报) -------------------------------------------------------------------


def _shape(lines: Iterable[ApplicationLine]) -> list[tuple[Any, ...]]:
    return [(li.plan_code, li.tier_code, li.shares, li.gift_plans) for li in lines]


def _same_plans(attempt: Attempt[Application]) -> Iterator[Finding]:
    lines = attempt.params.get("lines")
    if lines is not None and _shape(lines) != _shape(attempt.entity.lines):
        yield Finding.error(
            "group.plans_fixed_by_parent",
            "保障计划、档位、份数和赠送计划由集团总部确定，下属单位只能导入人员",
        )


def _deadline(attempt: Attempt[Application]) -> Iterator[Finding]:
    """By the group's deadline, as the parent's application says now (never the part's copy)."""
    group = attempt.context.need(GROUP, attempt.action)
    part = attempt.entity
    if not isinstance(group, Application) or group.id != part.group_id:
        yield Finding.error(
            "group.other_group",
            f"集团参保信息不是{part.group_id}的，无法检查提交截止日期",
        )
        return
    deadline = group.group_deadline
    if deadline is not None and attempt.at.date() > deadline:
        yield Finding.error(
            "group.deadline_passed",
            f"已过集团设定的截止日期{deadline.isoformat()}，无法提交",
        )


def _as_the_group_says(guard: Guard) -> Guard:
    """``guard`` judging the part with the group's deadline as the parent's application says
    now (the pack's submission findings read the part's ``group_deadline``: not the copy
    made at launch, which the parent may have moved since)."""

    def judged(attempt: Attempt[Application]) -> Iterator[Finding]:
        group = attempt.context.get(GROUP)
        part = attempt.entity
        if isinstance(group, Application) and group.id == part.group_id:
            part = attrs.evolve(part, group_deadline=group.group_deadline)
        yield from guard(attrs.evolve(attempt, entity=part))

    return judged


def _part_save(part: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(part, **{k: v for k, v in attempt.params.items() if k in PART_EDIT_FIELDS})


def _part_feedback(part: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(part, feedback=attempt.note)


def _part_clear(part: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(part, feedback="")


def _part_include(part: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(
        part, reference_effective_date=attempt.params.get("reference_effective_date")
    )


def _part_submitted(
    before: Application, after: Application, a: Attempt[Application]
) -> tuple[Event]:
    return (
        GroupPartSubmitted(
            subject_id=after.id,
            at=a.at,
            actor=a.actor,
            group_id=after.group_id or "",
            subsidiary_id=after.unit_id,
        ),
    )


def _part_returned(
    before: Application, after: Application, a: Attempt[Application]
) -> tuple[Event]:
    return (
        GroupPartReturned(
            subject_id=after.id,
            at=a.at,
            actor=a.actor,
            subsidiary_id=after.unit_id,
            feedback=a.note,
        ),
    )


_FILLABLE = (G.FILLING, G.RETURNED_BY_PARENT)
#: Parts the parent holds: submitted to it, or already included in an earlier
#: submission of the group (the office returned the group and it is resubmitted).
_HANDED_IN = (G.SUBMITTED_TO_PARENT, G.INCLUDED)


@functools.lru_cache(maxsize=16)
def group_part_machine(flow: ApplicationFlow) -> Machine[Application]:
    """The machine of a subsidiary's part (its state is ``group_part_status``).

    ``save`` fills the roster (the plans stay the parent's), ``submit`` hands
    the part to the parent by the deadline (checked on the day of ``at``
    against the group's deadline: the group's application must be in the
    context under :data:`GROUP`, else :class:`~mutualaid.errors.MissingFact`; the part's
    own copy of the deadline, from the launch, is not the rule), with the
    region's submission checks;
    the parent may ``return`` it with reasons (also after it was included,
    when the office returned the group); ``include`` is the parent's
    submission of the whole group (see :func:`submit_group`).
    """
    return Machine(
        kind="group_part",
        label="集团下属单位填报",
        states=G,
        initial=G.FILLING,
        state_field="group_part_status",
        transitions=(
            *Transition.staying(
                "save",
                _FILLABLE,
                effect=_part_save,
                guards=(_same_plans,),
                optional=PART_EDIT_FIELDS,
                label="导入人员/补充材料",
            ),
            Transition(
                "submit",
                _FILLABLE,
                G.SUBMITTED_TO_PARENT,
                guards=(
                    _deadline,
                    lines_structure(flow),
                    _as_the_group_says(ready_to_submit(flow)),
                ),
                effect=_part_clear,
                events=_part_submitted,
                label="提交至集团审核",
            ),
            Transition(
                "return",
                _HANDED_IN,
                G.RETURNED_BY_PARENT,
                guards=(note_required,),
                effect=_part_feedback,
                events=_part_returned,
                label="集团退回修改",
            ),
            Transition(
                "include",
                (G.SUBMITTED_TO_PARENT,),
                G.INCLUDED,
                effect=_part_include,
                optional=("reference_effective_date",),
                label="随集团统一提交",
            ),
        ),
    )


# --- the group's application (集团总部统一提交) ----------------------------------------------------


def _parts_of(attempt: Attempt[Application]) -> tuple[Application, ...]:
    return tuple(attempt.context.get(PARTS, ()))


def _every_part_submitted(flow: ApplicationFlow) -> Any:
    def guard(attempt: Attempt[Application]) -> Iterator[Finding]:
        group = attempt.entity
        parts = {p.unit_id: p for p in _parts_of(attempt) if p.group_id == group.id}
        for unit in group.subsidiary_ids:
            part = parts.get(unit)
            if part is None:
                yield Finding.error("group.part_missing", f"缺少下属单位{unit}的填报信息")
            elif part.group_part_status not in _HANDED_IN:
                yield Finding.error(
                    "group.part_not_submitted",
                    f"下属单位{part.id}（{unit}）尚未提交集团",
                )
        if flow.reference_effective_date and group.reference_effective_date is None:
            yield Finding.error("group.reference_date_missing", "请先设置业务参考日期")

    return guard


def _own_roster_judged(attempt: Attempt[Application]) -> Iterator[Finding]:
    """The head office's own members are judged by the pack like any part's (fact ``rules``).

    Guangdong (seed 001, 一（二）): the group's own roster, where the parent
    enrols members itself, goes through the same member and roster rules
    (age limits, proof materials) as a subsidiary's part.
    """
    group = attempt.entity
    if not group.headcount:
        return
    rules = attempt.context.need(RULES, attempt.action)
    on = attempt.at.date()
    found: list[Any] = []
    try:
        for line in group.lines:
            if line.headcount:
                found += rules.roster_findings(line.roster, rules.plan(line.plan_code), on)
    except UnknownPlan as err:
        yield Finding.error("application.unknown_plan", err.message)
        return
    found += _member_findings(group, rules, on)
    yield from from_findings(found)
    needed = rules.required_materials(
        Situation.APPLICATION, on, application=group, findings=tuple(found)
    )
    provided = {m.kind for m in group.materials if m.provided}
    missing = sorted({m.kind for m in needed if m.reason is not None} - provided, key=str)
    if missing:
        yield Finding.error(
            "application.materials_missing",
            "请补充证明材料：" + "、".join(k.label for k in missing),
        )


def _launched_to(attempt: Attempt[Application]) -> list[str]:
    """The subsidiaries the group reached: those it names and those of its parts in the context."""
    group = attempt.entity
    return sorted(
        {*group.subsidiary_ids, *(p.unit_id for p in _parts_of(attempt) if p.group_id == group.id)}
    )


def _plans_fixed_once_launched(attempt: Attempt[Application]) -> Iterator[Finding]:
    """The group's plans, tiers, shares and gift plans stay as launched once any part exists.

    A part exists once the group reached a subsidiary: the group names its
    subsidiaries (``subsidiary_ids``, set by :func:`create_group`) or parts of
    it are in the context under :data:`PARTS`. The parent's own members may
    still change (the lines' rosters).
    """
    group = attempt.entity
    lines = attempt.params.get("lines")
    if lines is None or _shape(lines) == _shape(group.lines):
        return
    parts = _launched_to(attempt)
    if parts:
        yield Finding.error(
            "group.plans_fixed_after_launch",
            f"集团参保计划已下发至下属单位（{'、'.join(parts)}），"
            "不能再修改保障计划、档位、份数和赠送计划",
        )


def _subsidiaries_fixed_once_launched(attempt: Attempt[Application]) -> Iterator[Finding]:
    """The ticked subsidiaries stay as launched: their parts were made for them."""
    group = attempt.entity
    ids = attempt.params.get("subsidiary_ids")
    if ids is None or tuple(ids) == group.subsidiary_ids:
        return
    parts = _launched_to(attempt)
    if parts:
        yield Finding.error(
            "group.subsidiaries_fixed_after_launch",
            f"集团参保计划已下发至下属单位（{'、'.join(parts)}），不能再修改参保的下属单位",
        )


def _set_reference(group: Application, attempt: Attempt[Application]) -> Application:
    return attrs.evolve(group, reference_effective_date=attempt.params["reference_effective_date"])


def _group_submitted(
    before: Application, after: Application, a: Attempt[Application]
) -> tuple[Event]:
    return (GroupSubmitted(subject_id=after.id, at=a.at, actor=a.actor, parent_id=after.unit_id),)


@functools.lru_cache(maxsize=16)
def group_machine(flow: ApplicationFlow) -> Machine[Application]:
    """The group's application machine: the region's application flow, with a group submission.

    ``set_reference_date`` (业务参考日期设置) records the reference effective
    date; ``submit`` needs every ticked subsidiary's part submitted to the
    parent (the parts in the context under :data:`PARTS`) and, where the
    region has one, the reference date. ``save`` may no longer change the
    plans, tiers, shares or gift plans once any part exists
    (``group.plans_fixed_after_launch``): the subsidiaries fill rosters for
    the lines they received; nor the ticked subsidiaries
    (``group.subsidiaries_fixed_after_launch``). The deadline may move: the
    parts' ``submit`` reads it from the group. Review, second review, payment and effective
    date follow the region's application rows.
    """
    base = application_machine(flow).with_guards(
        "save", _plans_fixed_once_launched, _subsidiaries_fixed_once_launched
    )
    row = base.transition(S.DRAFT, "submit")
    target = row.target if row is not None else S.SUBMITTED
    return base.without("submit").with_rows(
        Transition(
            "submit",
            EDITABLE,
            target,
            guards=(lines_fit(flow), _every_part_submitted(flow), _own_roster_judged),
            events=_group_submitted,
            label="集团统一提交",
        ),
        *Transition.staying(
            "set_reference_date",
            EDITABLE,
            effect=_set_reference,
            required=("reference_effective_date",),
            label="业务参考日期设置",
        ),
    )


def submit_group(
    flow: ApplicationFlow,
    group: Application,
    parts: Sequence[Application],
    *,
    actor: str,
    at: datetime,
    note: str = "",
    expected_version: int | None = None,
    rules: Any = None,
) -> GroupOutcome:
    """The parent submits the group and every part at once (点击【提交】).

    ``rules`` (the pack's view) judges the head office's own members, when it
    enrols some (:class:`~mutualaid.errors.MissingFact` without it then).

    The group's ``submit`` runs first (refused, with nothing changed, unless
    every part is submitted to the parent); then each part is ``include``-d,
    carrying the group's reference effective date.
    """
    out = group_machine(flow).apply(
        group,
        "submit",
        actor=actor,
        at=at,
        note=note,
        expected_version=expected_version,
        context={PARTS: tuple(parts), RULES: rules},
    )
    part_machine = group_part_machine(flow)
    included = tuple(
        part_machine.apply(
            part,
            "include",
            actor=actor,
            at=at,
            reference_effective_date=out.entity.reference_effective_date,
        )
        for part in parts
        if part.group_id == group.id and part.group_part_status is G.SUBMITTED_TO_PARENT
    )
    return GroupOutcome(out, included)


# --- money at the group level -----------------------------------------------------------------


def _members_applications(
    group: Application, parts: Iterable[Application]
) -> tuple[Application, ...]:
    mine = tuple(p for p in parts if p.group_id == group.id)
    return ((group,) if group.headcount else ()) + mine


def price_group(rules: Any, group: Application, parts: Iterable[Application], on: date) -> Any:
    """The group's :class:`~mutualaid.rules.results.Quote`: the pack's ``mutualaid_price_group``.

    Priced over every part of the group (and the parent's own members, if it
    enrolled some); the core's default adds up each part's price, so the
    total is the exact sum of the parts' totals.
    """
    return rules.price_group(_members_applications(group, parts), on)


def _all_included(group: Application, parts: Sequence[Application]) -> Iterator[Finding]:
    if group.status in EDITABLE or group.status is S.CANCELLED:
        yield Finding.error("group.not_submitted", "集团参保尚未统一提交")
    for part in parts:
        if part.group_id == group.id and part.group_part_status is not G.INCLUDED:
            yield Finding.error("group.part_not_included", f"下属单位{part.id}未随集团提交")


def notice_for_group(
    flow: ApplicationFlow,
    group: Application,
    parts: Sequence[Application],
    rules: Any,
    *,
    counter: int,
    at: datetime,
    on: date | None = None,
    actor: str = "system",
) -> Outcome[PaymentNotice]:
    """One payment notice for the whole group, to the parent, for the pack's group price.

    :raises GuardFailed: the group is not submitted, or a part was left out.
    :raises LifecycleError: the group prices at nothing.
    """
    _refuse("application", group.id, "issue_notice", tuple(_all_included(group, parts)))
    day = on or at.date()
    return notice_for_quote(
        flow.payment,
        price_group(rules, group, parts, day),
        subject_id=group.id,
        unit_id=group.unit_id,
        counter=counter,
        at=at,
        priced_on=day,
        actor=actor,
    )


def _invoiced_by_parent(attempt: Attempt[InvoiceRequest]) -> Iterator[Finding]:
    group: Application = attempt.context.need(GROUP, attempt.action)
    request = attempt.entity
    if request.unit_id != group.unit_id:
        found = group_by_parent_finding()
        yield Finding.error(found.code, found.message)
    if group.id not in request.subject_ids:
        yield Finding.error("invoice.group_not_named", f"开票申请须选择集团参保{group.id}")


#: The invoice-request machine for a group: the region's invoice checks (pass
#: the rule pack, the parent unit and the group's application in the context,
#: as for :data:`~mutualaid.lifecycle.invoicing.invoice_machine`) plus the
#: group's own rule: the request is the parent's, for the group (context key
#: :data:`GROUP`).
group_invoice_machine: MachineFactory[InvoiceRequest] = MachineFactory(
    "group_invoice_machine", lambda: invoice_machine().with_guards("submit", _invoiced_by_parent)
)


def combined_application(group: Application, parts: Iterable[Application]) -> Application:
    """The group as one application: each plan's roster is the parent's plus the included parts'.

    It carries the group's id, unit (the parent), status and reference date,
    so :func:`~mutualaid.lifecycle.policies.build_policies` makes the group's
    policies from it once the group is paid.

    >>> from mutualaid.model import Member
    >>> a = Member.from_resident_id("张三", "11010519491231002X")
    >>> g = Application("G1", "HQ", "guangdong", lines=(ApplicationLine("M"),), group_id="G1")
    >>> p = Application("G1/S1", "S1", "guangdong", group_id="G1", group_part_status=G.INCLUDED,
    ...                 lines=(ApplicationLine("M", roster=Roster.of("M", [a])),))
    >>> combined_application(g, [p]).headcount
    1
    """
    included = [p for p in parts if p.group_id == group.id and p.group_part_status is G.INCLUDED]
    lines = []
    for line in group.lines:
        entries = list(line.roster.entries)
        for part in included:
            for other in part.lines:
                if other.plan_code == line.plan_code:
                    entries.extend(other.roster.entries)
        lines.append(attrs.evolve(line, roster=line.roster.with_entries(entries)))
    return attrs.evolve(group, lines=tuple(lines))
