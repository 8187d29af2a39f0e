"""Checking a roster row by row and as a whole, fast enough for 100,000 rows.

Two steps. :meth:`RosterRules.from_pack` asks the rule pack, *once per
roster*, everything the rows are judged by: the plan and its tiers, the age
limits, the over-age rule, the row limit, the template columns, which hooks
the pack implements itself. :func:`validate_rows` then checks each row in
plain Python with those precomputed values (no hook call per row unless the
pack adds member rules of its own), and returns a
:class:`~mutualaid.roster.report.RosterReport`. :func:`check_roster` does
both for a file.

>>> from datetime import date
>>> from mutualaid.model import CoveragePeriod, Plan, PlanKind, Tier, Contribution
>>> from mutualaid.roster.readers import RawRow
>>> plan = Plan("YY-HOSP-2026", "职工住院医疗保障项目2026", PlanKind.HOSPITALIZATION_MEDICAL,
...             CoveragePeriod.calendar_year(2026), (Tier("T60", "60元档位", Contribution(60)),))
>>> rules = RosterRules(plan, on=date(2026, 1, 1), age_limits=AgeLimits(16, 65))
>>> rows = [
...     RawRow(2, {"name": "张三", "id_number": "110105198801010014"}, False, ()),
...     RawRow(3, {"name": "李四", "id_number": "110105198801010015"}, False, ()),
...     RawRow(4, {"name": None, "id_number": None}, True, ()),
...     RawRow(5, {"name": "王五", "id_number": "110105198801010014"}, False, ()),
... ]
>>> report = validate_rows(rows, rules)
>>> print(report.summary)
rows 3: accepted 1, needs_material 0, rejected 2, blank 1; amount due 60.00
>>> for row in report.rows():
...     print(row.row, row.status.value, [f.code for f in row.findings])
2 accepted []
3 rejected ['id.checksum']
5 rejected ['id.duplicate']
"""

from __future__ import annotations

import gc
import operator
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from mutualaid.dates import last_day_of_month
from mutualaid.errors import (
    ConversionError,
    InvalidDate,
    InvalidIdentifier,
    MissingColumn,
)
from mutualaid.ids import mobile as _mobile
from mutualaid.ids import resident_id as _rid
from mutualaid.ids.mobile import is_normalized as is_normalized_mobile
from mutualaid.model.columns import CANONICAL_COLUMNS, FIELDS, TemplateColumn
from mutualaid.model.kinds import (
    Gender,
    IdType,
    LabelledEnum,
    MaterialKind,
    MedicalInsuranceType,
    RiskClass,
)
from mutualaid.model.plan import Plan
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.money import ZERO, multiply
from mutualaid.privacy import mask_mobile
from mutualaid.retirement import (
    RetirementCategory,
    statutory_retirement_age,
)
from mutualaid.roster.cells import bool_cell, cell_text, date_cell, id_number_cell, int_cell
from mutualaid.roster.findings import make
from mutualaid.roster.headers import HeaderMap
from mutualaid.roster.readers import Engine, RawRow, open_roster
from mutualaid.roster.report import Passed, Rejected, RosterReport
from mutualaid.rules.defaults import (
    above_maximum_finding,
    below_minimum_finding,
    over_retirement_finding,
    over_retirement_material,
)
from mutualaid.rules.engine import PackView, RuleEngine
from mutualaid.rules.explain import Explanation
from mutualaid.rules.findings import Finding, Severity
from mutualaid.rules.results import AgeLimits

__all__ = ["MIRRORED_CODES", "RosterRules", "check_file", "check_roster", "validate_rows"]

#: Codes of the core's default member and roster rules that :func:`validate_rows`
#: computes itself from the pack's parameters; when a pack's own hooks are
#: called too, these codes from the hooks are dropped (they would repeat).
MIRRORED_CODES: Final = frozenset(
    {
        "age.unknown",
        "age.below_minimum",
        "age.above_maximum",
        "age.over_retirement",
        "member.gender_required",
        "member.birth_date_required",
        "member.dispatched_proof",
        "member.risk_class_not_offered",
        "roster.row_limit",
        "roster.empty",
        "roster.plan_mismatch",
        "roster.unknown_tier",
        "roster.shares_out_of_range",
        "roster.tier_mixed",
    }
)

