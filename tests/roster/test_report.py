"""RosterReport: rows in order, counts that add up, JSON shape, DataFrame, notebook HTML (masked)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roster_helpers import ON, PLAN, raw, resident_id

from mutualaid.roster.report import RowStatus, Summary
from mutualaid.roster.validation import RosterRules, validate_rows

RULES = RosterRules(PLAN, ON, tier_code="T60", over_retirement_needs_proof=True)


def sample():  # type: ignore[no-untyped-def]
    return validate_rows(
        [
            raw(
                2,
                name="张三",
                id_number=resident_id(date(1990, 1, 1), serial=1),
                mobile="13912345678",
            ),
            raw(3, name="李四", id_number="12345"),
            raw(4, name=None, id_number=None),
            raw(5, name="王五", id_number=resident_id(date(1960, 1, 1), serial=2)),
        ],
        RULES,
        file="r.xlsx",
    )


def test_rows_in_order_with_statuses() -> None:
    report = sample()
    assert [(r.row, r.status) for r in report] == [
        (2, RowStatus.ACCEPTED),
        (3, RowStatus.REJECTED),
        (5, RowStatus.NEEDS_MATERIAL),
    ]
    assert len(report) == 3
    assert [f.row for f in report.findings()] == [3, 5]
    assert report.summary == Summary(3, 1, 1, 1, 1, report.summary.amount_due)
    assert str(report.summary.amount_due) == "120.00"
    assert report.roster().headcount == 2 and report.exit_code == 1


def test_json_shape() -> None:
    data = json.loads(sample().to_json())
    assert list(data) == ["pack", "plan", "rows", "roster_findings", "summary"]
    assert data["pack"] is None and data["plan"] == "YY-HOSP-2026"
    assert [r["status"] for r in data["rows"]] == ["accepted", "rejected", "needs_material"]
    assert data["rows"][2]["findings"][0]["code"] == "age.over_retirement"
    assert data["summary"]["amount_due"] == "120.00"


def test_notebook_html_masks_ids() -> None:
    report = sample()
    html = report._repr_html_()
    assert "<table>" in html and "需补充材料" in html and "未通过" in html
    for member in report.members():
        assert member.id_number not in html
    assert "110105********" in html


def test_dataframe_masks_unless_asked() -> None:
    import pandas  # noqa: F401  (in the test extra, so this test always runs)

    report = sample()
    frame = report.to_dataframe()
    assert list(frame["row"]) == [2, 3, 5]
    assert list(frame["status"]) == ["accepted", "rejected", "needs_material"]
    assert frame.loc[0, "mobile"] == "139****5678"
    assert report.members()[0].id_number not in frame.to_string()
    full = report.to_dataframe(reveal=True)
    assert full.loc[0, "id_number"] == report.members()[0].id_number


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.builds(
                lambda d, s: resident_id(d, serial=s),
                st.dates(date(1940, 1, 1), date(2015, 1, 1)),
                st.integers(0, 3),
            ),
            st.sampled_from(["", "123", "11010519900101001X", None]),
        ),
        max_size=25,
    )
)
def test_every_row_comes_out_once_and_the_counts_add_up(numbers: list[str | None]) -> None:
    rows = [
        raw(i + 2, name="甲" if n else None, id_number=n or None) for i, n in enumerate(numbers)
    ]
    report = validate_rows(rows, RULES)
    s = report.summary
    assert s.rows + s.blank == len(rows)
    assert s.rows == s.accepted + s.needs_material + s.rejected
    seen = [r.row for r in report]
    assert seen == sorted(seen) and len(set(seen)) == s.rows
    assert s.amount_due == 60 * s.going_through


def test_application_rules_with_the_checked_roster(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from roster_helpers import write_xlsx, yiyang

    from mutualaid.model.application import Application, DeclaredCounts
    from mutualaid.roster.validation import check_roster

    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["张三", "居民身份证", resident_id(date(1990, 1, 1))],
            ["陈三", "居民身份证", resident_id(date(1970, 6, 1), "female", serial=8)],
        ],
    )
    report = check_roster(path, pack=yiyang(), plan="YY-HOSP-2026", tier="T60")
    line = report.application_line()
    assert (line.plan_code, line.tier_code, line.headcount) == ("YY-HOSP-2026", "T60", 2)
    draft = Application("A1", "U1", "yiyang")
    codes = [f.code for f in report.application_findings(draft)]
    assert sorted(codes) == ["application.declared_missing", "yiyang.over_age_review"]
    declared = Application(
        "A1", "U1", "yiyang", declared=DeclaredCounts(medical_insurance_headcount=2)
    )
    assert [f.code for f in report.application_findings(declared)] == ["yiyang.over_age_review"]
    with pytest.raises(ValueError, match="without a pack"):
        sample().application_findings(draft)
