"""``mutualaid.testing.members``: made-up members whose ID numbers are valid."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.dates import age_in_years
from mutualaid.errors import InvalidDate
from mutualaid.ids import resident_id as rid
from mutualaid.model.kinds import Gender, IdType, RiskClass
from mutualaid.testing import birth_date_for_age, member, resident_id


@given(
    st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    st.sampled_from(list(Gender)),
    st.integers(0, 99),
)
def test_resident_ids_are_valid_and_carry_birth_date_and_gender(
    birth: date, gender: Gender, serial: int
) -> None:
    parsed = rid.parse(resident_id(birth, gender, serial=serial))
    assert (parsed.birth_date, parsed.gender) == (birth, gender.value)


@given(st.integers(0, 100), st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_an_age_on_a_day_is_exact(age: int, on: date) -> None:
    assert age_in_years(birth_date_for_age(age, on), on) == age


def test_member_from_labels() -> None:
    m = member("王", age=40, on=date(2026, 1, 1), gender="女", risk_class="高危", retired=True)
    assert (m.gender, m.risk_class, m.retired) == (Gender.FEMALE, RiskClass.HIGH_RISK, True)
    other = member("Li", id_type="护照", gender=None)
    assert (other.id_type, other.gender, other.birth_date) == (IdType.PASSPORT, None, None)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"age": 30}, InvalidDate), ({}, InvalidDate)],
)
def test_junk_is_refused(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        member("X", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="six digits"):
        resident_id(date(1990, 1, 1), area="11")
    with pytest.raises(ValueError, match=r"0\.\.99"):
        resident_id(date(1990, 1, 1), serial=100)
