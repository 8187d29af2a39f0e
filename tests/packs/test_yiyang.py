"""The Yiyang pack, rule by rule; each test cites the passage of seed 004 it implements.

Seed 004 is ``004_530f7df336efd69f.txt``: 益阳2026参保操作步骤及界面说明 (2025年12月).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import pytest

from mutualaid.lifecycle.application import application_machine
from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.kinds import Gender, IdType, MaterialKind, MedicalInsuranceType
from mutualaid.model.member import Member
from mutualaid.model.roster import Roster
from mutualaid.rules import PackView, RuleEngine, Severity, Situation

ON = date(2026, 1, 15)
HOSP = "YY-HOSP-2026"
SPEC = "YY-SPEC-2026"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(birth: date, serial: int = 1, female: bool = False) -> str:
    """A valid 18-digit resident ID of 益阳市资阳区 (430902)."""
    seq = serial * 2 + (0 if female else 1)
    body = f"430902{birth:%Y%m%d}{seq:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


def worker(
    name: str = "张三", birth: date = date(1985, 6, 1), serial: int = 1, **kw: object
) -> Member:
    female = kw.pop("female", False)
    return Member.from_resident_id(name, resident_id(birth, serial, bool(female)), **kw)  # type: ignore[arg-type]


def app(
    members: Iterable[Member],
    plan: str = HOSP,
    tier: str = "T60",
    *,
    app_id: str = "CB1",
    declared: int | None = 10,
    lines: tuple[ApplicationLine, ...] = (),
) -> Application:
    line = ApplicationLine(plan, tier, 1, Roster.of(plan, list(members), tier_code=tier))
    return Application(
        app_id,
        "U1",
        "yiyang",
        lines=(line, *lines),
        declared=DeclaredCounts(medical_insurance_headcount=declared),
    )


@pytest.fixture(scope="module")
def yiyang() -> PackView:
    return RuleEngine.from_entry_points(names=["yiyang"]).pack(region="yiyang")


def codes(findings: Iterable[object]) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


# --- plans and tiers --------------------------------------------------------------------


def test_two_plans_for_2026(yiyang: PackView) -> None:
    """Seed 004, 2. 新建参保单 (三): "第5步：选择要参与的保障计划 益阳职工住院保障项目2026 益阳特殊疾病保障项目2026"."""
    plans = yiyang.plans(date(2026, 6, 30))
    assert [(p.code, p.name) for p in plans] == [
        (HOSP, "益阳职工住院保障项目2026"),
        (SPEC, "益阳特殊疾病保障项目2026"),
    ]
    assert all(p.coverage.contains(date(2026, 6, 30)) for p in plans)


def test_hospital_plan_tiers_are_60_and_90_yuan(yiyang: PackView) -> None:
    """Seed 004, 2. 新建参保单 (三): "第6步：选择费用档位 60元档位 90元档位 …… 参互应缴标准：60元/人"."""
    plan = yiyang.plan(HOSP)
    assert [(t.code, t.name, t.contribution.total) for t in plan.tiers] == [
        ("T60", "60元档位", Decimal("60.00")),
        ("T90", "90元档位", Decimal("90.00")),
    ]
    assert plan.max_shares == 1


def test_price_of_one_member_is_60(yiyang: PackView) -> None:
    """Seed 004, 2. 新建参保单 (六): "参保人数(人): 1 参保标准费用(元): 60.00 实际应缴费用(元): 60.00"."""
    quote = yiyang.price_application(app([worker()]), ON)
    assert (quote.headcount, quote.total) == (1, Decimal("60.00"))
    assert quote.explanation is not None
    assert "plans.YY-HOSP-2026.tiers.T60.contribution = 60.00" in str(quote.explanation)
    assert "004_530f7df336efd69f.txt" in str(quote.explanation)
    ninety = yiyang.price_application(
        app([worker("a", serial=1), worker("b", serial=2)], tier="T90"), ON
    )
    assert ninety.total == Decimal("180.00")


def test_coverage_2026_is_marked_illustrative(yiyang: PackView) -> None:
    """Seed 004, 3. 参保缴费 (三): "保障期限 2025-01-01-2025-12-31" (the 2025 plan; 2026 by analogy, illustrative)."""
    plan = yiyang.plan(HOSP)
    assert (plan.coverage.start, plan.coverage.end) == (date(2026, 1, 1), date(2026, 12, 31))
    cited = yiyang.cite(f"plans.{HOSP}.coverage", ON)
    assert cited is not None and cited.illustrative
    assert yiyang.effective_date(app([worker()]), plan).date == date(2026, 1, 1)


# --- application rules --------------------------------------------------------------------


def test_one_plan_per_application(yiyang: PackView) -> None:
    """Seed 004, 问答: "一个参保单只能选择一个保障计划。如果想参与多个保障计划，可以建立多个参保单。"."""
    extra = ApplicationLine(SPEC, "T10", 1, Roster.of(SPEC, [worker()], tier_code="T10"))
    found = yiyang.application_findings(app([worker()], lines=(extra,)), ON)
    assert codes(found) == ["application.too_many_plans"]
    assert found[0].severity is Severity.ERROR
    assert yiyang.application_findings(app([worker()]), ON) == ()


def test_one_tier_per_plan_per_unit(yiyang: PackView) -> None:
    """Seed 004, 问答: "我单位想部分人员参加60元档位……部分人员参加90档位……答：不可以，一个保障计划一个单位只能选择一个档位"."""
    first = app([worker("a", serial=1)], tier="T60", app_id="CB1")
    second = app([worker("b", serial=2)], tier="T90", app_id="CB2")
    assert codes(yiyang.application_findings(second, ON, prior_applications=[first])) == [
        "application.tier_differs_from_prior"
    ]
    same = app([worker("c", serial=3)], tier="T60", app_id="CB3")
    assert yiyang.application_findings(same, ON, prior_applications=[first]) == ()
    mixed = Roster.of(HOSP, [worker("a", serial=1)], tier_code="T60").with_entries(
        [
            *Roster.of(HOSP, [worker("a", serial=1)], tier_code="T60"),
            *Roster.of(HOSP, [worker("b", serial=2)], tier_code="T90"),
        ]
    )
    assert codes(yiyang.roster_findings(mixed, yiyang.plan(HOSP), ON)) == ["roster.tier_mixed"]


def test_declared_medical_insurance_headcount_is_required(yiyang: PackView) -> None:
    """Seed 004, 2. 新建参保单 (五): "单位缴纳城镇职工医保人数：" and "第9步：输入本单位参加医保人数"."""
    (f,) = yiyang.application_findings(app([worker()], declared=None), ON)
    assert (f.code, f.field) == (
        "application.declared_missing",
        "declared.medical_insurance_headcount",
    )
    assert "单位缴纳城镇职工医保人数" in f.message


def test_declared_count_need_not_equal_the_roster(yiyang: PackView) -> None:
    """Seed 004, 问答: "重新创建新的参保单即可，参保单中仅加入漏掉的职工。注意单位总人数仍旧据实填写即可。"."""
    assert yiyang.application_findings(app([worker()], declared=250), ON) == ()


# --- members ------------------------------------------------------------------------------


def test_over_age_not_retired_needs_the_stamped_over_age_roster(yiyang: PackView) -> None:
    """Seed 004, 2. 新建参保单 (六): "当人员名单中出现超龄人员的时候，需要上传超龄职工证明文件" and
    "名单含有超龄职工，请下载超龄未退休职工名册，并加盖单位人事公章上传。"."""
    plan = yiyang.plan(HOSP)
    old = worker("超龄", birth=date(1959, 3, 1))  # the seed's example: 360102195903...
    (f,) = yiyang.member_findings(old, plan, ON)
    assert (f.code, f.severity) == ("age.over_retirement", Severity.NEEDS_MATERIAL)
    assert (
        f.params["material_name"] == "超龄未退休职工名册（加盖单位人事公章）"
        and f.params["stamped"] is True
    )
    assert f.explanation is not None and "加盖单位人事公章" in str(f.explanation)
    assert (
        yiyang.member_findings(worker("退休", birth=date(1959, 3, 1), retired=True), plan, ON) == ()
    )
    assert (
        yiyang.member_findings(worker(birth=date(1966, 3, 1)), plan, ON) == ()
    )  # 59, retires in 2026-07


def test_over_age_members_wait_for_review_before_payment(yiyang: PackView) -> None:
    """Seed 004, 2. 新建参保单 (七): "请等待经办人员审核超龄人员材料，审核通过会生成缴费通知单"."""
    found = yiyang.application_findings(
        app([worker("超龄", birth=date(1959, 3, 1)), worker("年轻", serial=2)]), ON
    )
    (f,) = found
    assert (f.code, f.severity, f.params["over_age"]) == (
        "yiyang.over_age_review",
        Severity.WARNING,
        1,
    )


def test_other_id_types_need_gender_and_birth_date(yiyang: PackView) -> None:
    """Seed 004, 问答: "如果证件类型选择其他，需要输入性别和年龄"."""
    assert yiyang.param("member.other_id_needs_gender_and_birth_date", ON) is True
    import attrs

    passport = Member("John Smith", IdType.PASSPORT, "E12345678", Gender.MALE, date(1980, 2, 3))
    assert yiyang.member_findings(passport, yiyang.plan(HOSP), ON) == ()
    blank = attrs.evolve(passport, gender=None, birth_date=None)
    assert codes(yiyang.member_findings(blank, yiyang.plan(HOSP), ON)) == [
        "member.gender_required",
        "member.birth_date_required",
    ]


def test_under_16_is_refused(yiyang: PackView) -> None:
    """Legal minimum working age (《劳动法》第十五条), enforced by the core whatever the pack says."""
    (f,) = yiyang.member_findings(worker(birth=date(2010, 6, 1)), yiyang.plan(HOSP), ON)
    assert f.code == "age.below_minimum"


# --- rosters ------------------------------------------------------------------------------


def test_at_most_10000_rows_per_import(yiyang: PackView) -> None:
    """Seed 004, 2. 新建参保单 (五): "2. 单次导入名单建议不超过10000条"."""
    one = worker()
    plan = yiyang.plan(HOSP)
    ok = Roster.of(HOSP, [one] * 10000, tier_code="T60")
    assert "roster.row_limit" not in codes(yiyang.roster_findings(ok, plan, ON))
    too_many = Roster.of(HOSP, [one] * 10001, tier_code="T60")
    (f,) = [f for f in yiyang.roster_findings(too_many, plan, ON) if f.code == "roster.row_limit"]
    assert (f.params["rows"], f.params["limit"]) == (10001, 10000)


def test_template_has_the_yiyang_member_fields(yiyang: PackView) -> None:
    """Seed 004, 2. 新建参保单 (六): "姓名 证件类型 证件号码 手机号 性别 年龄 医保类型 新业态从业者"."""
    columns = yiyang.template_columns(yiyang.plan(HOSP))
    headers = [c.header for c in columns]
    assert headers[:6] == ["姓名", "证件类型", "证件号码", "手机号码", "性别", "出生日期"]
    assert {"医保类型", "新业态从业者"} <= set(headers)
    insurance = next(c for c in columns if c.field == "medical_insurance_type")
    assert MedicalInsuranceType.URBAN_EMPLOYEE.label in insurance.allowed_values
    assert next(c for c in columns if c.field == "id_number").required


# --- materials and flow -----------------------------------------------------------------------


def test_offline_materials(yiyang: PackView) -> None:
    """Seed 004, 3. 参保缴费 (三): "请打印参保申请单, 加盖单位工会章连同以下资料……银行转账复印件 参加人员当月或上个月工资表(盖章)
    医保名册(盖章) 超龄未退休证明材料(盖章)"."""
    plan = yiyang.plan(HOSP)
    findings = yiyang.member_findings(worker("超龄", birth=date(1959, 3, 1)), plan, ON)
    kinds = [m.kind for m in yiyang.required_materials(Situation.OFFLINE, ON, findings=findings)]
    assert kinds == [
        MaterialKind.OVER_AGE_PROOF,
        MaterialKind.STAMPED_APPLICATION_FORM,
        MaterialKind.PAYMENT_VOUCHER,
        MaterialKind.SALARY_SHEET,
        MaterialKind.MEDICAL_INSURANCE_REGISTER,
    ]
    assert MaterialKind.OVER_AGE_PROOF not in [
        m.kind for m in yiyang.required_materials(Situation.OFFLINE, ON)
    ]


