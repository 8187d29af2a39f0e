"""The application machine, region by region."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from lifecycle_helpers import AT, ParamPack, Walker, application, complete_unit, members, plan
from mutualaid_pack_guangdong import flows as guangdong
from mutualaid_pack_linyi import flows as linyi
from mutualaid_pack_shenzhen import flows as shenzhen
from mutualaid_pack_weihai import flows as weihai
from mutualaid_pack_yiyang import flows as yiyang

from mutualaid.errors import ActionNotAllowed, GuardFailed, MissingFact, StepNotInRegion
from mutualaid.lifecycle import guards
from mutualaid.lifecycle.application import application_machine, flow_from
from mutualaid.lifecycle.events import (
    ApplicationApproved,
    ApplicationReturned,
    MaterialsRequested,
    PaymentConfirmed,
    PolicyEffective,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE, REQUIRED_MATERIALS, UNIT
from mutualaid.lifecycle.invoicing import RULES
from mutualaid.model import Gender, IdType, Member, Roster
from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.payment import PaymentNotice
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import InvoiceRequestStatus, PaymentNoticeStatus
from mutualaid.rules.engine import RuleEngine
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import ApplicationFlow

# Each region's flow with the pack data these tests rely on (the packs hold the
# same parameters in rulepacks/<region>/.../data/rules.json; the flow constants
# give only the structure).
WEIHAI_DATA = {
    "application.max_plans": 1,
    "application.required_declared_counts": ["insured_headcount", "paying_headcount"],
    "application.enrolled_must_equal_declared": "paying_headcount",
}
SHENZHEN_DATA = {"application.requires_terms_accepted": True, "effective.set_by_association": True}
LINYI_DATA = {"application.required_declared_counts": ["active_staff", "active_female_staff"]}
WEIHAI_FLOW = weihai.WEIHAI_FLOW.with_parameters(WEIHAI_DATA.get)
GUANGDONG_FLOW = guangdong.GUANGDONG_FLOW
SHENZHEN_FLOW = shenzhen.SHENZHEN_FLOW.with_parameters(SHENZHEN_DATA.get)
LINYI_FLOW = linyi.LINYI_FLOW.with_parameters(LINYI_DATA.get)
YIYANG_FLOW = yiyang.YIYANG_FLOW.with_parameters(
    {"application.max_plans": 1, "application.one_tier_per_plan_per_unit": True}.get
)


#: A pack with the core's rules only (and the tests' plan): effective from the coverage start.
PLAIN = ParamPack("p", {}, (plan(),)).view()
#: The submit context of a host that gives the pack (as every host must).
PACK = {RULES: PLAIN}
#: Packs answering with each region's data (the submit guard asks them).
WEIHAI_RULES = ParamPack("wh", WEIHAI_DATA, (plan(),)).view()
SHENZHEN_RULES = ParamPack("sz", SHENZHEN_DATA, (plan(),)).view()
LINYI_RULES = ParamPack("ly", LINYI_DATA, (plan(),)).view()


def weihai_counts(paying: int) -> DeclaredCounts:
    """Weihai's two counts: 缴费人数 ``paying`` of 社保缴费人数 ``paying + 10`` (seed 000 §13: 120, 110)."""
    return DeclaredCounts(insured_headcount=paying + 10, paying_headcount=paying)


def test_the_count_rule_is_the_packs_data() -> None:
    """The flow constants hold structure only: Weihai's count rule is its pack's (the pack judges)."""
    app = application(declared=weihai_counts(3))
    ctx = {UNIT: complete_unit()}
    bare = application_machine(weihai.WEIHAI_FLOW)
    assert bare.check(app, "submit", at=AT, context={**ctx, RULES: PLAIN}) == ()
    reasons = bare.check(app, "submit", at=AT, context={**ctx, RULES: WEIHAI_RULES})
    assert [r.code for r in reasons] == ["roster.count_mismatch"]


@pytest.mark.parametrize(
    "flow",
    [weihai.WEIHAI_FLOW, GUANGDONG_FLOW, SHENZHEN_FLOW, LINYI_FLOW, YIYANG_FLOW],
    ids=lambda f: f.region,
)
def test_submit_without_the_pack_is_refused_in_every_region(flow: ApplicationFlow) -> None:
    """Reviewer 2: only Yiyang asked for the pack; elsewhere every pack check was skipped."""
    app = application(flow.region, declared=DeclaredCounts(2, 2, 2, 1, 2), terms_accepted=True)
    ctx = {UNIT: complete_unit()}
    with pytest.raises(MissingFact, match="'rules'"):
        application_machine(flow).check(app, "submit", at=AT, context=ctx)
    assert (
        application_machine(flow).check(app, "submit", at=AT, context={**ctx, RULES: PLAIN}) == ()
    )


