"""The pytest plugin of the test kit: an option, two fixtures and scenario files as tests.

Load it with ``-p mutualaid.testing.plugin`` (or ``pytest_plugins =
["mutualaid.testing.plugin"]`` in your top-level ``conftest.py``; mutualaid
may also register it as a ``pytest11`` entry point). It adds:

* ``--mutualaid-pack=NAME``: the pack the fixtures and
  :class:`~mutualaid.testing.conformance.PackConformance` (with ``pack_name =
  None``) test; ``pytest --mutualaid-pack=NAME`` alone runs the whole
  conformance suite (:mod:`mutualaid.testing.suite`) on an installed pack,
  besides the tests pytest collects anyway;
* fixtures ``mutualaid_engine`` (every installed pack, one engine per session)
  and ``mutualaid_rules`` (the view of ``--mutualaid-pack``);
* collection of scenario files: every ``*.toml`` in a folder named
  ``scenarios`` becomes one test per case (see :mod:`mutualaid.testing.scenarios`).

>>> ScenarioFile.__name__, ScenarioItem.__name__
('ScenarioFile', 'ScenarioItem')

Layer 5 (test kit); imports pytest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mutualaid.rules.engine import PackView, RuleEngine
from mutualaid.testing import suite
from mutualaid.testing.scenarios import Scenario, ScenarioFailure, check_scenario, load_scenarios

__all__ = [
    "ScenarioFile",
    "ScenarioItem",
    "mutualaid_engine",
    "mutualaid_rules",
    "pytest_addoption",
    "pytest_collect_file",
    "pytest_configure",
]

_ENGINE = pytest.StashKey[RuleEngine]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--mutualaid-pack``."""
    group = parser.getgroup("mutualaid", "mutualaid rule packs")
    group.addoption(
        "--mutualaid-pack",
        action="store",
        dest="mutualaid_pack",
        default=None,
        metavar="NAME",
        help="the installed rule pack to test (conformance suite and fixtures)",
    )


def _names_the_suite(arg: str) -> bool:
    target = arg.split("::", 1)[0]
    if target == "mutualaid.testing.suite" or target.startswith("mutualaid.testing.suite."):
        return True
    try:
        return Path(target).resolve() == Path(suite.__file__).resolve()
    except OSError:
        return False


def pytest_configure(config: pytest.Config) -> None:
    """With ``--mutualaid-pack``, collect the conformance suite too (once)."""
    if not config.getoption("mutualaid_pack", None):
        return
    if any(_names_the_suite(arg) for arg in config.args):
        return
    config.args.append(str(Path(suite.__file__).resolve()))


def _engine(config: pytest.Config) -> RuleEngine:
    engine = config.stash.get(_ENGINE, None)
    if engine is None:
        engine = config.stash[_ENGINE] = RuleEngine.from_entry_points()
    return engine


@pytest.fixture(scope="session")
def mutualaid_engine(pytestconfig: pytest.Config) -> RuleEngine:
    """One engine with every installed pack, for the whole session."""
    return _engine(pytestconfig)


@pytest.fixture
def mutualaid_rules(mutualaid_engine: RuleEngine, pytestconfig: pytest.Config) -> PackView:
    """The view of the pack named by ``--mutualaid-pack``."""
    name = pytestconfig.getoption("mutualaid_pack")
    if not name:
        pytest.fail("pass --mutualaid-pack=NAME to use the mutualaid_rules fixture", pytrace=False)
    return mutualaid_engine.pack(str(name))


class ScenarioItem(pytest.Item):
    """One scenario case."""

    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        check_scenario(self.scenario, _engine(self.config))

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"scenario: {self.scenario.name}"


class ScenarioFile(pytest.File):
    """A scenario TOML file: one item per case."""

    def collect(self) -> Iterator[ScenarioItem]:
        for scenario in load_scenarios(self.path):
            yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    """Collect ``scenarios/*.toml``."""
    if file_path.suffix == ".toml" and file_path.parent.name == "scenarios":
        collected: ScenarioFile = ScenarioFile.from_parent(parent, path=file_path)
        return collected
    return None
