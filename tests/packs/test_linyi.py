"""The Linyi pack (seed 003_995ec20e36d29125.txt): each test cites the manual's passage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from mutualaid_pack_linyi.flows import LINYI_FLOW
from pack_helpers import application, codes, invoice, line, member, members, rules, unit

from mutualaid.lifecycle.application import flow_from
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.kinds import MaterialKind, RiskClass
from mutualaid.roster import RawRow, RosterRules, validate_rows
from mutualaid.rules import Situation

ON = date(2026, 6, 10)
STAFF = DeclaredCounts(active_staff=100, active_female_staff=40)


def activity(plan: str, n_normal: int = 3, n_high: int = 1, shares: int = 2, first: int = 0) -> Any:
    normal = members(n_normal, ON, area="371302")
    high = [
        member(f"高危{i}", age=40, on=ON, area="371312", serial=i, risk_class=RiskClass.HIGH_RISK)
        for i in range(first, first + n_high)
    ]
    return line(plan, [*normal, *high], tier="STD", shares=shares)


def mixed(n_normal: int = 3, n_high: int = 1, shares: int = 2) -> Any:
    return application("linyi", activity("LY-HOSP-2026", n_normal, n_high, shares), declared=STAFF)


def test_several_activities_each_with_its_own_shares() -> None:
    """3.2.1.1: "选择保障活动的参保份数"; 3.2.1.2: "依次点击每个保障活动后的【人员清单导入】按钮，为每个保障活动导入本次参保人员"."""
    pack = rules("linyi")
    plans = pack.plans(date(2026, 6, 30))
    assert [p.code for p in plans] == ["LY-HOSP-2026", "LY-ACC-2026"]
    assert all(p.coverage.contains(date(2026, 6, 30)) and p.max_shares > 1 for p in plans)
    people = members(4, ON, area="371302")
    app = application(
        "linyi",
        line("LY-HOSP-2026", people, tier="STD", shares=2),
        line("LY-ACC-2026", people[:2], tier="STD", shares=3),
        declared=STAFF,
    )
    assert pack.application_findings(app, ON) == ()
    quote = pack.price_application(app, ON)
    assert [(p.plan_code, p.shares, p.members, p.total) for p in quote.lines] == [
        ("LY-HOSP-2026", 2, 4, Decimal("400.00")),
        ("LY-ACC-2026", 3, 2, Decimal("120.00")),
    ]
    assert quote.total == Decimal("520.00")


def test_the_checked_roster_gives_every_member_the_activity_s_shares() -> None:
    """3.2.1.1: "选择保障活动的参保份数": the shares chosen for the activity are each member's."""
    pack = rules("linyi")
    people = members(2, ON, area="371302")
    rows = [
        RawRow(2 + i, {"name": m.name, "id_number": m.id_number}, False, ())
        for i, m in enumerate(people)
    ]
    checked = RosterRules.from_pack(pack, "LY-HOSP-2026", tier="STD", shares=3, on=ON)
    activity = validate_rows(rows, checked, file="名单.xlsx").application_line()
    assert activity.shares == 3 and [e.shares for e in activity.roster] == [3, 3]
    quote = pack.price_application(application("linyi", activity, declared=STAFF), ON)
    assert quote.total == 2 * 3 * Decimal("50.00")
    # a member given 1 share on a 3-share activity is charged 1 share, not 3
    one = attrs.evolve(activity.roster.entries[0], shares=1)
    edited = attrs.evolve(
        activity, roster=activity.roster.with_entries([one, activity.roster.entries[1]])
    )
    quote = pack.price_application(application("linyi", edited, declared=STAFF), ON)
    assert quote.total == (1 + 3) * Decimal("50.00")


def test_high_risk_members_pay_the_high_risk_price() -> None:
    """3.3 注: "若本次保障活动存在高危和普通两类人群 … 高危会费单价"."""
    quote = rules("linyi").price_application(mixed(3, 1, shares=2), ON)
    assert quote.total == 3 * 2 * Decimal("50.00") + 1 * 2 * Decimal("80.00")
    high = rules("linyi").plan("LY-HOSP-2026").tier("STD").contribution_for(RiskClass.HIGH_RISK)
    assert high.total == Decimal("80.00")


def test_invoice_per_capita_cap_is_high_risk_price_times_shares_when_groups_mix() -> None:
    """3.3 注: "开票时，若本次保障活动存在高危和普通两类人群，则开票时人均单价上限为（高危会费单价*份数）"."""
    pack = rules("linyi")
    app = mixed(3, 1, shares=2)  # 4 members, cap 80 x 2 = 160 per member, 640 in all
    holder = unit("临沂测试有限公司")

    def capped(amount: str, *apps: Any) -> list[tuple[str, str, str]]:
        found = pack.invoice_findings(invoice(amount, ON, title=holder.name), holder, apps, ON)
        assert codes(found) <= {"invoice.per_capita_cap"}
        return [(f.params["plan_code"], f.params["cap"], f.params["amount"]) for f in found]

    assert capped("640.00", app) == []
    # exact amounts: 640.01 / 4 = 160.0025 is over 160, though it rounds to 160.00
    assert capped("640.01", app) == [("LY-HOSP-2026", "640.00", "640.01")]
    assert capped("640.02", app) == [("LY-HOSP-2026", "640.00", "640.02")]
    normal_only = application(
        "linyi", line("LY-HOSP-2026", members(4, ON), tier="STD", shares=2), declared=STAFF
    )
    assert capped("640.04", normal_only) == []