def test_each_rule_is_reported_once_by_the_pack() -> None:
    """Reviewer 2: the flow restated the pack's rules under other codes (application.count_mismatch
    and roster.count_mismatch; application.mixed_tiers and roster.tier_mixed)."""
    app = application(declared=weihai_counts(3))  # two members, three declared
    ctx = {UNIT: complete_unit(), RULES: WEIHAI_RULES}
    reasons = application_machine(WEIHAI_FLOW).check(app, "submit", at=AT, context=ctx)
    assert [r.code for r in reasons] == ["roster.count_mismatch"]
    one = plan()
    two_plan = attrs.evolve(one, tiers=(*one.tiers, attrs.evolve(one.tiers[0], code="90")))
    yiyang_rules = ParamPack("yy", {"roster.single_tier": True}, (two_plan,)).view()
    line = app.lines[0]
    tiers = ("60", "90")
    mixed = line.roster.with_entries(
        attrs.evolve(e, tier_code=t) for e, t in zip(line.roster.entries, tiers, strict=True)
    )
    two_tiers = attrs.evolve(yy_young(), lines=(attrs.evolve(line, roster=mixed),))
    reasons = application_machine(YIYANG_FLOW).check(
        two_tiers, "submit", at=AT, context={RULES: yiyang_rules}
    )
    assert [r.code for r in reasons] == ["roster.tier_mixed"]
    # one tier in the roster, another chosen on the line: the pack names each entry
    # (roster.tier_mismatch); the flow's structural check speaks only without the pack
    other = line.roster.with_entries(attrs.evolve(e, tier_code="90") for e in line.roster.entries)
    chosen = attrs.evolve(yy_young(), lines=(attrs.evolve(line, tier_code="60", roster=other),))
    reasons = application_machine(YIYANG_FLOW).check(
        chosen, "submit", at=AT, context={RULES: yiyang_rules}
    )
    assert [r.code for r in reasons] == ["roster.tier_mismatch"] * 2
    with pytest.raises(MissingFact, match="'rules'"):
        application_machine(YIYANG_FLOW).check(chosen, "submit", at=AT)


def codes(err: pytest.ExceptionInfo[GuardFailed]) -> tuple[str, ...]:
    return tuple(err.value.details["codes"])


def paid(app: Application, arrival: date = date(2025, 3, 20), rules: Any = PLAIN) -> dict[str, Any]:
    """The context of ``confirm_payment``: the application's notice, confirmed (two members ×
    60), and the pack (``rules=None``: none)."""
    notice = PaymentNotice("JF1", app.id, Decimal("120"), date(2025, 3, 6),
                           PaymentNoticeStatus.CONFIRMED, arrival_date=arrival)  # fmt: skip
    return {PAYMENT_NOTICE: notice} | ({RULES: rules} if rules is not None else {})


# --- Weihai -------------------------------------------------------------------


def test_weihai_submit_blocked_until_unit_complete_and_counts_match() -> None:
    m = application_machine(WEIHAI_FLOW)
    app = application(declared=weihai_counts(3))
    incomplete = complete_unit(union_chair=None)
    with pytest.raises(GuardFailed) as err:
        m.apply(app, "submit", actor="U1", at=AT, context={UNIT: incomplete, RULES: WEIHAI_RULES})
    assert codes(err) == ("unit.info_incomplete", "roster.count_mismatch")
    assert "union_chair.name" in str(err.value)
    fixed = m.apply(app, "save", actor="U1", at=AT, declared=weihai_counts(2)).entity
    out = m.apply(
        fixed, "submit", actor="U1", at=AT, context={UNIT: complete_unit(), RULES: WEIHAI_RULES}
    )
    assert out.entity.status is S.SUBMITTED


def test_weihai_submit_compares_the_roster_with_the_paying_headcount_only() -> None:
    """Seed 000 §19 备注 "若录入人员数量与填写数量不符，则无法进行提交": the typed count is 缴费人数."""
    m = application_machine(WEIHAI_FLOW)
    ctx = {UNIT: complete_unit(), RULES: WEIHAI_RULES}
    two = application(declared=DeclaredCounts(insured_headcount=120, paying_headcount=2))
    assert m.check(two, "submit", at=AT, context=ctx) == ()
    missing = application(declared=DeclaredCounts(insured_headcount=2))
    assert [r.code for r in m.check(missing, "submit", at=AT, context=ctx)] == [
        "application.declared_missing"
    ]
    assert "缴费人数" in m.check(missing, "submit", at=AT, context=ctx)[0].message


def test_weihai_certificate_is_required() -> None:
    m = application_machine(WEIHAI_FLOW)
    app = application(declared=weihai_counts(2))
    unit = complete_unit(has_registration_certificate=False)
    with pytest.raises(GuardFailed) as err:
        m.apply(app, "submit", actor="U1", at=AT, context={UNIT: unit, RULES: WEIHAI_RULES})
    assert codes(err) == ("unit.certificate_missing",)


