"""The Dask adapter on a real LocalCluster: two worker processes, one thread each.

Any split into partitions gives the same rows as one process, row by row,
duplicates across partitions included (the first row named is the whole
frame's).
"""

from __future__ import annotations

import random
from datetime import date

import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from mutualaid.batch import evaluate, what_if
from mutualaid.batch.dask import evaluate_partitions
from mutualaid.ids.resident_id import check_digit

ON = date(2026, 1, 15)


def _population(n: int, seed: int = 8) -> pd.DataFrame:
    rng = random.Random(seed)
    names, ids, genders, births = [], [], [], []
    for i in range(n):
        born = date(1950 + rng.randrange(60), 1 + rng.randrange(12), 1 + rng.randrange(28))
        first17 = f"110105{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = first17 + check_digit(first17)
        kind = rng.random()
        if kind < 0.05:
            number = number[:17] + ("0" if number[17] != "0" else "1")  # wrong check digit
        elif kind < 0.10 and ids:
            number = ids[rng.randrange(len(ids))]  # a duplicate, maybe in another partition
        names.append(f"职工{i}" if rng.random() > 0.02 else None)
        ids.append(number)
        genders.append(rng.choice(["男", "女", None, "x"]))
        births.append(born.isoformat() if rng.random() < 0.3 else None)
    return pd.DataFrame({"姓名": names, "证件号码": ids, "性别": genders, "出生日期": births})


@pytest.fixture(scope="module")
def client() -> Client:
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as c:
        yield c


@pytest.mark.parametrize("partitions", [1, 3, 7])
def test_partitions_give_the_rows_of_one_process(client: Client, partitions: int) -> None:
    frame = _population(600)
    pack = what_if("yiyang", **{"age.maximum": 62})  # a reform travels by name and changes
    args = {"pack": pack, "plan": "YY-HOSP-2026", "tier": "T60", "on": ON, "detail": True}
    one = evaluate(frame, **args)
    assert len(client.scheduler_info()["workers"]) == 2
    lazy = evaluate_partitions(dd.from_pandas(frame, npartitions=partitions), **args)
    many = lazy.compute()
    assert lazy.npartitions == partitions
    assert list(many.index) == list(one.index)
    for column in one.columns:
        assert many[column].tolist() == one[column].tolist(), column
    assert (one["codes"].map(lambda c: "id.duplicate" in c)).sum() > 10
    assert (one["codes"].map(lambda c: "age.above_maximum" in c)).sum() > 10
