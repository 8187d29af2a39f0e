"""The one evaluator of the member rules: a batch in, findings, status and price out.

:func:`evaluate_members` derives the facts (:func:`~mutualaid.rules.columnar.eligibility.derive_facts`),
runs every rule of :data:`~mutualaid.rules.columnar.eligibility.RULES` over
the columns, prices each member in integer fen, and lets the pack have its
say the two ways a pack may answer:

* **per member, in plain Python** (``mutualaid_member_findings``): for each
  row that is a person, the evaluator asks the pack's whole hook chain
  (:meth:`PackView.member_findings <mutualaid.rules.engine.PackView.member_findings>`,
  which reaches the core's rules through the default hook) and reports its
  answer in place of the core's eligibility findings, so whatever the pack
  returns, a core code such as ``age.above_maximum`` included, is reported
  as on every other path;
* **over columns** (``mutualaid_member_columns_findings``): once per batch,
  with the :class:`~mutualaid.rules.columnar.eligibility.Facts`; it returns
  ``(row, finding)`` pairs, added after the core's findings of those rows.

A pack that prices members itself (``mutualaid_price_entry``) is asked per
member too. Nothing reads a clock or global state: the result is a function
of the batch and the :class:`~mutualaid.rules.columnar.config.MemberRules`.

>>> from datetime import date
>>> from mutualaid.model import Contribution, CoveragePeriod, Plan, PlanKind, Tier
>>> from mutualaid.model.member import Member
>>> from mutualaid.rules.columnar import MemberColumns, MemberRules
>>> from mutualaid.rules.results import AgeLimits
>>> plan = Plan("P", "住院医疗", PlanKind.HOSPITALIZATION_MEDICAL, CoveragePeriod.calendar_year(2026),
...             (Tier("T60", "60元档位", Contribution(50, 10)),))
>>> rules = MemberRules(plan, date(2026, 1, 1), "T60", age_limits=AgeLimits(16, 60))
>>> staff = [Member.from_resident_id("张三", "110105198801010014"),
...          Member.from_resident_id("李四", "11010519491231002X")]
>>> out = evaluate_members(MemberColumns.from_members(staff), rules)
>>> out.age.tolist(), out.codes()
([38, 76], [[], ['age.above_maximum']])
>>> out.status_names(), out.member_fen.tolist(), out.subsidy_fen.tolist()
(['accepted', 'rejected'], [5000, 5000], [1000, 1000])
>>> print(out.findings(1)[0].message)
年龄76周岁，超过本计划的最高参保年龄60周岁

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.model.columns import CANONICAL_COLUMNS
from mutualaid.model.kinds import Gender, RiskClass
from mutualaid.model.roster import RosterEntry
from mutualaid.rules.columnar.columns import MALE, RISK_CLASSES, MemberColumns
from mutualaid.rules.columnar.config import MEMBER_COLUMNS_HOOK, MemberRules
from mutualaid.rules.columnar.eligibility import (
    DECIDE,
    ELIGIBILITY_CODES,
    RULES,
    Facts,
    FoundHits,
    Hits,
    derive_facts,
)
from mutualaid.rules.findings import Finding, Severity

__all__ = ["ACCEPTED", "NEEDS_MATERIAL", "REJECTED", "STATUS_NAMES", "Outcome", "evaluate_members"]

ACCEPTED: Final = 0
NEEDS_MATERIAL: Final = 1
REJECTED: Final = 2
STATUS_NAMES: Final = ("accepted", "needs_material", "rejected")

_HEADERS: Final = {c.field: c.header for c in CANONICAL_COLUMNS}
_LABELS: Final = {
    "risk_class": "风险类别",
    "tier_code": "档位",
    "shares": "份数",
    "retired": "是否已退休",
}
_ELIGIBILITY_RULES: Final = frozenset(i for i, r in enumerate(RULES) if r.code in ELIGIBILITY_CODES)
_NONE: Final[tuple[Finding, ...]] = ()


def default_column(field: str) -> str:
    """The template's header of ``field`` (its Chinese label when the template has none).

    >>> default_column("id_number"), default_column("risk_class")
    ('证件号码', '风险类别')
    """
    return _HEADERS.get(field) or _LABELS.get(field, field)


@attrs.frozen(eq=False)
class Outcome:
    """What the evaluator found, per row of the batch.

    :param facts: the derived facts (age, birth date, gender, tier, shares...).
    :param hits: per rule (in :data:`RULES` order), the rows it found.
    :param replaced: rows whose member findings are the pack hook chain's answer.
    :param extra: findings a pack's columnar hook added, by row.
    :param member_fen: the member part of each row's price, in fen (-1: not priced).
    :param subsidy_fen: the subsidy part, in fen.
    """

    facts: Facts
    rules: MemberRules
    hits: tuple[Hits, ...]
    replaced: Mapping[int, tuple[Finding, ...]]
    extra: Mapping[int, tuple[Finding, ...]]
    member_fen: npt.NDArray[np.int64]
    subsidy_fen: npt.NDArray[np.int64]
    column: Callable[[str], str] = default_column
    age_column: str | None = None

    def __len__(self) -> int:
        return len(self.facts.age)

    @property
    def age(self) -> npt.NDArray[np.int64]:
        """Age in whole years on the day (-1: born after it; meaningless where the birth is unknown)."""
        return self.facts.age

    def _column_of(self, hits: Hits) -> str | None:
        field = hits.rule.column_of
        return self.age_column if field is None else self.column(field)

    def findings(
        self, i: int, *, eligibility_only: bool = False, pack_columns: bool = True
    ) -> tuple[Finding, ...]:
        """Row ``i``'s findings, in rule order (pack-added ones after the core's).

        :param eligibility_only: only the rules of the core's ``mutualaid_member_findings``.
        :param pack_columns: with what a pack's columnar hook added.
        """
        found: list[Finding] = []
        replaced = self.replaced.get(i)
        for index, hits in enumerate(self.hits):
            eligible = index in _ELIGIBILITY_RULES
            if (replaced is not None and eligible) or (eligibility_only and not eligible):
                continue
            j = int(np.searchsorted(hits.rows, i))
            if j < len(hits.rows) and hits.rows[j] == i:
                found += self._at(hits, j)
        if replaced is not None:
            found += replaced
        elif pack_columns:
            found += self.extra.get(i, ())
        return tuple(found)

    def _at(self, hits: Hits, j: int) -> tuple[Finding, ...]:
        if isinstance(hits, FoundHits):
            return hits.row_findings(j)
        why = self.rules.explanations.get(hits.rule.code)
        return (hits.finding(j, self._column_of(hits), why),)

    def _maker(self, hits: Hits) -> Callable[[Hits, int], tuple[Finding, ...]]:
        """:meth:`_at` for the rows of ``hits``, each finding made once per distinct params.

        A rule's finding is a function of its params, column and explanation
        (the same for all its rows); the key holds the params' types too
        (``1`` and ``True`` are equal keys, not equal messages).
        """
        why = self.rules.explanations.get(hits.rule.code)
        column = self._column_of(hits)
        rule = hits.rule
        made: dict[object, tuple[Finding, ...]] = {}

        def at(hits: Hits, j: int) -> tuple[Finding, ...]:
            params = hits.params(j)
            try:
                key: object = tuple((k, v.__class__, v) for k, v in params.items())
                known = made.get(key)
            except TypeError:  # a param that cannot be a key
                return (rule.finding(params, column, why),)
            if known is None:
                known = made[key] = (rule.finding(params, column, why),)
            return known

        return at

    def found_rows(self) -> dict[int, tuple[Finding, ...]]:
        """The findings of the rows that have some, by row (Finding objects for those only)."""
        rows: dict[int, list[Finding]] = {}
        for index, hits in enumerate(self.hits):
            eligibility = index in _ELIGIBILITY_RULES
            at = self._at if isinstance(hits, FoundHits) else self._maker(hits)
            for j, i in enumerate(hits.rows.tolist()):
                if eligibility and i in self.replaced:
                    continue
                found = rows.get(i)
                if found is None:
                    found = rows[i] = []
                found += at(hits, j)
        for i, more in self.replaced.items():
            rows[i] = [*rows.get(i, ()), *more]
        for i, more in self.extra.items():
            if i not in self.replaced:
                rows[i] = [*rows.get(i, ()), *more]
        return {i: tuple(f) for i, f in rows.items()}

    def all_findings(self) -> list[tuple[Finding, ...]]:
        """Every row's findings (an empty tuple for clean rows); Finding objects for found rows only."""
        rows = [_NONE] * len(self)
        for i, found in self.found_rows().items():
            rows[i] = found
        return rows

    def codes(self) -> list[list[str]]:
        """Each row's finding codes, in order (one new list per row)."""
        n = len(self)
        if (
            not self.replaced
            and not self.extra
            and not any(isinstance(h, FoundHits) for h in self.hits)
        ):
            codes: list[list[str]] = np.empty((n, 0), dtype=object).tolist()  # n new lists, in C
            for hits in self.hits:
                code = hits.rule.code
                for i in hits.rows.tolist():
                    codes[i].append(code)
            return codes
        return [[f.code for f in found] for found in self.all_findings()]

    def _severity_masks(self) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        n = len(self)
        blocking = np.zeros(n, dtype=bool)
        material = np.zeros(n, dtype=bool)
        replaced = np.fromiter(self.replaced, dtype=np.intp, count=len(self.replaced))
        for index, hits in enumerate(self.hits):
            rows = hits.rows
            if index in _ELIGIBILITY_RULES and len(replaced):
                rows = rows[~np.isin(rows, replaced)]
            if isinstance(hits, FoundHits):
                for j, i in enumerate(hits.rows.tolist()):
                    if i in self.replaced:
                        continue
                    for f in hits.row_findings(j):
                        if f.severity is Severity.ERROR:
                            blocking[i] = True
                        elif f.severity is Severity.NEEDS_MATERIAL:
                            material[i] = True
            elif hits.rule.severity is Severity.ERROR:
                blocking[rows] = True
            elif hits.rule.severity is Severity.NEEDS_MATERIAL:
                material[rows] = True
        for source in (self.replaced, self.extra):
            for i, found in source.items():
                if source is self.extra and i in self.replaced:
                    continue
                for f in found:
                    if f.severity is Severity.ERROR:
                        blocking[i] = True
                    elif f.severity is Severity.NEEDS_MATERIAL:
                        material[i] = True
        return blocking, material

    @property
    def blocking(self) -> npt.NDArray[np.bool_]:
        """Rows with an error finding (they cannot go through)."""
        return self._severity_masks()[0]

    def status(self) -> npt.NDArray[np.int8]:
        """Per row :data:`ACCEPTED`, :data:`NEEDS_MATERIAL` or :data:`REJECTED`."""
        blocking, material = self._severity_masks()
        return np.where(blocking, REJECTED, np.where(material, NEEDS_MATERIAL, ACCEPTED)).astype(
            np.int8
        )

    def status_names(self) -> list[str]:
        """:meth:`status` as words."""
        names = np.array(STATUS_NAMES, dtype=object)
        return names[self.status()].tolist()  # type: ignore[no-any-return]

    def price(self, i: int) -> tuple[Decimal, Decimal] | None:
        """Row ``i``'s (member part, subsidy) in yuan, or ``None`` when not priced."""
        m = int(self.member_fen[i])
        if m < 0:
            return None
        return Decimal(m).scaleb(-2), Decimal(int(self.subsidy_fen[i])).scaleb(-2)


