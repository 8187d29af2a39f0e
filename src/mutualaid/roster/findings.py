"""The roster layer's finding codes: one catalogue, one message template each.

A roster check reports what it finds as :class:`~mutualaid.rules.findings.Finding`
values (a stable English ``code``, a :class:`~mutualaid.rules.findings.Severity`,
the column's Chinese header, a Chinese message and the facts behind it in
``params``). This module lists the codes the roster layer itself emits (headers and
cells), with their severity and message template, and the member rules'
codes from where they are defined, beside their rules
(:mod:`mutualaid.rules.columnar.eligibility`), so every finding of one kind
reads the same and docs/findings.md can document them all.

>>> f = make("id.checksum", column="证件号码", row=7)
>>> f.code, f.severity.value, f.row, f.column
('id.checksum', 'error', 7, '证件号码')
>>> f.message
'证件号码末位校验码不正确，请对照身份证重新输入'
>>> make("age.above_maximum", column="证件号码", age=66, maximum=65).message
'年龄66周岁，超过本计划的最高参保年龄65周岁'
>>> CATALOGUE["age.over_retirement"].severity.value
'needs_material'
>>> sorted(CATALOGUE) == sorted(set(CATALOGUE))
True

Rule packs add codes of their own under their name (``yiyang.something``);
they reach a roster report through the pack's hooks, unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from mutualaid.privacy import mask_message
from mutualaid.rules.columnar.eligibility import CATALOGUED
from mutualaid.rules.defaults.application import COUNT_MISMATCH
from mutualaid.rules.defaults.roster import EMPTY, ROW_LIMIT, TIER_MIXED
from mutualaid.rules.explain import Explanation
from mutualaid.rules.findings import Finding, Severity

__all__ = ["CATALOGUE", "CodeInfo", "make"]

_E = Severity.ERROR
_M = Severity.NEEDS_MATERIAL
_W = Severity.WARNING


@attrs.frozen
class CodeInfo:
    """What one roster finding code means.

    :param code: the stable dotted code.
    :param severity: its severity (a pack may report the same code otherwise).
    :param template: the Chinese message, ``str.format`` placeholders filled
        from the finding's params.
    :param description: what it means, in English (for docs and logs).
    :param scope: ``"row"`` (about one row), ``"roster"`` (the file or the
        whole roster) or ``"header"`` (the header row).
    """

    code: str
    severity: Severity
    template: str
    description: str
    scope: str = "row"


def _info(*items: tuple[str, Severity, str, str, str]) -> Mapping[str, CodeInfo]:
    # the member rules' codes are defined once, beside their rules in the evaluator
    member = [(r.code, r.severity, r.template, r.description, "row") for r in CATALOGUED]
    return MappingProxyType(
        {c: CodeInfo(c, s, t, d, scope) for c, s, t, d, scope in (*items, *member)}
    )


#: Every code the roster layer emits, by code.
CATALOGUE: Mapping[str, CodeInfo] = _info(
    # header row
    (
        "header.missing_column",
        _E,
        "表头缺少必填列：{missing}",
        "the header row lacks a required column; no row can be read",
        "header",
    ),
    (
        "header.duplicate_column",
        _W,
        "有多列都是“{column}”，只读取了第一列",
        "two columns name the same field; the first one is read",
        "header",
    ),
    # what the file readers notice (mutualaid.roster.readers)
    (
        "file.error_value",
        _W,
        "{column}单元格是错误值{value}，按空白读取",
        "an Excel error value (#N/A, #SPILL!...) in a cell below the header: read as empty",
        "row",
    ),
    (
        "file.not_a_number",
        _W,
        "本行有单元格的数值无法读取（非数字或超出范围），按空白读取",
        "a number cell holding NaN, an infinity or a number too long for a double: read as empty",
        "row",
    ),
    (
        "file.notes_row",
        _W,
        "本行是表尾的备注、合计或签字行，未作为职工读取",
        "a notes, totals or signature row below the data (注：, 合计, 制表人...): not a member",
        "row",
    ),
    (
        "file.stray_quote",
        _E,
        '第{row}行有一个未配对的引号（"），其后{count}行被并入了同一格；已按行拆开读取，请删除该引号后重新导入',
        "a CSV quote that is never closed swallowed the following lines; they are read one row each",
        "row",
    ),
    (
        "file.swallowed_row",
        _W,
        "本行曾被第{start}行未配对的引号并入上一格，已按单独一行读取，请核对",
        "a CSV row that a stray quote on an earlier row had swallowed, read again on its own",
        "row",
    ),
    # cells
    ("field.required", _E, "{column}不能为空", "a required cell is empty", "row"),
    (
        "field.invalid_choice",
        _E,
        "{column}“{value}”不是可选值，请填写：{allowed}",
        "a closed-list cell (ID type, gender, yes/no, ...) holds another value",
        "row",
    ),
    (
        "field.invalid_date",
        _E,
        "{column}“{value}”不是日期，请写成1990-01-02",
        "a date cell cannot be read as a date",
        "row",
    ),
    (
        "field.invalid_number",
        _E,
        "{column}“{value}”不是整数",
        "a count cell (shares) is not a whole number",
        "row",
    ),
    # ID numbers
    (
        "id.duplicate",
        _E,
        "证件号码与{where}第{first_row}行重复",
        "the same person (ID type and number) is on the roster twice",
        "row",
    ),
    # member facts
    (
        "phone.format",
        _E,
        "手机号码“{value}”不正确：须为1开头的11位数字",
        "not a mainland mobile number (the value is masked)",
        "row",
    ),
    # eligibility
    # plan, tier, shares per row
    # the roster as a whole
    # the roster as a whole: the messages are the roster rules' (rules.defaults)
    (
        "roster.row_limit",
        _W,  # 建议不超过 (Yiyang 2(五)): a suggestion per import, never a block
        ROW_LIMIT,
        "more rows than one import may hold",
        "roster",
    ),
    ("roster.empty", _E, EMPTY, "the roster has no member rows", "roster"),
    (
        "roster.tier_mixed",
        _E,
        TIER_MIXED,
        "rows of one plan use different tiers where the unit may choose only one",
        "roster",
    ),
    (
        "roster.count_mismatch",
        _E,
        COUNT_MISMATCH,
        "the number of members going through differs from the declared headcount",
        "roster",
    ),
)


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def make(
    code: str,
    *,
    column: str | None = None,
    field: str | None = None,
    row: int | None = None,
    severity: Severity | None = None,
    explanation: Explanation | None = None,
    **params: Any,
) -> Finding:
    """A finding of a catalogued ``code``, its message filled from ``params``.

    ``column`` is also available to the template. ``severity`` overrides the
    catalogue's (e.g. ``roster.count_mismatch`` as a warning).

    >>> make("field.required", column="姓名", row=4).message
    '姓名不能为空'
    >>> make("no.such_code")
    Traceback (most recent call last):
    ...
    KeyError: 'no.such_code'
    """
    info = CATALOGUE[code]
    for key, value in params.items():
        if isinstance(value, str):  # a cell quoted in a message may hold an ID or a mobile
            params[key] = mask_message(value)
    message = info.template.format_map(_Params(params, column=column or ""))
    return Finding(
        code, severity or info.severity, message, column, field, params, explanation, row
    )
