"""docs/ explains each public module, with examples that run as doctests.

The doctests themselves are collected by pytest (``--doctest-glob=*.md``);
these tests check that no public module is left without a page that names it,
and that every top-level area has a page with runnable examples.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "mutualaid"
DOCS = {p: p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))}
ALL_DOCS = "\n".join(DOCS.values())


def public_modules() -> list[str]:
    names = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        if any(p.startswith("_") for p in parts):
            continue
        names.append(".".join(parts))
    return names


def mentioned(module: str) -> bool:
    """The dotted name, or its file path, or its last part in a page about its package."""
    if module in ALL_DOCS or module.replace(".", "/") + ".py" in ALL_DOCS:
        return True
    package, _, leaf = module.rpartition(".")
    return bool(leaf) and any(
        package in text and re.search(rf"\b{re.escape(leaf)}(\.py)?\b", text)
        for text in DOCS.values()
    )


@pytest.mark.parametrize("module", public_modules())
def test_public_module_is_documented(module: str) -> None:
    assert mentioned(module), f"no page in docs/ explains {module}"


AREAS = [
    "mutualaid.ids",
    "mutualaid.money",
    "mutualaid.dates",
    "mutualaid.retirement",
    "mutualaid.privacy",
    "mutualaid.errors",
    "mutualaid.model",
    "mutualaid.serialization",
    "mutualaid.rules",
    "mutualaid.roster",
    "mutualaid.lifecycle",
    "mutualaid.testing",
]


@pytest.mark.parametrize("area", AREAS)
def test_area_has_a_page_with_runnable_examples(area: str) -> None:
    pages = [
        p
        for p, text in DOCS.items()
        if re.search(rf"^>>> (from {re.escape(area)}\b|import {re.escape(area)}\b)", text, re.M)
    ]
    assert pages, f"no page in docs/ has a doctest that imports {area}"
