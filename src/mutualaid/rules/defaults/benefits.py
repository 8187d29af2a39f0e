"""Benefit steps: which steps compute the benefit of a plan's claim type.

A pack declares its steps as data (the ``benefits`` section of its data
files, :mod:`mutualaid.rules.benefitsteps`); :class:`~mutualaid.rules.pack.DataPack`
answers ``mutualaid_benefit_steps`` from them. When no pack answers, this
default gives :data:`STANDARD_STEPS`, the common medical benefit, for a plan
whose pack sets ``benefit.standard_ratio`` on the plan's first day of cover, and
``None`` otherwise (the plan pays no benefit for that claim type).

The standard steps read the core's ``benefit.*`` parameters, declared here:
a pack with one benefit sets their values; a pack with several declares its
own names under its own prefix and lists its steps.

>>> [s.id for s in STANDARD_STEPS]
['eligible', 'self_pay', 'over_limit', 'insurance_paid', 'deductible', 'ratio', 'cap_case', 'cap_period', 'cap_life']
>>> [spec.name for spec in PARAMETERS][:3]
['benefit.standard_deductible', 'benefit.standard_ratio', 'benefit.standard_cap_case']

Since 0.2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mutualaid.model.benefit import BenefitStep, BenefitSteps, CapScope, StepKind
from mutualaid.rules.defaults.effective import LONGEST_WAIT
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType

if TYPE_CHECKING:
    from mutualaid.model.plan import Plan
    from mutualaid.rules.view import PackView

__all__ = ["PARAMETERS", "STANDARD_STEPS", "mutualaid_benefit_steps", "standard_steps"]

_HERE = "mutualaid.rules.defaults.benefits"
_RULE = f"{_HERE}.standard_steps"

PARAMETERS = (
    ParameterSpec(
        "benefit.standard_deductible",
        ValueType.AMOUNT,
        "起付线 per coverage period of the standard steps; absent: none",
        _RULE,
        unit="yuan",
    ),
    ParameterSpec(
        "benefit.standard_ratio",
        ValueType.RATIO,
        "比例 of the standard steps: the share of the eligible amount paid (sets them on)",
        _RULE,
    ),
    ParameterSpec(
        "benefit.standard_cap_case",
        ValueType.AMOUNT,
        "the most one case pays per share (standard steps); absent: no cap",
        _RULE,
        unit="yuan",
    ),
    ParameterSpec(
        "benefit.standard_cap_period",
        ValueType.AMOUNT,
        "the most one coverage period pays per share (standard steps); absent: no cap",
        _RULE,
        unit="yuan",
    ),
    ParameterSpec(
        "benefit.standard_cap_life",
        ValueType.AMOUNT,
        "the most the plan pays a member in all periods, per share (standard steps); absent: no cap",
        _RULE,
        unit="yuan",
    ),
    ParameterSpec(
        "benefit.waiting_period_days",
        ValueType.WHOLE,
        "days from a member's first day of cover in which incidents are not covered; absent: none",
        _RULE,
        unit="days",
        minimum=1,
        maximum=LONGEST_WAIT,
    ),
)

_SOURCE = "mutualaid core: the standard medical benefit (docs/benefits.md)"

#: The common medical benefit: the settlement sheet's total, less 全自费, 超限价 and
#: what basic medical insurance paid, less the deductible, times the ratio, capped
#: per case, per coverage period and for life (caps per share).
STANDARD_STEPS: tuple[BenefitStep, ...] = (
    BenefitStep("eligible", StepKind.ELIGIBLE, amount="total", source=_SOURCE),
    BenefitStep("self_pay", StepKind.EXCLUDE, amount="self_pay", source=_SOURCE),
    BenefitStep("over_limit", StepKind.EXCLUDE, amount="over_limit", source=_SOURCE),
    BenefitStep("insurance_paid", StepKind.EXCLUDE, amount="insurance_paid", source=_SOURCE),
    BenefitStep(
        "deductible",
        StepKind.DEDUCTIBLE,
        parameter="benefit.standard_deductible",
        scope=CapScope.PERIOD,
        source=_SOURCE,
    ),
    BenefitStep("ratio", StepKind.RATIO, parameter="benefit.standard_ratio", source=_SOURCE),
    BenefitStep(
        "cap_case",
        StepKind.CAP,
        parameter="benefit.standard_cap_case",
        category=None,
        by_shares=True,
        source=_SOURCE,
    ),
    BenefitStep(
        "cap_period",
        StepKind.CAP,
        parameter="benefit.standard_cap_period",
        category=None,
        scope=CapScope.PERIOD,
        by_shares=True,
        source=_SOURCE,
    ),
    BenefitStep(
        "cap_life",
        StepKind.CAP,
        parameter="benefit.standard_cap_life",
        category=None,
        scope=CapScope.LIFE,
        by_shares=True,
        source=_SOURCE,
    ),
)


def standard_steps(plan: Plan, claim_type: str, rules: PackView) -> BenefitSteps | None:
    """:data:`STANDARD_STEPS` when the pack sets ``benefit.standard_ratio`` on the plan's first day."""
    if rules.cite("benefit.standard_ratio", plan.coverage.start) is None:
        return None
    return BenefitSteps(
        plan.family_code,
        claim_type,
        STANDARD_STEPS,
        waiting="benefit.waiting_period_days",
        pack=rules.name,
    )


@hookimpl(trylast=True)
def mutualaid_benefit_steps(plan: Plan, claim_type: str, rules: PackView) -> BenefitSteps | None:
    """The standard steps (:func:`standard_steps`), or ``None``: no benefit."""
    return standard_steps(plan, claim_type, rules)
