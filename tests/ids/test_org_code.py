"""Organization codes (GB 11714-1997)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mutualaid.errors import InvalidChecksum, InvalidFormat, InvalidIdentifier, InvalidLength
from mutualaid.ids import is_valid_org_code, org_code, validate_org_code
from strategies.ids import ORG_CODE_CHARS, org_code_check, valid_org_codes


@pytest.mark.parametrize(
    "text", ["D2143569-X", "D2143569X", "d2143569-x", " D214 3569 - X ", "Ｄ２１４３５６９－Ｘ"]
)
def test_normalization(text: str) -> None:
    assert validate_org_code(text) == "D2143569X"
    assert org_code.format(text) == "D2143569-X"


def test_check_values_ten_and_eleven() -> None:
    # 11 - (sum mod 11) = 10 is written X, = 11 is written 0.
    assert org_code.check_digit("D2143569") == "X"
    zero = next(body for body in (f"{n:08d}" for n in range(100)) if org_code_check(body) == "0")
    assert org_code.check_digit(zero) == "0"
    assert is_valid_org_code(zero + "0")


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("D2143569", InvalidLength, "length is 8, not 9"),
        ("D214356#X", InvalidFormat, "character 8 must be"),
        ("D2143569Y", InvalidFormat, "check character must be a digit or X"),
        ("D21435691", InvalidChecksum, "check character does not match"),
    ],
)
def test_errors(text: str, error: type[InvalidIdentifier], words: str) -> None:
    with pytest.raises(error, match=words) as caught:
        validate_org_code(text)
    assert "certificate" in (caught.value.hint or "")


def test_known_limit_letters_eleven_apart_are_not_detected() -> None:
    # D = 13 and 2 differ by 11: GB 11714's MOD 11 cannot see the mistake.
    assert is_valid_org_code("22143569-X")


@given(valid_org_codes())
def test_every_valid_code_is_accepted_and_round_trips(code: str) -> None:
    assert validate_org_code(code) == code
    assert validate_org_code(org_code.format(code)) == code
    assert org_code.compact(org_code.format(code)) == code


@given(valid_org_codes(), st.integers(0, 8), st.sampled_from(ORG_CODE_CHARS))
def test_single_substitutions_are_rejected_unless_eleven_apart(
    code: str, pos: int, new: str
) -> None:
    assume(new != code[pos])
    if pos < 8:
        # The documented limit: values differing by a multiple of 11 share a check character.
        assume((ORG_CODE_CHARS.index(new) - ORG_CODE_CHARS.index(code[pos])) % 11 != 0)
    assert not is_valid_org_code(code[:pos] + new + code[pos + 1 :])


@given(valid_org_codes(digits_only=True), st.integers(0, 8), st.sampled_from("0123456789X"))
def test_digit_bodies_detect_every_single_substitution(code: str, pos: int, new: str) -> None:
    # Digits into the body (a digit-for-digit slip), digit or X into the check place.
    assume(new != code[pos] and (pos == 8 or new != "X"))
    assert not is_valid_org_code(code[:pos] + new + code[pos + 1 :])


@given(valid_org_codes(), st.integers(0, 7))
def test_the_limit_is_real(code: str, pos: int) -> None:
    value = ORG_CODE_CHARS.index(code[pos])
    twin = value + 11 if value + 11 < 36 else value - 11
    assume(0 <= twin < 36)
    assert is_valid_org_code(code[:pos] + ORG_CODE_CHARS[twin] + code[pos + 1 :])
