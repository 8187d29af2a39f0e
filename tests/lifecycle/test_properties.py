"""Random sequences of actions on every machine.

No sequence reaches a state the machine does not define, every refused action
raises ActionNotAllowed or GuardFailed, versions rise by one per step, and
replaying the audit trail rebuilds the same entity. The group enrolment's
machines (unit links, a subsidiary's part, the group's application) are driven
too, with parameters and context drawn so that their guards both pass and refuse.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifecycle_helpers import AT, ParamPack, application, complete_unit, members, plan
from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from mutualaid_pack_linyi.flows import LINYI_FLOW
from mutualaid_pack_shenzhen.flows import SHENZHEN_FLOW
from mutualaid_pack_weihai.flows import WEIHAI_FLOW
from mutualaid_pack_yiyang.flows import YIYANG_FLOW

from mutualaid.errors import ActionNotAllowed, GuardFailed
from mutualaid.lifecycle.application import application_machine
from mutualaid.lifecycle.group import (
    GROUP,
    PARTS,
    create_group,
    group_machine,
    group_part_machine,
    link_machine,
    request_link,
)
from mutualaid.lifecycle.guards import OVER_AGE, UNIT
from mutualaid.lifecycle.invoicing import RULES, invoice_machine
from mutualaid.lifecycle.machine import Machine
from mutualaid.lifecycle.payment import issue_notice, payment_machine
from mutualaid.lifecycle.policies import POLICY, build_policies, endorsement_machine, policy_machine
from mutualaid.lifecycle.registration import new_registration, registration_machine
from mutualaid.lifecycle.trail import check_trail
from mutualaid.model import Roster
from mutualaid.model.application import ApplicationLine, DeclaredCounts
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.payment import PaymentVoucher
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.policy import PolicyMember
from mutualaid.model.states import ApplicationStatus
from mutualaid.model.states import GroupPartStatus as G
from mutualaid.model.states import LinkStatus as L
from mutualaid.model.unit import Contact, UnitLink

#: The bundled packs' flows, each from its own pack.
FLOWS = {f.region: f for f in (WEIHAI_FLOW, GUANGDONG_FLOW, SHENZHEN_FLOW, LINYI_FLOW, YIYANG_FLOW)}
DAY = date(2025, 3, 20)
UNIT_ = complete_unit(has_e_seal=True)
VIEW = ParamPack("p", {"invoice.settlement_day": 25}, (plan(),)).view()  # plan "medical"
YEAR = CoveragePeriod.calendar_year(2025)
(POLICY_,) = build_policies(
    application("shenzhen", status=ApplicationStatus.EFFECTIVE),
    numbers=["P1"],
    coverage={"medical": YEAR},
    effective_date=date(2025, 4, 1),
)

PARAMS: dict[str, dict[str, Any]] = {
    "save": {"declared": DeclaredCounts(2, 2, 2, 1)},
    "provide_material": {"material": Material.required(MaterialKind.OVER_AGE_PROOF).provide("x")},
    "confirm_payment": {"arrival_date": DAY},
    "set_effective_date": {"effective_date": date(2025, 4, 1)},
    "add_voucher": {"voucher": PaymentVoucher(Decimal("60"), DAY, "u", "1234567890123")},
    "remove_voucher": {"index": 0},
    "confirm": {"arrival_date": DAY},
    "defer": {"pay_by": date(2025, 4, 30)},
    "issue": {"invoice_number": "N1"},
    "upload_commitment_letter": {
        "letter": Material.required(MaterialKind.COMMITMENT_LETTER).provide("l")
    },
    "approve": {},
    "update": {"changes": {"address": "新地址"}},
    "link_prior_policy": {"policy_number": "P0"},
    "add_members": {"members": (PolicyMember(members(3)[2]),)},
}
ENDORSEMENT_PARAMS: dict[str, dict[str, Any]] = {
    "approve": {"amount_due": Decimal("60")},
    "save": {"effective_date": date(2025, 8, 1)},
}
INVOICE_PARAMS: dict[str, dict[str, Any]] = {"save": {"amount": Decimal("30")}}
REGISTRATION_PARAMS: dict[str, dict[str, Any]] = {
    "submit": {"unit_number": "44796252"},
    "approve": {"unit_number": "44796252"},
}


# --- group enrolment (Guangdong): a parameter or context value may be a strategy, drawn per step

LINK = request_link("HQ", "S1", requested_by="S1", flow=GUANGDONG_FLOW.registration, at=AT).entity
LAUNCH = create_group(
    GUANGDONG_FLOW,
    "G1",
    "HQ",
    "guangdong",
    lines=(ApplicationLine("medical", shares=2),),
    deadline=date(2025, 3, 20),
    links=[UnitLink("HQ", "S1", "S1", L.CONFIRMED), UnitLink("HQ", "S2", "HQ", L.CONFIRMED)],
    at=AT,
)
GROUP_ = LAUNCH.group.entity
FILLED = tuple(
    attrs.evolve(
        p.entity,
        lines=(ApplicationLine("medical", shares=2, roster=Roster.of("medical", members(2))),),
    )
    for p in LAUNCH.parts
)
SAME_LINES = FILLED[0].lines
OTHER_LINES = (ApplicationLine("medical", "90", shares=1),)
SUBMITTED_PARTS = tuple(attrs.evolve(p, group_part_status=G.SUBMITTED_TO_PARENT) for p in FILLED)
UNIT_IDS = st.sampled_from(["HQ", "S1", "X"])
LINK_PARAMS: dict[str, dict[str, Any]] = {
    "confirm": {"unit_id": UNIT_IDS},
    "reject": {"unit_id": UNIT_IDS},
    "dissolve": {"unit_id": UNIT_IDS},
}
GROUP_PARAMS: dict[str, dict[str, Any]] = {
    **PARAMS,
    "save": {"lines": st.sampled_from([SAME_LINES, OTHER_LINES]), "remarks": "已修改"},
    "set_reference_date": {"reference_effective_date": date(2025, 4, 1)},
    "include": {"reference_effective_date": date(2025, 4, 1)},
}
GROUP_CONTEXT: dict[str, Any] = {
    PARTS: st.sampled_from([(), FILLED, SUBMITTED_PARTS]),
    GROUP: st.sampled_from([GROUP_, attrs.evolve(GROUP_, group_deadline=date(2025, 3, 1))]),
}


def cases() -> list[tuple[str, Machine[Any], Any, dict[str, dict[str, Any]]]]:
    out: list[tuple[str, Machine[Any], Any, dict[str, dict[str, Any]]]] = []
    for region, flow in FLOWS.items():
        out.append(
            (
                f"application-{region}",
                application_machine(flow),
                application(region, declared=DeclaredCounts()),
                PARAMS,
            )
        )
        first = issue_notice(
            flow.payment, counter=1, subject_id="A1", unit_id="U1", amount_due=Decimal("60"), at=AT
        ).entity
        out.append((f"payment-{region}", payment_machine(flow.payment), first, PARAMS))
        unit = new_registration(
            "U1", "测试", "91371000MA3C0000XF", handler=Contact("王五", mobile="13526589854")
        )
        out.append(
            (
                f"registration-{region}",
                registration_machine(flow.registration),
                unit,
                {**PARAMS, **REGISTRATION_PARAMS},
            )
        )
    request = InvoiceRequest(
        "I1", "U1", ("A1",), UNIT_.name, UNIT_.code, Decimal("60"), "a@b.c", DAY
    )
    out.append(("invoice", invoice_machine, request, {**PARAMS, **INVOICE_PARAMS}))
    out.append(("policy", policy_machine, POLICY_, PARAMS))
    endorsement = Endorsement(
        "E1", "P1", "U1", date(2025, 7, 1), Roster.of("medical", members(3)[2:])
    )
    for by_association in (False, True):
        machine = endorsement_machine(SHENZHEN_FLOW.endorsement, by_association)
        out.append(
            (
                f"endorsement-{by_association}",
                machine,
                endorsement,
                {**PARAMS, **ENDORSEMENT_PARAMS},
            )
        )
    out.append(("unit-link", link_machine, LINK, LINK_PARAMS))
    out.append(("group-part", group_part_machine(GUANGDONG_FLOW), FILLED[0], GROUP_PARAMS))
    for label, group in (
        ("group", GROUP_),
        ("group-dated", attrs.evolve(GROUP_, reference_effective_date=date(2025, 4, 1))),
    ):
        out.append((label, group_machine(GUANGDONG_FLOW), group, GROUP_PARAMS))
    return out


CASES = cases()


def drawn(data: st.DataObject, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with every strategy among them drawn."""
    return {
        k: data.draw(v, label=k) if isinstance(v, st.SearchStrategy) else v
        for k, v in values.items()
    }


