"""One masking rule for messages: no full ID number or mobile in any error or finding.

docs/privacy.md: "no personal data (ID numbers, mobiles, accounts) in any repr,
message, log or default export". Every error class of the tree and every
finding code of the catalogues is made here with resident IDs, permanent
residence IDs and mobiles, written every way people write them, in every
place a value can sit (message, hint, location, details, template
parameters), and its ``str``, ``repr`` and JSON are searched for the full
number.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import string
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mutualaid
from mutualaid.errors import Location, MutualAidError
from mutualaid.privacy import mask_message
from mutualaid.roster.findings import CATALOGUE, make
from mutualaid.rules.findings import CODES, Finding, Severity
from strategies.ids import resident_id_check, written_mobiles, written_resident_ids

_NORMALIZE = {0xFF10 + i: ord("0") + i for i in range(10)} | {
    ord("x"): "X",
    0xFF38: "X",
    0xFF58: "X",
    **{ord(ch): None for ch in " \t\n\r\v\f\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff"},
    **{ord(ch): None for ch in "-\u2010\u2011\u2012\u2013\u2014\uff0d+\uff0b"},
}


def _shown(text: str) -> str:
    """What a reader could piece a number together from: digits without separators."""
    return text.translate(_NORMALIZE)


@st.composite
def permanent_residence_ids(draw: st.DrawFn) -> tuple[str, str]:
    """2023 foreigners' permanent residence ID numbers: 9, province, nationality, birth date..."""
    province = draw(st.sampled_from(["11", "31", "44", "53"]))
    nationality = draw(st.sampled_from(["156", "840", "392", "410", "276"]))
    born = draw(st.dates(date(1900, 1, 1), date(2025, 12, 31))).strftime("%Y%m%d")
    first17 = "9" + province + nationality + born + draw(st.from_regex(r"\A[0-9]{3}\Z"))
    number = first17 + resident_id_check(first17)
    return draw(st.sampled_from([number, number.lower(), " ".join(number)])), number


personal = st.one_of(written_resident_ids(), written_mobiles(), permanent_residence_ids())
_GLUE = "0123456789+\uff0b xX_/" + "".join(
    chr(c) for c in _NORMALIZE if c > 127 or chr(c) in "-\t\n\r\v\f"
)
#: Text around the number: anything, including digits that lengthen its run.
around = st.text(max_size=12)


def _letter_before(text: str) -> bool:
    last = text.rstrip(_GLUE)[-1:]
    return last.isascii() and last.isalpha() and last not in "Xx"


@st.composite
def carrying(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text holding one to three personal numbers among other text, and the numbers."""
    parts: list[str] = [draw(around)]
    numbers: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        written, number = draw(personal)
        if _letter_before(parts[-1]):
            # The documented limit: digits after a Latin letter are a code (JF1854...)
            # unless they have an ID's or a mobile's shape; keep the number apart.
            parts.append("，")
        parts += [written, draw(around)]
        numbers.append(number)
    return "".join(parts), numbers


def _assert_hidden(numbers: list[str], *outputs: str) -> None:
    for output in outputs:
        shown = _shown(output)
        for number in numbers:
            assert number not in shown, (number, output)


def _error_classes() -> list[type[MutualAidError]]:
    for info in pkgutil.walk_packages(mutualaid.__path__, "mutualaid."):
        if not info.name.startswith(("mutualaid.notebook", "mutualaid.cli.__main__")):
            importlib.import_module(info.name)
    found: list[type[MutualAidError]] = []
    todo: list[type[MutualAidError]] = [MutualAidError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: (c.__module__, c.__qualname__))


ERROR_CLASSES = _error_classes()


def test_every_error_class_is_found() -> None:
    assert len(ERROR_CLASSES) >= 25


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=15, deadline=None)
@given(st.lists(carrying(), min_size=8, max_size=8))
def test_no_error_class_shows_a_full_number(
    cls: type[MutualAidError], texts: list[tuple[str, list[str]]]
) -> None:
    numbers = [n for _, found in texts for n in found]
    (message, hint, file, sheet, column, field, value, listed) = (t for t, _ in texts)
    err = cls(
        message,
        location=Location(file=file, sheet=sheet, row=7, column=column, field=field),
        hint=hint,
        value=value,
        errors=[("members[0].id_number", listed)],
    )
    details = json.dumps(err.details, ensure_ascii=False, default=str)
    _assert_hidden(numbers, str(err), repr(err), err.message, *map(str, err.args), details)
    # a location filled in later is masked when printed too
    _assert_hidden(numbers, str(err.with_location(Location(file=file, column=column))))


def _placeholders(template: str) -> list[str]:
    return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})


def _json(f: Finding) -> str:
    data: dict[str, Any] = {
        "code": f.code,
        "severity": f.severity.value,
        "column": f.column,
        "message": f.message,
    }
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("code", sorted(CATALOGUE), ids=str)
@settings(max_examples=10, deadline=None)
@given(texts=st.lists(carrying(), min_size=1, max_size=6))
def test_no_roster_finding_shows_a_full_number(
    code: str, texts: list[tuple[str, list[str]]]
) -> None:
    names = _placeholders(CATALOGUE[code].template)
    own = ("column", "row")  # make() takes these itself (file.stray_quote names its row)
    params = {name: texts[i % len(texts)][0] for i, name in enumerate(names) if name not in own}
    used = [texts[i % len(texts)] for i, name in enumerate(names) if name not in own]
    numbers = [n for _, found in used for n in found]
    f = make(code, column="证件号码", row=3, **params)
    _assert_hidden(numbers, f.message, str(f), repr(f), _json(f))


@pytest.mark.parametrize("code", sorted(CODES), ids=str)
@settings(max_examples=10, deadline=None)
@given(st.sampled_from(list(Severity)), carrying())
def test_no_core_finding_shows_a_full_number(
    code: str, severity: Severity, text: tuple[str, list[str]]
) -> None:
    message, numbers = text
    f = Finding.of(severity, code, message, column="姓名")
    _assert_hidden(numbers, f.message, str(f), repr(f), _json(f), str(f.at_row(9)))


@given(st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=80))
def test_text_without_digits_is_unchanged(text: str) -> None:
    assert mask_message(text) == text


@given(st.lists(st.integers(0, 10**10 - 1), max_size=5), st.text("，、 岁元行列", max_size=3))
def test_short_numbers_are_unchanged(values: list[int], sep: str) -> None:
    """Amounts, ages, row numbers (up to 10 digits) stay as they are, when not run together."""
    text = "，".join(f"第{v}行" for v in values) + sep
    assert mask_message(text) == text
