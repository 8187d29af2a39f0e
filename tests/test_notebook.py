"""mutualaid.notebook: evaluate() on the installed packs, the text, the HTML and the data frame."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.errors import InvalidDate, UnknownPack, UnknownPlan
from mutualaid.model.application import Application, DeclaredCounts
from mutualaid.model.kinds import IdType
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.notebook import HEADER, Evaluation, evaluate, line, member
from mutualaid.rules import PackInfo, PackView, RuleEngine, hookimpl

ON = date(2026, 6, 30)
WEIHAI_COUNTS = DeclaredCounts(insured_headcount=2, paying_headcount=2)


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.from_entry_points()


@pytest.fixture(scope="module")
def weihai(engine: RuleEngine) -> PackView:
    return engine.pack("weihai")


def two_staff() -> list:
    return [
        member("张三", age=35, on=ON),
        member("李四", age=40, on=ON, serial=2, gender="女"),
    ]


def test_weihai_values_are_exact(weihai: PackView) -> None:
    s = evaluate(weihai, two_staff(), plan="WH-MED-2026", on=ON, declared=WEIHAI_COUNTS)
    assert [(r.name, r.age, r.plan_code, r.tier_code, r.shares) for r in s.rows] == [
        ("张三", 35, "WH-MED-2026", "T50", 1),
        ("李四", 40, "WH-MED-2026", "T50", 1),
    ]
    row = s.rows[0]
    assert (row.price, row.member_part, row.subsidy_part) == (
        Decimal("60.00"),
        Decimal("50.00"),
        Decimal("10.00"),
    )
    assert row.effective_date == date(2026, 1, 1)
    assert (s.total_all_rows, s.member_part, s.subsidy_part, s.amount_due_all_rows, s.headcount) == (
        Decimal("120.00"),
        Decimal("100.00"),
        Decimal("20.00"),
        Decimal("100.00"),  # Weihai's unit pays the member part only
        2,
    )
    assert s.can_submit and s.blocking_codes == () and s.findings == ()
    assert [m.name for m in s.materials] == ["注册证件"]
    assert s.explanations[0].rule == "mutualaid_price_application"
    assert s.info.name == "weihai" and s.on == ON


def test_members_findings_and_blocking_codes_by_name() -> None:
    on = date(2026, 1, 15)
    staff = [
        member(
            "王五", age=64, on=on, area="430902", serial=3, medical_insurance_type="城镇职工医保"
        ),
        member("钱七", age=15, on=on, area="430902", serial=5),
    ]
    s = evaluate(
        "yiyang",
        staff,
        plan="YY-HOSP-2026",
        tier="T90",
        on=on,
        declared=DeclaredCounts(medical_insurance_headcount=2),
    )
    assert [[f.code for f in r.findings] for r in s.rows] == [
        ["age.over_retirement"],
        ["age.below_minimum"],
    ]
    assert s.blocking_codes == ("age.below_minimum",) and not s.can_submit
    assert s.total_all_rows == Decimal("180.00")
    assert "超龄未退休职工名册（加盖单位人事公章）" in [m.name for m in s.materials]


def test_lines_with_shares_and_a_region_name() -> None:
    on = date(2026, 6, 10)
    staff = [member("张三", age=35, on=on), member("李四", age=44, on=on, serial=2)]
    s = evaluate(
        "linyi",
        [
            line("LY-HOSP-2026", staff, tier="STD", shares=2),
            line("LY-ACC-2026", staff[:1], tier="STD", shares=3),
        ],
        on=on,
    )
    assert [(ln.plan.code, len(ln.rows)) for ln in s.lines] == [
        ("LY-HOSP-2026", 2),
        ("LY-ACC-2026", 1),
    ]
    assert [(r.plan_code, r.shares) for r in s.rows] == [
        ("LY-HOSP-2026", 2),
        ("LY-HOSP-2026", 2),
        ("LY-ACC-2026", 3),
    ]
    assert s.total_all_rows == sum((r.price for r in s.rows), Decimal("0.00"))


def test_an_application_keeps_its_own_facts(engine: RuleEngine) -> None:
    on = date(2026, 2, 10)
    application = Application(
        "SZ-1",
        "U-1",
        "shenzhen",
        lines=(line("SZ-MED-2026", [member("张三", age=35, on=on)], tier="STD"),),
        terms_accepted=True,
        requested_effective_date=date(2026, 3, 1),
    )
    pending = evaluate("shenzhen", application, on=on, engine=engine)
    assert pending.application is application
    assert pending.rows[0].effective_date is None and pending.lines[0].effective.pending
    assert "待设置" in str(pending)
    set_ = evaluate(
        "shenzhen", application, on=on, engine=engine, association_date=date(2026, 3, 2)
    )
    assert set_.rows[0].effective_date == date(2026, 3, 2)


def test_waiting_period_note_after_a_gap(engine: RuleEngine) -> None:
    on = date(2026, 2, 20)
    application = Application(
        "GD-1",
        "U-1",
        "guangdong",
        lines=(line("GD-HOSP-2026", [member("张三", age=35, on=on)], tier="STD"),),
        reference_effective_date=date(2026, 3, 1),
    )
    s = evaluate(
        engine.pack("guangdong"),
        application,
        on=on,
        payment_arrival=date(2026, 3, 5),
        previous_coverage_end=date(2025, 12, 31),
    )
    assert s.lines[0].effective.waiting_period_end == date(2026, 4, 4)
    assert "GD-HOSP-2026: 断保后免责期至2026-04-04" in str(s).splitlines()


def test_text_table(weihai: PackView) -> None:
    s = evaluate(weihai, two_staff(), plan="WH-MED-2026", on=ON, declared=WEIHAI_COUNTS)
    lines = str(s).splitlines()
    assert lines[0] == "威海市职工互助保险管理系统 — pack weihai 0.1.0, region weihai, 2026-06-30"
    assert all(h in lines[1] for h in HEADER)
    assert (
        lines[3]
        == "张三          35   WH-MED-2026   T50   1    60.00 (50.00+10.00)   2026-01-01  —"
    )
    assert (
        "合计: 2人, 会费 120.00 (个人 100.00 + 工会补贴 20.00), 单位缴费 100.00 (个人缴纳部分)"
        in lines
    )
    assert "可以提交" in lines and "依据:" in lines


def test_html_is_escaped_and_masked(weihai: PackView) -> None:
    bad = member("<script>alert(1)</script>&", age=30, on=ON, serial=7)
    s = evaluate(weihai, [bad], plan="WH-MED-2026", on=ON)
    page = s._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in page
    assert bad.id_number not in page
    assert "<td>110105********0715</td>" in page
    assert "<th>证件号码</th>" in page and "不能提交: application.declared_missing" in page


def test_roster_findings_in_text_and_html(weihai: PackView) -> None:
    s = evaluate(weihai, [line("WH-MED-2026", [])], on=ON)
    assert [f.code for f in s.roster_findings] == ["roster.empty"] and s.rows == ()
    assert "  名单 WH-MED-2026: roster.empty(错误)" in str(s).splitlines()
    assert "<td colspan='9'>名单 WH-MED-2026: roster.empty(错误)</td>" in s._repr_html_()
    assert s.total_all_rows == Decimal("0.00") and "roster.empty" in s.blocking_codes
    assert len(s.to_dataframe()) == 0


def test_html_limit(weihai: PackView) -> None:
    staff = [member(f"职工{i}", age=30, on=ON, serial=i) for i in range(5)]
    page = evaluate(weihai, staff, plan="WH-MED-2026", on=ON)._repr_html_(limit=2)
    assert page.count("WH-MED-2026</td>") == 2
    assert "only the first 2 rows shown" in page


def test_repr_and_str_never_show_full_ids(weihai: PackView) -> None:
    staff = two_staff()
    s = evaluate(weihai, staff, plan="WH-MED-2026", on=ON)
    for text in (repr(s), str(s), repr(s.rows[0]), repr(s.lines[0])):
        assert all(m.id_number not in text for m in staff)
    assert repr(s) == (
        "<Evaluation weihai 0.1.0 on 2026-06-30: 2 rows, total_all_rows 120.00, "
        "blocking application.declared_missing>"
    )


def test_dataframe_masked_unless_revealed(weihai: PackView) -> None:
    staff = two_staff()
    s = evaluate(weihai, staff, plan="WH-MED-2026", on=ON, declared=WEIHAI_COUNTS)
    frame = s.to_dataframe()
    assert list(frame.columns) == [
        "name", "id_number", "age", "plan", "tier", "shares", "price",
        "member_part", "subsidy_part", "effective_date", "status", "severity",
        "codes", "messages",
    ]  # fmt: skip
    assert list(frame["status"]) == ["accepted", "accepted"]
    assert list(frame["codes"]) == [[], []]  # a list per row, as mutualaid.batch gives
    assert list(frame["id_number"]) == [r.masked_id for r in s.rows]
    assert staff[0].id_number not in frame.to_string()
    assert list(s.to_dataframe(reveal=True)["id_number"]) == [m.id_number for m in staff]
    assert list(frame["price"]) == [Decimal("60.00"), Decimal("60.00")]
    assert frame["member_part"].sum() == Decimal("100.00")
    assert list(frame["effective_date"]) == [date(2026, 1, 1)] * 2


def test_a_member_without_birth_date_has_no_age(engine: RuleEngine) -> None:
    on = date(2026, 2, 20)
    passport = member("Maria", id_type=IdType.PASSPORT, id_number="P7654321", gender=None)
    s = evaluate(engine.pack("guangdong"), [passport], plan="GD-HOSP-2026", tier="STD", on=on)
    assert s.rows[0].age is None
    assert "member.birth_date_required" in s.blocking_codes
    assert str(s).splitlines()[3].startswith("Maria         ?    GD-HOSP-2026")


def test_entry_tiers_and_shares_are_priced_as_given(weihai: PackView) -> None:
    person = member("张三", age=35, on=ON)
    roster = Roster("WH-ALW-2026", (RosterEntry(person, "WH-ALW-2026", "T40", 1),))
    s = evaluate(weihai, [attrs.evolve(line("WH-ALW-2026", []), roster=roster)], on=ON)
    assert (s.rows[0].tier_code, s.rows[0].price) == ("T40", s.total_all_rows)


def test_scenario_is_frozen(weihai: PackView) -> None:
    s = evaluate(weihai, two_staff(), plan="WH-MED-2026", on=ON)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.on = date(2027, 1, 1)  # type: ignore[misc]
    assert isinstance(s, Evaluation)


class Ziyang:
    """A local pack for one district: Yiyang's rules, found by its own region."""

    @hookimpl
    def mutualaid_pack_info(self) -> PackInfo:
        return PackInfo(
            name="ziyang", region="yiyang-ziyang", version="1", title="资阳", extends="yiyang"
        )


