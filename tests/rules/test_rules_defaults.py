"""The core's default rules, switched on by pack parameters (one test per rule)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_helpers import HIGH, application, engine_with, line, make_pack, member, param, plan, tier

from mutualaid.errors import UnknownPlan
from mutualaid.model.application import ApplicationLine, DeclaredCounts
from mutualaid.model.columns import CANONICAL_COLUMNS
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import Gender, IdType, MaterialKind, RiskClass, UnitCodeKind
from mutualaid.model.material import Material
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.policy import Policy, PolicyMember
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.model.states import GroupPartStatus
from mutualaid.model.unit import Unit
from mutualaid.privacy import mask_id_number
from mutualaid.roster.readers import RawRow
from mutualaid.roster.validation import RosterRules, validate_rows
from mutualaid.rules import PackView, Severity, Situation
from mutualaid.rules.defaults import above_maximum_finding, below_minimum_finding
from mutualaid.testing.members import resident_id

ON = date(2026, 3, 1)


def view_with(
    parameters: dict[str, Any] | None = None, plans: list[dict[str, Any]] | None = None
) -> PackView:
    return engine_with(
        make_pack(
            "demo",
            parameters,
            plans if plans is not None else [plan("P1", [tier("T60", "60"), tier("T90", "90")])],
        )
    ).pack("demo")


def codes(findings: Any) -> list[str]:
    return [f.code for f in findings]


# --- mutualaid_parameter / mutualaid_plans ----------------------------------------


def test_core_parameter_default_is_cited_from_the_labour_law() -> None:
    """mutualaid_parameter: the core answers age.minimum when no pack does."""
    cited = view_with().cite("age.minimum", ON)
    assert cited is not None and cited.value == 16 and cited.pack == "mutualaid"
    assert "劳动法" in str(cited.source)


def test_pack_without_plans_has_an_empty_catalogue() -> None:
    """mutualaid_plans: the default answers an empty catalogue."""
    assert view_with(plans=[]).plans(ON) == ()


# --- mutualaid_member_findings ------------------------------------------------------


def test_age_limits_from_parameters() -> None:
    view = view_with({"age.minimum": param(18), "age.maximum": param(60)})
    p = view.plan("P1")
    assert codes(view.member_findings(member(birth=date(2009, 3, 2)), p, ON)) == [
        "age.below_minimum"
    ]
    assert codes(view.member_findings(member(birth=date(1965, 1, 1)), p, ON)) == [
        "age.above_maximum"
    ]
    ok = view.member_findings(member(birth=date(1966, 3, 1)), p, ON)  # exactly 60 on ON
    assert ok == ()
    too_old = view.member_findings(member(birth=date(1965, 1, 1)), p, ON)[0]
    assert too_old.params == {"age": 61, "maximum": 60}
    assert too_old.explanation is not None and "age.maximum = 60" in str(too_old.explanation)


def test_born_after_the_day_is_below_minimum() -> None:
    view = view_with()
    assert codes(view.member_findings(member(birth=date(2027, 1, 1)), view.plan("P1"), ON)) == [
        "age.below_minimum"
    ]


@given(birth=st.dates(date(1930, 1, 1), date(2020, 12, 31)))
@settings(max_examples=60)
def test_nobody_under_16_is_ever_eligible(birth: date) -> None:
    view = view_with({"age.minimum": param(10)})
    found = codes(view.member_findings(member(birth=birth), view.plan("P1"), ON))
    under_16 = (ON.year - birth.year - ((ON.month, ON.day) < (birth.month, birth.day))) < 16
    assert ("age.below_minimum" in found) == under_16


def test_engine_age_findings_are_the_builders() -> None:
    """age.below_minimum / age.above_maximum: the engine builds them with the shared builders."""
    view = view_with({"age.minimum": param(18), "age.maximum": param(60)})
    p = view.plan("P1")
    limits = view.age_limits(p, ON)
    (young,) = view.member_findings(member(birth=date(2009, 3, 2)), p, ON)  # 16 on ON
    assert young == below_minimum_finding(16, 18)
    assert (young.message, young.column, young.field) == (
        "年龄16周岁，未满本计划的最低参保年龄18周岁",
        "出生日期",
        "birth_date",
    )
    assert young.explanation == limits.explanation and young.explanation is not None
    (old,) = view.member_findings(member(birth=date(1965, 1, 1)), p, ON)  # 61 on ON
    assert old == above_maximum_finding(61, 60)
    assert old.message == "年龄61周岁，超过本计划的最高参保年龄60周岁"
    assert old.explanation == limits.explanation
    (unborn,) = view.member_findings(member(birth=date(2027, 1, 1)), p, ON)
    assert unborn == below_minimum_finding(-1, 18)
    assert "-1" not in unborn.message and "晚于" in unborn.message


def test_roster_check_words_age_findings_as_the_builders() -> None:
    """The roster check and the engine say the same about a member's age."""
    view = view_with({"age.maximum": param(65)})
    rules = RosterRules.from_pack(view, "P1", tier="T60", on=ON)
    rows: list[dict[str, object]] = [
        {"name": "少年", "id_number": resident_id(date(2012, 1, 1))},  # 14 on ON
        {"name": "老人", "id_number": resident_id(date(1950, 1, 1), serial=2)},  # 76 on ON
    ]
    raws = [RawRow(n, r, False, tuple(r.values())) for n, r in enumerate(rows, 2)]
    found = {f.code: f for f in validate_rows(raws, rules).findings()}
    young, old = found["age.below_minimum"], found["age.above_maximum"]
    assert young.column is not None and old.column is not None
    assert attrs.evolve(young, row=None) == below_minimum_finding(14, 16, column=young.column)
    assert attrs.evolve(old, row=None) == above_maximum_finding(76, 65, column=old.column)


