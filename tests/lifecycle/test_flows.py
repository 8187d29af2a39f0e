"""Region flows: the data, the bundled packs' flows and the rule-pack hook."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import attrs
import pytest
from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from mutualaid_pack_linyi.flows import LINYI_FLOW
from mutualaid_pack_shenzhen.flows import SHENZHEN_FLOW
from mutualaid_pack_weihai.flows import WEIHAI_FLOW
from mutualaid_pack_yiyang.flows import YIYANG_FLOW

from mutualaid import lifecycle
from mutualaid.errors import LifecycleError
from mutualaid.lifecycle.application import application_machine, flow_from
from mutualaid.rules.engine import RuleEngine
from mutualaid.rules.explain import Cited, Source
from mutualaid.rules.flows import (
    APPLICATION_KINDS,
    PACK_PARAMETERS,
    ApplicationFlow,
    EndorsementFlow,
    InvoiceFlow,
    NumberScheme,
)
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.results import PackInfo

#: The bundled packs' flows, each from its own pack.
FLOWS = {f.region: f for f in (WEIHAI_FLOW, GUANGDONG_FLOW, SHENZHEN_FLOW, LINYI_FLOW, YIYANG_FLOW)}


class YiyangLike:
    @hookimpl
    def mutualaid_pack_info(self) -> PackInfo:
        return PackInfo(name="yy", region="yiyang", version="1.0", title="湖南工会互助参保")

    @hookimpl
    def mutualaid_application_flow(self, kind: str) -> ApplicationFlow | None:
        return YIYANG_FLOW if kind == "standalone" else None


class Silent:
    @hookimpl
    def mutualaid_pack_info(self) -> PackInfo:
        return PackInfo(name="quiet", region="quiet", version="1.0", title="无流程")


class Broken:
    @hookimpl
    def mutualaid_pack_info(self) -> PackInfo:
        return PackInfo(name="broken", region="broken", version="1.0", title="错")

    @hookimpl
    def mutualaid_application_flow(self) -> object:
        return "not a flow"


def engine() -> RuleEngine:
    e = RuleEngine()
    for pack in (YiyangLike(), Silent(), Broken()):
        e.register(pack)
    return e


def test_pack_answers_the_flow_hook() -> None:
    e = engine()
    assert flow_from(e.pack("yy")) is YIYANG_FLOW
    assert application_machine(flow_from(e.pack("yy"))) is application_machine(YIYANG_FLOW)


def test_default_flow_is_neutral_for_the_region() -> None:
    e = engine()
    assert flow_from(e.pack("quiet")) == ApplicationFlow(region="quiet")
    assert flow_from(e.pack("yy"), "group") == ApplicationFlow(region="yiyang")
    assert "group" in APPLICATION_KINDS


def test_a_wrong_answer_is_refused() -> None:
    with pytest.raises(LifecycleError, match="not an ApplicationFlow"):
        flow_from(engine().pack("broken"))


def test_bundled_pack_flows_and_machines_build() -> None:
    assert set(FLOWS) == {"weihai", "guangdong", "shenzhen", "linyi", "yiyang"}
    for region, flow in FLOWS.items():
        assert flow.region == region
        machine = application_machine(flow)
        assert machine.reachable_states <= set(machine.states)


@pytest.mark.parametrize(
    ("scheme", "counter", "at", "number"),
    [
        (NumberScheme("JF", 19), 1854696125211172864, None, "JF1854696125211172864"),
        (GUANGDONG_FLOW.payment.notice_number, 7, datetime(2025, 3, 8), "JK20250308000007"),
    ],
)
def test_number_schemes(
    scheme: NumberScheme, counter: int, at: datetime | None, number: str
) -> None:
    assert scheme.format(counter, at) == number
    assert scheme.matches(number)
    assert not scheme.matches(number + "0")


def test_dated_scheme_needs_a_time() -> None:
    with pytest.raises(ValueError, match="dated"):
        NumberScheme("CB", 6, dated="%Y%m%d").format(1)


class DatedData:
    """A pack whose flow is structure only and whose data changes on 2026-01-01."""

    @hookimpl
    def mutualaid_pack_info(self) -> PackInfo:
        return PackInfo(name="dated", region="yiyang", version="1.0", title="按日期")

    @hookimpl
    def mutualaid_application_flow(self, kind: str) -> ApplicationFlow | None:
        return YIYANG_FLOW

    @hookimpl
    def mutualaid_parameter(self, name: str, on: date) -> Cited | None:
        values: dict[str, object] = {
            "application.max_plans": 1 if on < date(2026, 1, 1) else 2,
            "invoice.settlement_day": 25,
            "effective.waiting_period_days": 30,
            "endorsement.pro_rata": True,
        }
        if name not in values:
            return None
        return Cited(name, values[name], None, Source("test"), "dated", "1.0")


def test_flow_fields_that_are_pack_data_are_derived_on_the_day() -> None:
    e = RuleEngine()
    e.register(DatedData())
    view = e.pack("dated")
    assert flow_from(view) is YIYANG_FLOW  # the structure, as the hook gave it
    before = flow_from(view, "standalone", date(2025, 6, 30))
    after = flow_from(view, "standalone", date(2026, 6, 30))
    assert (before.max_lines, after.max_lines) == (1, 2)
    assert not before.one_tier_per_plan  # not in the data
    structure = application_machine(YIYANG_FLOW).actions
    assert application_machine(before).actions == structure  # the structure is untouched


def test_a_flow_constant_cannot_state_a_derived_field() -> None:
    """Pack data in a flow is refused loudly, never silently overwritten (issue 8 item 6)."""
    with pytest.raises(ValueError, match=r"max_lines is pack data \(application\.max_plans\)"):
        ApplicationFlow(region="x", max_lines=3)
    with pytest.raises(ValueError, match="one_tier_per_plan is pack data"):
        ApplicationFlow(region="x", one_tier_per_plan=True)
    derived = ApplicationFlow(region="x").with_parameters({"application.max_plans": 3}.get)
    assert derived.max_lines == 3 and not derived.one_tier_per_plan


def test_every_derived_field_is_read_by_the_life_cycle() -> None:
    """A flow restates pack data only where a guard reads it; the rest is asked of the pack."""
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in Path(lifecycle.__file__).parent.glob("*.py")
    )
    for field in PACK_PARAMETERS:
        assert f"flow.{field}" in source, field


def test_rules_the_life_cycle_asks_the_pack_about_have_no_flow_field() -> None:
    """Invoice rules, endorsement prices and waiting periods: the pack's hooks, never restated."""
    invoice = {f.name for f in attrs.fields(InvoiceFlow)}
    assert invoice.isdisjoint(
        {
            "settlement_day",
            "per_capita_cap",
            "parent_invoices_for_group",
            "early_invoice",
            "title_is_unit_name",
        }
    )
    assert "pricing" not in {f.name for f in attrs.fields(EndorsementFlow)}
    assert "cover" not in {f.name for f in attrs.fields(ApplicationFlow)}
