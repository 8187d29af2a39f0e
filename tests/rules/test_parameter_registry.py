"""The parameter registry: declared once, checked at load, documented (issue 8 item 1, issue 12 item 8).

Every parameter the core reads is a :class:`ParameterSpec` beside its rule;
pack data naming an undeclared one, or giving a value of the wrong type or out
of bounds, fails at load naming the file and the JSON path; docs/hooks.md's
table is the registry's, as datasette ties its settings to its docs.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rules_helpers import SOURCE, engine_with, make_pack, param, plan

from mutualaid.errors import PackDataError, PackLoadError
from mutualaid.rules import DataPack, PackData, PackInfo, RuleEngine, hookimpl
from mutualaid.rules.defaults import REGISTRY
from mutualaid.rules.parameters import (
    PLAN_FACT,
    ParameterSpec,
    Registry,
    ValueType,
    markdown_table,
)

ROOT = Path(__file__).resolve().parents[2]
HOOKS_DOC = ROOT / "docs" / "hooks.md"
ON = date(2026, 3, 1)
_START = "<!-- generated from mutualaid.rules.defaults.REGISTRY: tests/rules/test_parameter_registry.py -->"
_END = "<!-- end of the generated table -->"


def _documented_table() -> str:
    text = HOOKS_DOC.read_text(encoding="utf-8")
    assert _START in text and _END in text, "docs/hooks.md lost the generated parameter table"
    return text.split(_START, 1)[1].split(_END, 1)[0].strip()


# --- the registry and its documentation -------------------------------------------------


def test_the_hooks_page_table_is_the_registry() -> None:
    expected = markdown_table(REGISTRY)
    assert _documented_table() == expected, (
        "docs/hooks.md's parameter table differs from the registry; paste this between "
        f"the markers:\n{expected}"
    )


def test_every_registered_parameter_is_documented_and_every_documented_one_registered() -> None:
    documented = set(re.findall(r"^\| `([a-z0-9_.]+)` \|", _documented_table(), re.M))
    registered = {spec.name for spec in REGISTRY}
    assert registered - documented == set(), "registered but undocumented"
    assert documented - registered == set(), "documented but not registered"


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.name)
def test_each_declaration_names_a_rule_that_exists(spec: ParameterSpec) -> None:
    path = spec.rule.split(".")
    for cut in range(len(path), 0, -1):
        try:
            target: Any = importlib.import_module(".".join(path[:cut]))
        except ImportError:
            continue
        for attribute in path[cut:]:
            target = getattr(target, attribute)
        break
    else:  # pragma: no cover
        raise AssertionError(f"{spec.name}: {spec.rule} cannot be imported")
    assert callable(target), f"{spec.name}: {spec.rule} is not a function"
    assert spec.meaning and spec.type in ValueType


def _literal_names(path: Path) -> set[str]:
    """The string literals passed first to ``.cite(``, ``.param(`` and ``flag(`` in a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        index = 1 if name == "flag" else 0
        if name in ("cite", "param", "flag") and len(node.args) > index:
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


SOURCES = sorted(
    [
        *(ROOT / "src" / "mutualaid").rglob("*.py"),
        *(ROOT / "rulepacks").glob("*/src/*/*.py"),
        *(ROOT / "examples").rglob("*.py"),
    ]
)


def test_every_name_the_code_reads_is_declared() -> None:
    """Grep every ``cite(`` / ``param(`` / ``flag(`` call: a name read must be declared."""
    read = {name: path for path in SOURCES for name in _literal_names(path)}
    assert read, "the scan found no parameter reads"
    undeclared = {n: str(p) for n, p in read.items() if not REGISTRY.knows(n) and "." in n}
    assert undeclared == {}


DATA_FILES = sorted((ROOT / "rulepacks").glob("*/src/*/data/*.json"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parts[-5]}/{p.name}")
def test_every_bundled_pack_parameter_is_declared_and_in_bounds(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    own = {n: ParameterSpec.from_data(n, d) for n, d in raw.get("declare", {}).items()}
    for name, parameter in raw.get("parameters", {}).items():
        spec = REGISTRY.get(name) or own.get(name)
        assert spec is not None, f"{path}: {name} is not declared"
        for value in parameter["values"]:
            assert spec.problem(value["value"]) is None, (name, value["value"])


def test_registry_refuses_a_name_declared_twice() -> None:
    spec = ParameterSpec("a.b", "flag", "m", "r")
    with pytest.raises(ValueError, match="declared twice"):
        Registry.of([spec, spec])


def test_a_default_must_pass_its_own_checks() -> None:
    with pytest.raises(ValueError, match=r"default of a\.b"):
        ParameterSpec("a.b", "whole", "m", "r", default=0, minimum=1)


@pytest.mark.parametrize(
    ("declaration", "problem"),
    [
        ({"type": "choice"}, "names its choices"),
        ({"type": "flag", "minimum": 1}, "only a whole number"),
        ({"type": "whole", "minimum": 5, "maximum": 1}, "minimum 5 above maximum 1"),
        ({"type": "whole", "default": "x"}, "default of demo.visit_limit"),
    ],
)
def test_a_bad_declaration_fails_at_load(declaration: dict[str, Any], problem: str) -> None:
    declare = {"demo.visit_limit": {"meaning": "m", "rule": "r", **declaration}}
    with pytest.raises(PackDataError, match=problem) as err:
        _load({}, declare=declare)
    assert err.value.location is not None
    assert err.value.location.field == "$.declare.demo.visit_limit"


# --- refused at load, naming the file and the path ---------------------------------------


def _load(parameters: dict[str, Any], **extra: Any) -> PackData:
    raw = {"format": 1, "pack": "demo", "parameters": parameters, **extra}
    return PackData.from_mapping(raw, origin="demo/data/rules.json")


def test_a_misspelled_parameter_fails_at_load_with_did_you_mean() -> None:
    with pytest.raises(PackDataError) as err:
        _load({"age.maximun": param(65)})
    text = str(err.value)
    assert "demo/data/rules.json" in text
    assert "$.parameters.age.maximun" in text
    assert "did you mean age.maximum?" in text
    assert err.value.details["suggestion"] == "age.maximum"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("abc", "expected a whole number, got text"),
        ([1], "expected a whole number, got a list"),
        (None, "expected a whole number, got null"),
        (-1, "must be at least 1, got -1"),
        (0, "must be at least 1, got 0"),
        (True, "expected a whole number, got true/false"),
        (10**9, "must be at most 1048575"),
    ],
)
def test_a_bad_row_limit_fails_at_load(value: Any, problem: str) -> None:
    with pytest.raises(PackDataError) as err:
        _load({"roster.max_rows": param(value)})
    assert problem in str(err.value)
    assert err.value.location is not None
    assert err.value.location.file == "demo/data/rules.json"
    assert err.value.location.field == "$.parameters.roster.max_rows.values[0].value"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("invoice.settlement_day", 32),
        ("invoice.settlement_day", 0),
        ("invoice.title_must_match_unit", "yes"),
        ("member.retirement_female_category", "female_60"),
        ("application.required_declared_counts", ["headcount_of_cats"]),
        ("application.enrolled_must_equal_declared", "paying_headcont"),
        ("application.min_participation_ratio", {"of": "insured_headcount"}),
        ("application.min_participation_ratio", {"of": "insured_headcount", "minimum": "1.5"}),
        ("application.min_participation_ratio", {"of": "insured_headcount", "minimum": 0.9}),
        ("member.over_retirement_material", {"kind": "nothing"}),
        ("materials.offline", [{"name": "x", "stamped": "yes"}]),
        ("payment.account", {"name": "x", "bank": "y"}),
        ("effective.waiting_period_days", 100000),
        ("age.maximum", 999),
    ],
)
def test_values_are_checked_per_parameter(name: str, value: Any) -> None:
    with pytest.raises(PackDataError, match=re.escape(name)) as err:
        _load({name: param(value)})
    assert err.value.location is not None
    assert (err.value.location.field or "").startswith(f"$.parameters.{name}.values[0].value")


def test_age_maximum_may_be_null_and_counts_may_be_named() -> None:
    data = _load(
        {
            "age.maximum": param(None),
            "application.enrolled_must_equal_declared": param("paying_headcount"),
        }
    )
    assert data.value("age.maximum", ON) is None


def test_a_plan_fact_cannot_be_written_as_a_parameter() -> None:
    with pytest.raises(PackDataError, match="is a plan fact"):
        _load({"plans.p1.max_shares": param(3)})
    assert PLAN_FACT.match("plans.P1.tiers.T1.high_risk")


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        ("0001-01-01", "9999-12-31", "outside 2000-01-01..2099-12-31"),
        ("2026-01-01", "2099-12-31", "lasts over"),
        ("1999-12-31", "2026-12-31", "outside"),
    ],
)
def test_a_coverage_period_out_of_bounds_is_refused(start: str, end: str, problem: str) -> None:
    with pytest.raises(PackDataError, match=problem) as err:
        PackData.from_mapping(
            {"format": 1, "pack": "demo", "plans": [plan(start=start, end=end)]}, origin="d.json"
        )
    assert err.value.location is not None and err.value.location.file == "d.json"
    assert (err.value.location.field or "").startswith("$.plans[0].coverage")


