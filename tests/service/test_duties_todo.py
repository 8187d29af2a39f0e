"""A unit's to-do list, computed from the machines, through the service.

Seed 002 (Shenzhen) 2.1 首页: 「下方为资料下载与待办事项专区，点击【去参保】按钮」;
seed 001 (Guangdong) 四 集团统一参保: the parent reviews its subsidiaries' parts.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from service_helpers import apply_for, ledger, line, people, registered, service

from mutualaid.errors import GuardFailed, LifecycleError
from mutualaid.model import ApplicationLine, PaymentVoucher
from mutualaid.model.unit import Contact
from mutualaid.service import Service
from mutualaid.service.todo import Party, Todo, todo_list

ON = datetime(2026, 2, 2, 9)
CONTACT = Contact("刘经办", mobile="13712345678")


def actions(todos: tuple[Todo, ...], subject: str) -> dict[str, Todo]:
    return {t.action: t for t in todos if t.subject_id == subject}


class _Rollback(Exception):
    pass


def try_step(svc: Service, todo: Todo) -> None:
    """Take a ready to-do through the service, then undo it (the store's transaction)."""
    with pytest.raises(_Rollback), svc.store.transaction():
        if todo.kind == "application" and todo.action == "submit_payment":
            svc.submit_payment(todo.subject_id, actor="U1")  # the service names the notice
        elif todo.kind == "application":
            svc.act(todo.subject_id, todo.action, actor="U1")
        elif todo.kind == "payment_notice":
            svc._notice_step(todo.subject_id, todo.action, actor="U1", at=None)
        raise _Rollback


def test_shenzhen_2_1_the_home_pages_todo_list_follows_the_machines() -> None:
    """Seed 002 2.1 待办事项: a draft lists its next steps; submit is blocked, with the reasons."""
    svc = service(at=ON)
    unit = registered(svc, "shenzhen")
    apply_for(svc, "A1", unit, "shenzhen", [line("SZ-MED-2026", "STD", people(2, area="440304"))],
              contact=CONTACT, at=ON)  # fmt: skip
    draft = actions(todo_list(svc, "U1"), "A1")
    assert set(draft) == {"save", "provide_material", "accept_terms", "submit", "cancel"}
    assert draft["provide_material"].needs == ("material",)
    submit = draft["submit"]
    assert not submit.ready
    assert {r.code for r in submit.reasons} == {
        "application.materials_missing",  # the pack's 社保台账
        "application.terms_not_accepted",  # 阅读告知书 first
    }
    assert submit.state == "暂存" and submit.label == "提交"
    # the machine agrees with the list: the blocked step is refused for those reasons
    with pytest.raises(GuardFailed) as err:
        svc.submit("A1", actor="U1")
    assert set(err.value.details["codes"]) == {r.code for r in submit.reasons}

    svc.save("A1", actor="U1", materials=(ledger(),))
    svc.accept_terms("A1", actor="U1")
    assert actions(todo_list(svc, "U1"), "A1")["submit"].ready
    svc.submit("A1", actor="U1")
    # under review: nothing for the unit (Shenzhen has no withdrawal), the office's to review
    assert actions(todo_list(svc, "U1"), "A1") == {}
    office = actions(todo_list(svc, "U1", party=Party.ASSOCIATION), "A1")
    assert office["approve"].ready
    assert office["return"].needs == ("note",)  # 审核反馈 is the reviewer's input

    svc.review("A1", actor="office")
    notice = svc.issue_notice("A1").entity
    todos = todo_list(svc, "U1")
    paying = actions(todos, notice.number)
    assert paying["add_voucher"].needs == ("voucher",)
    assert [r.code for r in paying["submit_vouchers"].reasons] == ["payment.no_vouchers"]
    assert todo_list(svc, "U1", ready_only=True) == tuple(t for t in todos if t.ready)
    slip = PaymentVoucher(
        notice.amount_due, date(2026, 2, 3), unit.name, "755912345678", notice.number
    )
    svc.add_voucher(notice.number, slip, actor="U1")
    assert actions(todo_list(svc, "U1"), notice.number)["submit_vouchers"].ready


def test_every_ready_todo_goes_through_and_every_blocked_one_is_refused() -> None:
    """The list is the machines' own answer: at each step of a walk, each listed action of the
    application and its notice does what the list says when taken through the service."""
    svc = service(at=ON)
    unit = registered(svc, "shenzhen")
    apply_for(svc, "A1", unit, "shenzhen", [line("SZ-MED-2026", "STD", people(2, area="440304"))],
              contact=CONTACT, at=ON)  # fmt: skip
    steps = [
        lambda: svc.save("A1", actor="U1", materials=(ledger(),)),
        lambda: svc.accept_terms("A1", actor="U1"),
        lambda: svc.submit("A1", actor="U1"),
        lambda: svc.review("A1", actor="office"),
        lambda: svc.issue_notice("A1"),
    ]
    checked = 0
    for step in [lambda: None, *steps]:
        step()
        for todo in todo_list(svc, "U1", party=None):
            if todo.needs or todo.kind not in ("application", "payment_notice"):
                continue
            if todo.ready:
                try_step(svc, todo)
            else:  # refused: by the guards, or for want of the entity (no notice yet)
                waits = any(r.code == "todo.not_yet" for r in todo.reasons)
                with pytest.raises(LifecycleError if waits else GuardFailed):
                    try_step(svc, todo)
            checked += 1
    assert checked >= 10


def test_guangdong_4_the_parent_sees_its_subsidiaries_parts_to_return_or_include() -> None:
    """Seed 001 四 集团统一参保: parts submitted to the parent are on the parent's list."""
    svc = service(at=datetime(2026, 3, 2, 9))
    hq = registered(svc, "guangdong", "HQ")
    registered(svc, "guangdong", "U2")
    svc.request_link("HQ", "U2", requested_by="HQ")
    svc.confirm_link("U2", actor="U2")  # the store keeps the link; the service reads it back
    svc.launch_group("G1", "HQ", lines=(ApplicationLine("GD-HOSP-2026", "STD"),),
                     deadline=date(2026, 3, 20), actor="HQ")  # fmt: skip
    assert hq.id == "HQ"
    part = next(a for a in svc.parts("G1"))
    sub = actions(todo_list(svc, "U2"), part.id)
    assert "save" in sub and "return" not in sub  # the subsidiary fills its part
    parent = actions(todo_list(svc, "HQ"), part.id)
    assert "save" not in parent and "submit" not in parent
