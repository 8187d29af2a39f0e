"""Roster validation: the right codes on the right rows, counts that add up, pack rules compiled once."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roster_helpers import (
    HEADER,
    ON,
    PLAN,
    bad_rows,
    engine,
    raw,
    resident_id,
    write_xlsx,
    yiyang,
)

from mutualaid.dates import age_in_years
from mutualaid.errors import UnknownPlan
from mutualaid.model.kinds import Gender, IdType
from mutualaid.model.member import Member
from mutualaid.retirement import RetirementCategory, is_over_retirement_age
from mutualaid.roster.report import RowStatus
from mutualaid.roster.validation import (
    RosterRules,
    check_roster,
    validate_rows,
)
from mutualaid.rules import DataPack, Finding, PackData, PackInfo, RuleEngine, hookimpl
from mutualaid.rules.columnar import MemberColumns, evaluate_members
from mutualaid.rules.results import AgeLimits
from mutualaid.testing.members import member

ENGINES = ("openpyxl", "calamine", "numpy")


def rules(**changes: object) -> RosterRules:
    return attrs.evolve(RosterRules(PLAN, ON, tier_code="T60"), **changes)  # type: ignore[arg-type]


# --- every kind of bad row ----------------------------------------------------


@pytest.mark.parametrize("reader", ENGINES)
def test_every_kind_of_bad_row_gets_its_code_on_its_row(tmp_path: Path, reader: str) -> None:
    rows, expected = bad_rows()
    path = write_xlsx(tmp_path / "名单.xlsx", rows)
    report = check_roster(path, pack=yiyang(), plan="YY-HOSP-2026", tier="T60", engine=reader)  # type: ignore[arg-type]
    got = {r.row: {f.code for f in r.findings} for r in report.rows()}
    assert got == expected
    s = report.summary
    assert s.rows == s.accepted + s.needs_material + s.rejected == len(expected)
    assert s.blank == 1
    assert s.needs_material == 1 and s.accepted == 2
    assert s.amount_due == 3 * 60  # two accepted + the over-age row, 60 yuan each
    statuses = {r.row: r.status for r in report.rows()}
    assert statuses[13] is RowStatus.NEEDS_MATERIAL and statuses[2] is RowStatus.ACCEPTED
    assert report.exit_code == 1


def test_findings_name_the_column_as_the_file_writes_it(tmp_path: Path) -> None:
    header = ("姓 名", "身份证号", "手机号码")
    path = write_xlsx(tmp_path / "r.xlsx", [["张三", "110105199005060000", "139"]], header=header)
    report = check_roster(path, pack=yiyang(), plan="YY-HOSP-2026", tier="T60")
    (row,) = report.rows()
    assert {(f.code, f.column) for f in row.findings} == {
        ("id.numeric_cell", "身份证号"),
        ("phone.format", "手机号码"),
    }


def test_a_duplicate_names_the_first_row() -> None:
    number = resident_id(date(1990, 1, 1))
    report = validate_rows(
        [raw(2, name="甲", id_number=number), raw(3, name="乙", id_number=number.lower())], rules()
    )
    (dup,) = report.failed()
    assert dup.row == 3 and dup.findings[0].params["first_row"] == 2
    assert "第2行" in dup.findings[0].message


def test_fifteen_digit_and_spaced_numbers_are_read() -> None:
    report = validate_rows(
        [
            raw(2, name="甲", id_number=" 110105 491231 002 "),
            raw(3, name="乙", id_number="１１０１０５１９４９１２３１００２Ｘ"),
        ],
        rules(),
    )
    # the same person twice: the 15-digit number upgrades to the 18-digit one
    assert [r.status for r in report.rows()] == [RowStatus.ACCEPTED, RowStatus.REJECTED]
    assert report.members()[0].id_number == "11010519491231002X"


def test_a_birth_date_after_the_day_is_an_id_birth_date_finding() -> None:
    report = validate_rows([raw(2, name="甲", id_number=resident_id(date(2026, 5, 1)))], rules())
    assert [f.code for f in report.failed()[0].findings] == ["id.birth_date"]


def test_age_limits_and_explanations() -> None:
    old = resident_id(date(1950, 1, 2))
    report = validate_rows([raw(2, name="甲", id_number=old)], rules(age_limits=AgeLimits(16, 65)))
    (finding,) = report.failed()[0].findings
    assert finding.code == "age.above_maximum" and finding.params == {"age": 75, "maximum": 65}


def test_other_id_types_need_gender_and_birth_date() -> None:
    strict = rules(other_id_needs_gender_and_birth_date=True)
    report = validate_rows(
        [
            raw(2, name="A", id_type="护照", id_number="E123456", gender=None, birth_date=None),
            raw(
                3,
                name="B",
                id_type="护照",
                id_number="E123457",
                gender="女",
                birth_date=date(1980, 1, 1),
            ),
            raw(
                4,
                name="C",
                id_type="台胞证",
                id_number="!!",
                gender="女",
                birth_date=date(1980, 1, 1),
            ),
        ],
        strict,
    )
    got = {r.row: sorted(f.code for f in r.findings) for r in report.rows()}
    assert got == {
        2: ["member.birth_date_required", "member.gender_required"],
        3: [],
        4: ["id.format"],
    }
    lax = validate_rows([raw(2, name="A", id_type="护照", id_number="E123456")], rules())
    assert [f.code for f in lax.failed()[0].findings] == ["age.unknown"]


def test_tier_shares_and_plan_columns() -> None:
    rows = [
        raw(
            2,
            name="甲",
            id_number=resident_id(date(1990, 1, 1), serial=1),
            tier_code="90元档位",
            shares=1,
        ),
        raw(
            3,
            name="乙",
            id_number=resident_id(date(1990, 1, 1), serial=2),
            tier_code="T99",
            shares="1",
        ),
        raw(
            4,
            name="丙",
            id_number=resident_id(date(1990, 1, 1), serial=3),
            tier_code=None,
            shares=3,
        ),
        raw(5, name="丁", id_number=resident_id(date(1990, 1, 1), serial=4), plan_code="别的计划"),
        raw(6, name="戊", id_number=resident_id(date(1990, 1, 1), serial=5), shares="两份"),
    ]
    report = validate_rows(rows, rules(single_tier=True))
    got = {r.row: [f.code for f in r.findings] for r in report.rows()}
    assert got == {
        2: [],
        3: ["roster.unknown_tier"],
        4: ["roster.shares_out_of_range"],
        5: ["roster.plan_mismatch"],
        6: ["field.invalid_number"],
    }
    # rows 2 (T90) and ... only row 2 goes through with T90, so tiers are not mixed
    assert [f.code for f in report.roster_findings] == []
    assert report.summary.amount_due == 90
    mixed = validate_rows(
        [rows[0], raw(7, name="己", id_number=resident_id(date(1990, 1, 1), serial=6))],
        rules(single_tier=True),
    )
    assert [f.code for f in mixed.roster_findings] == ["roster.tier_mixed"]


# --- the roster as a whole ----------------------------------------------------


def test_row_limit_counts_member_rows_not_blank_ones() -> None:
    rows = [
        raw(i + 2, name=f"职工{i}", id_number=resident_id(date(1990, 1, 1), serial=i))
        for i in range(4)
    ]
    rows.insert(2, raw(99, name=None, id_number=None))
    report = validate_rows(rows, rules(max_rows=3))
    (finding,) = report.roster_findings
    assert finding.code == "roster.row_limit" and finding.params["rows"] == 4
    # seed 004 2.(五) 「建议不超过」: a warning, the import goes through
    assert report.summary.accepted == 4 and report.summary.blank == 1 and report.exit_code == 0
    assert not validate_rows(rows[:4], rules(max_rows=3)).roster_findings  # 3 members, a blank


@pytest.mark.parametrize(("must_equal", "severity"), [(True, "error"), (False, "warning")])
def test_count_mismatch(must_equal: bool, severity: str) -> None:
    rows = [raw(2, name="甲", id_number=resident_id(date(1990, 1, 1)))]
    report = validate_rows(rows, rules(count_must_equal=must_equal), declared=2)
    (finding,) = report.roster_findings
    assert (finding.code, finding.severity.value) == ("roster.count_mismatch", severity)
    assert finding.params == {"enrolled": 1, "declared": 2, "label": "申报人数"}
    assert validate_rows(rows, rules(count_must_equal=True), declared=1).roster_findings == ()


def test_an_empty_roster() -> None:
    report = validate_rows([raw(2, name=None, id_number=None)], rules())
    assert [f.code for f in report.roster_findings] == ["roster.empty"]
    assert report.summary.blank == 1 and report.summary.rows == 0


def test_a_missing_column_is_a_header_finding(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["张三", "13912345678"]], header=("姓名", "手机号"))
    report = check_roster(path, pack=yiyang(), plan="YY-HOSP-2026", tier="T60")
    (finding,) = report.roster_findings
    assert finding.code == "header.missing_column" and "证件号码" in finding.message
    assert report.summary.rows == 0 and report.exit_code == 1


def test_duplicate_header_columns_warn(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["张三", resident_id(date(1990, 1, 1)), "李四"]],
        header=("姓名", "证件号码", "姓名"),
    )
    report = check_roster(path, pack=yiyang(), plan="YY-HOSP-2026", tier="T60")
    assert [f.code for f in report.roster_findings] == ["header.duplicate_column"]
    assert report.exit_code == 0


# --- the pack, asked once ----------------------------------------------------


def test_rules_from_the_yiyang_pack() -> None:
    r = RosterRules.from_pack(yiyang(), "YY-HOSP-2026", tier="60元档位")
    assert r.on == date(2026, 1, 1) and r.tier_code == "T60"
    assert (r.max_rows, r.single_tier, r.over_retirement_needs_proof) == (10000, True, True)
    assert r.other_id_needs_gender_and_birth_date
    assert r.female_category is RetirementCategory.FEMALE_50
    assert [c.header for c in r.columns][:3] == ["姓名", "证件类型", "证件号码"]
    with pytest.raises(UnknownPlan):
        RosterRules.from_pack(yiyang(), "YY-HOSP-2026", tier="T75")
    with pytest.raises(UnknownPlan):
        RosterRules.from_pack(yiyang(), "NO-SUCH-PLAN")


@settings(max_examples=60, deadline=None)
@given(
    born=st.dates(date(1940, 1, 1), date(2010, 12, 31)),
    on=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    male=st.booleans(),
)
def test_birth_facts_agree_with_dates_and_retirement(born: date, on: date, male: bool) -> None:
    r = attrs.evolve(rules(), on=on, over_retirement_needs_proof=True).member_rules
    person = Member("甲", IdType.PASSPORT, "E1234567", Gender.MALE if male else Gender.FEMALE, born)
    facts = evaluate_members(MemberColumns.from_members([person]), r).facts
    category = RetirementCategory.MALE if male else RetirementCategory.FEMALE_50
    if born <= on:
        assert facts.age[0] == age_in_years(born, on)
    assert bool(facts.over_retirement[0]) == (
        born <= on and is_over_retirement_age(born, category, on)
    )


def test_leap_day_birthdays_age_as_dates_says() -> None:
    r = attrs.evolve(rules(), on=date(2027, 2, 28)).member_rules
    person = Member("甲", IdType.PASSPORT, "E1234567", Gender.MALE, date(2008, 2, 29))
    facts = evaluate_members(MemberColumns.from_members([person]), r).facts
    assert facts.age[0] == age_in_years(date(2008, 2, 29), date(2027, 2, 28)) == 19


@settings(max_examples=40, deadline=None)
@given(
    age=st.integers(10, 80),
    gender=st.sampled_from(["male", "female"]),
    day=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
)
def test_compiled_checks_agree_with_the_packs_member_rules(
    age: int, gender: str, day: date
) -> None:
    """The roster check reports what the pack's member rules say (one evaluator, both paths)."""
    view = yiyang()
    plan = view.plan("YY-HOSP-2026")
    person = member("甲", age=age, on=day, gender=gender)
    expected = sorted(f.code for f in view.member_findings(person, plan, day))
    r = RosterRules.from_pack(view, plan, tier="T60", on=day)
    report = validate_rows([raw(2, name="甲", id_number=person.id_number)], r)
    got = sorted(f.code for row in report.rows() for f in row.findings)
    assert got == expected


