"""Plans (保障计划 / 保障项目 / 保障活动), their tiers (档位) and contributions (会费).

A plan covers one coverage period and offers one or more tiers; a tier's
contribution is what one member pays per share, split into the member's own
part (个人缴纳) and the union's subsidy (工会补贴). Weihai's hospitalisation
plan, for example:

>>> from datetime import date
>>> plan = Plan(
...     code="weihai-medical-2025",
...     name="住院医疗互助保障",
...     kind=PlanKind.HOSPITALIZATION_MEDICAL,
...     coverage=CoveragePeriod.calendar_year(2025),
...     tiers=(Tier("standard", "个人缴纳50元 工会补贴10元", Contribution("50", "10")),),
... )
>>> plan.tier("standard").contribution.total
Decimal('60.00')
>>> plan.coverage.contains(date(2025, 6, 30)), plan.coverage.contains(date(2026, 1, 1))
(True, False)
>>> plan.family_code  # no family given: the code without its year
'weihai-medical'

A plan renewed each year names its family (``family``), so last year's cover
is "the same plan" by data, not by the code's spelling:

>>> renewed = attrs.evolve(plan, code="WH-MED-2026", family="WH-MED")
>>> renewed.family_code
'WH-MED'
>>> plan.tier("90")
Traceback (most recent call last):
...
mutualaid.errors.UnknownPlan: plan weihai-medical-2025 has no tier '90' (Choose one of: standard.)
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from mutualaid.errors import ConversionError, UnknownPlan
from mutualaid.model._fields import non_negative_yuan
from mutualaid.model.kinds import PlanKind, RiskClass
from mutualaid.money import ZERO

__all__ = ["Contribution", "CoveragePeriod", "Plan", "Tier", "plan_family"]

#: A plan code's period: a year (19xx, 20xx) at its end, after an optional ``-`` or ``_``.
_PERIOD: Final = re.compile(r"[-_]?(?:19|20)[0-9]{2}$")


def plan_family(plan_code: str) -> str:
    """The fallback family of a plan that names none: the code without its year.

    A plan's family (:attr:`Plan.family`) says which plans are the same plan
    in other coverage periods (``GD-HOSP-2025`` and ``GD-HOSP-2026`` are both
    ``GD-HOSP``). When a pack gives none, the family is guessed from the code:
    a trailing year is dropped; a code without a year is its own family.

    >>> plan_family("GD-HOSP-2026"), plan_family("weihai-medical-2025"), plan_family("medical")
    ('GD-HOSP', 'weihai-medical', 'medical')
    """
    family = _PERIOD.sub("", plan_code)
    return family or plan_code


@attrs.frozen
class CoveragePeriod:
    """保障期限: both ends included.

    >>> p = CoveragePeriod(date(2025, 1, 1), date(2025, 12, 31))
    >>> str(p), p.days
    ('2025-01-01 至 2025-12-31', 365)
    >>> CoveragePeriod(date(2025, 2, 1), date(2025, 1, 1))
    Traceback (most recent call last):
    ...
    mutualaid.errors.ConversionError: coverage ends (2025-01-01) before it starts (2025-02-01)
    """

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ConversionError(
                f"coverage ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})"
            )

    @classmethod
    def calendar_year(cls, year: int) -> CoveragePeriod:
        """1 January to 31 December of ``year``, the usual period.

        >>> CoveragePeriod.calendar_year(2026).end
        datetime.date(2026, 12, 31)
        """
        return cls(date(year, 1, 1), date(year, 12, 31))

    def contains(self, day: date) -> bool:
        """True when ``day`` is within the period (both ends included)."""
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Number of days covered, both ends included."""
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"


@attrs.frozen
class Contribution:
    """会费 per member per share: the member's part and the union's subsidy.

    >>> c = Contribution("36", "9")
    >>> c, c.total
    (Contribution(member=Decimal('36.00'), subsidy=Decimal('9.00')), Decimal('45.00'))
    >>> Contribution(60).total
    Decimal('60.00')
    """

    member: Decimal = attrs.field(converter=non_negative_yuan)
    subsidy: Decimal = attrs.field(default=ZERO, converter=non_negative_yuan)

    @property
    def total(self) -> Decimal:
        """What one share costs for one member (参互应缴标准)."""
        return self.member + self.subsidy