def test_over_retirement_needs_proof_only_when_switched_on() -> None:
    born = date(1964, 1, 10)  # a man born 1964 retires at 60: 2024-01-10
    assert view_with().member_findings(member(birth=born), view_with().plan("P1"), ON) == ()
    view = view_with({"member.over_retirement_needs_proof": param(True)})
    (finding,) = view.member_findings(member(birth=born), view.plan("P1"), ON)
    assert finding.code == "age.over_retirement"
    assert finding.severity is Severity.NEEDS_MATERIAL
    assert finding.params["retirement_age"] == "60岁" and finding.params["age"] == 62
    assert finding.params["material"] == "over_age_proof"
    assert view.member_findings(member(birth=born, retired=True), view.plan("P1"), ON) == ()


def test_female_retirement_category_is_a_pack_parameter() -> None:
    woman = member(birth=date(1974, 1, 1), gender=Gender.FEMALE)  # 52 on ON
    worker = view_with({"member.over_retirement_needs_proof": param(True)})
    cadre = view_with(
        {
            "member.over_retirement_needs_proof": param(True),
            "member.retirement_female_category": param("female_55"),
        }
    )
    assert codes(worker.member_findings(woman, worker.plan("P1"), ON)) == ["age.over_retirement"]
    assert cadre.member_findings(woman, cadre.plan("P1"), ON) == ()


def test_dispatched_without_own_social_security_needs_proof() -> None:
    view = view_with({"member.dispatched_needs_proof": param(True)})
    p = view.plan("P1")
    assert codes(
        view.member_findings(member(dispatched=True, own_social_security=False), p, ON)
    ) == ["member.dispatched_proof"]
    assert view.member_findings(member(dispatched=True, own_social_security=True), p, ON) == ()
    assert (
        view_with().member_findings(member(dispatched=True, own_social_security=False), p, ON) == ()
    )


def test_other_id_types_need_gender_and_birth_date() -> None:
    view = view_with({"member.other_id_needs_gender_and_birth_date": param(True)})
    p = view.plan("P1")
    missing = attrs.evolve(member(), gender=None, birth_date=None)
    assert codes(view.member_findings(missing, p, ON)) == [
        "member.gender_required",
        "member.birth_date_required",
    ]
    resident = attrs.evolve(member(id_type=IdType.RESIDENT_ID), birth_date=None)
    assert "member.birth_date_required" not in codes(view.member_findings(resident, p, ON))
    assert codes(view_with().member_findings(missing, p, ON)) == ["age.unknown"]


def test_risk_class_must_be_offered() -> None:
    view = view_with()
    assert codes(view.member_findings(member(risk_class=HIGH), view.plan("P1"), ON)) == [
        "member.risk_class_not_offered"
    ]


# --- mutualaid_roster_findings ----------------------------------------------------------


def test_roster_row_limit() -> None:
    view = view_with({"roster.max_rows": param(2)})
    p = view.plan("P1")
    assert (
        view.roster_findings(Roster.of("P1", [member("a"), member("b")], tier_code="T60"), p, ON)
        == ()
    )
    (f,) = view.roster_findings(
        Roster.of("P1", [member("a"), member("b"), member("c")], tier_code="T60"), p, ON
    )
    assert (f.code, f.params["rows"], f.params["limit"]) == ("roster.row_limit", 3, 2)


