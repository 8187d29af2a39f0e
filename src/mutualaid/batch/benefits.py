"""Benefits of a table of cases: :func:`benefits`, and what a reform would have cost.

An analyst takes last year's cases (one row per case) and asks what they paid
under the pack's numbers, and what they would have paid under others
(:func:`~mutualaid.batch.reform.what_if`). The steps run over columns
(:func:`mutualaid.claims.benefits.columnar.evaluate_benefits`), equal to the
case-by-case computation to the fen.

>>> from datetime import date
>>> import pandas as pd
>>> from mutualaid.batch import what_if
>>> cases = pd.DataFrame({
...     "claim_id": ["LP1", "LP2", "LP3"],
...     "member": ["A", "A", "B"],
...     "plan": ["LY-HOSP-2026"] * 3,
...     "claim_type": ["disease_hospitalization"] * 3,
...     "incident_date": [date(2026, 3, 1), date(2026, 9, 1), date(2026, 4, 2)],
...     "total": ["12000", "30000", "800"],
...     "insurance_paid": ["6000", "10000", None],
...     "hospital_level": ["level_2", "level_3", "level_1"],
...     "shares": [1, 1, 1],
... })
>>> out = benefits(cases, pack="linyi")
>>> out[["claim_id", "amount", "refusal"]]
  claim_id    amount refusal
0      LP1   3300.00    None
1      LP2   6700.00    None
2      LP3    210.00    None
>>> reform = what_if("linyi", **{"linyi.benefit.hospital_cap_period": "8000"})
>>> int(out["amount_fen"].sum() - benefits(cases, pack=reform)["amount_fen"].sum())
200000
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from mutualaid.batch.evaluation import resolve_pack
from mutualaid.claims.benefits.columnar import (
    AMOUNT_COLUMNS,
    MISSING,
    BenefitColumns,
    CaseTable,
    evaluate_benefits,
)
from mutualaid.claims.benefits.compute import yuan_of
from mutualaid.errors import ConversionError
from mutualaid.money import yuan
from mutualaid.rules.engine import PackView, RuleEngine

if TYPE_CHECKING:
    import pandas

__all__ = ["CASE_COLUMNS", "benefits", "case_table"]

#: The columns :func:`benefits` reads (amounts in yuan, or ``<amount>_fen`` in whole fen).
CASE_COLUMNS = (
    "claim_id",
    "member",
    "plan",
    "claim_type",
    "incident_date",
    *AMOUNT_COLUMNS,
    "days",
    "hospital_level",
    "shares",
)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _fen(values: Iterable[Any]) -> list[int]:
    out = []
    for v in values:
        out.append(MISSING if _missing(v) else int(yuan(v).scaleb(2)))
    return out


def _whole(values: Any, name: str) -> Any:
    array = np.asarray(values, dtype=object)
    filled = [MISSING if _missing(v) else v for v in array]
    if any(isinstance(v, bool) or not isinstance(v, int | np.integer) for v in filled):
        raise ConversionError(f"column {name} must hold whole numbers")
    return np.asarray(filled, dtype=np.int64)


def case_table(frame: pandas.DataFrame) -> CaseTable:
    """A :class:`~mutualaid.claims.benefits.columnar.CaseTable` from a frame of cases.

    Amounts are yuan (text, ``Decimal`` or whole numbers; floats are refused,
    as everywhere) or, faster, whole fen in ``<amount>_fen`` columns; a missing
    column or cell is "not entered".
    """
    n = len(frame)
    columns: dict[str, Any] = {}
    for name in AMOUNT_COLUMNS:
        if f"{name}_fen" in frame:
            columns[name] = _whole(frame[f"{name}_fen"].to_numpy(), f"{name}_fen")
        elif name in frame:
            columns[name] = _fen(frame[name].tolist())
    days = _whole(frame["days"].to_numpy(), "days") if "days" in frame else None
    levels = frame["hospital_level"].tolist() if "hospital_level" in frame else None
    if levels is not None:
        levels = [None if _missing(v) else str(v) for v in levels]
    shares = _whole(frame["shares"].to_numpy(), "shares") if "shares" in frame else None
    for name in ("claim_id", "member", "plan", "claim_type", "incident_date"):
        if name not in frame:
            raise ConversionError(
                f"the cases have no {name} column", hint=f"Columns: {', '.join(CASE_COLUMNS)}."
            )
    return CaseTable.of(
        claim_id=frame["claim_id"].tolist(),
        member=frame["member"].tolist(),
        plan=frame["plan"].astype(str).tolist(),
        claim_type=frame["claim_type"].astype(str).tolist(),
        incident_date=np.asarray(frame["incident_date"].tolist(), dtype="datetime64[D]")
        if n
        else np.array([], dtype="datetime64[D]"),
        days=days,
        hospital_level=levels,
        shares=shares,
        **columns,
    )


def benefits(
    cases: pandas.DataFrame | CaseTable,
    *,
    pack: str | PackView,
    on: date | None = None,
    engine: RuleEngine | None = None,
) -> pandas.DataFrame:
    """Each case's benefit: ``claim_id``, ``amount`` (yuan), ``amount_fen``, ``refusal``
    (a deferral code such as ``benefit.no_steps``, or ``claim.type_not_in_plan``
    when the plan does not offer the case's claim type; ``None`` when computed),
    and ``<category>_fen`` per category.

    :param cases: a frame with :data:`CASE_COLUMNS` (see :func:`case_table`), or a table.
    :param pack: a pack's name, its view, or a reform (:func:`~mutualaid.batch.reform.what_if`).
    :param on: read every parameter on this day (default: each case's incident date).

    Cover is not checked: the cases are accepted ones (see docs/benefits.md).
    """
    import pandas

    view = resolve_pack(pack, engine)
    table = cases if isinstance(cases, CaseTable) else case_table(cases)
    out: BenefitColumns = evaluate_benefits(table, view, on=on)
    frame = pandas.DataFrame(
        {
            "claim_id": table.claim_id,
            "amount": [yuan_of(int(f)) for f in out.amount_fen],
            "amount_fen": out.amount_fen,
            "refusal": out.refusal,
        }
    )
    for name, column in out.paid_by_category.items():
        frame[f"{name}_fen"] = column
    return frame
