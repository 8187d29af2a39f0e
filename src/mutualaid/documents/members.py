"""Member lists (人员名单 / 参保人员清单): the rows printed or downloaded with a form.

Layer 4.
"""

from __future__ import annotations

import os
from datetime import date
from typing import IO, Any

import attrs
from openpyxl import Workbook

from mutualaid.documents._text import tier_name
from mutualaid.documents.cells import save_workbook, sheet_title, text_cell
from mutualaid.model import Gender, IdType, Member, Plan, Policy, RiskClass, Roster
from mutualaid.model._fields import masked_id, masked_mobile
from mutualaid.privacy import mask_id_number, mask_mobile
from mutualaid.serialization import to_data

__all__ = ["MEMBER_COLUMNS", "MemberList", "MemberRow"]

#: The member list's columns, in order (the header row of the .xlsx).
MEMBER_COLUMNS = (
    "序号",
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "出生日期",
    "手机号码",
    "保障计划",
    "档位",
    "份数",
    "人群类别",
    "生效日期",
)


@attrs.frozen
class MemberRow:
    """One line of a member list (人员名单 / 参保人员清单).

    :param seq: 序号, from 1.
    :param name: 姓名.
    :param id_type: 证件类型.
    :param id_number: 证件号码 (masked in ``repr``; masked in a masked list).
    :param gender: 性别.
    :param birth_date: 出生日期 (``None`` in a masked list, which keeps ``birth_year``).
    :param birth_year: the year of birth.
    :param mobile: 手机号码.
    :param plan_name: 保障计划 (活动).
    :param tier: the tier's name (档位).
    :param shares: 份数.
    :param risk_class: 普通 / 高危.
    :param effective_date: the member's own effective date, when known.
    """

    seq: int
    name: str
    id_type: IdType
    id_number: str = attrs.field(repr=masked_id)
    gender: Gender
    birth_date: date | None = attrs.field(repr=False)
    birth_year: int
    mobile: str | None = attrs.field(repr=masked_mobile)
    plan_name: str = ""
    tier: str = ""
    shares: int = 1
    risk_class: RiskClass = RiskClass.NORMAL
    effective_date: date | None = None

    @classmethod
    def of(
        cls,
        seq: int,
        member: Member,
        *,
        plan_name: str = "",
        tier: str = "",
        shares: int = 1,
        effective_date: date | None = None,
    ) -> MemberRow:
        """The row of one member."""
        return cls(
            seq,
            member.name,
            member.id_type,
            member.id_number,
            member.gender,
            member.birth_date,
            member.birth_date.year,
            member.mobile,
            plan_name,
            tier,
            shares,
            member.risk_class,
            effective_date,
        )

    def masked(self) -> MemberRow:
        """The row with ID number and mobile masked and the birth date reduced to its year."""
        return attrs.evolve(
            self,
            id_number=mask_id_number(self.id_number),
            birth_date=None,
            mobile=mask_mobile(self.mobile) if self.mobile else self.mobile,
        )

    def cells(self, *, reveal: bool = False) -> tuple[str | int | date | None, ...]:
        """The row's cells in :data:`MEMBER_COLUMNS` order."""
        row = self if reveal else self.masked()
        born: date | str = (
            row.birth_date if row.birth_date is not None else f"{row.birth_year}-**-**"
        )
        return (
            row.seq,
            row.name,
            row.id_type.label,
            row.id_number,
            row.gender.label,
            born,
            row.mobile or "",
            row.plan_name,
            row.tier,
            row.shares,
            row.risk_class.label,
            row.effective_date,
        )


@attrs.frozen
class MemberList:
    """A member list as printed or downloaded with a form.

    >>> from mutualaid.model import Member, Roster
    >>> m = Member.from_resident_id("张三", "11010519491231002X", mobile="13912345678")
    >>> members = MemberList.from_roster(Roster.of("p", [m], shares=2), plan_name="职工住院医疗保障项目2026")
    >>> members.headcount, members.shares, members.rows[0].cells()[3:7]
    (1, 2, ('110105********002X', '女', '1949-**-**', '139****5678'))
    >>> import io
    >>> buffer = io.BytesIO()
    >>> members.to_xlsx(buffer)
    >>> from openpyxl import load_workbook
    >>> sheet = load_workbook(buffer).active
    >>> [c.value for c in sheet[1]][:4], sheet["D2"].value
    (['序号', '姓名', '证件类型', '证件号码'], '110105********002X')
    """

    title: str
    rows: tuple[MemberRow, ...] = ()

    @classmethod
    def from_roster(
        cls,
        roster: Roster,
        *,
        title: str = "人员名单",
        plan_name: str = "",
        plan: Plan | None = None,
        start: int = 1,
    ) -> MemberList:
        """The list of a roster (an application line's or an endorsement's)."""
        name = plan_name or (plan.name if plan is not None else roster.plan_code)
        rows = tuple(
            MemberRow.of(
                start + n,
                e.member,
                plan_name=name,
                tier=tier_name(plan, e.tier_code),
                shares=e.shares,
                effective_date=e.effective_date,
            )
            for n, e in enumerate(roster.entries)
        )
        return cls(title, rows)

    @classmethod
    def from_policy(
        cls,
        policy: Policy,
        *,
        title: str = "参保人员清单",
        plan: Plan | None = None,
        start: int = 1,
    ) -> MemberList:
        """The list of a policy's members, each with their own effective date."""
        name = plan.name if plan is not None else policy.plan_code
        rows = tuple(
            MemberRow.of(
                start + n,
                pm.member,
                plan_name=name,
                tier=tier_name(plan, pm.tier_code),
                shares=pm.shares,
                effective_date=pm.effective_date or policy.effective_date,
            )
            for n, pm in enumerate(policy.members)
        )
        return cls(title, rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def headcount(self) -> int:
        """Distinct members listed."""
        return len({(r.id_type, r.id_number) for r in self.rows})

    @property
    def shares(self) -> int:
        """Total shares listed."""
        return sum(r.shares for r in self.rows)

    def masked(self) -> MemberList:
        """The list with every row masked."""
        return attrs.evolve(self, rows=tuple(r.masked() for r in self.rows))

    def to_data(self, *, reveal: bool = False) -> dict[str, Any]:
        """JSON-ready data (masked unless ``reveal``)."""
        data: dict[str, Any] = to_data(self if reveal else self.masked())
        return data

    def write_sheet(self, workbook: Workbook, *, reveal: bool = False) -> None:
        """Add the list as a sheet of a write-only workbook."""
        sheet = workbook.create_sheet(sheet_title(self.title))
        sheet.append([text_cell(sheet, h, bold=True) for h in MEMBER_COLUMNS])
        for row in self.rows:
            sheet.append([text_cell(sheet, v) for v in row.cells(reveal=reveal)])

    def to_xlsx(self, target: str | os.PathLike[str] | IO[bytes], *, reveal: bool = False) -> None:
        """Write the list as an .xlsx workbook to a path or a binary stream."""
        workbook = Workbook(write_only=True)
        self.write_sheet(workbook, reveal=reveal)
        save_workbook(workbook, target)
