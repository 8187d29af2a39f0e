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

Layer 1: imports only :mod:`mutualaid.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from mutualaid.errors import FloatNotAllowed, InvalidAmount

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
            f"money must be a Decimal, int or str, not {type(value).__name__}", value=value
        )
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        text = text.removeprefix("￥").removeprefix("¥").removesuffix("元").strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise InvalidAmount(
                f"not an amount of money: {value!r}",
                hint="Write the amount as digits, e.g. 60 or 60.00.",
                value=value,
            ) from None
    else:
        amount = Decimal(value)
    if not amount.is_finite():
        raise InvalidAmount(
            f"not a finite amount: {value!r}",
            hint="Write the amount as digits, e.g. 60 or 60.00.",
            value=value,
        )
    if abs(amount) >= _MAX:
        raise InvalidAmount(
            f"amount too large: {value!r}",
            hint="Check the amount for extra digits; amounts are in yuan.",
            value=value,
        )
    result = amount.quantize(CENT, rounding=ROUNDING)
    return result if result else ZERO  # no negative zero: -0.001 is 0.00


def _factor(value: int | Decimal, what: str) -> Decimal:
    """A finite ``Decimal`` from an ``int`` or ``Decimal`` factor or weight."""
    if isinstance(value, float):
        raise FloatNotAllowed(f"{what} must not be a float: {value!r}", value=value)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise InvalidAmount(
            f"{what} must be an int or Decimal, not {type(value).__name__}", value=value
        )
    factor = Decimal(value)
    if not factor.is_finite():
        raise InvalidAmount(f"{what} must be a finite number: {value!r}", value=value)
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
    for amount in amounts:
        result += yuan(amount)
    return result


def multiply(amount: MoneyInput, factor: int | Decimal) -> Decimal:
    """``amount * factor``, rounded once to two places (e.g. price x shares x members).

    >>> multiply("60", 3)
    Decimal('180.00')
    >>> multiply("100", Decimal("0.3333"))
    Decimal('33.33')
    """
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
    ws = [_factor(w, "weight") for w in weights]
    if not ws:
        raise InvalidAmount("allocate needs at least one weight")
    if any(w < 0 for w in ws) or sum(ws) == 0:
        raise InvalidAmount("weights must be non-negative and not all zero")
    cents = int(whole / CENT)
    sign = -1 if cents < 0 else 1
    cents = abs(cents)
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
