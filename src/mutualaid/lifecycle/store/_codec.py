"""Private: audit records as JSON-ready data, their ``params`` tagged by type.

An audit record's ``params`` hold what a machine needs to replay a step:
text, numbers, booleans, ``None``, Decimals, dates, datetimes, tuples, lists,
mappings with text keys, and model values (attrs classes and enums of
:mod:`mutualaid.model`). JSON cannot tell a Decimal from text, so every value
that is not plain JSON is tagged; model values are named by their class in
:mod:`mutualaid.model` (nothing else is ever imported from stored data).

>>> from datetime import date
>>> from decimal import Decimal
>>> data = encode_value((Decimal("60.00"), date(2025, 1, 1), "x"))
>>> data
{'$tuple': [{'$decimal': '60.00'}, {'$date': '2025-01-01'}, 'x']}
>>> decode_value(data)
(Decimal('60.00'), datetime.date(2025, 1, 1), 'x')
>>> encode_value(1.5)
Traceback (most recent call last):
...
mutualaid.errors.StoreError: cannot store a float in an audit record (Record params as text, whole numbers, Decimals, dates, tuples or model values.)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import attrs

from mutualaid import model
from mutualaid.errors import MutualAidError, StoreDamaged, StoreError
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.serialization import from_data, to_data

__all__ = ["decode_value", "encode_value", "record_from_data", "record_to_data"]

_HINT = "Record params as text, whole numbers, Decimals, dates, tuples or model values."


@cache
def _model_types() -> Mapping[str, type]:
    found: dict[str, type] = {}
    for name in model.__all__:
        obj = getattr(model, name)
        if isinstance(obj, type) and (attrs.has(obj) or issubclass(obj, enum.Enum)):
            found[obj.__name__] = obj
    return found


def encode_value(value: Any) -> Any:
    """JSON-ready data for one param value; :class:`StoreError` for what cannot be kept."""
    if isinstance(value, enum.Enum):
        name = type(value).__name__
        if _model_types().get(name) is type(value):
            return {"$enum": name, "value": value.value}
    elif value is None or isinstance(value, bool | str | int):
        return value
    elif isinstance(value, Decimal):
        return {"$decimal": str(value)}
    elif isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    elif isinstance(value, date):
        return {"$date": value.isoformat()}
    elif isinstance(value, tuple):
        return {"$tuple": [encode_value(v) for v in value]}
    elif isinstance(value, list):
        return [encode_value(v) for v in value]
    elif isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {"$map": {k: encode_value(v) for k, v in value.items()}}
    elif attrs.has(type(value)) and _model_types().get(type(value).__name__) is type(value):
        return {"$type": type(value).__name__, "value": to_data(value)}
    raise StoreError(f"cannot store a {type(value).__name__} in an audit record", hint=_HINT)


def decode_value(data: Any) -> Any:
    """The param value of :func:`encode_value`'s data."""
    if isinstance(data, list):
        return [decode_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$tuple" in data:
        return tuple(decode_value(v) for v in data["$tuple"])
    if "$map" in data:
        return {k: decode_value(v) for k, v in data["$map"].items()}
    if "$decimal" in data:
        return Decimal(data["$decimal"])
    if "$datetime" in data:
        return datetime.fromisoformat(data["$datetime"])
    if "$date" in data:
        return date.fromisoformat(data["$date"])
    name = data.get("$enum") or data.get("$type")
    cls = _model_types().get(name) if isinstance(name, str) else None
    if cls is None:
        raise StoreDamaged(f"unreadable audit param in the store: {sorted(data)}")
    try:
        return cls(data["value"]) if "$enum" in data else from_data(cls, data["value"])
    except (MutualAidError, ValueError, KeyError) as exc:
        raise StoreDamaged(f"unreadable {name} in an audit record: {exc}") from exc


def record_to_data(record: AuditRecord) -> dict[str, Any]:
    """The JSON-ready data of one audit record."""
    return {
        "kind": record.kind,
        "subject_id": record.subject_id,
        "actor": record.actor,
        "at": record.at.isoformat(),
        "action": record.action,
        "from_state": record.from_state,
        "to_state": record.to_state,
        "note": record.note,
        "params": {
            name: _encode_param(name, record.action, v) for name, v in record.params.items()
        },
        "version": record.version,
    }


def _encode_param(name: str, action: str, value: Any) -> Any:
    try:
        return encode_value(value)
    except StoreError as exc:
        raise StoreError(f"{action!r} param {name!r}: {exc.message}", hint=exc.hint) from exc


def record_from_data(data: Mapping[str, Any]) -> AuditRecord:
    """The audit record of :func:`record_to_data`'s data."""
    return AuditRecord(
        kind=data["kind"],
        subject_id=data["subject_id"],
        actor=data["actor"],
        at=datetime.fromisoformat(data["at"]),
        action=data["action"],
        from_state=data["from_state"],
        to_state=data["to_state"],
        note=data["note"],
        params={name: decode_value(v) for name, v in data["params"].items()},
        version=data["version"],
    )
