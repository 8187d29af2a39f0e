"""The benefit notice (给付通知书): a computed benefit with every step of its explanation.

Issue 10 item 8. The notice prints the case (the claimant, the policy, the
incident), the payee (领款人) and one line per benefit step: what the step
started from, what it added or withheld and why, the parameter and the day its
value took effect, and the passage it comes from; the steps add up to the
benefit to the fen (:class:`~mutualaid.model.benefit.Benefit` checks it when
it is made). A refused case prints its refusal code instead of steps.

>>> from datetime import date
>>> from mutualaid.model import Claim, ClaimType, Member, Payee
>>> from mutualaid.model.benefit import Benefit, BenefitRow
>>> m = Member.from_resident_id("张三", "11010519491231002X")
>>> case = Claim("LP1", ClaimType.DISEASE_HOSPITALIZATION, m, "P1",
...              payee=Payee("张三", "6222021234567890123", "工商银行"))
>>> benefit = Benefit("LP1", "linyi-hosp-2025", "disease_hospitalization", date(2025, 5, 3), 1,
...     "1680", (BenefitRow("eligible", "eligible", "0", "3200", added="3200", note="合规费用"),
...              BenefitRow("deductible", "deductible", "3200", "2400", withheld="800",
...                         reason="benefit.deductible", parameter="linyi.deductible",
...                         value="800.00", valid_from=date(2025, 1, 1), source="示意值"),
...              BenefitRow("ratio", "ratio", "2400", "1680", withheld="720",
...                         reason="benefit.ratio", parameter="linyi.ratio", value="0.7")))
>>> notice = BenefitNotice.of(case, benefit, issued_on=date(2025, 6, 2))
>>> for label, value in notice.lines():
...     print(f"{label}: {value}")
案件号: LP1
申领类型: 疾病住院
出险人: 张三
证件号码: 110105********002X
保单号: P1
保障计划: linyi-hosp-2025
出险日期: 2025年05月03日
份数: 1
领款人: 张三
领款账户: 6222***********0123
开户行: 工商银行
1. eligible: 0.00 → 3200.00 (+3200.00) 合规费用
2. deductible: 3200.00 → 2400.00 (-800.00 benefit.deductible) linyi.deductible=800.00 自2025年01月01日 来源: 示意值
3. ratio: 2400.00 → 1680.00 (-720.00 benefit.ratio) linyi.ratio=0.7
核减合计: 1,520.00元
互助金额: 1,680.00元
通知日期: 2025年06月02日
>>> notice.to_data()["id_number"], notice.to_data(reveal=True)["payee_account"]
('110105********002X', '6222021234567890123')

Layer 4.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import IO, Any

import attrs
from openpyxl import Workbook

from mutualaid.documents._text import day_text, money_text
from mutualaid.documents.cells import save_workbook, sheet_title, text_cell
from mutualaid.documents.document import Document
from mutualaid.errors import LifecycleError
from mutualaid.model import Claim
from mutualaid.model.benefit import Benefit, BenefitRow
from mutualaid.privacy import mask_account, mask_id_number

__all__ = ["STEP_COLUMNS", "BenefitNotice"]

#: The columns of the notice's sheet of steps (计算明细).
STEP_COLUMNS = (
    "序号",
    "步骤",
    "类型",
    "类别",
    "输入",
    "增加",
    "核减",
    "输出",
    "核减原因",
    "参数",
    "取值",
    "生效日期",
    "来源",
    "示意值",
    "说明",
)


def _yuan(value: Decimal) -> str:
    return f"{value:.2f}"


def _step_line(row: BenefitRow) -> str:
    change = f"+{_yuan(row.added)}" if row.added else ""
    if row.withheld:
        change = " ".join(x for x in (change, f"-{_yuan(row.withheld)} {row.reason}") if x)
    text = f"{_yuan(row.input)} → {_yuan(row.output)}"
    if change:
        text += f" ({change})"
    if row.parameter:
        text += f" {row.parameter}={row.value or ''}"
        if row.valid_from is not None:
            text += f" 自{day_text(row.valid_from)}"
    if row.source:
        text += f" 来源: {row.source}"
    if row.illustrative:
        text += " (示意值)"
    if row.note:
        text += f" {row.note}"
    return text


def _step_cells(seq: int, row: BenefitRow) -> tuple[Any, ...]:
    return (
        seq,
        row.step,
        row.kind.value,
        row.category or "",
        row.input,
        row.added,
        row.withheld,
        row.output,
        row.reason or "",
        row.parameter or "",
        row.value or "",
        row.valid_from,
        row.source or "",
        "是" if row.illustrative else "",
        row.note,
    )


@attrs.frozen
class BenefitNotice(Document):
    """给付通知书: what a case pays, to whom, and why, step by step.

    Build it with :meth:`of` from the case and its computed benefit.
    """

    claim_id: str
    claim_type: str
    member_name: str
    id_number: str
    policy_number: str
    plan_code: str
    incident_date: date
    shares: int
    benefit: Benefit
    payee_name: str = ""
    payee_account: str = ""
    payee_bank: str = ""
    issued_on: date | None = None
    title: str = "给付通知书"

    @classmethod
    def of(cls, claim: Claim, benefit: Benefit, *, issued_on: date | None = None) -> BenefitNotice:
        """The notice of ``claim`` for its computed ``benefit``.

        :raises LifecycleError: the benefit is another case's.
        """
        if benefit.claim_id != claim.id:
            raise LifecycleError(
                f"the benefit of case {benefit.claim_id} is not case {claim.id}'s",
                hint="Give the benefit calculated for this case.",
            )
        payee = claim.payee
        return cls(
            claim.id,
            claim.claim_type.label,
            claim.member.name,
            claim.member.id_number,
            benefit.policy_number or claim.policy_number,
            benefit.plan_code,
            benefit.incident_date,
            benefit.shares,
            benefit,
            payee.name if payee else "",
            payee.account if payee else "",
            payee.bank if payee else "",
            issued_on,
        )

    @property
    def amount(self) -> Decimal:
        """The benefit (互助金额)."""
        return self.benefit.amount

    def masked(self) -> BenefitNotice:
        """The notice with the ID number and the payee's account masked."""
        return attrs.evolve(
            self,
            id_number=mask_id_number(self.id_number),
            payee_account=mask_account(self.payee_account) if self.payee_account else "",
        )

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The notice's rows: the case, the payee, one row per step, the totals."""
        doc = self if reveal else self.masked()
        out: list[tuple[str, str]] = [
            ("案件号", doc.claim_id),
            ("申领类型", doc.claim_type),
            ("出险人", doc.member_name),
            ("证件号码", doc.id_number),
            ("保单号", doc.policy_number),
            ("保障计划", doc.plan_code),
            ("出险日期", day_text(doc.incident_date)),
            ("份数", str(doc.shares)),
        ]
        if doc.payee_name or doc.payee_account:
            out += [
                ("领款人", doc.payee_name),
                ("领款账户", doc.payee_account),
                ("开户行", doc.payee_bank),
            ]
        if doc.benefit.refusal is not None:
            out.append(("拒付原因", doc.benefit.refusal))
        out += [(f"{n}. {r.step}", _step_line(r)) for n, r in enumerate(doc.benefit.rows, 1)]
        out += [
            ("核减合计", money_text(doc.benefit.withheld)),
            ("互助金额", money_text(doc.amount)),
        ]
        if doc.issued_on is not None:
            out.append(("通知日期", day_text(doc.issued_on)))
        return tuple(out)

    def step_rows(self) -> tuple[tuple[Any, ...], ...]:
        """The steps as cells in :data:`STEP_COLUMNS` order (no personal data)."""
        return tuple(_step_cells(n, r) for n, r in enumerate(self.benefit.rows, 1))

    def to_xlsx(self, target: str | os.PathLike[str] | IO[bytes], *, reveal: bool = False) -> None:
        """Write the notice (sheet 1: label, value) and its steps (sheet 2: 计算明细)."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title(self.title))
        sheet.append([text_cell(sheet, self.title, bold=True)])
        for label, value in self.lines(reveal=reveal):
            sheet.append([text_cell(sheet, label), text_cell(sheet, value)])
        steps = workbook.create_sheet("计算明细")
        steps.append([text_cell(steps, h, bold=True) for h in STEP_COLUMNS])
        for cells in self.step_rows():
            steps.append([text_cell(steps, v) for v in cells])
        save_workbook(workbook, target)
