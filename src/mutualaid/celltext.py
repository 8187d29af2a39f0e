"""Text an .xlsx file can hold: what the writers do with characters XML forbids.

An .xlsx cell is XML, and XML 1.0 has no place for the control characters
U+0000-U+001F other than tab, line feed and carriage return, for U+FFFE and
U+FFFF, or for a lone surrogate (half of a UTF-16 pair, which Python strings
can hold after a bad decode). openpyxl refuses the first kind
(``IllegalCharacterError``) and writes a broken file for the others. Rosters
carry them anyway: a name pasted from a web page or a PDF, a cell exported by
an old system.

The writers (the error workbook, the roster export, the documents) never fail
on them and never drop them silently. Each such character is **replaced by
U+FFFD** (�, the Unicode replacement character, which every spreadsheet shows
as a visible mark), and the writer **reports how many** it replaced. A cell
longer than Excel's 32,767 characters is cut to that length, its last
character replaced by ``…``, and counted the same way. Tab, line feed and
carriage return are kept; XML reads every line end as a line feed, so a
carriage return inside a cell comes back from the .xlsx as a line feed (as
from any .xlsx writer that does not escape it as ``_x000D_``).

>>> writable_text("张\\x01三")
'张�三'
>>> unwritable_count("张\\x01三\\x02"), unwritable_count("张三\\t\\n")
(2, 0)
>>> writable_text("tab\\tand line\\nbreak stay")
'tab\\tand line\\nbreak stay'
>>> len(writable_text("x" * 40_000)), writable_text("x" * 40_000)[-1]
(32767, '…')

A sheet holds at most :data:`MAX_COLUMNS` (16,384, column XFD) columns;
writers keep rows within that grid (see
:func:`mutualaid.roster.workbook.write_error_workbook`).

Layer 1: imports nothing from the rest of the package.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "MAX_CELL_TEXT",
    "MAX_COLUMNS",
    "REPLACEMENT",
    "TextAltered",
    "unwritable_count",
    "writable_text",
]

#: What a character XML cannot hold becomes.
REPLACEMENT: Final = "\ufffd"
#: Longest text Excel keeps in one cell.
MAX_CELL_TEXT: Final = 32_767
#: Columns in an Excel sheet: A .. XFD.
MAX_COLUMNS: Final = 16_384

#: XML 1.0's forbidden characters: C0 controls but tab, LF, CR; U+FFFE, U+FFFF; surrogates.
_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TextAltered(UserWarning):
    """A writer replaced characters an .xlsx cannot hold, or cut cells it cannot keep.

    ``count`` is the number of characters replaced plus cells cut or left out.
    """

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


def writable_text(text: str) -> str:
    """``text`` with every character XML forbids replaced by U+FFFD, and cut to 32,767."""
    if _FORBIDDEN.search(text) is not None:
        text = _FORBIDDEN.sub(REPLACEMENT, text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def unwritable_count(text: str) -> int:
    """How many changes :func:`writable_text` makes: forbidden characters, plus 1 if cut."""
    found = len(_FORBIDDEN.findall(text)) if _FORBIDDEN.search(text) is not None else 0
    return found + (len(text) > MAX_CELL_TEXT)