def test_weihai_return_with_feedback_and_resubmit() -> None:
    w = Walker(application_machine(WEIHAI_FLOW), application(declared=weihai_counts(2)))
    ctx = {UNIT: complete_unit(), RULES: WEIHAI_RULES}
    w.do("submit", context=ctx)
    with pytest.raises(GuardFailed, match="reasons_required"):
        w.do("return", actor="office")
    w.do("return", actor="office", note="信息有错误")
    assert w.entity.status is S.RETURNED
    assert w.entity.feedback == "信息有错误"
    assert isinstance(w.events[-1], ApplicationReturned)
    assert w.events[-1].feedback == "信息有错误"
    w.do("submit", context=ctx)
    assert w.entity.feedback == ""
    w.do("approve", actor="office", context=ctx)
    assert w.entity.status is S.AWAITING_PAYMENT
    assert w.replayed() == w.entity


@pytest.mark.parametrize(
    ("has_e_seal", "next_step"),
    [(True, "upload_voucher"), (False, "print_group_application_form")],
)
def test_weihai_e_seal_branch(has_e_seal: bool, next_step: str) -> None:
    ctx = {UNIT: complete_unit(has_e_seal=has_e_seal), RULES: WEIHAI_RULES}
    w = Walker(application_machine(WEIHAI_FLOW), application(declared=weihai_counts(2)))
    w.do("submit", context=ctx)
    w.do("approve", actor="office", context=ctx)
    approved = w.events[-1]
    assert isinstance(approved, ApplicationApproved)
    assert approved.next_step == next_step
    if has_e_seal:
        w.do("submit_payment", context=ctx)
        assert w.entity.status is S.PAYMENT_SUBMITTED
        w.do("return_payment", actor="office", note="凭证不清晰")
        assert w.entity.status is S.AWAITING_PAYMENT
        w.do("submit_payment", context=ctx)
    else:
        with pytest.raises(GuardFailed, match="e_seal_required"):
            w.do("submit_payment", context=ctx)
    w.do("confirm_payment", actor="office", context=paid(w.entity, date(2018, 3, 10)))
    assert w.entity.status is S.EFFECTIVE
    assert [type(e) for e in w.events[-2:]] == [PaymentConfirmed, PolicyEffective]


def test_weihai_allows_one_plan_per_application() -> None:
    m = application_machine(WEIHAI_FLOW)
    app = application()
    two = (*app.lines, ApplicationLine("allowance"))
    with pytest.raises(GuardFailed) as err:
        m.apply(app, "save", actor="U1", at=AT, lines=two)
    assert codes(err) == ("application.too_many_plans",)


# --- Guangdong ------------------------------------------------------------------


def test_guangdong_materials_stamped_form_two_reviews() -> None:
    m = application_machine(GUANGDONG_FLOW)
    app = application("guangdong")
    w = Walker(m, app)
    w.do(
        "save",
        reference_effective_date=date(2025, 4, 1),
        lines=(
            ApplicationLine(
                "medical",
                shares=2,
                roster=Roster.of("medical", members(2), shares=2),  # each entry: the line's 2
                gift_plans=("gift-accident",),
            ),
        ),
    )
    shares = ParamPack("gd", {}, (attrs.evolve(plan(), max_shares=3),)).view()  # 1 to 3 shares
    needed = {REQUIRED_MATERIALS: (MaterialKind.OVER_AGE_PROOF,), RULES: shares}
    with pytest.raises(GuardFailed, match="materials_missing"):
        w.do("submit", context=needed)
    w.do(
        "provide_material", material=Material.required(MaterialKind.OVER_AGE_PROOF).provide("a.pdf")
    )
    w.do("submit", context=needed)
    assert w.entity.status is S.SUBMITTED
    with pytest.raises(GuardFailed, match="stamped_application_missing"):
        w.do("approve", actor="office")
    w.do("upload_stamped_application", reference="stamped.jpg")
    w.do("approve", actor="office")
    assert w.entity.status is S.AWAITING_SECOND_REVIEW
    assert w.events[-1].next_step == "second_review"
    w.do("approve", actor="office")
    assert w.entity.status is S.AWAITING_PAYMENT
    assert w.events[-1].next_step == "payment"
    w.do("confirm_payment", actor="finance", context=paid(w.entity, date(2025, 3, 20)))
    assert w.entity.status is S.EFFECTIVE
    assert w.replayed() == w.entity


@pytest.mark.parametrize(
    "state_actions",
    [(), ("submit",), ("submit", "upload_stamped_application", "approve", "approve")],
)
def test_guangdong_cancel_before_payment(state_actions: tuple[str, ...]) -> None:
    w = Walker(application_machine(GUANGDONG_FLOW), application("guangdong"))
    for action in state_actions:
        w.do(action, context=PACK)
    w.do("cancel")
    assert w.entity.status is S.CANCELLED
    with pytest.raises(ActionNotAllowed):
        w.do("submit", context=PACK)


