"""Random action sequences never reach an undefined state (issue 10, "Done when").

Hypothesis draws sequences of (action, actor, value) for each kind of flow:
the office's (Linyi: acceptance, materials, expense entry, calculation) and
the unit's (Guangdong: draft and submission), with review sampling on. Each
step either goes ahead or is refused with one of the machine's own errors
(the action is not allowed in the state, or a guard blocks it); after every
step the case keeps the invariants below, and the audit trail replays to it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from claims_helpers import INCIDENT, PAYEE, SHEET, case, test_pack
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.claims import claim_machine
from mutualaid.errors import ActionNotAllowed, GuardFailed
from mutualaid.lifecycle.facts import Facts
from mutualaid.model.claim import Claim
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.states import ClaimStatus as S
from mutualaid.rules.flows import ClaimFlow

OFFICE = ClaimFlow(
    "office", office_acceptance=True, materials_step=True, expense_entry=True, calculation_step=True
)
UNIT = ClaimFlow("unit", unit_files=True)
SAMPLING = {"claims.sampling.share": "0.5", "claims.sampling.threshold": 5000}
VIEWS = {flow: test_pack(flow, SAMPLING, name=flow.region) for flow in (OFFICE, UNIT)}

ACTIONS = (
    "save", "accept", "provide_material", "finish_materials", "take", "release", "enter_case",
    "calculate", "submit", "return", "take_back", "correct", "approve", "pass_sample_check",
    "reject", "pay", "close", "reopen", "delete",
)  # fmt: skip
ACTORS = ("wang", "zhao", "reviewer")
#: States in which someone may hold the case.
HOLDABLE = {S.EXPENSE_ENTRY, S.CALCULATED, S.INITIAL_REVIEW, S.SAMPLE_CHECK}


def params(action: str, claim: Claim, n: int) -> dict[str, Any]:
    """Plausible params for ``action``, varied by ``n`` (some right, some wrong)."""
    if action in ("save", "enter_case"):
        return (
            {"payee": PAYEE, "incident": INCIDENT, "settlement_sheet": SHEET}
            if n % 3
            else {"payee": PAYEE}
        )
    if action == "provide_material":
        return {"material": Material.required(MaterialKind.DISCHARGE_SUMMARY).provide("a.jpg")}
    if action == "calculate":
        return {"benefit": Decimal(n % 7000) + Decimal("0.25") * (n % 2)}
    if action == "approve":
        return {"sampling_seed": n}
    if action == "pay":
        due = (claim.benefit or Decimal(0)) - claim.paid_total
        return {"amount": due if n % 4 else due + 1, "paid_on": date(2026, 4, 1)}
    if action == "delete":
        return {"confirmed": n % 10 == 0}
    return {}


def notes(action: str, n: int) -> str:
    return "原因" if action in ("return", "reject", "reopen") and n % 5 else ""


#: A run: hypothesis's random drives 150 steps, mostly actions the state allows
#: (by whoever holds the case, mostly), sometimes any action by anyone.
runs = st.randoms(use_true_random=False)
#: The states random runs reached, per flow (checked below: the runs go deep).
REACHED: dict[str, set[S]] = {"office": set(), "unit": set()}


def check_invariants(flow: ClaimFlow, before: Claim, after: Claim, action: str) -> None:
    machine = claim_machine(flow)
    assert after.status in machine.reachable_states
    assert after.version == before.version + 1
    if after.clerk is not None:
        assert after.status in HOLDABLE, (action, after.status)
    if after.status is S.INITIAL_REVIEW:
        assert after.clerk is not None
    if after.status is S.CALCULATED:
        assert after.benefit is not None
    if after.status is S.DELETED:
        assert machine.allowed_actions(after) == ()
    if action == "pay":
        assert after.paid_total == after.benefit
    assert len(after.payments) >= len(before.payments)
    assert len(after.reviews) >= len(before.reviews)
    if after.status in (S.SUBMITTED, S.APPROVED, S.SAMPLE_CHECK, S.PAID):
        assert after.filed_on is not None


def run(flow: ClaimFlow, rnd: random.Random, length: int = 150) -> None:
    machine = claim_machine(flow)
    facts = Facts(rules=VIEWS[flow], other_claims=())
    initial = case("C1", plan_code="P1")
    claim = initial
    trail = []
    at = datetime(2026, 3, 9, 9)
    for _ in range(length):
        at += timedelta(hours=1)
        n = rnd.randrange(10_000)
        allowed = machine.allowed_actions(claim)
        forward = tuple(a for a in allowed if a not in ("provide_material", "delete"))
        if rnd.random() < 0.15 or not allowed:
            action = rnd.choice(ACTIONS)
        else:
            action = rnd.choice(forward if forward and rnd.random() < 0.8 else allowed)
        actor = rnd.choice(ACTORS)
        if claim.clerk is not None and rnd.random() < 0.8:
            actor = claim.clerk
        try:
            out = machine.apply(
                claim, action, actor=actor, at=at, note=notes(action, n), context=facts,
                **params(action, claim, n),
            )  # fmt: skip
        except (ActionNotAllowed, GuardFailed):
            continue
        check_invariants(flow, claim, out.entity, action)
        claim = out.entity
        trail.append(out.audit)
        REACHED[flow.region].add(claim.status)
    assert machine.replay(initial, trail) == claim


@settings(max_examples=100, deadline=None)
@given(runs)
def test_random_sequences_on_the_office_flow_stay_defined(rnd: random.Random) -> None:
    run(OFFICE, rnd)


@settings(max_examples=100, deadline=None)
@given(runs)
def test_random_sequences_on_the_unit_flow_stay_defined(rnd: random.Random) -> None:
    run(UNIT, rnd)


@pytest.mark.parametrize("flow", [OFFICE, UNIT], ids=["office", "unit"])
def test_seeded_long_runs_keep_the_invariants_and_reach_every_state(flow: ClaimFlow) -> None:
    """40 seeded runs of 150 steps each: deep enough to reach every state of the table."""
    REACHED[flow.region].clear()
    for seed in range(40):
        run(flow, random.Random(seed))
    expected = claim_machine(flow).reachable_states - {S.ACCEPTED}
    assert REACHED[flow.region] | {S.DRAFT} == expected


def test_a_directed_sequence_reaches_every_state_of_the_office_flow() -> None:
    """The generator can reach the whole table: a hand-made sequence visits every state."""
    machine = claim_machine(OFFICE)
    facts = Facts(rules=VIEWS[OFFICE], other_claims=())
    seen = {S.DRAFT}
    claim = case("C1")
    at = datetime(2026, 3, 9, 9)
    for action, actor, extra, note in [
        ("accept", "o", {}, ""),
        ("provide_material", "o", params("provide_material", claim, 0), ""),
        ("finish_materials", "o", {}, ""),
        ("take", "wang", {}, ""),
        ("enter_case", "wang", params("enter_case", claim, 1), ""),
        ("calculate", "wang", {"benefit": Decimal("6000.00")}, ""),
        ("submit", "wang", {}, ""),
        ("take", "reviewer", {}, ""),
        ("return", "reviewer", {}, "退回"),
        ("take_back", "reviewer", {}, ""),
        ("approve", "reviewer", {"sampling_seed": 1}, ""),  # over the threshold: sample check
        ("take", "reviewer", {}, ""),
        ("pass_sample_check", "reviewer", {}, ""),
        ("pay", "f", {"amount": Decimal("6000.00"), "paid_on": date(2026, 4, 1)}, ""),
        ("close", "o", {}, ""),
    ]:
        at += timedelta(hours=1)
        claim = machine.apply(
            claim, action, actor=actor, at=at, note=note, context=facts, **extra
        ).entity
        seen.add(claim.status)
    rejected = machine.apply(
        machine.apply(claim, "reopen", actor="r", at=at, note="复核").entity,
        "reject", actor="r", at=at, note="拒付",
    ).entity  # fmt: skip
    seen.add(rejected.status)
    deleted = machine.apply(case("C2"), "delete", actor="o", at=at, confirmed=True).entity
    seen.add(deleted.status)
    assert seen == machine.reachable_states - {S.ACCEPTED}
    assert S.ACCEPTED not in machine.reachable_states
