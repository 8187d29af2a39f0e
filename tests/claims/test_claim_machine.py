"""The claim machine, step by step: Linyi 4.1.1-4.3 and Guangdong 九（一）（二）, with the packs.

Each test quotes the manual passage it walks. The service-level scenarios
(stores, exports) are the host's tests; these drive the pure machine.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest
from claims_helpers import INCIDENT, LI, PAYEE, SHEET, ZHANG, Clock, bundled, case, test_pack

from mutualaid.claims import (
    claim_machine,
    closed_cases,
    in_progress,
    machine_for,
    missing_materials,
    new_claim,
    pending,
)
from mutualaid.claims.events import ClaimAccepted, ClaimPaid, ClaimReturned
from mutualaid.claims.pools import EXPENSE_ENTRY, MATERIALS_UPLOAD, REVIEW
from mutualaid.errors import (
    ActionNotAllowed,
    ConversionError,
    GuardFailed,
    InvalidAmount,
    InvalidParameter,
    LifecycleError,
    MissingFact,
    StepNotInRegion,
)
from mutualaid.lifecycle.facts import Facts
from mutualaid.lifecycle.machine import Outcome
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model.claim import Claim, Expense, Incident, Payee
from mutualaid.model.kinds import ClaimType, MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.states import ClaimStatus as S
from mutualaid.rules.flows import ClaimFlow

LINYI_FLOW = ClaimFlow(
    "linyi", office_acceptance=True, materials_step=True, expense_entry=True, calculation_step=True
)
UNIT_FLOW = ClaimFlow("demo", unit_files=True)


def codes(err: GuardFailed) -> tuple[str, ...]:
    return tuple(err.details["codes"])


class Walk:
    """A case and its trail through one machine."""

    def __init__(self, machine: object, claim: Claim, facts: Facts) -> None:
        self.machine = machine
        self.initial = claim
        self.claim = claim
        self.facts = facts
        self.trail: list[AuditRecord] = []
        self.events: list[object] = []
        self.clock = Clock()

    def __call__(
        self, action: str, actor: str = "office", note: str = "", **params: object
    ) -> Claim:
        out: Outcome[Claim] = self.machine.apply(  # type: ignore[attr-defined]
            self.claim,
            action,
            actor=actor,
            at=self.clock(),
            note=note,
            context=self.facts,
            **params,
        )
        self.claim = out.entity
        self.trail.append(out.audit)
        self.events += out.events
        return self.claim

    def refused(self, action: str, actor: str = "office", **params: object) -> tuple[str, ...]:
        with pytest.raises(GuardFailed) as err:
            self.machine.apply(  # type: ignore[attr-defined]
                self.claim, action, actor=actor, at=self.clock(), context=self.facts, **params
            )
        return codes(err.value)


def linyi_walk(claim_type: str) -> Walk:
    """A Linyi case of ``claim_type`` on the hospitalisation activity, not yet accepted."""
    linyi = bundled("linyi")
    claim = new_claim("LP1", claim_type, ZHANG, "LY-P-1", "LY-HOSP-2026")
    return Walk(machine_for(linyi), claim, Facts(rules=linyi, other_claims=()))


def guangdong_walk(claim_type: str, plan_code: str) -> Walk:
    """A Guangdong unit's draft case of ``claim_type`` on ``plan_code``."""
    gd = bundled("guangdong")
    claim = new_claim("GD1", claim_type, LI, "GD-P-1", plan_code, unit_id="U1")
    return Walk(machine_for(gd), claim, Facts(rules=gd, other_claims=()))


def _upload_all(walk: Walk) -> None:
    for need in missing_materials(walk.claim, walk.facts.rules, date(2026, 3, 9)):
        walk("provide_material", material=Material.required(need.kind).provide(f"{need.kind}.jpg"))


# --- Linyi, seed 003 -------------------------------------------------------------------------