@attrs.frozen
class Tier:
    """档位 / 套餐: a price level of a plan (Yiyang's 60 and 90 yuan tiers).

    :param code: stable code within the plan (``"60"``, ``"standard"``).
    :param name: the label units see (``"60元档位"``).
    :param contribution: price per member per share for normal-risk members.
    :param high_risk: price for high-risk members, when the plan prices them apart.

    >>> t = Tier("60", "60元档位", Contribution(60), high_risk=Contribution(90))
    >>> t.contribution_for(RiskClass.HIGH_RISK).total, t.contribution_for(RiskClass.NORMAL).total
    (Decimal('90.00'), Decimal('60.00'))
    """

    code: str
    name: str
    contribution: Contribution
    high_risk: Contribution | None = None

    def contribution_for(self, risk_class: RiskClass) -> Contribution:
        """The contribution a member of ``risk_class`` pays (the normal one if not priced apart)."""
        if risk_class is RiskClass.HIGH_RISK and self.high_risk is not None:
            return self.high_risk
        return self.contribution


def _unique_tier_codes(
    instance: Plan, attribute: attrs.Attribute[Any], tiers: tuple[Tier, ...]
) -> None:
    codes = [t.code for t in tiers]
    if len(set(codes)) != len(codes):
        raise ConversionError(f"plan {instance.code}: tier codes repeat: {codes}")


def _positive(instance: Plan, attribute: attrs.Attribute[Any], value: int) -> None:
    if value < 1:
        raise ConversionError(
            f"plan {instance.code}: {attribute.name} must be at least 1, not {value}"
        )


@attrs.frozen
class Plan:
    """A mutual-aid plan for one coverage period.

    :param code: stable code, unique within its rule pack (``"yiyang-medical-2026"``).
    :param name: the name units see (``"益阳职工住院保障项目2026"``).
    :param kind: what it covers (:class:`~mutualaid.model.kinds.PlanKind`).
    :param coverage: the coverage period.
    :param tiers: the price levels offered; a unit picks one per plan (Yiyang).
    :param max_shares: most shares (份数) a member may hold (1 where shares are not sold).
    :param risk_classes: the risk classes the plan accepts.
    :param gift_plans: codes of the complimentary plans attached to it (赠送计划).
    :param is_gift: this plan is itself a gift plan (nothing to pay).
    :param family: the plan across coverage periods (``"GD-HOSP"`` for
        ``GD-HOSP-2025`` and ``GD-HOSP-2026``): a waiting period looks for
        earlier cover, and double cover for overlapping cover, in the same
        family. ``None``: :func:`plan_family` of the code (see :attr:`family_code`).
    """

    code: str
    name: str
    kind: PlanKind
    coverage: CoveragePeriod
    tiers: tuple[Tier, ...] = attrs.field(validator=_unique_tier_codes)
    max_shares: int = attrs.field(default=1, validator=_positive)
    risk_classes: tuple[RiskClass, ...] = (RiskClass.NORMAL,)
    gift_plans: tuple[str, ...] = ()
    is_gift: bool = False
    family: str | None = None

    @property
    def family_code(self) -> str:
        """The plan's family: :attr:`family`, else :func:`plan_family` of the code."""
        return self.family if self.family is not None else plan_family(self.code)

    def tier(self, code: str) -> Tier:
        """The tier with ``code``; :class:`~mutualaid.errors.UnknownPlan` names the others."""
        for tier in self.tiers:
            if tier.code == code:
                return tier
        raise UnknownPlan(
            f"plan {self.code} has no tier {code!r}",
            hint=f"Choose one of: {', '.join(t.code for t in self.tiers) or '(none)'}.",
            plan=self.code,
            tier=code,
        )

    @property
    def tier_codes(self) -> tuple[str, ...]:
        """The codes of the tiers, in order."""
        return tuple(t.code for t in self.tiers)
