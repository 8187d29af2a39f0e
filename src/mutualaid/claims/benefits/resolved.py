"""The steps of a benefit with their parameters' values on one day, in integer fen.

:func:`resolve` reads each step's dated parameter on the incident date
(``rules.cite``, so a reform of :func:`mutualaid.batch.what_if` applies) and
turns it into integers: amounts in fen, a ratio as a numerator over a power
of ten. The case-by-case computation and the columnar one both work from a
:class:`ResolvedSteps`, with the same integer arithmetic (:func:`keep_ratio`,
:func:`keep_bands`), so they agree to the fen.

>>> keep_ratio(719999, 5, 10)  # 7,199.99 yuan x 0.5 = 3,599.995: half up
360000
>>> keep_bands(1500000, ((0, 5000), (1000000, 6000)), 10000)  # 0.5 to 10,000, 0.6 above
800000

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from mutualaid.errors import PackDataError
from mutualaid.model.benefit import BenefitStep, BenefitSteps, StepKind
from mutualaid.rules.explain import Cited
from mutualaid.rules.view import PackView

__all__ = [
    "OPTIONAL",
    "ResolvedStep",
    "ResolvedSteps",
    "fen",
    "keep_bands",
    "keep_ratio",
    "ratio_parts",
    "resolve",
]

#: Step kinds that simply do nothing when their parameter has no value that day
#: (no deductible, no cap); the others defer the case (``benefit.parameter_missing``).
OPTIONAL = frozenset({StepKind.DEDUCTIBLE, StepKind.CAP})

#: The most decimal places a ratio may have (keeps fen x numerator inside 64 bits).
RATIO_PLACES = 4

N = TypeVar("N")


def _bad(name: str, value: Any, what: str) -> PackDataError:
    return PackDataError(
        f"parameter {name}: {value!r} is not {what}",
        hint="Fix the value (docs/benefits.md gives each step's parameter type).",
        parameter=name,
    )


def fen(name: str, value: Any) -> int:
    """An amount of yuan as text (``"800.00"``) in fen.

    >>> fen("demo.cap", "30000"), fen("demo.cap", "0.05")
    (3000000, 5)
    """
    try:
        number = Decimal(str(value)) if isinstance(value, str | int | Decimal) else None
    except InvalidOperation:
        number = None
    if isinstance(value, bool) or number is None or not number.is_finite() or number < 0:
        raise _bad(name, value, "an amount of yuan")
    cents = number.scaleb(2)
    if cents != cents.to_integral_value() or cents >= Decimal(10) ** 14:
        raise _bad(name, value, "an amount of yuan with at most two places")
    return int(cents)


def ratio_parts(name: str, value: Any) -> tuple[int, int]:
    """A ratio as ``(numerator, denominator)``, the denominator a power of ten.

    >>> ratio_parts("demo.ratio", "0.85"), ratio_parts("demo.ratio", "1")
    ((85, 100), (1, 1))
    """
    try:
        number = Decimal(value) if isinstance(value, str | Decimal) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not 0 <= number <= 1:
        raise _bad(name, value, "a ratio between 0 and 1")
    exponent = number.normalize().as_tuple().exponent
    places = max(-int(exponent), 0)
    if places > RATIO_PLACES:
        raise _bad(name, value, f"a ratio of at most {RATIO_PLACES} places")
    den = 10**places
    return int(number * den), den


def keep_ratio(base: N, num: Any, den: int) -> N:
    """``base x num / den`` rounded half up (base in fen, never negative); ints or numpy arrays."""
    product: Any = base
    result: N = (product * num * 2 + den) // (2 * den)
    return result


def _at_least_0(value: Any) -> Any:
    return value.clip(0, None) if hasattr(value, "clip") else max(value, 0)


def _at_most(value: Any, limit: Any) -> Any:
    if hasattr(value, "clip") or hasattr(limit, "clip"):
        import numpy

        return numpy.minimum(value, limit)
    return min(value, limit)


def keep_bands(base: N, bands: Sequence[tuple[Any, Any]], den: Any) -> N:
    """Progressive bands (分段累进): each ``(from_fen, numerator)`` applies to the part of
    ``base`` from its start to the next band's, over the common ``den``; rounded once.

    Ints, or numpy columns (one start and numerator per case; a band that does
    not apply to a case starts beyond any amount)."""
    total: Any = 0
    for i, (start, num) in enumerate(bands):
        value: Any = base
        part = _at_least_0(value - start)
        if i + 1 < len(bands):
            part = _at_most(part, _at_least_0(bands[i + 1][0] - start))
        total = total + part * num
    result: N = (total * 2 + den) // (2 * den)
    return result


@attrs.frozen
class ResolvedStep:
    """One step with its parameter's value on the day, as integers.

    :param step: the declared step.
    :param cited: the parameter's dated value (``None``: no parameter, or no value that day).
    :param max_days_cited: an allowance's maximum of days, when it has one.
    :param amount: an amount step's value in fen (deductible, cap, per day, lump sum).
    :param num: a single ratio's numerator (over :attr:`den`).
    :param den: the denominator of the ratio, bands or levels.
    :param bands: ratio bands as ``(from_fen, numerator)``.
    :param levels: ratio numerators by hospital level.
    :param max_days: an allowance's maximum of days.
    """

    step: BenefitStep
    cited: Cited | None = None
    max_days_cited: Cited | None = None
    amount: int | None = None
    num: int | None = None
    den: int = 1
    bands: tuple[tuple[int, int], ...] | None = None
    levels: Mapping[str, int] | None = attrs.field(default=None, hash=False)
    max_days: int | None = None

    @property
    def is_set(self) -> bool:
        """The step has its value (a step without a parameter always has)."""
        return self.step.parameter is None or any(
            v is not None for v in (self.amount, self.num, self.bands, self.levels)
        )


@attrs.frozen
class ResolvedSteps:
    """A plan's steps for a claim type, resolved on :attr:`on`.

    :param steps: the declared steps.
    :param resolved: one :class:`ResolvedStep` per step, in order.
    :param on: the day the values are in effect.
    :param missing: the first required parameter with no value that day (the case defers).
    """

    steps: BenefitSteps
    resolved: tuple[ResolvedStep, ...]
    on: date
    missing: str | None = None


def _one(step: BenefitStep, rules: PackView, on: date) -> ResolvedStep:
    if step.parameter is None:
        return ResolvedStep(step)
    cited = rules.cite(step.parameter, on)
    max_cited = rules.cite(step.max_days, on) if step.max_days is not None else None
    max_days = None
    if max_cited is not None:
        value = max_cited.value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _bad(max_cited.name, value, "a whole number of days")
        max_days = value
    if cited is None:
        return ResolvedStep(step, None, max_cited, max_days=max_days)
    value = cited.value
    if step.kind is not StepKind.RATIO:
        return ResolvedStep(step, cited, max_cited, fen(cited.name, value), max_days=max_days)
    if step.by is None:
        num, den = ratio_parts(cited.name, value)
        return ResolvedStep(step, cited, max_cited, num=num, den=den, max_days=max_days)
    if step.by == "band":
        if not isinstance(value, list | tuple) or not value:
            raise _bad(cited.name, value, "ratio bands")
        parts = [(fen(cited.name, b["from"]), ratio_parts(cited.name, b["ratio"])) for b in value]
        den = max(d for _, (_, d) in parts)
        bands = tuple((start, n * (den // d)) for start, (n, d) in parts)
        return ResolvedStep(step, cited, max_cited, den=den, bands=bands, max_days=max_days)
    if not isinstance(value, Mapping) or not value:
        raise _bad(cited.name, value, "ratios by hospital level")
    ratios = {str(k): ratio_parts(cited.name, v) for k, v in value.items()}
    den = max(d for _, d in ratios.values())
    levels = MappingProxyType({k: n * (den // d) for k, (n, d) in ratios.items()})
    return ResolvedStep(step, cited, max_cited, den=den, levels=levels, max_days=max_days)


def resolve(steps: BenefitSteps, rules: PackView, on: date) -> ResolvedSteps:
    """Each step's parameter on ``on``; :attr:`ResolvedSteps.missing` names the first
    required one without a value (a deductible or cap without one does nothing).

    :raises PackDataError: a value of the wrong type (a reform's, say).
    """
    resolved = tuple(_one(step, rules, on) for step in steps.steps)
    missing = next(
        (
            r.step.parameter
            for r in resolved
            if not r.is_set and r.step.kind not in OPTIONAL and r.step.parameter is not None
        ),
        None,
    )
    return ResolvedSteps(steps, resolved, on, missing)