def test_linyi_4_1_1_acceptance_routes_hospital_types_to_materials_others_to_expense_entry() -> (
    None
):
    """4.1.1「非疾病住院和意外住院申领类型的案件受理成功后会显示在工作池中状态为费用录入；
    疾病住院和意外住院的案件受理成功后会显示在工作池中状态为材料上传。」"""
    linyi = bundled("linyi")
    m = machine_for(linyi)
    facts = Facts(rules=linyi, other_claims=())
    at = datetime(2026, 3, 9, 9)
    for claim_type, status in (
        ("disease_hospitalization", S.MATERIALS_UPLOAD),
        ("accident_hospitalization", S.MATERIALS_UPLOAD),
        ("special_disease", S.EXPENSE_ENTRY),
    ):
        c = new_claim("LP1", claim_type, ZHANG, "LY-P-1", "LY-HOSP-2026")
        out = m.apply(c, "accept", actor="office", at=at, context=facts)
        assert out.entity.status is status, claim_type
        assert isinstance(out.events[0], ClaimAccepted)
        assert out.events[0].next_step == status.value
    # several claimants, several types: one case each (「支持录入不同证据号查询不同的出险人进行勾选」)
    a = m.apply(
        new_claim("LP2", "special_disease", LI, "LY-P-1", "LY-HOSP-2026"),
        "accept",
        actor="o",
        at=at,
        context=facts,
    )
    assert a.entity.member is LI


def test_linyi_4_1_1_only_the_types_the_plan_offers_are_accepted() -> None:
    """4.1.1「点击查询能够查询出满足条件的申领类型，勾选要受理的类型」: another type is refused."""
    w = linyi_walk("death")
    assert w.refused("accept") == ("claim.type_not_in_plan",)
    # the accident activity offers it
    w.claim = new_claim("LP1", "death", ZHANG, "LY-P-2", "LY-ACC-2026")
    assert w("accept").status is S.EXPENSE_ENTRY


def test_linyi_4_1_1_a_duplicate_case_is_refused_and_the_other_cases_are_a_needed_fact() -> None:
    linyi = bundled("linyi")
    m = machine_for(linyi)
    first = new_claim("LP1", "disease_hospitalization", ZHANG, "LY-P-1", "LY-HOSP-2026")
    first = m.apply(
        first,
        "accept",
        actor="o",
        at=datetime(2026, 3, 9),
        context=Facts(rules=linyi, other_claims=()),
    ).entity
    second = new_claim("LP2", "disease_hospitalization", ZHANG, "LY-P-1", "LY-HOSP-2026")
    with pytest.raises(GuardFailed) as err:
        m.apply(
            second,
            "accept",
            actor="o",
            at=datetime(2026, 3, 9),
            context=Facts(rules=linyi, other_claims=(first,)),
        )
    assert codes(err.value) == ("claim.duplicate_case",)
    with pytest.raises(MissingFact) as missing:
        m.apply(second, "accept", actor="o", at=datetime(2026, 3, 9), context=Facts(rules=linyi))
    assert missing.value.details["fact"] == "other_claims"
    # a deleted first case does not count
    deleted = attrs.evolve(first, status=S.DELETED)
    assert (
        m.apply(
            second,
            "accept",
            actor="o",
            at=datetime(2026, 3, 9),
            context=Facts(rules=linyi, other_claims=(deleted,)),
        ).entity.status
        is S.MATERIALS_UPLOAD
    )


def test_linyi_4_1_2_deletion_needs_the_second_confirmation() -> None:
    """4.1.2「点击【案件删除】；弹出二次确认提示框后，点击【确认】后，会将该案件删除」"""
    w = linyi_walk("disease_hospitalization")
    linyi = w.facts.rules
    w("accept")
    assert w.refused("delete", confirmed=False) == ("claim.deletion_not_confirmed",)
    with pytest.raises(LifecycleError):  # no confirmation at all: a missing parameter
        machine_for(linyi).apply(w.claim, "delete", actor="o", at=datetime(2026, 3, 9))
    with pytest.raises(InvalidParameter):
        machine_for(linyi).apply(
            w.claim, "delete", actor="o", at=datetime(2026, 3, 9), confirmed="yes"
        )
    assert w("delete", confirmed=True).status is S.DELETED
    assert w.events[-1].name == "claim_deleted"
    with pytest.raises(ActionNotAllowed):  # nothing after deletion
        machine_for(linyi).apply(
            w.claim, "accept", actor="o", at=datetime(2026, 3, 9), context=w.facts
        )


