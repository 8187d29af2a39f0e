"""Unit links (上下级关系维护) and unit changes (单位信息变更) kept by the store, through the service.

Seed 001 (Guangdong) 五（二）上下级关系维护: "申请关联后，被关联单位登录账户确认通过即可关联成功";
二 单位信息变更: changes to an approved unit take effect after the association's review.

main: the store kept no links: ``request_link``/``confirm_link`` appended audit
records only, their events never reached the outbox, the host passed the
recorded links back (``links=``; forgetting them let a subsidiary be linked
twice), ``confirm_link`` confirmed as whichever side had to, ``launch_group``
trusted the links the host gave, and ``update_unit`` took the approved change
from the host.
"""

from __future__ import annotations

from datetime import date

import pytest
from service_helpers import line, people, registered, service
from test_bypasses import GD
from test_service import store  # noqa: F401  (the fixture: every store)

from mutualaid.errors import GuardFailed
from mutualaid.lifecycle import Repository, UnitChange
from mutualaid.model import Unit, UnitLink
from mutualaid.model.states import LinkStatus, RegistrationStatus
from mutualaid.service import Service


def codes(err: pytest.ExceptionInfo[GuardFailed]) -> tuple[str, ...]:
    return tuple(err.value.details["codes"])


def guangdong(repo: Repository, *units: str) -> Service:
    svc = service(repo)
    for unit_id in units:
        registered(svc, "guangdong", unit_id)
    return svc


def test_link_events_reach_the_outbox_with_the_stored_link(store: Repository) -> None:  # noqa: F811
    svc = guangdong(store, "HQ", "S1")
    svc.acknowledge(*(e.id for e in svc.pending_events()))
    asked = svc.request_link("HQ", "S1", requested_by="S1")
    assert store.get(UnitLink, "S1") == asked.entity
    svc.confirm_link("S1", actor="HQ")
    assert store.get(UnitLink, "S1").status is LinkStatus.CONFIRMED
    assert store.get(UnitLink, "S1").version == 1
    pending = svc.pending_events()
    assert [(type(e.event).__name__, e.kind, e.subject_id) for e in pending] == [
        ("UnitLinkRequested", "unit_link", "S1"),
        ("UnitLinkConfirmed", "unit_link", "S1"),
    ]
    assert pending[0].event.confirm_by == "HQ"  # type: ignore[attr-defined]
    assert [r.action for r in store.audit_trail(UnitLink, "S1")] == ["create", "confirm"]
    assert [link.subsidiary_id for link in svc.links("HQ")] == ["S1"]


def test_a_second_request_for_a_linked_subsidiary_is_refused_without_the_host_passing_links(
    store: Repository,  # noqa: F811
) -> None:
    svc = guangdong(store, "HQ", "S1", "U2")
    svc.request_link("HQ", "S1", requested_by="S1")
    with pytest.raises(GuardFailed) as err:
        svc.request_link("HQ", "S1", requested_by="HQ")
    assert codes(err) == ("link.already_linked",)
    with pytest.raises(GuardFailed) as err:
        svc.request_link("U2", "S1", requested_by="U2")  # a subsidiary has one parent
    assert codes(err) == ("link.already_linked",)
    asked = [e for e in svc.pending_events() if type(e.event).__name__ == "UnitLinkRequested"]
    assert len(asked) == 1


def test_the_side_that_asked_cannot_confirm(store: Repository) -> None:  # noqa: F811
    svc = guangdong(store, "HQ", "S1")
    svc.request_link("HQ", "S1", requested_by="S1")
    with pytest.raises(GuardFailed) as err:
        svc.confirm_link("S1", actor="S1")
    assert codes(err) == ("link.wrong_side",)
    with pytest.raises(GuardFailed):
        svc.confirm_link("S1", actor="office", unit_id="S1")
    assert store.get(UnitLink, "S1").status is LinkStatus.REQUESTED


