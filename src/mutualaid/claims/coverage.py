"""Who is covered for what: the answer before a case is accepted (Linyi 4.1.1 申领受理).

Linyi's 申领受理 looks the claimant up by ID number and lists the claim
types their cover allows. :func:`coverage` answers for one member, claim
type and incident date, from facts only (the member's policies, the pack's
plans and steps, the ledger): covered or not with a ``cover.*`` code
(:mod:`mutualaid.claims.benefits.codes`), the policy and shares that cover
them, when the waiting period ends, the deductible and caps used and left,
the allowance days left. :func:`assess` answers and, when covered, computes
the benefit: the one way to a benefit that cannot skip the cover check.

Whether a plan offers a claim type is one rule, the pack's claim types
(:meth:`~mutualaid.rules.view.PackView.claim_types`, rule ``claims.type_offered``):
a type no plan of the member's offers is ``claim.type_not_in_plan``, the code
of the case at filing. A type the plan offers but for which the pack has no
benefit steps is a gap in the pack's data, not a refusal: the deferral
``benefit.no_steps`` (the pack kit's conformance checks find such gaps).

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

import attrs

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.benefits.compute import apply_steps, yuan_of
from mutualaid.claims.benefits.resolved import resolve
from mutualaid.claims.ledger import paid_cases, standing
from mutualaid.dates import require_date
from mutualaid.model.benefit import (
    Benefit,
    BenefitSteps,
    CapScope,
    CapStanding,
    Coverage,
    DaysStanding,
    StepKind,
)
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.ledger import LedgerEntry, Standing
from mutualaid.model.member import Member
from mutualaid.model.plan import CoveragePeriod, Plan
from mutualaid.model.policy import Policy
from mutualaid.model.states import EndorsementStatus, PolicyStatus
from mutualaid.rules.defaults.claims import filing_problem
from mutualaid.rules.view import PackView

__all__ = ["BENEFIT_HOOK", "assess", "coverage", "steps_for"]

#: The hook that gives a plan's benefit steps for a claim type.
BENEFIT_HOOK = "mutualaid_benefit_steps"

_DAY = timedelta(days=1)
_PAYING = (PolicyStatus.EFFECTIVE, PolicyStatus.EXPIRED)


def steps_for(plan: Plan, claim_type: str, rules: PackView) -> BenefitSteps | None:
    """The pack's benefit steps of ``plan`` for ``claim_type`` (``None``: it pays none)."""
    found: BenefitSteps | None = rules.call(BENEFIT_HOOK, plan=plan, claim_type=claim_type)
    return found


def _offers(plan: Plan, claim_type: str, on: date, rules: PackView) -> bool:
    """Does ``plan`` offer ``claim_type`` (a claim type's code) on ``on``: the pack's
    claim types (:meth:`~mutualaid.rules.view.PackView.claim_types`), the one rule."""
    return claim_type in {t.value for t in rules.claim_types(plan, on)}


def _plan_of(rules: PackView, plans: Mapping[str, Plan] | None) -> Callable[[str], Plan]:
    def find(code: str) -> Plan:
        if plans is not None and code in plans:
            return plans[code]
        return rules.plan(code)

    return find


def _shares(policy: Policy, id_number: str, endorsements: Iterable[Endorsement]) -> int:
    listed = policy.find_member(id_number)
    if listed is not None:
        return listed.shares
    for e in endorsements:
        if e.policy_number == policy.number and e.status is EndorsementStatus.EFFECTIVE:
            for entry in e.roster.entries:
                if entry.member.id_number == id_number:
                    return entry.shares
    return 0


def _span(
    policy: Policy, id_number: str, endorsements: Iterable[Endorsement]
) -> CoveragePeriod | None:
    return policy.cover_span(id_number, endorsements)


def _covers(policy: Policy, span: CoveragePeriod | None, on: date) -> bool:
    return policy.status in _PAYING and span is not None and span.start <= on <= span.end


def _why_not(policy: Policy, span: CoveragePeriod | None, id_number: str, on: date) -> str:
    listed = policy.find_member(id_number)
    left = listed.left_on if listed is not None else None
    if policy.status not in _PAYING:
        return "cover.policy_not_effective"
    if left is not None and on >= left:
        return "cover.member_left"
    if span is None or on < span.start:
        return "cover.before_cover_starts"
    return "cover.after_cover_ends"


