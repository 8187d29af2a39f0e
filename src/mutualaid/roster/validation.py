"""Checking a roster row by row and as a whole, fast enough for 100,000 rows.

Two steps. :meth:`RosterRules.from_pack` asks the rule pack, *once per
roster*, everything the rows are judged by: the plan and its tiers, the age
limits, the over-age rule, the row limit, the template columns, which hooks
the pack implements itself. :func:`validate_rows` then checks the rows
column by column (:func:`~mutualaid.roster.member_cells.check_member_cells`:
the cells read into typed columns, then the one columnar evaluator of the
member rules, :mod:`mutualaid.rules.columnar`, the same that judges one
member in the life cycle and a population in :mod:`mutualaid.batch`), adds
the roster's own findings, and returns a
:class:`~mutualaid.roster.report.RosterReport`. :func:`check_roster` does
both for a file.

A pack's own ``mutualaid_member_findings`` is asked per member and its
whole answer is reported, a core code such as ``age.above_maximum``
included; a pack's own ``mutualaid_roster_findings`` likewise (its
implementations only: the core's roster rules are this module's).

>>> from datetime import date
>>> from mutualaid.model import CoveragePeriod, Plan, PlanKind, Tier, Contribution
>>> from mutualaid.roster.readers import RawRow
>>> plan = Plan("YY-HOSP-2026", "职工住院医疗保障项目2026", PlanKind.HOSPITALIZATION_MEDICAL,
...             CoveragePeriod.calendar_year(2026), (Tier("T60", "60元档位", Contribution(60)),))
>>> from mutualaid.rules.results import AgeLimits
>>> rules = RosterRules(plan, on=date(2026, 1, 1), age_limits=AgeLimits(16, 65))
>>> rows = [
...     RawRow(2, {"name": "张三", "id_number": "110105198801010014"}, False, ()),
...     RawRow(3, {"name": "李四", "id_number": "110105198801010015"}, False, ()),
...     RawRow(4, {"name": None, "id_number": None}, True, ()),
...     RawRow(5, {"name": "王五", "id_number": "110105198801010014"}, False, ()),
... ]
>>> report = validate_rows(rows, rules)
>>> print(report.summary)
rows 3: accepted 1, needs_material 0, rejected 2, blank 1; amount due 60.00
>>> for row in report.rows():
...     print(row.row, row.status.value, [f.code for f in row.findings])
2 accepted []
3 rejected ['id.checksum']
5 rejected ['id.duplicate']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from itertools import repeat
from pathlib import Path
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.errors import MissingColumn
from mutualaid.model.columns import CANONICAL_COLUMNS, FIELDS
from mutualaid.model.kinds import Gender, IdType, RiskClass
from mutualaid.model.plan import Plan
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.money import ZERO
from mutualaid.roster.findings import make
from mutualaid.roster.headers import HeaderMap
from mutualaid.roster.member_cells import CheckedRows, check_member_cells
from mutualaid.roster.readers import CellColumns, Engine, RawRow, open_roster
from mutualaid.roster.report import (
    Passed,
    Rejected,
    RosterReport,
    _gc_paused,
    _PassedRows,
    tier_codes,
)
from mutualaid.roster.roster_rules import RosterRules
from mutualaid.rules.columnar.columns import ID_TYPES, MALE, RISK_CLASSES, UNKNOWN
from mutualaid.rules.columnar.evaluator import Outcome
from mutualaid.rules.engine import PackView, RuleEngine
from mutualaid.rules.findings import Finding, Severity

__all__ = ["RosterRules", "check_file", "check_roster", "validate_rows"]

_PROGRESS_EVERY: Final = 4096
_NO_ID: Final = np.array([""], dtype=object)
#: The optional member facts, in :class:`~mutualaid.model.member.Member` order.
_EXTRA_FIELDS: Final = FIELDS[FIELDS.index("medical_insurance_type") : FIELDS.index("plan_code")]
#: Chinese names of the fields a pack's template may leave out (for findings' columns).
_LABELS: Final = {
    "medical_insurance_type": "医保类型",
    "gig_worker": "新业态从业者",
    "retired": "是否已退休",
    "risk_class": "风险类别",
    "dispatched": "劳务派遣人员",
    "own_social_security": "本单位社保",
    "plan_code": "保障计划",
    "tier_code": "档位",
    "shares": "份数",
}


def _column_namer(rules: RosterRules, headers: HeaderMap | None) -> Callable[[str], str]:
    """A field's column as the file names it (else the template's header, else its label)."""
    template = {c.field: c for c in (*rules.columns, *CANONICAL_COLUMNS)}
    memo: dict[str, str] = {}

    def column(field: str) -> str:
        known = memo.get(field)
        if known is not None:
            return known
        header = headers.header_of(field) if headers is not None else None
        if not header:
            col = template.get(field)
            header = col.header if col is not None else _LABELS.get(field, field)
        memo[field] = header
        return header

    return column


def validate_rows(
    rows: Iterable[RawRow],
    rules: RosterRules,
    *,
    headers: HeaderMap | None = None,
    file: str | None = None,
    declared: int | None = None,
    accepted: RosterReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> RosterReport:
    """Check ``rows`` against ``rules``; every row comes out accepted, needs_material or rejected.

    :param rows: raw rows (:meth:`RosterSource.rows <mutualaid.roster.readers.RosterSource.rows>`).
    :param headers: the file's header map, so findings name the columns as the file does.
    :param file: the file name, for the report.
    :param declared: the declared headcount, compared with the rows that go through.
    :param accepted: an earlier report whose members are already accepted
        (re-import of fixed rows): its ID numbers count as duplicates.
    :param progress: called with the number of member rows read so far, every
        4,096 rows, while the rows are read.
    """
    order = tuple(
        dict.fromkeys(
            (*FIELDS, *(c.field for c in rules.columns), *(headers.fields if headers else ()))
        )
    )
    numbers: list[int] = []
    cells: list[tuple[object, ...]] = []
    raws: list[tuple[object, ...]] = []
    blank = 0
    with _gc_paused():  # a tuple per row, none of them in a cycle
        for raw in rows if progress is None else _counted(rows, progress):
            if raw.blank:
                blank += 1
                continue
            numbers.append(raw.row)
            get = raw.values.get
            cells.append(tuple([get(f) for f in order]))
            raws.append(raw.raw)
        columns = list(zip(*cells, strict=True)) if cells else [()] * len(order)  # transposed once
    del cells
    present = set(headers.fields) if headers is not None else None
    table = _Table(
        numbers,
        {f: c for f, c in zip(order, columns, strict=True) if present is None or f in present},
        blank,
        raws.__getitem__,
    )
    del columns
    return _validate(table, rules, headers, file, declared, accepted)


def _counted(rows: Iterable[RawRow], progress: Callable[[int], None]) -> Iterator[RawRow]:
    """``rows``, calling ``progress`` with the count of member rows read every few thousand."""
    members = 0
    for raw in rows:
        if not raw.blank:
            members += 1
            if not members % _PROGRESS_EVERY:
                progress(members)
        yield raw


@attrs.define
class _Table:
    """The rows to check, column by column.

    :param numbers: the rows' sheet numbers (blank rows left out).
    :param cells: field -> its column's cells (only the fields the file has).
    :param blank: how many blank rows lay between them.
    :param raw: the ``i``-th row's cells as read (kept for a rejected row).
    """

    numbers: Sequence[int]
    cells: dict[str, Sequence[object]]
    blank: int
    raw: Callable[[int], tuple[object, ...]]


def _validate(
    table: _Table,
    rules: RosterRules,
    headers: HeaderMap | None,
    file: str | None,
    declared: int | None,
    accepted: RosterReport | None,
) -> RosterReport:
    """:func:`validate_rows` of a :class:`_Table` (its cells let go once checked)."""
    with _gc_paused():  # many small long-lived objects and no cycles among them
        return _validate_all(table, rules, headers, file, declared, accepted)


def _validate_all(
    table: _Table,
    rules: RosterRules,
    headers: HeaderMap | None,
    file: str | None,
    declared: int | None,
    accepted: RosterReport | None,
) -> RosterReport:
    numbers = table.numbers
    present = set(headers.fields) if headers is not None else None
    column = _column_namer(rules, headers)
    has_birth = present is not None and "birth_date" in present
    checked = check_member_cells(
        table.cells,
        len(numbers),
        rules.member_rules,
        column=column,
        required=frozenset(c.field for c in rules.columns if c.required),
        row_numbers=numbers,
        earlier=dict(accepted._keys()) if accepted is not None else None,
        age_column=column("birth_date") if has_birth else column("id_number"),
    )
    table.cells = {}  # the cells as read: only rejected rows' are kept, from here
    extras = present is None or any(f in present for f in _EXTRA_FIELDS)
    at, passed, rejected = _sort_rows(checked, numbers, table.raw, file, column, extras)
    extra: list[Finding] = []
    if headers is not None:
        for field, _indexes in headers.duplicates:
            extra.append(make("header.duplicate_column", column=column(field), field=field))
    roster_findings = _roster_findings(rules, passed, len(numbers), declared, accepted)
    return RosterReport(
        rules=rules,
        files=(file,) if file else (),
        passed=passed,
        rejected=rejected,
        blank=table.blank,
        roster_findings=(*extra, *roster_findings),
        headers=headers,
        amount_due=_amount(rules, checked.outcome, at, passed),
    )


def _sort_rows(
    checked: CheckedRows,
    numbers: Sequence[int],
    raw: Callable[[int], tuple[object, ...]],
    file: str | None,
    column: Callable[[str], str],
    extras: bool,
) -> tuple[npt.NDArray[np.intp], Sequence[Passed], list[Rejected]]:
    """The rows that go through (their indexes, and as :data:`Passed`) and the rejected rows.

    Findings name their columns as the file does (their rows are placed when
    the report is asked for them); only the rows with findings are looked at
    one by one. The rows that go through
    are kept as columns (:class:`~mutualaid.roster.report._PassedRows`) when
    their numbers are integers from 0, else made into tuples at once.
    """
    n = len(numbers)
    rejected: list[Rejected] = []
    flagged: dict[int, tuple[Finding, ...]] = {}  # row index -> placed findings, going through
    refused: list[int] = []
    for i, found in sorted(checked.found_rows().items()):
        findings = tuple(_with_column(f, column) for f in found)
        if any(f.severity is Severity.ERROR for f in findings):
            rejected.append((numbers[i], findings, raw(i), file))
            refused.append(i)
        else:
            flagged[i] = findings
    keep = np.ones(n, dtype=bool)
    keep[refused] = False
    at = np.flatnonzero(keep)
    make = _passed_maker(checked, numbers, at, flagged, file, extras)
    every = np.zeros(0, dtype=np.int64)
    if n:
        if set(map(type, numbers)) != {int}:
            return at, make(None), rejected
        try:
            every = np.asarray(numbers, dtype=np.int64)
        except OverflowError:  # a number past 64 bits: refused as before, unless one is negative
            if min(numbers) >= 0:
                raise
            return at, make(None), rejected
        if every.min() < 0:
            return at, make(None), rejected
    rows = every[at]
    positions = np.searchsorted(at, np.fromiter(flagged, dtype=np.intp, count=len(flagged)))
    by_position = dict(zip(positions.tolist(), flagged.values(), strict=True))
    tiers = checked.outcome.facts.tier

    def tiers_going_through() -> set[str]:
        codes = set(tiers[at].tolist())
        codes.discard(None)
        return codes

    return at, _PassedRows(rows, by_position, make, tiers_going_through), rejected


def _passed_maker(
    checked: CheckedRows,
    numbers: Sequence[int],
    at: npt.NDArray[np.intp],
    flagged: Mapping[int, tuple[Finding, ...]],
    file: str | None,
    extras: bool,
) -> Callable[[npt.NDArray[np.intp] | None], list[Passed]]:
    """Makes the :data:`Passed` tuples of the rows going through (``at``), at positions among them."""
    members = checked.members
    facts = checked.outcome.facts
    names, id_types, id_numbers, mobiles = (
        members.name,
        members.id_type,
        members.id_number,
        members.mobile,
    )
    valid, gender, birth, tier, shares = (
        facts.id_valid,
        facts.gender,
        facts.birth,
        facts.tier,
        facts.shares,
    )
    more = (
        (
            members.medical_insurance_type,
            members.gig_worker,
            members.retired,
            members.risk_class,
            members.dispatched,
            members.own_social_security,
        )
        if extras
        else None
    )

    def make(positions: npt.NDArray[np.intp] | None) -> list[Passed]:
        rows = at if positions is None else at[positions]
        index = rows.tolist()
        types = [ID_TYPES[t] if t >= 0 else IdType.OTHER for t in id_types[rows].tolist()]
        genders = [
            None if g == UNKNOWN else Gender.MALE if g == MALE else Gender.FEMALE
            for g in gender[rows].tolist()
        ]
        ids = id_numbers[rows].tolist()
        ok = valid[rows]
        if not ok.all():
            ids = np.where(ok, id_numbers[rows], _NO_ID).tolist()
        facts_of: Iterable[tuple[object, ...] | None]
        if more is not None:
            mit, gig, retired, risk, dispatched, own = (c[rows].tolist() for c in more)
            risks = [RISK_CLASSES[r] for r in risk]
            facts_of = zip(mit, gig, retired, risks, dispatched, own, strict=True)
        else:
            facts_of = repeat(None, len(index))
        return list(
            zip(
                [numbers[i] for i in index],
                names[rows].tolist(),
                types,
                ids,
                genders,
                birth[rows].astype(object).tolist(),
                mobiles[rows].tolist(),
                facts_of,
                tier[rows].tolist(),
                shares[rows].tolist(),
                [flagged.get(i) for i in index],
                repeat(file),
                strict=False,
            )
        )

    return make


def _with_column(f: Finding, column: Callable[[str], str]) -> Finding:
    """``f`` naming its field's column as the file does (its row is placed when asked)."""
    if f.column is None and f.field is not None:
        return attrs.evolve(f, column=column(f.field))
    return f