def test_a_parent_cannot_become_its_subsidiarys_subsidiary(store: Repository) -> None:  # noqa: F811
    svc = guangdong(store, "HQ", "S1")
    svc.request_link("HQ", "S1", requested_by="HQ")
    svc.confirm_link("S1", actor="S1")
    with pytest.raises(GuardFailed) as err:
        svc.request_link("S1", "HQ", requested_by="S1")
    assert codes(err) == ("link.cycle",)


def test_a_rejected_link_may_be_asked_again_and_its_trail_goes_on(store: Repository) -> None:  # noqa: F811
    svc = guangdong(store, "HQ", "S1", "U2")
    svc.request_link("HQ", "S1", requested_by="S1")
    with pytest.raises(GuardFailed):
        svc.reject_link("S1", actor="HQ", note="")  # reasons required
    svc.reject_link("S1", actor="HQ", note="不是本集团下属单位")
    again = svc.request_link("U2", "S1", requested_by="S1")
    assert again.entity.version == 2
    assert store.get(UnitLink, "S1") == again.entity
    assert [(r.action, r.version) for r in store.audit_trail(UnitLink, "S1")] == [
        ("create", 0),
        ("reject", 1),
        ("create", 2),
    ]
    svc.confirm_link("S1", actor="U2")
    svc.dissolve_link("S1", actor="S1")
    assert store.get(UnitLink, "S1").status is LinkStatus.DISSOLVED
    assert svc.links("U2")[0].status is LinkStatus.DISSOLVED


def test_a_group_reaches_the_subsidiaries_confirmed_in_the_store(store: Repository) -> None:  # noqa: F811
    """一（二）(1) 新增集团参保计划: parts go to confirmed subsidiaries only, as the store
    records them (the host passes no links)."""
    svc = guangdong(store, "HQ", "S1", "U2")
    svc.request_link("HQ", "S1", requested_by="S1")
    svc.confirm_link("S1", actor="HQ")
    svc.request_link("HQ", "U2", requested_by="HQ")  # not confirmed yet
    own = line(GD, "STD", people(1, area="440106"), shares=2)
    svc.launch_group("G1", "HQ", lines=(own,), deadline=date(2026, 3, 20), actor="HQ")
    assert [p.unit_id for p in svc.parts("G1")] == ["S1"]


def test_an_approved_units_change_is_loaded_from_the_store(store: Repository) -> None:  # noqa: F811
    """二 单位信息变更: the change takes effect after review; the host cannot hand in an
    approval of its own."""
    svc = guangdong(store, "U2")
    new_address = {"address": "广州市天河区新地址1号"}
    with pytest.raises(GuardFailed) as err:
        svc.update_unit("U2", new_address, actor="U2")
    assert codes(err) == ("unit.change_not_reviewed",)
    svc.request_unit_change(UnitChange("C1", "U2", new_address), actor="U2")
    with pytest.raises(GuardFailed):  # submitted, not approved yet
        svc.update_unit("U2", new_address, actor="U2")
    svc.review_unit_change("C1", actor="office", approve=False, note="请附证明")
    svc.resubmit_unit_change("C1", actor="U2")
    assert svc.review_unit_change("C1", actor="office").entity.status is RegistrationStatus.APPROVED
    with pytest.raises(GuardFailed) as err:
        svc.update_unit("U2", {"address": "别的地址"}, actor="U2")
    assert codes(err) == ("unit.change_not_reviewed",)
    svc.update_unit("U2", new_address, actor="U2")
    assert store.get(Unit, "U2").address == new_address["address"]
    assert [r.action for r in store.audit_trail(UnitChange, "C1")] == [
        "submit",
        "return",
        "submit",
        "approve",
    ]


def test_an_approved_change_applied_by_its_id(store: Repository) -> None:  # noqa: F811
    svc = guangdong(store, "U2", "U3")
    svc.request_unit_change(UnitChange("C1", "U2", {"name": "新名称有限公司"}), actor="U2")
    svc.review_unit_change("C1", actor="office")
    with pytest.raises(GuardFailed):  # another unit's change
        svc.update_unit("U3", actor="U3", change_id="C1")
    assert svc.update_unit("U2", actor="U2", change_id="C1").entity.name == "新名称有限公司"
    assert store.changes_of_unit("U2")[0].status is RegistrationStatus.APPROVED
