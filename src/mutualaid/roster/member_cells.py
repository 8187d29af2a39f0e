"""Roster cells, column by column, into the evaluator's batch; then every row's findings.

:func:`check_member_cells` is the whole per-row check of a roster, used by
``mutualaid check`` (:mod:`mutualaid.roster.validation`) and by
:func:`mutualaid.batch.evaluate` alike, so both report the same findings:

1. each column's cells are read as a file holds them (text with stray
   spaces, full-width digits, numbers, dates, Excel serials, 是/否) into a
   typed column of :class:`~mutualaid.rules.columnar.MemberColumns`; a cell
   that says nothing readable is reported here (``field.required``,
   ``field.invalid_choice``, ``field.invalid_date``, ``field.invalid_number``,
   ``id.format``, ``id.numeric_cell``, ``phone.format``, ``roster.plan_mismatch``);
2. the member rules run once over the columns
   (:func:`~mutualaid.rules.columnar.evaluate_members`);
3. the rows that are people are checked for duplicates (``id.duplicate``,
   :mod:`mutualaid.roster.duplicates`) and for required cells the ID number
   does not answer.

Findings are made only for the rows that have some.

>>> from datetime import date
>>> from mutualaid.model import Contribution, CoveragePeriod, Plan, PlanKind, Tier
>>> from mutualaid.rules.columnar import MemberRules
>>> plan = Plan("P", "住院医疗", PlanKind.HOSPITALIZATION_MEDICAL, CoveragePeriod.calendar_year(2026),
...             (Tier("T60", "60元档位", Contribution(60)),))
>>> cells = {"name": ["张三", "李四", " 王五 "],
...          "id_number": ["110105198801010014", 110105198801010014, "110105198801010014"]}
>>> checked = check_member_cells(cells, 3, MemberRules(plan, date(2026, 1, 1)))
>>> checked.codes()
[[], ['id.numeric_cell'], ['id.duplicate']]
>>> checked.findings(2)[0].message
'证件号码与第1行重复'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from itertools import repeat
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.errors import ConversionError, InvalidDate, InvalidIdentifier
from mutualaid.ids import mobile as _mobile
from mutualaid.ids import permanent_residence as _pr
from mutualaid.ids import resident_id as _rid
from mutualaid.model.kinds import (
    Gender,
    IdType,
    LabelledEnum,
    MedicalInsuranceType,
    RiskClass,
)
from mutualaid.privacy import mask_mobile
from mutualaid.roster.cells import bool_cell, cell_text, date_cell, id_number_cell, int_cell
from mutualaid.roster.duplicates import CODE as DUPLICATE
from mutualaid.roster.duplicates import SEVERITY as DUPLICATE_SEVERITY
from mutualaid.roster.duplicates import Duplicates, find_duplicates, person_keys
from mutualaid.roster.findings import make
from mutualaid.roster.indexed_column import distinct
from mutualaid.rules.columnar import MemberColumns, MemberRules, Outcome, evaluate_members
from mutualaid.rules.columnar.ages import days_from_civil, month_length
from mutualaid.rules.columnar.columns import FEMALE, ID_TYPES, INVALID, MALE, RISK_CLASSES, UNKNOWN
from mutualaid.rules.columnar.config import tier_key
from mutualaid.rules.columnar.evaluator import STATUS_NAMES, default_column
from mutualaid.rules.columnar.resident_ids import resident_shape
from mutualaid.rules.columnar.texts import ascii_digits, code_points, fixed_width, rows_all
from mutualaid.rules.findings import Finding, Severity

__all__ = ["CheckedRows", "check_member_cells", "person_keys"]

_NAT_DAYS: Final = int(np.datetime64("NaT", "D").view(np.int64))
_EPOCH: Final = date(1970, 1, 1).toordinal()
_RESIDENT: Final = ID_TYPES.index(IdType.RESIDENT_ID)
_PERMANENT: Final = ID_TYPES.index(IdType.FOREIGN_PERMANENT_RESIDENCE)
_CARRIES: Final = frozenset(i for i, t in enumerate(ID_TYPES) if t.carries_birth_date)
_BOOLS: Final = ("gig_worker", "retired", "dispatched", "own_social_security")
_BOOL_MEMO: Final[dict[object, int]] = {"是": True, "否": False, "Y": True, "N": False}
_NO_BOOL: Final = 2  # a yes/no cell's code when it is neither
_EMPTY: Final[tuple[Finding, ...]] = ()
_STATUS_OF: Final = {Severity.ERROR: 2, Severity.NEEDS_MATERIAL: 1}
#: A cell starting or ending with a space, in cells joined by U+001F.
_EDGE_SPACE: Final = re.compile(r"(?:^|\x1f) | (?:\x1f|$)")
#: An ASCII control character other than the separator U+001F.
_ASCII_CONTROL: Final = re.compile(r"[\x00-\x1e\x7f]")
_TEXT_OR_NONE: Final = frozenset((str, type(None)))
_NONE_AS_EMPTY: Final[dict[object, str]] = {None: ""}
_MISSING: Final = object()
#: Kinds of cell (:func:`_kinds`).
_EMPTY_CELL, _TEXT, _DATE, _OTHER = 0, 1, 2, 3
_KIND_OF: Final[dict[type, int]] = {type(None): _EMPTY_CELL, str: _TEXT, date: _DATE}

Cells = Sequence[object]


def _choices(enum: type[LabelledEnum]) -> dict[object, Any]:
    """A memo of cell value -> member, seeded with every spelling."""
    memo: dict[object, Any] = {}
    for member in enum:
        for spelling in (member.value, member.label, *member.aliases):
            memo[spelling] = member
    return memo


def _choice(memo: dict[object, Any], enum: type[LabelledEnum], value: object) -> Any:
    """The enum member a cell names, or None when it names none (memoized)."""
    try:
        return memo[value]
    except KeyError:
        pass
    except TypeError:
        return None
    try:
        found: Any = enum.from_label(cell_text(value))
    except ConversionError:
        found = None
    if len(memo) < 10_000:
        memo[value] = found
    return found


def _texts_of(memo: Mapping[object, Any], none: Any) -> dict[object, Any]:
    """``memo``'s text keys (a cell of another type is never one of them), and ``None -> none``."""
    table: dict[object, Any] = {k: v for k, v in memo.items() if k.__class__ is str}
    table[None] = none
    return table