def _roster_findings(
    rules: RosterRules,
    passed: Sequence[Passed],
    members: int,
    declared: int | None,
    accepted: RosterReport | None,
) -> list[Finding]:
    explanations = rules.explanations
    found: list[Finding] = []
    if rules.max_rows is not None and members > rules.max_rows:
        found.append(
            make(
                "roster.row_limit", rows=members, maximum=rules.max_rows, limit=rules.max_rows
            ).explained(explanations.get("roster.row_limit"))
        )
    if not members and accepted is None:
        found.append(make("roster.empty"))
    if not 1 <= rules.shares <= rules.plan.max_shares:
        found.append(
            make(
                "roster.shares_out_of_range",
                field="shares",
                shares=rules.shares,
                maximum=rules.plan.max_shares,
            )
        )
    earlier: Sequence[Passed] = accepted._passed if accepted is not None else ()
    if rules.single_tier:
        tiers = sorted(tier_codes(earlier) | tier_codes(passed))
        if len(tiers) > 1:
            found.append(
                make("roster.tier_mixed", field="tier_code", tiers="、".join(tiers)).explained(
                    explanations.get("roster.tier_mixed")
                )
            )
    if declared is not None:
        enrolled = len(earlier) + len(passed)
        if enrolled != declared:
            found.append(
                make(
                    "roster.count_mismatch",
                    severity=Severity.ERROR if rules.count_must_equal else Severity.WARNING,
                    enrolled=enrolled,
                    declared=declared,
                    label="申报人数",
                ).explained(explanations.get("roster.count_mismatch"))
            )
    pack = rules.pack
    if pack is not None and "mutualaid_roster_findings" in rules.pack_hooks:
        everyone: list[Passed] = [*earlier, *passed]
        roster = Roster(
            rules.plan.code,
            tuple(
                RosterEntry(RosterReport._member(p), rules.plan.code, p[8], p[9]) for p in everyone
            ),
        )
        for f in pack.own_findings(
            "mutualaid_roster_findings", roster=roster, plan=rules.plan, on=rules.on
        ):
            index = f.params.get("entry_index")
            if isinstance(index, int) and 0 <= index < len(everyone):
                f = f.at_row(everyone[index][0])
            found.append(f)
    return found


