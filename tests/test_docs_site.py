"""The documentation site: its generated pages and its configuration.

The strict build itself (``mkdocs build --strict``, the ``docs`` extra) runs in
CI through ``.ci/docs``. These tests hold the generator (docs/gen/site_pages.py)
to what the site promises: an API reference page for every public module, and
for every bundled pack a page listing every parameter with each dated value and
its source, every plan and tier, and a worked example computed with the
installed pack; and mkdocs.yml's navigation to every page in docs/.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mutualaid.rules import RuleEngine

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DOCS / "gen" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


site_pages = _load("site_pages")
griffe_docstrings = _load("griffe_docstrings")


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    generated: dict[str, str] = site_pages.pages()
    return generated


def test_every_public_module_has_a_reference_page(pages: dict[str, str]) -> None:
    from test_docs import public_modules

    for module in public_modules():
        assert pages[f"reference/{module}.md"] == f"# `{module}`\n\n::: {module}\n"
        assert f"]({module}.md)" in pages["reference/index.md"]


@pytest.mark.parametrize("name", site_pages.BUNDLED)
def test_each_pack_page_lists_every_dated_value_with_its_source(
    pages: dict[str, str], name: str
) -> None:
    page = pages[f"packs/{name}-parameters.md"]
    view = RuleEngine.from_entry_points(names=[name]).pack(name)
    data = view.registered.plugin.data  # type: ignore[attr-defined]
    rows = page.split("## Plans and tiers")[0]
    for parameter_name, parameter in data.parameters.items():
        assert f"`{parameter_name}`" in rows
        for dated in parameter.values:
            line = next(
                (
                    row
                    for row in rows.splitlines()
                    if f"| {dated.valid_from.isoformat()} |" in row
                    and str(dated.source).replace("|", "\\|").replace("\n", " ") in row
                ),
                None,
            )
            assert line is not None, (parameter_name, dated.valid_from)
            if dated.illustrative:
                assert "*(illustrative)*" in line
    for plan in view.plans():
        assert f"`{plan.code}`" in page
        for tier in plan.tiers:
            assert f"{tier.contribution.total} ({tier.contribution.member} + " in page


@pytest.mark.parametrize("name", site_pages.BUNDLED)
def test_each_pack_page_has_a_worked_example_computed_with_the_pack(
    pages: dict[str, str], name: str
) -> None:
    page = pages[f"packs/{name}-parameters.md"]
    example = page.split("## Worked example")[1]
    view = RuleEngine.from_entry_points(names=[name]).pack(name)
    assert f"**{name} {view.version}**" in example
    assert "`age.below_minimum`" in example  # the 15-year-old
    total = re.search(r"total \*\*(\d+\.\d\d)\*\* yuan", example)
    assert total is not None
    plan = next(p for p in view.plans() if not p.is_gift)
    assert total.group(1) == str(plan.tiers[0].contribution.total * 2)
    assert f"{name} {view.version}, mutualaid_price_application" in example


def test_the_navigation_holds_every_page_and_every_generated_pack_page() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config.split("\nnav:\n", 1)[1]
    listed = set(re.findall(r":\s*([\w./-]+\.md)\s*$", nav, flags=re.MULTILINE))
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert on_disk - listed == set()
    for name in site_pages.BUNDLED:
        assert f"packs/{name}-parameters.md" in listed
    assert "reference/index.md" in listed
    assert "docs/gen/site_pages.py" in config and "strict: true" in config


def test_the_ci_script_builds_strictly_into_a_temporary_folder() -> None:
    script = (ROOT / ".ci" / "docs").read_text(encoding="utf-8")
    assert '-e ".[docs]"' in script
    assert "mkdocs build --strict --site-dir" in script and "mktemp -d" in script


def test_docstrings_become_markdown_with_fenced_examples_and_plain_roles() -> None:
    text = (
        "The engine (:class:`~mutualaid.rules.engine.RuleEngine`, :mod:`mutualaid.rules`).\n"
        "\n"
        "    >>> [p for p in ('张三', '李四')]\n"
        "    ['张三', '李四']\n"
        "\n"
        "```python\n>>> kept as is\n```"
    )
    lines = griffe_docstrings.markdown_docstring(text).splitlines()
    assert lines[0] == "The engine (`RuleEngine`, `mutualaid.rules`)."
    assert lines[2:6] == [
        "    ```pycon",
        "    >>> [p for p in ('张三', '李四')]",
        "    ['张三', '李四']",
        "    ```",
    ]
    assert lines[-3:] == ["```python", ">>> kept as is", "```"]
