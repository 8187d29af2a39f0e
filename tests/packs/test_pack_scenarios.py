"""The scenario files of the bundled packs (``rulepacks/*/scenarios/*.toml``), one test per case."""

from __future__ import annotations

from pathlib import Path

import pytest
from pack_helpers import engine

from mutualaid.testing.scenarios import (
    Scenario,
    check_scenario,
    find_scenario_files,
    load_scenarios,
)

ROOT = Path(__file__).resolve().parents[2]
FILES = find_scenario_files(ROOT / "rulepacks")
CASES = [case for path in FILES for case in load_scenarios(path)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_scenario(case: Scenario) -> None:
    check_scenario(case, engine())


@pytest.mark.parametrize("name", ["guangdong", "linyi", "shenzhen", "weihai", "yiyang"])
def test_each_regional_pack_ships_scenarios(name: str) -> None:
    mine = [c for c in CASES if c.pack == name]
    assert len({c.origin for c in mine}) >= 2 and len(mine) >= 5
    assert all(c.source and c.origin.startswith(str(ROOT / "rulepacks" / name)) for c in mine)
