"""Exporting the accepted roster (the confirmation list) to .xlsx or .csv.

The rows that go through (accepted and needs_material) are written as a
member list (:class:`~mutualaid.documents.MemberList`: 序号, 姓名,
证件类型, 证件号码, 性别, 出生日期, 手机号码, 保障计划, 档位, 份数, 风险类别,
生效日期). ID numbers and mobiles are **masked by default** and birth dates
reduced to their year; ``reveal=True`` writes them in full. Text that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a line break) is written as text, with a leading ``'``.

>>> import csv, tempfile, pathlib
>>> from datetime import date
>>> from mutualaid.model import CoveragePeriod, Plan, PlanKind, Tier, Contribution
>>> from mutualaid.roster.readers import RawRow
>>> from mutualaid.roster.validation import RosterRules, validate_rows
>>> plan = Plan("P1", "住院医疗", PlanKind.HOSPITALIZATION_MEDICAL,
...             CoveragePeriod.calendar_year(2026), (Tier("T60", "60元档位", Contribution(60)),))
>>> report = validate_rows(
...     [RawRow(2, {"name": "=1+2", "id_number": "110105198801010014"}, False, ())],
...     RosterRules(plan, date(2026, 1, 1)))
>>> path = export_roster(report, pathlib.Path(tempfile.mkdtemp()) / "名单.csv")
>>> rows = list(csv.reader(path.open(encoding="utf-8-sig")))
>>> rows[0][:6], rows[1][:6]
(['序号', '姓名', '证件类型', '证件号码', '性别', '出生日期'], ['1', "'=1+2", '居民身份证', '110105********0014', '男', '1988-**-**'])
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mutualaid.celltext import TextAltered, unwritable_count
from mutualaid.errors import RosterError
from mutualaid.roster.report import RosterReport

if TYPE_CHECKING:  # the life cycle is imported when a roster is exported, not with the package
    from mutualaid.documents import MemberList

__all__ = ["export_roster", "member_list"]

_TITLE = "参保人员名单"


def member_list(report: RosterReport, *, title: str = _TITLE) -> MemberList:
    """The rows that go through, as a member list (unmasked; mask with ``.masked()``)."""
    from mutualaid.documents import MemberList

    return MemberList.from_roster(report.roster(), title=title, plan=report.plan)


def export_roster(
    report: RosterReport, path: str | Path, *, reveal: bool = False, title: str = _TITLE
) -> Path:
    """Write the accepted roster to ``path``: .xlsx, or .csv (UTF-8 with BOM, as Excel opens it).

    :param reveal: write full ID numbers, mobiles and birth dates (default: masked).
    :raises RosterError: the suffix is neither .xlsx nor .csv.

    Characters an .xlsx cannot hold (control characters, see
    :mod:`mutualaid.celltext`) are written to .xlsx as U+FFFD and counted in a
    :class:`~mutualaid.celltext.TextAltered` warning; the .csv keeps them.
    """
    from mutualaid.documents import MEMBER_COLUMNS, safe_cell_text

    path = Path(path)
    members = member_list(report, title=title)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        altered = sum(
            unwritable_count(v)
            for row in members.rows
            for v in row.cells(reveal=reveal)
            if isinstance(v, str)
        )
        members.to_xlsx(path, reveal=reveal)
        if altered:
            warnings.warn(
                TextAltered(
                    f"{path.name}: {altered} characters an .xlsx cannot hold were written as "
                    "U+FFFD (or over-long cells cut); the .csv export keeps them",
                    altered,
                ),
                stacklevel=2,
            )
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(MEMBER_COLUMNS)
            for row in members.rows:
                writer.writerow([_csv_cell(v, safe_cell_text) for v in row.cells(reveal=reveal)])
    else:
        raise RosterError(
            f"cannot export a roster as {suffix or 'a file without suffix'}",
            hint="Name the file .xlsx or .csv.",
        )
    return path


def _csv_cell(value: object, safe_cell_text: Callable[[str], str]) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell_text(str(value))
