"""Masking of personal data (mutualaid.privacy)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.ids import parse_resident_id
from mutualaid.privacy import mask_account, mask_id_number, mask_mobile, mask_text
from strategies.ids import valid_mobiles, valid_resident_ids


@given(st.text(max_size=60), st.integers(0, 10), st.integers(0, 10))
def test_mask_text_hides_at_least_a_third_and_shows_only_the_ends(
    value: str, keep_start: int, keep_end: int
) -> None:
    masked = mask_text(value, keep_start, keep_end)
    assert len(masked) == len(value)
    if masked != "*" * len(value):
        hidden = len(value) - keep_start - keep_end
        assert hidden >= max(1, len(value) // 3)
        assert masked == value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


@pytest.mark.parametrize("value", ["a", "ab", "abc", "abcd"])
def test_short_values_are_starred_in_full(value: str) -> None:
    assert mask_text(value, 2, 2) == "*" * len(value)
    assert mask_text("abcde", 2, 2) == "ab*de"  # one of five hidden: a third, rounded down


@given(valid_resident_ids())
def test_masked_resident_id_hides_the_birth_date(number: str) -> None:
    masked = mask_id_number(number)
    assert masked == number[:6] + "*" * 8 + number[14:]
    assert number[6:14] not in masked
    assert number not in repr(parse_resident_id(number)) + str(parse_resident_id(number))


@given(valid_resident_ids(born=st.dates(date(1900, 1, 1), date(1999, 12, 31))))
def test_masked_fifteen_digit_number_hides_the_birth_date(number: str) -> None:
    legacy = number[:6] + number[8:17]
    masked = mask_id_number(legacy)
    assert masked == legacy[:6] + "******" + legacy[12:]


@given(valid_resident_ids(), st.sampled_from([" ", "\t", "\u3000"]))
def test_odd_spacing_still_hides_the_birth_date(number: str, space: str) -> None:
    spaced = f"{number[:6]}{space}{number[6:14]}{space}{number[14:]}"
    masked = mask_id_number(spaced)
    assert number[6:14] not in masked
    assert len(masked) == len(spaced)


def test_other_id_types_keep_two_and_two() -> None:
    assert mask_id_number("E12345678") == "E1*****78"
    assert mask_id_number("H0123456701") == "H0*******01"


@given(valid_mobiles(), st.sampled_from(["{}", "+86 {}", "86{}", "{} "]))
def test_masked_mobile_keeps_three_and_four(number: str, template: str) -> None:
    masked = mask_mobile(template.format(number))
    assert masked == number[:3] + "****" + number[7:]
    assert number[3:7] not in masked[3:7]


def test_mobile_examples() -> None:
    assert mask_mobile("139 1234 5678") == "139****5678"
    assert mask_mobile("+86 139 1234 5678") == "139****5678"
    assert mask_mobile("5678") == "****"


def test_account_examples() -> None:
    assert mask_account("6222 0212 3456 7890 123") == "6222***********0123"
    assert mask_account("1234567890") == "**********"  # 4 + 4 kept would hide too little
    assert mask_account("123456789012") == "1234****9012"


@pytest.mark.parametrize("mask", [mask_id_number, mask_mobile, mask_account])
def test_empty_and_none_give_empty_text(mask: object) -> None:
    assert callable(mask)
    assert mask(None) == ""
    assert mask("") == ""
