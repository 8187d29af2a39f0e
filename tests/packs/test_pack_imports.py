"""Loading a rule pack loads layer 3 and below only: never the life cycle, the roster or openpyxl.

A pack is layer 3 (docs/architecture.md): its flow is built from
``mutualaid.rules.flows``, so a host that only checks rules pays neither for
the life-cycle machines nor for the spreadsheet reader. Each installed pack is
imported in a fresh interpreter (the test process has already imported
everything) and ``sys.modules`` is read there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

#: What a pack must not pull in when it is loaded.
HEAVY = ("mutualaid.lifecycle", "mutualaid.roster", "openpyxl")

PACKS = sorted((e.name, e.value) for e in entry_points(group="mutualaid.rulepacks"))

PROBE = """
import importlib, json, sys
module, _, attr = sys.argv[1].partition(":")
pack = getattr(importlib.import_module(module), attr)
flow = pack.mutualaid_application_flow("standalone")
print(json.dumps({
    "loaded": sorted(m for m in sys.modules if m.split(".")[0] in ("mutualaid", "openpyxl")),
    "flow": type(flow).__name__,
}))
"""


def loaded_by(entry_point: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, entry_point],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_bundled_packs_are_installed() -> None:
    assert {name for name, _ in PACKS} >= {"weihai", "guangdong", "shenzhen", "linyi", "yiyang"}


@pytest.mark.parametrize(("name", "entry_point"), PACKS, ids=[name for name, _ in PACKS])
def test_loading_a_pack_and_its_flow_does_not_import_the_life_cycle(
    name: str, entry_point: str
) -> None:
    seen = loaded_by(entry_point)
    assert seen["flow"] == "ApplicationFlow"  # the flow was built, from layer 3
    loaded = seen["loaded"]
    assert isinstance(loaded, list)
    heavy = [h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in loaded)]
    assert heavy == [], f"loading pack {name} imports {heavy}"
