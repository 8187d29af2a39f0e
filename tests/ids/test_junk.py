"""Junk robustness: every identifier function fails cleanly on any input."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import InvalidIdentifier
from mutualaid.ids import (
    is_valid_mobile,
    is_valid_org_code,
    is_valid_resident_id,
    is_valid_uscc,
    mobile,
    org_code,
    parse_resident_id,
    resident_id,
    uscc,
    validate_mobile,
    validate_org_code,
    validate_resident_id,
    validate_uscc,
)

JUNK: list[object] = [
    None,
    "",
    " ",
    "\u3000",
    12345,
    110105194912310021,
    13912345678,
    1.5e17,
    Decimal("11010519491231002"),
    b"11010519491231002X",
    ["11010519491231002X"],
    object(),
    "😀",
    "😀" * 18,
    "１" * 18,
    "x" * 18,
    "1" * 10_000,
    "110105194912310" + "😀" * 3,
    "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits: isdigit() but not ASCII
    "11010519491231002²",
    "110105\x0019491231002X",
    "-" * 9,
    "+",
    "+86",
    "0086",
]

IS_VALID: list[Callable[[object], bool]] = [
    is_valid_resident_id,
    is_valid_uscc,
    is_valid_org_code,
    is_valid_mobile,
]
RAISING: list[Callable[[object], object]] = [
    parse_resident_id,
    validate_resident_id,
    validate_uscc,
    validate_org_code,
    validate_mobile,
]


@pytest.mark.parametrize("value", JUNK, ids=repr)
@pytest.mark.parametrize("is_valid", IS_VALID)
def test_is_valid_says_false(is_valid: Callable[[object], bool], value: object) -> None:
    assert is_valid(value) is False


@pytest.mark.parametrize("value", JUNK, ids=repr)
@pytest.mark.parametrize("validate", RAISING)
def test_validate_raises_only_invalid_identifier(
    validate: Callable[[object], object], value: object
) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        validate(value)
    err = caught.value
    assert err.hint
    assert len(str(err)) < 300  # long input is not echoed into logs
    if isinstance(value, str) and len(value) >= 6:
        assert value not in str(err)


@given(
    st.one_of(st.text(), st.text("0123456789Xx -＋+８６", max_size=20), st.integers(), st.none())
)
def test_any_input_never_escapes_the_error_tree(value: object) -> None:
    for module in (resident_id, uscc, org_code, mobile):
        valid = module.is_valid(value)
        try:
            normalized = module.validate(value)
        except InvalidIdentifier:
            assert valid is False
        else:
            assert valid is True
            assert module.validate(normalized) == normalized
            assert module.compact(module.format(normalized)) == normalized
