"""The result of checking a roster: every row's status and findings, and a summary.

:class:`RosterReport` is what :func:`~mutualaid.roster.validation.check_roster`
and :func:`~mutualaid.roster.validation.validate_rows` return. It is compact
(the rows that went through are kept as the check's columns, a small tuple
each made only when asked; findings only for rows that have some) and gives,
on demand:

* :meth:`RosterReport.rows`: one :class:`RowResult` per input row, in order,
  with its sheet row number, :class:`RowStatus` and findings;
* :attr:`RosterReport.summary`: counts and the amount due (:class:`Summary`);
* :meth:`RosterReport.members` / :meth:`RosterReport.roster`: model objects
  for the rows that go through;
* :meth:`RosterReport.to_json`: the JSON ``mutualaid check --format json`` prints;
* :meth:`RosterReport.to_dataframe` (pandas, when installed) and
  ``_repr_html_`` (a table in a notebook, ID numbers masked);
* :meth:`RosterReport.merge`: an earlier report plus the re-import of its fixed rows.

>>> from datetime import date
>>> from mutualaid.model import CoveragePeriod, Plan, PlanKind, Tier, Contribution
>>> from mutualaid.roster.readers import RawRow
>>> from mutualaid.roster.validation import RosterRules, validate_rows
>>> plan = Plan("P1", "住院医疗", PlanKind.HOSPITALIZATION_MEDICAL,
...             CoveragePeriod.calendar_year(2026), (Tier("T60", "60元档位", Contribution(60)),))
>>> report = validate_rows(
...     [RawRow(2, {"name": "张三", "id_number": "110105198801010014"}, False, ("张三", "110105198801010014")),
...      RawRow(3, {"name": None, "id_number": "11010519880101001"}, False, (None, "11010519880101001"))],
...     RosterRules(plan, date(2026, 1, 1)), file="名单.xlsx")
>>> report
<RosterReport 名单.xlsx P1: rows 2: accepted 1, needs_material 0, rejected 1, blank 0; amount due 60.00>
>>> [(r.row, r.status.label) for r in report]
[(2, '通过'), (3, '未通过')]
>>> print(report.failed()[0].findings[1])
[error] id.format: 证件号码格式不正确：共17位，应为18位 (row 3, column 证件号码, field id_number)
>>> report.members()[0]
Member(name='张三', id_type=<IdType.RESIDENT_ID: 'resident_id'>, id_number='110105********0014', ...)
>>> report.blocking, report.exit_code
(True, 1)
"""

from __future__ import annotations

import functools
import gc
import heapq
import html
import json
import operator
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, TextIO, overload

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid._arrays import unique
from mutualaid.messages.english import FINDINGS
from mutualaid.model.application import Application, ApplicationLine
from mutualaid.model.kinds import Gender, IdType, RiskClass
from mutualaid.model.member import Member
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.privacy import mask_id_number, mask_mobile
from mutualaid.roster.headers import HeaderMap
from mutualaid.rules.findings import Finding, Severity

if TYPE_CHECKING:
    import pandas

    from mutualaid.roster.roster_rules import RosterRules

__all__ = ["Passed", "Rejected", "RosterReport", "RowResult", "RowStatus", "Summary"]

#: A row that went through: (row, name, id_type, id_number, gender, birth_date,
#: mobile, extra member facts or None, tier_code, shares, findings or None, file).
Passed = tuple[
    int,
    str,
    IdType,
    str,
    Gender | None,
    date | None,
    str | None,
    tuple[object, ...] | None,
    str | None,
    int,
    tuple[Finding, ...] | None,
    str | None,
]
#: A rejected row: (row, findings, the row's cells as read, file).
Rejected = tuple[int, tuple[Finding, ...], tuple[object, ...], str | None]

