"""Evaluate a frame of members: :func:`evaluate` and :func:`evaluate_frame`.

:func:`evaluate` takes the pack, the plan and the day, asks the pack once
(:class:`~mutualaid.batch.config.BatchConfig`) and returns
:func:`evaluate_frame`'s table: one row per input row, in input order, with
what ``mutualaid check`` would say of the same cells
(:func:`mutualaid.roster.member_cells.check_member_cells`, the one columnar
evaluator of the member rules).

>>> from datetime import date
>>> import pandas as pd
>>> members = pd.DataFrame({
...     "姓名": ["张三", "李四", "王五"],
...     "证件号码": ["110105198801010014", "110105196001010025", "110105198801010015"],
... })
>>> out = evaluate(members, pack="yiyang", plan="YY-HOSP-2026", tier="T60", on=date(2026, 1, 15))
>>> out[["age", "status", "codes", "price"]]
    age          status                   codes  price
0    38        accepted                      []  60.00
1    66  needs_material   [age.over_retirement]  60.00
2  <NA>        rejected           [id.checksum]   None
>>> out.loc[1, "severity"], out.loc[0, "effective_date"]
('needs_material', datetime.date(2026, 1, 1))
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from mutualaid.batch.config import BatchConfig
from mutualaid.batch.frames import frame_cells
from mutualaid.dates import require_date
from mutualaid.model.plan import Plan
from mutualaid.roster.member_cells import CheckedRows, check_member_cells
from mutualaid.rules.engine import PackView, RuleEngine
from mutualaid.rules.findings import Severity

if TYPE_CHECKING:
    import pandas

__all__ = ["OUTPUT_COLUMNS", "evaluate", "evaluate_frame", "output_meta", "resolve_pack"]

#: The output's columns and their pandas dtypes (Dask's ``meta``).
OUTPUT_COLUMNS: Final = {
    "age": "Int64",
    "over_retirement": "bool",
    "status": "object",
    "severity": "object",
    "blocking": "bool",
    "codes": "object",
    "tier": "object",
    "shares": "int64",
    "member_part": "object",
    "subsidy": "object",
    "price": "object",
    "effective_date": "object",
}
_DETAIL: Final = {"messages": "object", "findings": "object"}
_SEVERITY: Final = np.array([None, "needs_material", "error"], dtype=object)
_STATUS: Final = np.array(["accepted", "needs_material", "rejected"], dtype=object)


def resolve_pack(pack: str | PackView, engine: RuleEngine | None = None) -> PackView:
    """A pack's view from its name (among the installed packs, or ``engine``'s) or the view."""
    if isinstance(pack, PackView):
        return pack
    engine = engine or RuleEngine.from_entry_points(names=[pack])  # that pack (and its bases)
    return engine.pack(pack)


def output_meta(detail: bool = False) -> pandas.DataFrame:
    """An empty frame with the output's columns and dtypes (Dask's ``meta``)."""
    import pandas

    dtypes = {**OUTPUT_COLUMNS, **(_DETAIL if detail else {})}
    return pandas.DataFrame({c: pandas.Series(dtype=t) for c, t in dtypes.items()})


def _distinct(fen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(fen, return_inverse=True)``; in one counting pass when the amounts lie close.

    A batch's amounts are a few prices (tiers, risk classes, shares): a
    table over their range replaces the sort.
    """
    if len(fen):
        low, high = int(fen.min()), int(fen.max())
        if high - low <= 4 * len(fen) + 1024:
            offset = fen - low
            present = np.zeros(high - low + 1, dtype=bool)
            present[offset] = True
            unique = np.flatnonzero(present)
            place = np.cumsum(present) - 1
            return unique + low, place[offset]
    unique, inverse = np.unique(fen, return_inverse=True)
    return unique, inverse.reshape(-1)


