"""Rosters in files: reading .xlsx and .csv rosters (layer 4).

* :mod:`mutualaid.roster.readers`: :func:`open_roster`, :class:`RosterSource`,
  :class:`RawRow` (openpyxl, calamine or CSV, streamed);
* :mod:`mutualaid.roster.headers`: header normalization and mapping;
* :mod:`mutualaid.roster.cells`: per-cell readers (text, ID number, date, yes/no, count).

See docs/roster-files.md for the errors and what to do about each.

>>> from mutualaid.roster import open_roster, RawRow
>>> open_roster.__module__
'mutualaid.roster.readers'
"""

from __future__ import annotations

from mutualaid.roster.headers import HeaderMap, map_headers, normalize_header
from mutualaid.roster.readers import Engine, Limits, RawRow, RosterSource, open_roster

__all__ = [
    "Engine",
    "HeaderMap",
    "Limits",
    "RawRow",
    "RosterSource",
    "map_headers",
    "normalize_header",
    "open_roster",
]
