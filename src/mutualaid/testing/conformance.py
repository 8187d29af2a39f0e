"""The conformance suite: what every rule pack must satisfy, whatever its region.

Each check is a plain function taking the pack's
:class:`~mutualaid.rules.engine.PackView` (and a day); it raises
``AssertionError`` with a message naming the pack, the plan or the column
when the pack breaks the contract. :class:`PackConformance` turns the checks
into pytest tests: subclass it in a test module with the name of your pack.

.. code-block:: python

    # tests/test_conformance.py of a regional pack
    from mutualaid.testing import PackConformance

    class TestMyPack(PackConformance):
        pack_name = "demo"

The checks:

* **identity**: ``mutualaid_pack_info`` answers a :class:`~mutualaid.rules.results.PackInfo`
  with a name, region, version and title, and supports the running core;
* **catalogue**: plans are :class:`~mutualaid.model.plan.Plan` objects with
  unique codes, a coverage period, at least one tier, gift plans that exist
  and are gifts;
* **contributions**: every contribution (and high-risk contribution) per
  share is a non-negative two-place ``Decimal``; gift plans cost nothing;
* **pricing**: a member on every tier and share count prices to the tier's
  contribution x shares, in two-place ``Decimal``, with an explanation naming
  the pack; a quote's parts add up;
* **effective dates**: for payments across the coverage (:func:`payment_days`), an
  ``EffectiveDate`` inside the plan's coverage (or pending);
* **members**: members of both genders, every ID type, ages across the limits,
  normal and high risk (:func:`grid_members`): every member question answers
  within the core's invariants (:mod:`mutualaid.testing.invariants`); and, as a
  property test, members and days drawn by hypothesis
  (:mod:`mutualaid.testing.properties`);
* **eligibility**: the minimum age is at least 16, a 15-year-old is refused,
  an ordinary 35-year-old member meets no blocking finding; findings carry
  dotted codes;
* **templates**: the roster template has the required canonical fields
  (``name``, ``id_number``, both required), known field names, and non-empty,
  unique headers and aliases;
* **materials and flows**: the answers have the right types;
* **claim types have steps**: every claim type a plan offers
  (:meth:`~mutualaid.rules.view.PackView.claim_types` on its coverage start)
  has the pack's benefit steps, so no offered case is deferred with
  ``benefit.no_steps``;
* **junk**: an unknown plan or tier raises :class:`~mutualaid.errors.UnknownPlan`,
  a day that is not a date (text, a number, ``None``, a ``datetime``) raises
  :class:`~mutualaid.errors.InvalidDate`, a roster full of mistakes
  gives findings (not exceptions), a birth date after the day is a finding.

>>> from mutualaid.rules import RuleEngine
>>> rules = RuleEngine.from_entry_points(names=["yiyang"]).pack("yiyang")
>>> for check in CHECKS:
...     check(rules, check_day(rules))
>>> check_day(rules)
datetime.date(2026, 1, 1)

Layer 5 (test kit); imports pytest.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

import attrs
import pytest

import mutualaid
from mutualaid.claims.coverage import steps_for
from mutualaid.dates import add_months, last_day_of_month
from mutualaid.errors import InvalidDate, PackAnswerError, UnknownPlan
from mutualaid.model.application import Application
from mutualaid.model.columns import FIELDS, TemplateColumn
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import Gender, IdType, RiskClass, UnitCodeKind
from mutualaid.model.member import Member
from mutualaid.model.plan import Contribution, CoveragePeriod, Plan
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.model.unit import Unit
from mutualaid.money import is_two_places
from mutualaid.rules.engine import PackView, RuleEngine
from mutualaid.rules.flows import APPLICATION_KINDS, ApplicationFlow
from mutualaid.rules.hookspecs import HOOK_NAMES
from mutualaid.rules.results import (
    LEGAL_MINIMUM_WORKING_AGE,
    AgeLimits,
    LinePrice,
    MaterialRequirement,
    PackInfo,
    Quote,
    Situation,
)
from mutualaid.rules.versions import version_satisfies
from mutualaid.testing.invariants import (
    answer_effective_date,
    answer_findings,
    answer_member,
    answer_money,
    application_of,
)
from mutualaid.testing.members import birth_date_for_age, member

__all__ = [
    "CHECKS",
    "REQUIRED_TEMPLATE_FIELDS",
    "PackConformance",
    "check_catalogue",
    "check_claim_types_have_steps",
    "check_contributions",
    "check_day",
    "check_effective_dates",
    "check_eligibility",
    "check_flows_and_materials",
    "check_identity",
    "check_junk",
    "check_members",
    "check_pricing",
    "check_templates",
    "grid_members",
    "payment_days",
]

#: Canonical fields every roster template must have, as required columns.
REQUIRED_TEMPLATE_FIELDS = ("name", "id_number")

Check = Callable[[PackView, date], None]



def _engine_checked(check: Check) -> Check:
    """The check, with the engine's own answer check (PackAnswerError) failing it as an assertion."""

    @functools.wraps(check)
    def checked(rules: PackView, on: date) -> None:
        try:
            check(rules, on)
        except PackAnswerError as exc:
            raise AssertionError(str(exc)) from exc

    return checked

