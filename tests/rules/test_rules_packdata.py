"""Pack data files: the schema, dated values, and errors that name the file and the key."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rules_helpers import SOURCE, param, plan, tier

from mutualaid.errors import PackDataError
from mutualaid.model.plan import Contribution
from mutualaid.rules import PackData, load_pack_data
from mutualaid.rules.packdata import schema


def doc(**extra: Any) -> dict[str, Any]:
    return {"format": 1, "pack": "demo", **extra}


def error_for(raw: Any) -> PackDataError:
    with pytest.raises(PackDataError) as err:
        PackData.from_mapping(raw, origin="demo/rules.json")
    return err.value


def test_schema_is_draft_2020_12_and_shipped_with_the_core() -> None:
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize(
    ("raw", "path", "words"),
    [
        (
            doc(plans=[{**plan(), "tiers": [tier("T60", "60.5.0")]}]),
            "$.plans[0].tiers[0].contribution.member",
            "does not match",
        ),
        (doc(plans=[{**plan(), "tierz": []}]), "$.plans[0].tierz", "unknown key 'tierz'"),
        (
            doc(plans=[{k: v for k, v in plan().items() if k != "source"}]),
            "$.plans[0].source",
            "'source' is a required property",
        ),
        (
            doc(parameters={"roster.max_rows": param(1.5)}),
            "$.parameters.roster.max_rows.values[0].value",
            "",
        ),
        (
            doc(parameters={"roster.max_rows": param(10, valid_from="2026-02-30")}),
            "$.parameters.roster.max_rows.values[0].valid_from",
            "",
        ),
        (doc(parameters={"Bad Name": param(1)}), "$.parameters", ""),
        (
            doc(plans=[plan(start="2026-12-31", end="2026-01-01")]),
            "$.plans[0].coverage.end",
            "before it starts",
        ),
        (doc(plans=[plan("P1"), plan("P1")]), "$.plans[1].code", "appears twice"),
        (
            doc(plans=[plan(tiers=[tier("T", "1"), tier("T", "2")])]),
            "$.plans[0].tiers[1].code",
            "appears twice",
        ),
        (doc(plans=[plan(gift_plans=["G1"])]), "$.plans[0].gift_plans[0]", "gift plan 'G1'"),
        ({"format": 2, "pack": "demo"}, "$.format", ""),
    ],
)
def test_bad_data_names_file_and_key(raw: Any, path: str, words: str) -> None:
    err = error_for(raw)
    assert err.location is not None
    assert err.location.file == "demo/rules.json"
    assert err.location.field == path, str(err)
    assert words in err.message
    assert path in str(err)


def test_dates_must_increase() -> None:
    raw = doc(
        parameters={
            "roster.max_rows": {
                "description": "d",
                "values": [
                    {"valid_from": "2026-01-01", "value": 1, "source": SOURCE},
                    {"valid_from": "2025-01-01", "value": 2, "source": SOURCE},
                ],
            }
        }
    )
    err = error_for(raw)
    assert (
        err.location is not None
        and err.location.field == "$.parameters.roster.max_rows.values[1].valid_from"
    )


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text('{"format": 1,\n "pack": "demo",\n}', encoding="utf-8")
    with pytest.raises(PackDataError) as err:
        PackData.from_path(path)
    assert err.value.location is not None and err.value.location.row == 3
    assert str(path) in str(err.value)


def test_wrong_pack_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(doc()), encoding="utf-8")
    with pytest.raises(PackDataError, match=r"\$\.pack: file says pack 'demo', expected 'other'"):
        PackData.from_path(path, pack="other")


def test_load_pack_data_merges_files_and_refuses_repeats() -> None:
    data = load_pack_data(
        "mutualaid_pack_yiyang",
        "data/rules.json",
        "data/plans-2026.json",
        pack="yiyang",
        version="9",
    )
    assert len(data.origins) == 2 and data.version == "9"
    assert data.value("roster.max_rows", date(2026, 1, 1)) == 10000
    with pytest.raises(
        PackDataError,
        match=r"data/rules\.json, field \$\.parameters\.application\.max_plans: parameter 'application.max_plans' is already defined",
    ):
        load_pack_data("mutualaid_pack_yiyang", "data/rules.json", "data/rules.json", pack="yiyang")
    with pytest.raises(PackDataError, match="cannot read the pack data file"):
        load_pack_data("mutualaid_pack_yiyang", "data/missing.json")


def test_plan_facts_are_citable() -> None:
    data = PackData.from_mapping(
        doc(
            plans=[plan("P1", [tier("T", "50", "10", high_risk={"member": "80", "subsidy": "10"})])]
        ),
        version="1.0",
    )
    on = date(2026, 1, 1)
    contribution = data.cite("plans.P1.tiers.T.contribution", on)
    assert contribution is not None and contribution.value == Contribution("50", "10")
    assert "60.00 (member 50.00 + subsidy 10.00)" in str(contribution)
    high = data.cite("plans.P1.tiers.T.high_risk", on)
    assert high is not None and high.value.total == 90
    assert data.value("plans.P1.coverage", on) == "2026-01-01..2026-12-31"
    assert data.value("plans.P1.max_shares", on) == 1
    assert data.cite("plans.P1.tiers.NOPE.contribution", on) is None
    assert data.cite("plans.P9.coverage", on) is None
    assert data.cite("plans.P1.whatever", on) is None


@given(
    dates=st.lists(
        st.dates(date(2000, 1, 1), date(2040, 1, 1)), min_size=1, max_size=6, unique=True
    ),
    probe=st.dates(date(1999, 1, 1), date(2041, 1, 1)),
)
def test_the_value_in_effect_is_the_last_one_started(dates: list[date], probe: date) -> None:
    dates.sort()
    values = [
        {"valid_from": d.isoformat(), "value": i, "source": SOURCE} for i, d in enumerate(dates)
    ]
    declare = {"demo.y": {"type": "whole", "meaning": "a demo number", "rule": "test"}}
    data = PackData.from_mapping(
        doc(declare=declare, parameters={"demo.y": {"description": "d", "values": values}})
    )
    started = [i for i, d in enumerate(dates) if d <= probe]
    expected = started[-1] if started else None
    assert data.value("demo.y", probe) == expected
    cited = data.cite("demo.y", probe)
    if cited is not None:
        assert cited.valid_from is not None and cited.valid_from <= probe
        assert cited.valid_from + timedelta(days=0) == dates[expected]  # type: ignore[index]
