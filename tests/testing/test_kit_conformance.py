"""The conformance suite passes a sound pack and catches broken ones, each with a clear message."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualaid.model.columns import CANONICAL_COLUMNS, TemplateColumn
from mutualaid.model.plan import Plan
from mutualaid.money import ZERO
from mutualaid.rules import (
    DataPack,
    EffectiveDate,
    Finding,
    LinePrice,
    PackData,
    PackInfo,
    PackView,
    RuleEngine,
    hookimpl,
)
from mutualaid.rules.flows import ApplicationFlow
from mutualaid.testing import PackConformance
from mutualaid.testing.conformance import (
    CHECKS,
    check_catalogue,
    check_claim_types_have_steps,
    check_day,
    check_effective_dates,
    check_eligibility,
    check_flows_and_materials,
    check_junk,
    check_members,
    check_pricing,
    check_templates,
)

SOURCE = "demo manual §1"
DATA = {
    "format": 1,
    "pack": "demo",
    "plans": [
        {
            "code": "D-2026",
            "name": "演示计划",
            "kind": "other",
            "coverage": {"start": "2026-01-01", "end": "2026-12-31", "source": SOURCE},
            "max_shares": 2,
            "tiers": [
                {
                    "code": "S",
                    "name": "标准",
                    "contribution": {"member": "50", "subsidy": "10"},
                    "source": SOURCE,
                }
            ],
            "source": SOURCE,
        }
    ],
}


def engine_with(cls: type[DataPack] = DataPack) -> RuleEngine:
    engine = RuleEngine()
    data = PackData.from_mapping(DATA, origin="demo.json", version="1.0")
    engine.register(cls(PackInfo(name="demo", region="demo", version="1.0", title="演示"), data))
    return engine


def view(cls: type[DataPack] = DataPack) -> PackView:
    return engine_with(cls).pack("demo")


def test_a_sound_pack_passes_every_check() -> None:
    rules = view()
    for check in CHECKS:
        check(rules, check_day(rules))


class DuplicateHeaders(DataPack):
    @hookimpl
    def mutualaid_template_columns(self, plan: Plan) -> Sequence[TemplateColumn]:
        return (*CANONICAL_COLUMNS, TemplateColumn("x_note", "姓名"))


class NoIdNumber(DataPack):
    @hookimpl
    def mutualaid_template_columns(self, plan: Plan) -> Sequence[TemplateColumn]:
        return tuple(c for c in CANONICAL_COLUMNS if c.field != "id_number")


class UnknownField(DataPack):
    @hookimpl
    def mutualaid_template_columns(self, plan: Plan) -> Sequence[TemplateColumn]:
        return (*CANONICAL_COLUMNS, TemplateColumn("department", "部门"))


class FreeLunch(DataPack):
    @hookimpl
    def mutualaid_price_entry(self, plan: Plan, tier_code: str, shares: int) -> LinePrice:
        return LinePrice(plan.code, tier_code, shares, 1, ZERO, ZERO)


class OtherRegion(DataPack):
    @hookimpl
    def mutualaid_application_flow(self, kind: str) -> ApplicationFlow:
        return ApplicationFlow(region="elsewhere")


class MissingGift(DataPack):
    @hookimpl
    def mutualaid_plans(self, on: date | None) -> Sequence[Plan]:
        plan = self.data.plans[0].to_plan()
        return [attrs.evolve(plan, gift_plans=("NOT-A-GIFT",))]


class BlocksEveryone(DataPack):
    @hookimpl
    def mutualaid_member_findings(self) -> list[Finding]:
        return [Finding.error("demo.closed", "暂停参保")]


class StrayCode(DataPack):
    @hookimpl
    def mutualaid_member_findings(self) -> list[Finding]:
        return [Finding.warning("weihai.borrowed_code", "借用别人的代码")]


class BeforeCoverage(DataPack):
    @hookimpl
    def mutualaid_effective_date(self, plan: Plan) -> EffectiveDate:
        return EffectiveDate(date(2020, 1, 1), plan.coverage.end)


@pytest.mark.parametrize(
    ("cls", "check", "message"),
    [
        (DuplicateHeaders, check_templates, "header '姓名' repeats"),
        (NoIdNumber, check_templates, "required fields missing or optional: ['id_number']"),
        (UnknownField, check_templates, "unknown field 'department'"),
        (FreeLunch, check_pricing, "priced 0.00, expected 60.00"),
        (OtherRegion, check_flows_and_materials, "is not an ApplicationFlow of region demo"),
        (MissingGift, check_catalogue, "names gift plan 'NOT-A-GIFT'"),
        (BlocksEveryone, check_eligibility, "an ordinary adult is blocked: ['demo.closed']"),
        (BeforeCoverage, check_effective_dates, "effective 2020-01-01 outside the coverage"),
        (StrayCode, check_members, "finding code 'weihai.borrowed_code' is not registered"),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_a_broken_pack_fails_with_a_message(
    cls: type[DataPack], check: Callable[[PackView, date], None], message: str
) -> None:
    rules = view(cls)
    with pytest.raises(AssertionError, match="pack demo: ") as failed:
        check(rules, check_day(rules))
    assert message in str(failed.value)


class TestWeihaiThroughTheClass(PackConformance):
    """The class API, as a regional team uses it: two lines."""

    pack_name = "weihai"


class TestAHandRegisteredPack(PackConformance):
    """A pack not installed: override ``engine``."""

    pack_name = "demo"

    def engine(self) -> RuleEngine:
        return engine_with()


def test_the_plugin_runs_the_suite_and_scenarios_for_an_installed_pack(tmp_path: Path) -> None:
    """``pytest -p mutualaid.testing.plugin --mutualaid-pack=weihai --pyargs mutualaid.testing.suite``."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "one.toml").write_text(
        'name = "one"\npack = "weihai"\ndate = 2026-06-30\nplan = "WH-MED-2026"\ntier = "T50"\n'
        '[[members]]\nage = 30\n[expect]\ntotal = "60.00"\n',
        encoding="utf-8",
    )
    (tmp_path / "test_fixture.py").write_text(
        "def test_rules(mutualaid_rules):\n    assert mutualaid_rules.name == 'weihai'\n",
        encoding="utf-8",
    )
    # Loaded through a pytest11 entry point once mutualaid registers one; else by -p.
    registered = any(
        ep.value == "mutualaid.testing.plugin" for ep in entry_points(group="pytest11")
    )
    plugin = [] if registered else ["-p", "mutualaid.testing.plugin"]
    args: list[Any] = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        *plugin,
        "-p",
        "no:cacheprovider",
        "-c",
        tmp_path / "pytest.ini",
        "--rootdir",
        tmp_path,
        "--mutualaid-pack=weihai",
        tmp_path / "scenarios",
        tmp_path / "test_fixture.py",
        "--pyargs",
        "mutualaid.testing.suite",
    ]
    done = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "14 passed" in done.stdout