def _yuan(fen: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Fen as :class:`Decimal` yuan (one object per distinct amount), ``None`` where not kept."""
    unique, inverse = _distinct(fen)
    amounts = np.empty(len(unique) + 1, dtype=object)
    amounts[:-1] = [Decimal(int(v)).scaleb(-2) if v >= 0 else None for v in unique.tolist()]
    amounts[-1] = None
    return amounts[np.where(keep, inverse, len(unique))]


def evaluate_frame(
    frame: Any,
    config: BatchConfig,
    *,
    first_rows: Mapping[str, int] | None = None,
    row_offset: int = 0,
) -> pandas.DataFrame:
    """The evaluation of one batch: a pure function of ``frame`` and ``config``.

    :param frame: a pandas or polars DataFrame or a pyarrow Table (see :mod:`mutualaid.batch.frames`).
    :param first_rows: the first row of each duplicated person across all
        batches (Dask computes it); default: duplicates within this batch.
    :param row_offset: rows before this batch (its first row is numbered
        ``row_offset + 2``, as in a sheet whose header is row 1).
    """
    import pandas

    enabled = gc.isenabled()
    gc.disable()  # millions of small containers and no cycles among them: no collection pass
    try:
        return _evaluate_frame(frame, config, first_rows, row_offset, pandas)
    finally:
        if enabled:
            gc.enable()


def _evaluate_frame(
    frame: Any,
    config: BatchConfig,
    first_rows: Mapping[str, int] | None,
    row_offset: int,
    pandas: Any,
) -> pandas.DataFrame:
    cells, n, _fields = frame_cells(frame, config.columns, arrays=True)
    numbers = range(row_offset + 2, row_offset + 2 + n)
    checked = check_member_cells(
        cells,
        n,
        config.rules,
        required=config.required,
        row_numbers=numbers,
        first_rows=first_rows,
    )
    return _table(checked, config, frame, pandas)


def _table(checked: CheckedRows, config: BatchConfig, frame: Any, pandas: Any) -> pandas.DataFrame:
    facts = checked.outcome.facts
    outcome = checked.outcome
    status = checked.status()
    going = status != 2
    known = facts.id_valid & ~np.isnat(facts.birth)
    age = pandas.array(np.where(known, facts.age, 0), dtype="Int64")
    age[~known] = pandas.NA
    severity = _SEVERITY[status]
    flagged = {*checked.cells, *checked.later, *outcome.replaced, *outcome.extra}
    flagged.update(checked.duplicates.rows.tolist())
    for i in flagged:
        if status[i] == 0 and any(f.severity is Severity.WARNING for f in checked.findings(i)):
            severity[i] = "warning"
    member = outcome.member_fen
    total = np.where(member >= 0, member + outcome.subsidy_fen, -1)
    effective = config.effective_date
    data: dict[str, Any] = {
        "age": age,
        "over_retirement": facts.over_retirement & known,
        "status": _STATUS[status],
        "severity": severity,
        "blocking": status == 2,
        "codes": np.fromiter(checked.codes(), dtype=object, count=len(status)),  # lists as items
        "tier": facts.tier,
        "shares": facts.shares,
        "member_part": _yuan(member, going),
        "subsidy": _yuan(outcome.subsidy_fen, going & (member >= 0)),
        "price": _yuan(total, going),
        "effective_date": np.where(going, np.array([effective], dtype=object)[0], None)
        if effective is not None
        else np.full(len(status), None, dtype=object),
    }
    if config.detail:
        found = checked.all_findings()
        data["messages"] = [[f.message for f in row] for row in found]
        data["findings"] = found
    index = frame.index if type(frame).__module__.startswith("pandas") else None
    dtypes = {**OUTPUT_COLUMNS, **_DETAIL}
    return pandas.DataFrame(
        {c: pandas.Series(v, dtype=dtypes[c], index=index, copy=False) for c, v in data.items()},
        index=index,
        copy=False,  # a block per column: no copy of the columns into 2-D blocks of one dtype
    )


def evaluate(
    members: Any,
    *,
    pack: str | PackView,
    plan: str | Plan,
    tier: str | None = None,
    shares: int = 1,
    on: date,
    detail: bool = False,
    engine: RuleEngine | None = None,
) -> pandas.DataFrame:
    """What ``pack`` makes of each member of ``plan`` on ``on``: one output row per input row.

    :param members: a pandas DataFrame, a pyarrow Table or a polars DataFrame,
        columns named as in a roster file or by the canonical field names,
        cells as a file would hold them.
    :param pack: an installed pack's name, or a view (e.g. :func:`mutualaid.batch.what_if`'s).
    :param tier: the tier of rows naming none (optional when the plan has one).
    :param shares: the shares of rows giving none.
    :param detail: add ``messages`` (a list per row) and ``findings`` (the
        :class:`~mutualaid.rules.findings.Finding` objects).
    :returns: a pandas DataFrame with :data:`OUTPUT_COLUMNS` (money as
        :class:`~decimal.Decimal`, dates as :class:`~datetime.date`; ``None``
        for rejected rows), indexed as the input (a pandas input's index).
    :raises MissingColumn: a required column (姓名, 证件号码) is missing.
    """
    require_date(on, "mutualaid.batch.evaluate(on=...)")
    view = resolve_pack(pack, engine)
    config = BatchConfig.from_pack(view, plan, tier=tier, shares=shares, on=on, detail=detail)
    return evaluate_frame(members, config)
