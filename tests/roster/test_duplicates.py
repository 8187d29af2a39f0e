"""``id.duplicate``: found over arrays, its findings made only when asked, the same on every view.

:mod:`mutualaid.roster.duplicates` keeps the duplicates as arrays
(:class:`~mutualaid.roster.duplicates.Duplicates`); :class:`CheckedRows`
must still say the same through each of its views: ``codes``, ``status``,
``findings(i)``, ``found_rows`` and ``all_findings``.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roster_helpers import ON, PLAN

from mutualaid.model.kinds import Gender, IdType
from mutualaid.model.member import Member
from mutualaid.roster.duplicates import find_duplicates
from mutualaid.roster.member_cells import CheckedRows, check_member_cells
from mutualaid.rules.columnar import MemberColumns, MemberRules, evaluate_members

RULES = MemberRules(PLAN, ON, "T60")
PEOPLE = (
    ("居民身份证", "110105198801010014"),
    ("居民身份证", "11010519491231002X"),
    ("居民身份证", "110105198801010015"),  # wrong check digit: not a person, never a duplicate
    ("护照", "E12345678"),
    ("港澳居民来往内地通行证", "H1234567801"),
)


def _views_agree(checked: CheckedRows) -> None:
    found = checked.found_rows()
    everything = checked.all_findings()
    codes = checked.codes()
    for i in range(len(checked)):
        row = checked.findings(i)
        assert row == found.get(i, ()) == everything[i]
        assert [f.code for f in row] == codes[i]
        worst = (
            2
            if any(f.blocking for f in row)
            else 1
            if any(f.severity.value == "needs_material" for f in row)
            else 0
        )
        assert checked.status()[i] == worst


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, len(PEOPLE) - 1), max_size=14), st.booleans(), st.booleans())
def test_every_view_of_duplicates_agrees(picks: list[int], earlier: bool, gender: bool) -> None:
    rows = [PEOPLE[p] for p in picks]
    cells: dict[str, list[object]] = {
        "name": ["某"] * len(rows),
        "id_type": [t for t, _ in rows],
        "id_number": [n for _, n in rows],
    }
    if gender:
        cells["gender"] = [None] * len(rows)  # required, answered by resident ID numbers only
    before = {"11010519491231002X": 7} if earlier else None
    checked = check_member_cells(
        cells,
        len(rows),
        RULES,
        required=("name", "id_number", "gender"),
        row_numbers=range(2, len(rows) + 2),
        earlier=before,
    )
    _views_agree(checked)
    # the first row of each person is never a duplicate (within the rows); later rows are
    seen: dict[str, int] = {}
    for i, (kind, number) in enumerate(rows):
        codes = checked.codes()[i]
        if number.endswith("015"):
            assert "id.duplicate" not in codes
            continue
        first = seen.setdefault(number, i)
        expected = first != i or (earlier and number == "11010519491231002X")
        assert ("id.duplicate" in codes) == expected, (i, kind)
        if first != i:
            message = [f.message for f in checked.findings(i) if f.code == "id.duplicate"]
            assert message == [f"证件号码与第{first + 2}行重复"]
        elif expected:
            message = [f.message for f in checked.findings(i) if f.code == "id.duplicate"]
            assert message == ["证件号码与已导入名单第7行重复"]


def test_a_duplicate_comes_after_the_rules_and_before_a_required_cell() -> None:
    cells: dict[str, list[object]] = {
        "name": ["甲", "乙"],
        "id_type": ["护照", "护照"],
        "id_number": ["E12345678", "E12345678"],
        "gender": [None, None],
    }
    checked = check_member_cells(cells, 2, RULES, required=("name", "id_number", "gender"))
    # a passport carries no birth date: the age rule speaks first (the rules' findings)
    assert checked.codes() == [
        ["age.unknown", "field.required"],
        ["age.unknown", "id.duplicate", "field.required"],
    ]
    _views_agree(checked)


def test_row_numbers_past_64_bits_are_kept_as_given() -> None:
    """A file's rows may be numbered past 64 bits (validation reads them so): the duplicate's
    first row is the number as given, in the finding and its masked message."""
    a = "110105198801010014"
    cells: dict[str, list[object]] = {"name": ["甲", "乙", "丙"], "id_number": [a, a, a]}
    numbers = [2**64, 2**64 + 1, 2**64 + 2]
    checked = check_member_cells(cells, 3, RULES, row_numbers=numbers, earlier={a: 2**70})
    found = [f for f in checked.findings(2) if f.code == "id.duplicate"]
    assert [f.params["first_row"] for f in found] == [2**64]
    assert checked.codes() == [["id.duplicate"]] * 3  # the first against the earlier import
    _views_agree(checked)


@pytest.mark.parametrize(
    ("numbers", "duplicates"),
    [
        (["１１０１０５１９８８０１０１００１４", "２２０１０５１９９０１２３１００１５"], []),
        (["110105880101001", "110105880100995677"], []),
        (["110105198801010014", "110105198801010014"], [1]),
    ],
)
def test_members_made_elsewhere_are_compared_as_their_numbers(
    numbers: list[str], duplicates: list[int]
) -> None:
    """Members built as objects are not decoded: their numbers are compared as text unless
    every one is 17 ASCII digits and a check character (then as integers, the same answer)."""
    staff = [Member("张三", IdType.RESIDENT_ID, n, Gender.MALE, date(1988, 1, 1)) for n in numbers]
    columns = MemberColumns.from_members(staff)
    outcome = evaluate_members(columns, RULES)
    found = find_duplicates(columns, outcome, "证件号码", range(2, 2 + len(staff)))
    assert found.rows.tolist() == duplicates