def _fail(rules: PackView, message: str) -> AssertionError:
    return AssertionError(f"pack {rules.name}: {message}")


def _ensure(condition: object, rules: PackView, message: str) -> None:
    if not condition:
        raise _fail(rules, message)


def _paid(rules: PackView) -> tuple[Plan, ...]:
    return tuple(p for p in rules.plans() if not p.is_gift)


def check_day(rules: PackView) -> date:
    """A day the checks use: the coverage start of the pack's first plan offered that day."""
    for plan in rules.plans():
        if any(p.code == plan.code for p in rules.plans(plan.coverage.start)):
            return plan.coverage.start
    for plan in rules.plans():
        return plan.coverage.start
    raise _fail(rules, "has no plans at all (mutualaid_plans answered nothing)")


_findings = answer_findings


def _application(rules: PackView, plan: Plan, people: Sequence[Member]) -> Application:
    return application_of(rules, plan, people)


# --- identity and catalogue ------------------------------------------------------------


@_engine_checked
def check_identity(rules: PackView, on: date) -> None:
    """The pack says who it is, supports the running core and implements only known hooks."""
    info = rules.info
    _ensure(isinstance(info, PackInfo), rules, "mutualaid_pack_info did not answer a PackInfo")
    for field in ("name", "region", "version", "title"):
        _ensure(str(getattr(info, field)).strip(), rules, f"PackInfo.{field} is empty")
    _ensure(
        version_satisfies(mutualaid.__version__, info.core_versions),
        rules,
        f"core_versions {info.core_versions!r} exclude the running core",
    )
    hooks = rules.hooks()
    _ensure("mutualaid_pack_info" in hooks, rules, "does not implement mutualaid_pack_info")
    unknown = [h for h in hooks if h not in HOOK_NAMES]
    _ensure(not unknown, rules, f"implements unknown hooks {unknown}")


@_engine_checked
def check_catalogue(rules: PackView, on: date) -> None:
    """Plans with unique codes, coverage periods, tiers; gift plans that exist and are gifts."""
    plans = rules.plans()
    _ensure(plans, rules, "offers no plan (mutualaid_plans(None) is empty)")
    codes = [p.code for p in plans]
    _ensure(len(set(codes)) == len(codes), rules, f"plan codes repeat: {codes}")
    by_code = {p.code: p for p in plans}
    for plan in plans:
        _ensure(isinstance(plan, Plan), rules, f"mutualaid_plans answered {type(plan).__name__}")
        _ensure(
            isinstance(plan.coverage, CoveragePeriod)
            and isinstance(plan.coverage.start, date)
            and plan.coverage.start <= plan.coverage.end,
            rules,
            f"plan {plan.code} has no valid coverage period",
        )
        _ensure(plan.tiers, rules, f"plan {plan.code} has no tier")
        _ensure(plan.name.strip(), rules, f"plan {plan.code} has no name")
        _ensure(plan.risk_classes, rules, f"plan {plan.code} accepts no risk class")
        for gift in plan.gift_plans:
            target = by_code.get(gift)
            _ensure(
                target is not None and target.is_gift,
                rules,
                f"plan {plan.code} names gift plan {gift!r}, which is not a gift plan of the pack",
            )
    offered = rules.plans(on)
    _ensure(
        all(p.code in by_code for p in offered),
        rules,
        f"plans offered on {on} are missing from the catalogue",
    )


def _check_money(rules: PackView, where: str, c: Contribution) -> None:
    for part in ("member", "subsidy"):
        value = getattr(c, part)
        _ensure(
            isinstance(value, Decimal) and is_two_places(value) and value >= 0,
            rules,
            f"{where}: {part} part {value!r} is not a non-negative two-place Decimal",
        )