class _StrictPack(DataPack):
    """A pack with a member rule of its own (called per row) and a roster rule."""

    @hookimpl
    def mutualaid_member_findings(self, member):  # type: ignore[no-untyped-def]
        if member.gender is Gender.FEMALE:
            return [Finding.error("demo.no_women", "演示：不收女职工", field="gender")]
        return []

    @hookimpl
    def mutualaid_roster_findings(self, roster):  # type: ignore[no-untyped-def]
        return [Finding.warning("demo.size", f"共{len(roster)}人", count=len(roster))]


def _demo_data() -> PackData:
    return PackData.from_mapping(
        {
            "format": 1,
            "pack": "demo",
            "parameters": {
                "age.maximum": {
                    "description": "x",
                    "values": [{"valid_from": "2020-01-01", "value": 60, "source": "test manual"}],
                }
            },
            "plans": [
                {
                    "code": "P1",
                    "name": "计划",
                    "kind": "other",
                    "coverage": {
                        "start": "2026-01-01",
                        "end": "2026-12-31",
                        "source": "test manual",
                    },
                    "tiers": [
                        {
                            "code": "T",
                            "name": "档",
                            "contribution": {"member": "10"},
                            "source": "test manual",
                        }
                    ],
                    "source": "test manual",
                }
            ],
        },
        version="1.0",
    )


