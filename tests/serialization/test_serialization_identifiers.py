"""from_data and the schemas refuse identifiers the roster would refuse, and normalize the rest.

A resident ID number (and an HMT residence permit's, same standard) must be a
valid GB 11643 number whose gender and birth date are the member's; a member's
mobile must be a mainland mobile number; a contact's phone may be a landline. Errors name the field's path and never
quote the value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mutualaid.errors import ConversionError, SchemaValidationError
from mutualaid.model import IdType, Member, Roster, Unit
from mutualaid.model.kinds import Gender, UnitCodeKind
from mutualaid.model.unit import Contact
from mutualaid.serialization import from_data, to_data, validate
from mutualaid.testing.members import resident_id

NUMBER = "11010519491231002X"
MEMBER = Member.from_resident_id("张三", NUMBER, mobile="13912345678")
DATA: dict[str, Any] = to_data(MEMBER)
PASSPORT = Member("John Smith", IdType.PASSPORT, "E12345678", Gender.MALE, date(1980, 2, 3))
HMT = Member.from_resident_id(
    "陈七",
    resident_id(date(1990, 5, 6), "male", area="810000"),
    id_type=IdType.HMT_RESIDENCE_PERMIT,
)


def _refused(cls: type, data: Any, field: str, *secrets: str) -> ConversionError:
    with pytest.raises(ConversionError) as info:
        from_data(cls, data)
    error = info.value
    assert error.location is not None and error.location.field == field
    shown = f"{error}|{error.details!r}"
    assert [s for s in secrets if s in shown] == []
    return error


@pytest.mark.parametrize(
    "bad",
    [
        NUMBER[:17],
        NUMBER[:17] + "1",
        "1" * 18,
        NUMBER + "0",
        "99" + NUMBER[2:],
        "11010519491331002X",
    ],
)
def test_an_invalid_resident_id_number_is_refused(bad: str) -> None:
    error = _refused(Member, {**DATA, "id_number": bad}, "id_number", bad)
    assert "resident ID number" in str(error)


def test_a_resident_id_number_is_normalized() -> None:
    lower = from_data(Member, {**DATA, "id_number": NUMBER.lower()})
    assert lower.id_number == NUMBER and lower == MEMBER
    first_generation = from_data(Member, {**DATA, "id_number": "110105491231002"})
    assert first_generation.id_number == NUMBER


def test_gender_and_birth_date_must_be_the_numbers() -> None:
    _refused(Member, {**DATA, "gender": "male"}, "gender", NUMBER)
    error = _refused(Member, {**DATA, "birth_date": "1949-12-30"}, "birth_date", "1949-12-3")
    assert "ID number" in str(error)


def test_an_hmt_residence_permit_follows_the_same_standard() -> None:
    data = to_data(HMT)
    assert from_data(Member, data) == HMT
    _refused(Member, {**data, "id_number": "E12345678"}, "id_number", "E12345678")


def test_other_id_types_are_free_text() -> None:
    assert from_data(Member, to_data(PASSPORT)) == PASSPORT


@pytest.mark.parametrize("bad", ["1391234567x", "1391234567", "12345678901", "139123456789"])
def test_an_invalid_mobile_is_refused(bad: str) -> None:
    error = _refused(Member, {**DATA, "mobile": bad}, "mobile", bad)
    assert "mobile number" in str(error)


def test_a_mobile_is_normalized_and_may_be_missing() -> None:
    assert from_data(Member, {**DATA, "mobile": "+86 139 1234 5678"}).mobile == "13912345678"
    assert from_data(Member, {**DATA, "mobile": None}).mobile is None


def test_nested_identifiers_name_their_path() -> None:
    roster = to_data(Roster.of("p", [MEMBER, MEMBER]))
    roster["entries"][1]["member"]["id_number"] = NUMBER[:17]
    roster["entries"][0]["member"]["mobile"] = "1391234567x"
    error = _refused(Roster, roster, "entries[0].member.mobile", NUMBER[:17], "1391234567x")
    where = [w for w, _ in error.details["errors"]]
    assert where == ["entries[0].member.mobile", "entries[1].member.id_number"]
    unit = Unit(
        "U1",
        "某公司",
        UnitCodeKind.USCC,
        "91371000MA3C0000XF",
        handler=Contact("李", "13912345678"),
    )
    data = to_data(unit)
    data["handler"]["mobile"] = "1391234567x"
    _refused(Unit, data, "handler.mobile", "1391234567x")


# --- the schemas ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "bad"),
    [("id_number", NUMBER[:17]), ("id_number", NUMBER.lower()), ("mobile", "1391234567x")],
)
def test_the_member_schema_refuses_what_from_data_refuses(field: str, bad: str) -> None:
    with pytest.raises(SchemaValidationError) as info:
        validate("member", {**DATA, field: bad})
    assert info.value.location is not None and info.value.location.field == field
    assert bad not in f"{info.value}|{info.value.details!r}"


def test_the_schemas_accept_other_id_types_and_nested_mobiles() -> None:
    validate("member", to_data(PASSPORT))
    validate("member", to_data(HMT))
    validate("member", DATA)
    unit = to_data(
        Unit(
            "U1",
            "某",
            UnitCodeKind.USCC,
            "91371000MA3C0000XF",
            handler=Contact("李", "13912345678"),
        )
    )
    validate("unit", unit)
    unit["handler"]["mobile"] = "1391234567x"
    with pytest.raises(SchemaValidationError) as info:
        validate("unit", unit)
    assert info.value.location is not None and info.value.location.field == "handler.mobile"


# --- a contact's phone may be a landline -----------------------------------------------


@pytest.mark.parametrize(
    "phone", ["0631-5201234", "(0631) 520 1234", "+86 631 5201234", "1391234567"]
)
def test_a_contacts_landline_is_accepted_by_from_data_and_the_schema(phone: str) -> None:
    unit = Unit("U1", "某", UnitCodeKind.USCC, "91371000MA3C0000XF", handler=Contact("李", phone))
    data = to_data(unit)
    validate("unit", data)
    assert from_data(Unit, data) == unit
    assert from_data(Unit, data).handler == Contact("李", phone)  # kept as written


@pytest.mark.parametrize("bad", ["电话0631-5201234", "abc", "--", ""])
def test_a_contacts_phone_that_is_not_phone_text_is_refused_by_both(bad: str) -> None:
    data = to_data(Unit("U1", "某", UnitCodeKind.USCC, "91371000MA3C0000XF", handler=Contact("李")))
    data["handler"]["mobile"] = bad
    error = _refused(Unit, data, "handler.mobile", *([bad] if len(bad) > 2 else []))
    assert "phone number" in str(error)
    with pytest.raises(SchemaValidationError) as info:
        validate("unit", data)
    assert info.value.location is not None and info.value.location.field == "handler.mobile"


def test_a_bad_mobile_and_a_bad_id_number_of_one_member_are_both_named() -> None:
    error = _refused(Member, {**DATA, "mobile": "1391234567", "id_number": NUMBER[:17]}, "mobile")
    assert [w for w, _ in error.details["errors"]] == ["mobile", "id_number"]
    mixed = _refused(Member, {**DATA, "mobile": "1391234567", "retired": "否"}, "mobile")
    assert [w for w, _ in mixed.details["errors"]] == ["mobile", "retired"]
