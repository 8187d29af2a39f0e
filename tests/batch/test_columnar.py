"""The columnar evaluator against the one-at-a-time definitions it must agree with.

Resident ID numbers (GB 11643, docs/identifiers.md) decoded per column give
the same verdicts as :func:`mutualaid.ids.parse_resident_id`; ages per
column are :func:`mutualaid.dates.age_on`'s; the statutory retirement age is
:mod:`mutualaid.retirement`'s (国务院关于渐进式延迟法定退休年龄的决定, 附件).
"""

from __future__ import annotations

import calendar
import pickle
from datetime import date
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.dates import age_on
from mutualaid.errors import InvalidIdentifier
from mutualaid.ids import parse_resident_id
from mutualaid.model.member import Member
from mutualaid.retirement import RetirementCategory, statutory_retirement_age
from mutualaid.rules import DataPack, Finding, RuleEngine, hookimpl
from mutualaid.rules.columnar import MemberColumns, MemberRules, evaluate_members
from mutualaid.rules.columnar.ages import (
    month_starts,
    months_and_retirement,
    months_completed,
    retirement_months,
)
from mutualaid.rules.columnar.resident_ids import OK, decode_resident_ids
from strategies.ids import resident_id_check

ON = date(2026, 3, 1)


@st.composite
def id_texts(draw: st.DrawFn) -> str:
    """18-character numbers: mostly well-formed, some with a wrong check or date or region."""
    region = draw(st.sampled_from(["110105", "440305", "990101", "430902", "000000"]))
    born = draw(st.dates(date(1790, 1, 1), date(2030, 12, 31)))
    ymd = born.strftime("%Y%m%d") if draw(st.booleans()) else draw(st.from_regex(r"\A[0-9]{8}\Z"))
    body = region + ymd + draw(st.from_regex(r"\A[0-9]{3}\Z"))
    last = resident_id_check(body) if draw(st.booleans()) else draw(st.sampled_from("0123456789XA"))
    return body + last


@settings(max_examples=300, deadline=None)
@given(st.lists(id_texts(), min_size=1, max_size=20))
def test_resident_ids_decode_as_one_at_a_time(numbers: list[str]) -> None:
    decoded = decode_resident_ids(np.array(numbers), np.datetime64(ON.isoformat()))
    for i, number in enumerate(numbers):
        try:
            parsed = parse_resident_id(number, on=ON)
        except InvalidIdentifier:
            assert decoded.problem[i] != OK, number
        else:
            assert decoded.problem[i] == OK, number
            assert decoded.birth[i].item() == parsed.birth_date
            assert bool(decoded.male[i]) == (parsed.gender == "male")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.dates(date(1920, 1, 1), date(2026, 12, 31)), min_size=1, max_size=30),
    st.dates(date(2024, 1, 1), date(2030, 12, 31)),
)
def test_ages_are_age_on(births: list[date], on: date) -> None:
    months = months_completed(np.array(births, dtype="M8[D]"), on)
    for born, m in zip(births, months.tolist(), strict=True):
        if born <= on:
            age = age_on(born, on)
            assert m == age.years * 12 + age.months
        else:
            assert m < 0


def test_leap_day_birthdays() -> None:
    born = np.array(["2008-02-29"], dtype="M8[D]")
    assert months_completed(born, date(2026, 2, 27)).tolist() == [215]
    assert months_completed(born, date(2026, 2, 28)).tolist() == [216]  # 18 on 28 February
    assert months_completed(born, date(2028, 2, 29)).tolist() == [240]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.dates(date(1950, 1, 1), date(2000, 12, 31)), st.booleans()),
        min_size=1,
        max_size=20,
    )
)
def test_retirement_months_are_the_decision_s(people: list[tuple[date, bool]]) -> None:
    born = np.array([b for b, _ in people], dtype="M8[D]")
    male = np.array([m for _, m in people])
    got = retirement_months(born, male, RetirementCategory.FEMALE_55)
    for (b, m), months in zip(people, got.tolist(), strict=True):
        age = statutory_retirement_age(
            b, RetirementCategory.MALE if m else RetirementCategory.FEMALE_55
        )
        assert months == age.years * 12 + age.months


@settings(max_examples=60, deadline=None)
@given(
    st.dates(date(1900, 1, 1), date(2030, 12, 31)),
    st.lists(st.tuples(st.integers(0, 4000), st.booleans()), min_size=1, max_size=40),
    st.integers(1, 400),
    st.dates(date(1990, 1, 1), date(2040, 12, 31)),
    st.sampled_from([RetirementCategory.FEMALE_50, RetirementCategory.FEMALE_55]),
)
def test_months_and_retirement_of_a_large_batch_are_those_of_each_row(
    first: date, people: list[tuple[int, bool]], copies: int, on: date, female: RetirementCategory
) -> None:
    # from 4,096 rows over a narrow span of days the two are looked up in tables by day
    # (ages.months_and_retirement); a wide span, or a small batch, is worked out row by row
    start = np.datetime64(first.isoformat(), "D")
    born = np.tile(np.array([start + offset for offset, _ in people], dtype="M8[D]"), copies)
    male = np.tile(np.array([m for _, m in people]), copies)
    months, retire = months_and_retirement(born, male, on, female)
    assert months.tolist() == months_completed(born, on).tolist()
    assert retire.tolist() == retirement_months(born, male, female).tolist()