def test_gift_plans_refused_where_the_region_has_none() -> None:
    app = application("linyi")
    with pytest.raises(GuardFailed, match="gift_plans_not_offered"):
        application_machine(LINYI_FLOW).apply(
            app, "save", actor="u", at=AT, lines=(attrs.evolve(app.lines[0], gift_plans=("g",)),)
        )


# --- Shenzhen ----------------------------------------------------------------------


def test_shenzhen_terms_draft_and_association_sets_effective_time() -> None:
    pack = {RULES: SHENZHEN_RULES}
    w = Walker(application_machine(SHENZHEN_FLOW), application("shenzhen", lines=()))
    w.do("save", requested_effective_date=date(2025, 5, 1))  # 暂存
    assert w.entity.status is S.DRAFT
    w.do("save", lines=application("shenzhen").lines)
    with pytest.raises(GuardFailed) as err:
        w.do("submit", context=pack)
    assert codes(err) == ("application.terms_not_accepted",)
    w.do("accept_terms")
    w.do("submit", context=pack)
    w.do("approve", actor="association")
    w.do("submit_payment")
    assert w.entity.status is S.PAYMENT_SUBMITTED
    w.do("confirm_payment", actor="association", context=paid(w.entity, date(2025, 4, 20)))
    assert w.entity.status is S.AWAITING_EFFECTIVE_DATE
    w.do("set_effective_date", actor="association", effective_date=date(2025, 5, 1), context=pack)
    assert w.entity.status is S.EFFECTIVE
    assert w.events[-1] == PolicyEffective(
        subject_id="A1", at=AT, actor="association", effective_date=date(2025, 5, 1)
    )
    assert w.replayed() == w.entity


# --- Linyi --------------------------------------------------------------------------------


def test_linyi_declared_counts_initial_review_invoice_entry() -> None:
    pack = {RULES: LINYI_RULES}
    w = Walker(application_machine(LINYI_FLOW), application("linyi"))
    with pytest.raises(GuardFailed) as err:
        w.do("submit", context=pack)
    assert codes(err) == ("application.declared_missing", "application.declared_missing")
    w.do("save", declared=DeclaredCounts(active_staff=30, active_female_staff=12))
    w.do("submit", context=pack)
    w.do("return", actor="office", note="附件不全")
    w.do("submit", context=pack)
    w.do("approve", actor="office")
    assert w.entity.status is S.AWAITING_INVOICE_ENTRY
    assert w.events[-1].next_step == "invoice_entry"
    with pytest.raises(MissingFact, match="'invoice_request'"):
        w.do("enter_invoice", invoice_request_id="INV1")
    request = InvoiceRequest("INV1", "U1", ("A1",), "某公司", "x", Decimal("60"), "a@b.c",
                             date(2025, 3, 1), status=InvoiceRequestStatus.SUBMITTED)  # fmt: skip
    with pytest.raises(GuardFailed, match="request_mismatch"):
        w.do("enter_invoice", invoice_request_id="INV2", context={"invoice_request": request})
    w.do("enter_invoice", invoice_request_id="INV1", context={"invoice_request": request})
    assert w.entity.status is S.PAYMENT_SUBMITTED
    w.do("confirm_payment", actor="office", context=paid(w.entity, date(2025, 3, 20)))
    assert w.entity.status is S.EFFECTIVE


def test_blocking_findings_block_submission() -> None:
    bad = [Finding.error("id.checksum", "证件号码校验位错误")] * 7
    app = application("linyi", declared=DeclaredCounts(active_staff=2, active_female_staff=1))
    with pytest.raises(GuardFailed) as err:
        application_machine(LINYI_FLOW).apply(
            app, "submit", actor="u", at=AT, context={"findings": bad, RULES: PLAIN}
        )
    assert codes(err) == ("id.checksum",) * 5 + ("findings.more",)


# --- Yiyang ----------------------------------------------------------------------------


def yy_app(n: int = 2) -> Application:
    """A Yiyang application; its first member (born 1949, female) is past retirement age."""
    return application("yiyang", n=n, declared=DeclaredCounts(medical_insurance_headcount=n))


def yy_young() -> Application:
    """A Yiyang application without over-age members."""
    roster = Roster.of("medical", members(3)[1:])
    return application(
        "yiyang",
        lines=(ApplicationLine("medical", roster=roster),),
        declared=DeclaredCounts(medical_insurance_headcount=2),
    )


#: A pack with the core's over-age rule on (as Yiyang's data has it).
YY_RULES = ParamPack("yy", {"member.over_retirement_needs_proof": True}, plans=(plan(),)).view()
OVER_AGE_PROOF = Material.required(MaterialKind.OVER_AGE_PROOF).provide("名册.pdf")


def test_yiyang_without_over_age_goes_straight_to_payment() -> None:
    w = Walker(application_machine(YIYANG_FLOW), yy_young())
    w.do("submit", context={RULES: YY_RULES})
    assert w.entity.status is S.AWAITING_PAYMENT


