"""Benefits computed from pack steps, explained to the fen (Linyi 4.2.2 申领计算, 003).

The manuals give no amounts (Linyi's 申领计算 only says the benefit must not
be zero before 申领提交): the demo pack's numbers are illustrative.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest
from benefit_helpers import demo_view, person, policy

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.benefits.codes import CODES, CodeKind, finding
from mutualaid.claims.benefits.compute import compute_benefit
from mutualaid.claims.coverage import assess, steps_for
from mutualaid.claims.ledger import Ledger
from mutualaid.errors import ConversionError, PackDataError
from mutualaid.model.benefit import Benefit, BenefitRow

ON = date(2026, 5, 3)
M = person(1)
POLICIES = (policy(M, 2025, shares=2), policy(M, 2026, shares=2))


def hospital(**extra: object) -> CaseFacts:
    base: dict[str, object] = dict(
        total="12000", self_pay="1500", over_limit="500", days=9, hospital_level="level_3"
    )
    base.update(extra)
    return CaseFacts("LP1", "disease_hospitalization", ON, **base)  # type: ignore[arg-type]


def test_a_hospital_case_step_by_step() -> None:
    view = demo_view()
    cover, b = assess(hospital(), M, policies=POLICIES, rules=view)
    assert cover.covered and cover.policy_number == "BD2026" and cover.shares == 2
    assert b.amount == Decimal("6420.00")
    table = [
        (r.step, str(r.input), str(r.output), str(r.added), str(r.withheld), r.reason)
        for r in b.rows
    ]
    assert table == [
        ("eligible", "0.00", "12000.00", "12000.00", "0.00", None),
        ("self_pay", "12000.00", "10500.00", "0.00", "1500.00", "benefit.self_pay_excluded"),
        ("over_limit", "10500.00", "10000.00", "0.00", "500.00", "benefit.over_limit_excluded"),
        ("deductible", "10000.00", "9200.00", "0.00", "800.00", "benefit.deductible"),
        ("ratio", "9200.00", "5520.00", "0.00", "3680.00", "benefit.ratio"),
        ("allowance", "5520.00", "6420.00", "900.00", "0.00", None),
        ("cap_allowance", "6420.00", "6420.00", "0.00", "0.00", None),
        ("cap_case", "6420.00", "6420.00", "0.00", "0.00", None),
        ("cap_period", "6420.00", "6420.00", "0.00", "0.00", None),
        ("cap_life", "6420.00", "6420.00", "0.00", "0.00", None),
    ]
    ratio = b.rows[4]
    assert (ratio.parameter, ratio.valid_from, ratio.source) == (
        "demo.ratio_level",
        date(2025, 1, 1),
        "test manual §1",
    )
    assert "level_3" in ratio.note
    assert b.rows[5].days == 9 and "x 2 shares" in b.rows[5].note
    assert b.by_category() == {"medical": Decimal("5520.00"), "allowance": Decimal("900.00")}


def test_the_ratio_rounds_half_up_to_the_fen() -> None:
    # 9,200.01 - ... : eligible 10,000.01 less deductible 800 = 9,200.01 x 0.6 = 5,520.006 -> 5,520.01
    _, b = assess(hospital(total="12000.01", days=0), M, policies=POLICIES, rules=demo_view())
    assert b.rows[4].output == Decimal("5520.01")
    # 0.8 x 0.05 = 0.04; 0.6 x 0.05 = 0.03
    _, b = assess(
        hospital(total="800.05", self_pay=None, over_limit=None, days=0),
        M,
        policies=POLICIES,
        rules=demo_view(),
    )
    assert b.amount == Decimal("0.03")


def test_bands_are_progressive() -> None:
    facts = CaseFacts("LP2", "accident_hospitalization", ON, total="16000", insurance_paid="1000")
    _, b = assess(facts, M, policies=POLICIES, rules=demo_view())
    # 15,000: 10,000 x 0.5 + 5,000 x 0.7
    assert b.amount == Decimal("8500.00")
    assert b.codes == ("benefit.insurance_paid_excluded", "benefit.ratio")


def test_a_lump_sum_is_times_the_shares() -> None:
    facts = CaseFacts("LP3", "special_disease", ON)
    _, b = assess(facts, M, policies=POLICIES, rules=demo_view())
    assert b.amount == Decimal("10000.00") and "x 2 shares" in b.rows[0].note


def test_days_beyond_the_maximum_are_withheld_and_explained() -> None:
    view = demo_view({"demo.max_days": 5})
    _, b = assess(hospital(days=9), M, policies=POLICIES, rules=view)
    allowance = b.rows[5]
    assert (allowance.added, allowance.withheld, allowance.days) == (
        Decimal("900.00"),
        Decimal("400.00"),
        5,
    )
    assert allowance.reason == "benefit.allowance_days_used_up"


def test_a_hospital_level_without_a_ratio_pays_nothing_of_the_medical_part() -> None:
    _, b = assess(
        hospital(hospital_level="clinic", days=0), M, policies=POLICIES, rules=demo_view()
    )
    assert b.amount == 0 and b.rows[4].reason == "benefit.hospital_level_not_listed"


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (hospital(total=None), "benefit.expenses_missing"),
        (hospital(days=None), "benefit.days_missing"),
        (hospital(hospital_level=None), "benefit.hospital_level_missing"),
    ],
)
def test_missing_facts_defer_the_case(facts: CaseFacts, code: str) -> None:
    _, b = assess(facts, M, policies=POLICIES, rules=demo_view())
    assert b.refusal == code and b.amount == 0 and CODES[code].kind is CodeKind.DEFERRAL


def test_a_required_parameter_without_a_value_defers_and_a_missing_cap_is_no_cap() -> None:
    view = demo_view({"demo.per_day": None, "demo.cap_case": None})
    _, b = assess(hospital(), M, policies=POLICIES, rules=view)
    assert b.refusal == "benefit.parameter_missing"
    _, b = assess(hospital(days=0), M, policies=POLICIES, rules=demo_view({"demo.cap_case": None}))
    assert b.amount == Decimal("5520.00") and "not set" in b.rows[7].note


def test_a_mistyped_reform_value_is_a_clear_error() -> None:
    from mutualaid.batch import what_if

    reform = what_if(demo_view(), **{"demo.cap_case": "lots"})
    with pytest.raises(PackDataError, match=r"demo\.cap_case"):
        assess(hospital(), M, policies=POLICIES, rules=reform)


def test_a_whole_benefit_cap_cuts_the_last_category_first_one_row_each() -> None:
    view = demo_view({"demo.cap_case": "2800"})  # x 2 shares = 5,600 < 6,420
    _, b = assess(hospital(), M, policies=POLICIES, rules=view)
    cuts = [(r.step, r.category, str(r.withheld)) for r in b.rows if r.step == "cap_case"]
    assert cuts == [("cap_case", "allowance", "820.00")]
    view = demo_view({"demo.cap_case": "2000"})  # 4,000: all 900 of allowance, 1,520 of medical
    _, b = assess(hospital(), M, policies=POLICIES, rules=view)
    cuts = [(r.category, str(r.withheld)) for r in b.rows if r.step == "cap_case"]
    assert cuts == [("allowance", "900.00"), ("medical", "1520.00")]
    assert b.amount == Decimal("4000.00") and b.by_category()["allowance"] == 0


def test_compute_benefit_reads_the_values_in_effect_on_the_incident_date() -> None:
    view = demo_view()
    steps = steps_for(view.plan("DEMO-2026"), "special_disease", view)
    assert steps is not None
    b = compute_benefit(
        steps, CaseFacts("LP3", "special_disease", ON, shares=1), view, plan_code="DEMO-2026"
    )
    assert b.amount == Decimal("5000.00") and b.rows[0].valid_from == date(2025, 1, 1)


def test_rows_that_do_not_add_up_are_refused() -> None:
    with pytest.raises(ConversionError, match="is not"):
        BenefitRow("x", "cap", "100", "50", withheld="40", reason="benefit.cap_case")
    with pytest.raises(ConversionError, match="without a reason"):
        BenefitRow("x", "cap", "100", "50", withheld="50")
    rows = (
        BenefitRow("a", "lump_sum", "0", "100", added="100"),
        BenefitRow("b", "lump_sum", "90", "190", added="100"),
    )
    with pytest.raises(ConversionError, match=r"starts at 90\.00"):
        Benefit("LP", "P", "other", ON, 1, "190", rows)
    with pytest.raises(ConversionError, match="must pay nothing"):
        Benefit("LP", "P", "other", ON, 1, "100", rows[:1], refusal="cover.waiting_period")


def test_every_code_is_defined_once_with_chinese_and_a_kind() -> None:
    assert len(CODES) >= 20
    assert all(c.code == k and c.chinese for k, c in CODES.items())
    assert all(k.startswith(("cover.", "benefit.")) for k in CODES)
    assert finding("cover.waiting_period").blocking
    assert not finding("benefit.cap_case").blocking


def test_nothing_payable_is_named_when_the_steps_leave_zero() -> None:
    _, b = assess(
        hospital(total="700", self_pay=None, over_limit=None, days=0),
        M,
        policies=POLICIES,
        rules=demo_view(),
    )
    assert b.amount == 0 and b.refusal is None and "benefit.deductible" in b.codes


def test_a_recalculated_case_supersedes_its_ledger_rows() -> None:
    view = demo_view()
    plan = view.plan("DEMO-2026")
    _, first = assess(hospital(), M, policies=POLICIES, rules=view)
    ledger = Ledger().record(first, M, plan)
    _, again = assess(
        hospital(total="13000"), M, policies=POLICIES, rules=view, ledger=ledger.entries
    )
    # the case's own first revision does not count against itself: same deductible again
    assert again.rows[3].withheld == Decimal("800.00")
    ledger = ledger.record(again, M, plan)
    assert ledger.standing(M.key, plan).deductible("period", "deductible") == Decimal("800.00")
    assert {e.revision for e in ledger.entries} == {1, 2}
    assert attrs.evolve(first).amount == first.amount
