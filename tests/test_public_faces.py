"""One import path per public name: each package's flat public face (docs/architecture.md).

Issue 11, item 6: examples and packs reached half their names through deep
imports (``mutualaid.model.application``, ``mutualaid.rules.flows``...). A
public name is imported from its package's face (``from mutualaid.model import
Application``), as attrs and pluggy expose theirs; the examples and the
bundled packs show it, and a name is on one face only.
"""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "mutualaid"


def faces() -> list[str]:
    """``mutualaid.<x>`` for every public package and module directly under src/mutualaid."""
    out = []
    for path in sorted(SRC.iterdir()):
        if path.name.startswith("_"):
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            out.append(f"mutualaid.{path.name}")
        elif path.suffix == ".py":
            out.append(f"mutualaid.{path.stem}")
    return out


FACES = faces()
#: The analyst's ``member`` is the testing kit's, on the notebook's face too (docs/notebook.md).
ON_TWO_FACES = {"member"}


def sources() -> list[tuple[str, str]]:
    found = []
    for path in sorted([*ROOT.glob("examples/**/*.py"), *ROOT.glob("rulepacks/**/*.py")]):
        found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for path in sorted(ROOT.glob("examples/**/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join(
            "".join(c["source"])
            for c in cells
            if c["cell_type"] == "code" and not "".join(c["source"]).lstrip().startswith(("%", "!"))
        )
        found.append((str(path.relative_to(ROOT)), code))
    return found


SOURCES = sources()


def test_examples_and_packs_are_found() -> None:
    assert len(SOURCES) > 20
    assert {"mutualaid.model", "mutualaid.rules", "mutualaid.lifecycle"} <= set(FACES)


@pytest.mark.parametrize(("where", "code"), SOURCES, ids=[w for w, _ in SOURCES])
def test_examples_and_packs_import_public_names_from_the_faces(where: str, code: str) -> None:
    wrong = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            wrong += [
                a.name for a in node.names if a.name.startswith("mutualaid.") and a.name not in FACES
            ]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            module = node.module
            if module != "mutualaid" and not module.startswith("mutualaid."):
                continue
            if module not in FACES:
                wrong.append(f"{module} ({', '.join(a.name for a in node.names)})")
                continue
            public = set(importlib.import_module(module).__all__)
            wrong += [f"{module}.{a.name}" for a in node.names if a.name not in public]
    assert not wrong, f"{where} imports past the public faces: {wrong}"


def test_a_public_name_is_on_one_face() -> None:
    where: dict[int, list[str]] = {}
    for face in FACES:
        module = importlib.import_module(face)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, type) or callable(value):
                where.setdefault(id(value), []).append(f"{face}.{name}")
    twice = [
        paths
        for paths in where.values()
        if len(paths) > 1 and paths[0].rpartition(".")[2] not in ON_TWO_FACES
    ]
    assert not twice, f"names on two faces: {twice}"


@pytest.mark.parametrize("face", FACES)
def test_every_face_has_all_and_its_names_resolve(face: str) -> None:
    module = importlib.import_module(face)
    assert hasattr(module, "__all__"), f"{face} has no __all__"
    for name in module.__all__:
        assert hasattr(module, name), f"{face}.__all__ names {name}, which it lacks"
