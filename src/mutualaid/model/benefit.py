"""Benefits (互助金 / 给付): the steps a pack declares, the computed benefit and its rows.

A pack declares a benefit as an ordered list of :class:`BenefitStep` (data,
not code): the eligible amount, exclusions (全自费, 超限价), a deductible
(起付线), a ratio (比例), a per-day allowance, a lump sum and caps. Each step
names the dated parameter that holds its number; the computation
(:mod:`mutualaid.claims.benefits`) writes one :class:`BenefitRow` per step,
and :class:`Benefit` refuses rows that do not add up to the amount.

>>> from datetime import date
>>> rows = (
...     BenefitRow("eligible", StepKind.ELIGIBLE, "0", "8000", added="8000", note="合规费用"),
...     BenefitRow("deductible", StepKind.DEDUCTIBLE, "8000", "7200", withheld="800",
...                reason="benefit.deductible", parameter="demo.deductible", value="800.00",
...                valid_from=date(2025, 1, 1), source="demo manual §1"),
...     BenefitRow("ratio", StepKind.RATIO, "7200", "3600", withheld="3600",
...                reason="benefit.ratio", parameter="demo.ratio", value="0.5"),
... )
>>> b = Benefit("LP1", "demo-2025", "disease_hospitalization", date(2025, 5, 3), 1, "3600", rows)
>>> b.amount, b.withheld, b.codes
(Decimal('3600.00'), Decimal('4400.00'), ('benefit.deductible', 'benefit.ratio'))
>>> Benefit("LP1", "demo-2025", "disease_hospitalization", date(2025, 5, 3), 1, "3600.01", rows)
Traceback (most recent call last):
...
mutualaid.errors.ConversionError: benefit 3600.01 of LP1 is not what its rows add up to (3600.00)

A refused case pays nothing and says why (:attr:`Benefit.refusal`):

>>> Benefit.refused("LP2", "demo-2025", "other", date(2025, 5, 3), "cover.waiting_period").amount
Decimal('0.00')

Layer 2: values only. Since 0.2.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum

import attrs

from mutualaid.errors import ConversionError
from mutualaid.model._fields import non_negative_yuan
from mutualaid.money import ZERO

__all__ = [
    "Benefit",
    "BenefitRow",
    "BenefitStep",
    "BenefitSteps",
    "CapScope",
    "CapStanding",
    "Coverage",
    "DaysStanding",
    "StepKind",
]


class StepKind(StrEnum):
    """What a benefit step does.

    * ``eligible``: adds the case's amount named by :attr:`BenefitStep.amount`
      (e.g. ``total`` of the settlement sheet);
    * ``exclude``: withholds the case's amount named by ``amount`` (全自费
      ``self_pay``, 超限价 ``over_limit``, what basic medical insurance paid,
      ``insurance_paid``), never more than the running amount of its category;
    * ``deductible``: withholds the deductible (起付线) not used yet (per case or
      per coverage period);
    * ``ratio``: keeps the ratio (比例) of its category, one ratio, by hospital
      level or by amount band (分段累进), rounded half up to the fen;
    * ``allowance``: adds a per-day amount times the days (at most the days left);
    * ``lump_sum``: adds a fixed amount;
    * ``cap``: withholds what exceeds the cap (per case, coverage period or life,
      of one category or of the whole benefit).
    """

    ELIGIBLE = "eligible"
    EXCLUDE = "exclude"
    DEDUCTIBLE = "deductible"
    RATIO = "ratio"
    ALLOWANCE = "allowance"
    LUMP_SUM = "lump_sum"
    CAP = "cap"


class CapScope(StrEnum):
    """What a cap, deductible or maximum of days counts over."""

    CASE = "case"
    PERIOD = "period"
    LIFE = "life"


def _steps(values: Iterable[BenefitStep]) -> tuple[BenefitStep, ...]:
    return tuple(values)


@attrs.frozen
class BenefitStep:
    """One declared step of a benefit (pack data, checked at load).

    :param id: the step's name within its list (``deductible``, ``cap_period``).
    :param kind: :class:`StepKind`.
    :param parameter: the dated parameter holding the step's number (an amount,
        a ratio, ratio bands or ratios by hospital level); ``None`` for
        ``eligible`` and ``exclude``, which read the case.
    :param amount: the case's amount an ``eligible`` or ``exclude`` step reads.
    :param category: the category the step works on (``medical``, ``allowance``);
        ``None`` on a cap: the whole benefit.
    :param scope: what a ``cap``, ``deductible`` or ``allowance``'s days count over.
    :param by_shares: the step's amount is multiplied by the member's shares (份数).
    :param max_days: for an ``allowance``: the parameter holding the most days paid.
    :param by: for a ``ratio``: ``hospital_level`` (a ratio per level) or
        ``band`` (progressive bands); ``None``: one ratio.
    :param source: the passage the step comes from (a manual's section, a page).
    """

    id: str
    kind: StepKind = attrs.field(converter=StepKind)
    parameter: str | None = None
    amount: str | None = None
    category: str | None = "medical"
    scope: CapScope = attrs.field(default=CapScope.CASE, converter=CapScope)
    by_shares: bool = False
    max_days: str | None = None
    by: str | None = None
    source: str | None = None


@attrs.frozen
class BenefitSteps:
    """The steps of one plan's benefit for one claim type, in order.

    :param plan: the plan code or plan family they apply to.
    :param claim_type: the claim type's code (``disease_hospitalization``).
    :param steps: the steps, applied in order.
    :param waiting: the parameter holding the waiting period (等待期) in days from
        the member's first day of cover, if any (incidents inside it are not covered).
    :param pack: the pack that declared them.
    """

    plan: str
    claim_type: str
    steps: tuple[BenefitStep, ...] = attrs.field(converter=_steps)
    waiting: str | None = None
    pack: str = ""

    def step(self, step_id: str) -> BenefitStep:
        """The step called ``step_id`` (``KeyError`` when there is none)."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


@attrs.frozen
class BenefitRow:
    """One step's line in a benefit's explanation.

    ``output == input + added - withheld`` is checked: a row cannot lie about
    its arithmetic.

    :param step: the step's id.
    :param kind: :class:`StepKind`.
    :param input: the benefit before the step (yuan).
    :param output: the benefit after the step.
    :param added: what the step added (eligible amount, allowance, lump sum).
    :param withheld: what the step withheld.
    :param reason: why it withheld (a ``benefit.*`` code), ``None`` when nothing.
    :param category: the category the step worked on.
    :param parameter: the dated parameter used, if any.
    :param value: its value as text (``"800.00"``, ``"0.5"``).
    :param valid_from: the day that value took effect.
    :param source: the passage behind the value (or the step).
    :param illustrative: the value is illustrative, not from a source.
    :param note: the arithmetic in words (``"10 days x 50.00 x 2 shares"``).
    :param days: the days an ``allowance`` row paid (0 for other rows).
    """

    step: str
    kind: StepKind = attrs.field(converter=StepKind)
    input: Decimal = attrs.field(converter=non_negative_yuan)
    output: Decimal = attrs.field(converter=non_negative_yuan)
    added: Decimal = attrs.field(default=ZERO, converter=non_negative_yuan)
    withheld: Decimal = attrs.field(default=ZERO, converter=non_negative_yuan)
    reason: str | None = None
    category: str | None = None
    parameter: str | None = None
    value: str | None = None
    valid_from: date | None = None
    source: str | None = None
    illustrative: bool = False
    note: str = ""
    days: int = 0

    def __attrs_post_init__(self) -> None:
        if self.days < 0:
            raise ConversionError(f"step {self.step}: days must not be negative, got {self.days}")
        if self.output != self.input + self.added - self.withheld:
            raise ConversionError(
                f"step {self.step}: {self.input} + {self.added} - {self.withheld} is not {self.output}"
            )
        if self.withheld and self.reason is None:
            raise ConversionError(f"step {self.step} withholds {self.withheld} without a reason")


def _rows(values: Iterable[BenefitRow]) -> tuple[BenefitRow, ...]:
    return tuple(values)


@attrs.frozen
class Benefit:
    """A computed benefit (申领计算) with one :class:`BenefitRow` per step.

    The constructor checks that the rows chain (each starts where the one
    before ended, the first at 0) and that what they add less what they
    withhold is :attr:`amount`, to the fen.

    :param claim_id: the case.
    :param plan_code: the plan that pays.
    :param claim_type: the claim type's code.
    :param incident_date: 出险日期 (the parameters' values are those in effect that day).
    :param shares: the member's shares (份数) used.
    :param amount: the benefit (互助金), yuan.
    :param rows: the explanation, one row per step.
    :param refusal: the ``cover.*`` / ``benefit.*`` code (or ``claim.type_not_in_plan``)
        when the case pays nothing
        because it is refused (then there are no rows).
    :param policy_number: the policy that covers the member.
    :param pack: the pack (and version) whose data gave the steps.
    """

    claim_id: str
    plan_code: str
    claim_type: str
    incident_date: date
    shares: int
    amount: Decimal = attrs.field(converter=non_negative_yuan)
    rows: tuple[BenefitRow, ...] = attrs.field(default=(), converter=_rows)
    refusal: str | None = None
    policy_number: str | None = None
    pack: str = ""

    def __attrs_post_init__(self) -> None:
        running = ZERO
        added = withheld = ZERO
        for row in self.rows:
            if row.input != running:
                raise ConversionError(
                    f"benefit of {self.claim_id}: step {row.step} starts at {row.input}, "
                    f"the step before ended at {running}"
                )
            running = row.output
            added += row.added
            withheld += row.withheld
        if added - withheld != self.amount or running != self.amount:
            raise ConversionError(
                f"benefit {self.amount} of {self.claim_id} is not what its rows add up to ({running})"
            )
        if self.refusal is not None and (self.rows or self.amount):
            raise ConversionError(f"refused benefit of {self.claim_id} must pay nothing")

    @classmethod
    def refused(
        cls,
        claim_id: str,
        plan_code: str,
        claim_type: str,
        incident_date: date,
        code: str,
        *,
        shares: int = 0,
        policy_number: str | None = None,
        pack: str = "",
    ) -> Benefit:
        """A case that pays nothing, because of ``code``."""
        return cls(
            claim_id,
            plan_code,
            claim_type,
            incident_date,
            shares,
            ZERO,
            (),
            code,
            policy_number,
            pack,
        )

    @property
    def withheld(self) -> Decimal:
        """All that the steps withheld."""
        return sum((r.withheld for r in self.rows), ZERO)

    @property
    def codes(self) -> tuple[str, ...]:
        """The refusal, or the reasons the steps withheld, each once, in order."""
        if self.refusal is not None:
            return (self.refusal,)
        return tuple(dict.fromkeys(r.reason for r in self.rows if r.reason is not None))

    def by_category(self) -> dict[str, Decimal]:
        """What each category contributes to the amount (rows without one that change
        something under ``""``; those that change nothing are left out)."""
        found: dict[str, Decimal] = {}
        for r in self.rows:
            if r.category is None and not (r.added or r.withheld):
                continue
            key = r.category or ""
            found[key] = found.get(key, ZERO) + r.added - r.withheld
        return found


@attrs.frozen
class CapStanding:
    """A cap (or deductible) and how much of it is used and left.

    :param step: the step's id.
    :param scope: :class:`CapScope`.
    :param category: the category it limits (``None``: the whole benefit).
    :param limit: the cap (times the shares where the step says), yuan.
    :param used: used so far in its scope.
    :param left: what is left (never negative).
    """

    step: str
    scope: CapScope = attrs.field(converter=CapScope)
    category: str | None
    limit: Decimal = attrs.field(converter=non_negative_yuan)
    used: Decimal = attrs.field(converter=non_negative_yuan)

    @property
    def left(self) -> Decimal:
        """``limit - used``, never below 0."""
        return max(self.limit - self.used, ZERO)


@attrs.frozen
class DaysStanding:
    """An allowance's maximum of days, used and left."""

    step: str
    scope: CapScope = attrs.field(converter=CapScope)
    limit: int
    used: int

    @property
    def left(self) -> int:
        """``limit - used``, never below 0."""
        return max(self.limit - self.used, 0)


def _caps(values: Iterable[CapStanding]) -> tuple[CapStanding, ...]:
    return tuple(values)


def _days(values: Iterable[DaysStanding]) -> tuple[DaysStanding, ...]:
    return tuple(values)


@attrs.frozen
class Coverage:
    """Who is covered for what: the answer before a case is accepted.

    :param covered: the member is covered for the claim type on the incident date.
    :param code: why not (a ``cover.*`` code, ``claim.type_not_in_plan`` or the
        deferral ``benefit.no_steps``), ``None`` when covered.
    :param claim_type: the claim type's code asked about.
    :param incident_date: the day asked about.
    :param policy_number: the policy that covers (or would cover) the member.
    :param plan_code: its plan.
    :param shares: the member's shares (份数) on that policy.
    :param cover_starts: the member's first day of cover on that policy.
    :param cover_ends: the last day.
    :param waiting_ends: the last day of the waiting period (等待期), if any.
    :param deductible: the deductible standing (per period), if the steps have one.
    :param caps: each cap with what is used and left.
    :param days: each allowance's days used and left.
    """

    covered: bool
    code: str | None
    claim_type: str
    incident_date: date
    policy_number: str | None = None
    plan_code: str | None = None
    shares: int = 0
    cover_starts: date | None = None
    cover_ends: date | None = None
    waiting_ends: date | None = None
    deductible: CapStanding | None = None
    caps: tuple[CapStanding, ...] = attrs.field(default=(), converter=_caps)
    days: tuple[DaysStanding, ...] = attrs.field(default=(), converter=_days)

    def __attrs_post_init__(self) -> None:
        if self.covered == (self.code is not None):
            raise ConversionError("a coverage answer is covered with no code, or not with a code")