# --- a pack's own parameters ---------------------------------------------------------------


def _declaring(**declaration: Any) -> dict[str, Any]:
    return {
        "demo.visit_limit": {
            "type": "whole",
            "meaning": "visits a year",
            "rule": "demo.visits",
            "unit": "visits",
            "minimum": 1,
            "maximum": 12,
            **declaration,
        }
    }


def test_a_pack_declares_its_own_parameter_in_its_data() -> None:
    data = _load({"demo.visit_limit": param(4)}, declare=_declaring())
    assert [spec.name for spec in data.declared] == ["demo.visit_limit"]
    pack = DataPack(PackInfo("demo", "demo", "1.0", "演示"), data)
    view = engine_with(pack).pack("demo")
    assert view.param("demo.visit_limit", ON) == 4
    with pytest.raises(PackDataError, match="must be at most 12"):
        _load({"demo.visit_limit": param(40)}, declare=_declaring())


def test_a_pack_declares_only_under_its_own_name() -> None:
    with pytest.raises(PackDataError, match=r"may declare only names starting 'demo\.") as err:
        _load({}, declare={"age.limit": {"type": "flag", "meaning": "m", "rule": "r"}})
    assert err.value.location is not None
    assert err.value.location.field == "$.declare.age.limit"


def test_a_pack_cannot_redeclare_a_core_parameter() -> None:
    with pytest.raises(PackDataError, match="may declare only"):
        _load({}, declare={"roster.max_rows": {"type": "whole", "meaning": "m", "rule": "r"}})


