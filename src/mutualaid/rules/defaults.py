"""The core's default rules: one plugin, registered ``trylast``, driven by pack parameters.

Most regional differences are switches and numbers, so the defaults
implement the common rules once and read the active pack's dated parameters
(``rules.cite(name, on)``) to decide whether and how each applies. A pack
then only writes data; it writes Python for what data cannot say.

The parameters read here (see docs/hooks.md for the full table):

=============================================  ===========================================
``age.minimum`` / ``age.maximum``              age limits in whole years (minimum never < 16)
``member.over_retirement_needs_proof``         over the statutory retirement age, not retired
``member.over_retirement_material``            ``{"kind", "name", "stamped"}`` asked for it
``member.retirement_female_category``          ``female_50`` (default) or ``female_55``
``member.dispatched_needs_proof``              dispatched, not on the unit's social security
``member.other_id_needs_gender_and_birth_date``  other ID types give gender and birth date
``roster.max_rows`` / ``roster.single_tier``   rows per import; one tier per plan
``application.max_plans``                      plans per application
``application.one_tier_per_plan_per_unit``     the same tier in all of a unit's applications
``application.required_declared_counts``       e.g. ``["medical_insurance_headcount"]``
``application.enrolled_must_equal_declared``   a declared field the headcount must equal
``application.min_participation_ratio``        ``{"of": field, "minimum": "0.90"}`` (``"paying"``: numerator)
``application.participation_ratio``            ``{"of": field, "paying": field}``: how 参保比例 is computed
``application.requires_terms_accepted``        the notice of terms must be accepted
``endorsement.pro_rata``                       charge endorsements by days left
``effective.late_payment_next_day``            late payment: cover from the day after arrival
``effective.set_by_association``               the association sets the date
``effective.waiting_period_days``              waiting period after a coverage gap
``invoice.*``                                  settlement day, cap, title, group, early invoice
``materials.<situation>``                      fixed list of documents for a step
=============================================  ===========================================

>>> from datetime import date
>>> from mutualaid.rules.engine import RuleEngine
>>> engine = RuleEngine()
>>> print(CoreDefaults().mutualaid_parameter("age.minimum", date(2026, 1, 1)))
age.minimum = 16 (《中华人民共和国劳动法》, 第十五条: 「禁止用人单位招用未满十六周岁的未成年人」)

Since 0.1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import mutualaid
from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.columns import CANONICAL_COLUMNS, TemplateColumn
from mutualaid.model.endorsement import Endorsement
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import MaterialKind, RiskClass
from mutualaid.model.material import Material
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.model.policy import Policy
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.model.unit import Unit
from mutualaid.money import ZERO, multiply
from mutualaid.privacy import mask_id_number
from mutualaid.retirement import (
    DECISION_SOURCE,
    RetirementCategory,
    statutory_retirement_age,
)
from mutualaid.rules.explain import Cited, Explanation, Source
from mutualaid.rules.findings import Finding, Severity
from mutualaid.rules.flows import ApplicationFlow
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.results import (
    LEGAL_MINIMUM_WORKING_AGE,
    AgeLimits,
    EffectiveDate,
    LinePrice,
    MaterialRequirement,
    Quote,
    Situation,
)

if TYPE_CHECKING:
    from mutualaid.rules.engine import PackView

__all__ = [
    "CORE_PARAMETERS",
    "CoreDefaults",
    "above_maximum_finding",
    "below_minimum_finding",
    "over_retirement_finding",
    "over_retirement_material",
    "participation_ratio",
    "ratio_fields",
]

_CORE = "mutualaid"

#: Parameters the core itself defines (a pack may override them, but the engine
#: never lets the minimum age fall below 16).
CORE_PARAMETERS: Mapping[str, tuple[Any, Source]] = {
    "age.minimum": (
        LEGAL_MINIMUM_WORKING_AGE,
        Source("《中华人民共和国劳动法》", "第十五条", "禁止用人单位招用未满十六周岁的未成年人"),
    ),
    "member.retirement_female_category": (
        RetirementCategory.FEMALE_50.value,
        Source(
            DECISION_SOURCE,
            "附件3",
            "core default: women retire as workers (原50周岁) unless the pack says cadres",
        ),
    ),
}


def _line_consistency(application: Application) -> list[Finding]:
    """Each entry whose shares or tier are not its line's.

    ``roster.shares_mismatch``: shares are chosen per plan on the application
    (Guangdong 四（一） "选择单个或多个保障计划和确定份数"; Linyi 3.2.1.1
    "选择保障活动的参保份数") and pricing charges each entry its own, so an
    entry with other shares than its line would be charged otherwise than the
    unit chose. ``roster.tier_mismatch``: the tier too is chosen per plan line
    (Guangdong, Linyi; Yiyang 004 "一个保障计划一个单位只能选择一个档位") and
    pricing takes the entry's own; an entry without a tier takes the line's,
    and a line without a tier has no choice to compare with.
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


