"""The 2023 permanent residence ID as its own ID type, and unknown county codes, on every path.

Issue 12, item 17. ``mutualaid check`` (a CSV roster with an ID-type column),
:func:`mutualaid.batch.evaluate` (a frame), the life cycle's member checks
(:meth:`PackView.member_findings`) and the notebook say the same:

* a foreigner's permanent residence ID number (外国人永久居留身份证, National
  Immigration Administration, 2023: 18 characters, first digit 9, the check
  character of GB 11643) is accepted under its own type, with gender and
  birth date from their columns; a wrong check character, a resident ID
  number under that type, or a permanent residence number under 居民身份证 are
  ``id.format`` / ``id.checksum`` errors that say which;
* a valid resident ID number whose county code (GB/T 2260) no list held up to
  the day of the check draws the warning ``id.unknown_division`` and stays
  accepted; the day decides, not the birth date (延庆区 110119, listed from 2015).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.batch import evaluate
from mutualaid.ids.divisions import first_years, is_known_division
from mutualaid.ids.resident_id import check_digit
from mutualaid.model import Gender, IdType, Member
from mutualaid.notebook import evaluate as notebook_evaluate
from mutualaid.roster.validation import check_roster
from mutualaid.rules import RuleEngine
from mutualaid.rules.columnar.divisions import unknown_division_codes
from mutualaid.testing.members import resident_id

ENGINE = RuleEngine.from_entry_points()
VIEW = ENGINE.pack("yiyang")
PLAN, TIER, ON = "YY-HOSP-2026", "T60", date(2026, 1, 15)
PR_TYPE = IdType.FOREIGN_PERMANENT_RESIDENCE.label  # 外国人永久居留身份证


def pr_number(first17: str) -> str:
    return first17 + check_digit(first17)


GOOD_PR = pr_number("91115619880101001")  # 911156198801010014
OTHER_PR = pr_number("91115619900101002")
ROWS: list[dict[str, Any]] = [
    # 0 a permanent residence ID number under its type: accepted
    {
        "姓名": "John Smith",
        "证件类型": PR_TYPE,
        "证件号码": GOOD_PR,
        "性别": "男",
        "出生日期": "1988-01-01",
    },
    # 1 another, written in groups, under the type's short name 永居证
    {
        "姓名": "Anna Li",
        "证件类型": "永居证",
        "证件号码": f"{OTHER_PR[:6]} {OTHER_PR[6:14]} {OTHER_PR[14:]}",
        "性别": "女",
        "出生日期": "1990-01-01",
    },
    # 2 its check character wrong
    {
        "姓名": "Bob",
        "证件类型": PR_TYPE,
        "证件号码": GOOD_PR[:17] + "5",
        "性别": "男",
        "出生日期": "1988-01-01",
    },
    # 3 a resident ID number under the permanent residence type
    {
        "姓名": "张三",
        "证件类型": PR_TYPE,
        "证件号码": resident_id(date(1988, 1, 1)),
        "性别": "男",
        "出生日期": "1988-01-01",
    },
    # 4 a permanent residence number under 居民身份证
    {
        "姓名": "Carl",
        "证件类型": "居民身份证",
        "证件号码": pr_number("91115619750101003"),
        "性别": "男",
        "出生日期": "1975-01-01",
    },
    # 5 seventeen characters
    {
        "姓名": "Dora",
        "证件类型": PR_TYPE,
        "证件号码": GOOD_PR[:17],
        "性别": "女",
        "出生日期": "1988-01-01",
    },
    # 6 a county code no list ever held: a warning, accepted
    {
        "姓名": "李四",
        "证件类型": "居民身份证",
        "证件号码": resident_id(date(1990, 5, 6), area="119999"),
        "性别": None,
        "出生日期": None,
    },
    # 7 延庆区 (110119), listed since 2015, for a woman born in 1990: known on the day
    {
        "姓名": "王五",
        "证件类型": "居民身份证",
        "证件号码": resident_id(date(1990, 5, 6), "female", area="110119"),
        "性别": None,
        "出生日期": None,
    },
]
EXPECTED = [
    ("accepted", []),
    ("accepted", []),
    ("rejected", ["id.checksum"]),
    ("rejected", ["id.format"]),
    ("rejected", ["id.format"]),
    ("rejected", ["id.format"]),
    ("accepted", ["id.unknown_division"]),
    ("accepted", []),
]


def _said(findings: Any) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity.value, f.message) for f in findings]


def test_check_and_batch_agree_on_permanent_residence_ids_and_county_codes(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows([{k: "" if v is None else v for k, v in r.items()} for r in ROWS])
    report = check_roster(path, pack=VIEW, plan=PLAN, tier=TIER, on=ON)
    rows = {r.row - 2: r for r in report.rows()}
    frame = pd.DataFrame(ROWS).astype(object)
    frame = frame.where(frame.notna(), None)
    batch = evaluate(frame, pack=VIEW, plan=PLAN, tier=TIER, on=ON, detail=True)
    for i, (status, codes) in enumerate(EXPECTED):
        assert (rows[i].status.value, [f.code for f in rows[i].findings]) == (status, codes), i
        assert batch["status"].iloc[i] == status, i
        assert _said(batch["findings"].iloc[i]) == _said(rows[i].findings), i
    messages = {f.code: f.message for i in range(len(ROWS)) for f in rows[i].findings}
    assert "证件号码前6位119999" in messages["id.unknown_division"]
    said = {i: [f.message for f in rows[i].findings] for i in (3, 4)}
    assert "首位须为9" in said[3][0]
    assert "请将证件类型选为外国人永久居留身份证" in said[4][0]
    accepted = [m for m in report.members() if m.id_type is IdType.FOREIGN_PERMANENT_RESIDENCE]
    assert [(m.id_number, m.gender, m.birth_date) for m in accepted] == [
        (GOOD_PR, Gender.MALE, date(1988, 1, 1)),
        (OTHER_PR, Gender.FEMALE, date(1990, 1, 1)),
    ]
    assert report.summary.amount_due == sum(p for p in batch["price"] if p is not None)


def test_a_single_member_with_a_permanent_residence_id_or_an_unknown_county() -> None:
    plan = VIEW.plan(PLAN, ON)
    foreigner = Member(
        "John Smith", IdType.FOREIGN_PERMANENT_RESIDENCE, GOOD_PR, Gender.MALE, date(1988, 1, 1)
    )
    unknown = Member.from_resident_id("李四", resident_id(date(1990, 5, 6), area="119999"))
    yanqing = Member.from_resident_id("王五", resident_id(date(1990, 5, 6), area="110119"))
    assert VIEW.member_findings(foreigner, plan, ON) == ()
    found = VIEW.member_findings(unknown, plan, ON)
    assert [(f.code, f.severity.value) for f in found] == [("id.unknown_division", "warning")]
    assert VIEW.member_findings(yanqing, plan, ON) == ()
    # judged on the day: before 2015 no list held 110119 (whatever the birth date)
    earlier = VIEW.member_findings(yanqing, VIEW.plan(PLAN, ON), date(2014, 6, 1))
    assert "id.unknown_division" in [f.code for f in earlier]
    scenario = notebook_evaluate(VIEW, [foreigner, unknown, yanqing], plan=PLAN, tier=TIER, on=ON)
    assert [[f.code for f in r.findings] for r in scenario.rows] == [
        [],
        ["id.unknown_division"],
        [],
    ]
    assert all(r.price is not None for r in scenario.rows)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(-3, 1_000_002), min_size=1, max_size=50),
    st.integers(1, 400),
    st.dates(date(1975, 1, 1), date(2040, 12, 31)),
)
def test_county_codes_of_a_large_batch_are_judged_as_one_at_a_time(
    picked: list[int], copies: int, on: date
) -> None:
    # from 16,384 codes divisions.unknown_division_codes looks them up in a table by code
    listed, _years = first_years()
    pattern = [*picked, *listed[:: max(1, len(listed) // 40)]]
    expected = [not (0 <= v < 1_000_000 and is_known_division(f"{v:06d}", on=on)) for v in pattern]
    got = unknown_division_codes(np.tile(np.array(pattern, dtype=np.int64), copies), on)
    assert got.tolist() == expected * copies


def test_every_listed_code_in_every_year_is_judged_alike_in_large_and_small_batches() -> None:
    listed, years = first_years()
    values = np.array([*listed, *range(-2, 1_000_003, 97)], dtype=np.int64)  # listed and not
    assert len(values) > 16_384  # a large batch: looked up by code
    for year in range(min(years) - 1, max(years) + 2):
        on = date(year, 7, 1)
        small = [
            unknown_division_codes(values[i : i + 8_000], on) for i in range(0, len(values), 8_000)
        ]
        assert unknown_division_codes(values, on).tolist() == np.concatenate(small).tolist(), year
