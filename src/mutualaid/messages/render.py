"""Filling the texts in the chosen language: a finding's, a command-line line's, an error's.

>>> finding_text("age.above_maximum", "年龄66周岁，超过本计划的最高参保年龄65周岁",
...              {"age": 66, "maximum": 65}, "en")
"Aged 66, over the plan's maximum age of 65"
>>> finding_text("age.above_maximum", "年龄66周岁，超过本计划的最高参保年龄65周岁", {}, "zh")
'年龄66周岁，超过本计划的最高参保年龄65周岁'
>>> finding_text("field.required", "证件号码不能为空", {}, "en", column="证件号码", field="id_number")
'ID number is required'
>>> finding_text("member.gender_mismatch", "…", {"given": "女", "expected": "男"}, "en")
'Gender “女” does not match the ID number (which says male)'
>>> say("check.amount_due", "en", amount="60.00", members=1)
'Amount due: 60.00 yuan for 1 member(s)'
>>> say("check.amount_due", "zh", amount="60.00", members=1)
'应缴金额：60.00元，共1人'

Since 0.1.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

from mutualaid.messages.english import FIELDS, FINDINGS, KEPT, VALUES
from mutualaid.messages.language import Lang
from mutualaid.messages.lines import ERRORS, LINES

__all__ = ["NO_ENGLISH", "english_value", "error_summary", "finding_text", "say"]

#: The English of a code no catalogue knows (a third-party pack's): the code is shown beside it.
NO_ENGLISH = "(no English text for this code yet)"

#: A statutory retirement age as its label writes it: ``63岁`` or ``60岁3个月``.
_AGE = re.compile(r"([0-9]+)岁(?:([0-9]+)个月)?")


def english_value(value: object) -> object:
    """A param's value for the English text: closed-list labels and ages put into English.

    >>> english_value("居民身份证"), english_value("60岁3个月"), english_value("男、女")
    ('resident ID card', '60 years 3 months', 'male, female')
    >>> english_value(65), english_value("张三")
    (65, '张三')
    """
    if isinstance(value, str):
        known = VALUES.get(value)
        if known is not None:
            return known
        age = _AGE.fullmatch(value)
        if age is not None:
            years, months = age.groups()
            return f"{years} years {months} months" if months else f"{years} years"
        if "、" in value:
            return ", ".join(str(english_value(part)) for part in value.split("、"))
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(str(english_value(v)) for v in value)
    return value


@functools.cache
def _placeholders(template: str) -> tuple[str, ...]:
    """The placeholder names of ``template`` (read once per template)."""
    return tuple({name for _, name, _, _ in string.Formatter().parse(template) if name})


def finding_text(
    code: str,
    message: str,
    params: Mapping[str, Any],
    lang: Lang,
    *,
    column: str | None = None,
    field: str | None = None,
    row: int | None = None,
) -> str:
    """A finding's text in ``lang``: its Chinese ``message`` as given, or the English of its code.

    The English template (:data:`~mutualaid.messages.english.FINDINGS`) is
    filled from ``params`` through :func:`english_value`; ``{column}`` is the
    field's English name when ``field`` is a canonical one, else ``column``;
    ``{row}`` is ``row`` unless the params give one.
    A code with no English gives :data:`NO_ENGLISH`.
    """
    if lang == "zh":
        return message
    template = FINDINGS.get(code)
    if template is None:
        return NO_ENGLISH
    values: dict[str, Any] = {}
    for name in _placeholders(template):
        if name == "column":
            named = FIELDS.get(field) if field is not None else None
            values[name] = named or column or ""
        elif params.get(name) is not None:
            value = params[name]
            values[name] = value if name in KEPT else english_value(value)
        elif name == "row" and row is not None:
            values[name] = row
        else:  # a param the finding lacks (or does not know: None)
            values[name] = "…"
    return template.format_map(values)


def say(key: str, lang: Lang, **values: object) -> str:
    """The command-line line ``key`` in ``lang``, filled from ``values``."""
    zh, en = LINES[key]
    return (zh if lang == "zh" else en).format(**values)


def error_summary(kinds: Iterable[str], lang: Lang) -> str:
    """What went wrong, in ``lang``, for an error whose classes are ``kinds`` (most specific first).

    >>> error_summary(["UnknownPlan", "PackError", "MutualAidError"], "zh")
    '没有这个保障计划（用 mutualaid packs 查看各规则包的保障计划）'
    >>> error_summary(["SomethingNew", "MutualAidError"], "en")
    'error'
    """
    for kind in kinds:
        known = ERRORS.get(kind)
        if known is not None:
            return known[0] if lang == "zh" else known[1]
    return ERRORS["MutualAidError"][0 if lang == "zh" else 1]