#: The compact JSON of a clean row of a one-file report (``json.dumps`` gives the same).
_CLEAN_ROW: Final = '{"row":%d,"status":"accepted","findings":[]}'
#: Rows per piece of :meth:`RosterReport.json_chunks`.
_CHUNK_ROWS: Final = 4096
_FILE_ROW: Final = operator.itemgetter(0, 1)
_KIND_KEY: Final = operator.itemgetter(0, 1, 2)
_COMPACT: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(data: object) -> str:
    """Compact JSON, non-ASCII kept (the C encoder: no indent)."""
    return _COMPACT.encode(data)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made.

    Each generation-0 collection would otherwise walk every young object
    again; the objects made here hold no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class RowStatus(StrEnum):
    """What became of an input row."""

    ACCEPTED = "accepted"
    NEEDS_MATERIAL = "needs_material"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """The Chinese word for it.

        >>> RowStatus.NEEDS_MATERIAL.label
        '需补充材料'
        """
        return {"accepted": "通过", "needs_material": "需补充材料", "rejected": "未通过"}[
            self.value
        ]


_ACCEPTED: Final = RowStatus.ACCEPTED.value
_REJECTED: Final = RowStatus.REJECTED.value


@attrs.frozen
class Summary:
    """Counts over the input rows and what the rows that go through cost.

    ``rows`` counts member rows (blank rows apart): ``rows == accepted +
    needs_material + rejected``. ``amount_due`` is for accepted and
    needs_material rows, two places.

    >>> s = Summary(3, 1, 1, 1, 2, Decimal("120.00"))
    >>> s.to_dict()
    {'rows': 3, 'accepted': 1, 'needs_material': 1, 'rejected': 1, 'blank': 2, 'amount_due': '120.00'}
    >>> s.going_through
    2
    """

    rows: int
    accepted: int
    needs_material: int
    rejected: int
    blank: int
    amount_due: Decimal

    @property
    def going_through(self) -> int:
        """Accepted plus needs_material: the members enrolled."""
        return self.accepted + self.needs_material

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (amount as text)."""
        return {
            "rows": self.rows,
            "accepted": self.accepted,
            "needs_material": self.needs_material,
            "rejected": self.rejected,
            "blank": self.blank,
            "amount_due": f"{self.amount_due:.2f}",
        }

    def __str__(self) -> str:
        return (
            f"rows {self.rows}: accepted {self.accepted}, needs_material {self.needs_material}, "
            f"rejected {self.rejected}, blank {self.blank}; amount due {self.amount_due:.2f}"
        )


@attrs.frozen(repr=False)
class RowResult:
    """One input row: its sheet row number, status, findings and member.

    :param row: the row number as the spreadsheet shows it.
    :param status: :class:`RowStatus`.
    :param findings: what was found (empty for a clean row).
    :param member: the member, for rows that go through (``None`` when rejected).
    :param tier_code: the row's tier.
    :param shares: the row's shares.
    :param cells: a rejected row's cells as read (for the error workbook), else ``()``.
    :param file: the file the row came from.
    """

    row: int
    status: RowStatus
    findings: tuple[Finding, ...]
    member: Member | None = None
    tier_code: str | None = None
    shares: int = 1
    cells: tuple[object, ...] = ()
    file: str | None = None

    def __repr__(self) -> str:
        codes = ", ".join(f.code for f in self.findings)
        return f"RowResult(row={self.row}, status={self.status.value!r}, findings=[{codes}])"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"row", "status", "findings"}`` (and ``"file"`` when merged)."""
        data: dict[str, Any] = {
            "row": self.row,
            "status": self.status.value,
            "findings": [_finding_dict(f) for f in self.findings],
        }
        return data


def _finding_dict(f: Finding, *, row: bool = False, at: int | None = None) -> dict[str, Any]:
    """A finding's JSON form (with its ``row`` when asked); ``at``: the row it is placed on.

    A row's findings are stored without their row (:func:`_placed` places
    them when asked); their English reads the same on any row unless its
    template names the row.
    """
    if at is not None and f.row != at and _names_row(f.code):
        f = f.at_row(at)
    data: dict[str, Any] = {
        "code": f.code,
        "severity": f.severity.value,
        "column": f.column,
        "message": f.message,
        "message_en": f.text("en"),
    }
    if row:
        data["row"] = f.row
    return data


@functools.cache
def _names_row(code: str) -> bool:
    """Whether the English of ``code`` names the row it is on."""
    return "{row" in FINDINGS.get(code, "")


def _row_data(row: int, status: str, found: tuple[Finding, ...] | None) -> dict[str, Any]:
    """A row's JSON form: ``{"row", "status", "findings"}``."""
    return {
        "row": row,
        "status": status,
        "findings": [_finding_dict(f, at=row) for f in found] if found else [],
    }


