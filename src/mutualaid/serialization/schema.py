"""JSON Schemas (draft 2020-12) of the exchange formats, and validation against them.

The package ships one schema per exchange format in
``mutualaid/serialization/schemas/<name>.schema.json``; :data:`EXCHANGE_FORMATS`
names them and the model class each describes. The files are generated from
the model classes by :func:`schema_for`; :func:`write_schemas` rewrites them
and a test fails when they drift from the model.

>>> sorted(EXCHANGE_FORMATS)[:4]
['application', 'audit_entry', 'claim', 'endorsement']
>>> load_schema("member")["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> from mutualaid.model import Member
>>> from mutualaid.serialization import to_data
>>> data = to_data(Member.from_resident_id("张三", "11010519491231002X"))
>>> validate("member", data)
>>> validate("member", {**data, "birth_date": "1949/12/31"})
Traceback (most recent call last):
...
mutualaid.errors.SchemaValidationError: field birth_date: expected text in the 'date' format, got text in another form (The data does not follow member.schema.json; fix the value at that path.)

Like :func:`~mutualaid.serialization.from_data`, an error names the path, what
was expected and the kind of value given, never the value: the data holds ID
numbers, mobiles and birth dates.

>>> validate("member", {**data, "mobile": 13912345678})
Traceback (most recent call last):
...
mutualaid.errors.SchemaValidationError: field mobile: expected text or null, got a whole number (The data does not follow member.schema.json; fix the value at that path.)
"""

from __future__ import annotations

import enum
import json
import re
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from mutualaid.errors import Location, SchemaValidationError
from mutualaid.model import (
    Application,
    Claim,
    Endorsement,
    IdType,
    InvoiceRequest,
    Member,
    PaymentNotice,
    Plan,
    Policy,
    Roster,
    Unit,
    UnitLink,
)
from mutualaid.model._fields import masked_id, masked_mobile
from mutualaid.model.audit import _AuditEntry
from mutualaid.model.unit import PHONE_PATTERN, phone_text
from mutualaid.serialization.converter import RENAMED_KEYS, kind_of
from mutualaid.serialization.data import shape_problem, to_data

__all__ = [
    "EXCHANGE_FORMATS",
    "SCHEMA_DIALECT",
    "load_schema",
    "schema_for",
    "schema_names",
    "validate",
    "write_schemas",
]

#: The JSON Schema dialect of every shipped schema.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Exchange format name -> the model class its data describes.
EXCHANGE_FORMATS: dict[str, type] = {
    "application": Application,
    "audit_entry": _AuditEntry,  # deprecated with AuditEntry: one release
    "claim": Claim,
    "endorsement": Endorsement,
    "invoice_request": InvoiceRequest,
    "member": Member,
    "payment_notice": PaymentNotice,
    "plan": Plan,
    "policy": Policy,
    "roster": Roster,
    "unit": Unit,
    "unit_link": UnitLink,
}

_MONEY = {
    "type": "string",
    "pattern": r"^[0-9]+\.[0-9]{2}$",
    "description": 'An amount of yuan with exactly two places, e.g. "60.00".',
}
_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_DATETIME = {
    "type": "string",
    "format": "date-time",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}",
}
#: A normalized mainland mobile number (what ``to_data`` writes of a member's mobile);
#: a contact's phone follows :data:`~mutualaid.model.unit.PHONE_PATTERN` instead.
_MOBILE_PATTERN = "^1[3-9][0-9]{9}$"
#: A normalized GB 11643 number (resident ID, HMT residence permit): region,
#: birth date, sequence, check character (the checksum itself is beyond a pattern).
_RESIDENT_ID_PATTERN = (
    "^[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]$"
)
# Counts and versions are never negative; shares start at one.
_AT_LEAST_ONE = frozenset({"shares", "max_shares"})
_PARAM = re.compile(r"^\s*:param (\w+):\s*(.*)$")


def _docs(cls: type) -> tuple[str, dict[str, str]]:
    """The first paragraph of a class docstring and its ``:param name:`` texts."""
    doc = (cls.__doc__ or "").strip()
    summary = " ".join(doc.split("\n\n", 1)[0].split())
    params: dict[str, str] = {}
    current: str | None = None
    for line in doc.splitlines():
        found = _PARAM.match(line)
        if found:
            current = found.group(1)
            params[current] = found.group(2).strip()
        elif current and line.startswith("      ") and line.strip():
            params[current] += " " + line.strip()
        else:
            current = None
    return summary, {k: _plain(v) for k, v in params.items()}


