"""Findings, explanations and the version check: small values with exact behaviour."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualaid.errors import PackLoadError
from mutualaid.rules import CODES, Cited, Explanation, Finding, Severity, Source
from mutualaid.rules.findings import CODE_PATTERN, blocking, by_code
from mutualaid.rules.versions import parse_version, version_satisfies


def test_core_codes_are_stable_dotted_english() -> None:
    assert all(CODE_PATTERN.match(code) for code in CODES)
    for code in (
        "age.below_minimum",
        "age.above_maximum",
        "age.over_retirement",
        "roster.row_limit",
        "roster.count_mismatch",
    ):
        assert code in CODES


@pytest.mark.parametrize("bad", ["", "age", "Age.x", "age.", "年龄.超龄", "age over"])
def test_bad_codes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="dotted lowercase"):
        Finding.error(bad, "x")


def test_finding_is_a_frozen_hashable_value() -> None:
    f = Finding.needs_material(
        "age.over_retirement", "超龄", column="出生日期", material="over_age_proof"
    )
    assert f.severity is Severity.NEEDS_MATERIAL and not f.blocking
    assert f.namespace == "age"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        f.code = "x.y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        f.params["material"] = "other"  # type: ignore[index]
    assert hash(f) == hash(
        Finding.needs_material(
            "age.over_retirement", "超龄", column="出生日期", material="over_age_proof"
        )
    )
    assert f.at_row(7).row == 7 and "row 7" in str(f.at_row(7))
    assert Severity("warning").label == "提示"


def test_blocking_and_by_code() -> None:
    found = [Finding.warning("a.b", "1"), Finding.error("a.c", "2"), Finding.warning("a.b", "3")]
    assert [f.message for f in blocking(found)] == ["2"]
    assert {k: len(v) for k, v in by_code(found).items()} == {"a.b": 2, "a.c": 1}
    assert sorted(found, key=lambda f: f.severity.rank)[0].code == "a.c"


def _cited(name: str, pack: str = "p", illustrative: bool = False) -> Cited:
    return Cited(name, 1, date(2026, 1, 1), Source("doc", "§1"), pack, "1.0", illustrative)


def test_explanation_merges_without_repeating_values() -> None:
    a = Explanation("p", "1.0", "rule", (_cited("x.a"),), ("n1",))
    b = Explanation(
        "p", "1.0", "rule", (_cited("x.a"), _cited("x.b", illustrative=True)), ("n1", "n2")
    )
    merged = a.merge(b)
    assert [c.name for c in merged.values] == ["x.a", "x.b"]
    assert merged.notes == ("n1", "n2")
    assert merged.illustrative and not a.illustrative
    assert a.merge(None) is a
    assert "x.b = 1 [illustrative] (from 2026-01-01; doc, §1)" in str(merged)


def test_source_reads_strings_and_objects() -> None:
    assert str(Source.from_data("a page")) == "a page"
    s = Source.from_data(
        {"document": "004.txt", "section": "问答", "quote": "不可以", "url": "https://x.cn"}
    )
    assert str(s) == "004.txt, 问答: 「不可以」 <https://x.cn>"


@pytest.mark.parametrize(
    ("version", "spec", "ok"),
    [
        ("0.1.0", ">=0.1", True),
        ("0.1.0", ">=0.1,<0.2", True),
        ("0.2.0", ">=0.1,<0.2", False),
        ("1.0", "!=1.0", False),
        ("0.1.7", "==0.1.*", True),
        ("0.2.0", "==0.1.*", False),
        ("0.2.0", "!=0.1.*", True),
        ("0.1.0.dev3", ">0.0.9", True),
        ("0+unknown", ">=0.1", False),
        ("0.1", "", True),
    ],
)
def test_version_satisfies(version: str, spec: str, ok: bool) -> None:
    assert version_satisfies(version, spec) is ok


@pytest.mark.parametrize("spec", ["~=0.1", ">=x", ">=0.1.*"])
def test_bad_specifiers_are_pack_load_errors(spec: str) -> None:
    with pytest.raises(PackLoadError):
        version_satisfies("0.1", spec)


@given(
    st.lists(st.integers(0, 50), min_size=1, max_size=4),
    st.lists(st.integers(0, 50), min_size=1, max_size=4),
)
def test_version_order_matches_tuple_order(a: list[int], b: list[int]) -> None:
    va, vb = ".".join(map(str, a)), ".".join(map(str, b))
    assert version_satisfies(va, f">={vb}") == (parse_version(va) >= parse_version(vb))