def _lookup(table: Mapping[object, Any], values: Cells, missing: Any) -> list[Any]:
    """``table[v]`` of every cell, ``missing`` where it has none (one C-level pass; one per
    distinct cell when the column knows them)."""
    spread = distinct(values)
    if spread is not None:
        entries, places = spread
        looked_up: list[Any] = _objects(_lookup(table, entries, missing))[places].tolist()
        return looked_up
    if values and values[0] is None and values.count(None) == len(values):  # an empty column
        return [table.get(None, missing)] * len(values)
    try:
        return list(map(table.get, values, repeat(missing)))
    except TypeError:  # an unhashable cell (a frame may hold lists): none of the keys
        return [_get(table, v, missing) for v in values]


def _codes(
    table: Mapping[object, int], values: Cells, missing: int, dtype: type[np.signedinteger[Any]]
) -> npt.NDArray[np.signedinteger[Any]]:
    """:func:`_lookup` of small integer codes, straight into an array (no list in between)."""
    spread = distinct(values)
    if spread is not None:  # each distinct cell looked up once
        entries, places = spread
        return np.take(_codes(table, entries, missing, dtype), places)
    n = len(values)
    if values and values[0] is None and values.count(None) == n:  # an empty column
        return np.full(n, table.get(None, missing), dtype=dtype)
    single = _single_characters(values)
    if single is not None:  # 男/女, 是/否: look the code points up in a table by code point
        keys = {ord(k): code for k, code in table.items() if k.__class__ is str and len(k) == 1}
        by_point = np.full(max(keys, default=0) + 2, missing, dtype=dtype)  # last: any other
        by_point[list(keys)] = list(keys.values())
        at = single.astype(np.intp)
        np.minimum(at, len(by_point) - 1, out=at)
        return by_point[at]
    try:
        return np.fromiter(map(table.get, values, repeat(missing)), dtype=dtype, count=n)
    except TypeError:  # an unhashable cell
        return np.array(_lookup(table, values, missing), dtype=dtype)


def _single_characters(values: Cells) -> npt.NDArray[np.integer[Any]] | None:
    """The code points of the cells when every cell is text of one character, else ``None``."""
    grid = fixed_width(values, 1)
    return None if grid is None else grid[:, 0]


def _get(table: Mapping[object, Any], value: object, missing: Any) -> Any:
    try:
        return table.get(value, missing)
    except TypeError:
        return missing


def _indexes(items: list[Any], value: object) -> list[int]:
    """The positions of ``value`` in ``items`` (C-level search: cheap when there are few)."""
    found: list[int] = []
    at = -1
    index = items.index
    try:
        while True:
            at = index(value, at + 1)
            found.append(at)
    except ValueError:
        return found


def _cells(values: Cells) -> Cells:
    """A column as a list or tuple of Python cells (a numpy array gives its items)."""
    if isinstance(values, list | tuple):
        return values
    tolist = getattr(values, "tolist", None)
    return tolist() if tolist is not None else list(values)


