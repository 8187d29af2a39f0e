"""Confirmation certificates (Linyi 3.4 确认书打印): 未打印 / 已打印, the tick, 刷新计划书.

Linyi's unit and office both open 【确认书打印】 (seed 003 3.4): a paid
application's certificate is listed under 未打印 until printed; printing
follows 「勾选“我已确认人员名单无误”后，可点击【打印确认书】按钮」 (the pack's
``certificate.confirm_member_list``); 「若修改确认书信息（如单位信息或日期信息等），
可选择该确认书并点击【刷新计划书】按钮」 rebuilds it from what the store holds
now: if it changed since it was printed, it is 未打印 again.

The certificate is :class:`~mutualaid.documents.ConfirmationCertificate`
built from the application's stored policies, the unit and the pack's plans;
its print and refresh records are a side trail (kind :data:`TRAIL`, one per
application, :mod:`mutualaid.service.trails`), each with a fingerprint of
the certificate's content.

Layer 6.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import attrs

from mutualaid.documents import ConfirmationCertificate
from mutualaid.errors import LifecycleError
from mutualaid.model import Application, Policy, Unit
from mutualaid.model.labelled import LabelledEnum
from mutualaid.model.states import PolicyStatus
from mutualaid.rules.defaults.rule import flag
from mutualaid.rules.findings import Finding
from mutualaid.service.refusal import refuse
from mutualaid.service.service import Service
from mutualaid.service.trails import append

__all__ = [
    "TRAIL",
    "CertificateState",
    "CertificateStatus",
    "certificate_of",
    "certificates",
    "print_certificate",
    "refresh_certificate",
]

#: The side-trail kind of the certificates' print and refresh records.
TRAIL = "certificate"


class CertificateStatus(LabelledEnum):
    """确认书 state on the 【确认书打印】 page."""

    NOT_PRINTED = "not_printed", "未打印"
    PRINTED = "printed", "已打印"


@attrs.frozen
class CertificateState:
    """One application's certificate on the page: its status and when it was last printed."""

    application_id: str
    status: CertificateStatus
    printed_at: datetime | None = None


def _policies(svc: Service, app: Application) -> tuple[Policy, ...]:
    return tuple(
        p
        for p in svc.store.policies_of_unit(app.unit_id)
        if p.application_id == app.id and p.status is not PolicyStatus.CANCELLED
    )


def certificate_of(svc: Service, app_id: str) -> ConfirmationCertificate:
    """The certificate of a paid application as the store holds it now (刷新 builds this).

    Dated with the policies' earliest effective date (or coverage start), so
    that a changed date changes the certificate.

    :raises LifecycleError: the application has no policies yet.
    """
    app = svc.store.get(Application, app_id)
    policies = _policies(svc, app)
    if not policies:
        raise LifecycleError(
            f"application {app_id} has no policies: no certificate to print yet",
            hint="A certificate follows the confirmed payment (Service.confirm_payment).",
        )
    rules = svc.rules(app.pack)
    return ConfirmationCertificate.from_policies(
        policies,
        unit=svc.store.get(Unit, app.unit_id),
        issued_on=min(p.effective_date or p.coverage.start for p in policies),
        plans=[rules.plan(code) for code in dict.fromkeys(p.plan_code for p in policies)],
    )


def _fingerprint(cert: ConfirmationCertificate) -> str:
    data = json.dumps(cert.to_data(reveal=True), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _state(svc: Service, app_id: str) -> CertificateState:
    status, printed_at = CertificateStatus.NOT_PRINTED, None
    for record in svc.store.audit_trail(TRAIL, app_id):
        if record.action == "print":
            status, printed_at = CertificateStatus.PRINTED, record.at
        elif record.action == "refresh" and record.params["changed"]:
            status = CertificateStatus.NOT_PRINTED
    return CertificateState(app_id, status, printed_at)


def certificates(
    svc: Service, unit_id: str, *, status: CertificateStatus | None = None
) -> tuple[CertificateState, ...]:
    """The unit's applications with policies and their certificates' state (未打印 / 已打印 tabs)."""
    found = []
    for app in svc.store.applications_of_unit(unit_id):
        if not _policies(svc, app):
            continue
        state = _state(svc, app.id)
        if status is None or state.status is status:
            found.append(state)
    return tuple(found)


def print_certificate(
    svc: Service,
    app_id: str,
    *,
    actor: str,
    confirmed: bool = False,
    at: datetime | None = None,
) -> ConfirmationCertificate:
    """Print (打印确认书): the certificate to print, recorded as 已打印.

    :param confirmed: the tick 「我已确认人员名单无误」; where the pack asks for it
        (``certificate.confirm_member_list``) printing without it is refused.
    :raises GuardFailed: the tick is missing (``certificate.member_list_not_confirmed``).
    """
    now = at if at is not None else svc.clock()
    with svc.store.transaction():
        app = svc.store.get(Application, app_id)
        if not confirmed and flag(
            svc.rules(app.pack), "certificate.confirm_member_list", now.date()
        ):
            reason = Finding.error(
                "certificate.member_list_not_confirmed", "请先勾选“我已确认人员名单无误”"
            )
            refuse("application", app_id, "print_certificate", [reason])
        cert = certificate_of(svc, app_id)
        append(svc.store, TRAIL, app_id, actor=actor, at=now, action="print",
               to_state=CertificateStatus.PRINTED.value,
               params={"fingerprint": _fingerprint(cert), "confirmed": confirmed})  # fmt: skip
        return cert


def refresh_certificate(
    svc: Service, app_id: str, *, actor: str, at: datetime | None = None
) -> ConfirmationCertificate:
    """刷新计划书: the certificate rebuilt from the store; 未打印 again if it changed since printed."""
    now = at if at is not None else svc.clock()
    with svc.store.transaction():
        cert = certificate_of(svc, app_id)
        new = _fingerprint(cert)
        printed = [r for r in svc.store.audit_trail(TRAIL, app_id) if "fingerprint" in r.params]
        changed = bool(printed) and printed[-1].params["fingerprint"] != new
        append(svc.store, TRAIL, app_id, actor=actor, at=now, action="refresh",
               to_state=(CertificateStatus.NOT_PRINTED if changed else _state(svc, app_id).status).value,
               params={"fingerprint": new, "changed": changed})  # fmt: skip
        return cert