def _plain(text: str) -> str:
    """Strip reST roles: ``:class:`~a.b.C``` -> ``C``, ````x```` -> ``x``."""
    text = re.sub(r":\w+:`~?(?:[\w.]+\.)?([\w]+)`", r"\1", text)
    return text.replace("``", "")


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            inner = (
                self.type_schema(args[0])
                if len(args) == 1
                else {"anyOf": [self.type_schema(a) for a in args]}
            )
            return {"anyOf": [inner, {"type": "null"}]}
        if origin is tuple:
            item, *_ = typing.get_args(tp)
            return {"type": "array", "items": self.type_schema(item)}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer", "minimum": 0}
        if tp is str:
            return {"type": "string"}
        if tp is Decimal:
            self.defs.setdefault("Money", _MONEY)
            return {"$ref": "#/$defs/Money"}
        if tp is datetime:
            return dict(_DATETIME)
        if tp is date:
            return dict(_DATE)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self.enum_ref(tp)
        if attrs.has(tp):
            return self.class_ref(tp)
        raise TypeError(f"no JSON Schema for {tp!r}")

    def enum_ref(self, cls: type[enum.Enum]) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            summary, _ = _docs(cls)
            labels = "; ".join(f"{m.value} = {getattr(m, 'label', m.value)}" for m in cls)
            self.defs[cls.__name__] = {
                "type": "string",
                "enum": [m.value for m in cls],
                "description": f"{summary} Values: {labels}.",
            }
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def class_ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: stops recursion
            self.defs[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type) -> dict[str, Any]:
        attrs.resolve_types(cls)
        summary, params = _docs(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            prop = self.type_schema(field.type)
            if field.converter is phone_text:
                prop = _with_pattern(prop, PHONE_PATTERN)
            elif field.repr is masked_mobile:
                prop = _with_pattern(prop, _MOBILE_PATTERN)
            if field.name in _AT_LEAST_ONE and prop.get("type") == "integer":
                prop["minimum"] = 1
            if field.name in params:
                prop = {**prop, "description": params[field.name]}
            if field.default is attrs.NOTHING:
                required.append(field.name)
            elif not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                prop["default"] = (
                    to_data(field.default)
                    if attrs.has(type(field.default))
                    else _plain_default(field.default)
                )
            properties[field.name] = prop
        renamed = RENAMED_KEYS.get(cls, {})
        for old, new in renamed.items():  # read for one release: the old key, not with the new
            properties[old] = {
                **{k: v for k, v in properties[new].items() if k not in ("default", "description")},
                "description": f"Deprecated (0.2): the old name of {new}; give {new} only.",
                "deprecated": True,
            }
        schema: dict[str, Any] = {"type": "object"}
        if summary:
            schema["description"] = _plain(summary)
        schema.update(properties=properties, required=required, additionalProperties=False)
        if renamed:
            schema["dependentSchemas"] = {
                old: {"not": {"required": [new]}} for old, new in renamed.items()
            }
        id_number = properties.get("id_number")
        if id_number is not None and "id_type" in properties:
            field = attrs.fields_dict(cls)["id_number"]
            if field.repr is masked_id:
                schema["allOf"] = [_gb_id_rule()]
        return schema


def _with_pattern(prop: dict[str, Any], pattern: str) -> dict[str, Any]:
    """``prop`` with ``pattern`` on its text (also inside ``anyOf``, for optional fields)."""
    if prop.get("type") == "string":
        return {**prop, "pattern": pattern}
    if "anyOf" in prop:
        return {**prop, "anyOf": [_with_pattern(p, pattern) for p in prop["anyOf"]]}
    return prop


def _gb_id_rule() -> dict[str, Any]:
    """When the ID type carries a birth date, the ID number is a GB 11643 number."""
    kinds = [kind.value for kind in IdType if kind.carries_birth_date]
    return {
        "if": {"properties": {"id_type": {"enum": kinds}}, "required": ["id_type"]},
        "then": {"properties": {"id_number": {"pattern": _RESIDENT_ID_PATTERN}}},
    }


def _plain_default(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, tuple):
        return [_plain_default(v) for v in value]
    return value


def schema_for(cls: type, name: str | None = None) -> dict[str, Any]:
    """Build the JSON Schema of ``cls``'s exchange format (what :func:`to_data` makes).

    >>> from mutualaid.model import Contribution
    >>> s = schema_for(Contribution)
    >>> s["$ref"], s["$defs"]["Contribution"]["required"]
    ('#/$defs/Contribution', ['member'])
    """
    builder = _Builder()
    root = builder.class_ref(cls)
    name = name or _snake(cls.__name__)
    summary, _ = _docs(cls)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:mutualaid:schema:{name}",
        "title": f"mutualaid {name}",
        "description": _plain(summary),
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def schema_names() -> tuple[str, ...]:
    """The names of the shipped schemas, sorted."""
    return tuple(sorted(EXCHANGE_FORMATS))


def _unknown(name: str) -> SchemaValidationError:
    return SchemaValidationError(
        f"no exchange format named {name!r}",
        hint=f"Use one of: {', '.join(schema_names())}.",
        schema=name,
    )


@cache
def _schema_text(name: str) -> str:
    if name not in EXCHANGE_FORMATS:
        raise _unknown(name)
    return (
        resources.files(__package__).joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    )


def load_schema(name: str) -> dict[str, Any]:
    """The shipped schema ``name`` (a fresh dict each call; the file is read once).

    Raises :class:`~mutualaid.errors.SchemaValidationError` for an unknown name.
    """
    result: dict[str, Any] = json.loads(_schema_text(name))
    return result


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
    "array": "a list",
    "object": "an object",
}


