"""The package is layered: a module may import only from its own layer or below.

See docs/architecture.md. A new module is placed by the first matching prefix.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "mutualaid"

LAYERS: list[tuple[str, int]] = [
    ("mutualaid.errors", 1),
    ("mutualaid.privacy", 1),
    ("mutualaid.celltext", 1),
    ("mutualaid.money", 1),
    ("mutualaid.dates", 1),
    ("mutualaid.retirement", 1),
    ("mutualaid.ids", 1),
    ("mutualaid.messages", 1),
    ("mutualaid.deprecation", 1),
    ("mutualaid._arrays", 1),
    ("mutualaid.model", 2),
    ("mutualaid.serialization", 2),
    ("mutualaid.rules", 3),
    ("mutualaid.roster", 4),
    ("mutualaid.lifecycle", 4),
    ("mutualaid.documents", 4),
    ("mutualaid.claims", 4),
    ("mutualaid.cli", 5),
    ("mutualaid.notebook", 5),
    ("mutualaid.testing", 5),
    ("mutualaid.service", 6),
    ("mutualaid.batch", 5),
    ("mutualaid", 0),  # the package root: __init__ imports only the standard library
]


def layer_of(module: str) -> int:
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    raise AssertionError(f"{module} has no layer: add it to LAYERS and docs/architecture.md")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    )
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.add(name)
    return {m for m in found if m == "mutualaid" or m.startswith("mutualaid.")}


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_module_imports_only_its_layer_or_below(path: Path) -> None:
    me = module_name(path)
    mine = layer_of(me)
    for other in imported_modules(path):
        if other == "mutualaid":
            continue  # only __version__ lives there
        theirs = layer_of(other)
        assert theirs <= mine, (
            f"{me} (layer {mine}) imports {other} (layer {theirs}): "
            "a module may import only its own layer or those below"
        )


#: A rule pack is layer 3: it may import ``mutualaid.rules`` and the layers below.
PACK_LAYER = 3
PACK_MODULES = sorted(SRC.parents[1].glob("rulepacks/*/src/**/*.py"))


@pytest.mark.parametrize("path", PACK_MODULES, ids=lambda p: str(p.relative_to(SRC.parents[1])))
def test_rule_packs_import_only_layers_up_to_rules(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            if name.startswith("mutualaid."):
                assert layer_of(name) <= PACK_LAYER, (
                    f"{path.name} imports {name} (layer {layer_of(name)}): "
                    "a rule pack may import mutualaid.rules and the layers below only"
                )


def test_rule_packs_are_found() -> None:
    assert len({p.parts[-4] for p in PACK_MODULES if p.name == "__init__.py"}) >= 5


def test_every_module_has_a_layer() -> None:
    for path in MODULES:
        layer_of(module_name(path))
