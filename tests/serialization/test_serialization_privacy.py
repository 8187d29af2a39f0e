"""Conversion and schema errors never echo the values they refuse (only their kind and path).

The data of an exchange format carries full ID numbers, mobiles and birth
dates; an error about one lands in logs and on screens, so it names the
field and the kind of value, never the value.
"""

from __future__ import annotations

from typing import Any

import pytest

from mutualaid.errors import ConversionError, MutualAidError, SchemaValidationError
from mutualaid.model import Member, Roster
from mutualaid.serialization import from_data, to_data, validate

MEMBER = Member.from_resident_id("张三", "11010519491231002X", mobile="13912345678")
SECRET = "110105199003070016"
SECRET_NUMBER = 13912345678

#: A bad value holding a secret, in each JSON shape.
BAD_VALUES: tuple[Any, ...] = (
    int(SECRET),
    SECRET_NUMBER,
    float(SECRET_NUMBER),
    SECRET + "x",
    "1990-13-01",
    [SECRET],
    {"value": SECRET},
    True,
)
SECRETS = (SECRET, str(SECRET_NUMBER), "1990-13-01", "19900307")


def _shown(error: MutualAidError) -> str:
    return f"{error}|{error.details!r}|{error.message}"


def _leaks(error: MutualAidError) -> list[str]:
    text = _shown(error)
    return [s for s in SECRETS if s in text]


@pytest.mark.parametrize("field", sorted(to_data(MEMBER)))
@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_from_data_never_echoes_a_refused_value(field: str, value: Any) -> None:
    data = {**to_data(MEMBER), field: value}
    try:
        from_data(Member, data)
    except ConversionError as error:
        assert _leaks(error) == []
        assert error.location is not None and error.location.field == field
    else:  # a name may be any text, a flag true
        flag = isinstance(to_data(MEMBER)[field], bool)
        assert (field == "name" and isinstance(value, str)) or (flag and value is True)


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_from_data_at_the_root_or_in_a_list_never_echoes_the_value(value: Any) -> None:
    with pytest.raises(ConversionError) as info:
        from_data(Member, value)
    assert _leaks(info.value) == []
    roster = to_data(Roster.of("p", [MEMBER]))
    roster["entries"][0]["member"]["birth_date"] = value
    with pytest.raises(ConversionError) as info:
        from_data(Roster, roster)
    assert _leaks(info.value) == []
    assert info.value.location is not None
    assert info.value.location.field == "entries[0].member.birth_date"


def test_from_data_says_what_kind_of_value_it_got() -> None:
    with pytest.raises(ConversionError) as info:
        from_data(Member, {**to_data(MEMBER), "mobile": SECRET_NUMBER})
    assert "expected text, got a whole number" in str(info.value)
    with pytest.raises(ConversionError) as info:
        from_data(Member, {**to_data(MEMBER), "gender": SECRET})
    assert "expected one of ['male', 'female'], got text in another form" in str(info.value)


@pytest.mark.parametrize("field", sorted(to_data(MEMBER)))
@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_schema_errors_never_echo_a_refused_value(field: str, value: Any) -> None:
    data = {**to_data(MEMBER), field: value}
    try:
        validate("member", data)
    except SchemaValidationError as error:
        assert _leaks(error) == []
        assert error.location is not None and error.location.field.startswith(field)


def test_schema_errors_never_echo_a_value_at_the_root_or_an_extra_key() -> None:
    for data in (SECRET, int(SECRET), [SECRET], {**to_data(MEMBER), "extra": SECRET}):
        with pytest.raises(SchemaValidationError) as info:
            validate("member", data)
        assert _leaks(info.value) == []
    with pytest.raises(SchemaValidationError) as info:
        validate("member", {**to_data(MEMBER), "mobile": SECRET_NUMBER})
    assert "mobile" in str(info.value) and "a whole number" in str(info.value)