def _expected(schema: Any) -> str:
    """What a (sub)schema accepts, in words, from the schema alone."""
    if not isinstance(schema, dict):
        return "another value"
    if "$ref" in schema:
        return f"a {str(schema['$ref']).rsplit('/', 1)[-1]}"
    if "enum" in schema:
        return f"one of {schema['enum']}"
    choices = schema.get("anyOf") or schema.get("oneOf")
    if choices:
        return " or ".join(_expected(s) for s in choices)
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        return " or ".join(_TYPE_WORDS.get(k, k) for k in kinds)
    return "another value"


def _message(error: ValidationError) -> str:
    """The error in words that never quote the instance (it may be an ID number or a mobile)."""
    keyword, instance = error.validator, error.instance
    rule: Any = error.validator_value  # from the schema, never the data: safe to quote
    got = kind_of(instance, text="text" if keyword == "type" else "text in another form")
    if keyword == "required" and isinstance(instance, dict):
        missing = ", ".join(str(k) for k in rule if k not in instance)
        return f"required field missing ({missing})"
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        extra = ", ".join(sorted(str(k) for k in instance if k not in known))
        return f"extra fields found ({extra})"
    if keyword == "type":
        return f"expected {_expected({'type': rule})}, got {got}"
    if keyword in ("anyOf", "oneOf"):
        return f"expected {_expected({keyword: rule})}, got {got}"
    if keyword == "enum":
        return f"expected one of {rule}, got {got}"
    where = list(error.relative_schema_path)
    if keyword == "not" and where[-3:-2] == ["dependentSchemas"]:  # a renamed key given twice
        return f"give {', '.join(rule['required'])} only ({where[-2]} is its old name)"
    if keyword == "format":
        return f"expected text in the {rule!r} format, got {got}"
    if keyword == "pattern":
        return f"expected text matching {rule}, got {got}"
    if keyword in ("minimum", "exclusiveMinimum"):
        return (
            f"expected a number not below {rule}"
            if keyword == "minimum"
            else f"expected a number above {rule}"
        )
    if keyword in ("maximum", "exclusiveMaximum"):
        return (
            f"expected a number not above {rule}"
            if keyword == "maximum"
            else f"expected a number below {rule}"
        )
    if keyword in ("minLength", "maxLength", "minItems", "maxItems"):
        bound = "at least" if keyword.startswith("min") else "at most"
        unit = "characters" if keyword.endswith("Length") else "items"
        return f"expected {bound} {rule} {unit}"
    return f"does not satisfy the schema's {keyword!r} rule (got {got})"


def _where(error: ValidationError) -> str:
    path: str = error.json_path
    return path.removeprefix("$").removeprefix(".")


def validate(name: str, data: Any) -> None:
    """Check ``data`` against the shipped schema ``name``; return ``None`` when it fits.

    Raises :class:`~mutualaid.errors.SchemaValidationError` whose ``location.field``
    is the JSON path of the most relevant bad key (``members[0].member.birth_date``)
    and whose ``details["errors"]`` lists every problem as ``(path, message)``.
    Data nested deeper than :data:`~mutualaid.serialization.data.MAX_DEPTH`
    levels, or holding a huge whole number, is refused at once (see
    :func:`~mutualaid.serialization.data.shape_problem`).
    """
    validator = _validator(name)
    problem = shape_problem(data)
    if problem is not None:
        raise SchemaValidationError(
            problem,
            hint=f"The data does not follow {name}.schema.json; no exchange format holds that.",
            schema=name,
            errors=[("(root)", problem)],
        )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        return
    worst = best_match(errors)
    where = _where(worst)
    raise SchemaValidationError(
        _message(worst),
        location=Location(field=where) if where else None,
        hint=f"The data does not follow {name}.schema.json; fix the value at that path.",
        schema=name,
        errors=[(_where(e) or "(root)", _message(e)) for e in errors],
    )


def write_schemas(directory: Path | None = None) -> list[Path]:
    """(Re)write every schema file into ``directory`` (the package's ``schemas`` by default)."""
    target = directory or Path(__file__).with_name("schemas")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cls in sorted(EXCHANGE_FORMATS.items()):
        path = target / f"{name}.schema.json"
        text = json.dumps(schema_for(cls, name), ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
