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
    EndorsementFlow,
    InvoiceFlow,
    NumberScheme,
    PaymentFlow,
    RegistrationFlow,
    UsernameScheme,
)

__all__ = ["LINYI_FLOW"]

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