def test_the_cap_holds_for_each_activity_of_the_invoice() -> None:
    """3.3 注: "本次保障活动": the cap is each activity's, not the activities' caps added up."""
    pack = rules("linyi")
    holder = unit("临沂测试有限公司")
    # 住院 3 x 50 x 2 + 80 x 2 = 460, cap 4 x 160 = 640; 意外 3 x 20 x 2 + 40 x 2 = 200, cap 320
    both = application(
        "linyi",
        activity("LY-HOSP-2026"),
        activity("LY-ACC-2026", first=1),
        declared=STAFF,
    )
    assert pack.price_application(both, ON).total == Decimal("660.00")

    def capped(amount: str) -> list[str]:
        request = invoice(amount, ON, title=holder.name)
        return [f.params["plan_code"] for f in pack.invoice_findings(request, holder, [both], ON)]

    assert capped("660.00") == []
    assert capped("918.26") == []  # 住院's part: 918.26 x 460 / 660 = 639.9990...
    assert capped("918.27") == ["LY-HOSP-2026"]  # 640.0060...: over, though 8 members x 240 is not
    assert capped("1056.01") == ["LY-HOSP-2026", "LY-ACC-2026"]


def test_no_invoice_after_the_settlement_day_the_25th() -> None:
    """入会须知 4: "每月25日为结算日，结算后不再开取发票。"."""
    pack = rules("linyi")
    app = mixed()
    holder = unit("临沂测试有限公司")
    on_25th = invoice("100", date(2026, 6, 25), title="临沂测试有限公司")
    assert pack.invoice_findings(on_25th, holder, [app], date(2026, 6, 25)) == ()
    on_26th = invoice("100", date(2026, 6, 26), title="临沂测试有限公司")
    (finding,) = pack.invoice_findings(on_26th, holder, [app], date(2026, 6, 26))
    assert (finding.code, finding.params["settlement_day"]) == ("invoice.after_settlement_day", 25)
    assert "003_995ec20e36d29125.txt" in str(finding.explanation)
    saved_earlier = invoice("100", date(2026, 6, 20), title="临沂测试有限公司")
    assert codes(pack.invoice_findings(saved_earlier, holder, [app], date(2026, 6, 27))) == {
        "invoice.after_settlement_day"
    }


def test_active_and_female_staff_counts_are_required() -> None:
    """3.2.1.2: "需要录入本参保单位的在职职工人数和在职女职工人数"."""
    pack = rules("linyi")
    app = application("linyi", line("LY-HOSP-2026", members(2, ON), tier="STD"))
    found = pack.application_findings(app, ON)
    assert [f.field for f in found] == ["declared.active_staff", "declared.active_female_staff"]
    assert codes(found) == {"application.declared_missing"}


def test_female_staff_cannot_exceed_active_staff() -> None:
    """3.2.1.2: the two counts are of the same staff: 在职女职工 are part of 在职职工."""
    pack = rules("linyi")
    bad = application(
        "linyi",
        line("LY-HOSP-2026", members(2, ON), tier="STD"),
        declared=DeclaredCounts(active_staff=10, active_female_staff=11),
    )
    (finding,) = pack.application_findings(bad, ON)
    assert (finding.code, finding.blocking) == ("linyi.female_staff_exceeds_active", True)
    assert finding.explanation is not None and finding.explanation.pack == "linyi"


def test_the_template_has_the_risk_class_column() -> None:
    """3.3 注: "高危和普通两类人群": the price depends on it, so the roster gives it."""
    pack = rules("linyi")
    columns = pack.template_columns(pack.plan("LY-ACC-2026"))
    risk = next(c for c in columns if c.field == "risk_class")
    assert (risk.header, risk.allowed_values) == ("风险类别", ("普通", "高危"))


def test_registration_asks_for_the_certificate_image() -> None:
    """2. 会员单位注册: "录入参保单位信息、联系人信息，上传证件图片"."""
    needed = rules("linyi").required_materials(Situation.REGISTRATION, ON)
    assert [m.kind for m in needed] == [MaterialKind.REGISTRATION_CERTIFICATE]


def test_the_application_flow_is_linyi_s() -> None:
    """入会流程: "人员名单模版导入→审核通过后短信通知→填写开票录入→打款→确认书打印→发票发送至邮箱"."""
    pack = rules("linyi")
    assert flow_from(pack) is LINYI_FLOW
    assert flow_from(pack, "endorsement") is LINYI_FLOW
    assert pack.call("mutualaid_application_flow", kind="group") is not LINYI_FLOW


def test_the_catalogue_is_marked_illustrative() -> None:
    """The manual names no activity and gives no price: both are illustrative, the rules are not."""
    pack = rules("linyi")
    price = pack.cite("plans.LY-HOSP-2026.tiers.STD.high_risk", ON)
    day = pack.cite("invoice.settlement_day", ON)
    assert price is not None and price.illustrative
    assert day is not None and not day.illustrative and day.value == 25
