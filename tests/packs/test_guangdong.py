"""The Guangdong pack (seed 001_dc41f2f3b2dcbd07.txt): each test cites the guide's passage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from pack_helpers import application, codes, invoice, line, member, members, rules, unit

from mutualaid.lifecycle.application import flow_from
from mutualaid.model.kinds import IdType, MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.states import GroupPartStatus
from mutualaid.rules import Severity, Situation

ON = date(2026, 3, 1)
HOSP, CI, GIFT = "GD-HOSP-2026", "GD-CI-2026", "GD-ACC-GIFT-2026"
AREA = "440106"
#: 七（二） "上传盖章后的参保确认书": the stamped e-policy, uploaded, and one named but not uploaded.
STAMPED_NOT_UPLOADED = Material.required(
    MaterialKind.CONFIRMATION_CERTIFICATE, "参保确认书（盖章）"
)
STAMPED = STAMPED_NOT_UPLOADED.provide("参保确认书（盖章）.pdf")


def test_several_plans_and_shares_per_application_with_a_gift_plan_at_no_charge() -> None:
    """一（一）: "参保单位选择所需参保保障计划、确定份数、赠送内容等信息"; 四（一）"选择单个或多个保障计划和确定份数"."""
    pack = rules("guangdong")
    people = members(3, ON, area=AREA)
    app = application(
        "guangdong",
        line(HOSP, people, tier="STD", shares=2, gift_plans=[GIFT]),
        line(CI, people[:1], tier="STD", shares=1),
    )
    assert pack.application_findings(app, ON) == ()
    quote = pack.price_application(app, ON)
    gift = next(p for p in quote.lines if p.gift)
    assert (gift.plan_code, gift.members, gift.total) == (GIFT, 3, Decimal("0.00"))
    assert quote.total == 3 * 2 * Decimal("50.00") + Decimal("100.00")
    assert quote.headcount == 4  # paid lines: 3 + 1; the gift line adds none
    assert all(p.coverage.contains(date(2026, 6, 30)) for p in pack.plans(date(2026, 6, 30)))


def test_a_gift_plan_must_be_one_its_plan_offers() -> None:
    """四（二）添加赠送计划: "单位可依据自身情况，添加赠送计划" (the gift plans of the chosen plan)."""
    app = application(
        "guangdong", line(CI, members(1, ON, area=AREA), tier="STD", gift_plans=[HOSP])
    )
    (finding,) = rules("guangdong").application_findings(app, ON)
    assert (finding.code, finding.params["gift_plan"]) == ("guangdong.gift_plan_not_offered", HOSP)


def test_over_age_members_not_retired_need_the_deferred_retirement_certificate() -> None:
    """四（五）: "对于“超龄人员”…需要依据系统提醒，分别补充相关材料（主要包括延迟退休参保职工在职证明、劳务派遣人员证明）"."""
    pack = rules("guangdong")
    plan = pack.plan(HOSP)
    old = member("超龄", age=63, on=ON, area=AREA)
    (finding,) = pack.member_findings(old, plan, ON)
    assert (finding.code, finding.severity) == ("age.over_retirement", Severity.NEEDS_MATERIAL)
    assert finding.params["material_name"] == "延迟退休参保职工在职证明"
    assert pack.member_findings(member("退休", age=63, on=ON, retired=True), plan, ON) == ()
    needed = pack.required_materials(Situation.APPLICATION, ON, findings=[finding])
    assert [m.kind for m in needed] == [
        MaterialKind.OVER_AGE_PROOF,
        MaterialKind.STAMPED_APPLICATION_FORM,
    ]


def test_dispatched_workers_not_on_the_unit_s_social_security_need_proof() -> None:
    """四（五）: "“非本单位社保/医保在职人员”则需要…补充…劳务派遣人员证明"."""
    pack = rules("guangdong")
    plan = pack.plan(HOSP)
    outside = member("派遣", age=30, on=ON, dispatched=True, own_social_security=False)
    (finding,) = pack.member_findings(outside, plan, ON)
    assert (finding.code, finding.params["material"]) == (
        "member.dispatched_proof",
        MaterialKind.DISPATCHED_WORKER_PROOF.value,
    )
    inside = member("派遣", age=30, on=ON, dispatched=True, own_social_security=True)
    assert pack.member_findings(inside, plan, ON) == ()


def test_other_id_types_need_gender_and_birth_date() -> None:
    """四（三）注意事项: "“证件类型”为“居民身份证”类型时，“性别”和“出生日期”可不填写"."""
    pack = rules("guangdong")
    plan = pack.plan(HOSP)
    bare = member("Jane", id_type=IdType.PASSPORT, id_number="E1234567", gender=None)
    assert codes(pack.member_findings(bare, plan, ON)) == {
        "member.gender_required",
        "member.birth_date_required",
    }
    full = member("Jane", id_type="passport", gender="female", birth_date=date(1990, 1, 2))
    assert pack.member_findings(full, plan, ON) == ()


def test_cover_starts_on_the_reference_date_or_the_day_after_a_late_payment() -> None:
    """四（六）: "设置了…生效参考日期后，系统将优先按照此日期进行保单生效，提前缴费不会影响。如果缴款日期超出设置的生效参考日期，则保单按照实际到账日期次日生效"."""
    pack = rules("guangdong")
    plan = pack.plan(HOSP)
    app = application(
        "guangdong",
        line(HOSP, members(1, ON), tier="STD"),
        reference_effective_date=date(2026, 3, 1),
    )
    early = pack.effective_date(app, plan, payment_arrival=date(2026, 2, 20))
    assert early.date == date(2026, 3, 1)
    late = pack.effective_date(app, plan, payment_arrival=date(2026, 3, 5))
    assert late.date == date(2026, 3, 6)
    assert "001_dc41f2f3b2dcbd07.txt" in str(late.explanation)


def test_a_gap_in_cover_brings_a_waiting_period() -> None:
    """四（六）: "迟缴可能会导致参保人员断保，断保后会有免责期" (30 days: illustrative)."""
    pack = rules("guangdong")
    plan = pack.plan(HOSP)
    app = application(
        "guangdong",
        line(HOSP, members(1, ON), tier="STD"),
        reference_effective_date=date(2026, 1, 1),
    )
    seamless = pack.effective_date(
        app, plan, payment_arrival=date(2025, 12, 20), previous_coverage_end=date(2025, 12, 31)
    )
    assert (seamless.date, seamless.waiting_period_end) == (date(2026, 1, 1), None)
    gap = pack.effective_date(
        app, plan, payment_arrival=date(2026, 2, 9), previous_coverage_end=date(2025, 12, 31)
    )
    assert (gap.date, gap.waiting_period_end) == (date(2026, 2, 10), date(2026, 3, 11))
    assert gap.explanation is not None and gap.explanation.illustrative


def test_a_group_is_invoiced_by_its_parent_unit() -> None:
    """七（二）说明: "集团单位由集团总公司统一开票"."""
    pack = rules("guangdong")
    part = application(
        "guangdong",
        line(HOSP, members(2, ON), tier="STD"),
        group_id="G1",
        group_part_status=GroupPartStatus.INCLUDED,
    )
    holder = unit("广州测试有限公司")
    request = invoice("100", ON, title="广州测试有限公司", stamped_confirmation=STAMPED)
    assert codes(pack.invoice_findings(request, holder, [part], ON)) == {"invoice.group_by_parent"}
    standalone = application("guangdong", line(HOSP, members(2, ON), tier="STD"))
    assert pack.invoice_findings(request, holder, [standalone], ON) == ()


def test_an_invoice_request_needs_the_stamped_e_policy() -> None:
    """七（一）: "请登录系统下载电子保单，加盖公章，以便后续开票上传"; 七（二）: "参保单位下载并盖章
    电子保单后，通过“单位开票申请”上传信息（参保确认书），可申领电子票据 … 5.上传盖章后的参保确认书
    → 6.填写开票信息及金额"."""
    pack = rules("guangdong")
    holder = unit("广州测试有限公司")
    paid = application("guangdong", line(HOSP, members(2, ON), tier="STD"))
    bare = invoice("100", ON, title="广州测试有限公司")
    (missing,) = pack.invoice_findings(bare, holder, [paid], ON)
    assert (missing.code, missing.severity, missing.field) == (
        "invoice.stamped_confirmation_missing",
        Severity.NEEDS_MATERIAL,
        "stamped_confirmation",
    )
    assert "参保确认书" in missing.message and "盖章" in missing.message
    assert missing.params["material"] == MaterialKind.CONFIRMATION_CERTIFICATE.value
    assert missing.params["stamped"] is True
    assert "invoice.stamped_confirmation_required" in str(missing.explanation)
    assert "七（二）单位开票申请" in str(missing.explanation)
    (needed,) = pack.required_materials(Situation.INVOICE, ON, findings=[missing])
    assert (needed.kind, needed.stamped) == (MaterialKind.CONFIRMATION_CERTIFICATE, True)
    # named but not uploaded yet: still missing; uploaded: nothing to say
    named = invoice("100", ON, title="广州测试有限公司", stamped_confirmation=STAMPED_NOT_UPLOADED)
    assert codes(pack.invoice_findings(named, holder, [paid], ON)) == {
        "invoice.stamped_confirmation_missing"
    }
    uploaded = invoice("100", ON, title="广州测试有限公司", stamped_confirmation=STAMPED)
    assert pack.invoice_findings(uploaded, holder, [paid], ON) == ()