def test_roster_shape_checks() -> None:
    view = view_with({"roster.single_tier": param(True)})
    p = view.plan("P1")
    rows = Roster(
        "P1",
        (
            RosterEntry(member("a"), "P1", "T60"),
            RosterEntry(member("b"), "P1", "T90"),
            RosterEntry(member("c"), "P2", "T99", shares=2),
        ),
    )
    found = view.roster_findings(rows, p, ON)
    assert codes(found) == [
        "roster.plan_mismatch",
        "roster.unknown_tier",
        "roster.shares_out_of_range",
        "roster.tier_mixed",
    ]
    assert found[0].params["entry_index"] == 2
    assert codes(view.roster_findings(Roster("P1"), p, ON)) == ["roster.empty"]


# --- mutualaid_application_findings ------------------------------------------------------


def test_application_rules() -> None:
    view = view_with(
        {
            "application.max_plans": param(1),
            "application.required_declared_counts": param(["medical_insurance_headcount"]),
            "application.enrolled_must_equal_declared": param("insured_headcount"),
            "application.min_participation_ratio": param(
                {"of": "insured_headcount", "minimum": "0.90"}
            ),
            "application.requires_terms_accepted": param(True),
        },
        [plan("P1"), plan("P2")],
    )
    app = application(
        line("P1", [member("a")]),
        line("P2", [member("a")]),
        declared=DeclaredCounts(insured_headcount=2),
    )
    found = codes(view.application_findings(app, ON))
    assert found == [
        "application.too_many_plans",
        "application.declared_missing",
        "roster.count_mismatch",
        "application.participation_ratio",
        "application.terms_not_accepted",
    ]
    good = application(
        line("P1", [member("a"), member("b")]),
        declared=DeclaredCounts(insured_headcount=2, medical_insurance_headcount=2),
        terms_accepted=True,
    )
    assert view.application_findings(good, ON) == ()


def test_entry_shares_must_be_the_line_s() -> None:
    """roster.shares_mismatch: one error per entry whose shares are not its line's."""
    view = view_with(plans=[plan("P1", [tier("T", "50")], max_shares=3)])
    someone = member("张三", id_type=IdType.RESIDENT_ID, id_number=resident_id(date(1990, 5, 1)))
    entries = (
        RosterEntry(someone, "P1", "T", 1),
        RosterEntry(member("b"), "P1", "T", 2),
        RosterEntry(member("c"), "P1", "T", 3),
    )
    app = application(ApplicationLine("P1", "T", 2, Roster("P1", entries)))
    found = view.application_findings(app, ON)
    assert codes(found) == ["roster.shares_mismatch", "roster.shares_mismatch"]
    first = found[0]
    assert first.severity is Severity.ERROR and first.column == "份数"
    assert dict(first.params) == {
        "plan_code": "P1",
        "line_index": 0,
        "entry_index": 0,
        "id_number": mask_id_number(someone.id_number),
        "shares": 1,
        "line_shares": 2,
    }
    assert first.message == (
        f"张三（{mask_id_number(someone.id_number)}）的份数为1，"
        "与保障计划P1所选份数2不一致，请按所选份数填写"
    )
    assert someone.id_number not in first.message and someone.id_number not in str(
        dict(first.params)
    )
    assert found[1].params["entry_index"] == 2 and found[1].params["shares"] == 3
    # a line over default 1-share entries: each entry is reported, none is priced silently
    cheap = application(line("P1", [member("a"), member("b")], tier_code="T", shares=1))
    cheap = attrs.evolve(cheap, lines=(attrs.evolve(cheap.lines[0], shares=2),))
    assert codes(view.application_findings(cheap, ON)) == ["roster.shares_mismatch"] * 2
    good = application(line("P1", [member("a"), member("b")], tier_code="T", shares=3))
    assert view.application_findings(good, ON) == ()


@given(line_shares=st.integers(1, 3), shares=st.lists(st.integers(1, 3), max_size=6))
@settings(max_examples=30)
def test_one_shares_mismatch_per_entry_that_differs(line_shares: int, shares: list[int]) -> None:
    view = view_with(plans=[plan("P1", [tier("T", "50")], max_shares=3)])
    entries = tuple(RosterEntry(member(f"m{i}"), "P1", "T", k) for i, k in enumerate(shares))
    app = application(ApplicationLine("P1", "T", line_shares, Roster("P1", entries)))
    found = [f for f in view.application_findings(app, ON) if f.code == "roster.shares_mismatch"]
    assert [f.params["entry_index"] for f in found] == [
        i for i, k in enumerate(shares) if k != line_shares
    ]


