"""The Shenzhen rule pack (工会帮 互助保障系统, hotline 0755, seed 002).

Numbers and switches live in ``data/rules.json`` and ``data/plans-2026.json``;
the core's defaults apply them:

* the notice of terms (告知书) must be accepted before the roster step;
* the social-security ledger (社保台账) is uploaded with the roster;
* a policy (and an endorsement) takes effect when the association sets the
  effective time: the effective date stays pending until then;
* an early invoice needs the stamped commitment letter (提前开票承诺书).

The module adds what data cannot say:

* the mutual-aid contact person (互助保障联系人) with a phone number is required
  on an application (``shenzhen.contact_missing``);
* an early invoice request gives unit, amount, credit code and e-mail
  (``shenzhen.invoice_field_missing``);
* the region's business flow (:data:`~mutualaid_pack_shenzhen.flows.SHENZHEN_FLOW`),
  for applications and endorsements (保单补充申请).

>>> from datetime import date
>>> [p.code for p in pack.mutualaid_plans(date(2026, 6, 30))]
['SZ-MED-2026', 'SZ-CI-2026']
>>> pack.mutualaid_application_flow("endorsement").association_sets_effective_time
True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mutualaid.model import Application, InvoiceRequest, Unit
from mutualaid.rules import ApplicationFlow, ClaimFlow, DataPack, Finding, PackView, hookimpl
from mutualaid_pack_shenzhen.flows import SHENZHEN_CLAIM_FLOW, SHENZHEN_FLOW

__all__ = ["ShenzhenPack", "pack"]

_SEED = "002_6437ab0087d6f229.txt"

#: 2.5: "填写单位、金额、统一社会信用代码、邮箱" — the request's fields and their labels.
_EARLY_INVOICE_FIELDS = (
    ("title", "单位"),
    ("taxpayer_code", "统一社会信用代码"),
    ("email", "邮箱"),
)


class ShenzhenPack(DataPack):
    """Shenzhen's rules: data from ``data/*.json``, plus the hooks below."""

    @hookimpl
    def mutualaid_application_flow(self, kind: str) -> ApplicationFlow | None:
        """Applications (第二章) and endorsements (第三章 保单补充申请); no group enrolment."""
        return SHENZHEN_FLOW if kind in ("standalone", "endorsement") else None

    @hookimpl
    def mutualaid_claim_flow(self) -> ClaimFlow:
        """Claims (给付申请): assumed unit-filed (the guide names the business only)."""
        return SHENZHEN_CLAIM_FLOW

    @hookimpl
    def mutualaid_application_findings(
        self, application: Application, rules: PackView
    ) -> list[Finding]:
        """The mutual-aid contact person and phone are filled in (2.3 提交参保名单)."""
        contact = application.contact
        if contact is not None and contact.name.strip() and (contact.mobile or "").strip():
            return []
        return [
            Finding.error(
                "shenzhen.contact_missing",
                "请填写互助保障联系人及其联系方式",
                field="contact",
                explanation=rules.explanation(
                    "mutualaid_application_findings",
                    notes=(f"{_SEED}, 2.3「首先需要填写互助保障联系人的联系方式」",),
                ),
            )
        ]

    @hookimpl
    def mutualaid_invoice_findings(
        self,
        request: InvoiceRequest,
        unit: Unit,
        applications: Sequence[Application],
        on: date,
        rules: PackView,
    ) -> list[Finding]:
        """An early invoice request names the unit, the amount, the credit code and an e-mail."""
        if not request.early:
            return []
        why = rules.explanation(
            "mutualaid_invoice_findings",
            notes=(f"{_SEED}, 2.5「填写单位、金额、统一社会信用代码、邮箱，点击【提交】按钮」",),
        )
        found = [
            Finding.error(
                "shenzhen.invoice_field_missing",
                f"提前开票申请须填写{label}",
                field=name,
                explanation=why,
                missing=name,
            )
            for name, label in _EARLY_INVOICE_FIELDS
            if not str(getattr(request, name) or "").strip()
        ]
        if not request.amount:
            found.append(
                Finding.error(
                    "shenzhen.invoice_field_missing",
                    "提前开票申请须填写金额",
                    field="amount",
                    explanation=why,
                    missing="amount",
                )
            )
        return found


#: The pack object the entry point names.
pack = ShenzhenPack.from_package(
    __name__,
    "data/rules.json",
    "data/plans-2026.json",
    "data/benefits-2026.json",
    "data/claims.json",
    name="shenzhen",
    region="shenzhen",
    title="工会帮 互助保障系统（深圳）",
    core_versions=">=0.1,<0.2",
    distribution="mutualaid-pack-shenzhen",
    operator="深圳市职工互助保障机构（热线 0755-83282383）",
)
