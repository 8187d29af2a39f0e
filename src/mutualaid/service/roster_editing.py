"""Roster editing on a saved application before submission: add, edit, delete, find.

The manuals' roster screens offer the same four moves on an application's
list before it is submitted (Shenzhen 2.3 「列表数据支持查询、修改、删除、批量删除」,
Linyi 3.2.1.2 【人员详情/修改】 「查询或删除对应的参保人」, Yiyang 2(五)
【添加单个职工】【删除所选】, Guangdong 五（五） 「可以点击【删除】按钮，进行删除」).
Weihai 14-16 adds a member by hand (【新增】): the member is checked at once
with the pack's member rules and the error is shown, not at submission.

Each edit is the application's ``save`` step through the service (one
transaction, its audit record, refused unless the application is editable:
a draft, returned or withdrawn; refused if someone changed it since it was
read). A member added or edited by hand is judged first by the pack's member
rules on the step's day and against the line's roster (the same ID number
twice): a blocking finding raises :class:`~mutualaid.errors.GuardFailed`
naming the member; the others (an over-age member needing material) come
back as warnings.

>>> from mutualaid.model import Application, ApplicationLine, Roster
>>> from mutualaid.testing.members import member
>>> from datetime import date
>>> a = member("张三", birth_date=date(1990, 1, 1), serial=1)
>>> b = member("李四", birth_date=date(1991, 1, 1), serial=2)
>>> app = Application("A1", "U1", "yiyang", lines=(ApplicationLine("P", roster=Roster.of("P", [a, b])),))
>>> [(m.plan_code, m.index, m.entry.member.name) for m in find_members(app, name="李")]
[('P', 1, '李四')]
>>> [m.entry.member.name for m in find_members(app, id_number=a.id_number.lower())]
['张三']

Layer 6.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from mutualaid.errors import LifecycleError, NotFound
from mutualaid.lifecycle import Outcome
from mutualaid.lifecycle.guards import from_findings
from mutualaid.lifecycle.store.protocol import normalize_id_number
from mutualaid.model import Application, ApplicationLine, Member, RosterEntry
from mutualaid.roster.findings import make
from mutualaid.rules.findings import Finding
from mutualaid.service.refusal import refuse
from mutualaid.service.service import Service

__all__ = [
    "RosterEdit",
    "RosterMatch",
    "add_member",
    "delete_members",
    "edit_member",
    "find_members",
    "member_check",
]


@attrs.frozen
class RosterMatch:
    """One roster entry found: its plan, its position on that line's roster (from 0), the entry."""

    plan_code: str
    index: int
    entry: RosterEntry


@attrs.frozen
class RosterEdit:
    """What adding or editing a member returns: the saved application's outcome and the pack's warnings."""

    outcome: Outcome[Application]
    warnings: tuple[Finding, ...] = ()


def find_members(
    application: Application,
    *,
    name: str | None = None,
    id_number: str | None = None,
    plan_code: str | None = None,
) -> tuple[RosterMatch, ...]:
    """The entries whose name contains ``name`` and whose ID number is ``id_number`` (查询).

    Both filters are optional and combine; the ID number is compared as the
    model stores it (spaces trimmed, ``x`` upper case). ``plan_code`` keeps one line.
    """
    wanted = normalize_id_number(id_number) if id_number is not None else None
    found: list[RosterMatch] = []
    for line in application.lines:
        if plan_code is not None and line.plan_code != plan_code:
            continue
        for index, entry in enumerate(line.roster):
            if name is not None and name.strip() not in entry.member.name:
                continue
            if wanted is not None and entry.member.id_number != wanted:
                continue
            found.append(RosterMatch(line.plan_code, index, entry))
    return tuple(found)


def _line(application: Application, plan_code: str | None) -> ApplicationLine:
    if plan_code is not None:
        return application.line(plan_code)
    if len(application.lines) != 1:
        raise LifecycleError(
            f"application {application.id} has {len(application.lines)} plans: "
            "say which roster to edit",
            hint=f"Pass plan_code= (one of: {', '.join(application.plan_codes) or 'none'}).",
        )
    return application.lines[0]


def member_check(
    svc: Service,
    application: Application,
    line: ApplicationLine,
    member: Member,
    *,
    on: datetime,
    skip: int | None = None,
) -> tuple[Finding, ...]:
    """The pack's findings on one member for ``line`` on ``on``, and a repeat of the roster's.

    ``skip`` is the position of the entry being replaced (not a repeat of itself).
    Messages name the member.
    """
    rules = svc.rules(application.pack)
    found = [
        attrs.evolve(f, message=f"{member.name}：{f.message}")
        for f in rules.member_findings(member, rules.plan(line.plan_code), on.date())
    ]
    for index, entry in enumerate(line.roster):
        if index != skip and entry.member.key == member.key:
            repeat = make("id.duplicate", column="证件号码", where="名单", first_row=index + 1)
            found.append(attrs.evolve(repeat, message=f"{member.name}：{repeat.message}"))
    return tuple(found)


