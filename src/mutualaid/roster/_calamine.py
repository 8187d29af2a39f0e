"""The python-calamine engine (the ``fast`` extra): Rust parsing, same rows as openpyxl."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from mutualaid.roster._xlsx import damaged

__all__ = ["CalamineBook", "available"]


def available() -> bool:
    """Whether python-calamine can be imported."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


class CalamineBook:
    """A workbook opened with ``python_calamine.CalamineWorkbook.from_path``.

    Calamine loads a whole sheet when asked for it, then hands out rows as
    lists; empty cells are ``''`` and numbers are floats (the caller
    normalizes both). Its rows start at row 1 but its columns start at the
    first used column, so rows are padded on the left here.
    """

    engine = "calamine"

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

        self.path = path
        try:
            self._book: Any = CalamineWorkbook.from_path(str(path))
            metadata = self._book.sheets_metadata
        except Exception as exc:
            raise damaged(path, exc) from None
        self._sheets = [
            (m.name, m.visible == SheetVisibleEnum.Visible)
            for m in metadata
            if m.typ == SheetTypeEnum.WorkSheet
        ]
        self._loaded: dict[str, Any] = {}

    def sheets(self) -> list[tuple[str, bool]]:
        """Worksheet names in workbook order, each with whether it is visible."""
        return list(self._sheets)

    def _sheet(self, name: str) -> Any:
        if name not in self._loaded:
            try:
                self._loaded[name] = self._book.get_sheet_by_name(name)
            except Exception as exc:
                raise damaged(self.path, exc, name) from None
        return self._loaded[name]

    def iter_rows(self, sheet: str) -> Iterator[Sequence[object]]:
        """Every row from row 1, empty rows included, cells as calamine gives them."""
        ws = self._sheet(sheet)
        start = ws.start
        if start is None:  # an empty sheet
            return
        first_row, first_col = start
        try:
            rows = ws.iter_rows()
            head = next(rows, None)
            if head is None:
                return
            # Versions differ in whether the empty area above and left of the
            # used range is included; tell by the shape of the first row.
            if first_row and any(cell != "" for cell in head):
                yield from ([] for _ in range(first_row))
            if first_col and len(head) == ws.width:
                pad: list[object] = [None] * first_col
                for cells in chain((head,), rows):
                    yield pad + cells
            else:
                yield head
                yield from rows
        except Exception as exc:
            raise damaged(self.path, exc, sheet) from None

    def close(self) -> None:
        self._book.close()
