"""The domain model (layer 2): frozen attrs values, their kinds and states.

Every class is a frozen attrs class: build it with its constructor or a named
constructor, change it with :func:`attrs.evolve`, compare and hash it as a
value. Collections inside are tuples. Personal data is masked in ``repr``.

>>> from mutualaid.model import Member, Roster, ApplicationStatus
>>> member = Member.from_resident_id("张三", "11010519491231002X")
>>> Roster.of("weihai-medical-2025", [member]).headcount
1
>>> ApplicationStatus.DRAFT.label
'暂存'

See docs/model.md for the entities and their states.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mutualaid._faces import LazyFace
from mutualaid.deprecation import warn_renamed

if TYPE_CHECKING:
    from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
    from mutualaid.model.claim import (
        Claim,
        ClaimPayment,
        Expense,
        Incident,
        Payee,
        ReviewEntry,
        SettlementSheet,
    )
    from mutualaid.model.columns import CANONICAL_COLUMNS, FIELDS, ColumnKind, TemplateColumn
    from mutualaid.model.endorsement import Endorsement
    from mutualaid.model.invoice import InvoiceRequest
    from mutualaid.model.kinds import (
        ClaimType,
        Gender,
        IdType,
        LabelledEnum,
        MaterialKind,
        MedicalInsuranceType,
        PlanKind,
        Region,
        RiskClass,
        UnitCodeKind,
        UnitType,
        YesNo,
    )
    from mutualaid.model.material import Material
    from mutualaid.model.member import Member
    from mutualaid.model.payment import PaymentNotice, PaymentVoucher
    from mutualaid.model.plan import Contribution, CoveragePeriod, Plan, Tier
    from mutualaid.model.policy import Policy, PolicyMember
    from mutualaid.model.roster import Roster, RosterEntry
    from mutualaid.model.states import (
        ApplicationStatus,
        ClaimStatus,
        EndorsementStatus,
        GroupPartStatus,
        InvoiceRequestStatus,
        LinkStatus,
        PaymentNoticeStatus,
        PolicyStatus,
        RegistrationStatus,
    )
    from mutualaid.model.unit import Contact, Unit, UnitLink

__all__ = [
    "CANONICAL_COLUMNS",
    "FIELDS",
    "Application",
    "ApplicationLine",
    "ApplicationStatus",
    "Claim",
    "ClaimPayment",
    "ClaimStatus",
    "ClaimType",
    "ColumnKind",
    "Contact",
    "Contribution",
    "CoveragePeriod",
    "DeclaredCounts",
    "Endorsement",
    "EndorsementStatus",
    "Expense",
    "Gender",
    "GroupPartStatus",
    "IdType",
    "Incident",
    "InvoiceRequest",
    "InvoiceRequestStatus",
    "LabelledEnum",
    "LinkStatus",
    "Material",
    "MaterialKind",
    "MedicalInsuranceType",
    "Member",
    "Payee",
    "PaymentNotice",
    "PaymentNoticeStatus",
    "PaymentVoucher",
    "Plan",
    "PlanKind",
    "Policy",
    "PolicyMember",
    "PolicyStatus",
    "Region",
    "RegistrationStatus",
    "ReviewEntry",
    "RiskClass",
    "Roster",
    "RosterEntry",
    "SettlementSheet",
    "TemplateColumn",
    "Tier",
    "Unit",
    "UnitCodeKind",
    "UnitLink",
    "UnitType",
    "YesNo",
]


def _renamed(name: str) -> Any:
    if name == "AuditEntry":
        from mutualaid.model import audit

        warn_renamed(f"{__name__}.AuditEntry", "mutualaid.lifecycle.AuditRecord")
        return audit._AuditEntry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The modules of the names above, imported on first use (:mod:`mutualaid._faces`).
_FACE = LazyFace(
    __name__,
    {
        "mutualaid.model.application": ("Application", "ApplicationLine", "DeclaredCounts"),
        "mutualaid.model.claim": (
            "Claim",
            "ClaimPayment",
            "Expense",
            "Incident",
            "Payee",
            "ReviewEntry",
            "SettlementSheet",
        ),
        "mutualaid.model.columns": ("CANONICAL_COLUMNS", "FIELDS", "ColumnKind", "TemplateColumn"),
        "mutualaid.model.endorsement": ("Endorsement",),
        "mutualaid.model.invoice": ("InvoiceRequest",),
        "mutualaid.model.kinds": (
            "ClaimType",
            "Gender",
            "IdType",
            "LabelledEnum",
            "MaterialKind",
            "MedicalInsuranceType",
            "PlanKind",
            "Region",
            "RiskClass",
            "UnitCodeKind",
            "UnitType",
            "YesNo",
        ),
        "mutualaid.model.material": ("Material",),
        "mutualaid.model.member": ("Member",),
        "mutualaid.model.payment": ("PaymentNotice", "PaymentVoucher"),
        "mutualaid.model.plan": ("Contribution", "CoveragePeriod", "Plan", "Tier"),
        "mutualaid.model.policy": ("Policy", "PolicyMember"),
        "mutualaid.model.roster": ("Roster", "RosterEntry"),
        "mutualaid.model.states": (
            "ApplicationStatus",
            "ClaimStatus",
            "EndorsementStatus",
            "GroupPartStatus",
            "InvoiceRequestStatus",
            "LinkStatus",
            "PaymentNoticeStatus",
            "PolicyStatus",
            "RegistrationStatus",
        ),
        "mutualaid.model.unit": ("Contact", "Unit", "UnitLink"),
    },
    fallback=_renamed,
)


def __getattr__(name: str) -> Any:
    return _FACE.attribute(name)


def __dir__() -> list[str]:
    return _FACE.names(globals())
