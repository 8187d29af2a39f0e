"""The python-calamine engine: Rust parsing, same rows as openpyxl.

Calamine is given only packages the guards passed (:mod:`mutualaid.roster._guards`):
it stores a sheet densely and aborts the whole process on a cell reference
far outside Excel's grid, so the byte scan there bounds every reference and
the cell area first. It is given the file's bytes, never its name (it
chooses its format by the name's extension). A Rust panic is caught like
any other error of the library.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from mutualaid.roster._guards import Package
from mutualaid.roster._xlsx import damaged, package_source

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

    def __init__(self, path: Path, package: Package) -> None:
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

        self.path = path
        try:
            with package_source(path, package) as source:
                self._book: Any = CalamineWorkbook.from_filelike(source)
            metadata = self._book.sheets_metadata
        except BaseException as exc:  # pyo3's PanicException is a BaseException
            _reraise_interrupts(exc)
            raise damaged(path, exc) from None
        visible = {s.name: s.visible for s in package.sheets}
        self._sheets = [
            (m.name, visible.get(m.name, m.visible == SheetVisibleEnum.Visible))
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
            except BaseException as exc:
                _reraise_interrupts(exc)
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
        except GeneratorExit:
            raise
        except BaseException as exc:
            _reraise_interrupts(exc)
            raise damaged(self.path, exc, sheet) from None

    def close(self) -> None:
        self._book.close()


def _reraise_interrupts(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc
