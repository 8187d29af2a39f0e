"""The age findings' builders: the one place each of their messages is written.

``age.below_minimum``, ``age.above_maximum`` and ``age.over_retirement``
carry facts in their messages (the age, the limit, the retirement age, the
document asked for); the columnar evaluator builds them here for every path
(:mod:`mutualaid.rules.columnar.eligibility`), and the core's default rules
re-export them (:mod:`mutualaid.rules.defaults.eligibility`).

Since 0.1 (in the core's defaults until the columnar evaluator).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from mutualaid.model.kinds import MaterialKind
from mutualaid.retirement import RetirementCategory, statutory_retirement_age
from mutualaid.rules.explain import Explanation
from mutualaid.rules.findings import Finding

__all__ = [
    "ABOVE_MAXIMUM",
    "BELOW_MINIMUM",
    "OVER_RETIREMENT",
    "above_maximum_finding",
    "below_minimum_finding",
    "over_retirement_finding",
    "over_retirement_material",
]


#: The messages, ``str.format`` placeholders from the findings' params.
OVER_RETIREMENT = (
    "年龄{age}周岁，已达法定退休年龄（{retirement_age}）且未退休，须提供{material_name}"
)
BELOW_MINIMUM = "年龄{age}周岁，未满本计划的最低参保年龄{minimum}周岁"
ABOVE_MAXIMUM = "年龄{age}周岁，超过本计划的最高参保年龄{maximum}周岁"
_BORN_AFTER = "出生日期晚于核验之日，未满本计划的最低参保年龄{minimum}周岁"


def over_retirement_material(raw: Any) -> tuple[MaterialKind, str, bool]:
    """``(kind, name, stamped)`` of the ``member.over_retirement_material`` parameter's value.

    >>> over_retirement_material(None)
    (<MaterialKind.OVER_AGE_PROOF: 'over_age_proof'>, '超龄未退休职工证明', False)
    >>> over_retirement_material({"name": "超龄未退休职工名册", "stamped": True})[1:]
    ('超龄未退休职工名册', True)
    """
    if not isinstance(raw, Mapping):
        return MaterialKind.OVER_AGE_PROOF, MaterialKind.OVER_AGE_PROOF.label, False
    kind = MaterialKind(raw.get("kind", MaterialKind.OVER_AGE_PROOF.value))
    return kind, str(raw.get("name") or kind.label), bool(raw.get("stamped", False))


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

    ``column`` is where the age was read: the birth date's column
    (``出生日期``), or a roster's ID number column when the roster has no
    birth date column. The message and params give the age and the
    retirement age, never the birth or retirement date (either would
    complete a masked ID number).

    >>> from datetime import date
    >>> f = over_retirement_finding(
    ...     55, date(1970, 6, 1), RetirementCategory.FEMALE_50, over_retirement_material(None)
    ... )
    >>> f.message
    '年龄55周岁，已达法定退休年龄（50岁）且未退休，须提供超龄未退休职工证明'
    >>> f.column, f.field, f.params["retirement_age"], f.params["material"], f.params["stamped"]
    ('出生日期', 'retired', '50岁', 'over_age_proof', False)
    """
    retirement_age = statutory_retirement_age(born, category).label
    # the finding depends on the birth date only through the retirement age: made once per
    # (age, retirement age, category, material, column, explanation), as a roster repeats them
    try:
        key: tuple[object, ...] | None = (
            age.__class__,
            age,
            retirement_age,
            category,
            material,
            column,
            id(explanation),
        )
        known = _OVER_RETIREMENT_MADE.get(key)  # type: ignore[arg-type]
    except TypeError:  # an unhashable material: made each time
        key = known = None
    if known is not None and known[0] is explanation:
        return known[1]
    finding = _over_retirement(age, retirement_age, category, material, column, explanation)
    if key is not None:
        if len(_OVER_RETIREMENT_MADE) >= _MADE_LIMIT:
            _OVER_RETIREMENT_MADE.clear()
        _OVER_RETIREMENT_MADE[key] = (explanation, finding)
    return finding


#: Findings made, by key; the explanation kept beside its finding (its id is in the key).
_OVER_RETIREMENT_MADE: dict[tuple[object, ...], tuple[Explanation | None, Finding]] = {}
_MADE_LIMIT = 4096


def _over_retirement(
    age: int,
    retirement_age: str,
    category: RetirementCategory,
    material: tuple[MaterialKind, str, bool],
    column: str,
    explanation: Explanation | None,
) -> Finding:
    kind, name, stamped = material
    message = OVER_RETIREMENT.format(age=age, retirement_age=retirement_age, material_name=name)
    return Finding.needs_material(
        "age.over_retirement",
        message,
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

    A negative ``age`` is a birth after the day of the check: the message
    says so rather than give a negative age.

    >>> f = below_minimum_finding(14, 16)
    >>> f.message, f.column, f.field, dict(f.params)
    ('年龄14周岁，未满本计划的最低参保年龄16周岁', '出生日期', 'birth_date', {'age': 14, 'minimum': 16})
    >>> below_minimum_finding(-1, 16).message
    '出生日期晚于核验之日，未满本计划的最低参保年龄16周岁'
    """
    text = (BELOW_MINIMUM if age >= 0 else _BORN_AFTER).format(age=age, minimum=minimum)
    return _age_limit("age.below_minimum", text, column, explanation, age=age, minimum=minimum)


def above_maximum_finding(
    age: int,
    maximum: int,
    *,
    column: str = "出生日期",
    explanation: Explanation | None = None,
) -> Finding:
    """The ``age.above_maximum`` finding: older than the plan's maximum age.

    >>> f = above_maximum_finding(66, 65, column="证件号码")
    >>> f.message, f.column, f.field, dict(f.params)
    ('年龄66周岁，超过本计划的最高参保年龄65周岁', '证件号码', 'birth_date', {'age': 66, 'maximum': 65})
    """
    text = ABOVE_MAXIMUM.format(age=age, maximum=maximum)
    return _age_limit("age.above_maximum", text, column, explanation, age=age, maximum=maximum)


def _age_limit(
    code: str, message: str, column: str, explanation: Explanation | None, **params: int
) -> Finding:
    return Finding.error(
        code, message, column=column, field="birth_date", explanation=explanation, **params
    )