def _text(value: object) -> str:
    if value.__class__ is str:
        text: str = value.strip()
        if text.isascii() or (unicodedata.is_normalized("NFKC", text) and text.isprintable()):
            return text
    return cell_text(value)


def _id_problem(text: str) -> str:
    """Why a resident ID number's text is not 18 (or 15) digits, in Chinese."""
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    if len(compact) not in (15, 18):
        return f"共{len(compact)}位，应为18位"
    return "含有数字以外的字符（只有最后一位可以是X）"


def _kinds(values: Cells) -> npt.NDArray[np.int8]:
    """Each cell's kind: :data:`_EMPTY_CELL`, :data:`_TEXT`, :data:`_DATE` (exactly) or :data:`_OTHER`."""
    kinds = map(_KIND_OF.get, map(type, values), repeat(_OTHER))
    return np.fromiter(kinds, dtype=np.int8, count=len(values))


def _fixed(values: Cells, width: int) -> npt.NDArray[np.integer[Any]]:
    """The code points of the cells that are text of ``width`` characters, as an ``(n, width)`` array.

    The rows of other cells hold spaces. When every cell is such text, one
    join tells (the separators fall every ``width + 1`` characters, and
    nowhere else); else one pass over the cells puts spaces in the others.
    """
    grid = fixed_width(values, width)
    if grid is not None:
        return grid
    pad = " " * width
    texts = [v if v.__class__ is str and len(v) == width else pad for v in values]
    return code_points("".join(texts)).reshape(len(values), width)


def _but(values: Cells, keep: npt.NDArray[np.bool_], other: object) -> list[Any]:
    """The cells as a list, ``other`` in place of those not kept (``values`` itself, a list,
    when every cell is kept: not to be changed then)."""
    if isinstance(values, list) and keep.all():
        return values
    out = list(values)
    for i in np.flatnonzero(~keep).tolist():
        out[i] = other
    return out


def _resident_texts(
    values: Cells,
) -> tuple[list[str], npt.NDArray[np.bool_], npt.NDArray[np.integer[Any]]]:
    """The cells that are 17 ASCII digits and a digit or ``X`` (as they are), which those are,
    and the cells' code points (:func:`_fixed`)."""
    grid = _fixed(values, 18)
    fast = resident_shape(grid)
    return _but(values, fast, ""), fast, grid


def _id_chars(
    grid: npt.NDArray[np.integer[Any]],
    fast: npt.NDArray[np.bool_],
    ids: list[str],
    changed: list[int],
) -> npt.NDArray[np.uint8]:
    """:attr:`MemberColumns.id_chars`: the ASCII codes of the numbers ``ids`` that are 18 of them.

    ``grid`` holds the cells' code points, right for the ``fast`` rows;
    ``changed`` are the rows whose number was read another way.
    """
    if not changed and grid.dtype == np.uint8 and fast.all():
        return grid  # type: ignore[return-value]
    chars = np.zeros(grid.shape, dtype=np.uint8)
    chars[fast] = grid[fast]
    for i in changed:
        text = ids[i]
        if len(text) == 18 and text.isascii():
            chars[i] = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        else:
            chars[i] = 0
    return chars


def _normalized_mobiles(values: Cells) -> npt.NDArray[np.bool_]:
    """Which cells are already normalized mobiles (11 ASCII digits, 1 then 3 to 9)."""
    grid = _fixed(values, 11)
    return rows_all(ascii_digits(grid)) & (grid[:, 0] == 49) & (grid[:, 1] >= 51)  # type: ignore[no-any-return]


def _clean(texts: Cells) -> bool:
    """Whether every text cell reads as it is (:func:`_text` changes none), checked at once.

    Joined by spaces first: when the only spaces are the separators, no cell
    holds one (none at an edge either), and one ``isprintable`` covers every
    cell and separator. Cells with inner spaces ("Zhang San") are joined by
    U+001F instead. Either separator is a starter that nothing composes with,
    so the join is NFKC-normalized exactly when every cell is.

    :raises TypeError: a cell is not text.
    """
    joined = " ".join(texts)  # type: ignore[arg-type]
    if joined.count(" ") == len(texts) - 1:
        return unicodedata.is_normalized("NFKC", joined) and joined.isprintable()
    joined = "\x1f".join(texts)  # type: ignore[arg-type]
    if joined.count("\x1f") != len(texts) - 1:  # a separator inside a cell
        return False
    if not unicodedata.is_normalized("NFKC", joined):
        return False
    if joined.isascii():  # printable ASCII: no control character but the separators
        printable = not _ASCII_CONTROL.search(joined)
    else:
        printable = joined.replace("\x1f", "").isprintable()
    # printable: its only white space is " " (and joined's, the separators)
    return printable and (" " not in joined or not _EDGE_SPACE.search(joined))


