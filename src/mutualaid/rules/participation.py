"""参保比例 (participation ratio): how a pack's ratio parameters are read and computed.

Two functions on values only, shared by the application rules
(:mod:`mutualaid.rules.defaults.application`) and
:meth:`~mutualaid.rules.view.PackView.participation_ratio`, so both compute
the ratio one way.

Since 0.1 (in :mod:`mutualaid.rules.defaults` until the rules were split).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from typing import Any

from mutualaid.model.application import Application

__all__ = ["participation_ratio", "ratio_fields"]


def participation_ratio(
    application: Application, declared_field: str, paying_field: str | None = None
) -> Decimal | None:
    """参保比例: members paid for / a declared count, in hundredths rounded down.

    The numerator is the declared count ``paying_field`` when given (Weihai:
    缴费人数, ``paying_headcount``), else the members on the application's
    rosters. ``None`` when a count is missing or the denominator is 0. Rounded
    down to whole percent as seed 000 §13 shows it (110 / 120 → 91%).

    >>> from mutualaid.model.application import DeclaredCounts
    >>> counts = DeclaredCounts(insured_headcount=120, paying_headcount=110)
    >>> app = Application("A1", "U1", "weihai", declared=counts)
    >>> participation_ratio(app, "insured_headcount", "paying_headcount")
    Decimal('0.91')
    >>> participation_ratio(app, "insured_headcount")  # no member on the roster yet
    Decimal('0.00')
    """
    declared = getattr(application.declared, declared_field, None)
    paying = (
        application.headcount
        if paying_field is None
        else getattr(application.declared, paying_field, None)
    )
    if not declared or paying is None:
        return None
    return (Decimal(paying) / Decimal(declared)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def ratio_fields(spec: Any) -> tuple[str, str | None] | None:
    """The ``(of, paying)`` fields of a ratio parameter's value, or ``None`` when it names none.

    ``application.participation_ratio`` and ``application.min_participation_ratio``
    are mappings with ``"of"`` (the declared denominator) and optionally
    ``"paying"`` (a declared numerator; else the roster's headcount).

    >>> ratio_fields({"of": "insured_headcount", "paying": "paying_headcount"})
    ('insured_headcount', 'paying_headcount')
    >>> ratio_fields({"of": "insured_headcount", "minimum": "0.90"})
    ('insured_headcount', None)
    """
    if not isinstance(spec, Mapping) or not spec.get("of"):
        return None
    paying = spec.get("paying")
    return str(spec["of"]), (str(paying) if paying else None)