def test_a_bare_type_error_for_a_day_that_is_not_a_date_fails_the_junk_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kit wants InvalidDate, the typed error; a TypeError from deep inside no longer passes."""
    rules = view()
    check_junk(rules, check_day(rules))  # the real view refuses with InvalidDate
    real = rules.plans

    def plans(on: object = None) -> object:
        if isinstance(on, str):
            raise TypeError("'<' not supported between instances of 'str' and 'datetime.date'")
        return real(on)  # type: ignore[arg-type]

    monkeypatch.setattr(rules, "plans", plans)
    with pytest.raises(AssertionError, match="pack demo: ") as failed:
        check_junk(rules, check_day(rules))
    assert "a day that is not a date: plans('2026-13-01'): raised TypeError" in str(failed.value)


def test_a_claim_type_offered_without_benefit_steps_fails_the_check() -> None:
    """One rule (issue 8): the pack's claim types say what a plan offers; each needs steps."""
    from mutualaid.batch import what_if

    yiyang = RuleEngine.from_entry_points(names=["yiyang"]).pack("yiyang")
    check_claim_types_have_steps(yiyang, check_day(yiyang))
    gap = what_if(yiyang, **{"claims.types.special_disease": ["special_disease", "death"]})
    with pytest.raises(
        AssertionError, match="offers claim types without benefit steps: YY-SPEC-2026 death"
    ):
        check_claim_types_have_steps(gap, check_day(yiyang))  # type: ignore[arg-type]
