"""Payment methods through the service: refused methods, a cash deposit's documents, who pays.

Seed 004 (Yiyang) 3. 参保缴费 (二) 缴费通知单: 「缴费方式 线下对公转账 … 缴费说明 不允许现金及个人打款」;
seed 000 (Weihai) 22. 若通过审核 (1): 「采用现金银行存款方式缴费的需要提供无对公存款账户证明及经办人身份证复印件」
and the 团体申请表's 「缴费方式 /单位统一缴费 □个人缴费」.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from service_helpers import apply_for, line, people, registered, service

from mutualaid.documents import Payer, PaymentMethod
from mutualaid.errors import GuardFailed
from mutualaid.model import Material, MaterialKind, PaymentNotice, PaymentVoucher
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.states import PaymentNoticeStatus
from mutualaid.service import Service
from mutualaid.service.payment_method import declare_payment_method, declared_method

YY_ON = datetime(2025, 12, 10, 9)


def codes(err: pytest.ExceptionInfo[GuardFailed]) -> tuple[str, ...]:
    return tuple(err.value.details["codes"])


def yiyang_notice(svc: Service) -> PaymentNotice:
    unit = registered(svc, "yiyang")
    apply_for(svc, "CB1", unit, "yiyang", [line("YY-HOSP-2026", "T60", people(2, area="430902"))],
              declared=DeclaredCounts(medical_insurance_headcount=2), at=YY_ON)  # fmt: skip
    svc.submit("CB1", actor="U1", at=YY_ON)
    return svc.issue_notice("CB1", at=YY_ON).entity


def test_yiyang_3_2_no_cash_and_no_personal_transfer_is_a_block() -> None:
    """Seed 004 3.(二): 「不允许现金及个人打款」 refuses both, not a warning."""
    svc = service(at=YY_ON)
    notice = yiyang_notice(svc)
    with pytest.raises(GuardFailed) as err:
        declare_payment_method(svc, notice.number, PaymentMethod.CASH_DEPOSIT, actor="U1")
    assert codes(err) == ("payment.cash_refused",)

    unit_name = "yiyang测试单位U1"
    personal = PaymentVoucher(notice.amount_due, date(2025, 12, 11), "张三", "6222020000001234",
                              notice.number)  # fmt: skip
    svc.add_voucher(notice.number, personal, actor="U1")
    with pytest.raises(GuardFailed) as err:
        svc.submit_vouchers(notice.number, actor="U1")
    assert codes(err) == ("payment.personal_transfer_refused",)
    assert "张三" in str(err.value)
    assert svc.get(PaymentNotice, notice.number).status is PaymentNoticeStatus.ISSUED

    svc._notice_step(notice.number, "remove_voucher", actor="U1", at=None, index=0)
    corporate = PaymentVoucher(notice.amount_due, date(2025, 12, 11), unit_name,
                               "430912345678", notice.number)  # fmt: skip
    svc.add_voucher(notice.number, corporate, actor="U1")
    assert svc.submit_vouchers(notice.number, actor="U1").entity.status is not (
        PaymentNoticeStatus.ISSUED
    )


def weihai_notice(svc: Service) -> PaymentNotice:
    unit = registered(svc, "weihai")
    apply_for(svc, "W1", unit, "weihai", [line("WH-MED-2026", "T50", people(2, area="371002"))],
              declared=DeclaredCounts(insured_headcount=2, paying_headcount=2))  # fmt: skip
    svc.submit("W1", actor="U1")
    svc.review("W1", actor="office")
    return svc.issue_notice("W1").entity


def test_weihai_22_1_a_cash_deposit_needs_the_proof_and_the_handlers_id_copy() -> None:
    """Seed 000 22.(1): 无对公存款账户证明 and 经办人身份证复印件 with a cash deposit."""
    svc = service(at=datetime(2026, 3, 2, 9))
    notice = weihai_notice(svc)
    proof = Material.required(MaterialKind.NO_CORPORATE_ACCOUNT_PROOF, "无对公存款账户证明")
    with pytest.raises(GuardFailed) as err:
        declare_payment_method(svc, notice.number, PaymentMethod.CASH_DEPOSIT, actor="U1",
                               materials=[proof.provide("证明.pdf")])  # fmt: skip
    assert codes(err) == ("payment.cash_materials_missing",)
    assert "经办人身份证复印件" in str(err.value) and "无对公存款账户证明" not in str(err.value)
    id_copy = Material.required(MaterialKind.HANDLER_ID_COPY, "经办人身份证复印件")
    declared = declare_payment_method(
        svc, notice.number, PaymentMethod.CASH_DEPOSIT, actor="U1",
        materials=[proof.provide("证明.pdf"), id_copy.provide("身份证.jpg")],
    )  # fmt: skip
    assert declared_method(svc.store, notice.number) == declared
    assert len(svc.store.audit_trail("payment_method", notice.number)) == 1


def test_weihai_payment_by_each_member_is_offered_and_yiyang_has_no_such_choice() -> None:
    """Seed 000 团体申请表 「缴费方式 /单位统一缴费 □个人缴费」: Weihai offers 个人缴费; the
    vouchers' payers are then the members, not refused as personal transfers."""
    svc = service(at=datetime(2026, 3, 2, 9))
    notice = weihai_notice(svc)
    declare_payment_method(svc, notice.number, PaymentMethod.CORPORATE_TRANSFER, actor="U1",
                           payer=Payer.MEMBER)  # fmt: skip
    assert declared_method(svc.store, notice.number).payer is Payer.MEMBER

    other = service(at=YY_ON)
    yy = yiyang_notice(other)
    with pytest.raises(GuardFailed) as err:
        declare_payment_method(other, yy.number, PaymentMethod.CORPORATE_TRANSFER, actor="U1",
                               payer=Payer.MEMBER)  # fmt: skip
    assert codes(err) == ("payment.member_payment_not_offered",)
