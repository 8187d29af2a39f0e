"""Each region's claim flow, from its rule pack, and the machine built from it.

The pack answers ``mutualaid_claim_flow`` with a
:class:`~mutualaid.rules.flows.ClaimFlow` (the bundled packs keep theirs in
``mutualaid_pack_<name>.flows``, each field citing the manual); a pack that
is silent has no claims in the system (Weihai): its machine has no steps.

>>> from mutualaid.rules import RuleEngine
>>> engine = RuleEngine.from_entry_points(names=["linyi", "guangdong", "weihai"])
>>> claim_flow_from(engine.pack("linyi")).steps
('office_acceptance', 'materials_step', 'expense_entry', 'calculation_step')
>>> claim_flow_from(engine.pack("guangdong")).steps
('unit_files',)
>>> machine_for(engine.pack("weihai")).actions
()

Layer 4.
"""

from __future__ import annotations

from typing import Any

from mutualaid.claims.machine import claim_machine
from mutualaid.lifecycle.machine import Machine
from mutualaid.model.claim import Claim
from mutualaid.rules.flows import ClaimFlow

__all__ = ["claim_flow_from", "machine_for"]


def claim_flow_from(rules: Any) -> ClaimFlow:
    """The region's claim flow from a pack's view (:meth:`~mutualaid.rules.view.PackView.claim_flow`)."""
    flow: ClaimFlow = rules.claim_flow()
    return flow


def machine_for(rules: Any) -> Machine[Claim]:
    """The claim machine of the pack's region (:func:`~mutualaid.claims.machine.claim_machine`)."""
    return claim_machine(claim_flow_from(rules))
