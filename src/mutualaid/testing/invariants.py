"""The core's invariants on a pack's answers, checked one answer at a time.

Whatever its region, a pack's answers must keep to what the rest of the
library relies on:

* a finding is a :class:`~mutualaid.rules.findings.Finding` whose code is
  *registered*: one of the core's codes (:data:`~mutualaid.rules.findings.CODES`),
  one of the roster layer's (:data:`~mutualaid.roster.findings.CATALOGUE`), or
  under the name of the pack or a pack it extends (``yiyang.over_age_review``,
  ``linyi_lanshan.settlement_reminder``);
* a price is a non-negative ``Decimal`` with exactly two places;
* an effective date lies inside the plan's coverage, or is pending (``None``);
  a waiting period ends on or after the effective date;
* a question about a member never raises anything but a typed
  :class:`~mutualaid.errors.MutualAidError`, whatever the member's gender,
  ID type, age or risk class.

Each ``answer_*`` function raises ``AssertionError`` naming the pack, the
hook and the member *by description* (gender, ID type, age, risk class),
never by name or ID number.

>>> from datetime import date
>>> from mutualaid.rules import RuleEngine
>>> from mutualaid.testing.members import member
>>> rules = RuleEngine.from_entry_points(names=["yiyang"]).pack("yiyang")
>>> plan = rules.plan("YY-HOSP-2026")
>>> woman = member("李四", age=40, on=date(2026, 3, 1), gender="female")
>>> describe(woman, date(2026, 3, 1))
'female resident_id member aged 40, normal risk'
>>> answer_member(rules, plan, woman, date(2026, 3, 1))
>>> is_registered(rules, "yiyang.over_age_review"), is_registered(rules, "weihai.x")
(True, False)

Layer 5 (test kit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from mutualaid.dates import age_in_years
from mutualaid.errors import MutualAidError, PackAnswerError
from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.money import is_two_places
from mutualaid.roster.findings import CATALOGUE
from mutualaid.rules.engine import PackView
from mutualaid.rules.findings import CODE_PATTERN, CODES, Finding
from mutualaid.rules.results import EffectiveDate, LinePrice

__all__ = [
    "answer_effective_date",
    "answer_findings",
    "answer_member",
    "answer_money",
    "application_of",
    "describe",
    "is_registered",
]

T = TypeVar("T")


def _fail(rules: PackView, message: str) -> AssertionError:
    return AssertionError(f"pack {rules.name}: {message}")


def describe(person: Member, on: date) -> str:
    """The member as the rules see them, without name or ID number."""
    gender = "no-gender" if person.gender is None else person.gender.value
    age = (
        "unknown age"
        if person.birth_date is None
        else f"aged {age_in_years(person.birth_date, on)}"
    )
    risk = person.risk_class.value.replace("_", "-")
    return f"{gender} {person.id_type.value} member {age}, {risk} risk"


def is_registered(rules: PackView, code: str) -> bool:
    """True when ``code`` is the core's, the roster layer's, or under a name of the pack's chain."""
    if code in CODES or code in CATALOGUE:
        return True
    namespaces = {info.name.replace("-", "_") for info in rules.chain}
    return code.split(".", 1)[0] in namespaces


def answer_findings(rules: PackView, found: object, hook: str) -> tuple[Finding, ...]:
    """``found`` is a tuple of findings with registered dotted codes and a message."""
    if not isinstance(found, tuple):
        raise _fail(rules, f"{hook} did not answer a tuple")
    for f in found:
        if not isinstance(f, Finding):
            raise _fail(rules, f"{hook} answered {type(f).__name__}, not Finding")
        if not CODE_PATTERN.match(f.code):
            raise _fail(rules, f"{hook}: finding code {f.code!r} is not dotted")
        if not is_registered(rules, f.code):
            raise _fail(
                rules,
                f"{hook}: finding code {f.code!r} is not registered (the core's codes, "
                f"the roster layer's, or {rules.name.replace('-', '_')}.<what>)",
            )
        if not f.message.strip():
            raise _fail(rules, f"{hook}: finding {f.code} has no message")
    return found