@_engine_checked
def check_contributions(rules: PackView, on: date) -> None:
    """Contributions per share are non-negative two-place Decimals; gift plans cost nothing."""
    for plan in rules.plans():
        for tier in plan.tiers:
            where = f"plan {plan.code} tier {tier.code}"
            _check_money(rules, where, tier.contribution)
            if tier.high_risk is not None:
                _check_money(rules, f"{where} (high-risk)", tier.high_risk)
            if plan.is_gift:
                _ensure(
                    tier.contribution.total == 0,
                    rules,
                    f"gift plan {plan.code} charges {tier.contribution.total}",
                )


# --- pricing and dates -------------------------------------------------------------------


def _check_line_price(rules: PackView, price: object, where: str, expected: Decimal) -> None:
    _ensure(isinstance(price, LinePrice), rules, f"{where}: price is not a LinePrice")
    assert isinstance(price, LinePrice)
    for part in (price.member_part, price.subsidy_part, price.total):
        _ensure(is_two_places(part), rules, f"{where}: {part!r} is not a two-place Decimal")
    _ensure(price.total == expected, rules, f"{where}: priced {price.total}, expected {expected}")
    why = price.explanation
    _ensure(
        why is not None and why.pack == rules.name and why.pack_version == rules.version,
        rules,
        f"{where}: the price does not explain itself with the pack's name and version",
    )


@_engine_checked
def check_pricing(rules: PackView, on: date) -> None:
    """Every tier, share count and offered risk class prices to contribution x shares."""
    for plan in _paid(rules):
        day = plan.coverage.start
        for risk in plan.risk_classes:
            person = member("甲", age=35, on=day, risk_class=risk)
            for tier in plan.tiers:
                for shares in sorted({1, plan.max_shares}):
                    entry = RosterEntry(person, plan.code, tier.code, shares)
                    price = rules.price_entry(entry, plan, day)
                    expected = tier.contribution_for(risk).total * shares
                    where = f"plan {plan.code} tier {tier.code} {risk.value} x{shares}"
                    _check_line_price(rules, price, where, expected)
        people = [member(f"乙{i}", age=30 + i, on=day, serial=i) for i in range(3)]
        quote = rules.price_application(_application(rules, plan, people), day)
        _ensure(isinstance(quote, Quote), rules, f"plan {plan.code}: quote is not a Quote")
        _ensure(
            quote.member_part + quote.subsidy_part == quote.total
            and all(is_two_places(x) for x in (quote.member_part, quote.subsidy_part)),
            rules,
            f"plan {plan.code}: the quote's parts do not add up in two-place Decimals",
        )
        _ensure(quote.headcount == 3, rules, f"plan {plan.code}: quote counts {quote.headcount}")
        for part in ("member_part", "subsidy_part", "total", "amount_due"):
            answer_money(rules, getattr(quote, part), f"plan {plan.code}: the quote's {part}")


def payment_days(plan: Plan) -> tuple[date, ...]:
    """Payment days probed for ``plan``: a month before its start, then the first, the 15th and
    the last day of every month of its coverage, up to the day before it ends.

    The coverage's last day itself is left out: a payment that arrives then can buy
    no day of cover under a "the day after payment" rule, and no manual says what
    it buys (an open question, see docs/testing-kit.md).
    """
    start, end = plan.coverage.start, plan.coverage.end
    days = {add_months(start, -1), start}
    month = start.replace(day=1)
    while month <= end:
        days.update({month, month.replace(day=15), last_day_of_month(month)})
        month = add_months(month, 1)
    return tuple(sorted(d for d in days if d < end))


@_engine_checked
def check_effective_dates(rules: PackView, on: date) -> None:
    """For a payment on any day of the coverage, an ``EffectiveDate`` inside it, or pending."""
    for plan in _paid(rules):
        day = plan.coverage.start
        app = _application(rules, plan, [member("丙", age=35, on=day)])
        for paid in payment_days(plan):
            try:
                result = rules.effective_date(app, plan, payment_arrival=paid)
            except PackAnswerError as exc:  # the engine's own check, with the day paid
                problem = exc.details["problem"]
                raise _fail(rules, f"plan {plan.code} paid {paid}: {problem}") from exc
            answer_effective_date(rules, plan, result, f"plan {plan.code} paid {paid}")


