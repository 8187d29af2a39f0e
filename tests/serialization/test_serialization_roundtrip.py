"""Every model class: data round trip, JSON-ready data, data valid against its schema."""

from __future__ import annotations

import inspect
import json
from functools import cache
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import mutualaid.model as model
from mutualaid.model.audit import _AuditEntry
from mutualaid.serialization import (
    EXCHANGE_FORMATS,
    from_data,
    make_converter,
    schema_for,
    to_data,
    validate,
)
from strategies.model import MODEL_STRATEGIES

MODEL_CLASSES = sorted(
    [
        *(obj for _, obj in inspect.getmembers(model, inspect.isclass) if attrs.has(obj)),
        _AuditEntry,  # deprecated since 0.2, still an exchange format for one release
    ],
    key=lambda c: c.__name__,
)
SLOW = settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow])


@cache
def _validator(cls: type) -> Draft202012Validator:
    return Draft202012Validator(schema_for(cls), format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_model_class_has_a_strategy() -> None:
    missing = [c.__name__ for c in MODEL_CLASSES if c not in MODEL_STRATEGIES]
    assert not missing, f"add strategies to tests/strategies/model.py for {missing}"
    assert len(MODEL_CLASSES) >= 25


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@SLOW
@given(data=st.data())
def test_round_trip(cls: type, data: st.DataObject) -> None:
    obj = data.draw(MODEL_STRATEGIES[cls])
    plain = to_data(obj)
    assert from_data(cls, plain) == obj
    # JSON-ready: survives a trip through JSON text unchanged.
    assert json.loads(json.dumps(plain, ensure_ascii=False)) == plain


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@FEW
@given(data=st.data())
def test_data_fits_the_generated_schema(cls: type, data: st.DataObject) -> None:
    obj = data.draw(MODEL_STRATEGIES[cls])
    errors = [f"{e.json_path}: {e.message}" for e in _validator(cls).iter_errors(to_data(obj))]
    assert not errors


@pytest.mark.parametrize("name", sorted(EXCHANGE_FORMATS))
@FEW
@given(data=st.data())
def test_data_fits_the_shipped_schema(name: str, data: st.DataObject) -> None:
    obj = data.draw(MODEL_STRATEGIES[EXCHANGE_FORMATS[name]])
    validate(name, to_data(obj))


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@FEW
@given(data=st.data())
def test_data_carries_full_values_and_plain_types(cls: type, data: st.DataObject) -> None:
    obj = data.draw(MODEL_STRATEGIES[cls])

    def walk(value: Any) -> None:
        assert type(value) in (dict, list, str, int, bool, type(None)), type(value)
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    plain = to_data(obj)
    walk(plain)
    if isinstance(obj, model.Member):
        assert plain["id_number"] == obj.id_number
        assert plain["mobile"] == obj.mobile


def test_converter_is_fresh_each_call() -> None:
    a, b = make_converter(), make_converter()
    assert a is not b
    a.register_unstructure_hook(model.Gender, lambda g: "changed")
    assert b.unstructure(model.Gender.MALE) == "male"