def _amount(
    rules: RosterRules, outcome: Outcome, at: npt.NDArray[np.intp], passed: Sequence[Passed]
) -> Decimal:
    """What the rows that go through (row indexes ``at``) cost: the evaluator's prices, in fen, summed."""
    if not len(at):
        return ZERO
    member = outcome.member_fen[at]
    unpriced = np.flatnonzero(member < 0)
    if len(unpriced):
        p = passed[int(unpriced[0])]
        risk = p[7][3] if p[7] is not None else RiskClass.NORMAL
        rules.price(p[8], risk, p[9])  # type: ignore[arg-type]  # raises UnknownPlan: no tier
    total = int(member.sum()) + int(outcome.subsidy_fen[at].sum())
    return Decimal(total).scaleb(-2)


def check_roster(
    path: str | Path,
    *,
    pack: str | PackView,
    plan: str | Plan,
    tier: str | None = None,
    shares: int = 1,
    on: date | None = None,
    declared: int | None = None,
    engine: Engine | None = None,
    sheet: str | None = None,
    accepted: RosterReport | None = None,
    rule_engine: RuleEngine | None = None,
    progress: Callable[[int], None] | None = None,
) -> RosterReport:
    """Read and check a roster file: the whole job of ``mutualaid check``.

    :param pack: a pack name (looked up among the installed packs) or a
        :class:`~mutualaid.rules.engine.PackView`.
    :param plan: the plan's code (or the plan).
    :param tier: the tier for rows that name none (optional when the plan has one tier).
    :param shares: the shares for rows that give none.
    :param on: the day ages are judged at; default the plan's coverage start.
    :param declared: the declared headcount (``roster.count_mismatch``).
    :param engine: the .xlsx reader, ``"auto"`` (default), ``"numpy"``, ``"calamine"`` or ``"openpyxl"``.
    :param sheet: the sheet to read (default: the first with the required columns).
    :param accepted: an earlier report of the same application (re-import of fixed rows).
    :param rule_engine: where to look ``pack`` up by name (default: the installed packs).
    :param progress: called with the number of member rows read, once per 4,096
        rows (all at once when the file has been read: the readers hand out
        whole columns).
    :raises RosterFileError: the file is not a readable roster (see docs/roster-files.md).
    :raises UnknownPack, UnknownPlan: no such pack, plan or tier.

    A header row without a required column is not raised: the report holds
    one ``header.missing_column`` finding and no rows.
    """
    if isinstance(pack, str):
        rule_engine = rule_engine or RuleEngine.from_entry_points(names=[pack])
        pack = rule_engine.pack(pack)
    rules = RosterRules.from_pack(pack, plan, tier=tier, shares=shares, on=on)
    return check_file(
        path,
        rules,
        declared=declared,
        engine=engine,
        sheet=sheet,
        accepted=accepted,
        progress=progress,
    )


