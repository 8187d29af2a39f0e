"""Money: yuan as :class:`~decimal.Decimal` with two places.

One rule everywhere: amounts are ``Decimal`` quantized to ``0.01`` with
``ROUND_HALF_UP`` (the rounding a Chinese finance office uses, 四舍五入).
Amounts are rounded once, when they are made; sums of rounded amounts are
exact, so totals never drift. ``float`` is refused, because ``0.1 + 0.2``
is not ``0.3``.

>>> yuan("60")
Decimal('60.00')
>>> yuan(36) + yuan("9")
Decimal('45.00')
>>> yuan("0.125")
Decimal('0.13')
>>> total([yuan("0.10")] * 3)
Decimal('0.30')
>>> yuan(0.1)
Traceback (most recent call last):
...
mutualaid.errors.FloatNotAllowed: money must not be a float: 0.1 (Pass Decimal('12.34') or the text '12.34'; floats cannot hold yuan exactly.)

Layer 1: imports only :mod:`mutualaid.errors` and :mod:`mutualaid.privacy`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

from mutualaid.errors import FloatNotAllowed, InvalidAmount
from mutualaid.privacy import quoted

__all__ = [
    "CENT",
    "ROUNDING",
    "ZERO",
    "MoneyInput",
    "allocate",
    "format_yuan",
    "is_two_places",
    "multiply",
    "total",
    "yuan",
]

#: The smallest unit: one fen.
CENT = Decimal("0.01")
#: The one rounding rule of the library.
ROUNDING = ROUND_HALF_UP
#: Zero yuan, two places.
ZERO = Decimal("0.00")

MoneyInput = Decimal | int | str

_MAX = Decimal("1000000000000")  # a trillion yuan: anything larger is a typo
#: Longest text read as an amount ("-1,000,000,000,000.00 元" and spaces fit easily).
MAX_TEXT = 64
#: Largest factor or weight magnitude (a rate, a headcount, shares x members).
_MAX_FACTOR = Decimal("1000000000000")
#: Smallest non-zero factor or weight: 1e-12 (no rate has more places).
_MIN_FACTOR_EXPONENT = 12
_HINT = "Write the amount as digits, e.g. 60 or 60.00."


def _detail(value: object) -> object:
    """The bad value for an error's details: itself, unless too big to keep (then quoted)."""
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        return value
    if isinstance(value, int) and value.bit_length() <= 128:
        return value
    if isinstance(value, Decimal) and len(value.as_tuple().digits) <= 40:
        return value
    return quoted(value)


def yuan(value: MoneyInput) -> Decimal:
    """Make an amount of yuan: a ``Decimal`` with exactly two places.

    Accepts ``Decimal``, ``int`` and text such as ``"60"``, ``"1,234.50"``,
    ``"￥60.00"`` or ``"60元"``. Refuses ``float`` (:class:`FloatNotAllowed`)
    and anything that is not a finite number (:class:`InvalidAmount`).

    >>> yuan("1,234.5")
    Decimal('1234.50')
    >>> yuan("￥60元")
    Decimal('60.00')
    >>> yuan(True)
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidAmount: money must be a Decimal, int or str, not bool
    """
    if isinstance(value, float):
        raise FloatNotAllowed(f"money must not be a float: {value!r}", value=value)
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidAmount(
            f"money must be a Decimal, int or str, not {type(value).__name__}",
            value=_detail(value),
        )
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise InvalidAmount(
                f"not an amount of money: {quoted(value)} is longer than {MAX_TEXT} characters",
                hint=_HINT,
                value=_detail(value),
            )
        text = value.strip().replace(",", "").replace("，", "")
        text = text.removeprefix("￥").removeprefix("¥").removesuffix("元").strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise InvalidAmount(
                f"not an amount of money: {quoted(value)}", hint=_HINT, value=_detail(value)
            ) from None
    elif isinstance(value, int) and value.bit_length() > 64:
        amount = _MAX  # far too large; not converted (a 5,000-digit int is slow to convert)
    else:
        amount = Decimal(value)
    if not amount.is_finite():
        raise InvalidAmount(
            f"not a finite amount: {quoted(value)}", hint=_HINT, value=_detail(value)
        )
    # copy_abs and comparison use no context: no Overflow for 1e1000000
    if amount.copy_abs() >= _MAX:
        raise InvalidAmount(
            f"amount too large: {quoted(value)}",
            hint="Check the amount for extra digits; amounts are in yuan.",
            value=_detail(value),
        )
    result = amount.quantize(CENT, rounding=ROUNDING)  # |amount| < 1e12: fits, exact
    return result if result else ZERO  # no negative zero: -0.001 is 0.00


