"""Linyi 4. 申领管理 (seed 003, 4.1.1-4.3) through the service, section by section.

Each test walks one section of the manual with the Linyi pack's data (its
claim types, materials and benefit steps; the amounts are illustrative) on
the memory store and SQLite: 受理案件, 删除案件, 材料上传, 获取案件, 案件信息录入
with 申领计算 and 申领提交, the review's return and the re-submission, and
申领查询 with its export.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from claim_service_helpers import LI, PAYEE, ZHANG, codes, cover, svc, upload_all
from openpyxl import load_workbook

from mutualaid.errors import ActionNotAllowed, GuardFailed, LifecycleError
from mutualaid.model import Claim, ClaimStatus, ClaimType, Material
from mutualaid.model.claim import Incident, SettlementSheet
from mutualaid.model.ledger import Measure
from mutualaid.service import Service
from mutualaid.service import claims as C

__all__ = ["svc"]  # the fixture, imported

HOSP = "LY-HOSP-2026"
TODAY = date(2026, 6, 2)
SHEET = SettlementSheet(
    "临沂市人民医院", date(2026, 5, 1), date(2026, 5, 9), "8000", "3000", "5000",
    hospital_level="level_3",
)  # fmt: skip
INCIDENT = Incident(date(2026, 5, 1), "临沂", "肺炎住院")


def accepted(svc: Service, **picks: str) -> None:
    cover(svc, "linyi", HOSP, ZHANG, LI, shares=2)
    C.accept_claims(svc, ZHANG.id_number, picks, actor="clerk")


def ready_for_entry(svc: Service) -> None:
    """A 疾病住院 case accepted and its materials uploaded: in 费用录入's 待处理 pool."""
    accepted(svc, LP1="disease_hospitalization")
    upload_all(svc, "LP1", actor="clerk", on=TODAY)
    C.finish_materials(svc, "LP1", actor="clerk")


def calculated(svc: Service) -> C.ClaimCalculation:
    ready_for_entry(svc)
    C.take_claim(svc, "LP1", actor="clerk")
    C.enter_case(svc, "LP1", actor="clerk", payee=PAYEE, incident=INCIDENT, settlement_sheet=SHEET)
    return C.calculate_claim(svc, "LP1", actor="clerk")


def test_4_1_1_accept_lists_the_types_the_cover_allows_and_routes_each_case(svc: Service) -> None:
    """4.1.1 受理案件: 录入出险人的证件号码 ... 查询出满足条件的申领类型 ... 【确认受理】; 疾病住院 and
    意外住院 cases go to 材料上传, the others to 费用录入; several claimants in one list."""
    cover(svc, "linyi", HOSP, ZHANG, LI, shares=2)
    (offer,) = C.claim_offers(svc, "11010519491231002x", on=TODAY)
    assert offer.policy_number == "P1" and offer.claim_types == (
        ClaimType.DISEASE_HOSPITALIZATION,
        ClaimType.ACCIDENT_HOSPITALIZATION,
        ClaimType.SPECIAL_DISEASE,
    )
    outs = C.accept_claims(
        svc, ZHANG.id_number, {"LP1": "disease_hospitalization", "LP2": "special_disease"},
        actor="clerk",
    )  # fmt: skip
    C.accept_claims(svc, LI.id_number, [("LP3", ClaimType.ACCIDENT_HOSPITALIZATION)], actor="clerk")
    assert [o.entity.status for o in outs] == [
        ClaimStatus.MATERIALS_UPLOAD,
        ClaimStatus.EXPENSE_ENTRY,
    ]
    assert svc.store.get(Claim, "LP3").status is ClaimStatus.MATERIALS_UPLOAD
    assert [c.id for c in C.work_pool(svc, "materials_upload").pending] == ["LP1", "LP3"]
    assert [c.id for c in C.work_pool(svc, "expense_entry").pending] == ["LP2"]
    assert [r.action for r in svc.store.audit_trail(Claim, "LP1")] == ["accept"]
    assert "ClaimAccepted" in [type(e.event).__name__ for e in svc.pending_events()]


