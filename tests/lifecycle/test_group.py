"""Group enrolment, seed 001 (Guangdong) 一（二）集团统一参保流程 and 五（二）上下级关系维护."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifecycle_helpers import ParamPack, Walker, plan
from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from mutualaid_pack_yiyang.flows import YIYANG_FLOW

from mutualaid.errors import ActionNotAllowed, GuardFailed, MissingFact
from mutualaid.lifecycle.events import (
    GroupPartReturned,
    GroupSubmitted,
    UnitLinkConfirmed,
    UnitLinkRequested,
)
from mutualaid.lifecycle.group import (
    GROUP,
    PARTS,
    GroupPartOpened,
    GroupPartSubmitted,
    combined_application,
    create_group,
    group_invoice_machine,
    group_machine,
    group_part_machine,
    link_machine,
    linked_subsidiaries,
    notice_for_group,
    price_group,
    request_link,
    submit_group,
)
from mutualaid.lifecycle.guards import PAYMENT_NOTICE, UNIT
from mutualaid.lifecycle.invoicing import APPLICATIONS, RULES
from mutualaid.lifecycle.payment import payment_machine
from mutualaid.lifecycle.policies import build_policies
from mutualaid.model import Member, Roster
from mutualaid.model.application import Application, ApplicationLine
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import UnitCodeKind
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.model.states import GroupPartStatus as G
from mutualaid.model.states import LinkStatus as L
from mutualaid.model.states import PaymentNoticeStatus as P
from mutualaid.model.unit import Unit, UnitLink
from mutualaid.money import total
from mutualaid.testing.members import member

FLOW = GUANGDONG_FLOW
PLAN = attrs.evolve(plan("GD-MED", price="60"), max_shares=3)  # lines of 2 shares
DEADLINE = date(2025, 3, 20)
RULES_VIEW = ParamPack("gd", {"invoice.group_invoiced_by_parent": True}, (PLAN,)).view()


def at(day: int, month: int = 3) -> datetime:
    return datetime(2025, month, day, 10, 0)


def people(first: int, n: int) -> list[Member]:
    return [
        member(f"职工{first + i}", birth_date=date(1980, 1, 1), serial=first + i) for i in range(n)
    ]


def line(members: list[Member] | None = None) -> ApplicationLine:
    roster = Roster.of("GD-MED", members or [], shares=2)  # each member: the line's 2 shares
    return ApplicationLine("GD-MED", "60", shares=2, roster=roster)


def codes(err: pytest.ExceptionInfo[GuardFailed]) -> tuple[str, ...]:
    return tuple(err.value.details["codes"])


def confirmed(parent: str, sub: str, requested_by: str) -> UnitLink:
    asked = request_link(parent, sub, requested_by=requested_by, flow=FLOW.registration, at=at(1))
    other = sub if requested_by == parent else parent
    return link_machine().apply(asked.entity, "confirm", actor=other, at=at(2), unit_id=other).entity


# --- 五（二）上下级关系维护 ---------------------------------------------------------------------


def test_links_are_requested_by_either_side_and_confirmed_by_the_other() -> None:
    """ "由集团公司或子公司发起均可，申请关联后，被关联单位登录账户确认通过即可关联成功"."""
    by_sub = request_link("HQ", "S1", requested_by="S1", flow=FLOW.registration, at=at(1))
    assert by_sub.entity.status is L.REQUESTED
    assert by_sub.events == (
        UnitLinkRequested(
            subject_id="S1",
            at=at(1),
            actor="S1",
            parent_id="HQ",
            subsidiary_id="S1",
            confirm_by="HQ",
        ),
    )
    w = Walker(link_machine(), by_sub.entity)
    with pytest.raises(GuardFailed) as err:
        w.do("confirm", unit_id="S1")
    assert codes(err) == ("link.wrong_side",)
    w.do("confirm", actor="hq", unit_id="HQ")
    assert w.entity.status is L.CONFIRMED
    assert isinstance(w.events[-1], UnitLinkConfirmed)
    with pytest.raises(ActionNotAllowed):
        w.do("confirm", unit_id="HQ")
    w.do("dissolve", unit_id="S1")
    assert w.entity.status is L.DISSOLVED
    assert w.replayed() == w.entity

    by_parent = request_link("HQ", "S2", requested_by="HQ", flow=FLOW.registration, at=at(1))
    assert by_parent.events[0].confirm_by == "S2"
    r = Walker(link_machine(), by_parent.entity)
    with pytest.raises(GuardFailed, match="reasons_required"):
        r.do("reject", unit_id="S2")
    r.do("reject", unit_id="S2", note="非本集团下属单位")
    assert r.entity.status is L.REJECTED


@pytest.mark.parametrize(
    ("parent", "sub", "by", "existing", "code"),
    [
        ("HQ", "HQ", "HQ", (), "link.self"),
        ("HQ", "S1", "X", (), "link.not_a_side"),
        ("HQ", "S1", "HQ", (UnitLink("H2", "S1", "S1"),), "link.already_linked"),
        ("HQ", "S1", "HQ", (UnitLink("S1", "HQ", "S1", L.CONFIRMED),), "link.cycle"),
    ],
)
def test_link_requests_refused(
    parent: str, sub: str, by: str, existing: tuple[UnitLink, ...], code: str
) -> None:
    with pytest.raises(GuardFailed) as err:
        request_link(
            parent, sub, requested_by=by, flow=FLOW.registration, at=at(1), existing=existing
        )
    assert code in codes(err)


def test_links_only_where_the_region_has_them() -> None:
    with pytest.raises(GuardFailed) as err:
        request_link("HQ", "S1", requested_by="HQ", flow=YIYANG_FLOW.registration, at=at(1))
    assert codes(err) == ("link.not_offered",)


# --- 一（二）集团统一参保流程 ------------------------------------------------------------------------


def launch(**kw: Any) -> Any:
    links = [
        confirmed("HQ", "S1", "S1"),
        confirmed("HQ", "S2", "HQ"),
        UnitLink("HQ", "S3", "HQ"),  # requested, never confirmed
        confirmed("OTHER", "S4", "S4"),
    ]
    kw.setdefault("links", links)
    return create_group(
        FLOW, "G1", "HQ", "guangdong", lines=(line(),), deadline=DEADLINE, at=at(3), **kw
    )


def test_group_plan_reaches_confirmed_linked_subsidiaries_only() -> None:
    """ "提交后，系统生成集团参保计划，并下发至各下属单位" — only to linked ones."""
    out = launch()
    group = out.group.entity
    assert (group.unit_id, group.group_id, group.subsidiary_ids) == ("HQ", "G1", ("S1", "S2"))
    assert [p.entity.unit_id for p in out.parts] == ["S1", "S2"]
    assert all(p.entity.group_part_status is G.FILLING for p in out.parts)
    assert all(p.entity.lines[0].headcount == 0 for p in out.parts)
    assert [type(e) for e in out.events] == [GroupPartOpened, GroupPartOpened]
    assert out.events[0].deadline == DEADLINE
    assert [r.action for r in out.audit] == ["create"] * 3
    with pytest.raises(GuardFailed) as err:
        launch(subsidiary_ids=["S1", "S3", "S4"])
    assert codes(err) == ("group.not_linked", "group.not_linked")
    with pytest.raises(GuardFailed) as err:
        create_group(
            YIYANG_FLOW, "G2", "HQ", "yiyang", lines=(), deadline=DEADLINE, links=[], at=at(3)
        )
    assert codes(err) == ("group.not_offered", "group.no_plans", "group.no_subsidiaries")


def test_two_subsidiaries_one_returned_once_then_one_submission_payment_and_invoice() -> None:
    """The whole group: parts filled, one returned and resubmitted, one submission, one notice."""
    out = launch()
    parts = {p.entity.unit_id: Walker(group_part_machine(FLOW), p.entity) for p in out.parts}
    g = Walker(group_machine(FLOW), out.group.entity)
    s1, s2 = parts["S1"], parts["S2"]

    # ② 选择集团参保计划 → 导入人员; plans are the parent's
    with pytest.raises(GuardFailed, match="plans_fixed_by_parent"):
        s1.do("save", lines=(attrs.evolve(line(people(1, 2)), shares=1),))
    s1.do("save", lines=(line(people(1, 2)),))
    s2.do("save", lines=(line(people(10, 3)),))
    # ③ 填报信息并提交 (by the deadline, inclusive)
    s1.do("submit", on=date(2025, 3, 10), context={GROUP: g.entity, RULES: RULES_VIEW})
    s2.do("submit", on=DEADLINE, context={GROUP: g.entity, RULES: RULES_VIEW})
    assert isinstance(s1.events[-1], GroupPartSubmitted)
    # ② 集团可退回修改，下属单位需重新提交
    with pytest.raises(GuardFailed, match="reasons_required"):
        s1.do("return", actor="hq")
    s1.do("return", actor="hq", note="名单缺少一人")
    assert s1.entity.group_part_status is G.RETURNED_BY_PARENT
    assert s1.events[-1] == GroupPartReturned(
        subject_id="G1/S1",
        at=s1.trail[-1].at,
        actor="hq",
        subsidiary_id="S1",
        feedback="名单缺少一人",
    )
    with pytest.raises(GuardFailed) as err:
        submit_group(FLOW, g.entity, [s1.entity, s2.entity], actor="hq", at=at(15))
    assert codes(err) == ("group.part_not_submitted", "group.reference_date_missing")
    s1.do("save", lines=(line(people(1, 3)),))
    s1.do("submit", on=date(2025, 3, 16), context={GROUP: g.entity, RULES: RULES_VIEW})

    # (3) 【业务参考日期设置】 → 【提交】
    g.do("set_reference_date", reference_effective_date=date(2025, 4, 1))
    sent = submit_group(FLOW, g.entity, [s1.entity, s2.entity], actor="hq", at=at(21))
    g.entity, g.trail = sent.group.entity, [*g.trail, sent.group.audit]
    assert g.entity.status is S.SUBMITTED
    assert sent.group.events == (
        GroupSubmitted(subject_id="G1", at=at(21), actor="hq", parent_id="HQ"),
    )
    included = [p.entity for p in sent.parts]
    assert [p.group_part_status for p in included] == [G.INCLUDED, G.INCLUDED]
    assert {p.reference_effective_date for p in included} == {date(2025, 4, 1)}
    s1.entity, s1.trail = included[0], [*s1.trail, sent.parts[0].audit]

    # the office reviews the group like any Guangdong application
    with pytest.raises(ActionNotAllowed):
        g.do("confirm_payment", arrival_date=date(2025, 3, 25))
    g.do("upload_stamped_application", reference="scan.jpg")
    g.do("approve", actor="office")
    assert g.entity.status is S.AWAITING_SECOND_REVIEW
    g.do("approve", actor="office")
    assert g.entity.status is S.AWAITING_PAYMENT

    # pricing, one payment notice at the group level
    quote = price_group(RULES_VIEW, g.entity, included, date(2025, 3, 25))
    assert quote.total == Decimal("720.00")  # 6 members x 60 x 2 shares
    assert quote.total == total(
        RULES_VIEW.price_application(p, date(2025, 3, 25)).total for p in included
    )
    issued = notice_for_group(FLOW, g.entity, included, RULES_VIEW, counter=7, at=at(25))
    notice = issued.entity
    assert (notice.number, notice.subject_id, notice.unit_id, notice.amount_due) == (
        "JK20250325000007",
        "G1",
        "HQ",
        Decimal("720.00"),
    )
    assert issued.audit.params["priced_on"] == date(2025, 3, 25)
    paid = payment_machine(FLOW.payment).apply(
        notice,
        "confirm",
        actor="finance",
        at=at(28),
        arrival_date=date(2025, 3, 28),
        amount_received="720",
    )
    assert paid.entity.status is P.CONFIRMED
    with pytest.raises(GuardFailed, match="notice_not_confirmed"):  # the notice, before the money
        g.do("confirm_payment", actor="office", context={PAYMENT_NOTICE: notice, RULES: RULES_VIEW})
    g.do(
        "confirm_payment", actor="office", context={PAYMENT_NOTICE: paid.entity, RULES: RULES_VIEW}
    )
    assert g.entity.status is S.EFFECTIVE
    assert (g.events[-2].arrival_date, g.events[-2].amount_paid) == (
        date(2025, 3, 28),
        Decimal("720.00"),
    )

    # 集团单位由集团总公司统一开票
    hq = Unit("HQ", "某集团有限公司", UnitCodeKind.USCC, "91440000MA3C0000X1")
    sub = Unit("S1", "某集团广州分公司", UnitCodeKind.USCC, "91440100MA3C0000X2")
    request = InvoiceRequest(
        "I1",
        "HQ",
        ("G1",),
        hq.name,
        hq.code,
        Decimal("720.00"),
        "fin@example.com",
        date(2025, 3, 28),
    )
    ctx = {RULES: RULES_VIEW, UNIT: hq, APPLICATIONS: (g.entity,), GROUP: g.entity}
    ok = group_invoice_machine().apply(request, "submit", actor="hq", at=at(28), context=ctx)
    assert ok.entity.status.value == "submitted"
    by_sub = attrs.evolve(
        request, id="I2", unit_id="S1", subject_ids=("G1", "G1/S1"), title=sub.name
    )
    sub_ctx = {RULES: RULES_VIEW, UNIT: sub, APPLICATIONS: (s1.entity,), GROUP: g.entity}
    with pytest.raises(GuardFailed) as err:
        group_invoice_machine().apply(by_sub, "submit", actor="s1", at=at(28), context=sub_ctx)
    assert codes(err) == ("invoice.group_by_parent", "invoice.group_by_parent")

    # the group's policy holds every member; trails replay
    policies = build_policies(
        combined_application(g.entity, included),
        numbers=["P1"],
        coverage={"GD-MED": PLAN.coverage},
        effective_date=date(2025, 4, 1),
    )
    assert len(policies[0].members) == 6 and policies[0].unit_id == "HQ"
    assert g.replayed() == g.entity
    assert s1.replayed() == s1.entity
    assert [r.version for r in s1.trail] == list(range(1, len(s1.trail) + 1))


def test_the_group_s_plan_lines_are_fixed_once_parts_exist() -> None:
    """ "提交后，系统生成集团参保计划，并下发至各下属单位": the parts were made from the lines, so
    the parent's save may not change plans, tiers, shares or gift plans afterwards."""
    out = launch()
    machine = group_machine(FLOW)
    group = out.group.entity
    changed = [
        (ApplicationLine("GD-MED", "90", shares=2),),  # another tier
        (ApplicationLine("GD-MED", "60", shares=1),),  # other shares
        (line(), ApplicationLine("GD-ACC", "10")),  # one more plan
        (attrs.evolve(line(), gift_plans=("GD-GIFT",)),),  # a gift plan
    ]
    for lines in changed:
        with pytest.raises(GuardFailed) as err:
            machine.apply(group, "save", actor="hq", at=at(4), lines=lines)
        assert codes(err) == ("group.plans_fixed_after_launch",)
        assert "S1、S2" in str(err.value)
    assert machine.apply(group, "save", actor="hq", at=at(4), remarks="说明").entity.lines == (
        group.lines
    )
    own = machine.apply(group, "save", actor="hq", at=at(4), lines=(line(people(90, 2)),))
    assert own.entity.headcount == 2  # the parent's own members may still change
    # a group without subsidiaries recorded: the parts in the context count too
    bare = attrs.evolve(group, subsidiary_ids=())
    assert (
        machine.apply(bare, "save", actor="hq", at=at(4), lines=changed[0]).entity.lines
        == (changed[0])
    )
    parts = {PARTS: tuple(p.entity for p in out.parts)}
    with pytest.raises(GuardFailed, match="plans_fixed_after_launch"):
        machine.apply(bare, "save", actor="hq", at=at(4), lines=changed[0], context=parts)


