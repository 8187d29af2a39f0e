"""The per-member rules, each once, over columns: what each decides, its code and message.

Every rule is a function named after what it decides. It takes the batch's
:class:`Facts` (the columns and what was derived from them: birth date,
gender, age) and the :class:`~mutualaid.rules.columnar.config.MemberRules`,
and returns :class:`Hits`: the rows it finds, with the facts each finding's
message is filled from. Its :class:`Rule` (code, severity, message, field)
stands beside it. :data:`RULES` lists them in the order a member's findings
are reported, the same on every path (``mutualaid check``, the life cycle's
member checks, the notebook, :func:`mutualaid.batch.evaluate`).

>>> RULE_BY_CODE["member.dispatched_proof"].template
'非本单位社保/医保在职人员，须补充劳务派遣人员证明'
>>> [r.code for r in RULES][:4]
['id.format', 'id.birth_date', 'id.checksum', 'id.numeric_cell']

Where the roster check and the hook defaults used to word a rule apart
(``member.dispatched_proof``, ``member.risk_class_not_offered``), the wording
kept is the one naming the document asked for or the plan.

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.ids.divisions import TABLE_YEARS
from mutualaid.ids.permanent_residence import FIRST_DIGIT
from mutualaid.ids.resident_id import MIN_BIRTH_DATE
from mutualaid.model.kinds import IdType, MaterialKind
from mutualaid.retirement import RetirementCategory
from mutualaid.rules.columnar import age_findings as _ages
from mutualaid.rules.columnar import permanent_residence_ids as _prids
from mutualaid.rules.columnar import resident_ids as _ids
from mutualaid.rules.columnar.age_findings import (
    above_maximum_finding,
    below_minimum_finding,
    over_retirement_finding,
)
from mutualaid.rules.columnar.ages import months_and_retirement
from mutualaid.rules.columnar.columns import (
    FEMALE,
    GENDERS,
    ID_TYPES,
    INVALID,
    MALE,
    RISK_CLASSES,
    UNKNOWN,
    MemberColumns,
)
from mutualaid.rules.columnar.config import MemberRules, tier_key
from mutualaid.rules.columnar.divisions import unknown_division_codes, unknown_divisions
from mutualaid.rules.explain import Explanation
from mutualaid.rules.findings import Finding, Severity

__all__ = [
    "ELIGIBILITY_CODES",
    "RULES",
    "RULE_BY_CODE",
    "Facts",
    "FoundHits",
    "Hits",
    "Rule",
    "derive_facts",
    "plan_mismatch_finding",
    "shares_out_of_range_finding",
    "unknown_tier_finding",
]

_E = Severity.ERROR
_M = Severity.NEEDS_MATERIAL
_W = Severity.WARNING

Params = Mapping[str, Any]
Builder = Callable[["Rule", Params, str | None, Explanation | None], Finding]


def _format(rule: Rule, params: Params, column: str | None, why: Explanation | None) -> Finding:
    message = rule.template.format(column=column or "", **params)
    return Finding(rule.code, rule.severity, message, column, rule.field, params, why)


@attrs.frozen
class Rule:
    """One member rule's finding: code, severity, message template, field, meaning.

    :param template: the Chinese message; ``str.format`` placeholders from the params.
    :param column_of: the field whose column the finding names (``None``: the age's column).
    :param build: makes the finding (default: fill the template).
    :param name: the default rule it is (:data:`mutualaid.rules.defaults.RULES`), which a
        pack may replace or switch off (``mutualaid_replace_rules``).
    """

    code: str
    severity: Severity
    template: str
    field: str
    description: str
    column_of: str | None = None
    build: Builder = _format
    name: str | None = None

    def finding(self, params: Params, column: str | None, why: Explanation | None) -> Finding:
        """The finding for one row."""
        return self.build(self, params, column, why)


@attrs.frozen(eq=False)
class Hits:
    """The rows a rule finds (ascending) and, per row, the params of its finding."""

    rule: Rule
    rows: npt.NDArray[np.intp]
    params: Callable[[int], Params]

    def finding(self, j: int, column: str | None, why: Explanation | None) -> Finding:
        """The finding of the ``j``-th row hit."""
        return self.rule.finding(self.params(j), column, why)


@attrs.frozen(eq=False)
class FoundHits(Hits):
    """A rule a pack replaced: the findings its replacement gave each row (per member)."""

    found: tuple[tuple[Finding, ...], ...] = ()

    def row_findings(self, j: int) -> tuple[Finding, ...]:
        """The findings of the ``j``-th row hit."""
        return self.found[j]


@attrs.frozen(eq=False)
class Facts:
    """A batch and what the rules derive from it, judged on ``on``.

    :param members: the batch.
    :param resident: rows whose ID type carries birth date and gender.
    :param id_problem: :mod:`~mutualaid.rules.columnar.resident_ids` problem code
        of resident rows, :mod:`~mutualaid.rules.columnar.permanent_residence_ids`'
        of permanent residence rows (0 elsewhere).
    :param id_valid: the ID number passed its checks (the row is a person).
    :param gender: the gender decided (the ID's for residents, else the cell's).
    :param birth: the birth date decided (``NaT`` unknown).
    :param months: whole months lived on ``on`` (meaningless where ``birth`` is ``NaT``).
    :param age: whole years on ``on``; -1 born after ``on``.
    :param over_retirement: past the statutory retirement age on ``on`` (gender known).
    :param tier: the tier code decided per row (``None``: unknown tier named).
    :param shares: the shares per row.
    :param retire_months: the statutory retirement age in months.
    :param id_key: the resident ID number as one integer
        (:func:`~mutualaid.rules.columnar.resident_ids.resident_id_keys`) where it
        was decoded and passed its checks, else -1. Since 0.4.
    """

    members: MemberColumns
    on: date
    resident: npt.NDArray[np.bool_]
    id_problem: npt.NDArray[np.int8]
    id_valid: npt.NDArray[np.bool_]
    gender: npt.NDArray[np.int8]
    birth: npt.NDArray[np.datetime64]
    months: npt.NDArray[np.int64]
    age: npt.NDArray[np.int64]
    over_retirement: npt.NDArray[np.bool_]
    tier: npt.NDArray[np.object_]
    tier_known: npt.NDArray[np.bool_]
    shares: npt.NDArray[np.int64]
    retire_months: npt.NDArray[np.int64]
    id_key: npt.NDArray[np.int64] = attrs.field(
        default=attrs.Factory(
            lambda self: np.full(len(self.age), -1, dtype=np.int64), takes_self=True
        )
    )

    @property
    def known_birth(self) -> npt.NDArray[np.bool_]:
        """Rows whose birth date is decided."""
        return ~np.isnat(self.birth)


_RESIDENT_TYPES: Final = np.array([t.carries_birth_date for t in ID_TYPES], dtype=bool)
_PERMANENT_RESIDENCE: Final = ID_TYPES.index(IdType.FOREIGN_PERMANENT_RESIDENCE)


def derive_facts(members: MemberColumns, rules: MemberRules) -> Facts:
    """Decode resident IDs, decide gender and birth date, ages, retirement, tier and shares."""
    n = len(members)
    on = rules.on
    day = np.datetime64(on.isoformat(), "D")
    types = members.id_type
    resident = np.zeros(n, dtype=bool)
    known_type = types >= 0
    resident[known_type] = _RESIDENT_TYPES[types[known_type]]
    numbers = members.id_number
    decodable = resident & members.usable & ~members.checked
    at = np.flatnonzero(decodable)
    grid = _known_grid(members, at)
    if grid is None:
        grid = _ids.ascii_grid(numbers[at])  # usually every such number is 18 ASCII characters
    if grid is None:
        lengths = np.fromiter(map(len, numbers[at].tolist()), dtype=np.int64, count=len(at))
        decodable[at[lengths != 18]] = False
        at = at[lengths == 18]
    problem = np.zeros(n, dtype=np.int8)
    gender = members.gender.copy()
    birth = members.birth.copy()
    id_key = np.full(n, -1, dtype=np.int64)
    if len(at):
        decoded = _ids.decode_resident_ids(numbers[at] if grid is None else grid, day)
        problem[at] = decoded.problem
        good = decoded.problem == _ids.OK
        gender[at] = np.where(good, np.where(decoded.male, MALE, FEMALE), UNKNOWN)
        birth[at] = np.where(good, decoded.birth, np.datetime64("NaT"))
        id_key[at] = np.where(good, decoded.key, -1)
    # resident rows: gender and birth come from the number only
    undecided = resident & ~decodable & ~members.checked
    gender[undecided] = UNKNOWN
    birth[undecided] = np.datetime64("NaT")
    # permanent residence rows (2023 card): the number's form and check character
    permanent = (types == _PERMANENT_RESIDENCE) & members.usable & ~members.checked
    at = np.flatnonzero(permanent)
    if len(at):
        problem[at] = _prids.check_permanent_residence_ids(numbers[at])
    id_valid = members.usable & np.where(
        resident & ~members.checked, decodable & (problem == _ids.OK), True
    )
    id_valid &= ~permanent | (problem == _ids.OK)
    others = np.flatnonzero(id_valid & ~decodable)  # decoded numbers are 18 characters
    id_valid[others] = np.fromiter(
        map(bool, numbers[others].tolist()), dtype=bool, count=len(others)
    )
    gender = np.where(gender == INVALID, UNKNOWN, gender).astype(np.int8)
    known = ~np.isnat(birth)
    safe = np.where(known, birth, day)
    male = gender == MALE
    months, retire = months_and_retirement(safe, male, on, rules.female_category)
    age = np.where(months < 0, -1, months // 12)
    over = known & (gender != UNKNOWN) & (months >= 0) & (months >= retire)
    tier, tier_known = _tiers(members.tier, rules)
    shares = np.where(members.shares_given, members.shares, rules.shares).astype(np.int64)
    return Facts(
        members,
        on,
        resident,
        problem,
        id_valid,
        gender,
        birth,
        months,
        age,
        over,
        tier,
        tier_known,
        shares,
        retire,
        id_key,
    )


def _known_grid(members: MemberColumns, at: npt.NDArray[np.intp]) -> npt.NDArray[np.uint8] | None:
    """The ASCII codes of the numbers of rows ``at``, when the reader gave them all (``id_chars``)."""
    chars = members.id_chars
    if chars is None:
        return None
    grid = chars[at]
    return grid if grid[:, 0].all() else None  # a row of zeros: a number the reader did not hold


def _tiers(
    named: npt.NDArray[np.object_], rules: MemberRules
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_]]:
    lookup = {tier_key(s): t.code for t in rules.plan.tiers for s in (t.name, t.code)}
    out = np.empty(len(named), dtype=object)
    out.fill(rules.tier_code)  # np.full would make a new text per row, through a U array
    known = np.ones(len(named), dtype=bool)
    if named.tolist().count(None) == len(named):  # no row names a tier (a C-level scan)
        return out, known
    given = np.flatnonzero(named != None)  # noqa: E711 (elementwise)
    memo: dict[object, str | None] = {}
    for i in given.tolist():
        text = named[i]
        code = memo.get(text, "")
        if code == "":
            code = memo[text] = lookup.get(tier_key(str(text)))
        if code is None:
            known[i] = False
        out[i] = code
    return out, known


# --- the rules ------------------------------------------------------------------

_PROBLEM_TEXT: Final = {
    _ids.BAD_PROVINCE: None,  # names the two digits: filled per row
    _ids.BAD_LAST: "末位须为数字或X",
    _prids.NOT_NINE: "外国人永久居留身份证号码首位须为9；居民身份证号码请将证件类型选为居民身份证",
    _prids.BAD_SHAPE: "须为18位：17位数字，末位为数字或X",
    _ids.IMPOSSIBLE_DATE: "（第7至14位）不是真实的日期",
    _ids.BEFORE_MIN: f"早于{MIN_BIRTH_DATE.year}年",
}

ID_FORMAT = Rule(
    "id.format",
    _E,
    "证件号码格式不正确：{problem}",
    "id_number",
    "the ID number has the wrong length, characters or region code",
    "id_number",
)


_FORMAT_PROBLEMS: Final = (_ids.BAD_PROVINCE, _ids.BAD_LAST, _prids.NOT_NINE, _prids.BAD_SHAPE)
_NINE_AS_RESIDENT: Final = (
    "首位为9，是外国人永久居留身份证号码：请将证件类型选为外国人永久居留身份证"
)


def id_format(f: Facts, rules: MemberRules) -> Hits:
    """``id.format``: a number whose region code, first digit or last character is impossible.

    Resident ID numbers (region code, last character) and permanent residence
    ID numbers (first digit 9, 18 characters); a resident ID number starting
    with 9 is a permanent residence ID's, and the message says which type to choose.
    """
    rows = np.flatnonzero(np.isin(f.id_problem, _FORMAT_PROBLEMS))
    numbers = f.members.id_number[rows]
    problems = f.id_problem[rows]

    def params(j: int) -> Params:
        text = _PROBLEM_TEXT[int(problems[j])]
        if text is None and numbers[j][:1] == FIRST_DIGIT:
            return {"problem": _NINE_AS_RESIDENT}
        return {"problem": text or f"前两位{numbers[j][:2]}不是省级行政区划代码"}

    return Hits(ID_FORMAT, rows, params)


ID_BIRTH_DATE = Rule(
    "id.birth_date",
    _E,
    "证件号码中的出生日期{problem}",
    "id_number",
    "the birth date inside the ID number is impossible or after the check date",
    "id_number",
)


def id_birth_date(f: Facts, rules: MemberRules) -> Hits:
    """``id.birth_date``: the number's birth date is no real day, too early, or after the day."""
    after = f"晚于{rules.on.isoformat()}"
    rows = np.flatnonzero(
        (f.id_problem == _ids.IMPOSSIBLE_DATE)
        | (f.id_problem == _ids.BEFORE_MIN)
        | (f.id_problem == _ids.AFTER_DAY)
    )
    problems = f.id_problem[rows]

    def params(j: int) -> Params:
        return {"problem": _PROBLEM_TEXT.get(int(problems[j])) or after}

    return Hits(ID_BIRTH_DATE, rows, params)


ID_CHECKSUM = Rule(
    "id.checksum",
    _E,
    "证件号码末位校验码不正确，请对照身份证重新输入",
    "id_number",
    "the ID number's check character does not match its first 17 digits",
    "id_number",
)
ID_NUMERIC_CELL = Rule(
    "id.numeric_cell",
    _E,
    "证件号码被Excel存成了数字，末几位可能已丢失；请把该列设置为文本格式后重新输入",
    "id_number",
    "Excel stored the ID number as a number (15 significant digits): its last digits are lost",
    "id_number",
)


def _lost_digits(f: Facts) -> npt.NDArray[np.bool_]:
    wrong = f.id_problem == _ids.CHECKSUM
    at = np.flatnonzero(wrong)
    ends = np.fromiter(
        (x.endswith("000") for x in f.members.id_number[at]), dtype=bool, count=len(at)
    )
    lost = np.zeros(len(wrong), dtype=bool)
    lost[at[ends]] = True
    return lost


def id_checksum(f: Facts, rules: MemberRules) -> Hits:
    """``id.checksum``: the check character does not match (and the number kept its digits)."""
    rows = np.flatnonzero((f.id_problem == _ids.CHECKSUM) & ~_lost_digits(f))
    return Hits(ID_CHECKSUM, rows, _no_params)


def id_numeric_cell(f: Facts, rules: MemberRules) -> Hits:
    """``id.numeric_cell``: a wrong check character on a number ending 000 (Excel kept 15 digits)."""
    return Hits(ID_NUMERIC_CELL, np.flatnonzero(_lost_digits(f)), _no_params)


ID_UNKNOWN_DIVISION = Rule(
    "id.unknown_division",
    _W,
    "证件号码前6位{division}不是{first}年至{year}年间用过的行政区划代码（GB/T 2260），"
    "请核对是否输错；不影响参保",
    "id_number",
    "the resident ID number's first six digits (GB/T 2260 county code) were in no list "
    "up to the check date's year: more likely a typing error than a person (not blocking)",
    "id_number",
)


#: A resident ID key (:func:`~mutualaid.rules.columnar.resident_ids.resident_id_keys`)
#: divided by this is the number's first six digits.
_DIVISION_UNIT: Final = 11 * 10**11


def id_unknown_division(f: Facts, rules: MemberRules) -> Hits:
    """``id.unknown_division``: a valid number whose county code no list held up to ``on``.

    Judged on the check date, not the birth date: a number keeps the code of
    the county where it was first issued, which may have been created after
    the birth (:mod:`mutualaid.rules.columnar.divisions`). A warning only:
    GB 11643 does not require the code to be listed.
    """
    judged = np.flatnonzero(f.resident & f.id_valid)
    keys = f.id_key[judged]
    decoded = keys >= 0
    unknown = unknown_division_codes(keys // _DIVISION_UNIT, rules.on)
    if not decoded.all():  # members made elsewhere (checked already): read their numbers
        rest = np.flatnonzero(~decoded)
        unknown[rest] = unknown_divisions(f.members.id_number[judged[rest]], rules.on)
    rows = judged[unknown]
    numbers = f.members.id_number[rows]
    first, year = TABLE_YEARS[0], min(rules.on.year, TABLE_YEARS[1])

    def params(j: int) -> Params:
        return {"division": str(numbers[j])[:6], "first": first, "year": year}

    return Hits(ID_UNKNOWN_DIVISION, rows, params)


def _no_params(j: int) -> Params:
    return {}


def _no_hits(rule: Rule) -> Hits:
    """``rule`` finds no row (the pack does not ask for it)."""
    return Hits(rule, np.zeros(0, dtype=np.intp), _no_params)


GENDER_MISMATCH = Rule(
    "member.gender_mismatch",
    _E,
    "性别“{given}”与证件号码不符（证件号码为{expected}）",
    "gender",
    "the gender column disagrees with the resident ID number",
    "gender",
)
_GENDER_WORD: Final = {MALE: "男", FEMALE: "女"}


def gender_mismatch(f: Facts, rules: MemberRules) -> Hits:
    """``member.gender_mismatch``: the gender given is not the resident ID's."""
    given = f.members.gender
    rows = np.flatnonzero(f.resident & f.id_valid & (given != UNKNOWN) & (given != f.gender))
    given_at, expected_at = given[rows], f.gender[rows]
    texts = f.members.gender_text

    def params(j: int) -> Params:
        shown = _GENDER_WORD.get(int(given_at[j]), "")
        if texts is not None and texts[rows[j]] is not None:
            shown = str(texts[rows[j]]).strip()
        return {"given": shown, "expected": _GENDER_WORD[int(expected_at[j])]}

    return Hits(GENDER_MISMATCH, rows, params)


BIRTH_DATE_MISMATCH = Rule(
    "member.birth_date_mismatch",
    _E,
    "出生日期与证件号码中的出生日期不符，请对照身份证核对",
    "birth_date",
    "the birth date column disagrees with the resident ID number (params: years only)",
    "birth_date",
)


def birth_date_mismatch(f: Facts, rules: MemberRules) -> Hits:
    """``member.birth_date_mismatch``: the birth date given is not the resident ID's."""
    given = f.members.birth
    rows = np.flatnonzero(f.resident & f.id_valid & ~np.isnat(given) & (given != f.birth))
    years_given = given[rows].astype("M8[Y]").astype(np.int64) + 1970
    years_id = f.birth[rows].astype("M8[Y]").astype(np.int64) + 1970

    def params(j: int) -> Params:
        return {"given": f"{years_given[j]}-**-**", "expected": f"{years_id[j]}-**-**"}

    return Hits(BIRTH_DATE_MISMATCH, rows, params)


GENDER_REQUIRED = Rule(
    "member.gender_required",
    _E,
    "证件类型为{id_type}时须填写性别",
    "gender",
    "an ID type other than the resident ID needs the gender given",
    "gender",
    name="eligibility.other_id_gender",
)


def _other_ids(f: Facts) -> npt.NDArray[np.bool_]:
    return ~f.resident & (f.members.id_type >= 0) & f.members.usable


def _id_type_label(f: Facts, rows: npt.NDArray[np.intp]) -> Callable[[int], Params]:
    types = f.members.id_type[rows]
    return lambda j: {"id_type": ID_TYPES[int(types[j])].label}


def gender_required(f: Facts, rules: MemberRules) -> Hits:
    """``member.gender_required``: another ID type without a gender, where the pack asks for it."""
    if not rules.other_id_needs_gender_and_birth_date:
        return _no_hits(GENDER_REQUIRED)
    rows = np.flatnonzero(_other_ids(f) & (f.members.gender == UNKNOWN))
    return Hits(GENDER_REQUIRED, rows, _id_type_label(f, rows))


BIRTH_DATE_REQUIRED = Rule(
    "member.birth_date_required",
    _E,
    "证件类型为{id_type}时须填写出生日期",
    "birth_date",
    "an ID type other than the resident ID needs the birth date given",
    "birth_date",
    name="eligibility.other_id_birth_date",
)


def birth_date_required(f: Facts, rules: MemberRules) -> Hits:
    """``member.birth_date_required``: another ID type without a birth date, where the pack asks."""
    if not rules.other_id_needs_gender_and_birth_date:
        return _no_hits(BIRTH_DATE_REQUIRED)
    rows = np.flatnonzero(_other_ids(f) & ~f.members.birth_given)
    return Hits(BIRTH_DATE_REQUIRED, rows, _id_type_label(f, rows))


AGE_UNKNOWN = Rule(
    "age.unknown",
    _E,
    "缺少出生日期，无法判断年龄",
    "birth_date",
    "no birth date (another ID type without one): age rules cannot be checked",
    "birth_date",
    name="eligibility.age_unknown",
)


def age_unknown(f: Facts, rules: MemberRules) -> Hits:
    """``age.unknown``: another ID type without a birth date (where the pack does not require one)."""
    if rules.other_id_needs_gender_and_birth_date:
        return _no_hits(AGE_UNKNOWN)
    return Hits(AGE_UNKNOWN, np.flatnonzero(_other_ids(f) & ~f.members.birth_given), _no_params)


def _below(rule: Rule, p: Params, column: str | None, why: Explanation | None) -> Finding:
    return below_minimum_finding(
        p["age"], p["minimum"], column=column or "出生日期", explanation=why
    )


def _above(rule: Rule, p: Params, column: str | None, why: Explanation | None) -> Finding:
    return above_maximum_finding(
        p["age"], p["maximum"], column=column or "出生日期", explanation=why
    )


BELOW_MINIMUM = Rule(
    "age.below_minimum",
    _E,
    _ages.BELOW_MINIMUM,
    "birth_date",
    "younger than the plan's minimum age on the check date",
    build=_below,
    name="eligibility.age_limits_met",
)
ABOVE_MAXIMUM = Rule(
    "age.above_maximum",
    _E,
    _ages.ABOVE_MAXIMUM,
    "birth_date",
    "older than the plan's maximum age on the check date",
    build=_above,
    name="eligibility.age_limits_met",
)


def _judged(f: Facts) -> npt.NDArray[np.bool_]:
    """Rows the age rules apply to: a person whose birth date is decided."""
    return f.id_valid & f.known_birth


def below_minimum_age(f: Facts, rules: MemberRules) -> Hits:
    """``age.below_minimum``: younger than the plan's minimum age (a birth after the day too)."""
    minimum = rules.age_limits.minimum
    rows = np.flatnonzero(_judged(f) & (f.age < minimum))
    ages = f.age[rows]
    return Hits(BELOW_MINIMUM, rows, lambda j: {"age": int(ages[j]), "minimum": minimum})


def above_maximum_age(f: Facts, rules: MemberRules) -> Hits:
    """``age.above_maximum``: older than the plan's maximum age (for the member's gender)."""
    limits = rules.age_limits
    if limits.maximum is None and limits.maximum_female is None and limits.maximum_male is None:
        return _no_hits(ABOVE_MAXIMUM)
    none = np.iinfo(np.int64).max  # no maximum for that gender
    by_gender = np.array(
        [limits.maximum_for(g.value if g is not None else None) for g in GENDERS], dtype=object
    )
    maxima = np.array([none if m is None else m for m in by_gender], dtype=np.int64)[
        np.clip(f.gender, 0, len(GENDERS) - 1)
    ]
    rows = np.flatnonzero(_judged(f) & (f.age > maxima) & (f.age >= limits.minimum))
    ages, row_maxima = f.age[rows], maxima[rows]
    return Hits(ABOVE_MAXIMUM, rows, lambda j: {"age": int(ages[j]), "maximum": int(row_maxima[j])})


def _over(rule: Rule, p: Params, column: str | None, why: Explanation | None) -> Finding:
    return over_retirement_finding(
        p["age"],
        p["born"],
        p["category"],
        p["material"],
        column=column or "出生日期",
        explanation=why,
    )


OVER_RETIREMENT = Rule(
    "age.over_retirement",
    _M,
    _ages.OVER_RETIREMENT,
    "retired",
    "past the statutory retirement age and not retired: the over-age proof is needed",
    build=_over,
    name="eligibility.over_retirement",
)


def over_retirement_age(f: Facts, rules: MemberRules) -> Hits:
    """``age.over_retirement``: past the statutory retirement age and not retired, where proof is asked."""
    if not rules.over_retirement_needs_proof:
        return _no_hits(OVER_RETIREMENT)
    rows = np.flatnonzero(_judged(f) & f.over_retirement & ~f.members.retired)
    ages, births, genders = f.age[rows], f.birth[rows], f.gender[rows]
    material = rules.over_retirement_material

    def params(j: int) -> Params:
        category = RetirementCategory.MALE if genders[j] == MALE else rules.female_category
        return {
            "age": int(ages[j]),
            "born": births[j].item(),
            "category": category,
            "material": material,
        }

    return Hits(OVER_RETIREMENT, rows, params)


DISPATCHED_PROOF = Rule(
    "member.dispatched_proof",
    _M,
    "非本单位社保/医保在职人员，须补充劳务派遣人员证明",
    "dispatched",
    "a member not on the unit's own social security or medical insurance: proof needed",
    "dispatched",
    name="eligibility.dispatched_proof",
)


def dispatched_proof(f: Facts, rules: MemberRules) -> Hits:
    """``member.dispatched_proof``: not on the unit's own social security, where proof is asked.

    Guangdong (seed 001, 四（五）): 「“非本单位社保/医保在职人员”则需要依据系统提醒，
    分别补充相关材料（…劳务派遣人员证明）」: the proof follows from the member not
    being on the unit's own social security, whether or not the row also flags
    them as dispatched.
    """
    if not rules.dispatched_needs_proof:
        return _no_hits(DISPATCHED_PROOF)
    m = f.members
    rows = np.flatnonzero(f.id_valid & f.known_birth & ~m.own_social_security)
    material = MaterialKind.DISPATCHED_WORKER_PROOF.value
    return Hits(DISPATCHED_PROOF, rows, lambda j: {"material": material})


RISK_CLASS_NOT_OFFERED = Rule(
    "member.risk_class_not_offered",
    _E,
    "{plan}不接受{risk_class}人员",
    "risk_class",
    "the plan does not offer the member's risk class",
    "risk_class",
    name="eligibility.risk_class_offered",
)


def risk_class_not_offered(f: Facts, rules: MemberRules) -> Hits:
    """``member.risk_class_not_offered``: the plan does not take the member's risk class."""
    offered = np.array([r in rules.plan.risk_classes for r in RISK_CLASSES], dtype=bool)
    rows = np.flatnonzero(f.id_valid & f.known_birth & ~offered[f.members.risk_class])
    risks = f.members.risk_class[rows]
    name = rules.plan.name
    return Hits(
        RISK_CLASS_NOT_OFFERED,
        rows,
        lambda j: {"plan": name, "risk_class": RISK_CLASSES[int(risks[j])].label},
    )


UNKNOWN_TIER = Rule(
    "roster.unknown_tier",
    _E,
    "档位“{value}”不存在，可选：{allowed}",
    "tier_code",
    "a row names a tier the plan does not have",
    "tier_code",
)


def unknown_tier(f: Facts, rules: MemberRules) -> Hits:
    """``roster.unknown_tier``: a row names a tier the plan does not have."""
    rows = np.flatnonzero(~f.tier_known)
    named = f.members.tier[rows]
    allowed = "、".join(t.code for t in rules.plan.tiers)
    return Hits(UNKNOWN_TIER, rows, lambda j: {"value": str(named[j]), "allowed": allowed})


SHARES_OUT_OF_RANGE = Rule(
    "roster.shares_out_of_range",
    _E,
    "份数{shares}不在1到{maximum}之间",
    "shares",
    "shares below 1 or above the plan's share limit",
    "shares",
)


def shares_out_of_range(f: Facts, rules: MemberRules) -> Hits:
    """``roster.shares_out_of_range``: a row's own shares below 1 or above the plan's limit."""
    maximum = rules.plan.max_shares
    rows = np.flatnonzero(f.members.shares_given & ((f.shares < 1) | (f.shares > maximum)))
    shares = f.shares[rows]
    return Hits(SHARES_OUT_OF_RANGE, rows, lambda j: {"shares": int(shares[j]), "maximum": maximum})


PLAN_MISMATCH = Rule(
    "roster.plan_mismatch",
    _E,
    "该行的保障计划“{value}”不是本次导入的计划{plan}",
    "plan_code",
    "a row names a plan other than the one being imported",
    "plan_code",
)


def plan_mismatch_finding(value: str, plan: str, **params: Any) -> Finding:
    """``roster.plan_mismatch`` for a row naming plan ``value`` in a roster of ``plan``.

    >>> plan_mismatch_finding("LY-ACC-2026", "LY-HOSP-2026").message
    '该行的保障计划“LY-ACC-2026”不是本次导入的计划LY-HOSP-2026'
    """
    return PLAN_MISMATCH.finding({"value": value, "plan": plan, **params}, None, None)


def unknown_tier_finding(value: str, allowed: str, **params: Any) -> Finding:
    """``roster.unknown_tier`` for a row naming tier ``value`` (``allowed``: the plan's tiers)."""
    return UNKNOWN_TIER.finding({"value": value, "allowed": allowed, **params}, None, None)


def shares_out_of_range_finding(shares: int, maximum: int, **params: Any) -> Finding:
    """``roster.shares_out_of_range`` for ``shares`` outside 1 to ``maximum``."""
    return SHARES_OUT_OF_RANGE.finding({"shares": shares, "maximum": maximum, **params}, None, None)


#: The rules, in the order a row's findings are reported.
RULES: Final = (
    ID_FORMAT,
    ID_BIRTH_DATE,
    ID_CHECKSUM,
    ID_NUMERIC_CELL,
    ID_UNKNOWN_DIVISION,
    GENDER_MISMATCH,
    BIRTH_DATE_MISMATCH,
    GENDER_REQUIRED,
    BIRTH_DATE_REQUIRED,
    AGE_UNKNOWN,
    BELOW_MINIMUM,
    ABOVE_MAXIMUM,
    OVER_RETIREMENT,
    DISPATCHED_PROOF,
    RISK_CLASS_NOT_OFFERED,
    UNKNOWN_TIER,
    SHARES_OUT_OF_RANGE,
)
#: The rule functions, in :data:`RULES` order.
DECIDE: Final = (
    id_format,
    id_birth_date,
    id_checksum,
    id_numeric_cell,
    id_unknown_division,
    gender_mismatch,
    birth_date_mismatch,
    gender_required,
    birth_date_required,
    age_unknown,
    below_minimum_age,
    above_maximum_age,
    over_retirement_age,
    dispatched_proof,
    risk_class_not_offered,
    unknown_tier,
    shares_out_of_range,
)
RULE_BY_CODE: Final = {r.code: r for r in (*RULES, PLAN_MISMATCH)}
#: Every code defined here (the roster's plan cell check included), for the catalogue.
CATALOGUED: Final = (*RULES, PLAN_MISMATCH)
#: The codes the core's ``mutualaid_member_findings`` answers (a pack's own hook may too).
ELIGIBILITY_CODES: Final = frozenset(
    r.code
    for r in (
        ID_UNKNOWN_DIVISION,
        GENDER_REQUIRED,
        BIRTH_DATE_REQUIRED,
        AGE_UNKNOWN,
        BELOW_MINIMUM,
        ABOVE_MAXIMUM,
        OVER_RETIREMENT,
        DISPATCHED_PROOF,
        RISK_CLASS_NOT_OFFERED,
    )
)
_ = IdType  # the ID types' codes are ID_TYPES' indexes