def test_the_group_deadline_is_the_core_group_machines_rule_not_restated() -> None:
    """一（二）注意事项①: "下属单位需在集团设定的截止日期前完成提交".

    The core's group machine refuses a late part (``group.deadline_passed``,
    tests/lifecycle/test_group.py); the pack adds no second finding for it.
    """
    pack = rules("guangdong")
    part = application(
        "guangdong",
        line(HOSP, members(2, ON), tier="STD"),
        group_id="G1",
        group_part_status=GroupPartStatus.FILLING,
        group_deadline=date(2026, 2, 28),
    )
    assert pack.application_findings(part, date(2026, 3, 1)) == ()


def test_a_group_enrolment_is_priced_as_the_sum_of_its_parts() -> None:
    """一（二）集团统一参保流程: HQ creates the plan, subsidiaries fill rosters, HQ submits all."""
    pack = rules("guangdong")
    hq = application("guangdong", line(HOSP, members(2, ON), tier="STD", shares=3), app_id="HQ")
    sub = application(
        "guangdong",
        line(HOSP, members(1, ON, area="440304"), tier="STD", shares=3),
        app_id="S1",
        group_id="G1",
        group_part_status=GroupPartStatus.INCLUDED,
    )
    quote = pack.price_group([hq, sub], ON)
    assert quote.total == 3 * 3 * Decimal("50.00")
    assert quote.headcount == 3


