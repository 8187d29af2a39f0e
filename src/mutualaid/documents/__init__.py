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
* :class:`EndorsementDocument`: 电子保全单 (Shenzhen ch. 3), from an endorsement and its policy;
* :class:`BenefitNotice`: 给付通知书 (issue 10), from a claim and its computed benefit, one
  row per benefit step;
* :class:`ClaimList`: the case list of 申领查询 (Linyi 4.3), exported to Excel.

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

Import the names from here (``mutualaid.documents``); the modules hold one
document each: ``payment_notice``, ``application_form``, ``certificate``,
``epolicy``, ``endorsement``, with ``members`` (member lists), ``parties``
(unit, payee, payment method), ``document`` (the base) and ``cells``.

Layer 4.
"""

from __future__ import annotations

from mutualaid.documents.application_form import GroupApplicationForm
from mutualaid.documents.benefit_notice import BenefitNotice
from mutualaid.documents.cells import safe_cell_text
from mutualaid.documents.certificate import CertificateLine, ConfirmationCertificate
from mutualaid.documents.claim_list import CLAIM_COLUMNS, ClaimList, ClaimRow
from mutualaid.documents.document import Document
from mutualaid.documents.endorsement import EndorsementDocument
from mutualaid.documents.epolicy import EPolicy
from mutualaid.documents.members import MEMBER_COLUMNS, MemberList, MemberRow
from mutualaid.documents.parties import BankAccount, Payer, PaymentMethod, UnitParticulars
from mutualaid.documents.payment_notice import PaymentNoticeDocument

__all__ = [
    "CLAIM_COLUMNS",
    "MEMBER_COLUMNS",
    "BankAccount",
    "BenefitNotice",
    "CertificateLine",
    "ClaimList",
    "ClaimRow",
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