def _item_data(item: tuple[int, tuple[Finding, ...], bool]) -> dict[str, Any]:
    """The JSON form of a row of a :class:`_Layout` with findings."""
    row, found, rejected = item
    return _row_data(row, _REJECTED if rejected else _status(found).value, found)


def _item_json(item: tuple[int, tuple[Finding, ...], bool], memo: dict[object, str]) -> str:
    """``_dumps(_item_data(item))``, each finding's JSON made once per distinct finding.

    The key is everything the finding's JSON is made of (its params with
    their types: ``1`` and ``True`` are equal keys, not equal English); a
    finding object met again (rows share them) is found by its ``id`` first,
    so ``memo`` must live no longer than the findings it saw.
    """
    row, found, rejected = item
    parts: list[str] = []
    for f in found:
        text = memo.get(id(f))  # the same finding object (alive while the layout is)
        if text is not None:
            parts.append(text)
            continue
        try:
            key: object = (
                f.code,
                f.severity,
                f.column,
                f.field,
                f.message,
                tuple((k, v.__class__, v) for k, v in f.params.items()),
            )
            text = memo.get(key)
        except TypeError:  # a param that cannot be a key
            key = text = None
        if text is None:
            text = _dumps(_finding_dict(f, at=row))
            if key is not None and not _names_row(f.code):
                memo[key] = text
        if not _names_row(f.code):
            memo[id(f)] = text
        parts.append(text)
    status = _REJECTED if rejected else _status(found).value
    return f'{{"row":{row:d},"status":"{status}","findings":[{",".join(parts)}]}}'


def _pieces(layout: _Layout) -> Iterator[str]:
    """A layout's rows as compact JSON, :data:`_CHUNK_ROWS` rows a piece.

    The clean rows' text is made at once (:func:`_clean_rows`) and sliced
    around the rows with findings, which go through the C encoder.
    """
    count = len(layout.rows)
    if not count:
        return
    text, offsets = _clean_rows(layout.rows)
    flagged = layout.flagged
    memo: dict[object, str] = {}
    texts = [_item_json(item, memo) + "," for item in layout.items]
    j = 0
    for start in range(0, count, _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, count)
        parts: list[str] = []
        at = start
        while j < len(flagged) and flagged[j] < stop:
            k = flagged[j]
            parts.append(text[offsets[at] : offsets[k]])
            parts.append(texts[j])
            at = k + 1
            j += 1
        parts.append(text[offsets[at] : offsets[stop]])
        yield "".join(parts)[:-1]  # without the last row's comma


def _placed(findings: tuple[Finding, ...] | None, row: int) -> tuple[Finding, ...]:
    """The findings with their row set (findings shared between rows are stored without one)."""
    if not findings:
        return ()
    return tuple(f if f.row == row else f.at_row(row) for f in findings)


def _status(findings: tuple[Finding, ...] | None) -> RowStatus:
    if findings:
        for f in findings:
            if f.severity is Severity.NEEDS_MATERIAL:
                return RowStatus.NEEDS_MATERIAL
    return RowStatus.ACCEPTED


