"""The Weihai pack (seed 000_2501463bcaaf8f8a.txt): each test cites the manual's passage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pack_helpers import application, codes, invoice, line, members, rules, unit

from mutualaid.lifecycle.application import flow_from
from mutualaid.lifecycle.flows_catalog import WEIHAI_FLOW
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.kinds import MaterialKind
from mutualaid.rules import Situation
from mutualaid.rules.defaults import participation_ratio

ON = date(2026, 6, 30)
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
        declared=DeclaredCounts(insured_headcount=110),
    )
    quote = pack.price_application(app, ON)
    assert quote.headcount == 110
    assert quote.member_part == Decimal("5500.00")
    assert quote.subsidy_part == Decimal("1100.00")
    assert quote.total == Decimal("6600.00")


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
        declared=DeclaredCounts(insured_headcount=2),
    )
    assert "application.too_many_plans" in codes(rules("weihai").application_findings(app, ON))


def test_the_declared_headcount_is_required() -> None:
    """§13: the application list shows "社保缴费人数" for every application (a * field)."""
    app = application("weihai", line("WH-MED-2026", members(3, ON), tier="T50"))
    found = rules("weihai").application_findings(app, ON)
    assert "application.declared_missing" in codes(found)


def test_submission_is_blocked_when_the_roster_differs_from_the_declared_count() -> None:
    """§19 备注: "若录入人员数量与填写数量不符，则无法进行提交"."""
    pack = rules("weihai")
    people = members(3, ON)
    mismatched = application(
        "weihai", line("WH-MED-2026", people, tier="T50"), declared=DeclaredCounts(4)
    )
    (finding,) = [
        f for f in pack.application_findings(mismatched, ON) if f.code == "roster.count_mismatch"
    ]
    assert finding.blocking and finding.params == {"enrolled": 3, "declared": 4}
    matched = application(
        "weihai", line("WH-MED-2026", people, tier="T50"), declared=DeclaredCounts(3)
    )
    assert pack.application_findings(matched, ON) == ()


def test_the_participation_ratio_is_shown_and_sets_no_minimum() -> None:
    """§13: "参保比例" is a column of the list; the manual gives no minimum, so no finding."""
    app = application(
        "weihai", line("WH-MED-2026", members(3, ON), tier="T50"), declared=DeclaredCounts(3)
    )
    assert participation_ratio(app, "insured_headcount") == Decimal("1.00")
    assert rules("weihai").cite("application.min_participation_ratio", ON) is None


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
    """§12: "注册证件必传，电子印章选填"."""
    needed = rules("weihai").required_materials(Situation.REGISTRATION, ON)
    assert [m.kind for m in needed] == [MaterialKind.REGISTRATION_CERTIFICATE]


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
