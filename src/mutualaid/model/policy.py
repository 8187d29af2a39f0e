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

Which days a member is covered has one definition, :meth:`Policy.cover_span`
(the first and last day, on the policy's terms); :meth:`Policy.covers`, the
life cycle's waiting period and the stores' queries all ask it:

>>> str(gone.cover_span("11010519491231002X"))
'2025-01-01 至 2025-05-31'

The same plan in another period (last year's policy, for a waiting period,
an overlapping one for double cover) is recognised by the plan's family
(:attr:`~mutualaid.model.plan.Plan.family`, copied onto the policy when it is
built); a policy without one falls back to the plan code without its year,
:func:`~mutualaid.model.plan.plan_family`:

>>> attrs.evolve(policy, family="WH-MED").plan_family, policy.plan_family
('WH-MED', 'weihai-medical')
>>> plan_family("GD-HOSP-2026") == plan_family("GD-HOSP-2025") == "GD-HOSP"
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Final

import attrs

from mutualaid.model.endorsement import Endorsement
from mutualaid.model.member import Member
from mutualaid.model.plan import CoveragePeriod, plan_family
from mutualaid.model.states import EndorsementStatus, PolicyStatus

__all__ = ["CoveragePeriod", "Policy", "PolicyMember", "plan_family"]

_DAY: Final = timedelta(days=1)


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
    :param family: the plan's family (:attr:`~mutualaid.model.plan.Plan.family`),
      when the plan names one; see :attr:`plan_family`.
    :param waiting_period_end: the last day of the waiting period (免责期) the pack
      set when the policy was built, after a gap since the unit's earlier cover of
      the plan's family (its bound prior policies counted); ``None``: none.
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
    family: str | None = None
    waiting_period_end: date | None = None

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

    @property
    def plan_family(self) -> str:
        """The plan across periods: :attr:`family`, else :func:`plan_family` of the plan code."""
        return self.family if self.family is not None else plan_family(self.plan_code)

    def covers(self, id_number: str, on: date, endorsements: Iterable[Endorsement] = ()) -> bool:
        """True when the policy is effective and ``on`` is a day of the member's
        :meth:`cover_span` (endorsements of this policy count)."""
        if self.status is not PolicyStatus.EFFECTIVE or not self.coverage.contains(on):
            return False
        span = self.cover_span(id_number, endorsements)
        return span is not None and span.start <= on <= span.end

    def cover_span(
        self, id_number: str, endorsements: Iterable[Endorsement] = ()
    ) -> CoveragePeriod | None:
        """The first and last day the policy covers the member, or ``None`` (never).

        The one definition of a member's cover; the policy's status is the
        caller's business (:meth:`covers` asks for an effective policy, a waiting
        period looks at expired ones too), except that a cancelled policy
        covers nobody.

        * A member on the policy is covered from their own effective date, else
          the policy's, else the coverage start, to the end of the coverage; if
          they left (:attr:`PolicyMember.left_on`, a transfer), until the day
          before. Listed twice, their first entry counts.
        * A member not on the policy but added by an effective endorsement of
          this policy (``endorsements`` may hold others; they are skipped) is
          covered from their roster entry's effective date, else the
          endorsement's, to the end of the coverage; the earliest such
          endorsement counts. An endorsed member is put on the policy
          (:func:`~mutualaid.lifecycle.policies.endorse`) and then that entry
          counts, so leaving ends their cover.
        * Days outside the coverage period never count; a member who left before
          their cover began has none.

        >>> from mutualaid.model import Roster
        >>> m = Member.from_resident_id("张三", "11010519491231002X")
        >>> p = Policy("P1", "U1", "A1", "med-2025", CoveragePeriod.calendar_year(2025), (),
        ...            PolicyStatus.EFFECTIVE, date(2025, 3, 1))
        >>> e = Endorsement("BQ1", "P1", "U1", date(2025, 6, 1), Roster.of("med-2025", [m]),
        ...                 EndorsementStatus.EFFECTIVE)
        >>> p.cover_span(m.id_number) is None, str(p.cover_span(m.id_number, [e]))
        (True, '2025-06-01 至 2025-12-31')
        """
        for _, span in self._spans(endorsements, id_number):
            return span
        return None

    def cover_spans(
        self, endorsements: Iterable[Endorsement] = ()
    ) -> tuple[tuple[Member, CoveragePeriod], ...]:
        """Every covered member with their :meth:`cover_span`, each once, in the order
        listed (the policy's members, then endorsed ones)."""
        return tuple(self._spans(endorsements, None))

    def _days(self, start: date, left_on: date | None) -> CoveragePeriod | None:
        first = max(start, self.coverage.start)
        last = self.coverage.end if left_on is None else min(self.coverage.end, left_on - _DAY)
        return CoveragePeriod(first, last) if first <= last else None

    def _spans(
        self, endorsements: Iterable[Endorsement], only: str | None
    ) -> Iterator[tuple[Member, CoveragePeriod]]:
        """The one rule of :meth:`cover_span`, for one member (``only``) or all."""
        if self.status is PolicyStatus.CANCELLED:
            return
        seen: set[str] = set()
        for pm in self.members:
            number = pm.member.id_number
            if number in seen or (only is not None and number != only):
                continue
            seen.add(number)
            start = pm.effective_date or self.effective_date or self.coverage.start
            span = self._days(start, pm.left_on)
            if span is not None:
                yield pm.member, span
        endorsed: dict[str, tuple[Member, date]] = {}
        for e in endorsements:
            if e.policy_number != self.number or e.status is not EndorsementStatus.EFFECTIVE:
                continue
            for entry in e.roster.entries:
                number = entry.member.id_number
                if number in seen or (only is not None and number != only):
                    continue
                start = entry.effective_date or e.effective_date
                if number not in endorsed or start < endorsed[number][1]:
                    endorsed[number] = (endorsed.get(number, (entry.member,))[0], start)
        for member, start in endorsed.values():
            span = self._days(start, None)
            if span is not None:
                yield member, span