def test_linyi_4_1_3_materials_upload_completes_to_expense_entry() -> None:
    """4.1.3「根据提示将必传的材料类型…上传成功后，点击确定完成材料上传。状态为材料上传状态的案件完成上传后，
    状态会变成费用录入。」"""
    w = linyi_walk("accident_hospitalization")
    linyi = w.facts.rules
    w("accept")
    assert [c.id for c in pending([w.claim], MATERIALS_UPLOAD)] == ["LP1"]
    assert w.refused("finish_materials") == ("claim.materials_missing",)
    _upload_all(w)
    assert missing_materials(w.claim, linyi, date(2026, 3, 9)) == ()
    assert w("finish_materials").status is S.EXPENSE_ENTRY


def test_linyi_4_2_1_take_from_the_pending_pool_into_in_progress_and_release() -> None:
    """4.2.1「在待处理工作池中…点击【获取】按钮，将所选择的案件移动到处理中工作池」"""
    w = linyi_walk("special_disease")
    w("accept")
    assert [c.id for c in pending([w.claim], EXPENSE_ENTRY)] == ["LP1"]
    assert w.refused("enter_case", actor="wang", payee=PAYEE) == ("claim.not_held",)
    w("take", actor="wang")
    assert pending([w.claim], EXPENSE_ENTRY) == ()
    assert [c.id for c in in_progress([w.claim], EXPENSE_ENTRY, "wang")] == ["LP1"]
    assert in_progress([w.claim], EXPENSE_ENTRY, "zhao") == ()
    assert w.refused("take", actor="zhao") == ("claim.held_by_other",)
    assert w.refused("release", actor="zhao") == ("claim.not_held",)
    w("release", actor="wang")
    assert w.claim.clerk is None and w.claim.status is S.EXPENSE_ENTRY
    w("take", actor="zhao")
    assert w.claim.clerk == "zhao"


def test_linyi_4_2_2_case_entry_calculation_and_submission_to_initial_review() -> None:
    """4.2.2「需要录入领款人信息和出险信息…如果申领类型中包含疾病住院或意外住院，还需要录入结算单信息。
    …点击【申领计算】…必填信息录入完毕且互助金额不为0后，点击【申领提交】…案件状态会变为申领初审」"""
    w = linyi_walk("disease_hospitalization")
    linyi = w.facts.rules
    w("accept")
    _upload_all(w)
    w("finish_materials")
    w("take", actor="wang")
    w("enter_case", actor="wang", payee=PAYEE, incident=INCIDENT)
    w("calculate", actor="wang", benefit=Decimal("1200.00"))
    w.facts = Facts(rules=linyi)
    assert w.refused("submit", actor="wang") == ("claim.settlement_sheet_missing",)
    w("enter_case", actor="wang", settlement_sheet=SHEET)
    assert w.claim.status is S.EXPENSE_ENTRY and w.claim.benefit is None  # calculate again
    assert w.refused("calculate", actor="zhao", benefit=Decimal("1")) == ("claim.not_held",)
    w("calculate", actor="wang", benefit=Decimal("0.00"))
    assert w.refused("submit", actor="wang") == ("claim.benefit_zero",)
    w("calculate", actor="wang", benefit=Decimal("1200.00"), benefit_reference="calc-1")
    assert w("submit", actor="wang").status is S.SUBMITTED
    assert w.claim.clerk is None and w.claim.benefit_reference == "calc-1"
    assert [c.id for c in pending([w.claim], REVIEW)] == ["LP1"]
    assert w.events[-1].name == "claim_submitted"
    # the audit trail replays to the same case
    assert machine_for(linyi).replay(w.initial, w.trail) == w.claim


