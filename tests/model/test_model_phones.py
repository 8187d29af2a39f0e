"""A member's mobile is checked and normalized when the member is made; a contact's phone may be a landline.

Construction, ``from_data`` and the stores agree: what a constructor accepts is
what ``from_data`` accepts and gives back unchanged.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import InvalidFormat, InvalidIdentifier
from mutualaid.model import Gender, IdType, Member
from mutualaid.model.unit import Contact
from mutualaid.serialization import from_data, to_data
from strategies.ids import valid_mobiles

NUMBER = "11010519491231002X"


@pytest.mark.parametrize(
    "written",
    ["13912345678", "+86 139 1234 5678", "0086-139-1234-5678", "(+86)13912345678", "139 1234 5678"],
)
def test_a_members_mobile_is_normalized_to_eleven_digits(written: str) -> None:
    m = Member.from_resident_id("张三", NUMBER, mobile=written)
    assert m.mobile == "13912345678"
    assert Member("张三", IdType.PASSPORT, "E1", Gender.MALE, date(1980, 1, 1), written).mobile == (
        "13912345678"
    )


@pytest.mark.parametrize("bad", ["1391234567", "1391234567x", "12912345678", "0631-5201234", ""])
def test_a_members_invalid_mobile_is_refused_naming_the_field(bad: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        Member.from_resident_id("张三", NUMBER, mobile=bad)
    error = info.value
    assert error.location is not None and error.location.field == "mobile"
    assert "mobile number" in str(error)
    if len(bad) > 4:
        assert bad not in f"{error}|{error.details!r}"


def test_a_members_mobile_may_be_missing() -> None:
    assert Member.from_resident_id("张三", NUMBER).mobile is None


@given(valid_mobiles())
def test_construction_and_from_data_agree_on_mobiles(written: str) -> None:
    m = Member.from_resident_id("张三", NUMBER, mobile=written)
    assert len(m.mobile or "") == 11
    assert from_data(Member, to_data(m)) == m
    assert from_data(Member, {**to_data(m), "mobile": written}) == m


@pytest.mark.parametrize(
    "phone",
    [
        "0631-5201234",
        "(0631) 520 1234",
        "+86 631 5201234",
        "13912345678",
        "010-12345678-8001",
        "135****9854",  # a masked copy, as a printed document shows it
    ],
)
def test_a_contacts_phone_may_be_a_landline_kept_as_written(phone: str) -> None:
    contact = Contact("负责人", phone)
    assert contact.mobile == phone
    assert phone not in repr(contact)
    assert from_data(Contact, to_data(contact)) == contact


@pytest.mark.parametrize("bad", ["abc", "0631-520123四", "", "--", "13912345678 ext"])
def test_a_contacts_phone_is_refused_unless_phone_text(bad: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        Contact("负责人", bad)
    assert info.value.location is not None and info.value.location.field == "mobile"


def test_a_contacts_phone_may_be_missing() -> None:
    assert Contact("负责人").mobile is None


@given(
    st.text(alphabet="0123456789 +-()", min_size=1, max_size=20).filter(
        lambda t: any(c.isdigit() for c in t)
    )
)
def test_any_phone_text_round_trips(phone: str) -> None:
    contact = Contact("负责人", phone)
    assert from_data(Contact, to_data(contact)) == contact
