"""What a host cannot skip or get wrong through the claim calls (issue 10 items 6 and 7).

The service draws and records the review sampling's seed when the pack
samples; it pays what is due, not an amount the host passes; a stale edit is
refused by version; a calculation that fails leaves no benefit record, no
ledger entry and the case as it was.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from claim_service_helpers import PAYEE, ZHANG, Clock, cover, svc, upload_all
from mutualaid_pack_linyi import pack as linyi

from mutualaid.errors import ConcurrentModification, GuardFailed, LifecycleError
from mutualaid.lifecycle import MemoryStore
from mutualaid.model import Claim, ClaimStatus
from mutualaid.model.claim import Incident, SettlementSheet
from mutualaid.service import Service
from mutualaid.service import claims as C

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from rules_helpers import engine_with, make_pack, param

__all__ = ["svc"]

TODAY = date(2026, 6, 2)
SHEET = SettlementSheet(
    "临沂市人民医院", date(2026, 5, 1), date(2026, 5, 9), "8000", "3000",
    hospital_level="level_3",
)  # fmt: skip


def calculated(svc: Service, pack: str = "linyi") -> None:
    cover(svc, pack, "LY-HOSP-2026", ZHANG, shares=2)
    C.accept_claims(svc, ZHANG.id_number, {"LP1": "disease_hospitalization"}, actor="clerk")
    upload_all(svc, "LP1", actor="clerk", on=TODAY)
    C.finish_materials(svc, "LP1", actor="clerk")
    C.take_claim(svc, "LP1", actor="clerk")
    C.enter_case(
        svc, "LP1", actor="clerk", payee=PAYEE, incident=Incident(date(2026, 5, 1)),
        settlement_sheet=SHEET,
    )  # fmt: skip
    C.calculate_claim(svc, "LP1", actor="clerk")


def test_the_review_sampling_seed_is_drawn_and_recorded_by_the_service() -> None:
    """A pack sampling every benefit of 1,000 yuan or more: approval sends the case to
    抽检复核 with the seed recorded, though the host passed none."""
    sampled = make_pack(
        "linyi-sampled", {"claims.sampling.threshold": param(1000)}, region="linyi-s",
        extends="linyi",
    )  # fmt: skip
    svc = Service(MemoryStore(), engine_with(linyi, sampled), clock=Clock(datetime(2026, 6, 2, 9)))
    calculated(svc, "linyi-sampled")
    C.submit_claim(svc, "LP1", actor="clerk")
    C.take_claim(svc, "LP1", actor="reviewer")
    out = C.approve_claim(svc, "LP1", actor="reviewer")
    assert out.entity.status is ClaimStatus.SAMPLE_CHECK
    assert out.entity.sampling_seed is not None
    assert (
        svc.store.audit_trail(Claim, "LP1")[-1].params["sampling_seed"] == out.entity.sampling_seed
    )
    assert [c.id for c in C.work_pool(svc, "sample_check").in_progress] == []
    C.take_claim(svc, "LP1", actor="checker")
    assert C.pass_sample_check(svc, "LP1", actor="checker").entity.status is ClaimStatus.APPROVED


def test_without_sampling_no_seed_is_recorded(svc: Service) -> None:
    calculated(svc)
    C.submit_claim(svc, "LP1", actor="clerk")
    C.take_claim(svc, "LP1", actor="reviewer")
    out = C.approve_claim(svc, "LP1", actor="reviewer")
    assert out.entity.status is ClaimStatus.APPROVED and out.entity.sampling_seed is None


def test_payment_is_what_is_due_and_a_reopened_case_with_nothing_due_closes_unpaid(
    svc: Service,
) -> None:
    calculated(svc)
    C.submit_claim(svc, "LP1", actor="clerk")
    C.take_claim(svc, "LP1", actor="reviewer")
    C.approve_claim(svc, "LP1", actor="reviewer")
    paid = C.pay_claim(svc, "LP1", paid_on=TODAY, actor="finance")
    assert paid.entity.paid_total == paid.entity.benefit
    C.close_claim(svc, "LP1", actor="finance")
    C.reopen_claim(svc, "LP1", note="复核", actor="reviewer")
    C.calculate_claim(svc, "LP1", actor="reviewer")  # the same facts: the same benefit
    C.approve_claim(svc, "LP1", actor="reviewer")
    with pytest.raises(GuardFailed) as err:  # nothing left to pay
        C.pay_claim(svc, "LP1", paid_on=TODAY, actor="finance")
    assert "claim.payment_mismatch" in err.value.details["codes"]
    assert C.close_claim(svc, "LP1", actor="finance").entity.status is ClaimStatus.CLOSED
    assert len(svc.store.get(Claim, "LP1").payments) == 1


def test_a_stale_edit_is_refused(svc: Service) -> None:
    calculated(svc)
    seen = svc.store.get(Claim, "LP1").version
    C.enter_case(svc, "LP1", actor="clerk", remarks="第一次", expected_version=seen)
    with pytest.raises(ConcurrentModification):
        C.enter_case(svc, "LP1", actor="clerk", remarks="过期的页面", expected_version=seen)


def test_a_calculation_that_fails_leaves_nothing(svc: Service, monkeypatch: Any) -> None:
    calculated(svc)
    C.enter_case(svc, "LP1", actor="clerk", remarks="重算")  # back to 费用录入
    before = svc.store.get(Claim, "LP1")
    trail = svc.store.audit_trail(C.BENEFIT_TRAIL, "LP1")

    def broken(*entries: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(svc.store, "append_ledger", broken)
    with pytest.raises(RuntimeError):
        C.calculate_claim(svc, "LP1", actor="clerk")
    monkeypatch.undo()
    assert svc.store.get(Claim, "LP1") == before
    assert svc.store.audit_trail(C.BENEFIT_TRAIL, "LP1") == trail
    assert {e.revision for e in svc.store.ledger_of_claim("LP1")} == {1}


def test_a_case_on_a_policy_not_in_the_store_is_refused(svc: Service) -> None:
    svc.store.save(Claim("X1", "other", ZHANG, "NOPE"))  # type: ignore[arg-type]
    with pytest.raises(LifecycleError, match="NOPE"):
        C.take_claim(svc, "X1", actor="clerk")
    with pytest.raises(LifecycleError, match="no policy lists"):
        C.claim_coverage(svc, ZHANG.id_number, "other", TODAY)