def test_a_packs_own_hooks_are_called_and_core_codes_not_repeated() -> None:
    eng = RuleEngine()
    eng.register(
        _StrictPack(PackInfo(name="demo", region="demo", version="1.0", title="演示"), _demo_data())
    )
    view = eng.pack("demo")
    r = RosterRules.from_pack(view, "P1")
    rows = [
        raw(2, name="男", id_number=resident_id(date(1990, 1, 1), "male")),
        raw(3, name="女", id_number=resident_id(date(1990, 1, 1), "female")),
        raw(4, name="老", id_number=resident_id(date(1950, 1, 1), "male", serial=7)),
    ]
    report = validate_rows(rows, r)
    got = {row.row: [f.code for f in row.findings] for row in report.rows()}
    assert got == {2: [], 3: ["demo.no_women"], 4: ["age.above_maximum"]}
    assert [f.code for f in report.roster_findings] == ["demo.size"]
    assert report.summary.amount_due == 10


def test_reimport_catches_duplicates_of_accepted_rows() -> None:
    first = validate_rows(
        [
            raw(2, name="甲", id_number=resident_id(date(1990, 1, 1))),
            raw(3, name="乙", id_number="1"),
        ],
        rules(),
        file="a.xlsx",
    )
    again = validate_rows(
        [
            raw(2, name="甲", id_number=resident_id(date(1990, 1, 1))),
            raw(3, name="乙", id_number=resident_id(date(1991, 1, 1))),
        ],
        rules(),
        file="b.xlsx",
        accepted=first,
    )
    (dup,) = again.failed()
    assert dup.row == 2 and dup.findings[0].code == "id.duplicate"
    assert "已导入名单第2行" in dup.findings[0].message
    merged = first.merge(again)
    assert merged.summary.accepted == 2 and merged.summary.rejected == 1
    assert [(r.file, r.row, r.status.value) for r in merged.rows()] == [
        ("a.xlsx", 2, "accepted"),
        ("b.xlsx", 2, "rejected"),
        ("b.xlsx", 3, "accepted"),
    ]


