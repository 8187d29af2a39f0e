"""States: the statuses of every life-cycle entity, as the seeds name them.

Each status is a :class:`~mutualaid.model.labelled.LabelledEnum` whose label is
the Chinese status text a unit sees in its system. Which status follows which
is the life-cycle layer's business (``mutualaid.lifecycle``); this module only
names them. Regional systems use only some statuses: Weihai has no
``awaiting_effective_date`` (approval is the end of its road), Yiyang adds
``awaiting_material_review`` for over-age members and ``awaiting_offline_materials``
before 已办结, Guangdong has a second review (复审) before the payment notice.

>>> ApplicationStatus.from_label("待审核")
<ApplicationStatus.SUBMITTED: 'submitted'>
>>> ApplicationStatus.RETURNED.label
'审核未通过'
>>> ApplicationStatus.from_label("已办结") is ApplicationStatus.CLOSED
True
>>> ClaimStatus.from_label("费用录入")
<ClaimStatus.EXPENSE_ENTRY: 'expense_entry'>
>>> [s.value for s in PolicyStatus]
['awaiting_effective_date', 'effective', 'expired', 'cancelled']
"""

from __future__ import annotations

from mutualaid.model.labelled import LabelledEnum

__all__ = [
    "ApplicationStatus",
    "ClaimStatus",
    "EndorsementStatus",
    "GroupPartStatus",
    "InvoiceRequestStatus",
    "LinkStatus",
    "PaymentNoticeStatus",
    "PolicyStatus",
    "RegistrationStatus",
]


class RegistrationStatus(LabelledEnum):
    """A unit's registration (单位注册): Guangdong and Linyi review it before first login.

    Weihai approves at once (the system issues the unit number on registration).
    Changes to unit data in Guangdong go through the same review (待审核 again).
    """

    DRAFT = "draft", "未提交", "暂存"
    PENDING_REVIEW = "pending_review", "待审核", "审核中"
    APPROVED = "approved", "审核通过", "已注册", "正常"
    RETURNED = "returned", "审核未通过", "退回", "驳回"


class LinkStatus(LabelledEnum):
    """A parent/subsidiary unit link (上下级关系维护, Guangdong).

    Either side requests it; the other side confirms (确认通过) or rejects it.
    """

    REQUESTED = "requested", "待确认", "申请关联"
    CONFIRMED = "confirmed", "已关联", "确认通过"
    REJECTED = "rejected", "已拒绝", "拒绝"
    DISSOLVED = "dissolved", "已解除", "解除关联"


class ApplicationStatus(LabelledEnum):
    """An application (参保申请单 / 参互申请单 / 参保单).

    The union of the five systems' steps, in the order they can happen:
    暂存 → 待审核 (审核中 / 待审核超龄材料 / 待复审) → 审核未通过 or 审核通过 →
    待缴费 → 待核对 → 已到账 → 待生效 → 已生效 → 已办结; 已撤回 and 已撤单 on the way.
    """

    DRAFT = "draft", "暂存", "草稿", "待提交", "录入中"
    SUBMITTED = "submitted", "待审核", "已提交", "提交送审", "参保初审"
    UNDER_REVIEW = "under_review", "审核中", "初审中"
    AWAITING_MATERIAL_REVIEW = "awaiting_material_review", "待审核超龄材料", "超龄材料审核中"
    AWAITING_SECOND_REVIEW = "awaiting_second_review", "待复审", "复审中"
    RETURNED = "returned", "审核未通过", "退回", "驳回", "初审退回", "审核不通过"
    WITHDRAWN = "withdrawn", "已撤回", "撤回"
    APPROVED = "approved", "审核通过"
    AWAITING_INVOICE_ENTRY = "awaiting_invoice_entry", "待开票录入", "开票录入"
    AWAITING_PAYMENT = "awaiting_payment", "待缴费"
    PAYMENT_SUBMITTED = "payment_submitted", "待核对", "缴费审核", "到账确认", "待确认到账"
    PAYMENT_CONFIRMED = "payment_confirmed", "已到账", "缴费已确认", "参保成功"
    AWAITING_OFFLINE_MATERIALS = "awaiting_offline_materials", "线下递交材料", "待递交材料"
    AWAITING_EFFECTIVE_DATE = "awaiting_effective_date", "待生效"
    EFFECTIVE = "effective", "已生效", "保障中"
    CLOSED = "closed", "已办结", "办结"
    CANCELLED = "cancelled", "已撤单", "撤单", "已取消", "已删除"


