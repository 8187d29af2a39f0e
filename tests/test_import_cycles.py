"""No import circles inside ``src/mutualaid`` (issue 8, item 7).

The graph is built with :mod:`ast` from every module's *module-level* imports
(including those under ``if TYPE_CHECKING:``, which still tie two modules'
types together); imports inside functions are not edges. A package
``__init__`` is a node of its own, and ``from package import name`` is an edge
to ``package.name`` when that is a module, else to the package. Any cycle
fails, naming the modules around it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "mutualaid"

#: Circles known and owned by another change, each (sorted module names) with who removes it.
KNOWN_CYCLES: frozenset[tuple[str, ...]] = frozenset()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _top_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports at module level, also inside module-level ``if``/``try`` blocks."""
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If | ast.Try):
            stack += node.body + node.orelse
            if isinstance(node, ast.Try):
                stack += node.finalbody
                for handler in node.handlers:
                    stack += handler.body


def edges(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in _top_level_imports(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            target = ".".join([*base, node.module] if node.module else base)
        else:
            target = node.module or ""
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: edges(name, path) for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(tuple(sorted(component)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_inside_the_package() -> None:
    found = [c for c in cycles(GRAPH) if c not in KNOWN_CYCLES]
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_graph_sees_the_edges_it_should() -> None:
    """A guard on the test itself: a known edge is found, a function-level import is not."""
    assert "mutualaid.rules.hookspecs" in GRAPH["mutualaid.rules.engine"]
    assert "mutualaid.model.plan" in GRAPH["mutualaid.model"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [("a", "b", "c")]
