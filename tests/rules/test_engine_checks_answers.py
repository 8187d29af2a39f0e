"""Issue 11, item 4: the engine checks every hook answer and names the pack that broke an invariant."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualaid.errors import PackAnswerError
from mutualaid.model import Application
from mutualaid.rules import DataPack, Finding, PackData, PackInfo, RuleEngine, hookimpl
from mutualaid.testing import member

ON = date(2026, 3, 1)
PLAN = {
    "code": "P-2026",
    "name": "测试计划2026",
    "kind": "hospitalization_medical",
    "coverage": {"start": "2026-01-01", "end": "2026-12-31", "source": "test manual §1"},
    "tiers": [
        {
            "code": "S",
            "name": "标准档",
            "contribution": {"member": "50", "subsidy": "0"},
            "source": "test manual §1",
        }
    ],
    "source": "test manual §1",
}


def data(name: str, extends: str | None = None) -> PackData:
    mapping: dict[str, Any] = {"format": 1, "pack": name, "parameters": {}}
    if extends is None:
        mapping["plans"] = [PLAN]
    return PackData.from_mapping(mapping, version="1")


def engine_with(*packs: DataPack) -> RuleEngine:
    engine = RuleEngine()
    for pack in packs:
        engine.register(pack)
    return engine


class NextYear(DataPack):
    @hookimpl
    def mutualaid_effective_date(self, plan: Any) -> Any:
        from mutualaid.rules import EffectiveDate

        return EffectiveDate(date(2027, 1, 1), plan.coverage.end)


class Unregistered(DataPack):
    @hookimpl
    def mutualaid_member_findings(self, member: Any) -> list[Finding]:
        return [Finding.warning("weihai.not_mine", "别人的代码")]


class Negative(DataPack):
    @hookimpl
    def mutualaid_price_entry(self, entry: Any, plan: Any, tier_code: Any, shares: Any, rules: Any) -> Any:
        price = rules.call_default(
            "mutualaid_price_entry", entry=entry, plan=plan, tier_code=tier_code, shares=shares, on=ON
        )
        return attrs.evolve(price, member_part=Decimal("-1.00"))


def info(name: str, extends: str | None = None) -> PackInfo:
    return PackInfo(name=name, region=name, version="1", title="测试", extends=extends)


def test_an_effective_date_outside_the_coverage_names_the_pack_and_hook() -> None:
    rules = engine_with(NextYear(info("next-year"), data("next-year"))).pack("next-year")
    app = Application("A1", "U1", "next-year")
    with pytest.raises(PackAnswerError) as raised:
        rules.effective_date(app, rules.plan("P-2026"), payment_arrival=ON)
    err = raised.value
    assert str(err).startswith(
        "pack next-year: mutualaid_effective_date for plan P-2026: effective 2027-01-01 outside"
    )
    assert (err.details["pack"], err.details["hook"]) == ("next-year", "mutualaid_effective_date")


def test_an_unregistered_finding_code_names_the_pack() -> None:
    rules = engine_with(Unregistered(info("mine"), data("mine"))).pack("mine")
    person = member("甲", age=30, on=ON)
    with pytest.raises(PackAnswerError, match=r"pack mine: mutualaid_member_findings .*'weihai\.not_mine' is not registered"):
        rules.member_findings(person, rules.plan("P-2026"), ON)


def test_a_negative_price_names_the_pack() -> None:
    rules = engine_with(Negative(info("neg"), data("neg"))).pack("neg")
    from mutualaid.model import Roster

    entry = Roster.of("P-2026", [member("甲", age=30, on=ON)], tier_code="S").entries[0]
    with pytest.raises(PackAnswerError, match=r"pack neg: mutualaid_price_entry .*not a non-negative"):
        rules.price_entry(entry, rules.plan("P-2026"), ON)


def test_the_base_that_broke_it_is_named_not_the_pack_asked() -> None:
    base = NextYear(info("base"), data("base"))
    local = DataPack(PackInfo(name="local", region="base", version="1", title="下级", extends="base"), data("local", "base"))
    rules = engine_with(base, local).pack("local")
    app = Application("A1", "U1", "local")
    with pytest.raises(PackAnswerError) as raised:
        rules.effective_date(app, rules.plan("P-2026"), payment_arrival=ON)
    assert raised.value.details["pack"] == "base"
    assert raised.value.details["view"] == "local"


def test_good_answers_pass_untouched() -> None:
    rules = engine_with(DataPack(info("fine"), data("fine"))).pack("fine")
    app = Application("A1", "U1", "fine")
    assert rules.effective_date(app, rules.plan("P-2026"), payment_arrival=ON).date == date(2026, 1, 1)
    assert rules.member_findings(member("甲", age=30, on=ON), rules.plan("P-2026"), ON) == ()


def test_the_core_default_past_the_coverage_end_is_left_to_the_life_cycle() -> None:
    """Money arriving on the last day, cover from the next: the default's answer passes, the guard refuses it."""
    mapping: dict[str, Any] = {
        "format": 1,
        "pack": "late",
        "parameters": {
            "effective.after_payment": {
                "description": "次日生效",
                "values": [{"valid_from": "2026-01-01", "value": "next_day", "source": "test manual §2"}],
            }
        },
        "plans": [PLAN],
    }
    pack = DataPack(info("late"), PackData.from_mapping(mapping, version="1"))
    rules = engine_with(pack).pack("late")
    app = Application("A1", "U1", "late")
    got = rules.effective_date(app, rules.plan("P-2026"), payment_arrival=date(2026, 12, 31))
    assert got.date == date(2027, 1, 1)
