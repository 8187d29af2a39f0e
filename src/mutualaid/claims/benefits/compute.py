"""Compute one case's benefit from its steps: one explanation row per step, to the fen.

The benefit starts at 0; each step adds (the eligible amount, an allowance,
a lump sum) or withholds (an exclusion, the deductible, the ratio, a cap),
and writes a :class:`~mutualaid.model.benefit.BenefitRow` with its input,
parameter, the day that value took effect, the source, its output and what
it withheld and why. :class:`~mutualaid.model.benefit.Benefit` checks that the
rows add up. Amounts are integer fen inside, so the columnar evaluator
(:mod:`mutualaid.claims.benefits.columnar`) gets the same answer.

What earlier cases used (deductible per period, caps per period and for
life, allowance days) comes in as a :class:`~mutualaid.model.ledger.Standing`
(:func:`mutualaid.claims.ledger.standing`). A cap over the whole benefit that
cuts several categories writes one row per category it cuts (the last added
first), so every row names the category it changed.

>>> from datetime import date
>>> from mutualaid.claims.benefits.case import CaseFacts
>>> from mutualaid.claims.benefits.resolved import ResolvedStep, ResolvedSteps
>>> from mutualaid.model.benefit import BenefitStep, BenefitSteps
>>> steps = BenefitSteps("P1", "other", (
...     BenefitStep("eligible", "eligible", amount="total"),
...     BenefitStep("deductible", "deductible", parameter="demo.deductible"),
...     BenefitStep("ratio", "ratio", parameter="demo.ratio")))
>>> resolved = ResolvedSteps(steps, (ResolvedStep(steps.steps[0]),
...     ResolvedStep(steps.steps[1], amount=80000), ResolvedStep(steps.steps[2], num=5, den=10)),
...     date(2026, 5, 3))
>>> b = apply_steps(resolved, CaseFacts("LP1", "other", date(2026, 5, 3), total="8000"), plan_code="P1")
>>> b.amount, [(r.step, str(r.withheld), r.reason) for r in b.rows]
(Decimal('3600.00'), [('eligible', '0.00', None), ('deductible', '800.00', 'benefit.deductible'), ('ratio', '3600.00', 'benefit.ratio')])

Since 0.2.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.benefits.resolved import (
    ResolvedStep,
    ResolvedSteps,
    keep_bands,
    keep_ratio,
    resolve,
)
from mutualaid.model.benefit import Benefit, BenefitRow, BenefitSteps, CapScope, StepKind
from mutualaid.model.ledger import Standing
from mutualaid.rules.view import PackView

__all__ = ["EXCLUSION_CODES", "apply_steps", "cap_code", "compute_benefit", "yuan_of"]

#: The code of what each excluded amount withholds.
EXCLUSION_CODES = {
    "self_pay": "benefit.self_pay_excluded",
    "over_limit": "benefit.over_limit_excluded",
    "insurance_paid": "benefit.insurance_paid_excluded",
    "total": "benefit.self_pay_excluded",
}

_EMPTY = Standing()


def yuan_of(fen: int) -> Decimal:
    """Integer fen as yuan with two places.

    >>> yuan_of(123), yuan_of(0)
    (Decimal('1.23'), Decimal('0.00'))
    """
    return Decimal(int(fen)).scaleb(-2)


def cap_code(step_scope: CapScope, category: str | None) -> str:
    """Why a cap withholds: ``benefit.cap_category`` for a category's, else by scope."""
    if category is not None:
        return "benefit.cap_category"
    return f"benefit.cap_{step_scope.value}"


