"""No repr or str of any model object shows a full ID number, mobile or bank account."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.serialization import to_data
from strategies.model import MODEL_STRATEGIES

SECRET_KEYS = {"id_number", "mobile", "account", "payer_account"}


def secrets(value: Any) -> set[str]:
    """Every ID number, mobile and account held anywhere inside the data."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SECRET_KEYS and isinstance(item, str):
                found.add(item)
            found |= secrets(item)
    elif isinstance(value, list):
        for item in value:
            found |= secrets(item)
    return found


@pytest.mark.parametrize(
    "cls", sorted(MODEL_STRATEGIES, key=lambda c: c.__name__), ids=lambda c: c.__name__
)
@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_repr_and_str_mask_personal_data(cls: type, data: st.DataObject) -> None:
    obj = data.draw(MODEL_STRATEGIES[cls])
    shown = repr(obj) + str(obj)
    for secret in secrets(to_data(obj)):
        assert secret not in shown


def test_member_repr_hides_the_birth_date_that_would_complete_the_masked_number() -> None:
    from mutualaid.model import Member

    m = Member.from_resident_id("张三", "11010519491231002X")
    text = repr(m)
    assert "110105********002X" in text
    assert "1949-12-31" not in text and "12, 31" not in text
    assert "'1949-**-**'" in text