def test_a_pack_found_by_region() -> None:
    engine = RuleEngine.from_entry_points(names=["yiyang"])
    engine.register(Ziyang())
    on = date(2026, 1, 15)
    s = evaluate(
        "yiyang-ziyang",
        [member("张三", age=35, on=on)],
        plan="YY-HOSP-2026",
        tier="T60",
        on=on,
        engine=engine,
    )
    assert (s.info.name, s.rows[0].price) == ("ziyang", Decimal("60.00"))
    assert str(s).startswith("资阳 — pack ziyang 1, region yiyang-ziyang, 2026-01-15")


# --- errors -----------------------------------------------------------------


def test_unknown_pack(engine: RuleEngine) -> None:
    with pytest.raises(UnknownPack, match=r"'atlantis'.*installed: guangdong") as caught:
        evaluate("atlantis", two_staff(), plan="X", on=ON, engine=engine)
    assert caught.value.hint and "mutualaid packs" in caught.value.hint


def test_unknown_plan_and_missing_plan(weihai: PackView) -> None:
    with pytest.raises(UnknownPlan, match="no plan 'WH-MED-2030'") as caught:
        evaluate(weihai, two_staff(), plan="WH-MED-2030", on=ON)
    assert caught.value.hint and "WH-MED-2026" in caught.value.hint
    with pytest.raises(UnknownPlan, match="needs plan=") as caught:
        evaluate(weihai, two_staff(), on=ON)
    assert caught.value.hint and "WH-ALW-2026" in caught.value.hint
    with pytest.raises(UnknownPlan, match="no plan 'WH-MED-2026' on 2030-01-01"):
        evaluate(weihai, [line("WH-MED-2026", two_staff())], on=date(2030, 1, 1))
    yiyang = RuleEngine.from_entry_points(names=["yiyang"]).pack("yiyang")
    with pytest.raises(UnknownPlan, match="several tiers: evaluate needs tier=") as caught:
        evaluate(yiyang, two_staff(), plan="YY-HOSP-2026", on=ON)
    assert caught.value.hint == "Choose one of: T60, T90."
    with pytest.raises(UnknownPlan, match="no tier 'T99'"):
        evaluate(weihai, two_staff(), plan="WH-MED-2026", tier="T99", on=ON)


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("on", "2026-06-30"),
        ("on", datetime(2026, 6, 30, 9, 0)),
        ("on", None),
        ("payment_arrival", "2026-07-01"),
        ("previous_coverage_end", 20251231),
        ("association_date", datetime(2026, 3, 2)),
    ],
)
def test_bad_dates(weihai: PackView, argument: str, value: object) -> None:
    kwargs: dict[str, object] = {"on": ON, argument: value}
    with pytest.raises(
        InvalidDate, match=rf"evaluate\({argument}=\.\.\.\) must be a datetime.date"
    ):
        evaluate(weihai, two_staff(), plan="WH-MED-2026", **kwargs)  # type: ignore[arg-type]