def test_yiyang_a_host_that_says_nothing_about_over_age_is_refused() -> None:
    """Whether the material review is needed is the pack's answer, never a silent default."""
    w = Walker(application_machine(YIYANG_FLOW), yy_app())
    w.do("provide_material", material=OVER_AGE_PROOF)
    with pytest.raises(MissingFact, match="'rules'"):
        w.do("submit")
    assert w.entity.status is S.DRAFT


def test_yiyang_over_age_review_follows_the_pack_not_the_host() -> None:
    w = Walker(application_machine(YIYANG_FLOW), yy_app())
    with pytest.raises(GuardFailed) as err:  # the pack asks for the over-age roster
        w.do("submit", context={RULES: YY_RULES})
    assert codes(err) == ("application.materials_missing",)
    w.do("provide_material", material=OVER_AGE_PROOF)
    w.do("submit", context={RULES: YY_RULES})
    assert w.entity.status is S.AWAITING_MATERIAL_REVIEW
    assert w.replayed() == w.entity


def test_yiyang_only_the_pack_says_who_is_over_age() -> None:
    """No host count stands in for the pack: without it, even a young roster is refused."""
    assert not hasattr(guards, "OVER_AGE")
    w = Walker(application_machine(YIYANG_FLOW), yy_young())
    with pytest.raises(MissingFact, match="unknown fact 'over_age'"):
        w.do("submit", context={"over_age": 0})
    with pytest.raises(MissingFact, match="'rules'"):
        w.do("submit")
    w.do("submit", context={RULES: YY_RULES})
    assert w.entity.status is S.AWAITING_PAYMENT


def test_the_packs_findings_block_submission_without_the_host_passing_them() -> None:
    """With the pack in the context, the guard asks it about the application, rosters, members."""
    view = ParamPack(
        "ly", {"member.other_id_needs_gender_and_birth_date": True}, plans=(plan(),)
    ).view()
    passport = attrs.evolve(
        Member("John Smith", IdType.PASSPORT, "E12345678", Gender.MALE, date(1980, 2, 3)),
        gender=None,
        birth_date=None,
    )
    app = application(
        "linyi",
        lines=(ApplicationLine("medical", roster=Roster.of("medical", [passport])),),
        declared=DeclaredCounts(active_staff=1, active_female_staff=0),
    )
    machine = application_machine(LINYI_FLOW)
    with pytest.raises(GuardFailed) as err:
        machine.apply(app, "submit", actor="u", at=AT, context={RULES: view})
    assert codes(err) == ("member.gender_required", "member.birth_date_required")
    assert "John Smith" in str(err.value)
    with pytest.raises(MissingFact, match="'rules'"):
        machine.check(app, "submit", at=AT)


def test_yiyang_over_age_material_review_withdraw_and_close() -> None:
    w = Walker(application_machine(YIYANG_FLOW), yy_app())
    with pytest.raises(GuardFailed, match="materials_missing"):
        w.do("submit", context={RULES: YY_RULES})
    w.do("provide_material", material=OVER_AGE_PROOF)
    w.do("submit", context={RULES: YY_RULES})
    assert w.entity.status is S.AWAITING_MATERIAL_REVIEW
    w.do("withdraw")  # 撤回: a member was left out
    assert w.entity.status is S.WITHDRAWN
    w.do(
        "save",
        lines=yy_app(3).lines,
        declared=DeclaredCounts(medical_insurance_headcount=3),
    )
    w.do("submit", context={RULES: YY_RULES})
    w.do("approve_materials", actor="office")
    assert w.entity.status is S.AWAITING_PAYMENT
    w.do("submit_payment", notice_number="JF0000000000000000001", context={RULES: YY_OFFLINE})
    assert w.entity.status is S.AWAITING_OFFLINE_MATERIALS
    assert isinstance(w.events[-1], MaterialsRequested)
    assert "医保名册（盖章）" in w.events[-1].materials  # the pack's data: materials.offline
    w.do(
        "receive_offline_materials",
        actor="office",
        materials=tuple(
            paper(k) for k in (MaterialKind.PAYMENT_VOUCHER, MaterialKind.OVER_AGE_PROOF)
        ),
        context={RULES: YY_RULES},
    )
    w.do("confirm_payment", actor="office", context=paid(w.entity, date(2025, 12, 10)))
    assert w.entity.status is S.PAYMENT_CONFIRMED
    w.do("close", actor="office")
    assert w.entity.status is S.CLOSED
    assert w.machine.allowed_actions(w.entity) == ()
    assert w.replayed() == w.entity


#: Yiyang's paper materials (its data: materials.offline) and the over-age rule.
YY_OFFLINE = ParamPack(
    "yy",
    {
        "member.over_retirement_needs_proof": True,
        "materials.offline": [
            {"kind": "payment_voucher", "name": "银行转账复印件"},
            {"kind": "medical_insurance_register", "name": "医保名册（盖章）", "stamped": True},
        ],
    },
    plans=(plan(),),
).view()