@pytest.mark.parametrize("row_shares", [None, 2])
def test_checked_roster_s_application_line_has_no_shares_mismatch(row_shares: int | None) -> None:
    """report.application_line(): entries get the line's shares (rows giving none or the same)."""
    view = view_with(plans=[plan("P1", [tier("T", "50")], max_shares=3)])
    rules = RosterRules.from_pack(view, "P1", tier="T", shares=2, on=ON)
    rows: list[dict[str, object]] = [
        {"name": f"职工{n}", "id_number": resident_id(date(1990, 1, 1), serial=n)} for n in range(3)
    ]
    if row_shares is not None:
        rows = [{**r, "shares": row_shares} for r in rows]
    raws = [RawRow(n, r, False, tuple(r.values())) for n, r in enumerate(rows, 2)]
    report = validate_rows(raws, rules)
    checked = report.application_line()
    assert checked.shares == 2 and [e.shares for e in checked.roster] == [2, 2, 2]
    app = application(checked)
    assert view.application_findings(app, ON) == ()
    assert view.price_application(app, ON).total == Decimal("300.00")


def test_entry_tier_must_be_the_line_s() -> None:
    """roster.tier_mismatch: one error per entry whose tier is not its line's; none inherits."""
    view = view_with()
    someone = member("张三", id_type=IdType.RESIDENT_ID, id_number=resident_id(date(1990, 5, 1)))
    entries = (
        RosterEntry(someone, "P1", "T90"),
        RosterEntry(member("b"), "P1", "T60"),
        RosterEntry(member("c"), "P1", None),  # no tier of its own: the line's
        RosterEntry(member("d"), "P1", "T90", 2),  # both differ: one finding each
    )
    app = application(ApplicationLine("P1", "T60", 1, Roster("P1", entries)))
    found = view.application_findings(app, ON)
    assert codes(found) == [
        "roster.tier_mismatch",
        "roster.shares_mismatch",
        "roster.tier_mismatch",
    ]
    first = found[0]
    assert first.severity is Severity.ERROR and first.column == "档位"
    assert first.field == "tier_code"
    assert dict(first.params) == {
        "plan_code": "P1",
        "line_index": 0,
        "entry_index": 0,
        "id_number": mask_id_number(someone.id_number),
        "tier_code": "T90",
        "line_tier_code": "T60",
    }
    assert first.message == (
        f"张三（{mask_id_number(someone.id_number)}）的档位为T90，"
        "与保障计划P1所选档位T60不一致，请按所选档位填写"
    )
    assert someone.id_number not in first.message and someone.id_number not in str(
        dict(first.params)
    )
    assert [f.params["entry_index"] for f in found] == [0, 3, 3]
    # a line that chose no tier has nothing to compare with
    open_line = application(ApplicationLine("P1", None, 1, Roster("P1", entries[:3])))
    assert view.application_findings(open_line, ON) == ()


@given(
    line_tier=st.sampled_from(["T60", "T90"]),
    tiers=st.lists(st.sampled_from([None, "T60", "T90"]), max_size=6),
)
@settings(max_examples=30)
def test_one_tier_mismatch_per_entry_that_differs(line_tier: str, tiers: list[str | None]) -> None:
    view = view_with()
    entries = tuple(RosterEntry(member(f"m{i}"), "P1", t) for i, t in enumerate(tiers))
    app = application(ApplicationLine("P1", line_tier, 1, Roster("P1", entries)))
    found = view.application_findings(app, ON)
    assert all(f.code == "roster.tier_mismatch" for f in found)
    assert [f.params["entry_index"] for f in found] == [
        i for i, t in enumerate(tiers) if t is not None and t != line_tier
    ]
    assert all(f.params["line_tier_code"] == line_tier for f in found)


@pytest.mark.parametrize("row_tier", [None, "T60", "T90"])
def test_checked_roster_s_application_line_has_no_tier_mismatch(row_tier: str | None) -> None:
    """report.application_line(): entries get the line's tier, unless a row's 档位 says another."""
    view = view_with()
    rules = RosterRules.from_pack(view, "P1", tier="T60", on=ON)
    rows: list[dict[str, object]] = [
        {"name": f"职工{n}", "id_number": resident_id(date(1990, 1, 1), serial=n)} for n in range(3)
    ]
    if row_tier is not None:
        rows = [{**r, "tier_code": row_tier} for r in rows]
    raws = [RawRow(n, r, False, tuple(r.values())) for n, r in enumerate(rows, 2)]
    checked = validate_rows(raws, rules).application_line()
    assert checked.tier_code == "T60"
    found = view.application_findings(application(checked), ON)
    if row_tier in (None, "T60"):
        assert {e.tier_code for e in checked.roster} <= {None, "T60"}
        assert found == ()
    else:  # the row keeps its own tier and is reported, as a row's own shares are
        assert codes(found) == ["roster.tier_mismatch"] * 3


