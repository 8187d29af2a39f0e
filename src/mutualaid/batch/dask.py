"""The batch evaluation over a Dask DataFrame's partitions.

An evaluation is a pure function of a batch and a small picklable
:class:`~mutualaid.batch.config.BatchConfig` (no clock, no global state),
so it maps over partitions with ``map_partitions``, the output schema as
``meta`` (:func:`~mutualaid.batch.evaluation.output_meta`). Two things need
the whole frame, and are computed first, in two cheap passes:

* row numbers: each partition's rows are numbered after the rows of the
  partitions before it (a first pass counts them), as one sheet would;
* duplicates: a second pass collects every person's key (the ID number) and
  row; the keys that repeat, with their first row, go to every partition in
  the configuration's company, so ``id.duplicate`` names the same first row
  however the frame is split.

Any split into partitions gives the same rows as one process
(``tests/batch/test_dask.py`` checks it on a ``LocalCluster`` with two
worker processes).

>>> import dask.dataframe as dd
>>> import pandas as pd
>>> from datetime import date
>>> members = pd.DataFrame({"姓名": ["甲", "乙", "丙"],
...                         "证件号码": ["110105198801010014", "110105196601010010",
...                                  "110105198801010014"]})
>>> ddf = dd.from_pandas(members, npartitions=2)
>>> out = evaluate_partitions(ddf, pack="yiyang", plan="YY-HOSP-2026", tier="T60",
...                           on=date(2026, 1, 15)).compute()
>>> out["codes"].tolist()
[[], [], ['id.duplicate']]
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from mutualaid.batch.config import BatchConfig
from mutualaid.batch.evaluation import evaluate_frame, output_meta, resolve_pack
from mutualaid.batch.frames import frame_cells
from mutualaid.model.plan import Plan
from mutualaid.roster.duplicates import person_keys
from mutualaid.roster.member_cells import check_member_cells
from mutualaid.rules.engine import PackView, RuleEngine

if TYPE_CHECKING:
    import pandas

__all__ = ["evaluate_partitions", "map_evaluation"]


def _offset(offsets: Mapping[int, int], partition_info: Mapping[str, Any] | None) -> int:
    number = partition_info["number"] if partition_info else 0
    return offsets.get(number, 0)


def _keys(
    part: pandas.DataFrame,
    config: BatchConfig,
    offsets: Mapping[int, int],
    partition_info: Mapping[str, Any] | None = None,
) -> pandas.DataFrame:
    """Each person's key and sheet row in one partition (``""`` for rows that are no person)."""
    import pandas

    cells, n, _ = frame_cells(part, config.columns)
    start = _offset(offsets, partition_info) + 2
    numbers = list(range(start, start + n))
    checked = check_member_cells(cells, n, config.rules, row_numbers=numbers, first_rows={})
    return pandas.DataFrame({"key": person_keys(checked.members, checked.outcome), "row": numbers})


def _evaluate(
    part: pandas.DataFrame,
    config: BatchConfig,
    offsets: Mapping[int, int],
    first_rows: Mapping[str, int],
    partition_info: Mapping[str, Any] | None = None,
) -> pandas.DataFrame:
    return evaluate_frame(
        part, config, first_rows=first_rows, row_offset=_offset(offsets, partition_info)
    )


def map_evaluation(frame: Any, config: BatchConfig) -> Any:
    """``frame`` (a Dask DataFrame) evaluated partition by partition (lazy; see the module)."""
    import pandas

    lengths = frame.map_partitions(len).compute().tolist()
    offsets: dict[int, int] = {}
    total = 0
    for number, length in enumerate(lengths):
        offsets[number] = total
        total += int(length)
    keys = frame.map_partitions(
        _keys,
        config,
        offsets,
        meta=pandas.DataFrame(
            {"key": pandas.Series(dtype=object), "row": pandas.Series(dtype="int64")}
        ),
    )
    people = keys[keys["key"] != ""]
    stats = people.groupby("key")["row"].agg(["min", "count"]).compute()
    repeated = stats[stats["count"] > 1]
    first_rows = {str(k): int(v) for k, v in zip(repeated.index, repeated["min"], strict=True)}
    return frame.map_partitions(
        _evaluate, config, offsets, first_rows, meta=output_meta(config.detail)
    )


def evaluate_partitions(
    frame: Any,
    *,
    pack: str | PackView,
    plan: str | Plan,
    tier: str | None = None,
    shares: int = 1,
    on: date,
    detail: bool = False,
    engine: RuleEngine | None = None,
) -> Any:
    """:func:`mutualaid.batch.evaluate` over a Dask DataFrame: a lazy Dask DataFrame of the same rows.

    The pack is asked once, here; the workers get the configuration (the
    pack travels by name and is found among the workers' installed packs).
    """
    view = resolve_pack(pack, engine)
    config = BatchConfig.from_pack(view, plan, tier=tier, shares=shares, on=on, detail=detail)
    return map_evaluation(frame, config)