def test_standalone_flow_only(yiyang: PackView) -> None:
    """Seed 004 describes standalone enrolment only: "选择保障计划 确认参保名单 线下缴费 上传缴费凭证 提交送审 线下递交材料 已办结"."""
    flow = yiyang.call("mutualaid_application_flow", kind="standalone")
    assert flow.region == "yiyang" and flow.offline_materials and flow.closed_step
    actions = application_machine(flow).actions  # the steps a host shows
    assert "receive_offline_materials" in actions and "close" in actions
    # the papers themselves are the pack's data only, never restated in the flow
    offline = [m.name for m in yiyang.required_materials("offline", date(2026, 3, 1))]
    assert offline[0] == "缴费申请单（加盖单位工会章）" and len(offline) == 4
    assert (
        yiyang.call("mutualaid_application_flow", kind="endorsement").region == "yiyang"
    )  # the core's neutral flow


def test_every_value_has_a_seed_source(yiyang: PackView) -> None:
    """Every parameter of the pack cites seed 004 (or says it is illustrative)."""
    pack = yiyang.registered.plugin
    for name, parameter in pack.data.parameters.items():  # type: ignore[attr-defined]
        for value in parameter.values:
            assert value.source.document == "004_530f7df336efd69f.txt", name
            assert value.illustrative or value.source.quote, name