def test_progress_is_reported_while_reading() -> None:
    seen: list[int] = []
    rows = [raw(i, name="x", id_number="1") for i in range(2, 9000)]
    validate_rows(rows, rules(), progress=seen.append)
    assert seen == [4096, 8192]


def test_engines_give_the_same_report(tmp_path: Path) -> None:
    rows, _ = bad_rows()
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    reports = [
        check_roster(path, pack=yiyang(), plan="YY-HOSP-2026", tier="T60", engine=e).to_json()  # type: ignore[arg-type]
        for e in ENGINES
    ]
    assert reports[0] == reports[1]


def test_pack_names_are_looked_up_in_the_installed_packs(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["张三", "居民身份证", resident_id(date(1990, 1, 1))]])
    report = check_roster(
        path, pack="yiyang", plan="YY-HOSP-2026", tier="T60", rule_engine=engine()
    )
    assert report.pack == "yiyang" and report.exit_code == 0
    assert HEADER[0] == "姓名"


class _FiftyFivePack(DataPack):
    """A pack whose own member hook returns a core code: members over 55 are too old."""

    @hookimpl
    def mutualaid_member_findings(self, member, on):  # type: ignore[no-untyped-def]
        if age_in_years(member.birth_date, on) > 55:
            return [Finding.error("age.above_maximum", "年龄超过55周岁", field="birth_date")]
        return []


def test_a_pack_hook_returning_a_core_code_blocks_the_member_in_check_too(
    tmp_path: Path,
) -> None:
    """Issue 8: the roster check used to drop a pack's core codes (MIRRORED_CODES)."""
    from mutualaid.cli.main import main

    eng = RuleEngine()
    eng.register(
        _FiftyFivePack(
            PackInfo(name="demo", region="demo", version="1.0", title="演示"), _demo_data()
        )
    )
    view = eng.pack("demo")
    plan = view.plan("P1")
    person = member("老", age=56, on=date(2026, 1, 1), gender="male")
    assert [f.code for f in view.member_findings(person, plan, date(2026, 1, 1))] == [
        "age.above_maximum"
    ]
    r = RosterRules.from_pack(view, "P1", on=date(2026, 1, 1))
    report = validate_rows([raw(2, name="老", id_number=person.id_number)], r)
    (row,) = report.rows()
    assert row.status is RowStatus.REJECTED
    assert [f.message for f in row.findings] == ["年龄超过55周岁"]
    roster = tmp_path / "名单.csv"
    roster.write_text(f"姓名,证件号码\n老,{person.id_number}\n", encoding="utf-8")
    out = io.StringIO()
    code = main(
        [
            "check",
            str(roster),
            "--pack",
            "demo",
            "--plan",
            "P1",
            "--on",
            "2026-01-01",
            "--format",
            "json",
        ],
        engine=eng,
        stdout=out,
        stderr=io.StringIO(),
    )
    assert code == 1
    assert '"age.above_maximum"' in out.getvalue() and '"rejected"' in out.getvalue()
