"""Work pools as queries, take and release as actions, review sampling reproducible from its seed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest
from claims_helpers import INCIDENT, PAYEE, SHEET, case, test_pack
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.claims import POOLS, claim_machine, in_progress, pending, sample_check_due
from mutualaid.claims.pools import (
    EXPENSE_ENTRY,
    REVIEW,
    SAMPLE_CHECK,
    Sampling,
    draw,
    fresh_seed,
    sampling_of,
)
from mutualaid.errors import GuardFailed
from mutualaid.lifecycle.facts import Facts
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.states import ClaimStatus as S
from mutualaid.rules.flows import ClaimFlow

UNIT = ClaimFlow("unit", unit_files=True)


def test_pools_list_pending_and_in_progress_cases_with_their_clerk() -> None:
    cases = [
        case("A", status=S.EXPENSE_ENTRY),
        case("B", status=S.EXPENSE_ENTRY, clerk="wang"),
        case("C", status=S.CALCULATED, clerk="zhao"),
        case("D", status=S.SUBMITTED),
        case("E", status=S.INITIAL_REVIEW, clerk="reviewer"),
        case("F", status=S.MATERIALS_UPLOAD),
        case("G", status=S.CLOSED),
    ]
    assert [c.id for c in pending(cases, EXPENSE_ENTRY)] == ["A"]
    assert [c.id for c in in_progress(cases, EXPENSE_ENTRY)] == ["B", "C"]
    assert [c.id for c in in_progress(cases, EXPENSE_ENTRY, "zhao")] == ["C"]
    assert [c.id for c in pending(cases, REVIEW)] == ["D"]
    assert [c.id for c in in_progress(cases, REVIEW)] == ["E"]
    assert [c.id for c in pending(cases, POOLS["materials_upload"])] == ["F"]
    assert set(POOLS) == {"materials_upload", "expense_entry", "review", "sample_check"}


def test_draw_is_a_pure_function_of_seed_and_case() -> None:
    assert draw("LP1", 42) == draw("LP1", 42)
    assert draw("LP1", 42) != draw("LP2", 42)
    assert Decimal(0) <= draw("LP1", 42) < Decimal(1)
    assert isinstance(fresh_seed(), int) and 0 <= fresh_seed() < 2**63


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**63 - 1))
def test_the_sample_is_reproducible_from_the_recorded_seed_and_near_the_share(seed: int) -> None:
    sampling = Sampling(share=Decimal("0.2"))
    ids = [f"LP{n:05d}" for n in range(2000)]
    first = [sample_check_due(i, Decimal("100"), seed, sampling) for i in ids]
    assert first == [sample_check_due(i, Decimal("100"), seed, sampling) for i in ids]
    assert 300 <= sum(first) <= 500  # 20 % of 2000, give or take five standard deviations


def test_the_threshold_always_samples_and_no_sampling_never_does() -> None:
    sampling = Sampling(threshold=Decimal("5000"))
    assert sample_check_due("LP1", Decimal("5000.00"), 1, sampling)
    assert not sample_check_due("LP1", Decimal("4999.99"), 1, sampling)
    assert not sample_check_due("LP1", None, 1, sampling)
    assert not Sampling().active and not sample_check_due("LP1", Decimal("1e9"), 1, Sampling())
    assert not Sampling(share=Decimal("0")).active


def test_the_packs_sampling_parameters() -> None:
    view = test_pack(UNIT, {"claims.sampling.share": "0.10", "claims.sampling.threshold": 20000})
    assert sampling_of(view, date(2026, 3, 9)) == Sampling(Decimal("0.10"), Decimal("20000"))
    assert sampling_of(test_pack(UNIT), date(2026, 3, 9)) == Sampling()


def _in_review(view: object, benefit: str, id: str = "C1") -> object:
    m = claim_machine(UNIT)
    facts = Facts(rules=view, other_claims=())
    at = datetime(2026, 3, 9, 9)
    c = case(id, payee=PAYEE, incident=INCIDENT, settlement_sheet=SHEET)
    c = m.apply(
        c,
        "provide_material",
        actor="h",
        at=at,
        material=Material.required(MaterialKind.DISCHARGE_SUMMARY).provide("x"),
    ).entity
    c = m.apply(c, "submit", actor="h", at=at, context=facts).entity
    c = m.apply(c, "take", actor="r", at=at).entity
    return m.apply(c, "calculate", actor="r", at=at, benefit=Decimal(benefit)).entity


def test_approval_records_the_seed_and_sends_a_drawn_case_to_the_sample_check() -> None:
    view = test_pack(UNIT, {"claims.sampling.threshold": 5000})
    m = claim_machine(UNIT)
    at = datetime(2026, 3, 10, 9)
    big = _in_review(view, "6000.00")
    with pytest.raises(GuardFailed) as err:
        m.apply(big, "approve", actor="r", at=at, context=Facts(rules=view))
    assert err.value.details["codes"] == ("claim.sampling_seed_missing",)
    out = m.apply(big, "approve", actor="r", at=at, context=Facts(rules=view), sampling_seed=7)
    assert out.entity.status is S.SAMPLE_CHECK and out.entity.sampling_seed == 7
    assert out.audit.params["sampling_seed"] == 7 and out.events[0].sample_check
    assert [c.id for c in pending([out.entity], SAMPLE_CHECK)] == ["C1"]
    checked = m.apply(out.entity, "take", actor="checker", at=at).entity
    checked = m.apply(checked, "pass_sample_check", actor="checker", at=at).entity
    assert checked.status is S.APPROVED
    small = _in_review(view, "100.00", "C2")
    assert (
        m.apply(
            small, "approve", actor="r", at=at, context=Facts(rules=view), sampling_seed=7
        ).entity.status
        is S.APPROVED
    )


def test_the_same_seed_samples_the_same_cases_when_replayed() -> None:
    view = test_pack(UNIT, {"claims.sampling.share": "0.5"})
    m = claim_machine(UNIT)
    at = datetime(2026, 3, 10, 9)
    outcomes = {}
    for n in range(12):
        c = _in_review(view, "100.00", f"C{n}")
        out = m.apply(c, "approve", actor="r", at=at, context=Facts(rules=view), sampling_seed=99)
        outcomes[c.id] = out.entity.status
        # the recorded seed reproduces the draw
        assert (out.entity.status is S.SAMPLE_CHECK) == sample_check_due(
            c.id, c.benefit, out.entity.sampling_seed, sampling_of(view, at.date())
        )
    assert {S.SAMPLE_CHECK, S.APPROVED} == set(outcomes.values())


def test_without_sampling_no_seed_is_needed() -> None:
    view = test_pack(UNIT)
    c = _in_review(view, "100.00")
    out = claim_machine(UNIT).apply(
        c, "approve", actor="r", at=datetime(2026, 3, 10), context=Facts(rules=view)
    )
    assert out.entity.status is S.APPROVED and out.entity.sampling_seed is None


def test_a_released_review_goes_back_to_the_pending_pool() -> None:
    view = test_pack(UNIT)
    c = _in_review(view, "100.00")
    m = claim_machine(UNIT)
    released = m.apply(c, "release", actor="r", at=datetime(2026, 3, 10)).entity
    assert released.status is S.SUBMITTED and released.clerk is None
    assert [x.id for x in pending([released, attrs.evolve(c, id="X")], REVIEW)] == ["C1"]