def _per_text(values: Cells, read: Callable[[Any], Any], none: Any) -> list[Any]:
    """``read`` of every cell (``none`` for an empty one), once per distinct text."""
    kinds = set(map(type, values))
    if not kinds <= _TEXT_OR_NONE:
        return [none if v is None else read(v) for v in values]
    memo: dict[object, Any] = {v: read(v) for v in dict.fromkeys(values) if v is not None}
    memo[None] = none
    return list(map(memo.__getitem__, values))


def _clean_texts(values: Cells) -> list[str]:
    """Text cells as :func:`_text` reads them (``""`` for an empty cell).

    At once when the whole column is clean text (then ``values`` itself, when
    a list: not to be changed), else once per distinct text.
    """
    if values:
        try:  # a cell that is neither text nor empty (nor hashable) fails the join or the map
            if _clean(values):  # text only (the usual column): the cells themselves
                return values if isinstance(values, list) else list(values)  # type: ignore[arg-type]
        except TypeError:  # an empty cell (or one of another kind)
            try:
                texts: list[str] = list(map(_NONE_AS_EMPTY.get, values, values))  # type: ignore[arg-type]
                if _clean(texts):
                    return texts
            except TypeError:
                pass
    return _per_text(values, _text, "")


def _not_a_choice(column: Callable[[str], str], field: str, value: object, allowed: str) -> Finding:
    """``field.invalid_choice`` for a closed-list cell naming none of ``allowed``."""
    return make(
        "field.invalid_choice",
        column=column(field),
        field=field,
        value=cell_text(value),
        allowed=allowed,
    )


def _objects(values: Sequence[Any]) -> npt.NDArray[np.object_]:
    return np.fromiter(values, dtype=object, count=len(values))


#: The separated shapes of date text: (length, where the second separator is).
_DATE_SHAPES: Final = ((8, 6), (9, 6), (9, 7), (10, 7))
_SEPARATORS: Final = np.array([ord("-"), ord("/"), ord(".")], dtype=np.int64)


def _number(digits: npt.NDArray[np.signedinteger[Any]]) -> npt.NDArray[np.int64]:
    """The number each row's digit columns spell."""
    out = np.zeros(len(digits), dtype=np.int64)
    for column in digits.T:
        out = out * 10 + column
    return out


def _date_texts(texts: list[str]) -> npt.NDArray[np.int64]:
    """Days since 1970 of texts in the common shapes, :data:`_NAT_DAYS` for every other text.

    The shapes: ``1990-01-02``, ``1990/1/2``, ``1990.1.2`` (month and day of
    one or two digits, the same separator twice) and ``19900102``, in ASCII
    digits with nothing around them, naming a real day. :func:`date_cell`
    reads each of them to the same day; it reads the other texts (and refuses
    what is no date).

    >>> _date_texts(["1990-01-02", "1990/1/2", "19900102", "1990-02-30", " 1990-01-02"]).tolist()[:3]
    [7306, 7306, 7306]
    >>> (_date_texts(["1990-02-30", " 1990-01-02", "1990-1/2"]) == _NAT_DAYS).tolist()
    [True, True, True]
    """
    m = len(texts)
    out = np.full(m, _NAT_DAYS, dtype=np.int64)
    if not m:
        return out
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=m)
    grid = np.asarray(texts, dtype="U10").view(np.uint32).reshape(m, 10).astype(np.int32)
    digit = ascii_digits(grid)
    value = grid - 48
    year = _number(value[:, :4])
    separator = grid[:, 4]
    separated = rows_all(digit[:, :4]) & np.isin(separator, _SEPARATORS)
    month = np.zeros(m, dtype=np.int64)
    day = np.zeros(m, dtype=np.int64)
    shaped = np.zeros(m, dtype=bool)
    for length, second in _DATE_SHAPES:
        rows = (
            separated
            & (lengths == length)
            & (grid[:, second] == separator)
            & rows_all(digit[:, 5:second])
            & rows_all(digit[:, second + 1 : length])
        )
        month = np.where(rows, _number(value[:, 5:second]), month)
        day = np.where(rows, _number(value[:, second + 1 : length]), day)
        shaped |= rows
    compact = (lengths == 8) & rows_all(digit[:, :8])
    month = np.where(compact, _number(value[:, 4:6]), month)
    day = np.where(compact, _number(value[:, 6:8]), day)
    real = (shaped | compact) & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    month = np.where(real, month, 1)
    real &= day <= month_length(year, month)
    out[real] = days_from_civil(year, month, np.where(real, day, 1))[real]
    return out


