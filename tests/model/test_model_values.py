"""Model values: named constructors, derived values, frozen-ness, checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.errors import (
    ConversionError,
    FloatNotAllowed,
    InvalidAmount,
    InvalidChecksum,
    InvalidIdentifier,
    UnknownPlan,
)
from mutualaid.ids import parse_resident_id
from mutualaid.model import (
    Application,
    ApplicationLine,
    Claim,
    ClaimType,
    Contribution,
    CoveragePeriod,
    Expense,
    Gender,
    IdType,
    InvoiceRequest,
    LinkStatus,
    Material,
    MaterialKind,
    Member,
    PaymentNotice,
    Plan,
    PlanKind,
    Policy,
    PolicyMember,
    PolicyStatus,
    RiskClass,
    Roster,
    RosterEntry,
    Tier,
    Unit,
    UnitCodeKind,
    UnitLink,
)
from strategies.ids import valid_resident_ids
from strategies.model import MODEL_STRATEGIES, amounts, members, payment_vouchers, rosters

# --- Member.from_resident_id ---------------------------------------------------


@pytest.mark.parametrize(
    ("number", "gender", "born"),
    [
        ("11010519491231002X", Gender.FEMALE, date(1949, 12, 31)),
        ("11010519491231002x", Gender.FEMALE, date(1949, 12, 31)),
        ("110105491231002", Gender.FEMALE, date(1949, 12, 31)),  # 15 digits, upgraded
        ("440304199003070018", Gender.MALE, date(1990, 3, 7)),
        ("430902198506150021", Gender.FEMALE, date(1985, 6, 15)),
        ("371002197809200031", Gender.MALE, date(1978, 9, 20)),
    ],
)
def test_from_resident_id_examples(number: str, gender: Gender, born: date) -> None:
    m = Member.from_resident_id("张三", number, mobile="13912345678", gig_worker=True)
    assert (m.gender, m.birth_date, m.id_type) == (gender, born, IdType.RESIDENT_ID)
    assert len(m.id_number) == 18 and m.id_number.upper() == m.id_number
    assert m.gig_worker and m.mobile == "13912345678"
    assert m.risk_class is RiskClass.NORMAL and m.own_social_security


@given(valid_resident_ids())
def test_from_resident_id_agrees_with_the_parser(number: str) -> None:
    parsed = parse_resident_id(number)
    m = Member.from_resident_id("李四", number)
    assert m.id_number == parsed.number
    assert m.birth_date == parsed.birth_date
    assert m.gender.value == parsed.gender


@pytest.mark.parametrize("bad", ["110105194912310021", "1101051949123100", "", "abc"])
def test_from_resident_id_rejects_invalid_numbers(bad: str) -> None:
    with pytest.raises(InvalidIdentifier):
        Member.from_resident_id("王五", bad)


def test_from_resident_id_checks_the_birth_date_against_on() -> None:
    with pytest.raises(InvalidIdentifier):
        Member.from_resident_id("王五", "440304199003070018", on=date(1990, 3, 6))
    assert Member.from_resident_id("王五", "440304199003070018", on=date(1990, 3, 7))


def test_bad_checksum_is_the_specific_error() -> None:
    with pytest.raises(InvalidChecksum):
        Member.from_resident_id("王五", "110105194912310021")


# --- frozen values and evolve ---------------------------------------------------


@pytest.mark.parametrize(
    "cls", sorted(MODEL_STRATEGIES, key=lambda c: c.__name__), ids=lambda c: c.__name__
)
@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_values_are_frozen_and_hashable(cls: type, data: st.DataObject) -> None:
    obj = data.draw(MODEL_STRATEGIES[cls])
    first = attrs.fields(cls)[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, first, getattr(obj, first))
    assert hash(obj) == hash(attrs.evolve(obj))
    assert attrs.evolve(obj) == obj


@given(members)
def test_evolve_makes_a_new_frozen_value_and_leaves_the_old_one(m: Member) -> None:
    changed = attrs.evolve(m, risk_class=RiskClass.HIGH_RISK, retired=not m.retired)
    assert changed.retired is not m.retired
    assert changed.risk_class is RiskClass.HIGH_RISK
    assert (changed.id_number, changed.name) == (m.id_number, m.name)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        changed.retired = m.retired  # type: ignore[misc]


# --- plans --------------------------------------------------------------------


def _plan(*tiers: Tier) -> Plan:
    return Plan(
        "p",
        "住院津贴互助保障",
        PlanKind.HOSPITAL_ALLOWANCE,
        CoveragePeriod.calendar_year(2025),
        tiers,
    )


def test_plan_tier_lookup_and_error() -> None:
    plan = _plan(
        Tier("36", "个人36元", Contribution("36", "9")),
        Tier("40", "个人40元", Contribution("40", "9")),
    )
    assert plan.tier("40").contribution.total == Decimal("49.00")
    assert plan.tier_codes == ("36", "40")
    with pytest.raises(UnknownPlan) as info:
        plan.tier("60")
    assert "36, 40" in str(info.value) and isinstance(info.value, LookupError)


def test_plan_refuses_repeated_tier_codes_and_zero_shares() -> None:
    tier = Tier("60", "60元档位", Contribution(60))
    with pytest.raises(ConversionError):
        _plan(tier, tier)
    with pytest.raises(ConversionError):
        attrs.evolve(_plan(tier), max_shares=0)


def test_high_risk_contribution() -> None:
    tier = Tier("a", "a", Contribution(60), high_risk=Contribution(90))
    assert tier.contribution_for(RiskClass.HIGH_RISK).total == Decimal("90.00")
    assert Tier("b", "b", Contribution(60)).contribution_for(RiskClass.HIGH_RISK).total == Decimal(
        "60.00"
    )


@given(st.dates(), st.dates(), st.dates())
def test_coverage_contains_exactly_the_days_between(a: date, b: date, d: date) -> None:
    start, end = sorted((a, b))
    period = CoveragePeriod(start, end)
    assert period.contains(d) == (start <= d <= end)
    assert period.days == (end - start).days + 1


def test_coverage_refuses_end_before_start() -> None:
    with pytest.raises(ConversionError):
        CoveragePeriod(date(2025, 2, 1), date(2025, 1, 31))


@given(amounts, amounts)
def test_contribution_total(member: Decimal, subsidy: Decimal) -> None:
    assert Contribution(member, subsidy).total == member + subsidy


@pytest.mark.parametrize("bad", [60.0, "six", "-1", True])
def test_amounts_are_refused_unless_decimal_text_or_int_and_not_negative(bad: object) -> None:
    with pytest.raises(InvalidAmount):
        Contribution(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidAmount):
        Expense("x", bad)  # type: ignore[arg-type]


def test_float_money_is_the_specific_error() -> None:
    with pytest.raises(FloatNotAllowed):
        PaymentNotice("JF1", "A1", 60.0, date(2025, 1, 1))  # type: ignore[arg-type]


# --- rosters, applications, payments, policies, claims --------------------------------


@settings(max_examples=30)
@given(rosters)
def test_roster_counts(roster: Roster) -> None:
    assert len(roster) == len(roster.entries) == len(roster.members)
    assert roster.headcount == len({e.member.key for e in roster})
    assert roster.shares == sum(e.shares for e in roster.entries)


def test_roster_headcount_counts_a_person_once() -> None:
    m = Member.from_resident_id("张三", "11010519491231002X")
    roster = Roster("p", (RosterEntry(m, "p"), RosterEntry(m, "p", shares=2)))
    assert (len(roster), roster.headcount, roster.shares) == (2, 1, 3)


def test_application_lines() -> None:
    a = Member.from_resident_id("张三", "11010519491231002X")
    b = Member.from_resident_id("李四", "440304199003070018")
    app = Application(
        "A1",
        "U1",
        "linyi",
        lines=(
            ApplicationLine("p1", roster=Roster.of("p1", [a, b])),
            ApplicationLine("p2", shares=2, roster=Roster.of("p2", [a], shares=2)),
        ),
    )
    assert app.headcount == 2 and app.plan_codes == ("p1", "p2")
    assert app.line("p2").shares == 2
    assert ApplicationLine("p3").roster == Roster("p3")
    with pytest.raises(UnknownPlan):
        app.line("p9")


@given(st.lists(payment_vouchers, max_size=4), amounts)
def test_payment_notice_totals(vouchers: list, due: Decimal) -> None:  # type: ignore[type-arg]
    notice = PaymentNotice("JF1", "A1", due, date(2025, 1, 1))
    for v in vouchers:
        notice = notice.with_voucher(v)
    assert notice.paid_total == sum((v.amount for v in vouchers), Decimal("0.00"))
    assert notice.outstanding == max(due - notice.paid_total, Decimal(0))
    assert notice.is_paid == (notice.paid_total >= due)


def test_policy_covers() -> None:
    m = Member.from_resident_id("张三", "11010519491231002X")
    late = Member.from_resident_id("李四", "440304199003070018")
    policy = Policy(
        "P1",
        "U1",
        "A1",
        "p",
        CoveragePeriod.calendar_year(2025),
        (PolicyMember(m), PolicyMember(late, effective_date=date(2025, 6, 1))),
        PolicyStatus.EFFECTIVE,
        date(2025, 1, 1),
    )
    assert policy.covers(m.id_number, date(2025, 3, 1))
    assert not policy.covers(late.id_number, date(2025, 3, 1))
    assert policy.covers(late.id_number, date(2025, 6, 1))
    assert not policy.covers("440304199003070026", date(2025, 6, 1))
    assert not attrs.evolve(policy, status=PolicyStatus.AWAITING_EFFECTIVE_DATE).covers(
        m.id_number, date(2025, 3, 1)
    )


def test_claim_totals_and_missing_materials() -> None:
    m = Member.from_resident_id("张三", "11010519491231002X")
    claim = Claim(
        "C1",
        ClaimType.ACCIDENT_HOSPITALIZATION,
        m,
        "P1",
        materials=(
            Material.required(MaterialKind.SETTLEMENT_SHEET),
            Material(MaterialKind.OTHER, provided=True),
        ),
        expenses=(Expense("a", "10.10"), Expense("b", "0.20")),
        benefit="5",
    )
    assert claim.total_expenses == Decimal("10.30")
    assert claim.benefit == Decimal("5.00")
    assert [x.kind for x in claim.missing_materials] == [MaterialKind.SETTLEMENT_SHEET]
    assert claim.claim_type.is_hospitalization


def test_invoice_request_needs_commitment_letter_when_early() -> None:
    req = InvoiceRequest(
        "I1",
        "U1",
        ("A1",),
        "单位",
        "91000000000000000X",
        "60",
        "a@b.cn",
        date(2025, 1, 1),
        early=True,
    )
    assert req.needs_commitment_letter
    letter = Material.required(MaterialKind.COMMITMENT_LETTER).provide("letter.pdf")
    assert not attrs.evolve(req, commitment_letter=letter).needs_commitment_letter


def test_unit_link_and_parent() -> None:
    link = UnitLink("HQ", "S1", requested_by="S1")
    assert link.confirming_unit_id == "HQ"
    unit = Unit("S1", "子公司", UnitCodeKind.USCC, "91000000000000000X", parent_link=link)
    assert unit.parent_id is None
    assert (
        attrs.evolve(unit, parent_link=attrs.evolve(link, status=LinkStatus.CONFIRMED)).parent_id
        == "HQ"
    )
    assert unit.missing_fields(["name", "address", "has_e_seal"]) == ("address", "has_e_seal")