def _cited_values(*cited: Cited | None) -> tuple[Cited, ...]:
    return tuple(c for c in cited if c is not None)


def _explain(
    rules: PackView, rule: str, *cited: Cited | None, note: str | None = None
) -> Explanation:
    return rules.explanation(rule, _cited_values(*cited), (note,) if note else ())


def _flag(rules: PackView, name: str, on: date) -> Cited | None:
    """The parameter, when it is set to true (else ``None``)."""
    cited = rules.cite(name, on)
    return cited if cited is not None and cited.value is True else None


def _stamped_missing(
    document: Material | None,
    kind: MaterialKind,
    code: str,
    message: str,
    field: str,
    explanation: Explanation,
) -> list[Finding]:
    """A ``needs_material`` finding for a stamped document not provided yet (else none)."""
    if document is not None and document.provided:
        return []
    return [
        Finding.needs_material(
            code, message, field=field, explanation=explanation, material=kind.value, stamped=True
        )
    ]


def participation_ratio(
    application: Application, declared_field: str, paying_field: str | None = None
) -> Decimal | None:
    """参保比例: members paid for / a declared count, in hundredths rounded down.

    The numerator is the declared count ``paying_field`` when given (Weihai:
    缴费人数, ``paying_headcount``), else the members on the application's
    rosters. ``None`` when a count is missing or the denominator is 0. Rounded
    down to whole percent as seed 000 §13 shows it (110 / 120 → 91%).

    >>> from mutualaid.model.application import DeclaredCounts
    >>> counts = DeclaredCounts(insured_headcount=120, paying_headcount=110)
    >>> app = Application("A1", "U1", "weihai", declared=counts)
    >>> participation_ratio(app, "insured_headcount", "paying_headcount")
    Decimal('0.91')
    >>> participation_ratio(app, "insured_headcount")  # no member on the roster yet
    Decimal('0.00')
    """
    declared = getattr(application.declared, declared_field, None)
    paying = (
        application.headcount
        if paying_field is None
        else getattr(application.declared, paying_field, None)
    )
    if not declared or paying is None:
        return None
    return (Decimal(paying) / Decimal(declared)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def ratio_fields(spec: Any) -> tuple[str, str | None] | None:
    """The ``(of, paying)`` fields of a ratio parameter's value, or ``None`` when it names none.

    ``application.participation_ratio`` and ``application.min_participation_ratio``
    are mappings with ``"of"`` (the declared denominator) and optionally
    ``"paying"`` (a declared numerator; else the roster's headcount).

    >>> ratio_fields({"of": "insured_headcount", "paying": "paying_headcount"})
    ('insured_headcount', 'paying_headcount')
    >>> ratio_fields({"of": "insured_headcount", "minimum": "0.90"})
    ('insured_headcount', None)
    """
    if not isinstance(spec, Mapping) or not spec.get("of"):
        return None
    paying = spec.get("paying")
    return str(spec["of"]), (str(paying) if paying else None)


def _material(raw: Any, default: MaterialKind) -> tuple[MaterialKind, str, bool]:
    if isinstance(raw, Mapping):
        kind = MaterialKind(raw.get("kind", default.value))
        return kind, str(raw.get("name") or kind.label), bool(raw.get("stamped", False))
    return default, default.label, False


def over_retirement_material(raw: Any) -> tuple[MaterialKind, str, bool]:
    """``(kind, name, stamped)`` of the ``member.over_retirement_material`` parameter's value.

    >>> over_retirement_material(None)
    (<MaterialKind.OVER_AGE_PROOF: 'over_age_proof'>, '超龄未退休职工证明', False)
    >>> over_retirement_material({"name": "超龄未退休职工名册", "stamped": True})[1:]
    ('超龄未退休职工名册', True)
    """
    return _material(raw, MaterialKind.OVER_AGE_PROOF)


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


class CoreDefaults:
    """The core's rules, every hook ``trylast``: any pack's answer comes first."""

    # --- pack data --------------------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_parameter(self, name: str, on: date) -> Cited | None:
        found = CORE_PARAMETERS.get(name)
        if found is None:
            return None
        value, source = found
        return Cited(name, value, None, source, _CORE, mutualaid.__version__)

    # --- plans ------------------------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_plans(self, on: date | None) -> Sequence[Plan]:
        return []

    # --- members ------------------------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_age_limits(self, plan: Plan, on: date, rules: PackView) -> AgeLimits:
        low = rules.cite("age.minimum", on)
        high = rules.cite("age.maximum", on)
        minimum = int(low.value) if low is not None else LEGAL_MINIMUM_WORKING_AGE
        maximum = int(high.value) if high is not None and high.value is not None else None
        return AgeLimits(minimum, maximum, _explain(rules, "mutualaid_age_limits", low, high))

    @hookimpl(trylast=True)
    def mutualaid_member_findings(
        self, member: Member, plan: Plan, on: date, rules: PackView
    ) -> list[Finding]:
        # one definition: the columnar evaluator, for a batch of one
        from mutualaid.rules.columnar.member import core_member_findings

        return core_member_findings(member, plan, on, rules)

    # --- rosters and applications ---------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_roster_findings(
        self, roster: Roster, plan: Plan, on: date, rules: PackView
    ) -> list[Finding]:
        found: list[Finding] = []
        limit = rules.cite("roster.max_rows", on)
        if limit is not None and len(roster) > int(limit.value):
            found.append(
                Finding.error(
                    "roster.row_limit",
                    f"单次导入名单不超过{limit.value}条，本次{len(roster)}条，请分批导入",
                    explanation=_explain(rules, "mutualaid_roster_findings", limit),
                    rows=len(roster),
                    limit=int(limit.value),
                )
            )
        if not len(roster):
            found.append(Finding.error("roster.empty", "参保名单为空"))
        for index, entry in enumerate(roster):
            if entry.plan_code != plan.code:
                found.append(
                    Finding.error(
                        "roster.plan_mismatch",
                        f"该行保障计划{entry.plan_code}与名单的{plan.code}不符",
                        field="plan_code",
                        entry_index=index,
                    )
                )
            if entry.tier_code is not None and entry.tier_code not in plan.tier_codes:
                found.append(
                    Finding.error(
                        "roster.unknown_tier",
                        f"{plan.name}没有档位{entry.tier_code}",
                        field="tier_code",
                        entry_index=index,
                        tier=entry.tier_code,
                    )
                )
            if not 1 <= entry.shares <= plan.max_shares:
                found.append(
                    Finding.error(
                        "roster.shares_out_of_range",
                        f"份数须在1至{plan.max_shares}之间，该行为{entry.shares}",
                        field="shares",
                        entry_index=index,
                        shares=entry.shares,
                        maximum=plan.max_shares,
                    )
                )
        single = _flag(rules, "roster.single_tier", on)
        tiers = sorted({e.tier_code for e in roster if e.tier_code is not None})
        if single is not None and len(tiers) > 1:
            found.append(
                Finding.error(
                    "roster.tier_mixed",
                    f"一个保障计划一个单位只能选择一个档位，名单中有{'、'.join(tiers)}",
                    field="tier_code",
                    explanation=_explain(rules, "mutualaid_roster_findings", single),
                    tiers=tiers,
                )
            )
        return found

    @hookimpl(trylast=True)
    def mutualaid_application_findings(
        self,
        application: Application,
        prior_applications: Sequence[Application],
        on: date,
        rules: PackView,
    ) -> list[Finding]:
        found: list[Finding] = []
        rule = "mutualaid_application_findings"
        max_plans = rules.cite("application.max_plans", on)
        if max_plans is not None and len(application.lines) > int(max_plans.value):
            found.append(
                Finding.error(
                    "application.too_many_plans",
                    f"一个参保单只能选择{max_plans.value}个保障计划，如需参加多个计划请分别建立参保单",
                    field="lines",
                    explanation=_explain(rules, rule, max_plans),
                    plans=len(application.lines),
                    limit=int(max_plans.value),
                )
            )
        one_tier = _flag(rules, "application.one_tier_per_plan_per_unit", on)
        if one_tier is not None:
            found += self._tier_consistency(
                application, prior_applications, _explain(rules, rule, one_tier)
            )
        required = rules.cite("application.required_declared_counts", on)
        for name in required.value if required is not None else ():
            if getattr(application.declared, name, None) is None:
                found.append(
                    Finding.error(
                        "application.declared_missing",
                        f"请填写{DeclaredCounts.label(name)}",
                        field=f"declared.{name}",
                        explanation=_explain(rules, rule, required),
                        declared=name,
                    )
                )
        equal = rules.cite("application.enrolled_must_equal_declared", on)
        if equal is not None and equal.value:
            declared = getattr(application.declared, str(equal.value), None)
            if declared is not None and declared != application.headcount:
                found.append(
                    Finding.error(
                        "roster.count_mismatch",
                        f"录入人员数量{application.headcount}与填写的{DeclaredCounts.label(str(equal.value))}{declared}不符",
                        field=f"declared.{equal.value}",
                        explanation=_explain(rules, rule, equal),
                        enrolled=application.headcount,
                        declared=declared,
                    )
                )
        ratio_rule = rules.cite("application.min_participation_ratio", on)
        fields = ratio_fields(ratio_rule.value) if ratio_rule is not None else None
        if ratio_rule is not None and fields is not None:
            of = fields[0]
            minimum = Decimal(str(ratio_rule.value["minimum"]))
            ratio = participation_ratio(application, *fields)
            if ratio is not None and ratio < minimum:
                found.append(
                    Finding.warning(
                        "application.participation_ratio",
                        f"参保比例{ratio:.0%}低于{minimum:.0%}",
                        field=f"declared.{of}",
                        explanation=_explain(rules, rule, ratio_rule),
                        ratio=str(ratio),
                        minimum=str(minimum),
                    )
                )
        found += _line_consistency(application)
        terms = _flag(rules, "application.requires_terms_accepted", on)
        if terms is not None and not application.terms_accepted:
            found.append(
                Finding.error(
                    "application.terms_not_accepted",
                    "请先阅读并勾选告知书",
                    field="terms_accepted",
                    explanation=_explain(rules, rule, terms),
                )
            )
        return found

    def _tier_consistency(
        self, application: Application, prior: Sequence[Application], why: Explanation
    ) -> list[Finding]:
        found = []
        for line in application.lines:
            for other in prior:
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

    # --- pricing ------------------------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_price_entry(
        self,
        entry: RosterEntry,
        plan: Plan,
        tier_code: str | None,
        shares: int,
        on: date,
        rules: PackView,
    ) -> LinePrice:
        if plan.is_gift:
            why = _explain(
                rules, "mutualaid_price_entry", note=f"{plan.code} is a gift plan: no charge"
            )
            return LinePrice(
                plan.code, tier_code, shares, 1, ZERO, ZERO, gift=True, explanation=why
            )
        if tier_code is None:
            if len(plan.tiers) != 1:
                plan.tier("")  # raises UnknownPlan naming the tiers
            tier_code = plan.tiers[0].code
        tier = plan.tier(tier_code)
        high = entry.member.risk_class is RiskClass.HIGH_RISK and tier.high_risk is not None
        contribution = tier.contribution_for(entry.member.risk_class)
        cited = rules.cite(
            f"plans.{plan.code}.tiers.{tier.code}.{'high_risk' if high else 'contribution'}", on
        )
        why = _explain(
            rules,
            "mutualaid_price_entry",
            cited,
            note=f"{contribution.total:.2f} x {shares} share(s)",
        )
        return LinePrice(
            plan.code,
            tier.code,
            shares,
            1,
            multiply(contribution.member, shares),
            multiply(contribution.subsidy, shares),
            explanation=why,
        )

    def _quote(
        self,
        roster_lines: Sequence[tuple[Plan, Roster, str | None, tuple[str, ...]]],
        on: date,
        rules: PackView,
        rule: str,
    ) -> Quote:
        groups: dict[tuple[str, str | None, int, bool], LinePrice] = {}
        why = rules.explanation(rule)
        for plan, roster, tier_code, gifts in roster_lines:
            for entry in roster:
                # the entry's own shares: the roster check gives each entry the line's shares
                # (or the row's), so a line's shares never override an entry's
                price = rules.price_entry(
                    entry, plan, on, tier_code=entry.tier_code or tier_code, shares=entry.shares
                )
                key = (price.plan_code, price.tier_code, price.shares, price.gift)
                old = groups.get(key)
                if old is not None:
                    price = LinePrice(
                        old.plan_code,
                        old.tier_code,
                        old.shares,
                        old.members + price.members,
                        old.member_part + price.member_part,
                        old.subsidy_part + price.subsidy_part,
                        old.gift,
                        old.explanation,
                    )
                groups[key] = price
                why = why.merge(price.explanation)
            for gift in gifts:
                note = f"gift plan {gift}: no charge"
                groups[(gift, None, 1, True)] = LinePrice(
                    gift,
                    None,
                    1,
                    roster.headcount,
                    ZERO,
                    ZERO,
                    gift=True,
                    explanation=rules.explanation(rule, notes=(note,)),
                )
                why = why.with_note(note)
        return Quote.of(groups.values(), why)

    @hookimpl(trylast=True)
    def mutualaid_price_application(
        self, application: Application, on: date, rules: PackView
    ) -> Quote:
        lines = [
            (rules.plan(line.plan_code), line.roster, line.tier_code, line.gift_plans)
            for line in application.lines
        ]
        return self._quote(lines, on, rules, "mutualaid_price_application")

    @hookimpl(trylast=True)
    def mutualaid_price_endorsement(
        self, endorsement: Endorsement, policy: Policy, on: date, rules: PackView
    ) -> Quote:
        plan = rules.plan(policy.plan_code)
        tier_code = next((m.tier_code for m in policy.members if m.tier_code), None)
        quote = self._quote(
            [(plan, endorsement.roster, tier_code, ())], on, rules, "mutualaid_price_endorsement"
        )
        pro_rata = _flag(rules, "endorsement.pro_rata", on)
        if pro_rata is None:
            return quote
        start = max(endorsement.effective_date, policy.coverage.start)
        days_left = max(0, (policy.coverage.end - start).days + 1)
        factor = Decimal(days_left) / Decimal(policy.coverage.days)
        lines = [
            LinePrice(
                p.plan_code,
                p.tier_code,
                p.shares,
                p.members,
                multiply(p.member_part, factor),
                multiply(p.subsidy_part, factor),
                p.gift,
                p.explanation,
            )
            for p in quote.lines
        ]
        note = f"pro rata: {days_left}/{policy.coverage.days} days of cover left"
        base = quote.explanation or rules.explanation("mutualaid_price_endorsement")
        return Quote.of(lines, base.citing([pro_rata]).with_note(note))

    @hookimpl(trylast=True)
    def mutualaid_price_group(
        self, applications: Sequence[Application], on: date, rules: PackView
    ) -> Quote:
        lines: list[LinePrice] = []
        why = rules.explanation("mutualaid_price_group")
        for application in applications:
            quote = rules.price_application(application, on)
            lines += quote.lines
            why = why.merge(quote.explanation).with_note(f"{application.id}: {quote.total:.2f}")
        return Quote.of(lines, why)

    # --- effective dates ------------------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_effective_date(
        self,
        application: Application,
        plan: Plan,
        payment_arrival: date | None,
        previous_coverage_end: date | None,
        association_date: date | None,
        rules: PackView,
    ) -> EffectiveDate:
        on = (
            application.reference_effective_date
            or application.requested_effective_date
            or plan.coverage.start
        )
        coverage = rules.cite(f"plans.{plan.code}.coverage", on)
        notes: list[str] = []
        cited: list[Cited | None] = [coverage]
        asked = application.reference_effective_date or application.requested_effective_date
        start = max(plan.coverage.start, asked) if asked else plan.coverage.start
        notes.append(
            f"coverage starts {plan.coverage.start.isoformat()}"
            + (f"; asked for {asked.isoformat()}" if asked else "")
        )
        by_association = _flag(rules, "effective.set_by_association", on)
        late = _flag(rules, "effective.late_payment_next_day", on)
        result: date | None = start
        if by_association is not None:
            cited.append(by_association)
            result = association_date
            notes.append(
                "the association sets the effective date"
                + ("" if association_date else ": not set yet")
            )
        elif late is not None and payment_arrival is not None and payment_arrival > start:
            cited.append(late)
            result = payment_arrival + timedelta(days=1)
            notes.append(
                f"payment arrived {payment_arrival.isoformat()}, after {start.isoformat()}: effective the next day"
            )
        waiting_end = None
        waiting = rules.cite("effective.waiting_period_days", on)
        if (
            waiting is not None
            and result is not None
            and previous_coverage_end is not None
            and result > previous_coverage_end + timedelta(days=1)
        ):
            cited.append(waiting)
            waiting_end = result + timedelta(days=int(waiting.value) - 1)
            notes.append(
                f"coverage gap after {previous_coverage_end.isoformat()}: waiting period of {waiting.value} days"
            )
        why = rules.explanation("mutualaid_effective_date", _cited_values(*cited), notes)
        return EffectiveDate(
            result, plan.coverage.end, waiting_end, by_association is not None, why
        )

    @hookimpl(trylast=True)
    def mutualaid_endorsement_effective_date(
        self,
        endorsement: Endorsement,
        policy: Policy,
        payment_arrival: date | None,
        association_date: date | None,
        rules: PackView,
    ) -> EffectiveDate:
        on = endorsement.effective_date
        by_association = _flag(rules, "effective.set_by_association", on)
        if by_association is not None:
            why = _explain(
                rules,
                "mutualaid_endorsement_effective_date",
                by_association,
                note="the association sets the effective date",
            )
            return EffectiveDate(association_date, policy.coverage.end, None, True, why)
        floor = policy.effective_date or policy.coverage.start
        result = max(endorsement.effective_date, floor)
        note = f"requested {endorsement.effective_date.isoformat()}, policy effective {floor.isoformat()}"
        return EffectiveDate(
            result,
            policy.coverage.end,
            None,
            False,
            _explain(rules, "mutualaid_endorsement_effective_date", note=note),
        )

    # --- invoicing ------------------------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_invoice_findings(
        self,
        request: InvoiceRequest,
        unit: Unit,
        applications: Sequence[Application],
        on: date,
        rules: PackView,
    ) -> list[Finding]:
        found: list[Finding] = []
        rule = "mutualaid_invoice_findings"
        day = rules.cite("invoice.settlement_day", on)
        # judged on ``on``, the day of the submit: the request's saved date is the unit's to edit
        if day is not None and on.day > int(day.value):
            found.append(
                Finding.error(
                    "invoice.after_settlement_day",
                    f"每月{day.value}日为结算日，结算后不再开取发票",
                    field="requested_on",
                    explanation=_explain(rules, rule, day),
                    settlement_day=int(day.value),
                    requested_on=on.isoformat(),
                )
            )
        title = _flag(rules, "invoice.title_must_match_unit", on)
        if title is not None and request.title.strip() != unit.name.strip():
            found.append(
                Finding.error(
                    "invoice.title_mismatch",
                    f"发票抬头“{request.title}”须与单位名称“{unit.name}”一致",
                    field="title",
                    explanation=_explain(rules, rule, title),
                )
            )
        group = _flag(rules, "invoice.group_invoiced_by_parent", on)
        if group is not None and any(a.is_group_part for a in applications):
            found.append(
                Finding.error(
                    "invoice.group_by_parent",
                    "集团单位由集团总公司统一开票",
                    field="unit_id",
                    explanation=_explain(rules, rule, group),
                )
            )
        cap = _flag(rules, "invoice.per_capita_cap_when_mixed", on)
        if cap is not None:
            found += self._per_capita_cap(request, applications, on, rules, cap)
        stamped = _flag(rules, "invoice.stamped_confirmation_required", on)
        if stamped is not None:
            found += _stamped_missing(
                request.stamped_confirmation,
                MaterialKind.CONFIRMATION_CERTIFICATE,
                "invoice.stamped_confirmation_missing",
                "开票须上传盖章后的参保确认书（下载电子保单并加盖公章）",
                "stamped_confirmation",
                _explain(rules, rule, stamped),
            )
        if request.early:
            allowed = _flag(rules, "invoice.early_allowed", on)
            letter = _flag(rules, "invoice.early_needs_commitment_letter", on)
            if allowed is None:
                found.append(
                    Finding.error("invoice.early_not_allowed", "不支持提前开票", field="early")
                )
            elif letter is not None:
                found += _stamped_missing(
                    request.commitment_letter,
                    MaterialKind.COMMITMENT_LETTER,
                    "invoice.early_needs_commitment_letter",
                    "提前开票须上传加盖公章的提前开票承诺书",
                    "commitment_letter",
                    _explain(rules, rule, allowed, letter),
                )
        return found

    def _per_capita_cap(
        self,
        request: InvoiceRequest,
        applications: Sequence[Application],
        on: date,
        rules: PackView,
        cap_rule: Cited,
    ) -> list[Finding]:
        """Linyi 3.3 注: each activity mixing the classes is capped at high-risk price x shares.

        The cap is per activity (application line): the sum over its entries of
        the high-risk price of the entry's tier times the entry's own shares
        (headcount x 高危会费单价 x 份数 when all take the same). An invoice maps
        to its activities so: an activity of one class has a fixed price (its
        quote), so it takes exactly that; the rest of the amount is the mixed
        activities' part, shared among them in proportion to their quotes (to
        their caps when these are all zero). Comparisons are exact (fractions,
        no rounded ratio).
        """
        mixed: list[tuple[Plan, int, Decimal, Decimal, tuple[Cited | None, ...]]] = []
        rest = Fraction(request.amount)
        for application in applications:
            for line in application.lines:
                plan = rules.plan(line.plan_code)
                quote, cap = ZERO, ZERO
                tiers: dict[str, str] = {}
                for entry in line.roster:
                    code = entry.tier_code or line.tier_code
                    tier = plan.tier(code) if code else plan.tiers[0]
                    quote += rules.price_entry(
                        entry, plan, on, tier_code=tier.code, shares=entry.shares
                    ).total
                    cap += multiply(tier.contribution_for(RiskClass.HIGH_RISK).total, entry.shares)
                    tiers[tier.code] = f"plans.{plan.code}.tiers.{tier.code}.high_risk"
                if {RiskClass.NORMAL, RiskClass.HIGH_RISK} <= {
                    e.member.risk_class for e in line.roster
                }:
                    cited = (cap_rule, *(rules.cite(name, on) for name in tiers.values()))
                    mixed.append((plan, line.headcount, quote, cap, cited))
                else:
                    rest -= Fraction(quote)
        weights = [Fraction(q) for _, _, q, _, _ in mixed]
        if not any(weights):
            weights = [Fraction(c) for _, _, _, c, _ in mixed]
        whole = sum(weights, Fraction(0))
        found: list[Finding] = []
        for (plan, headcount, _, cap, cited), weight in zip(mixed, weights, strict=True):
            part = rest * weight / whole if whole else rest
            if part <= cap:
                continue
            shown = Decimal(math.ceil(part * 100)).scaleb(
                -2
            )  # shown rounded up: never "at" the cap
            found.append(
                Finding.error(
                    "invoice.per_capita_cap",
                    f"{plan.name}存在高危和普通两类人群，开票人均单价上限为高危会费单价×份数，"
                    f"{headcount}人合计{cap:.2f}元；本次该活动开票{shown:.2f}元",
                    field="amount",
                    explanation=_explain(rules, "mutualaid_invoice_findings", *cited),
                    plan_code=plan.code,
                    headcount=headcount,
                    cap=f"{cap:.2f}",
                    amount=f"{shown:.2f}",
                )
            )
        return found

    # --- materials ------------------------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_required_materials(
        self,
        situation: Situation,
        application: Application | None,
        findings: Sequence[Finding],
        on: date,
        rules: PackView,
    ) -> list[MaterialRequirement]:
        needed: list[MaterialRequirement] = []
        for f in findings:
            if f.severity is Severity.NEEDS_MATERIAL and "material" in f.params:
                kind = MaterialKind(f.params["material"])
                name = str(f.params.get("material_name") or kind.label)
                needed.append(
                    MaterialRequirement(
                        kind,
                        name,
                        situation,
                        f.code,
                        bool(f.params.get("stamped", False)),
                        f.explanation,
                    )
                )
        fixed = rules.cite(f"materials.{situation.value}", on)
        for raw in fixed.value if fixed is not None else ():
            kind, name, stamped = _material(raw, MaterialKind.OTHER)
            needed.append(
                MaterialRequirement(
                    kind,
                    name,
                    situation,
                    None,
                    stamped,
                    _explain(rules, "mutualaid_required_materials", fixed),
                )
            )
        return needed

    # --- templates --------------------------------------------------------------

    @hookimpl(trylast=True)
    def mutualaid_template_columns(self, plan: Plan) -> Sequence[TemplateColumn]:
        return CANONICAL_COLUMNS

    # --- life-cycle flows (added by the life-cycle layer) -------------------------

    @hookimpl(trylast=True)
    def mutualaid_application_flow(self, kind: str, rules: PackView) -> ApplicationFlow:
        return ApplicationFlow(region=rules.region)