class _Run:
    """The running benefit of one case: the total and each category's part, in fen."""

    def __init__(self, resolved: ResolvedSteps, facts: CaseFacts, standing: Standing) -> None:
        self.resolved = resolved
        self.facts = facts
        self.standing = standing
        self.total = 0
        self.cats: dict[str, int] = {}
        self.rows: list[BenefitRow] = []

    def row(
        self,
        r: ResolvedStep,
        *,
        added: int = 0,
        withheld: int = 0,
        reason: str | None = None,
        category: str | None = None,
        note: str = "",
        value: str | None = None,
        days: int = 0,
    ) -> None:
        before = self.total
        self.total = before + added - withheld
        if category is not None:
            self.cats[category] = self.cats.get(category, 0) + added - withheld
        cited = r.cited
        source = str(cited.source) if cited is not None else r.step.source
        shown = value if value is not None else (None if cited is None else _show(cited.value))
        self.rows.append(
            BenefitRow(
                r.step.id,
                r.step.kind,
                yuan_of(before),
                yuan_of(self.total),
                yuan_of(added),
                yuan_of(withheld),
                reason if withheld else None,
                category,
                None if cited is None else cited.name,
                shown,
                None if cited is None else cited.valid_from,
                source,
                bool(cited is not None and cited.illustrative),
                note,
                days,
            )
        )

    def times_shares(self, r: ResolvedStep, amount: int) -> tuple[int, str]:
        if r.step.by_shares:
            return amount * self.facts.shares, f" x {self.facts.shares} shares"
        return amount, ""


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(f"from {b['from']}: {b['ratio']}" for b in value)
    if isinstance(value, dict) or hasattr(value, "items"):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _step(run: _Run, r: ResolvedStep) -> str | None:
    """Apply one step; a deferral code when the case cannot be computed."""
    step, facts = r.step, run.facts
    cat = step.category
    kind = step.kind
    if kind is StepKind.ELIGIBLE:
        amount = facts.amount(step.amount or "total")
        if amount is None:
            return "benefit.expenses_missing"
        run.row(r, added=int(amount.scaleb(2)), category=cat, note=f"{step.amount} {amount}")
        return None
    if kind is StepKind.EXCLUDE:
        amount = facts.amount(step.amount or "total")
        have = run.cats.get(cat or "", 0)
        asked = 0 if amount is None else int(amount.scaleb(2))
        cut = min(asked, have)
        note = f"{step.amount} {amount}" if amount is not None else f"{step.amount} not entered: 0"
        run.row(
            r, withheld=cut, reason=EXCLUSION_CODES[step.amount or "total"], category=cat, note=note
        )
        return None
    if not r.is_set:
        if kind in (StepKind.DEDUCTIBLE, StepKind.CAP):
            run.row(r, category=cat, note=f"{step.parameter} not set on {run.resolved.on}: none")
            return None
        return "benefit.parameter_missing"
    assert r.amount is not None or kind is StepKind.RATIO
    if kind is StepKind.DEDUCTIBLE:
        limit, by = run.times_shares(r, r.amount or 0)
        used = (
            0
            if step.scope is CapScope.CASE
            else int(run.standing.deductible(step.scope, step.id).scaleb(2))
        )
        left = max(limit - used, 0)
        cut = min(left, run.cats.get(cat or "", 0))
        note = f"deductible {yuan_of(limit)}{by}, used before {yuan_of(used)} ({step.scope.value}), left {yuan_of(left)}"
        run.row(r, withheld=cut, reason="benefit.deductible", category=cat, note=note)
        return None
    if kind is StepKind.RATIO:
        base = run.cats.get(cat or "", 0)
        if r.levels is not None:
            level = facts.hospital_level
            if level is None:
                return "benefit.hospital_level_missing"
            if level not in r.levels:
                run.row(
                    r,
                    withheld=base,
                    reason="benefit.hospital_level_not_listed",
                    category=cat,
                    note=f"hospital level {level} has no ratio",
                )
                return None
            kept = keep_ratio(base, r.levels[level], r.den)
            note = f"hospital level {level}: {r.levels[level]}/{r.den}"
        elif r.bands is not None:
            kept = keep_bands(base, r.bands, r.den)
            note = "progressive bands"
        else:
            assert r.num is not None
            kept = keep_ratio(base, r.num, r.den)
            note = f"{yuan_of(base)} x {r.num}/{r.den}, half up to the fen"
        run.row(r, withheld=base - kept, reason="benefit.ratio", category=cat, note=note)
        return None
    if kind is StepKind.ALLOWANCE:
        if facts.days is None:
            return "benefit.days_missing"
        per_day, by = run.times_shares(r, r.amount or 0)
        days = facts.days
        paid_days = days
        if r.max_days is not None:
            used = 0 if step.scope is CapScope.CASE else run.standing.days(step.scope, step.id)
            paid_days = min(days, max(r.max_days - used, 0))
        note = f"{days} days x {yuan_of(r.amount or 0)}{by}; {paid_days} days paid"
        run.row(
            r,
            added=per_day * days,
            withheld=per_day * (days - paid_days),
            reason="benefit.allowance_days_used_up",
            category=cat,
            note=note,
            days=paid_days,
        )
        return None
    if kind is StepKind.LUMP_SUM:
        lump, by = run.times_shares(r, r.amount or 0)
        run.row(r, added=lump, category=cat, note=f"{yuan_of(r.amount or 0)}{by}")
        return None
    # a cap
    limit, by = run.times_shares(r, r.amount or 0)
    used = 0 if step.scope is CapScope.CASE else int(run.standing.paid(step.scope, cat).scaleb(2))
    left = max(limit - used, 0)
    current = run.total if cat is None else run.cats.get(cat, 0)
    over = max(current - left, 0)
    note = f"cap {yuan_of(limit)}{by}, used before {yuan_of(used)} ({step.scope.value}), left {yuan_of(left)}"
    code = cap_code(step.scope, cat)
    if cat is not None or over == 0:
        run.row(r, withheld=over, reason=code, category=cat, note=note)
        return None
    for name in reversed(list(run.cats)):
        if over == 0:
            break
        cut = min(over, run.cats[name])
        if cut:
            run.row(r, withheld=cut, reason=code, category=name, note=note)
            over -= cut
    return None


