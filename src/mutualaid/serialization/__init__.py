"""Serialization (layer 2): model objects as plain data, and the JSON Schemas of that data.

* :func:`make_converter`: a fresh configured :class:`cattrs.Converter`.
* :func:`to_data` / :func:`from_data`: convert one object, with readable
  :class:`~mutualaid.errors.ConversionError` messages naming the bad field.
* :func:`load_schema` / :func:`validate`: the shipped JSON Schemas (draft 2020-12)
  of the exchange formats, and validation raising
  :class:`~mutualaid.errors.SchemaValidationError` with the path of the bad key.

>>> from mutualaid.model import Member
>>> member = Member.from_resident_id("张三", "11010519491231002X")
>>> data = to_data(member)
>>> validate("member", data)
>>> from_data(Member, data) == member
True

See docs/serialization.md.
"""

from __future__ import annotations

from mutualaid.serialization.converter import make_converter
from mutualaid.serialization.data import from_data, to_data
from mutualaid.serialization.schema import (
    EXCHANGE_FORMATS,
    SCHEMA_DIALECT,
    load_schema,
    schema_for,
    schema_names,
    validate,
    write_schemas,
)

__all__ = [
    "EXCHANGE_FORMATS",
    "SCHEMA_DIALECT",
    "from_data",
    "load_schema",
    "make_converter",
    "schema_for",
    "schema_names",
    "to_data",
    "validate",
    "write_schemas",
]
