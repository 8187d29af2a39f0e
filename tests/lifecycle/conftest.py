"""Fixtures shared by the per-manual scenario tests (``test_scenario_<pack>.py``).

A scenario module names its pack (``PACK = "linyi"``) and the day its flow is
read on (``ON``); these fixtures give it the installed pack's view, the pack's
standalone flow on that day, and the application machine for that flow.
"""

from __future__ import annotations

import pytest

from mutualaid.lifecycle.application import application_machine, flow_from
from mutualaid.lifecycle.machine import Machine
from mutualaid.model.application import Application
from mutualaid.rules import RuleEngine
from mutualaid.rules.engine import PackView
from mutualaid.rules.flows import ApplicationFlow


@pytest.fixture(scope="module")
def rules(request: pytest.FixtureRequest) -> PackView:
    return RuleEngine.from_entry_points().pack(request.module.PACK)


@pytest.fixture(scope="module")
def flow(rules: PackView, request: pytest.FixtureRequest) -> ApplicationFlow:
    return flow_from(rules, "standalone", request.module.ON)


@pytest.fixture(scope="module")
def machine(flow: ApplicationFlow) -> Machine[Application]:
    return application_machine(flow)
