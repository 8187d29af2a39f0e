"""Random sequences of actions on every machine.

No sequence reaches a state the machine does not define, every refused action
raises ActionNotAllowed or GuardFailed, versions rise by one per step, and
replaying the audit trail rebuilds the same entity; no outcome's repr shows an ID
number in full (the audit record's params hold them: ``transfer_out``). Parameters and context
values are drawn per step from :class:`Choices`, valid and invalid alike, so
guards both pass and refuse: the group enrolment's machines (unit links, a
subsidiary's part, the group's application), a policy's transfers in and out,
and a Yiyang application judged by the installed pack (``RULES``), which
reaches the over-age material review, the paper materials handed in after
payment and the payment confirmed on the application's notice (confirmed, not
yet confirmed, another's, none). A breadth-first walk over the same choices
checks that they do reach every state of those machines and both outcomes of
the new actions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifecycle_helpers import AT, IDS, ParamPack, application, complete_unit, members, plan
from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from mutualaid_pack_linyi.flows import LINYI_FLOW
from mutualaid_pack_shenzhen.flows import SHENZHEN_FLOW
from mutualaid_pack_weihai.flows import WEIHAI_FLOW
from mutualaid_pack_yiyang.flows import YIYANG_FLOW

from mutualaid.errors import ActionNotAllowed, GuardFailed, MissingFact
from mutualaid.lifecycle.application import application_machine, flow_from, submission_findings
from mutualaid.lifecycle.group import (
    GROUP,
    PARTS,
    create_group,
    group_machine,
    group_part_machine,
    link_machine,
    request_link,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE, UNIT
from mutualaid.lifecycle.invoicing import RULES, invoice_machine
from mutualaid.lifecycle.machine import Machine
from mutualaid.lifecycle.payment import issue_notice, payment_machine
from mutualaid.lifecycle.policies import (
    OTHER_POLICIES,
    POLICY,
    build_policies,
    endorsement_machine,
    policy_machine,
)
from mutualaid.lifecycle.registration import new_registration, registration_machine
from mutualaid.lifecycle.trail import check_trail
from mutualaid.model import Roster
from mutualaid.model.application import ApplicationLine, DeclaredCounts
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.payment import PaymentNotice, PaymentVoucher
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.policy import Policy, PolicyMember
from mutualaid.model.states import ApplicationStatus, PaymentNoticeStatus, PolicyStatus
from mutualaid.model.states import GroupPartStatus as G
from mutualaid.model.states import LinkStatus as L
from mutualaid.model.unit import Contact, UnitLink
from mutualaid.rules.engine import RuleEngine
from mutualaid.rules.results import Situation


class Choices(tuple[Any, ...]):
    """The values a parameter or context entry takes, one drawn per step (``ABSENT``: left out)."""


#: A drawn value that leaves its parameter or context entry out.
ABSENT = object()

#: The bundled packs' flows, each from its own pack.
FLOWS = {f.region: f for f in (WEIHAI_FLOW, GUANGDONG_FLOW, SHENZHEN_FLOW, LINYI_FLOW, YIYANG_FLOW)}
DAY = date(2025, 3, 20)
UNIT_ = complete_unit(has_e_seal=True)
VIEW = ParamPack(
    "p", {"invoice.settlement_day": 25, "payment.max_deferral_days": 60}, (plan(),)
).view()  # plan "medical"
YEAR = CoveragePeriod.calendar_year(2025)
(POLICY_,) = build_policies(
    application("shenzhen", status=ApplicationStatus.EFFECTIVE),
    numbers=["P1"],
    coverage={"medical": YEAR},
    effective_date=date(2025, 4, 1),
)
#: The same policy before the association sets its effective time (Shenzhen).
(AWAITING_POLICY,) = build_policies(
    application("shenzhen", status=ApplicationStatus.EFFECTIVE),
    numbers=["P1"],
    coverage={"medical": YEAR},
    effective_date=None,
)
OVER_AGE_PROOF = Material.required(MaterialKind.OVER_AGE_PROOF).provide("x")

PARAMS: dict[str, dict[str, Any]] = {
    "save": {"declared": DeclaredCounts(2, 2, 2, 1)},
    "provide_material": {"material": OVER_AGE_PROOF},
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
    "remind_renewal": {"window_start": date(2025, 12, 1)},
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
BASE_CONTEXT: dict[str, Any] = {
    UNIT: UNIT_,
    RULES: VIEW,
    POLICY: POLICY_,
    "prior_applications": (),
    "applications": (),
}


def notices(subject_id: str) -> Choices:
    """The payment notices ``confirm_payment`` may be given: the subject's, confirmed on
    ``DAY``; the same before the money arrived; another application's; none."""
    issued = PaymentNotice("JF1", subject_id, Decimal("120"), date(2025, 3, 1))
    paid = attrs.evolve(issued, status=PaymentNoticeStatus.CONFIRMED, arrival_date=DAY)
    return Choices([paid, issued, attrs.evolve(paid, subject_id="other"), ABSENT])