_DEFAULTS_PLUGIN = "mutualaid.defaults"
_CHECK_CHARS: Final = "10X98765432"
_ODD: Final = frozenset("13579")
_LAST: Final = frozenset("0123456789X")
_MALE_PROBLEM = "male"
_PROGRESS_EVERY = 4096
#: The optional member facts, in :class:`~mutualaid.model.member.Member` order.
_EXTRA_FIELDS: Final = FIELDS[FIELDS.index("medical_insurance_type") : FIELDS.index("plan_code")]


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

        :param plan: a plan code (looked up in the pack) or a plan.
        :param tier: the tier; may be left out when the plan has only one.
        :param on: the day of the check; default the plan's coverage start.
        :raises UnknownPlan: no such plan or tier in the pack.
        """
        if isinstance(plan, str):
            plan = pack.plan(plan, on)
        day = on if on is not None else plan.coverage.start
        if tier is None and len(plan.tiers) == 1:
            tier = plan.tiers[0].code
        elif tier is not None:
            tier = _tier_lookup(plan).get(_key(tier), tier)
            plan.tier(tier)  # raises UnknownPlan naming the tiers
        limits = pack.age_limits(plan, day)

        def flag(name: str) -> bool:
            cited = pack.cite(name, day)
            return cited is not None and bool(cited.value)

        max_rows = pack.cite("roster.max_rows", day)
        material = pack.cite("member.over_retirement_material", day)
        female = pack.cite("member.retirement_female_category", day)
        explanations: dict[str, Explanation] = {}
        if limits.explanation is not None:
            explanations["age.below_minimum"] = limits.explanation
            explanations["age.above_maximum"] = limits.explanation
        for code, names, rule in (
            (
                "age.over_retirement",
                (
                    "member.over_retirement_needs_proof",
                    "member.retirement_female_category",
                    "member.over_retirement_material",
                ),
                "mutualaid_member_findings",
            ),
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
            plan=plan,
            on=day,
            tier_code=tier,
            shares=shares,
            columns=pack.template_columns(plan),
            age_limits=limits,
            over_retirement_needs_proof=flag("member.over_retirement_needs_proof"),
            female_category=RetirementCategory(female.value if female else "female_50"),
            other_id_needs_gender_and_birth_date=flag(
                "member.other_id_needs_gender_and_birth_date"
            ),
            dispatched_needs_proof=flag("member.dispatched_needs_proof"),
            max_rows=int(max_rows.value) if max_rows is not None else None,
            single_tier=flag("roster.single_tier"),
            count_must_equal=flag("application.enrolled_must_equal_declared"),
            over_retirement_material=over_retirement_material(
                material.value if material is not None else None
            ),
            pack=pack,
            pack_hooks=pack.chain_hooks(),
            explanations=explanations,
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


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _tier_lookup(plan: Plan) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for tier in plan.tiers:
        for spelling in (tier.name, tier.code):
            lookup[_key(spelling)] = tier.code
    return lookup


def _choices(enum: type[LabelledEnum]) -> dict[object, Any]:
    """A memo of cell value -> member, seeded with every spelling."""
    memo: dict[object, Any] = {}
    for member in enum:
        for spelling in (member.value, member.label, *member.aliases):
            memo[spelling] = member
    return memo


def _choice(memo: dict[object, Any], enum: type[LabelledEnum], value: object) -> Any:
    """The enum member a cell names, or None when it names none (memoized)."""
    try:
        return memo[value]
    except KeyError:
        pass
    except TypeError:  # unhashable: cannot happen with reader values, but be safe
        return None
    try:
        found: Any = enum.from_label(cell_text(value))
    except ConversionError:
        found = None
    if len(memo) < 10_000:
        memo[value] = found
    return found


def _text(value: object) -> str:
    if value.__class__ is str:
        text: str = value.strip()
        if text.isascii() or (unicodedata.is_normalized("NFKC", text) and text.isprintable()):
            return text
    return cell_text(value)


#: Chinese names of the fields a pack's template may leave out (for findings' columns).
_LABELS: Final = {
    "medical_insurance_type": "医保类型",
    "gig_worker": "新业态从业者",
    "retired": "是否已退休",
    "risk_class": "风险类别",
    "dispatched": "劳务派遣人员",
    "own_social_security": "本单位社保",
    "plan_code": "保障计划",
    "tier_code": "档位",
    "shares": "份数",
}

#: Birth facts: (birth date, age in whole years on the day, over the statutory
#: retirement age on the day (when the pack asks), ISO text of the birth date).
_Facts = tuple[date, int, bool, str]


class _Scan:
    """The per-roster state of :func:`validate_rows` (kept out of the hot loop's globals)."""

    def __init__(self, rules: RosterRules, headers: HeaderMap | None) -> None:
        self.rules = rules
        self.on = rules.on
        self.plan = rules.plan
        present = set(headers.fields) if headers is not None else None
        template = {c.field: c for c in (*rules.columns, *CANONICAL_COLUMNS)}
        self.template = template

        def column(field: str) -> str:
            if headers is not None:
                header = headers.header_of(field)
                if header:
                    return header
            col = template.get(field)
            return col.header if col is not None else _LABELS.get(field, field)

        self.column = column
        self.present = present
        self.required = frozenset(c.field for c in rules.columns if c.required)
        self.memos = {field: _choices(enum) for field, enum in _ENUMS.items()}
        self.over_proof = rules.over_retirement_needs_proof
        self.last_day = last_day_of_month(rules.on).day
        self.retire_months: dict[int, int] = {}
        self._specs: dict[
            tuple[str, ...],
            tuple[tuple[int, str, dict[object, Any], type[LabelledEnum] | None], ...],
        ] = {}

    def extra_specs(
        self, fields: tuple[str, ...]
    ) -> tuple[tuple[int, str, dict[object, Any], type[LabelledEnum] | None], ...]:
        """(index, field, memo, enum) for each optional member column present (memoized)."""
        specs = self._specs.get(fields)
        if specs is None:
            specs = self._specs[fields] = tuple(
                (
                    _EXTRA_FIELDS.index(f),
                    f,
                    self.memos[f] if f in _ENUMS else dict(_BOOL_MEMO),
                    _ENUMS.get(f),
                )
                for f in fields
            )
        return specs

    def category(self, male: bool) -> RetirementCategory:
        """The retirement table for a man or a woman."""
        return RetirementCategory.MALE if male else self.rules.female_category

    def birth_facts(self, born: date, male: bool) -> _Facts | str:
        """Birth facts (see ``_Facts``) or, for a birth after the day, a problem text.

        The age is :func:`mutualaid.dates.age_on`'s, computed without building
        dates: the month count, less one when the "monthly birthday" (clamped
        to the month's end) is still ahead.
        """
        on = self.on
        if born > on:  # no birth date in the text: it would complete a masked ID number
            return f"晚于{on.isoformat()}"
        months = (on.year - born.year) * 12 + on.month - born.month
        if min(born.day, self.last_day) > on.day:
            months -= 1
        over = False
        if self.over_proof:
            key = (born.year * 12 + born.month) * 2 + male
            needed = self.retire_months.get(key)
            if needed is None:
                age = statutory_retirement_age(born, self.category(male))
                needed = self.retire_months[key] = age.years * 12 + age.months
            over = months >= needed
        return (born, months // 12, over, born.isoformat())

    def id_facts(self, ymd: str, male: bool) -> _Facts | str:
        """Birth facts of the birth date ``YYYYMMDD`` of an ID number (the caller caches them)."""
        try:
            born = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
        except ValueError:
            return "（第7至14位）不是真实的日期"
        if born < _rid.MIN_BIRTH_DATE:
            return f"早于{_rid.MIN_BIRTH_DATE.year}年"
        return self.birth_facts(born, male)


def validate_rows(
    rows: Iterable[RawRow],
    rules: RosterRules,
    *,
    headers: HeaderMap | None = None,
    file: str | None = None,
    declared: int | None = None,
    accepted: RosterReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> RosterReport:
    """Check ``rows`` against ``rules``; every row comes out accepted, needs_material or rejected.

    :param rows: raw rows (:meth:`RosterSource.rows <mutualaid.roster.readers.RosterSource.rows>`).
    :param headers: the file's header map, so findings name the columns as the file does.
    :param file: the file name, for the report.
    :param declared: the declared headcount, compared with the rows that go through.
    :param accepted: an earlier report whose members are already accepted
        (re-import of fixed rows): its ID numbers count as duplicates.
    :param progress: called with the number of rows read so far, every few thousand rows.
    """
    order = tuple(
        dict.fromkeys(
            (*FIELDS, *(c.field for c in rules.columns), *(headers.fields if headers else ()))
        )
    )
    index = {field: i for i, field in enumerate(order)}
    return _validate(_items(rows, order), index, rules, headers, file, declared, accepted, progress)


def _items(rows: Iterable[RawRow], order: tuple[str, ...]) -> Iterator[_Item]:
    """Raw rows as the loop reads them: ``(row, cells in that order or None if blank, raw)``."""
    for raw in rows:
        if raw.blank:
            yield raw.row, None, raw.raw
        else:
            get = raw.values.get
            yield raw.row, tuple([get(f) for f in order]), raw.raw


def _file_items(rows: Iterable[tuple[int, tuple[object, ...] | None]]) -> Iterator[_Item]:
    """A file's cell rows as the loop reads them (the cells are the raw row)."""
    for number, cells in rows:
        yield number, cells, cells if cells is not None else ()


def _validate(
    items: Iterable[_Item],
    index: dict[str, int],
    rules: RosterRules,
    headers: HeaderMap | None,
    file: str | None,
    declared: int | None,
    accepted: RosterReport | None,
    progress: Callable[[int], None] | None,
) -> RosterReport:
    """:func:`validate_rows` on items whose cells hold field ``f`` at ``index[f]``."""
    scan = _Scan(rules, headers)
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = _loop(items, index, scan, file, accepted, progress)
    finally:
        if enabled:
            gc.enable()
    passed, rejected, blank, members = result
    extra: list[Finding] = []
    if headers is not None:
        for field, _indexes in headers.duplicates:
            extra.append(make("header.duplicate_column", column=scan.column(field), field=field))
    roster_findings = _roster_findings(scan, passed, members, declared, accepted)
    return RosterReport(
        rules=rules,
        files=(file,) if file else (),
        passed=passed,
        rejected=rejected,
        blank=blank,
        roster_findings=(*extra, *roster_findings),
        headers=headers,
        amount_due=_amount(scan, passed),
    )


#: A row as the loop reads it: (row number, cells or None when blank, the cells as read).
_Item = tuple[int, tuple[object, ...] | None, tuple[object, ...]]


def _loop(
    items: Iterable[_Item],
    index: dict[str, int],
    scan: _Scan,
    file: str | None,
    accepted: RosterReport | None,
    progress: Callable[[int], None] | None,
) -> tuple[list[Passed], list[Rejected], int, int]:
    rules = scan.rules
    plan = scan.plan
    present = scan.present
    column = scan.column

    def has(field: str) -> bool:
        return present is None or field in present

    has_id_type = has("id_type")
    has_gender = has("gender")
    has_birth = has("birth_date")
    has_mobile = has("mobile")
    has_tier = has("tier_code")
    has_shares = has("shares")
    has_plan = has("plan_code")
    extras = tuple(f for f in _EXTRA_FIELDS if has(f))
    has_extras = bool(extras)
    # Where each field is in a row's cells: only read for fields the roster has
    # (has_...), name and ID number apart.
    has_name = "name" in index and has("name")
    has_id = "id_number" in index and has("id_number")
    i_name = index.get("name", -1)
    i_type = index.get("id_type", -1)
    i_id = index.get("id_number", -1)
    i_gender = index.get("gender", -1)
    i_birth = index.get("birth_date", -1)
    i_mobile = index.get("mobile", -1)
    pairs = tuple(index.items())

    def as_dict(cells: tuple[object, ...]) -> dict[str, object]:
        """The row's values by field, for the checks of rarer columns."""
        return {f: cells[i] for f, i in pairs}

    extras_key: Callable[[tuple[object, ...]], object] | None = (
        operator.itemgetter(*[index[f] for f in extras]) if extras else None
    )
    extras_memo: dict[object, tuple[tuple[object, ...], bool, bool]] = {}
    required = scan.required
    mobile_required = "mobile" in required
    other_required = tuple(
        (f, index[f]) for f in required if f not in ("name", "id_number", "mobile") and has(f)
    )
    c_name = column("name")
    c_type = column("id_type")
    c_id = column("id_number")
    c_gender = column("gender")
    c_birth = column("birth_date")
    c_mobile = column("mobile")
    c_age = c_birth if has_birth and present is not None else c_id
    limits = rules.age_limits
    minimum = limits.minimum
    maximum = limits.maximum if limits.maximum is not None else 10_000
    explanations = rules.explanations
    resident = IdType.RESIDENT_ID
    hmt = IdType.HMT_RESIDENCE_PERMIT
    male = Gender.MALE
    female = Gender.FEMALE
    provinces = _rid.PROVINCE_CODES
    check_chars = _CHECK_CHARS
    odd = _ODD
    last_ok = _LAST
    id_facts = scan.id_facts
    is_normalized = unicodedata.is_normalized
    male_facts: dict[str, _Facts | str] = {}
    over_memo: dict[tuple[int, bool, int], Finding] = {}
    female_facts: dict[str, _Facts | str] = {}
    types = _choices(IdType)
    genders = _choices(Gender)
    default_tier = rules.tier_code
    default_shares = rules.shares
    tiers = _tier_lookup(plan)
    tier_names = "、".join(t.code for t in plan.tiers)
    plan_names = {_key(plan.code), _key(plan.name)}
    member_hook = rules.pack is not None and "mutualaid_member_findings" in rules.pack_hooks
    price_hook = rules.pack is not None and "mutualaid_price_entry" in rules.pack_hooks
    seen: dict[str, int] = {}
    earlier: dict[str, int] = dict(accepted._keys()) if accepted is not None else {}
    passed: list[Passed] = []
    rejected: list[Rejected] = []
    blank = 0
    members = 0
    for number, cells, raw_cells in items:
        if cells is None:
            blank += 1
            continue
        members += 1
        if progress is not None and not members % _PROGRESS_EVERY:
            progress(members)
        found: list[Finding] | None = None
        # --- name
        name = cells[i_name] if has_name else None
        if name is None:
            name = ""
        elif name.__class__ is str and not name.isascii():  # _text, inline for most names
            stripped = name.strip()
            name = (
                stripped
                if is_normalized("NFKC", stripped) and stripped.isprintable()
                else _text(name)
            )
        else:
            name = _text(name)
        if not name:
            found = [make("field.required", column=c_name, field="name", row=number)]
        # --- ID type
        id_type: IdType | None = resident
        if has_id_type:
            tv = cells[i_type]
            if tv is not None:
                id_type = types.get(tv) if tv.__class__ is str else None
                if id_type is None:
                    id_type = _choice(types, IdType, tv)
                    if id_type is None:
                        f = make(
                            "field.invalid_choice",
                            column=c_type,
                            field="id_type",
                            row=number,
                            value=cell_text(tv),
                            allowed="、".join(IdType.labels()),
                        )
                        found = _add(found, f)
        # --- ID number, birth date, gender
        idv = cells[i_id] if has_id else None
        id_text = ""
        gender: Gender | None = None
        facts: _Facts | str | None = None
        id_ok = False
        if id_type is resident or id_type is hmt:
            text = idv
            if not (
                text.__class__ is str and len(text) == 18 and text.isascii() and text[:17].isdigit()
            ):
                text, numeric = id_number_cell(idv)
                problem = None
                if numeric:
                    problem = "id.numeric_cell"
                elif not text:
                    problem = "field.required"
                else:
                    try:
                        text = _rid.compact(text)
                    except InvalidIdentifier:
                        problem = "id.format"
                        reason = _id_problem(text)
                if problem is not None:
                    if problem == "id.format":
                        f = make(
                            "id.format", column=c_id, field="id_number", row=number, problem=reason
                        )
                    else:
                        f = make(problem, column=c_id, field="id_number", row=number)
                    found = _add(found, f)
                    text = ""
            if text:
                assert isinstance(text, str)
                last = text[17]
                if last == "x":
                    text = text[:17] + "X"
                    last = "X"
                code = None
                if last not in last_ok:
                    code, problem_text = "id.format", "末位须为数字或X"
                elif text[:2] not in provinces:
                    code, problem_text = "id.format", f"前两位{text[:2]}不是省级行政区划代码"
                else:
                    ymd = text[6:14]
                    if text[16] in odd:
                        facts = male_facts.get(ymd)
                        if facts is None:
                            facts = male_facts[ymd] = id_facts(ymd, True)
                    else:
                        facts = female_facts.get(ymd)
                        if facts is None:
                            facts = female_facts[ymd] = id_facts(ymd, False)
                    if facts.__class__ is str:
                        code, problem_text = "id.birth_date", facts
                    elif check_chars[2 * int(text[:17], 13) % 11] != last:
                        code = "id.numeric_cell" if text.endswith("000") else "id.checksum"
                        problem_text = ""
                if code is None:
                    id_ok = True
                    id_text = text
                    gender = male if text[16] in odd else female
                else:
                    facts = None
                    f = make(code, column=c_id, field="id_number", row=number, problem=problem_text)
                    found = _add(found, f)
            if id_ok and has_gender:
                gv = cells[i_gender]
                if gv is not None:
                    given = genders.get(gv) if gv.__class__ is str else None
                    if given is None:
                        given = _choice(genders, Gender, gv)
                    if given is not gender:
                        assert gender is not None
                        f = make(
                            "member.gender_mismatch",
                            column=c_gender,
                            field="gender",
                            row=number,
                            given=cell_text(gv),
                            expected=gender.label,
                        )
                        found = _add(found, f)
            if id_ok and has_birth:
                bv = cells[i_birth]
                if bv is not None:
                    born: date = facts[0]  # type: ignore[index,assignment]
                    if bv != born and bv != facts[3]:  # type: ignore[index]
                        try:
                            given_date = date_cell(bv)
                        except InvalidDate:
                            f = make(
                                "field.invalid_date",
                                column=c_birth,
                                field="birth_date",
                                row=number,
                                value=cell_text(bv),
                            )
                            found = _add(found, f)
                        else:
                            if given_date != born:
                                f = make(
                                    "member.birth_date_mismatch",
                                    column=c_birth,
                                    field="birth_date",
                                    row=number,
                                    given=_masked_date(given_date),
                                    expected=_masked_date(born),
                                )
                                found = _add(found, f)
        elif id_type is not None:
            id_text, gender, facts, more = _other_id(
                as_dict(cells), id_type, number, scan, has_gender, has_birth, genders
            )
            id_ok = bool(id_text)
            if more:
                found = more if found is None else [*found, *more]
        # --- duplicates
        key = ""
        if id_ok:
            key = id_text if id_type is resident else f"{id_type}:{id_text}"
            first = seen.get(key)
            if first is None:
                first_earlier = earlier.get(key) if earlier else None
                if first_earlier is not None:
                    f = make(
                        "id.duplicate",
                        column=c_id,
                        field="id_number",
                        row=number,
                        first_row=first_earlier,
                        where="已导入名单",
                    )
                    found = _add(found, f)
                seen[key] = number
            else:
                f = make(
                    "id.duplicate",
                    column=c_id,
                    field="id_number",
                    row=number,
                    first_row=first,
                    where="",
                )
                found = _add(found, f)
        # --- mobile
        mobile: str | None = None
        if has_mobile:
            mv = cells[i_mobile]
            if mv is None:
                if mobile_required:
                    f = make("field.required", column=c_mobile, field="mobile", row=number)
                    found = _add(found, f)
            elif is_normalized_mobile(mv):
                mobile = mv
            else:
                try:
                    mobile = _mobile.validate(cell_text(mv))
                except InvalidIdentifier:
                    f = make(
                        "phone.format",
                        column=c_mobile,
                        field="mobile",
                        row=number,
                        value=mask_mobile(cell_text(mv)),
                    )
                    found = _add(found, f)
        # --- other required cells
        for field, at in other_required:
            if cells[at] is None and not (field == "gender" and gender is not None):
                if field == "birth_date" and facts is not None and id_type is resident:
                    continue
                f = make("field.required", column=column(field), field=field, row=number)
                found = _add(found, f)
        # --- extra member facts
        extra: tuple[object, ...] | None = None
        retired = False
        if has_extras:
            assert extras_key is not None
            ekey = extras_key(cells)
            known = extras_memo.get(ekey)
            if known is None:
                known = _extras_outcome(as_dict(cells), extras, scan)
                if len(extras_memo) < 10_000:
                    extras_memo[ekey] = known
            extra, retired, clean = known
            if not clean:
                _extra, _retired, more = _extras(as_dict(cells), extras, number, scan)
                more += _extra_rules(extra, number, scan)
                if more:
                    found = more if found is None else [*found, *more]
        # --- eligibility
        if facts is not None and facts.__class__ is tuple:
            born_on, years, over, _iso = facts
            if years < minimum:
                f = below_minimum_finding(
                    years,
                    minimum,
                    column=c_age,
                    explanation=explanations.get("age.below_minimum"),
                ).at_row(number)
                found = _add(found, f)
            elif years > maximum:
                f = above_maximum_finding(
                    years,
                    maximum,
                    column=c_age,
                    explanation=explanations.get("age.above_maximum"),
                ).at_row(number)
                found = _add(found, f)
            if over and not retired and gender is not None:
                okey = (born_on.year * 12 + born_on.month, gender is male, years)
                shared = over_memo.get(okey)  # without a row: RowResult places it
                if shared is None:
                    shared = over_memo[okey] = _over_retirement(
                        scan, None, c_age, years, born_on, gender is male
                    )
                found = [shared] if found is None else [*found, shared]
        # --- plan, tier and shares
        tier = default_tier
        shares = default_shares
        if has_tier or has_shares or has_plan:
            tier, shares, more = _plan_cells(
                as_dict(cells),
                number,
                scan,
                tiers,
                tier_names,
                plan_names,
                has_tier,
                has_shares,
                has_plan,
            )
            if more:
                found = more if found is None else [*found, *more]
        blocked = False
        if found is not None:
            for f in found:
                if f.severity is Severity.ERROR:
                    blocked = True
                    break
        passed_row: Passed = (
            number,
            name,
            id_type or IdType.OTHER,
            id_text,
            gender,
            facts[0] if facts.__class__ is tuple else None,
            mobile,
            extra,
            tier,
            shares,
            None,
            file,
        )
        if not blocked and (member_hook or price_hook):
            more = _pack_row(passed_row, scan, member_hook)
            if more:
                found = more if found is None else [*found, *more]
                blocked = any(f.severity is Severity.ERROR for f in more)
        if blocked:
            rejected.append((number, tuple(found or ()), raw_cells, file))
        elif found is None:
            passed.append(passed_row)
        else:
            passed.append((*passed_row[:10], tuple(found), file))
    return passed, rejected, blank, members


def _add(found: list[Finding] | None, finding: Finding) -> list[Finding]:
    """Append to a row's findings, made on the first one (clean rows allocate nothing)."""
    if found is None:
        return [finding]
    found.append(finding)
    return found


def _masked_date(day: date | None) -> str:
    """A birth date in a finding: the year only (the full date would complete a masked ID number)."""
    return f"{day.year}-**-**" if day is not None else ""


def _id_problem(text: str) -> str:
    """Why a resident ID number's text is not 18 (or 15) digits, in Chinese."""
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    if len(compact) not in (15, 18):
        return f"共{len(compact)}位，应为18位"
    return "含有数字以外的字符（只有最后一位可以是X）"


def _other_id(
    v: dict[str, object],
    id_type: IdType,
    number: int,
    scan: _Scan,
    has_gender: bool,
    has_birth: bool,
    genders: dict[object, Any],
) -> tuple[str, Gender | None, _Facts | str | None, list[Finding]]:
    """A passport, permit or other ID type: the number is free text; gender and birth date from their columns."""
    found: list[Finding] = []
    column = scan.column
    c_id = column("id_number")
    text, _numeric = id_number_cell(v.get("id_number"))
    text = "".join(text.split()).upper()
    if not text:
        found.append(make("field.required", column=c_id, field="id_number", row=number))
    elif not (text.isascii() and text.replace("-", "").isalnum() and 5 <= len(text) <= 30):
        found.append(
            make(
                "id.format",
                column=c_id,
                field="id_number",
                row=number,
                problem="须为5至30位字母或数字",
            )
        )
        text = ""
    gender: Gender | None = None
    gv = v.get("gender") if has_gender else None
    if gv is not None:
        gender = genders.get(gv) if gv.__class__ is str else None
        if gender is None:
            gender = _choice(genders, Gender, gv)
        if gender is None:
            found.append(
                make(
                    "field.invalid_choice",
                    column=column("gender"),
                    field="gender",
                    row=number,
                    value=cell_text(gv),
                    allowed="男、女",
                )
            )
    born: date | None = None
    bv = v.get("birth_date") if has_birth else None
    if bv is not None:
        try:
            born = date_cell(bv)
        except InvalidDate:
            found.append(
                make(
                    "field.invalid_date",
                    column=column("birth_date"),
                    field="birth_date",
                    row=number,
                    value=cell_text(bv),
                )
            )
            bv = False  # given, but unreadable
    strict = scan.rules.other_id_needs_gender_and_birth_date
    if gv is None and strict:
        found.append(
            make(
                "member.gender_required",
                column=column("gender"),
                field="gender",
                row=number,
                id_type=id_type.label,
            )
        )
    facts: _Facts | str | None = None
    if born is not None:
        facts = scan.birth_facts(born, gender is not Gender.FEMALE)
        if isinstance(facts, str):
            found.append(
                make(
                    "field.invalid_date",
                    column=column("birth_date"),
                    field="birth_date",
                    row=number,
                    value=born.isoformat(),
                )
            )
            facts = None
        elif gender is None:  # no retirement rule without a gender
            facts = (facts[0], facts[1], False, facts[3])
    elif bv is None:
        code = "member.birth_date_required" if strict else "age.unknown"
        found.append(
            make(
                code,
                column=column("birth_date"),
                field="birth_date",
                row=number,
                id_type=id_type.label,
            )
        )
    return text, gender, facts, found


def _over_retirement(
    scan: _Scan, number: int | None, column: str, years: int, born: date, male: bool
) -> Finding:
    finding = over_retirement_finding(
        years,
        born,
        scan.category(male),
        scan.rules.over_retirement_material,
        column=column,
        explanation=scan.rules.explanations.get("age.over_retirement"),
    )
    return finding if number is None else finding.at_row(number)


_ENUMS: dict[str, type[LabelledEnum]] = {
    "medical_insurance_type": MedicalInsuranceType,
    "risk_class": RiskClass,
}


_EXTRA_DEFAULTS: Final = (None, False, False, RiskClass.NORMAL, False, True)
_BOOL_MEMO: Final[dict[object, bool]] = {"是": True, "否": False, "Y": True, "N": False}


def _extras(
    v: dict[str, object], fields: tuple[str, ...], number: int, scan: _Scan
) -> tuple[tuple[object, ...], bool, list[Finding]]:
    """The optional member columns, in :data:`_EXTRA_FIELDS` order (defaults where absent)."""
    found: list[Finding] = []
    values = list(_EXTRA_DEFAULTS)
    for index, field, memo, enum in scan.extra_specs(fields):
        value = v.get(field)
        if value is None:
            continue
        got = memo.get(value) if value.__class__ is str else None
        if got is not None:
            values[index] = got
            continue
        if enum is not None:
            got = _choice(memo, enum, value)
            allowed = "、".join(enum.labels())
        else:
            try:
                got = bool_cell(value)
            except ConversionError:
                got = None
            allowed = "是、否"
        if got is None:
            found.append(
                make(
                    "field.invalid_choice",
                    column=scan.column(field),
                    field=field,
                    row=number,
                    value=cell_text(value),
                    allowed=allowed,
                )
            )
        else:
            values[index] = got
    return tuple(values), bool(values[2]), found


def _extras_outcome(
    v: dict[str, object], fields: tuple[str, ...], scan: _Scan
) -> tuple[tuple[object, ...], bool, bool]:
    """(extra facts, retired, clean): clean when the cells raise no finding at all."""
    extra, retired, found = _extras(v, fields, 0, scan)
    return extra, retired, not found and not _extra_rules(extra, 0, scan)


def _extra_rules(extra: tuple[object, ...], number: int, scan: _Scan) -> list[Finding]:
    """Dispatched workers and risk classes (only when the roster has those columns)."""
    found: list[Finding] = []
    _mit, _gig, _retired, risk, _dispatched, own = extra
    # seed 001 四（五）: 非本单位社保/医保在职人员 need proof, dispatched or not
    if scan.rules.dispatched_needs_proof and not own:
        found.append(
            make(
                "member.dispatched_proof",
                column=scan.column("dispatched"),
                field="dispatched",
                row=number,
                material="dispatched_worker_proof",
            )
        )
    if risk not in scan.plan.risk_classes:
        found.append(
            make(
                "member.risk_class_not_offered",
                column=scan.column("risk_class"),
                field="risk_class",
                row=number,
                risk_class=risk.label,  # type: ignore[attr-defined]
            )
        )
    return found


def _plan_cells(
    v: dict[str, object],
    number: int,
    scan: _Scan,
    tiers: dict[str, str],
    tier_names: str,
    plan_names: set[str],
    has_tier: bool,
    has_shares: bool,
    has_plan: bool,
) -> tuple[str | None, int, list[Finding]]:
    found: list[Finding] = []
    rules = scan.rules
    tier = rules.tier_code
    shares = rules.shares
    if has_plan:
        pv = v.get("plan_code")
        if pv is not None and _key(cell_text(pv)) not in plan_names:
            found.append(
                make(
                    "roster.plan_mismatch",
                    column=scan.column("plan_code"),
                    field="plan_code",
                    row=number,
                    value=cell_text(pv),
                    plan=scan.plan.code,
                )
            )
    if has_tier:
        tv = v.get("tier_code")
        if tv is not None:
            text = cell_text(tv)
            code = tiers.get(_key(text))
            if code is None:
                found.append(
                    make(
                        "roster.unknown_tier",
                        column=scan.column("tier_code"),
                        field="tier_code",
                        row=number,
                        value=text,
                        allowed=tier_names,
                    )
                )
            else:
                tier = code
    if has_shares:
        sv = v.get("shares")
        if sv is not None:
            try:
                given = int_cell(sv)
            except ConversionError:
                found.append(
                    make(
                        "field.invalid_number",
                        column=scan.column("shares"),
                        field="shares",
                        row=number,
                        value=cell_text(sv),
                    )
                )
            else:
                if given is not None:
                    shares = given
                    if not 1 <= given <= scan.plan.max_shares:
                        found.append(
                            make(
                                "roster.shares_out_of_range",
                                column=scan.column("shares"),
                                field="shares",
                                row=number,
                                shares=given,
                                maximum=scan.plan.max_shares,
                            )
                        )
    return tier, shares, found


def _pack_row(passed_row: Passed, scan: _Scan, member_hook: bool) -> list[Finding]:
    """The pack's own member rules for one row (only for packs that add some)."""
    if not member_hook:
        return []
    pack = scan.rules.pack
    assert pack is not None
    member = RosterReport._member(passed_row)
    found = []
    for f in pack.member_findings(member, scan.plan, scan.on):
        if f.code in MIRRORED_CODES:
            continue
        if f.column is None and f.field is not None:
            f = attrs.evolve(f, column=scan.column(f.field))
        found.append(f.at_row(passed_row[0]))
    return found


def _roster_findings(
    scan: _Scan,
    passed: Sequence[Passed],
    members: int,
    declared: int | None,
    accepted: RosterReport | None,
) -> list[Finding]:
    rules = scan.rules
    explanations = rules.explanations
    found: list[Finding] = []
    if rules.max_rows is not None and members > rules.max_rows:
        found.append(
            make(
                "roster.row_limit", rows=members, maximum=rules.max_rows, limit=rules.max_rows
            ).explained(explanations.get("roster.row_limit"))
        )
    if not members and accepted is None:
        found.append(make("roster.empty"))
    if not 1 <= rules.shares <= rules.plan.max_shares:
        found.append(
            make(
                "roster.shares_out_of_range",
                field="shares",
                shares=rules.shares,
                maximum=rules.plan.max_shares,
            )
        )
    everyone: list[Passed] = [*(accepted._passed if accepted is not None else ()), *passed]
    if rules.single_tier:
        tiers = sorted({p[8] for p in everyone if p[8] is not None})
        if len(tiers) > 1:
            found.append(
                make("roster.tier_mixed", field="tier_code", tiers="、".join(tiers)).explained(
                    explanations.get("roster.tier_mixed")
                )
            )
    if declared is not None:
        enrolled = len(everyone)
        if enrolled != declared:
            found.append(
                make(
                    "roster.count_mismatch",
                    severity=Severity.ERROR if rules.count_must_equal else Severity.WARNING,
                    enrolled=enrolled,
                    declared=declared,
                ).explained(explanations.get("roster.count_mismatch"))
            )
    pack = rules.pack
    if pack is not None and "mutualaid_roster_findings" in rules.pack_hooks:
        roster = Roster(
            rules.plan.code,
            tuple(
                RosterEntry(RosterReport._member(p), rules.plan.code, p[8], p[9]) for p in everyone
            ),
        )
        for f in pack.roster_findings(roster, rules.plan, rules.on):
            if f.code in MIRRORED_CODES:
                continue
            index = f.params.get("entry_index")
            if isinstance(index, int) and 0 <= index < len(everyone):
                f = f.at_row(everyone[index][0])
            found.append(f)
    return found


def _amount(scan: _Scan, passed: Sequence[Passed]) -> Decimal:
    rules = scan.rules
    pack = rules.pack
    if pack is not None and "mutualaid_price_entry" in rules.pack_hooks:
        total = ZERO
        for p in passed:
            entry = RosterEntry(RosterReport._member(p), rules.plan.code, p[8], p[9])
            total += pack.price_entry(entry, rules.plan, rules.on).total
        return total
    buckets: dict[tuple[str | None, object, int], int] = {}
    for p in passed:
        extra = p[7]
        risk = extra[3] if extra is not None else RiskClass.NORMAL
        key = (p[8], risk, p[9])
        buckets[key] = buckets.get(key, 0) + 1
    total = ZERO
    for (tier, risk, shares), count in buckets.items():
        total += rules.price(tier, risk, shares) * count  # type: ignore[arg-type]
    return total


def check_roster(
    path: str | Path,
    *,
    pack: str | PackView,
    plan: str | Plan,
    tier: str | None = None,
    shares: int = 1,
    on: date | None = None,
    declared: int | None = None,
    engine: Engine | None = None,
    sheet: str | None = None,
    accepted: RosterReport | None = None,
    rule_engine: RuleEngine | None = None,
    progress: Callable[[int], None] | None = None,
) -> RosterReport:
    """Read and check a roster file: the whole job of ``mutualaid check``.

    :param pack: a pack name (looked up among the installed packs) or a
        :class:`~mutualaid.rules.engine.PackView`.
    :param plan: the plan's code (or the plan).
    :param tier: the tier for rows that name none (optional when the plan has one tier).
    :param shares: the shares for rows that give none.
    :param on: the day ages are judged at; default the plan's coverage start.
    :param declared: the declared headcount (``roster.count_mismatch``).
    :param engine: the .xlsx reader, ``"auto"`` (default), ``"openpyxl"`` or ``"calamine"``.
    :param sheet: the sheet to read (default: the first with the required columns).
    :param accepted: an earlier report of the same application (re-import of fixed rows).
    :param rule_engine: where to look ``pack`` up by name (default: the installed packs).
    :param progress: called with the number of rows read so far.
    :raises RosterFileError: the file is not a readable roster (see docs/roster-files.md).
    :raises UnknownPack, UnknownPlan: no such pack, plan or tier.

    A header row without a required column is not raised: the report holds
    one ``header.missing_column`` finding and no rows.
    """
    if isinstance(pack, str):
        rule_engine = rule_engine or RuleEngine.from_entry_points()
        pack = rule_engine.pack(pack)
    rules = RosterRules.from_pack(pack, plan, tier=tier, shares=shares, on=on)
    return check_file(
        path,
        rules,
        declared=declared,
        engine=engine,
        sheet=sheet,
        accepted=accepted,
        progress=progress,
    )


def check_file(
    path: str | Path,
    rules: RosterRules,
    *,
    declared: int | None = None,
    engine: Engine | None = None,
    sheet: str | None = None,
    accepted: RosterReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> RosterReport:
    """Read and check a roster file against rules already asked of the pack.

    The same as :func:`check_roster` after :meth:`RosterRules.from_pack`
    (used to re-import fixed rows under the first import's rules).
    """
    path = Path(path)
    try:
        source = open_roster(path, columns=rules.columns, sheet=sheet, engine=engine or "auto")
    except MissingColumn as exc:
        finding = make(
            "header.missing_column",
            row=exc.location.row if exc.location is not None else None,
            missing="、".join(exc.details.get("missing", ())),
            detail=str(exc),
        )
        return RosterReport(
            rules=rules,
            files=(path.name,),
            passed=[],
            rejected=[],
            blank=0,
            roster_findings=(finding,),
            headers=None,
            amount_due=ZERO,
        )
    with source:
        report = _validate(
            _file_items(source.cell_rows()),
            source.header_map.fields,
            rules,
            source.header_map,
            path.name,
            declared,
            accepted,
            progress,
        )
    if source.findings:  # what the reader noticed (error cells, notes rows, stray quotes)
        report.roster_findings = (*report.roster_findings, *source.findings)
    return report
