"""The benefit notice (给付通知书) and the 申领查询 case list: data, JSON and .xlsx,
masked by default and formula-safe (issue 10 item 8; Linyi 4.3, seed 003)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from mutualaid.documents import BenefitNotice, ClaimList
from mutualaid.errors import LifecycleError
from mutualaid.model import Claim, ClaimStatus, ClaimType, Member, Payee
from mutualaid.model.benefit import Benefit, BenefitRow

ID = "11010519491231002X"
ACCOUNT = "6222021234567890123"
ZHANG = Member.from_resident_id("张三", ID)


def case(**kw: object) -> Claim:
    return Claim(
        "LP1",
        ClaimType.DISEASE_HOSPITALIZATION,
        ZHANG,
        "P1",
        ClaimStatus.CLOSED,
        payee=Payee("张三", ACCOUNT, "工商银行"),
        unit_id="U1",
        **kw,  # type: ignore[arg-type]
    )


def benefit() -> Benefit:
    return Benefit(
        "LP1",
        "linyi-hosp-2025",
        "disease_hospitalization",
        date(2025, 5, 3),
        2,
        "1680",
        (
            BenefitRow("eligible", "eligible", "0", "3200", added="3200", note="=SUM(A1)"),
            BenefitRow(
                "deductible",
                "deductible",
                "3200",
                "2400",
                withheld="800",
                reason="benefit.deductible",
                parameter="linyi.deductible",
                value="800.00",
                valid_from=date(2025, 1, 1),
                illustrative=True,
            ),
            BenefitRow(
                "ratio",
                "ratio",
                "2400",
                "1680",
                withheld="720",
                reason="benefit.ratio",
                value="0.7",
            ),
        ),
    )


def test_the_notice_has_a_line_per_step_and_the_totals() -> None:
    notice = BenefitNotice.of(case(), benefit(), issued_on=date(2025, 6, 2))
    lines = dict(notice.lines())
    assert [k for k in lines if k[0].isdigit()] == ["1. eligible", "2. deductible", "3. ratio"]
    assert lines["互助金额"] == "1,680.00元" and lines["核减合计"] == "1,520.00元"
    assert "自2025年01月01日" in lines["2. deductible"] and "(示意值)" in lines["2. deductible"]
    assert sum(r[5] for r in notice.step_rows()) - sum(r[6] for r in notice.step_rows()) == (
        notice.amount
    )


def test_the_notice_masks_by_default_everywhere() -> None:
    notice = BenefitNotice.of(case(), benefit())
    for text in (str(notice.lines()), notice.to_json(), repr(notice.masked())):
        assert ID not in text and ACCOUNT not in text
    assert json.loads(notice.to_json(reveal=True))["id_number"] == ID
    assert json.loads(notice.to_json())["benefit"]["rows"][1]["withheld"] == "800.00"


def test_the_notice_workbook_has_the_form_and_the_steps_as_text() -> None:
    buffer = io.BytesIO()
    BenefitNotice.of(case(), benefit()).to_xlsx(buffer)
    book = load_workbook(buffer)
    form, steps = book.worksheets
    values = [c.value for row in form.iter_rows() for c in row]
    assert "110105********002X" in values and ID not in values
    assert steps["B2"].value == "eligible" and steps["O2"].value == "'=SUM(A1)"
    assert [steps.cell(n, 8).value for n in (2, 3, 4)] == [3200, 2400, 1680]


def test_a_refused_case_prints_its_code_and_pays_nothing() -> None:
    refused = Benefit.refused(
        "LP1", "linyi-hosp-2025", "other", date(2025, 5, 3), "cover.waiting_period"
    )
    lines = dict(BenefitNotice.of(case(), refused).lines())
    assert lines["拒付原因"] == "cover.waiting_period" and lines["互助金额"] == "0.00元"


def test_a_notice_of_another_cases_benefit_is_refused() -> None:
    other = Benefit.refused("LP9", "p", "other", date(2025, 5, 3), "cover.not_a_member")
    with pytest.raises(LifecycleError, match="LP9"):
        BenefitNotice.of(case(), other)


def test_the_case_list_export_is_masked_and_formula_safe() -> None:
    """Linyi 4.3 「点击‘导出’可以将查询出的全部案件导出生成excel文件」."""
    hostile = Claim("=cmd|' /C calc'!A0", ClaimType.OTHER, ZHANG, "+P2", ClaimStatus.CLOSED)
    listed = ClaimList.of([case(benefit="1680"), hostile], closed_on={"LP1": date(2025, 6, 9)})
    buffer = io.BytesIO()
    listed.to_xlsx(buffer)
    sheet = load_workbook(buffer).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][3] == "110105********002X" and rows[0][11] == "6222***********0123"
    assert rows[1][1] == "'=cmd|' /C calc'!A0" and rows[1][7] == "'+P2"
    assert ID not in str(rows) and ACCOUNT not in str(rows)
    assert listed.to_data()["rows"][0]["id_number"] == "110105********002X"
    revealed = io.BytesIO()
    listed.to_xlsx(revealed, reveal=True)
    assert load_workbook(revealed).active["D2"].value == ID
