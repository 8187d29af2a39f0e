"""Application rules: plans per application, tiers, declared counts, participation, terms.

One function per rule, named after what it decides, with its finding code,
message and parameters beside it.

>>> [rule.name for rule in RULES][:3]
['application.plans_within_limit', 'application.tier_same_as_prior', 'application.declared_counts_given']

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from mutualaid.model.application import DeclaredCounts
from mutualaid.privacy import mask_id_number
from mutualaid.rules.defaults.rule import Rule, explain, flag, run
from mutualaid.rules.findings import Finding
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.participation import participation_ratio, ratio_fields

if TYPE_CHECKING:
    from mutualaid.model.application import Application, ApplicationLine
    from mutualaid.model.roster import RosterEntry
    from mutualaid.rules.explain import Explanation
    from mutualaid.rules.view import PackView

__all__ = [
    "MOST_PLANS",
    "PARAMETERS",
    "RULES",
    "declared_counts_given",
    "enrolled_equals_declared",
    "line_choices_kept",
    "mutualaid_application_findings",
    "participation_ratio_reached",
    "plans_within_limit",
    "terms_accepted",
    "tier_same_as_prior",
    "too_many_plans_finding",
]

_HERE = "mutualaid.rules.defaults.application"
_HOOK = "mutualaid_application_findings"

#: The most plans a limit may name per application (a bound on data).
MOST_PLANS = 50

PARAMETERS = (
    ParameterSpec(
        "application.max_plans",
        ValueType.WHOLE,
        "the most plans one application may hold; absent: any",
        f"{_HERE}.plans_within_limit",
        unit="plans",
        minimum=1,
        maximum=MOST_PLANS,
    ),
    ParameterSpec(
        "application.one_tier_per_plan_per_unit",
        ValueType.FLAG,
        "a unit takes the same tier of a plan in all its applications",
        f"{_HERE}.tier_same_as_prior",
        default=False,
    ),
    ParameterSpec(
        "application.required_declared_counts",
        ValueType.COUNTS,
        "the declared counts an application must give (e.g. medical_insurance_headcount)",
        f"{_HERE}.declared_counts_given",
        default=[],
    ),
    ParameterSpec(
        "application.enrolled_must_equal_declared",
        ValueType.COUNT,
        "the declared count the members on the rosters must equal",
        f"{_HERE}.enrolled_equals_declared",
    ),
    ParameterSpec(
        "application.min_participation_ratio",
        ValueType.RATIO_MINIMUM,
        '参保比例 below which the application is warned: {"of": count, "minimum": "0.90"} ("paying": numerator)',
        f"{_HERE}.participation_ratio_reached",
    ),
    ParameterSpec(
        "application.participation_ratio",
        ValueType.RATIO_RULE,
        'how 参保比例 is computed: {"of": count, "paying": count} (else the roster headcount)',
        "mutualaid.rules.view.PackView.participation_ratio",
    ),
    ParameterSpec(
        "application.requires_terms_accepted",
        ValueType.FLAG,
        "the notice of terms (告知书) must be accepted before submission",
        f"{_HERE}.terms_accepted",
        default=False,
    ),
)


def too_many_plans_finding(
    plans: int, limit: int, *, explanation: Explanation | None = None
) -> Finding:
    """The ``application.too_many_plans`` finding: the one place its message is written.

    The life cycle's early check at ``save`` builds its reason from it too.

    >>> too_many_plans_finding(2, 1).message
    '一个参保单只能选择1个保障计划，如需参加多个计划请分别建立参保单'
    """
    return Finding.error(
        "application.too_many_plans",
        f"一个参保单只能选择{limit}个保障计划，如需参加多个计划请分别建立参保单",
        field="lines",
        explanation=explanation,
        plans=plans,
        limit=limit,
    )


def plans_within_limit(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> list[Finding]:
    """``application.too_many_plans``: more plan lines than ``application.max_plans``."""
    max_plans = rules.cite("application.max_plans", on)
    if max_plans is None or len(application.lines) <= int(max_plans.value):
        return []
    why = explain(rules, _HOOK, max_plans)
    return [too_many_plans_finding(len(application.lines), int(max_plans.value), explanation=why)]


def tier_same_as_prior(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> list[Finding]:
    """``application.tier_differs_from_prior``: the unit chose another tier of this plan before."""
    one_tier = flag(rules, "application.one_tier_per_plan_per_unit", on)
    if one_tier is None:
        return []
    why = explain(rules, _HOOK, one_tier)
    found = []
    for line in application.lines:
        for other in prior_applications:
            if other.id == application.id or other.unit_id != application.unit_id:
                continue
            for old in other.lines:
                if old.plan_code == line.plan_code and old.tier_code != line.tier_code:
                    found.append(
                        Finding.error(
                            "application.tier_differs_from_prior",
                            f"一个保障计划一个单位只能选择一个档位：参保单{other.id}已选{old.tier_code}",
                            field="tier_code",
                            explanation=why,
                            plan=line.plan_code,
                            tier=line.tier_code,
                            prior_tier=old.tier_code,
                            prior_application=other.id,
                        )
                    )
    return found


def declared_counts_given(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> list[Finding]:
    """``application.declared_missing``: a count in ``application.required_declared_counts`` not given."""
    required = rules.cite("application.required_declared_counts", on)
    return [
        Finding.error(
            "application.declared_missing",
            f"请填写{DeclaredCounts.label(name)}",
            field=f"declared.{name}",
            explanation=explain(rules, _HOOK, required),
            declared=name,
        )
        for name in (required.value if required is not None else ())
        if getattr(application.declared, name, None) is None
    ]


#: ``roster.count_mismatch``'s message: the one place it is written (the roster check's
#: catalogue, ``roster.findings``, reads it; ``label`` names the declared count).
COUNT_MISMATCH = "录入人员数量{enrolled}与填写的{label}{declared}不符"


def enrolled_equals_declared(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> list[Finding]:
    """``roster.count_mismatch``: the members enrolled differ from the declared count named."""
    equal = rules.cite("application.enrolled_must_equal_declared", on)
    if equal is None or not equal.value:
        return []
    declared = getattr(application.declared, str(equal.value), None)
    if declared is None or declared == application.headcount:
        return []
    return [
        Finding.error(
            "roster.count_mismatch",
            COUNT_MISMATCH.format(
                enrolled=application.headcount,
                label=DeclaredCounts.label(str(equal.value)),
                declared=declared,
            ),
            field=f"declared.{equal.value}",
            explanation=explain(rules, _HOOK, equal),
            enrolled=application.headcount,
            declared=declared,
        )
    ]


def participation_ratio_reached(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> list[Finding]:
    """``application.participation_ratio``: 参保比例 below ``application.min_participation_ratio``."""
    ratio_rule = rules.cite("application.min_participation_ratio", on)
    fields = ratio_fields(ratio_rule.value) if ratio_rule is not None else None
    if ratio_rule is None or fields is None or "minimum" not in ratio_rule.value:
        return []
    minimum = Decimal(str(ratio_rule.value["minimum"]))
    ratio = participation_ratio(application, *fields)
    if ratio is None or ratio >= minimum:
        return []
    return [
        Finding.warning(
            "application.participation_ratio",
            f"参保比例{ratio:.0%}低于{minimum:.0%}",
            field=f"declared.{fields[0]}",
            explanation=explain(rules, _HOOK, ratio_rule),
            ratio=str(ratio),
            minimum=str(minimum),
        )
    ]


#: field of an entry a line chooses -> (code, column: the Chinese word of the message)
_LINE_CHOICES = {
    "shares": ("roster.shares_mismatch", "份数"),
    "tier_code": ("roster.tier_mismatch", "档位"),
}


def _entry_differs(
    field: str,
    line: ApplicationLine,
    number: int,
    index: int,
    entry: RosterEntry,
    value: object,
    line_value: object,
) -> Finding:
    """The error for ``entry`` whose ``field`` is ``value``, not its line's ``line_value``.

    The member is named with the ID number masked; params ``plan_code``,
    ``line_index``, ``entry_index``, ``id_number`` (masked), ``<field>`` and
    ``line_<field>``.
    """
    code, word = _LINE_CHOICES[field]
    masked = mask_id_number(entry.member.id_number)
    return Finding.error(
        code,
        f"{entry.member.name}（{masked}）的{word}为{value}，"
        f"与保障计划{line.plan_code}所选{word}{line_value}不一致，请按所选{word}填写",
        column=word,
        field=field,
        plan_code=line.plan_code,
        line_index=number,
        entry_index=index,
        id_number=masked,
        **{field: value, f"line_{field}": line_value},
    )


def line_choices_kept(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> list[Finding]:
    """``roster.shares_mismatch`` / ``roster.tier_mismatch``: an entry not as its line chose.

    Shares are chosen per plan on the application (Guangdong 四（一）
    "选择单个或多个保障计划和确定份数"; Linyi 3.2.1.1 "选择保障活动的参保份数")
    and pricing charges each entry its own, so an entry with other shares than
    its line would be charged otherwise than the unit chose. The tier too is
    chosen per plan line (Guangdong, Linyi; Yiyang 004
    "一个保障计划一个单位只能选择一个档位") and pricing takes the entry's own;
    an entry without a tier takes the line's, and a line without a tier has no
    choice to compare with. Reported entry by entry.
    """
    found: list[Finding] = []
    for number, line in enumerate(application.lines):
        for index, entry in enumerate(line.roster):
            if entry.shares != line.shares:
                found.append(
                    _entry_differs("shares", line, number, index, entry, entry.shares, line.shares)
                )
            if None not in (entry.tier_code, line.tier_code) and entry.tier_code != line.tier_code:
                found.append(
                    _entry_differs(
                        "tier_code", line, number, index, entry, entry.tier_code, line.tier_code
                    )
                )
    return found


def terms_accepted(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> list[Finding]:
    """``application.terms_not_accepted``: the notice of terms not accepted where it must be."""
    terms = flag(rules, "application.requires_terms_accepted", on)
    if terms is None or application.terms_accepted:
        return []
    return [
        Finding.error(
            "application.terms_not_accepted",
            "请先阅读并勾选告知书",
            field="terms_accepted",
            explanation=explain(rules, _HOOK, terms),
        )
    ]


#: The application rules, in the order their findings are reported.
RULES = (
    Rule(
        "application.plans_within_limit", _HOOK, plans_within_limit, ("application.too_many_plans",)
    ),
    Rule(
        "application.tier_same_as_prior",
        _HOOK,
        tier_same_as_prior,
        ("application.tier_differs_from_prior",),
    ),
    Rule(
        "application.declared_counts_given",
        _HOOK,
        declared_counts_given,
        ("application.declared_missing",),
    ),
    Rule(
        "application.enrolled_equals_declared",
        _HOOK,
        enrolled_equals_declared,
        ("roster.count_mismatch",),
    ),
    Rule(
        "application.participation_ratio_reached",
        _HOOK,
        participation_ratio_reached,
        ("application.participation_ratio",),
    ),
    Rule(
        "application.line_choices_kept",
        _HOOK,
        line_choices_kept,
        ("roster.shares_mismatch", "roster.tier_mismatch"),
    ),
    Rule("application.terms_accepted", _HOOK, terms_accepted, ("application.terms_not_accepted",)),
)


@hookimpl(trylast=True)
def mutualaid_application_findings(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> list[Finding]:
    """The application rules in force (:data:`RULES`, each replaceable by the pack)."""
    return run(RULES, rules, application=application, prior_applications=prior_applications, on=on)
