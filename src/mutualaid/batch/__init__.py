"""Members by the million: the batch API for analysts and large hosts.

Top layer. :func:`evaluate` judges and prices a frame of members (pandas,
pyarrow or polars; columns as in a roster file) with the one columnar
evaluator of the member rules; :func:`what_if` changes some dated
parameters of a pack (a reform); :func:`compare` sets two evaluations side
by side; :mod:`mutualaid.batch.dask` maps an evaluation over a Dask
DataFrame's partitions. :func:`benefits` computes the benefits of a table of
cases (docs/benefits.md). See docs/batch.md.
"""

from __future__ import annotations

from mutualaid.batch.benefits import benefits
from mutualaid.batch.comparison import Comparison, compare
from mutualaid.batch.config import BatchConfig
from mutualaid.batch.evaluation import OUTPUT_COLUMNS, evaluate, evaluate_frame, output_meta
from mutualaid.batch.reform import what_if

__all__ = [
    "OUTPUT_COLUMNS",
    "BatchConfig",
    "Comparison",
    "benefits",
    "compare",
    "evaluate",
    "evaluate_frame",
    "output_meta",
    "what_if",
]
