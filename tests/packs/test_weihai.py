"""The Weihai pack (seed 000_2501463bcaaf8f8a.txt): each test cites the manual's passage."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
from mutualaid_pack_weihai.flows import WEIHAI_FLOW
from pack_helpers import application, codes, invoice, line, members, rules, unit

from mutualaid.lifecycle.application import flow_from
from mutualaid.lifecycle.payment import notice_for_application
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.states import ApplicationStatus
from mutualaid.rules import AmountBasis, Situation
from mutualaid.rules.defaults import participation_ratio

ON = date(2026, 6, 30)
AT = datetime(2026, 6, 30, 9, 0)
SEED = "000_2501463bcaaf8f8a.txt"


def test_2026_plans_cover_june_30_with_the_manual_prices() -> None:
    """§10 单位参保: "住院医疗互助保障项目 个人缴纳50元 工会补贴10元; 住院津贴互助保障项目 个人缴纳36/40元 工会补贴9元"."""
    plans = {p.code: p for p in rules("weihai").plans(ON)}
    assert set(plans) == {"WH-MED-2026", "WH-ALW-2026"}
    assert all(p.coverage.contains(ON) for p in plans.values())
    medical = plans["WH-MED-2026"].tier("T50").contribution
    assert (medical.member, medical.subsidy, medical.total) == (
        Decimal("50.00"),
        Decimal("10.00"),
        Decimal("60.00"),
    )
    allowance = [
        (t.contribution.member, t.contribution.subsidy) for t in plans["WH-ALW-2026"].tiers
    ]
    assert allowance == [(Decimal("36.00"), Decimal("9.00")), (Decimal("40.00"), Decimal("9.00"))]


def test_the_unit_pays_the_member_part_as_on_the_group_application_form() -> None:
    """§13: "社保缴费人数 120 缴费人数 110 缴费总金额 5500"; §22 团体申请表: "会员个人缴费标准 50元/人/份"."""
    pack = rules("weihai")
    app = application(
        "weihai",
        line("WH-MED-2026", members(110, ON), tier="T50"),
        declared=DeclaredCounts(insured_headcount=120, paying_headcount=110),
    )
    quote = pack.price_application(app, ON)
    assert quote.headcount == 110
    assert quote.member_part == Decimal("5500.00")
    assert quote.subsidy_part == Decimal("1100.00")
    assert quote.total == Decimal("6600.00")
    assert quote.basis is AmountBasis.MEMBER_PART and quote.amount_due == Decimal("5500.00")
    cited = {c.name: c for c in quote.explanation.values} if quote.explanation else {}
    assert cited["payment.amount_basis"].source.document == SEED


def test_the_payment_notice_asks_for_the_member_part() -> None:
    """§13 "缴费人数 110 缴费总金额 5500"; §22 "会员个人缴费标准(元/人) 50元/人/份 参保人数 1人 缴费总金额 50元"."""
    pack = rules("weihai")
    payment = flow_from(pack, "standalone", ON).payment
    for n, due in ((110, "5500.00"), (1, "50.00")):
        app = application(
            "weihai",
            line("WH-MED-2026", members(n, ON), tier="T50"),
            declared=DeclaredCounts(insured_headcount=120, paying_headcount=n),
        )
        approved = attrs.evolve(
            app, status=ApplicationStatus.AWAITING_PAYMENT
        )  # issued once approved
        out = notice_for_application(payment, approved, pack, counter=1, at=AT, on=ON)
        assert out.entity.amount_due == Decimal(due)
        assert out.events[0].amount_due == Decimal(due)
    allowance = application("weihai", line("WH-ALW-2026", members(3, ON), tier="T40"))
    allowance = attrs.evolve(allowance, status=ApplicationStatus.AWAITING_PAYMENT)
    out = notice_for_application(payment, allowance, pack, counter=2, at=AT, on=ON)
    assert out.entity.amount_due == Decimal("120.00")  # 3 × 40 (个人缴纳40元; 工会补贴9元 not paid)


def test_a_price_explains_itself_with_the_seed_passage() -> None:
    """Every price names the pack, its version and the dated value (§10's prices)."""
    pack = rules("weihai")
    plan = pack.plan("WH-ALW-2026", ON)
    app = application("weihai", line("WH-ALW-2026", members(1, ON), tier="T40"))
    price = pack.price_entry(app.lines[0].roster.entries[0], plan, ON)
    assert price.total == Decimal("49.00")
    why = price.explanation
    assert why is not None and (why.pack, why.pack_version) == ("weihai", pack.version)
    (cited,) = why.values
    assert cited.name == "plans.WH-ALW-2026.tiers.T40.contribution"
    assert cited.source.document == SEED and "工会补贴9元" in (cited.source.quote or "")


def test_one_project_per_application() -> None:
    """§11: "点击保障项目进入本单位的对应申请列表": each project has its own applications."""
    people = members(2, ON)
    app = application(
        "weihai",
        line("WH-MED-2026", people, tier="T50"),
        line("WH-ALW-2026", people, tier="T36"),
        declared=DeclaredCounts(insured_headcount=2, paying_headcount=2),
    )
    assert "application.too_many_plans" in codes(rules("weihai").application_findings(app, ON))


def test_both_declared_counts_are_required() -> None:
    """§13: every application shows "社保缴费人数 缴费人数" ("1 测试 2018 120 110 5500 91%")."""
    pack = rules("weihai")
    people = members(3, ON)
    for declared, missing in (
        (DeclaredCounts(), {"insured_headcount", "paying_headcount"}),
        (DeclaredCounts(insured_headcount=3), {"paying_headcount"}),
        (DeclaredCounts(paying_headcount=3), {"insured_headcount"}),
    ):
        app = application("weihai", line("WH-MED-2026", people, tier="T50"), declared=declared)
        found = pack.application_findings(app, ON)
        assert {
            f.params["declared"] for f in found if f.code == "application.declared_missing"
        } == missing
    labels = {
        f.message
        for f in pack.application_findings(
            application("weihai", line("WH-MED-2026", people, tier="T50")), ON
        )
    }
    assert labels == {"请填写社保缴费人数", "请填写缴费人数"}


def test_submission_is_blocked_when_the_roster_differs_from_the_paying_headcount() -> None:
    """§19 备注: "若录入人员数量与填写数量不符，则无法进行提交": the 填写数量 is 缴费人数.

    §13's list: "社保缴费人数 120 缴费人数 110": the unit pays for 110 of its 120
    insured staff, so a roster of 110 goes through and is not compared with 120.
    """
    pack = rules("weihai")
    people = members(110, ON)
    seed_row = DeclaredCounts(insured_headcount=120, paying_headcount=110)
    matched = application("weihai", line("WH-MED-2026", people, tier="T50"), declared=seed_row)
    assert pack.application_findings(matched, ON) == ()
    mismatched = application(
        "weihai", line("WH-MED-2026", people[:3], tier="T50"), declared=seed_row
    )
    (finding,) = [
        f for f in pack.application_findings(mismatched, ON) if f.code == "roster.count_mismatch"
    ]
    assert finding.blocking and finding.params == {"enrolled": 3, "declared": 110}
    assert finding.field == "declared.paying_headcount" and "缴费人数110" in finding.message
    (cited,) = finding.explanation.values if finding.explanation else ()
    assert cited.name == "application.enrolled_must_equal_declared"
    assert cited.value == "paying_headcount" and cited.source.document == SEED


def test_the_participation_ratio_is_paying_over_insured_and_sets_no_minimum() -> None:
    """§13: "社保缴费人数 120 缴费人数 110 … 参保比例 91%"; the manual gives no minimum."""
    pack = rules("weihai")
    app = application(
        "weihai",
        line("WH-MED-2026", members(3, ON), tier="T50"),
        declared=DeclaredCounts(insured_headcount=120, paying_headcount=110),
    )
    assert pack.participation_ratio(app, ON) == Decimal("0.91")
    assert participation_ratio(app, "insured_headcount", "paying_headcount") == Decimal("0.91")
    assert pack.participation_ratio(attrs.evolve(app, declared=DeclaredCounts(120)), ON) is None
    assert pack.cite("application.min_participation_ratio", ON) is None
    assert "application.participation_ratio" not in codes(pack.application_findings(app, ON))


def test_the_invoice_title_must_be_the_unit_full_name() -> None:
    """§4 注册新用户: "*单位名称(全称): 与发票户头、盖章户头一致"."""
    pack = rules("weihai")
    app = application("weihai", line("WH-MED-2026", members(1, ON), tier="T50"))
    holder = unit("威海测试有限公司")
    wrong = invoice("50", ON, title="威海测试公司")
    assert codes(pack.invoice_findings(wrong, holder, [app], ON)) == {"invoice.title_mismatch"}
    right = invoice("50", ON, title="威海测试有限公司")
    assert pack.invoice_findings(right, holder, [app], ON) == ()


def test_the_registration_certificate_is_required_and_the_e_seal_is_not() -> None:
    """§12 (新增): "注册证件必传，电子印章选填" — at the application; §4's registration form has no upload."""
    needed = rules("weihai").required_materials(Situation.APPLICATION, ON)
    assert [m.kind for m in needed] == [MaterialKind.REGISTRATION_CERTIFICATE]
    assert rules("weihai").required_materials(Situation.REGISTRATION, ON) == ()


def test_the_application_flow_is_weihai_s() -> None:
    """§19-22: submit guards, review with feedback, e-seal branch: ``WEIHAI_FLOW``."""
    pack = rules("weihai")
    assert pack.call("mutualaid_application_flow", kind="standalone") is WEIHAI_FLOW
    assert flow_from(pack) is WEIHAI_FLOW
    assert flow_from(pack, "group").region == "weihai"  # no group enrolment: the neutral flow
    assert flow_from(pack, "group") is not WEIHAI_FLOW


def test_the_coverage_period_is_marked_illustrative() -> None:
    """The manual shows "参保年限 2018" only: the 2026 period is illustrative, the prices are not."""
    pack = rules("weihai")
    coverage = pack.cite("plans.WH-MED-2026.coverage", ON)
    price = pack.cite("plans.WH-MED-2026.tiers.T50.contribution", ON)
    assert coverage is not None and coverage.illustrative
    assert price is not None and not price.illustrative