def test_4_1_1_a_type_outside_the_cover_or_no_cover_opens_no_case(svc: Service) -> None:
    cover(svc, "linyi", HOSP, ZHANG)
    with pytest.raises(LifecycleError, match="身故"):
        C.accept_claims(svc, ZHANG.id_number, {"LP1": "death"}, actor="clerk")
    with pytest.raises(LifecycleError, match="no cover that day"):
        C.accept_claims(svc, LI.id_number, {"LP2": "other"}, actor="clerk")
    assert svc.store.all(Claim) == ()


def test_4_1_1_a_failed_case_in_the_list_accepts_none(svc: Service) -> None:
    """确认受理 of a list is one transaction: the second case (a duplicate id) undoes the first."""
    cover(svc, "linyi", HOSP, ZHANG)
    C.accept_claims(svc, ZHANG.id_number, {"LP1": "special_disease"}, actor="clerk")
    with pytest.raises(Exception, match="already in the store"):
        C.accept_claims(
            svc, ZHANG.id_number, [("LP2", "disease_hospitalization"), ("LP1", "special_disease")],
            actor="clerk",
        )  # fmt: skip
    assert [c.id for c in svc.store.all(Claim)] == ["LP1"]


def test_4_1_2_delete_needs_the_second_confirmation(svc: Service) -> None:
    """4.1.2 删除案件: 【案件删除】; 弹出二次确认提示框后，点击【确认】后，会将该案件删除."""
    accepted(svc, LP1="disease_hospitalization")
    with pytest.raises(GuardFailed) as err:
        C.delete_claim(svc, "LP1", confirmed=False, actor="clerk")
    assert codes(err) == ("claim.deletion_not_confirmed",)
    assert svc.store.get(Claim, "LP1").status is ClaimStatus.MATERIALS_UPLOAD
    assert C.delete_claim(svc, "LP1", confirmed=True, actor="clerk").entity.status is (
        ClaimStatus.DELETED
    )
    assert C.work_pool(svc, "materials_upload").pending == ()
    assert [r.action for r in svc.store.audit_trail(Claim, "LP1")] == ["accept", "delete"]


def test_4_1_3_materials_upload_moves_the_case_to_expense_entry_only_when_complete(
    svc: Service,
) -> None:
    """4.1.3 材料上传: 根据提示将必传的材料类型 ... 上传 ... 点击确定; 状态会变成费用录入."""
    accepted(svc, LP1="disease_hospitalization")
    missing = C.materials_missing(svc, "LP1", on=TODAY)
    assert [m.name for m in missing] == [
        "出院小结",
        "住院发票",
        "诊断证明",
        "身份证复印件",
        "银行卡复印件",
    ]
    with pytest.raises(GuardFailed) as err:
        C.finish_materials(svc, "LP1", actor="clerk")
    assert "claim.materials_missing" in codes(err)
    upload_all(svc, "LP1", actor="clerk", on=TODAY)
    assert C.materials_missing(svc, "LP1", on=TODAY) == ()
    assert C.finish_materials(svc, "LP1", actor="clerk").entity.status is ClaimStatus.EXPENSE_ENTRY


def test_4_1_3_an_upload_outside_the_packs_limits_is_refused_and_nothing_kept(
    svc: Service,
) -> None:
    """4.1.3 材料上传 「从本地选择图片上传」: the pack's upload limits (upload.file_types:
    jpg and png, assumed from 图片) judge a claim's material as they judge an application's."""
    accepted(svc, LP1="disease_hospitalization")
    needed = C.materials_missing(svc, "LP1", on=TODAY)[0]
    wrong = Material.required(needed.kind, needed.name).provide(
        "k/1", file_name="出院小结.docx", size_bytes=20_000
    )
    with pytest.raises(GuardFailed) as err:
        C.provide_claim_material(svc, "LP1", wrong, actor="clerk")
    assert codes(err) == ("upload.file_type_not_allowed",)
    assert needed in C.materials_missing(svc, "LP1", on=TODAY)  # nothing kept
    right = Material.required(needed.kind, needed.name).provide(
        "k/2", file_name="出院小结.png", size_bytes=20_000
    )
    C.provide_claim_material(svc, "LP1", right, actor="clerk")
    assert needed not in C.materials_missing(svc, "LP1", on=TODAY)