def test_late_submission_is_refused() -> None:
    """ "下属单位需在集团设定的截止日期前完成提交" — the day after the deadline is late."""
    out = launch()
    w = Walker(group_part_machine(FLOW), out.parts[0].entity)
    w.do("save", lines=(line(people(1, 1)),))
    with pytest.raises(GuardFailed) as err:
        w.do("submit", on=date(2025, 3, 21), context={GROUP: out.group.entity, RULES: RULES_VIEW})
    assert codes(err) == ("group.deadline_passed",)
    # the parent extends the deadline on the group; the part's guard reads the group
    group = (
        group_machine(FLOW)
        .apply(out.group.entity, "save", actor="hq", at=at(21), group_deadline=date(2025, 3, 31))
        .entity
    )
    w.do("submit", on=date(2025, 3, 21), context={GROUP: group, RULES: RULES_VIEW})
    assert w.entity.group_part_status is G.SUBMITTED_TO_PARENT


def first_part_filled(out: Any) -> Application:
    """The launch's first part, S1's, with one member imported on 4 March."""
    machine = group_part_machine(FLOW)
    part = out.parts[0].entity
    return machine.apply(part, "save", actor="s1", at=at(4), lines=(line(people(1, 1)),)).entity


def test_a_part_is_submitted_by_the_group_s_deadline_not_its_own_copy() -> None:
    """The parent may move the deadline after launch; the parts' copies are not the rule."""
    out = launch()
    machine = group_part_machine(FLOW)
    part = first_part_filled(out)
    earlier = (
        group_machine(FLOW)
        .apply(out.group.entity, "save", actor="hq", at=at(5), group_deadline=date(2025, 3, 15))
        .entity
    )
    assert part.group_deadline == DEADLINE  # the part's copy still says 20 March
    with pytest.raises(GuardFailed) as err:
        machine.apply(
            part, "submit", actor="s1", at=at(16), context={GROUP: earlier, RULES: RULES_VIEW}
        )
    assert codes(err) == ("group.deadline_passed",)
    assert "2025-03-15" in str(err.value)
    with pytest.raises(MissingFact, match="'group'"):  # no group: refused, not judged by the copy
        machine.apply(part, "submit", actor="s1", at=at(10), context={RULES: RULES_VIEW})
    other = attrs.evolve(earlier, id="G2", group_id="G2")
    with pytest.raises(GuardFailed) as err:
        machine.apply(
            part, "submit", actor="s1", at=at(10), context={GROUP: other, RULES: RULES_VIEW}
        )
    assert codes(err) == ("group.other_group",)
    done = machine.apply(
        part, "submit", actor="s1", at=at(15), context={GROUP: earlier, RULES: RULES_VIEW}
    )
    assert done.entity.group_part_status is G.SUBMITTED_TO_PARENT