# --- members of every kind ------------------------------------------------------------------


def _ages(rules: PackView, plan: Plan, day: date) -> tuple[int, ...]:
    limits = rules.age_limits(plan, day)
    ages = {limits.minimum - 1, limits.minimum, 35, 59, 60, 61, 65}
    if limits.maximum is not None:
        ages.update({limits.maximum, limits.maximum + 1})
    return tuple(sorted(a for a in ages if a >= 14))


def grid_members(rules: PackView, plan: Plan, day: date) -> tuple[Member, ...]:
    """Members of both genders, every ID type, ages across the plan's limits, every risk class."""
    people: list[Member] = []
    serial = 0
    for age in _ages(rules, plan, day):
        born = birth_date_for_age(age, day)
        for gender in Gender:
            for risk in RiskClass:
                for kind in IdType:
                    people.append(
                        member(
                            "甲",
                            birth_date=born,
                            gender=gender,
                            id_type=kind,
                            serial=serial % 100,
                            risk_class=risk,
                        )
                    )
                    serial += 1
    return tuple(people)


@_engine_checked
def check_members(rules: PackView, on: date) -> None:
    """Every member question, for members of every kind, keeps to the core's invariants.

    Both genders, every ID type, ages around the minimum, the maximum and the
    retirement ages, normal and high risk (see :func:`grid_members`); paid on
    the coverage's first day and in its middle. See
    :func:`mutualaid.testing.invariants.answer_member`.
    """
    for plan in rules.plans():
        start = plan.coverage.start
        middle = start + (plan.coverage.end - start) / 2
        for day in (start, middle):
            for person in grid_members(rules, plan, day):
                answer_member(rules, plan, person, day)


# --- eligibility, templates, flows ---------------------------------------------------------


@_engine_checked
def check_eligibility(rules: PackView, on: date) -> None:
    """Minimum age at least 16; a 15-year-old refused; an ordinary adult not blocked."""
    for plan in _paid(rules):
        day = plan.coverage.start
        limits = rules.age_limits(plan, day)
        _ensure(isinstance(limits, AgeLimits), rules, f"plan {plan.code}: not AgeLimits")
        _ensure(
            limits.minimum >= LEGAL_MINIMUM_WORKING_AGE,
            rules,
            f"plan {plan.code}: minimum age {limits.minimum} < 16",
        )
        young = _findings(
            rules,
            rules.member_findings(member("少年", age=15, on=day), plan, day),
            "mutualaid_member_findings",
        )
        _ensure(
            any(f.code == "age.below_minimum" for f in young),
            rules,
            f"plan {plan.code}: a 15-year-old is not refused",
        )
        adult = member("成年", age=35, on=day, risk_class=plan.risk_classes[0])
        blocking = [
            f.code
            for f in _findings(
                rules, rules.member_findings(adult, plan, day), "mutualaid_member_findings"
            )
            if f.blocking
        ]
        _ensure(not blocking, rules, f"plan {plan.code}: an ordinary adult is blocked: {blocking}")


def _check_columns(rules: PackView, plan: Plan, columns: object) -> None:
    where = f"plan {plan.code} template"
    _ensure(isinstance(columns, tuple) and columns, rules, f"{where}: no columns")
    assert isinstance(columns, tuple)
    seen_fields: set[str] = set()
    seen_headers: set[str] = set()
    for col in columns:
        _ensure(isinstance(col, TemplateColumn), rules, f"{where}: {col!r} is not a TemplateColumn")
        _ensure(
            col.field in FIELDS or col.field.startswith("x_"),
            rules,
            f"{where}: unknown field {col.field!r} (canonical fields or x_...)",
        )
        _ensure(col.field not in seen_fields, rules, f"{where}: field {col.field} appears twice")
        seen_fields.add(col.field)
        for header in col.headers:
            _ensure(
                header.strip() and header == header.strip(),
                rules,
                f"{where}: column {col.field} has an empty or padded header {header!r}",
            )
            _ensure(header not in seen_headers, rules, f"{where}: header {header!r} repeats")
            seen_headers.add(header)
        if col.allowed_values:
            _ensure(
                len(set(col.allowed_values)) == len(col.allowed_values),
                rules,
                f"{where}: column {col.header} repeats an allowed value",
            )
    required = {c.field for c in columns if isinstance(c, TemplateColumn) and c.required}
    missing = [f for f in REQUIRED_TEMPLATE_FIELDS if f not in required]
    _ensure(not missing, rules, f"{where}: required fields missing or optional: {missing}")


