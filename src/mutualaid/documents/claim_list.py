"""The case list of 申领查询 (Linyi 4.3): the cases found, exported to Excel.

Linyi 4.3 (seed 003): 「可查询结案状态的单位端申领的案件数据 ... 点击‘导出’可以将查询出的
全部案件导出生成excel文件」. :class:`ClaimList` holds one row per case; its
export masks ID numbers and payee accounts unless ``reveal=True``, and every
text cell that a spreadsheet would read as a formula is written as text.

>>> from datetime import date
>>> from mutualaid.model import Claim, ClaimStatus, ClaimType, Member, Payee
>>> m = Member.from_resident_id("张三", "11010519491231002X")
>>> case = Claim("LP1", ClaimType.OTHER, m, "P1", ClaimStatus.CLOSED, benefit="300",
...              unit_id="U1", payee=Payee("=张三", "6222021234567890123"))
>>> listed = ClaimList.of([case])
>>> listed.rows[0].cells()[:6]
(1, 'LP1', '张三', '110105********002X', '其他', '已结案')
>>> import io
>>> from openpyxl import load_workbook
>>> buffer = io.BytesIO()
>>> listed.to_xlsx(buffer)
>>> sheet = load_workbook(buffer).active
>>> sheet["D2"].value, sheet["K2"].value, sheet["L2"].value
('110105********002X', "'=张三", '6222***********0123')

Layer 4.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import IO, Any

import attrs
from openpyxl import Workbook

from mutualaid.documents.cells import save_workbook, sheet_title, text_cell
from mutualaid.model import Claim
from mutualaid.privacy import mask_account, mask_id_number
from mutualaid.serialization import to_data

__all__ = ["CLAIM_COLUMNS", "ClaimList", "ClaimRow"]

#: The columns of the exported case list.
CLAIM_COLUMNS = (
    "序号",
    "案件号",
    "出险人",
    "证件号码",
    "申领类型",
    "案件状态",
    "单位",
    "保单号",
    "出险日期",
    "互助金额",
    "领款人",
    "领款账户",
    "结案日期",
)


@attrs.frozen
class ClaimRow:
    """One case of the list."""

    seq: int
    claim_id: str
    name: str
    id_number: str
    claim_type: str
    status: str
    unit_id: str
    policy_number: str
    incident_date: date | None
    benefit: Decimal | None
    payee_name: str = ""
    payee_account: str = ""
    closed_on: date | None = None

    @classmethod
    def of(cls, seq: int, claim: Claim, *, closed_on: date | None = None) -> ClaimRow:
        """The row of one case."""
        payee = claim.payee
        return cls(
            seq,
            claim.id,
            claim.member.name,
            claim.member.id_number,
            claim.claim_type.label,
            claim.status.label,
            claim.unit_id or "",
            claim.policy_number,
            claim.incident_date,
            claim.benefit,
            payee.name if payee else "",
            payee.account if payee else "",
            closed_on,
        )

    def masked(self) -> ClaimRow:
        """The row with the ID number and the payee's account masked."""
        return attrs.evolve(
            self,
            id_number=mask_id_number(self.id_number),
            payee_account=mask_account(self.payee_account) if self.payee_account else "",
        )

    def cells(self, *, reveal: bool = False) -> tuple[Any, ...]:
        """The row's cells in :data:`CLAIM_COLUMNS` order (masked unless ``reveal``)."""
        row = self if reveal else self.masked()
        return (
            row.seq,
            row.claim_id,
            row.name,
            row.id_number,
            row.claim_type,
            row.status,
            row.unit_id,
            row.policy_number,
            row.incident_date,
            row.benefit,
            row.payee_name,
            row.payee_account,
            row.closed_on,
        )


@attrs.frozen
class ClaimList:
    """The cases a 申领查询 found, as exported."""

    rows: tuple[ClaimRow, ...] = ()
    title: str = "申领查询"

    @classmethod
    def of(
        cls,
        claims: Iterable[Claim],
        *,
        closed_on: Mapping[str, date] | None = None,
        title: str = "申领查询",
    ) -> ClaimList:
        """The list of ``claims`` in order; ``closed_on``: each case's closing day, by id."""
        days = closed_on or {}
        return cls(
            tuple(
                ClaimRow.of(n, c, closed_on=days.get(c.id)) for n, c in enumerate(claims, start=1)
            ),
            title,
        )

    def __len__(self) -> int:
        return len(self.rows)

    def masked(self) -> ClaimList:
        """The list with every row masked."""
        return attrs.evolve(self, rows=tuple(r.masked() for r in self.rows))

    def to_data(self, *, reveal: bool = False) -> dict[str, Any]:
        """JSON-ready data (masked unless ``reveal``)."""
        data: dict[str, Any] = to_data(self if reveal else self.masked())
        return data

    def to_xlsx(self, target: str | os.PathLike[str] | IO[bytes], *, reveal: bool = False) -> None:
        """Write the list to an .xlsx workbook (a path or a binary stream)."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title(self.title))
        sheet.append([text_cell(sheet, h, bold=True) for h in CLAIM_COLUMNS])
        for row in self.rows:
            sheet.append([text_cell(sheet, v) for v in row.cells(reveal=reveal)])
        save_workbook(workbook, target)