def test_one_tier_per_plan_per_unit_across_applications() -> None:
    view = view_with({"application.one_tier_per_plan_per_unit": param(True)})
    first = application(line("P1", [member("a")], tier_code="T60"), app_id="A1")
    second = application(line("P1", [member("b")], tier_code="T90"), app_id="A2")
    other_unit = application(line("P1", [member("c")], tier_code="T90"), app_id="A3", unit_id="U2")
    (f,) = view.application_findings(second, ON, prior_applications=[first, other_unit])
    assert f.code == "application.tier_differs_from_prior" and f.params["prior_application"] == "A1"
    assert view.application_findings(second, ON, prior_applications=[other_unit]) == ()


# --- pricing ---------------------------------------------------------------------------


def test_price_entry_uses_tier_shares_risk_class_and_split() -> None:
    """mutualaid_price_entry: contribution x shares, member and subsidy parts."""
    view = view_with(
        plans=[
            plan(
                "P1",
                [tier("S", "50", "10", high_risk={"member": "80", "subsidy": "10"})],
                max_shares=3,
                risk_classes=["normal", "high_risk"],
            )
        ]
    )
    p = view.plan("P1")
    normal = view.price_entry(RosterEntry(member(), "P1", "S", 2), p, ON)
    assert (normal.member_part, normal.subsidy_part, normal.total) == (
        Decimal("100.00"),
        Decimal("20.00"),
        Decimal("120.00"),
    )
    high = view.price_entry(
        RosterEntry(member(risk_class=RiskClass.HIGH_RISK), "P1", "S", 1), p, ON
    )
    assert high.total == Decimal("90.00")
    assert high.explanation is not None and "plans.P1.tiers.S.high_risk" in str(high.explanation)
    only_tier = view.price_entry(RosterEntry(member(), "P1", None, 1), p, ON)
    assert only_tier.tier_code == "S"


def test_price_entry_needs_a_tier_when_there_are_several() -> None:
    view = view_with()
    with pytest.raises(UnknownPlan, match="T60, T90"):
        view.price_entry(RosterEntry(member(), "P1", None), view.plan("P1"), ON)


def test_price_application_groups_lines_and_gives_gifts_free() -> None:
    """mutualaid_price_application: lines by plan and tier; gift plans at no charge."""
    view = view_with(
        plans=[
            plan("P1", [tier("T60", "60")], gift_plans=["G1"]),
            plan("G1", [tier("G", "0")], is_gift=True),
        ]
    )
    app = application(line("P1", [member("a"), member("b"), member("c")], gift_plans=("G1",)))
    quote = view.price_application(app, ON)
    assert quote.total == Decimal("180.00") and quote.headcount == 3
    gift = next(p for p in quote.lines if p.gift)
    assert (gift.plan_code, gift.members, gift.total) == ("G1", 3, Decimal("0.00"))
    assert quote.explanation is not None and "gift plan G1: no charge" in str(quote.explanation)


def test_price_application_charges_each_entry_its_own_shares() -> None:
    """The roster entry's shares are the truth: 1 share on a 3-share line is charged 1 share."""
    view = view_with(plans=[plan("P1", [tier("T", "50")], max_shares=3)])
    entries = [RosterEntry(member(n), "P1", "T", k) for n, k in (("a", 1), ("b", 2), ("c", 3))]
    app = application(ApplicationLine("P1", "T", 3, Roster("P1", tuple(entries))))
    quote = view.price_application(app, ON)
    assert sorted((p.shares, p.members, p.total) for p in quote.lines) == [
        (1, 1, Decimal("50.00")),
        (2, 1, Decimal("100.00")),
        (3, 1, Decimal("150.00")),
    ]
    assert quote.total == Decimal("300.00")
    one = application(ApplicationLine("P1", "T", 3, Roster("P1", tuple(entries[:1]))))
    assert view.price_application(one, ON).total == Decimal("50.00")


@given(n=st.integers(0, 30), shares=st.integers(1, 5))
@settings(max_examples=30)
def test_application_total_is_price_times_shares_times_members(n: int, shares: int) -> None:
    view = view_with(plans=[plan("P1", [tier("T", "36", "9")], max_shares=5)])
    app = application(line("P1", [member(f"m{i}") for i in range(n)], tier_code="T", shares=shares))
    quote = view.price_application(app, ON)
    assert quote.total == Decimal(45 * shares * n).quantize(Decimal("0.01"))
    assert quote.member_part == Decimal(36 * shares * n).quantize(Decimal("0.01"))
    assert quote.total.as_tuple().exponent == -2


def _policy(start: date = date(2026, 1, 1)) -> Policy:
    return Policy(
        "PO1",
        "U1",
        "A1",
        "P1",
        CoveragePeriod(date(2026, 1, 1), date(2026, 12, 31)),
        (PolicyMember(member("a"), "T60"),),
        effective_date=start,
    )