def apply_steps(
    resolved: ResolvedSteps,
    facts: CaseFacts,
    *,
    standing: Standing = _EMPTY,
    plan_code: str,
    policy_number: str | None = None,
) -> Benefit:
    """The benefit of ``facts`` by ``resolved`` steps, given what earlier cases used.

    A required parameter without a value, or a missing amount, days or
    hospital level, gives a deferred :class:`~mutualaid.model.benefit.Benefit`
    (no rows, :attr:`~mutualaid.model.benefit.Benefit.refusal` the deferral code).
    """
    pack = resolved.steps.pack
    args = (facts.claim_id, plan_code, facts.claim_type, facts.incident_date)
    if resolved.missing is not None:
        return Benefit.refused(
            *args,
            "benefit.parameter_missing",
            shares=facts.shares,
            policy_number=policy_number,
            pack=pack,
        )
    run = _Run(resolved, facts, standing)
    for r in resolved.resolved:
        deferral = _step(run, r)
        if deferral is not None:
            return Benefit.refused(
                *args, deferral, shares=facts.shares, policy_number=policy_number, pack=pack
            )
    return Benefit(
        *args, facts.shares, yuan_of(run.total), tuple(run.rows), None, policy_number, pack
    )


def compute_benefit(
    steps: BenefitSteps,
    facts: CaseFacts,
    rules: PackView,
    *,
    standing: Standing = _EMPTY,
    plan_code: str,
    policy_number: str | None = None,
    on: date | None = None,
) -> Benefit:
    """Resolve ``steps`` on the incident date (or ``on``) and apply them to ``facts``."""
    resolved = resolve(steps, rules, on or facts.incident_date)
    return apply_steps(
        resolved, facts, standing=standing, plan_code=plan_code, policy_number=policy_number
    )