def test_linyi_4_3_closed_cases_are_found_by_claimant() -> None:
    """4.3「可查询结案状态的单位端申领的案件数据…点击‘查看’可以查询所选案件的详细信息」"""
    closed = case("LP1", status=S.CLOSED, unit_id="U1", filed_on=date(2026, 3, 9))
    other = case("LP2", member=LI, status=S.CLOSED, unit_id="U2", filed_on=date(2026, 1, 9))
    open_ = case("LP3", status=S.SUBMITTED)
    everyone = [closed, other, open_]
    assert [c.id for c in closed_cases(everyone)] == ["LP1", "LP2"]
    assert [c.id for c in closed_cases(everyone, id_number=ZHANG.id_number)] == ["LP1"]
    assert [c.id for c in closed_cases(everyone, unit_id="U2")] == ["LP2"]
    assert [c.id for c in closed_cases(everyone, closed_from=date(2026, 2, 1))] == ["LP1"]
    assert [c.id for c in closed_cases(everyone, claim_type=ClaimType.DISEASE_HOSPITALIZATION)] == [
        "LP1",
        "LP2",
    ]


def _linyi_in_review() -> Walk:
    w = linyi_walk("special_disease")
    linyi = w.facts.rules
    w("accept")
    w("take", actor="wang")
    w("enter_case", actor="wang", payee=PAYEE, incident=INCIDENT)
    w("calculate", actor="wang", benefit=Decimal("800.00"))
    w.facts = Facts(rules=linyi)
    w("submit", actor="wang")
    w("take", actor="reviewer")
    return w


def test_review_returns_with_reasons_the_return_is_taken_back_or_corrected_and_resubmitted() -> (
    None
):
    w = _linyi_in_review()
    assert w.claim.status is S.INITIAL_REVIEW and w.claim.clerk == "reviewer"
    assert w.refused("return", actor="reviewer") == ("review.reasons_required",)
    assert w.refused("return", actor="other", note="x") == ("claim.not_held",)
    w("return", actor="reviewer", note="发票模糊", reasons=("claim.materials_missing",))
    assert w.claim.status is S.RETURNED and w.claim.clerk is None
    event = w.events[-1]
    assert isinstance(event, ClaimReturned) and event.reasons == ("claim.materials_missing",)
    w("take_back", actor="reviewer")
    assert w.claim.status is S.INITIAL_REVIEW and w.claim.clerk == "reviewer"
    w("return", actor="reviewer", note="请补充")
    w("correct", actor="wang")
    assert w.claim.status is S.EXPENSE_ENTRY and w.claim.clerk == "wang"
    w("calculate", actor="wang", benefit=Decimal("780.00"))
    w("submit", actor="wang")
    assert [r.action for r in w.claim.reviews] == ["return", "take_back", "return"]
    assert w.claim.reviews[0].reasons == ("claim.materials_missing",)
    assert machine_for(bundled("linyi")).replay(w.initial, w.trail) == w.claim


def test_approval_payment_closing_and_reopening_keep_the_history() -> None:
    w = _linyi_in_review()
    w("approve", actor="reviewer")
    assert w.claim.status is S.APPROVED
    assert w.refused("close", actor="office") == ("claim.payment_due",)
    assert w.refused("pay", amount=Decimal("799.99"), paid_on=date(2026, 3, 20)) == (
        "claim.payment_mismatch",
    )
    with pytest.raises(InvalidParameter):
        machine_for(bundled("linyi")).apply(
            w.claim,
            "pay",
            actor="f",
            at=datetime(2026, 3, 20),
            amount="800.00",
            paid_on=date(2026, 3, 20),
        )
    w("pay", actor="finance", amount=Decimal("800.00"), paid_on=date(2026, 3, 20), reference="B1")
    assert isinstance(w.events[-1], ClaimPaid) and "6222" not in repr(w.events[-1])
    w("close")
    assert w.claim.status is S.CLOSED
    assert w.refused("reopen", actor="reviewer") == ("review.reasons_required",)
    w("reopen", actor="reviewer", note="补充发票")
    assert w.claim.status is S.INITIAL_REVIEW and w.claim.paid_total == Decimal("800.00")
    w("calculate", actor="reviewer", benefit=Decimal("950.00"))
    w("approve", actor="reviewer")
    # a re-opened case pays the difference only
    assert w.refused("pay", amount=Decimal("950.00"), paid_on=date(2026, 5, 1)) == (
        "claim.payment_mismatch",
    )
    w("pay", amount=Decimal("150.00"), paid_on=date(2026, 5, 1))
    assert w.claim.paid_total == Decimal("950.00")
    w("close")
    assert [r.action for r in w.claim.reviews] == ["approve", "reopen", "approve"]
    assert machine_for(bundled("linyi")).replay(w.initial, w.trail) == w.claim


