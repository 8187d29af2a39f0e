"""Every cover and benefit code is defined once, in both languages, and documented with its severity."""

from __future__ import annotations

import re
from pathlib import Path

from mutualaid.claims.benefits.codes import CODES, CodeKind, finding
from mutualaid.messages.english import FINDINGS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "findings.md").read_text(encoding="utf-8")
HEADINGS = dict(re.findall(r"^### `((?:cover|benefit)\.[a-z_]+)` \(([a-z_]+)\)", DOC, flags=re.M))


def test_at_least_twenty_codes_each_documented_with_its_severity() -> None:
    assert len(CODES) >= 20
    for code, info in CODES.items():
        expected = "error" if info.kind is CodeKind.REJECTION else "warning"
        assert HEADINGS.get(code) == expected, code
        assert finding(code).severity.value == expected
    assert set(HEADINGS) == set(CODES)


def test_every_code_has_its_english_line() -> None:
    assert all(FINDINGS.get(code) for code in CODES)


def test_no_case_life_cycle_code_is_redefined_here() -> None:
    assert not any(code.startswith("claim.") for code in CODES)