PAPER = {RULES: YY_OFFLINE}


def paper(kind: MaterialKind) -> Material:
    return Material.required(kind, offline=True).provide(f"收件-{kind.value}")


def test_yiyang_paper_materials_are_received_before_the_confirmation() -> None:
    """Seed 004 §3 缴费确认申请提交完成: "请打印参保申请单, 加盖单位工会章连同以下资料,
    提交至地址" — the step 线下递交材料 comes before 已办结, and the office records
    what it received; the over-age proof is asked only when the roster has over-age members."""
    w = Walker(application_machine(YIYANG_FLOW), yy_app())
    w.do("provide_material", material=OVER_AGE_PROOF)
    w.do("submit", context={RULES: YY_OFFLINE})
    w.do("approve_materials", actor="office")
    w.do("submit_payment")
    assert w.entity.status is S.AWAITING_OFFLINE_MATERIALS
    with pytest.raises(ActionNotAllowed):  # the paper first, then 到账确认 and 办结
        w.do("confirm_payment", actor="office", context=paid(w.entity, date(2025, 12, 10)))
    some = (paper(MaterialKind.PAYMENT_VOUCHER),)
    with pytest.raises(GuardFailed) as err:
        w.do(
            "receive_offline_materials", actor="office", materials=some, context={RULES: YY_OFFLINE}
        )
    assert codes(err) == ("application.offline_materials_missing",)
    assert "医保名册（盖章）" in str(err.value) and "超龄" in str(err.value)
    with pytest.raises(GuardFailed) as err:
        w.do("receive_offline_materials", actor="office", materials=(), context=PAPER)
    assert codes(err) == ("application.offline_materials_missing",)
    every = (
        *some,
        paper(MaterialKind.MEDICAL_INSURANCE_REGISTER),
        paper(MaterialKind.OVER_AGE_PROOF),
    )
    out = w.do(
        "receive_offline_materials", actor="office", materials=every, context={RULES: YY_OFFLINE}
    )
    assert w.entity.status is S.PAYMENT_SUBMITTED
    assert out.audit.params["materials"] == every  # the trail says what was handed in
    received = {m.kind for m in w.entity.materials if m.offline and m.provided}
    assert received == {m.kind for m in every}
    assert OVER_AGE_PROOF in w.entity.materials  # the upload stays on record too
    w.do("confirm_payment", actor="office", context=paid(w.entity, date(2025, 12, 10)))
    w.do("close", actor="office")
    assert w.entity.status is S.CLOSED
    assert w.replayed() == w.entity


def test_yiyang_paper_materials_and_payment_cannot_be_skipped() -> None:
    """Reviewer 2 (/tmp/rev2/offline.py): from 待缴费, confirm_payment then close ended the
    business with no notice, no money and no paper; the paper step comes first."""
    app = attrs.evolve(yy_young(), status=S.AWAITING_PAYMENT)
    m = application_machine(YIYANG_FLOW)
    assert "confirm_payment" not in m.allowed_actions(app)
    with pytest.raises(ActionNotAllowed):
        m.apply(app, "confirm_payment", actor="office", at=AT, context=paid(app))
    waiting = attrs.evolve(app, status=S.AWAITING_OFFLINE_MATERIALS)
    with pytest.raises(ActionNotAllowed):
        m.apply(waiting, "confirm_payment", actor="office", at=AT, context=paid(app))


ALL_FLOWS = [WEIHAI_FLOW, GUANGDONG_FLOW, SHENZHEN_FLOW, LINYI_FLOW, YIYANG_FLOW]


@pytest.mark.parametrize("flow", ALL_FLOWS, ids=[f.region for f in ALL_FLOWS])
def test_confirm_payment_needs_this_applications_confirmed_notice(flow: ApplicationFlow) -> None:
    """The arrival date and the money come from the confirmed notice, never from the host."""
    m = application_machine(flow)
    state = S.PAYMENT_SUBMITTED
    app = attrs.evolve(application(flow.region), status=state)
    arrival = date(2025, 3, 20)

    def refused(**kw: object) -> tuple[str, ...]:
        with pytest.raises(GuardFailed) as err:
            m.apply(app, "confirm_payment", actor="office", at=AT, **kw)  # type: ignore[arg-type]
        return codes(err)

    with pytest.raises(MissingFact, match="'payment_notice'"):
        m.apply(app, "confirm_payment", actor="office", at=AT, context={RULES: PLAIN})
    issued = paid(app, arrival)[PAYMENT_NOTICE]
    unpaid = attrs.evolve(issued, status=PaymentNoticeStatus.VOUCHER_SUBMITTED, arrival_date=None)
    assert refused(context={PAYMENT_NOTICE: unpaid, RULES: PLAIN}) == (
        "payment.notice_not_confirmed",
    )
    other = attrs.evolve(issued, subject_id="A2")
    assert refused(context={PAYMENT_NOTICE: other, RULES: PLAIN}) == (
        "payment.notice_other_subject",
    )
    assert refused(context=paid(app, arrival), arrival_date=date(2025, 3, 21)) == (
        "payment.arrival_date_mismatch",
    )
    assert refused(context=paid(app, arrival), notice_number="JF2") == (
        "payment.notice_number_mismatch",
    )
    out = m.apply(app, "confirm_payment", actor="office", at=AT, context=paid(app, arrival))
    (confirmed, *_) = out.events
    assert isinstance(confirmed, PaymentConfirmed)
    assert (confirmed.arrival_date, confirmed.amount_paid) == (arrival, Decimal("120.00"))
    same = m.apply(app, "confirm_payment", actor="office", at=AT, context=paid(app, arrival),
                   arrival_date=arrival, notice_number="JF1")  # fmt: skip
    assert same.entity == out.entity


