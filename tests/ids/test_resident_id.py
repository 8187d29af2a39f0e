"""Resident ID numbers (GB 11643-1999): examples, errors, properties."""

from __future__ import annotations

import re
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)
from mutualaid.ids import (
    ResidentId,
    is_valid_resident_id,
    parse_resident_id,
    validate_resident_id,
)
from mutualaid.ids import resident_id as rid
from strategies.ids import resident_id_check, valid_resident_ids

STANDARD_EXAMPLE = "11010519491231002X"  # GB 11643-1999, appendix


# --- examples -------------------------------------------------------------------


def test_parse_gives_the_parts() -> None:
    parsed = parse_resident_id(STANDARD_EXAMPLE)
    assert parsed == ResidentId(STANDARD_EXAMPLE, date(1949, 12, 31), "female", "110105")
    male = parse_resident_id("11010519491231001" + resident_id_check("11010519491231001"))
    assert male.gender == "male"


@pytest.mark.parametrize(
    "text",
    [
        "11010519491231002x",
        " 11010519491231002X ",
        "110105 19491231 002X",
        "110105\t19491231\u00a0002x",
        "\u3000１１０１０５１９４９１２３１００２Ｘ\u3000",
        "１１０１０５１９４９１２３１００２ｘ",
        "\ufeff11010519491231002X\r\n",
    ],
)
def test_spacing_width_and_case_are_normalized(text: str) -> None:
    assert validate_resident_id(text) == STANDARD_EXAMPLE
    assert parse_resident_id(text).number == STANDARD_EXAMPLE


def test_fifteen_digit_numbers_are_upgraded() -> None:
    assert validate_resident_id("110105491231002") == STANDARD_EXAMPLE
    parsed = parse_resident_id("１１０１０５ ４９１２３１ ００２")
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.gender == "female"


@pytest.mark.parametrize(
    "number",
    [
        "830000199001010011",  # Taiwan residents' residence permit
        "810000199001010011",  # Hong Kong residents' residence permit
        "710101199001010014",  # 71: Taiwan in GB/T 2260
        "119999199001010012",  # county part never looked up
    ],
)
def test_province_codes_only_are_checked(number: str) -> None:
    first17 = number[:17]
    number = first17 + resident_id_check(first17)
    assert is_valid_resident_id(number)


def test_standard_1880_example_is_accepted() -> None:
    # GB 11643's own example; python-stdnum rejects it for its county code.
    assert rid.check_digit("44052418800101001") == "4"
    parsed = parse_resident_id("440524188001010014")
    assert parsed.birth_date == date(1880, 1, 1)
    assert parsed.gender == "male"


def test_birth_date_on_the_use_date_is_accepted() -> None:
    assert parse_resident_id(STANDARD_EXAMPLE, on=date(1949, 12, 31)).number == STANDARD_EXAMPLE
    assert not is_valid_resident_id(STANDARD_EXAMPLE, on=date(1949, 12, 30))


def test_repr_and_str_mask_the_number() -> None:
    parsed = parse_resident_id(STANDARD_EXAMPLE)
    assert repr(parsed) == "ResidentId('110105********002X')"
    assert str(parsed) == "110105********002X"
    assert "19491231" not in repr(parsed) + str(parsed)


