"""Policies (保单 / 电子保单): the cover an approved, paid application gives.

>>> from datetime import date
>>> from mutualaid.model import Member
>>> m = Member.from_resident_id("张三", "11010519491231002X")
>>> policy = Policy(
...     number="P2025-0001",
...     unit_id="U1",
...     application_id="CB1",
...     plan_code="weihai-medical-2025",
...     coverage=CoveragePeriod.calendar_year(2025),
...     members=(PolicyMember(m, "standard", 1, date(2025, 1, 1)),),
...     status=PolicyStatus.EFFECTIVE,
...     effective_date=date(2025, 1, 1),
... )
>>> policy.headcount, policy.find_member("11010519491231002X").tier_code
(1, 'standard')
>>> policy.covers("11010519491231002X", date(2025, 7, 1)), policy.covers("11010519491231002X", date(2026, 1, 1))
(True, False)

A member who left (transferred to another unit) is covered until the day before:

>>> import attrs
>>> gone = attrs.evolve(policy, members=(attrs.evolve(policy.members[0], left_on=date(2025, 6, 1)),))
>>> gone.covers("11010519491231002X", date(2025, 5, 31)), gone.covers("11010519491231002X", date(2025, 6, 1))
(True, False)
"""

from __future__ import annotations

from datetime import date

import attrs

from mutualaid.model.member import Member
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.states import PolicyStatus

__all__ = ["CoveragePeriod", "Policy", "PolicyMember"]


@attrs.frozen
class PolicyMember:
    """A member covered by a policy, from their own effective date.

    :param member: the member.
    :param tier_code: the tier, when the plan has tiers.
    :param shares: 份数.
    :param effective_date: the member's cover starts on this day (endorsed members later).
    :param left_on: the member left the policy on this day (transferred to another
        unit, Linyi 调入): covered before it, not from it; None while they stay.
    """

    member: Member
    tier_code: str | None = None
    shares: int = 1
    effective_date: date | None = None
    left_on: date | None = None


@attrs.frozen
class Policy:
    """One unit's policy for one plan.

    :param number: 保单号.
    :param unit_id: the insured unit.
    :param application_id: the application it came from.
    :param plan_code: the plan.
    :param coverage: the plan's coverage period.
    :param members: the covered members (endorsements add more).
    :param status: :class:`~mutualaid.model.states.PolicyStatus`.
    :param effective_date: set by the association (Shenzhen), or the day after the payment
      arrived when it arrived after the reference effective date (Guangdong).
    """

    number: str
    unit_id: str
    application_id: str
    plan_code: str
    coverage: CoveragePeriod
    members: tuple[PolicyMember, ...] = ()
    status: PolicyStatus = PolicyStatus.AWAITING_EFFECTIVE_DATE
    effective_date: date | None = None
    version: int = 0

    @property
    def headcount(self) -> int:
        """Distinct covered members."""
        return len({pm.member.key for pm in self.members})

    def find_member(self, id_number: str) -> PolicyMember | None:
        """The covered member with ``id_number`` (Linyi accepts claims by ID number)."""
        for pm in self.members:
            if pm.member.id_number == id_number:
                return pm
        return None

    def covers(self, id_number: str, on: date) -> bool:
        """True when the policy is effective and covers that member on that day."""
        if self.status is not PolicyStatus.EFFECTIVE or not self.coverage.contains(on):
            return False
        pm = self.find_member(id_number)
        if pm is None:
            return False
        starts = pm.effective_date or self.effective_date or self.coverage.start
        return starts <= on and (pm.left_on is None or on < pm.left_on)