def test_price_endorsement_full_or_pro_rata() -> None:
    """mutualaid_price_endorsement: full price by default, daily pro rata when switched on."""
    endorsement = Endorsement("E1", "PO1", "U1", date(2026, 7, 2), Roster.of("P1", [member("new")]))
    assert view_with().price_endorsement(endorsement, _policy(), ON).total == Decimal("60.00")
    quote = view_with({"endorsement.pro_rata": param(True)}).price_endorsement(
        endorsement, _policy(), ON
    )
    assert quote.total == Decimal("30.08")  # 183 of 365 days
    assert quote.explanation is not None and "183/365" in str(quote.explanation)


def test_price_group_adds_the_parts() -> None:
    """mutualaid_price_group: the parent's and the subsidiaries' parts together."""
    view = view_with()
    parts = [
        application(line("P1", [member("a")]), app_id="HQ"),
        application(line("P1", [member("b"), member("c")]), app_id="SUB"),
    ]
    quote = view.price_group(parts, ON)
    assert quote.total == Decimal("180.00") and quote.headcount == 3


# --- effective dates ------------------------------------------------------------------


def test_effective_date_defaults_to_coverage_start() -> None:
    """mutualaid_effective_date: coverage start, or the later date asked for."""
    view = view_with()
    p = view.plan("P1")
    assert view.effective_date(application(), p).date == date(2026, 1, 1)
    asked = application(requested_effective_date=date(2026, 4, 1))
    result = view.effective_date(asked, p, payment_arrival=date(2026, 5, 1))
    assert result.date == date(2026, 4, 1) and result.coverage_end == date(2026, 12, 31)


def test_late_payment_starts_the_day_after_arrival() -> None:
    view = view_with({"effective.late_payment_next_day": param(True)})
    p = view.plan("P1")
    app = application(reference_effective_date=date(2026, 4, 1))
    assert view.effective_date(app, p, payment_arrival=date(2026, 3, 20)).date == date(2026, 4, 1)
    assert view.effective_date(app, p, payment_arrival=date(2026, 4, 1)).date == date(2026, 4, 1)
    late = view.effective_date(app, p, payment_arrival=date(2026, 4, 10))
    assert late.date == date(2026, 4, 11)
    assert late.explanation is not None and "effective the next day" in str(late.explanation)


def test_waiting_period_after_a_gap() -> None:
    view = view_with({"effective.waiting_period_days": param(30)})
    p = view.plan("P1")
    app = application(reference_effective_date=date(2026, 4, 1))
    assert (
        view.effective_date(app, p, previous_coverage_end=date(2026, 3, 31)).waiting_period_end
        is None
    )
    gap = view.effective_date(app, p, previous_coverage_end=date(2026, 2, 28))
    assert gap.waiting_period_end == date(2026, 4, 30)


def test_association_sets_the_date() -> None:
    view = view_with({"effective.set_by_association": param(True)})
    p = view.plan("P1")
    pending = view.effective_date(application(), p, payment_arrival=date(2026, 3, 1))
    assert pending.pending and pending.set_by_association
    assert view.effective_date(application(), p, association_date=date(2026, 3, 5)).date == date(
        2026, 3, 5
    )


def test_endorsement_effective_date() -> None:
    """mutualaid_endorsement_effective_date: the requested date, never before the policy's."""
    early = Endorsement("E1", "PO1", "U1", date(2026, 1, 15), Roster("P1"))
    assert view_with().endorsement_effective_date(early, _policy(date(2026, 2, 1))).date == date(
        2026, 2, 1
    )
    later = attrs.evolve(early, effective_date=date(2026, 6, 1))
    assert view_with().endorsement_effective_date(later, _policy()).date == date(2026, 6, 1)
    by_association = view_with({"effective.set_by_association": param(True)})
    assert by_association.endorsement_effective_date(later, _policy()).pending


# --- invoicing ------------------------------------------------------------------------


def _unit() -> Unit:
    return Unit("U1", "测试单位", UnitCodeKind.USCC, "91110000000000000X")


def _request(**kw: Any) -> InvoiceRequest:
    base: dict[str, Any] = {
        "id": "I1",
        "unit_id": "U1",
        "subject_ids": ("A1",),
        "title": "测试单位",
        "taxpayer_code": "91110000000000000X",
        "amount": "120",
        "email": "a@b.cn",
        "requested_on": date(2026, 3, 20),
    }
    return InvoiceRequest(**{**base, **kw})


