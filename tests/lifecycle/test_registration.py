"""Unit registration: codes, review, unit numbers, usernames, changes, prior policies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lifecycle_helpers import AT, Walker, application, complete_unit, pack
from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from mutualaid_pack_linyi.flows import LINYI_FLOW
from mutualaid_pack_weihai.flows import WEIHAI_FLOW

from mutualaid.errors import ActionNotAllowed, GuardFailed, InvalidIdentifier
from mutualaid.lifecycle.application import application_machine
from mutualaid.lifecycle.events import UnitRegistered, UnitRegistrationReturned
from mutualaid.lifecycle.guards import UNIT
from mutualaid.lifecycle.registration import (
    UnitChange,
    change_machine,
    completeness,
    issue_unit_number,
    new_registration,
    pinyin_username,
    registration_machine,
)
from mutualaid.model.kinds import UnitCodeKind
from mutualaid.model.states import RegistrationStatus as R
from mutualaid.model.unit import Contact, Unit

HANDLER = Contact("单田芳", mobile="13526589854")


def draft(**kw: object) -> Unit:
    return new_registration(
        "U1",
        " 临沂测试有限公司 ",
        "91371000ma3c0000xf",
        handler=HANDLER,
        **{
            "has_registration_certificate": True,
            "union_affiliation": "临沂市总工会",
            "contact_email": "hr@example.com",
            "address": "单位详细地址",
            "legal_representative": Contact("法定代表人"),
            **kw,
        },
    )


def test_new_registration_validates_and_normalizes_the_code() -> None:
    unit = draft()
    assert (unit.name, unit.code, unit.code_kind) == (
        "临沂测试有限公司",
        "91371000MA3C0000XF",
        UnitCodeKind.USCC,
    )
    assert unit.status is R.DRAFT
    org = new_registration("U2", "老单位", "D2143569-X")
    assert (org.code_kind, org.code) == (UnitCodeKind.ORG_CODE, "D2143569X")
    with pytest.raises(InvalidIdentifier):
        new_registration("U3", "错", "91371000MA3C0000X1")


def test_linyi_review_then_sms_with_pinyin_username() -> None:
    w = Walker(registration_machine(LINYI_FLOW.registration), draft())
    w.do("submit", context={"rules": pack("linyi")})
    assert w.entity.status is R.PENDING_REVIEW
    w.do("return", actor="office", note="证件图片不清晰")
    assert isinstance(w.events[-1], UnitRegistrationReturned)
    w.do("submit", context={"rules": pack("linyi")})
    username = pinyin_username(HANDLER.name, taken={"shantianfang"})
    w.do("approve", actor="office", username=username)
    assert w.entity.status is R.APPROVED
    assert w.events[-1] == UnitRegistered(
        subject_id="U1", at=AT, actor="office", username="shantianfang2"
    )
    assert w.replayed() == w.entity


def test_weihai_approves_at_once_with_an_eight_digit_number() -> None:
    m = registration_machine(WEIHAI_FLOW.registration)
    ctx = {"rules": pack("weihai")}
    with pytest.raises(GuardFailed, match="number_missing"):
        m.apply(draft(), "submit", actor="U1", at=AT, context=ctx)
    with pytest.raises(GuardFailed, match="number_format"):
        m.apply(draft(), "submit", actor="U1", at=AT, unit_number="123", context=ctx)
    out = m.apply(draft(), "submit", actor="U1", at=AT, unit_number="44796252", context=ctx)
    assert out.entity.unit_number == "44796252"
    assert out.entity.status is R.APPROVED
    assert "approve" not in m.actions


def test_submit_needs_handler_and_certificate() -> None:
    m = registration_machine(GUANGDONG_FLOW.registration)
    bare = new_registration("U1", "测试", "91371000MA3C0000XF")
    with pytest.raises(GuardFailed) as err:
        m.apply(bare, "submit", actor="U1", at=AT, context={"rules": pack("guangdong")})
    assert err.value.details["codes"] == (
        "unit.handler_missing",
        "unit.certificate_missing",
        "unit.registration_incomplete",
    )


def test_guangdong_changes_take_effect_after_review() -> None:
    m = registration_machine(GUANGDONG_FLOW.registration)
    unit = complete_unit(status=R.APPROVED)
    changes = {"address": "广州市天河区1号"}
    with pytest.raises(GuardFailed, match="change_not_reviewed"):
        m.apply(unit, "update", actor="U1", at=AT, changes=changes)
    change = UnitChange("C1", "U1", changes)
    change = change_machine().apply(change, "submit", actor="U1", at=AT).entity
    with pytest.raises(GuardFailed, match="change_not_reviewed"):
        m.apply(unit, "update", actor="U1", at=AT, changes=changes, context={"change": change})
    change = change_machine().apply(change, "approve", actor="office", at=AT).entity
    with pytest.raises(GuardFailed, match="change_differs"):
        m.apply(
            unit,
            "update",
            actor="U1",
            at=AT,
            changes={"address": "别处"},
            context={"change": change},
        )
    out = m.apply(
        unit, "update", actor="U1", at=AT, changes=change.as_dict, context={"change": change}
    )
    assert out.entity.address == "广州市天河区1号"
    assert out.entity.version == unit.version + 1


def test_weihai_changes_apply_directly_but_unknown_fields_are_refused() -> None:
    m = registration_machine(WEIHAI_FLOW.registration)
    unit = complete_unit(status=R.APPROVED)
    assert m.apply(
        unit, "update", actor="U1", at=AT, changes={"has_e_seal": True}
    ).entity.has_e_seal
    with pytest.raises(GuardFailed, match="unknown_fields"):
        m.apply(unit, "update", actor="U1", at=AT, changes={"status": R.DRAFT})
    with pytest.raises(GuardFailed, match="code_invalid"):
        m.apply(unit, "update", actor="U1", at=AT, changes={"code": "91371000MA3C0000X1"})


def test_prior_policy_link_only_where_offered() -> None:
    unit = complete_unit(status=R.APPROVED)
    gd = registration_machine(GUANGDONG_FLOW.registration)
    out = gd.apply(unit, "link_prior_policy", actor="U1", at=AT, policy_number="P2024-1")
    again = gd.apply(out.entity, "link_prior_policy", actor="U1", at=AT, policy_number="P2024-1")
    assert again.entity.prior_policy_numbers == ("P2024-1",)
    with pytest.raises(ActionNotAllowed):
        registration_machine(LINYI_FLOW.registration).apply(
            unit, "link_prior_policy", actor="U1", at=AT, policy_number="P"
        )


def test_completeness_lists_weihai_fields() -> None:
    assert completeness(complete_unit(), WEIHAI_FLOW.registration) == ()
    missing = completeness(
        complete_unit(contact_email="", has_registration_certificate=False),
        WEIHAI_FLOW.registration,
    )
    assert missing == ("contact_email",)  # §9: 注册证件 has no * (it is due at §12)


def test_weihai_registers_without_a_certificate_and_needs_it_to_apply() -> None:
    """Seed 000 §4 注册新用户: the form (单位类型, 信用代码证号, 单位名称, 所属工会隶属地区,
    邮箱, 密码, 系统负责人, 负责人手机号, 短信验证码) has no certificate upload; §9 编辑单位信息
    offers 注册证件 without *; §12 新增: "进入该页面时会提示前去上传注册证件及电子印章，注册证件必传"
    — the certificate is required before an application, not at registration."""
    out = registration_machine(WEIHAI_FLOW.registration).apply(
        draft(has_registration_certificate=False),
        "submit",
        actor="U1",
        at=AT,
        unit_number="44796252",
        context={"rules": pack("weihai")},
    )
    assert out.entity.status is R.APPROVED
    assert WEIHAI_FLOW.certificate_before_application
    machine = application_machine(WEIHAI_FLOW)
    app = application("weihai", n=1)
    no_certificate = complete_unit(has_registration_certificate=False)
    reasons = machine.check(
        app, "submit", at=AT, context={UNIT: no_certificate, "rules": pack("weihai")}
    )
    assert "unit.certificate_missing" in [r.code for r in reasons]
    with_certificate = machine.check(
        app, "submit", at=AT, context={UNIT: complete_unit(), "rules": pack("weihai")}
    )
    assert "unit.certificate_missing" not in [r.code for r in with_certificate]


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("单田芳", "shantianfang"),
        ("曾国藩", "zengguofan"),
        ("解缙", "xiejin"),
        ("仇英", "qiuying"),
        ("朴槿惠", "piaojinhui"),
        ("区志强", "ouzhiqiang"),
        ("查良镛", "zhaliangyong"),
        ("覃小红", "qinxiaohong"),
        ("翟志刚", "zhaizhigang"),
        ("缪佳", "miaojia"),
        ("欧阳修", "ouyangxiu"),
        ("司马光", "simaguang"),
        ("张三", "zhangsan"),
        ("吕布", "lvbu"),
    ],
)
def test_pinyin_username_reads_surnames_right(name: str, username: str) -> None:
    assert pinyin_username(name) == username


def test_pinyin_duplicates_are_numbered() -> None:
    taken: set[str] = set()
    for _ in range(4):
        taken.add(pinyin_username("张三", taken))
    assert taken == {"zhangsan", "zhangsan2", "zhangsan3", "zhangsan4"}


@given(st.sets(st.from_regex(r"[1-9][0-9]{7}", fullmatch=True), max_size=30), st.integers(0, 5))
def test_unit_numbers_are_unique_eight_digits_and_deterministic(used: set[str], seed: int) -> None:
    number = issue_unit_number(used, seed=seed)
    assert number not in used
    assert len(number) == 8 and number.isdigit() and number[0] != "0"
    assert issue_unit_number(used, seed=seed) == number


def test_issuing_many_numbers_never_repeats() -> None:
    used: set[str] = set()
    for _ in range(500):
        used.add(issue_unit_number(used))
    assert len(used) == 500
    assert len(issue_unit_number(set(), digits=4)) == 4