@pytest.mark.parametrize(("name", "machine", "initial", "params"), CASES, ids=[c[0] for c in CASES])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_random_sequences(
    name: str,
    machine: Machine[Any],
    initial: Any,
    params: dict[str, dict[str, Any]],
    data: st.DataObject,
) -> None:
    actions = [*machine.actions, "no_such_action"]
    entity = initial
    trail = []
    for _ in range(data.draw(st.integers(0, 15), label="length")):
        action = data.draw(st.sampled_from(actions), label="action")
        context = drawn(
            data,
            {
                UNIT: UNIT_,
                OVER_AGE: st.integers(0, 1),
                RULES: VIEW,
                POLICY: POLICY_,
                **GROUP_CONTEXT,
            },
        )
        note = data.draw(st.sampled_from(["", "原因"]), label="note")
        try:
            out = machine.apply(
                entity,
                action,
                actor="u",
                at=AT,
                note=note,
                context=context,
                **drawn(data, params.get(action, {})),
            )
        except ActionNotAllowed:
            assert action not in machine.allowed_actions(entity)
            continue
        except GuardFailed as err:
            assert action in machine.allowed_actions(entity)
            assert err.details["reasons"]
            continue
        assert out.entity.version == entity.version + 1
        entity = out.entity
        trail.append(out.audit)
        assert machine.state_of(entity) in machine.reachable_states
    assert machine.replay(initial, check_trail(trail)) == entity
