"""``mutualaid new-pack`` writes a pack project that passes the conformance suite as written.

The wheel test (tests/test_wheels.py) builds and installs the project; here it
is imported from its source folder, fast, and every conformance check and
scenario runs against it.
"""

from __future__ import annotations

import importlib
import io
import json
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest

from mutualaid.cli.main import main
from mutualaid.cli.new_pack import PackProject, render
from mutualaid.rules import RuleEngine
from mutualaid.rules.packdata import schema as pack_data_schema
from mutualaid.testing import check_scenario, find_scenario_files, load_scenarios
from mutualaid.testing.conformance import CHECKS, check_day
from mutualaid.testing.properties import any_member_any_day


@pytest.fixture
def project(tmp_path: Path) -> Path:
    out = io.StringIO()
    status = main(
        ["new-pack", "demo-town", "--title", "演示镇", "--year", "2027", "--dir", str(tmp_path)],
        stdout=out,
    )
    assert status == 0
    root = tmp_path / "mutualaid-pack-demo-town"
    assert f"wrote {root}" in out.getvalue()
    return root


@pytest.fixture
def engine(project: Path, monkeypatch: pytest.MonkeyPatch) -> RuleEngine:
    monkeypatch.syspath_prepend(str(project / "src"))
    monkeypatch.delitem(sys.modules, "mutualaid_pack_demo_town", raising=False)
    module = importlib.import_module("mutualaid_pack_demo_town")
    engine = RuleEngine()
    engine.register(module.pack)
    return engine


def test_the_pyproject_has_a_build_system_an_entry_point_and_the_package(project: Path) -> None:
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["build-system"]["build-backend"] == "hatchling.build"
    assert meta["project"]["name"] == "mutualaid-pack-demo-town"
    assert meta["project"]["entry-points"]["mutualaid.rulepacks"] == {
        "demo-town": "mutualaid_pack_demo_town:pack"
    }
    assert meta["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [
        "src/mutualaid_pack_demo_town"
    ]
    assert meta["project"]["dependencies"] == ["mutualaid>=0.1,<0.2"]


def test_the_data_files_are_valid_against_the_pack_data_schema(project: Path) -> None:
    schema = pack_data_schema()
    data = project / "src" / "mutualaid_pack_demo_town" / "data"
    files = sorted(p.name for p in data.glob("*.json"))
    assert files == ["plans-2027.json", "rules.json"]
    for name in files:
        jsonschema.validate(json.loads((data / name).read_text(encoding="utf-8")), schema)


def test_the_scaffolded_pack_passes_every_conformance_check(engine: RuleEngine) -> None:
    rules = engine.pack("demo-town")
    assert rules.info.title == "演示镇"
    for check in CHECKS:
        check(rules, check_day(rules))
    any_member_any_day(rules)


def test_its_scenarios_pass(project: Path, engine: RuleEngine) -> None:
    cases = [c for p in find_scenario_files(project) for c in load_scenarios(p)]
    assert len(cases) == 4
    for case in cases:
        check_scenario(case, engine)


def test_every_placeholder_is_marked_illustrative(engine: RuleEngine) -> None:
    from datetime import date

    rules = engine.pack("demo-town")
    for name in ("age.maximum", "roster.max_rows", "plans.DEMO-TOWN-HOSP-2027.coverage"):
        cited = rules.cite(name, date(2027, 3, 1))
        assert cited is not None and cited.illustrative, name


def test_every_template_is_rendered_without_a_leftover_placeholder() -> None:
    for path, text in render(PackProject("a-b", "a-b", "甲乙", 2026)).items():
        assert "$" not in text.replace('"$schema"', ""), path


@pytest.mark.parametrize("name", ["Demo", "demo town", "9demo", "demo_town", "演示", "demo--x"])
def test_a_bad_name_is_a_usage_error(name: str, tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["new-pack", name, "--dir", str(tmp_path)], stderr=err) == 2
    assert "not a pack name" in err.getvalue()
    assert not any(tmp_path.iterdir())


def test_an_existing_folder_is_never_overwritten(project: Path) -> None:
    err = io.StringIO()
    assert main(["new-pack", "demo-town", "--dir", str(project.parent)], stderr=err) == 2
    assert "exists" in err.getvalue()
