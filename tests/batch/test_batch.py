"""mutualaid.batch: frames in (pandas, pyarrow, polars), one row out per row in, reforms, comparisons.

The member rules are the packs' (Yiyang: 益阳市职工互助保障 manual, the
over-age roster rule of 004; ages under 《国务院关于渐进式延迟法定退休年龄的决定》).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import matplotlib
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.batch import compare, evaluate, what_if
from mutualaid.batch.evaluation import _distinct
from mutualaid.errors import MissingColumn
from mutualaid.ids.resident_id import check_digit

matplotlib.use("Agg")

ON = date(2026, 1, 15)
YIYANG = {"pack": "yiyang", "plan": "YY-HOSP-2026", "tier": "T60", "on": ON}


def rid(first17: str) -> str:
    return first17 + check_digit(first17)


def _members() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "姓 名": ["张三", "李四", "王五", None, "赵六", "钱七"],
            "身份证号": [
                rid("11010519880101001"),
                rid("11010519600101002"),  # a woman of 66, not retired: the over-age proof
                "110105198801010015",  # check digit wrong
                rid("11010519900101003"),  # no name
                float("nan"),  # no ID number
                rid("11010519880101001"),  # the same person as row 2
            ],
            "手机号码": ["13912345678", None, None, None, None, "139123"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )


def test_one_row_per_input_row_in_input_order() -> None:
    out = evaluate(_members(), **YIYANG)
    assert list(out.index) == [10, 11, 12, 13, 14, 15]
    assert out["status"].tolist() == [
        "accepted",
        "needs_material",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
    ]
    assert out["codes"].tolist() == [
        [],
        ["age.over_retirement"],
        ["id.checksum"],
        ["field.required"],
        ["field.required"],
        ["phone.format", "id.duplicate"],
    ]
    assert out["codes"].explode().value_counts()["field.required"] == 2  # lists, not strings
    assert out["age"].tolist()[:2] == [38, 66]
    assert out["over_retirement"].tolist()[:3] == [False, True, False]
    assert out["severity"].tolist()[:3] == [None, "needs_material", "error"]
    assert out["blocking"].tolist() == [False, False, True, True, True, True]
    assert out["price"].tolist()[:3] == [Decimal("60.00"), Decimal("60.00"), None]
    assert out["effective_date"].tolist()[:3] == [date(2026, 1, 1), date(2026, 1, 1), None]


def test_pandas_arrow_and_polars_frames_give_the_same_rows() -> None:
    frame = _members().reset_index(drop=True)
    frame["身份证号"] = frame["身份证号"].astype(object).where(frame["身份证号"].notna(), None)
    want = evaluate(frame, **YIYANG)
    for other in (pa.Table.from_pandas(frame), pl.from_pandas(frame)):
        got = evaluate(other, **YIYANG)
        pd.testing.assert_frame_equal(got, want)


def test_canonical_field_names_are_columns_too() -> None:
    frame = pd.DataFrame({"name": ["张三"], "id_number": [rid("11010519880101001")]})
    assert evaluate(frame, **YIYANG)["status"].tolist() == ["accepted"]


def test_a_frame_without_id_numbers_is_refused() -> None:
    with pytest.raises(MissingColumn, match="证件号码"):
        evaluate(pd.DataFrame({"姓名": ["张三"]}), **YIYANG)


def test_detail_gives_the_messages() -> None:
    out = evaluate(_members(), detail=True, **YIYANG)
    assert out.loc[12, "messages"] == ["证件号码末位校验码不正确，请对照身份证重新输入"]
    assert out.loc[15, "findings"][1].params["first_row"] == 2


def test_what_if_changes_a_dated_parameter_without_copying_the_pack() -> None:
    reform = what_if("yiyang", **{"age.maximum": {date(2026, 1, 1): 60}})
    assert reform.plans(ON) == reform.base.plans(ON)  # the same pack answers
    before = evaluate(_members(), **YIYANG)
    after = evaluate(_members(), **{**YIYANG, "pack": reform})
    assert after.loc[11, "codes"] == ["age.above_maximum", "age.over_retirement"]
    comparison = compare(before, after)
    assert comparison.counts.loc["needs_material", "change"] == -1
    assert comparison.counts.loc["rejected", "change"] == 1
    assert comparison.totals.loc[("T60", "60+"), "price_change"] == Decimal("-60.00")
    figure = comparison.plot()
    assert figure.axes and figure.axes[0].get_ylabel() == "price (yuan)"


@settings(max_examples=200)
@given(st.lists(st.integers(-1, 10**7), max_size=50))
def test_distinct_amounts_are_numpy_unique(amounts: list[int]) -> None:
    """The counting table used for close amounts answers as ``np.unique`` does."""
    fen = np.array(amounts, dtype=np.int64)
    unique, inverse = _distinct(fen)
    expected, where = np.unique(fen, return_inverse=True)
    assert unique.tolist() == expected.tolist()
    assert inverse.tolist() == where.reshape(-1).tolist()