class GroupPartStatus(LabelledEnum):
    """A subsidiary's part of a group enrolment (集团统一参保, Guangdong).

    The subsidiary fills its roster and submits it to the parent unit by the
    parent's deadline; the parent may return it; the parent's submission
    includes every submitted part.
    """

    FILLING = "filling", "填报中", "待填报"
    SUBMITTED_TO_PARENT = "submitted_to_parent", "已提交集团", "待集团审核"
    RETURNED_BY_PARENT = "returned_by_parent", "集团退回", "退回修改"
    INCLUDED = "included", "已纳入", "已随集团提交"


class PaymentNoticeStatus(LabelledEnum):
    """A payment notice (缴费通知单 / 缴款单, e.g. ``JF1854696125211172864``)."""

    ISSUED = "issued", "待缴费", "已发送缴款通知"
    VOUCHER_SUBMITTED = "voucher_submitted", "待确认", "已上传凭证", "待核对"
    VOUCHER_RETURNED = "voucher_returned", "凭证退回", "发回重新上传"
    CONFIRMED = "confirmed", "已确认到账", "缴费已确认", "已到账"
    EXCEPTION = "exception", "异常缴费", "缴费异常"
    DEFERRED = "deferred", "延迟缴款", "延迟缴款申请"
    CANCELLED = "cancelled", "已撤单", "已取消", "申请撤单"


class InvoiceRequestStatus(LabelledEnum):
    """An invoice request (开票申请 / 开票录入 / 提前开票申请)."""

    DRAFT = "draft", "暂存", "待提交"
    SUBMITTED = "submitted", "已提交", "待开票"
    ISSUED = "issued", "已开票", "已发送至邮箱"
    REJECTED = "rejected", "已驳回", "退回"
    CANCELLED = "cancelled", "已取消"


class PolicyStatus(LabelledEnum):
    """A policy (保单 / 电子保单)."""

    AWAITING_EFFECTIVE_DATE = "awaiting_effective_date", "待生效"
    EFFECTIVE = "effective", "已生效", "保障中", "有效"
    EXPIRED = "expired", "已到期", "已失效", "已满期"
    CANCELLED = "cancelled", "已注销", "已退保", "已撤单"


class EndorsementStatus(LabelledEnum):
    """An endorsement (保单补充申请 / 保全, Shenzhen): new hires added to an effective policy."""

    DRAFT = "draft", "暂存", "待提交"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "审核未通过", "退回"
    WITHDRAWN = "withdrawn", "已撤回"
    AWAITING_PAYMENT = "awaiting_payment", "待缴费"
    PAYMENT_SUBMITTED = "payment_submitted", "待核对"
    AWAITING_EFFECTIVE_DATE = "awaiting_effective_date", "待生效"
    EFFECTIVE = "effective", "已生效", "已完成"
    CANCELLED = "cancelled", "已取消", "已撤单"


class ClaimStatus(LabelledEnum):
    """A claim case (申领 / 理赔 / 补助申领 / 给付申请).

    Guangdong (seed 001, 九): 暂存, then 提交 to the claims department's review.
    Linyi (seed 003, 4.): 确认受理 puts a case whose type needs materials in
    材料上传 and others in 费用录入; 申领计算, then 申领提交 sends it to 申领初审;
    结案 ends it. Which state follows which is :mod:`mutualaid.claims.machine`.
    """

    DRAFT = "draft", "暂存", "草稿", "待提交"
    ACCEPTED = "accepted", "已受理", "受理"
    MATERIALS_UPLOAD = "materials_upload", "材料上传", "待上传材料"
    EXPENSE_ENTRY = "expense_entry", "费用录入"
    CALCULATED = "calculated", "已计算", "申领计算"
    SUBMITTED = "submitted", "待初审", "已提交", "待审核", "待受理"
    INITIAL_REVIEW = "initial_review", "申领初审", "初审", "初审中", "审核中"
    SAMPLE_CHECK = "sample_check", "抽检复核", "抽检"
    RETURNED = "returned", "退回", "审核未通过", "退回修改"
    APPROVED = "approved", "审核通过", "待给付"
    PAID = "paid", "已给付", "已支付"
    CLOSED = "closed", "已结案", "结案", "办结"
    REJECTED = "rejected", "拒付", "不予给付", "已拒绝"
    DELETED = "deleted", "已删除", "案件删除", "已撤销"