@_engine_checked
def check_templates(rules: PackView, on: date) -> None:
    """Every plan's template is complete: required fields, known fields, unique non-empty headers."""
    for plan in rules.plans():
        _check_columns(rules, plan, rules.template_columns(plan))


@_engine_checked
def check_flows_and_materials(rules: PackView, on: date) -> None:
    """Flows are ``ApplicationFlow`` of the pack's region; materials are ``MaterialRequirement``."""
    for kind in APPLICATION_KINDS:
        flow = rules.call("mutualaid_application_flow", kind=kind)
        _ensure(
            isinstance(flow, ApplicationFlow) and flow.region == rules.region,
            rules,
            f"mutualaid_application_flow({kind!r}) is not an ApplicationFlow of region {rules.region}",
        )
    for situation in Situation:
        needed = rules.required_materials(situation, on)
        _ensure(
            all(isinstance(m, MaterialRequirement) and m.name.strip() for m in needed),
            rules,
            f"mutualaid_required_materials({situation.value}) answered something else",
        )
    plan = _paid(rules)[0]
    app = _application(rules, plan, [member("丁", age=35, on=on)])
    _findings(rules, rules.application_findings(app, on), "mutualaid_application_findings")
    unit = Unit("U-CONFORMANCE", "测试单位", UnitCodeKind.USCC, "91110000000000000X")
    request = InvoiceRequest(
        "INV-CONFORMANCE", unit.id, (app.id,), unit.name, unit.code, Decimal("1.00"), "a@b.cn", on
    )
    _findings(rules, rules.invoice_findings(request, unit, [app], on), "mutualaid_invoice_findings")


@_engine_checked
def check_claim_types_have_steps(rules: PackView, on: date) -> None:
    """Every claim type a plan offers on its coverage start has benefit steps.

    Whether a plan offers a type is the pack's claim types (rule
    ``claims.type_offered``); what the type pays is its benefit steps
    (``mutualaid_benefit_steps``). A type offered without steps is a gap in
    the pack's data: its cases would be deferred with ``benefit.no_steps``.
    """
    gaps = [
        f"{plan.code} {t.value}"
        for plan in rules.plans()
        for t in rules.claim_types(plan, plan.coverage.start)
        if steps_for(plan, t.value, rules) is None
    ]
    _ensure(not gaps, rules, f"offers claim types without benefit steps: {'; '.join(gaps)}")


# --- junk ---------------------------------------------------------------------------------


def _raises(
    rules: PackView,
    errors: type[BaseException] | tuple[type[BaseException], ...],
    what: str,
    call: Callable[[], object],
) -> None:
    try:
        call()
    except errors:
        return
    except Exception as exc:
        raise _fail(rules, f"{what}: raised {type(exc).__name__}: {exc}") from exc
    raise _fail(rules, f"{what}: no error")


