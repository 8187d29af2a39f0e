"""Small packs and model objects for the rule-engine tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.kinds import Gender, IdType, RiskClass
from mutualaid.model.member import Member
from mutualaid.model.roster import Roster
from mutualaid.rules import DataPack, PackData, PackInfo, RuleEngine

SOURCE = "test manual §1"


def param(value: Any, valid_from: str = "2025-01-01", **extra: Any) -> dict[str, Any]:
    """One parameter with a single dated value."""
    return {
        "description": "test",
        "values": [{"valid_from": valid_from, "value": value, "source": SOURCE, **extra}],
    }


def plan(
    code: str = "P1",
    tiers: Iterable[Mapping[str, Any]] | None = None,
    *,
    start: str = "2026-01-01",
    end: str = "2026-12-31",
    **extra: Any,
) -> dict[str, Any]:
    """A plan record for a data file."""
    return {
        "code": code,
        "name": f"计划{code}",
        "kind": "hospitalization_medical",
        "coverage": {"start": start, "end": end, "source": SOURCE},
        "tiers": list(tiers) if tiers is not None else [tier("T60", "60")],
        "source": SOURCE,
        **extra,
    }


def tier(code: str, member: str, subsidy: str = "0", **extra: Any) -> dict[str, Any]:
    """A tier record."""
    return {
        "code": code,
        "name": f"{code}档",
        "contribution": {"member": member, "subsidy": subsidy},
        "source": SOURCE,
        **extra,
    }


def data(
    name: str,
    parameters: Mapping[str, Any] | None = None,
    plans: Iterable[Mapping[str, Any]] = (),
    version: str = "1.0",
) -> PackData:
    raw: dict[str, Any] = {"format": 1, "pack": name, "parameters": dict(parameters or {})}
    plans = list(plans)
    if plans:
        raw["plans"] = plans
    return PackData.from_mapping(raw, origin=f"{name}.json", version=version)


def make_pack(
    name: str,
    parameters: Mapping[str, Any] | None = None,
    plans: Iterable[Mapping[str, Any]] = (),
    *,
    region: str | None = None,
    extends: str | None = None,
    cls: type[DataPack] = DataPack,
    version: str = "1.0",
    core_versions: str = ">=0.1",
) -> DataPack:
    """A data-driven pack."""
    info = PackInfo(name, region or name, version, f"{name}测试", core_versions, extends)
    return cls(info, data(name, parameters, plans, version))


def engine_with(*packs: object) -> RuleEngine:
    engine = RuleEngine()
    for p in packs:
        engine.register(p)
    return engine


def member(
    name: str = "张三",
    birth: date = date(1990, 5, 1),
    gender: Gender = Gender.MALE,
    **extra: Any,
) -> Member:
    """A member with a passport (so birth date and gender are free to choose)."""
    return Member(
        name,
        extra.pop("id_type", IdType.PASSPORT),
        extra.pop("id_number", "E" + format(sum(map(ord, name)), "08d")),
        gender,
        birth,
        **extra,
    )


def roster(
    plan_code: str, members: Iterable[Member], tier_code: str | None = "T60", **kw: Any
) -> Roster:
    return Roster.of(plan_code, members, tier_code=tier_code, **kw)


def application(
    *lines: ApplicationLine,
    app_id: str = "A1",
    unit_id: str = "U1",
    pack: str = "demo",
    declared: DeclaredCounts | None = None,
    **extra: Any,
) -> Application:
    return Application(
        app_id, unit_id, pack, lines=lines, declared=declared or DeclaredCounts(), **extra
    )


def line(
    plan_code: str,
    members: Iterable[Member],
    tier_code: str | None = "T60",
    shares: int = 1,
    **extra: Any,
) -> ApplicationLine:
    ms = list(members)
    roster = Roster.of(plan_code, ms, shares=shares)  # each entry has the line's shares
    return ApplicationLine(plan_code, tier_code, shares, roster, **extra)


HIGH = RiskClass.HIGH_RISK