def test_wrong_arguments(weihai: PackView) -> None:
    with pytest.raises(TypeError, match="not str"):
        evaluate(weihai, ["张三"], plan="WH-MED-2026", on=ON)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="go with members"):
        evaluate(weihai, [line("WH-MED-2026", two_staff())], plan="WH-MED-2026", on=ON)
    application = Application("A", "U", "weihai", lines=(line("WH-MED-2026", two_staff()),))
    with pytest.raises(TypeError, match="has its own"):
        evaluate(weihai, application, on=ON, declared=WEIHAI_COUNTS)


# --- properties -----------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    ages=st.lists(st.integers(min_value=10, max_value=80), min_size=0, max_size=6),
    shares=st.integers(min_value=1, max_value=3),
)
def test_totals_add_up(ages: list[int], shares: int) -> None:
    view = RuleEngine.from_entry_points(names=["linyi"]).pack("linyi")
    on = date(2026, 6, 10)
    staff = [member(f"职工{i}", age=a, on=on, serial=i) for i, a in enumerate(ages)]
    s = evaluate(view, staff, plan="LY-HOSP-2026", tier="STD", shares=shares, on=on)
    assert [r.age for r in s.rows] == ages
    assert s.total_all_rows == sum((r.price for r in s.rows), Decimal("0.00"))
    assert all(r.price == r.member_part + r.subsidy_part for r in s.rows)
    assert s.member_part + s.subsidy_part == s.total_all_rows
    assert all(r.shares == shares for r in s.rows)
    below = [a < 16 for a in ages]
    assert ["age.below_minimum" in [f.code for f in r.findings] for r in s.rows] == below
    assert len(str(s).splitlines()) >= len(ages) + 4
    assert len(s.to_dataframe()) == len(ages)