def test_4_2_1_take_moves_a_case_from_pending_to_in_progress(svc: Service) -> None:
    """4.2.1 获取案件: 待处理工作池 ... 【获取】 ... 移动到处理中工作池."""
    ready_for_entry(svc)
    assert [c.id for c in C.work_pool(svc, "expense_entry").pending] == ["LP1"]
    C.take_claim(svc, "LP1", actor="clerk-a")
    pool = C.work_pool(svc, "expense_entry", clerk="clerk-a")
    assert pool.pending == () and [c.id for c in pool.in_progress] == ["LP1"]
    assert C.work_pool(svc, "expense_entry", clerk="clerk-b").in_progress == ()
    with pytest.raises(GuardFailed) as err:
        C.take_claim(svc, "LP1", actor="clerk-b")
    assert codes(err) == ("claim.held_by_other",)
    with pytest.raises(GuardFailed) as err:
        C.enter_case(svc, "LP1", actor="clerk-b", payee=PAYEE)
    assert codes(err) == ("claim.not_held",)
    C.release_claim(svc, "LP1", actor="clerk-a")
    assert [c.id for c in C.work_pool(svc, "expense_entry").pending] == ["LP1"]


def test_4_2_2_enter_calculate_and_submit(svc: Service) -> None:
    """4.2.2 案件信息录入: 领款人信息和出险信息, 疾病住院 还需要录入结算单; 【申领计算】;
    必填信息录入完毕且互助金额不为0后 【申领提交】 ... 案件状态会变为申领初审."""
    ready_for_entry(svc)
    C.take_claim(svc, "LP1", actor="clerk")
    C.enter_case(svc, "LP1", actor="clerk", payee=PAYEE, incident=INCIDENT)
    with pytest.raises(ActionNotAllowed):  # not calculated: no 申领提交 yet
        C.submit_claim(svc, "LP1", actor="clerk")
    C.enter_case(svc, "LP1", actor="clerk", settlement_sheet=SHEET)
    calc = C.calculate_claim(svc, "LP1", actor="clerk")
    assert calc.coverage.covered and calc.coverage.shares == 2
    assert calc.benefit.amount == Decimal("2250.00") == calc.outcome.entity.benefit
    rows = calc.benefit.rows
    assert sum(r.added for r in rows) - sum(r.withheld for r in rows) == calc.benefit.amount
    assert C.benefit_of(svc, "LP1") == calc.benefit
    assert [e.measure for e in svc.store.ledger_of_claim("LP1")] == [
        Measure.PAID,
        Measure.DEDUCTIBLE,
    ]
    out = C.submit_claim(svc, "LP1", actor="clerk")
    assert out.entity.status is ClaimStatus.SUBMITTED
    assert [c.id for c in C.work_pool(svc, "review").pending] == ["LP1"]


def test_4_2_2_a_case_inside_the_waiting_period_calculates_to_zero_and_is_not_submitted(
    svc: Service,
) -> None:
    """互助金额不为0 before 申领提交: an incident in the waiting period (illustrative 90 days)."""
    ready_for_entry(svc)
    C.take_claim(svc, "LP1", actor="clerk")
    early = Incident(date(2026, 2, 1), "临沂")
    sheet = SettlementSheet("临沂市人民医院", date(2026, 2, 1), date(2026, 2, 5), "4000")
    C.enter_case(svc, "LP1", actor="clerk", payee=PAYEE, incident=early, settlement_sheet=sheet)
    calc = C.calculate_claim(svc, "LP1", actor="clerk")
    assert calc.benefit.amount == 0 and calc.benefit.refusal == "cover.waiting_period"
    assert calc.coverage.waiting_ends == date(2026, 3, 31)
    with pytest.raises(GuardFailed) as err:
        C.submit_claim(svc, "LP1", actor="clerk")
    assert "claim.benefit_zero" in codes(err)


