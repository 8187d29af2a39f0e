"""Small packs, policies and cases for the benefit, coverage and ledger tests."""

from __future__ import annotations

from typing import Any

from mutualaid.rules import DataPack, PackData, PackInfo, PackView, RuleEngine
from rules.rules_helpers import SOURCE, param, plan

__all__ = ["SOURCE", "declare", "pack", "param", "plan", "view_of"]


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
