"""The service layer: one call per business action, every fact gathered, one transaction each.

A host (a web backend, a batch job) calls :class:`Service` methods instead of
driving the machines of :mod:`mutualaid.lifecycle` itself: each call loads
the entity and every fact its rules need from the store, asks the region's
pack, applies the pure transition and writes the entity, its audit record
and its events (an outbox) in one transaction. The host reads the events
with :meth:`Service.pending_events` (to send the SMS the manuals mention)
and acknowledges them. docs/host-guide.md walks one region through it; the
claim calls (:mod:`mutualaid.service.claims`, docs/claims-host.md) are on this
face too.

>>> from datetime import datetime
>>> from mutualaid.lifecycle import MemoryStore
>>> from mutualaid.rules.engine import RuleEngine
>>> svc = Service(MemoryStore(), RuleEngine.from_entry_points(), clock=lambda: datetime(2026, 1, 5, 9))
>>> svc.pending_events()
()

Layer 6: imports every layer below.
"""

from __future__ import annotations

from mutualaid.service.claims import (
    BENEFIT_TRAIL,
    ClaimCalculation,
    ClaimOffer,
    WorkPool,
    accept_claims,
    approve_claim,
    benefit_notice,
    benefit_of,
    calculate_claim,
    claim_act,
    claim_coverage,
    claim_offers,
    claim_query,
    close_claim,
    correct_claim,
    delete_claim,
    edit_claim,
    enter_case,
    export_claims,
    finish_materials,
    materials_missing,
    pass_sample_check,
    pay_claim,
    provide_claim_material,
    reject_claim,
    release_claim,
    reopen_claim,
    return_claim,
    save_claim_draft,
    submit_claim,
    take_back_claim,
    take_claim,
    work_pool,
)
from mutualaid.service.service import Clock, Service

__all__ = [
    "BENEFIT_TRAIL",
    "ClaimCalculation",
    "ClaimOffer",
    "Clock",
    "Service",
    "WorkPool",
    "accept_claims",
    "approve_claim",
    "benefit_notice",
    "benefit_of",
    "calculate_claim",
    "claim_act",
    "claim_coverage",
    "claim_offers",
    "claim_query",
    "close_claim",
    "correct_claim",
    "delete_claim",
    "edit_claim",
    "enter_case",
    "export_claims",
    "finish_materials",
    "materials_missing",
    "pass_sample_check",
    "pay_claim",
    "provide_claim_material",
    "reject_claim",
    "release_claim",
    "reopen_claim",
    "return_claim",
    "save_claim_draft",
    "submit_claim",
    "take_back_claim",
    "take_claim",
    "work_pool",
]
