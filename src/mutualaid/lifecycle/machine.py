"""Generic state machines: transition tables as data, pure transitions, replay.

A :class:`Machine` is a table of :class:`Transition` rows (source states ×
action → target state, with guards, an effect on the entity's fields and the
domain events it raises). :meth:`Machine.apply` never mutates: it returns an
:class:`Outcome` holding the new entity (its ``version`` one higher), the
audit-trail entry that records the step and the events a host can act on.
:meth:`Machine.replay` rebuilds an entity from its audit trail.

A tiny machine shows the whole interface:

>>> from datetime import datetime
>>> from enum import StrEnum
>>> import attrs
>>> class Light(StrEnum):
...     OFF = "off"
...     ON = "on"
>>> @attrs.frozen
... class Lamp:
...     id: str
...     status: Light = Light.OFF
...     brightness: int = 0
...     version: int = 0
>>> def dim(lamp, attempt):
...     return attrs.evolve(lamp, brightness=attempt.params.get("level", 100))
>>> def not_too_bright(attempt):
...     if attempt.params.get("level", 100) > 100:
...         yield Finding.error("lamp.too_bright", "亮度不能超过100")
>>> lamp_machine = Machine(
...     kind="lamp",
...     label="台灯",
...     states=Light,
...     initial=Light.OFF,
...     transitions=(
...         Transition("switch_on", (Light.OFF,), Light.ON, effect=dim,
...                    guards=(not_too_bright,), optional=("level",)),
...         Transition("switch_off", (Light.ON,), Light.OFF),
...     ),
... )
>>> at = datetime(2025, 3, 1, 9, 30)
>>> out = lamp_machine.apply(Lamp("L1"), "switch_on", actor="alice", at=at, level=40)
>>> out.entity
Lamp(id='L1', status=<Light.ON: 'on'>, brightness=40, version=1)
>>> out.audit.action, out.audit.from_state, out.audit.to_state, dict(out.audit.params)
('switch_on', 'off', 'on', {'level': 40})
>>> lamp_machine.apply(out.entity, "switch_on", actor="alice", at=at)
Traceback (most recent call last):
...
mutualaid.errors.ActionNotAllowed: lamp L1 is on; 'switch_on' is not allowed there (allowed: switch_off)
>>> lamp_machine.apply(Lamp("L2"), "switch_on", actor="bob", at=at, level=120)
Traceback (most recent call last):
...
mutualaid.errors.GuardFailed: lamp L2: 'switch_on' blocked: 亮度不能超过100 [lamp.too_bright]
>>> lamp_machine.apply(out.entity, "switch_off", actor="bob", at=at, expected_version=0)
Traceback (most recent call last):
...
mutualaid.errors.ConcurrentModification: lamp L1 is at version 1, expected 0 (Read the entity again and retry the action.)
>>> lamp_machine.replay(Lamp("L1"), [out.audit]) == out.entity
True

Guards see an :class:`Attempt` (entity, action, recorded ``params``, and an
unrecorded ``context`` such as the unit or the region's flow) and yield the
:class:`~mutualaid.rules.findings.Finding` values (of severity error) that
block the action: a refusal is a finding like any rule's, with a stable
dotted code. :func:`refusal_text` is how a refusal reads in
:class:`~mutualaid.errors.GuardFailed` (``message [code]``). Effects see the same attempt but
must use only ``params``, ``actor`` and ``at``: those are what the audit entry
records, so that :meth:`Machine.replay` can run the effect again.

Layer 4: imports layers 1–3 only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

import attrs

from mutualaid.deprecation import warn_renamed
from mutualaid.errors import (
    ActionNotAllowed,
    ConcurrentModification,
    GuardFailed,
    InvalidParameter,
    LifecycleError,
    StepNotInRegion,
)
from mutualaid.lifecycle.events import Event
from mutualaid.lifecycle.facts import Facts
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.rules.findings import Finding

__all__ = [
    "Attempt",
    "Effect",
    "EventFactory",
    "Guard",
    "Machine",
    "MachineFactory",
    "Outcome",
    "Reason",
    "Route",
    "Transition",
    "refusal_text",
]

E = TypeVar("E")


def Reason(code: str, message: str) -> Finding:
    """Deprecated since 0.2: a guard's refusal is :meth:`Finding.error(code, message) <mutualaid.rules.findings.Finding.error>`.

    Kept for one release so packs and hosts that build refusals keep working;
    it warns and returns the error finding (the code must be a finding code,
    dotted lowercase words).

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     found = Reason("roster.count_mismatch", "录入人员数量与填写数量不符")
    >>> found == Finding.error("roster.count_mismatch", "录入人员数量与填写数量不符")
    True
    >>> str(caught[0].message)
    'mutualaid.lifecycle.Reason(code, message) is deprecated: use mutualaid.rules.Finding.error(code, message)'
    """
    warn_renamed(
        "mutualaid.lifecycle.Reason(code, message)",
        "mutualaid.rules.Finding.error(code, message)",
    )
    return Finding.error(code, message)


def refusal_text(finding: Finding) -> str:
    """How a refusal reads in :class:`~mutualaid.errors.GuardFailed`'s message: ``message [code]``.

    >>> refusal_text(Finding.error("roster.count_mismatch", "录入人员数量与填写数量不符"))
    '录入人员数量与填写数量不符 [roster.count_mismatch]'
    """
    return f"{finding.message} [{finding.code}]"


def _facts(value: Facts | Mapping[str, Any] | None) -> Facts:
    return Facts.of(value)


@attrs.frozen
class Attempt(Generic[E]):
    """One try of an action: what guards, routes and effects see.

    ``params`` are recorded in the audit trail (and must be enough to replay
    the effect); ``context`` is not recorded (the unit, the pack, the notice...:
    typed :class:`~mutualaid.lifecycle.facts.Facts`, a mapping is converted),
    so only guards may use it.
    """

    entity: E
    action: str
    actor: str
    at: datetime
    params: Mapping[str, Any] = attrs.field(factory=dict)
    context: Facts = attrs.field(factory=Facts, converter=_facts)
    note: str = ""


Guard = Callable[[Attempt[Any]], Iterable[Finding]]
Effect = Callable[[Any, Attempt[Any]], Any]
Route = Callable[[Attempt[Any]], StrEnum]
EventFactory = Callable[[Any, Any, Attempt[Any]], Iterable[Event]]


@attrs.frozen
class Transition:
    """One row of a transition table.

    :param action: the action's stable English name (``"submit"``).
    :param sources: the states the action is allowed in.
    :param target: the state it leads to; with ``route``, the default target.
    :param guards: business rules that may block the action: each yields the
        error :class:`~mutualaid.rules.findings.Finding` values that block it.
    :param effect: changes the entity's other fields (pure; uses ``params``,
        ``actor`` and ``at`` only).
    :param events: makes the domain events from (before, after, attempt).
    :param route: chooses the target among ``alternatives`` (for a branch such
        as "over-age members go to material review first"); uses the entity and
        ``params`` only.
    :param alternatives: the other states ``route`` may choose.
    :param required: names of params the action needs.
    :param optional: names of params the action accepts besides those.
    :param label: the Chinese name of the action (for screens and docs).
    :param types: (name, type or tuple of types) pairs: a param given with
        another type is refused (:class:`~mutualaid.errors.InvalidParameter`)
        before any guard runs, so nothing that cannot be stored or replayed is
        recorded (a ``datetime`` is not a ``date`` here, nor a ``bool`` an ``int``).
    """

    action: str
    sources: tuple[StrEnum, ...]
    target: StrEnum
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None
    events: EventFactory | None = None
    route: Route | None = None
    alternatives: tuple[StrEnum, ...] = ()
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    label: str = ""
    types: tuple[tuple[str, Any], ...] = ()

    @property
    def targets(self) -> tuple[StrEnum, ...]:
        """Every state this transition may lead to."""
        return (self.target, *self.alternatives)

    @classmethod
    def staying(
        cls, action: str, states: Iterable[StrEnum], **kwargs: Any
    ) -> tuple[Transition, ...]:
        """One row per state that leaves the state as it is (edit, upload...).

        >>> from enum import StrEnum
        >>> class S(StrEnum):
        ...     A = "a"
        ...     B = "b"
        >>> [(t.sources, t.target) for t in Transition.staying("save", (S.A, S.B))]
        [((<S.A: 'a'>,), <S.A: 'a'>), ((<S.B: 'b'>,), <S.B: 'b'>)]
        """
        return tuple(cls(action, (state,), state, **kwargs) for state in states)


@attrs.frozen
class Outcome(Generic[E]):
    """What :meth:`Machine.apply` returns: the new entity, its audit record, its events."""

    entity: E
    audit: AuditRecord
    events: tuple[Event, ...] = ()


def _type_name(expected: Any) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(getattr(k, "__name__", str(k)) for k in kinds)


def _check_types(kind: str, row: Transition, params: Mapping[str, Any]) -> None:
    """Refuse a param whose type is not the one ``row`` declares for it."""
    for name, expected in row.types:
        if name not in params or (params[name] is None and name not in row.required):
            continue
        value = params[name]
        kinds = expected if isinstance(expected, tuple) else (expected,)
        fits = isinstance(value, expected) and not (
            # a datetime is a date and a bool an int to Python, not to a record
            (isinstance(value, datetime) and datetime not in kinds)
            or (isinstance(value, bool) and bool not in kinds)
        )
        if not fits:
            raise InvalidParameter(
                f"{kind} {row.action!r}: {name} must be {_type_name(expected)}, "
                f"not {type(value).__name__}",
                hint=f"Pass {name} as {_type_name(expected)}.",
                action=row.action,
                parameter=name,
            )


def _state_name(state: object) -> str:
    return str(state.value) if isinstance(state, StrEnum) else str(state)


@attrs.frozen
class Machine(Generic[E]):
    """A state machine over one kind of entity (an attrs class with a state and a version).

    :param kind: the entity kind named in errors and audit records (``"application"``).
    :param label: its Chinese name.
    :param states: the StrEnum of its states.
    :param initial: the state a new entity starts in.
    :param transitions: the table.
    :param state_field: the entity's attribute holding the state.
    :param id_field: the entity's attribute naming it in errors and audit records.
    :param unavailable: set where the region's flow has none of this machine's
        steps but the table's own ("Weihai has no endorsements"): an action
        not in the table raises :class:`~mutualaid.errors.StepNotInRegion`
        with this text.
    """

    kind: str
    label: str
    states: type[StrEnum]
    initial: StrEnum
    transitions: tuple[Transition, ...]
    state_field: str = "status"
    id_field: str = "id"
    unavailable: str = ""

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, StrEnum]] = set()
        for t in self.transitions:
            for state in (*t.sources, *t.targets):
                if state not in set(self.states):
                    raise LifecycleError(
                        f"{self.kind}: transition {t.action!r} names {state!r}, "
                        f"which is not a {self.states.__name__}"
                    )
            for source in t.sources:
                if (t.action, source) in seen:
                    raise LifecycleError(
                        f"{self.kind}: two rows for {t.action!r} in state {source.value!r}"
                    )
                seen.add((t.action, source))

    # --- reading the table -------------------------------------------------

    def state_of(self, entity: E) -> StrEnum:
        """The entity's current state."""
        state: StrEnum = getattr(entity, self.state_field)
        return state

    def id_of(self, entity: E) -> str:
        """The entity's identifier, as text."""
        return str(getattr(entity, self.id_field))

    @property
    def actions(self) -> tuple[str, ...]:
        """Every action in the table, in table order, without repeats."""
        return tuple(dict.fromkeys(t.action for t in self.transitions))

    @property
    def reachable_states(self) -> frozenset[StrEnum]:
        """The initial state and every state a transition names."""
        found: set[StrEnum] = {self.initial}
        for t in self.transitions:
            found.update(t.sources)
            found.update(t.targets)
        return frozenset(found)

    def transition(self, state: StrEnum, action: str) -> Transition | None:
        """The row for ``action`` in ``state``, or None when there is none."""
        for t in self.transitions:
            if t.action == action and state in t.sources:
                return t
        return None

    def allowed_actions(self, entity: E) -> tuple[str, ...]:
        """The actions the table allows in the entity's state (guards not checked)."""
        state = self.state_of(entity)
        return tuple(dict.fromkeys(t.action for t in self.transitions if state in t.sources))

    def rows(self) -> list[tuple[str, str, str]]:
        """The table as (source, action, target) rows, for docs and screens.

        Branching rows give their targets joined by ``|``.
        """
        out: list[tuple[str, str, str]] = []
        for t in self.transitions:
            target = "|".join(_state_name(s) for s in t.targets)
            out.extend((_state_name(s), t.action, target) for s in t.sources)
        return out

    # --- changing the table (flows) --------------------------------------------

    def without(self, *actions: str) -> Machine[E]:
        """The same machine without the rows of ``actions`` (a region that lacks a step)."""
        return attrs.evolve(
            self, transitions=tuple(t for t in self.transitions if t.action not in actions)
        )

    def with_guards(self, action: str, *guards: Guard) -> Machine[E]:
        """The same machine with more guards on every row of ``action``."""
        if action not in self.actions:
            raise LifecycleError(f"{self.kind}: no action {action!r} to guard")
        return attrs.evolve(
            self,
            transitions=tuple(
                attrs.evolve(t, guards=(*t.guards, *guards)) if t.action == action else t
                for t in self.transitions
            ),
        )

    def with_rows(self, *rows: Transition) -> Machine[E]:
        """The same machine with more rows."""
        return attrs.evolve(self, transitions=(*self.transitions, *rows))

    # --- acting ------------------------------------------------------------------

    def _row(self, entity: E, action: str) -> Transition:
        state = self.state_of(entity)
        row = self.transition(state, action)
        if row is None:
            allowed = self.allowed_actions(entity)
            listed = ", ".join(allowed) if allowed else "none"
            known = action in self.actions
            if not known and self.unavailable:
                raise StepNotInRegion(
                    f"{self.unavailable}: no {action!r} for {self.kind} {self.id_of(entity)}",
                    kind=self.kind,
                    action=action,
                    allowed=allowed,
                )
            raise ActionNotAllowed(
                f"{self.kind} {self.id_of(entity)} is {_state_name(state)}; "
                f"{action!r} is {'not allowed there' if known else 'not an action of this machine'}"
                f" (allowed: {listed})",
                kind=self.kind,
                state=state,
                action=action,
                allowed=allowed,
            )
        return row

    def check(
        self,
        entity: E,
        action: str,
        *,
        at: datetime,
        actor: str = "",
        context: Facts | Mapping[str, Any] | None = None,
        **params: Any,
    ) -> tuple[Finding, ...]:
        """The reasons that would block ``action`` at ``at`` (empty: it may go ahead).

        :param at: when the action would be taken: guards may judge on that day
            (a deadline, members' ages), so there is no default.
        :raises ActionNotAllowed: the state does not allow the action at all.
        """
        row = self._row(entity, action)
        _check_types(self.kind, row, params)
        attempt = Attempt(entity, action, actor, at, params, Facts.of(context))
        return tuple(r for guard in row.guards for r in guard(attempt))

    def can(self, entity: E, action: str, *, at: datetime, **kwargs: Any) -> bool:
        """True when ``action`` is allowed in the state and no guard blocks it at ``at``.

        ``kwargs`` are :meth:`check`'s (``actor``, ``context``, the params).
        """
        try:
            return not self.check(entity, action, at=at, **kwargs)
        except ActionNotAllowed:
            return False

    def apply(
        self,
        entity: E,
        action: str,
        *,
        actor: str,
        at: datetime,
        note: str = "",
        expected_version: int | None = None,
        context: Facts | Mapping[str, Any] | None = None,
        **params: Any,
    ) -> Outcome[E]:
        """Carry out ``action``: return the new entity, its audit record and events.

        :param actor: who acts (a handler's username, ``"office:linyi"``...).
        :param at: when (given by the caller; nothing here reads the clock).
        :param note: free text kept in the audit record (review feedback...).
        :param expected_version: the version the caller read; a mismatch raises
            :class:`ConcurrentModification`.
        :param context: facts the guards need that are not recorded (the unit,
            the pack...): :class:`~mutualaid.lifecycle.facts.Facts` or a mapping
            keyed by their names.
        :param params: the action's arguments, recorded for replay.
        :raises ActionNotAllowed: the state does not allow ``action``
            (:class:`~mutualaid.errors.StepNotInRegion`: the region has no such step).
        :raises GuardFailed: a guard blocks it; ``details["reasons"]`` lists why.
        :raises MissingFact: a guard needs a fact that was not given.
        :raises InvalidParameter: a param is not of its declared type.
        """
        version: int = getattr(entity, "version")  # noqa: B009
        if expected_version is not None and expected_version != version:
            raise ConcurrentModification(
                f"{self.kind} {self.id_of(entity)} is at version {version}, "
                f"expected {expected_version}",
                kind=self.kind,
                version=version,
                expected=expected_version,
            )
        row = self._row(entity, action)
        missing = [name for name in row.required if name not in params]
        unknown = [name for name in params if name not in (*row.required, *row.optional)]
        if missing or unknown:
            raise LifecycleError(
                f"{self.kind} {action!r}: "
                + "; ".join(
                    part
                    for part in (
                        f"missing {', '.join(missing)}" if missing else "",
                        f"unexpected {', '.join(unknown)}" if unknown else "",
                    )
                    if part
                ),
                hint=f"{action!r} takes {', '.join((*row.required, *row.optional)) or 'no parameters'}",
            )
        _check_types(self.kind, row, params)
        attempt: Attempt[E] = Attempt(
            entity, action, actor, at, dict(params), Facts.of(context), note
        )
        reasons = tuple(r for guard in row.guards for r in guard(attempt))
        if reasons:
            raise GuardFailed(
                f"{self.kind} {self.id_of(entity)}: {action!r} blocked: "
                + "; ".join(refusal_text(r) for r in reasons),
                kind=self.kind,
                action=action,
                reasons=reasons,
                codes=tuple(r.code for r in reasons),
            )
        target = row.route(attempt) if row.route is not None else row.target
        if target not in row.targets:
            raise LifecycleError(f"{self.kind} {action!r}: route chose {target!r}, not a target")
        after = self._step(entity, row, attempt, target)
        record = AuditRecord(
            kind=self.kind,
            subject_id=self.id_of(entity),
            actor=actor,
            at=at,
            action=action,
            from_state=_state_name(self.state_of(entity)),
            to_state=_state_name(target),
            note=note,
            params=dict(params),
            version=version + 1,
        )
        events = tuple(row.events(entity, after, attempt)) if row.events is not None else ()
        return Outcome(after, record, events)

    def _step(self, entity: E, row: Transition, attempt: Attempt[E], target: StrEnum) -> E:
        changed = row.effect(entity, attempt) if row.effect is not None else entity
        version: int = getattr(entity, "version")  # noqa: B009
        new: E = attrs.evolve(  # type: ignore[misc]
            changed, **{self.state_field: target, "version": version + 1}
        )
        return new

    def replay(self, initial: E, trail: Sequence[AuditRecord] | Iterable[AuditRecord]) -> E:
        """Rebuild an entity from its initial value and its audit trail.

        Each record's action must be allowed in the state the previous records
        led to, and its target must be one the table allows; guards are not run
        again (they held when the action was taken).

        :raises LifecycleError: the trail does not fit the table.
        """
        entity = initial
        for n, record in enumerate(trail):
            state = self.state_of(entity)
            if record.from_state != _state_name(state):
                raise LifecycleError(
                    f"{self.kind} replay: record {n} ({record.action!r}) starts from "
                    f"{record.from_state!r} but the entity is {_state_name(state)!r}"
                )
            row = self._row(entity, record.action)
            target = self.states(record.to_state)
            if target not in row.targets:
                raise LifecycleError(
                    f"{self.kind} replay: record {n} leads {record.action!r} to "
                    f"{record.to_state!r}, which the table does not allow"
                )
            attempt: Attempt[E] = Attempt(
                entity, record.action, record.actor, record.at, dict(record.params), {}, record.note
            )
            entity = self._step(entity, row, attempt, target)
        return entity


class MachineFactory(Generic[E]):
    """A machine that needs no flow, made by calling it, as every other machine is.

    ``policy_machine()`` gives the machine as ``application_machine(flow)``
    does. Until 0.3 the old instance use (``policy_machine.apply(...)``) still
    works, with a DeprecationWarning naming ``policy_machine()``.

    >>> from mutualaid.lifecycle import policy_machine
    >>> policy_machine().kind
    'policy'
    """

    def __init__(self, name: str, build: Callable[[], Machine[E]]) -> None:
        self._name = name
        self._build = build
        self._machine: Machine[E] | None = None

    def __call__(self) -> Machine[E]:
        """The machine (built once)."""
        if self._machine is None:
            self._machine = self._build()
        return self._machine

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        warn_renamed(f"{self._name}.{attr}", f"{self._name}().{attr}", stacklevel=3)
        return getattr(self(), attr)

    def __repr__(self) -> str:
        return f"<machine factory {self._name}()>"
