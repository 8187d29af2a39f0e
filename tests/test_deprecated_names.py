"""Issue 11, one name per idea: each old name still works for one release and warns with the new one.

Every rename of the issue is listed in docs/architecture.md ("Renamed in 0.2");
each has a test here: the old name gives the same answer as the new one, with
a DeprecationWarning naming the new one.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import date, datetime
from enum import StrEnum

import attrs
import pytest

import mutualaid.lifecycle.machine
from mutualaid import lifecycle
from mutualaid.errors import GuardFailed
from mutualaid.lifecycle import Attempt, Machine, Transition, refusal_text
from mutualaid.lifecycle.payment import effective_date
from mutualaid.model import Application
from mutualaid.rules import Finding, RuleEngine, Severity


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.from_entry_points()


def test_for_region_is_pack_with_region(engine: RuleEngine) -> None:
    with pytest.warns(DeprecationWarning, match=r"use RuleEngine\.pack\(region=region\)"):
        old = engine.for_region("weihai")
    assert old.info == engine.pack(region="weihai").info == engine.pack("weihai").info


def test_pack_takes_a_name_or_a_region_not_both(engine: RuleEngine) -> None:
    with pytest.raises(TypeError):
        engine.pack("weihai", region="weihai")
    with pytest.raises(TypeError):
        engine.pack()


def test_effective_date_arrival_is_payment_arrival(engine: RuleEngine) -> None:
    rules = engine.pack("guangdong")
    plan = rules.plans(date(2026, 3, 1))[0]
    app = Application("A1", "U1", "guangdong")
    new = effective_date(app, plan, payment_arrival=date(2026, 3, 5), rules=rules)
    with pytest.warns(DeprecationWarning, match=r"effective_date\(payment_arrival=\)"):
        old = effective_date(app, plan, arrival=date(2026, 3, 5), rules=rules)
    assert old == new
    with pytest.raises(TypeError, match="payment_arrival= only"):
        effective_date(app, plan, arrival=None, payment_arrival=None, rules=rules)


@pytest.mark.parametrize(
    "name",
    [
        "policy_machine",
        "invoice_machine",
        "link_machine",
        "change_machine",
        "group_invoice_machine",
    ],
)
def test_machines_are_factories_and_the_instance_use_warns(name: str) -> None:
    factory = getattr(lifecycle, name)
    machine = factory()
    assert isinstance(machine, lifecycle.Machine)
    assert factory() is machine
    with pytest.warns(DeprecationWarning, match=rf"use {name}\(\)\.actions"):
        assert factory.actions == machine.actions


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Scenario", "Evaluation"),
        ("ScenarioLine", "EvaluationLine"),
        ("ScenarioRow", "EvaluationRow"),
    ],
)
def test_the_notebook_result_is_an_evaluation(old: str, new: str) -> None:
    import mutualaid.notebook
    import mutualaid.notebook.scenario

    with pytest.warns(DeprecationWarning, match=rf"use mutualaid\.notebook\.{new}$"):
        assert getattr(mutualaid.notebook, old) is getattr(mutualaid.notebook, new)
    with pytest.warns(DeprecationWarning, match=rf"scenario\.{old} is deprecated"):
        assert getattr(mutualaid.notebook.scenario, old) is getattr(mutualaid.notebook, new)


def test_the_notebook_totals_say_they_sum_every_row() -> None:
    from mutualaid.notebook import evaluate, member

    on = date(2026, 1, 15)
    s = evaluate("yiyang", [member("钱七", age=15, on=on)], plan="YY-HOSP-2026", tier="T60", on=on)
    assert s.blocking_codes  # the member is rejected, and still priced
    with pytest.warns(DeprecationWarning, match="use Evaluation.total_all_rows"):
        assert s.total == s.total_all_rows > 0
    with pytest.warns(DeprecationWarning, match="use Evaluation.amount_due_all_rows"):
        assert s.amount_due == s.amount_due_all_rows


def test_audit_entry_is_audit_record() -> None:
    from datetime import datetime

    import mutualaid.model
    import mutualaid.model.audit
    from mutualaid.lifecycle import AuditRecord

    for module in (mutualaid.model, mutualaid.model.audit):
        with pytest.warns(DeprecationWarning, match=r"use mutualaid\.lifecycle\.AuditRecord"):
            entry_class = module.AuditEntry
        assert entry_class.__name__ == "AuditEntry"
    record = AuditRecord("application", "A1", "u", datetime(2026, 1, 1), "go", "a", "b")
    with pytest.warns(DeprecationWarning, match=r"AuditRecord\.as_entry\(\) is deprecated"):
        assert record.as_entry().to_state == record.to_state


def test_unit_registration_status_is_status() -> None:
    import attrs

    from mutualaid.model import Unit, UnitCodeKind
    from mutualaid.model.states import RegistrationStatus

    unit = Unit("U1", "测试单位", UnitCodeKind.USCC, "91371000MA3C0000X1")
    approved = attrs.evolve(unit, status=RegistrationStatus.APPROVED)
    with pytest.warns(
        DeprecationWarning, match=r"Unit\.registration_status is deprecated: use Unit\.status"
    ):
        assert approved.registration_status is approved.status is RegistrationStatus.APPROVED
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        approved.registration_status = RegistrationStatus.DRAFT  # type: ignore[misc]
    # The old keyword is not taken (attrs builds __init__ from the fields): the
    # constructor and attrs.evolve say which keyword is unknown.
    with pytest.raises(TypeError, match="registration_status"):
        attrs.evolve(unit, registration_status=RegistrationStatus.APPROVED)


class _Step(StrEnum):
    DRAFT = "draft"
    DONE = "done"


@attrs.frozen
class _Thing:
    id: str
    status: _Step = _Step.DRAFT
    version: int = 0


def test_reason_is_an_error_finding() -> None:
    for module in (lifecycle, mutualaid.lifecycle.machine):
        with pytest.warns(
            DeprecationWarning, match=r"use mutualaid\.rules\.Finding\.error\(code, message\)"
        ):
            old = module.Reason("roster.count_mismatch", "录入人员数量与填写数量不符")
        assert old == Finding.error("roster.count_mismatch", "录入人员数量与填写数量不符")
        assert old.severity is Severity.ERROR and old.blocking
    # a refusal reads as before where hosts see it: "message [code]"
    assert refusal_text(old) == "录入人员数量与填写数量不符 [roster.count_mismatch]"
    # its code is a finding code now: dotted lowercase words
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(ValueError, match="dotted lowercase"):
            lifecycle.Reason("count_mismatch", "不符")


def test_a_guard_still_built_with_reason_blocks_as_before() -> None:
    def old_guard(attempt: Attempt[_Thing]) -> Iterator[Finding]:
        yield lifecycle.Reason("pack.closed", "已关闭")

    machine = Machine(
        kind="thing",
        label="物",
        states=_Step,
        initial=_Step.DRAFT,
        transitions=(Transition("go", (_Step.DRAFT,), _Step.DONE, guards=(old_guard,)),),
    )
    at = datetime(2026, 1, 1)
    with pytest.warns(DeprecationWarning), pytest.raises(GuardFailed) as info:
        machine.apply(_Thing("T1"), "go", actor="u", at=at)
    assert str(info.value) == "thing T1: 'go' blocked: 已关闭 [pack.closed]"
    assert info.value.details["codes"] == ("pack.closed",)
    assert info.value.details["reasons"] == (Finding.error("pack.closed", "已关闭"),)