class _PassedRows(Sequence[Passed]):
    """The rows of one file that went through, kept as the check's columns.

    What :func:`~mutualaid.roster.validation.validate_rows` hands the report:
    the rows' sheet numbers and the findings of those that have some; the
    :data:`Passed` tuples are made when something asks for them (members, a
    merge, a re-import's duplicates), so the JSON report and the summary of a
    large file never make 100,000 of them.

    :param numbers: the rows' sheet numbers, in input order (integers from 0).
    :param found: by position among these rows, the placed findings of the rows with any.
    :param make: the :data:`Passed` tuples at the positions given (all when ``None``).
    :param tier_codes: the tiers the rows go through under (``None`` apart).
    """

    def __init__(
        self,
        numbers: npt.NDArray[np.int64],
        found: dict[int, tuple[Finding, ...]],
        make: Callable[[npt.NDArray[np.intp] | None], list[Passed]],
        tier_codes: Callable[[], set[str]],
    ) -> None:
        self.numbers = numbers
        self.found = found
        self.needs_material = sum(
            1 for f in found.values() if _status(f) is RowStatus.NEEDS_MATERIAL
        )
        self._make = make
        self._tier_codes = tier_codes
        self._all: list[Passed] | None = None

    def _tuples(self) -> list[Passed]:
        if self._all is None:
            self._all = self._make(None)
        return self._all

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, index: int) -> Passed: ...
    @overload
    def __getitem__(self, index: slice) -> list[Passed]: ...
    def __getitem__(self, index: int | slice) -> Passed | list[Passed]:
        return self._tuples()[index]

    def __iter__(self) -> Iterator[Passed]:
        return iter(self._tuples())

    def __reduce__(self) -> tuple[type[list[Passed]], tuple[list[Passed]]]:
        return list, (self._tuples(),)  # pickled (and copied) as the tuples

    def flagged(self) -> list[Passed]:
        """The rows with findings (in order), made without the others."""
        if self._all is not None:
            return [p for p in self._all if p[10]]
        return self._make(np.array(sorted(self.found), dtype=np.intp))

    def tier_codes(self) -> set[str]:
        """The tier codes of the rows (``None`` left out)."""
        return self._tier_codes()


def tier_codes(passed: Sequence[Passed]) -> set[str]:
    """The tier codes of rows that went through (``None`` left out)."""
    if isinstance(passed, _PassedRows):
        return passed.tier_codes()
    return {p[8] for p in passed if p[8] is not None}


_ROW_HEAD: Final = b'{"row":'
_ROW_TAIL: Final = b',"status":"accepted","findings":[]},'
_POWERS: Final = 10 ** np.arange(1, 19, dtype=np.int64)


def _clean_rows(rows: npt.NDArray[np.int64]) -> tuple[str, list[int]]:
    """Every row's JSON as a clean row's, each followed by a comma; and where each starts.

    Made at once in a byte buffer (the rows are ascending, so rows of as many
    digits lie together); ``offsets[k]`` is where row ``k`` starts, the last
    offset the end.

    >>> _clean_rows(np.array([3, 10]))
    ('{"row":3,"status":"accepted","findings":[]},{"row":10,"status":"accepted","findings":[]},', [0, 44, 89])
    """
    widths = 1 + np.searchsorted(_POWERS, rows, side="right")
    fixed = len(_ROW_HEAD) + len(_ROW_TAIL)
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(widths + fixed, out=offsets[1:])
    buffer = np.empty(int(offsets[-1]), dtype=np.uint8)
    head = len(_ROW_HEAD)
    for width in unique(widths).tolist():
        at = np.flatnonzero(widths == width)
        size = fixed + width
        together = at[-1] - at[0] + 1 == len(at)
        block = (  # written in place when together (always, for ascending rows)
            buffer[offsets[at[0]] : offsets[at[-1] + 1]].reshape(len(at), size)
            if together
            else np.empty((len(at), size), dtype=np.uint8)
        )
        block[:] = np.frombuffer(_ROW_HEAD + b"0" * width + _ROW_TAIL, dtype=np.uint8)
        rest = rows[at]  # a new array: divided down in place, last digit first
        digit = np.empty_like(rest)
        for k in range(width - 1, -1, -1):
            np.divmod(rest, 10, out=(rest, digit))
            np.add(digit, 48, out=block[:, head + k], casting="unsafe")
        if not together:
            buffer[offsets[at][:, None] + np.arange(size)] = block
    return str(buffer.data, "ascii"), offsets.tolist()


@attrs.frozen
class _Layout:
    """A one-file report's rows in output order, for the JSON.

    :param rows: each row's number, in output order.
    :param flagged: the output positions of the rows with findings (ascending).
    :param items: for each of those, its :data:`Passed` findings or its :data:`Rejected`.
    """

    rows: npt.NDArray[np.int64]
    flagged: list[int]
    items: list[tuple[int, tuple[Finding, ...], bool]]