def test_resident_id_is_frozen() -> None:
    parsed = parse_resident_id(STANDARD_EXAMPLE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        parsed.number = "x"  # type: ignore[misc]


def test_format_and_compact() -> None:
    assert rid.format(STANDARD_EXAMPLE) == "110105 19491231 002X"
    assert rid.compact("110105 19491231 002x") == STANDARD_EXAMPLE


# --- errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("1101051949123100", InvalidLength, "length is 16, not 18 or 15"),
        ("11010519491231002", InvalidLength, "check character may be missing"),
        ("1101051949123100201", InvalidLength, "length is 19"),
        ("", InvalidLength, "length is 0"),
        ("11010519491231O02X", InvalidFormat, "character 15 must be a digit"),
        ("X10105194912310021", InvalidFormat, "character 1 must be a digit"),
        ("11010519491231002Y", InvalidFormat, "check character must be a digit or X"),
        ("11010549123100X", InvalidFormat, "character 15 must be a digit"),
        ("110105199002300011", InvalidComponent, "birth date is not a real date"),
        ("110105199013010011", InvalidComponent, "birth date is not a real date"),
        ("110105179912310011", InvalidComponent, "birth date is before 1800"),
        ("990105194912310021", InvalidComponent, "region code 99**** is not a province"),
        ("000105194912310021", InvalidComponent, "region code"),
        ("110105194912310021", InvalidChecksum, "check character does not match"),
    ],
)
def test_errors_name_the_wrong_part(text: str, error: type[InvalidIdentifier], words: str) -> None:
    with pytest.raises(error, match=re.escape(words)) as caught:
        parse_resident_id(text)
    err = caught.value
    assert type(err) is error
    assert err.hint == "Re-type the number from the ID card."
    assert str(err).startswith("resident ID number: ")
    assert not is_valid_resident_id(text)


@pytest.mark.parametrize(
    "text",
    ["110105194912310021", "110105199002300011", "99010519491231002X", "1101051949123100201"],
)
def test_errors_never_carry_the_full_number(text: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_resident_id(text)
    err = caught.value
    everything = str(err) + repr(err) + repr(err.details) + repr(err.args)
    assert text not in everything
    assert text[6:14] not in everything  # the birth date block
    assert "*" in err.details["value"]


def test_birth_date_after_use_date() -> None:
    with pytest.raises(InvalidComponent, match="birth date is after 2000-01-01"):
        parse_resident_id("110105200001020017", on=date(2000, 1, 1))


def test_non_text_is_a_format_error_with_a_spreadsheet_hint() -> None:
    with pytest.raises(InvalidFormat, match="must be text, not int") as caught:
        parse_resident_id(110105194912310021)
    assert "text" in (caught.value.hint or "")
    with pytest.raises(InvalidLength, match="empty"):
        parse_resident_id(None)


# --- properties -----------------------------------------------------------------


@given(valid_resident_ids())
def test_every_valid_number_is_accepted(number: str) -> None:
    parsed = parse_resident_id(number)
    assert parsed.number == number
    assert parsed.birth_date.strftime("%Y%m%d") == number[6:14]
    assert parsed.region_code == number[:6]
    assert rid.check_digit(number[:17]) == number[17]


@given(valid_resident_ids())
def test_format_compact_round_trip(number: str) -> None:
    assert rid.compact(rid.format(number)) == number
    assert validate_resident_id(rid.format(number).lower()) == number


@given(valid_resident_ids(gender="male"), valid_resident_ids(gender="female"))
def test_gender_follows_the_17th_digit(man: str, woman: str) -> None:
    assert parse_resident_id(man).gender == "male"
    assert parse_resident_id(woman).gender == "female"


@given(valid_resident_ids(born=st.dates(date(1900, 1, 1), date(1999, 12, 31))))
def test_fifteen_digit_form_upgrades_to_the_same_number(number: str) -> None:
    legacy = number[:6] + number[8:17]
    assert validate_resident_id(legacy) == number


@given(valid_resident_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_every_single_substitution_is_rejected(number: str, pos: int, new: str) -> None:
    if new == number[pos]:
        new = "5" if number[pos] != "5" else "6"
    corrupted = number[:pos] + new + number[pos + 1 :]
    assert not is_valid_resident_id(corrupted)
    with pytest.raises(InvalidIdentifier):
        parse_resident_id(corrupted)


def test_no_single_substitution_can_keep_the_check_exhaustively() -> None:
    # Weights 2**k mod 11 (and 1 for the check place) are non-zero mod 11 and a digit
    # changes by 1..9 (the check value by 1..10), so delta * weight is never 0 mod 11.
    weights = [2 ** (17 - i) % 11 for i in range(18)]
    assert weights[:17] == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert all(d * w % 11 for w in weights for d in range(1, 11))
