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
