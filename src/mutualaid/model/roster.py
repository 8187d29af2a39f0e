"""Rosters (参保名单 / 参互职工汇总表): the members one application or endorsement enrols.

A roster belongs to one plan; each entry says which tier and how many shares
the member takes (a unit picks one tier per plan in Yiyang, shares per
activity in Linyi and Guangdong).

>>> a = Member.from_resident_id("张三", "11010519491231002X")
>>> b = Member.from_resident_id("李四", "440304199003070018")
>>> roster = Roster.of("yiyang-medical-2026", [a, b], tier_code="60")
>>> len(roster), roster.headcount, roster.shares
(2, 2, 2)
>>> [e.member.name for e in roster]
['张三', '李四']
>>> roster.with_entries([RosterEntry(a, "yiyang-medical-2026", "60")]).headcount
1
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import attrs

from mutualaid.model.member import Member

__all__ = ["Roster", "RosterEntry"]


@attrs.frozen
class RosterEntry:
    """One member on a roster.

    :param member: the member.
    :param plan_code: the plan the member is enrolled in.
    :param tier_code: the tier (档位), when the plan has more than one.
    :param shares: 份数, at least 1.
    :param effective_date: the member's own effective date (endorsements), when set.
    """

    member: Member
    plan_code: str
    tier_code: str | None = None
    shares: int = 1
    effective_date: date | None = None


@attrs.frozen
class Roster:
    """The entries of one plan, in the order they were read.

    :param plan_code: the plan.
    :param entries: the accepted rows, as :class:`RosterEntry`.
    """

    plan_code: str
    entries: tuple[RosterEntry, ...] = ()

    @classmethod
    def of(
        cls,
        plan_code: str,
        members: Iterable[Member],
        *,
        tier_code: str | None = None,
        shares: int = 1,
        effective_date: date | None = None,
    ) -> Roster:
        """A roster giving every member the same tier, shares and effective date."""
        return cls(
            plan_code,
            tuple(RosterEntry(m, plan_code, tier_code, shares, effective_date) for m in members),
        )

    def with_entries(self, entries: Iterable[RosterEntry]) -> Roster:
        """The same roster with other entries (e.g. after deleting some)."""
        return attrs.evolve(self, entries=tuple(entries))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[RosterEntry]:
        return iter(self.entries)

    @property
    def members(self) -> tuple[Member, ...]:
        """The members, in order."""
        return tuple(e.member for e in self.entries)

    @property
    def headcount(self) -> int:
        """Distinct members (by ID type and number): 参保人数."""
        return len({e.member.key for e in self.entries})

    @property
    def shares(self) -> int:
        """Total shares over all entries."""
        return sum(e.shares for e in self.entries)
