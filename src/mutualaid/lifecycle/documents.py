"""Documents as data: the forms the five systems print, as frozen values.

Each document holds every field its printed form needs, is built from model
entities by a named constructor, and exports itself: :meth:`~Document.lines`
gives the form's label/value rows in print order, :meth:`~Document.to_data`
and :meth:`~Document.to_json` give JSON-ready data, and :meth:`~Document.to_xlsx`
writes a workbook (the form on one sheet, the member list on another).
Member lists (:class:`MemberList`) export to .xlsx on their own too.

Personal data is **masked by default** in every export (ID numbers keep region
and last four, mobiles first three and last four, the birth date only its
year, payer accounts first and last four); ``reveal=True`` gives full values,
for the copy the unit stamps and hands in. Text cells that a spreadsheet would
read as a formula (``=``, ``+``, ``-``, ``@``...) are written as plain text.

The documents, the seeds' names for them, and what they are built from:

* :class:`PaymentNoticeDocument`: 缴费通知单 / 缴款单 / 缴费通知书 (Yiyang §3,
  Guangdong §六, Shenzhen 2.5), from a payment notice and its application or endorsement;
* :class:`GroupApplicationForm`: 团体申请表 (Weihai §22) and 缴费申请单 (Yiyang §3),
  from one application line and its plan;
* :class:`ConfirmationCertificate`: 确认书 with its member list (Linyi §3.4),
  参保确认书 (Guangdong §七), from the policies of one application;
* :class:`EPolicy`: 电子保单 (Guangdong §七, Shenzhen 2.6), from a policy;
* :class:`EndorsementDocument`: 电子保全单 (Shenzhen ch. 3), from an endorsement and its policy.

Weihai's group application form, printed when the unit has no e-seal:

>>> from datetime import date
>>> from mutualaid.model import (Application, ApplicationLine, Contact, Contribution,
...     CoveragePeriod, Member, Plan, PlanKind, Roster, Tier, Unit, UnitCodeKind, UnitType)
>>> unit = Unit("U1", "测试", UnitCodeKind.USCC, "91371000MA3C0000X1",
...     unit_type=UnitType.GOVERNMENT_AGENCY, union_affiliation="威海 环翠区 张村镇",
...     address="单位详细地址", handler=Contact("负责人", "13526589854"),
...     union_chair=Contact("工会主席", "13526585845"))
>>> plan = Plan("weihai-medical-2018", "住院医疗互助保障项目", PlanKind.HOSPITALIZATION_MEDICAL,
...     CoveragePeriod.calendar_year(2018),
...     (Tier("standard", "个人缴纳50元 工会补贴10元", Contribution("50", "10")),))
>>> member = Member.from_resident_id("张三", "11010519491231002X", mobile="13912345678")
>>> app = Application("A1", "U1", "weihai", lines=(ApplicationLine(plan.code, "standard",
...     roster=Roster.of(plan.code, [member], tier_code="standard")),))
>>> form = GroupApplicationForm.from_application(app, unit=unit, plan=plan, applied_on=date(2018, 3, 5))
>>> form.title, form.contribution, form.headcount, form.amount_due
('住院医疗互助保障项目团体申请表', Decimal('50.00'), 1, Decimal('50.00'))
>>> for label, value in form.lines()[:8]:
...     print(f"{label}: {value}")
单位名称全称(盖章): 测试
所属区市: 威海 环翠区 张村镇
单位性质: 党政机关
证件类型及号码: 统一社会信用代码 91371000MA3C0000X1
工会主席姓名: 工会主席
联系方式: 135****5845
经办人姓名: 负责人
经办人联系方式: 135****9854
>>> dict(form.lines(reveal=True))["经办人联系方式"]
'13526589854'
>>> form.members.rows[0]
MemberRow(seq=1, name='张三', id_type=<IdType.RESIDENT_ID: 'resident_id'>, id_number='110105********002X', ...)
>>> form.to_data()["members"]["rows"][0]["id_number"]
'110105********002X'

Layer 4.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any, Self

import attrs
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from mutualaid.celltext import writable_text
from mutualaid.errors import LifecycleError
from mutualaid.model import (
    Application,
    Contact,
    CoveragePeriod,
    Endorsement,
    EndorsementStatus,
    Gender,
    IdType,
    LabelledEnum,
    Member,
    PaymentNotice,
    PaymentVoucher,
    Plan,
    Policy,
    PolicyStatus,
    RiskClass,
    Roster,
    Unit,
    UnitCodeKind,
    UnitType,
)
from mutualaid.model._fields import masked_id, masked_mobile
from mutualaid.money import MoneyInput, format_yuan, multiply, total, yuan
from mutualaid.privacy import mask_account, mask_id_number, mask_mobile
from mutualaid.serialization import to_data

__all__ = [
    "MEMBER_COLUMNS",
    "BankAccount",
    "CertificateLine",
    "ConfirmationCertificate",
    "Document",
    "EPolicy",
    "EndorsementDocument",
    "GroupApplicationForm",
    "MemberList",
    "MemberRow",
    "Payer",
    "PaymentMethod",
    "PaymentNoticeDocument",
    "UnitParticulars",
    "safe_cell_text",
]


class PaymentMethod(LabelledEnum):
    """缴费方式: how the money travels."""

    CORPORATE_TRANSFER = "corporate_transfer", "线下对公转账", "线下转账", "对公转账"
    CASH_DEPOSIT = "cash_deposit", "现金银行存款"


class Payer(LabelledEnum):
    """Who pays (Weihai's form ticks one): the unit for everyone, or each member."""

    UNIT = "unit", "单位统一缴费"
    MEMBER = "member", "个人缴费"


# --- cells and masking -----------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell_text(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a ``'`` before it.

    >>> safe_cell_text("=HYPERLINK(\\"http://x\\")"), safe_cell_text("张三")
    ('\\'=HYPERLINK("http://x")', '张三')
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _mask_contact(contact: Contact | None) -> Contact | None:
    if contact is None:
        return None
    return Contact(
        contact.name,
        mask_mobile(contact.mobile) if contact.mobile else contact.mobile,
        mask_id_number(contact.id_number) if contact.id_number else contact.id_number,
    )


def _day(value: date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month:02d}月{value.day:02d}日"


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{format_yuan(value)}元"


def _period(value: CoveragePeriod | None) -> str:
    return "" if value is None else str(value)


def _plans_by_code(plans: Iterable[Plan] | Mapping[str, Plan]) -> dict[str, Plan]:
    if isinstance(plans, Mapping):
        return dict(plans)
    return {p.code: p for p in plans}


def _plan_name(plans: Mapping[str, Plan], code: str) -> str:
    plan = plans.get(code)
    return plan.name if plan is not None else code


def _tier_name(plan: Plan | None, code: str | None) -> str:
    if code is None:
        return ""
    if plan is not None:
        for tier in plan.tiers:
            if tier.code == code:
                return tier.name
    return code


# --- member lists ------------------------------------------------------------------

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
                tier=_tier_name(plan, e.tier_code),
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
                tier=_tier_name(plan, pm.tier_code),
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
        sheet = workbook.create_sheet(_sheet_title(self.title))
        sheet.append([_cell(sheet, h, bold=True) for h in MEMBER_COLUMNS])
        for row in self.rows:
            sheet.append([_cell(sheet, v) for v in row.cells(reveal=reveal)])

    def to_xlsx(self, target: str | os.PathLike[str] | IO[bytes], *, reveal: bool = False) -> None:
        """Write the list as an .xlsx workbook to a path or a binary stream."""
        workbook = Workbook(write_only=True)
        self.write_sheet(workbook, reveal=reveal)
        _save(workbook, target)


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return cleaned[:31] or "Sheet"


def _cell(sheet: Any, value: object, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        value = safe_cell_text(writable_text(value))  # XML-forbidden characters -> U+FFFD
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _save(workbook: Workbook, target: str | os.PathLike[str] | IO[bytes]) -> None:
    if isinstance(target, str | os.PathLike):
        workbook.save(os.fspath(target))
        return
    buffer = io.BytesIO()
    workbook.save(buffer)
    target.write(buffer.getvalue())
    if hasattr(target, "seek"):
        target.seek(0)


# --- parts shared by the forms ---------------------------------------------------------


@attrs.frozen
class UnitParticulars:
    """The unit as a form prints it (单位信息).

    :param name: 单位名称(全称).
    :param code_kind: USCC or organization code.
    :param code: the code.
    :param unit_type: 单位性质 / 单位类型.
    :param affiliation: 所属区市 / 所属工会.
    :param address: 单位地址.
    :param union_chair: 工会主席 (name and mobile).
    :param handler: 经办人 / 联系人.
    :param email: 邮箱.
    :param unit_number: 单位编号.
    """

    name: str
    code_kind: UnitCodeKind
    code: str
    unit_type: UnitType | None = None
    affiliation: str = ""
    address: str = ""
    union_chair: Contact | None = None
    handler: Contact | None = None
    email: str = ""
    unit_number: str = ""

    @classmethod
    def from_unit(cls, unit: Unit) -> UnitParticulars:
        """The particulars of a model unit."""
        return cls(
            unit.name,
            unit.code_kind,
            unit.code,
            unit.unit_type,
            unit.union_affiliation or "",
            unit.address or "",
            unit.union_chair,
            unit.handler,
            unit.contact_email or "",
            unit.unit_number or "",
        )

    def masked(self) -> UnitParticulars:
        """Contacts' mobiles and ID numbers masked."""
        return attrs.evolve(
            self, union_chair=_mask_contact(self.union_chair), handler=_mask_contact(self.handler)
        )


@attrs.frozen
class BankAccount:
    """收款账户: the association's account a unit pays into (not personal data).

    :param holder: 户名.
    :param account: 账号.
    :param bank: 开户行.
    :param bank_code: 行号.
    """

    holder: str
    account: str
    bank: str
    bank_code: str = ""

    def __str__(self) -> str:
        parts = [f"户名: {self.holder}", f"账号: {self.account}", f"开户行: {self.bank}"]
        if self.bank_code:
            parts.append(f"行号: {self.bank_code}")
        return "; ".join(parts)


def _mask_vouchers(vouchers: Sequence[PaymentVoucher]) -> tuple[PaymentVoucher, ...]:
    return tuple(attrs.evolve(v, payer_account=mask_account(v.payer_account)) for v in vouchers)


def _voucher_lines(vouchers: Sequence[PaymentVoucher]) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for n, v in enumerate(vouchers, start=1):
        prefix = f"转账信息{n}" if len(vouchers) > 1 else "转账信息"
        lines += [
            (f"{prefix} 付款账号", v.payer_account),
            (f"{prefix} 付款时间", v.paid_on.isoformat()),
            (f"{prefix} 户名", v.payer_name),
            (f"{prefix} 转账金额", _money(v.amount)),
            (f"{prefix} 银行回单内容", v.slip_text),
        ]
    return lines


class Document:
    """What every document can do; each subclass (a frozen attrs class) gives :meth:`lines`."""

    title: str

    def masked(self) -> Self:
        """The same document with personal data masked: contacts, payer accounts, members."""
        changes: dict[str, Any] = {}
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if isinstance(value, UnitParticulars | MemberList):
                changes[field.name] = value.masked()
            elif isinstance(value, Contact):
                changes[field.name] = _mask_contact(value)
            elif isinstance(value, tuple) and any(isinstance(v, PaymentVoucher) for v in value):
                changes[field.name] = _mask_vouchers(value)
        return attrs.evolve(self, **changes)  # type: ignore[misc]

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The printed form's rows: (label, value) in print order."""
        raise NotImplementedError

    @property
    def member_list(self) -> MemberList | None:
        """The member list printed with the form, if any."""
        members = getattr(self, "members", None)
        return members if isinstance(members, MemberList) else None

    def to_data(self, *, reveal: bool = False) -> dict[str, Any]:
        """JSON-ready data of every field (masked unless ``reveal``), with the document's kind."""
        data: dict[str, Any] = to_data(self if reveal else self.masked())
        return {"document": type(self).__name__, **data}

    def to_json(self, *, reveal: bool = False, indent: int | None = 2) -> str:
        """:meth:`to_data` as JSON text (Chinese kept as is)."""
        return json.dumps(self.to_data(reveal=reveal), ensure_ascii=False, indent=indent)

    def to_xlsx(self, target: str | os.PathLike[str] | IO[bytes], *, reveal: bool = False) -> None:
        """Write the form (sheet 1: label, value) and its member list (sheet 2), if any."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_sheet_title(self.title))
        sheet.append([_cell(sheet, self.title, bold=True)])
        for label, value in self.lines(reveal=reveal):
            sheet.append([_cell(sheet, label), _cell(sheet, value)])
        if self.member_list is not None:
            self.member_list.write_sheet(workbook, reveal=reveal)
        _save(workbook, target)


def _unit_lines(unit: UnitParticulars) -> list[tuple[str, str]]:
    return [
        ("单位名称", unit.name),
        ("证件类型及号码", f"{unit.code_kind.label} {unit.code}"),
        ("单位地址", unit.address),
    ]


def _contact_name(contact: Contact | None) -> str:
    return contact.name if contact is not None else ""


def _contact_mobile(contact: Contact | None) -> str:
    return (contact.mobile or "") if contact is not None else ""


# --- the payment notice ---------------------------------------------------------------------


@attrs.frozen
class PaymentNoticeDocument(Document):
    """缴费通知单 / 缴款单 / 缴费通知书: what to pay, to whom, quoting which number.

    >>> from datetime import date
    >>> from mutualaid.model import Application, PaymentNotice, Unit, UnitCodeKind
    >>> unit = Unit("U1", "山东大学", UnitCodeKind.USCC, "12370000495570000A", address="具体地址")
    >>> app = Application("CB20241108092137000001", "U1", "yiyang")
    >>> notice = PaymentNotice("JF1854696125211172864", app.id, "60", date(2024, 11, 20))
    >>> doc = PaymentNoticeDocument.from_notice(notice, unit=unit, subject=app,
    ...     plan_names=("2025省帮扶中心职工医疗互助活动",), headcount=1,
    ...     payee=BankAccount("省职工互助会", "1234 5678 9012 3456 789", "中国工商银行呼和浩特巨海城第二支行", "1021 9100 0790"),
    ...     notes="不允许现金及个人打款")
    >>> for label, value in doc.lines():
    ...     print(f"{label}: {value}")
    缴费通知单号: JF1854696125211172864
    参保单号: CB20241108092137000001
    保障计划: 2025省帮扶中心职工医疗互助活动
    单位名称: 山东大学
    单位地址: 具体地址
    参保人数: 1人
    应缴会费: 60.00元
    缴费方式: 线下对公转账
    收款账户: 户名: 省职工互助会; 账号: 1234 5678 9012 3456 789; 开户行: 中国工商银行呼和浩特巨海城第二支行; 行号: 1021 9100 0790
    汇款用途: JF1854696125211172864
    缴费说明: 不允许现金及个人打款
    通知日期: 2024年11月20日
    """

    notice_number: str
    subject_id: str
    issued_on: date
    unit: UnitParticulars
    plan_names: tuple[str, ...]
    headcount: int
    amount_due: Decimal
    payment_method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER
    payee: BankAccount | None = None
    remittance_note: str = ""
    notes: str = ""
    coverage: CoveragePeriod | None = None
    vouchers: tuple[PaymentVoucher, ...] = ()
    paid_total: Decimal = Decimal("0.00")
    title: str = "缴费通知单"

    @classmethod
    def from_notice(
        cls,
        notice: PaymentNotice,
        *,
        unit: Unit,
        subject: Application | Endorsement,
        plans: Iterable[Plan] | Mapping[str, Plan] = (),
        plan_names: Sequence[str] | None = None,
        headcount: int | None = None,
        payee: BankAccount | None = None,
        method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER,
        notes: str = "",
        title: str = "缴费通知单",
    ) -> PaymentNoticeDocument:
        """The notice for an application or an endorsement.

        Plan names come from ``plans`` (by code) unless given; the headcount
        from the subject's roster(s) unless given. The remittance note (汇款用途)
        is the notice number, as Guangdong asks.
        """
        if subject.id != notice.subject_id:
            raise LifecycleError(
                f"payment notice {notice.number} is for {notice.subject_id!r}, not {subject.id!r}",
                hint="Give the application or endorsement the notice was issued for.",
            )
        by_code = _plans_by_code(plans)
        codes = (
            subject.plan_codes if isinstance(subject, Application) else (subject.roster.plan_code,)
        )
        names = (
            tuple(plan_names)
            if plan_names is not None
            else tuple(_plan_name(by_code, c) for c in codes)
        )
        coverage = next((by_code[c].coverage for c in codes if c in by_code), None)
        return cls(
            notice_number=notice.number,
            subject_id=notice.subject_id,
            issued_on=notice.issued_on,
            unit=UnitParticulars.from_unit(unit),
            plan_names=names,
            headcount=subject.headcount if headcount is None else headcount,
            amount_due=notice.amount_due,
            payment_method=method,
            payee=payee,
            remittance_note=notice.number,
            notes=notes,
            coverage=coverage,
            vouchers=notice.vouchers,
            paid_total=notice.paid_total,
            title=title,
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The notice's rows."""
        doc = self if reveal else self.masked()
        rows = [
            ("缴费通知单号", doc.notice_number),
            ("参保单号", doc.subject_id),
            ("保障计划", "、".join(doc.plan_names)),
            ("单位名称", doc.unit.name),
            ("单位地址", doc.unit.address),
            ("参保人数", f"{doc.headcount}人"),
            ("应缴会费", _money(doc.amount_due)),
            ("缴费方式", doc.payment_method.label),
        ]
        if doc.coverage is not None:
            rows.insert(3, ("保障期限", _period(doc.coverage)))
        if doc.payee is not None:
            rows.append(("收款账户", str(doc.payee)))
        rows.append(("汇款用途", doc.remittance_note))
        if doc.notes:
            rows.append(("缴费说明", doc.notes))
        if doc.vouchers:
            rows += _voucher_lines(doc.vouchers)
            rows.append(("已缴费用", _money(doc.paid_total)))
        rows.append(("通知日期", _day(doc.issued_on)))
        return tuple(rows)


# --- the group application form ----------------------------------------------------------


@attrs.frozen
class GroupApplicationForm(Document):
    """团体申请表 (Weihai) / 缴费申请单 (Yiyang): the form a unit stamps and hands in.

    :param contribution: 会员个人缴费标准 / 每人金额: the member's part per share.
    :param amount_due: 缴费总金额 / 总金额.
    :param payer: who pays (Weihai's tick box).
    :param vouchers: 转账信息 (Yiyang's form prints the transfers).
    :param office: 代办处 (Yiyang).
    :param channel: 受理渠道 (``"单位录入"``).
    :param remarks: 备注.
    :param members: the member list printed with the form (打印人员名单).
    """

    application_id: str
    applied_on: date
    unit: UnitParticulars
    plan_code: str
    plan_name: str
    coverage: CoveragePeriod | None
    contribution: Decimal
    headcount: int
    shares: int
    amount_due: Decimal
    members: MemberList
    payer: Payer = Payer.UNIT
    payment_method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER
    vouchers: tuple[PaymentVoucher, ...] = ()
    office: str = ""
    channel: str = "单位录入"
    remarks: str = ""
    title: str = ""

    @classmethod
    def from_application(
        cls,
        application: Application,
        *,
        unit: Unit,
        plan: Plan,
        applied_on: date,
        amount_due: MoneyInput | None = None,
        contribution: MoneyInput | None = None,
        payer: Payer = Payer.UNIT,
        method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER,
        vouchers: Sequence[PaymentVoucher] = (),
        office: str = "",
        channel: str = "单位录入",
        title: str | None = None,
    ) -> GroupApplicationForm:
        """The form of the application's line for ``plan``.

        The contribution defaults to the member's part of the line's tier (the
        plan's only tier when the line names none); the amount due to that
        contribution times the roster's shares. A pack that prices otherwise
        (high-risk members, gift plans) gives ``amount_due``.
        """
        line = application.line(plan.code)
        if contribution is None:
            tier = plan.tier(line.tier_code) if line.tier_code else _only_tier(plan)
            per_share = tier.contribution.member
        else:
            per_share = yuan(contribution)
        due = multiply(per_share, line.roster.shares) if amount_due is None else yuan(amount_due)
        return cls(
            application_id=application.id,
            applied_on=applied_on,
            unit=UnitParticulars.from_unit(unit),
            plan_code=plan.code,
            plan_name=plan.name,
            coverage=plan.coverage,
            contribution=per_share,
            headcount=line.headcount,
            shares=line.roster.shares,
            amount_due=due,
            members=MemberList.from_roster(line.roster, plan=plan),
            payer=payer,
            payment_method=method,
            vouchers=tuple(vouchers),
            office=office,
            channel=channel,
            remarks=application.remarks,
            title=title if title is not None else f"{plan.name}团体申请表",
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The form's rows, Weihai's order first, Yiyang's extra rows after."""
        doc = self if reveal else self.masked()
        u = doc.unit
        rows = [
            ("单位名称全称(盖章)", u.name),
            ("所属区市", u.affiliation),
            ("单位性质", u.unit_type.label if u.unit_type is not None else ""),
            ("证件类型及号码", f"{u.code_kind.label} {u.code}"),
            ("工会主席姓名", _contact_name(u.union_chair)),
            ("联系方式", _contact_mobile(u.union_chair)),
            ("经办人姓名", _contact_name(u.handler)),
            ("经办人联系方式", _contact_mobile(u.handler)),
            ("申请单位地址", u.address),
            ("申请日期", _day(doc.applied_on)),
            ("会员个人缴费标准(元/人)", f"{format_yuan(doc.contribution)}元/人/份"),
            ("参保人数", f"{doc.headcount}人"),
            ("缴费总金额", _money(doc.amount_due)),
            ("缴费方式", f"{doc.payer.label}（{doc.payment_method.label}）"),
            ("参保单号", doc.application_id),
            ("保障计划", doc.plan_name),
            ("保障期限", _period(doc.coverage)),
            ("受理渠道", doc.channel),
        ]
        if doc.office:
            rows.append(("代办处", doc.office))
        rows.append(("备注", doc.remarks))
        rows += _voucher_lines(doc.vouchers)
        return tuple(rows)


def _only_tier(plan: Plan) -> Any:
    if len(plan.tiers) != 1:
        raise LifecycleError(
            f"plan {plan.code} has {len(plan.tiers)} tiers and the line names none",
            hint="Give the application line a tier_code, or pass contribution=.",
        )
    return plan.tiers[0]


# --- the confirmation certificate -----------------------------------------------------------


@attrs.frozen
class CertificateLine:
    """One coverage activity (保障活动) on a confirmation certificate."""

    policy_number: str
    plan_code: str
    plan_name: str
    coverage: CoveragePeriod
    headcount: int
    shares: int
    effective_date: date | None = None
    amount: Decimal | None = None


@attrs.frozen
class ConfirmationCertificate(Document):
    """确认书 (Linyi §3.4) / 参保确认书 (Guangdong): what a unit's application bought.

    One line per coverage activity (policy), the totals, and the member list
    the unit confirms (我已确认人员名单无误) before printing. Refreshing it
    after a change (刷新计划书) is building it again.

    >>> from datetime import date
    >>> from mutualaid.model import (CoveragePeriod, Member, Policy, PolicyMember,
    ...     PolicyStatus, Unit, UnitCodeKind)
    >>> unit = Unit("U1", "临沂测试公司", UnitCodeKind.USCC, "91371300MA3C0000X1")
    >>> a = Member.from_resident_id("张三", "11010519491231002X")
    >>> b = Member.from_resident_id("李四", "440304199003070018")
    >>> year = CoveragePeriod.calendar_year(2025)
    >>> p1 = Policy("P1", "U1", "A1", "linyi-medical-2025", year,
    ...     (PolicyMember(a, shares=2), PolicyMember(b, shares=2)), PolicyStatus.EFFECTIVE, date(2025, 1, 1))
    >>> p2 = Policy("P2", "U1", "A1", "linyi-accident-2025", year, (PolicyMember(a),), PolicyStatus.EFFECTIVE, date(2025, 1, 1))
    >>> cert = ConfirmationCertificate.from_policies([p1, p2], unit=unit, issued_on=date(2025, 1, 5),
    ...     amounts={"P1": "240", "P2": "30"}, office="中国职工保险互助会临沂办事处")
    >>> cert.headcount, cert.amount, [(l.plan_code, l.headcount, l.shares) for l in cert.policy_lines]
    (2, Decimal('270.00'), [('linyi-medical-2025', 2, 4), ('linyi-accident-2025', 1, 1)])
    >>> len(cert.members), cert.members.rows[2].plan_name
    (3, 'linyi-accident-2025')
    """

    application_id: str
    unit: UnitParticulars
    issued_on: date
    policy_lines: tuple[CertificateLine, ...]
    headcount: int
    amount: Decimal | None
    members: MemberList
    office: str = ""
    title: str = "参保确认书"

    @classmethod
    def from_policies(
        cls,
        policies: Sequence[Policy],
        *,
        unit: Unit,
        issued_on: date,
        plans: Iterable[Plan] | Mapping[str, Plan] = (),
        amounts: Mapping[str, MoneyInput] | None = None,
        office: str = "",
        title: str = "参保确认书",
    ) -> ConfirmationCertificate:
        """The certificate of one application's policies (one per coverage activity).

        ``amounts`` gives each policy's amount by policy number; the total is
        their sum when every policy has one.
        """
        if not policies:
            raise LifecycleError("a confirmation certificate needs at least one policy")
        applications = {p.application_id for p in policies}
        if len(applications) > 1 or any(p.unit_id != unit.id for p in policies):
            raise LifecycleError(
                "a confirmation certificate covers one application of one unit",
                hint="Build one certificate per application.",
            )
        by_code = _plans_by_code(plans)
        given = {k: yuan(v) for k, v in (amounts or {}).items()}
        lines: list[CertificateLine] = []
        rows: list[MemberRow] = []
        for policy in policies:
            plan = by_code.get(policy.plan_code)
            lines.append(
                CertificateLine(
                    policy.number,
                    policy.plan_code,
                    _plan_name(by_code, policy.plan_code),
                    policy.coverage,
                    policy.headcount,
                    sum(pm.shares for pm in policy.members),
                    policy.effective_date,
                    given.get(policy.number),
                )
            )
            rows += MemberList.from_policy(policy, plan=plan, start=len(rows) + 1).rows
        amount = (
            total(line.amount for line in lines if line.amount is not None)
            if all(line.amount is not None for line in lines)
            else None
        )
        return cls(
            application_id=policies[0].application_id,
            unit=UnitParticulars.from_unit(unit),
            issued_on=issued_on,
            policy_lines=tuple(lines),
            headcount=len({pm.member.key for p in policies for pm in p.members}),
            amount=amount,
            members=MemberList("参保人员清单", tuple(rows)),
            office=office,
            title=title,
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The certificate's rows: unit, one block per activity, totals."""
        doc = self if reveal else self.masked()
        rows = [*_unit_lines(doc.unit), ("参保单号", doc.application_id)]
        for n, line in enumerate(doc.policy_lines, start=1):
            rows += [
                (f"保障活动{n}", line.plan_name),
                (f"保障活动{n} 保单号", line.policy_number),
                (f"保障活动{n} 保障期限", _period(line.coverage)),
                (f"保障活动{n} 生效日期", _day(line.effective_date)),
                (f"保障活动{n} 参保人数", f"{line.headcount}人"),
                (f"保障活动{n} 参保份数", f"{line.shares}份"),
                (f"保障活动{n} 金额", _money(line.amount)),
            ]
        rows += [
            ("参保总人数", f"{doc.headcount}人"),
            ("合计金额", _money(doc.amount)),
            ("经办机构", doc.office),
            ("确认日期", _day(doc.issued_on)),
        ]
        return tuple(rows)


# --- the e-policy -------------------------------------------------------------------------------


@attrs.frozen
class EPolicy(Document):
    """电子保单: the policy a unit downloads, stamps and uploads to ask for an invoice.

    >>> from datetime import date
    >>> from mutualaid.model import (CoveragePeriod, Member, Policy, PolicyMember,
    ...     PolicyStatus, Unit, UnitCodeKind)
    >>> unit = Unit("U1", "广东测试公司", UnitCodeKind.USCC, "91440300MA5F000000")
    >>> m = Member.from_resident_id("张三", "11010519491231002X")
    >>> policy = Policy("GD2025-0001", "U1", "CB1", "gd-medical-2025", CoveragePeriod.calendar_year(2025),
    ...     (PolicyMember(m, shares=3),), PolicyStatus.EFFECTIVE, date(2025, 3, 9))
    >>> ep = EPolicy.from_policy(policy, unit=unit, issued_on=date(2025, 3, 10), amount="180",
    ...     issuer="广东省职工保障互助会")
    >>> dict(ep.lines())["生效日期"], dict(ep.lines())["保单状态"], ep.shares
    ('2025年03月09日', '已生效', 3)
    """

    policy_number: str
    application_id: str
    unit: UnitParticulars
    plan_code: str
    plan_name: str
    coverage: CoveragePeriod
    effective_date: date | None
    status: PolicyStatus
    headcount: int
    shares: int
    amount: Decimal | None
    issued_on: date
    members: MemberList
    issuer: str = ""
    title: str = "电子保单"

    @classmethod
    def from_policy(
        cls,
        policy: Policy,
        *,
        unit: Unit,
        issued_on: date,
        plan: Plan | None = None,
        amount: MoneyInput | None = None,
        issuer: str = "",
        title: str = "电子保单",
    ) -> EPolicy:
        """The e-policy of a policy; ``amount`` is what was paid for it, when known."""
        if policy.unit_id != unit.id:
            raise LifecycleError(
                f"policy {policy.number} belongs to {policy.unit_id!r}, not {unit.id!r}"
            )
        return cls(
            policy_number=policy.number,
            application_id=policy.application_id,
            unit=UnitParticulars.from_unit(unit),
            plan_code=policy.plan_code,
            plan_name=plan.name if plan is not None else policy.plan_code,
            coverage=policy.coverage,
            effective_date=policy.effective_date,
            status=policy.status,
            headcount=policy.headcount,
            shares=sum(pm.shares for pm in policy.members),
            amount=None if amount is None else yuan(amount),
            issued_on=issued_on,
            members=MemberList.from_policy(policy, plan=plan),
            issuer=issuer,
            title=title,
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The e-policy's rows."""
        doc = self if reveal else self.masked()
        return (
            ("保单号", doc.policy_number),
            ("参保单号", doc.application_id),
            *_unit_lines(doc.unit),
            ("保障计划", doc.plan_name),
            ("保障期限", _period(doc.coverage)),
            ("生效日期", _day(doc.effective_date)),
            ("保单状态", doc.status.label),
            ("参保人数", f"{doc.headcount}人"),
            ("参保份数", f"{doc.shares}份"),
            ("会费金额", _money(doc.amount)),
            ("出单机构", doc.issuer),
            ("出单日期", _day(doc.issued_on)),
        )


# --- the endorsement document --------------------------------------------------------------------


@attrs.frozen
class EndorsementDocument(Document):
    """电子保全单 (Shenzhen): the members an endorsement added, from its effective date.

    >>> from datetime import date
    >>> from mutualaid.model import (CoveragePeriod, Endorsement, EndorsementStatus, Member, Policy,
    ...     PolicyStatus, Roster, Unit, UnitCodeKind)
    >>> unit = Unit("U1", "深圳测试公司", UnitCodeKind.USCC, "91440300MA5F000000")
    >>> policy = Policy("SZ2025-0001", "U1", "CB1", "sz-medical-2025", CoveragePeriod.calendar_year(2025),
    ...     status=PolicyStatus.EFFECTIVE, effective_date=date(2025, 1, 1))
    >>> new_hire = Member.from_resident_id("新员工", "440304199003070018")
    >>> e = Endorsement("BQ1", policy.number, "U1", date(2025, 6, 1),
    ...     Roster.of(policy.plan_code, [new_hire], effective_date=date(2025, 6, 1)),
    ...     EndorsementStatus.EFFECTIVE, amount_due="35")
    >>> doc = EndorsementDocument.from_endorsement(e, unit=unit, policy=policy, issued_on=date(2025, 6, 2))
    >>> dict(doc.lines())["保全生效日期"], doc.headcount, doc.amount_due
    ('2025年06月01日', 1, Decimal('35.00'))
    """

    endorsement_id: str
    policy_number: str
    unit: UnitParticulars
    plan_code: str
    plan_name: str
    coverage: CoveragePeriod
    effective_date: date
    contact: Contact | None
    status: EndorsementStatus
    headcount: int
    amount_due: Decimal | None
    issued_on: date
    members: MemberList
    issuer: str = ""
    title: str = "电子保全单"

    @classmethod
    def from_endorsement(
        cls,
        endorsement: Endorsement,
        *,
        unit: Unit,
        policy: Policy,
        issued_on: date,
        plan: Plan | None = None,
        issuer: str = "",
        title: str = "电子保全单",
    ) -> EndorsementDocument:
        """The document of an endorsement of ``policy``."""
        if endorsement.policy_number != policy.number:
            raise LifecycleError(
                f"endorsement {endorsement.id} is for policy {endorsement.policy_number!r}, "
                f"not {policy.number!r}"
            )
        roster = endorsement.roster
        entries = tuple(
            e if e.effective_date else attrs.evolve(e, effective_date=endorsement.effective_date)
            for e in roster.entries
        )
        return cls(
            endorsement_id=endorsement.id,
            policy_number=policy.number,
            unit=UnitParticulars.from_unit(unit),
            plan_code=policy.plan_code,
            plan_name=plan.name if plan is not None else policy.plan_code,
            coverage=policy.coverage,
            effective_date=endorsement.effective_date,
            contact=endorsement.contact,
            status=endorsement.status,
            headcount=endorsement.headcount,
            amount_due=endorsement.amount_due,
            issued_on=issued_on,
            members=MemberList.from_roster(
                roster.with_entries(entries), title="保全人员清单", plan=plan
            ),
            issuer=issuer,
            title=title,
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The endorsement document's rows."""
        doc = self if reveal else self.masked()
        return (
            ("保全单号", doc.endorsement_id),
            ("保单号", doc.policy_number),
            *_unit_lines(doc.unit),
            ("保障计划", doc.plan_name),
            ("保障期限", _period(doc.coverage)),
            ("保全生效日期", _day(doc.effective_date)),
            ("互助保障联系人", _contact_name(doc.contact)),
            ("联系电话", _contact_mobile(doc.contact)),
            ("新增人数", f"{doc.headcount}人"),
            ("应缴金额", _money(doc.amount_due)),
            ("保全状态", doc.status.label),
            ("出单机构", doc.issuer),
            ("出单日期", _day(doc.issued_on)),
        )
