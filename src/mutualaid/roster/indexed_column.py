"""A column of cells that also knows them as indexes into a table of distinct values.

The numpy engine reads every distinct text of a workbook once (the shared
strings) and every number once, and places each cell by its index into that
table. :class:`IndexedColumn` keeps those indexes beside the cells, so that
the check (:mod:`mutualaid.roster.member_cells`) can read a column whose
cells repeat (ID types, genders, 是/否, dates) once per distinct value
(:func:`distinct`) and not once per cell. It *is* the list of cells: any
code that takes a sequence of cells takes it unchanged.

>>> import numpy as np
>>> table = np.array(["男", "女", None], dtype=object)
>>> column = IndexedColumn(np.array([0, 1, 0, -1]), table)
>>> column
['男', '女', '男', None]
>>> values, places = distinct(column)
>>> values, places.tolist()
(['男', '女', None], [0, 1, 0, 2])
>>> distinct(["男", "女"]) is None  # a plain list: read cell by cell
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["IndexedColumn", "distinct"]


class IndexedColumn(list[object]):
    """The cells ``table[refs]`` as a list, with ``refs`` and ``table`` kept beside them.

    ``column[i] is table[refs[i]]`` for every ``i`` (negative indexes count
    from the table's end, as numpy's do). The list must not be changed in
    place: a copy (``list(column)``, a slice) is a plain list.
    """

    __slots__ = ("refs", "table")

    refs: npt.NDArray[np.integer[Any]]
    table: npt.NDArray[np.object_]

    def __init__(self, refs: npt.NDArray[np.integer[Any]], table: npt.NDArray[np.object_]) -> None:
        super().__init__(table[refs].tolist())
        self.refs = refs
        self.table = table


def distinct(values: Sequence[object]) -> tuple[list[object], npt.NDArray[np.intp]] | None:
    """An :class:`IndexedColumn`'s distinct table entries and each cell's place among them.

    ``values[i] is found[places[i]]`` (the entries in table order; an entry
    may equal another). ``None`` for any other sequence, and for a column
    whose table is larger than four times its length (the cells are then
    read one by one).
    """
    if not isinstance(values, IndexedColumn):
        return None
    table, refs = values.table, values.refs
    size = len(table)
    if size > 4 * len(refs) + 64:
        return None
    used = np.zeros(size, dtype=bool)
    used[refs] = True
    entries = np.flatnonzero(used)
    place = np.zeros(size, dtype=np.intp)
    place[entries] = np.arange(len(entries))
    places: npt.NDArray[np.intp] = np.take(place, refs, mode="wrap")
    return table[entries].tolist(), places
