"""Mainland mobile numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import InvalidComponent, InvalidFormat, InvalidIdentifier, InvalidLength
from mutualaid.ids import is_valid_mobile, mobile, validate_mobile
from strategies.ids import valid_mobiles


@pytest.mark.parametrize(
    "text",
    [
        "13912345678",
        "139 1234 5678",
        "139-1234-5678",
        "+86 139 1234 5678",
        "＋８６ １３９１２３４５６７８",
        "(+86)13912345678",
        "8613912345678",
        "0086 13912345678",
        "１３９\u3000１２３４\u00a05678",
    ],
)
def test_normalization(text: str) -> None:
    assert validate_mobile(text) == "13912345678"


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("1391234567", InvalidLength, "length is 10, not 11"),
        ("139123456789", InvalidLength, "length is 12"),
        ("87 13912345678", InvalidLength, "length is 13"),
        ("1391234567a", InvalidFormat, "character 11 must be a digit"),
        ("12912345678", InvalidComponent, "12 is not a mobile prefix"),
        ("01012345678", InvalidComponent, "prefix"),
        ("861291234567", InvalidLength, "length is 12"),
    ],
)
def test_errors(text: str, error: type[InvalidIdentifier], words: str) -> None:
    with pytest.raises(error, match=words) as caught:
        validate_mobile(text)
    assert caught.value.hint
    assert text not in str(caught.value) + repr(caught.value.details)


@given(valid_mobiles(), st.sampled_from(["", "+86", "+86 ", "0086", "86", "(+86) "]))
def test_every_valid_mobile_is_accepted_with_any_prefix(number: str, prefix: str) -> None:
    assert validate_mobile(prefix + number) == number
    assert validate_mobile(mobile.format(number)) == number
    assert mobile.format(number).replace(" ", "") == number


@given(valid_mobiles(), st.sampled_from("012"))
def test_second_digit_below_three_is_rejected(number: str, second: str) -> None:
    assert not is_valid_mobile(number[0] + second + number[2:])
