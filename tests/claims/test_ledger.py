"""The accumulator ledger: append only, a recalculation supersedes, replays give the same totals.

Linyi's 申领计算 (003, 4.2.2) may be run again before 申领提交; each run is a
new revision of the case's entries, never an edit.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from benefit_helpers import demo_view, person, policy
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualaid.claims.benefits.case import CaseFacts
from mutualaid.claims.coverage import assess
from mutualaid.claims.ledger import Ledger, current, next_revision, standing
from mutualaid.errors import ConversionError
from mutualaid.model.ledger import LedgerEntry, Measure

VIEW = demo_view()
MEMBERS = (person(1), person(2))
POLICIES = tuple(
    policy(m, y, number=f"BD{y}-{i}") for i, m in enumerate(MEMBERS) for y in (2025, 2026)
)
TYPES = ("disease_hospitalization", "accident_hospitalization", "special_disease")

operation = st.tuples(
    st.sampled_from(["compute", "void"]),
    st.integers(0, 1),  # member
    st.integers(0, 4),  # case number
    st.sampled_from(TYPES),
    st.integers(0, 600),  # day after 2025-04-01
    st.integers(0, 3_000_000),  # total in fen
    st.integers(0, 20),  # days
)


def _run(ops: list[tuple[str, int, int, str, int, int, int]]) -> Ledger:
    ledger = Ledger()
    for kind, who, n, claim_type, day, total, days in ops:
        member = MEMBERS[who]
        claim_id = f"LP{who}-{n}"
        on = date(2025, 4, 1) + timedelta(days=day)
        plan = VIEW.plan(f"DEMO-{on.year}")
        if kind == "void":
            ledger = ledger.void(claim_id, member, plan)
            continue
        facts = CaseFacts(
            claim_id,
            claim_type,
            on,
            total=Decimal(total).scaleb(-2),
            days=days,
            hospital_level="level_2",
        )
        _, b = assess(facts, member, policies=POLICIES, rules=VIEW, ledger=ledger.entries)
        ledger = ledger.record(b, member, plan)
    return ledger


@settings(max_examples=40, deadline=None)
@given(st.lists(operation, max_size=12))
def test_the_ledger_replays_to_the_same_totals(
    ops: list[tuple[str, int, int, str, int, int, int]],
) -> None:
    ledger = _run(ops)
    # append only: every earlier state is a prefix of the later one
    shorter = _run(ops[:-1]) if ops else Ledger()
    assert ledger.entries[: len(shorter.entries)] == shorter.entries
    # replaying the same cases gives the same entries, and the totals do not depend on entry order
    assert _run(ops).entries == ledger.entries
    shuffled = list(ledger.entries)
    random.Random(7).shuffle(shuffled)
    for member in MEMBERS:
        for year in (2025, 2026):
            start = date(year, 1, 1)
            assert standing(shuffled, member.key, "DEMO", start) == standing(
                ledger.entries, member.key, "DEMO", start
            )
            # the totals are those of the latest revision of each case, added up by hand
            latest = current(e for e in ledger.entries if e.member_key == member.key)
            paid = sum(
                (e.amount for e in latest if e.measure is Measure.PAID and e.period_start == start),
                Decimal(0),
            )
            assert standing(ledger.entries, member.key, "DEMO", start).paid("period", None) == paid


def test_a_void_supersedes_and_the_next_calculation_is_a_new_revision() -> None:
    m = MEMBERS[0]
    plan = VIEW.plan("DEMO-2026")
    facts = CaseFacts("LP1", "special_disease", date(2026, 5, 1))
    _, b = assess(facts, m, policies=POLICIES, rules=VIEW)
    ledger = Ledger().record(b, m, plan)
    assert ledger.standing(m.key, plan).paid("life", None) == Decimal("5000.00")
    ledger = ledger.void("LP1", m, plan)
    assert ledger.standing(m.key, plan).paid("life", None) == 0
    assert next_revision(ledger.entries, "LP1") == 3
    assert [e.measure for e in ledger.entries] == [Measure.PAID, Measure.VOID]


def test_a_ledger_entry_masks_the_id_number_and_refuses_bad_numbers() -> None:
    m = MEMBERS[0]
    entry = Ledger().void("LP1", m, VIEW.plan("DEMO-2026")).entries[0]
    assert m.id_number not in repr(entry)
    with pytest.raises(ConversionError, match="revision"):
        LedgerEntry(
            "PASSPORT", "E1", "F", "P", date(2026, 1, 1), date(2026, 12, 31), "LP1", 0, "paid", "1"
        )
    with pytest.raises(ConversionError, match="days"):
        LedgerEntry(
            "PASSPORT",
            "E1",
            "F",
            "P",
            date(2026, 1, 1),
            date(2026, 12, 31),
            "LP1",
            1,
            "days",
            "0",
            days=-1,
        )