def test_a_part_is_judged_by_the_pack_so_without_it_it_is_refused() -> None:
    """Reviewer 2: a part's submission asked the pack only if the host gave it."""
    out = launch()
    machine = group_part_machine(FLOW)
    part = first_part_filled(out)
    with pytest.raises(MissingFact, match="'rules'"):
        machine.apply(part, "submit", actor="s1", at=at(10), context={GROUP: out.group.entity})
    ctx = {GROUP: out.group.entity, RULES: RULES_VIEW}
    done = machine.apply(part, "submit", actor="s1", at=at(10), context=ctx)
    assert done.entity.group_part_status is G.SUBMITTED_TO_PARENT


def test_the_group_s_subsidiaries_are_fixed_once_launched() -> None:
    """The parts were made for the ticked subsidiaries: save may not change the list later."""
    out = launch()
    machine = group_machine(FLOW)
    group = out.group.entity
    for ids in (("S1",), ("S1", "S2", "S5"), ("S2", "S1")):
        with pytest.raises(GuardFailed) as err:
            machine.apply(group, "save", actor="hq", at=at(4), subsidiary_ids=ids)
        assert codes(err) == ("group.subsidiaries_fixed_after_launch",)
    same = machine.apply(group, "save", actor="hq", at=at(4), subsidiary_ids=("S1", "S2"))
    assert same.entity.subsidiary_ids == ("S1", "S2")


