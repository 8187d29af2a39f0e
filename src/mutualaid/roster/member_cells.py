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
3. the rows that are people are checked for duplicates (``id.duplicate``)
   and for required cells the ID number does not answer.

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
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.errors import ConversionError, InvalidDate, InvalidIdentifier
from mutualaid.ids import mobile as _mobile
from mutualaid.ids import permanent_residence as _pr
from mutualaid.ids import resident_id as _rid
from mutualaid.ids.mobile import is_normalized as is_normalized_mobile
from mutualaid.model.kinds import (
    Gender,
    IdType,
    LabelledEnum,
    MedicalInsuranceType,
    RiskClass,
)
from mutualaid.privacy import mask_mobile
from mutualaid.roster.cells import bool_cell, cell_text, date_cell, id_number_cell, int_cell
from mutualaid.roster.findings import make
from mutualaid.rules.columnar import MemberColumns, MemberRules, Outcome, evaluate_members
from mutualaid.rules.columnar.columns import FEMALE, ID_TYPES, INVALID, MALE, RISK_CLASSES, UNKNOWN
from mutualaid.rules.columnar.config import tier_key
from mutualaid.rules.columnar.evaluator import STATUS_NAMES, default_column
from mutualaid.rules.columnar.resident_ids import resident_id_keys
from mutualaid.rules.findings import Finding, Severity

__all__ = ["CheckedRows", "check_member_cells", "person_keys"]

_NAT_DAYS: Final = int(np.datetime64("NaT", "D").view(np.int64))
_EPOCH: Final = date(1970, 1, 1).toordinal()
_RESIDENT: Final = ID_TYPES.index(IdType.RESIDENT_ID)
_PERMANENT: Final = ID_TYPES.index(IdType.FOREIGN_PERMANENT_RESIDENCE)
_CARRIES: Final = frozenset(i for i, t in enumerate(ID_TYPES) if t.carries_birth_date)
_BOOLS: Final = ("gig_worker", "retired", "dispatched", "own_social_security")
_BOOL_MEMO: Final[dict[object, bool]] = {"是": True, "否": False, "Y": True, "N": False}
_EMPTY: Final[tuple[Finding, ...]] = ()
_EDGE_SPACE: Final = re.compile(r"(?:^|\x1f)\s|\s(?:\x1f|$)")

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


def _joined(values: Cells, width: int) -> npt.NDArray[np.uint8] | None:
    """The cells as an (n, width) byte array when every one is ASCII text of ``width`` characters."""
    if not values or set(map(type, values)) != {str}:
        return None
    joined = "".join(values)  # type: ignore[arg-type]
    if len(joined) != width * len(values) or not joined.isascii():
        return None
    return np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(len(values), width)


def _resident_texts(values: Cells) -> tuple[list[str], npt.NDArray[np.bool_]]:
    """The cells that are 17 ASCII digits and a digit or ``X`` (as they are), and which those are."""
    grid = _joined(values, 18)
    if grid is None and values:  # some cells are not 18-character text: look at the others at once
        blank = "\x00" * 18
        grid = _joined([v if v.__class__ is str and len(v) == 18 else blank for v in values], 18)
    if grid is not None:
        digits = ((grid[:, :17] >= 48) & (grid[:, :17] <= 57)).all(axis=1)
        last = grid[:, 17]
        fast = digits & (((last >= 48) & (last <= 57)) | (last == 88))
        if fast.all():
            return list(values), fast  # type: ignore[arg-type]
        return [v if ok else "" for v, ok in zip(values, fast.tolist(), strict=True)], fast  # type: ignore[misc]
    texts = [
        v
        if v.__class__ is str
        and len(v) == 18
        and v[:17].isdigit()
        and v.isascii()
        and v[17] in "0123456789X"
        else ""
        for v in values
    ]
    return texts, np.array([bool(t) for t in texts], dtype=bool)


def _normalized_mobiles(values: Cells) -> npt.NDArray[np.bool_]:
    """Which cells are already normalized mobiles (11 ASCII digits, 1 then 3 to 9)."""
    grid = _joined(values, 11)
    if grid is None and values:  # some cells are not 11-character text: look at the others at once
        blank = "\x00" * 11
        grid = _joined([v if v.__class__ is str and len(v) == 11 else blank for v in values], 11)
    if grid is not None:
        digits = ((grid >= 48) & (grid <= 57)).all(axis=1)
        return digits & (grid[:, 0] == 49) & (grid[:, 1] >= 51)  # type: ignore[no-any-return]
    return np.fromiter(map(is_normalized_mobile, values), dtype=bool, count=len(values))


