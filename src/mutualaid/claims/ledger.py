"""The accumulator ledger: what each member's cases used, append only, replayable.

Per member, plan family and coverage period. Computing a case writes its
entries (:func:`entries_for`) under the case's next revision; recalculating
the case writes new entries under a higher revision, which supersede the
earlier ones: nothing is edited or deleted. A rejected or deleted case is
voided by a revision with a single ``void`` entry. :func:`standing` adds up
the current entries, so replaying a member's year from the entries gives the
same totals however they were written.

>>> from datetime import date
>>> from mutualaid.model import CoveragePeriod, Member, Plan, PlanKind, Tier, Contribution
>>> from mutualaid.model.benefit import Benefit, BenefitRow
>>> m = Member.from_resident_id("张三", "11010519491231002X")
>>> plan = Plan("P-2026", "住院", PlanKind.HOSPITALIZATION_MEDICAL,
...             CoveragePeriod.calendar_year(2026), (Tier("T", "T", Contribution(60)),))
>>> paid = Benefit("LP1", "P-2026", "other", date(2026, 5, 3), 1, "300",
...                (BenefitRow("lump", "lump_sum", "0", "300", added="300", category="lump_sum"),))
>>> ledger = Ledger().record(paid, m, plan, recorded_on=date(2026, 6, 1))
>>> ledger.standing(m.key, plan).paid("period", None)
Decimal('300.00')
>>> again = ledger.record(attrs.evolve(paid, amount="200", rows=(
...     BenefitRow("lump", "lump_sum", "0", "200", added="200", category="lump_sum"),)), m, plan,
...     recorded_on=date(2026, 6, 2))
>>> again.standing(m.key, plan).paid("period", "lump_sum"), len(again.entries)
(Decimal('200.00'), 2)

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from mutualaid.model.benefit import Benefit, StepKind
from mutualaid.model.ledger import LedgerEntry, Measure, Standing
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.money import ZERO

__all__ = [
    "Ledger",
    "current",
    "entries_for",
    "next_revision",
    "paid_cases",
    "standing",
    "void_entry",
]


def current(entries: Iterable[LedgerEntry]) -> tuple[LedgerEntry, ...]:
    """The entries of each case's highest revision, in their order (``void`` ones included).

    >>> current([]) == ()
    True
    """
    listed = tuple(entries)
    latest: dict[str, int] = {}
    for e in listed:
        latest[e.claim_id] = max(latest.get(e.claim_id, 0), e.revision)
    return tuple(e for e in listed if e.revision == latest[e.claim_id])


def next_revision(entries: Iterable[LedgerEntry], claim_id: str) -> int:
    """The revision a new calculation of ``claim_id`` is written under (1 for the first)."""
    return 1 + max((e.revision for e in entries if e.claim_id == claim_id), default=0)


def _mine(
    entries: Iterable[LedgerEntry], member_key: tuple[str, str], family: str
) -> tuple[LedgerEntry, ...]:
    return tuple(e for e in entries if e.member_key == member_key and e.plan_family == family)


def standing(
    entries: Iterable[LedgerEntry],
    member_key: tuple[str, str],
    family: str,
    period_start: date,
    *,
    excluding: str | None = None,
) -> Standing:
    """What the member's current cases of the plan ``family`` used: in the coverage period
    starting ``period_start`` and for life; ``excluding`` one case (the one being recalculated)."""
    paid: dict[str, dict[str, Decimal]] = {"period": {}, "life": {}}
    deductible: dict[str, dict[str, Decimal]] = {"period": {}, "life": {}}
    days: dict[str, dict[str, int]] = {"period": {}, "life": {}}
    for e in current(_mine(entries, member_key, family)):
        if e.claim_id == excluding:
            continue
        scopes = ("period", "life") if e.period_start == period_start else ("life",)
        for scope in scopes:
            if e.measure is Measure.PAID:
                for key in (e.category or "", ""):
                    paid[scope][key] = paid[scope].get(key, ZERO) + e.amount
                    if not e.category:
                        break
            elif e.measure is Measure.DEDUCTIBLE and e.step is not None:
                deductible[scope][e.step] = deductible[scope].get(e.step, ZERO) + e.amount
            elif e.measure is Measure.DAYS and e.step is not None:
                days[scope][e.step] = days[scope].get(e.step, 0) + e.days
    return Standing(
        paid["period"],
        paid["life"],
        deductible["period"],
        deductible["life"],
        days["period"],
        days["life"],
    )


def void_entry(
    claim_id: str,
    member: Member,
    plan: Plan,
    revision: int,
    *,
    recorded_on: date | None = None,
    claim_type: str | None = None,
    incident_date: date | None = None,
) -> LedgerEntry:
    """The one entry of a revision that pays nothing (a case rejected, deleted or recalculated to 0)."""
    id_type, id_number = member.key
    return LedgerEntry(
        id_type,
        id_number,
        plan.family_code,
        plan.code,
        plan.coverage.start,
        plan.coverage.end,
        claim_id,
        revision,
        Measure.VOID,
        ZERO,
        recorded_on=recorded_on,
        claim_type=claim_type,
        incident_date=incident_date,
    )


def entries_for(
    benefit: Benefit, member: Member, plan: Plan, revision: int, *, recorded_on: date | None = None
) -> tuple[LedgerEntry, ...]:
    """The entries a computed benefit writes: paid per category, deductible used per step,
    allowance days paid per step; a single ``void`` entry when it uses nothing."""
    void = void_entry(
        benefit.claim_id,
        member,
        plan,
        revision,
        recorded_on=recorded_on,
        claim_type=benefit.claim_type,
        incident_date=benefit.incident_date,
    )
    found: list[LedgerEntry] = []
    for category, amount in benefit.by_category().items():
        if amount:
            found.append(
                attrs.evolve(void, measure=Measure.PAID, amount=amount, category=category or None)
            )
    for row in benefit.rows:
        if row.kind is StepKind.DEDUCTIBLE and row.withheld:
            found.append(
                attrs.evolve(void, measure=Measure.DEDUCTIBLE, amount=row.withheld, step=row.step)
            )
        if row.kind is StepKind.ALLOWANCE and row.days:
            found.append(attrs.evolve(void, measure=Measure.DAYS, step=row.step, days=row.days))
    return tuple(found) or (void,)


def paid_cases(entries: Iterable[LedgerEntry]) -> tuple[LedgerEntry, ...]:
    """The current entries of cases that paid something (a duplicate check looks at them)."""
    return tuple(e for e in current(entries) if e.measure is not Measure.VOID)


def _entries(values: Iterable[LedgerEntry]) -> tuple[LedgerEntry, ...]:
    return tuple(values)


@attrs.frozen
class Ledger:
    """An append-only ledger in memory (the stores keep the same entries).

    :param entries: every entry ever written, in order.
    """

    entries: tuple[LedgerEntry, ...] = attrs.field(default=(), converter=_entries)

    def record(
        self, benefit: Benefit, member: Member, plan: Plan, *, recorded_on: date | None = None
    ) -> Ledger:
        """This ledger plus ``benefit``'s entries, under the case's next revision."""
        revision = next_revision(self.entries, benefit.claim_id)
        return Ledger(
            (*self.entries, *entries_for(benefit, member, plan, revision, recorded_on=recorded_on))
        )

    def void(
        self, claim_id: str, member: Member, plan: Plan, *, recorded_on: date | None = None
    ) -> Ledger:
        """This ledger with ``claim_id`` voided (a revision that uses nothing)."""
        revision = next_revision(self.entries, claim_id)
        entry = void_entry(claim_id, member, plan, revision, recorded_on=recorded_on)
        return Ledger((*self.entries, entry))

    def standing(
        self, member_key: tuple[str, str], plan: Plan, *, excluding: str | None = None
    ) -> Standing:
        """:func:`standing` for the member in ``plan``'s family and coverage period."""
        return standing(
            self.entries, member_key, plan.family_code, plan.coverage.start, excluding=excluding
        )
