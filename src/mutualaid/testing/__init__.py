"""Test kit for rule pack authors.

* :mod:`mutualaid.testing.members`: members described by age, gender and flags
  (valid resident ID numbers made up for them).

>>> from datetime import date
>>> from mutualaid.testing import member
>>> member("李四", age=40, on=date(2026, 6, 30), gender="female").gender.label
'女'

Layer 5.
"""

from __future__ import annotations

from mutualaid.testing.members import birth_date_for_age, member, resident_id

__all__ = ["birth_date_for_age", "member", "resident_id"]
