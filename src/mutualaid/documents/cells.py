"""Cells and workbooks of the printed documents: text a spreadsheet shows as text.

:func:`safe_cell_text` keeps a cell that starts like a formula (``=``, ``+``,
``-``, ``@``...) plain text; :func:`text_cell` and :func:`save_workbook` are
what every document's .xlsx export writes with (``roster.export`` too).

Layer 4.
"""

from __future__ import annotations

import io
import os
from datetime import date
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from mutualaid.celltext import writable_text

__all__ = ["safe_cell_text", "save_workbook", "sheet_title", "text_cell"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell_text(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a ``'`` before it.

    >>> safe_cell_text("=HYPERLINK(\\"http://x\\")"), safe_cell_text("张三")
    ('\\'=HYPERLINK("http://x")', '张三')
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return cleaned[:31] or "Sheet"


def text_cell(sheet: Any, value: object, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        value = safe_cell_text(writable_text(value))  # XML-forbidden characters -> U+FFFD
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def save_workbook(workbook: Workbook, target: str | os.PathLike[str] | IO[bytes]) -> None:
    if isinstance(target, str | os.PathLike):
        workbook.save(os.fspath(target))
        return
    buffer = io.BytesIO()
    workbook.save(buffer)
    target.write(buffer.getvalue())
    if hasattr(target, "seek"):
        target.seek(0)
