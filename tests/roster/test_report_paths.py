"""A file checked through its cell rows gives the report its RawRows give.

:func:`~mutualaid.roster.validation.check_file` feeds the validation the
reader's cell tuples (:meth:`RosterSource.cell_rows`), indexed by the header
map, without a dict per row; :func:`~mutualaid.roster.validation.validate_rows`
takes :class:`RawRow` objects. Both must judge every row alike, whatever the
columns (extra, missing, reordered), blank rows and bad cells.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from roster_helpers import HEADER, ON, bad_rows, write_xlsx, yiyang

from mutualaid.roster.readers import open_roster
from mutualaid.roster.report import RosterReport
from mutualaid.roster.validation import RosterRules, check_file, validate_rows

ENGINES = ("calamine", "stream", "openpyxl", "numpy")


def rules() -> RosterRules:
    return RosterRules.from_pack(yiyang(), "YY-HOSP-2026", tier="T60", on=ON)


def both(path: Path, engine: str) -> tuple[RosterReport, RosterReport]:
    r = rules()
    by_cells = check_file(path, r, declared=5, engine=engine)  # type: ignore[arg-type]
    with open_roster(path, columns=r.columns, engine=engine) as source:  # type: ignore[arg-type]
        by_rows = validate_rows(
            source.rows(), r, headers=source.header_map, file=path.name, declared=5
        )
    return by_cells, by_rows


def same(a: RosterReport, b: RosterReport) -> None:
    assert a.to_json() == b.to_json()
    assert a.summary == b.summary
    assert [(x.row, x.cells) for x in a.failed()] == [(x.row, x.cells) for x in b.failed()]
    assert a.members() == b.members()


@pytest.mark.parametrize("engine", ENGINES)
def test_every_kind_of_bad_row(tmp_path: Path, engine: str) -> None:
    rows, expected = bad_rows()
    a, b = both(write_xlsx(tmp_path / "r.xlsx", rows), engine)
    same(a, b)
    codes = {r.row: {f.code for f in r.findings} for r in a.rows()}
    assert codes == expected


@pytest.mark.parametrize("seed", range(4))
def test_columns_shuffled_dropped_and_added(tmp_path: Path, seed: int) -> None:
    chance = random.Random(seed)
    rows, _expected = bad_rows()
    keep = [0, 2, *chance.sample(range(len(HEADER)), k=chance.randint(2, len(HEADER)))]
    order = list(dict.fromkeys(keep))  # name and ID number (required) always kept
    chance.shuffle(order)
    header = [HEADER[i] for i in order] + ["备注"]  # a column no field maps
    table = [
        [row[i] if i < len(row) else None for i in order] + [chance.choice([None, "x"])]
        for row in rows
    ]
    table.insert(4, [None] * len(header))  # one more blank row in the middle
    path = write_xlsx(tmp_path / "r.xlsx", table, header=header)
    for engine in ENGINES:
        same(*both(path, engine))


def test_a_csv_file(tmp_path: Path) -> None:
    rows, _expected = bad_rows()
    path = tmp_path / "r.csv"
    lines = [",".join(HEADER)]
    lines += [",".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n,,,\n", encoding="utf-8")
    same(*both(path, "auto"))
