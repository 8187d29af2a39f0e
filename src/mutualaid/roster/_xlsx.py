"""The openpyxl engine: read-only, cached values, one row tuple at a time."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mutualaid.errors import Location, RosterFileError

__all__ = ["OpenpyxlBook", "damaged"]


def damaged(path: Path, exc: BaseException, sheet: str | None = None) -> RosterFileError:
    """The error for a workbook a reader library choked on (its message kept as a detail)."""
    reason = " ".join(str(exc).split())
    if len(reason) > 200:
        reason = reason[:200] + "..."
    return RosterFileError(
        f"the workbook cannot be read ({type(exc).__name__}: {reason})",
        location=Location(file=path.name, sheet=sheet),
        hint="Open it in Excel or WPS, save it again as Excel Workbook (.xlsx) and import the new file.",
        cause=repr(exc),
    )


class OpenpyxlBook:
    """A workbook opened with ``openpyxl.load_workbook(read_only=True, data_only=True)``.

    Read-only mode keeps the zip open until :meth:`close`.
    """

    engine = "openpyxl"

    def __init__(self, path: Path) -> None:
        import openpyxl
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet

        self.path = path
        try:
            with warnings.catch_warnings():
                # "no default style", "Data Validation extension is not supported"...
                warnings.simplefilter("ignore")
                self._book: Any = openpyxl.load_workbook(
                    path, read_only=True, data_only=True, keep_links=False
                )
        except Exception as exc:
            raise damaged(path, exc) from None
        self._sheets = {
            ws.title: ws for ws in self._book.worksheets if isinstance(ws, ReadOnlyWorksheet)
        }

    def sheets(self) -> list[tuple[str, bool]]:
        """Worksheet names in workbook order, each with whether it is visible."""
        return [(name, ws.sheet_state == "visible") for name, ws in self._sheets.items()]

    def iter_rows(self, sheet: str) -> Iterator[Sequence[object]]:
        """Every row from row 1, empty rows included, cells as openpyxl gives them."""
        ws = self._sheets[sheet]
        # Some writers record a wrong <dimension> (e.g. A1); read the cells themselves.
        ws.reset_dimensions()
        try:
            yield from ws.iter_rows(values_only=True)
        except Exception as exc:
            raise damaged(self.path, exc, sheet) from None

    def close(self) -> None:
        self._book.close()