def test_a_lower_benefit_after_reopening_closes_without_payment() -> None:
    w = _linyi_in_review()
    w("approve", actor="reviewer")
    w("pay", amount=Decimal("800.00"), paid_on=date(2026, 3, 20))
    w("close")
    w("reopen", actor="reviewer", note="复核")
    w("calculate", actor="reviewer", benefit=Decimal("700.00"))
    w("approve", actor="reviewer")
    assert w.refused("pay", amount=Decimal("0.00"), paid_on=date(2026, 5, 1)) == (
        "claim.payment_mismatch",
    )
    assert w("close").status is S.CLOSED


def test_rejection_needs_reasons_and_a_case_in_review_cannot_be_deleted() -> None:
    w = _linyi_in_review()
    assert w.refused("delete", confirmed=True) == ("claim.not_deletable",)
    assert w.refused("reject", actor="reviewer") == ("review.reasons_required",)
    w("reject", actor="reviewer", note="不在保障期内", reasons=("cover.not_covered",))
    assert w.claim.status is S.REJECTED and w.events[-1].reasons == ("cover.not_covered",)
    assert w("close").status is S.CLOSED


def test_the_benefit_must_be_a_decimal_and_never_negative() -> None:
    w = _linyi_in_review()
    with pytest.raises(InvalidParameter):
        machine_for(bundled("linyi")).apply(
            w.claim, "calculate", actor="reviewer", at=datetime(2026, 3, 20), benefit=800
        )
    with pytest.raises(InvalidAmount):
        machine_for(bundled("linyi")).apply(
            w.claim, "calculate", actor="reviewer", at=datetime(2026, 3, 20), benefit=Decimal("-1")
        )


# --- Guangdong, seed 001 ----------------------------------------------------------------------


def test_guangdong_9_1_a_draft_is_not_a_submission() -> None:
    """九（一）「点击【暂存】后并未发起理赔申请，需要进入【个人理赔提交】菜单，点击【提交】，才完成理赔申请的发起。」"""
    w = guangdong_walk("disease_hospitalization", "GD-HOSP-2026")
    gd = w.facts.rules
    w("save", actor="handler", payee=PAYEE, incident=INCIDENT)
    assert w.claim.status is S.DRAFT and w.events == []
    assert pending([w.claim], REVIEW) == ()
    with pytest.raises(StepNotInRegion):  # no office acceptance in Guangdong
        machine_for(gd).apply(
            w.claim, "accept", actor="o", at=datetime(2026, 4, 1), context=w.facts
        )


def test_guangdong_9_2_edit_add_materials_submit_return_and_resubmit() -> None:
    """九（二）「单位专管员可通过本功能修改理赔申请，并补充完善理赔资料，点击提交后，理赔申请将发送到理赔部进行审核。」"""
    w = guangdong_walk("disease_hospitalization", "GD-HOSP-2026")
    gd = w.facts.rules
    w("save", actor="handler", payee=PAYEE)
    assert set(w.refused("submit", actor="handler")) == {
        "claim.materials_missing",
        "claim.incident_missing",
    }
    _upload_all(w)
    w("save", actor="handler", incident=Incident(date(2026, 3, 2), "广州", "住院"))
    w("submit", actor="handler")
    assert w.claim.status is S.SUBMITTED and w.claim.filed_on is not None
    w("take", actor="dept")
    w("return", actor="dept", note="请补充出院小结原件照片", reasons=("claim.materials_missing",))
    assert machine_for(gd).allowed_actions(w.claim)[:2] == ("save", "submit")
    w(
        "provide_material",
        actor="handler",
        material=Material(MaterialKind.DISCHARGE_SUMMARY, "出院小结", "v2.jpg", True),
    )
    w("submit", actor="handler")
    w("take", actor="dept")
    assert w.refused("approve", actor="dept") == ("claim.benefit_zero",)
    w("calculate", actor="dept", benefit=Decimal("3000.00"))
    w("approve", actor="dept")
    w("pay", actor="finance", amount=Decimal("3000.00"), paid_on=date(2026, 4, 20))
    w("close", actor="dept")
    assert w.claim.status is S.CLOSED
    assert machine_for(gd).replay(w.initial, w.trail) == w.claim