def _price_table(rules: MemberRules) -> tuple[dict[str, int], npt.NDArray[np.int64]]:
    """Tier code -> index, and fen[tier, risk class, part] (part 0 member, 1 subsidy)."""
    tiers = rules.plan.tiers
    table = np.zeros((max(1, len(tiers)), len(RISK_CLASSES), 2), dtype=np.int64)
    for t, tier in enumerate(tiers):
        for r, risk in enumerate(RISK_CLASSES):
            c = tier.contribution_for(risk)
            table[t, r] = (int(c.member * 100), int(c.subsidy * 100))
    return {tier.code: t for t, tier in enumerate(tiers)}, table


def _prices(f: Facts, rules: MemberRules) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    n = len(f.age)
    if rules.plan.is_gift:
        zero = np.zeros(n, dtype=np.int64)
        return zero, zero.copy()
    index, table = _price_table(rules)
    single = rules.plan.tiers[0].code if len(rules.plan.tiers) == 1 else None
    tiers = f.tier.tolist()
    first = tiers[0] if n else None
    if tiers.count(first) == n:  # every row under one tier (the batch's, usually): one C pass
        tier_at = np.full(n, index.get(first if first is not None else single, -1), dtype=np.int64)  # type: ignore[arg-type]
    else:
        codes = {t: index.get(t if t is not None else single, -1) for t in set(tiers)}  # type: ignore[arg-type]
        tier_at = np.fromiter(map(codes.__getitem__, tiers), dtype=np.int64, count=n)
    priced = tier_at >= 0
    risk = f.members.risk_class
    if len(risk) and not 0 <= int(risk.min()) <= int(risk.max()) < table.shape[1]:
        raise IndexError("MemberColumns.risk_class holds an index outside RISK_CLASSES")
    # one flat index into the (tier, risk class, part) table: faster than indexing in 3-D
    at = np.where(priced, tier_at, 0)
    at *= table.shape[1]
    at += risk
    at *= 2
    flat = table.reshape(-1)
    member = flat[at]
    member *= f.shares
    subsidy = flat[at + 1]
    subsidy *= f.shares
    return np.where(priced, member, -1), np.where(priced, subsidy, 0)


