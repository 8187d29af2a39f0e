"""Policies (保单) and endorsements (保全 / 保单补充): built, endorsed, covering.

:func:`build_policies` makes one policy per plan line of an approved and paid
application, each member with their own effective date. An endorsement adds
new hires to an effective policy (Shenzhen: "把新员工插入到已经生效的保单内"):
its roster is checked against the policy and against the other policies of the
same plan, it is priced by the pack (:func:`price_endorsement`), paid and made effective,
and :func:`endorse` puts its members on the policy. :func:`is_covered`
answers "is this member covered on that day?", honouring the pack's waiting period.

>>> from datetime import date
>>> from mutualaid.model import Member, Roster
>>> from mutualaid.model.application import Application, ApplicationLine
>>> from mutualaid.model.plan import CoveragePeriod
>>> a = Member.from_resident_id("张三", "11010519491231002X")
>>> app = Application("A1", "U1", "shenzhen", status=ApplicationStatus.EFFECTIVE,
...     lines=(ApplicationLine("medical", "60", roster=Roster.of("medical", [a])),))
>>> (policy,) = build_policies(app, numbers=["P1"], effective_date=date(2025, 4, 1),
...     coverage={"medical": CoveragePeriod.calendar_year(2025)})
>>> policy.status.label, policy.members[0].effective_date
('已生效', datetime.date(2025, 4, 1))
>>> is_covered("11010519491231002X", date(2025, 3, 31), [policy]), is_covered("11010519491231002X", date(2025, 4, 1), [policy])
(False, True)

Layer 4.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from mutualaid.errors import LifecycleError, UnknownPlan
from mutualaid.lifecycle.events import EndorsementEffective, Event, RenewalDue
from mutualaid.lifecycle.guards import from_findings, note_required
from mutualaid.lifecycle.machine import (
    Attempt,
    Machine,
    MachineFactory,
    Outcome,
    Transition,
)
from mutualaid.lifecycle.payment import paid_by
from mutualaid.model.application import Application
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.payment import PaymentNotice
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.policy import Policy, PolicyMember
from mutualaid.model.roster import Roster
from mutualaid.model.states import ApplicationStatus, PolicyStatus
from mutualaid.model.states import EndorsementStatus as E
from mutualaid.model.unit import Contact
from mutualaid.money import yuan
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import EndorsementFlow

__all__ = [
    "OTHER_POLICIES",
    "PAID_STATES",
    "POLICY",
    "TransferOutcome",
    "build_policies",
    "endorse",
    "endorsement_findings",
    "endorsement_machine",
    "is_covered",
    "policy_machine",
    "price_endorsement",
    "transfer_in",
]

#: Application states after payment was confirmed (a policy may be built).
PAID_STATES = (
    ApplicationStatus.PAYMENT_CONFIRMED,
    ApplicationStatus.AWAITING_EFFECTIVE_DATE,
    ApplicationStatus.EFFECTIVE,
    ApplicationStatus.CLOSED,
)
#: Context key: the policy an endorsement adds to.
POLICY = "policy"
#: Context key: the unit's (or everyone's) other policies, for double cover.
OTHER_POLICIES = "other_policies"


# --- building -------------------------------------------------------------------


def build_policies(
    application: Application,
    *,
    numbers: Sequence[str],
    coverage: Mapping[str, CoveragePeriod],
    effective_date: date | None,
    families: Mapping[str, str] | None = None,
    waiting_period_ends: Mapping[str, date | None] | None = None,
) -> tuple[Policy, ...]:
    """One policy per plan line of a paid application, then one per gift plan.

    Each member's shares are their roster entry's, the shares pricing charged
    them (a line's ``shares`` is only the default its entries were built with);
    their effective date is the entry's own date when set, else ``effective_date``; without an effective date (the association has
    not set it yet) the policy waits in ``awaiting_effective_date``.

    A gift plan added to a line (Guangdong 四（二）添加赠送计划) covers that
    line's members at no charge: it gets its own policy (its ``plan_code`` is
    the gift plan's), after the lines' policies, so a member's gift cover is
    found like any other (``is_covered``, a store's ``policies_covering``).
    Lines sharing a gift plan share its policy, each member once, with no
    tier and one share (the gift is not bought).

    :param numbers: a policy number per line, in order, then optionally one per
        gift plan (in the order the lines name them); a gift policy without
        its own number takes its first line's number and the gift plan's code
        (``"P1/GIFT"``).
    :param coverage: each plan's coverage period, by plan code; a gift plan
        not named here takes its first line's coverage.
    :param families: each plan's family (:attr:`~mutualaid.model.plan.Plan.family_code`),
        by plan code, copied onto its policy (:attr:`~mutualaid.model.policy.Policy.family`)
        so the same plan is found in other periods (waiting period, double cover);
        a plan not named here gets none (its code without the year stands in).
    :param waiting_period_ends: the last day of each plan's waiting period, by plan
        code, as the pack answered for the unit's earlier cover
        (:attr:`~mutualaid.rules.results.EffectiveDate.waiting_period_end`),
        recorded on its policy (:attr:`~mutualaid.model.policy.Policy.waiting_period_end`);
        a plan not named here has none.
    :raises LifecycleError: the application is not paid, or numbers are missing.

    >>> from mutualaid.model import Member, Roster
    >>> from mutualaid.model.application import ApplicationLine
    >>> a = Member.from_resident_id("张三", "11010519491231002X")
    >>> line = ApplicationLine("GD-HOSP", "STD", roster=Roster.of("GD-HOSP", [a]), gift_plans=("GIFT",))
    >>> paid = Application("A1", "U1", "guangdong", status=ApplicationStatus.EFFECTIVE, lines=(line,))
    >>> main, gift = build_policies(paid, numbers=["P1"], effective_date=date(2026, 4, 1),
    ...     coverage={"GD-HOSP": CoveragePeriod.calendar_year(2026)}, families={"GD-HOSP": "HOSP"})
    >>> gift.number, gift.plan_code, is_covered(a.id_number, date(2026, 4, 1), [gift])
    ('P1/GIFT', 'GIFT', True)
    >>> main.plan_family, gift.family is None
    ('HOSP', True)
    """
    if application.status not in PAID_STATES:
        raise LifecycleError(
            f"application {application.id} is {application.status.value}; policies are built after payment",
            hint="Confirm the payment first.",
        )
    lines = [line for line in application.lines if line.headcount]
    if len(numbers) < len(lines):
        raise LifecycleError(f"{len(lines)} policy numbers needed, {len(numbers)} given")
    status = PolicyStatus.EFFECTIVE if effective_date else PolicyStatus.AWAITING_EFFECTIVE_DATE
    families = families or {}
    waits = waiting_period_ends or {}
    out: list[Policy] = []
    for number, line in zip(numbers, lines, strict=False):
        members = tuple(
            PolicyMember(
                e.member,
                e.tier_code or line.tier_code,
                e.shares,
                e.effective_date or effective_date,
            )
            for e in line.roster
        )
        out.append(
            Policy(
                number=number,
                unit_id=application.unit_id,
                application_id=application.id,
                plan_code=line.plan_code,
                coverage=coverage[line.plan_code],
                members=members,
                status=status,
                effective_date=effective_date,
                family=families.get(line.plan_code),
                waiting_period_end=waits.get(line.plan_code),
            )
        )
    gifts = _gift_policies(application, out, numbers[len(lines) :], coverage, families, waits)
    return (*out, *gifts)


def _gift_policies(
    application: Application,
    mains: Sequence[Policy],
    numbers: Sequence[str],
    coverage: Mapping[str, CoveragePeriod],
    families: Mapping[str, str],
    waits: Mapping[str, date | None],
) -> Iterator[Policy]:
    """The gift plans' policies: the members of every line that adds the gift, once each."""
    carried: dict[str, list[Policy]] = {}
    for main, line in zip(mains, [li for li in application.lines if li.headcount], strict=True):
        for gift in line.gift_plans:
            carried.setdefault(gift, []).append(main)
    for i, (gift, carriers) in enumerate(carried.items()):
        first = carriers[0]
        seen: set[str] = set()
        members: list[PolicyMember] = []
        for main in carriers:
            for m in main.members:
                if m.member.id_number not in seen:
                    seen.add(m.member.id_number)
                    members.append(attrs.evolve(m, tier_code=None, shares=1))
        yield attrs.evolve(
            first,
            number=numbers[i] if i < len(numbers) else f"{first.number}/{gift}",
            plan_code=gift,
            coverage=coverage.get(gift, first.coverage),
            members=tuple(members),
            family=families.get(gift),
            waiting_period_end=waits.get(gift),
        )


def _set_effective(policy: Policy, attempt: Attempt[Policy]) -> Policy:
    when: date = attempt.params["effective_date"]
    members = tuple(
        attrs.evolve(m, effective_date=m.effective_date or when) for m in policy.members
    )
    return attrs.evolve(policy, effective_date=when, members=members)


def _add_members(policy: Policy, attempt: Attempt[Policy]) -> Policy:
    added: tuple[PolicyMember, ...] = tuple(attempt.params["members"])
    return attrs.evolve(policy, members=(*policy.members, *added))


def _transfer_request(policy: Policy, attempt: Attempt[Policy]) -> Endorsement:
    """A transfer-in seen as an endorsement of ``policy`` on its day, for the same checks."""
    added: Sequence[PolicyMember] = attempt.params["members"]
    return Endorsement(
        f"transfer:{policy.number}",
        policy.number,
        policy.unit_id,
        attempt.params["on"],
        Roster.of(policy.plan_code, [m.member for m in added]),
    )


def _transfer_details(attempt: Attempt[Policy], names: tuple[str, str]) -> Finding | None:
    """Who moves and when: a transfer without them is refused, not guessed."""
    if all(attempt.params.get(name) for name in names):
        return None
    return Finding.error("transfer.details_missing", "请填写调动人员和调动日期")


def _transfer_in_fits(attempt: Attempt[Policy]) -> Iterator[Finding]:
    missing = _transfer_details(attempt, ("members", "on"))
    if missing is not None:
        yield missing
        return
    yield from endorsement_findings(
        _transfer_request(attempt.entity, attempt),
        attempt.entity,
        attempt.context.get(OTHER_POLICIES, ()),
    )


def _transfer_in(policy: Policy, attempt: Attempt[Policy]) -> Policy:
    on: date = attempt.params["on"]
    added = tuple(
        attrs.evolve(m, effective_date=on, left_on=None) for m in attempt.params["members"]
    )
    return attrs.evolve(policy, members=(*policy.members, *added))


def _transfer_out_fits(attempt: Attempt[Policy]) -> Iterator[Finding]:
    missing = _transfer_details(attempt, ("id_numbers", "on"))
    if missing is not None:
        yield missing
        return
    policy, on = attempt.entity, attempt.params["on"]
    if not policy.coverage.contains(on):
        yield Finding.error(
            "transfer.date_outside_coverage", f"调出日期须在保障期限{policy.coverage}内"
        )
    for number in attempt.params["id_numbers"]:
        pm = policy.find_member(number)
        if pm is None or pm.left_on is not None:
            yield Finding.error("transfer.not_on_policy", f"调出人员不在保单{policy.number}中")


def _transfer_out(policy: Policy, attempt: Attempt[Policy]) -> Policy:
    leaving = set(attempt.params["id_numbers"])
    on: date = attempt.params["on"]
    members = tuple(
        attrs.evolve(m, left_on=on) if m.member.id_number in leaving else m for m in policy.members
    )
    return attrs.evolve(policy, members=members)


def _policy_date_fits(attempt: Attempt[Policy]) -> Iterator[Finding]:
    """The guard on a policy's ``set_effective_date``: inside its coverage."""
    when = attempt.params.get("effective_date")
    coverage = attempt.entity.coverage
    if isinstance(when, date) and not coverage.contains(when):
        yield Finding.error(
            "policy.effective_date_outside_coverage", f"生效日期{when}不在保障期限{coverage}内"
        )


def _renewal_due(before: Policy, after: Policy, attempt: Attempt[Policy]) -> tuple[Event, ...]:
    return (
        RenewalDue(
            subject_id=after.number,
            at=attempt.at,
            actor=attempt.actor,
            unit_id=after.unit_id,
            plan_code=after.plan_code,
            coverage_end=after.coverage.end,
            window_start=attempt.params["window_start"],
            handler=attempt.params.get("handler"),
        ),
    )


def _policy_machine() -> Machine[Policy]:
    return Machine(
        kind="policy",
        label="保单",
        states=PolicyStatus,
        initial=PolicyStatus.AWAITING_EFFECTIVE_DATE,
        id_field="number",
        transitions=(
            Transition(
                "set_effective_date",
                (PolicyStatus.AWAITING_EFFECTIVE_DATE,),
                PolicyStatus.EFFECTIVE,
                guards=(_policy_date_fits,),
                effect=_set_effective,
                required=("effective_date",),
                types=(("effective_date", date),),
                label="设置生效时间",
            ),
            *Transition.staying(
                "add_members",
                (PolicyStatus.EFFECTIVE,),
                effect=_add_members,
                required=("members",),
                optional=("endorsement_id",),
                types=(("members", (tuple, list)), ("endorsement_id", str)),
                label="保全加人",
            ),
            *Transition.staying(
                "transfer_in",
                (PolicyStatus.EFFECTIVE,),
                effect=_transfer_in,
                guards=(_transfer_in_fits,),
                optional=("members", "on", "from_policies", "request_id"),
                types=(("members", (tuple, list)), ("on", date), ("request_id", str)),
                label="调入人员办理新增",
            ),
            *Transition.staying(
                "transfer_out",
                (PolicyStatus.EFFECTIVE,),
                effect=_transfer_out,
                guards=(_transfer_out_fits,),
                optional=("id_numbers", "on", "to_policy"),
                types=(("id_numbers", (tuple, list)), ("on", date), ("to_policy", str)),
                label="调出（保障至调入前一日）",
            ),
            *Transition.staying(
                "remind_renewal",
                (PolicyStatus.EFFECTIVE,),
                required=("window_start",),
                optional=("handler",),
                types=(("window_start", date), ("handler", Contact)),
                events=_renewal_due,
                label="续保提醒",
            ),
            Transition("expire", (PolicyStatus.EFFECTIVE,), PolicyStatus.EXPIRED, label="到期"),
            Transition(
                "cancel",
                (PolicyStatus.AWAITING_EFFECTIVE_DATE, PolicyStatus.EFFECTIVE),
                PolicyStatus.CANCELLED,
                guards=(note_required,),
                label="注销",
            ),
        ),
    )


#: The policy machine: effective time, endorsed members, renewal reminders, expiry and cancellation.
policy_machine: MachineFactory[Policy] = MachineFactory("policy_machine", _policy_machine)


# --- endorsements -----------------------------------------------------------------------


def endorsement_findings(
    endorsement: Endorsement, policy: Policy, other_policies: Iterable[Policy] = ()
) -> tuple[Finding, ...]:
    """What stands in the way of an endorsement (保全名单校验).

    * the policy must be effective and the endorsement date inside its coverage;
    * a member already on the policy cannot be added again;
    * a member covered by another effective policy of the same plan (the same
      :attr:`~mutualaid.model.policy.Policy.plan_family`, any period) on a day
      this endorsement would cover them (from their roster date, else the
      endorsement's, to the end of the coverage) would be covered twice; their
      days there are its :meth:`~mutualaid.model.policy.Policy.cover_span`, so a
      member who left it by then (a transfer, :func:`transfer_in`) is not.
    """
    out: list[Finding] = []
    if policy.status is not PolicyStatus.EFFECTIVE:
        out.append(
            Finding.error("endorsement.policy_not_effective", "只能对已生效的保单进行保单补充")
        )
    if not policy.coverage.contains(endorsement.effective_date):
        out.append(
            Finding.error(
                "endorsement.date_outside_coverage", f"保全生效日期须在保障期限{policy.coverage}内"
            )
        )
    elif policy.effective_date and endorsement.effective_date < policy.effective_date:
        out.append(
            Finding.error("endorsement.date_before_policy", "保全生效日期不能早于保单生效日期")
        )
    if not endorsement.roster.entries:
        out.append(Finding.error("endorsement.no_members", "保全名单为空"))
    on_policy = {m.member.key for m in policy.members}
    for entry in endorsement.roster:
        who = entry.member.name
        if entry.member.key in on_policy:
            out.append(Finding.error("endorsement.already_on_policy", f"{who}已在本保单中"))
            continue
        wanted = (entry.effective_date or endorsement.effective_date, policy.coverage.end)
        for other in other_policies:
            span = (
                other.cover_span(entry.member.id_number)
                if other.number != policy.number
                and other.plan_family == policy.plan_family
                and other.status is PolicyStatus.EFFECTIVE
                else None
            )
            if span is not None and span.start <= wanted[1] and wanted[0] <= span.end:
                out.append(
                    Finding.error(
                        "endorsement.covered_elsewhere",
                        f"{who}已由保单{other.number}在同一保障计划中承保",
                    )
                )
                break
    return tuple(out)


def price_endorsement(endorsement: Endorsement, policy: Policy, rules: Any) -> Decimal:
    """What the unit pays for an endorsement: the pack's price on its effective date.

    ``rules`` is the pack's :class:`~mutualaid.rules.engine.PackView`; the
    price is its ``price_endorsement`` quote's ``amount_due`` (the full period,
    or pro rata with ``endorsement.pro_rata``: the member and subsidy parts
    each prorated and rounded to the fen, as a unit pays parts). There is no
    second implementation here.
    """
    quote = rules.price_endorsement(endorsement, policy, endorsement.effective_date)
    amount: Decimal = quote.amount_due
    return amount


def _findings_guard(attempt: Attempt[Endorsement]) -> Iterator[Finding]:
    """The guard on an endorsement's ``submit`` (保全名单校验), facts ``policy`` and ``rules``.

    Shenzhen (seed 002, 保单补充): 「填写保全生效日期并填写互助保障联系人信息」 (the
    contact is required); the roster against the policy and the other
    policies (:func:`endorsement_findings`); and each new member judged by the
    pack's member rules for the policy's plan on the day of submission, as an
    application's members are (the age limits...).
    """
    policy: Policy = attempt.context.need(POLICY, attempt.action)
    rules = attempt.context.need("rules", attempt.action)
    endorsement = attempt.entity
    yield from endorsement_findings(endorsement, policy, attempt.context.get(OTHER_POLICIES, ()))
    contact = endorsement.contact
    if contact is None or not contact.name or not contact.mobile:
        yield Finding.error("endorsement.contact_missing", "请填写互助保障联系人信息（姓名、电话）")
    try:
        plan = rules.plan(policy.plan_code)
    except UnknownPlan as err:
        yield Finding.error("endorsement.unknown_plan", err.message)
        return
    on = attempt.at.date()
    found = [
        attrs.evolve(f, message=f"{entry.member.name}：{f.message}")
        for entry in endorsement.roster
        for f in rules.member_findings(entry.member, plan, on)
    ]
    yield from from_findings(found)


def _priced_by_pack(attempt: Attempt[Endorsement]) -> Iterator[Finding]:
    """The guard on ``approve``: ``amount_due`` is the pack's price (facts ``rules``, ``policy``)."""
    policy: Policy = attempt.context.need(POLICY, attempt.action)
    rules = attempt.context.need("rules", attempt.action)
    priced = yuan(price_endorsement(attempt.entity, policy, rules))
    given = attempt.params.get("amount_due")
    if given is None or yuan(given) != priced:
        yield Finding.error(
            "endorsement.amount_mismatch",
            f"应缴金额{given}与规则包计算的保全费用{priced}元不符",
        )


def _endorsement_paid(attempt: Attempt[Endorsement]) -> Iterator[Finding]:
    """The guard on ``confirm_payment``: the endorsement's payment notice, confirmed (fact ``payment_notice``)."""
    notice: PaymentNotice = attempt.context.need("payment_notice", attempt.action)
    yield from paid_by(
        notice, attempt.entity.id, "保全单", arrival_date=attempt.params.get("arrival_date")
    )


def _endorsement_date_fits(attempt: Attempt[Endorsement]) -> Iterator[Finding]:
    """The guard on an endorsement's ``set_effective_date``: inside the policy's coverage."""
    policy: Policy = attempt.context.need(POLICY, attempt.action)
    when = attempt.params.get("effective_date")
    if isinstance(when, date) and not policy.coverage.contains(when):
        yield Finding.error(
            "endorsement.date_outside_coverage", f"保全生效日期须在保障期限{policy.coverage}内"
        )


def _save(e: Endorsement, attempt: Attempt[Endorsement]) -> Endorsement:
    fields = ("roster", "effective_date", "contact", "materials")
    return attrs.evolve(e, **{k: v for k, v in attempt.params.items() if k in fields})


def _price(e: Endorsement, attempt: Attempt[Endorsement]) -> Endorsement:
    return attrs.evolve(e, amount_due=attempt.params["amount_due"])


def _effective(
    before: Endorsement, after: Endorsement, a: Attempt[Endorsement]
) -> tuple[Event, ...]:
    if after.status is not E.EFFECTIVE:
        return ()
    return (
        EndorsementEffective(
            subject_id=after.id,
            at=a.at,
            actor=a.actor,
            policy_number=after.policy_number,
            effective_date=a.params.get("effective_date", after.effective_date),
        ),
    )


def _set_date(e: Endorsement, attempt: Attempt[Endorsement]) -> Endorsement:
    when = attempt.params.get("effective_date")
    return attrs.evolve(e, effective_date=when) if when else e


@functools.lru_cache(maxsize=16)
def endorsement_machine(
    flow: EndorsementFlow, association_sets_effective_time: bool = False, region: str = ""
) -> Machine[Endorsement]:
    """The endorsement machine: like an application's, from draft to effective.

    Shenzhen: submitted → reviewed (priced by the pack) → paid (its notice
    confirmed) → effective once the association sets the time
    ("待互助会设置完生效时间后"). Where the flow has no endorsements, any step
    but ``save`` and ``cancel`` raises :class:`~mutualaid.errors.StepNotInRegion`
    naming the ``region``.
    """
    editable = (E.DRAFT, E.RETURNED, E.WITHDRAWN)
    confirmed = E.AWAITING_EFFECTIVE_DATE if association_sets_effective_time else E.EFFECTIVE
    rows: list[Transition] = [
        *Transition.staying(
            "save",
            editable,
            effect=_save,
            optional=("roster", "effective_date", "contact", "materials"),
            label="保存",
        ),
        Transition("submit", editable, E.SUBMITTED, guards=(_findings_guard,), label="确认提交"),
        Transition("withdraw", (E.SUBMITTED,), E.WITHDRAWN, label="撤回"),
        Transition("return", (E.SUBMITTED,), E.RETURNED, guards=(note_required,), label="退回"),
        Transition(
            "approve",
            (E.SUBMITTED,),
            E.AWAITING_PAYMENT,
            guards=(_priced_by_pack,),
            effect=_price,
            required=("amount_due",),
            types=(("amount_due", (Decimal, int, str)),),
            label="审核通过",
        ),
        Transition(
            "submit_payment", (E.AWAITING_PAYMENT,), E.PAYMENT_SUBMITTED, label="提交划款信息"
        ),
        Transition(
            "confirm_payment",
            (E.AWAITING_PAYMENT, E.PAYMENT_SUBMITTED),
            confirmed,
            guards=(_endorsement_paid,),
            events=_effective,
            required=("arrival_date",),
            types=(("arrival_date", date),),
            label="确认缴费",
        ),
        Transition("cancel", (*editable, E.AWAITING_PAYMENT), E.CANCELLED, label="取消"),
    ]
    if association_sets_effective_time:
        rows.append(
            Transition(
                "set_effective_date",
                (E.AWAITING_EFFECTIVE_DATE,),
                E.EFFECTIVE,
                guards=(_endorsement_date_fits,),
                effect=_set_date,
                events=_effective,
                required=("effective_date",),
                types=(("effective_date", date),),
                label="设置生效时间",
            )
        )
    unavailable = ""
    if not flow.enabled:
        rows = [r for r in rows if r.action in ("save", "cancel")]
        unavailable = f"{region.title() or 'This region'} has no endorsements"
    return Machine(
        kind="endorsement",
        label="保全申请",
        states=E,
        initial=E.DRAFT,
        transitions=tuple(rows),
        unavailable=unavailable,
    )


def endorse(policy: Policy, endorsement: Endorsement) -> list[PolicyMember]:
    """The policy members an effective endorsement adds (each with its effective date).

    Apply them with ``policy_machine.apply(policy, "add_members", members=...)``.
    """
    if endorsement.status is not E.EFFECTIVE:
        raise LifecycleError(
            f"endorsement {endorsement.id} is {endorsement.status.value}, not effective"
        )
    if endorsement.policy_number != policy.number:
        raise LifecycleError(
            f"endorsement {endorsement.id} is for policy {endorsement.policy_number}"
        )
    default_tier = next((m.tier_code for m in policy.members if m.tier_code), None)
    return [
        PolicyMember(
            e.member,
            e.tier_code or default_tier,
            e.shares,
            e.effective_date or endorsement.effective_date,
        )
        for e in endorsement.roster
    ]


# --- cover -------------------------------------------------------------------------------


def is_covered(
    id_number: str,
    on: date,
    policies: Iterable[Policy],
    *,
    rules: Any = None,
    plan_code: str | None = None,
) -> bool:
    """True when some policy covers the member on ``on``, after any waiting period.

    A policy covers the member as :meth:`~mutualaid.model.policy.Policy.covers`
    says (their own effective date on, until the day before they left). The
    waiting period (免责期) is the pack's rule: with ``rules`` (the pack's
    :class:`~mutualaid.rules.engine.PackView`) the pack's effective date for
    that start, after the member's last earlier day of cover in the same plan
    (``previous_coverage_end``), says when it ends (Guangdong:
    "断保后会有免责期"). This function only finds that earlier cover in
    ``policies``: the same plan in any period (the same
    :attr:`~mutualaid.model.policy.Policy.plan_family`: ``GD-HOSP-2025`` before
    ``GD-HOSP-2026``, both of family ``GD-HOSP``), each policy's days as
    :meth:`~mutualaid.model.policy.Policy.cover_span` gives them. Without
    ``rules`` there is no waiting period but the one the policy recorded
    when it was built (:attr:`~mutualaid.model.policy.Policy.waiting_period_end`,
    the pack's answer for the unit's earlier cover, bound prior policies
    counted), which holds with or without ``rules``. ``plan_code`` only
    chooses the policies whose cover is asked about.

    >>> from mutualaid.model import Member
    >>> m = Member.from_resident_id("张三", "11010519491231002X")
    >>> new = Policy("P25", "U1", "A1", "med", CoveragePeriod.calendar_year(2025),
    ...              (PolicyMember(m, effective_date=date(2025, 3, 1)),), PolicyStatus.EFFECTIVE, date(2025, 3, 1))
    >>> [is_covered(m.id_number, d, [new]) for d in (date(2025, 2, 28), date(2025, 3, 1))]
    [False, True]
    """
    every = list(policies)
    for policy in every:
        if plan_code is not None and policy.plan_code != plan_code:
            continue
        span = policy.cover_span(id_number)
        if span is None or not policy.covers(id_number, on):
            continue
        if policy.waiting_period_end is not None and on <= policy.waiting_period_end:
            continue
        if rules is not None:
            before = _cover_before(id_number, span.start, policy, every)
            ends = _waiting_period_end(rules, policy, span.start, before)
            if ends is not None and on <= ends:
                continue
        return True
    return False


def _waiting_period_end(
    rules: Any, policy: Policy, start: date, previous_coverage_end: date | None
) -> date | None:
    """The last day of the waiting period the pack sets for cover from ``start``."""
    application = Application(
        policy.application_id, policy.unit_id, rules.name, requested_effective_date=start
    )
    when = rules.effective_date(
        application,
        rules.plan(policy.plan_code),
        previous_coverage_end=previous_coverage_end,
        association_date=start,
    )
    ends: date | None = when.waiting_period_end
    return ends


def _cover_before(
    id_number: str, start: date, policy: Policy, policies: Sequence[Policy]
) -> date | None:
    """The member's last day of cover in the same plan before ``start`` (None: never covered).

    The same plan is the same :attr:`~mutualaid.model.policy.Policy.plan_family`
    (last year's ``GD-HOSP-2025`` for ``GD-HOSP-2026``); the days are each policy's
    :meth:`~mutualaid.model.policy.Policy.cover_span` (until the day before the
    member left it), whatever its status but cancelled.
    """
    family = policy.plan_family
    days = [
        min(span.end, start - timedelta(days=1))
        for p in policies
        if p.number != policy.number
        and p.plan_family == family
        and (span := p.cover_span(id_number)) is not None
        and span.start < start
    ]
    return max(days, default=None)


# --- transfers between units ---------------------------------------------------------------


@attrs.frozen
class TransferOutcome:
    """A transfer-in: the unit's policy with the members added, the former policies they left."""

    policy: Outcome[Policy]
    former: tuple[Outcome[Policy], ...]


def transfer_in(
    flow: EndorsementFlow,
    policy: Policy,
    members: Sequence[PolicyMember],
    *,
    on: date,
    former: Iterable[Policy],
    actor: str,
    at: datetime,
    request_id: str | None = None,
) -> TransferOutcome:
    """Members of another insured unit join ``policy`` on ``on``, added by the office.

    Linyi (seed 003, 注 3): "单位保障期内，如有其他单位已入会人员调入本单位，为防止断保，
    可将调入人员姓名、身份证号码、手机号发送至…办理新增". Each former policy of the
    same plan that covers a member on ``on`` records them leaving that day
    (``transfer_out``: covered until the day before), then ``policy`` adds them
    from ``on`` (``transfer_in``), so there is neither a gap nor double cover;
    both audit records name the other policy. The checks are an endorsement's
    (:func:`endorsement_findings`): the policy effective, the day in its
    coverage, nobody already on it, nobody still covered elsewhere.

    :param members: the members with their tier and shares on the unit's policy.
    :param former: the policies the members may be on (other units' policies).
    :raises LifecycleError: the region has no transfer-in (``flow.transfer_in_by_mail``).
    :raises GuardFailed: a check fails; nothing is changed.
    """
    if not flow.transfer_in_by_mail:
        raise LifecycleError(
            "this region has no transfer-in by the office",
            hint="Add the members with an endorsement (保单补充) instead.",
        )
    moving = {m.member.id_number for m in members}
    ends: list[Outcome[Policy]] = []
    for other in former:
        if other.number == policy.number or other.plan_code != policy.plan_code:
            continue
        leaving = tuple(n for n in sorted(moving) if other.covers(n, on))
        if leaving:
            ends.append(
                policy_machine().apply(
                    other,
                    "transfer_out",
                    actor=actor,
                    at=at,
                    id_numbers=leaving,
                    on=on,
                    to_policy=policy.number,
                )
            )
    left = {o.entity.number: o.entity for o in ends}
    others = tuple(left.get(p.number, p) for p in former)
    params: dict[str, Any] = {
        "members": tuple(members),
        "on": on,
        "from_policies": tuple(o.entity.number for o in ends),
    }
    if request_id:
        params["request_id"] = request_id
    joined = policy_machine().apply(
        policy, "transfer_in", actor=actor, at=at, context={OTHER_POLICIES: others}, **params
    )
    return TransferOutcome(joined, tuple(ends))
