"""Packs, members and a clock for the claim tests."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from mutualaid.claims.machine import new_claim
from mutualaid.model.claim import Claim, Incident, Payee, SettlementSheet
from mutualaid.model.member import Member
from mutualaid.rules import DataPack, PackData, PackInfo, PackView, RuleEngine, hookimpl
from mutualaid.rules.flows import ClaimFlow

SOURCE = "test manual §1"
ZHANG = Member.from_resident_id("张三", "11010519491231002X")
LI = Member.from_resident_id("李四", "110105199005060111")
PAYEE = Payee("张三", "6222021234567890123", "工商银行")
INCIDENT = Incident(date(2026, 3, 2), "临沂市人民医院", "肺炎住院")
SHEET = SettlementSheet(
    "临沂市人民医院", date(2026, 3, 2), date(2026, 3, 9), "8000", "5600", "2400"
)


@functools.cache
def bundled(name: str) -> PackView:
    """The bundled pack ``name``'s view."""
    return RuleEngine.from_entry_points(names=[name]).pack(name)


class Clock:
    """Moments one hour apart from 2026-03-09 09:00, for the machines' ``at``."""

    def __init__(self, start: datetime = datetime(2026, 3, 9, 9, 0)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(hours=1)
        return self.now


def param(value: Any) -> dict[str, Any]:
    return {
        "description": "test",
        "values": [{"valid_from": "2025-01-01", "value": value, "source": SOURCE}],
    }


class _FlowPack(DataPack):
    flow: ClaimFlow

    @hookimpl
    def mutualaid_claim_flow(self) -> ClaimFlow:
        return self.flow


def test_pack(
    flow: ClaimFlow,
    parameters: Mapping[str, Any] | None = None,
    *,
    name: str = "demo",
) -> PackView:
    """A pack with one hospitalisation plan ``P1``, the claim ``flow`` and ``parameters``."""
    raw: dict[str, Any] = {
        "format": 1,
        "pack": name,
        "parameters": {
            "claims.types.hospitalization_medical": param(
                ["disease_hospitalization", "accident_hospitalization", "special_disease"]
            ),
            "claims.materials.disease_hospitalization": param(
                [{"kind": "discharge_summary", "name": "出院小结"}]
            ),
            "claims.settlement_sheet_for": param(["disease_hospitalization"]),
            **{k: param(v) for k, v in (parameters or {}).items()},
        },
        "plans": [
            {
                "code": "P1",
                "name": "计划P1",
                "kind": "hospitalization_medical",
                "coverage": {"start": "2026-01-01", "end": "2026-12-31", "source": SOURCE},
                "tiers": [
                    {"code": "T", "name": "档", "contribution": {"member": "60"}, "source": SOURCE}
                ],
                "source": SOURCE,
            }
        ],
    }
    data = PackData.from_mapping(raw, origin=f"{name}.json", version="1.0")
    pack = _FlowPack(PackInfo(name, flow.region, "1.0", f"{name}测试", ">=0.1"), data)
    pack.flow = flow
    engine = RuleEngine()
    engine.register(pack)
    return engine.pack(name)


test_pack.__test__ = False  # type: ignore[attr-defined]


def case(
    id: str = "C1",
    claim_type: str = "disease_hospitalization",
    member: Member = ZHANG,
    plan_code: str = "P1",
    **changes: Any,
) -> Claim:
    """A new case on plan ``plan_code``, with ``changes``."""
    import attrs

    claim = new_claim(id, claim_type, member, f"POL-{plan_code}", plan_code, unit_id="U1")
    return attrs.evolve(claim, **changes) if changes else claim
