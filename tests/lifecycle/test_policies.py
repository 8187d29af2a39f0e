"""Policies, endorsements and cover."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from lifecycle_helpers import AT, IDS, ParamPack, Walker, application, members, plan
from mutualaid_pack_linyi.flows import LINYI_FLOW
from mutualaid_pack_shenzhen.flows import SHENZHEN_FLOW

from mutualaid.errors import GuardFailed, LifecycleError
from mutualaid.lifecycle.events import EndorsementEffective
from mutualaid.lifecycle.policies import (
    OTHER_POLICIES,
    POLICY,
    build_policies,
    endorse,
    endorsement_findings,
    endorsement_machine,
    is_covered,
    policy_machine,
    price_endorsement,
    transfer_in,
)
from mutualaid.model import Member, Roster
from mutualaid.model.application import ApplicationLine
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.payment import PaymentNotice
from mutualaid.model.plan import Contribution, CoveragePeriod
from mutualaid.model.policy import Policy, PolicyMember
from mutualaid.model.states import ApplicationStatus, PaymentNoticeStatus, PolicyStatus
from mutualaid.model.states import EndorsementStatus as E
from mutualaid.model.unit import Contact

YEAR = CoveragePeriod.calendar_year(2025)
#: Packs pricing endorsements for the full period or pro rata (60 yuan a member).
FULL = ParamPack("sz", {}, plans=(plan(),)).view()
PRO_RATA = ParamPack("sz", {"endorsement.pro_rata": True}, plans=(plan(),)).view()


def paid_app(**kw: object) -> object:
    return application("shenzhen", status=ApplicationStatus.EFFECTIVE, **kw)


def policy(n: int = 2, **kw: object) -> Policy:
    (p,) = build_policies(
        paid_app(n=n), numbers=["P1"], coverage={"medical": YEAR}, effective_date=date(2025, 4, 1)
    )
    return attrs.evolve(p, **kw)


def held(
    number: str,
    plan_code: str,
    m: Member,
    start: date,
    *,
    coverage: CoveragePeriod = YEAR,
    status: PolicyStatus = PolicyStatus.EFFECTIVE,
    **member: Any,
) -> Policy:
    """Policy ``number`` (unit ``U<number>``) of one member, effective from ``start``."""
    people = (PolicyMember(m, **member),)
    return Policy(number, f"U{number}", f"A{number}", plan_code, coverage, people, status, start)


def endorsement(who: list[int], on: date = date(2025, 7, 1)) -> Endorsement:
    ms = members(5)
    return Endorsement("E1", "P1", "U1", on, Roster.of("medical", [ms[i] for i in who]))


def test_build_policies_after_payment_only() -> None:
    with pytest.raises(LifecycleError, match="after payment"):
        build_policies(
            application("shenzhen"), numbers=["P1"], coverage={"medical": YEAR}, effective_date=None
        )
    two_shares = Roster.of("medical", members(2), shares=2)
    app = paid_app(lines=(ApplicationLine("medical", "60", shares=2, roster=two_shares),))
    (p,) = build_policies(app, numbers=["P1"], coverage={"medical": YEAR}, effective_date=None)
    assert p.status is PolicyStatus.AWAITING_EFFECTIVE_DATE
    assert [(m.tier_code, m.shares, m.effective_date) for m in p.members] == [("60", 2, None)] * 2
    out = policy_machine().apply(
        p, "set_effective_date", actor="association", at=AT, effective_date=date(2025, 5, 1)
    )
    assert out.entity.status is PolicyStatus.EFFECTIVE
    assert {m.effective_date for m in out.entity.members} == {date(2025, 5, 1)}
    with pytest.raises(LifecycleError, match="numbers needed"):
        build_policies(app, numbers=[], coverage={"medical": YEAR}, effective_date=None)


def test_each_member_is_covered_for_the_shares_their_entry_was_priced_for() -> None:
    """Pricing charges each roster entry its own shares; the policy records the same."""
    ms = members(3)
    entries = Roster.of("medical", ms[:2]).entries + Roster.of("medical", ms[2:], shares=3).entries
    line = ApplicationLine("medical", "60", shares=2, roster=Roster("medical", entries))
    (p,) = build_policies(
        paid_app(lines=(line,)), numbers=["P1"], coverage={"medical": YEAR}, effective_date=None
    )
    assert [m.shares for m in p.members] == [e.shares for e in line.roster] == [1, 1, 3]
    quote = FULL.price_application(paid_app(lines=(line,)), date(2025, 3, 1))
    assert quote.amount_due == Decimal("60.00") * sum(m.shares for m in p.members)


def test_a_gift_plan_on_a_line_gets_its_policy_at_no_charge() -> None:
    """Seed 001 四（二）添加赠送计划 "单位可依据自身情况，添加赠送计划": the gift plan's cover
    is recorded, so a member's personal policy query (八（二）个人保单查询) finds it."""
    ms = members(3)
    gift_year = CoveragePeriod(date(2025, 1, 1), date(2025, 6, 30))
    app = paid_app(
        lines=(
            ApplicationLine(
                "medical", "60", shares=2, roster=Roster.of("medical", ms[:2]), gift_plans=("gift",)
            ),
            ApplicationLine(
                "illness", "90", roster=Roster.of("illness", ms[1:]), gift_plans=("gift",)
            ),
            ApplicationLine("other", "60", roster=Roster.of("other", ms[:1])),
        )
    )
    coverage = {"medical": YEAR, "illness": YEAR, "other": YEAR, "gift": gift_year}
    out = build_policies(app, numbers=["P1", "P2", "P3"], coverage=coverage, effective_date=None)
    assert [(p.number, p.plan_code) for p in out] == [
        ("P1", "medical"),
        ("P2", "illness"),
        ("P3", "other"),
        ("P1/gift", "gift"),
    ]
    gift = out[-1]
    assert [m.member.id_number for m in gift.members] == [m.id_number for m in ms]  # once each
    assert {(m.tier_code, m.shares) for m in gift.members} == {(None, 1)}  # not bought
    assert gift.coverage == gift_year and gift.status is PolicyStatus.AWAITING_EFFECTIVE_DATE
    started = policy_machine().apply(
        gift, "set_effective_date", actor="association", at=AT, effective_date=date(2025, 4, 1)
    ).entity
    assert is_covered(ms[2].id_number, date(2025, 4, 1), [started], plan_code="gift")
    assert not is_covered(ms[2].id_number, date(2025, 7, 1), [started], plan_code="gift")
    numbered = build_policies(
        app, numbers=["P1", "P2", "P3", "G1"], coverage=coverage, effective_date=date(2025, 4, 1)
    )
    assert numbered[-1].number == "G1"
    bare = {"medical": YEAR, "illness": YEAR, "other": YEAR}  # the gift rides on its line's cover
    assert (
        build_policies(app, numbers=["P1", "P2", "P3"], coverage=bare, effective_date=None)[
            -1
        ].coverage
        == YEAR
    )