def answer_money(rules: PackView, value: object, where: str) -> Decimal:
    """``value`` is a non-negative ``Decimal`` with exactly two places."""
    if not (is_two_places(value) and isinstance(value, Decimal) and value >= 0):
        raise _fail(rules, f"{where}: {value!r} is not a non-negative two-place Decimal")
    return value


def answer_effective_date(rules: PackView, plan: Plan, result: object, where: str) -> None:
    """``result`` is an ``EffectiveDate`` inside ``plan``'s coverage, or pending."""
    if not isinstance(result, EffectiveDate):
        raise _fail(rules, f"{where}: {type(result).__name__} is not an EffectiveDate")
    day = result.date
    if day is None:
        return
    if not isinstance(day, date) or not plan.coverage.start <= day <= plan.coverage.end:
        raise _fail(
            rules,
            f"{where}: effective {day} outside the coverage of plan {plan.code} "
            f"({plan.coverage.start} .. {plan.coverage.end})",
        )
    end = result.waiting_period_end
    if end is not None and end < day:
        raise _fail(rules, f"{where}: waiting period ends {end}, before cover starts {day}")


def _ask(rules: PackView, hook: str, who: str, call: Callable[[], T]) -> T | None:
    """Call a hook; a typed error is an answer (``None``), anything else fails naming the member."""
    try:
        return call()
    except PackAnswerError as exc:  # the engine's own check of the answer
        raise _fail(rules, f"{hook} for a {who}: {exc.details['problem']}") from exc
    except MutualAidError:
        return None
    except Exception as exc:
        raise _fail(rules, f"{hook} raised {type(exc).__name__} for a {who}: {exc}") from exc


def _pricing(rules: PackView, entry: RosterEntry, plan: Plan, on: date) -> Callable[[], LinePrice]:
    return lambda: rules.price_entry(entry, plan, on)


def application_of(rules: PackView, plan: Plan, people: Iterable[Member]) -> Application:
    """A one-line application of ``people`` on ``plan``'s first tier."""
    people = tuple(people)
    tier = plan.tiers[0].code
    roster = Roster.of(plan.code, people, tier_code=tier)
    return Application(
        "CONFORMANCE",
        "U-CONFORMANCE",
        rules.name,
        lines=(ApplicationLine(plan.code, tier, 1, roster),),
        declared=DeclaredCounts(len(people), len(people), len(people), 0),
    )


def answer_member(
    rules: PackView, plan: Plan, person: Member, on: date, payment_arrival: date | None = None
) -> None:
    """Ask every member question about ``person`` on ``plan`` and check each answer.

    Eligibility findings; the age limits; the price on every tier and share
    count when the plan offers the member's risk class; the effective date of
    an application of them paid on ``payment_arrival`` (default ``on``).
    """
    who = describe(person, on)
    found = _ask(
        rules,
        "mutualaid_member_findings",
        who,
        lambda: rules.member_findings(person, plan, on),
    )
    if found is not None:
        answer_findings(rules, found, f"mutualaid_member_findings for a {who}")
    _ask(rules, "mutualaid_age_limits", who, lambda: rules.age_limits(plan, on))
    if person.risk_class in plan.risk_classes and not plan.is_gift:
        for tier in plan.tiers:
            for shares in sorted({1, plan.max_shares}):
                entry = RosterEntry(person, plan.code, tier.code, shares)
                where = f"mutualaid_price_entry for a {who} (tier {tier.code} x{shares})"
                price = _ask(rules, "mutualaid_price_entry", who, _pricing(rules, entry, plan, on))
                if price is None:
                    continue
                if not isinstance(price, LinePrice):
                    raise _fail(rules, f"{where}: {type(price).__name__} is not a LinePrice")
                for part in (price.member_part, price.subsidy_part, price.total):
                    answer_money(rules, part, where)
    if not plan.is_gift:
        app = application_of(rules, plan, [person])
        paid = on if payment_arrival is None else payment_arrival
        result = _ask(
            rules,
            "mutualaid_effective_date",
            who,
            lambda: rules.effective_date(app, plan, payment_arrival=paid),
        )
        if result is not None:
            answer_effective_date(
                rules, plan, result, f"mutualaid_effective_date for a {who} paid {paid}"
            )
