"""What a roster is judged by, asked of the pack once per roster: :class:`RosterRules`.

The member rules' part is :class:`~mutualaid.rules.columnar.MemberRules`
(:attr:`RosterRules.member_rules`); the rest is the roster's own: the
template's columns, the row limit, one tier per plan, the declared count.
Both the check (:mod:`mutualaid.roster.validation`) and its report
(:mod:`mutualaid.roster.report`) import it from here.

>>> from datetime import date
>>> from mutualaid.model import CoveragePeriod, Plan, PlanKind, Tier, Contribution
>>> plan = Plan("YY-HOSP-2026", "职工住院医疗保障项目2026", PlanKind.HOSPITALIZATION_MEDICAL,
...             CoveragePeriod.calendar_year(2026), (Tier("T60", "60元档位", Contribution(60)),))
>>> RosterRules(plan, on=date(2026, 1, 1)).member_rules.age_limits.minimum
16
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from mutualaid.model.columns import CANONICAL_COLUMNS, TemplateColumn
from mutualaid.model.kinds import MaterialKind, RiskClass
from mutualaid.model.plan import Plan
from mutualaid.money import ZERO, multiply
from mutualaid.retirement import RetirementCategory
from mutualaid.rules.columnar import MemberRules
from mutualaid.rules.columnar.age_findings import over_retirement_material
from mutualaid.rules.explain import Explanation
from mutualaid.rules.results import AgeLimits
from mutualaid.rules.view import PackView

__all__ = ["RosterRules"]

_NO_LIMITS: Final = AgeLimits()


@attrs.frozen
class RosterRules:
    """Everything rows are judged by, asked of the pack once per roster.

    Build it with :meth:`from_pack`; tests and hosts without a pack may build
    it directly (the defaults are the core's: minimum age 16, no other limit).

    :param plan: the plan the roster is for.
    :param on: the day ages and eligibility are judged.
    :param tier_code: the tier for rows that do not name one.
    :param shares: the shares for rows that do not give them.
    :param columns: the pack's template columns (headers, required flags).
    :param age_limits: inclusive age limits in whole years.
    :param over_retirement_needs_proof: past the statutory retirement age and
        not retired needs proof (``age.over_retirement``).
    :param female_category: the retirement table for women.
    :param other_id_needs_gender_and_birth_date: other ID types must give them.
    :param dispatched_needs_proof: ``member.dispatched_proof`` applies.
    :param max_rows: most member rows one import may hold.
    :param single_tier: one tier for all rows of the plan.
    :param count_must_equal: the roster must have exactly the declared headcount
        (``roster.count_mismatch`` is then an error, otherwise a warning).
    :param over_retirement_material: ``(kind, name, stamped)`` of the document asked
        for over-age members (:func:`~mutualaid.rules.defaults.over_retirement_material`).
    :param pack: the pack view whose own hooks are called (member and roster
        findings, prices) when :attr:`pack_hooks` says it implements them.
    :param pack_hooks: the hooks the pack (or a pack it extends) implements
        itself, beyond the core's defaults.
    :param explanations: per finding code, the explanation attached to it.
    """

    plan: Plan
    on: date
    tier_code: str | None = None
    shares: int = 1
    columns: tuple[TemplateColumn, ...] = CANONICAL_COLUMNS
    age_limits: AgeLimits = _NO_LIMITS
    over_retirement_needs_proof: bool = False
    female_category: RetirementCategory = RetirementCategory.FEMALE_50
    other_id_needs_gender_and_birth_date: bool = False
    dispatched_needs_proof: bool = False
    max_rows: int | None = None
    single_tier: bool = False
    count_must_equal: bool = False
    over_retirement_material: tuple[MaterialKind, str, bool] = over_retirement_material(None)
    pack: PackView | None = attrs.field(default=None, eq=False, repr=False)
    pack_hooks: frozenset[str] = frozenset()
    explanations: dict[str, Explanation] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_pack(
        cls,
        pack: PackView,
        plan: str | Plan,
        *,
        tier: str | None = None,
        shares: int = 1,
        on: date | None = None,
    ) -> RosterRules:
        """Ask ``pack`` once for everything a roster of ``plan`` is checked against.

        The member rules' part and the parameters are those of
        :meth:`MemberRules.from_pack <mutualaid.rules.columnar.MemberRules.from_pack>`
        (which raises :class:`~mutualaid.errors.UnknownPlan` for no such plan or
        tier); the roster's own rules are added here.
        """
        member = MemberRules.from_pack(pack, plan, tier=tier, shares=shares, on=on)
        day = member.on

        def flag(name: str) -> bool:
            return pack.param(name, day, False) is True

        max_rows = pack.param("roster.max_rows", day, None)
        explanations = dict(member.explanations)
        for code, names, rule in (
            ("roster.row_limit", ("roster.max_rows",), "mutualaid_roster_findings"),
            ("roster.tier_mixed", ("roster.single_tier",), "mutualaid_roster_findings"),
            (
                "roster.count_mismatch",
                ("application.enrolled_must_equal_declared",),
                "mutualaid_application_findings",
            ),
        ):
            cited = [c for c in (pack.cite(n, day) for n in names) if c is not None]
            explanations[code] = pack.explanation(rule, cited)
        return cls(
            plan=member.plan,
            on=day,
            tier_code=member.tier_code,
            shares=shares,
            columns=pack.template_columns(member.plan),
            age_limits=member.age_limits,
            over_retirement_needs_proof=member.over_retirement_needs_proof,
            female_category=member.female_category,
            other_id_needs_gender_and_birth_date=member.other_id_needs_gender_and_birth_date,
            dispatched_needs_proof=member.dispatched_needs_proof,
            max_rows=int(max_rows) if max_rows is not None else None,
            single_tier=flag("roster.single_tier"),
            count_must_equal=bool(
                pack.param("application.enrolled_must_equal_declared", day, None)
            ),
            over_retirement_material=member.over_retirement_material,
            pack=pack,
            pack_hooks=member.pack_hooks,
            explanations=explanations,
        )

    @property
    def member_rules(self) -> MemberRules:
        """The member rules of these roster rules (what the columnar evaluator reads)."""
        return MemberRules(
            plan=self.plan,
            on=self.on,
            tier_code=self.tier_code,
            shares=self.shares,
            age_limits=self.age_limits,
            over_retirement_needs_proof=self.over_retirement_needs_proof,
            female_category=self.female_category,
            over_retirement_material=self.over_retirement_material,
            other_id_needs_gender_and_birth_date=self.other_id_needs_gender_and_birth_date,
            dispatched_needs_proof=self.dispatched_needs_proof,
            explanations=self.explanations,
            pack_hooks=self.pack_hooks,
            pack=self.pack,
        )

    def price(self, tier_code: str | None, risk_class: RiskClass, shares: int) -> Decimal:
        """What one member pays (member part plus subsidy), two places.

        >>> from mutualaid.model import CoveragePeriod, Plan, PlanKind, Tier, Contribution
        >>> plan = Plan("P", "计划", PlanKind.OTHER, CoveragePeriod.calendar_year(2026),
        ...             (Tier("T60", "60元档位", Contribution(50, 10)),), max_shares=3)
        >>> RosterRules(plan, date(2026, 1, 1)).price("T60", RiskClass.NORMAL, 2)
        Decimal('120.00')
        """
        if self.plan.is_gift:
            return ZERO
        code = tier_code or (self.plan.tiers[0].code if len(self.plan.tiers) == 1 else "")
        return multiply(self.plan.tier(code).contribution_for(risk_class).total, shares)
