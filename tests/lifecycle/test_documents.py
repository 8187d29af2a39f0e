"""Documents as data: the fields each printed form needs, masking, JSON and .xlsx exports."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifecycle_helpers import IDS, complete_unit, members
from openpyxl import load_workbook

from mutualaid.documents import (
    MEMBER_COLUMNS,
    BankAccount,
    ConfirmationCertificate,
    EndorsementDocument,
    EPolicy,
    GroupApplicationForm,
    MemberList,
    MemberRow,
    Payer,
    PaymentNoticeDocument,
    safe_cell_text,
)
from mutualaid.errors import LifecycleError
from mutualaid.model import (
    Application,
    ApplicationLine,
    Contact,
    Contribution,
    CoveragePeriod,
    Endorsement,
    EndorsementStatus,
    Member,
    PaymentNotice,
    PaymentVoucher,
    Plan,
    PlanKind,
    Policy,
    PolicyMember,
    PolicyStatus,
    Roster,
    Tier,
)
from strategies.model import rosters

YEAR = CoveragePeriod.calendar_year(2025)
WEIHAI = Plan(
    "weihai-medical-2025",
    "住院医疗互助保障项目",
    PlanKind.HOSPITALIZATION_MEDICAL,
    YEAR,
    (Tier("standard", "个人缴纳50元 工会补贴10元", Contribution("50", "10")),),
)
YIYANG = Plan(
    "yiyang-medical-2026",
    "益阳职工住院保障项目2026",
    PlanKind.HOSPITALIZATION_MEDICAL,
    CoveragePeriod.calendar_year(2026),
    (Tier("60", "60元档位", Contribution("60")), Tier("90", "90元档位", Contribution("90"))),
)
UNIT = complete_unit()
PAYER_ACCOUNT = "1245124124215411"


def weihai_application(n: int = 2) -> Application:
    roster = Roster.of(WEIHAI.code, members(n), tier_code="standard")
    return Application(
        "A1", "U1", "weihai", lines=(ApplicationLine(WEIHAI.code, "standard", roster=roster),)
    )


def yiyang_application(tier: str | None = "60") -> Application:
    roster = Roster.of(YIYANG.code, members(1), tier_code=tier)
    return Application(
        "CB20241108092137000001",
        "U1",
        "yiyang",
        lines=(ApplicationLine(YIYANG.code, tier, roster=roster),),
        remarks="无",
    )


def effective_policy(number: str = "P1", n: int = 2, **kw: object) -> Policy:
    people = tuple(PolicyMember(m, "standard", 2) for m in members(n))
    return Policy(
        number,
        "U1",
        "A1",
        WEIHAI.code,
        YEAR,
        people,
        PolicyStatus.EFFECTIVE,
        date(2025, 1, 1),
        **kw,
    )


# --- Weihai §22: the group application form ------------------------------------------


def test_weihai_group_application_form_has_every_printed_field_in_order() -> None:
    form = GroupApplicationForm.from_application(
        weihai_application(), unit=UNIT, plan=WEIHAI, applied_on=date(2018, 3, 5)
    )
    lines = form.lines(reveal=True)
    assert [label for label, _ in lines[:14]] == [
        "单位名称全称(盖章)",
        "所属区市",
        "单位性质",
        "证件类型及号码",
        "工会主席姓名",
        "联系方式",
        "经办人姓名",
        "经办人联系方式",
        "申请单位地址",
        "申请日期",
        "会员个人缴费标准(元/人)",
        "参保人数",
        "缴费总金额",
        "缴费方式",
    ]
    values = dict(lines)
    assert form.title == "住院医疗互助保障项目团体申请表"
    assert values["单位名称全称(盖章)"] == "威海测试有限公司"
    assert values["证件类型及号码"] == "统一社会信用代码 91371000MA3C0000XF"
    assert values["联系方式"] == "13526585845"
    assert values["申请日期"] == "2018年03月05日"
    # the member's part (50), not the union's subsidy, per member per share
    assert values["会员个人缴费标准(元/人)"] == "50.00元/人/份"
    assert values["参保人数"] == "2人"
    assert values["缴费总金额"] == "100.00元"
    assert values["缴费方式"] == "单位统一缴费（线下对公转账）"
    assert form.amount_due == Decimal("100.00")
    assert len(form.members) == 2


def test_group_application_form_masks_contacts_unless_revealed() -> None:
    form = GroupApplicationForm.from_application(
        weihai_application(), unit=UNIT, plan=WEIHAI, applied_on=date(2018, 3, 5)
    )
    masked = dict(form.lines())
    assert masked["联系方式"] == "135****5845"
    assert masked["经办人联系方式"] == "135****9854"
    assert "13526589854" not in form.to_json()
    assert "13526589854" in form.to_json(reveal=True)


def test_group_application_form_takes_the_packs_amount_and_payer() -> None:
    form = GroupApplicationForm.from_application(
        weihai_application(3),
        unit=UNIT,
        plan=WEIHAI,
        applied_on=date(2018, 3, 5),
        amount_due="145.50",
        payer=Payer.MEMBER,
    )
    assert form.amount_due == Decimal("145.50")
    assert dict(form.lines())["缴费方式"].startswith("个人缴费")


# --- Yiyang §3: the payment notice and the payment application form --------------------


def yiyang_notice(*vouchers: PaymentVoucher) -> PaymentNotice:
    return PaymentNotice(
        "JF1854696125211172864",
        "CB20241108092137000001",
        "60",
        date(2024, 11, 20),
        vouchers=vouchers,
    )


def test_yiyang_payment_notice_fields() -> None:
    voucher = PaymentVoucher("60", date(2024, 11, 21), "山东大学", PAYER_ACCOUNT)
    doc = PaymentNoticeDocument.from_notice(
        yiyang_notice(voucher),
        unit=UNIT,
        subject=yiyang_application(),
        plans=[YIYANG],
        payee=BankAccount("湖南省职工互助会", "1234567890", "中国工商银行", "102191000790"),
        notes="不允许现金及个人打款",
    )
    values = dict(doc.lines())
    assert values["缴费通知单号"] == "JF1854696125211172864"
    assert values["参保单号"] == "CB20241108092137000001"
    assert values["保障计划"] == "益阳职工住院保障项目2026"
    assert values["保障期限"] == "2026-01-01 至 2026-12-31"
    assert values["参保人数"] == "1人"
    assert values["应缴会费"] == "60.00元"
    assert values["缴费方式"] == "线下对公转账"
    assert values["汇款用途"] == "JF1854696125211172864"
    assert "行号: 102191000790" in values["收款账户"]
    assert values["转账信息 付款账号"] == "1245********5411"
    assert dict(doc.lines(reveal=True))["转账信息 付款账号"] == PAYER_ACCOUNT
    assert values["已缴费用"] == "60.00元"


def test_payment_notice_for_an_endorsement_and_a_wrong_subject() -> None:
    endorsement = Endorsement(
        "BQ1", "P1", "U1", date(2025, 6, 1), Roster.of(WEIHAI.code, members(3))
    )
    notice = PaymentNotice("JF2", "BQ1", "90", date(2025, 6, 2))
    doc = PaymentNoticeDocument.from_notice(notice, unit=UNIT, subject=endorsement)
    assert doc.headcount == 3
    assert doc.plan_names == (WEIHAI.code,)  # no plans given: the code stands in
    with pytest.raises(LifecycleError, match="is for 'BQ1'"):
        PaymentNoticeDocument.from_notice(notice, unit=UNIT, subject=yiyang_application())


def test_yiyang_payment_application_form_prints_the_transfers() -> None:
    vouchers = (
        PaymentVoucher(
            "40", date(2024, 11, 20), "山东大学", PAYER_ACCOUNT, "JF1854696125211172864"
        ),
        PaymentVoucher("20", date(2024, 11, 21), "山东大学", PAYER_ACCOUNT),
    )
    form = GroupApplicationForm.from_application(
        yiyang_application(),
        unit=UNIT,
        plan=YIYANG,
        applied_on=date(2024, 11, 20),
        vouchers=vouchers,
        office="直属基层工会",
        title="职工住院医疗互助缴费申请单",
    )
    values = dict(form.lines())
    assert form.contribution == Decimal("60.00")
    assert values["保障期限"] == "2026-01-01 至 2026-12-31"
    assert values["代办处"] == "直属基层工会"
    assert values["受理渠道"] == "单位录入"
    assert values["备注"] == "无"
    assert values["转账信息1 转账金额"] == "40.00元"
    assert values["转账信息2 付款时间"] == "2024-11-21"
    assert values["转账信息1 银行回单内容"] == "JF1854696125211172864"
    assert PAYER_ACCOUNT not in json.dumps(form.to_data(), ensure_ascii=False)


def test_a_line_without_a_tier_on_a_plan_with_several_needs_one() -> None:
    with pytest.raises(LifecycleError, match="2 tiers"):
        GroupApplicationForm.from_application(
            yiyang_application(tier=None), unit=UNIT, plan=YIYANG, applied_on=date(2024, 11, 20)
        )
    form = GroupApplicationForm.from_application(
        yiyang_application(tier=None),
        unit=UNIT,
        plan=YIYANG,
        applied_on=date(2024, 11, 20),
        contribution="90",
    )
    assert form.amount_due == Decimal("90.00")


# --- Linyi §3.4: the confirmation certificate and its member list -------------------------


def test_linyi_confirmation_certificate_lines_totals_and_member_list() -> None:
    accident = Plan(
        "linyi-accident-2025", "意外伤害互助保障活动", PlanKind.ACCIDENT, YEAR, (WEIHAI.tiers[0],)
    )
    p1 = effective_policy("P1", 2)
    p2 = attrs.evolve(effective_policy("P2", 1), plan_code=accident.code)
    cert = ConfirmationCertificate.from_policies(
        [p1, p2],
        unit=UNIT,
        issued_on=date(2025, 1, 5),
        plans=[WEIHAI, accident],
        amounts={"P1": "200", "P2": "50.50"},
        office="中国职工保险互助会临沂办事处",
    )
    assert cert.headcount == 2  # 张三 is on both activities, counted once
    assert cert.amount == Decimal("250.50")
    assert [(line.plan_name, line.headcount, line.shares) for line in cert.policy_lines] == [
        ("住院医疗互助保障项目", 2, 4),
        ("意外伤害互助保障活动", 1, 2),
    ]
    assert [row.seq for row in cert.members.rows] == [1, 2, 3]
    assert cert.members.rows[2].plan_name == "意外伤害互助保障活动"
    values = dict(cert.lines())
    assert values["保障活动2 金额"] == "50.50元"
    assert values["合计金额"] == "250.50元"
    assert values["确认日期"] == "2025年01月05日"
    without = ConfirmationCertificate.from_policies(
        [p1, p2], unit=UNIT, issued_on=date(2025, 1, 5), amounts={"P1": "200"}
    )
    assert without.amount is None


def test_confirmation_certificate_covers_one_application_of_one_unit() -> None:
    with pytest.raises(LifecycleError, match="at least one"):
        ConfirmationCertificate.from_policies([], unit=UNIT, issued_on=date(2025, 1, 5))
    other = attrs.evolve(effective_policy("P2"), application_id="A9")
    with pytest.raises(LifecycleError, match="one application"):
        ConfirmationCertificate.from_policies(
            [effective_policy(), other], unit=UNIT, issued_on=date(2025, 1, 5)
        )


# --- Guangdong §七 / Shenzhen: e-policy; Shenzhen ch. 3: endorsement document ----------------


def test_e_policy_fields() -> None:
    policy = effective_policy(n=2)
    ep = EPolicy.from_policy(
        policy,
        unit=UNIT,
        plan=WEIHAI,
        issued_on=date(2025, 1, 2),
        amount="200",
        issuer="威海市总工会",
    )
    values = dict(ep.lines())
    assert values["保单号"] == "P1"
    assert values["保障计划"] == "住院医疗互助保障项目"
    assert values["保障期限"] == "2025-01-01 至 2025-12-31"
    assert values["生效日期"] == "2025年01月01日"
    assert values["参保人数"] == "2人"
    assert values["参保份数"] == "4份"
    assert values["会费金额"] == "200.00元"
    assert ep.members.rows[0].tier == "个人缴纳50元 工会补贴10元"
    assert ep.members.rows[0].effective_date == date(2025, 1, 1)
    with pytest.raises(LifecycleError, match="belongs to"):
        EPolicy.from_policy(policy, unit=attrs.evolve(UNIT, id="U2"), issued_on=date(2025, 1, 2))


def test_endorsement_document_gives_each_new_member_the_effective_date() -> None:
    policy = effective_policy()
    hires = [Member.from_resident_id("新员工", IDS[3]), Member.from_resident_id("新员工二", IDS[4])]
    roster = Roster.of(WEIHAI.code, hires)
    roster = roster.with_entries(
        (roster.entries[0], attrs.evolve(roster.entries[1], effective_date=date(2025, 7, 1)))
    )
    endorsement = Endorsement(
        "BQ1",
        "P1",
        "U1",
        date(2025, 6, 1),
        roster,
        EndorsementStatus.EFFECTIVE,
        "70",
        contact=Contact("联系人", "13912345678"),
    )
    doc = EndorsementDocument.from_endorsement(
        endorsement, unit=UNIT, policy=policy, plan=WEIHAI, issued_on=date(2025, 6, 2)
    )
    assert [r.effective_date for r in doc.members.rows] == [date(2025, 6, 1), date(2025, 7, 1)]
    values = dict(doc.lines())
    assert values["保全生效日期"] == "2025年06月01日"
    assert values["联系电话"] == "139****5678"
    assert values["新增人数"] == "2人"
    assert values["应缴金额"] == "70.00元"
    assert values["保全状态"] == "已生效"
    with pytest.raises(LifecycleError, match="not 'P2'"):
        EndorsementDocument.from_endorsement(
            endorsement, unit=UNIT, policy=effective_policy("P2"), issued_on=date(2025, 6, 2)
        )


# --- exports ------------------------------------------------------------------------------


def read_xlsx(data: bytes) -> list[list[list[object]]]:
    book = load_workbook(io.BytesIO(data))
    return [[[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets]


def test_member_list_xlsx_is_masked_by_default_and_full_when_revealed() -> None:
    people = [Member.from_resident_id("张三", IDS[0], mobile="13912345678")]
    members_list = MemberList.from_roster(Roster.of(WEIHAI.code, people), plan=WEIHAI)
    masked, full = io.BytesIO(), io.BytesIO()
    members_list.to_xlsx(masked)
    members_list.to_xlsx(full, reveal=True)
    (sheet,) = read_xlsx(masked.getvalue())
    assert sheet[0] == list(MEMBER_COLUMNS)
    assert sheet[1][1:7] == [
        "张三",
        "居民身份证",
        "110105********002X",
        "女",
        "1949-**-**",
        "139****5678",
    ]
    (sheet,) = read_xlsx(full.getvalue())
    assert sheet[1][3] == IDS[0]
    assert sheet[1][5].date() == date(1949, 12, 31)  # type: ignore[union-attr]
    assert sheet[1][6] == "13912345678"


def test_member_rows_mask_personal_data_with_the_models_helpers() -> None:
    """One masking rule: a document's member row masks as the model's member does."""
    from mutualaid.model import _fields

    fields = attrs.fields(MemberRow)
    assert fields.id_number.repr is _fields.masked_id
    assert fields.mobile.repr is _fields.masked_mobile
    person = Member.from_resident_id("张三", IDS[0], mobile="13912345678")
    row = MemberList.from_roster(Roster.of(WEIHAI.code, [person]), plan=WEIHAI).rows[0]
    assert "110105********002X" in repr(row) and "139****5678" in repr(row)
    assert IDS[0] not in repr(row) and "13912345678" not in repr(row)


def test_xlsx_cells_cannot_become_formulas(tmp_path: Path) -> None:
    evil = Member.from_resident_id('=HYPERLINK("http://x","点我")', IDS[0])
    unit = attrs.evolve(UNIT, name="+cmd|' /C calc'!A0", address="@SUM(1+1)")
    policy = attrs.evolve(effective_policy(n=0), members=(PolicyMember(evil),))
    ep = EPolicy.from_policy(policy, unit=unit, issued_on=date(2025, 1, 2))
    path = tmp_path / "e-policy.xlsx"
    ep.to_xlsx(path)
    book = load_workbook(path)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'+cmd|' /C calc'!A0" in texts
    assert "'@SUM(1+1)" in texts
    assert '\'=HYPERLINK("http://x","点我")' in texts


def test_document_xlsx_has_the_form_then_the_member_list() -> None:
    form = GroupApplicationForm.from_application(
        weihai_application(), unit=UNIT, plan=WEIHAI, applied_on=date(2018, 3, 5)
    )
    buffer = io.BytesIO()
    form.to_xlsx(buffer)
    form_sheet, member_sheet = read_xlsx(buffer.getvalue())
    assert form_sheet[0][0] == form.title
    assert form_sheet[1] == ["单位名称全称(盖章)", "威海测试有限公司"]
    assert len(member_sheet) == 3
    assert member_sheet[1][3] == "110105********002X"


def test_to_data_is_json_ready_masked_and_named() -> None:
    cert = ConfirmationCertificate.from_policies(
        [effective_policy()], unit=UNIT, issued_on=date(2025, 1, 5), amounts={"P1": "200"}
    )
    data = json.loads(cert.to_json())
    assert data["document"] == "ConfirmationCertificate"
    assert data["amount"] == "200.00"
    assert data["members"]["rows"][0]["id_number"] == "110105********002X"
    assert data["members"]["rows"][0]["birth_date"] is None
    assert data["members"]["rows"][0]["birth_year"] == 1949
    assert data["unit"]["handler"]["id_number"] == "110105********002X"
    full = cert.to_data(reveal=True)
    assert full["members"]["rows"][0]["id_number"] == IDS[0]
    assert full["members"]["rows"][0]["birth_date"] == "1949-12-31"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\t=1", "＝1", "张三", "", "a=b"])
def test_safe_cell_text(text: str) -> None:
    safe = safe_cell_text(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "＝"))
    assert safe in (text, "'" + text)


@settings(max_examples=30)
@given(roster=rosters)
def test_masked_member_lists_never_hold_a_full_id_number(roster: Roster) -> None:
    listed = MemberList.from_roster(roster)
    assert listed.headcount == roster.headcount
    assert listed.shares == roster.shares
    buffer = io.BytesIO()
    listed.to_xlsx(buffer)
    (sheet,) = read_xlsx(buffer.getvalue())
    cells = {str(v) for row in sheet for v in row}
    data = json.dumps(listed.to_data(), ensure_ascii=False)
    for entry in roster.entries:
        number = entry.member.id_number
        if len(number) >= 6:  # shorter numbers are starred in full
            assert number not in cells
            assert f'"{number}"' not in data
        if entry.member.mobile:
            assert entry.member.mobile not in data


@settings(max_examples=20)
@given(text=st.text(max_size=12))
def test_safe_cell_text_never_starts_a_formula(text: str) -> None:
    safe = safe_cell_text(text)
    assert not safe.startswith(("=", "+", "-", "@"))
    assert safe.removeprefix("'") == text or safe == text
