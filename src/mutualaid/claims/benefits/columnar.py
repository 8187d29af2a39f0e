"""Benefits over a table of cases: the same steps over numpy columns, in integer fen.

An analyst asks what a year's cases would have paid under other numbers
(:func:`mutualaid.batch.benefits` with :func:`mutualaid.batch.what_if`). This
module runs a pack's benefit steps over a :class:`CaseTable` with the
arithmetic of :mod:`mutualaid.claims.benefits.resolved`, so each case gets,
to the fen, what :func:`~mutualaid.claims.benefits.compute.apply_steps` gives
it with the standing of the member's earlier cases (the property test
``tests/claims/test_benefit_columnar.py`` holds them equal).

A member's cases are taken in order of incident date, then in the table's
order; each sees what the ones before it used (deductible, caps, days) in its
coverage period and plan family. The evaluation runs in rounds: round *k*
computes the *k*-th case of every member at once, so a round is a handful of
vector operations whatever the number of members. Cover is not checked: the
table holds accepted cases (:func:`mutualaid.claims.coverage.assess` checks
one case's cover).

>>> from datetime import date
>>> import numpy as np
>>> from mutualaid.rules.engine import RuleEngine
>>> view = RuleEngine.from_entry_points().pack("linyi")
>>> table = CaseTable.of(
...     claim_id=["LP1", "LP2"], member=["A", "A"], plan=["LY-ACC-2026", "LY-ACC-2026"],
...     claim_type=["accident_hospitalization", "accident_hospitalization"],
...     incident_date=np.array(["2026-03-01", "2026-04-01"], dtype="datetime64[D]"),
...     total=[300000, 200000], days=[5, 3])
>>> out = evaluate_benefits(table, view)
>>> out.amount_fen.tolist(), out.refusal.tolist()  # 3,000 x 0.8 + 5 days x 30; 2,000 x 0.8 + 3 x 30
([255000, 169000], [None, None])

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.claims.benefits.resolved import ResolvedSteps, keep_bands, keep_ratio, resolve
from mutualaid.errors import ConversionError
from mutualaid.model.benefit import BenefitSteps, CapScope, StepKind
from mutualaid.model.plan import Plan
from mutualaid.rules.view import PackView

__all__ = ["AMOUNT_COLUMNS", "MISSING", "BenefitColumns", "CaseTable", "evaluate_benefits"]

#: A missing amount or number of days in a column (``None`` in :class:`~mutualaid.claims.benefits.case.CaseFacts`).
MISSING: Final = -1
#: The amount columns, in fen.
AMOUNT_COLUMNS: Final = ("total", "self_pay", "over_limit", "insurance_paid")

I64 = npt.NDArray[np.int64]
OBJ = npt.NDArray[np.object_]


def _ints(values: Any, n: int, name: str) -> I64:
    if values is None:
        return np.full(n, MISSING, dtype=np.int64)
    array = np.asarray(values)
    if array.dtype.kind not in "iu":
        raise ConversionError(f"column {name} must hold whole numbers (fen, days, shares)")
    out = array.astype(np.int64)
    if len(out) != n:
        raise ConversionError(f"column {name} has {len(out)} rows, not {n}")
    if (out < MISSING).any():
        raise ConversionError(
            f"column {name} holds a negative number other than {MISSING} (missing)"
        )
    return out


def _objects(values: Any, n: int, name: str) -> OBJ:
    array = np.empty(n, dtype=object)
    given = list(values) if values is not None else [None] * n
    if len(given) != n:
        raise ConversionError(f"column {name} has {len(given)} rows, not {n}")
    array[:] = given
    return array


@attrs.frozen(eq=False)
class CaseTable:
    """Cases as columns: amounts in fen (:data:`MISSING` when not entered).

    :param claim_id: the cases' ids (object array).
    :param member: who each case is for (any hashable key: an ID number, a member id).
    :param plan: the plan code covering the case.
    :param claim_type: the claim type's code.
    :param incident_date: ``datetime64[D]``.
    :param total: 总费用 in fen; ``self_pay``, ``over_limit``, ``insurance_paid`` likewise.
    :param days: days in hospital (``MISSING`` when not entered).
    :param hospital_level: the hospital's level (``None`` when not entered).
    :param shares: the member's shares on the covering policy.
    :param member_index: each case's member as a number (:meth:`of` factorizes the
        keys once, so an analysis that evaluates the table under several reforms
        does not sort them again); ``plan_index`` into ``plan_names`` and
        ``type_index`` into ``type_names`` likewise.
    """

    claim_id: OBJ
    member: OBJ
    plan: OBJ
    claim_type: OBJ
    incident_date: npt.NDArray[np.datetime64]
    total: I64
    self_pay: I64
    over_limit: I64
    insurance_paid: I64
    days: I64
    hospital_level: OBJ
    shares: I64
    member_index: I64
    plan_names: tuple[str, ...]
    plan_index: I64
    type_names: tuple[str, ...]
    type_index: I64

    def __len__(self) -> int:
        return len(self.claim_id)

    @classmethod
    def of(
        cls,
        *,
        claim_id: Sequence[Any],
        member: Sequence[Any],
        plan: Sequence[str],
        claim_type: Sequence[str],
        incident_date: Any,
        total: Any = None,
        self_pay: Any = None,
        over_limit: Any = None,
        insurance_paid: Any = None,
        days: Any = None,
        hospital_level: Sequence[str | None] | None = None,
        shares: Any = None,
    ) -> CaseTable:
        """A table from columns (lists or arrays); amounts in whole fen, ``None``: not entered."""
        n = len(claim_id)
        dates = np.asarray(incident_date, dtype="datetime64[D]")
        if len(dates) != n:
            raise ConversionError(f"column incident_date has {len(dates)} rows, not {n}")
        members = _objects(member, n, "member")
        plans = _objects(plan, n, "plan")
        types = _objects(claim_type, n, "claim_type")
        _, member_index = np.unique(members.astype(str), return_inverse=True)
        plan_names, plan_index = np.unique(plans.astype(str), return_inverse=True)
        type_names, type_index = np.unique(types.astype(str), return_inverse=True)
        return cls(
            _objects(claim_id, n, "claim_id"),
            members,
            plans,
            types,
            dates,
            _ints(total, n, "total"),
            _ints(self_pay, n, "self_pay"),
            _ints(over_limit, n, "over_limit"),
            _ints(insurance_paid, n, "insurance_paid"),
            _ints(days, n, "days"),
            _objects(hospital_level, n, "hospital_level"),
            np.ones(n, dtype=np.int64) if shares is None else _ints(shares, n, "shares"),
            member_index.astype(np.int64),
            tuple(str(p) for p in plan_names),
            plan_index.astype(np.int64),
            tuple(str(t) for t in type_names),
            type_index.astype(np.int64),
        )

    def amount(self, name: str) -> I64:
        """The amount column ``name`` (one of :data:`AMOUNT_COLUMNS`)."""
        if name not in AMOUNT_COLUMNS:
            raise KeyError(name)
        column: I64 = getattr(self, name)
        return column


@attrs.frozen(eq=False)
class BenefitColumns:
    """What each case of a :class:`CaseTable` pays.

    :param amount_fen: the benefit in fen (0 when deferred or refused).
    :param refusal: the deferral or refusal code, ``None`` when computed.
    :param paid_by_category: fen per category (``medical``, ``allowance``...).
    """

    amount_fen: I64
    refusal: OBJ
    paid_by_category: Mapping[str, I64]

    def total_fen(self) -> int:
        """All the cases pay, in fen."""
        return int(self.amount_fen.sum())


class _Group:
    """The cases of one plan and claim type: their steps resolved on each distinct day."""

    def __init__(
        self, steps: BenefitSteps, resolved: list[ResolvedSteps], levels: Sequence[Any]
    ) -> None:
        self.steps = steps
        self.resolved = resolved
        self.level_index = {level: i for i, level in enumerate(levels)}
        self.categories: list[str] = []
        for s in steps.steps:
            if s.category is not None and s.category not in self.categories:
                self.categories.append(s.category)
        self.missing = np.array([r.missing is not None for r in resolved], dtype=bool)
        self.tables = [self._table(i, len(levels)) for i in range(len(steps.steps))]

    def _table(self, i: int, n_levels: int) -> dict[str, Any]:
        rs = [r.resolved[i] for r in self.resolved]
        table: dict[str, Any] = {
            "set": np.array([r.is_set for r in rs], dtype=bool),
            "amount": np.array([r.amount or 0 for r in rs], dtype=np.int64),
            "num": np.array([r.num or 0 for r in rs], dtype=np.int64),
            "den": np.array([r.den for r in rs], dtype=np.int64),
            "max_days": np.array(
                [MISSING if r.max_days is None else r.max_days for r in rs], dtype=np.int64
            ),
        }
        if any(r.bands for r in rs):
            width = max(len(r.bands or ()) for r in rs)
            starts = np.full((len(rs), width), np.iinfo(np.int64).max // 4, dtype=np.int64)
            nums = np.zeros((len(rs), width), dtype=np.int64)
            for j, r in enumerate(rs):
                for k, (start, num) in enumerate(r.bands or ()):
                    starts[j, k], nums[j, k] = start, num
            table["starts"], table["nums"] = starts, nums
        if any(r.levels for r in rs):
            levels = np.full((len(rs), n_levels), MISSING, dtype=np.int64)
            for j, r in enumerate(rs):
                for level, num in (r.levels or {}).items():
                    if level in self.level_index:
                        levels[j, self.level_index[level]] = num
            table["levels"] = levels
        return table


class _Accounts:
    """What each member used so far, per period and for life, in fen and days."""

    def __init__(self, n_period: int, n_life: int) -> None:
        self.n = {"period": n_period, "life": n_life}
        self.paid: dict[tuple[str, str], I64] = {}
        self.deductible: dict[tuple[str, str], I64] = {}
        self.days: dict[tuple[str, str], I64] = {}

    def get(self, table: dict[tuple[str, str], I64], scope: str, key: str) -> I64:
        found = table.get((scope, key))
        if found is None:
            found = table[(scope, key)] = np.zeros(self.n[scope], dtype=np.int64)
        return found


def _none(values: OBJ) -> npt.NDArray[np.bool_]:
    """Which cells of an object column are ``None`` (vectorised)."""
    found: npt.NDArray[np.bool_] = np.equal(values, None)  # type: ignore[call-overload]
    return found


def _defer(deferral: OBJ, mask: npt.NDArray[np.bool_], code: str) -> None:
    fresh = mask & _none(deferral)
    deferral[fresh] = code


def _run_group(
    group: _Group,
    table: CaseTable,
    sub: I64,
    ridx: I64,
    acct: dict[str, I64],
    accounts: _Accounts,
    amount: I64,
    refusal: OBJ,
    paid_by_category: dict[str, I64],
) -> None:
    n = len(sub)
    total = np.zeros(n, dtype=np.int64)
    cats: dict[str, I64] = {}
    deferral = np.full(n, None, dtype=object)
    _defer(deferral, group.missing[ridx], "benefit.parameter_missing")
    shares = table.shares[sub]
    updates: list[tuple[dict[tuple[str, str], I64], str, str, I64]] = []
    level_codes: I64 | None = None
    for i, step in enumerate(group.steps.steps):
        t = group.tables[i]
        cat = step.category
        have = cats.setdefault(cat, np.zeros(n, dtype=np.int64)) if cat is not None else total
        kind = step.kind
        if kind is StepKind.ELIGIBLE:
            column = table.amount(step.amount or "total")[sub]
            _defer(deferral, column == MISSING, "benefit.expenses_missing")
            added = np.where(column == MISSING, 0, column)
            have += added
            total += added
            continue
        if kind is StepKind.EXCLUDE:
            column = table.amount(step.amount or "total")[sub]
            cut = np.minimum(np.where(column == MISSING, 0, column), have)
            have -= cut
            total -= cut
            continue
        is_set = t["set"][ridx]
        value = t["amount"][ridx] * (shares if step.by_shares else 1)
        if kind is StepKind.DEDUCTIBLE:
            used = (
                0
                if step.scope is CapScope.CASE
                else accounts.get(accounts.deductible, step.scope.value, step.id)[
                    acct[step.scope.value][sub]
                ]
            )
            cut = np.where(is_set, np.minimum(np.clip(value - used, 0, None), have), 0)
            have -= cut
            total -= cut
            updates.append((accounts.deductible, "deductible", step.id, cut))
            continue
        if kind is StepKind.RATIO:
            den = t["den"][ridx]
            if "levels" in t:
                if level_codes is None:
                    level_codes = np.array(
                        [group.level_index[v] for v in table.hospital_level[sub]], dtype=np.int64
                    )
                _defer(
                    deferral,
                    _none(table.hospital_level[sub]),
                    "benefit.hospital_level_missing",
                )
                num = t["levels"][ridx, level_codes]
                kept = np.where(num == MISSING, 0, keep_ratio(have, np.clip(num, 0, None), den))
            elif "starts" in t:
                starts, nums = t["starts"][ridx], t["nums"][ridx]
                bands = [(starts[:, k], nums[:, k]) for k in range(starts.shape[1])]
                kept = keep_bands(have, bands, den)
            else:
                kept = keep_ratio(have, t["num"][ridx], den)
            cut = have - kept
            have -= cut
            total -= cut
            continue
        if kind is StepKind.ALLOWANCE:
            days = table.days[sub]
            _defer(deferral, days == MISSING, "benefit.days_missing")
            days = np.where(days == MISSING, 0, days)
            max_days = t["max_days"][ridx]
            if step.scope is CapScope.CASE:
                left = max_days
            else:
                used_days = accounts.get(accounts.days, step.scope.value, step.id)[
                    acct[step.scope.value][sub]
                ]
                left = np.clip(max_days - used_days, 0, None)
            paid_days = np.where(max_days == MISSING, days, np.minimum(days, left))
            paid = value * paid_days
            have += paid
            total += paid
            updates.append((accounts.days, "days", step.id, paid_days))
            continue
        if kind is StepKind.LUMP_SUM:
            have += value
            total += value
            continue
        # a cap
        if step.scope is CapScope.CASE:
            used = 0
        else:
            used = accounts.get(accounts.paid, step.scope.value, cat or "")[
                acct[step.scope.value][sub]
            ]
        left = np.clip(value - used, 0, None)
        over = np.where(is_set, np.clip(have - left, 0, None), 0)
        if cat is not None:
            have -= over
            total -= over
            continue
        total -= over
        for name in reversed(group.categories):
            if name not in cats:
                continue
            cut = np.minimum(over, cats[name])
            cats[name] -= cut
            over = over - cut
    ok = _none(deferral)
    amount[sub] = np.where(ok, total, 0)
    refusal[sub] = deferral
    for scope in ("period", "life"):
        index = acct[scope][sub][ok]
        for name, values in cats.items():
            for key in (name, ""):
                accounts.get(accounts.paid, scope, key)[index] += values[ok]
            column = paid_by_category.setdefault(name, np.zeros(len(table), dtype=np.int64))
            if scope == "period":
                column[sub[ok]] = values[ok]
        for store, _, step_id, values in updates:
            accounts.get(store, scope, step_id)[index] += values[ok]


def _not_offered(
    table: CaseTable,
    found: Mapping[str, Plan],
    rules: PackView,
    on: date | None,
    days: npt.NDArray[np.datetime64],
) -> npt.NDArray[np.bool_]:
    """Each case whose plan does not offer its claim type: the pack's claim types read
    once per plan code (and distinct incident day when ``on`` is not given), as a
    table of plan x day x type built with :func:`numpy.isin`, then looked up per case."""
    if on is not None:
        uniq: list[date] = [on]
        day_idx = np.zeros(len(table), dtype=np.int64)
    else:
        dated, day_idx = np.unique(days, return_inverse=True)
        uniq = [d.astype(object) for d in dated]
    codes = np.array([str(t) for t in table.type_names], dtype=object)
    offered = np.zeros((len(table.plan_names), len(uniq), len(codes)), dtype=bool)
    for p, code in enumerate(table.plan_names):
        plan = found[str(code)]
        for d, day in enumerate(uniq):
            listed = [t.value for t in rules.claim_types(plan, day)]
            offered[p, d] = np.isin(codes, np.array(listed, dtype=object))
    refused: npt.NDArray[np.bool_] = ~offered[table.plan_index, day_idx, table.type_index]
    return refused


def evaluate_benefits(
    table: CaseTable,
    rules: PackView,
    *,
    on: date | None = None,
    plans: Mapping[str, Plan] | None = None,
) -> BenefitColumns:
    """Every case's benefit (see the module); parameters read on each incident date, or ``on``.

    A case whose plan does not offer its claim type (the pack's claim types,
    :meth:`~mutualaid.rules.view.PackView.claim_types`, on ``on`` or the
    incident date) is refused with ``claim.type_not_in_plan``; one whose type
    the plan offers but for which the pack has no benefit steps is deferred
    with ``benefit.no_steps``.
    """
    from mutualaid.claims.coverage import steps_for

    n = len(table)
    amount = np.zeros(n, dtype=np.int64)
    refusal = np.full(n, None, dtype=object)
    paid_by_category: dict[str, I64] = {}
    if n == 0:
        return BenefitColumns(amount, refusal, paid_by_category)
    plan_codes, plan_idx = table.plan_names, table.plan_index
    found = {
        str(c): (plans[str(c)] if plans and str(c) in plans else rules.plan(str(c)))
        for c in plan_codes
    }
    families = sorted({p.family_code for p in found.values()})
    family_of_plan = np.array(
        [families.index(found[str(c)].family_code) for c in plan_codes], dtype=np.int64
    )
    member_idx = table.member_index
    life_key = member_idx.astype(np.int64) * len(families) + family_of_plan[plan_idx]
    period_key = member_idx.astype(np.int64) * len(plan_codes) + plan_idx
    _, life = np.unique(life_key, return_inverse=True)
    _, period = np.unique(period_key, return_inverse=True)
    acct = {"life": life.astype(np.int64), "period": period.astype(np.int64)}
    accounts = _Accounts(int(period.max()) + 1, int(life.max()) + 1)
    levels = sorted({v for v in table.hospital_level if v is not None}, key=str)
    levels_all: list[Any] = [*levels, None]
    # groups of (plan, claim type), each with its steps resolved per distinct day
    types, type_idx = table.type_names, table.type_index
    group_key = plan_idx.astype(np.int64) * len(types) + type_idx
    keys, group_idx = np.unique(group_key, return_inverse=True)
    days = table.incident_date.astype("datetime64[D]")
    not_offered = _not_offered(table, found, rules, on, days)
    refusal[not_offered] = "claim.type_not_in_plan"
    group_idx = np.where(not_offered, -1, group_idx)
    groups: list[_Group | None] = []
    ridx = np.zeros(n, dtype=np.int64)
    for g, key in enumerate(keys):
        mask = group_idx == g
        if not mask.any():
            groups.append(None)
            continue
        plan = found[str(plan_codes[key // len(types)])]
        steps = steps_for(plan, str(types[key % len(types)]), rules)
        if steps is None:
            groups.append(None)
            refusal[mask] = "benefit.no_steps"
            continue
        if on is not None:
            resolved = [resolve(steps, rules, on)]
            ridx[mask] = 0
        else:
            uniq, inverse = np.unique(days[mask], return_inverse=True)
            resolved = [resolve(steps, rules, d.astype(object)) for d in uniq]
            ridx[mask] = inverse
        groups.append(_Group(steps, resolved, levels_all))
    # rounds: the k-th case of every member and family
    day_number = days.astype(np.int64)
    day_number = day_number - day_number.min()
    order = np.argsort(acct["life"] * (int(day_number.max()) + 1) + day_number, kind="stable")
    sorted_life = acct["life"][order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_life)) + 1]
    rank_sorted = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    small = rank_sorted.astype(np.int16) if rank_sorted.max() < 2**15 else rank_sorted
    by_round = np.argsort(small, kind="stable")  # 16 bits: numpy's radix sort
    counts = np.bincount(rank_sorted)
    for chunk in np.split(order[by_round], np.cumsum(counts)[:-1]):
        for g, group in enumerate(groups):
            if group is None:
                continue
            sub = chunk[group_idx[chunk] == g]
            if len(sub):
                _run_group(
                    group, table, sub, ridx[sub], acct, accounts, amount, refusal, paid_by_category
                )
    return BenefitColumns(amount, refusal, paid_by_category)
