"""The answers rule packs give: pack identity, age limits, prices, effective dates, materials.

Each answer is a frozen value. Prices and dates carry an
:class:`~mutualaid.rules.explain.Explanation` (``explanation``), so a caller
can always ask *why*.

>>> from decimal import Decimal
>>> p = LinePrice(plan_code="YY-HOSP-2026", tier_code="T60", shares=1, members=2,
...               member_part=Decimal("120.00"), subsidy_part=Decimal("0.00"))
>>> p.total
Decimal('120.00')
>>> q = Quote.of([p])
>>> q.total, q.headcount
(Decimal('120.00'), 2)
>>> AgeLimits(minimum=16, maximum=None).admits(70)
True
>>> Situation.APPLICATION.label
'参保申请'

Since 0.1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

import attrs

from mutualaid.model.kinds import MaterialKind
from mutualaid.money import ZERO, total
from mutualaid.rules.explain import Explanation

__all__ = [
    "LEGAL_MINIMUM_WORKING_AGE",
    "AgeLimits",
    "AmountBasis",
    "ClaimStep",
    "EffectiveDate",
    "LinePrice",
    "MaterialRequirement",
    "PackInfo",
    "Quote",
    "Situation",
]

#: 《中华人民共和国劳动法》第十五条: no employer may hire anyone under 16.
LEGAL_MINIMUM_WORKING_AGE = 16


@attrs.frozen
class PackInfo:
    """Who a pack is: what ``mutualaid_pack_info`` returns.

    :param name: short lowercase name (``yiyang``), unique among installed packs.
    :param region: the region code it serves (``yiyang``); a pack is active only for it.
    :param version: the pack's own version (its distribution's version).
    :param title: a Chinese title (the system's name in the seed).
    :param core_versions: the mutualaid versions it supports, e.g. ``">=0.1,<0.2"``.
    :param extends: the name of a base pack whose rules apply where this one is silent.
    :param distribution: the distribution that ships it (``mutualaid-pack-yiyang``).
    :param operator: who runs the system (``益阳市总工会``...).

    >>> PackInfo(name="demo", region="demo", version="1.0", title="演示").core_versions
    '>=0.1'
    """

    name: str
    region: str
    version: str
    title: str
    core_versions: str = ">=0.1"
    extends: str | None = None
    distribution: str | None = None
    operator: str | None = None


@attrs.frozen
class AgeLimits:
    """Inclusive age limits in whole years (周岁). ``maximum`` ``None``: no upper limit.

    The engine never lets ``minimum`` fall below :data:`LEGAL_MINIMUM_WORKING_AGE`.
    ``maximum_female`` / ``maximum_male``, when given, replace ``maximum`` for
    women / men (a pack's ``age.maximum_female`` and ``age.maximum_male``).

    >>> limits = AgeLimits(16, 60, maximum_female=55)
    >>> limits.admits(58), limits.admits(58, "female"), limits.maximum_for("male")
    (True, False, 60)
    """

    minimum: int = LEGAL_MINIMUM_WORKING_AGE
    maximum: int | None = None
    explanation: Explanation | None = attrs.field(default=None, eq=False, repr=False)
    maximum_female: int | None = None
    maximum_male: int | None = None

    def maximum_for(self, gender: str | None) -> int | None:
        """The oldest age for a member of ``gender`` (``"female"``, ``"male"``, ``None``: unknown)."""
        if gender == "female" and self.maximum_female is not None:
            return self.maximum_female
        if gender == "male" and self.maximum_male is not None:
            return self.maximum_male
        return self.maximum

    def admits(self, years: int, gender: str | None = None) -> bool:
        """True when an age in whole years is within the limits (for ``gender``, when given)."""
        maximum = self.maximum_for(gender)
        return years >= self.minimum and (maximum is None or years <= maximum)


@attrs.frozen
class LinePrice:
    """The price of some members on one plan and tier: per-share contribution x shares x members.

    :param member_part: what the members pay (个人缴纳) in total.
    :param subsidy_part: what the union subsidises (工会补贴) in total.
    :param gift: a gift plan: always at no charge.
    """

    plan_code: str
    tier_code: str | None
    shares: int
    members: int
    member_part: Decimal
    subsidy_part: Decimal
    gift: bool = False
    explanation: Explanation | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def total(self) -> Decimal:
        """Member part plus subsidy part."""
        return self.member_part + self.subsidy_part

    @property
    def per_member(self) -> Decimal:
        """The total divided by members (zero when no members), two places."""
        if not self.members:
            return ZERO
        return (self.total / self.members).quantize(Decimal("0.01"))


class AmountBasis(StrEnum):
    """What a unit pays of a price (the pack's ``payment.amount_basis``).

    >>> AmountBasis("member_part").label
    '个人缴纳部分'
    """

    #: The whole contribution: member part plus union subsidy (the default).
    TOTAL = "total"
    #: The member part only; the union's subsidy is not paid by the unit (Weihai).
    MEMBER_PART = "member_part"

    @property
    def label(self) -> str:
        """The Chinese name."""
        return {"total": "个人缴纳与工会补贴合计", "member_part": "个人缴纳部分"}[self.value]


@attrs.frozen
class Quote:
    """The price of an application, an endorsement or a group enrolment: its lines and totals.

    :param basis: what the unit pays of it (:attr:`amount_due`): the whole
        contribution, or the member part only. The pack's ``payment.amount_basis``
        sets it (``PackView.price_application`` and its siblings).

    >>> p = LinePrice("WH-MED-2026", "T50", 1, 110, Decimal("5500.00"), Decimal("1100.00"))
    >>> Quote.of([p]).amount_due, Quote.of([p], basis=AmountBasis.MEMBER_PART).amount_due
    (Decimal('6600.00'), Decimal('5500.00'))
    """

    lines: tuple[LinePrice, ...]
    member_part: Decimal
    subsidy_part: Decimal
    headcount: int
    explanation: Explanation | None = attrs.field(default=None, eq=False, repr=False)
    basis: AmountBasis = AmountBasis.TOTAL

    @classmethod
    def of(
        cls,
        lines: Iterable[LinePrice],
        explanation: Explanation | None = None,
        basis: AmountBasis = AmountBasis.TOTAL,
    ) -> Quote:
        """Sum lines; the headcount counts members of paid lines (gift lines add none)."""
        items = tuple(lines)
        return cls(
            lines=items,
            member_part=total(line.member_part for line in items),
            subsidy_part=total(line.subsidy_part for line in items),
            headcount=sum(line.members for line in items if not line.gift),
            explanation=explanation,
            basis=basis,
        )

    @property
    def total(self) -> Decimal:
        """The whole contribution: member part plus subsidy part."""
        return self.member_part + self.subsidy_part

    @property
    def amount_due(self) -> Decimal:
        """What the unit is asked to pay (缴费总金额): :attr:`total`, or :attr:`member_part` by :attr:`basis`."""
        return self.member_part if self.basis is AmountBasis.MEMBER_PART else self.total


@attrs.frozen
class EffectiveDate:
    """When cover starts (and, after a gap, when claims are first accepted).

    :param date: the first day of cover; ``None`` while the association has
        not yet set it (Shenzhen).
    :param coverage_end: the last day of cover.
    :param waiting_period_end: the last day of the waiting period (免责期)
        after a coverage gap, or ``None`` when there is none.
    :param set_by_association: the association sets the date by hand.
    """

    date: dt.date | None
    coverage_end: dt.date | None = None
    waiting_period_end: dt.date | None = None
    set_by_association: bool = False
    explanation: Explanation | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def pending(self) -> bool:
        """True while the date is still to be set."""
        return self.date is None


class Situation(StrEnum):
    """The step at which materials are asked for."""

    REGISTRATION = "registration"
    APPLICATION = "application"
    PAYMENT = "payment"
    OFFLINE = "offline"
    INVOICE = "invoice"
    ENDORSEMENT = "endorsement"
    CLAIM = "claim"

    @property
    def label(self) -> str:
        """The Chinese name of the step."""
        return {
            "registration": "单位注册",
            "application": "参保申请",
            "payment": "缴费",
            "offline": "线下递交材料",
            "invoice": "开票",
            "endorsement": "保全",
            "claim": "申领",
        }[self.value]


class ClaimStep(StrEnum):
    """The step of a claim case at which the pack's case rules are asked (``mutualaid_claim_findings``).

    * ``file``: the case is opened: the office accepts it (确认受理, Linyi 4.1.1)
      or the unit submits its draft (提交, Guangdong 九（二）);
    * ``materials``: the materials are declared complete (材料上传 确定, Linyi 4.1.3);
    * ``review``: the case goes to review (申领提交, Linyi 4.2.2; the unit's
      提交, Guangdong, is ``file`` and ``review`` at once).
    """

    FILE = "file"
    MATERIALS = "materials"
    REVIEW = "review"

    @property
    def label(self) -> str:
        """The Chinese name of the step."""
        return {"file": "受理/提交", "materials": "材料上传", "review": "申领提交"}[self.value]


@attrs.frozen
class MaterialRequirement:
    """A document the unit must provide.

    :param kind: the :class:`~mutualaid.model.kinds.MaterialKind`.
    :param name: the Chinese name the pack's manual uses.
    :param situation: the step that asks for it.
    :param reason: the finding code that triggered it, or ``None`` when always required.
    :param stamped: must carry the unit's seal (加盖公章).
    """

    kind: MaterialKind
    name: str
    situation: Situation
    reason: str | None = None
    stamped: bool = False
    explanation: Explanation | None = attrs.field(default=None, eq=False, repr=False)