def _clean_texts(values: Cells) -> list[str]:
    """Text cells as :func:`_text` reads them; at once when the whole column is clean text."""
    if values and set(map(type, values)) == {str}:
        joined = "\x1f".join(values)  # type: ignore[arg-type]
        bare = joined.replace("\x1f", "")
        if (
            len(bare) == len(joined) - len(values) + 1  # no separator inside a cell
            and unicodedata.is_normalized("NFKC", joined)
            and bare.isprintable()  # so its only white space is " " (and joined's, the separators)
            and (" " not in bare or not _EDGE_SPACE.search(joined))
        ):
            return list(values)  # type: ignore[arg-type]
    return [_text(v) if v is not None else "" for v in values]


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


def _gender_codes(values: Cells, codes: Mapping[object, int]) -> npt.NDArray[np.int8] | None:
    """The codes of a column of one-character texts at once (others :data:`INVALID`), else None."""
    try:
        joined = "".join(values)  # type: ignore[arg-type]
    except TypeError:
        return None
    if len(joined) != len(values):
        return None
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    out = np.full(len(values), INVALID, dtype=np.int8)
    for text, code in codes.items():
        if isinstance(text, str) and len(text) == 1:
            out[chars == ord(text)] = code
    return out


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
    """Every row's findings: the cells' (:attr:`cells`), the rules' (:attr:`outcome`), duplicates'.

    Row ``i`` is the ``i``-th row given (0-based); findings carry no sheet row
    number (the caller places them).
    """

    members: MemberColumns
    outcome: Outcome
    cells: Mapping[int, Sequence[Finding]]
    later: Mapping[int, Sequence[Finding]]

    def __len__(self) -> int:
        return len(self.members)

    def findings(self, i: int) -> tuple[Finding, ...]:
        """Row ``i``'s findings: cells first, then the rules', then duplicates and required cells."""
        return (*self.cells.get(i, ()), *self.outcome.findings(i), *self.later.get(i, ()))

    def all_findings(self) -> list[tuple[Finding, ...]]:
        """Every row's findings (an empty tuple for clean rows)."""
        rows = self.outcome.all_findings()
        for i in {*self.cells, *self.later}:
            rows[i] = (*self.cells.get(i, ()), *rows[i], *self.later.get(i, ()))
        return rows

    def codes(self) -> list[list[str]]:
        """Each row's finding codes, in order."""
        codes = self.outcome.codes()
        for i, found in self.cells.items():
            codes[i][:0] = [f.code for f in found]
        for i, found in self.later.items():
            codes[i] += [f.code for f in found]
        return codes

    def status(self) -> npt.NDArray[np.int8]:
        """Per row 0 accepted, 1 needs_material, 2 rejected."""
        status = self.outcome.status().copy()
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

    def col(field: str) -> Cells:
        return cells.get(field, none)

    # --- name
    c_name = column("name")
    names = _clean_texts(col("name"))
    if "name" in cells and "" in names:
        for i in [i for i, name in enumerate(names) if not name]:
            found.add(i, make("field.required", column=c_name, field="name"))
    # --- ID type
    types: Any = np.full(n, _RESIDENT, dtype=np.int8)
    if "id_type" in cells:
        memo = _choices(IdType)
        codes = {k: ID_TYPES.index(v) for k, v in memo.items()}
        allowed = "、".join(IdType.labels())
        types = [
            codes.get(v, -2) if v.__class__ is str else _RESIDENT if v is None else -2
            for v in cells["id_type"]
        ]
        for i in [i for i, t in enumerate(types) if t == -2]:
            tv = cells["id_type"][i]
            got = _choice(memo, IdType, tv)
            if got is None:
                types[i] = INVALID
                found.add(i, _not_a_choice(column, "id_type", tv, allowed))
            else:
                types[i] = ID_TYPES.index(got)
        types = np.array(types, dtype=np.int8)
    usable = types >= 0
    # --- ID number
    c_id = column("id_number")
    given_ids = col("id_number")
    ids, fast = _resident_texts(given_ids)
    carries = np.isin(types, list(_CARRIES))
    slow = np.flatnonzero((types >= 0) & ~(fast & carries)).tolist()
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
                    else make("id.format", column=c_id, field="id_number", problem=_id_problem(text))
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
        at_once = _gender_codes(gender_text, gcodes)
        genders = (
            at_once
            if at_once is not None
            else np.array(
                [
                    gcodes.get(v, INVALID)
                    if v.__class__ is str
                    else UNKNOWN
                    if v is None
                    else INVALID
                    for v in gender_text
                ],
                dtype=np.int8,
            )
        )
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
        births, birth_given = [_NAT_DAYS] * n, [False] * n
        c_birth = column("birth_date")
        for i, bv in enumerate(cells["birth_date"]):
            if bv is None:
                continue
            if bv.__class__ is date:
                births[i] = bv.toordinal() - _EPOCH
                birth_given[i] = True
                continue
            try:
                day = date_cell(bv)
            except InvalidDate:
                birth_given[i] = True
                if types[i] >= 0 and (usable[i] or types[i] not in _CARRIES):
                    found.add(
                        i,
                        make(
                            "field.invalid_date",
                            column=c_birth,
                            field="birth_date",
                            value=cell_text(bv),
                        ),
                    )
                continue
            if day is not None:
                births[i] = day.toordinal() - _EPOCH
                birth_given[i] = True
    # --- mobile
    mobiles: list[str | None] = [None] * n
    if "mobile" in cells:
        c_mobile = column("mobile")
        mobile_required = "mobile" in required
        given_mobiles = cells["mobile"]
        fine = _normalized_mobiles(given_mobiles)
        mobiles = (
            list(given_mobiles)  # type: ignore[arg-type]
            if fine.all()
            else [v if ok else None for v, ok in zip(given_mobiles, fine.tolist(), strict=True)]  # type: ignore[misc]
        )
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
        memo_b: dict[object, bool] = dict(_BOOL_MEMO)
        values = cells[field]
        got_b: list[Any] = [
            memo_b.get(v) if v.__class__ is str else default if v is None else None for v in values
        ]
        for i in [i for i, g in enumerate(got_b) if g is None]:
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
        flags[field] = got_b
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
        for i, v in enumerate(cells[field]):
            if v is None:
                continue
            got = memo.get(v) if v.__class__ is str else None
            if got is None:
                got = _choice(memo, enum, v)
            if got is None:
                found.add(i, _not_a_choice(column, field, v, allowed))
            elif field == "risk_class":
                risks[i] = RISK_CLASSES.index(got)
            else:
                mits[i] = got
    # --- plan, tier and shares
    plan = rules.plan
    if "plan_code" in cells:
        plan_names = {tier_key(plan.code), tier_key(plan.name)}
        for i, pv in enumerate(cells["plan_code"]):
            if pv is not None and tier_key(cell_text(pv)) not in plan_names:
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
        tiers = _objects([None if v is None else cell_text(v) or None for v in cells["tier_code"]])
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
        name=_objects(names),
        id_type=np.array(types, dtype=np.int8),
        id_number=_objects(ids),
        gender=np.array(genders, dtype=np.int8),
        birth=np.array(births, dtype=np.int64).view("M8[D]"),
        birth_given=np.array(birth_given, dtype=bool),
        retired=np.array(flags["retired"], dtype=bool),
        risk_class=risks,
        dispatched=np.array(flags["dispatched"], dtype=bool),
        own_social_security=np.array(flags["own_social_security"], dtype=bool),
        tier=tiers,
        shares=shares,
        mobile=_objects(mobiles),
        medical_insurance_type=mits,
        gig_worker=np.array(flags["gig_worker"], dtype=bool),
        usable=np.array(usable, dtype=bool),
        shares_given=shares_given,
        gender_text=_objects(gender_text) if "gender" in cells else None,
    )
    outcome = evaluate_members(members, rules, column=column, age_column=age_column)
    later = _after_rules(members, outcome, cells, required, column, numbers, earlier, first_rows)
    return CheckedRows(members, outcome, found.rows, later.rows)