def test_endorsement_roster_validation() -> None:
    p = policy(2)
    other = attrs.evolve(policy(5), number="P9", unit_id="U9")
    found = endorsement_findings(endorsement([1, 2, 3]), p, [other])
    assert [r.code for r in found] == [
        "endorsement.already_on_policy",
        "endorsement.covered_elsewhere",
        "endorsement.covered_elsewhere",
    ]
    assert [r.code for r in endorsement_findings(endorsement([2], date(2025, 3, 1)), p)] == [
        "endorsement.date_before_policy"
    ]
    assert [r.code for r in endorsement_findings(endorsement([2], date(2026, 1, 2)), p)] == [
        "endorsement.date_outside_coverage"
    ]
    waiting = attrs.evolve(p, status=PolicyStatus.AWAITING_EFFECTIVE_DATE)
    assert "endorsement.policy_not_effective" in [
        r.code for r in endorsement_findings(endorsement([2]), waiting)
    ]


def test_shenzhen_endorsement_walk() -> None:
    p = policy(2)
    m = endorsement_machine(
        SHENZHEN_FLOW.endorsement, SHENZHEN_FLOW.association_sets_effective_time
    )
    w = Walker(m, endorsement([1, 2]))
    ctx = {POLICY: p, OTHER_POLICIES: (), "rules": FULL}
    with pytest.raises(GuardFailed, match="already_on_policy"):
        w.do("submit", context=ctx)
    w.do("save", roster=endorsement([2, 3]).roster)
    with pytest.raises(GuardFailed, match="contact_missing"):  # seed 002 保单补充: 联系人信息
        w.do("submit", context=ctx)
    w.do("save", contact=Contact("联系人", mobile="13526589854"))
    w.do("submit", context=ctx)
    amount = price_endorsement(w.entity, p, FULL)
    assert amount == Decimal("120.00")
    with pytest.raises(GuardFailed, match="amount_mismatch"):
        w.do("approve", actor="association", amount_due=Decimal("1.00"), context=ctx)
    w.do("approve", actor="association", amount_due=amount, context=ctx)
    assert w.entity.amount_due == Decimal("120.00")
    w.do("submit_payment")
    notice = PaymentNotice("N1", "E1", amount, date(2025, 6, 20), unit_id="U1")
    with pytest.raises(GuardFailed, match="notice_not_confirmed"):
        w.do("confirm_payment", actor="association", arrival_date=date(2025, 6, 25),
             context={"payment_notice": notice})  # fmt: skip
    confirmed = attrs.evolve(
        notice, status=PaymentNoticeStatus.CONFIRMED, arrival_date=date(2025, 6, 25)
    )
    w.do("confirm_payment", actor="association", arrival_date=date(2025, 6, 25),
         context={"payment_notice": confirmed})  # fmt: skip
    assert w.entity.status is E.AWAITING_EFFECTIVE_DATE
    with pytest.raises(GuardFailed, match="date_outside_coverage"):
        w.do("set_effective_date", actor="association", effective_date=date(2019, 7, 1),
             context=ctx)  # fmt: skip
    w.do("set_effective_date", actor="association", effective_date=date(2025, 7, 1), context=ctx)
    assert w.events[-1] == EndorsementEffective(
        subject_id="E1",
        at=AT,
        actor="association",
        policy_number="P1",
        effective_date=date(2025, 7, 1),
    )
    assert w.replayed() == w.entity
    added = endorse(p, w.entity)
    p2 = policy_machine().apply(p, "add_members", actor="association", at=AT, members=added).entity
    assert p2.headcount == 4
    assert is_covered(IDS[3], date(2025, 6, 30), [p2]) is False
    assert is_covered(IDS[3], date(2025, 7, 1), [p2]) is True
    assert is_covered(IDS[0], date(2025, 6, 30), [p2]) is True


