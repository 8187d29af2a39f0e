"""Guangdong 九 个人理赔管理 (seed 001, 九（一）（二）) through the service.

（一）个人理赔申请: the unit's handler (单位专管员) fills a claim and uploads its
materials; 「点击【暂存】后并未发起理赔申请」. （二）个人理赔提交: 「修改理赔申请，并补充完善
理赔资料，点击提交后，理赔申请将发送到理赔部进行审核」. The claims department's review
(return with reasons, the unit's re-submission, approval and payment) is
every region's; the amounts of the Guangdong pack are illustrative.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from claim_service_helpers import PAYEE, ZHANG, codes, cover, svc, upload_all

from mutualaid.errors import ActionNotAllowed, GuardFailed
from mutualaid.model import Claim, ClaimStatus, Material, MaterialKind
from mutualaid.model.claim import Incident, SettlementSheet
from mutualaid.service import Service
from mutualaid.service import claims as C

__all__ = ["svc"]  # the fixture, imported

TODAY = date(2026, 6, 2)
SHEET = SettlementSheet(
    "广州市第一人民医院", date(2026, 5, 1), date(2026, 5, 9), "8000", "3000", "5000",
    hospital_level="level_3",
)  # fmt: skip
INCIDENT = Incident(date(2026, 5, 1), "广州", "肺炎住院")


def drafted(svc: Service) -> None:
    cover(svc, "guangdong", "GD-HOSP-2026", ZHANG)
    C.save_claim_draft(svc, "GD1", ZHANG.id_number, "disease_hospitalization", actor="unit-U1")


def submitted(svc: Service) -> None:
    drafted(svc)
    C.edit_claim(
        svc, "GD1", actor="unit-U1", payee=PAYEE, incident=INCIDENT, settlement_sheet=SHEET
    )
    upload_all(svc, "GD1", actor="unit-U1", on=TODAY)
    C.submit_claim(svc, "GD1", actor="unit-U1")


def test_9_1_a_saved_draft_is_not_a_submission(svc: Service) -> None:
    """九（一）注意事项: 点击【暂存】后并未发起理赔申请."""
    drafted(svc)
    case = svc.store.get(Claim, "GD1")
    assert case.status is ClaimStatus.DRAFT and case.unit_id == "U1"
    assert C.work_pool(svc, "review").pending == ()
    assert svc.pending_events() == ()  # nothing sent to the claims department
    with pytest.raises(ActionNotAllowed):
        C.take_claim(svc, "GD1", actor="reviewer")
    with pytest.raises(GuardFailed) as err:  # an empty draft is not submitted
        C.submit_claim(svc, "GD1", actor="unit-U1")
    assert {"claim.materials_missing", "claim.payee_missing", "claim.incident_missing"} <= set(
        codes(err)
    )


def test_9_2_edit_add_materials_and_submit_to_the_claims_department(svc: Service) -> None:
    """九（二）: 【修改】 ... 补充完善理赔资料 ... 【提交】 ... 发送到理赔部进行审核."""
    drafted(svc)
    C.edit_claim(svc, "GD1", actor="unit-U1", payee=PAYEE, incident=INCIDENT)
    C.edit_claim(svc, "GD1", actor="unit-U1", settlement_sheet=SHEET)
    upload_all(svc, "GD1", actor="unit-U1", on=TODAY)
    out = C.submit_claim(svc, "GD1", actor="unit-U1")
    assert out.entity.status is ClaimStatus.SUBMITTED
    assert [c.id for c in C.work_pool(svc, "review").pending] == ["GD1"]
    assert [r.action for r in svc.store.audit_trail(Claim, "GD1")][-1] == "submit"
    with pytest.raises(ActionNotAllowed):  # submitted: the unit no longer edits it
        C.edit_claim(svc, "GD1", actor="unit-U1", remarks="改")


def test_9_2_returned_with_reasons_then_edited_completed_and_submitted_again(
    svc: Service,
) -> None:
    """理赔部 returns the claim with its reasons; the unit edits it, adds a material and
    submits it again; the reviewer calculates, approves and the benefit is paid."""
    submitted(svc)
    C.take_claim(svc, "GD1", actor="reviewer")
    C.return_claim(
        svc, "GD1", note="请补充费用清单", reasons=("claim.materials_missing",), actor="reviewer"
    )
    returned = svc.store.get(Claim, "GD1")
    assert returned.status is ClaimStatus.RETURNED and returned.reviews[-1].note == "请补充费用清单"
    C.provide_claim_material(
        svc, "GD1", Material.required(MaterialKind.OTHER, "费用清单").provide("list.pdf"),
        actor="unit-U1",
    )  # fmt: skip
    C.edit_claim(svc, "GD1", actor="unit-U1", remarks="已补充费用清单")
    assert C.submit_claim(svc, "GD1", actor="unit-U1").entity.status is ClaimStatus.SUBMITTED
    C.take_claim(svc, "GD1", actor="reviewer")
    calc = C.calculate_claim(svc, "GD1", actor="reviewer")
    assert calc.benefit.amount > 0 and calc.benefit.refusal is None
    assert sum(r.added - r.withheld for r in calc.benefit.rows) == calc.benefit.amount
    C.approve_claim(svc, "GD1", actor="reviewer")
    paid = C.pay_claim(svc, "GD1", paid_on=date(2026, 6, 20), actor="finance")
    assert paid.entity.paid_total == calc.benefit.amount
    assert C.close_claim(svc, "GD1", actor="finance").entity.status is ClaimStatus.CLOSED
    assert C.claim_query(svc, unit_id="U1")[0].id == "GD1"


def test_9_a_draft_is_deleted_only_with_the_second_confirmation(svc: Service) -> None:
    drafted(svc)
    with pytest.raises(GuardFailed):
        C.delete_claim(svc, "GD1", confirmed=False, actor="unit-U1")
    assert C.delete_claim(svc, "GD1", confirmed=True, actor="unit-U1").entity.status is (
        ClaimStatus.DELETED
    )


def test_9_approval_with_nothing_to_pay_is_refused(svc: Service) -> None:
    """A case whose benefit was never calculated cannot be approved (互助金额不为0)."""
    submitted(svc)
    C.take_claim(svc, "GD1", actor="reviewer")
    with pytest.raises(GuardFailed) as err:
        C.approve_claim(svc, "GD1", actor="reviewer")
    assert "claim.benefit_zero" in codes(err)
    assert svc.store.get(Claim, "GD1").benefit is None
    assert Decimal(0) == sum(e.amount for e in svc.store.ledger_of(ZHANG.id_number))