#: The core's effective-date rule with Guangdong's late payment (cover from the next day).
LATE_NEXT_DAY = ParamPack("gd", {"effective.late_payment_next_day": True}, (plan(),)).view()
#: The association sets the effective time (Shenzhen's effective.set_by_association).
BY_ASSOCIATION = ParamPack("sz", {"effective.set_by_association": True}, (plan(),)).view()


def test_confirm_payment_takes_the_effective_date_from_the_pack() -> None:
    """Reviewer 2: confirm_payment took whatever effective_date the host passed."""
    m = application_machine(GUANGDONG_FLOW)
    app = attrs.evolve(
        application("guangdong"),
        status=S.AWAITING_PAYMENT,
        reference_effective_date=date(2025, 4, 1),
    )
    arrival = date(2025, 4, 2)  # after the reference date: cover from the next day
    with pytest.raises(MissingFact, match="'rules'"):
        m.apply(app, "confirm_payment", actor="finance", at=AT, context=paid(app, arrival, None))
    ctx = paid(app, arrival, LATE_NEXT_DAY)
    with pytest.raises(GuardFailed) as err:
        m.apply(app, "confirm_payment", actor="finance", at=AT, context=ctx,
                effective_date=date(2025, 4, 1))  # fmt: skip
    assert codes(err) == ("application.effective_date_mismatch",)
    assert "2025-04-03" in str(err.value)
    out = m.apply(app, "confirm_payment", actor="finance", at=AT, context=ctx)
    assert out.events[-1] == PolicyEffective(
        subject_id="A1", at=AT, actor="finance", effective_date=date(2025, 4, 3)
    )
    same = m.apply(app, "confirm_payment", actor="finance", at=AT, context=ctx,
                   effective_date=date(2025, 4, 3))  # fmt: skip
    assert same.events == out.events


def test_where_the_association_sets_the_effective_time_confirm_payment_sets_none() -> None:
    """Shenzhen: the association sets the effective time after the check (设置生效时间)."""
    m = application_machine(SHENZHEN_FLOW)
    app = attrs.evolve(application("shenzhen"), status=S.PAYMENT_SUBMITTED)
    ctx = paid(app, rules=BY_ASSOCIATION)
    with pytest.raises(GuardFailed) as err:
        m.apply(app, "confirm_payment", actor="association", at=AT, context=ctx,
                effective_date=date(2025, 5, 1))  # fmt: skip
    assert codes(err) == ("application.effective_date_set_by_association",)
    out = m.apply(app, "confirm_payment", actor="association", at=AT, context=ctx)
    assert out.entity.status is S.AWAITING_EFFECTIVE_DATE
    assert [type(e) for e in out.events] == [PaymentConfirmed]
    done = m.apply(out.entity, "set_effective_date", actor="association", at=AT,
                   effective_date=date(2025, 5, 1), context={RULES: BY_ASSOCIATION})  # fmt: skip
    assert done.events[-1].effective_date == date(2025, 5, 1)


def test_a_flow_that_confirms_into_effect_refuses_a_pack_whose_date_is_pending() -> None:
    """The flow has no 设置生效时间 step but the pack leaves the date to the association."""
    m = application_machine(LINYI_FLOW)
    app = attrs.evolve(application("linyi"), status=S.PAYMENT_SUBMITTED)
    ctx = paid(app, rules=BY_ASSOCIATION)
    with pytest.raises(GuardFailed) as err:
        m.apply(app, "confirm_payment", actor="office", at=AT, context=ctx)
    assert codes(err) == ("application.effective_date_pending",)


def test_yiyang_paper_materials_without_over_age_members() -> None:
    w = Walker(application_machine(YIYANG_FLOW), yy_young())
    w.do("submit", context={RULES: YY_OFFLINE})
    w.do("submit_payment")
    needed = (paper(MaterialKind.PAYMENT_VOUCHER), paper(MaterialKind.MEDICAL_INSURANCE_REGISTER))
    w.do("receive_offline_materials", actor="office", materials=needed, context={RULES: YY_OFFLINE})
    assert w.entity.status is S.PAYMENT_SUBMITTED


