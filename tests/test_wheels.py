"""The core, the five bundled packs and a scaffolded pack install from their wheels and work.

Editable installs (as in requirements-dev.txt) read the packs' data files from
the source tree, so they hide a wheel that leaves ``data/*.json`` out. This
test builds the real wheels (``pip wheel --no-deps --no-build-isolation``:
hatchling is in the ``test`` extra), checks each holds its data files, and
installs them into a new virtual environment that sees nothing of this one
(no system site packages). The core's own dependencies, and pytest and
hypothesis for the scaffolded pack's tests, come from a wheelhouse built with
``pip wheel`` (pip's cache, the configured find-links, or PyPI); the
installs themselves run with ``--no-index``. Then, in that environment:

* ``mutualaid packs --format json`` lists all six packs and reports none left out;
* ``mutualaid check`` of the sample roster against Yiyang works;
* the scaffolded pack's own tests (its conformance suite, its scenarios and
  its rule tests) pass as written, against its installed wheel;
* ``pytest --mutualaid-pack=yiyang`` runs the conformance suite from the
  installed core.

About a minute (a virtual environment, seven wheels, one install).
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from mutualaid.cli.new_pack import PackProject, write_project

ROOT = Path(__file__).resolve().parents[1]
PACKS = ("weihai", "guangdong", "shenzhen", "linyi", "yiyang")
ROSTER = ROOT / "examples" / "data" / "yiyang_roster.xlsx"

pytestmark = pytest.mark.slow


def _run(args: list[str | Path], cwd: Path, ok: tuple[int, ...] = (0,)) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600
    )
    assert done.returncode in ok, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _wheel(source: Path, wheelhouse: Path) -> Path:
    before = set(wheelhouse.glob("*.whl"))
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            wheelhouse,
            source,
        ],
        cwd=source,
    )
    (built,) = set(wheelhouse.glob("*.whl")) - before
    return built


def _requirements(wheel: Path) -> list[str]:
    """The wheel's ``Requires-Dist`` without the extras' ones."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    return [
        r.split(";")[0].strip() for r in metadata.get_all("Requires-Dist", []) if "extra" not in r
    ]


def _data_files(wheel: Path, package: str) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {n for n in archive.namelist() if n.startswith(f"{package}/data/")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A clean environment with the core, the five packs and a scaffolded pack, all from wheels."""
    work = tmp_path_factory.mktemp("wheels")
    wheelhouse = work / "wheelhouse"
    wheelhouse.mkdir()
    scaffold = write_project(PackProject("demo-town", "demo-town", "演示镇", 2026), work)
    wheels = {"core": _wheel(ROOT, wheelhouse)}
    for name in PACKS:
        wheels[name] = _wheel(ROOT / "rulepacks" / name, wheelhouse)
    wheels["demo-town"] = _wheel(scaffold, wheelhouse)
    needed = [*_requirements(wheels["core"]), "pytest>=8", "hypothesis>=6.100"]
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", wheelhouse, *needed],
        cwd=work,
    )
    env = work / "venv"
    venv.create(env, system_site_packages=False, with_pip=True)
    python = env / "bin" / "python"
    _run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--find-links",
            wheelhouse,
            *(wheels[k] for k in ("core", *PACKS, "demo-town")),
            "pytest",
            "hypothesis",
        ],
        cwd=work,
    )
    return {"python": python, "bin": env / "bin", "scaffold": scaffold, "work": work, **wheels}


@pytest.mark.parametrize("name", PACKS)
def test_each_bundled_pack_wheel_holds_its_data_files(
    installed: dict[str, Path], name: str
) -> None:
    package = f"mutualaid_pack_{name}"
    source = ROOT / "rulepacks" / name / "src" / package / "data"
    expected = {f"{package}/data/{p.name}" for p in source.glob("*.json")}
    assert expected and _data_files(installed[name], package) == expected


def test_the_scaffolded_pack_wheel_and_the_core_wheel_hold_their_data(
    installed: dict[str, Path],
) -> None:
    assert _data_files(installed["demo-town"], "mutualaid_pack_demo_town") == {
        "mutualaid_pack_demo_town/data/rules.json",
        "mutualaid_pack_demo_town/data/plans-2026.json",
    }
    with zipfile.ZipFile(installed["core"]) as archive:
        names = set(archive.namelist())
    assert "mutualaid/rules/schemas/pack-data.schema.json" in names
    assert "mutualaid/cli/pack_template/pyproject.toml.tmpl" in names


def test_the_clean_environment_sees_only_its_own_installs(installed: dict[str, Path]) -> None:
    where = _run(
        [
            installed["python"],
            "-c",
            "import mutualaid, mutualaid_pack_yiyang as p; print(p.__file__)",
        ],
        cwd=installed["work"],
    )
    assert str(installed["work"] / "venv") in where and str(ROOT) not in where


def test_mutualaid_packs_lists_every_installed_pack(installed: dict[str, Path]) -> None:
    done = subprocess.run(
        [installed["bin"] / "mutualaid", "packs", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=installed["work"],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "left out" not in done.stderr
    packs = {p["name"]: p for p in json.loads(done.stdout)["packs"]}
    assert set(packs) == {*PACKS, "demo-town"}
    assert [p["code"] for p in packs["demo-town"]["plans"]] == ["DEMO-TOWN-HOSP-2026"]
    assert packs["yiyang"]["origin"].startswith("entry point yiyang = mutualaid_pack_yiyang:pack")


def test_check_runs_from_the_wheels(installed: dict[str, Path]) -> None:
    args = ["check", ROSTER, "--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60"]
    out = _run([installed["bin"] / "mutualaid", *args], cwd=installed["work"], ok=(0, 1))
    assert "pack yiyang, plan YY-HOSP-2026" in out


def test_the_scaffolded_packs_own_tests_pass_against_its_wheel(installed: dict[str, Path]) -> None:
    out = _run(
        [installed["python"], "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=installed["scaffold"],
    )
    assert "18 passed" in out


def test_the_conformance_suite_runs_from_the_installed_core(installed: dict[str, Path]) -> None:
    empty = installed["work"] / "empty"
    empty.mkdir()
    out = _run(
        [
            installed["python"],
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--mutualaid-pack=yiyang",
        ],
        cwd=empty,
    )
    assert "12 passed" in out