def test_guangdong_a_case_filed_too_late_is_refused() -> None:
    w = guangdong_walk("special_disease", "GD-CI-2026")
    w("save", payee=PAYEE, incident=Incident(date(2023, 1, 1)))
    _upload_all(w)
    assert w.refused("submit") == ("claim.filed_too_late",)


def test_weihai_has_no_claim_step() -> None:
    weihai = bundled("weihai")
    m = machine_for(weihai)
    assert m.actions == ()
    for action in ("save", "submit", "accept", "take"):
        with pytest.raises(StepNotInRegion):
            m.apply(case(), action, actor="x", at=datetime(2026, 3, 9))


def test_without_the_pack_the_steps_that_ask_it_raise_missing_fact() -> None:
    m = claim_machine(UNIT_FLOW)
    with pytest.raises(MissingFact):
        m.apply(
            case(), "submit", actor="x", at=datetime(2026, 3, 9), context=Facts(other_claims=())
        )
    office = claim_machine(LINYI_FLOW)
    with pytest.raises(MissingFact):
        office.apply(case(), "accept", actor="x", at=datetime(2026, 3, 9))


def test_a_case_of_a_plan_the_pack_does_not_know_is_refused() -> None:
    view = test_pack(UNIT_FLOW)
    m = claim_machine(UNIT_FLOW)
    with pytest.raises(GuardFailed) as err:
        m.apply(
            case(plan_code="NOPE", payee=PAYEE, incident=INCIDENT),
            "submit",
            actor="x",
            at=datetime(2026, 3, 9),
            context=Facts(rules=view, other_claims=()),
        )
    assert codes(err.value) == ("claim.unknown_plan",)


def test_a_flow_says_who_opens_a_case() -> None:
    with pytest.raises(ValueError, match="unit_files"):
        ClaimFlow("x")
    with pytest.raises(ValueError, match="calculation_step"):
        ClaimFlow("x", office_acceptance=True, calculation_step=True)
    with pytest.raises(ValueError, match="office's steps"):
        ClaimFlow("x", unit_files=True, materials_step=True)
    with pytest.raises(ValueError, match="office's steps"):
        ClaimFlow("x", unit_files=True, office_acceptance=True)


def test_payee_account_and_id_number_stay_masked_in_reprs_and_events() -> None:
    w = _linyi_in_review()
    w("return", actor="reviewer", note=f"出险人{ZHANG.id_number}的领款账户{PAYEE.account}有误")
    w.claim = attrs.evolve(w.claim, remarks=f"备注{ZHANG.id_number}")
    text = repr(w.claim) + repr(w.trail) + repr(w.events)
    assert ZHANG.id_number not in text and PAYEE.account not in text
    assert w.claim.reviews[-1].note.startswith(
        f"出险人{ZHANG.id_number}"
    )  # kept whole, masked in repr
    assert isinstance(w.claim.payee, Payee)


def test_a_new_case_takes_the_type_by_value_or_label_and_refuses_others() -> None:
    assert (
        new_claim("X", "疾病住院", ZHANG, "P", "P1").claim_type is ClaimType.DISEASE_HOSPITALIZATION
    )
    assert new_claim("X", ClaimType.DEATH, ZHANG, "P", "P1").claim_type is ClaimType.DEATH
    with pytest.raises(ConversionError, match="not a ClaimType"):
        new_claim("X", "门诊", ZHANG, "P", "P1")


def test_expense_lines_must_be_expenses() -> None:
    m = claim_machine(UNIT_FLOW)
    with pytest.raises(InvalidParameter, match="Expense lines"):
        m.apply(case(), "save", actor="h", at=datetime(2026, 3, 9), expenses=[("住院费", "100")])
    saved = m.apply(
        case(), "save", actor="h", at=datetime(2026, 3, 9), expenses=[Expense("住院费", "100")]
    )
    assert saved.entity.expenses == (
        Expense("住院费", "100"),
    ) and saved.entity.total_expenses == Decimal("100.00")
