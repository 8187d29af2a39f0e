"""A compiled check of pack data against its JSON Schema: the fast path of the validation.

:mod:`mutualaid.rules.packdata` validates every data file against the pack
data schema (draft 2020-12) before a rule uses it. Importing ``jsonschema``
and walking the schema with it costs about a tenth of a second, paid by every
``mutualaid check`` (docs/performance.md). :func:`compile_schema` turns the
schema into plain Python functions once; a document they pass is valid, and
``jsonschema`` is then not needed. A document they do not pass is handed to
``jsonschema``, which decides and names the error, as before.

The check is *sound*: it passes only documents that ``jsonschema`` passes. It
knows the keywords the pack data schema uses (``type``, ``$ref`` to the same
document, ``properties``, ``required``, ``additionalProperties``,
``propertyNames``, ``items``, ``minItems``, ``uniqueItems``, ``minLength``,
``maxLength``, ``pattern``, ``enum``, ``const``, ``minimum``, ``anyOf``,
``oneOf``, ``format: date``), ignores the annotations (``description``,
``title``...), and refuses to compile a schema with any other keyword
(:class:`Unsupported`: the validation is then ``jsonschema``'s alone).
Where it is unsure (a float where an integer is wanted, a ``uri`` format, a
list of numbers that should be unique) it answers "not valid", so
``jsonschema`` decides. ``tests/test_startup.py`` compares both on many
broken documents.

>>> check = compile_schema({"type": "object", "required": ["a"], "additionalProperties": False,
...                         "properties": {"a": {"type": "string", "format": "date"}}})
>>> check({"a": "2026-02-28"}), check({"a": "2026-02-30"}), check({"a": "x", "b": 1}), check([])
(True, False, False, False)

Since 0.2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

__all__ = ["Check", "Unsupported", "compile_schema"]

#: A compiled schema: ``True`` when the instance is certainly valid.
Check = Callable[[Any], bool]

#: Keywords that never make an instance invalid (annotations, and ``$defs``, reached by ``$ref``).
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)

#: jsonschema's ``date`` format (RFC 3339 full-date, then a real day).
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class Unsupported(ValueError):
    """The schema uses a keyword or a form :func:`compile_schema` does not know."""


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _of_type(name: str) -> Check:
    checks: dict[str, Check] = {
        "string": lambda x: isinstance(x, str),
        "boolean": lambda x: isinstance(x, bool),
        "null": lambda x: x is None,
        "array": lambda x: isinstance(x, list),
        "object": lambda x: isinstance(x, dict),
        # 1.0 is an integer to JSON Schema: not sure here, jsonschema decides
        "integer": lambda x: isinstance(x, int) and not isinstance(x, bool),
        "number": lambda x: isinstance(x, int | float) and not isinstance(x, bool),
    }
    if name not in checks:
        raise Unsupported(f"type {name!r}")
    return checks[name]


def _same(value: Any) -> Check:
    """Equal to ``value`` as JSON Schema compares (``True`` is not ``1``): sure only for plain values."""
    if isinstance(value, bool) or value is None:
        return lambda x: x is value
    if isinstance(value, str):
        return lambda x: isinstance(x, str) and x == value
    if isinstance(value, int):
        return lambda x: type(x) is int and x == value
    raise Unsupported(f"const or enum value {value!r}")


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return lambda x: True
    if len(checks) == 1:
        return checks[0]
    return lambda x: all(check(x) for check in checks)


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: str) -> Check:
        if pointer in self.refs:
            return self.refs[pointer]
        if not pointer.startswith("#/"):
            raise Unsupported(f"$ref {pointer!r} (only '#/...' inside the schema)")
        target: Any = self.root
        for part in pointer[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                raise Unsupported(f"$ref {pointer!r} does not resolve")
            target = target[part]
        compiled: list[Check] = []
        self.refs[pointer] = lambda x: compiled[0](x)  # recursion: filled in below
        compiled.append(self.compile(target))
        return self.refs[pointer]

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda x: True
        if schema is False:
            return lambda x: False
        if not isinstance(schema, Mapping):
            raise Unsupported(f"schema {schema!r}")
        if "$id" in schema and schema is not self.root:
            raise Unsupported("$id below the root (a '#' $ref would resolve against it)")
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS or keyword == "additionalProperties":
                continue
            name = "ref" if keyword == "$ref" else keyword
            method = None if name.startswith("$") else getattr(self, "k_" + name, None)
            if method is None:
                raise Unsupported(f"keyword {keyword!r}")
            checks.append(method(value, schema))
        if "additionalProperties" in schema:
            checks.append(self.additional(schema["additionalProperties"], schema))
        return _all_of(checks)

    # --- keywords (each: the check of its value, given the whole schema) ---

    def k_ref(self, value: str, _schema: Mapping[str, Any]) -> Check:
        return self.ref(value)

    def k_type(self, value: str | list[str], _schema: Mapping[str, Any]) -> Check:
        names = [value] if isinstance(value, str) else list(value)
        kinds = [_of_type(n) for n in names]
        return lambda x: any(kind(x) for kind in kinds)

    def k_const(self, value: Any, _schema: Mapping[str, Any]) -> Check:
        return _same(value)

    def k_enum(self, values: list[Any], _schema: Mapping[str, Any]) -> Check:
        if all(isinstance(v, str) for v in values):
            allowed = frozenset(values)
            return lambda x: isinstance(x, str) and x in allowed
        choices = [_same(v) for v in values]
        return lambda x: any(choice(x) for choice in choices)

    def k_pattern(self, value: str, _schema: Mapping[str, Any]) -> Check:
        search = re.compile(value).search
        return lambda x: not isinstance(x, str) or search(x) is not None

    def k_format(self, value: str, _schema: Mapping[str, Any]) -> Check:
        if value == "date":
            return lambda x: not isinstance(x, str) or _is_date(x)
        # a format jsonschema may or may not check (uri needs rfc3987): it decides
        return lambda x: not isinstance(x, str)

    def k_minLength(self, value: int, _schema: Mapping[str, Any]) -> Check:
        return lambda x: not isinstance(x, str) or len(x) >= value

    def k_maxLength(self, value: int, _schema: Mapping[str, Any]) -> Check:
        return lambda x: not isinstance(x, str) or len(x) <= value

    def k_minimum(self, value: int | float, _schema: Mapping[str, Any]) -> Check:
        def check(x: Any) -> bool:
            if isinstance(x, bool | str | list | dict) or x is None:
                return True  # not a number: the keyword does not apply
            return isinstance(x, int | float) and bool(x >= value)

        return check

    def k_minItems(self, value: int, _schema: Mapping[str, Any]) -> Check:
        return lambda x: not isinstance(x, list) or len(x) >= value

    def k_uniqueItems(self, value: bool, _schema: Mapping[str, Any]) -> Check:
        if not value:
            return lambda x: True
        # sure only of strings; anything else is jsonschema's to compare
        return lambda x: (
            not isinstance(x, list)
            or (all(isinstance(i, str) for i in x) and len(set(x)) == len(x))
        )

    def k_required(self, value: list[str], _schema: Mapping[str, Any]) -> Check:
        return lambda x: not isinstance(x, dict) or all(k in x for k in value)

    def k_properties(self, value: Mapping[str, Any], _schema: Mapping[str, Any]) -> Check:
        checks = {name: self.compile(sub) for name, sub in value.items()}

        def check(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            return all(c(x[name]) for name, c in checks.items() if name in x)

        return check

    def additional(self, value: Any, schema: Mapping[str, Any]) -> Check:
        if "patternProperties" in schema:
            raise Unsupported("patternProperties")
        known = frozenset(schema.get("properties", {}))
        if value is False:
            return lambda x: not isinstance(x, dict) or all(k in known for k in x)
        each = self.compile(value)
        return lambda x: (
            not isinstance(x, dict) or all(each(v) for k, v in x.items() if k not in known)
        )

    def k_propertyNames(self, value: Any, _schema: Mapping[str, Any]) -> Check:
        each = self.compile(value)
        return lambda x: not isinstance(x, dict) or all(each(k) for k in x)

    def k_items(self, value: Any, schema: Mapping[str, Any]) -> Check:
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        each = self.compile(value)
        return lambda x: not isinstance(x, list) or all(each(i) for i in x)

    def k_anyOf(self, value: list[Any], _schema: Mapping[str, Any]) -> Check:
        options = [self.compile(sub) for sub in value]
        return lambda x: any(option(x) for option in options)

    def k_oneOf(self, value: list[Any], _schema: Mapping[str, Any]) -> Check:
        options = [self.compile(sub) for sub in value]
        # exactly one: a second that passes makes it invalid; one that fails here
        # may still pass for jsonschema, so "exactly one passes" is sure only when
        # the others are surely invalid: ask jsonschema unless they exclude each other
        exclusive = _exclusive_types(value)
        if not exclusive:
            raise Unsupported("oneOf whose branches may overlap")
        return lambda x: sum(1 for option in options if option(x)) == 1


def _exclusive_types(branches: list[Any]) -> bool:
    """True when each branch allows one JSON type and no two the same one.

    Then at most one branch can hold for any instance, so one passing branch
    means exactly one.
    """
    seen: set[str] = set()
    for branch in branches:
        kind = branch.get("type") if isinstance(branch, Mapping) else None
        if not isinstance(kind, str) or kind in seen or kind in ("integer", "number"):
            return False
        seen.add(kind)
    return True


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """The check of ``schema``: ``True`` for an instance certainly valid under it.

    :raises Unsupported: the schema uses what the check does not know.
    """
    return _Compiler(schema).compile(schema)