def test_an_undeclared_pack_parameter_fails_at_load() -> None:
    with pytest.raises(PackDataError, match=r"no parameter 'demo\.visit_limit' is declared"):
        _load({"demo.visit_limit": param(4)})


def test_a_pack_extending_another_sets_its_base_s_parameter() -> None:
    base = _load({"demo.visit_limit": param(4)}, declare=_declaring())
    local = PackData.from_mapping(
        {"format": 1, "pack": "local", "parameters": {"demo.visit_limit": param(6)}},
        origin="local.json",
        registry=base.registry,
    )
    engine = RuleEngine()
    engine.register(DataPack(PackInfo("demo", "demo", "1.0", "演示"), base))
    engine.register(DataPack(PackInfo("local", "demo", "1.0", "本地", extends="demo"), local))
    assert engine.for_region("demo").param("demo.visit_limit", ON) == 6


def test_a_python_pack_declares_with_the_hook() -> None:
    class Visits:
        @hookimpl
        def mutualaid_pack_info(self) -> PackInfo:
            return PackInfo("lanshan", "lanshan", "1.0", "兰山")

        @hookimpl
        def mutualaid_declared_parameters(self) -> list[ParameterSpec]:
            return [ParameterSpec("lanshan.visit_limit", "whole", "visits", "lanshan.visits")]

        @hookimpl
        def mutualaid_parameter(self, name: str, on: date) -> Any:
            from mutualaid.rules import Cited, Source

            if name == "lanshan.visit_limit":
                return Cited(name, "three", None, Source(SOURCE), "lanshan", "1.0")
            return None

    engine = engine_with(Visits())
    view = engine.pack("lanshan")
    with pytest.raises(PackDataError, match="expected a whole number, got text"):
        view.param("lanshan.visit_limit", ON)

    class Squatter(Visits):
        @hookimpl
        def mutualaid_pack_info(self) -> PackInfo:
            return PackInfo("other", "other", "1.0", "别处")

    with pytest.raises(PackLoadError, match=r"may declare only names starting 'other\."):
        engine.register(Squatter())
    assert engine.pack_names() == ("lanshan",)


def test_make_pack_with_declared_names_still_works() -> None:
    pack = make_pack("demo", {"roster.max_rows": param(3)})
    assert engine_with(pack).pack("demo").param("roster.max_rows", ON) == 3


def test_the_hooks_page_rules_table_is_the_rules() -> None:
    from mutualaid.rules.defaults import RULES
    from mutualaid.rules.defaults.rule import markdown_rules

    start = "<!-- generated from mutualaid.rules.defaults.RULES: tests/rules/test_parameter_registry.py -->"
    end = "<!-- end of the generated rules table -->"
    text = HOOKS_DOC.read_text(encoding="utf-8")
    documented = text.split(start, 1)[1].split(end, 1)[0].strip()
    expected = markdown_rules(RULES)
    assert documented == expected, f"paste this between the markers:\n{expected}"


def test_a_hyphen_in_the_pack_name_is_an_underscore_in_its_parameters() -> None:
    raw = {
        "format": 1,
        "pack": "linyi-lanshan",
        "declare": {"linyi_lanshan.visits": {"type": "flag", "meaning": "m", "rule": "r"}},
        "parameters": {"linyi_lanshan.visits": param(True)},
    }
    data = PackData.from_mapping(raw, origin="lanshan.json")
    assert data.value("linyi_lanshan.visits", ON) is True