def _first_day(
    policy: Policy,
    span: CoveragePeriod,
    id_number: str,
    policies: Iterable[Policy],
    endorsements: tuple[Endorsement, ...],
) -> date:
    """The first day of the member's unbroken cover in the plan's family (renewals carry on)."""
    others = [
        s
        for p in policies
        if p.plan_family == policy.plan_family and p.number != policy.number and p.status in _PAYING
        for s in (_span(p, id_number, endorsements),)
        if s is not None
    ]
    start = span.start
    moved = True
    while moved:
        moved = False
        for s in others:
            if s.start < start <= s.end + _DAY:
                start, moved = s.start, True
    return start


def _standings(
    steps: BenefitSteps, rules: PackView, on: date, shares: int, used: Standing
) -> tuple[CapStanding | None, tuple[CapStanding, ...], tuple[DaysStanding, ...]]:
    resolved = resolve(steps, rules, on)
    deductible: CapStanding | None = None
    caps: list[CapStanding] = []
    days: list[DaysStanding] = []
    for r in resolved.resolved:
        step = r.step
        times = shares if step.by_shares else 1
        if step.kind is StepKind.DEDUCTIBLE and r.amount is not None and deductible is None:
            spent = used.deductible(step.scope, step.id) if step.scope is not CapScope.CASE else 0
            deductible = CapStanding(
                step.id, step.scope, step.category, yuan_of(r.amount * times), spent
            )
        elif step.kind is StepKind.CAP and r.amount is not None:
            spent = used.paid(step.scope, step.category) if step.scope is not CapScope.CASE else 0
            caps.append(
                CapStanding(step.id, step.scope, step.category, yuan_of(r.amount * times), spent)
            )
        elif step.kind is StepKind.ALLOWANCE and r.max_days is not None:
            spent_days = used.days(step.scope, step.id) if step.scope is not CapScope.CASE else 0
            days.append(DaysStanding(step.id, step.scope, r.max_days, spent_days))
    return deductible, tuple(caps), tuple(days)


def coverage(
    member: Member,
    claim_type: str,
    incident_date: date,
    *,
    policies: Iterable[Policy],
    rules: PackView,
    ledger: Iterable[LedgerEntry] = (),
    endorsements: Iterable[Endorsement] = (),
    plans: Mapping[str, Plan] | None = None,
    filed_on: date | None = None,
    claim_id: str | None = None,
) -> Coverage:
    """Is ``member`` covered for ``claim_type`` on ``incident_date``, and by what.

    :param member: the claimant (出险人).
    :param claim_type: the claim type's code; a plan covers it when the pack's claim
        types of the plan on the incident date list it (``claim.type_not_in_plan``
        otherwise) and the pack has its benefit steps (``benefit.no_steps`` otherwise).
    :param incident_date: 出险日期.
    :param policies: the policies that may list the member (any unit's, any year's:
        a waiting period counts unbroken cover across renewals).
    :param rules: the active pack's view (plans, steps, parameters).
    :param ledger: the ledger entries of the member (others are skipped).
    :param endorsements: effective endorsements that added members.
    :param plans: plans by code, for plans no longer in the pack's catalogue.
    :param filed_on: the day the claim is filed (申领日期), for the filing limit.
    :param claim_id: the case asked about (its own ledger entries are not counted).
    """
    require_date(incident_date, "coverage(incident_date)")
    ends = tuple(endorsements)
    policies = tuple(policies)
    entries = tuple(ledger)
    number = member.id_number
    plan_of = _plan_of(rules, plans)
    no = Coverage(False, "cover.not_a_member", claim_type, incident_date)
    listed = [
        p
        for p in policies
        if p.find_member(number) is not None or _span(p, number, ends) is not None
    ]
    if not listed:
        return no
    offering = []
    gap: tuple[Policy, Plan] | None = None
    for p in listed:
        plan = plan_of(p.plan_code)
        if not _offers(plan, claim_type, incident_date, rules):
            continue
        steps = steps_for(plan, claim_type, rules)
        if steps is None:
            gap = gap or (p, plan)
        else:
            offering.append((p, plan, steps, _span(p, number, ends)))
    if not offering:
        p, plan = gap or (listed[0], plan_of(listed[0].plan_code))
        why = "benefit.no_steps" if gap else "claim.type_not_in_plan"
        return attrs.evolve(no, code=why, policy_number=p.number, plan_code=plan.code)
    covering = sorted(
        (x for x in offering if _covers(x[0], x[3], incident_date)),
        key=lambda x: (x[3].start if x[3] else incident_date, x[0].number),
    )
    if not covering:
        near = min(
            offering,
            key=lambda x: (
                not x[1].coverage.contains(incident_date),
                _distance(x[1].coverage, incident_date),
            ),
        )
        p, plan, _, span = near
        return Coverage(
            False,
            _why_not(p, span, number, incident_date),
            claim_type,
            incident_date,
            p.number,
            plan.code,
            _shares(p, number, ends),
            span.start if span else None,
            span.end if span else None,
        )
    policy, plan, steps, span = covering[0]
    assert span is not None
    shares = _shares(policy, number, ends)
    waiting_ends = None
    if steps.waiting is not None:
        waiting = rules.cite(steps.waiting, incident_date)
        if waiting is not None and int(waiting.value) > 0:
            first = _first_day(policy, span, number, policies, ends)
            waiting_ends = first + timedelta(days=int(waiting.value) - 1)
    used = standing(entries, member.key, plan.family_code, plan.coverage.start, excluding=claim_id)
    deductible, caps, days = _standings(steps, rules, incident_date, shares, used)
    answer = Coverage(
        True,
        None,
        claim_type,
        incident_date,
        policy.number,
        plan.code,
        shares,
        span.start,
        span.end,
        waiting_ends,
        deductible,
        caps,
        days,
    )
    code = _refusal(answer, steps, rules, entries, member, plan, filed_on, claim_id)
    return answer if code is None else attrs.evolve(answer, covered=False, code=code)


