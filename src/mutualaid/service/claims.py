"""Claims through the service: one call per claim action, every fact from the store.

Linyi 4. 申领管理 (seed 003) and Guangdong 九 个人理赔管理 (seed 001) as calls a
host's screens make. Each action loads the case and every fact its rules
need (the region's pack, the claimant's other cases, every policy listing the
claimant, their endorsements, the ledger), applies the pure transition of
:mod:`mutualaid.claims.machine` and writes the case, its audit record, its
events and, for a calculation, the benefit's explanation and the ledger
entries in one store transaction (:class:`~mutualaid.service.Service`'s
``_step``). Nothing a rule needs is an argument a host could forget.

* 申领受理 (4.1.1): :func:`claim_offers` lists, for an ID number, the policies
  covering the claimant and the claim types each one's plan offers;
  :func:`accept_claims` opens one case per ticked type (确认受理);
* 案件删除 (4.1.2): :func:`delete_claim` with ``confirmed=True`` (the second
  confirmation; without it the machine refuses);
* 材料上传 (4.1.3): :func:`provide_claim_material`, then :func:`finish_materials`;
* 费用录入 (4.2.1): :func:`work_pool` (待处理 / 处理中), :func:`take_claim`,
  :func:`release_claim`; 案件处理 (4.2.2): :func:`enter_case` (领款人, 出险信息,
  结算单), :func:`calculate_claim` (申领计算, with the ledger), :func:`submit_claim`;
* review: :func:`return_claim` with reasons, :func:`take_back_claim`,
  :func:`approve_claim` (the sampling seed drawn here when the pack samples),
  :func:`pass_sample_check`,
  :func:`reject_claim`, :func:`pay_claim` (the amount due is the case's),
  :func:`close_claim`, :func:`reopen_claim`;
* Guangdong 九（一）（二）: :func:`save_claim_draft` (暂存), :func:`edit_claim`,
  :func:`provide_claim_material`, :func:`submit_claim`;
* 申领查询 (4.3): :func:`claim_query` and :func:`export_claims` (.xlsx, masked);
  :func:`benefit_of` and :func:`benefit_notice` (给付通知书);
  :func:`claim_coverage`: who is covered for what, before a case is accepted.

A calculation keeps its :class:`~mutualaid.model.benefit.Benefit` (every
explanation row) as an audit record of the trail ``("benefit", claim_id)``,
one record per revision, so every store keeps it without a table of its own;
the case's ``benefit_reference`` names the revision. A rejected or deleted
case that had ledger entries gets a ``void`` revision: it stops counting
against the member's caps, and nothing is edited.

docs/claims-host.md walks a Linyi case and a Guangdong case through it.

Layer 6.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any

import attrs

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.coverage import assess, coverage
from mutualaid.claims.flows import machine_for
from mutualaid.claims.ledger import entries_for, next_revision, void_entry
from mutualaid.claims.machine import OTHER_CLAIMS, RULES, new_claim
from mutualaid.claims.materials import missing_materials
from mutualaid.claims.pools import (
    POOLS,
    closed_cases,
    fresh_seed,
    in_progress,
    pending,
    sampling_of,
)
from mutualaid.documents import BenefitNotice, ClaimList
from mutualaid.errors import LifecycleError, NotFound
from mutualaid.lifecycle import Facts, Outcome
from mutualaid.lifecycle.store.protocol import normalize_id_number
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Application, Claim, ClaimStatus, ClaimType, Material, Policy, Unit
from mutualaid.model.benefit import Benefit, Coverage
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.money import ZERO
from mutualaid.rules.view import PackView
from mutualaid.serialization import from_data, to_data
from mutualaid.service.service import Service

__all__ = [
    "BENEFIT_TRAIL",
    "ClaimCalculation",
    "ClaimOffer",
    "WorkPool",
    "accept_claims",
    "approve_claim",
    "benefit_notice",
    "benefit_of",
    "calculate_claim",
    "claim_act",
    "claim_coverage",
    "claim_offers",
    "claim_query",
    "close_claim",
    "correct_claim",
    "delete_claim",
    "edit_claim",
    "enter_case",
    "export_claims",
    "finish_materials",
    "materials_missing",
    "pass_sample_check",
    "pay_claim",
    "provide_claim_material",
    "reject_claim",
    "release_claim",
    "reopen_claim",
    "return_claim",
    "save_claim_draft",
    "submit_claim",
    "take_back_claim",
    "take_claim",
    "work_pool",
]

#: The trail kind under which each calculation's benefit (with its rows) is kept.
BENEFIT_TRAIL = "benefit"


# --- what a step needs, from the store -------------------------------------------------------


def _policy(svc: Service, claim: Claim) -> Policy:
    policy = svc.store.find(Policy, claim.policy_number)
    if policy is None:
        raise LifecycleError(
            f"claim {claim.id}: policy {claim.policy_number} is not in the store",
            hint="A case claims on a stored policy: accept it from claim_offers().",
        )
    return policy


def _pack_of_policy(svc: Service, policy: Policy) -> PackView:
    """The pack of a policy's application, else of its unit's region."""
    app = svc.store.find(Application, policy.application_id)
    if app is not None:
        return svc.rules(app.pack)
    unit = svc.store.find(Unit, policy.unit_id)
    if unit is None or not unit.region:
        raise LifecycleError(
            f"policy {policy.number}: neither its application nor its unit's region is stored",
            hint="Store the policy's application or unit before claiming on it.",
        )
    return svc.rules(unit.region)


def _rules(svc: Service, claim: Claim) -> PackView:
    return _pack_of_policy(svc, _policy(svc, claim))


def _facts(svc: Service, claim: Claim, rules: PackView) -> Facts:
    others = tuple(
        c for c in svc.store.claims_of_member(claim.member.id_number) if c.id != claim.id
    )
    facts: dict[str, Any] = {RULES: rules, OTHER_CLAIMS: others}
    return Facts(**facts)


def claim_act(
    svc: Service,
    claim_id: str,
    action: str,
    *,
    actor: str,
    at: datetime | None = None,
    note: str = "",
    expected_version: int | None = None,
    **params: Any,
) -> Outcome[Claim]:
    """Any claim step by name, with every fact from the store, in one transaction.

    The named calls below are this with their own parameters; a step the
    region lacks raises :class:`~mutualaid.errors.StepNotInRegion`, a step the
    case's state does not allow :class:`~mutualaid.errors.ActionNotAllowed`.
    """
    now = svc._now(at)
    with svc._transaction():
        claim = svc.store.get(Claim, claim_id)
        rules = _rules(svc, claim)
        out = svc._step(
            machine_for(rules),
            claim,
            action,
            actor=actor,
            at=now,
            note=note,
            expected_version=expected_version,
            facts=_facts(svc, claim, rules),
            **params,
        )
        if out.entity.status in (ClaimStatus.REJECTED, ClaimStatus.DELETED):
            _void(svc, out.entity, rules, now.date())
        return out


def _void(svc: Service, claim: Claim, rules: PackView, on: date) -> None:
    """A rejected or deleted case stops counting: a ``void`` revision, if it had entries."""
    entries = svc.store.ledger_of_claim(claim.id)
    if not entries:
        return
    plan = rules.plan(entries[-1].plan_code)
    revision = next_revision(entries, claim.id)
    svc.store.append_ledger(
        void_entry(
            claim.id,
            claim.member,
            plan,
            revision,
            recorded_on=on,
            claim_type=claim.claim_type.value,
            incident_date=claim.incident_date,
        )
    )


# --- 申领受理 (Linyi 4.1.1) -------------------------------------------------------------------


@attrs.frozen
class ClaimOffer:
    """A policy covering the claimant on a day, and the claim types its plan offers.

    :param policy_number: the policy.
    :param plan_code: its plan.
    :param unit_id: its unit.
    :param member: the claimant as the policy lists them (masked in ``repr``).
    :param claim_types: the types a case may be opened for (Linyi 4.1.1's list).
    """

    policy_number: str
    plan_code: str
    unit_id: str
    member: Member
    claim_types: tuple[ClaimType, ...]


def claim_offers(svc: Service, id_number: str, *, on: date) -> tuple[ClaimOffer, ...]:
    """Linyi 4.1.1「录入出险人的证件号码，点击查询能够查询出满足条件的申领类型」.

    The policies covering the member with ``id_number`` on ``on`` (across
    units) and, for each, the claim types its plan offers (the pack's data).
    """
    number = normalize_id_number(id_number)
    found: list[ClaimOffer] = []
    for policy in svc.store.policies_covering(number, on):
        rules = _pack_of_policy(svc, policy)
        plan = rules.plan(policy.plan_code)
        listed = policy.find_member(number)
        member = listed.member if listed is not None else _endorsed_member(svc, policy, number)
        found.append(
            ClaimOffer(
                policy.number, policy.plan_code, policy.unit_id, member, rules.claim_types(plan, on)
            )
        )
    return tuple(found)


def _endorsed_member(svc: Service, policy: Policy, number: str) -> Member:
    for endorsement in svc.store.endorsements_of_policy(policy.number):
        for member in endorsement.roster.members:
            if member.id_number == number:
                return member
    raise NotFound(f"the member is not listed on policy {policy.number}", kind="member")


def accept_claims(
    svc: Service,
    id_number: str,
    picks: Mapping[str, ClaimType | str] | Sequence[tuple[str, ClaimType | str]],
    *,
    actor: str,
    at: datetime | None = None,
    policy_number: str | None = None,
) -> tuple[Outcome[Claim], ...]:
    """确认受理 (Linyi 4.1.1): one case per ticked claim type, all in one transaction.

    ``picks`` maps each new case's id to its claim type. The covering policy
    is the one whose plan offers the type on the day of acceptance
    (``policy_number`` chooses when two do). The machine routes a case whose
    type needs materials to 材料上传, the others to 费用录入; the pack's
    filing rules (type in the plan, duplicates, deadline) judge each case.

    :raises LifecycleError: no policy covers the claimant for a type that day.
    """
    now = svc._now(at)
    offers = claim_offers(svc, id_number, on=now.date())
    items = list(picks.items()) if isinstance(picks, Mapping) else list(picks)
    outcomes: list[Outcome[Claim]] = []
    with svc._transaction():
        for claim_id, claim_type in items:
            kind = ClaimType(claim_type)
            offer = _offer_for(offers, kind, policy_number)
            claim = new_claim(
                claim_id,
                kind,
                offer.member,
                offer.policy_number,
                offer.plan_code,
                unit_id=offer.unit_id,
            )
            svc.store.save(claim)
            rules = _rules(svc, claim)
            outcomes.append(
                svc._step(
                    machine_for(rules),
                    claim,
                    "accept",
                    actor=actor,
                    at=now,
                    facts=_facts(svc, claim, rules),
                )
            )
    return tuple(outcomes)


def _offer_for(
    offers: Sequence[ClaimOffer], kind: ClaimType, policy_number: str | None
) -> ClaimOffer:
    fitting = [
        o
        for o in offers
        if (policy_number is None or o.policy_number == policy_number) and kind in o.claim_types
    ]
    if not fitting:
        shown = "; ".join(
            f"{o.policy_number}: {', '.join(t.label for t in o.claim_types) or '-'}" for o in offers
        )
        raise LifecycleError(
            f"no policy covering the claimant offers {kind.label} on this day",
            hint=f"Choose a type the claimant's cover allows ({shown or 'no cover that day'}).",
        )
    return fitting[0]


# --- Guangdong 九（一）（二）: the unit's draft, edited and submitted -------------------------


def save_claim_draft(
    svc: Service,
    claim_id: str,
    id_number: str,
    claim_type: ClaimType | str,
    *,
    actor: str,
    at: datetime | None = None,
    policy_number: str | None = None,
    **fields: Any,
) -> Outcome[Claim]:
    """个人理赔申请 → 【暂存】 (Guangdong 九（一）): a draft, not a submission.

    The claimant's covering policy is found as for :func:`accept_claims`;
    ``fields`` are the case's first contents (payee, incident, expenses...).
    """
    now = svc._now(at)
    kind = ClaimType(claim_type)
    offer = _offer_for(claim_offers(svc, id_number, on=now.date()), kind, policy_number)
    claim = new_claim(
        claim_id, kind, offer.member, offer.policy_number, offer.plan_code, unit_id=offer.unit_id
    )
    with svc._transaction():
        svc.store.save(claim)
        rules = _rules(svc, claim)
        return svc._step(
            machine_for(rules),
            claim,
            "save",
            actor=actor,
            at=now,
            facts=_facts(svc, claim, rules),
            **fields,
        )


def edit_claim(
    svc: Service,
    claim_id: str,
    *,
    actor: str,
    at: datetime | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Outcome[Claim]:
    """个人理赔提交 → 【修改】 (Guangdong 九（二）): edit a draft or returned case."""
    return claim_act(
        svc, claim_id, "save", actor=actor, at=at, expected_version=expected_version, **fields
    )


def submit_claim(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None, **fields: Any
) -> Outcome[Claim]:
    """提交 (Guangdong 九（二）) or 申领提交 (Linyi 4.2.2): the case goes to review.

    Linyi's calculated case must hold a non-zero benefit and its clerk must
    hold it; the pack's review rules (materials, payee, incident) judge it.
    """
    return claim_act(svc, claim_id, "submit", actor=actor, at=at, **fields)


# --- 案件删除, 材料上传 (Linyi 4.1.2, 4.1.3) ----------------------------------------------------


def delete_claim(
    svc: Service, claim_id: str, *, confirmed: bool, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """案件删除 (Linyi 4.1.2): ``confirmed`` is the second confirmation (二次确认)."""
    return claim_act(svc, claim_id, "delete", actor=actor, at=at, confirmed=confirmed)


def provide_claim_material(
    svc: Service, claim_id: str, material: Material, *, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """材料上传 (Linyi 4.1.3; Guangdong 九（二）「补充完善理赔资料」): one material uploaded."""
    return claim_act(svc, claim_id, "provide_material", actor=actor, at=at, material=material)


def finish_materials(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """【确定】 (Linyi 4.1.3): every required material uploaded, the case goes to 费用录入."""
    return claim_act(svc, claim_id, "finish_materials", actor=actor, at=at)


# --- 费用录入 (Linyi 4.2) -------------------------------------------------------------------


@attrs.frozen
class WorkPool:
    """A work pool's two lists (Linyi 4.2.1): 待处理 and 处理中."""

    name: str
    label: str
    pending: tuple[Claim, ...]
    in_progress: tuple[Claim, ...]


def work_pool(svc: Service, name: str, *, clerk: str | None = None) -> WorkPool:
    """The pool ``name`` (``expense_entry``, ``materials_upload``, ``review``,
    ``sample_check``): its unheld cases and those held (by ``clerk`` only, if given).

    :raises LifecycleError: no such pool.
    """
    pool = POOLS.get(name)
    if pool is None:
        raise LifecycleError(f"no work pool {name!r}", hint=f"One of: {', '.join(POOLS)}.")
    states = tuple(dict.fromkeys((*pool.pending_states, *pool.held_states)))
    cases = svc.store.claims_in_status(*states)
    return WorkPool(pool.name, pool.label, pending(cases, pool), in_progress(cases, pool, clerk))


def take_claim(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """【获取】 (Linyi 4.2.1): the clerk ``actor`` takes the case into 处理中 (a reviewer
    takes a submitted case the same way)."""
    return claim_act(svc, claim_id, "take", actor=actor, at=at)


def release_claim(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """The clerk who holds the case puts it back in 待处理."""
    return claim_act(svc, claim_id, "release", actor=actor, at=at)


def enter_case(
    svc: Service,
    claim_id: str,
    *,
    actor: str,
    at: datetime | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Outcome[Claim]:
    """案件信息录入 (Linyi 4.2.2): 领款人 (``payee``), 出险信息 (``incident``) and, for a
    hospital case, 结算单 (``settlement_sheet``); ``expenses``, ``remarks``.

    A calculated case edited goes back to 费用录入: calculate it again.
    """
    return claim_act(
        svc, claim_id, "enter_case", actor=actor, at=at, expected_version=expected_version, **fields
    )


@attrs.frozen
class ClaimCalculation:
    """What 申领计算 gives: the stored step, the coverage answer and the benefit with its rows.

    :param revision: the calculation's revision (its ledger entries' and its record's).
    """

    outcome: Outcome[Claim]
    coverage: Coverage
    benefit: Benefit
    revision: int


def calculate_claim(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None
) -> ClaimCalculation:
    """【申领计算】 (Linyi 4.2.2): the benefit from the pack's steps, with every fact from the store.

    Who covers the claimant is judged from every policy listing them (any
    year: waiting periods count unbroken cover), their endorsements and the
    member's ledger (caps, deductibles and days used by other cases). The
    case's benefit, its explanation (a record of the ``benefit`` trail) and
    its ledger entries (the case's next revision, superseding the last) are
    written with the step in one transaction. A case that is not covered
    gets a benefit of 0 with the ``cover.*`` code: it cannot be submitted.
    """
    now = svc._now(at)
    with svc._transaction():
        claim = svc.store.get(Claim, claim_id)
        rules = _rules(svc, claim)
        number = claim.member.id_number
        policies = svc.store.policies_of_member(number)
        endorsements = tuple(
            e for p in policies for e in svc.store.endorsements_of_policy(p.number)
        )
        ledger = svc.store.ledger_of(number)
        answer, benefit = assess(
            CaseFacts.from_claim(claim),
            claim.member,
            policies=policies,
            rules=rules,
            ledger=ledger,
            endorsements=endorsements,
            filed_on=claim.filed_on,
        )
        revision = next_revision(svc.store.ledger_of_claim(claim.id), claim.id)
        reference = f"{claim.id}#{revision}"
        out = svc._step(
            machine_for(rules),
            claim,
            "calculate",
            actor=actor,
            at=now,
            facts=_facts(svc, claim, rules),
            benefit=benefit.amount,
            benefit_reference=reference,
        )
        _keep_benefit(svc, benefit, revision, actor=actor, at=now)
        plan = _plan_of_benefit(rules, benefit, claim)
        if plan is not None:
            svc.store.append_ledger(
                *entries_for(benefit, claim.member, plan, revision, recorded_on=now.date())
            )
        return ClaimCalculation(out, answer, benefit, revision)


def _plan_of_benefit(rules: PackView, benefit: Benefit, claim: Claim) -> Plan | None:
    code = benefit.plan_code or claim.plan_code
    return rules.plan(code) if code else None


def _keep_benefit(
    svc: Service, benefit: Benefit, revision: int, *, actor: str, at: datetime
) -> None:
    trail = svc.store.audit_trail(BENEFIT_TRAIL, benefit.claim_id)
    svc.store.append_audit(
        AuditRecord(
            BENEFIT_TRAIL,
            benefit.claim_id,
            actor,
            at,
            "calculate",
            "",
            str(benefit.amount),
            params={"benefit": to_data(benefit), "revision": revision},
            version=len(trail),
        )
    )


def benefit_of(svc: Service, claim_id: str) -> Benefit:
    """The case's benefit as last calculated, with every explanation row.

    :raises NotFound: the case was never calculated.
    """
    trail = svc.store.audit_trail(BENEFIT_TRAIL, claim_id)
    if not trail:
        raise NotFound(
            f"claim {claim_id!r} has no calculated benefit",
            hint="Calculate it first (calculate_claim).",
            kind=BENEFIT_TRAIL,
            key=claim_id,
        )
    return from_data(Benefit, trail[-1].params["benefit"])


def benefit_notice(svc: Service, claim_id: str, *, issued_on: date | None = None) -> BenefitNotice:
    """给付通知书 of the case: its last calculated benefit, every step, the payee."""
    return BenefitNotice.of(
        svc.store.get(Claim, claim_id), benefit_of(svc, claim_id), issued_on=issued_on
    )


# --- review, payment, closing --------------------------------------------------------------


def return_claim(
    svc: Service,
    claim_id: str,
    *,
    note: str,
    reasons: Iterable[str] = (),
    actor: str,
    at: datetime | None = None,
) -> Outcome[Claim]:
    """退回: the reviewer holding the case returns it with its reasons (``note`` required)."""
    return claim_act(svc, claim_id, "return", actor=actor, at=at, note=note, reasons=tuple(reasons))


def correct_claim(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """退回修改 (office flows, Linyi): a returned case back to 费用录入, held by ``actor``,
    to be entered, calculated and submitted again. (A unit-filed case, Guangdong's,
    is edited and submitted again instead: :func:`edit_claim`, :func:`submit_claim`.)"""
    return claim_act(svc, claim_id, "correct", actor=actor, at=at)


def take_back_claim(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """收回: the reviewer takes a returned case back into review."""
    return claim_act(svc, claim_id, "take_back", actor=actor, at=at)


def approve_claim(
    svc: Service,
    claim_id: str,
    *,
    actor: str,
    at: datetime | None = None,
    sampling_seed: int | None = None,
) -> Outcome[Claim]:
    """审核通过. Where the pack samples reviews, the seed of the draw is recorded with the
    case: ``sampling_seed`` or, when not given, a fresh one drawn here."""
    now = svc._now(at)
    with svc._transaction():
        claim = svc.store.get(Claim, claim_id)
        params: dict[str, Any] = {}
        if sampling_seed is not None:
            params["sampling_seed"] = sampling_seed
        elif sampling_of(_rules(svc, claim), now.date()).active:
            params["sampling_seed"] = fresh_seed()
        return claim_act(svc, claim_id, "approve", actor=actor, at=now, **params)


def pass_sample_check(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """抽检通过: a case the sampling drew, checked by the reviewer holding it, is approved."""
    return claim_act(svc, claim_id, "pass_sample_check", actor=actor, at=at)


def reject_claim(
    svc: Service,
    claim_id: str,
    *,
    note: str,
    reasons: Iterable[str] = (),
    actor: str,
    at: datetime | None = None,
) -> Outcome[Claim]:
    """拒付: the case pays nothing; its ledger entries stop counting (a ``void`` revision)."""
    return claim_act(svc, claim_id, "reject", actor=actor, at=at, note=note, reasons=tuple(reasons))


def pay_claim(
    svc: Service,
    claim_id: str,
    *,
    paid_on: date,
    reference: str = "",
    actor: str,
    at: datetime | None = None,
) -> Outcome[Claim]:
    """给付: the benefit due (the benefit less what was paid before) paid to the payee."""
    now = svc._now(at)
    with svc._transaction():
        claim = svc.store.get(Claim, claim_id)
        due = (claim.benefit or ZERO) - claim.paid_total
        return claim_act(
            svc,
            claim_id,
            "pay",
            actor=actor,
            at=now,
            amount=due,
            paid_on=paid_on,
            reference=reference,
        )


def close_claim(
    svc: Service, claim_id: str, *, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """结案: a paid or rejected case (or an approved one with nothing due) is closed."""
    return claim_act(svc, claim_id, "close", actor=actor, at=at)


def reopen_claim(
    svc: Service, claim_id: str, *, note: str, actor: str, at: datetime | None = None
) -> Outcome[Claim]:
    """重新打开: a closed case back in review, its history kept (``note`` required)."""
    return claim_act(svc, claim_id, "reopen", actor=actor, at=at, note=note)


# --- 申领查询 (Linyi 4.3) and the coverage question ------------------------------------------


def claim_query(
    svc: Service,
    *,
    unit_id: str | None = None,
    id_number: str | None = None,
    claim_type: ClaimType | str | None = None,
    closed_from: date | None = None,
) -> tuple[Claim, ...]:
    """申领查询 (Linyi 4.3「可查询结案状态的单位端申领的案件数据」): closed cases, narrowed."""
    cases = (
        svc.store.claims_of_unit(unit_id)
        if unit_id is not None
        else svc.store.claims_in_status(ClaimStatus.CLOSED)
    )
    return closed_cases(
        cases,
        id_number=normalize_id_number(id_number) if id_number is not None else None,
        claim_type=ClaimType(claim_type) if claim_type is not None else None,
        unit_id=unit_id,
        closed_from=closed_from,
    )


def export_claims(
    svc: Service,
    claims: Iterable[Claim],
    target: str | os.PathLike[str] | IO[bytes],
    *,
    reveal: bool = False,
) -> ClaimList:
    """【导出】 (Linyi 4.3): the cases to .xlsx, masked unless ``reveal``, each with its
    closing day from its audit trail; returns the list written."""
    cases = tuple(claims)
    closed: dict[str, date] = {}
    for case in cases:
        for record in svc.store.audit_trail(Claim, case.id):
            if record.action == "close":
                closed[case.id] = record.at.date()
    listed = ClaimList.of(cases, closed_on=closed)
    listed.to_xlsx(target, reveal=reveal)
    return listed


def claim_coverage(
    svc: Service,
    id_number: str,
    claim_type: ClaimType | str,
    incident_date: date,
    *,
    filed_on: date | None = None,
) -> Coverage:
    """Who is covered for what, before a case is accepted: covered or not (with the
    ``cover.*`` code), the policy and shares, the waiting period's end, the
    deductible and caps used and left, the allowance days left.

    :raises LifecycleError: no policy lists the member (no pack to ask).
    """
    number = normalize_id_number(id_number)
    policies = svc.store.policies_of_member(number)
    if not policies:
        raise LifecycleError("no policy lists the member", hint="Check the ID number (证件号码).")
    rules = _pack_of_policy(svc, policies[-1])
    member = _member_on(policies, number)
    endorsements = tuple(e for p in policies for e in svc.store.endorsements_of_policy(p.number))
    return coverage(
        member,
        ClaimType(claim_type).value,
        incident_date,
        policies=policies,
        rules=rules,
        ledger=svc.store.ledger_of(number),
        endorsements=endorsements,
        filed_on=filed_on,
    )


def _member_on(policies: Sequence[Policy], number: str) -> Member:
    for policy in reversed(policies):
        listed = policy.find_member(number)
        if listed is not None:
            return listed.member
    raise NotFound("the member is listed only by endorsements", kind="member")


def materials_missing(svc: Service, claim_id: str, *, on: date) -> tuple[Any, ...]:
    """The materials the case still lacks (the upload page's list, Linyi 4.1.3)."""
    claim = svc.store.get(Claim, claim_id)
    return missing_materials(claim, _rules(svc, claim), on)
