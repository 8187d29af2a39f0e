"""Member eligibility: the age limits, retirement, other-ID and dispatched-worker rules.

The rules are named here (:data:`RULES`: what a pack replaces or switches
off) with their parameters; they are decided, once, by the columnar
evaluator (:mod:`mutualaid.rules.columnar.eligibility`: each rule a function
over numpy columns with its code and message beside it), which judges one
member here (a batch of one), a roster in ``mutualaid check`` and a
population in :mod:`mutualaid.batch`. The finding builders
(:func:`below_minimum_finding`, :func:`above_maximum_finding`,
:func:`over_retirement_finding`) are :mod:`mutualaid.rules.columnar.age_findings`'.

>>> [spec.name for spec in PARAMETERS][:2]
['age.minimum', 'age.maximum']
>>> [rule.name for rule in RULES][:3]
['eligibility.other_id_gender', 'eligibility.other_id_birth_date', 'eligibility.age_unknown']

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from mutualaid.retirement import (
    DECISION_SOURCE,
    RetirementCategory,
)
from mutualaid.rules.columnar.age_findings import (
    above_maximum_finding,
    below_minimum_finding,
    over_retirement_finding,
    over_retirement_material,
)
from mutualaid.rules.columnar.member import core_member_findings
from mutualaid.rules.defaults.rule import Rule, explain
from mutualaid.rules.explain import Source
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.results import LEGAL_MINIMUM_WORKING_AGE, AgeLimits

if TYPE_CHECKING:
    from mutualaid.model.member import Member
    from mutualaid.model.plan import Plan
    from mutualaid.rules.explain import Cited
    from mutualaid.rules.findings import Finding
    from mutualaid.rules.view import PackView

__all__ = [
    "PARAMETERS",
    "RULES",
    "above_maximum_finding",
    "age_limits_met",
    "age_unknown",
    "below_minimum_finding",
    "dispatched_proof",
    "mutualaid_age_limits",
    "mutualaid_member_findings",
    "other_id_birth_date",
    "other_id_gender",
    "over_retirement",
    "over_retirement_finding",
    "over_retirement_material",
    "risk_class_offered",
]

_HERE = "mutualaid.rules.defaults.eligibility"
_HOOK = "mutualaid_member_findings"

#: The oldest age a limit may name: a bound on data, not a rule (nobody is enrolled at 120).
OLDEST = 120

PARAMETERS = (
    ParameterSpec(
        "age.minimum",
        ValueType.WHOLE,
        "the youngest age (周岁) a member may join at; the engine raises any value below 16 to 16",
        f"{_HERE}.mutualaid_age_limits",
        unit="years",
        default=LEGAL_MINIMUM_WORKING_AGE,
        minimum=0,
        maximum=OLDEST,
        source=Source(
            "《中华人民共和国劳动法》", "第十五条", "禁止用人单位招用未满十六周岁的未成年人"
        ),
    ),
    ParameterSpec(
        "age.maximum",
        ValueType.WHOLE,
        "the oldest age (周岁) a member may join at; null: no maximum",
        f"{_HERE}.mutualaid_age_limits",
        unit="years",
        minimum=0,
        maximum=OLDEST,
        optional=True,
    ),
    ParameterSpec(
        "age.maximum_female",
        ValueType.WHOLE,
        "the oldest age (周岁) a woman may join at, where it differs from age.maximum",
        f"{_HERE}.mutualaid_age_limits",
        unit="years",
        minimum=0,
        maximum=OLDEST,
        optional=True,
    ),
    ParameterSpec(
        "age.maximum_male",
        ValueType.WHOLE,
        "the oldest age (周岁) a man may join at, where it differs from age.maximum",
        f"{_HERE}.mutualaid_age_limits",
        unit="years",
        minimum=0,
        maximum=OLDEST,
        optional=True,
    ),
    ParameterSpec(
        "member.over_retirement_needs_proof",
        ValueType.FLAG,
        "a member past the statutory retirement age and not retired needs proof",
        f"{_HERE}.over_retirement",
        default=False,
    ),
    ParameterSpec(
        "member.over_retirement_material",
        ValueType.MATERIAL,
        "the document asked of such a member (default 超龄未退休职工证明)",
        f"{_HERE}.over_retirement",
    ),
    ParameterSpec(
        "member.retirement_female_category",
        ValueType.CHOICE,
        "which statutory retirement age women are held to: female_50 (workers) or female_55 (cadres)",
        f"{_HERE}.over_retirement",
        default=RetirementCategory.FEMALE_50.value,
        choices=(RetirementCategory.FEMALE_50.value, RetirementCategory.FEMALE_55.value),
        source=Source(
            DECISION_SOURCE,
            "附件3",
            "core default: women retire as workers (原50周岁) unless the pack says cadres",
        ),
    ),
    ParameterSpec(
        "member.dispatched_needs_proof",
        ValueType.FLAG,
        "a member not on the unit's own social security or medical insurance needs proof",
        f"{_HERE}.dispatched_proof",
        default=False,
    ),
    ParameterSpec(
        "member.other_id_needs_gender_and_birth_date",
        ValueType.FLAG,
        "an ID type other than the resident ID must give gender and birth date",
        f"{_HERE}.other_id_gender",
        default=False,
    ),
)


# --- the age limits (a firstresult hook: the rule is the hook) -------------------------------


@hookimpl(trylast=True)
def mutualaid_age_limits(plan: Plan, on: date, rules: PackView) -> AgeLimits:
    """``age.minimum``, ``age.maximum`` and the maxima by gender (the minimum never below 16)."""
    low = rules.cite("age.minimum", on)
    high = rules.cite("age.maximum", on)
    female = rules.cite("age.maximum_female", on)
    male = rules.cite("age.maximum_male", on)
    minimum = int(low.value) if low is not None else LEGAL_MINIMUM_WORKING_AGE

    def years(cited: Cited | None) -> int | None:
        return int(cited.value) if cited is not None and cited.value is not None else None

    why = explain(rules, "mutualaid_age_limits", low, high, female, male)
    return AgeLimits(minimum, years(high), why, years(female), years(male))


# --- the member rules: one definition, the columnar evaluator's ------------------------------


def _decided(codes: frozenset[str]) -> Callable[..., list[Finding]]:
    """A default rule: the evaluator's findings of ``codes`` for ``member`` (a batch of one)."""

    def rule(member: Member, plan: Plan, on: date, rules: PackView) -> list[Finding]:
        found = core_member_findings(member, plan, on, rules, pack_columns=False)
        return [f for f in found if f.code in codes]

    return rule


