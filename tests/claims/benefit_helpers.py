"""Small packs, policies and cases for the benefit, coverage and ledger tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from mutualaid.model.kinds import Gender, IdType
from mutualaid.model.member import Member
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.policy import Policy, PolicyMember
from mutualaid.model.states import PolicyStatus
from mutualaid.rules import DataPack, PackData, PackInfo, PackView, RuleEngine
from rules.rules_helpers import SOURCE, param, plan

__all__ = ["SOURCE", "param", "plan"]


def declare(type_: str) -> dict[str, Any]:
    """A pack's declaration of one of its own parameters."""
    return {"type": type_, "meaning": "test", "rule": "mutualaid.claims.benefits.compute"}


def pack(raw: dict[str, Any]) -> DataPack:
    """A data pack from one decoded data file."""
    info = PackInfo(raw["pack"], raw["pack"], "1.0", "演示")
    return DataPack(info, PackData.from_mapping(raw, origin=f"{raw['pack']}.json", version="1.0"))


def view_of(raw: dict[str, Any]) -> PackView:
    """The active view of a one-pack engine."""
    engine = RuleEngine()
    engine.register(pack(raw))
    return engine.pack(raw["pack"])


# --- a demo pack with every kind of step ---------------------------------------------------


#: The demo pack's numbers (yuan unless said): all illustrative.
DEMO = {
    "demo.deductible": "800",
    "demo.ratio_level": {"level_1": "0.9", "level_2": "0.8", "level_3": "0.6"},
    "demo.bands": [{"from": "0", "ratio": "0.5"}, {"from": "10000", "ratio": "0.7"}],
    "demo.cap_case": "20000",
    "demo.cap_period": "50000",
    "demo.cap_life": "120000",
    "demo.per_day": "50",
    "demo.max_days": 30,
    "demo.cap_allowance": "1000",
    "demo.lump": "5000",
    "demo.wait": 90,
}
TYPES = {
    "demo.deductible": "amount",
    "demo.ratio_level": "ratios",
    "demo.bands": "bands",
    "demo.cap_case": "amount",
    "demo.cap_period": "amount",
    "demo.cap_life": "amount",
    "demo.per_day": "amount",
    "demo.max_days": "whole",
    "demo.cap_allowance": "amount",
    "demo.lump": "amount",
    "demo.wait": "whole",
}

HOSPITAL_STEPS = [
    {"id": "eligible", "kind": "eligible", "amount": "total"},
    {"id": "self_pay", "kind": "exclude", "amount": "self_pay"},
    {"id": "over_limit", "kind": "exclude", "amount": "over_limit"},
    {"id": "deductible", "kind": "deductible", "parameter": "demo.deductible", "scope": "period"},
    {"id": "ratio", "kind": "ratio", "parameter": "demo.ratio_level", "by": "hospital_level"},
    {
        "id": "allowance",
        "kind": "allowance",
        "parameter": "demo.per_day",
        "max_days": "demo.max_days",
        "scope": "period",
        "by_shares": True,
    },
    {
        "id": "cap_allowance",
        "kind": "cap",
        "parameter": "demo.cap_allowance",
        "category": "allowance",
        "scope": "period",
        "by_shares": True,
    },
    {
        "id": "cap_case",
        "kind": "cap",
        "parameter": "demo.cap_case",
        "category": None,
        "by_shares": True,
    },
    {
        "id": "cap_period",
        "kind": "cap",
        "parameter": "demo.cap_period",
        "category": None,
        "scope": "period",
        "by_shares": True,
    },
    {
        "id": "cap_life",
        "kind": "cap",
        "parameter": "demo.cap_life",
        "category": None,
        "scope": "life",
        "by_shares": True,
    },
]
ACCIDENT_STEPS = [
    {"id": "eligible", "kind": "eligible", "amount": "total"},
    {"id": "insurance_paid", "kind": "exclude", "amount": "insurance_paid"},
    {"id": "ratio", "kind": "ratio", "parameter": "demo.bands", "by": "band"},
    {
        "id": "cap_case",
        "kind": "cap",
        "parameter": "demo.cap_case",
        "category": None,
        "by_shares": True,
    },
]
SPECIAL_STEPS = [
    {"id": "lump_sum", "kind": "lump_sum", "parameter": "demo.lump", "by_shares": True},
    {
        "id": "cap_life",
        "kind": "cap",
        "parameter": "demo.cap_life",
        "category": None,
        "scope": "life",
        "by_shares": True,
    },
]


#: The claim types the demo plans offer (``claims.types.hospitalization_medical``): those with steps.
OFFERED = ("disease_hospitalization", "accident_hospitalization", "special_disease")


def demo_raw(
    values: dict[str, Any] | None = None,
    *,
    valid_from: str = "2025-01-01",
    offered: tuple[str, ...] = OFFERED,
) -> dict[str, Any]:
    """The demo pack's data: plans DEMO-2025 and DEMO-2026 (family DEMO), three claim types
    with steps; ``offered``: the types the plans offer (the one rule, ``claims.types``)."""
    chosen = {**DEMO, **(values or {})}
    common = {"waiting": "demo.wait", "source": SOURCE}
    return {
        "format": 1,
        "pack": "demo",
        "declare": {name: declare(t) for name, t in TYPES.items()},
        "parameters": {
            **{n: param(v, valid_from) for n, v in chosen.items() if v is not None},
            "claims.types.hospitalization_medical": param(list(offered), valid_from),
            "claims.filing_deadline_days": param(365, valid_from),  # the case rules' one deadline
        },
        "plans": [
            plan("DEMO-2025", start="2025-01-01", end="2025-12-31", family="DEMO"),
            plan("DEMO-2026", start="2026-01-01", end="2026-12-31", family="DEMO"),
        ],
        "benefits": [
            {
                "plan": "DEMO",
                "claim_type": "disease_hospitalization",
                "steps": HOSPITAL_STEPS,
                **common,
            },
            {
                "plan": "DEMO",
                "claim_type": "accident_hospitalization",
                "steps": ACCIDENT_STEPS,
                **common,
            },
            {"plan": "DEMO", "claim_type": "special_disease", "steps": SPECIAL_STEPS, **common},
        ],
    }


def demo_view(
    values: dict[str, Any] | None = None, *, offered: tuple[str, ...] = OFFERED
) -> PackView:
    """The demo pack's view."""
    return view_of(demo_raw(values, offered=offered))


def person(n: int = 1) -> Member:
    """A member with a passport number ``E0000000n``."""
    return Member(f"成员{n}", IdType.PASSPORT, f"E{n:08d}", Gender.MALE, date(1980, 1, 1))


def policy(
    member: Member,
    year: int = 2026,
    *,
    shares: int = 1,
    starts: date | None = None,
    left_on: date | None = None,
    status: PolicyStatus = PolicyStatus.EFFECTIVE,
    number: str | None = None,
) -> Policy:
    """The member's policy of DEMO-<year>, covering from ``starts`` (default 1 January)."""
    return Policy(
        number or f"BD{year}",
        "U1",
        f"A{year}",
        f"DEMO-{year}",
        CoveragePeriod.calendar_year(year),
        (PolicyMember(member, "T60", shares, starts, left_on),),
        status,
        date(year, 1, 1),
        family="DEMO",
    )
