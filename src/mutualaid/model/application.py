"""Applications (参保申请单 / 参互申请单): one enrolment request of one unit.

An application holds one line per plan (Yiyang allows one, Linyi and
Guangdong several), each with its tier, shares, roster and gift plans; the
counts the unit declares; the materials asked for; and, in a group enrolment,
the group it belongs to.

>>> from mutualaid.model import Member
>>> a = Member.from_resident_id("张三", "11010519491231002X")
>>> line = ApplicationLine("yiyang-medical-2026", "60", roster=Roster.of("yiyang-medical-2026", [a]))
>>> app = Application(
...     id="CB20241108092137000001",
...     unit_id="U1",
...     pack="yiyang",
...     lines=(line,),
...     declared=DeclaredCounts(medical_insurance_headcount=1),
... )
>>> app.status.label, app.headcount, app.plan_codes
('暂存', 1, ('yiyang-medical-2026',))
>>> app.line("yiyang-medical-2026").tier_code
'60'
>>> import attrs
>>> attrs.evolve(app, status=ApplicationStatus.SUBMITTED).status.label
'待审核'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import attrs

from mutualaid.errors import UnknownPlan
from mutualaid.model.material import Material
from mutualaid.model.roster import Roster
from mutualaid.model.states import ApplicationStatus, GroupPartStatus
from mutualaid.model.unit import Contact

__all__ = ["DECLARED_LABELS", "Application", "ApplicationLine", "DeclaredCounts"]


@attrs.frozen
class DeclaredCounts:
    """Counts the unit declares on the application; rule packs compare them with the roster.

    :param insured_headcount: 社保缴费人数 (Weihai): the unit's staff on social security.
    :param medical_insurance_headcount: 单位缴纳城镇职工医保人数 / 参加医保人数 (Yiyang).
    :param active_staff: 在职职工人数 (Linyi).
    :param active_female_staff: 在职女职工人数 (Linyi).
    :param paying_headcount: 缴费人数 (Weihai): the members the unit declares it
        will pay for; the entered roster must match it, and 参保比例 is
        ``paying_headcount / insured_headcount``.

    >>> counts = DeclaredCounts(insured_headcount=120, paying_headcount=110)
    >>> [(DeclaredCounts.label(n), getattr(counts, n)) for n in ("insured_headcount", "paying_headcount")]
    [('社保缴费人数', 120), ('缴费人数', 110)]
    """

    insured_headcount: int | None = None
    medical_insurance_headcount: int | None = None
    active_staff: int | None = None
    active_female_staff: int | None = None
    paying_headcount: int | None = None

    @staticmethod
    def label(name: str) -> str:
        """The Chinese label of the count ``name`` as the seeds write it (the name itself if unknown)."""
        return DECLARED_LABELS.get(name, name)


#: The Chinese label of each declared count, as the seeds write it.
DECLARED_LABELS: Mapping[str, str] = {
    "insured_headcount": "社保缴费人数",
    "medical_insurance_headcount": "单位缴纳城镇职工医保人数",
    "active_staff": "在职职工人数",
    "active_female_staff": "在职女职工人数",
    "paying_headcount": "缴费人数",
}


def _empty_roster(line: ApplicationLine) -> Roster:
    return Roster(line.plan_code)


@attrs.frozen
class ApplicationLine:
    """One plan on an application (保障计划 / 保障活动) with its roster.

    :param plan_code: the plan.
    :param tier_code: the tier (档位) chosen for the whole unit, if the plan has tiers.
    :param shares: 份数 per member.
    :param roster: the members enrolled in this plan (empty until imported).
    :param gift_plans: codes of the gift plans added (赠送计划).
    """

    plan_code: str
    tier_code: str | None = None
    shares: int = 1
    roster: Roster = attrs.field(default=attrs.Factory(_empty_roster, takes_self=True))
    gift_plans: tuple[str, ...] = ()

    @property
    def headcount(self) -> int:
        """Distinct members on this line's roster."""
        return self.roster.headcount


@attrs.frozen
class Application:
    """One enrolment request of one unit.

    :param id: the host's identifier or the system's number (``CB2024...``).
    :param unit_id: the applying unit.
    :param pack: the rule pack's name (``"weihai"``, ``"guangdong"``, ...).
    :param status: :class:`~mutualaid.model.states.ApplicationStatus`.
    :param lines: one per plan.
    :param declared: the counts declared by the unit.
    :param reference_effective_date: 生效参考日期 (Guangdong): coverage starts then if paid in time.
    :param requested_effective_date: the effective date the unit asked for (Shenzhen's 保单生效日期).
    :param terms_accepted: the notice of terms (告知书) was accepted (Shenzhen).
    :param materials: the documents asked for and provided.
    :param group_id: the group enrolment this application belongs to (集团统一参保).
    :param group_part_status: for a subsidiary's part of a group enrolment.
    :param group_deadline: the HQ's deadline for subsidiaries' parts.
    :param subsidiary_ids: for the HQ's application: the subsidiaries enrolled with it.
    :param contact: the mutual-aid contact person for this application (Shenzhen).
    :param remarks: the unit's remarks (参保说明, Linyi).
    :param feedback: the latest review feedback (审核反馈 / return reasons).
    """

    id: str
    unit_id: str
    pack: str
    status: ApplicationStatus = ApplicationStatus.DRAFT
    lines: tuple[ApplicationLine, ...] = ()
    declared: DeclaredCounts = DeclaredCounts()
    reference_effective_date: date | None = None
    requested_effective_date: date | None = None
    terms_accepted: bool = False
    materials: tuple[Material, ...] = ()
    group_id: str | None = None
    group_part_status: GroupPartStatus | None = None
    group_deadline: date | None = None
    subsidiary_ids: tuple[str, ...] = ()
    contact: Contact | None = None
    remarks: str = ""
    feedback: str = ""
    version: int = 0

    def line(self, plan_code: str) -> ApplicationLine:
        """The line for ``plan_code``; :class:`~mutualaid.errors.UnknownPlan` otherwise."""
        for line in self.lines:
            if line.plan_code == plan_code:
                return line
        raise UnknownPlan(
            f"application {self.id} has no line for plan {plan_code!r}",
            hint=f"Its plans are: {', '.join(self.plan_codes) or '(none)'}.",
            plan=plan_code,
        )

    @property
    def plan_codes(self) -> tuple[str, ...]:
        """The plans applied for, in order."""
        return tuple(line.plan_code for line in self.lines)

    @property
    def headcount(self) -> int:
        """Distinct members over all lines (参保总人数)."""
        return len({e.member.key for line in self.lines for e in line.roster.entries})

    @property
    def is_group_part(self) -> bool:
        """True for a subsidiary's part of a group enrolment."""
        return self.group_part_status is not None