#: An application's context: the base one and its payment notice (subject ``A1``).
APP_CONTEXT = {**BASE_CONTEXT, PAYMENT_NOTICE: notices("A1")}
#: An application's params: the notice's arrival date, another day, none (the notice's is taken).
APP_PARAMS = {
    **PARAMS,
    "confirm_payment": {"arrival_date": Choices([DAY, date(2025, 3, 21), ABSENT])},
}


# --- transfers between units (Linyi 调入): who and when, valid or not, and the other policies

MOVING = members(3)[2]  # 王五, on no policy of the unit's
TRANSFER_DAYS = Choices([date(2025, 7, 1), date(2026, 2, 1), ABSENT])  # in coverage, after, none
ELSEWHERE = Policy(
    "P9",
    "U9",
    "A9",
    "medical",
    YEAR,
    (PolicyMember(MOVING, effective_date=date(2025, 1, 1)),),
    PolicyStatus.EFFECTIVE,
    date(2025, 1, 1),
)
LEFT = attrs.evolve(ELSEWHERE, members=(PolicyMember(MOVING, left_on=date(2025, 7, 1)),))
TRANSFER_PARAMS: dict[str, dict[str, Any]] = {
    "transfer_in": {
        # joins, already on the policy, nobody
        "members": Choices([(PolicyMember(MOVING, "60"),), (PolicyMember(members(1)[0]),), ()]),
        "on": TRANSFER_DAYS,
        "from_policies": ("P9",),
    },
    "transfer_out": {
        "id_numbers": Choices([(IDS[0],), (IDS[2],), ABSENT]),  # on it (until moved), never
        "on": TRANSFER_DAYS,
        "to_policy": "P2",
    },
}
# still covered elsewhere, left the other policy that day, none given
POLICY_CONTEXT = {**BASE_CONTEXT, OTHER_POLICIES: Choices([(ELSEWHERE,), (LEFT,), ()])}


# --- a Yiyang application judged by the installed pack: material review, paper materials

YIYANG = RuleEngine.from_entry_points(names=["yiyang"]).pack(region="yiyang")
YY_AT = datetime(2026, 3, 1, 9)  # the pack's 2026 plan and data
YY_PLAN = "YY-HOSP-2026"
YY_APP = application(
    "yiyang",
    app_id="CB1",
    # 张三 (born 1949) is past retirement age and not retired: the pack asks for proof
    lines=(
        ApplicationLine(YY_PLAN, "T60", roster=Roster.of(YY_PLAN, members(2), tier_code="T60")),
    ),
)
PAPERS = tuple(
    Material.required(n.kind, n.name, offline=True).provide("纸质件")
    for n in YIYANG.required_materials(
        Situation.OFFLINE,
        YY_AT.date(),
        application=YY_APP,
        findings=submission_findings(YY_APP, YIYANG, YY_AT.date()),
    )
)
YY_PARAMS: dict[str, dict[str, Any]] = {
    **APP_PARAMS,
    "save": {"declared": DeclaredCounts(medical_insurance_headcount=2)},
    "provide_material": {
        "material": Choices(
            [OVER_AGE_PROOF, Material.required(MaterialKind.SALARY_SHEET).provide("工资表")]
        )
    },
    # every paper the pack asks for, all but the over-age roster, none, nothing said
    "receive_offline_materials": {"materials": Choices([PAPERS, PAPERS[1:], (), ABSENT])},
}
# a host without the pack too
YY_CONTEXT = {**BASE_CONTEXT, RULES: Choices([YIYANG, ABSENT]), PAYMENT_NOTICE: notices("CB1")}