def person_keys(members: MemberColumns, outcome: Outcome) -> list[str]:
    """What makes two rows the same person: the resident ID number, else ``type:number``.

    Rows that are not people (an ID number refused) have the key ``""``.
    """
    types = members.id_type.tolist()
    valid = outcome.facts.id_valid.tolist()
    if all(valid) and not any(t != _RESIDENT for t in types):
        return members.id_number.tolist()  # type: ignore[no-any-return]
    return [
        ("" if not ok else number if t == _RESIDENT else f"{ID_TYPES[t]}:{number}")
        for number, t, ok in zip(members.id_number.tolist(), types, valid, strict=True)
    ]


_HASH_BITS: Final = 22
_HASH_SHIFT: Final = np.uint64(64 - _HASH_BITS)
_SPREAD: Final = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing


def _first_occurrences(
    keys: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The positions whose key came before (ascending), and the position of its first occurrence.

    >>> [a.tolist() for a in _first_occurrences(np.array([5, 7, 5, 9, 7, 5]))]
    [[2, 4, 5], [0, 1, 0]]
    """
    ordered = np.sort(keys)  # a plain sort is much faster than an argsort: find the repeated keys
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not len(repeated):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    # the rows holding a repeated key: a table of hashed keys narrows them down, then exactly
    hashed = (keys.view(np.uint64) * _SPREAD) >> _HASH_SHIFT
    table = np.zeros(1 << _HASH_BITS, dtype=bool)
    table[(repeated.view(np.uint64) * _SPREAD) >> _HASH_SHIFT] = True
    at = np.flatnonzero(table[hashed])
    at = at[np.isin(keys[at], repeated)]  # ascending
    order = np.argsort(keys[at], kind="stable")
    rows, grouped = at[order], keys[at][order]
    starts = np.ones(len(rows), dtype=bool)
    starts[1:] = grouped[1:] != grouped[:-1]
    firsts = rows[np.maximum.accumulate(np.where(starts, np.arange(len(rows)), 0))]
    again = np.flatnonzero(~starts)
    back = np.argsort(rows[again])
    return rows[again][back], firsts[again][back]


def _repeats(mine: list[str], people: list[int], numbers: Sequence[int]) -> list[tuple[int, int]]:
    """``(row index, first row number)`` of each person seen before, ``mine`` their keys."""
    grid = _joined(mine, 18)
    if grid is not None:  # resident ID numbers only: each as one integer
        again, firsts = _first_occurrences(resident_id_keys(grid))
        return [
            (people[j], numbers[people[f]])
            for j, f in zip(again.tolist(), firsts.tolist(), strict=True)
        ]
    repeats: list[tuple[int, int]] = []
    seen: dict[str, int] = {}
    first_of = seen.setdefault
    for j, i in enumerate(people):
        first_at = first_of(mine[j], i)
        if first_at != i:
            repeats.append((i, numbers[first_at]))
    return repeats


def _after_rules(
    members: MemberColumns,
    outcome: Outcome,
    cells: Mapping[str, Cells],
    required: frozenset[str],
    column: Callable[[str], str],
    numbers: Sequence[int],
    earlier: Mapping[str, int] | None,
    first_rows: Mapping[str, int] | None,
) -> _Found:
    """Duplicates among the people, and required cells the ID number does not answer."""
    found = _Found()
    facts = outcome.facts
    c_id = column("id_number")
    at = np.flatnonzero(facts.id_valid)
    people = at.tolist()
    repeats: list[tuple[int, int]] = []  # (row index, first row number)
    keys: list[str] = []
    if first_rows is None and not earlier and bool((members.id_type[at] == _RESIDENT).all()):
        repeats = _repeats(members.id_number[at].tolist(), people, numbers)
    elif first_rows is None:
        keys = person_keys(members, outcome)
        repeats = _repeats([keys[i] for i in people], people, numbers)
    else:
        keys = person_keys(members, outcome)
        for i in people:
            first_row = first_rows.get(keys[i])
            if first_row is not None and first_row != numbers[i]:
                repeats.append((i, first_row))
    repeated = {i for i, _ in repeats}
    if earlier:
        for i in people:
            before = earlier.get(keys[i])
            if before is not None and i not in repeated:
                found.add(
                    i,
                    make(
                        "id.duplicate",
                        column=c_id,
                        field="id_number",
                        first_row=before,
                        where="已导入名单",
                    ),
                )
    for i, first_row in repeats:
        found.add(
            i, make("id.duplicate", column=c_id, field="id_number", first_row=first_row, where="")
        )
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
