"""Builders shared by the life-cycle tests (imported as ``helpers``)."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

import attrs

from mutualaid.lifecycle.machine import Machine, Outcome
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Member, Roster
from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.kinds import UnitCodeKind, UnitType
from mutualaid.model.unit import Contact, Unit

AT = datetime(2025, 3, 5, 14, 48)

# Valid resident ID numbers (GB 11643 check digits).
IDS = (
    "11010519491231002X",
    "440304199003070018",
    "110105198001010016",
    "11010519850202001X",
    "110105199003030015",
)


def members(n: int = 2) -> list[Member]:
    names = ["张三", "李四", "王五", "赵六", "孙七"]
    return [Member.from_resident_id(names[i], IDS[i]) for i in range(n)]


def application(
    pack: str = "weihai",
    *,
    n: int = 2,
    plan: str = "medical",
    declared: DeclaredCounts | None = None,
    app_id: str = "A1",
    **kw: Any,
) -> Application:
    kw.setdefault("lines", (ApplicationLine(plan, roster=Roster.of(plan, members(n))),))
    return Application(app_id, "U1", pack, declared=declared or DeclaredCounts(), **kw)


def complete_unit(**kw: Any) -> Unit:
    base = Unit(
        id="U1",
        name="威海测试有限公司",
        code_kind=UnitCodeKind.USCC,
        code="91371000MA3C0000XF",
        unit_type=next(iter(UnitType)),
        region="weihai",
        union_affiliation="环翠区总工会",
        address="青岛北路69号",
        handler=Contact("王五", mobile="13526589854", id_number="11010519491231002X"),
        union_chair=Contact("赵六", mobile="13526585845"),
        contact_email="hr@example.com",
        has_registration_certificate=True,
    )
    return attrs.evolve(base, **kw)


class Walker:
    """Applies actions one after the other, keeping the trail."""

    def __init__(self, machine: Machine[Any], entity: Any) -> None:
        self.machine = machine
        self.initial = entity
        self.entity = entity
        self.trail: list[AuditRecord] = []
        self.events: list[Any] = []

    def do(
        self, action: str, *, actor: str = "u", on: date | None = None, **kw: Any
    ) -> Outcome[Any]:
        at = datetime.combine(on, datetime.min.time()) if on else AT
        out = self.machine.apply(self.entity, action, actor=actor, at=at, **kw)
        self.entity = out.entity
        self.trail.append(out.audit)
        self.events.extend(out.events)
        return out

    @property
    def state(self) -> str:
        return str(self.machine.state_of(self.entity))

    def replayed(self) -> Any:
        return self.machine.replay(self.initial, self.trail)


def plan(
    code: str = "medical", *, year: int = 2025, price: str = "60", high: str | None = None
) -> Any:
    from mutualaid.model.kinds import PlanKind
    from mutualaid.model.plan import Contribution, CoveragePeriod, Plan, Tier

    tier = Tier(price, f"{price}元档位", Contribution(price), Contribution(high) if high else None)
    return Plan(
        code, "职工住院医疗互助", next(iter(PlanKind)), CoveragePeriod.calendar_year(year), (tier,)
    )


class ParamPack:
    """A minimal rule pack answering dated parameters from a dict."""

    def __init__(self, name: str, params: dict[str, Any], plans: tuple[Any, ...] = ()) -> None:
        self.name = name
        self.params = params
        self.plans = plans

    def hooks(self) -> Any:
        from mutualaid.rules.explain import Cited, Source
        from mutualaid.rules.markers import hookimpl
        from mutualaid.rules.results import PackInfo

        outer = self

        class _Pack:
            @hookimpl
            def mutualaid_pack_info(self) -> PackInfo:
                return PackInfo(name=outer.name, region=outer.name, version="1.0", title="测试")

            @hookimpl
            def mutualaid_parameter(self, name: str, on: date) -> Cited | None:
                if name not in outer.params:
                    return None
                return Cited(name, outer.params[name], None, Source("test"), outer.name, "1.0")

            @hookimpl
            def mutualaid_plans(self, on: date | None) -> Any:
                return list(outer.plans) or None

        return _Pack()

    def view(self) -> Any:
        from mutualaid.rules.engine import RuleEngine

        engine = RuleEngine()
        engine.register(self.hooks())
        return engine.pack(self.name)


@functools.lru_cache(maxsize=8)
def pack(name: str) -> Any:
    """The installed pack's view (``weihai``, ``guangdong``...), for the guards' ``rules`` fact."""
    from mutualaid.rules.engine import RuleEngine

    return RuleEngine.from_entry_points().pack(name)
