"""RosterReport's compact JSON: the same bytes as ``json.dumps(to_dict())``, made faster.

``to_json()`` writes clean rows from a format string and the rest through the
C encoder, a few thousand rows a piece; these tests hold it to the plain
``json.dumps`` of :meth:`RosterReport.to_dict` (pieces of every size, merged
reports, rows out of order), and :meth:`RosterReport.flagged` to the rows
with findings among :meth:`RosterReport.rows`.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roster_helpers import ON, PLAN, raw, resident_id

import mutualaid.roster.report as report_module
from mutualaid.roster.report import RosterReport
from mutualaid.roster.validation import RosterRules, validate_rows

RULES = RosterRules(PLAN, ON, tier_code="T60", over_retirement_needs_proof=True)

#: ID numbers of every kind of row: clean, over the retirement age (needs material),
#: too young, wrong check digit, empty, too short; a repeated one is a duplicate.
NUMBERS = st.one_of(
    st.builds(
        lambda d, s: resident_id(d, serial=s),
        st.dates(date(1940, 1, 1), date(2015, 1, 1)),
        st.integers(0, 3),
    ),
    st.sampled_from(["", "123", "11010519900101001X", None]),
)


def compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def checked(numbers: list[str | None], *, file: str = "r.xlsx", start: int = 2) -> RosterReport:
    rows = [
        raw(start + i, name="甲" if n else None, id_number=n or None, mobile="13912345678")
        for i, n in enumerate(numbers)
    ]
    return validate_rows(rows, RULES, file=file, declared=3)


@settings(max_examples=40, deadline=None)
@given(st.lists(NUMBERS, max_size=12), st.integers(1, 4))
def test_compact_json_is_json_dumps_of_to_dict(numbers: list[str | None], chunk_rows: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_module, "_CHUNK_ROWS", chunk_rows)  # pieces of every size
        report = checked(numbers)
        text = report.to_json()
        out = io.StringIO()
        report.write_json(out)
    assert text == compact(report.to_dict())
    assert out.getvalue() == text
    data = json.loads(text)
    assert [r["row"] for r in data["rows"]] == [r.row for r in report.rows()]
    assert json.loads(report.to_json(indent=2)) == data


@settings(max_examples=30, deadline=None)
@given(st.lists(NUMBERS, max_size=10), st.lists(NUMBERS, max_size=10))
def test_a_merged_report_names_each_rows_file(
    first: list[str | None], fixed: list[str | None]
) -> None:
    earlier = checked(first, file="a.xlsx")
    merged = earlier.merge(checked(fixed, file="b.xlsx"))
    data = merged.to_dict()
    assert merged.to_json() == compact(data)
    assert all(row["file"] in ("a.xlsx", "b.xlsx") for row in data["rows"])
    files = [row["file"] for row in data["rows"]]
    assert files == sorted(files)  # a.xlsx's rows first, each file's in row order


@settings(max_examples=30, deadline=None)
@given(st.lists(NUMBERS, max_size=12))
def test_flagged_is_the_rows_with_findings_in_order(numbers: list[str | None]) -> None:
    report = checked(numbers)
    expected = [(r.row, r.status, r.findings) for r in report.rows() if r.findings]
    assert [(r.row, r.status, r.findings) for r in report.flagged()] == expected


def test_rows_given_out_of_order_come_out_sorted() -> None:
    numbers = [resident_id(date(1990, 1, 1), serial=s) for s in range(3)]
    rows = [raw(n, name="甲", id_number=i) for n, i in zip((9, 3, 5), numbers, strict=True)]
    report = validate_rows([*rows, raw(4, name="乙", id_number="123")], RULES)
    data = json.loads(report.to_json())
    assert [r["row"] for r in data["rows"]] == [3, 4, 5, 9]
    assert report.to_json() == compact(report.to_dict())


def test_a_report_without_rows() -> None:
    report = validate_rows([], RULES)
    data = json.loads(report.to_json())
    assert data["rows"] == [] and data["roster_findings"][0]["code"] == "roster.empty"
    assert report.to_json() == compact(report.to_dict())


def test_clean_rows_and_the_rest_in_the_compact_text() -> None:
    report = checked([resident_id(date(1990, 1, 1)), "123"])
    text = report.to_json()
    assert text.startswith('{"pack":null,"plan":"YY-HOSP-2026","rows":[')
    assert '{"row":2,"status":"accepted","findings":[]}' in text
    assert '"status":"rejected","findings":[{"code":"id.format","severity":"error"' in text
    assert text.endswith('"amount_due":"60.00"}}')
    assert "\n" not in text and '"row": ' not in text and "}, {" not in text