def _distance(period: CoveragePeriod, day: date) -> int:
    if day < period.start:
        return (period.start - day).days
    return max((day - period.end).days, 0)


def _refusal(
    answer: Coverage,
    steps: BenefitSteps,
    rules: PackView,
    entries: tuple[LedgerEntry, ...],
    member: Member,
    plan: Plan,
    filed_on: date | None,
    claim_id: str | None,
) -> str | None:
    on = answer.incident_date
    if answer.shares < 1:
        return "cover.no_shares"
    if answer.waiting_ends is not None and on <= answer.waiting_ends:
        return "cover.waiting_period"
    if filed_on is not None:
        late = filing_problem(on, filed_on, rules, filed_on)  # the case rules' one filing rule
        if late is not None:
            return late.code
    for e in paid_cases(entries):
        if (
            e.member_key == member.key
            and e.plan_family == plan.family_code
            and e.claim_id != claim_id
            and e.claim_type == answer.claim_type
            and e.incident_date == on
        ):
            return "cover.duplicate_case"
    if any(c.category is None and c.scope is not CapScope.CASE and not c.left for c in answer.caps):
        return "cover.cap_used_up"
    return None


def assess(
    facts: CaseFacts,
    member: Member,
    *,
    policies: Iterable[Policy],
    rules: PackView,
    ledger: Iterable[LedgerEntry] = (),
    endorsements: Iterable[Endorsement] = (),
    plans: Mapping[str, Plan] | None = None,
    filed_on: date | None = None,
) -> tuple[Coverage, Benefit]:
    """:func:`coverage` of the case, then its benefit: refused with the ``cover.*`` code
    when not covered, else computed with the covering policy's shares and the
    ledger's standing (the case's own earlier entries left out).

    This is what a host calls for 申领计算; the shares in ``facts`` are replaced
    by the covering policy's.
    """
    entries = tuple(ledger)
    policies = tuple(policies)
    answer = coverage(
        member,
        facts.claim_type,
        facts.incident_date,
        policies=policies,
        rules=rules,
        ledger=entries,
        endorsements=endorsements,
        plans=plans,
        filed_on=filed_on,
        claim_id=facts.claim_id,
    )
    plan_code = answer.plan_code or ""
    if not answer.covered:
        assert answer.code is not None
        refused = Benefit.refused(
            facts.claim_id,
            plan_code,
            facts.claim_type,
            facts.incident_date,
            answer.code,
            shares=answer.shares,
            policy_number=answer.policy_number,
            pack=rules.name,
        )
        return answer, refused
    plan = _plan_of(rules, plans)(plan_code)
    steps = steps_for(plan, facts.claim_type, rules)
    assert steps is not None
    used = standing(
        entries, member.key, plan.family_code, plan.coverage.start, excluding=facts.claim_id
    )
    resolved = resolve(steps, rules, facts.incident_date)
    benefit = apply_steps(
        resolved,
        attrs.evolve(facts, shares=answer.shares),
        standing=used,
        plan_code=plan.code,
        policy_number=answer.policy_number,
    )
    return answer, benefit
