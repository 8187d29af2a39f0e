"""Lists the system generates for a unit (Yiyang 2(六)): the over-age roster, last plan's roster.

Yiyang's roster screen (seed 004, 2. 新建参保单 (六)) shows 「全部 | 超龄」 tabs and
two exports: 「名单含有超龄职工，请下载超龄未退休职工名册，并加盖单位人事公章上传」
(:func:`over_age_roster`: the members the pack finds past retirement age and
not retired, as a :class:`~mutualaid.documents.MemberList` the host
writes out for stamping) and 【导出历史计划参保名单】 (:func:`history_roster`:
the members of the unit's latest earlier policy of the same plan family, to
start this year's roster from).

Layer 6.
"""

from __future__ import annotations

from datetime import datetime

from mutualaid.documents import MemberList, MemberRow
from mutualaid.lifecycle.application import OVER_RETIREMENT
from mutualaid.model import Application, Roster, RosterEntry
from mutualaid.model.states import PolicyStatus
from mutualaid.service.service import Service

__all__ = ["history_roster", "over_age_roster"]


def over_age_roster(svc: Service, app_id: str, *, at: datetime | None = None) -> MemberList:
    """超龄未退休职工名册: the application's members the pack finds over age and not retired.

    Judged by the pack on ``at``'s day (default: the service's clock), as
    submission judges them; one row per member and plan, in roster order.
    """
    on = (at if at is not None else svc.clock()).date()
    app = svc.store.get(Application, app_id)
    rules = svc.rules(app.pack)
    rows: list[MemberRow] = []
    for line in app.lines:
        plan = rules.plan(line.plan_code)
        over = [
            e
            for e in line.roster
            if any(f.code == OVER_RETIREMENT for f in rules.member_findings(e.member, plan, on))
        ]
        listed = MemberList.from_roster(
            Roster(line.plan_code, tuple(over)), plan=plan, start=len(rows) + 1
        )
        rows += listed.rows
    return MemberList("超龄未退休职工名册", tuple(rows))


def history_roster(svc: Service, app_id: str, *, plan_code: str | None = None) -> Roster:
    """导出历史计划参保名单: last plan's members, as a roster of this application's plan.

    The unit's latest policy of the same plan family ending before this
    plan's coverage starts (cancelled ones left out); each member keeps the
    tier and shares held there (those who left it are left out). Empty
    when the unit had none.
    """
    app = svc.store.get(Application, app_id)
    line = app.line(plan_code) if plan_code is not None else app.lines[0]
    plan = svc.rules(app.pack).plan(line.plan_code)
    earlier = [
        p
        for p in svc.store.policies_of_unit(app.unit_id)
        if p.plan_family == plan.family_code
        and p.coverage.end < plan.coverage.start
        and p.status is not PolicyStatus.CANCELLED
    ]
    if not earlier:
        return Roster(line.plan_code)
    last = max(earlier, key=lambda p: p.coverage.end)
    return Roster(
        line.plan_code,
        tuple(
            RosterEntry(pm.member, line.plan_code, pm.tier_code, pm.shares)
            for pm in last.members
            if pm.left_on is None
        ),
    )
