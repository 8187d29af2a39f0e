"""The generic machine: tables as data, errors, versions, replay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import (
    ActionNotAllowed,
    ConcurrentModification,
    GuardFailed,
    LifecycleError,
)
from mutualaid.lifecycle.events import Event
from mutualaid.lifecycle.machine import Attempt, Machine, Transition
from mutualaid.lifecycle.trail import AuditRecord, check_trail
from mutualaid.rules.findings import Finding

AT = datetime(2025, 3, 5, 14, 48)


class S(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    DONE = "done"
    FAST = "fast"


@attrs.frozen
class Doc:
    id: str
    status: S = S.DRAFT
    text: str = ""
    notes: tuple[str, ...] = ()
    version: int = 0


@attrs.frozen(kw_only=True)
class Submitted(Event):
    text: str = ""


def edit(doc: Doc, attempt: Attempt[Doc]) -> Doc:
    return attrs.evolve(doc, text=attempt.params["text"])


def note(doc: Doc, attempt: Attempt[Doc]) -> Doc:
    return attrs.evolve(doc, notes=(*doc.notes, attempt.note))


def not_empty(attempt: Attempt[Doc]) -> Iterator[Finding]:
    if not attempt.entity.text:
        yield Finding.error("doc.empty", "内容为空")


def fast_route(attempt: Attempt[Doc]) -> S:
    return S.FAST if attempt.context.get("findings") else S.SUBMITTED


MACHINE: Machine[Doc] = Machine(
    kind="doc",
    label="文档",
    states=S,
    initial=S.DRAFT,
    transitions=(
        Transition("edit", (S.DRAFT, S.RETURNED), S.DRAFT, effect=edit, required=("text",)),
        Transition(
            "submit",
            (S.DRAFT,),
            S.SUBMITTED,
            guards=(not_empty,),
            route=fast_route,
            alternatives=(S.FAST,),
            events=lambda before, after, a: (
                Submitted(subject_id=after.id, at=a.at, text=after.text),
            ),
        ),
        Transition("return_", (S.SUBMITTED, S.FAST), S.RETURNED, effect=note),
        Transition("approve", (S.SUBMITTED, S.FAST), S.DONE),
    ),
)


def test_apply_moves_state_bumps_version_and_records() -> None:
    out = MACHINE.apply(Doc("d1"), "edit", actor="u", at=AT, text="hello")
    assert out.entity == Doc("d1", S.DRAFT, "hello", (), 1)
    assert out.audit == AuditRecord(
        kind="doc",
        subject_id="d1",
        actor="u",
        at=AT,
        action="edit",
        from_state="draft",
        to_state="draft",
        params={"text": "hello"},
        version=1,
    )
    sub = MACHINE.apply(out.entity, "submit", actor="u", at=AT, expected_version=1)
    assert sub.entity.status is S.SUBMITTED
    assert sub.events == (Submitted(subject_id="d1", at=AT, text="hello"),)
    assert sub.events[0].name == "submitted"


def test_not_allowed_names_kind_state_action_and_allowed() -> None:
    with pytest.raises(ActionNotAllowed) as info:
        MACHINE.apply(Doc("d1"), "approve", actor="u", at=AT)
    err = info.value
    assert "doc d1 is draft" in str(err)
    assert "'approve'" in str(err)
    assert err.details["allowed"] == ("edit", "submit")
    assert err.details["state"] is S.DRAFT
    assert err.details["kind"] == "doc"


def test_unknown_action_is_not_allowed() -> None:
    with pytest.raises(ActionNotAllowed, match="not an action of this machine"):
        MACHINE.apply(Doc("d1"), "fly", actor="u", at=AT)


def test_guard_failure_lists_reasons() -> None:
    with pytest.raises(GuardFailed) as info:
        MACHINE.apply(Doc("d1"), "submit", actor="u", at=AT)
    assert info.value.details["codes"] == ("doc.empty",)
    assert "内容为空" in str(info.value)
    assert MACHINE.check(Doc("d1"), "submit", at=AT) == (Finding.error("doc.empty", "内容为空"),)
    assert not MACHINE.can(Doc("d1"), "submit", at=AT)
    assert MACHINE.can(Doc("d1", text="x"), "submit", at=AT)
    assert not MACHINE.can(Doc("d1", text="x"), "approve", at=AT)


def test_check_and_can_judge_on_the_day_given() -> None:
    """A guard may judge on the day of the attempt, so check and can need ``at`` (no 1970 default)."""
    seen: list[datetime] = []

    def by_day(attempt: Attempt[Doc]) -> Iterator[Finding]:
        seen.append(attempt.at)
        if attempt.at.date() > AT.date():
            yield Finding.error("doc.late", "已过截止日期")

    dated = MACHINE.with_guards("submit", by_day)
    doc = Doc("d1", text="x")
    assert dated.check(doc, "submit", at=AT) == ()
    assert dated.check(doc, "submit", at=datetime(2025, 3, 6)) == (
        Finding.error("doc.late", "已过截止日期"),
    )
    assert not dated.can(doc, "submit", at=datetime(2025, 3, 6))
    assert seen == [AT, datetime(2025, 3, 6), datetime(2025, 3, 6)]
    with pytest.raises(TypeError, match="at"):
        dated.check(doc, "submit")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="at"):
        dated.can(doc, "submit")  # type: ignore[call-arg]


def test_version_mismatch() -> None:
    with pytest.raises(ConcurrentModification) as info:
        MACHINE.apply(Doc("d1", version=4), "edit", actor="u", at=AT, text="x", expected_version=3)
    assert info.value.details == {"kind": "doc", "version": 4, "expected": 3}


def test_params_are_checked() -> None:
    with pytest.raises(LifecycleError, match="missing text"):
        MACHINE.apply(Doc("d1"), "edit", actor="u", at=AT)
    with pytest.raises(LifecycleError, match="unexpected colour"):
        MACHINE.apply(Doc("d1"), "edit", actor="u", at=AT, text="x", colour="red")


def test_route_chooses_among_declared_targets_and_replay_follows_record() -> None:
    doc = Doc("d1", text="x")
    out = MACHINE.apply(doc, "submit", actor="u", at=AT, context={"findings": ("fast",)})
    assert out.entity.status is S.FAST
    assert MACHINE.replay(doc, [out.audit]) == out.entity


def test_table_is_checked_when_built() -> None:
    with pytest.raises(LifecycleError, match="two rows"):
        Machine(
            kind="x",
            label="x",
            states=S,
            initial=S.DRAFT,
            transitions=(
                Transition("go", (S.DRAFT,), S.DONE),
                Transition("go", (S.DRAFT,), S.RETURNED),
            ),
        )


def test_replay_rejects_a_trail_that_does_not_fit() -> None:
    out = MACHINE.apply(Doc("d1", text="x"), "submit", actor="u", at=AT)
    with pytest.raises(LifecycleError, match="starts from"):
        MACHINE.replay(out.entity, [out.audit])
    bad = attrs.evolve(out.audit, to_state="done")
    with pytest.raises(LifecycleError, match="does not allow"):
        MACHINE.replay(Doc("d1", text="x"), [bad])


def test_without_and_with_guards_make_new_tables() -> None:
    smaller = MACHINE.without("edit")
    assert "edit" not in smaller.actions
    assert "edit" in MACHINE.actions

    def never(attempt: Attempt[Doc]) -> Iterator[Finding]:
        yield Finding.error("doc.closed", "已关闭")

    guarded = MACHINE.with_guards("approve", never)
    sub = MACHINE.apply(Doc("d1", text="x"), "submit", actor="u", at=AT).entity
    assert MACHINE.can(sub, "approve", at=AT)
    assert not guarded.can(sub, "approve", at=AT)
    assert ("draft", "submit", "submitted|fast") in MACHINE.rows()


ACTIONS = st.sampled_from(["edit", "submit", "return_", "approve", "fly"])


@given(st.lists(st.tuples(ACTIONS, st.booleans(), st.text(max_size=3)), max_size=25))
def test_random_sequences_stay_in_table_and_replay(steps: list[tuple[str, bool, str]]) -> None:
    doc = Doc("d1")
    trail: list[AuditRecord] = []
    for action, fast, text in steps:
        params = {"text": text} if action == "edit" else {}
        try:
            out = MACHINE.apply(
                doc,
                action,
                actor="u",
                at=AT,
                note=text,
                context={"findings": ("fast",) if fast else ()},
                **params,
            )
        except (ActionNotAllowed, GuardFailed):
            assert action not in MACHINE.allowed_actions(doc) or not MACHINE.can(
                doc, action, at=AT, context={"findings": ("fast",) if fast else ()}, **params
            )
            continue
        assert out.entity.version == doc.version + 1
        doc = out.entity
        trail.append(out.audit)
        assert doc.status in MACHINE.reachable_states
    assert MACHINE.replay(Doc("d1"), check_trail(trail)) == doc


def test_a_trail_cannot_be_edited_after_the_fact() -> None:
    """Audit params are read-only, deeply; replay and the model's entry still work."""
    out = MACHINE.apply(Doc("d1"), "edit", actor="u", at=AT, text="hello")
    with pytest.raises(TypeError):
        out.audit.params["text"] = "forged"  # type: ignore[index]
    rec = AuditRecord(
        "doc", "d1", "u", AT, "edit", "draft", "draft", params={"codes": ["a"], "map": {"n": 1}}
    )
    assert rec.params["codes"] == ("a",)
    with pytest.raises(TypeError):
        rec.params["map"]["n"] = 2
    assert MACHINE.replay(Doc("d1"), [out.audit]) == out.entity
    assert out.audit.action == "edit"
