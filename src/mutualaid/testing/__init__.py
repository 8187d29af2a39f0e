"""Test kit for rule pack authors: a conformance suite, scenario cases as data, a pytest plugin.

* :mod:`mutualaid.testing.conformance`: :class:`PackConformance` (subclass it with
  ``pack_name = "demo"``) and the checks behind it;
* :mod:`mutualaid.testing.scenarios`: scenario TOML files (inputs, date, expected
  outputs) that a regional expert writes without Python;
* :mod:`mutualaid.testing.plugin`: ``--mutualaid-pack``, fixtures, collection of
  ``scenarios/*.toml``;
* :mod:`mutualaid.testing.members`: members described by age, gender and flags.

The conformance and plugin modules import pytest; importing this package does
not (``PackConformance`` is loaded on first use).

>>> from datetime import date
>>> from mutualaid.testing import member
>>> member("李四", age=40, on=date(2026, 6, 30), gender="female").gender.label
'女'
>>> from mutualaid.testing import PackConformance
>>> PackConformance.pack_name is None
True

See docs/testing-kit.md. Layer 5.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mutualaid.testing.members import birth_date_for_age, member, resident_id
from mutualaid.testing.scenarios import (
    Scenario,
    ScenarioFailure,
    check_scenario,
    find_scenario_files,
    load_scenarios,
    parse_scenarios,
    run_scenario,
)

if TYPE_CHECKING:
    from mutualaid.testing.conformance import PackConformance

__all__ = [
    "PackConformance",
    "Scenario",
    "ScenarioFailure",
    "birth_date_for_age",
    "check_scenario",
    "find_scenario_files",
    "load_scenarios",
    "member",
    "parse_scenarios",
    "resident_id",
    "run_scenario",
]


def __getattr__(name: str) -> Any:
    if name == "PackConformance":
        from mutualaid.testing.conformance import PackConformance

        return PackConformance
    raise AttributeError(f"module 'mutualaid.testing' has no attribute {name!r}")
