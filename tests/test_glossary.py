"""docs/glossary.md names every domain term the code uses."""

from __future__ import annotations

from pathlib import Path

import pytest

GLOSSARY = (Path(__file__).resolve().parents[1] / "docs" / "glossary.md").read_text(
    encoding="utf-8"
)

# The English names the model and the rules use for the seeds' terms.
TERMS = [
    "association",
    "office",
    "unit",
    "parent unit",
    "subsidiary",
    "unit link",
    "unit number",
    "USCC",
    "organization code",
    "handler",
    "union chair",
    "e-seal",
    "member",
    "roster",
    "resident ID",
    "medical insurance type",
    "declared insured headcount",
    "participation ratio",
    "paying headcount",
    "gig worker",
    "over-age",
    "dispatched worker",
    "plan",
    "coverage period",
    "tier",
    "shares",
    "contribution",
    "high-risk",
    "gift plan",
    "application",
    "notice of terms",
    "review",
    "return",
    "withdraw",
    "cancel",
    "payment notice",
    "payment voucher",
    "deferred payment request",
    "payment exception",
    "payment confirmation",
    "reference effective date",
    "waiting period",
    "policy",
    "confirmation certificate",
    "group application form",
    "invoice request",
    "early invoice",
    "commitment letter",
    "settlement day",
    "endorsement",
    "prior policy link",
    "claim",
    "payee",
    "benefit",
    "work pool",
    "closed",
    "audit trail",
    "rule pack",
    "finding",
]


@pytest.mark.parametrize("term", TERMS)
def test_term_is_in_the_glossary(term: str) -> None:
    assert f"| {term}" in GLOSSARY or f"/ {term}" in GLOSSARY, (
        f"{term!r} missing from docs/glossary.md"
    )


def test_every_row_has_three_columns() -> None:
    rows = [ln for ln in GLOSSARY.splitlines() if ln.startswith("|") and not ln.startswith("|---")]
    for row in rows:
        assert row.count("|") == 4, f"malformed glossary row: {row}"
