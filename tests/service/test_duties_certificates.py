"""Linyi 3.4 确认书打印 through the service: 未打印 / 已打印, the tick, 刷新计划书.

Seed 003 3.4: 「默认进入【未打印】页面」; 「勾选“我已确认人员名单无误”后，可点击【打印确认书】按钮」;
「若修改确认书信息（如单位信息或日期信息等），可选择该确认书并点击【刷新计划书】按钮」.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from service_helpers import registered, service
from test_bypasses import linyi_approved

from mutualaid.errors import GuardFailed, LifecycleError
from mutualaid.model import InvoiceRequest
from mutualaid.service import Service
from mutualaid.service.certificates import (
    CertificateStatus,
    certificates,
    print_certificate,
    refresh_certificate,
)

ON = datetime(2026, 3, 24, 9)


def linyi_paid(svc: Service) -> None:
    unit = registered(svc, "linyi")
    app = linyi_approved(svc, unit)
    notice = svc.issue_notice(app.id, at=ON).entity
    request = InvoiceRequest("INV1", unit.id, (app.id,), unit.name, unit.code,
                             notice.amount_due, "caiwu@example.com", ON.date())  # fmt: skip
    svc.request_invoice(request, actor="U1", at=ON)
    svc.enter_invoice(app.id, actor="U1", at=ON)
    svc.confirm_payment(app.id, actor="office", arrival_date=ON.date(),
                        amount_received=notice.amount_due, policy_numbers=["LY-P1"], at=ON)  # fmt: skip


def test_linyi_3_4_print_needs_the_tick_and_moves_to_printed() -> None:
    """3.4 1.1 未打印: printing needs 「我已确认人员名单无误」; then the certificate is 已打印."""
    svc = service(at=ON)
    linyi_paid(svc)
    (state,) = certificates(svc, "U1")
    assert (state.application_id, state.status.label) == ("LY1", "未打印")
    with pytest.raises(GuardFailed) as err:
        print_certificate(svc, "LY1", actor="U1")
    assert err.value.details["codes"] == ("certificate.member_list_not_confirmed",)
    cert = print_certificate(svc, "LY1", actor="U1", confirmed=True, at=ON)
    assert cert.headcount == 2 and [line.policy_number for line in cert.policy_lines] == ["LY-P1"]
    assert len(cert.members) == 2  # the member list the unit confirmed
    assert certificates(svc, "U1", status=CertificateStatus.NOT_PRINTED) == ()
    (printed,) = certificates(svc, "U1", status=CertificateStatus.PRINTED)
    assert printed.printed_at == ON


def test_linyi_3_4_refresh_after_the_units_information_changed() -> None:
    """3.4 1.1 第6步: 刷新计划书 rebuilds it; a changed certificate is 未打印 again."""
    svc = service(at=ON)
    linyi_paid(svc)
    print_certificate(svc, "LY1", actor="U1", confirmed=True, at=ON)
    refresh_certificate(svc, "LY1", actor="U1", at=ON)  # nothing changed: still printed
    assert certificates(svc, "U1")[0].status is CertificateStatus.PRINTED
    svc.update_unit("U1", {"address": "临沂市兰山区新地址1号"}, actor="U1", at=ON)
    cert = refresh_certificate(svc, "LY1", actor="U1", at=ON)
    assert cert.unit.address == "临沂市兰山区新地址1号"
    assert certificates(svc, "U1")[0].status is CertificateStatus.NOT_PRINTED
    print_certificate(svc, "LY1", actor="U1", confirmed=True, at=ON)
    assert certificates(svc, "U1")[0].status is CertificateStatus.PRINTED


def test_no_certificate_before_the_policies_and_shenzhen_prints_without_the_tick() -> None:
    """Only a paid application has a certificate; the tick is Linyi's (the pack's switch)."""
    svc = service(at=ON)
    unit = registered(svc, "linyi")
    linyi_approved(svc, unit)
    assert certificates(svc, "U1") == ()
    with pytest.raises(LifecycleError, match="no policies"):
        print_certificate(svc, "LY1", actor="U1", confirmed=True)

    from test_bypasses import shenzhen_policy

    other = service(at=datetime(2026, 6, 20, 9))
    shenzhen_policy(other)
    app_id = certificates(other, "U1")[0].application_id
    assert print_certificate(other, app_id, actor="U1").policy_lines  # no tick asked
