"""Benefit steps as pack data: read and checked at load, answered by ``mutualaid_benefit_steps``.

Linyi 4.2.2 费用录入 (003, 申领计算) computes a benefit from the settlement sheet;
the manuals give no amounts, so the steps here use illustrative numbers.
"""

from __future__ import annotations

from typing import Any

import pytest
from benefit_helpers import SOURCE, declare, pack, param, plan, view_of

from mutualaid.errors import PackDataError
from mutualaid.model.benefit import StepKind
from mutualaid.rules import PackData
from mutualaid.rules.defaults.benefits import STANDARD_STEPS


def _data(steps: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "format": 1,
        "pack": "demo",
        "declare": {
            "demo.deductible": declare("amount"),
            "demo.ratio": declare("ratio"),
            "demo.cap": declare("amount"),
            "demo.days": declare("whole"),
        },
        "parameters": {
            "demo.deductible": param("800"),
            "demo.ratio": param("0.5"),
            "demo.cap": param("30000"),
        },
        "plans": [plan("P1")],
        "benefits": [
            {
                "plan": "P1",
                "claim_type": "disease_hospitalization",
                "steps": steps,
                "source": SOURCE,
                **extra,
            }
        ],
    }


STEPS = [
    {"id": "eligible", "kind": "eligible", "amount": "total"},
    {"id": "deductible", "kind": "deductible", "parameter": "demo.deductible", "scope": "period"},
    {"id": "ratio", "kind": "ratio", "parameter": "demo.ratio"},
    {"id": "cap", "kind": "cap", "parameter": "demo.cap", "by_shares": True, "category": None},
]


def test_a_pack_s_steps_answer_the_hook_by_plan_code_then_family() -> None:
    view = view_of(_data(STEPS))
    p = view.plan("P1")
    steps = view.call("mutualaid_benefit_steps", plan=p, claim_type="disease_hospitalization")
    assert [s.id for s in steps.steps] == ["eligible", "deductible", "ratio", "cap"]
    assert steps.steps[3].category is None and steps.steps[3].by_shares
    assert steps.steps[0].source == SOURCE
    assert view.call("mutualaid_benefit_steps", plan=p, claim_type="other") is None


def test_without_pack_steps_the_standard_steps_apply_when_benefit_ratio_is_set() -> None:
    raw = {
        "format": 1,
        "pack": "demo",
        "parameters": {"benefit.standard_ratio": param("0.8")},
        "plans": [plan("P1")],
    }
    view = view_of(raw)
    steps = view.call("mutualaid_benefit_steps", plan=view.plan("P1"), claim_type="other")
    assert steps.steps == STANDARD_STEPS
    assert steps.waiting == "benefit.waiting_period_days"


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            {"id": "d", "kind": "deductible", "parameter": "demo.deductibel"},
            "did you mean demo.deductible",
        ),
        (
            {"id": "d", "kind": "deductible", "parameter": "demo.ratio"},
            "declared as ratio; this step needs amount",
        ),
        (
            {"id": "d", "kind": "ratio", "parameter": "demo.ratio", "by": "band"},
            "this step needs bands",
        ),
        ({"id": "e", "kind": "eligible", "amount": "salary"}, "reads one of the case's amounts"),
        (
            {"id": "e", "kind": "eligible", "amount": "total", "parameter": "demo.cap"},
            "takes no parameter",
        ),
        ({"id": "c", "kind": "cap"}, "names its parameter"),
        (
            {"id": "r", "kind": "ratio", "parameter": "demo.ratio", "scope": "period"},
            "no scope beyond",
        ),
        (
            {"id": "a", "kind": "lump_sum", "parameter": "demo.cap", "max_days": "demo.days"},
            "maximum of days",
        ),
        ({"id": "a", "kind": "lump_sum", "parameter": "demo.cap", "category": None}, "only a cap"),
        ({"id": "eligible", "kind": "eligible", "amount": "self_pay"}, "appears twice"),
    ],
)
def test_a_bad_step_fails_at_load_naming_the_json_path(step: dict[str, Any], message: str) -> None:
    with pytest.raises(PackDataError, match=message) as caught:
        pack(_data([*STEPS, step]))
    assert "$.benefits[0].steps" in str(caught.value)


def test_an_unknown_waiting_parameter_fails_at_load() -> None:
    with pytest.raises(PackDataError, match=r"\$\.benefits\[0\]\.waiting"):
        pack(_data(STEPS, waiting="demo.wait"))


@pytest.mark.parametrize(
    ("type_", "value", "problem"),
    [
        ("amount", "80.001", "an amount of yuan"),
        ("amount", 800, "an amount of yuan"),
        ("bands", [{"from": "100", "ratio": "0.5"}], 'must start from "0"'),
        ("bands", [{"from": "0", "ratio": "0.5"}, {"from": "0", "ratio": "0.6"}], "not above"),
        ("bands", [{"from": "0", "ratio": "1.5"}], "between 0 and 1"),
        ("ratios", {}, "non-empty"),
        ("ratios", {"level_1": "2"}, "level_1"),
    ],
)
def test_step_parameter_values_are_checked_at_load(type_: str, value: Any, problem: str) -> None:
    raw = {
        "format": 1,
        "pack": "demo",
        "declare": {"demo.x": declare(type_)},
        "parameters": {"demo.x": param(value)},
    }
    with pytest.raises(PackDataError, match=problem):
        PackData.from_mapping(raw, origin="demo.json")


def test_step_kinds_are_the_documented_seven() -> None:
    assert [k.value for k in StepKind] == [
        "eligible",
        "exclude",
        "deductible",
        "ratio",
        "allowance",
        "lump_sum",
        "cap",
    ]
