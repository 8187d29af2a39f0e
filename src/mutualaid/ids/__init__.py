"""Identifiers: resident ID, USCC, organization code, mobile number.

One small module per identifier, in the style of python-stdnum, each with the
same functions: ``compact``, ``validate`` (raises, returns the normalized
text), ``is_valid`` (never raises) and ``format``. This package re-exports
them under explicit names.

>>> from mutualaid.ids import parse_resident_id, is_valid_resident_id
>>> parse_resident_id("11010519491231002x").gender
'female'
>>> is_valid_resident_id(None)
False

Every failure is a subclass of :class:`mutualaid.errors.InvalidIdentifier`
(``InvalidLength``, ``InvalidFormat``, ``InvalidComponent``,
``InvalidChecksum``) whose message names the wrong part and whose
``details["value"]`` holds the masked value only.

Layer 1: imports only errors and privacy.
"""

from __future__ import annotations

from mutualaid.ids import resident_id
from mutualaid.ids.resident_id import ResidentId

__all__ = [
    "ResidentId",
    "is_valid_resident_id",
    "parse_resident_id",
    "validate_resident_id",
]

parse_resident_id = resident_id.parse
validate_resident_id = resident_id.validate
is_valid_resident_id = resident_id.is_valid