def _layout(passed: _PassedRows, rejected: Sequence[Rejected]) -> _Layout:
    """Where each row goes in the output: by row number, passed rows first among equal numbers."""
    count = len(passed)
    keys = np.concatenate([passed.numbers, np.array([r[0] for r in rejected], dtype=np.int64)])
    order = np.argsort(keys, kind="stable")
    marked = np.zeros(len(keys), dtype=bool)
    marked[count:] = True
    marked[np.fromiter(passed.found, dtype=np.intp, count=len(passed.found))] = True
    flagged = np.flatnonzero(marked[order])
    items: list[tuple[int, tuple[Finding, ...], bool]] = []
    for source in order[flagged].tolist():
        if source < count:
            items.append((int(passed.numbers[source]), passed.found[source], False))
        else:
            r = rejected[source - count]
            items.append((r[0], r[1], True))
    return _Layout(keys[order], flagged.tolist(), items)


class RosterReport:
    """The checked roster. Made by :func:`~mutualaid.roster.validation.check_roster`.

    :ivar pack: the pack's name (``None`` without a pack).
    :ivar plan: the plan.
    :ivar on: the day ages and eligibility were judged.
    :ivar files: the files read (two or more after :meth:`merge`).
    :ivar roster_findings: findings about the header row or the roster as a whole.
    :ivar summary: :class:`Summary`.
    :ivar headers: the header map of the (last) file read, when known.
    """

    def __init__(
        self,
        *,
        rules: RosterRules,
        files: tuple[str, ...],
        passed: Sequence[Passed],
        rejected: list[Rejected],
        blank: int,
        roster_findings: tuple[Finding, ...],
        headers: HeaderMap | None,
        amount_due: Decimal,
    ) -> None:
        self.rules = rules
        self.pack: str | None = rules.pack.name if rules.pack is not None else None
        self.plan = rules.plan
        self.on = rules.on
        self.files = files
        self._passed = passed
        self._rejected = rejected
        self.roster_findings = roster_findings
        self.headers = headers
        if isinstance(passed, _PassedRows):
            needs = passed.needs_material
        else:
            needs = sum(
                1
                for p in passed
                if p[10] is not None and _status(p[10]) is RowStatus.NEEDS_MATERIAL
            )
        self.summary = Summary(
            rows=len(passed) + len(rejected),
            accepted=len(passed) - needs,
            needs_material=needs,
            rejected=len(rejected),
            blank=blank,
            amount_due=amount_due,
        )

    # --- rows -------------------------------------------------------------

    @staticmethod
    def _member(p: Passed) -> Member:
        extra = p[7]
        if extra is None:
            return Member(p[1], p[2], p[3], p[4], p[5], p[6])  # type: ignore[arg-type]
        mit, gig, retired, risk, dispatched, own = extra
        return Member(
            p[1],
            p[2],
            p[3],
            p[4],  # type: ignore[arg-type]
            p[5],  # type: ignore[arg-type]
            p[6],
            mit,  # type: ignore[arg-type]
            bool(gig),
            bool(retired),
            risk if isinstance(risk, RiskClass) else RiskClass.NORMAL,
            bool(dispatched),
            bool(own),
        )

    def _passed_result(self, p: Passed) -> RowResult:
        findings = _placed(p[10], p[0])
        return RowResult(p[0], _status(p[10]), findings, self._member(p), p[8], p[9], (), p[11])

    @staticmethod
    def _rejected_result(r: Rejected) -> RowResult:
        return RowResult(r[0], RowStatus.REJECTED, _placed(r[1], r[0]), None, None, 1, r[2], r[3])

    def _results(self, flagged: bool) -> Iterator[RowResult]:
        order = {name: i for i, name in enumerate(self.files)}
        rows: Sequence[Passed] = self._passed
        if flagged and isinstance(rows, _PassedRows):
            rows = rows.flagged()
        passed = ((order.get(p[11] or "", 0), p[0], 0, p) for p in rows if p[10] or not flagged)
        rejected = (
            (order.get(r[3] or "", 0), r[0], 1, r) for r in self._rejected if r[1] or not flagged
        )
        for _file, _row, kind, item in heapq.merge(passed, rejected, key=_KIND_KEY):
            if kind == 0:
                yield self._passed_result(item)  # type: ignore[arg-type]
            else:
                yield self._rejected_result(item)  # type: ignore[arg-type]

    def rows(self) -> Iterator[RowResult]:
        """Every input row (blank rows apart), in file order, then row order."""
        return self._results(False)

    def __iter__(self) -> Iterator[RowResult]:
        return self.rows()

    def __len__(self) -> int:
        return self.summary.rows

    def failed(self) -> tuple[RowResult, ...]:
        """The rejected rows, with their cells as read (for the error workbook)."""
        return tuple(self._rejected_result(r) for r in self._rejected)

    def flagged(self) -> Iterator[RowResult]:
        """The rows with any finding (rejected, needs_material or with warnings), in order."""
        return self._results(True)

    def findings(self) -> Iterator[Finding]:
        """Every finding: the rows' in order, then the roster's."""
        for row in self.flagged():
            yield from row.findings
        yield from self.roster_findings

    @property
    def blocking(self) -> bool:
        """True when anything blocks: a rejected row or a blocking roster finding."""
        return bool(self._rejected) or any(f.blocking for f in self.roster_findings)

    @property
    def exit_code(self) -> int:
        """What ``mutualaid check`` exits with: 1 when anything blocks, else 0."""
        return 1 if self.blocking else 0

    def members(self) -> tuple[Member, ...]:
        """The members of the rows that go through (accepted and needs_material), in order."""
        return tuple(self._member(p) for p in self._passed)

    def roster(self) -> Roster:
        """The rows that go through as a :class:`~mutualaid.model.roster.Roster`."""
        code = self.plan.code
        return Roster(
            code, tuple(RosterEntry(self._member(p), code, p[8], p[9]) for p in self._passed)
        )

    def application_line(self) -> ApplicationLine:
        """The rows that go through as an application line (plan, tier, shares, roster)."""
        return ApplicationLine(
            self.plan.code, self.rules.tier_code, self.rules.shares, self.roster()
        )

    def application_findings(
        self,
        application: Application,
        *,
        on: date | None = None,
        prior_applications: Sequence[Application] = (),
    ) -> tuple[Finding, ...]:
        """The pack's rules for ``application``, with this roster as its line for the plan.

        The line for the report's plan is replaced (or added); the pack's
        ``mutualaid_application_findings`` hooks answer (plans per application,
        declared counts, one tier per unit, the pack's own rules).

        :param on: the day of the check (default: the day the rows were judged).
        :raises ValueError: the report was made without a pack.
        """
        pack = self.rules.pack
        if pack is None:
            raise ValueError("this report was checked without a pack: no application rules")
        line = self.application_line()
        lines = [x for x in application.lines if x.plan_code != line.plan_code]
        lines.insert(
            next(
                (i for i, x in enumerate(application.lines) if x.plan_code == line.plan_code),
                len(lines),
            ),
            line,
        )
        merged = attrs.evolve(application, lines=tuple(lines))
        return pack.application_findings(merged, on or self.on, prior_applications)

    def _keys(self) -> Iterator[tuple[str, int]]:
        """Duplicate-check keys of the rows that went through, with their row numbers."""
        for p in self._passed:
            key = p[3] if p[2] is IdType.RESIDENT_ID else f"{p[2]}:{p[3]}"
            yield key, p[0]

    # --- re-import ------------------------------------------------------------

    def merge(self, fixed: RosterReport) -> RosterReport:
        """This report's accepted rows plus those of ``fixed``, the re-import of its failed rows.

        Check the fixed file with ``accepted=self`` (so a row that repeats an
        accepted member is ``id.duplicate``), then merge: the result holds both
        files' rows that go through and the fixed file's rejected rows (this
        report's rejected rows are replaced by their fixed versions).
        """
        files = tuple(dict.fromkeys((*self.files, *fixed.files)))
        return RosterReport(
            rules=fixed.rules,
            files=files,
            passed=[*self._passed, *fixed._passed],
            rejected=list(fixed._rejected),
            blank=fixed.summary.blank,
            roster_findings=fixed.roster_findings,
            headers=fixed.headers,
            amount_due=self.summary.amount_due + fixed.summary.amount_due,
        )

    # --- output ---------------------------------------------------------------

    def _ordered(self) -> list[tuple[int, int, Passed | Rejected]]:
        """Every row's item keyed (file index, row), in output order (the key of :meth:`to_dict`).

        A passed item has 12 fields, a rejected one 4.
        """
        items: list[tuple[int, int, Passed | Rejected]]
        if len(self.files) > 1:
            order = {name: i for i, name in enumerate(self.files)}
            items = [(order.get(p[11] or "", 0), p[0], p) for p in self._passed]
            items += [(order.get(r[3] or "", 0), r[0], r) for r in self._rejected]
        else:  # one file: the index is always 0
            items = [(0, p[0], p) for p in self._passed]
            items += [(0, r[0], r) for r in self._rejected]
        items.sort(key=_FILE_ROW)  # a stable sort, linear on the usual sorted runs
        return items

    def _row_dict(self, item: Passed | Rejected, merged: bool) -> dict[str, Any]:
        found: tuple[Finding, ...] | None
        if len(item) == 4:
            found, status, file = item[1], _REJECTED, item[3]
        else:
            found, file = item[10], item[11]
            status = _status(found).value if found else _ACCEPTED
        data = _row_data(item[0], status, found)
        if merged:
            data["file"] = file
        return data

    def _layout(self) -> _Layout | None:
        """The rows in output order when they are one file's, kept as columns (else ``None``)."""
        if len(self.files) > 1 or not isinstance(self._passed, _PassedRows):
            return None
        return _layout(self._passed, self._rejected)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see :meth:`to_json`) as Python data."""
        merged = len(self.files) > 1
        row_dict = self._row_dict
        layout = self._layout()
        with _gc_paused():
            if layout is None:
                rows = [row_dict(item, merged) for _f, _r, item in self._ordered()]
            else:
                rows = [_row_data(row, _ACCEPTED, None) for row in layout.rows.tolist()]
                for at, item in zip(layout.flagged, layout.items, strict=True):
                    rows[at] = _item_data(item)
        return {
            "pack": self.pack,
            "plan": self.plan.code,
            "rows": rows,
            "roster_findings": [_finding_dict(f, row=True) for f in self.roster_findings],
            "summary": self.summary.to_dict(),
        }

    def json_chunks(self) -> Iterator[str]:
        """The compact JSON of :meth:`to_json`, in pieces of a few thousand rows.

        Joined, the pieces are ``json.dumps(self.to_dict(), ensure_ascii=False,
        separators=(",", ":"))`` exactly, made without a dict per clean row.
        """
        head = _dumps({"pack": self.pack, "plan": self.plan.code})
        prefix = head[:-1] + ',"rows":['
        first = True
        for piece in self._row_pieces():
            yield prefix + piece
            prefix = ","
            first = False
        if first:
            yield prefix
        yield (
            '],"roster_findings":'
            + _dumps([_finding_dict(f, row=True) for f in self.roster_findings])
            + ',"summary":'
            + _dumps(self.summary.to_dict())
            + "}"
        )

    def _row_pieces(self) -> Iterator[str]:
        """The rows' compact JSON, :data:`_CHUNK_ROWS` rows a piece (nothing without rows)."""
        layout = self._layout()
        if layout is not None:
            yield from _pieces(layout)
            return
        merged = len(self.files) > 1
        row_dict = self._row_dict
        chunk: list[str] = []
        for _f, _r, item in self._ordered():
            if len(item) == 4 or merged or item[10]:
                chunk.append(_dumps(row_dict(item, merged)))
            else:  # a clean row: no dict, no encoder
                chunk.append(_CLEAN_ROW % item[0])
            if len(chunk) == _CHUNK_ROWS:
                yield ",".join(chunk)
                chunk.clear()
        if chunk:
            yield ",".join(chunk)

    def write_json(self, stream: TextIO, *, indent: int | None = None) -> None:
        """Write :meth:`to_json` to ``stream`` (compact JSON goes out piece by piece)."""
        if indent is not None:
            stream.write(self.to_json(indent=indent))
            return
        write = stream.write
        with _gc_paused():
            for piece in self.json_chunks():
                write(piece)

    def to_json(self, *, indent: int | None = None) -> str:
        """The report as ``mutualaid check --format json`` prints it.

        ``{"pack", "plan", "rows": [{"row", "status", "findings": [{"code",
        "severity", "column", "message", "message_en"}]}], "roster_findings": [...],
        "summary": {"rows", "accepted", "needs_material", "rejected",
        "blank", "amount_due"}}``; ``amount_due`` is text such as ``"600.00"``.
        Compact (no spaces, the C encoder) unless ``indent`` is given.
        """
        if indent is not None:
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
        with _gc_paused():
            return "".join(self.json_chunks())

    def name_and_masked_id(self, row: RowResult) -> tuple[str, str]:
        """A row's name and masked ID number, for display (from the cells of a rejected row)."""
        if row.member is not None:
            return row.member.name, mask_id_number(row.member.id_number)
        fields = self.headers.fields if self.headers is not None else {}

        def cell(field: str) -> str:
            index = fields.get(field)
            if index is None or index >= len(row.cells) or row.cells[index] is None:
                return ""
            return str(row.cells[index]).strip()

        return cell("name"), mask_id_number(cell("id_number"))

    def to_dataframe(self, *, reveal: bool = False) -> pandas.DataFrame:
        """One line per input row (pandas must be installed).

        Columns: ``row``, ``status``, ``name``, ``id_number`` (masked unless
        ``reveal``), ``gender``, ``birth_date``, ``mobile`` (masked unless
        ``reveal``), ``tier``, ``shares``, ``codes``, ``messages``.
        """
        try:
            import pandas
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_dataframe needs pandas: pip install pandas (or mutualaid[pandas])"
            ) from exc
        records = []
        for row in self.rows():
            m = row.member
            name, masked = self.name_and_masked_id(row)
            records.append(
                {
                    "row": row.row,
                    "status": row.status.value,
                    "name": name,
                    "id_number": (m.id_number if reveal and m is not None else masked),
                    "gender": m.gender.label if m is not None and m.gender is not None else None,
                    "birth_date": m.birth_date if m is not None else None,
                    "mobile": (
                        None
                        if m is None or m.mobile is None
                        else (m.mobile if reveal else mask_mobile(m.mobile))
                    ),
                    "tier": row.tier_code,
                    "shares": row.shares,
                    "codes": ", ".join(f.code for f in row.findings),
                    "messages": "；".join(f.message for f in row.findings),
                }
            )
        columns = [
            "row",
            "status",
            "name",
            "id_number",
            "gender",
            "birth_date",
            "mobile",
            "tier",
            "shares",
            "codes",
            "messages",
        ]
        return pandas.DataFrame.from_records(records, columns=columns)

    def _repr_html_(self, limit: int = 50) -> str:
        """A notebook table: the summary, then up to ``limit`` rows with findings (IDs masked)."""
        e = html.escape
        s = self.summary
        head = (
            f"<p><b>{e(self.plan.code)}</b> {e(', '.join(self.files))}: "
            f"{s.rows} 行 — 通过 {s.accepted}，需补充材料 {s.needs_material}，"
            f"未通过 {s.rejected}，空行 {s.blank}；应缴 {s.amount_due:.2f} 元</p>"
        )
        lines = []
        for f in self.roster_findings:
            lines.append(
                f"<tr><td>{'' if f.row is None else f.row}</td><td>{e(f.severity.label)}</td>"
                f"<td></td><td></td><td>{e(f.code)}</td><td>{e(f.message)}</td></tr>"
            )
        for shown, row in enumerate(self.flagged()):
            if shown >= limit:
                lines.append(f"<tr><td colspan='6'>… (only the first {limit} rows shown)</td></tr>")
                break
            name, masked = self.name_and_masked_id(row)
            lines.append(
                f"<tr><td>{row.row}</td><td>{e(row.status.label)}</td><td>{e(name)}</td>"
                f"<td>{e(masked)}</td><td>{e(', '.join(f.code for f in row.findings))}</td>"
                f"<td>{e('；'.join(f.message for f in row.findings))}</td></tr>"
            )
        table = (
            "<table><thead><tr><th>行</th><th>状态</th><th>姓名</th><th>证件号码</th>"
            "<th>代码</th><th>说明</th></tr></thead><tbody>" + "".join(lines) + "</tbody></table>"
        )
        return head + (table if lines else "")

    def __repr__(self) -> str:
        where = ", ".join(self.files) or "rows"
        return f"<RosterReport {where} {self.plan.code}: {self.summary}>"