def test_month_starts_are_the_calendar_s() -> None:
    first, length = month_starts()
    epoch = date(1970, 1, 1)
    for year in (1, 4, 100, 400, 1582, 1900, 1949, 2000, 2024, 2100, 9999):
        for month in range(1, 13):
            at = year * 12 + month - 1
            assert int(first[at]) == (date(year, month, 1) - epoch).days
            assert int(length[at]) == calendar.monthrange(year, month)[1]
    assert len(first) == len(length) == 10_000 * 12
    assert not first.flags.writeable


def _member(first17: str, **extra: Any) -> Member:
    return Member.from_resident_id("张三", first17 + resident_id_check(first17), **extra)


def _yiyang() -> Any:
    return RuleEngine.from_entry_points().pack("yiyang")


def test_rules_pickle_and_evaluate_the_same() -> None:
    pack = _yiyang()
    rules = MemberRules.from_pack(pack, "YY-HOSP-2026", tier="T60", on=date(2026, 1, 15))
    batch = MemberColumns.from_members([_member("11010519880101001"), _member("11010519600101002")])
    first = evaluate_members(batch, rules)
    again = evaluate_members(pickle.loads(pickle.dumps(batch)), pickle.loads(pickle.dumps(rules)))
    assert first.codes() == again.codes() == [[], ["age.over_retirement"]]
    assert first.all_findings() == again.all_findings()


def test_a_risk_class_index_outside_the_list_is_refused_not_priced() -> None:
    rules = MemberRules.from_pack(_yiyang(), "YY-HOSP-2026", tier="T60", on=date(2026, 1, 15))
    batch = MemberColumns.from_members([_member("11010519880101001")])
    for bad in (-1, 99):
        wrong = attrs.evolve(batch, risk_class=np.array([bad], dtype=np.int8))
        with pytest.raises(IndexError):
            evaluate_members(wrong, rules)


def _columns_pack_engine() -> RuleEngine:
    from batch_helpers import make_pack, param, plan

    class ColumnsPack(DataPack):
        """Members over 55 are too old, said over columns."""

        @hookimpl
        def mutualaid_member_columns_findings(self, facts: Any, plan: Any, on: date) -> Any:
            rows = np.flatnonzero(facts.id_valid & (facts.age > 55))
            return [
                (int(i), Finding.error("age.above_maximum", "年龄超过55周岁", field="birth_date"))
                for i in rows
            ]

    engine = RuleEngine()
    engine.register(make_pack("cols", {"age.maximum": param(70)}, [plan("P1")], cls=ColumnsPack))
    return engine


def test_a_columnar_hook_is_reported_the_same_for_a_batch_and_one_member() -> None:
    view = _columns_pack_engine().pack("cols")
    assert "mutualaid_member_columns_findings" in view.chain_hooks()
    plan_ = view.plan("P1")
    staff = [_member("11010519880101001"), _member("11010519600101001")]
    rules = MemberRules.from_pack(view, plan_, on=ON)
    batch = evaluate_members(MemberColumns.from_members(staff), rules)
    assert batch.codes() == [[], ["age.above_maximum"]]
    assert batch.status_names() == ["accepted", "rejected"]
    one = [view.member_findings(m, plan_, ON) for m in staff]
    assert [[f.message for f in found] for found in one] == [
        [f.message for f in found] for found in batch.all_findings()
    ]


def test_id_chars_given_by_a_reader_give_the_findings_of_the_texts() -> None:
    """``MemberColumns.id_chars`` is only a shortcut: with it, without it, or with a row the
    reader did not hold (zeros), the evaluation says the same; ``take`` keeps it by row."""
    from mutualaid.model import Contribution, CoveragePeriod, Plan, PlanKind, Tier

    plan = Plan(
        "P",
        "住院医疗",
        PlanKind.HOSPITALIZATION_MEDICAL,
        CoveragePeriod.calendar_year(2026),
        (Tier("T60", "60元档位", Contribution(60)),),
    )
    rules = MemberRules(plan, date(2026, 1, 1), "T60")
    staff = [
        Member.from_resident_id("张三", "110105198801010014"),
        Member.from_resident_id("李四", "11010519491231002X"),
    ]
    plain = MemberColumns.from_members(staff)
    unchecked = MemberColumns(**{**_fields(plain), "checked": np.zeros(2, dtype=bool)})
    grid = np.array([list(m.id_number.encode()) for m in staff], dtype=np.uint8)
    partly = grid.copy()
    partly[1] = 0
    outcomes = [
        evaluate_members(MemberColumns(**{**_fields(unchecked), "id_chars": chars}), rules)
        for chars in (None, grid, partly)
    ]
    assert len({repr(o.codes()) for o in outcomes}) == 1
    assert len({o.facts.id_key.tobytes() for o in outcomes}) == 1
    assert (outcomes[0].facts.id_key >= 0).all()
    taken = MemberColumns(**{**_fields(unchecked), "id_chars": grid}).take(np.array([1]))
    assert taken.id_chars is not None and taken.id_chars.tolist() == grid[1:].tolist()
    assert unchecked.take(np.array([0])).gender_text is None


def _fields(columns: MemberColumns) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(columns, f.name) for f in attrs.fields(MemberColumns)}
