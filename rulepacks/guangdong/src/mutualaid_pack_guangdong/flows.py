"""The Guangdong business flow (广东, seed 001): the structure of the region's enrolment.

Returned by the pack's ``mutualaid_application_flow`` hook: :data:`GUANGDONG_FLOW`
says which steps the region has, each field citing the manual; its data
fields (plans per application...) come from ``data/rules.json`` via ``flow_from``.

>>> from datetime import date
>>> GUANGDONG_FLOW.stamped_application_upload, GUANGDONG_FLOW.second_review, GUANGDONG_FLOW.cancel
(True, True, True)
>>> GUANGDONG_FLOW.payment.notice_number.format(7, date(2025, 3, 8))
'JK20250308000007'

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

__all__ = ["GUANGDONG_CLAIM_FLOW", "GUANGDONG_FLOW"]

GUANGDONG_FLOW = ApplicationFlow(
    region="guangdong",
    gift_plans=True,  # "（二）添加赠送计划"
    # "对于“超龄人员”、“非本单位社保/医保在职人员”则需要依据系统提醒，分别补充相关材料"
    materials_before_submit=True,
    # "通过「下载申请书→打印盖章→拍照回传」三个步骤即可完成申报"
    stamped_application_upload=True,
    # "省互助会完成复审工作后，业务系统将自动生成缴费单并短信通知参保单位经办人员"
    second_review=True,
    # "若在实际缴款前发现申报信息有误或需调整，可通过以下方式撤销当前申报单…【申请撤单】"
    cancel=True,
    reference_effective_date=True,  # "（六）设置生效参考日期"
    e_policy=True,  # "请登录系统下载电子保单，加盖公章"
    group_enrolment=True,  # "（二）集团统一参保流程"
    registration=RegistrationFlow(
        # "首次参保的单位需先注册账号待互助会审核通过后方可登录"
        review_required=True,
        username=UsernameScheme.USCC,  # assumption: the manual does not name the login
        required_fields=("name", "code", "legal_representative", "address", "handler"),
        certificate_required=True,  # "须上传统一社会信用代码证影像材料"
        changes_need_review=True,  # "修改后的信息待互助会审核后生效"
        prior_policy_link=True,  # "（三）历史保单绑定（非必须操作）"
        unit_links=True,  # "【上下级关系维护】由集团公司或子公司发起均可"
    ),
    payment=PaymentFlow(
        # assumption: the manual shows no notice number format.
        notice_number=NumberScheme("JK", 6, dated="%Y%m%d"),
        # "银行汇款时请在汇款用途栏填写缴款单号…互助会确认缴款后，将会短信通知单位参保成功"
        vouchers=False,
        deferred_payment=True,  # "（四）延迟缴款申请"
        payment_exception=True,  # "（五）异常缴费确认流程"
        cancel_before_payment=True,  # "（三）取消缴款单"
        # "如果缴款日期超出设置的生效参考日期，则保单按照实际到账日期次日生效": the
        # pack's rule (effective.late_payment_next_day; mutualaid_effective_date)
    ),
    # "上传盖章后的参保确认书" and invoicing by the parent unit are the pack's data
    # (invoice.stamped_confirmation_required, invoice.group_invoiced_by_parent):
    # the invoice flow is the default one.
    # "迟缴可能会导致参保人员断保，断保后会有免责期。": the pack's rule
    # (effective.waiting_period_days; lifecycle.policies.is_covered asks it).
)

#: Guangdong's claim flow (seed 001, 九 个人理赔管理): the unit's handler files a draft and submits it.
GUANGDONG_CLAIM_FLOW = ClaimFlow(
    region="guangdong",
    # 九（一）"点击【暂存】后并未发起理赔申请，需要进入【个人理赔提交】菜单，点击【提交】，才完成理赔申请的发起"
    # 九（二）"点击提交后，理赔申请将发送到理赔部进行审核"
    unit_files=True,
)
