"""Benefits, coverage answers and ledger entries round-trip through the one converter (stores keep them)."""

from __future__ import annotations

import json
from datetime import date

from benefit_helpers import demo_view, person, policy

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.coverage import assess
from mutualaid.claims.ledger import Ledger
from mutualaid.model.benefit import Benefit, Coverage
from mutualaid.model.ledger import LedgerEntry
from mutualaid.serialization.converter import make_converter

M = person(1)


def test_benefit_coverage_and_ledger_entries_round_trip_as_json() -> None:
    conv = make_converter()
    view = demo_view()
    facts = CaseFacts(
        "LP1",
        "disease_hospitalization",
        date(2026, 5, 3),
        total="12000",
        self_pay="1500",
        days=9,
        hospital_level="level_3",
    )
    cover, benefit = assess(
        facts, M, policies=[policy(M, 2025, shares=2), policy(M, 2026, shares=2)], rules=view
    )
    for value, kind in ((benefit, Benefit), (cover, Coverage)):
        data = json.loads(json.dumps(conv.unstructure(value), ensure_ascii=False))
        assert conv.structure(data, kind) == value
    for entry in Ledger().record(benefit, M, view.plan("DEMO-2026")).entries:
        assert conv.structure(json.loads(json.dumps(conv.unstructure(entry))), LedgerEntry) == entry
    refused = Benefit.refused(
        "LP2", "DEMO-2026", "other", date(2026, 5, 3), "claim.type_not_in_plan"
    )
    assert conv.structure(conv.unstructure(refused), Benefit) == refused