# --- group enrolment (Guangdong)

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
        # the entries carry the line's shares (roster.shares_mismatch otherwise)
        lines=(
            ApplicationLine("medical", shares=2, roster=Roster.of("medical", members(2), shares=2)),
        ),
    )
    for p in LAUNCH.parts
)
SAME_LINES = FILLED[0].lines
OTHER_LINES = (ApplicationLine("medical", "90", shares=1),)
SUBMITTED_PARTS = tuple(attrs.evolve(p, group_part_status=G.SUBMITTED_TO_PARENT) for p in FILLED)
UNIT_IDS = Choices(["HQ", "S1", "X"])
LINK_PARAMS: dict[str, dict[str, Any]] = {
    "confirm": {"unit_id": UNIT_IDS},
    "reject": {"unit_id": UNIT_IDS},
    "dissolve": {"unit_id": UNIT_IDS},
}
GROUP_PARAMS: dict[str, dict[str, Any]] = {
    **PARAMS,
    "save": {"lines": Choices([SAME_LINES, OTHER_LINES]), "remarks": "已修改"},
    "set_reference_date": {"reference_effective_date": date(2025, 4, 1)},
    "include": {"reference_effective_date": date(2025, 4, 1)},
}
GROUP_CONTEXT: dict[str, Any] = {
    **BASE_CONTEXT,
    PAYMENT_NOTICE: notices("G1")[0],
    PARTS: Choices([(), FILLED, SUBMITTED_PARTS]),
    GROUP: Choices([GROUP_, attrs.evolve(GROUP_, group_deadline=date(2025, 3, 1))]),
}


class Case(NamedTuple):
    """A machine, where it starts, and the parameters and context its steps are given."""

    name: str
    machine: Machine[Any]
    initial: Any
    params: dict[str, dict[str, Any]]
    context: dict[str, Any] = BASE_CONTEXT
    at: datetime = AT


def cases() -> list[Case]:
    out: list[Case] = []
    for region, flow in FLOWS.items():
        app = application(region, declared=DeclaredCounts())
        machine = application_machine(flow)
        out.append(Case(f"application-{region}", machine, app, APP_PARAMS, APP_CONTEXT))
        first = issue_notice(
            flow.payment, counter=1, subject_id="A1", unit_id="U1", amount_due=Decimal("60"), at=AT
        ).entity
        out.append(
            Case(f"payment-{region}", payment_machine(flow.payment), first, PARAMS, BASE_CONTEXT)
        )
        unit = new_registration(
            "U1", "测试", "91371000MA3C0000XF", handler=Contact("王五", mobile="13526589854")
        )
        out.append(
            Case(
                f"registration-{region}",
                registration_machine(flow.registration),
                unit,
                {**PARAMS, **REGISTRATION_PARAMS},
                {RULES: Choices([VIEW, ABSENT])},
            )
        )
    yiyang = application_machine(flow_from(YIYANG))
    out.append(Case("application-yiyang-pack", yiyang, YY_APP, YY_PARAMS, YY_CONTEXT, YY_AT))
    request = InvoiceRequest(
        "I1", "U1", ("A1",), UNIT_.name, UNIT_.code, Decimal("60"), "a@b.c", DAY
    )
    out.append(
        Case("invoice", invoice_machine(), request, {**PARAMS, **INVOICE_PARAMS}, BASE_CONTEXT)
    )
    policy_params = {**PARAMS, **TRANSFER_PARAMS}
    out.append(Case("policy", policy_machine(), AWAITING_POLICY, policy_params, POLICY_CONTEXT))
    endorsement = Endorsement(
        "E1", "P1", "U1", date(2025, 7, 1), Roster.of("medical", members(3)[2:])
    )
    for by_association in (False, True):
        machine = endorsement_machine(SHENZHEN_FLOW.endorsement, by_association)
        out.append(
            Case(
                f"endorsement-{by_association}",
                machine,
                endorsement,
                {**PARAMS, **ENDORSEMENT_PARAMS},
                {**BASE_CONTEXT, PAYMENT_NOTICE: notices("E1")},
            )
        )
    out.append(Case("unit-link", link_machine(), LINK, LINK_PARAMS))
    part_machine = group_part_machine(GUANGDONG_FLOW)
    out.append(Case("group-part", part_machine, FILLED[0], GROUP_PARAMS, GROUP_CONTEXT))
    for label, group in (
        ("group", GROUP_),
        ("group-dated", attrs.evolve(GROUP_, reference_effective_date=date(2025, 4, 1))),
    ):
        machine = group_machine(GUANGDONG_FLOW)
        out.append(Case(label, machine, group, GROUP_PARAMS, GROUP_CONTEXT))
    return out


CASES = cases()


