"""Readable errors: from_data names the bad field; validate names the JSON path; shipped schemas match the model."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from mutualaid.errors import ConversionError, SchemaValidationError
from mutualaid.model import Member, Plan, Roster
from mutualaid.serialization import (
    EXCHANGE_FORMATS,
    SCHEMA_DIALECT,
    from_data,
    load_schema,
    schema_for,
    schema_names,
    to_data,
    validate,
    write_schemas,
)

MEMBER = Member.from_resident_id("张三", "11010519491231002X", mobile="13912345678")


def roster_data() -> dict[str, Any]:
    data: dict[str, Any] = to_data(Roster.of("p", [MEMBER, MEMBER]))
    return data


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("entries", 1, "member", "birth_date"), "1949/12/31", "date"),
        (("entries", 1, "member", "gender"), "女", "'female'"),
        (("entries", 0, "shares"), "2", "whole number"),
        (("entries", 0, "member", "retired"), "否", "true or false"),
        (("entries", 0, "member", "name"), 7, "text"),
        (("entries", 0, "plan_code"), None, "text"),
    ],
)
def test_from_data_names_the_bad_field(path: tuple[Any, ...], value: Any, expected: str) -> None:
    data = roster_data()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ConversionError) as info:
        from_data(Roster, data)
    field = ".".join(str(p) for p in path).replace(".0", "[0]").replace(".1", "[1]")
    assert info.value.location is not None and info.value.location.field == field
    assert expected in str(info.value)
    assert isinstance(info.value, ValueError)


def test_from_data_lists_every_problem() -> None:
    data = roster_data()
    del data["entries"][0]["member"]["id_number"]
    data["entries"][1]["member"]["gender"] = "x"
    with pytest.raises(ConversionError) as info:
        from_data(Roster, data)
    where = [w for w, _ in info.value.details["errors"]]
    assert where == ["entries[0].member.id_number", "entries[1].member.gender"]
    assert "required field missing" in str(info.value)


@pytest.mark.parametrize("amount", [60.0, "60.001", "￥60", "abc", True])
def test_money_in_data_is_text_with_two_places(amount: Any) -> None:
    with pytest.raises(ConversionError) as info:
        from_data(Plan, _plan_data(member=amount))
    assert info.value.location is not None
    assert info.value.location.field == "tiers[0].contribution.member"


def test_money_accepts_ints_and_short_text() -> None:
    plan = from_data(Plan, _plan_data(member=60))
    assert plan.tiers[0].contribution.member == Decimal("60.00")
    assert to_data(plan)["tiers"][0]["contribution"]["member"] == "60.00"
    half = from_data(Plan, _plan_data(member="60.5"))
    assert to_data(half)["tiers"][0]["contribution"]["member"] == "60.50"


def test_a_class_check_becomes_a_conversion_error() -> None:
    data = _plan_data(member="-1")
    with pytest.raises(ConversionError, match="negative"):
        from_data(Plan, data)
    data = _plan_data(member="1")
    data["coverage"] = {"start": "2025-12-31", "end": "2025-01-01"}
    with pytest.raises(ConversionError, match="before it starts"):
        from_data(Plan, data)


def test_extra_keys_are_refused() -> None:
    with pytest.raises(ConversionError, match="extra fields"):
        from_data(Member, {**to_data(MEMBER), "age": 75})


def test_to_data_refuses_foreign_objects() -> None:
    class Foreign:
        pass

    with pytest.raises(ConversionError):
        to_data(Foreign())


def _plan_data(member: Any) -> dict[str, Any]:
    return {
        "code": "p",
        "name": "计划",
        "kind": "accident",
        "coverage": {"start": "2025-01-01", "end": "2025-12-31"},
        "tiers": [{"code": "t", "name": "档", "contribution": {"member": member}}],
    }


# --- schemas -------------------------------------------------------------------


def test_required_exchange_formats_are_shipped() -> None:
    assert {"unit", "member", "roster", "application", "policy", "claim"} <= set(schema_names())
    for name in schema_names():
        schema = load_schema(name)
        assert schema["$schema"] == SCHEMA_DIALECT
        assert schema["$ref"] == f"#/$defs/{EXCHANGE_FORMATS[name].__name__}"


def test_shipped_schemas_match_the_model(tmp_path: Any) -> None:
    for path in write_schemas(tmp_path):
        name = path.name.removesuffix(".schema.json")
        assert json.loads(path.read_text("utf-8")) == load_schema(name), (
            f"{name}.schema.json is stale: run mutualaid.serialization.write_schemas()"
        )
        assert load_schema(name) == json.loads(json.dumps(schema_for(EXCHANGE_FORMATS[name], name)))


def test_load_schema_gives_a_fresh_copy() -> None:
    load_schema("member")["$defs"].clear()
    assert load_schema("member")["$defs"]


def test_validate_names_the_json_path() -> None:
    data = roster_data()
    data["entries"][1]["member"]["birth_date"] = "31.12.1949"
    with pytest.raises(SchemaValidationError) as info:
        validate("roster", data)
    assert info.value.location is not None
    assert info.value.location.field == "entries[1].member.birth_date"
    assert "entries[1].member.birth_date" in str(info.value)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["entries"][0].update(shares=0), "entries[0].shares"),
        (lambda d: d["entries"][0]["member"].update(gender="女"), "entries[0].member.gender"),
        (lambda d: d["entries"][0]["member"].pop("id_number"), "entries[0].member"),
        (lambda d: d["entries"][0]["member"].update(nickname="x"), "entries[0].member"),
        (lambda d: d.update(entries={}), "entries"),
    ],
)
def test_validate_rejects(change: Any, where: str) -> None:
    data = roster_data()
    change(data)
    with pytest.raises(SchemaValidationError) as info:
        validate("roster", data)
    assert info.value.location is not None and info.value.location.field == where


def test_validate_unknown_schema() -> None:
    with pytest.raises(SchemaValidationError, match="no exchange format"):
        validate("members", {})


def test_money_schema_wants_two_places() -> None:
    data = to_data(from_data(Plan, _plan_data(member="1")))
    validate("plan", data)
    data["tiers"][0]["contribution"]["member"] = "1.5"
    with pytest.raises(SchemaValidationError):
        validate("plan", data)


def test_dates_in_data_are_iso() -> None:
    assert to_data(MEMBER)["birth_date"] == date(1949, 12, 31).isoformat()
