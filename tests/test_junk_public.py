"""Every public function of the value layer and serialization raises only the library's errors.

Issue 12, item 7: ``yuan("1e1000000")`` raised ``decimal.Overflow``, 5,000-digit
integers ``ValueError``, ``serialization.validate`` on deep data
``RecursionError``, ``parse_resident_id(x, on=datetime(...))`` ``TypeError``.
Here each public parser gets text, bytes, huge numbers, deep structures and
wrong types, and anything that escapes must be a
:class:`~mutualaid.errors.MutualAidError` (those that describe bad values are
also ``ValueError``, by design).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid import dates, money, privacy, retirement
from mutualaid.celltext import unwritable_count, writable_text
from mutualaid.errors import MutualAidError
from mutualaid.ids import divisions, mobile, org_code, permanent_residence, resident_id, uscc
from mutualaid.model import Member, Policy
from mutualaid.retirement import RetirementCategory
from mutualaid.serialization import from_data, schema_names, validate


def _deep(levels: int, leaf: object = 1) -> object:
    data: object = leaf
    for i in range(levels):
        data = [data] if i % 2 else {"a": data}
    return data


SPECIAL: list[object] = [
    "1e1000000",
    "-1e1000000",
    "1e-1000000",
    "9" * 5000,
    "1" * 100_000,
    "NaN",
    "sNaN",
    "-Infinity",
    "1_000",
    "\x00",
    "١٢٣٤",
    "11010519491231002X",
    "\ud800",
    10**5000,
    -(10**5000),
    2**64,
    Decimal("1e999999"),
    Decimal("-1e-999999"),
    Decimal("sNaN"),
    Decimal("9" * 5000),
    float("nan"),
    float("inf"),
    1e308,
    datetime(2026, 1, 1, 12, 0),
    date.min,
    date.max,
    _deep(5000),
    _deep(100, "x"),
    [None] * 3,
    {"a": 1},
    b"\xff\xfe",
    object(),
    RetirementCategory.MALE,
]

junk: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(),
    st.binary(max_size=20),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.none(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.recursive(
        st.none() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=20,
    ),
)

ON = date(2026, 1, 1)
BORN = date(1965, 5, 1)

#: Each public parser, called with one junk value (or two for two-argument functions).
ONE: dict[str, Callable[[Any], object]] = {
    "money.yuan": money.yuan,
    "money.format_yuan": money.format_yuan,
    "money.total": money.total,
    "money.total(list)": lambda x: money.total([x, "1"]),
    "money.multiply(amount)": lambda x: money.multiply(x, 3),
    "money.multiply(factor)": lambda x: money.multiply("60", x),
    "money.allocate(amount)": lambda x: money.allocate(x, [1, 2]),
    "money.allocate(weights)": lambda x: money.allocate("100", x),
    "money.allocate(weight)": lambda x: money.allocate("100", [1, x]),
    "dates.parse_date_text": dates.parse_date_text,
    "dates.from_excel_serial": dates.from_excel_serial,
    "dates.require_date": lambda x: dates.require_date(x, "on"),
    "dates.month_index": dates.month_index,
    "dates.last_day_of_month": dates.last_day_of_month,
    "dates.day_after": dates.day_after,
    "dates.add_months(d)": lambda x: dates.add_months(x, 1),
    "dates.add_months(months)": lambda x: dates.add_months(ON, x),
    "dates.add_years_months": lambda x: dates.add_years_months(ON, x, x),
    "dates.age_on(birth)": lambda x: dates.age_on(x, ON),
    "dates.age_on(on)": lambda x: dates.age_on(BORN, x),
    "dates.age_in_years": lambda x: dates.age_in_years(BORN, x),
    "retirement.statutory_retirement_age(birth)": lambda x: retirement.statutory_retirement_age(
        x, RetirementCategory.MALE
    ),
    "retirement.statutory_retirement_age(category)": lambda x: retirement.statutory_retirement_age(
        BORN, x
    ),
    "retirement.statutory_retirement_date": lambda x: retirement.statutory_retirement_date(
        x, RetirementCategory.FEMALE_50
    ),
    "retirement.flexible_retirement_window": lambda x: retirement.flexible_retirement_window(
        BORN, x
    ),
    "retirement.is_over_retirement_age(on)": lambda x: retirement.is_over_retirement_age(
        BORN, RetirementCategory.MALE, x
    ),
    "retirement.category_for": retirement.category_for,
    "retirement.category_for(female_category)": lambda x: retirement.category_for(
        "female", female_category=x
    ),
    "privacy.mask_message": privacy.mask_message,
    "privacy.mask_id_number": privacy.mask_id_number,
    "privacy.mask_mobile": privacy.mask_mobile,
    "privacy.mask_account": privacy.mask_account,
    "privacy.masked_data": privacy.masked_data,
    "privacy.quoted": privacy.quoted,
    "serialization.validate": lambda x: validate("application", x),
    "serialization.validate(member)": lambda x: validate(schema_names()[-1], {"member": x}),
    "serialization.from_data(Member)": lambda x: from_data(Member, x),
    "serialization.from_data(Policy)": lambda x: from_data(Policy, {"members": x}),
}
for module in (resident_id, permanent_residence, mobile, uscc, org_code):
    short = module.__name__.rsplit(".", 1)[1]
    for name in ("compact", "validate", "is_valid", "format", "check_digit"):
        if hasattr(module, name):
            ONE[f"ids.{short}.{name}"] = getattr(module, name)
ONE["ids.resident_id.parse"] = resident_id.parse
ONE["ids.resident_id.parse(on)"] = lambda x: resident_id.parse("11010519491231002X", on=x)
ONE["ids.resident_id.is_valid(on)"] = lambda x: resident_id.is_valid("11010519491231002X", on=x)
ONE["ids.uscc.organization_code"] = uscc.organization_code
ONE["ids.mobile.is_normalized"] = mobile.is_normalized
ONE["ids.divisions.is_known_division"] = divisions.is_known_division
ONE["ids.divisions.is_known_division(on)"] = lambda x: divisions.is_known_division("110105", on=x)
ONE["ids.divisions.division_years"] = divisions.division_years

#: Functions typed to take text only: called with text (any code point) only.
TEXT_ONLY: dict[str, Callable[[str], object]] = {
    "celltext.writable_text": writable_text,
    "celltext.unwritable_count": unwritable_count,
}


def _only_library_errors(call: Callable[[Any], object], value: object) -> None:
    with contextlib.suppress(MutualAidError):
        call(value)


@pytest.mark.parametrize("name", sorted(ONE))
@settings(max_examples=40, deadline=None)
@given(value=junk)
def test_only_library_errors_escape(name: str, value: object) -> None:
    _only_library_errors(ONE[name], value)


@pytest.mark.parametrize("name", sorted(ONE))
@pytest.mark.parametrize("value", SPECIAL, ids=lambda v: type(v).__name__)
def test_only_library_errors_escape_on_the_known_attacks(name: str, value: object) -> None:
    _only_library_errors(ONE[name], value)


@pytest.mark.parametrize("name", sorted(TEXT_ONLY))
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)))
def test_text_functions_take_any_code_point(name: str, text: str) -> None:
    _only_library_errors(TEXT_ONLY[name], text)


def test_the_reported_cases() -> None:
    """The four calls named in the issue, one by one."""
    for call in (
        lambda: money.yuan("1e1000000"),
        lambda: money.multiply("1", Decimal("1e999999")),
        lambda: money.allocate("1", [Decimal("1e999999")]),
        lambda: money.format_yuan("1e1000000"),
        lambda: money.total(["1e1000000"]),
        lambda: validate("application", _deep(100_000)),
        lambda: resident_id.parse("11010519491231002X", on=datetime(2026, 1, 1)),
    ):
        with pytest.raises(MutualAidError):
            call()