def test_invoice_rules() -> None:
    """mutualaid_invoice_findings: settlement day, title, group, early invoice."""
    view = view_with(
        {
            "invoice.settlement_day": param(25),
            "invoice.title_must_match_unit": param(True),
            "invoice.group_invoiced_by_parent": param(True),
            "invoice.early_allowed": param(True),
            "invoice.early_needs_commitment_letter": param(True),
        }
    )
    app = application(line("P1", [member("a"), member("b")]))
    assert view.invoice_findings(_request(), _unit(), [app], ON) == ()
    assert view.invoice_findings(_request(), _unit(), [app], date(2026, 3, 25)) == ()
    assert codes(view.invoice_findings(_request(), _unit(), [app], date(2026, 3, 26))) == [
        "invoice.after_settlement_day"
    ]
    assert codes(view.invoice_findings(_request(title="测试"), _unit(), [app], ON)) == [
        "invoice.title_mismatch"
    ]
    part = attrs.evolve(app, group_id="G", group_part_status=GroupPartStatus.SUBMITTED_TO_PARENT)
    assert codes(view.invoice_findings(_request(), _unit(), [part], ON)) == [
        "invoice.group_by_parent"
    ]
    early = view.invoice_findings(_request(early=True), _unit(), [app], ON)
    assert (
        codes(early) == ["invoice.early_needs_commitment_letter"]
        and early[0].severity is Severity.NEEDS_MATERIAL
    )
    letter = Material.required(MaterialKind.COMMITMENT_LETTER).provide("letter.pdf")
    assert (
        view.invoice_findings(_request(early=True, commitment_letter=letter), _unit(), [app], ON)
        == ()
    )
    assert codes(view_with().invoice_findings(_request(early=True), _unit(), [app], ON)) == [
        "invoice.early_not_allowed"
    ]


def test_settlement_day_is_judged_on_the_day_given_not_the_request_s_date() -> None:
    """invoice.settlement_day: ``on`` is the day of the submit; the saved date does not count."""
    view = view_with({"invoice.settlement_day": param(25)})
    app = application(line("P1", [member("a")]))
    old = _request(requested_on=date(2026, 3, 2))
    late = _request(requested_on=date(2026, 3, 28))
    for req in (old, late):
        for day, found in ((24, []), (25, []), (26, ["invoice.after_settlement_day"])):
            on = date(2026, 3, day)
            assert codes(view.invoice_findings(req, _unit(), [app], on)) == found
    (f,) = view.invoice_findings(old, _unit(), [app], date(2026, 3, 26))
    assert (f.field, f.params) == (
        "requested_on",
        {"settlement_day": 25, "requested_on": "2026-03-26"},
    )


def _cap_view() -> PackView:
    return view_with(
        {"invoice.per_capita_cap_when_mixed": param(True)},
        [
            plan(
                code,
                [tier("S", normal, high_risk={"member": high})],
                max_shares=2,
                risk_classes=["normal", "high_risk"],
            )
            for code, normal, high in (("P1", "60", "100"), ("P2", "20", "40"))
        ],
    )


def _cap(view: PackView, amount: str, *apps: Any) -> list[tuple[str, str, str]]:
    found = view.invoice_findings(_request(amount=amount), _unit(), list(apps), ON)
    return [(f.params["plan_code"], f.params["cap"], f.params["amount"]) for f in found]


def test_per_capita_cap_when_risk_classes_mix_is_exact() -> None:
    """3.3 注: cap = high-risk price x shares per member, compared exactly (no rounded ratio)."""
    view = _cap_view()
    people = [member("a"), member("b", risk_class=HIGH)]
    mixed = application(line("P1", people, tier_code="S", shares=2))  # cap 2 x 100 x 2 = 400
    assert _cap(view, "400.00", mixed) == []
    assert _cap(view, "400.01", mixed) == [("P1", "400.00", "400.01")]
    (f,) = view.invoice_findings(_request(amount="400.02"), _unit(), [mixed], ON)
    assert (f.code, f.field, f.params["headcount"]) == ("invoice.per_capita_cap", "amount", 2)
    assert "plans.P1.tiers.S.high_risk" in str(f.explanation)
    same = application(line("P1", [member("a"), member("b")], tier_code="S", shares=2))
    assert _cap(view, "999", same) == []


def test_per_capita_cap_uses_each_entry_s_shares() -> None:
    """The cap counts each member's own shares: 100 x 1 + 100 x 2 = 300."""
    view = _cap_view()
    entries = (
        RosterEntry(member("a"), "P1", "S", 1),
        RosterEntry(member("b", risk_class=HIGH), "P1", "S", 2),
    )
    app = application(ApplicationLine("P1", "S", 2, Roster("P1", entries)))
    assert _cap(view, "300.00", app) == []
    assert _cap(view, "300.01", app) == [("P1", "300.00", "300.01")]


