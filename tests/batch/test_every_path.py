"""One member, four paths, the same answer (issue 8, Done when).

Over every bundled pack and random members (every ID type, both genders,
ages 0 to 100 including birthdays on the day and 29 February births, bad
cells), ``mutualaid check`` (:func:`~mutualaid.roster.validation.check_roster`
on a CSV file, the CLI's path), the life cycle's member checks
(:meth:`PackView.member_findings <mutualaid.rules.view.PackView.member_findings>`),
the notebook (:func:`mutualaid.notebook.evaluate`) and
:func:`mutualaid.batch.evaluate` report the same findings (code, severity,
message) and the same prices. Rows whose cells are bad reach no member
object: for them the two paths that read cells (check and batch) agree.

Ages follow 《中华人民共和国劳动法》第十五条 (16) and the packs' limits; the
statutory retirement age the decision of 2024 (附件1-3).
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.batch import evaluate
from mutualaid.dates import add_years_months
from mutualaid.ids.resident_id import check_digit
from mutualaid.model.columns import CANONICAL_COLUMNS
from mutualaid.model.kinds import Gender, IdType
from mutualaid.model.member import Member
from mutualaid.notebook import evaluate as notebook_evaluate
from mutualaid.roster.validation import check_roster
from mutualaid.rules import RuleEngine
from mutualaid.rules.view import PackView

ENGINE = RuleEngine.from_entry_points()
PACKS = ("weihai", "guangdong", "shenzhen", "linyi", "yiyang")
OTHER_TYPES = [t for t in IdType if not t.carries_birth_date]
GENDER_WORDS = {Gender.MALE: "男", Gender.FEMALE: "女"}


def _plans(name: str) -> list[tuple[str, date, str | None]]:
    view = ENGINE.pack(name)
    found = []
    for plan in view.plans():
        on = plan.coverage.start + timedelta(days=20)
        found.append((plan.code, on, plan.tiers[0].code if plan.tiers else None))
    return found


CASES = [(name, *plan) for name in PACKS for plan in _plans(name)]


@st.composite
def people(draw: st.DrawFn, on: date) -> dict[str, Any]:
    """One roster row's cells, and the member it describes when the cells are good."""
    kind = draw(st.sampled_from(["resident", "resident", "hmt", "other", "bad"]))
    gender = draw(st.sampled_from([Gender.MALE, Gender.FEMALE]))
    years = draw(st.integers(0, 100))
    how = draw(st.sampled_from(["birthday", "leap", "any"]))
    if how == "birthday":
        born = add_years_months(on, -years)  # the birthday is the day of the check
    elif how == "leap":
        year = draw(st.sampled_from([y for y in range(on.year - 100, on.year + 1) if y % 4 == 0]))
        born = min(date(year, 2, 29), on)
    else:
        born = on - timedelta(days=draw(st.integers(0, 36_600)))
    born = max(born, date(1920, 1, 1))
    name = draw(st.sampled_from(["张三", "李 四", "Anna Li", "王五"]))
    serial = draw(st.integers(0, 49)) * 2 + (1 if gender is Gender.MALE else 0)
    # 119999: a county code no list ever held (id.unknown_division, a warning on every path)
    region = "810000" if kind == "hmt" else draw(st.sampled_from(["110105", "430902", "119999"]))
    first17 = f"{region}{born:%Y%m%d}{serial:03d}"
    number = first17 + check_digit(first17)
    flags = {
        "retired": draw(st.booleans()),
        "dispatched": draw(st.booleans()),
        "own_social_security": draw(st.booleans()),
    }
    row: dict[str, Any] = {
        "name": name,
        "id_type": "居民身份证",
        "id_number": number,
        "gender": None,
        "birth_date": None,
        **{field: "是" if value else "否" for field, value in flags.items()},
    }
    member: Member | None
    if kind in ("resident", "hmt"):
        id_type = IdType.RESIDENT_ID if kind == "resident" else IdType.HMT_RESIDENCE_PERMIT
        row["id_type"] = id_type.label
        if draw(st.booleans()):
            row["gender"] = GENDER_WORDS[gender]
            row["birth_date"] = born.isoformat()
        member = Member(name.strip(), id_type, number, gender, born)
    elif kind == "other":
        id_type = draw(st.sampled_from(OTHER_TYPES))
        row["id_type"] = id_type.label
        if id_type is IdType.FOREIGN_PERMANENT_RESIDENCE:  # the 2023 card: 9, GB 11643's check
            first = f"9{draw(st.sampled_from(['11', '31', '44']))}840{born:%Y%m%d}{serial:03d}"
            row["id_number"] = first + check_digit(first)
        else:
            row["id_number"] = draw(st.sampled_from(["E12345678", "H0123456701", "C4X8K2M7"]))
        row["gender"] = GENDER_WORDS[gender]
        row["birth_date"] = born.isoformat()
        member = Member(name.strip(), id_type, row["id_number"], gender, born)
    else:
        bad = draw(
            st.sampled_from(["checksum", "gender", "birth", "name", "type", "short", "residence"])
        )
        if bad == "checksum":
            row["id_number"] = first17 + ("0" if number[17] != "0" else "1")
        elif bad == "residence":  # a resident ID number under the permanent residence type
            row["id_type"] = IdType.FOREIGN_PERMANENT_RESIDENCE.label
        elif bad == "gender":
            row["gender"] = "x"
        elif bad == "birth":
            row["birth_date"] = "1990-13-45"
        elif bad == "name":
            row["name"] = None
        elif bad == "type":
            row["id_type"] = "驾驶证"
        else:
            row["id_number"] = number[:12]
        member = None
    return {"row": row, "member": member, "flags": flags}