def _refuse(application: Application, action: str, findings: Iterable[Finding]) -> None:
    refuse("application", application.id, action, from_findings(findings))


def _save_line(
    svc: Service,
    application: Application,
    line: ApplicationLine,
    entries: Iterable[RosterEntry],
    *,
    actor: str,
    at: datetime,
) -> Outcome[Application]:
    new = attrs.evolve(line, roster=line.roster.with_entries(entries))
    lines = tuple(new if x.plan_code == line.plan_code else x for x in application.lines)
    return svc.act(
        application.id,
        "save",
        actor=actor,
        at=at,
        expected_version=application.version,
        lines=lines,
    )


def _editable(svc: Service, application: Application, at: datetime) -> None:
    """Refuse at once (ActionNotAllowed) unless the application may be saved now."""
    machine = svc._app_machine(application, at.date())  # the service's own machine
    if machine.transition(machine.state_of(application), "save") is None:
        machine.check(application, "save", at=at)  # raises ActionNotAllowed with the allowed steps


def add_member(
    svc: Service,
    app_id: str,
    member: Member,
    *,
    actor: str,
    plan_code: str | None = None,
    shares: int | None = None,
    at: datetime | None = None,
) -> RosterEdit:
    """Add one member by hand (添加单个职工 / 新增参保人), checked at once.

    The entry takes the line's tier and, unless ``shares`` is given, its shares.

    :raises GuardFailed: the pack's member rules block the member, or the ID
        number is on the roster already (codes in ``details["codes"]``).
    :raises ActionNotAllowed: the application is not editable (submitted...).
    """
    now = at if at is not None else svc.clock()
    with svc.store.transaction():
        application = svc.store.get(Application, app_id)
        _editable(svc, application, now)
        line = _line(application, plan_code)
        found = member_check(svc, application, line, member, on=now)
        _refuse(application, "add_member", found)
        entry = RosterEntry(
            member, line.plan_code, line.tier_code, shares if shares is not None else line.shares
        )
        out = _save_line(svc, application, line, (*line.roster.entries, entry), actor=actor, at=now)
        return RosterEdit(out, tuple(f for f in found if not f.blocking))


def edit_member(
    svc: Service,
    app_id: str,
    id_number: str,
    member: Member,
    *,
    actor: str,
    plan_code: str | None = None,
    at: datetime | None = None,
) -> RosterEdit:
    """Replace the member with ID number ``id_number`` by ``member`` (修改), checked at once.

    :raises NotFound: no such member on the line's roster.
    :raises GuardFailed: the pack's member rules block the edited member.
    """
    now = at if at is not None else svc.clock()
    with svc.store.transaction():
        application = svc.store.get(Application, app_id)
        _editable(svc, application, now)
        line = _line(application, plan_code)
        matches = find_members(application, id_number=id_number, plan_code=line.plan_code)
        if not matches:
            raise NotFound(
                f"application {app_id} has no such member on plan {line.plan_code}",
                hint="Find the member first (find_members by name or ID number).",
            )
        index = matches[0].index
        found = member_check(svc, application, line, member, on=now, skip=index)
        _refuse(application, "edit_member", found)
        entries = list(line.roster.entries)
        entries[index] = attrs.evolve(entries[index], member=member)
        out = _save_line(svc, application, line, entries, actor=actor, at=now)
        return RosterEdit(out, tuple(f for f in found if not f.blocking))


def delete_members(
    svc: Service,
    app_id: str,
    id_numbers: Iterable[str],
    *,
    actor: str,
    plan_code: str | None = None,
    at: datetime | None = None,
) -> Outcome[Application]:
    """Delete one or many members by ID number (删除 / 批量删除 / 删除所选), all or none.

    :raises NotFound: an ID number is not on the line's roster (nothing deleted).
    """
    now = at if at is not None else svc.clock()
    wanted = {normalize_id_number(n) for n in id_numbers}
    with svc.store.transaction():
        application = svc.store.get(Application, app_id)
        _editable(svc, application, now)
        line = _line(application, plan_code)
        present = {e.member.id_number for e in line.roster}
        missing = wanted - present
        if missing:
            raise NotFound(
                f"application {app_id}: {len(missing)} of the ID numbers given "
                f"are not on plan {line.plan_code}'s roster; nothing deleted",
                hint="Find the members first (find_members by name or ID number).",
            )
        kept = [e for e in line.roster if e.member.id_number not in wanted]
        return _save_line(svc, application, line, kept, actor=actor, at=now)
