"""The compiled pack-data check (mutualaid.rules.schemacheck) never passes what jsonschema refuses.

Pack data is validated before any rule uses it; the compiled check only
spares ``mutualaid check`` the import of jsonschema for a valid document. It
must be sound: every document it passes, jsonschema passes. Tested on the
bundled packs' data files and on thousands of broken copies of them (a key
dropped, added or renamed, a value swapped for a value of another kind).
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mutualaid.rules.packdata import schema
from mutualaid.rules.schemacheck import Unsupported, compile_schema

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(ROOT.glob("rulepacks/*/src/*/data/*.json"))

#: Values put in place of others: every JSON kind, and the edge cases of the schema's keywords.
SWAPS: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.0,
    2.5,
    10**12,
    "",
    "x",
    "ab",
    "abc",
    "2026-02-30",
    "2026-2-1",
    "2026-01-01\n",
    "２０２６-01-01",
    "0.001",
    "12.50",
    "A" * 41,
    "Upper.case",
    "roster.max_rows",
    "flag",
    [],
    ["a", "a"],
    [1, 1.0],
    [True, 1],
    {},
    {"document": "ab"},
    {"document": "abc", "url": "not a uri"},
    {"x": 1},
]


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _places(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _places(value, (*path, key))
    elif isinstance(doc, list):
        for n, value in enumerate(doc):
            yield from _places(value, (*path, n))


def _mutants(doc: Any, rng: random.Random, count: int) -> Iterator[Any]:
    places = list(_places(doc))
    for _ in range(count):
        new = copy.deepcopy(doc)
        path = rng.choice(places)
        parent: Any = new
        for step in path[:-1]:
            parent = parent[step]
        kind = rng.randrange(4)
        if not path:
            yield rng.choice(SWAPS)
            continue
        last = path[-1]
        if kind == 0:
            parent[last] = copy.deepcopy(rng.choice(SWAPS))
        elif kind == 1 and isinstance(parent, dict):
            del parent[last]
        elif kind == 2 and isinstance(parent, dict):
            parent[f"{last}_x"] = parent.pop(last)
        elif isinstance(parent[last], dict):
            parent[last][rng.choice(["extra", "url", "default", "unit"])] = rng.choice(SWAPS)
        elif isinstance(parent[last], list):
            parent[last].append(copy.deepcopy(rng.choice(SWAPS)))
        else:
            parent[last] = copy.deepcopy(rng.choice(SWAPS))
        yield new


def test_the_shipped_schema_compiles() -> None:
    compile_schema(schema())


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parts[-5]}/{p.name}")
def test_the_bundled_data_passes_both(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert compile_schema(schema())(doc)
    assert _validator().is_valid(doc)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parts[-5]}/{p.name}")
def test_what_the_check_passes_jsonschema_passes(path: Path) -> None:
    check = compile_schema(schema())
    validator = _validator()
    doc = json.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(path.name + path.parts[-5])
    refused = 0
    for mutant in _mutants(doc, rng, 150):
        valid = validator.is_valid(mutant)
        if check(mutant):
            assert valid, f"the compiled check passed a document jsonschema refuses: {mutant!r}"
        refused += not valid
    assert refused > 30  # the mutations do break documents


def test_the_edge_cases_of_each_keyword() -> None:
    check = compile_schema(
        {
            "$defs": {"n": {"type": "integer", "minimum": 1}},
            "type": "object",
            "properties": {
                "n": {"$ref": "#/$defs/n"},
                "e": {"enum": ["a", 1, True, None]},
                "c": {"const": 1},
                "u": {"type": "array", "uniqueItems": True},
                "d": {"type": "string", "format": "date"},
                "s": {"oneOf": [{"type": "string"}, {"type": "object"}]},
            },
        }
    )
    assert check({"n": 1, "e": "a", "c": 1, "u": ["a", "b"], "d": "2024-02-29", "s": "x"})
    for bad in (
        {"n": 0},
        {"n": True},
        {"n": "1"},
        {"e": "b"},
        {"e": 1.5},
        {"c": True},
        {"u": ["a", "a"]},
        {"d": "2023-02-29"},
        {"s": 1},
    ):
        assert not check(bad), bad
    # not sure: jsonschema decides (1.0 is an integer, [1, 2] are unique)
    assert not check({"n": 1.0})
    assert not check({"u": [1, 2]})


@pytest.mark.parametrize(
    "schema_",
    [
        {"if": {"type": "string"}},
        {"$ref": "other.json"},
        {"$dynamicRef": "#x"},
        {"type": "object", "patternProperties": {"^a": {}}, "additionalProperties": False},
        {"oneOf": [{"type": "integer"}, {"type": "number"}]},
        {"type": "thing"},
        {"properties": {"a": {"$id": "https://x.invalid/a", "$ref": "#/$defs/b"}}},
    ],
)
def test_what_it_does_not_know_is_refused(schema_: dict[str, Any]) -> None:
    with pytest.raises(Unsupported):
        compile_schema(schema_)