def _decide(index: int, facts: Facts, rules: MemberRules, replacements: bool) -> Hits:
    """Rule ``index`` over the batch: the core's, or the pack's replacement per member, or none."""
    rule = RULES[index]
    pack = rules.pack
    if not replacements or rule.name is None or rule.name not in rules.replaced or pack is None:
        return DECIDE[index](facts, rules)
    replacement = pack.rule(rule.name)
    first = next(i for i, r in enumerate(RULES) if r.name == rule.name)
    if replacement is None or first != index:  # switched off, or answered by its first part
        return Hits(rule, np.zeros(0, dtype=np.intp), _nothing)
    rows: list[int] = []
    found: list[tuple[Finding, ...]] = []
    for i in np.flatnonzero(facts.id_valid).tolist():
        answer = tuple(
            replacement(member=_member_of(facts, i), plan=rules.plan, on=rules.on, rules=pack)
        )
        if answer:
            rows.append(i)
            found.append(answer)
    return FoundHits(rule, np.array(rows, dtype=np.intp), _nothing, tuple(found))


def _nothing(j: int) -> dict[str, object]:
    return {}


def _member_of(f: Facts, i: int) -> object:
    gender = Gender.MALE if f.gender[i] == MALE else Gender.FEMALE if f.gender[i] else None
    return f.members.member(i, gender=gender, birth=f.birth[i])