def drawn(data: st.DataObject, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with one of each :class:`Choices` drawn, ``ABSENT`` ones left out."""
    out = {
        k: data.draw(st.sampled_from(v), label=k) if isinstance(v, Choices) else v
        for k, v in values.items()
    }
    return {k: v for k, v in out.items() if v is not ABSENT}


def every_choice(values: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every combination of ``values``' :class:`Choices`, ``ABSENT`` ones left out."""
    options = [v if isinstance(v, Choices) else (v,) for v in values.values()]
    for combo in itertools.product(*options):
        yield {k: v for k, v in zip(values, combo, strict=True) if v is not ABSENT}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_random_sequences(case: Case, data: st.DataObject) -> None:
    machine = case.machine
    actions = [*machine.actions, "no_such_action"]
    entity = case.initial
    trail = []
    for _ in range(data.draw(st.integers(0, 15), label="length")):
        action = data.draw(st.sampled_from(actions), label="action")
        context = drawn(data, case.context)
        note = data.draw(st.sampled_from(["", "原因"]), label="note")
        try:
            out = machine.apply(
                entity,
                action,
                actor="u",
                at=case.at,
                note=note,
                context=context,
                **drawn(data, case.params.get(action, {})),
            )
        except ActionNotAllowed:
            assert action not in machine.allowed_actions(entity)
            continue
        except GuardFailed as err:
            assert action in machine.allowed_actions(entity)
            assert err.details["reasons"]
            continue
        except MissingFact as err:  # a developer error naming the fact, never a half step
            assert action in machine.allowed_actions(entity)
            assert err.details["fact"]
            continue
        assert out.entity.version == entity.version + 1
        shown = repr(out)
        assert not [n for n in IDS if n in shown], "an ID number shown in full"
        entity = out.entity
        trail.append(out.audit)
        assert machine.state_of(entity) in machine.reachable_states
    assert machine.replay(case.initial, check_trail(trail)) == entity


def explore(case: Case, depth: int) -> tuple[set[Any], set[tuple[str, str]]]:
    """Breadth-first over every action and choice: the states reached, and (action, outcome)
    pairs seen, the outcome ``"applied"`` or the code of a reason it was refused for."""
    machine = case.machine
    states = {machine.state_of(case.initial)}
    outcomes: set[tuple[str, str]] = set()
    seen = {attrs.evolve(case.initial, version=0)}
    frontier = [case.initial]
    for _ in range(depth):
        following = []
        for entity in frontier:
            for action in machine.allowed_actions(entity):
                for context in every_choice(case.context):
                    for params in every_choice(case.params.get(action, {})):
                        try:
                            out = machine.apply(
                                entity, action, actor="u", at=case.at, note="原因",
                                context=context, **params,
                            )  # fmt: skip
                        except GuardFailed as err:
                            outcomes.update((action, code) for code in err.details["codes"])
                            continue
                        except MissingFact as err:
                            outcomes.add((action, f"fact.{err.details['fact']}"))
                            continue
                        outcomes.add((action, "applied"))
                        states.add(machine.state_of(out.entity))
                        key = attrs.evolve(out.entity, version=0)
                        if key not in seen:
                            seen.add(key)
                            following.append(out.entity)
        frontier = following
    return states, outcomes


@pytest.mark.parametrize(
    ("name", "depth", "expected"),
    [
        (
            "application-yiyang-pack",
            9,
            {
                ("submit", "applied"),
                ("submit", "application.materials_missing"),  # the pack asks for the proof
                ("submit", "fact.rules"),  # a host without the pack
                ("approve_materials", "applied"),
                ("receive_offline_materials", "applied"),
                ("receive_offline_materials", "application.offline_materials_missing"),
                ("receive_offline_materials", "fact.rules"),  # no pack, no list
                ("confirm_payment", "applied"),
                ("confirm_payment", "fact.payment_notice"),
                ("confirm_payment", "payment.notice_not_confirmed"),
                ("confirm_payment", "payment.notice_other_subject"),
                ("confirm_payment", "payment.arrival_date_mismatch"),
            },
        ),
        (
            "policy",
            4,
            {
                ("transfer_in", "applied"),
                ("transfer_in", "transfer.details_missing"),
                ("transfer_in", "endorsement.already_on_policy"),
                ("transfer_in", "endorsement.covered_elsewhere"),
                ("transfer_in", "endorsement.date_outside_coverage"),
                ("transfer_out", "applied"),
                ("transfer_out", "transfer.details_missing"),
                ("transfer_out", "transfer.not_on_policy"),
                ("transfer_out", "transfer.date_outside_coverage"),
            },
        ),
    ],
)
def test_the_choices_reach_every_state_and_guard(
    name: str, depth: int, expected: set[tuple[str, str]]
) -> None:
    """The random walks can reach what they are meant to test: no state or guard left out."""
    (case,) = [c for c in CASES if c.name == name]
    states, outcomes = explore(case, depth)
    targets = {state for t in case.machine.transitions for state in t.targets}
    assert states == targets | {case.machine.state_of(case.initial)}
    assert expected <= outcomes
