"""The Yiyang business flow (益阳, seed 004): the structure of the region's enrolment.

Returned by the pack's ``mutualaid_application_flow`` hook: :data:`YIYANG_FLOW`
says which steps the region has, each field citing the manual; its data
fields (plans per application...) come from ``data/rules.json`` via ``flow_from``.

>>> YIYANG_FLOW.material_review_when_over_age, YIYANG_FLOW.offline_materials, YIYANG_FLOW.closed_step
(True, True, True)
>>> YIYANG_FLOW.payment.notice_number.format(1854696125211172864)
'JF1854696125211172864'

Layer 3, like the pack: never imports the life cycle.
"""

from __future__ import annotations

from mutualaid.rules import (
    ApplicationFlow,
    ClaimFlow,
    NumberScheme,
    PaymentFlow,
    RegistrationFlow,
    UsernameScheme,
)

__all__ = ["YIYANG_CLAIM_FLOW", "YIYANG_FLOW"]

YIYANG_FLOW = ApplicationFlow(
    region="yiyang",
    # one plan per application, one tier per plan and the declared headcount are
    # the pack's data (application.max_plans, ...one_tier_per_plan_per_unit,
    # ...required_declared_counts)
    # "当人员名单中出现超龄人员的时候，需要上传超龄职工证明文件"
    materials_before_submit=True,
    # "点击提交审核后，由后台经办人员审核后，进入缴费页面"
    material_review_when_over_age=True,
    # "当人员名单中没有超龄人员的时候…点击提交审核后，直接进入缴费页面"
    review_before_payment=False,
    # "代办处正在审核超龄资料…可以使用【撤回】按钮进行撤回"
    withdraw_while_under_review=True,
    # step "线下递交材料": "请打印参保申请单, 加盖单位工会章连同以下资料, 提交至地址";
    # which papers is the pack's data (materials.offline in data/rules.json; the
    # over-age proof is asked by the over-age finding, member.over_retirement_material)
    offline_materials=True,
    closed_step=True,  # "经办人员审核通过后，参保单变为办结完成"
    # "参保单号: CB20241108092137000001" (3. 参保缴费 (二) 缴费通知单)
    application_number=NumberScheme("CB", 6, dated="%Y%m%d%H%M%S"),
    registration=RegistrationFlow(
        review_required=True,
        username=UsernameScheme.MOBILE,  # the login screen shows a mobile-like user name
    ),
    payment=PaymentFlow(
        notice_number=NumberScheme("JF", 19),  # "处理缴费单: JF1854696125211172864"
        vouchers=True,
        several_vouchers=True,  # "我的缴费凭证 … 继续添加凭证 … 共计: 60元"
    ),
)

#: Yiyang's claim flow: ASSUMED. The manual (seed 004) shows a 补助申领 menu and describes no
#: step; the unit-filed flow (暂存, 提交, review) is assumed, as the unit side files its other
#: business there.
YIYANG_CLAIM_FLOW = ClaimFlow(region="yiyang", unit_files=True)
