"""Claim cases (申领 / 理赔 / 补助申领 / 给付申请): the case life cycle, per region.

Layer 4, beside :mod:`mutualaid.lifecycle`: pure machines over
:class:`~mutualaid.model.claim.Claim` values, built from each region's
claim flow (the pack's ``mutualaid_claim_flow``), and work pools as queries.
One module per job:

==================  ===================================================================
module              what it holds
==================  ===================================================================
``machine``         the case machine (:func:`claim_machine`, :func:`new_claim`)
``flows``           the region's claim flow and machine from a pack (:func:`machine_for`)
``materials``       what the pack requires for a case's type, and what is missing
``pools``           work pools (待处理 / 处理中) and review sampling from a recorded seed
``events``          what a host acts on after a step
==================  ===================================================================

The benefit a case is worth, who is covered for what and the accumulator
ledger are the benefit rules' (``mutualaid.claims.benefits``,
``mutualaid.claims.coverage``, ``mutualaid.claims.ledger``); the stores and
the service keep and run the cases. docs/claims.md walks the life cycle.

>>> from mutualaid.claims import claim_machine
>>> from mutualaid.rules.flows import ClaimFlow
>>> claim_machine(ClaimFlow("guangdong", unit_files=True)).actions[:2]
('save', 'submit')
"""

from __future__ import annotations

from mutualaid.claims.flows import claim_flow_from, machine_for
from mutualaid.claims.machine import claim_machine, new_claim, step_findings
from mutualaid.claims.materials import missing_materials, required_materials
from mutualaid.claims.pools import (
    POOLS,
    Pool,
    Sampling,
    closed_cases,
    in_progress,
    pending,
    sample_check_due,
)

__all__ = [
    "POOLS",
    "Pool",
    "Sampling",
    "claim_flow_from",
    "claim_machine",
    "closed_cases",
    "in_progress",
    "machine_for",
    "missing_materials",
    "new_claim",
    "pending",
    "required_materials",
    "sample_check_due",
    "step_findings",
]