def evaluate_members(
    members: MemberColumns,
    rules: MemberRules,
    *,
    column: Callable[[str], str] = default_column,
    age_column: str | None = None,
    member_hook: bool = True,
    replacements: bool = True,
) -> Outcome:
    """Judge and price a batch of members against ``rules`` (see the module).

    :param column: a field's column header, for findings (default: the template's).
    :param age_column: the column age findings name (default: the birth date's).
    :param member_hook: ask the pack's ``mutualaid_member_findings`` per member
        when it implements it (``False`` only inside that hook: the core's part).
    :param replacements: honour the default rules the pack replaces or switches
        off (``False`` inside a default rule a replacement may call).
    """
    facts = derive_facts(members, rules)
    hits = tuple(_decide(index, facts, rules, replacements) for index in range(len(DECIDE)))
    member_fen, subsidy_fen = _prices(facts, rules)
    pack = rules.pack
    replaced: dict[int, tuple[Finding, ...]] = {}
    extra: dict[int, tuple[Finding, ...]] = {}
    if pack is not None and rules.columns_hook:
        added: dict[int, list[Finding]] = {}
        answers: Iterable[Iterable[tuple[int, Finding]] | None] = pack.call(
            MEMBER_COLUMNS_HOOK, facts=facts, plan=rules.plan, on=rules.on
        )
        generic = pack.explanation(MEMBER_COLUMNS_HOOK)
        for answer in answers:
            for i, f in answer or ():
                added.setdefault(int(i), []).append(f if f.explanation else f.explained(generic))
        extra = {i: tuple(v) for i, v in added.items()}
    asked = pack is not None and ((member_hook and rules.member_hook) or rules.price_hook)
    people = np.flatnonzero(facts.id_valid).tolist() if asked else []
    if pack is not None and member_hook and rules.member_hook:
        for i in people:
            person = _member_of(facts, i)
            replaced[i] = pack.member_findings(person, rules.plan, rules.on)  # type: ignore[arg-type]
    if pack is not None and rules.price_hook:
        for i in people:
            entry = RosterEntry(
                _member_of(facts, i),  # type: ignore[arg-type]
                rules.plan.code,
                facts.tier[i],
                int(facts.shares[i]),
            )
            price = pack.price_entry(entry, rules.plan, rules.on)
            member_fen[i] = int(price.member_part * 100)
            subsidy_fen[i] = int(price.subsidy_part * 100)
    return Outcome(facts, rules, hits, replaced, extra, member_fen, subsidy_fen, column, age_column)


_ = RiskClass
