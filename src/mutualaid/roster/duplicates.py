"""The same person twice: ``id.duplicate`` over a batch of rows.

Two rows are the same person when their keys are equal (:func:`person_keys`:
the resident ID number, else ID type and number). :func:`find_duplicates`
finds every row whose person came before, within the rows, against an earlier
import, or against the first row of a larger whole split into parts (a Dask
partition), and returns them as :class:`Duplicates`: arrays, whose findings
are made only when asked for. A population has many natural duplicates
(about 3% of a synthetic million), and only their codes and status are
needed unless a host asks for the messages.

>>> import numpy as np
>>> d = Duplicates(np.array([2, 5]), (1, 3), np.array([False, True]), "证件号码")
>>> [f.message for f in d.at(5)], d.at(4)
(['证件号码与已导入名单第3行重复'], ())

Since 0.4 (split from :mod:`mutualaid.roster.member_cells`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid._arrays import among, unique
from mutualaid.model.kinds import IdType
from mutualaid.roster.findings import CATALOGUE, make
from mutualaid.rules.columnar import MemberColumns, Outcome
from mutualaid.rules.columnar.columns import ID_TYPES
from mutualaid.rules.columnar.resident_ids import ascii_grid, resident_id_keys, resident_shape
from mutualaid.rules.findings import Finding, Severity

__all__ = ["CODE", "SEVERITY", "Duplicates", "find_duplicates", "person_keys"]

#: The finding code of a person seen before.
CODE: Final = "id.duplicate"
#: Its severity (the catalogue's).
SEVERITY: Final[Severity] = CATALOGUE[CODE].severity
#: ``where`` of a finding against an earlier import.
_IMPORTED: Final = "已导入名单"
_RESIDENT: Final = ID_TYPES.index(IdType.RESIDENT_ID)
_HASH_BITS: Final = 22
_HASH_SHIFT: Final = np.uint64(64 - _HASH_BITS)
_SPREAD: Final = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing


@attrs.frozen(eq=False)
class Duplicates:
    """The rows (ascending) whose person came before, and where.

    :param rows: row indexes (0-based, ascending).
    :param first_rows: per row, the row number of the person's first row, as the
        caller numbered the rows (any integer: a file's rows may be numbered past 64 bits).
    :param imported: per row, that first row is in an earlier import (``accepted``).
    :param column: the ID number's column header, for the findings.
    """

    rows: npt.NDArray[np.intp]
    first_rows: Sequence[int]
    imported: npt.NDArray[np.bool_]
    column: str

    @classmethod
    def none(cls, column: str) -> Duplicates:
        """No duplicates."""
        return cls(np.zeros(0, dtype=np.intp), (), np.zeros(0, dtype=bool), column)

    def __len__(self) -> int:
        return len(self.rows)

    def finding(self, j: int) -> Finding:
        """The ``id.duplicate`` finding of the ``j``-th row found."""
        return make(
            CODE,
            column=self.column,
            field="id_number",
            first_row=self.first_rows[j],
            where=_IMPORTED if self.imported[j] else "",
        )

    def at(self, i: int) -> tuple[Finding, ...]:
        """Row ``i``'s finding, if it is a duplicate."""
        j = int(np.searchsorted(self.rows, i))
        if j < len(self.rows) and self.rows[j] == i:
            return (self.finding(j),)
        return ()

    def by_row(self) -> dict[int, Finding]:
        """Every finding, by row."""
        return {i: self.finding(j) for j, i in enumerate(self.rows.tolist())}


def person_keys(members: MemberColumns, outcome: Outcome) -> list[str]:
    """What makes two rows the same person: the resident ID number, else ``type:number``.

    Rows that are not people (an ID number refused) have the key ``""``.
    """
    types = members.id_type.tolist()
    valid = outcome.facts.id_valid.tolist()
    if all(valid) and not any(t != _RESIDENT for t in types):
        return members.id_number.tolist()  # type: ignore[no-any-return]
    keys = _person_keys(members.id_type, members.id_number)
    return [key if ok else "" for key, ok in zip(keys, valid, strict=True)]


def _person_keys(types: npt.NDArray[np.int8], numbers: npt.NDArray[np.object_]) -> list[str]:
    """The keys of people (see :func:`person_keys`)."""
    return [
        number if t == _RESIDENT else f"{ID_TYPES[t]}:{number}"
        for number, t in zip(numbers.tolist(), types.tolist(), strict=True)
    ]


def find_duplicates(
    members: MemberColumns,
    outcome: Outcome,
    column: str,
    numbers: Sequence[int],
    earlier: Mapping[str, int] | None = None,
    first_rows: Mapping[str, int] | None = None,
) -> Duplicates:
    """The rows that are people seen before.

    :param numbers: the rows' numbers as the file shows them.
    :param earlier: keys already imported, with their rows: a person among
        them is a duplicate of that row (unless a duplicate within the rows already).
    :param first_rows: when the rows are one part of a larger whole, the
        first row of every key that repeats in the whole: duplicates are then
        judged against it, not within these rows.
    """
    facts = outcome.facts
    at = np.flatnonzero(facts.id_valid)
    people: list[int] = []  # the rows that are people, when the keys are needed by row
    repeats: list[tuple[int, int]] = []  # (row index, first row number)
    keys: list[str] = []
    if first_rows is None and not earlier:  # resident ID numbers apart: their keys are numbers
        resident = members.id_type[at] == _RESIDENT
        mine = at[resident]
        integers = _resident_keys(members, outcome, mine)
        if integers is not None:
            repeats = _repeated_numbers(integers, mine, numbers)
        else:  # numbers not of 18 ASCII characters (members made elsewhere): as text
            repeats = _repeats(members.id_number[mine].tolist(), mine, numbers)
        if not resident.all():
            others = at[~resident]
            keys = _person_keys(members.id_type[others], members.id_number[others])
            repeats += _repeats(keys, others, numbers)  # in row order below
    elif first_rows is None:
        keys = person_keys(members, outcome)
        people = at.tolist()
        repeats = _repeats([keys[i] for i in people], at, numbers)
    else:
        keys = person_keys(members, outcome)
        people = at.tolist()
        for i in people:
            first_row = first_rows.get(keys[i])
            if first_row is not None and first_row != numbers[i]:
                repeats.append((i, first_row))
    imported: list[tuple[int, int]] = []
    if earlier:
        repeated = {i for i, _ in repeats}
        for i in people:
            before = earlier.get(keys[i])
            if before is not None and i not in repeated:
                imported.append((i, before))
    if not repeats and not imported:
        return Duplicates.none(column)
    found = sorted(
        [(i, r, False) for i, r in repeats] + [(i, r, True) for i, r in imported],
        key=lambda item: item[0],  # one finding per row: the row decides the order
    )
    rows, firsts, flags = zip(*found, strict=True)
    return Duplicates(np.array(rows, dtype=np.intp), firsts, np.array(flags, dtype=bool), column)


def _resident_keys(
    members: MemberColumns, outcome: Outcome, rows: npt.NDArray[np.intp]
) -> npt.NDArray[np.int64] | None:
    """The integer keys of resident ID rows that are people, or ``None`` when some cannot have one.

    Decoded rows have theirs (``Facts.id_key``). Members made elsewhere
    (``checked``) were not decoded: their numbers are read here when every
    one is 17 ASCII digits and a digit or ``X`` (else the text is compared).
    """
    keys = outcome.facts.id_key[rows]
    missing = np.flatnonzero(keys < 0)
    if len(missing):
        grid = ascii_grid(members.id_number[rows[missing]])
        if grid is None or not resident_shape(grid).all():
            return None
        keys[missing] = resident_id_keys(grid)
    return keys


def _first_occurrences(
    keys: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The positions whose key came before (ascending), and the position of its first occurrence.

    >>> [a.tolist() for a in _first_occurrences(np.array([5, 7, 5, 9, 7, 5]))]
    [[2, 4, 5], [0, 1, 0]]
    """
    ordered = np.sort(keys)  # a plain sort is much faster than an argsort: find the repeated keys
    repeated = unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not len(repeated):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    # the rows holding a repeated key: a table of hashed keys narrows them down, then exactly
    hashed = (keys.view(np.uint64) * _SPREAD) >> _HASH_SHIFT
    table = np.zeros(1 << _HASH_BITS, dtype=bool)
    table[(repeated.view(np.uint64) * _SPREAD) >> _HASH_SHIFT] = True
    at = np.flatnonzero(table[hashed])
    at = at[among(keys[at], repeated)]  # ascending
    order = np.argsort(keys[at], kind="stable")
    rows, grouped = at[order], keys[at][order]
    starts = np.ones(len(rows), dtype=bool)
    starts[1:] = grouped[1:] != grouped[:-1]
    firsts = rows[np.maximum.accumulate(np.where(starts, np.arange(len(rows)), 0))]
    again = np.flatnonzero(~starts)
    back = np.argsort(rows[again])
    return rows[again][back], firsts[again][back]


def _repeated_numbers(
    keys: npt.NDArray[np.int64], people: npt.NDArray[np.intp], numbers: Sequence[int]
) -> list[tuple[int, int]]:
    """``(row index, first row number)`` of each person seen before, ``keys`` their integer keys."""
    again, firsts = _first_occurrences(keys)
    return [
        (i, numbers[f])
        for i, f in zip(people[again].tolist(), people[firsts].tolist(), strict=True)
    ]


def _repeats(
    mine: list[str], people: npt.NDArray[np.intp], numbers: Sequence[int]
) -> list[tuple[int, int]]:
    """``(row index, first row number)`` of each person seen before, ``mine`` their keys."""
    repeats: list[tuple[int, int]] = []
    seen: dict[str, int] = {}
    first_of = seen.setdefault
    for j, i in enumerate(people.tolist()):
        first_at = first_of(mine[j], i)
        if first_at != i:
            repeats.append((i, numbers[first_at]))
    return repeats
