"""The dated table of GB/T 2260 division codes (issue 12, item 17)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from mutualaid.ids import divisions, is_known_division
from mutualaid.ids.divisions import TABLE_YEARS, division_years
from strategies.ids import RESIDENT_ID_PROVINCES


def test_the_table_covers_every_province_and_the_permits() -> None:
    for province in RESIDENT_ID_PROVINCES:
        assert is_known_division(province + "0000"), province
    assert len(divisions._table()) > 6000


def test_abolished_codes_stay_known_and_new_ones_are_dated() -> None:
    assert is_known_division("110103")  # 崇文区, merged into 东城区 in 2010
    assert division_years("110103") == ((1980, 2010),)
    assert is_known_division("110103", on=date(2026, 1, 1))  # numbers keep their code
    assert not is_known_division("110119", on=date(2014, 12, 31))  # 延庆区 since 2015
    assert is_known_division("110119", on=date(2015, 1, 1))


def test_codes_that_never_existed() -> None:
    for code in ("119999", "000000", "990000", "110199", "37109x", "", "1101050"):
        assert not is_known_division(code), code


@given(st.one_of(st.text(max_size=8), st.integers(), st.none(), st.binary(max_size=6)))
def test_never_raises(value: object) -> None:
    assert isinstance(is_known_division(value), bool)
    assert isinstance(is_known_division(value, on=date(2000, 1, 1)), bool)


def test_the_table_is_dated() -> None:
    assert TABLE_YEARS == (1980, 2025)
    assert "python-stdnum 2.2" in divisions.TABLE_SOURCE