def test_endorse_needs_an_effective_endorsement_of_that_policy() -> None:
    with pytest.raises(LifecycleError, match="not effective"):
        endorse(policy(), endorsement([3]))
    done = attrs.evolve(endorsement([3]), status=E.EFFECTIVE, policy_number="P2")
    with pytest.raises(LifecycleError, match="for policy P2"):
        endorse(policy(), done)


@pytest.mark.parametrize(
    ("on", "rules", "amount"),
    [
        (date(2025, 7, 1), FULL, "120.00"),
        # 184 of 365 days left: the line's member part 120 × 184 / 365 = 60.4931... → 60.49
        (date(2025, 7, 1), PRO_RATA, "60.49"),
        # 1 day left: 120 / 365 = 0.3287... → 0.33
        (date(2025, 12, 31), PRO_RATA, "0.33"),
    ],
)
def test_endorsement_prices_are_the_packs(on: date, rules: object, amount: str) -> None:
    """One implementation: the pack's ``mutualaid_price_endorsement``, what the unit pays of it."""
    e = endorsement([2, 3], on)
    assert price_endorsement(e, policy(), rules) == Decimal(amount)
    assert (
        price_endorsement(e, policy(), rules) == rules.price_endorsement(e, policy(), on).amount_due
    )  # type: ignore[attr-defined]


def test_pro_rata_rounds_the_member_and_subsidy_parts_as_the_pack_does() -> None:
    """The reviewer's case: 10 + 2 yuan, 5 of 365 days: parts 0.14 + 0.03 = 0.17 (the pack's answer)."""
    subsidised = plan(price="10")
    tier = attrs.evolve(subsidised.tiers[0], contribution=Contribution("10", "2"))
    subsidised = attrs.evolve(subsidised, tiers=(tier,))
    view = ParamPack("sz", {"endorsement.pro_rata": True}, plans=(subsidised,)).view()
    (p,) = build_policies(
        paid_app(
            n=1, lines=(ApplicationLine("medical", "10", roster=Roster.of("medical", members(1))),)
        ),
        numbers=["P1"],
        coverage={"medical": YEAR},
        effective_date=date(2025, 4, 1),
    )
    e = endorsement([2], date(2025, 12, 27))
    quote = view.price_endorsement(e, p, e.effective_date)
    assert (quote.member_part, quote.subsidy_part) == (Decimal("0.14"), Decimal("0.03"))
    assert price_endorsement(e, p, view) == quote.amount_due == Decimal("0.17")