def test_per_capita_cap_is_per_activity_not_summed() -> None:
    """Two mixed activities: each one's part of the invoice (in proportion to its price) is capped."""
    view = _cap_view()
    people = [member("a"), member("b", risk_class=HIGH)]
    # P1: price 60 + 100 = 160, cap 200; P2: price 20 + 40 = 60, cap 80; together 220
    app = application(line("P1", people, tier_code="S"), line("P2", people, tier_code="S"))
    assert _cap(view, "220.00", app) == []
    assert _cap(view, "275.00", app) == []  # P1's part 275 x 160 / 220 = 200 exactly
    assert _cap(view, "275.01", app) == [("P1", "200.00", "200.01")]  # 200.0072..., shown up
    assert [c[0] for c in _cap(view, "293.34", app)] == ["P1", "P2"]  # P2: 293.34 x 60/220 > 80
    # the same activities in two applications invoiced together
    one, two = (
        application(line("P1", people, tier_code="S")),
        application(line("P2", people, tier_code="S"), app_id="A2"),
    )
    assert _cap(view, "275.01", one, two) == [("P1", "200.00", "200.01")]


def test_per_capita_cap_gives_a_mixed_activity_what_the_others_do_not_take() -> None:
    """An activity of one class has a fixed price; the rest of the invoice is the mixed one's."""
    view = _cap_view()
    mixed = line("P1", [member("a"), member("b", risk_class=HIGH)], tier_code="S")  # cap 200
    normal = line("P2", [member("a"), member("c")], tier_code="S")  # price 2 x 20 = 40
    app = application(mixed, normal)
    assert _cap(view, "240.00", app) == []
    assert _cap(view, "240.01", app) == [("P1", "200.00", "200.01")]
    assert _cap(view, "30.00", app) == []  # less than the others' price: nothing left over


@given(
    lines=st.lists(
        st.tuples(
            st.sampled_from(["P1", "P2"]),
            st.lists(st.tuples(st.booleans(), st.integers(1, 2)), min_size=1, max_size=4),
        ),
        min_size=1,
        max_size=3,
    )
)
@settings(max_examples=40)
def test_invoicing_the_quote_never_trips_the_cap(
    lines: list[tuple[str, list[tuple[bool, int]]]],
) -> None:
    """Each activity's price is at most its cap, so an invoice of the quote always passes;
    one cent more than a lone mixed activity's cap always fails."""
    view = _cap_view()
    built = [
        ApplicationLine(
            code,
            "S",
            1,
            Roster(
                code,
                tuple(
                    RosterEntry(
                        member(f"m{n}{i}", risk_class=HIGH if high else RiskClass.NORMAL),
                        code,
                        "S",
                        k,
                    )
                    for i, (high, k) in enumerate(entries)
                ),
            ),
        )
        for n, (code, entries) in enumerate(lines)
    ]
    app = application(*built)
    quote = view.price_application(app, ON).total
    assert _cap(view, str(quote), app) == []
    high = {"P1": Decimal(100), "P2": Decimal(40)}
    first_code, first = lines[0]
    if len(lines) == 1 and {h for h, _ in first} == {True, False}:
        cap = sum(high[first_code] * k for _, k in first)
        assert _cap(view, str(cap), app) == []
        assert len(_cap(view, str(cap + Decimal("0.01")), app)) == 1


# --- materials and templates ------------------------------------------------------------


def test_required_materials_from_findings_and_fixed_lists() -> None:
    """mutualaid_required_materials: needs_material findings plus the pack's list, no duplicates."""
    view = view_with(
        {
            "member.over_retirement_needs_proof": param(True),
            "materials.offline": param(
                [{"kind": "salary_sheet", "name": "工资表（盖章）", "stamped": True}]
            ),
        }
    )
    p = view.plan("P1")
    findings = [
        *view.member_findings(member("a", birth=date(1950, 1, 1)), p, ON),
        *view.member_findings(member("b", birth=date(1951, 1, 1)), p, ON),
    ]
    needed = view.required_materials(Situation.OFFLINE, ON, findings=findings)
    assert [(m.kind, m.stamped) for m in needed] == [
        (MaterialKind.OVER_AGE_PROOF, False),
        (MaterialKind.SALARY_SHEET, True),
    ]
    assert needed[0].reason == "age.over_retirement"
    assert view.required_materials("application", ON) == ()


def test_template_columns_default_to_the_canonical_ones() -> None:
    """mutualaid_template_columns: the canonical columns unless the pack says otherwise."""
    view = view_with()
    assert view.template_columns(view.plan("P1")) == CANONICAL_COLUMNS


def test_age_limits_hook_answers_with_parameters() -> None:
    """mutualaid_age_limits: the default reads age.minimum and age.maximum."""
    view = view_with({"age.maximum": param(65)})
    limits = view.age_limits(view.plan("P1"), ON)
    assert (limits.minimum, limits.maximum) == (16, 65)
    assert limits.admits(65) and not limits.admits(66)
