"""Identifiers: resident ID, permanent residence ID, USCC, organization code, mobile number.

One small module per identifier, in the style of python-stdnum, each with the
same functions: ``compact``, ``validate`` (raises, returns the normalized
text), ``is_valid`` (never raises) and ``format``. This package re-exports
them under explicit names.

>>> from mutualaid.ids import *
>>> parse_resident_id("11010519491231002x").gender
'female'
>>> is_valid_resident_id(None)
False
>>> validate_uscc("91110000600037341l"), validate_org_code("D2143569-X")
('91110000600037341L', 'D2143569X')
>>> validate_mobile("+86 139 1234 5678"), is_valid_mobile("12345")
('13912345678', False)
>>> validate_permanent_residence_id("911156198801010014"), is_known_division("110105")
('911156198801010014', True)

Every failure is a subclass of :class:`mutualaid.errors.InvalidIdentifier`
(``InvalidLength``, ``InvalidFormat``, ``InvalidComponent``,
``InvalidChecksum``) whose message names the wrong part and whose
``details["value"]`` holds the masked value only.

Layer 1: imports only errors, privacy and dates (for the ``on`` argument).
"""

from __future__ import annotations

from mutualaid.ids import divisions, mobile, org_code, permanent_residence, resident_id, uscc
from mutualaid.ids.divisions import is_known_division
from mutualaid.ids.resident_id import ResidentId

__all__ = [
    "ResidentId",
    "divisions",
    "is_known_division",
    "is_valid_mobile",
    "is_valid_org_code",
    "is_valid_permanent_residence_id",
    "is_valid_resident_id",
    "is_valid_uscc",
    "mobile",
    "org_code",
    "parse_resident_id",
    "permanent_residence",
    "resident_id",
    "uscc",
    "validate_mobile",
    "validate_org_code",
    "validate_permanent_residence_id",
    "validate_resident_id",
    "validate_uscc",
]

parse_resident_id = resident_id.parse
validate_resident_id = resident_id.validate
is_valid_resident_id = resident_id.is_valid
validate_uscc = uscc.validate
is_valid_uscc = uscc.is_valid
validate_org_code = org_code.validate
is_valid_org_code = org_code.is_valid
validate_mobile = mobile.validate
is_valid_mobile = mobile.is_valid
validate_permanent_residence_id = permanent_residence.validate
is_valid_permanent_residence_id = permanent_residence.is_valid
