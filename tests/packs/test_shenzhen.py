"""The Shenzhen pack (seed 002_6437ab0087d6f229.txt): each test cites the guide's passage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from mutualaid_pack_shenzhen.flows import SHENZHEN_FLOW
from pack_helpers import application, codes, invoice, line, members, rules, unit

from mutualaid.lifecycle.application import flow_from
from mutualaid.model.application import Application
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.policy import Policy, PolicyMember
from mutualaid.model.roster import Roster
from mutualaid.model.unit import Contact
from mutualaid.rules import Severity, Situation

ON = date(2026, 2, 1)
MED = "SZ-MED-2026"
AREA = "440304"
CONTACT = Contact("陈联系", mobile="13800138000")


def ready(**fields: object) -> Application:
    """An application that passes every check unless a field says otherwise."""
    values: dict[str, object] = {"terms_accepted": True, "contact": CONTACT, **fields}
    return application(
        "shenzhen",
        line(MED, members(2, ON, area=AREA), tier="STD", shares=2),
        **values,  # type: ignore[arg-type]
    )


def test_plans_with_shares_for_2026() -> None:
    """2.2: "在【选择保障计划】处，勾选需要参保的保障计划。在【基本资料填写】处，下拉选择参保份数。"."""
    pack = rules("shenzhen")
    plans = pack.plans(date(2026, 6, 30))
    assert [p.code for p in plans] == [MED, "SZ-CI-2026"]
    assert all(p.coverage.contains(date(2026, 6, 30)) and p.max_shares > 1 for p in plans)
    assert pack.application_findings(ready(), ON) == ()
    assert pack.price_application(ready(), ON).total == 2 * 2 * Decimal("60.00")


def test_the_notice_of_terms_must_be_accepted() -> None:
    """2.3 阅读告知书: "阅读完成后点击勾选【我已阅读协议】按钮，点击【下一步】"."""
    (finding,) = rules("shenzhen").application_findings(ready(terms_accepted=False), ON)
    assert (finding.code, finding.blocking) == ("application.terms_not_accepted", True)
    assert "002_6437ab0087d6f229.txt" in str(finding.explanation)


@pytest.mark.parametrize(
    "contact", [None, Contact("陈联系"), Contact("  ", mobile="13800138000")], ids=str
)
def test_the_mutual_aid_contact_and_phone_are_required(contact: Contact | None) -> None:
    """2.3 提交参保名单: "首先需要填写互助保障联系人的联系方式"."""
    (finding,) = rules("shenzhen").application_findings(ready(contact=contact), ON)
    assert (finding.code, finding.field) == ("shenzhen.contact_missing", "contact")


def test_the_social_security_ledger_is_uploaded_with_the_roster() -> None:
    """2.3: "下载上传社保台账的模板，在模板中填写后点击【上传社保台账】按钮来上传所填写的模板"."""
    (ledger,) = rules("shenzhen").required_materials(Situation.APPLICATION, ON)
    assert (ledger.kind, ledger.name) == (MaterialKind.SOCIAL_SECURITY_LEDGER, "社保台账")


def test_the_policy_takes_effect_when_the_association_sets_the_time() -> None:
    """2.5-2.6: "互助会确认缴费信息后，保单会处于待生效状态。待互助会设置完生效时间后，参保完成"."""
    pack = rules("shenzhen")
    app = ready(requested_effective_date=date(2026, 3, 1))
    plan = pack.plan(MED)
    pending = pack.effective_date(app, plan, payment_arrival=date(2026, 2, 20))
    assert pending.pending and pending.set_by_association
    chosen = pack.effective_date(
        app, plan, payment_arrival=date(2026, 2, 20), association_date=date(2026, 3, 2)
    )
    assert (chosen.date, chosen.pending) == (date(2026, 3, 2), False)


def policy(effective: date = date(2026, 3, 1)) -> Policy:
    people = members(2, ON, area=AREA)
    return Policy(
        "SZP1",
        "U1",
        "A1",
        MED,
        CoveragePeriod.calendar_year(2026),
        tuple(PolicyMember(m, "STD", 1, effective) for m in people),
        effective_date=effective,
    )


def test_an_endorsement_adds_new_hires_with_their_own_date_payment_and_effective_time() -> None:
    """3.1: "把新员工插入到已经生效的保单内…填写保全生效日期"; 3.3: "待互助会设置完生效时间后，参保完成"."""
    pack = rules("shenzhen")
    new_hires = Roster.of(MED, members(3, ON, age=25, area="440305"), tier_code="STD")
    endorsement = Endorsement("E1", "SZP1", "U1", date(2026, 5, 1), new_hires)
    quote = pack.price_endorsement(endorsement, policy(), date(2026, 4, 20))
    assert (quote.headcount, quote.total) == (3, 3 * Decimal("60.00"))
    pending = pack.endorsement_effective_date(endorsement, policy())
    assert pending.pending and pending.set_by_association
    chosen = pack.endorsement_effective_date(
        endorsement, policy(), association_date=date(2026, 5, 6)
    )
    assert chosen.date == date(2026, 5, 6)


def test_an_early_invoice_needs_the_stamped_commitment_letter() -> None:
    """2.5: "点击【下载提前开票承诺书】按钮，下载后填写信息、线下盖章并点击【上传承诺书】上传已盖章的文件"."""
    pack = rules("shenzhen")
    holder = unit("深圳测试有限公司")
    without = invoice("240", ON, title="深圳测试有限公司", early=True)
    (finding,) = pack.invoice_findings(without, holder, [ready()], ON)
    assert (finding.code, finding.severity) == (
        "invoice.early_needs_commitment_letter",
        Severity.NEEDS_MATERIAL,
    )
    letter = Material(MaterialKind.COMMITMENT_LETTER, "提前开票承诺书", "letter.pdf", provided=True)
    with_letter = invoice("240", ON, title="深圳测试有限公司", early=True, commitment_letter=letter)
    assert pack.invoice_findings(with_letter, holder, [ready()], ON) == ()


def test_an_early_invoice_request_names_unit_amount_credit_code_and_email() -> None:
    """2.5: "填写单位、金额、统一社会信用代码、邮箱，点击【提交】按钮"."""
    pack = rules("shenzhen")
    letter = Material(MaterialKind.COMMITMENT_LETTER, provided=True)
    blank = invoice("0", ON, title=" ", email="", early=True, commitment_letter=letter)
    found = pack.invoice_findings(blank, unit("深圳测试有限公司"), [ready()], ON)
    assert codes(found) == {"shenzhen.invoice_field_missing"}
    assert sorted(f.params["missing"] for f in found) == ["amount", "email", "title"]
    ordinary = invoice("0", ON, title=" ", email="")
    assert pack.invoice_findings(ordinary, unit("深圳测试有限公司"), [ready()], ON) == ()


def test_the_application_flow_is_shenzhen_s_for_applications_and_endorsements() -> None:
    """第二章 参保申请 and 第三章 保单补充申请."""
    pack = rules("shenzhen")
    assert flow_from(pack) is SHENZHEN_FLOW
    assert flow_from(pack, "endorsement") is SHENZHEN_FLOW
    assert pack.call("mutualaid_application_flow", kind="group") is not SHENZHEN_FLOW
