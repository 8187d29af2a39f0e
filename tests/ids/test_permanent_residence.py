"""The 2023 foreigners' permanent residence ID number (issue 12, item 17)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import InvalidChecksum, InvalidComponent, InvalidIdentifier
from mutualaid.ids import (
    is_valid_permanent_residence_id,
    parse_resident_id,
    permanent_residence,
    validate_permanent_residence_id,
)
from mutualaid.model import IdType
from mutualaid.privacy import mask_id_number, mask_message
from strategies.ids import resident_id_check, valid_resident_ids

numbers = st.from_regex(r"\A9[0-9]{16}\Z").map(lambda first17: first17 + resident_id_check(first17))


@given(numbers)
def test_every_number_with_9_and_the_gb11643_check_is_accepted(number: str) -> None:
    assert validate_permanent_residence_id(number) == number
    assert validate_permanent_residence_id(" ".join(number).lower()) == number
    assert permanent_residence.format(number).replace(" ", "") == number


@given(numbers, st.integers(0, 16), st.integers(1, 9))
def test_one_wrong_digit_is_caught(number: str, position: int, shift: int) -> None:
    digit = str((int(number[position]) + shift) % 10)
    wrong = number[:position] + digit + number[position + 1 :]
    if position == 0:
        with pytest.raises(InvalidIdentifier):
            validate_permanent_residence_id(wrong)
    else:
        with pytest.raises(InvalidChecksum):
            validate_permanent_residence_id(wrong)


@given(valid_resident_ids())
def test_a_resident_id_is_not_a_permanent_residence_id(number: str) -> None:
    with pytest.raises(InvalidComponent, match="居民身份证"):
        validate_permanent_residence_id(number)
    assert not is_valid_permanent_residence_id(number)


@given(numbers)
def test_as_a_resident_id_the_error_names_the_right_id_type(number: str) -> None:
    with pytest.raises(InvalidComponent, match="外国人永久居留身份证"):
        parse_resident_id(number)


@given(numbers)
def test_masked_like_a_resident_id(number: str) -> None:
    assert mask_id_number(number) == number[:6] + "*" * 8 + number[14:]
    assert number not in mask_message(f"证件号码{number}重复")


def test_the_id_type_and_its_labels() -> None:
    kind = IdType.from_label("外国人永久居留身份证")
    assert kind is IdType.FOREIGN_PERMANENT_RESIDENCE
    assert IdType.from_label("永居证") is kind
    assert not kind.carries_birth_date  # the roster gives birth date and gender
