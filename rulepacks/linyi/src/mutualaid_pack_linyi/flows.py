"""The Linyi business flow (临沂, seed 003): the structure of the region's enrolment.

Returned by the pack's ``mutualaid_application_flow`` hook: :data:`LINYI_FLOW`
says which steps the region has, each field citing the manual; its data
fields (plans per application...) come from ``data/rules.json`` via ``flow_from``.

>>> LINYI_FLOW.invoice.before_payment, LINYI_FLOW.payment.vouchers
(True, False)
>>> LINYI_FLOW.registration.username
<UsernameScheme.PINYIN: 'pinyin'>

Layer 3, like the pack: never imports the life cycle.
"""

from __future__ import annotations

from mutualaid.rules import (
    ApplicationFlow,
    ClaimFlow,
    EndorsementFlow,
    InvoiceFlow,
    NumberScheme,
    PaymentFlow,
    RegistrationFlow,
    UsernameScheme,
)

__all__ = ["LINYI_CLAIM_FLOW", "LINYI_FLOW"]

LINYI_FLOW = ApplicationFlow(
    region="linyi",
    confirmation_certificate=True,  # "3.4. 确认书打印"
    registration=RegistrationFlow(
        # "由办事处、经办机构业务人员审核。审核通过后，会向单位联系人手机号发送短信告知账号密码"
        review_required=True,
        # "用户名为上一期或修改后经办人姓名小写全拼"
        username=UsernameScheme.PINYIN,
        required_fields=("name", "code", "handler"),
        certificate_required=True,  # "录入参保单位信息、联系人信息，上传证件图片"
    ),
    payment=PaymentFlow(
        notice_number=NumberScheme("LY", 10),  # assumption: no format in the manual
        vouchers=False,  # "打款(户名:中国职工保险互助会临沂办事处…)" then 到账确认
    ),
    # "录入完成后，点击【提交】按钮，参保单流转至到账确认环节。" (the settlement day
    # and the per-capita cap are the pack's data)
    invoice=InvoiceFlow(before_payment=True),
    # "如有其他单位已入会人员调入本单位，为防止断保，可将调入人员…发送至…办理新增"
    endorsement=EndorsementFlow(transfer_in_by_mail=True),
)

#: Linyi's claim flow (seed 003, 4. 申领管理): the office accepts, materials, expense entry, calculation.
LINYI_CLAIM_FLOW = ClaimFlow(
    region="linyi",
    # 4.1.1 "录入出险人的证件号码，点击查询能够查询出满足条件的申领类型 … 点击【确认受理】"
    office_acceptance=True,
    # 4.1.1 "疾病住院和意外住院的案件受理成功后会显示在工作池中状态为材料上传"; 4.1.3
    materials_step=True,
    # 4.2.1 "在待处理工作池中 … 点击【获取】按钮，将所选择的案件移动到处理中工作池"
    expense_entry=True,
    # 4.2.2 "点击【申领计算】，对互助金额进行计算。必填信息录入完毕且互助金额不为0后，点击【申领提交】"
    calculation_step=True,
)
