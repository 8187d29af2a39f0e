"""What ``mutualaid check`` imports before it reads a file (issue 8: the command's startup).

``mutualaid check`` pays for every module it imports on every run. It imports
what the check needs and no more: no openpyxl (only ``--errors-out`` and
``--engine openpyxl`` need it), no SQL, cattrs, documents, life cycle,
claims or service layers, no model of claims or policies. As pip and
black do for their startup, a subprocess runs a small check and lists
``sys.modules``; docs/performance.md gives the figures.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ROOT / "examples" / "data" / "yiyang_roster.xlsx"

#: Top-level packages a check must not import.
NOT_IMPORTED_PACKAGES = (
    "openpyxl",
    "sqlalchemy",
    "cattrs",
    "pandas",
    "pypinyin",
    "dateutil",
)

#: Modules (and packages, with everything under them) a check must not import. numpy.ma
#: took 15 to 20 ms, in each process, when ``np.unique`` asked it about a plain array
#: (mutualaid._arrays stands in).
NOT_IMPORTED_MODULES = (
    "numpy.ma",
    "mutualaid.batch",
    "mutualaid.claims",
    "mutualaid.cli.new_pack",
    "mutualaid.cli.packs",
    "mutualaid.cli.template",
    "mutualaid.documents",
    "mutualaid.lifecycle",
    "mutualaid.model.audit",
    "mutualaid.model.claim",
    "mutualaid.model.endorsement",
    "mutualaid.model.invoice",
    "mutualaid.model.payment",
    "mutualaid.model.policy",
    "mutualaid.notebook",
    "mutualaid.roster.export",
    "mutualaid.roster.templates",
    "mutualaid.roster.workbook",
    "mutualaid.serialization",
    "mutualaid.service",
    "mutualaid.testing",
)

_PROBE = """
import io, json, sys
from mutualaid.cli.main import main
status = main(sys.argv[1:], stdout=io.StringIO())
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def _imported_by(*argv: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["status"], set(found["modules"])


def _offending(modules: set[str]) -> list[str]:
    return sorted(
        m
        for m in modules
        if m.split(".")[0] in NOT_IMPORTED_PACKAGES
        or any(m == n or m.startswith(n + ".") for n in NOT_IMPORTED_MODULES)
    )


@pytest.fixture(scope="module")
def check_modules() -> set[str]:
    status, modules = _imported_by(
        "check", str(ROSTER), "--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60",
        "--format", "json",
    )  # fmt: skip
    assert status == 0
    return modules


def test_a_check_imports_only_what_it_needs(check_modules: set[str]) -> None:
    assert _offending(check_modules) == []


def test_a_check_still_imports_what_it_uses(check_modules: set[str]) -> None:
    # the probe is not vacuous: the numpy engine, the rules, the pack and numpy are there
    assert {
        "numpy",
        "mutualaid.roster._numpy_xlsx",
        "mutualaid.roster.validation",
        "mutualaid.rules.engine",
        "mutualaid.rules.packdata",
        "mutualaid_pack_yiyang",
    } <= check_modules


def test_the_version_imports_no_command() -> None:
    status, modules = _imported_by("--version")
    assert status == 0
    assert "mutualaid.cli.check" not in modules
    assert "numpy" not in modules


def test_bad_pack_data_is_still_refused_by_jsonschema() -> None:
    from mutualaid.errors import PackDataError
    from mutualaid.rules import PackData

    with pytest.raises(
        PackDataError, match=r"\$\.parameters\.age\.maximum\.values: \[\] should be non-empty"
    ):
        PackData.from_mapping(
            {
                "format": 1,
                "pack": "demo",
                "parameters": {"age.maximum": {"description": "最高年龄", "values": []}},
            }
        )


# --- the lazy faces hold the same names as their TYPE_CHECKING imports ---

LAZY_FACES = ("mutualaid.model", "mutualaid.rules", "mutualaid.roster")


def _type_checking_imports(module: str) -> dict[str, str]:
    path = Path(importlib.import_module(module).__file__ or "")
    found: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module
                found.update({alias.name: stmt.module for alias in stmt.names})
    return found


@pytest.mark.parametrize("face", LAZY_FACES)
def test_a_lazy_face_lists_what_its_type_checking_block_imports(face: str) -> None:
    module = importlib.import_module(face)
    table = module._FACE.modules
    assert table == _type_checking_imports(face)
    assert set(table) == set(module.__all__)


@pytest.mark.parametrize("face", LAZY_FACES)
def test_a_lazy_face_resolves_from_a_fresh_interpreter(face: str) -> None:
    probe = (
        f"import {face} as f; "
        "missing = [n for n in f.__all__ if getattr(f, n, None) is None]; "
        "assert not missing, missing; "
        "assert set(f.__all__) <= set(dir(f))"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, cwd=ROOT)


def test_the_columnar_division_table_is_the_first_listed_table() -> None:
    from mutualaid.ids.divisions import first_listed, first_years

    codes, years = first_years()
    assert list(codes) == sorted(codes)
    assert dict(zip(codes, years, strict=True)) == {
        int(code): year for code, year in first_listed().items()
    }
