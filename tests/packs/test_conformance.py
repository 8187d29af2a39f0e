"""All five bundled packs pass the conformance suite of ``mutualaid.testing``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from pack_helpers import BUNDLED, engine, rules

from mutualaid.rules import PackView
from mutualaid.testing.conformance import CHECKS, check_day


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_pack_conforms(name: str, check: Callable[[PackView, date], None]) -> None:
    pack = rules(name)
    check(pack, check_day(pack))


def test_the_five_bundled_packs_are_installed() -> None:
    assert set(BUNDLED) <= set(engine().pack_names())


@pytest.mark.parametrize("name", BUNDLED)
def test_each_pack_has_a_plan_covering_2026_06_30(name: str) -> None:
    plans = rules(name).plans(date(2026, 6, 30))
    assert any(p.coverage.contains(date(2026, 6, 30)) and not p.is_gift for p in plans)


def test_mutualaid_packs_lists_the_five_with_2026_plans(capsys: pytest.CaptureFixture[str]) -> None:
    """``mutualaid packs --format json``: names, regions, versions, plans, tiers, contributions."""
    import json

    from mutualaid.cli.main import main

    assert main(["packs", "--on", "2026-06-30", "--format", "json"]) == 0
    packs = {p["name"]: p for p in json.loads(capsys.readouterr().out)["packs"]}
    assert set(BUNDLED) <= set(packs)
    for name in BUNDLED:
        assert packs[name]["region"] == name and packs[name]["version"] == "0.1.0"
        assert any(
            p["coverage_start"] <= "2026-06-30" <= p["coverage_end"] and p["tiers"]
            for p in packs[name]["plans"]
        )
    weihai = {p["code"]: p for p in packs["weihai"]["plans"]}
    assert [t["contribution"] for t in weihai["WH-MED-2026"]["tiers"]] == ["60.00"]
    assert [t["contribution"] for t in weihai["WH-ALW-2026"]["tiers"]] == ["45.00", "49.00"]