def test_review_returns_with_reasons_and_the_case_is_submitted_again(svc: Service) -> None:
    """申领初审 returns the case (退回) with its reasons; the clerk corrects the sheet, the
    recalculation supersedes the first in the ledger, and the case goes back to review."""
    calculated(svc)
    C.submit_claim(svc, "LP1", actor="clerk")
    C.take_claim(svc, "LP1", actor="reviewer")
    with pytest.raises(GuardFailed):  # a return needs its reasons in words
        C.return_claim(svc, "LP1", note="", actor="reviewer")
    out = C.return_claim(
        svc, "LP1", note="结算单金额有误", reasons=("claim.settlement_sheet_missing",),
        actor="reviewer",
    )  # fmt: skip
    assert out.entity.status is ClaimStatus.RETURNED
    assert out.entity.reviews[-1].reasons == ("claim.settlement_sheet_missing",)
    C.correct_claim(svc, "LP1", actor="clerk")
    lower = SettlementSheet(
        "临沂市人民医院", date(2026, 5, 1), date(2026, 5, 9), "6000", "3000",
        hospital_level="level_3",
    )  # fmt: skip
    C.enter_case(svc, "LP1", actor="clerk", settlement_sheet=lower)
    again = C.calculate_claim(svc, "LP1", actor="clerk")
    assert again.revision == 2 and again.benefit.amount == Decimal("1250.00")
    current = [e for e in svc.store.ledger_of_claim("LP1") if e.revision == 2]
    assert [e.amount for e in current if e.measure is Measure.PAID] == [Decimal("1250.00")]
    assert len(svc.store.ledger_of_claim("LP1")) == 4  # revision 1 kept, superseded
    C.submit_claim(svc, "LP1", actor="clerk")
    C.take_claim(svc, "LP1", actor="reviewer")
    assert C.approve_claim(svc, "LP1", actor="reviewer").entity.status is ClaimStatus.APPROVED
    paid = C.pay_claim(svc, "LP1", paid_on=date(2026, 6, 10), reference="YH-1", actor="finance")
    assert paid.entity.paid_total == Decimal("1250.00")
    assert C.close_claim(svc, "LP1", actor="finance").entity.status is ClaimStatus.CLOSED


def test_a_rejected_case_stops_counting_in_the_ledger(svc: Service) -> None:
    calculated(svc)
    C.submit_claim(svc, "LP1", actor="clerk")
    C.take_claim(svc, "LP1", actor="reviewer")
    C.reject_claim(svc, "LP1", note="非保障责任", actor="reviewer")
    last = svc.store.ledger_of_claim("LP1")[-1]
    assert last.revision == 2 and last.measure is Measure.VOID
    assert C.close_claim(svc, "LP1", actor="reviewer").entity.status is ClaimStatus.CLOSED


def test_4_3_query_closed_cases_show_one_and_export_them(svc: Service) -> None:
    """4.3 申领查询: 可查询结案状态的单位端申领的案件数据 ... 点击‘查看’ ... 点击‘导出’ ...
    生成excel文件; a closed case re-opened keeps its history."""
    calculated(svc)
    C.submit_claim(svc, "LP1", actor="clerk")
    C.take_claim(svc, "LP1", actor="reviewer")
    C.approve_claim(svc, "LP1", actor="reviewer")
    C.pay_claim(svc, "LP1", paid_on=date(2026, 6, 10), actor="finance")
    C.close_claim(svc, "LP1", actor="finance", at=datetime(2026, 6, 11, 10))
    C.accept_claims(svc, LI.id_number, {"LP2": "special_disease"}, actor="clerk")  # not closed
    found = C.claim_query(svc, unit_id="U1")
    assert [c.id for c in found] == ["LP1"]
    assert C.claim_query(svc, id_number="11010519491231002x") == found
    assert C.claim_query(svc, claim_type="special_disease") == ()
    shown = svc.get(Claim, "LP1")  # 查看
    assert shown.benefit == Decimal("2250.00") and shown.payments[0].paid_on == date(2026, 6, 10)
    buffer = io.BytesIO()
    listed = C.export_claims(svc, found, buffer)
    sheet = load_workbook(buffer).active
    assert sheet["D2"].value == "110105********002X" and sheet["M2"].value.date() == date(
        2026, 6, 11
    )
    assert listed.rows[0].closed_on == date(2026, 6, 11)
    notice = C.benefit_notice(svc, "LP1", issued_on=date(2026, 6, 11))
    assert dict(notice.lines())["互助金额"] == "2,250.00元"
    back = C.reopen_claim(svc, "LP1", note="补充材料后复核", actor="reviewer")
    assert back.entity.status is ClaimStatus.INITIAL_REVIEW
    assert [r.action for r in back.entity.reviews] == ["approve", "reopen"]
    assert C.claim_query(svc, unit_id="U1") == ()
