"""``age.over_retirement`` is one finding: the rule engine and the roster check write it alike.

Both build it with :func:`mutualaid.rules.defaults.over_retirement_finding`;
for the same member on the same day they give the same code, severity,
message, column, field and params (the roster's column is the birth date's
header, which is the engine's ``出生日期``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pytest

from mutualaid.model.kinds import Gender
from mutualaid.roster import check_roster
from mutualaid.rules import RuleEngine
from mutualaid.rules.findings import Finding
from mutualaid.testing.members import member

ON = date(2026, 1, 1)
_ENGINE = RuleEngine.from_entry_points(names=("yiyang", "guangdong"))
CASES = [
    ("yiyang", "YY-HOSP-2026", "T60", date(1970, 6, 1), Gender.FEMALE),
    ("yiyang", "YY-HOSP-2026", "T60", date(1962, 3, 15), Gender.MALE),
    ("guangdong", "GD-HOSP-2026", "STD", date(1970, 6, 1), Gender.FEMALE),
    ("guangdong", "GD-HOSP-2026", "STD", date(1963, 11, 30), Gender.MALE),
]


def _over(findings: tuple[Finding, ...] | list[Finding]) -> Finding:
    (found,) = [f for f in findings if f.code == "age.over_retirement"]
    return attrs.evolve(found, row=None)


@pytest.mark.parametrize(("pack", "plan", "tier", "born", "gender"), CASES)
def test_engine_and_roster_give_the_same_over_age_finding(
    tmp_path: Path, pack: str, plan: str, tier: str, born: date, gender: Gender
) -> None:
    person = member("陈三", birth_date=born, gender=gender, mobile="13912345678")
    view = _ENGINE.pack(pack)
    engine = _over(view.member_findings(person, view.plan(plan), ON))
    sex = "男" if gender is Gender.MALE else "女"
    path = tmp_path / "r.csv"
    path.write_text(
        "姓名,证件类型,证件号码,手机号码,性别,出生日期\n"
        f"陈三,居民身份证,{person.id_number},13912345678,{sex},{born.isoformat()}\n",
        encoding="utf-8",
    )
    report = check_roster(path, pack=view, plan=plan, tier=tier, on=ON)
    (row,) = report.rows()
    roster = _over(row.findings)
    assert roster == engine
    assert dict(roster.params) == dict(engine.params)
    assert roster.column == "出生日期" and roster.field == "retired"
    assert str(born) not in roster.message + repr(dict(roster.params))  # no birth date


def test_the_material_and_its_stamp_come_from_the_pack() -> None:
    person = member("陈三", birth_date=date(1970, 6, 1), gender=Gender.FEMALE)
    stamped = {}
    for pack, plan in (("yiyang", "YY-HOSP-2026"), ("guangdong", "GD-HOSP-2026")):
        view = _ENGINE.pack(pack)
        found = _over(view.member_findings(person, view.plan(plan), ON))
        stamped[pack] = found.params["stamped"]
        assert found.params["material_name"] in found.message
    assert stamped == {"yiyang": True, "guangdong": False}
