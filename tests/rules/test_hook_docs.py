"""Every hook is documented and tested (datasette style: grep the docs and the tests).

A new hookspec fails here until it has a docstring in the one template, a
section in docs/hooks.md, and a test somewhere under tests/ that names it.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from mutualaid.rules import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOKS_DOC = ROOT / "docs" / "hooks.md"
TESTS = ROOT / "tests"


def _test_sources() -> str:
    me = Path(__file__).resolve()
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("*.py")) if p.resolve() != me
    )


@pytest.fixture(scope="module")
def test_text() -> str:
    return _test_sources()


@pytest.mark.parametrize("name", hookspecs.HOOK_NAMES)
def test_hook_has_a_docstring_in_the_template(name: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert doc, f"{name} has no docstring"
    assert ":return:" in doc, f"{name}: say what it returns"
    assert "firstresult" in doc, f"{name}: say whether the first answer wins"
    assert "Example::" in doc, f"{name}: give an example"
    assert "Since 0." in doc, f"{name}: say since which version"
    signature = inspect.signature(getattr(hookspecs, name))
    for parameter in signature.parameters:
        assert f":param {parameter}:" in doc, f"{name}: document :param {parameter}:"


@pytest.mark.parametrize("name", hookspecs.HOOK_NAMES)
def test_hook_is_in_the_hook_reference(name: str) -> None:
    assert f"`{name}`" in HOOKS_DOC.read_text(encoding="utf-8"), (
        f"docs/hooks.md does not describe {name}"
    )


@pytest.mark.parametrize("name", hookspecs.HOOK_NAMES)
def test_hook_is_exercised_by_a_test(name: str, test_text: str) -> None:
    assert name in test_text, f"no test under tests/ names {name}"


def test_hooks_are_typed() -> None:
    for name in hookspecs.HOOK_NAMES:
        function = getattr(hookspecs, name)
        assert "return" in function.__annotations__, name
        assert all(p in function.__annotations__ for p in inspect.signature(function).parameters), (
            name
        )