def test_waiting_period_after_a_gap_only() -> None:
    """The waiting period is the pack's (``effective.waiting_period_days``): asked, not restated."""
    m = members(1)[0]
    last_year = CoveragePeriod.calendar_year(2024)
    old = held(
        "P24", "medical", m, date(2024, 1, 1), coverage=last_year, status=PolicyStatus.EXPIRED
    )
    late = held("P25", "medical", m, date(2025, 3, 1), effective_date=date(2025, 3, 1))
    seamless = attrs.evolve(late, members=(PolicyMember(m, effective_date=date(2025, 1, 1)),))
    gd = ParamPack("gd", {"effective.waiting_period_days": 30}, plans=(plan(),)).view()
    assert not is_covered(m.id_number, date(2025, 3, 30), [old, late], rules=gd)
    assert is_covered(m.id_number, date(2025, 3, 31), [old, late], rules=gd)
    assert is_covered(m.id_number, date(2025, 1, 1), [old, seamless], rules=gd)  # no gap
    assert is_covered(m.id_number, date(2025, 3, 1), [late], rules=gd)  # a new member
    # the same answer as the pack's effective date after that gap
    gap = gd.effective_date(
        application("gd", requested_effective_date=date(2025, 3, 1)),
        plan(),
        previous_coverage_end=date(2024, 12, 31),
    )
    assert gap.waiting_period_end == date(2025, 3, 30)
    # a pack without a waiting period, or no pack: cover from the effective date
    assert is_covered(m.id_number, date(2025, 3, 1), [old, late], rules=FULL)
    assert is_covered(m.id_number, date(2025, 3, 1), [old, late])
    assert not is_covered(m.id_number, date(2025, 3, 31), [old, late], plan_code="other")


def test_a_gap_left_by_a_member_who_left_a_policy_has_a_waiting_period() -> None:
    """The earlier cover ends the day before the member left it (``left_on``), not at the
    end of that policy's coverage: a later policy after the gap starts with a waiting period."""
    m = members(1)[0]
    gd = ParamPack("gd", {"effective.waiting_period_days": 30}, plans=(plan(),)).view()
    left = held("X", "medical", m, date(2025, 1, 1), left_on=date(2025, 3, 1))
    joined = held("Y", "medical", m, date(2025, 6, 1), effective_date=date(2025, 6, 1))
    assert not is_covered(m.id_number, date(2025, 6, 10), [left, joined], rules=gd)
    assert is_covered(m.id_number, date(2025, 7, 1), [left, joined], rules=gd)
    # the same gap written as the end of the earlier coverage gives the same answer
    ended = attrs.evolve(
        left,
        coverage=CoveragePeriod(date(2025, 1, 1), date(2025, 2, 28)),
        members=(PolicyMember(m, effective_date=date(2025, 1, 1)),),
    )
    for day in (date(2025, 6, 10), date(2025, 6, 30), date(2025, 7, 1)):
        assert is_covered(m.id_number, day, [left, joined], rules=gd) == is_covered(
            m.id_number, day, [ended, joined], rules=gd
        )
    # a transfer on a day (left the former policy the day the new one starts) is no gap
    seamless = attrs.evolve(
        left, members=(attrs.evolve(left.members[0], left_on=date(2025, 6, 1)),)
    )
    assert is_covered(m.id_number, date(2025, 6, 1), [seamless, joined], rules=gd)


def test_the_waiting_period_finds_last_years_policy_of_the_same_plan() -> None:
    """Plan codes carry their year (GD-HOSP-2025, GD-HOSP-2026): the earlier cover is found
    in the policies of the same plan family (:func:`~mutualaid.model.policy.plan_family`)."""
    m = members(1)[0]
    gd = ParamPack(
        "gd", {"effective.waiting_period_days": 30}, plans=(plan("medical-2025"),)
    ).view()
    last_year = CoveragePeriod.calendar_year(2024)
    old = held(
        "P24", "medical-2024", m, date(2024, 1, 1), coverage=last_year, status=PolicyStatus.EXPIRED
    )
    late = held("P25", "medical-2025", m, date(2025, 3, 1), effective_date=date(2025, 3, 1))
    assert not is_covered(m.id_number, date(2025, 3, 30), [old, late], rules=gd)
    assert is_covered(m.id_number, date(2025, 3, 31), [old, late], rules=gd)
    assert not is_covered(
        m.id_number, date(2025, 3, 30), [old, late], rules=gd, plan_code="medical-2025"
    )
    other_plan = attrs.evolve(old, plan_code="illness-2024")
    assert is_covered(m.id_number, date(2025, 3, 1), [other_plan, late], rules=gd)  # a new member


