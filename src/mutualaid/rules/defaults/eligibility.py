"""Member eligibility: the age limits, retirement, other-ID and dispatched-worker rules.

One function per rule, named after what it decides, with its finding code,
message and parameters beside it. The bodies are those of the core's member
rules since 0.1, moved here unchanged (the columnar evaluator will make them
delegate to it). The finding builders (:func:`below_minimum_finding`,
:func:`above_maximum_finding`, :func:`over_retirement_finding`) are the one
place each message is written; the roster check calls them too.

>>> [spec.name for spec in PARAMETERS][:2]
['age.minimum', 'age.maximum']
>>> [rule.name for rule in RULES][:3]
['eligibility.other_id_gender', 'eligibility.other_id_birth_date', 'eligibility.age_unknown']

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mutualaid.dates import age_in_years
from mutualaid.model.kinds import Gender, MaterialKind
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.retirement import (
    DECISION_SOURCE,
    RetirementCategory,
    category_for,
    statutory_retirement_age,
    statutory_retirement_date,
)
from mutualaid.rules.defaults.rule import Rule, explain, flag, material_of, run
from mutualaid.rules.explain import Explanation, Source
from mutualaid.rules.findings import Finding
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.results import LEGAL_MINIMUM_WORKING_AGE, AgeLimits
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
        "a dispatched worker not on the unit's own social security needs proof",
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


# --- finding builders: the one place each message is written ------------------------------


def over_retirement_material(raw: Any) -> tuple[MaterialKind, str, bool]:
    """``(kind, name, stamped)`` of the ``member.over_retirement_material`` parameter's value.

    >>> over_retirement_material(None)
    (<MaterialKind.OVER_AGE_PROOF: 'over_age_proof'>, '超龄未退休职工证明', False)
    >>> over_retirement_material({"name": "超龄未退休职工名册", "stamped": True})[1:]
    ('超龄未退休职工名册', True)
    """
    return material_of(raw, MaterialKind.OVER_AGE_PROOF)


def over_retirement_finding(
    age: int,
    born: date,
    category: RetirementCategory,
    material: tuple[MaterialKind, str, bool],
    *,
    column: str = "出生日期",
    explanation: Explanation | None = None,
) -> Finding:
    """The ``age.over_retirement`` finding: past the statutory retirement age, not retired.

    The one builder of it: the core's member rules and the roster check both
    call it, so the finding reads the same wherever it comes from. ``column``
    is where the age was read: the birth date's column (``出生日期``), or a
    roster's ID number column when the roster has no birth date column. The
    message and params give the age and the retirement age, never the birth
    or retirement date (either would complete a masked ID number).

    >>> from datetime import date
    >>> f = over_retirement_finding(
    ...     55, date(1970, 6, 1), RetirementCategory.FEMALE_50, over_retirement_material(None)
    ... )
    >>> f.message
    '年龄55周岁，已达法定退休年龄（50岁）且未退休，须提供超龄未退休职工证明'
    >>> f.column, f.field, f.params["retirement_age"], f.params["material"], f.params["stamped"]
    ('出生日期', 'retired', '50岁', 'over_age_proof', False)
    """
    kind, name, stamped = material
    retirement_age = statutory_retirement_age(born, category).label
    return Finding.needs_material(
        "age.over_retirement",
        f"年龄{age}周岁，已达法定退休年龄（{retirement_age}）且未退休，须提供{name}",
        column=column,
        field="retired",
        explanation=explanation,
        age=age,
        retirement_age=retirement_age,
        category=category.value,
        material=kind.value,
        material_name=name,
        stamped=stamped,
    )


def below_minimum_finding(
    age: int,
    minimum: int,
    *,
    column: str = "出生日期",
    explanation: Explanation | None = None,
) -> Finding:
    """The ``age.below_minimum`` finding: younger than the plan's minimum age.

    The one builder of it, like :func:`over_retirement_finding`: the core's
    member rules and the roster check word it alike. ``column`` is where the
    age was read (the birth date's, or a roster's ID number column); params
    are ``age`` and ``minimum``. A negative ``age`` is a birth after the day
    of the check: the message says so rather than give a negative age.

    >>> f = below_minimum_finding(14, 16)
    >>> f.message, f.column, f.field, dict(f.params)
    ('年龄14周岁，未满本计划的最低参保年龄16周岁', '出生日期', 'birth_date', {'age': 14, 'minimum': 16})
    >>> below_minimum_finding(-1, 16).message
    '出生日期晚于核验之日，未满本计划的最低参保年龄16周岁'
    """
    said = f"年龄{age}周岁" if age >= 0 else "出生日期晚于核验之日"
    text = f"{said}，未满本计划的最低参保年龄{minimum}周岁"
    return _age_limit("age.below_minimum", text, column, explanation, age=age, minimum=minimum)


def above_maximum_finding(
    age: int,
    maximum: int,
    *,
    column: str = "出生日期",
    explanation: Explanation | None = None,
) -> Finding:
    """The ``age.above_maximum`` finding: older than the plan's maximum age.

    The one builder of it (see :func:`below_minimum_finding`); params are
    ``age`` and ``maximum``.

    >>> f = above_maximum_finding(66, 65, column="证件号码")
    >>> f.message, f.column, f.field, dict(f.params)
    ('年龄66周岁，超过本计划的最高参保年龄65周岁', '证件号码', 'birth_date', {'age': 66, 'maximum': 65})
    """
    text = f"年龄{age}周岁，超过本计划的最高参保年龄{maximum}周岁"
    return _age_limit("age.above_maximum", text, column, explanation, age=age, maximum=maximum)


def _age_limit(
    code: str, message: str, column: str, explanation: Explanation | None, **params: int
) -> Finding:
    return Finding.error(
        code, message, column=column, field="birth_date", explanation=explanation, **params
    )


# --- the age limits (a firstresult hook: the rule is the hook) -------------------------------


@hookimpl(trylast=True)
def mutualaid_age_limits(plan: Plan, on: date, rules: PackView) -> AgeLimits:
    """``age.minimum`` and ``age.maximum`` (the engine never lets the minimum fall below 16)."""
    low = rules.cite("age.minimum", on)
    high = rules.cite("age.maximum", on)
    minimum = int(low.value) if low is not None else LEGAL_MINIMUM_WORKING_AGE
    maximum = int(high.value) if high is not None and high.value is not None else None
    return AgeLimits(minimum, maximum, explain(rules, "mutualaid_age_limits", low, high))


# --- the member rules ------------------------------------------------------------------------


def _birth(member: Member) -> date | None:
    birth: date | None = getattr(member, "birth_date", None)
    return birth


def _gender(member: Member) -> Gender | None:
    gender: Gender | None = getattr(member, "gender", None)
    return gender


def other_id_gender(member: Member, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``member.gender_required``: another ID type than the resident ID gives no gender."""
    other_id = flag(rules, "member.other_id_needs_gender_and_birth_date", on)
    if other_id is None or member.id_type.carries_birth_date or _gender(member) is not None:
        return []
    return [
        Finding.error(
            "member.gender_required",
            f"证件类型为{member.id_type.label}时须填写性别",
            column="性别",
            field="gender",
            explanation=explain(rules, _HOOK, other_id),
        )
    ]


