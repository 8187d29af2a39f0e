"""Issue 11, item 5: a maximum age by gender and the effective-date shapes are data; an override can call the default."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from mutualaid.errors import PackError
from mutualaid.model import Application
from mutualaid.rules import DataPack, PackData, PackInfo, RuleEngine, hookimpl
from mutualaid.rules.defaults.effective import AFTER_PAYMENT, after_payment
from mutualaid.testing import member

ON = date(2026, 3, 1)
PLAN = {
    "code": "P-2026",
    "name": "测试计划2026",
    "kind": "hospitalization_medical",
    "coverage": {"start": "2026-01-01", "end": "2026-12-31", "source": "test manual §1"},
    "tiers": [
        {"code": "S", "name": "标准档", "contribution": {"member": "50", "subsidy": "0"}, "source": "test manual §1"}
    ],
    "source": "test manual §1",
}


def value(v: Any, description: str = "test") -> dict[str, Any]:
    return {"description": description, "values": [{"valid_from": "2026-01-01", "value": v, "source": "test manual §2"}]}


def view(parameters: dict[str, Any], cls: type[DataPack] = DataPack) -> Any:
    data = PackData.from_mapping(
        {"format": 1, "pack": "t", "parameters": parameters, "plans": [PLAN]}, version="1"
    )
    engine = RuleEngine()
    engine.register(cls(PackInfo(name="t", region="t", version="1", title="测试"), data))
    return engine.pack("t")


def over_max(rules: Any, gender: str, age: int) -> list[Any]:
    person = member("甲", age=age, on=ON, gender=gender)
    found = rules.member_findings(person, rules.plan("P-2026"), ON)
    return [f for f in found if f.code == "age.above_maximum"]


def test_a_womans_maximum_age_differs_from_a_mans() -> None:
    rules = view({"age.maximum": value(60), "age.maximum_female": value(55)})
    assert [f.params["maximum"] for f in over_max(rules, "female", 57)] == [55]
    assert over_max(rules, "male", 57) == []
    assert [f.params["maximum"] for f in over_max(rules, "male", 61)] == [60]


def test_a_maximum_for_men_alone_leaves_women_unlimited() -> None:
    rules = view({"age.maximum_male": value(58)})
    assert over_max(rules, "female", 70) == []
    assert [f.params["maximum"] for f in over_max(rules, "male", 59)] == [58]
    limits = rules.age_limits(rules.plan("P-2026"), ON)
    assert (limits.maximum, limits.maximum_male, limits.maximum_female) == (None, 58, None)


@pytest.mark.parametrize(
    ("shape", "expected"),
    [("same_day", date(2026, 3, 17)), ("next_day", date(2026, 3, 18)), ("first_of_next_month", date(2026, 4, 1))],
)
def test_effective_date_shapes_are_data(shape: str, expected: date) -> None:
    rules = view({"effective.after_payment": value(shape)})
    app = Application("A1", "U1", "t", requested_effective_date=ON)
    got = rules.effective_date(app, rules.plan("P-2026"), payment_arrival=date(2026, 3, 17))
    assert got.date == expected
    assert "effective.after_payment" in {c.name for c in got.explanation.values}
    early = rules.effective_date(app, rules.plan("P-2026"), payment_arrival=date(2026, 2, 20))
    assert early.date == ON  # money before the start: the start stands


def test_the_older_flag_is_the_next_day_shape() -> None:
    rules = view({"effective.late_payment_next_day": value(True)})
    app = Application("A1", "U1", "t", requested_effective_date=ON)
    got = rules.effective_date(app, rules.plan("P-2026"), payment_arrival=date(2026, 3, 17))
    assert got.date == after_payment("next_day", date(2026, 3, 17)) == date(2026, 3, 18)


def test_an_unknown_shape_is_refused_at_load() -> None:
    with pytest.raises(PackError):
        view({"effective.after_payment": value("fortnight_later")})
    assert AFTER_PAYMENT == ("same_day", "next_day", "first_of_next_month")


class Rounded(DataPack):
    """Overrides the effective date and builds on the default's answer."""

    @hookimpl
    def mutualaid_effective_date(
        self, application, plan, payment_arrival, previous_coverage_end, association_date, rules
    ):
        answer = rules.call_default(
            "mutualaid_effective_date",
            application=application,
            plan=plan,
            payment_arrival=payment_arrival,
            previous_coverage_end=previous_coverage_end,
            association_date=association_date,
        )
        return attrs.evolve(answer, date=answer.date.replace(day=1) if answer.date else None)


def test_an_override_calls_the_default_and_keeps_its_handling() -> None:
    rules = view({"effective.after_payment": value("next_day")}, Rounded)
    asked = Application("A1", "U1", "t", requested_effective_date=date(2026, 5, 20))
    # the default's requested-date handling survives the override, then it is rounded
    got = rules.effective_date(asked, rules.plan("P-2026"), payment_arrival=date(2026, 5, 1))
    assert got.date == date(2026, 5, 1)
    late = rules.effective_date(asked, rules.plan("P-2026"), payment_arrival=date(2026, 6, 9))
    assert late.date == date(2026, 6, 1)
    assert late.explanation is not None and late.explanation.pack == "t"


def test_call_default_of_no_hook_is_a_pack_error() -> None:
    rules = view({})
    with pytest.raises(PackError, match="not a mutualaid hook"):
        rules.call_default("mutualaid_no_such_hook")
