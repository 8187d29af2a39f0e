"""What the claim scenarios share: a service over each store, a member covered by a pack's plan.

The scenarios run on the memory store and SQLite (in memory), so a claim's
steps, its trail, its benefit record and its ledger entries go through the
same store code a host's would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from mutualaid.model import (
    Application,
    CoveragePeriod,
    Material,
    Member,
    Payee,
    Policy,
    PolicyMember,
    PolicyStatus,
)
from mutualaid.rules import RuleEngine
from mutualaid.service import Service
from mutualaid.service import claims as C
from stores.backends import store_factory

ZHANG = Member.from_resident_id("张三", "11010519491231002X")
LI = Member.from_resident_id("李四", "110105198001010219")
PAYEE = Payee("张三", "6222021234567890123", "工商银行")
ENGINE = RuleEngine.from_entry_points(names=["linyi", "guangdong", "yiyang", "shenzhen"])


class Clock:
    """A clock a scenario moves on by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["memory", "sqlite-memory"])
def svc(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Service]:
    with store_factory(request.param, tmp_path) as make:
        yield Service(make(), ENGINE, clock=Clock(datetime(2026, 6, 2, 9)))


def cover(
    svc: Service,
    pack: str,
    plan_code: str,
    *people: Member,
    number: str = "P1",
    unit_id: str = "U1",
    shares: int = 1,
    start: date = date(2026, 1, 1),
) -> Policy:
    """An effective policy of ``plan_code`` covering ``people`` from ``start`` (stored with its
    application, whose pack the claims are judged by)."""
    if svc.store.find(Application, "A-" + number) is None:
        svc.store.save(Application("A-" + number, unit_id, pack))
    policy = Policy(
        number,
        unit_id,
        "A-" + number,
        plan_code,
        CoveragePeriod(start, date(start.year, 12, 31)),
        tuple(PolicyMember(m, shares=shares, effective_date=start) for m in people),
        PolicyStatus.EFFECTIVE,
        start,
    )
    return svc.store.save(policy)


def upload_all(svc: Service, claim_id: str, *, actor: str, on: date) -> None:
    """材料上传: every material the pack requires for the case's type."""
    for needed in C.materials_missing(svc, claim_id, on=on):
        material = Material.required(needed.kind, needed.name).provide(f"{needed.kind.value}.jpg")
        C.provide_claim_material(svc, claim_id, material, actor=actor)


def codes(err: Any) -> tuple[str, ...]:
    return tuple(err.value.details["codes"])
