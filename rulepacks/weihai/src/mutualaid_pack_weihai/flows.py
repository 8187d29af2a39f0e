"""The Weihai business flow (威海, seed 000): the structure of the region's enrolment.

Returned by the pack's ``mutualaid_application_flow`` hook: :data:`WEIHAI_FLOW`
says which steps the region has, each field citing the manual; its data
fields (plans per application...) come from ``data/rules.json`` via ``flow_from``.

>>> WEIHAI_FLOW.review_before_payment, WEIHAI_FLOW.payment.vouchers
(True, True)
>>> WEIHAI_FLOW.registration.unit_number_digits, WEIHAI_FLOW.e_seal_branch
(8, True)

Layer 3, like the pack: never imports the life cycle.
"""

from __future__ import annotations

from mutualaid.rules import (
    ApplicationFlow,
    NumberScheme,
    PaymentFlow,
    RegistrationFlow,
    UsernameScheme,
)

__all__ = ["WEIHAI_FLOW", "WEIHAI_REQUIRED_UNIT_FIELDS"]

#: Weihai's 编辑单位信息 form: every field marked * ("*为必填").
WEIHAI_REQUIRED_UNIT_FIELDS = (
    "unit_type",  # *单位类型
    "region",  # *所属区域
    "code",  # *信用代码证号
    "name",  # *单位名称
    "handler.name",  # *经办人姓名
    "handler.mobile",  # *经办人电话
    "handler.id_number",  # *经办人身份证号码
    "union_chair.name",  # *工会主席姓名
    "union_chair.mobile",  # *工会主席电话
    "address",  # *单位详细地址
    "contact_email",  # *邮箱
)

WEIHAI_FLOW = ApplicationFlow(
    region="weihai",
    # "备注：若未完成单位信息，则会无法进行提交，若录入人员数量与填写数量不符，则无法进行提交。"
    # (the count rule is the pack's data: application.enrolled_must_equal_declared)
    unit_info_complete_before_submit=True,
    # §12 (新增): "进入该页面时会提示前去上传注册证件及电子印章，注册证件必传，电子印章选填。"
    certificate_before_application=True,
    # "(1) 若未上传电子印章，点击打印页面… (2) 若已上传电子印章，则会出现上传缴费单按钮"
    e_seal_branch=True,
    registration=RegistrationFlow(
        # "注册后系统会自动生成编码并显示（这个编码与密码请牢记）" — no review step.
        review_required=False,
        unit_number_digits=8,  # e.g. 44796252
        username=UsernameScheme.UNIT_NUMBER,  # "6.1. 使用编号即可登陆"
        required_fields=WEIHAI_REQUIRED_UNIT_FIELDS,
        # §4's 注册新用户 form has no certificate upload and §9 (完善信息) offers
        # 注册证件 without *: it is due before an application (§12), not at registration
        certificate_required=False,
    ),
    payment=PaymentFlow(
        # assumption: the manual shows no payment-notice number; this scheme is a placeholder.
        notice_number=NumberScheme("WH", 10),
        vouchers=True,
        voucher_needs_e_seal=True,
        # the manual does not say when cover starts: the pack's rule
        # (mutualaid_effective_date) answers it
    ),
)