def _birth_dates(
    values: Cells,
    births: npt.NDArray[np.int64],
    given: npt.NDArray[np.bool_],
    types: npt.NDArray[np.int8],
    usable: npt.NDArray[np.bool_],
    found: _Found,
    column: Callable[[str], str],
) -> None:
    """Read the birth date cells into ``births`` (days since 1970) and ``given``; report the unreadable.

    Each distinct cell is read once when the column knows its distinct
    values (:func:`~mutualaid.roster.indexed_column.distinct`), else each
    cell (:func:`_dates_of`).
    """
    spread = distinct(values)
    if spread is None:
        days, read, unreadable = _dates_of(values)
    else:
        entries, places = spread
        days, read, unreadable = _dates_of(entries)
        days, read, unreadable = days[places], read[places], unreadable[places]
    births[read] = days[read]
    given |= read
    given |= unreadable
    c_birth = column("birth_date")
    for i in np.flatnonzero(unreadable).tolist():
        if types[i] >= 0 and (usable[i] or types[i] not in _CARRIES):
            found.add(
                i,
                make(
                    "field.invalid_date",
                    column=c_birth,
                    field="birth_date",
                    value=cell_text(values[i]),
                ),
            )


def _dates_of(
    values: Cells,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Each cell's day (days since 1970), whether it reads as one, and whether it is no date.

    Date cells and text in the common shapes (:func:`_date_texts`) are read at
    once; every other cell as :func:`date_cell` reads it, once per distinct
    text. An empty cell (or one :func:`date_cell` reads as empty) is neither.
    """
    n = len(values)
    days = np.full(n, _NAT_DAYS, dtype=np.int64)
    read = np.zeros(n, dtype=bool)
    unreadable = np.zeros(n, dtype=bool)
    kinds = _kinds(values)
    cells = _objects(values)
    at = np.flatnonzero(kinds == _DATE)
    days[at] = np.fromiter(map(date.toordinal, cells[at].tolist()), np.int64, len(at)) - _EPOCH
    read[at] = True
    texts = kinds == _TEXT
    at = np.flatnonzero(texts)
    shaped = _date_texts(cells[at].tolist())
    done = shaped != _NAT_DAYS
    days[at[done]] = shaped[done]
    read[at[done]] = True
    rest = texts.copy()
    rest[at[done]] = False
    rest |= kinds == _OTHER
    memo: dict[str, date | InvalidDate | None] = {}
    for i in np.flatnonzero(rest).tolist():
        value = values[i]
        day: date | InvalidDate | None
        if value.__class__ is str:
            day = memo.get(value)
            if day is None and value not in memo:
                day = memo[value] = _date_or_error(value)
        else:
            day = _date_or_error(value)
        if isinstance(day, InvalidDate):
            unreadable[i] = True
        elif day is not None:
            days[i] = day.toordinal() - _EPOCH
            read[i] = True
    return days, read, unreadable


def _date_or_error(value: object) -> date | InvalidDate | None:
    try:
        return date_cell(value)
    except InvalidDate as exc:
        return exc


class _Found:
    """Findings of rows, made on the first one (clean rows allocate nothing)."""

    def __init__(self) -> None:
        self.rows: dict[int, list[Finding]] = {}

    def add(self, i: int, finding: Finding) -> None:
        found = self.rows.get(i)
        if found is None:
            self.rows[i] = [finding]
        else:
            found.append(finding)


@attrs.frozen(eq=False)
class CheckedRows:
    """Every row's findings: the cells' (:attr:`cells`), the rules' (:attr:`outcome`),
    duplicates (:attr:`duplicates`) and required cells (:attr:`later`), in that order.

    Row ``i`` is the ``i``-th row given (0-based); findings carry no sheet row
    number (the caller places them).
    """

    members: MemberColumns
    outcome: Outcome
    cells: Mapping[int, Sequence[Finding]]
    later: Mapping[int, Sequence[Finding]]
    duplicates: Duplicates = attrs.field(
        factory=lambda: Duplicates.none(default_column("id_number"))
    )

    def __len__(self) -> int:
        return len(self.members)

    def findings(self, i: int) -> tuple[Finding, ...]:
        """Row ``i``'s findings: cells first, then the rules', then duplicates and required cells."""
        return (
            *self.cells.get(i, ()),
            *self.outcome.findings(i),
            *self.duplicates.at(i),
            *self.later.get(i, ()),
        )

    def found_rows(self) -> dict[int, tuple[Finding, ...]]:
        """The findings of the rows that have some, by row (in no particular order)."""
        rows = self.outcome.found_rows()
        duplicates = self.duplicates.by_row()
        for i in {*self.cells, *duplicates, *self.later}:
            repeated = duplicates.get(i)
            rows[i] = (
                *self.cells.get(i, ()),
                *rows.get(i, ()),
                *(() if repeated is None else (repeated,)),
                *self.later.get(i, ()),
            )
        return rows

    def all_findings(self) -> list[tuple[Finding, ...]]:
        """Every row's findings (an empty tuple for clean rows)."""
        rows = [_EMPTY] * len(self)
        for i, found in self.found_rows().items():
            rows[i] = found
        return rows

    def codes(self) -> list[list[str]]:
        """Each row's finding codes, in order."""
        codes = self.outcome.codes()
        for i, found in self.cells.items():
            codes[i][:0] = [f.code for f in found]
        for i in self.duplicates.rows.tolist():
            codes[i].append(DUPLICATE)
        for i, found in self.later.items():
            codes[i] += [f.code for f in found]
        return codes

    def status(self) -> npt.NDArray[np.int8]:
        """Per row 0 accepted, 1 needs_material, 2 rejected."""
        status = self.outcome.status().copy()
        rows = self.duplicates.rows
        status[rows] = np.maximum(status[rows], _STATUS_OF.get(DUPLICATE_SEVERITY, 0))
        for source in (self.cells, self.later):
            for i, found in source.items():
                for f in found:
                    if f.severity is Severity.ERROR:
                        status[i] = 2
                    elif f.severity is Severity.NEEDS_MATERIAL and status[i] == 0:
                        status[i] = 1
        return status

    def status_names(self) -> list[str]:
        """:meth:`status` as words."""
        return np.array(STATUS_NAMES, dtype=object)[self.status()].tolist()  # type: ignore[no-any-return]


def check_member_cells(
    cells: Mapping[str, Cells],
    n: int,
    rules: MemberRules,
    *,
    column: Callable[[str], str] = default_column,
    required: Iterable[str] = ("name", "id_number"),
    row_numbers: Sequence[int] | None = None,
    earlier: Mapping[str, int] | None = None,
    age_column: str | None = None,
    first_rows: Mapping[str, int] | None = None,
) -> CheckedRows:
    """Check ``n`` rows whose cells are given by field (see the module).

    :param cells: field -> the column's cells (a field absent is a column the file lacks).
    :param rules: the member rules (plan, day, tier and shares of rows naming none).
    :param column: a field's header as the file names it, for findings.
    :param required: fields whose cells must not be empty.
    :param row_numbers: the rows' numbers as the file shows them (for ``id.duplicate``);
        default 1, 2, ...
    :param earlier: duplicate keys already accepted (a re-import), with their rows.
    :param first_rows: when the rows are one part of a larger whole (a Dask
        partition), the first row of every key that repeats in the whole;
        duplicates are then judged against it, not within these rows.
    """
    found = _Found()
    required = frozenset(required)
    numbers = row_numbers if row_numbers is not None else range(1, n + 1)
    none: Cells = [None] * n
    supplied = cells
    cells = {field: _cells(values) for field, values in cells.items()}

    def array(field: str, values: Cells) -> npt.NDArray[np.object_]:
        """A column as an object array: a copy of the one given when ``values`` are its cells."""
        source: Any = supplied.get(field)  # a list, a tuple, or a numpy array
        if values is cells.get(field) and isinstance(source, np.ndarray) and source.dtype == object:
            return source.copy()  # references only: faster than one more pass over the cells
        return _objects(values)

    def col(field: str) -> Cells:
        return cells.get(field, none)

    # --- name
    c_name = column("name")
    names = _clean_texts(col("name"))
    if "name" in cells and "" in names:
        for i in _indexes(names, ""):
            found.add(i, make("field.required", column=c_name, field="name"))
    # --- ID type
    types: Any = np.full(n, _RESIDENT, dtype=np.int8)
    if "id_type" in cells:
        memo = _choices(IdType)
        allowed = "、".join(IdType.labels())
        type_cells = cells["id_type"]
        codes = _codes(
            _texts_of({k: ID_TYPES.index(v) for k, v in memo.items()}, _RESIDENT),
            type_cells,
            -2,
            np.int8,
        )
        for i in np.flatnonzero(codes == -2).tolist():
            tv = type_cells[i]
            got = _choice(memo, IdType, tv)
            if got is None:
                codes[i] = INVALID
                found.add(i, _not_a_choice(column, "id_type", tv, allowed))
            else:
                codes[i] = ID_TYPES.index(got)
        types = codes
    usable = types >= 0
    # --- ID number
    c_id = column("id_number")
    given_ids = col("id_number")
    ids, fast, id_grid = _resident_texts(given_ids)
    carries = np.isin(types, list(_CARRIES))
    slow = np.flatnonzero((types >= 0) & ~(fast & carries)).tolist()
    if slow and ids is given_ids:
        ids = list(ids)  # the cells themselves (every one fast): changed below, so copied
    for i in slow:
        t = int(types[i])
        v = given_ids[i]
        if t in _CARRIES:
            text = ids[i]
            if not text:
                text, numeric = id_number_cell(v)
                problem = None
                if numeric:
                    problem = make("id.numeric_cell", column=c_id, field="id_number")
                elif not text:
                    problem = make("field.required", column=c_id, field="id_number")
                else:
                    try:
                        text = _rid.compact(text)
                    except InvalidIdentifier:
                        problem = make(
                            "id.format", column=c_id, field="id_number", problem=_id_problem(text)
                        )
                if problem is not None:
                    found.add(i, problem)
                    usable[i] = False
                    continue
            if text[17] == "x":
                text = text[:17] + "X"
            ids[i] = text
        elif t == _PERMANENT:  # 2023 card: 18 characters; the evaluator checks the rest
            text, numeric = id_number_cell(v)
            text = _pr.compact(text)
            ids[i] = ""
            if numeric or len(text) != 18 or not (text[:17].isascii() and text[:17].isdigit()):
                problem = (
                    make("id.numeric_cell", column=c_id, field="id_number")
                    if numeric
                    else make("field.required", column=c_id, field="id_number")
                    if not text
                    else make(
                        "id.format", column=c_id, field="id_number", problem=_id_problem(text)
                    )
                )
                found.add(i, problem)
                usable[i] = False
            else:
                ids[i] = text
        else:
            text = "".join(id_number_cell(v)[0].split()).upper()
            ids[i] = ""
            if not text:
                found.add(i, make("field.required", column=c_id, field="id_number"))
                usable[i] = False
            elif not (text.isascii() and text.replace("-", "").isalnum() and 5 <= len(text) <= 30):
                found.add(
                    i,
                    make(
                        "id.format", column=c_id, field="id_number", problem="须为5至30位字母或数字"
                    ),
                )
                usable[i] = False
            else:
                ids[i] = text
    # --- gender
    genders: Any = np.zeros(n, dtype=np.int8)  # UNKNOWN
    gender_text: Cells = none
    if "gender" in cells:
        gender_text = cells["gender"]
        memo = _choices(Gender)
        gcodes = {k: MALE if v is Gender.MALE else FEMALE for k, v in memo.items()}
        genders = _codes(_texts_of(gcodes, UNKNOWN), gender_text, INVALID, np.int8)
        for i in np.flatnonzero(genders == INVALID).tolist():
            gv = gender_text[i]
            got = _choice(memo, Gender, gv)
            genders[i] = MALE if got is Gender.MALE else FEMALE if got is Gender.FEMALE else INVALID
            if got is None and types[i] not in _CARRIES and types[i] >= 0:
                found.add(i, _not_a_choice(column, "gender", gv, "男、女"))
    # --- birth date
    births: Any = np.full(n, _NAT_DAYS, dtype=np.int64)
    birth_given: Any = np.zeros(n, dtype=bool)
    if "birth_date" in cells:
        _birth_dates(cells["birth_date"], births, birth_given, types, usable, found, column)
    # --- mobile
    mobiles: list[str | None] = [None] * n
    if "mobile" in cells:
        c_mobile = column("mobile")
        mobile_required = "mobile" in required
        given_mobiles = cells["mobile"]
        fine = _normalized_mobiles(given_mobiles)
        mobiles = _but(given_mobiles, fine, None)
        for i in np.flatnonzero(~fine).tolist():
            mv = given_mobiles[i]
            if mv is None:
                if mobile_required:
                    found.add(i, make("field.required", column=c_mobile, field="mobile"))
            else:
                try:
                    mobiles[i] = _mobile.validate(cell_text(mv))
                except InvalidIdentifier:
                    found.add(
                        i,
                        make(
                            "phone.format",
                            column=c_mobile,
                            field="mobile",
                            value=mask_mobile(cell_text(mv)),
                        ),
                    )
    # --- member facts of optional columns
    flags: dict[str, Any] = {}
    for field in _BOOLS:
        default = field == "own_social_security"
        if field not in cells:
            flags[field] = np.full(n, default, dtype=bool)
            continue
        values = cells[field]
        got_b = _codes({**_BOOL_MEMO, None: default}, values, _NO_BOOL, np.int8)
        for i in np.flatnonzero(got_b == _NO_BOOL).tolist():
            v = values[i]
            try:
                value = bool_cell(v)
            except ConversionError:
                value = None
            if value is None:
                got_b[i] = default
                found.add(i, _not_a_choice(column, field, v, "是、否"))
            else:
                got_b[i] = value
        flags[field] = got_b.astype(bool)
    risks = np.zeros(n, dtype=np.int8)
    mits: Any = np.empty(n, dtype=object)  # None
    for field, enum in (
        ("risk_class", RiskClass),
        ("medical_insurance_type", MedicalInsuranceType),
    ):
        if field not in cells:
            continue
        memo = _choices(enum)
        allowed = "、".join(enum.labels())
        values = cells[field]
        got_e = _lookup(_texts_of(memo, None), values, _MISSING)
        for i in _indexes(got_e, _MISSING):
            v = values[i]
            got = _choice(memo, enum, v)
            if got is None:
                found.add(i, _not_a_choice(column, field, v, allowed))
            got_e[i] = got
        if field == "risk_class":
            risk_codes: dict[object, int] = {r: c for c, r in enumerate(RISK_CLASSES)}
            risk_codes[None] = 0
            risks = np.array(list(map(risk_codes.__getitem__, got_e)), dtype=np.int8)
        else:
            mits = _objects(got_e)
    # --- plan, tier and shares
    plan = rules.plan
    if "plan_code" in cells:
        plan_names = {tier_key(plan.code), tier_key(plan.name)}
        plan_cells = cells["plan_code"]
        other = _per_text(plan_cells, lambda v: tier_key(cell_text(v)) not in plan_names, False)
        for i in _indexes(other, True):
            pv = plan_cells[i]
            found.add(
                i,
                make(
                    "roster.plan_mismatch",
                    column=column("plan_code"),
                    field="plan_code",
                    value=cell_text(pv),
                    plan=plan.code,
                ),
            )
    tiers: Any = np.empty(n, dtype=object)  # None: the batch's tier
    if "tier_code" in cells:
        tiers = _objects(_per_text(cells["tier_code"], lambda v: cell_text(v) or None, None))
    shares = np.zeros(n, dtype=np.int64)
    shares_given = np.zeros(n, dtype=bool)
    if "shares" in cells:
        for i, sv in enumerate(cells["shares"]):
            if sv is None:
                continue
            try:
                given = int_cell(sv)
            except ConversionError:
                found.add(
                    i,
                    make(
                        "field.invalid_number",
                        column=column("shares"),
                        field="shares",
                        value=cell_text(sv),
                    ),
                )
                continue
            if given is not None:
                shares[i] = given
                shares_given[i] = True
    members = MemberColumns(
        name=array("name", names),
        id_type=np.array(types, dtype=np.int8),
        id_number=array("id_number", ids),
        gender=np.array(genders, dtype=np.int8),
        birth=births.view("M8[D]"),
        birth_given=np.array(birth_given, dtype=bool),
        retired=np.array(flags["retired"], dtype=bool),
        risk_class=risks,
        dispatched=np.array(flags["dispatched"], dtype=bool),
        own_social_security=np.array(flags["own_social_security"], dtype=bool),
        tier=tiers,
        shares=shares,
        mobile=array("mobile", mobiles),
        medical_insurance_type=mits,
        gig_worker=np.array(flags["gig_worker"], dtype=bool),
        usable=np.array(usable, dtype=bool),
        shares_given=shares_given,
        gender_text=array("gender", gender_text) if "gender" in cells else None,
        id_chars=_id_chars(id_grid, fast, ids, slow),
    )
    outcome = evaluate_members(members, rules, column=column, age_column=age_column)
    duplicates = find_duplicates(members, outcome, c_id, numbers, earlier, first_rows)
    later = _required_cells(outcome, cells, required, column)
    return CheckedRows(members, outcome, found.rows, later.rows, duplicates)


def _required_cells(
    outcome: Outcome,
    cells: Mapping[str, Cells],
    required: frozenset[str],
    column: Callable[[str], str],
) -> _Found:
    """Required cells left empty that the ID number does not answer (gender, birth date)."""
    found = _Found()
    facts = outcome.facts
    for field in sorted(required - {"name", "id_number", "mobile"}):
        if field not in cells:
            continue
        for i, v in enumerate(cells[field]):
            if v is not None:
                continue
            if field == "gender" and facts.gender[i] != UNKNOWN:
                continue
            if field == "birth_date" and facts.resident[i] and not np.isnat(facts.birth[i]):
                continue
            found.add(i, make("field.required", column=column(field), field=field))
    return found