def test_recording_paper_materials_without_the_pack_is_refused() -> None:
    """Reviewer 2: without RULES any single material was accepted; the pack says what is due."""
    w = Walker(application_machine(YIYANG_FLOW), yy_young())
    w.do("submit", context={RULES: YY_OFFLINE})
    w.do("submit_payment")
    one = (paper(MaterialKind.PAYMENT_VOUCHER),)
    with pytest.raises(MissingFact, match="'rules'"):
        w.do("receive_offline_materials", actor="office", materials=one)
    assert w.entity.status is S.AWAITING_OFFLINE_MATERIALS


def test_the_paper_step_is_only_where_the_flow_has_it() -> None:
    assert "receive_offline_materials" in application_machine(YIYANG_FLOW).actions
    assert "receive_offline_materials" not in application_machine(LINYI_FLOW).actions


def test_yiyang_office_rejects_during_payment_review() -> None:
    w = Walker(application_machine(YIYANG_FLOW), yy_young())
    w.do("submit", context={RULES: YY_RULES})
    w.do("submit_payment")
    w.do("return", actor="office", note="漏掉一名职工，请修改名单")
    assert w.entity.status is S.RETURNED
    w.do("submit", context={RULES: YY_RULES})
    assert w.entity.status is S.AWAITING_PAYMENT


def test_yiyang_one_tier_per_plan() -> None:
    app = yy_app()
    line = app.lines[0]
    entries = tuple(
        attrs.evolve(e, tier_code=t) for e, t in zip(line.roster.entries, ("60", "90"), strict=True)
    )
    mixed = attrs.evolve(line, tier_code="60", roster=line.roster.with_entries(entries))
    with pytest.raises(GuardFailed, match="mixed_tiers"):
        application_machine(YIYANG_FLOW).apply(app, "save", actor="u", at=AT, lines=(mixed,))


def test_submit_with_the_installed_pack_reports_a_line_s_other_tier_once() -> None:
    """The installed Yiyang pack: each entry whose tier is not its line's, once, under its code."""
    rules = RuleEngine.from_entry_points(names=["yiyang"]).pack("yiyang")
    on = date(2026, 1, 10)
    flow = flow_from(rules, "standalone", on)
    assert flow.one_tier_per_plan
    roster = Roster.of("YY-HOSP-2026", members(3)[1:], tier_code="T90")
    app = application(
        "yiyang",
        lines=(ApplicationLine("YY-HOSP-2026", "T60", roster=roster),),
        declared=DeclaredCounts(medical_insurance_headcount=2),
    )
    at = datetime(on.year, on.month, on.day, 9)
    ctx = {RULES: rules, "prior_applications": ()}
    reasons = application_machine(flow).check(app, "submit", at=at, context=ctx)
    mismatches = [r for r in reasons if r.code == "roster.tier_mismatch"]
    assert len(mismatches) == 2 and "application.mixed_tiers" not in [r.code for r in reasons]
    assert all("T90" in r.message and "T60" in r.message for r in mismatches)
    same = attrs.evolve(app, lines=(ApplicationLine("YY-HOSP-2026", "T90", roster=roster),))
    again = application_machine(flow).check(same, "submit", at=at, context=ctx)
    assert not {"roster.tier_mismatch", "application.mixed_tiers"} & {r.code for r in again}


def test_withdraw_is_only_where_the_region_has_it() -> None:
    w = Walker(
        application_machine(LINYI_FLOW),
        application("linyi", declared=DeclaredCounts(active_staff=2, active_female_staff=1)),
    )
    w.do("submit", context=PACK)
    with pytest.raises(StepNotInRegion) as err:  # an ActionNotAllowed
        w.do("withdraw")
    assert "Linyi has no such step: no 'withdraw'" in str(err.value)


def test_machine_per_flow_is_cached() -> None:
    assert application_machine(YIYANG_FLOW) is application_machine(YIYANG_FLOW)
    plain = application_machine(ApplicationFlow(region="x"))
    assert "approve" in plain.actions
    assert "close" not in plain.actions


def test_recording_paper_materials_without_a_list_says_what_is_due() -> None:
    w = Walker(application_machine(YIYANG_FLOW), yy_young())
    w.do("submit", context={RULES: YY_OFFLINE})
    w.do("submit_payment")
    with pytest.raises(GuardFailed) as err:
        w.do("receive_offline_materials", actor="office", context=PAPER)
    assert codes(err) == ("application.offline_materials_missing",)
    assert "医保名册（盖章）" in str(err.value)  # the pack's list of paper materials


def test_the_submission_helpers_are_exported_by_the_life_cycle() -> None:
    import mutualaid.lifecycle as lc
    from mutualaid.lifecycle import application as module

    for name in (
        "submission_findings",
        "over_age_count",
        "OVER_RETIREMENT",
        "offline_materials_received",
    ):
        assert name in lc.__all__
        assert getattr(lc, name) is getattr(module, name)
