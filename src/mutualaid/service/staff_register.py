"""A unit's staff register (Guangdong 三 职工名册维护) and the roster generated from it (四（三）).

Guangdong's unit keeps a register of its staff: 「名册人员应和单位社保人员或省直医保人员保持一致，
如当月发生退休、离职或新入职导致不一致的，请在社保汇总表上备注或出具相关说明」 (seed 001
三（一）). An application's roster is then 「从单位人员名册直接生成」 or imported
(四（三）).

The register is a side trail of the unit (kind :data:`TRAIL`,
:mod:`mutualaid.service.trails`): each record adds or updates members
(``hire``) or removes them (``leave``); :func:`staff_register` folds them.
:func:`register_remark_needed` compares it with the social-security headcount
(the 社保汇总表 needs a remark when they differ); :func:`roster_from_register`
fills an editable application's line from it through the service's ``save``.

Layer 6.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from mutualaid.errors import NotFound
from mutualaid.lifecycle import Outcome
from mutualaid.lifecycle.store.protocol import normalize_id_number
from mutualaid.model import Application, Member, RosterEntry, Unit
from mutualaid.rules.findings import Finding
from mutualaid.service.service import Service
from mutualaid.service.trails import append

__all__ = [
    "TRAIL",
    "hire",
    "leave",
    "register_remark_needed",
    "roster_from_register",
    "staff_register",
]

#: The side-trail kind of the units' staff registers.
TRAIL = "staff_register"


def staff_register(svc: Service, unit_id: str) -> tuple[Member, ...]:
    """The unit's register now: every member hired and not left, in the order first hired."""
    members: dict[tuple[str, str], Member] = {}
    for record in svc.store.audit_trail(TRAIL, unit_id):
        if record.action == "hire":
            for m in record.params["members"]:
                members[m.key] = m
        elif record.action == "leave":
            gone = set(record.params["id_numbers"])
            members = {k: m for k, m in members.items() if m.id_number not in gone}
    return tuple(members.values())


def hire(
    svc: Service,
    unit_id: str,
    members: Iterable[Member],
    *,
    actor: str,
    at: datetime | None = None,
) -> tuple[Member, ...]:
    """Add members to the register (or update them, by ID type and number); the register after."""
    now = at if at is not None else svc.clock()
    with svc.store.transaction():
        svc.store.get(Unit, unit_id)  # NotFound for an unknown unit
        append(svc.store, TRAIL, unit_id, actor=actor, at=now, action="hire",
               params={"members": tuple(members)})  # fmt: skip
        return staff_register(svc, unit_id)


def leave(
    svc: Service,
    unit_id: str,
    id_numbers: Iterable[str],
    *,
    actor: str,
    at: datetime | None = None,
) -> tuple[Member, ...]:
    """Remove members (retired, left) from the register by ID number, all or none; the register after.

    :raises NotFound: an ID number is not on the register.
    """
    now = at if at is not None else svc.clock()
    gone = tuple(sorted({normalize_id_number(n) for n in id_numbers}))
    with svc.store.transaction():
        present = {m.id_number for m in staff_register(svc, unit_id)}
        missing = [n for n in gone if n not in present]
        if missing:
            raise NotFound(
                f"unit {unit_id}: {len(missing)} of the ID numbers given are not on its "
                "staff register; nobody removed",
                hint="Read the register first (staff_register).",
            )
        append(svc.store, TRAIL, unit_id, actor=actor, at=now, action="leave",
               params={"id_numbers": gone})  # fmt: skip
        return staff_register(svc, unit_id)


def register_remark_needed(
    svc: Service, unit_id: str, social_security_headcount: int
) -> Finding | None:
    """The remark the 社保汇总表 needs when the register and the social-security staff differ.

    A finding of severity ``needs_material`` (the remark or an explanation): it blocks nothing here.
    """
    listed = len(staff_register(svc, unit_id))
    if listed == social_security_headcount:
        return None
    return Finding.needs_material(
        "register.differs_from_social_security",
        f"职工名册{listed}人，社保人员{social_security_headcount}人，不一致："
        "请在社保汇总表上备注或出具相关说明（当月退休、离职或新入职）",
    )


def roster_from_register(
    svc: Service,
    app_id: str,
    *,
    actor: str,
    plan_code: str | None = None,
    at: datetime | None = None,
) -> Outcome[Application]:
    """从单位人员名册直接生成: the line's roster becomes the unit's register (its tier and shares).

    The application's ``save`` step through the service: refused unless the
    application is editable; the pack judges the members at submission.
    """
    now = at if at is not None else svc.clock()
    with svc.store.transaction():
        app = svc.store.get(Application, app_id)
        line = app.line(plan_code) if plan_code is not None else app.lines[0]
        entries = tuple(
            RosterEntry(m, line.plan_code, line.tier_code, line.shares)
            for m in staff_register(svc, app.unit_id)
        )
        new = line.roster.with_entries(entries)
        lines = tuple(
            attrs.evolve(x, roster=new) if x.plan_code == line.plan_code else x for x in app.lines
        )
        return svc.act(app_id, "save", actor=actor, at=now, expected_version=app.version,
                       lines=lines)  # fmt: skip
