"""Guangdong 三 职工名册维护 and 四（三） a roster generated from the register, through the service.

Seed 001 三（一）: 「名册人员应和单位社保人员或省直医保人员保持一致，如当月发生退休、离职或新入职导致
不一致的，请在社保汇总表上备注或出具相关说明」; 四（三）: 「1） 从单位人员名册直接生成」.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from service_helpers import apply_for, line, people, registered, service

from mutualaid.errors import ActionNotAllowed, NotFound
from mutualaid.model import Application
from mutualaid.service.staff_register import (
    hire,
    leave,
    register_remark_needed,
    roster_from_register,
    staff_register,
)

ON = datetime(2026, 3, 2, 9)


def test_guangdong_3_the_register_and_the_social_security_remark() -> None:
    """三（一）: hires and leavers kept; a register differing from the 社保 staff needs a remark."""
    svc = service(at=ON)
    registered(svc, "guangdong")
    staff = people(4, area="440106")
    hire(svc, "U1", staff[:3], actor="U1")
    assert [m.name for m in staff_register(svc, "U1")] == ["职工1", "职工2", "职工3"]
    assert register_remark_needed(svc, "U1", 3) is None
    hire(svc, "U1", [staff[3]], actor="U1")  # 当月新入职
    leave(svc, "U1", [staff[0].id_number], actor="U1")  # 当月退休
    assert [m.name for m in staff_register(svc, "U1")] == ["职工2", "职工3", "职工4"]
    remark = register_remark_needed(svc, "U1", 4)
    assert remark is not None and remark.code == "register.differs_from_social_security"
    with pytest.raises(NotFound):  # all or none
        leave(svc, "U1", [staff[1].id_number, staff[0].id_number], actor="U1")
    assert len(staff_register(svc, "U1")) == 3
    with pytest.raises(NotFound):
        hire(svc, "NOBODY", staff, actor="x")


def test_guangdong_4_3_a_roster_generated_from_the_register() -> None:
    """四（三） 1）: 从单位人员名册直接生成, the line's tier and shares; only while editable."""
    svc = service(at=ON)
    unit = registered(svc, "guangdong")
    hire(svc, "U1", people(3, area="440106"), actor="U1")
    apply_for(svc, "G1", unit, "guangdong", [line("GD-HOSP-2026", "STD", [], shares=2)])
    out = roster_from_register(svc, "G1", actor="U1")
    roster = out.entity.lines[0].roster
    assert [e.member.name for e in roster] == ["职工1", "职工2", "职工3"]
    assert {(e.tier_code, e.shares) for e in roster} == {("STD", 2)}
    assert svc.store.audit_trail(Application, "G1")[-1].action == "save"
    svc.submit("G1", actor="U1")
    with pytest.raises(ActionNotAllowed):
        roster_from_register(svc, "G1", actor="U1")