@_engine_checked
def check_junk(rules: PackView, on: date) -> None:
    """Junk input gives clean, typed errors or findings, never a crash or a silent answer."""
    plan = _paid(rules)[0]
    day = plan.coverage.start
    _raises(rules, UnknownPlan, "an unknown plan code", lambda: rules.plan("NO-SUCH-PLAN"))
    _raises(
        rules,
        UnknownPlan,
        "a plan on a day it is not offered",
        lambda: rules.plan(plan.code, date(1900, 1, 1)),
    )
    _raises(rules, UnknownPlan, "an unknown tier", lambda: plan.tier("NO-SUCH-TIER"))
    person = member("戊", age=35, on=day)
    _raises(
        rules,
        UnknownPlan,
        "pricing an unknown tier",
        lambda: rules.price_entry(RosterEntry(person, plan.code, "NO-SUCH-TIER"), plan, day),
    )
    app = _application(rules, plan, [person])
    not_dates: tuple[tuple[str, Callable[[], object]], ...] = (
        ("plans('2026-13-01')", lambda: rules.plans("2026-13-01")),  # type: ignore[arg-type]
        ("plan(code, '2026-06-30')", lambda: rules.plan(plan.code, "2026-06-30")),  # type: ignore[arg-type]
        ("age_limits(plan, a datetime)", lambda: rules.age_limits(plan, datetime(2026, 6, 30))),
        ("price_application(app, 20260630)", lambda: rules.price_application(app, 20260630)),  # type: ignore[arg-type]
        ("application_findings(app, None)", lambda: rules.application_findings(app, None)),  # type: ignore[arg-type]
    )
    for what, call in not_dates:
        _raises(rules, InvalidDate, f"a day that is not a date: {what}", call)
    junk = Roster(
        plan.code,
        (
            RosterEntry(person, plan.code, "NO-SUCH-TIER", 1),
            RosterEntry(person, plan.code, plan.tiers[0].code, 0),
            RosterEntry(person, plan.code, plan.tiers[0].code, plan.max_shares + 1),
            RosterEntry(person, "OTHER-PLAN", plan.tiers[0].code, 1),
        ),
    )
    found = {
        f.code
        for f in _findings(
            rules, rules.roster_findings(junk, plan, day), "mutualaid_roster_findings"
        )
    }
    expected = {"roster.unknown_tier", "roster.shares_out_of_range", "roster.plan_mismatch"}
    _ensure(
        expected <= found,
        rules,
        f"a junk roster gives {sorted(found)}, expected {sorted(expected)}",
    )
    unborn = attrs.evolve(person, birth_date=date(day.year + 1, 1, 1))
    codes = {
        f.code
        for f in _findings(
            rules, rules.member_findings(unborn, plan, day), "mutualaid_member_findings"
        )
    }
    _ensure(
        "age.below_minimum" in codes, rules, f"a birth date after the day gives {sorted(codes)}"
    )
    _ensure(
        rules.roster_findings(Roster(plan.code), plan, day) != (),
        rules,
        "an empty roster gives no finding",
    )


#: Every check, in the order the suite runs them.
CHECKS: tuple[Check, ...] = (
    check_identity,
    check_catalogue,
    check_contributions,
    check_pricing,
    check_effective_dates,
    check_members,
    check_eligibility,
    check_templates,
    check_flows_and_materials,
    check_claim_types_have_steps,
    check_junk,
)


@functools.cache
def _engine() -> RuleEngine:
    return RuleEngine.from_entry_points()


class PackConformance:
    """The conformance suite as pytest tests: subclass it as ``Test...`` with ``pack_name``.

    ``pack_name = None`` takes the name from ``pytest --mutualaid-pack=NAME``
    (the option comes with the :mod:`mutualaid.testing.plugin`). Override
    :meth:`engine` to test a pack registered by hand instead of installed.
    """

    pack_name: ClassVar[str | None] = None

    def engine(self) -> RuleEngine:
        """The engine holding the pack (default: every installed pack)."""
        return _engine()

    @pytest.fixture
    def rules(self, request: pytest.FixtureRequest) -> PackView:
        name = self.pack_name
        if name is None:
            try:
                name = request.config.getoption("mutualaid_pack")
            except ValueError:
                name = None
        if not name:
            pytest.fail(
                f"{type(self).__name__}: set pack_name, or run pytest with --mutualaid-pack=NAME",
                pytrace=False,
            )
        return self.engine().pack(str(name))

    @pytest.fixture
    def on(self, rules: PackView) -> date:
        return check_day(rules)

    def test_identity(self, rules: PackView, on: date) -> None:
        check_identity(rules, on)

    def test_catalogue(self, rules: PackView, on: date) -> None:
        check_catalogue(rules, on)

    def test_contributions(self, rules: PackView, on: date) -> None:
        check_contributions(rules, on)

    def test_pricing(self, rules: PackView, on: date) -> None:
        check_pricing(rules, on)

    def test_effective_dates(self, rules: PackView, on: date) -> None:
        check_effective_dates(rules, on)

    def test_members(self, rules: PackView, on: date) -> None:
        check_members(rules, on)

    def test_any_member_any_payment_day(self, rules: PackView) -> None:
        """Property: members drawn by hypothesis, paid on any day of the coverage."""
        from mutualaid.testing.properties import any_member_any_day

        any_member_any_day(rules)

    def test_eligibility(self, rules: PackView, on: date) -> None:
        check_eligibility(rules, on)

    def test_templates(self, rules: PackView, on: date) -> None:
        check_templates(rules, on)

    def test_flows_and_materials(self, rules: PackView, on: date) -> None:
        check_flows_and_materials(rules, on)

    def test_claim_types_have_steps(self, rules: PackView, on: date) -> None:
        check_claim_types_have_steps(rules, on)

    def test_junk(self, rules: PackView, on: date) -> None:
        check_junk(rules, on)
