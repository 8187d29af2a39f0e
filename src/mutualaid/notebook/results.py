"""What a pack makes of an application on a day: :class:`Evaluation`, its lines and rows.

(Named ``Scenario`` before 0.2; a scenario is now only the testing kit's
scenario file, :class:`mutualaid.testing.Scenario`.)

:func:`mutualaid.notebook.evaluate` makes them. One formatter gives the
texts of the title, the rows' cells and the notes under the table; ``str``
lays them out as plain text (columns aligned for Chinese characters),
``_repr_html_`` as an escaped HTML table with the ID numbers masked, and
:meth:`Evaluation.to_dataframe` gives the values themselves (``Decimal``,
``date``) to pandas, imported only then.

>>> from datetime import date
>>> from mutualaid.notebook import evaluate, member
>>> s = evaluate("weihai", [member("张<三>", age=35, on=date(2026, 6, 30))],
...              plan="WH-MED-2026", on=date(2026, 6, 30))
>>> s.rows[0].member_part, s.rows[0].subsidy_part, s.rows[0].tier_code
(Decimal('50.00'), Decimal('10.00'), 'T50')
>>> "张&lt;三&gt;" in s._repr_html_() and "110105********0110" in s._repr_html_()
True
>>> print(str(s).splitlines()[3])
张<三>        35   WH-MED-2026   T50   1    60.00 (50.00+10.00)   2026-01-01  —
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from mutualaid.deprecation import warn_renamed
from mutualaid.model.application import Application
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.privacy import mask_id_number
from mutualaid.rules import (
    EffectiveDate,
    Explanation,
    Finding,
    LinePrice,
    MaterialRequirement,
    PackInfo,
    Quote,
    Severity,
)

if TYPE_CHECKING:
    import pandas

__all__ = ["HEADER", "Evaluation", "EvaluationLine", "EvaluationRow"]

#: The plain-text table's columns (the HTML table adds 证件号码, masked, after 姓名).
HEADER = ("姓名", "年龄", "计划", "档位", "份数", "应缴(个人+补贴)", "生效日期", "检查结果")
_WIDTHS = (14, 5, 14, 6, 5, 22, 12, 0)
_RULE = "-" * 100


@attrs.frozen
class EvaluationRow:
    """One member on one plan: age, price and what the pack found.

    ``member`` holds the full ID number (its ``repr`` masks it); :attr:`masked_id`
    is what tables show.
    """

    member: Member
    age: int | None
    line_price: LinePrice
    effective_date: date | None
    findings: tuple[Finding, ...]

    @property
    def name(self) -> str:
        """The member's name."""
        return self.member.name

    @property
    def masked_id(self) -> str:
        """The ID number, masked."""
        return mask_id_number(self.member.id_number)

    @property
    def plan_code(self) -> str:
        """The plan priced."""
        return self.line_price.plan_code

    @property
    def tier_code(self) -> str | None:
        """The tier priced."""
        return self.line_price.tier_code

    @property
    def shares(self) -> int:
        """The shares priced."""
        return self.line_price.shares

    @property
    def price(self) -> Decimal:
        """Member part plus subsidy part."""
        return self.line_price.total

    @property
    def member_part(self) -> Decimal:
        """What the member pays (个人缴纳)."""
        return self.line_price.member_part

    @property
    def subsidy_part(self) -> Decimal:
        """What the union subsidises (工会补贴)."""
        return self.line_price.subsidy_part

    @property
    def status(self) -> str:
        """``accepted``, ``needs_material`` or ``rejected``, as in :mod:`mutualaid.batch`."""
        severities = {f.severity for f in self.findings}
        if Severity.ERROR in severities:
            return "rejected"
        return "needs_material" if Severity.NEEDS_MATERIAL in severities else "accepted"

    @property
    def severity(self) -> str | None:
        """The gravest finding's severity (``error``, ``needs_material``, ``warning``), or ``None``."""
        if not self.findings:
            return None
        return min((f.severity for f in self.findings), key=lambda s: s.rank).value


@attrs.frozen
class EvaluationLine:
    """One plan of the application: when its cover starts, its rows, its roster's findings."""

    plan: Plan
    effective: EffectiveDate
    rows: tuple[EvaluationRow, ...]
    roster_findings: tuple[Finding, ...]


