"""Yiyang 2(六): the over-age roster for stamping and last plan's roster, through the service.

Seed 004 2. 新建参保单 (六): 「全部 1 | 超龄 1」; 「名单含有超龄职工，请下载超龄未退休职工名册，
并加盖单位人事公章上传」; 【导出历史计划参保名单】.
"""

from __future__ import annotations

from datetime import date, datetime

from service_helpers import apply_for, line, people, registered, service

from mutualaid.model import Policy, PolicyMember
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.states import PolicyStatus
from mutualaid.service.staff_lists import history_roster, over_age_roster
from mutualaid.testing.members import member

ON = datetime(2025, 12, 10, 9)
YY = "YY-HOSP-2026"


def test_yiyang_2_6_the_over_age_roster_lists_the_over_age_tab() -> None:
    """「超龄」 tab and 超龄未退休职工名册: the members the pack finds past retirement age."""
    svc = service(at=ON)
    unit = registered(svc, "yiyang")
    old = member("超龄", birth_date=date(1959, 3, 1), area="360102", serial=7)
    apply_for(svc, "CB1", unit, "yiyang", [line(YY, "T60", [*people(2, area="430902"), old])],
              declared=DeclaredCounts(medical_insurance_headcount=3), at=ON)  # fmt: skip
    listed = over_age_roster(svc, "CB1")
    assert listed.title == "超龄未退休职工名册"
    assert [r.name for r in listed.rows] == ["超龄"] and listed.rows[0].seq == 1
    assert old.id_number not in str(listed.to_data())  # masked unless revealed


def test_yiyang_2_6_export_last_plans_roster() -> None:
    """【导出历史计划参保名单】: last year's policy of the same plan family seeds this year's list."""
    svc = service(at=ON)
    unit = registered(svc, "yiyang")
    staff = people(3, area="430902")
    last_year = Policy(
        "YY-2025-P1", unit.id, "CB2025", "YY-HOSP-2025",
        CoveragePeriod(date(2025, 1, 1), date(2025, 12, 31)),
        (PolicyMember(staff[0], "T60"), PolicyMember(staff[1], "T60"),
         PolicyMember(staff[2], "T60", left_on=date(2025, 6, 30))),
        PolicyStatus.EFFECTIVE, date(2025, 1, 1), family="YY-HOSP",
    )  # fmt: skip
    svc.store.save(last_year)
    apply_for(svc, "CB1", unit, "yiyang", [line(YY, "T60", [])], at=ON)
    roster = history_roster(svc, "CB1")
    assert roster.plan_code == YY
    assert [e.member.name for e in roster] == ["职工1", "职工2"]  # the one who left is not listed
    assert {e.tier_code for e in roster} == {"T60"}
    registered(svc, "yiyang", "S1")
    apply_for(svc, "CB2", svc.get(type(unit), "S1"), "yiyang", [line(YY, "T60", [])], at=ON)
    assert len(history_roster(svc, "CB2")) == 0  # another unit had none
