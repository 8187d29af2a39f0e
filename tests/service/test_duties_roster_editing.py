"""Roster editing before submission, through the service, one test per manual section.

Seeds: 002 (Shenzhen) 2.3 提交参保名单 「列表数据支持查询、修改、删除、批量删除」;
003 (Linyi) 3.2.1.2 人员清单维护 「【人员详情/修改】，查询或删除对应的参保人」;
004 (Yiyang) 2. 新建参保单 (五) 【删除所选】【添加单个职工】;
001 (Guangdong) 五（五） 参保信息确认 「不参加当前保障计划的人员，可以点击【删除】按钮」;
000 (Weihai) 14-16 「点击新增可以手动添加参保人」 「填入信息后即可保存」.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from service_helpers import apply_for, ledger, line, people, registered, service

from mutualaid.errors import ActionNotAllowed, ConcurrentModification, GuardFailed, NotFound
from mutualaid.lifecycle import MemoryStore
from mutualaid.model import Application
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.unit import Contact
from mutualaid.service.roster_editing import (
    add_member,
    delete_members,
    edit_member,
    find_members,
)
from mutualaid.testing.members import member

ON = datetime(2026, 3, 2, 9)


def names(app: Application) -> list[str]:
    return [e.member.name for line in app.lines for e in line.roster]


def test_weihai_14_16_a_member_added_by_hand_is_checked_at_once() -> None:
    """Seed 000 14-16: 【新增】 adds a member by hand; the pack's member rules judge it at once."""
    svc = service(at=ON)
    unit = registered(svc, "weihai")
    apply_for(svc, "W1", unit, "weihai", [line("WH-MED-2026", "T50", people(2, area="371002"))],
              declared=DeclaredCounts(insured_headcount=3, paying_headcount=3))  # fmt: skip
    child = member("童工", birth_date=date(2014, 1, 1), area="371002", serial=9)
    with pytest.raises(GuardFailed) as err:
        add_member(svc, "W1", child, actor="U1")
    assert "age.below_minimum" in err.value.details["codes"]
    assert "童工" in str(err.value)  # the error names the member, shown on the screen
    assert names(svc.get(Application, "W1")) == ["职工1", "职工2"]  # nothing saved

    adult = member("新职工", birth_date=date(1990, 5, 5), area="371002", serial=10)
    edit = add_member(svc, "W1", adult, actor="U1")
    saved = svc.get(Application, "W1")
    assert names(saved) == ["职工1", "职工2", "新职工"]
    assert saved.lines[0].roster.entries[-1].tier_code == "T50"  # the line's tier
    assert edit.outcome.audit.action == "save"
    assert len(svc.store.audit_trail(Application, "W1")) == saved.version
    # the same ID number again is refused at once too
    with pytest.raises(GuardFailed) as err:
        add_member(svc, "W1", adult, actor="U1")
    assert err.value.details["codes"] == ("id.duplicate",)


def test_shenzhen_2_3_query_edit_delete_and_batch_delete() -> None:
    """Seed 002 2.3: the imported list 「支持查询、修改、删除、批量删除」 before 确认提交."""
    svc = service(at=ON)
    unit = registered(svc, "shenzhen")
    staff = people(4, area="440304")
    apply_for(svc, "S1", unit, "shenzhen", [line("SZ-MED-2026", "STD", staff)],
              contact=Contact("刘经办", mobile="13712345678"), materials=(ledger(),))  # fmt: skip
    app = svc.get(Application, "S1")
    assert [m.entry.member.name for m in find_members(app, name="职工3")] == ["职工3"]
    assert [m.index for m in find_members(app, id_number=staff[1].id_number)] == [1]

    renamed = member("职工二", birth_date=staff[1].birth_date, area="440304", serial=2)
    assert renamed.id_number == staff[1].id_number
    edit_member(svc, "S1", staff[1].id_number, renamed, actor="U1")
    assert names(svc.get(Application, "S1")) == ["职工1", "职工二", "职工3", "职工4"]

    delete_members(svc, "S1", [staff[0].id_number, staff[3].id_number], actor="U1")  # 批量删除
    assert names(svc.get(Application, "S1")) == ["职工二", "职工3"]
    with pytest.raises(NotFound):  # all or none: one unknown number deletes nothing
        delete_members(svc, "S1", [staff[2].id_number, staff[0].id_number], actor="U1")
    assert names(svc.get(Application, "S1")) == ["职工二", "职工3"]

    # after submission the list is no longer editable
    svc.accept_terms("S1", actor="U1")
    svc.submit("S1", actor="U1")
    with pytest.raises(ActionNotAllowed):
        delete_members(svc, "S1", [staff[2].id_number], actor="U1")
    with pytest.raises(ActionNotAllowed):
        add_member(
            svc,
            "S1",
            member("迟到", birth_date=date(1990, 1, 1), area="440304", serial=30),
            actor="U1",
        )