def check_file(
    path: str | Path,
    rules: RosterRules,
    *,
    declared: int | None = None,
    engine: Engine | None = None,
    sheet: str | None = None,
    accepted: RosterReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> RosterReport:
    """Read and check a roster file against rules already asked of the pack.

    The same as :func:`check_roster` after :meth:`RosterRules.from_pack`
    (used to re-import fixed rows under the first import's rules).
    """
    path = Path(path)
    try:
        source = open_roster(path, columns=rules.columns, sheet=sheet, engine=engine or "auto")
    except MissingColumn as exc:
        finding = make(
            "header.missing_column",
            row=exc.location.row if exc.location is not None else None,
            missing="、".join(exc.details.get("missing", ())),
            detail=str(exc),
        )
        return RosterReport(
            rules=rules,
            files=(path.name,),
            passed=[],
            rejected=[],
            blank=0,
            roster_findings=(finding,),
            headers=None,
            amount_due=ZERO,
        )
    with source:  # read every row, then let the reader's sheet go before the check
        header_map = source.header_map
        table = _file_table(source.cell_columns(), header_map)
        reader_findings = tuple(source.findings)  # error cells, notes rows, stray quotes
    del source
    if progress is not None:  # the rows are read at once: the counts the reading passed
        for rows in range(_PROGRESS_EVERY, len(table.numbers) + 1, _PROGRESS_EVERY):
            progress(rows)
    report = _validate(table, rules, header_map, path.name, declared, accepted)
    if reader_findings:
        report.roster_findings = (*report.roster_findings, *reader_findings)
    return report


def _file_table(read: CellColumns, header_map: HeaderMap) -> _Table:
    """A file's columns as the check reads them: the header map's fields, a rejected row's cells."""
    none: Sequence[object] = (None,) * len(read)
    columns = read.columns
    cells = {f: columns[i] if i < len(columns) else none for f, i in header_map.fields.items()}
    return _Table(read.numbers, cells, read.blank, read.row)