def _as_file(drawn: dict[str, Any], headers: dict[str, str]) -> tuple[dict[str, Any], Any]:
    """The row under the template's headers (fields it lacks left out) and its member."""
    row = {headers[f]: v for f, v in drawn["row"].items() if f in headers}
    member = drawn["member"]
    if member is not None:
        flags = {f: v for f, v in drawn["flags"].items() if f in headers}
        member = attrs.evolve(member, **flags)
    return row, member


def _said(findings: Any) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity.value, f.message) for f in findings]


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([{k: ("" if v is None else v) for k, v in r.items()} for r in rows])


@pytest.mark.parametrize(("pack", "plan", "on", "tier"), CASES)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_check_lifecycle_notebook_and_batch_agree(
    tmp_path: Path, pack: str, plan: str, on: date, tier: str | None, data: st.DataObject
) -> None:
    view: PackView = ENGINE.pack(pack)
    headers = {
        c.field: c.header for c in (*CANONICAL_COLUMNS, *view.template_columns(view.plan(plan, on)))
    }
    drawn = [_as_file(d, headers) for d in data.draw(st.lists(people(on), min_size=1, max_size=8))]
    rows = [row for row, _ in drawn]
    roster = tmp_path / f"{pack}-{plan}.csv"
    _write_csv(roster, rows)
    report = check_roster(roster, pack=view, plan=plan, tier=tier, on=on)
    checked = {r.row: r for r in report.rows()}
    frame = pd.DataFrame(rows).astype(object).where(pd.DataFrame(rows).notna(), None)
    batch = evaluate(frame, pack=view, plan=plan, tier=tier, on=on, detail=True)
    plan_ = view.plan(plan, on)
    people_ = [(i, member) for i, (_, member) in enumerate(drawn) if member is not None]
    scenario = (
        notebook_evaluate(view, [m for _, m in people_], plan=plan, tier=tier, on=on)
        if people_
        else None
    )
    amount = Decimal("0.00")
    for i in range(len(rows)):
        said = _said(batch["findings"].iloc[i])
        assert _said(checked[i + 2].findings) == said, (i, rows[i])
        assert checked[i + 2].status.value == batch["status"].iloc[i]
        if batch["price"].iloc[i] is not None:
            amount += batch["price"].iloc[i]
    assert report.summary.amount_due == amount
    duplicates = {i for i in range(len(rows)) if "id.duplicate" in batch["codes"].iloc[i]}
    for k, (i, member) in enumerate(people_):
        said = _said(batch["findings"].iloc[i])
        if i in duplicates:  # a roster's own finding: not the member's
            said = [s for s in said if s[0] != "id.duplicate"]
        assert _said(view.member_findings(member, plan_, on)) == said, (i, rows[i])
        assert scenario is not None
        row = scenario.rows[k]
        assert _said(row.findings) == said
        if batch["price"].iloc[i] is not None:
            assert row.price == batch["price"].iloc[i]
            assert row.member_part == batch["member_part"].iloc[i]