def test_an_empty_part_cannot_be_submitted_and_cannot_be_included_twice() -> None:
    out = launch()
    w = Walker(group_part_machine(FLOW), out.parts[0].entity)
    with pytest.raises(GuardFailed) as err:
        w.do("submit", on=date(2025, 3, 10), context={GROUP: out.group.entity, RULES: RULES_VIEW})
    assert codes(err) == ("roster.empty",)  # the pack's finding, said once
    with pytest.raises(ActionNotAllowed):
        w.do("include")


def test_notice_only_after_the_group_is_submitted() -> None:
    out = launch()
    parts = [p.entity for p in out.parts]
    with pytest.raises(GuardFailed) as err:
        notice_for_group(FLOW, out.group.entity, parts, RULES_VIEW, counter=1, at=at(5))
    assert codes(err) == (
        "group.not_submitted",
        "group.part_not_included",
        "group.part_not_included",
    )


def test_linked_subsidiaries_are_the_confirmed_ones() -> None:
    links = [UnitLink("HQ", "S1", "S1", L.CONFIRMED), UnitLink("HQ", "S2", "HQ", L.DISSOLVED)]
    assert linked_subsidiaries("HQ", links) == ("S1",)


# --- group totals ---------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=4),
    shares=st.integers(min_value=1, max_value=5),
    price=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2),
    own=st.integers(min_value=0, max_value=3),
)
def test_group_total_is_the_exact_sum_of_the_parts(
    sizes: list[int], shares: int, price: Decimal, own: int
) -> None:
    p = plan("GD-MED", price=str(price))
    view = ParamPack("gd", {}, (p,)).view()
    tier = p.tiers[0].code
    serial = iter(range(100))
    group_members = [
        member("总部", birth_date=date(1980, 1, 1), serial=next(serial)) for _ in range(own)
    ]
    group = Application(
        "G1",
        "HQ",
        "guangdong",
        group_id="G1",
        lines=(
            ApplicationLine(
                "GD-MED", tier, shares, Roster.of("GD-MED", group_members, shares=shares)
            ),
        ),
    )
    parts = [
        Application(
            f"G1/S{n}",
            f"S{n}",
            "guangdong",
            group_id="G1",
            group_part_status=G.INCLUDED,
            lines=(
                ApplicationLine(
                    "GD-MED",
                    tier,
                    shares,
                    Roster.of(
                        "GD-MED",
                        [
                            member(f"职工{n}", birth_date=date(1985, 1, 1), serial=next(serial))
                            for _ in range(size)
                        ],
                        shares=shares,
                    ),
                ),
            ),
        )
        for n, size in enumerate(sizes)
    ]
    quote = price_group(view, group, parts, date(2025, 3, 1))
    on = date(2025, 3, 1)
    priced = [*([group] if own else []), *parts]
    assert quote.total == total(view.price_application(a, on).total for a in priced)
    assert quote.total == p.tiers[0].contribution.total * shares * (own + sum(sizes))
    assert quote.total.as_tuple().exponent == -2
    assert quote.headcount == own + sum(sizes)