other_id_gender = _decided(frozenset({"member.gender_required"}))
other_id_gender.__doc__ = (
    """``member.gender_required``: another ID type than the resident ID gives no gender."""
)
other_id_birth_date = _decided(frozenset({"member.birth_date_required"}))
other_id_birth_date.__doc__ = (
    """``member.birth_date_required``: another ID type gives no birth date."""
)
age_unknown = _decided(frozenset({"age.unknown"}))
age_unknown.__doc__ = (
    """``age.unknown``: no birth date, and no other-ID rule already asking for it."""
)
age_limits_met = _decided(frozenset({"age.below_minimum", "age.above_maximum"}))
age_limits_met.__doc__ = (
    """``age.below_minimum`` / ``age.above_maximum``: the age within the plan's limits."""
)
over_retirement = _decided(frozenset({"age.over_retirement"}))
over_retirement.__doc__ = (
    """``age.over_retirement``: past the statutory retirement age and not retired."""
)
dispatched_proof = _decided(frozenset({"member.dispatched_proof"}))
dispatched_proof.__doc__ = (
    """``member.dispatched_proof``: dispatched, not on the unit's social security."""
)
risk_class_offered = _decided(frozenset({"member.risk_class_not_offered"}))
risk_class_offered.__doc__ = (
    """``member.risk_class_not_offered``: the plan does not take the risk class."""
)


#: The member rules, in the order their findings are reported.
RULES = (
    Rule("eligibility.other_id_gender", _HOOK, other_id_gender, ("member.gender_required",)),
    Rule(
        "eligibility.other_id_birth_date",
        _HOOK,
        other_id_birth_date,
        ("member.birth_date_required",),
    ),
    Rule("eligibility.age_unknown", _HOOK, age_unknown, ("age.unknown",)),
    Rule(
        "eligibility.age_limits_met",
        _HOOK,
        age_limits_met,
        ("age.below_minimum", "age.above_maximum"),
    ),
    Rule("eligibility.over_retirement", _HOOK, over_retirement, ("age.over_retirement",)),
    Rule("eligibility.dispatched_proof", _HOOK, dispatched_proof, ("member.dispatched_proof",)),
    Rule(
        "eligibility.risk_class_offered",
        _HOOK,
        risk_class_offered,
        ("member.risk_class_not_offered",),
    ),
)


@hookimpl(trylast=True)
def mutualaid_member_findings(
    member: Member, plan: Plan, on: date, rules: PackView
) -> list[Finding]:
    """The member rules in force (:data:`RULES`, each replaceable by the pack), over columns.

    The member is a batch of one for the columnar evaluator
    (:func:`mutualaid.rules.columnar.member.core_member_findings`), the one
    definition of these rules for every path; a rule the pack replaces or
    switches off is honoured there.
    """
    return core_member_findings(member, plan, on, rules)
