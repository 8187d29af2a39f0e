"""The packs' pages list every step of their manual with a status, and every test they name exists.

Issue 13's "Done when": the domain table of docs/packs/<name>.md (its "Steps of
the manual") gives each step of the manual its status (modelled, assumed or
host's) and the tests that cover it. This reads the five
pages: each has the table, each row a known status, each modelled or assumed
row at least one test, and every test any table of the page names (``path``,
``path::function``, ``::function`` after a path in the same cell, or a bare
``test_…`` in a column whose header names the file) is a file that defines it.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs" / "packs").glob("*.md"))
STATUSES = ("modelled", "assumed", "host's")
STEPS = "## Steps of the manual"
CODE = re.compile(r"`([^`]+)`")
TEST_REF = re.compile(r"^(tests/[\w/.-]+\.py)?(?:::(\w+))?$")


@functools.cache
def defined(path: str) -> frozenset[str]:
    """The test functions (and classes' methods) a test file defines."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return frozenset(names)


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def tables(text: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """``(section heading, header cells, rows)`` of every Markdown table."""
    found: list[tuple[str, list[str], list[list[str]]]] = []
    heading = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            heading = line.strip()
        if line.startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            header = cells(line)
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(cells(lines[i]))
                i += 1
            found.append((heading, header, rows))
            continue
        i += 1
    return found


def references(cell: str, default_file: str | None) -> list[tuple[str, str | None]]:
    """``(file, function or None)`` for each test the cell names."""
    out: list[tuple[str, str | None]] = []
    last = default_file
    for token in CODE.findall(cell):
        match = TEST_REF.match(token)
        if match and (match.group(1) or match.group(2)):
            path = match.group(1) or last
            if path is None:
                continue
            out.append((path, match.group(2)))
            last = path if match.group(1) else last
        elif re.fullmatch(r"test_\w+", token) and default_file is not None:
            out.append((default_file, token))
    return out


def test_every_page_has_its_steps_table() -> None:
    assert len(PAGES) == 5
    for page in PAGES:
        steps = [t for t in tables(page.read_text(encoding="utf-8")) if t[0] == STEPS]
        assert len(steps) == 1, f"{page.name} has no '{STEPS}' table"
        _heading, header, rows = steps[0]
        assert header == ["step", "status", "tests"], page.name
        assert len(rows) >= 10, f"{page.name}: a manual has more steps than {len(rows)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_each_step_has_a_status_and_its_tests(page: Path) -> None:
    (rows,) = [t[2] for t in tables(page.read_text(encoding="utf-8")) if t[0] == STEPS]
    for step, status, tests in rows:
        assert status.startswith(STATUSES), f"{page.name}: {step!r} has status {status!r}"
        named = references(tests, None)
        if status.startswith(("modelled", "assumed")):
            assert named, f"{page.name}: {step!r} is {status.split(':')[0]} but names no test"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_test_a_pack_page_names_exists(page: Path) -> None:
    missing = []
    for _heading, header, rows in tables(page.read_text(encoding="utf-8")):
        default = None
        for h in header:
            if h.startswith("test"):
                files = re.findall(r"`(tests/[\w/.-]+\.py)`", h)
                default = files[0] if files else None
        for row in rows:
            for cell in row:
                for path, function in references(cell, default):
                    if not (ROOT / path).is_file():
                        missing.append(path)
                    elif function is not None and function not in defined(path):
                        missing.append(f"{path}::{function}")
    assert not missing, f"{page.name} names tests that do not exist: {missing}"


def test_the_checker_sees_a_missing_test() -> None:
    row = "`tests/test_pack_steps.py::no_such_test`, `::test_every_page_has_its_steps_table`"
    refs = references(row, None)
    assert refs == [
        ("tests/test_pack_steps.py", "no_such_test"),
        ("tests/test_pack_steps.py", "test_every_page_has_its_steps_table"),
    ]
    assert "no_such_test" not in defined("tests/test_pack_steps.py")
