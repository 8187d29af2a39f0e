"""The out-of-tree example pack (examples/outside_pack) installs like a regional team's and is found.

The test builds a temporary virtual environment, installs the example into it
with pip, and asks a fresh interpreter of that environment for the engine's
packs. The running environment (where mutualaid and the bundled packs are
installed, often editable) is made visible to the new one through a ``.pth``
line calling ``site.addsitedir``: ``--system-site-packages`` alone would expose
the *base* interpreter's packages, not those of the virtual environment the
tests run in. The example is copied first, so the build leaves nothing in the
repository. When its build backend is importable here, pip builds without
isolation (no network).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import site
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "outside_pack"

PROBE = """
import json
from datetime import date
from mutualaid.rules import RuleEngine
from mutualaid.testing import find_scenario_files, load_scenarios, check_scenario
engine = RuleEngine.from_entry_points()
rules = engine.pack(region="linyi")
on = date(2026, 6, 10)
cases = [c for p in find_scenario_files({scenarios!r}) for c in load_scenarios(p)]
for case in cases:
    check_scenario(case, engine)
print(json.dumps({{
    "packs": list(engine.pack_names()),
    "origin": engine.pack("linyi-lanshan").registered.origin,
    "chain": [p.name for p in rules.chain],
    "settlement_day": rules.param("invoice.settlement_day", on),
    "cap": rules.param("invoice.per_capita_cap_when_mixed", on),
    "plans": [p.code for p in rules.plans(on)],
    "scenarios": len(cases),
}}))
"""


def _run(args: list[str], cwd: Path) -> str:
    done = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=300)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_example_pack_is_installed_and_found_through_its_entry_point(tmp_path: Path) -> None:
    source = tmp_path / "outside_pack"
    shutil.copytree(EXAMPLE, source)
    env = tmp_path / "venv"
    venv.create(env, system_site_packages=True, with_pip=False)
    python = env / "bin" / "python"
    own_site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path
        ).strip()
    )
    parents = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (own_site / "_mutualaid_parent_env.pth").write_text(
        "import site; " + "; ".join(f"site.addsitedir({p!r})" for p in parents) + "\n",
        encoding="utf-8",
    )
    backend = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))[
        "build-system"
    ]["build-backend"]
    isolation = ["--no-build-isolation"] if importlib.util.find_spec(backend.split(".")[0]) else []
    _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            *isolation,
            "--no-input",
            str(source),
        ],
        tmp_path,
    )
    assert not list(EXAMPLE.rglob("*.egg-info")) and not (EXAMPLE / "build").exists()
    probe = PROBE.format(scenarios=str(source / "scenarios"))
    found = json.loads(_run([str(python), "-c", probe], tmp_path).splitlines()[-1])
    assert "linyi-lanshan" in found["packs"] and "linyi" in found["packs"]
    assert "mutualaid-pack-linyi-lanshan 0.1.0" in found["origin"]
    assert found["chain"] == ["linyi-lanshan", "linyi"]  # the office's view, over Linyi's
    assert found["settlement_day"] == 20  # overridden
    assert found["cap"] is True  # inherited from Linyi
    assert found["plans"] == ["LY-HOSP-2026", "LY-ACC-2026"]
    assert found["scenarios"] == 2
    # The pack is not installed in the running environment: nothing leaked.
    assert importlib.util.find_spec("mutualaid_pack_linyi_lanshan") is None
    assert sys.prefix != str(env)
