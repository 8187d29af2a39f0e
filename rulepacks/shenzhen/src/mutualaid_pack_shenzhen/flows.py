"""The Shenzhen business flow (深圳, seed 002): the structure of the region's enrolment.

Returned by the pack's ``mutualaid_application_flow`` hook: :data:`SHENZHEN_FLOW`
says which steps the region has, each field citing the manual; its data
fields (plans per application...) come from ``data/rules.json`` via ``flow_from``.

>>> SHENZHEN_FLOW.association_sets_effective_time, SHENZHEN_FLOW.endorsement.enabled
(True, True)

The notice of terms is the pack's data (``application.requires_terms_accepted``),
never stated here; the flow for a day takes it from the data:

>>> SHENZHEN_FLOW.terms_acceptance_required
False
>>> SHENZHEN_FLOW.with_parameters({"application.requires_terms_accepted": True}.get).terms_acceptance_required
True

Layer 3, like the pack: never imports the life cycle.
"""

from __future__ import annotations

from mutualaid.rules import (
    ApplicationFlow,
    ClaimFlow,
    EndorsementFlow,
    NumberScheme,
    PaymentFlow,
)

__all__ = ["SHENZHEN_CLAIM_FLOW", "SHENZHEN_FLOW"]

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
    ),
    # early invoices ("如果需要提前开具发票…下载提前开票承诺书") are the pack's
    # data: invoice.early_allowed, invoice.early_needs_commitment_letter
    # "第三章 保单补充申请"; the pricing is the pack's data (endorsement.pro_rata)
    endorsement=EndorsementFlow(enabled=True),
)

#: Shenzhen's claim flow: ASSUMED. The guide (seed 002, 1.1) names 给付申请 as one of its three
#: businesses and describes no step; the unit-filed flow (暂存 as its other applications have,
#: 提交, review) is assumed.
SHENZHEN_CLAIM_FLOW = ClaimFlow(region="shenzhen", unit_files=True)