@attrs.frozen(repr=False)
class Evaluation:
    """What a pack makes of an application on a day (made by :func:`evaluate`)."""

    info: PackInfo
    on: date
    application: Application
    lines: tuple[EvaluationLine, ...]
    application_findings: tuple[Finding, ...]
    materials: tuple[MaterialRequirement, ...]
    quote: Quote

    @property
    def rows(self) -> tuple[EvaluationRow, ...]:
        """Every member row, line by line."""
        return tuple(row for ln in self.lines for row in ln.rows)

    @property
    def roster_findings(self) -> tuple[Finding, ...]:
        """The rosters' findings, line by line."""
        return tuple(f for ln in self.lines for f in ln.roster_findings)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding: members', rosters' and the application's."""
        members = (f for row in self.rows for f in row.findings)
        return (*members, *self.roster_findings, *self.application_findings)

    @property
    def blocking_codes(self) -> tuple[str, ...]:
        """The codes of the errors that stop the application, sorted, each once."""
        return tuple(sorted({f.code for f in self.findings if f.blocking}))

    @property
    def can_submit(self) -> bool:
        """True when no finding blocks the application."""
        return not self.blocking_codes

    @property
    def headcount(self) -> int:
        """Members priced on paid lines (the quote's headcount)."""
        return self.quote.headcount

    @property
    def total_all_rows(self) -> Decimal:
        """The whole contribution of every row priced, rejected members' too.

        ``mutualaid check``'s amount due counts only the rows that go through
        (accepted and needs-material); this sums every member of the
        application, whatever the checks found.
        """
        return self.quote.total

    @property
    def member_part(self) -> Decimal:
        """The members' part of the total."""
        return self.quote.member_part

    @property
    def subsidy_part(self) -> Decimal:
        """The union subsidy's part of the total."""
        return self.quote.subsidy_part

    @property
    def amount_due_all_rows(self) -> Decimal:
        """What the unit pays for every row priced (rejected members' too), by the pack's amount basis."""
        return self.quote.amount_due

    @property
    def total(self) -> Decimal:
        """Deprecated since 0.2: :attr:`total_all_rows` (the name says what it sums)."""
        warn_renamed("Evaluation.total", "Evaluation.total_all_rows")
        return self.total_all_rows

    @property
    def amount_due(self) -> Decimal:
        """Deprecated since 0.2: :attr:`amount_due_all_rows` (the name says what it sums)."""
        warn_renamed("Evaluation.amount_due", "Evaluation.amount_due_all_rows")
        return self.amount_due_all_rows

    @property
    def explanations(self) -> tuple[Explanation, ...]:
        """Why: the price's explanation, then each line's effective date's."""
        found = (self.quote.explanation, *(ln.effective.explanation for ln in self.lines))
        return tuple(e for e in found if e is not None)

    # --- display: one formatter (_title, _cells, _notes) for text and HTML ---

    def _title(self) -> str:
        i = self.info
        return f"{i.title} — pack {i.name} {i.version}, region {i.region}, {self.on.isoformat()}"

    def _notes(self) -> list[str]:
        """The lines under the table: waiting periods, findings, materials, totals, verdict."""
        q = self.quote
        notes = [
            f"{ln.plan.code}: 断保后免责期至{ln.effective.waiting_period_end.isoformat()}"
            for ln in self.lines
            if ln.effective.waiting_period_end is not None
        ]
        notes += [
            f"参保单检查: {_codes(self.application_findings)}",
            "需提供材料: " + ("、".join(m.name for m in self.materials) or "—"),
            f"合计: {q.headcount}人, 会费 {q.total:.2f} "
            f"(个人 {q.member_part:.2f} + 工会补贴 {q.subsidy_part:.2f}), "
            f"单位缴费 {q.amount_due:.2f} ({q.basis.label})",
            "可以提交" if self.can_submit else f"不能提交: {', '.join(self.blocking_codes)}",
        ]
        return notes

    def __str__(self) -> str:
        out = [self._title(), _text_row(HEADER), _RULE]
        for ln in self.lines:
            out += [_text_row(_cells(row, ln.effective)) for row in ln.rows]
            if ln.roster_findings:
                out.append("  " + _roster_note(ln))
        out += [_RULE, *self._notes()]
        if self.quote.explanation is not None:
            out.append("依据:")
            out += ["  " + text for text in str(self.quote.explanation).splitlines()]
        return "\n".join(out)

    def __repr__(self) -> str:
        verdict = (
            "no blocking finding"
            if self.can_submit
            else "blocking " + ", ".join(self.blocking_codes)
        )
        return (
            f"<Evaluation {self.info.name} {self.info.version} on {self.on.isoformat()}: "
            f"{len(self.rows)} rows, total_all_rows {self.total_all_rows:.2f}, {verdict}>"
        )

    def _repr_html_(self, limit: int = 200) -> str:
        """A notebook table (everything escaped, ID numbers masked), ``limit`` rows at most."""
        e = html.escape
        heads = (*HEADER[:1], "证件号码", *HEADER[1:])
        body: list[str] = []
        shown_rows = 0
        for ln in self.lines:
            for row in ln.rows[: max(0, limit - shown_rows)]:
                shown_rows += 1
                cells = _cells(row, ln.effective)
                shown = (cells[0], row.masked_id, *cells[1:])
                body.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in shown) + "</tr>")
            if ln.roster_findings:
                body.append(f"<tr><td colspan='{len(heads)}'>{e(_roster_note(ln))}</td></tr>")
        if len(self.rows) > limit:
            body.append(
                f"<tr><td colspan='{len(heads)}'>… (only the first {limit} rows shown)</td></tr>"
            )
        table = (
            "<table><thead><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in heads)
            + "</tr></thead><tbody>"
            + "".join(body)
            + "</tbody></table>"
        )
        notes = "".join(f"<li>{e(n)}</li>" for n in self._notes())
        why = "".join(f"<pre>{e(str(x))}</pre>" for x in self.explanations[:1])
        return f"<p><b>{e(self._title())}</b></p>{table}<ul>{notes}</ul>{why}"

    def to_dataframe(self, *, reveal: bool = False) -> pandas.DataFrame:
        """One line per row (pandas must be installed); money stays ``Decimal``.

        Columns: ``name``, ``id_number`` (masked unless ``reveal``), ``age``,
        ``plan``, ``tier``, ``shares``, ``price``, ``member_part``,
        ``subsidy_part``, ``effective_date``, ``status``, ``severity``, ``codes``
        and ``messages`` (a list per row), as :func:`mutualaid.batch.evaluate` has them.
        """
        try:
            import pandas
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_dataframe needs pandas: pip install pandas (or mutualaid[pandas])"
            ) from exc
        records = [
            {
                "name": row.name,
                "id_number": row.member.id_number if reveal else row.masked_id,
                "age": row.age,
                "plan": row.plan_code,
                "tier": row.tier_code,
                "shares": row.shares,
                "price": row.price,
                "member_part": row.member_part,
                "subsidy_part": row.subsidy_part,
                "effective_date": row.effective_date,
                "status": row.status,
                "severity": row.severity,
                "codes": [f.code for f in row.findings],
                "messages": [f.message for f in row.findings],
            }
            for row in self.rows
        ]
        columns = [
            "name", "id_number", "age", "plan", "tier", "shares", "price",
            "member_part", "subsidy_part", "effective_date", "status", "severity",
            "codes", "messages",
        ]  # fmt: skip
        return pandas.DataFrame.from_records(records, columns=columns)


def _codes(findings: Iterable[Finding]) -> str:
    return "; ".join(f"{f.code}({f.severity.label})" for f in findings) or "—"


def _roster_note(ln: EvaluationLine) -> str:
    return f"名单 {ln.plan.code}: {_codes(ln.roster_findings)}"


def _cells(row: EvaluationRow, effective: EffectiveDate) -> tuple[str, ...]:
    """The text of a row's cells, in :data:`HEADER` order."""
    return (
        row.name,
        "?" if row.age is None else str(row.age),
        row.plan_code,
        row.tier_code or "—",
        str(row.shares),
        f"{row.price:.2f} ({row.member_part:.2f}+{row.subsidy_part:.2f})",
        "待设置" if effective.date is None else effective.date.isoformat(),
        _codes(row.findings),
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text_row(cells: Iterable[str]) -> str:
    parts = []
    for cell, width in zip(cells, _WIDTHS, strict=True):
        parts.append(cell + " " * max(1, width - _width(cell)) if width else cell)
    return "".join(parts).rstrip()
