"""Two evaluations side by side: :func:`compare` and its :class:`Comparison`.

Counts of members by status, and the money (price, member part, subsidy)
and headcount of the members who go through by tier and age band, before
and after (a reform, another day, another plan), as tables; and as a chart
where an analyst would rather look (matplotlib, the ``plot`` extra).

>>> from datetime import date
>>> import pandas as pd
>>> from mutualaid.batch import evaluate, what_if
>>> members = pd.DataFrame({"姓名": ["甲", "乙"],
...                         "证件号码": ["110105198801010014", "110105196601010010"]})
>>> day = date(2026, 1, 15)
>>> before = evaluate(members, pack="yiyang", plan="YY-HOSP-2026", tier="T60", on=day)
>>> after = evaluate(members, pack=what_if("yiyang", **{"age.maximum": 55}),
...                  plan="YY-HOSP-2026", tier="T60", on=day)
>>> c = compare(before, after)
>>> print(c.counts.to_string())
                before  after  change
status
accepted             2      1      -1
needs_material       0      0       0
rejected             0      1       1
>>> print(c.totals[["members_change", "price_before", "price_after", "price_change"]].to_string())
                members_change price_before price_after price_change
tier age_band
T60  30-39                   0        60.00       60.00         0.00
     60+                    -1        60.00        0.00       -60.00
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from mutualaid.rules.columnar import STATUS_NAMES

if TYPE_CHECKING:
    import pandas

__all__ = ["AGE_BANDS", "Comparison", "age_band", "compare"]

#: Age bands: (label, first age, last age).
AGE_BANDS: Final = (
    ("<16", -1000, 15),
    ("16-29", 16, 29),
    ("30-39", 30, 39),
    ("40-49", 40, 49),
    ("50-59", 50, 59),
    ("60+", 60, 1000),
)


def age_band(age: object) -> str:
    """The band of an age (``"?"`` when unknown).

    >>> age_band(35), age_band(None), age_band(61)
    ('30-39', '?', '60+')
    """
    try:
        years = int(age)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "?"
    for label, low, high in AGE_BANDS:
        if low <= years <= high:
            return label
    return "?"  # pragma: no cover


def _totals(frame: pandas.DataFrame) -> pandas.DataFrame:
    import pandas

    going = frame[frame["status"] != "rejected"]
    keys = pandas.DataFrame(
        {
            "tier": going["tier"].fillna("—").to_numpy(),
            "age_band": [age_band(a) for a in going["age"].astype(object).tolist()],
            "price": going["price"].to_numpy(),
        }
    )
    grouped = keys.groupby(["tier", "age_band"], sort=True)["price"]
    return pandas.DataFrame(
        {"members": grouped.size(), "price": grouped.agg(lambda s: sum(s, Decimal("0.00")))}
    )


@attrs.frozen(eq=False)
class Comparison:
    """Two evaluations compared (see the module).

    :param counts: members by status: ``before``, ``after``, ``change``.
    :param totals: by tier and age band, of the members who go through:
        ``members_before``, ``members_after``, ``members_change``,
        ``price_before``, ``price_after``, ``price_change`` (Decimal).
    """

    counts: pandas.DataFrame
    totals: pandas.DataFrame

    def plot(self, ax: Any = None) -> Any:
        """A bar chart of the price by tier and age band, before and after (matplotlib).

        :returns: the matplotlib Figure.
        """
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("plot needs matplotlib: pip install mutualaid[plot]") from exc
        if ax is None:
            _fig, ax = plt.subplots(figsize=(8, 4))
        labels = [f"{tier} {band}" for tier, band in self.totals.index]
        positions = list(range(len(labels)))
        before = [float(v) for v in self.totals["price_before"]]
        after = [float(v) for v in self.totals["price_after"]]
        ax.bar([p - 0.2 for p in positions], before, width=0.4, label="before")
        ax.bar([p + 0.2 for p in positions], after, width=0.4, label="after")
        ax.set_xticks(positions, labels, rotation=45, ha="right")
        ax.set_ylabel("price (yuan)")
        ax.legend()
        ax.figure.tight_layout()
        return ax.figure


def compare(before: pandas.DataFrame, after: pandas.DataFrame) -> Comparison:
    """Compare two outputs of :func:`mutualaid.batch.evaluate` (see the module)."""
    import pandas

    counts = pandas.DataFrame(
        {
            "before": before["status"].value_counts().reindex(STATUS_NAMES, fill_value=0),
            "after": after["status"].value_counts().reindex(STATUS_NAMES, fill_value=0),
        }
    )
    counts.index.name = "status"
    counts["change"] = counts["after"] - counts["before"]
    old, new = _totals(before), _totals(after)
    index = old.index.union(new.index)
    zero = Decimal("0.00")
    old, new = old.reindex(index), new.reindex(index)
    totals = pandas.DataFrame(
        {
            "members_before": old["members"].fillna(0).astype(int),
            "members_after": new["members"].fillna(0).astype(int),
        },
        index=index,
    )
    totals["members_change"] = totals["members_after"] - totals["members_before"]
    price_old = [zero if v is None or v != v else v for v in old["price"].tolist()]
    price_new = [zero if v is None or v != v else v for v in new["price"].tolist()]
    totals["price_before"] = price_old
    totals["price_after"] = price_new
    totals["price_change"] = [b - a for a, b in zip(price_old, price_new, strict=True)]
    return Comparison(counts, totals)