def test_linyi_3_2_1_2_find_by_id_number_and_delete_one_activity_member() -> None:
    """Seed 003 3.2.1.2: each activity's 【人员详情/修改】 finds and deletes its members."""
    svc = service(at=ON)
    unit = registered(svc, "linyi")
    staff = people(3, area="371302")
    apply_for(svc, "L1", unit, "linyi",
              [line("LY-HOSP-2026", None, staff), line("LY-ACC-2026", None, staff[:2])],
              declared=DeclaredCounts(active_staff=3, active_female_staff=0))  # fmt: skip
    app = svc.get(Application, "L1")
    both = find_members(app, id_number=staff[0].id_number)
    assert [m.plan_code for m in both] == ["LY-HOSP-2026", "LY-ACC-2026"]
    with pytest.raises(Exception, match="say which roster"):  # two activities: name one
        delete_members(svc, "L1", [staff[0].id_number], actor="U1")
    delete_members(svc, "L1", [staff[0].id_number], plan_code="LY-ACC-2026", actor="U1")
    app = svc.get(Application, "L1")
    assert [m.plan_code for m in find_members(app, id_number=staff[0].id_number)] == [
        "LY-HOSP-2026"
    ]
    assert app.line("LY-ACC-2026").roster.headcount == 1


def test_yiyang_2_5_add_a_single_member_keeps_the_tier_and_warns_of_over_age() -> None:
    """Seed 004 2.(五): 【添加单个职工】 and 【删除所选】; 超龄未退休职工 need material (a warning here)."""
    on = datetime(2025, 12, 10, 9)
    svc = service(at=on)
    unit = registered(svc, "yiyang")
    apply_for(svc, "CB1", unit, "yiyang", [line("YY-HOSP-2026", "T60", people(2, area="430902"))],
              declared=DeclaredCounts(medical_insurance_headcount=3), at=on)  # fmt: skip
    old = member("老职工", birth_date=date(1962, 1, 1), area="430902", serial=40)
    edit = add_member(svc, "CB1", old, actor="U1", at=on)
    assert edit.warnings and all(not f.blocking for f in edit.warnings)
    assert any("老职工" in f.message for f in edit.warnings)
    saved = svc.get(Application, "CB1")
    assert {e.tier_code for e in saved.lines[0].roster} == {"T60"}
    delete_members(svc, "CB1", [old.id_number], actor="U1", at=on)  # 删除所选
    assert names(svc.get(Application, "CB1")) == ["职工1", "职工2"]


def test_guangdong_5_5_delete_a_member_not_in_this_plan_and_a_stale_edit_is_refused() -> None:
    """Seed 001 五（五）: 「不参加当前保障计划的人员，可以点击【删除】按钮，进行删除」."""
    store = MemoryStore()
    svc = service(store, at=ON)
    unit = registered(svc, "guangdong")
    staff = people(3, area="440106")
    apply_for(svc, "G1", unit, "guangdong", [line("GD-HOSP-2026", "STD", staff)])
    before = svc.get(Application, "G1")
    delete_members(svc, "G1", [staff[2].id_number], actor="U1")
    assert names(svc.get(Application, "G1")) == ["职工1", "职工2"]
    # an edit made on a copy read before that deletion is refused by version
    with pytest.raises(ConcurrentModification):
        svc.act("G1", "save", actor="U2", expected_version=before.version, lines=before.lines)