def test_the_template_asks_about_dispatch_and_own_social_security() -> None:
    """三（一）: "名册人员应和单位社保人员或省直医保人员保持一致"; 四（五） pre-check of those who are not."""
    pack = rules("guangdong")
    fields = [c.field for c in pack.template_columns(pack.plan(HOSP))]
    assert {"retired", "dispatched", "own_social_security"} <= set(fields)


def test_registration_and_invoice_materials() -> None:
    """二: "须上传统一社会信用代码证影像材料"; 七（二）: "上传盖章后的参保确认书"."""
    pack = rules("guangdong")
    assert [m.kind for m in pack.required_materials(Situation.REGISTRATION, ON)] == [
        MaterialKind.REGISTRATION_CERTIFICATE
    ]
    (stamped,) = pack.required_materials(Situation.INVOICE, ON)
    assert (stamped.kind, stamped.stamped) == (MaterialKind.CONFIRMATION_CERTIFICATE, True)


def test_the_application_flow_is_guangdong_s_for_standalone_and_group() -> None:
    """一、参保方式介绍: "（一）单独参保流程" and "（二）集团统一参保流程"."""
    pack = rules("guangdong")
    assert flow_from(pack) is GUANGDONG_FLOW
    assert flow_from(pack, "group") is GUANGDONG_FLOW
    assert pack.call("mutualaid_application_flow", kind="endorsement") is not GUANGDONG_FLOW