def test_the_waiting_period_finds_last_years_cover_by_the_plans_family() -> None:
    """The family is data: codes that share no spelling (``hosp-old``, ``HOSP-NEW``) are one
    plan when their plans name one family; without a family they are two plans (a new member
    waits), as before."""
    m = members(1)[0]
    this_year = attrs.evolve(plan("HOSP-NEW"), family="HOSP")
    gd = ParamPack("gd", {"effective.waiting_period_days": 30}, plans=(this_year,)).view()
    old = held(
        "P24",
        "hosp-old",
        m,
        date(2024, 1, 1),
        coverage=CoveragePeriod.calendar_year(2024),
        status=PolicyStatus.EXPIRED,
    )
    app = paid_app(lines=(ApplicationLine("HOSP-NEW", "60", roster=Roster.of("HOSP-NEW", [m])),))
    (new,) = build_policies(
        app,
        numbers=["P25"],
        coverage={"HOSP-NEW": YEAR},
        effective_date=date(2025, 3, 1),
        families={"HOSP-NEW": this_year.family_code},
    )
    assert new.family == "HOSP"
    renewed = attrs.evolve(old, family="HOSP")
    # renewed: the gap (1 Jan - 28 Feb) starts a waiting period, like last year's same code
    assert not is_covered(m.id_number, date(2025, 3, 30), [renewed, new], rules=gd)
    assert is_covered(m.id_number, date(2025, 3, 31), [renewed, new], rules=gd)
    # without the family the old policy is another plan: a new member, covered at once
    assert is_covered(m.id_number, date(2025, 3, 1), [old, new], rules=gd)
    # a plan without family behaves as before: its policies' family is the code without the year
    (bare,) = build_policies(
        app, numbers=["P25"], coverage={"HOSP-NEW": YEAR}, effective_date=date(2025, 3, 1)
    )
    assert bare.family is None and bare.plan_family == "HOSP-NEW"


def test_an_overlapping_policy_of_last_years_plan_is_cover_elsewhere() -> None:
    """An April-to-March GD-HOSP-2025 policy still covers in January to March 2026: a
    member on it is covered elsewhere for an endorsement of a GD-HOSP-2026 policy (one
    family); a policy of another family is no obstacle."""
    ms = members(3)
    year = CoveragePeriod.calendar_year(2026)
    ours = attrs.evolve(
        held("P1", "GD-HOSP-2026", ms[0], date(2026, 1, 1), coverage=year), family="GD-HOSP"
    )
    april = CoveragePeriod(date(2025, 4, 1), date(2026, 3, 31))
    theirs = attrs.evolve(
        held("P9", "GD-HOSP-2025", ms[2], date(2025, 4, 1), coverage=april), family="GD-HOSP"
    )
    request = Endorsement("E1", "P1", "U1", date(2026, 2, 1), Roster.of("GD-HOSP-2026", [ms[2]]))
    codes = [r.code for r in endorsement_findings(request, ours, [theirs])]
    assert codes == ["endorsement.covered_elsewhere"]
    after = attrs.evolve(request, effective_date=date(2026, 4, 1))
    assert [r.code for r in endorsement_findings(after, ours, [theirs])] == []
    other = attrs.evolve(theirs, family="GD-CI")
    assert [r.code for r in endorsement_findings(request, ours, [other])] == []


def test_an_endorsement_is_refused_only_while_the_other_cover_lasts() -> None:
    """Covered elsewhere means: the other policy covers the member on a day the endorsement
    would (its cover ends before the endorsement's date when they left, ``left_on``)."""
    ms = members(3)
    ours = policy(2)
    theirs = held("P9", "medical", ms[2], date(2025, 1, 1), tier_code="60")
    request = Endorsement("E1", "P1", "U1", date(2025, 7, 1), Roster.of("medical", [ms[2]]))

    def codes(other: Policy, asked: Endorsement = request) -> list[str]:
        return [r.code for r in endorsement_findings(asked, ours, [other])]

    def leaving(on: date) -> Policy:
        return attrs.evolve(theirs, members=(attrs.evolve(theirs.members[0], left_on=on),))

    assert codes(theirs) == ["endorsement.covered_elsewhere"]
    assert codes(leaving(date(2025, 7, 1))) == []  # left the day the endorsement starts
    assert codes(leaving(date(2025, 7, 2))) == ["endorsement.covered_elsewhere"]
    # the member's own roster date counts: cover elsewhere ending before it is no obstacle
    own = attrs.evolve(
        request, roster=Roster.of("medical", [ms[2]], effective_date=date(2025, 8, 1))
    )
    assert codes(leaving(date(2025, 8, 1)), own) == []
    assert codes(leaving(date(2025, 8, 2)), own) == ["endorsement.covered_elsewhere"]


