"""Worked flows for the five seed regions, ready for their rule packs to return.

Each constant is an :class:`~mutualaid.rules.flows.ApplicationFlow` whose
structure (steps, branches, number schemes) follows the region's operating
manual; the comments quote the passage. Where a manual is silent, the field
keeps its neutral default or is marked *assumption*. The fields that restate a
pack parameter (plans per application, declared counts...) are left at their
defaults: the pack's data holds them, and :func:`~mutualaid.lifecycle.application.flow_from` with a date fills
them in (or, without a pack, :meth:`~mutualaid.rules.flows.ApplicationFlow.with_parameters`).

A pack returns its flow from the hook::

    from mutualaid.lifecycle.flows_catalog import YIYANG_FLOW

    @hookimpl
    def mutualaid_application_flow(kind):
        return YIYANG_FLOW if kind == "standalone" else None

>>> YIYANG_FLOW.steps()
('save', 'submit', 'material_review', 'withdraw', 'submit_payment', 'offline_materials', 'confirm_payment', 'close')
>>> GUANGDONG_FLOW.steps()
('save', 'submit', 'upload_stamped_application', 'review', 'second_review', 'cancel', 'confirm_payment')
>>> SHENZHEN_FLOW.steps()
('save', 'submit', 'review', 'submit_payment', 'confirm_payment', 'set_effective_date')

The notice of terms is the Shenzhen pack's data
(``application.requires_terms_accepted``); with it, the step appears:

>>> SHENZHEN_FLOW.with_parameters({"application.requires_terms_accepted": True}.get).steps()
('save', 'accept_terms', 'submit', 'review', 'submit_payment', 'confirm_payment', 'set_effective_date')
>>> LINYI_FLOW.steps()
('save', 'submit', 'review', 'enter_invoice', 'confirm_payment')
>>> WEIHAI_FLOW.steps()
('save', 'submit', 'review', 'submit_payment', 'confirm_payment')
>>> sorted(FLOWS)
['guangdong', 'linyi', 'shenzhen', 'weihai', 'yiyang']

Layer 4.
"""

from __future__ import annotations

from mutualaid.rules.flows import (
    ApplicationFlow,
    EffectiveDateRule,
    EndorsementFlow,
    InvoiceFlow,
    NumberScheme,
    PaymentFlow,
    RegistrationFlow,
    UsernameScheme,
)

__all__ = [
    "FLOWS",
    "GUANGDONG_FLOW",
    "LINYI_FLOW",
    "SHENZHEN_FLOW",
    "WEIHAI_FLOW",
    "WEIHAI_REQUIRED_UNIT_FIELDS",
    "YIYANG_FLOW",
    "YIYANG_OFFLINE_MATERIALS",
]

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
    # "进入该页面时会提示前去上传注册证件及电子印章，注册证件必传，电子印章选填。"
    certificate_before_application=True,
    # "(1) 若未上传电子印章，点击打印页面… (2) 若已上传电子印章，则会出现上传缴费单按钮"
    e_seal_branch=True,
    registration=RegistrationFlow(
        # "注册后系统会自动生成编码并显示（这个编码与密码请牢记）" — no review step.
        review_required=False,
        unit_number_digits=8,  # e.g. 44796252
        username=UsernameScheme.UNIT_NUMBER,  # "6.1. 使用编号即可登陆"
        required_fields=WEIHAI_REQUIRED_UNIT_FIELDS,
        certificate_required=True,
    ),
    payment=PaymentFlow(
        # assumption: the manual shows no payment-notice number; this scheme is a placeholder.
        notice_number=NumberScheme("WH", 10),
        vouchers=True,
        voucher_needs_e_seal=True,
        # assumption: the manual does not say when cover starts.
        effective_date=EffectiveDateRule.DAY_AFTER_ARRIVAL,
    ),
)

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
        # "如果缴款日期超出设置的生效参考日期，则保单按照实际到账日期次日生效"
        effective_date=EffectiveDateRule.REFERENCE_OR_DAY_AFTER_ARRIVAL,
    ),
    # "上传盖章后的参保确认书" (invoicing by the parent unit is the pack's data:
    # invoice.group_invoiced_by_parent)
    invoice=InvoiceFlow(stamped_policy_required=True),
    # "迟缴可能会导致参保人员断保，断保后会有免责期。": the pack's rule
    # (effective.waiting_period_days; lifecycle.policies.is_covered asks it).
)

SHENZHEN_FLOW = ApplicationFlow(
    region="shenzhen",
    # the notice of terms ("阅读完成后点击勾选【我已阅读协议】按钮") is the pack's
    # data: application.requires_terms_accepted
    # "点击【下载模板】按钮下载上传社保台账的模板…点击【上传社保台账】"
    materials_before_submit=True,
    requested_effective_date=True,  # "还可以选择填写保单生效日期"
    # "待互助会设置完生效时间后，参保完成"
    association_sets_effective_time=True,
    payment=PaymentFlow(
        notice_number=NumberScheme("SZ", 10),  # assumption: no format in the manual
        vouchers=True,  # "在该页面填写划款信息…等待互助会对缴费信息进行核对"
        effective_date=EffectiveDateRule.SET_BY_ASSOCIATION,
    ),
    # early invoices ("如果需要提前开具发票…下载提前开票承诺书") are the pack's
    # data: invoice.early_allowed, invoice.early_needs_commitment_letter
    # "第三章 保单补充申请"; the pricing is the pack's data (endorsement.pro_rata)
    endorsement=EndorsementFlow(enabled=True),
)

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

#: "请打印参保申请单, 加盖单位工会章连同以下资料, 提交至地址"
YIYANG_OFFLINE_MATERIALS = (
    "参保申请单(盖章)",
    "银行转账复印件",
    "参加人员当月或上个月工资表(盖章)",
    "医保名册(盖章)",
    "超龄未退休证明材料(盖章)",
)

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
    offline_materials=YIYANG_OFFLINE_MATERIALS,  # step "线下递交材料"
    closed_step=True,  # "经办人员审核通过后，参保单变为办结完成"
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

#: The five flows by region code.
FLOWS: dict[str, ApplicationFlow] = {
    flow.region: flow
    for flow in (WEIHAI_FLOW, GUANGDONG_FLOW, SHENZHEN_FLOW, LINYI_FLOW, YIYANG_FLOW)
}
