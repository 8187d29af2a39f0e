"""A unit's messages (Yiyang 消息通知), through the service, on every store.

Seed 004 (Yiyang): the menu 「首页 参保申请 参保缴费 互助保障计划 消息通知」 on every screen.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from service_helpers import apply_for, line, people, registered, service
from test_service import store  # noqa: F401 (the memory / SQLite / SQLAlchemy fixture)

from mutualaid.errors import GuardFailed, NotFound
from mutualaid.lifecycle import Repository
from mutualaid.model.application import DeclaredCounts
from mutualaid.service.messages import mark_read, messages, unread_count
from mutualaid.service.roster_editing import delete_members
from mutualaid.testing.members import member

ON = datetime(2025, 12, 10, 9)
YY = "YY-HOSP-2026"


def test_yiyang_messages_newest_first_read_and_unread(store: Repository) -> None:  # noqa: F811
    """Seed 004 消息通知: what the system told the unit, newest first; opened ones are read."""
    svc = service(store, at=ON)
    unit = registered(svc, "yiyang")
    apply_for(svc, "CB1", unit, "yiyang", [line(YY, "T60", people(2, area="430902"))],
              declared=DeclaredCounts(medical_insurance_headcount=2), at=ON)  # fmt: skip
    svc.submit("CB1", actor="U1", at=ON)
    number = svc.issue_notice("CB1", at=ON).entity.number
    inbox = messages(store, "U1")
    assert [m.event.name for m in inbox] == ["payment_notice_issued", "unit_registered"]
    assert inbox[0].title == "缴费通知单已签发" and inbox[0].subject_id == number
    assert inbox[0].kind == "payment_notice" and inbox[0].id > inbox[1].id
    # the unit's own submission went to the office, not to its messages
    assert "application_submitted" not in {m.event.name for m in inbox}
    assert unread_count(store, "U1") == 2

    assert mark_read(store, "U1", inbox[0].id, actor="U1", at=ON) == (inbox[0].id,)
    assert mark_read(store, "U1", inbox[0].id, actor="U1", at=ON) == ()  # twice: nothing new
    assert [m.id for m in messages(store, "U1", unread_only=True)] == [inbox[1].id]
    assert messages(store, "U1")[0].read_at == ON
    with pytest.raises(NotFound):
        mark_read(store, "U1", 99, actor="U1", at=ON)
    # the outbox is the host's queue, apart: acknowledging it keeps the messages
    svc.acknowledge(*(e.id for e in svc.pending_events()))
    assert len(messages(store, "U1")) == 2


def test_a_refused_step_leaves_no_message_and_another_unit_sees_none(store: Repository) -> None:  # noqa: F811
    """A message is there exactly when its step committed; each unit reads its own."""
    svc = service(store, at=ON)
    unit = registered(svc, "yiyang")
    registered(svc, "yiyang", "S1")
    child = member("童工", birth_date=date(2014, 1, 1), area="430902", serial=9)
    apply_for(svc, "CB1", unit, "yiyang", [line(YY, "T60", [*people(2, area="430902"), child])],
              declared=DeclaredCounts(medical_insurance_headcount=3), at=ON)  # fmt: skip
    before = messages(store, "U1")
    with pytest.raises(GuardFailed):  # a 12-year-old on the roster
        svc.submit("CB1", actor="U1", at=ON)
    assert messages(store, "U1") == before
    delete_members(svc, "CB1", [child.id_number], actor="U1", at=ON)
    svc.submit("CB1", actor="U1", at=ON)
    assert messages(store, "U1") == before  # the submission is the office's news
    notice = svc.issue_notice("CB1", at=ON).entity
    newest = messages(store, "U1")[0]
    assert newest.title == "缴费通知单已签发" and newest.subject_id == notice.number
    assert [m.event.name for m in messages(store, "S1")] == ["unit_registered"]