def _factor(value: int | Decimal, what: str) -> Decimal:
    """A finite ``Decimal`` from an ``int`` or ``Decimal`` factor or weight."""
    if isinstance(value, float):
        raise FloatNotAllowed(f"{what} must not be a float: {value!r}", value=value)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise InvalidAmount(
            f"{what} must be an int or Decimal, not {type(value).__name__}", value=_detail(value)
        )
    # an int of more than 64 bits is far too large: refused below without converting it
    factor = _MAX_FACTOR if isinstance(value, int) and value.bit_length() > 64 else Decimal(value)
    if not factor.is_finite():
        raise InvalidAmount(
            f"{what} must be a finite number: {quoted(value)}", value=_detail(value)
        )
    if factor.copy_abs() >= _MAX_FACTOR:
        raise InvalidAmount(
            f"{what} too large: {quoted(value)} (at most {_MAX_FACTOR:,} in size)",
            value=_detail(value),
        )
    if factor and factor.adjusted() < -_MIN_FACTOR_EXPONENT:
        raise InvalidAmount(
            f"{what} too small: {quoted(value)} (at least 1e-{_MIN_FACTOR_EXPONENT} when not 0)",
            value=_detail(value),
        )
    return factor


def is_two_places(value: object) -> bool:
    """True when ``value`` is a finite ``Decimal`` with exactly two places.

    >>> is_two_places(Decimal("60.00")), is_two_places(Decimal("60")), is_two_places(60.0)
    (True, False, False)
    """
    return isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent == -2


def total(amounts: Iterable[MoneyInput]) -> Decimal:
    """Sum amounts exactly; the result has two places (``0.00`` when empty).

    >>> total([])
    Decimal('0.00')
    >>> total(["50", "10", Decimal("0.01")])
    Decimal('60.01')
    """
    result = ZERO
    for amount in _iterate(amounts, "amounts"):
        result += yuan(amount)
    return result


def _iterate(values: object, what: str) -> Iterable[Any]:
    """``iter(values)``, or :class:`InvalidAmount` when ``values`` is not a collection."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidAmount(
            f"{what} must be a list or other collection, not {type(values).__name__}",
            value=quoted(values),
        )
    return values


def multiply(amount: MoneyInput, factor: int | Decimal) -> Decimal:
    """``amount * factor``, rounded once to two places (e.g. price x shares x members).

    >>> multiply("60", 3)
    Decimal('180.00')
    >>> multiply("100", Decimal("0.3333"))
    Decimal('33.33')
    """
    # |amount| < 1e12 and |factor| < 1e12: the product is finite, and yuan refuses it when too large
    with localcontext(prec=40):
        return yuan(yuan(amount) * _factor(factor, "factor"))


def allocate(amount: MoneyInput, weights: Iterable[int | Decimal]) -> list[Decimal]:
    """Split ``amount`` by ``weights`` into parts that add up exactly.

    Largest-remainder method: each part is rounded down to the fen, and the
    fens left over go to the parts with the largest remainders (earliest first
    on ties).

    >>> allocate("100", [1, 1, 1])
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    >>> sum(allocate("0.05", [1, 2])) == Decimal("0.05")
    True
    """
    whole = yuan(amount)
    ws = [_factor(w, "weight") for w in _iterate(weights, "weights")]
    if not ws:
        raise InvalidAmount("allocate needs at least one weight")
    if any(w < 0 for w in ws) or sum(ws) == 0:
        raise InvalidAmount("weights must be non-negative and not all zero")
    cents = int(whole.scaleb(2))
    sign = -1 if cents < 0 else 1
    cents = abs(cents)
    # Weights lie in [1e-12, 1e12) and cents below 1e14: with 60 digits every
    # product and quotient below is exact enough that no part's floor is off.
    with localcontext(prec=60):
        weight_sum = sum(ws)
        exact = [Decimal(cents) * w / weight_sum for w in ws]
    floors = [int(e) for e in exact]
    left = cents - sum(floors)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(Decimal(sign * f) * CENT).quantize(CENT) for f in floors]


def format_yuan(amount: MoneyInput, *, symbol: bool = False) -> str:
    """Format for people: thousands separators, two places, optional ``¥``.

    >>> format_yuan(Decimal("12345.6"))
    '12,345.60'
    >>> format_yuan("60", symbol=True)
    '¥60.00'
    """
    text = f"{yuan(amount):,.2f}"
    return f"¥{text}" if symbol else text
