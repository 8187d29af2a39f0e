"""Rosters in files: reading .xlsx and .csv rosters (layer 4).

* :mod:`mutualaid.roster.readers`: :func:`open_roster`, :class:`RosterSource`,
  :class:`RawRow` (openpyxl, calamine or CSV, streamed);
* :mod:`mutualaid.roster.headers`: header normalization and mapping;
* :mod:`mutualaid.roster.cells`: per-cell readers (text, ID number, date, yes/no, count);
* :mod:`mutualaid.roster.validation`: :func:`check_roster`, :func:`validate_rows`,
  :class:`RosterRules` (the pack's rules, asked once per roster);
* :mod:`mutualaid.roster.report`: :class:`RosterReport`, :class:`RowResult`, :class:`Summary`;
* :mod:`mutualaid.roster.findings`: the roster layer's finding codes;
* :mod:`mutualaid.roster.workbook`: error workbooks and re-import;
* :mod:`mutualaid.roster.export`: the accepted roster to .xlsx or .csv;
* :mod:`mutualaid.roster.templates`: a pack's .xlsx template.

See docs/roster-files.md for the file errors, docs/rosters.md for the whole
flow and docs/findings.md for every finding code.

>>> from mutualaid.roster import open_roster, RawRow
>>> open_roster.__module__
'mutualaid.roster.readers'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mutualaid._faces import LazyFace

if TYPE_CHECKING:
    from mutualaid.roster.export import export_roster
    from mutualaid.roster.headers import HeaderMap, map_headers, normalize_header
    from mutualaid.roster.readers import Engine, Limits, RawRow, RosterSource, open_roster
    from mutualaid.roster.report import RosterReport, RowResult, RowStatus, Summary
    from mutualaid.roster.templates import write_pack_template, write_template
    from mutualaid.roster.validation import RosterRules, check_file, check_roster, validate_rows
    from mutualaid.roster.workbook import reimport, write_error_workbook

__all__ = [
    "Engine",
    "HeaderMap",
    "Limits",
    "RawRow",
    "RosterReport",
    "RosterRules",
    "RosterSource",
    "RowResult",
    "RowStatus",
    "Summary",
    "check_file",
    "check_roster",
    "export_roster",
    "map_headers",
    "normalize_header",
    "open_roster",
    "reimport",
    "validate_rows",
    "write_error_workbook",
    "write_pack_template",
    "write_template",
]

#: The modules of the names above, imported on first use (:mod:`mutualaid._faces`).
_FACE = LazyFace(
    __name__,
    {
        "mutualaid.roster.export": ("export_roster",),
        "mutualaid.roster.headers": ("HeaderMap", "map_headers", "normalize_header"),
        "mutualaid.roster.readers": ("Engine", "Limits", "RawRow", "RosterSource", "open_roster"),
        "mutualaid.roster.report": ("RosterReport", "RowResult", "RowStatus", "Summary"),
        "mutualaid.roster.templates": ("write_pack_template", "write_template"),
        "mutualaid.roster.validation": (
            "RosterRules",
            "check_file",
            "check_roster",
            "validate_rows",
        ),
        "mutualaid.roster.workbook": ("reimport", "write_error_workbook"),
    },
)


def __getattr__(name: str) -> Any:
    return _FACE.attribute(name)


def __dir__() -> list[str]:
    return _FACE.names(globals())