def test_a_member_transferred_in_is_added_by_the_office_and_leaves_the_former_policy() -> None:
    """Seed 003 intro item 3: "单位保障期内，如有其他单位已入会人员调入本单位，为防止断保，
    可将调入人员姓名、身份证号码、手机号发送至…办理新增" — the office adds the member to the
    unit's effective policy; their cover on the former unit's policy ends that day, so they
    are never covered twice nor left without cover, and both trails say so."""
    ms = members(3)
    ours = policy(2)  # 张三, 李四 from 2025-04-01
    theirs = held("P9", "medical", ms[2], date(2025, 1, 1), tier_code="60")
    on = date(2025, 7, 1)
    request = Endorsement("调入-1", "P1", "U1", on, Roster.of("medical", [ms[2]]))
    assert [r.code for r in endorsement_findings(request, ours, [theirs])] == [
        "endorsement.covered_elsewhere"
    ]
    done = transfer_in(
        LINYI_FLOW.endorsement,
        ours,
        [PolicyMember(ms[2], "60", 2)],
        on=on,
        former=[theirs],
        actor="office:linyi",
        at=AT,
    )
    added, (left,) = done.policy.entity, [o.entity for o in done.former]
    assert added.find_member(ms[2].id_number) == PolicyMember(ms[2], "60", 2, on)
    assert left.find_member(ms[2].id_number).left_on == on
    day_before = date(2025, 6, 30)
    assert is_covered(ms[2].id_number, day_before, [left]) and not is_covered(
        ms[2].id_number, day_before, [added]
    )
    assert is_covered(ms[2].id_number, on, [added]) and not is_covered(ms[2].id_number, on, [left])
    # the audit trail records both ends of the transfer
    assert done.policy.audit.action == "transfer_in"
    assert done.policy.audit.params["from_policies"] == ("P9",)
    assert done.former[0].audit.action == "transfer_out"
    assert done.former[0].audit.params["to_policy"] == "P1"
    assert policy_machine().replay(theirs, [done.former[0].audit]) == left
    # with the former cover ended, the member is no longer covered elsewhere
    assert endorsement_findings(request, ours, [left]) == ()


def test_a_transfer_in_is_refused_where_the_region_has_none_or_the_member_is_not_moving() -> None:
    ms = members(3)
    with pytest.raises(LifecycleError, match="transfer"):
        transfer_in(
            SHENZHEN_FLOW.endorsement,
            policy(2),
            [PolicyMember(ms[2])],
            on=date(2025, 7, 1),
            former=[],
            actor="office",
            at=AT,
        )
    with pytest.raises(GuardFailed) as err:  # already on the unit's policy
        transfer_in(
            LINYI_FLOW.endorsement,
            policy(2),
            [PolicyMember(ms[0])],
            on=date(2025, 7, 1),
            former=[],
            actor="office",
            at=AT,
        )
    assert "endorsement.already_on_policy" in err.value.details["codes"]


def test_a_transfer_without_who_or_when_is_refused() -> None:
    for action in ("transfer_in", "transfer_out"):
        with pytest.raises(GuardFailed) as err:
            policy_machine().apply(policy(2), action, actor="office", at=AT)
        assert err.value.details["codes"] == ("transfer.details_missing",)


def test_the_bundled_packs_plans_name_their_family() -> None:
    """Every bundled plan's data names its family (``plans-2026.json``): the code without
    the year, so next year's file only repeats it."""
    from mutualaid.rules import RuleEngine

    engine = RuleEngine.from_entry_points()
    plans = [p for name in engine.pack_names() for p in engine.pack(name).plans()]
    assert plans
    for p in plans:
        assert p.family is not None and p.code == f"{p.family}-2026"
        assert p.family_code == p.family
