"""Tests for mutualaid.money: examples, junk, floats refused, and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mutualaid.errors import FloatNotAllowed, InvalidAmount, MutualAidError
from mutualaid.money import (
    CENT,
    ROUNDING,
    ZERO,
    allocate,
    format_yuan,
    is_two_places,
    multiply,
    total,
    yuan,
)

# Amounts with up to four places, so rounding happens, well inside the trillion limit.
decimals = st.decimals(
    min_value=Decimal("-999999999.9999"),
    max_value=Decimal("999999999.9999"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)
money_inputs = st.one_of(
    decimals,
    st.integers(min_value=-(10**9), max_value=10**9),
    decimals.map(str),
)
amounts = decimals.map(yuan)
non_negative_amounts = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("99999999.99"), places=2
).map(yuan)
weights = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=20).filter(
    lambda ws: sum(ws) > 0
)


# --- yuan -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("60", "60.00"),
        (60, "60.00"),
        (Decimal("60"), "60.00"),
        ("60.5", "60.50"),
        ("0.125", "0.13"),  # half up, not half even
        ("0.135", "0.14"),
        ("0.124", "0.12"),
        ("2.675", "2.68"),  # the float 2.675 would round to 2.67
        ("-0.125", "-0.13"),  # half away from zero
        ("1,234.5", "1234.50"),
        ("1，234.5", "1234.50"),
        ("￥60.00", "60.00"),
        ("¥60", "60.00"),
        ("60元", "60.00"),
        ("￥60元", "60.00"),
        ("  90  ", "90.00"),
        ("-0.001", "0.00"),
        ("-0", "0.00"),
        ("999999999999.99", "999999999999.99"),
    ],
)
def test_yuan_examples(value: str | int | Decimal, expected: str) -> None:
    result = yuan(value)
    assert result == Decimal(expected)
    assert str(result) == expected
    assert is_two_places(result)


def test_the_one_rounding_rule() -> None:
    assert str(ROUNDING) == "ROUND_HALF_UP"
    assert str(CENT) == "0.01"
    assert str(ZERO) == "0.00"


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "60元整", "six", "1.2.3", "nan", "NaN", "inf", "-Infinity", "60$"]
)
def test_junk_text_gives_invalid_amount_with_a_hint(text: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        yuan(text)
    assert caught.value.hint
    assert isinstance(caught.value, ValueError)
    assert caught.value.details["value"] == text


@pytest.mark.parametrize("value", ["1000000000000", 10**12, Decimal("-1e12"), "1e20"])
def test_absurdly_large_amounts_are_refused(value: str | int | Decimal) -> None:
    with pytest.raises(InvalidAmount, match="too large") as caught:
        yuan(value)
    assert caught.value.hint


@pytest.mark.parametrize("value", [None, True, False, b"60", [60], object()])
def test_non_money_types_are_refused(value: object) -> None:
    with pytest.raises(InvalidAmount, match="must be a Decimal, int or str"):
        yuan(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("sNaN")])
def test_non_finite_decimals_are_refused(value: Decimal) -> None:
    with pytest.raises(InvalidAmount):
        yuan(value)


# --- floats refused everywhere -------------------------------------------------------


def test_floats_are_refused_everywhere() -> None:
    with pytest.raises(FloatNotAllowed) as caught:
        yuan(0.1)  # type: ignore[arg-type]
    assert caught.value.hint and "Decimal" in caught.value.hint
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, InvalidAmount)
    with pytest.raises(FloatNotAllowed):
        total(["1", 0.5])  # type: ignore[list-item]
    with pytest.raises(FloatNotAllowed):
        multiply("60", 1.5)  # type: ignore[arg-type]
    with pytest.raises(FloatNotAllowed):
        multiply(60.0, 2)  # type: ignore[arg-type]
    with pytest.raises(FloatNotAllowed):
        allocate("100", [0.5, 0.5])  # type: ignore[list-item]
    with pytest.raises(FloatNotAllowed):
        allocate(100.0, [1])  # type: ignore[arg-type]
    with pytest.raises(FloatNotAllowed):
        format_yuan(12.5)  # type: ignore[arg-type]


@given(st.floats())
def test_any_float_is_refused(value: float) -> None:
    with pytest.raises(FloatNotAllowed):
        yuan(value)  # type: ignore[arg-type]


# --- total, multiply -----------------------------------------------------------------


def test_total_examples() -> None:
    assert total([]) == ZERO
    assert str(total([])) == "0.00"
    assert total([yuan("0.10")] * 3) == Decimal("0.30")
    assert total(["50", 10, Decimal("0.005")]) == Decimal("60.01")


def test_multiply_examples() -> None:
    assert multiply("60", 3) == Decimal("180.00")
    assert multiply("100", Decimal("0.3333")) == Decimal("33.33")
    assert multiply("0.05", Decimal("0.5")) == Decimal("0.03")  # 0.025 rounds half up
    assert multiply("60", -1) == Decimal("-60.00")
    assert str(multiply("60", 0)) == "0.00"
    with pytest.raises(InvalidAmount, match="too large"):
        multiply("999999999999", 10**20)
    for bad in (Decimal("NaN"), Decimal("Infinity"), True, "3"):
        with pytest.raises(InvalidAmount):
            multiply("60", bad)  # type: ignore[arg-type]


@given(money_inputs)
def test_yuan_is_idempotent_and_always_two_places(value: str | int | Decimal) -> None:
    once = yuan(value)
    assert is_two_places(once)
    assert yuan(once) == once
    assert str(yuan(once)) == str(once)
    assert yuan(str(once)) == once


@given(decimals)
def test_yuan_rounds_half_up_to_the_nearest_fen(value: Decimal) -> None:
    result = yuan(value)
    assert abs(result - value) <= Decimal("0.005")
    if abs(result - value) == Decimal("0.005"):
        assert abs(result) > abs(value)  # ties go away from zero


@given(st.lists(money_inputs, max_size=30))
def test_total_is_the_exact_sum_of_the_rounded_parts(values: list[str | int | Decimal]) -> None:
    result = total(values)
    assert is_two_places(result)
    assert result == sum((yuan(v) for v in values), Decimal(0))


@given(amounts, st.integers(min_value=-1000, max_value=1000))
def test_multiply_by_an_integer_is_exact(amount: Decimal, n: int) -> None:
    assume(abs(amount * n) < Decimal("1e12"))
    assert multiply(amount, n) == amount * n
    assert is_two_places(multiply(amount, n))


@given(amounts, st.decimals(min_value=-100, max_value=100, places=4))
def test_multiply_rounds_once(amount: Decimal, factor: Decimal) -> None:
    result = multiply(amount, factor)
    assert result == yuan(amount * factor)
    assert abs(result - amount * factor) <= Decimal("0.005")


# --- allocate -------------------------------------------------------------------------


def test_allocate_examples() -> None:
    assert allocate("100", [1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert allocate("0.05", [1, 2]) == [Decimal("0.02"), Decimal("0.03")]
    assert allocate("100", [0, 1]) == [Decimal("0.00"), Decimal("100.00")]
    assert allocate("-100", [1, 1, 1]) == [Decimal("-33.34"), Decimal("-33.33"), Decimal("-33.33")]
    assert allocate("0.02", [1, 1, 1]) == [Decimal("0.01"), Decimal("0.01"), Decimal("0.00")]
    assert allocate("1", [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")]) == [
        Decimal("0.50"),
        Decimal("0.25"),
        Decimal("0.25"),
    ]


@pytest.mark.parametrize("bad", [[], [0, 0], [1, -1], [Decimal("NaN")], [True], ["1"]])
def test_allocate_refuses_bad_weights(bad: list[int]) -> None:
    with pytest.raises(InvalidAmount):
        allocate("100", bad)


@given(amounts, weights)
def test_allocate_sums_exactly_and_each_part_is_within_a_fen(
    amount: Decimal, ws: list[int]
) -> None:
    parts = allocate(amount, ws)
    assert len(parts) == len(ws)
    assert sum(parts, Decimal(0)) == amount
    assert all(is_two_places(p) for p in parts)
    weight_sum = sum(ws)
    for part, w in zip(parts, ws, strict=True):
        exact = amount * w / weight_sum
        assert abs(part - exact) < CENT
        if w == 0:
            assert part == 0


@given(non_negative_amounts, weights)
def test_allocate_parts_differ_by_at_most_one_fen_per_unit_weight(
    amount: Decimal, ws: list[int]
) -> None:
    parts = allocate(amount, ws)
    assert all(p >= 0 for p in parts)
    # each part is within a fen of its exact share, so the amount per unit of
    # weight is within a fen of amount / sum(weights) for every part...
    per_unit = [p / w for p, w in zip(parts, ws, strict=True) if w]
    assert max(per_unit) - min(per_unit) < 2 * CENT
    # ...and parts of equal weight differ by at most one fen
    for i, (p_i, w_i) in enumerate(zip(parts, ws, strict=True)):
        for p_j, w_j in zip(parts[i + 1 :], ws[i + 1 :], strict=True):
            if w_i == w_j:
                assert abs(p_i - p_j) <= CENT


@given(non_negative_amounts, st.integers(min_value=1, max_value=50))
def test_allocate_equal_weights_gives_leftover_fens_to_the_first_parts(
    amount: Decimal, n: int
) -> None:
    parts = allocate(amount, [1] * n)
    assert parts == sorted(parts, reverse=True)
    assert parts[0] - parts[-1] <= CENT


@given(amounts, weights)
def test_allocate_of_a_negative_amount_mirrors_the_positive(amount: Decimal, ws: list[int]) -> None:
    assert allocate(-amount, ws) == [-p for p in allocate(amount, ws)]


# --- format ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "symbol", "expected"),
    [
        (Decimal("12345.6"), False, "12,345.60"),
        ("60", True, "¥60.00"),
        ("0", False, "0.00"),
        ("-1234567.891", False, "-1,234,567.89"),
        ("-0.001", False, "0.00"),
        ("999", True, "¥999.00"),
    ],
)
def test_format_yuan(value: str | Decimal, symbol: bool, expected: str) -> None:
    assert format_yuan(value, symbol=symbol) == expected


@given(amounts)
def test_format_yuan_reads_back(amount: Decimal) -> None:
    assert yuan(format_yuan(amount)) == amount
    assert yuan(format_yuan(amount, symbol=True)) == amount


@pytest.mark.parametrize("junk", ["x", 1.0, None, Decimal("NaN"), "10000000000000"])
def test_every_money_error_is_a_mutualaid_error(junk: object) -> None:
    with pytest.raises(MutualAidError):
        yuan(junk)  # type: ignore[arg-type]
    with pytest.raises(MutualAidError):
        format_yuan(junk)  # type: ignore[arg-type]