def other_id_birth_date(member: Member, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``member.birth_date_required``: another ID type than the resident ID gives no birth date."""
    other_id = flag(rules, "member.other_id_needs_gender_and_birth_date", on)
    if other_id is None or member.id_type.carries_birth_date or _birth(member) is not None:
        return []
    return [
        Finding.error(
            "member.birth_date_required",
            f"证件类型为{member.id_type.label}时须填写出生日期",
            column="出生日期",
            field="birth_date",
            explanation=explain(rules, _HOOK, other_id),
        )
    ]


def age_unknown(member: Member, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``age.unknown``: no birth date, and no other-ID rule already asking for it."""
    if _birth(member) is not None:
        return []
    if flag(rules, "member.other_id_needs_gender_and_birth_date", on) is not None:
        return []
    return [Finding.error("age.unknown", "缺少出生日期，无法判断年龄", field="birth_date")]


def _years(birth: date, on: date) -> int:
    return age_in_years(birth, on) if birth <= on else -1


def age_limits_met(member: Member, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``age.below_minimum`` / ``age.above_maximum``: the age on ``on`` within the plan's limits."""
    birth = _birth(member)
    if birth is None:
        return []
    limits = rules.age_limits(plan, on)
    years = _years(birth, on)
    if years < limits.minimum:
        return [below_minimum_finding(years, limits.minimum, explanation=limits.explanation)]
    if limits.maximum is not None and years > limits.maximum:
        return [above_maximum_finding(years, limits.maximum, explanation=limits.explanation)]
    return []


def over_retirement(member: Member, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``age.over_retirement``: past the statutory retirement age and not retired needs proof."""
    birth, gender = _birth(member), _gender(member)
    if birth is None:
        return []
    needs_proof = flag(rules, "member.over_retirement_needs_proof", on)
    if needs_proof is None or member.retired or gender is None:
        return []
    female = rules.cite("member.retirement_female_category", on)
    category = category_for(
        gender.value,  # type: ignore[arg-type]
        female_category=RetirementCategory(female.value if female else "female_50"),
    )
    retires = statutory_retirement_date(birth, category)
    if on < retires:
        return []
    material = rules.cite("member.over_retirement_material", on)
    why = explain(
        rules,
        _HOOK,
        needs_proof,
        female if gender is Gender.FEMALE else None,
        material,
        note=f"statutory retirement age reached ({category.label}; {DECISION_SOURCE})",
    )
    proof = over_retirement_material(material.value if material else None)
    return [over_retirement_finding(_years(birth, on), birth, category, proof, explanation=why)]


def dispatched_proof(member: Member, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``member.dispatched_proof``: a member not on the unit's own social security or medical insurance.

    Guangdong (seed 001, 四（五）): 「“非本单位社保/医保在职人员”则需要依据系统提醒，
    分别补充相关材料（…劳务派遣人员证明）」: the proof follows from the member not
    being on the unit's own social security, whether or not the row also flags
    them as dispatched.
    """
    if _birth(member) is None:
        return []
    dispatched = flag(rules, "member.dispatched_needs_proof", on)
    if dispatched is None or member.own_social_security:
        return []
    return [
        Finding.needs_material(
            "member.dispatched_proof",
            "非本单位社保/医保在职人员，须补充劳务派遣人员证明",
            field="dispatched",
            explanation=explain(rules, _HOOK, dispatched),
            material=MaterialKind.DISPATCHED_WORKER_PROOF.value,
        )
    ]


def risk_class_offered(member: Member, plan: Plan, on: date, rules: PackView) -> list[Finding]:
    """``member.risk_class_not_offered``: the plan does not take the member's risk class."""
    if _birth(member) is None or member.risk_class in plan.risk_classes:
        return []
    return [
        Finding.error(
            "member.risk_class_not_offered",
            f"{plan.name}不接受{member.risk_class.label}人员",
            column="风险类别",
            field="risk_class",
            risk_class=member.risk_class.value,
        )
    ]


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
    """The member rules in force (:data:`RULES`, each replaceable by the pack)."""
    return run(RULES, rules, member=member, plan=plan, on=on)
