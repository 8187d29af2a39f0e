"""Unified social credit codes (GB 32100-2015)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import InvalidChecksum, InvalidFormat, InvalidIdentifier, InvalidLength
from mutualaid.ids import is_valid_uscc, uscc, validate_uscc
from strategies.ids import USCC_ALPHABET, uscc_check, valid_usccs

EXAMPLE = "91110000600037341L"


def _with_check(first17: str) -> str:
    return first17 + uscc_check(first17)


@pytest.mark.parametrize(
    "text",
    [
        EXAMPLE,
        "91110000600037341l",
        " 9111 0000 6000 3734 1L ",
        "91-110000-600037341-L",
        "９１１１００００６０００３７３４１Ｌ",
    ],
)
def test_normalization(text: str) -> None:
    assert validate_uscc(text) == EXAMPLE
    assert uscc.format(text) == EXAMPLE


@pytest.mark.parametrize(
    "first17",
    [
        "A1110000MA0000001",  # department A (military reform office)
        "N2370000MB1234567",  # department N (agriculture)
        "Y1110000000000000",  # department Y (other)
        "8137000050001234X",  # department 8 (trade unions), org code check not required
        "9137AB00600037341",  # letters in positions 3-8 are not refused
    ],
)
def test_letters_in_positions_1_to_8_are_accepted(first17: str) -> None:
    assert is_valid_uscc(_with_check(first17))


def test_embedded_organization_code() -> None:
    assert uscc.organization_code(EXAMPLE) == "600037341"


def test_check_weights_are_powers_of_three() -> None:
    assert uscc._WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("91110000600037341", InvalidLength, "length is 17, not 18"),
        ("91110000600O37341L", InvalidFormat, "character 12 is O"),
        ("9111000060003734IL", InvalidFormat, "character 17 is I"),
        ("91110000600037341Z", InvalidFormat, "character 18 is Z"),
        (
            "9111000060003734#L",
            InvalidFormat,
            "character 17 must be a digit or an upper-case letter",
        ),
        ("91110000600037341M", InvalidChecksum, "check character does not match"),
    ],
)
def test_errors(text: str, error: type[InvalidIdentifier], words: str) -> None:
    with pytest.raises(error, match=words) as caught:
        validate_uscc(text)
    assert "licence" in (caught.value.hint or "")
    assert text not in str(caught.value) + repr(caught.value.details)


def test_lookalike_letters_get_a_hint() -> None:
    with pytest.raises(InvalidFormat) as caught:
        validate_uscc("91110000600O37341L")
    assert "perhaps 0" in (caught.value.hint or "")


@given(valid_usccs())
def test_every_valid_code_is_accepted_and_round_trips(code: str) -> None:
    assert validate_uscc(code) == code
    assert uscc.compact(uscc.format(code).lower()) == code
    assert uscc.check_digit(code[:17]) == code[17]


@given(valid_usccs(), st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_every_single_substitution_is_rejected(code: str, pos: int, new: str) -> None:
    # MOD 31 is prime, every weight 3**k mod 31 is non-zero and symbol values are < 31,
    # so no single substitution keeps the check character.
    if new == code[pos]:
        new = USCC_ALPHABET[(USCC_ALPHABET.index(new) + 1) % 31]
    assert not is_valid_uscc(code[:pos] + new + code[pos + 1 :])


def test_no_single_substitution_can_keep_the_check_exhaustively() -> None:
    # A substitution changes the sum by delta * weight; it is undetected only if that is 0 mod 31.
    assert all(d * w % 31 for w in (*uscc._WEIGHTS, 1) for d in range(1, 31))
