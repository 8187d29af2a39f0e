"""Frames in: a pandas DataFrame, a pyarrow Table or a polars DataFrame, as cells by field.

Columns are named as in a roster file (the template's Chinese headers and
their aliases, matched as ``mutualaid check`` matches them:
:func:`mutualaid.roster.headers.map_headers`) or by the canonical field
names; cells are what a file would hold (text, numbers, dates, empty).
Missing values (``None``, ``NaN``, ``NaT``, ``pd.NA``) are empty cells.

>>> import pandas as pd
>>> from mutualaid.model.columns import CANONICAL_COLUMNS
>>> frame = pd.DataFrame({"姓 名": ["张三", None], "身份证号": ["110105198801010014", float("nan")]})
>>> cells, n, fields = frame_cells(frame, CANONICAL_COLUMNS)
>>> n, fields, cells["name"], cells["id_number"]
(2, {'name': '姓 名', 'id_number': '身份证号'}, ['张三', None], ['110105198801010014', None])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from mutualaid.errors import MissingColumn
from mutualaid.model.columns import FIELDS, TemplateColumn
from mutualaid.roster.headers import map_headers

__all__ = ["frame_cells", "frame_length"]


def _kind(frame: Any) -> str:
    module = type(frame).__module__.split(".")[0]
    if module in ("pandas", "pyarrow", "polars"):
        return module
    raise TypeError(
        "mutualaid.batch.evaluate takes a pandas DataFrame, a pyarrow Table or a polars "
        f"DataFrame, not {type(frame).__name__}"
    )


def frame_length(frame: Any) -> int:
    """The number of rows of a supported frame."""
    _kind(frame)
    return len(frame) if not hasattr(frame, "num_rows") else int(frame.num_rows)


def _names(frame: Any) -> list[str]:
    kind = _kind(frame)
    if kind == "pyarrow":
        return [str(c) for c in frame.column_names]
    return [str(c) for c in frame.columns]


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _all_text(series: Any) -> bool:
    """Whether every value of an object series is text (pandas' C-level type inference)."""
    from pandas.api.types import infer_dtype

    return bool(infer_dtype(series.to_numpy(), skipna=False) == "string")


def _column(frame: Any, name: str, arrays: bool) -> Sequence[object]:
    """A column as Python cells, missing values as ``None`` (see :func:`frame_cells`)."""
    kind = _kind(frame)
    if kind == "pandas":
        series = frame[name]
        if series.dtype == object and _all_text(series):  # texts only: nothing is missing
            return series.to_numpy() if arrays else series.tolist()  # type: ignore[no-any-return]
        values = series.tolist() if series.dtype == object else series.astype(object).tolist()
        if series.hasnans:
            mask = series.isna().tolist()
            values = [None if m else v for v, m in zip(values, mask, strict=True)]
        return values  # type: ignore[no-any-return]
    if kind == "pyarrow":
        return frame.column(name).to_pylist()  # type: ignore[no-any-return]
    values = frame[name].to_list()
    return [None if _empty(v) else v for v in values]


def frame_cells(
    frame: Any, columns: Sequence[TemplateColumn], *, arrays: bool = False
) -> tuple[dict[str, Sequence[object]], int, dict[str, str]]:
    """``(cells by field, rows, field -> the frame's column name)`` of a frame.

    :param columns: the pack's template columns (canonical headers are read too).
    :param arrays: a pandas column of text only may come as its object array
        (the frame's own, not a copy: read it, do not change it) rather than a
        list; :func:`~mutualaid.roster.member_cells.check_member_cells` then
        reuses it instead of making the array again. Since 0.4.
    :raises MissingColumn: a required column is missing (named in Chinese, as in a file).
    """
    names = _names(frame)
    fields: dict[str, str] = {}
    header_map = map_headers(names, columns)
    for field, index in header_map.fields.items():
        fields[field] = names[index]
    for name in names:
        if name in FIELDS and name not in fields:
            fields[name] = name
    missing = [c for c in columns if c.required and c.field not in fields]
    if missing:
        said = "、".join(c.header for c in missing)
        raise MissingColumn(
            f"the frame has no column for {said}",
            hint="Name the columns as the roster template does (姓名, 证件号码, ...) "
            "or by the canonical field names (name, id_number, ...).",
            missing=tuple(c.header for c in missing),
        )
    cells = {field: _column(frame, name, arrays) for field, name in fields.items()}
    return cells, frame_length(frame), fields
