"""The contract of claims and the accumulator ledger, on every store.

Issue 10 item 7: claims, their audit trails and the ledger in every store
(memory, SQLite in memory and in a file, the SQLAlchemy store on SQLite and,
when ``MUTUALAID_TEST_POSTGRES_URL`` is set, PostgreSQL). The queries are the
screens of Linyi 4 申领管理 (seed 003): 4.2.1's work pools are claims by status,
4.3 申领查询 a unit's closed cases; a member's cases are found by ID number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.claims.ledger import standing
from mutualaid.errors import AuditMissing, ConcurrentModification, StoreError
from mutualaid.lifecycle.store import Repository
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Claim, ClaimStatus, ClaimType, Expense, Member, Payee
from mutualaid.model.claim import Incident
from mutualaid.model.ledger import LedgerEntry, Measure
from stores.backends import BACKENDS, store_factory

AT = datetime(2025, 6, 2, 9, 30)
ZHANG = Member.from_resident_id("张三", "11010519491231002X")
LI = Member.from_resident_id("李四", "110105198001010219")


@pytest.fixture(params=BACKENDS)
def make_store(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], Repository]]:
    with store_factory(request.param, tmp_path) as factory:
        yield factory


@pytest.fixture
def store(make_store: Callable[[], Repository]) -> Repository:
    return make_store()


def claim(key: str, member: Member = ZHANG, **kw: Any) -> Claim:
    kw.setdefault("unit_id", "U1")
    kw.setdefault("status", ClaimStatus.EXPENSE_ENTRY)
    return Claim(key, kw.pop("claim_type", ClaimType.OTHER), member, kw.pop("policy", "P1"), **kw)


def step(key: str, version: int, action: str, to: ClaimStatus, **params: Any) -> AuditRecord:
    return AuditRecord(
        "claim", key, "clerk", AT, action, "", to.value, params=params, version=version
    )


def test_a_claim_comes_back_as_saved_with_its_payee_and_expenses(store: Repository) -> None:
    """Linyi 4.2.2: the payee (领款人) and the settlement sheet's amounts are kept whole."""
    case = claim(
        "LP1",
        claim_type=ClaimType.DISEASE_HOSPITALIZATION,
        expenses=(Expense("住院费用", "3200.50", date(2025, 5, 3)),),
        payee=Payee("张三", "6222021234567890123", "工商银行"),
        benefit="1600.25",
        incident=Incident(date(2025, 5, 1), "临沂"),
    )
    store.save(case)
    assert store.get(Claim, "LP1") == case
    assert store.get(Claim, "LP1").payee.account == "6222021234567890123"  # type: ignore[union-attr]


def test_claims_by_unit_member_and_status_in_the_order_saved(store: Repository) -> None:
    """Linyi 4.2.1 待处理 pool (费用录入), 4.3 申领查询 (结案 of the unit), a member's cases."""
    store.save(claim("LP1"))
    store.save(claim("LP2", LI, status=ClaimStatus.MATERIALS_UPLOAD))
    store.save(claim("LP3", unit_id="U2", status=ClaimStatus.CLOSED))
    store.save(claim("LP4", LI, status=ClaimStatus.CLOSED))
    ids = lambda found: [c.id for c in found]  # noqa: E731
    assert ids(store.claims_of_unit("U1")) == ["LP1", "LP2", "LP4"]
    assert ids(store.claims_of_member("11010519491231002x ")) == ["LP1", "LP3"]
    assert ids(store.claims_in_status(ClaimStatus.CLOSED)) == ["LP3", "LP4"]
    assert ids(store.claims_in_status(ClaimStatus.CLOSED, ClaimStatus.EXPENSE_ENTRY)) == [
        "LP1",
        "LP3",
        "LP4",
    ]
    assert store.claims_in_status() == ()
    assert store.claims_in_status(ClaimStatus.PAID) == ()


def test_a_claim_step_is_stored_with_its_trail_and_moves_between_pools(store: Repository) -> None:
    """Linyi 4.1.3: materials uploaded move a case from 材料上传 to 费用录入."""
    first = claim("LP1", status=ClaimStatus.MATERIALS_UPLOAD)
    store.save(first, audit=[step("LP1", 0, "accept", ClaimStatus.MATERIALS_UPLOAD)])
    moved = attrs.evolve(first, status=ClaimStatus.EXPENSE_ENTRY, version=1)
    with pytest.raises(AuditMissing):
        store.update(moved)
    store.update(moved, audit=[step("LP1", 1, "upload_materials", ClaimStatus.EXPENSE_ENTRY)])
    assert store.claims_in_status(ClaimStatus.MATERIALS_UPLOAD) == ()
    assert [c.id for c in store.claims_in_status(ClaimStatus.EXPENSE_ENTRY)] == ["LP1"]
    assert [r.action for r in store.audit_trail(Claim, "LP1")] == ["accept", "upload_materials"]
    with pytest.raises(ConcurrentModification):  # a second clerk with the old version
        store.update(moved, audit=[step("LP1", 1, "upload_materials", ClaimStatus.EXPENSE_ENTRY)])


def test_a_failed_claim_step_leaves_nothing(store: Repository) -> None:
    store.save(claim("LP1"))
    with pytest.raises(RuntimeError), store.transaction():
        store.update(
            attrs.evolve(claim("LP1", status=ClaimStatus.INITIAL_REVIEW), version=1),
            audit=[step("LP1", 1, "submit", ClaimStatus.INITIAL_REVIEW)],
        )
        raise RuntimeError("crash before commit")
    assert store.get(Claim, "LP1").status is ClaimStatus.EXPENSE_ENTRY
    assert store.audit_trail(Claim, "LP1") == ()
    assert store.claims_in_status(ClaimStatus.INITIAL_REVIEW) == ()


def test_no_personal_data_in_a_claims_repr(store: Repository) -> None:
    store.save(claim("LP1", payee=Payee("张三", "6222021234567890123")))
    shown = repr(store.get(Claim, "LP1"))
    assert "11010519491231002X" not in shown and "6222021234567890123" not in shown


# --- the accumulator ledger (issue 10 item 4): append only, superseded by revision ----------


def entry(claim_id: str, revision: int, amount: str, **kw: Any) -> LedgerEntry:
    member = kw.pop("member", ZHANG)
    return LedgerEntry(
        member.key[0],
        member.id_number,
        kw.pop("family", "linyi-hosp"),
        kw.pop("plan", "linyi-hosp-2025"),
        date(2025, 1, 1),
        date(2025, 12, 31),
        claim_id,
        revision,
        kw.pop("measure", Measure.PAID),
        amount,
        category=kw.pop("category", "medical"),
        **kw,
    )


def test_ledger_entries_come_back_equal_in_the_order_appended(store: Repository) -> None:
    first = [entry("LP1", 1, "1200.50"), entry("LP1", 1, "800", measure=Measure.DEDUCTIBLE)]
    store.append_ledger(*first)
    store.append_ledger(entry("LP2", 1, "300", member=LI))
    store.append_ledger(entry("LP3", 1, "50", family="linyi-acc"))
    assert store.ledger_of_claim("LP1") == tuple(first)
    assert [e.claim_id for e in store.ledger_of("11010519491231002x")] == ["LP1", "LP1", "LP3"]
    assert [e.claim_id for e in store.ledger_of(ZHANG.id_number, "linyi-hosp")] == ["LP1", "LP1"]
    assert store.ledger_of(LI.id_number, "linyi-acc") == ()
    assert store.ledger_of_claim("nope") == ()


def test_a_recalculation_appends_the_next_revision_and_never_changes_the_first(
    store: Repository,
) -> None:
    store.append_ledger(entry("LP1", 1, "1200"))
    store.append_ledger(entry("LP1", 2, "900"))
    assert [(e.revision, e.amount) for e in store.ledger_of_claim("LP1")] == [
        (1, Decimal("1200.00")),
        (2, Decimal("900.00")),
    ]


@pytest.mark.parametrize("revision", [1, 2])
def test_a_revision_already_stored_or_older_is_refused(store: Repository, revision: int) -> None:
    """Two clerks recalculating one case: the second writer's revision is taken."""
    store.append_ledger(entry("LP1", 1, "1200"), entry("LP1", 1, "100"))
    store.append_ledger(entry("LP1", 2, "1000"))
    with pytest.raises(ConcurrentModification, match="revision 2 of claim 'LP1'"):
        store.append_ledger(entry("LP1", revision, "5"))
    assert len(store.ledger_of_claim("LP1")) == 3


def test_ledger_entries_of_two_revisions_at_once_or_not_entries_are_refused(
    store: Repository,
) -> None:
    with pytest.raises(StoreError, match="revisions 1 and 2"):
        store.append_ledger(entry("LP1", 1, "1"), entry("LP1", 2, "2"))
    with pytest.raises(StoreError, match="LedgerEntry"):
        store.append_ledger("LP1")  # type: ignore[arg-type]
    assert store.ledger_of_claim("LP1") == ()


def test_ledger_entries_roll_back_with_their_claim(store: Repository) -> None:
    """The service writes a calculated case and its entries in one transaction."""
    store.save(claim("LP1"))
    with pytest.raises(RuntimeError), store.transaction():
        store.update(
            attrs.evolve(claim("LP1", benefit="1200"), version=1),
            audit=[step("LP1", 1, "calculate", ClaimStatus.EXPENSE_ENTRY)],
        )
        store.append_ledger(entry("LP1", 1, "1200"))
        raise RuntimeError("crash before commit")
    assert store.ledger_of_claim("LP1") == ()
    assert store.get(Claim, "LP1").benefit is None
    store.append_ledger(entry("LP1", 1, "1200"))  # the revision is free again
    assert len(store.ledger_of(ZHANG.id_number)) == 1


def test_every_policy_listing_a_member_any_year(store: Repository) -> None:
    """A claim's waiting period counts unbroken cover across renewals: every year's policy."""
    from mutualaid.model import CoveragePeriod, Policy, PolicyMember, PolicyStatus

    for number, year, status in (
        ("P24", 2024, PolicyStatus.EXPIRED),
        ("P25", 2025, PolicyStatus.EFFECTIVE),
    ):
        store.save(
            Policy(
                number,
                "U1",
                "A" + number,
                f"linyi-hosp-{year}",
                CoveragePeriod.calendar_year(year),
                (PolicyMember(ZHANG),),
                status,
            )
        )
    assert [p.number for p in store.policies_of_member("11010519491231002x")] == ["P24", "P25"]
    assert store.policies_of_member(LI.id_number) == ()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["LP1", "LP2", "LP3"]),
            st.lists(st.integers(0, 500_000), min_size=1, max_size=3),
            st.sampled_from([Measure.PAID, Measure.DEDUCTIBLE, Measure.VOID]),
        ),
        max_size=8,
    )
)
def test_the_stored_ledger_replays_to_the_same_totals(
    make_store: Callable[[], Repository], writes: list[tuple[str, list[int], Measure]]
) -> None:
    """Issue 10 item 4: appended revisions read back in order, and the standing added up from
    a store's entries is the standing of the entries as written."""
    store = make_store()
    written: list[LedgerEntry] = []
    for claim_id, fens, measure in writes:
        revision = 1 + max((e.revision for e in written if e.claim_id == claim_id), default=0)
        batch = [
            entry(claim_id, revision, "0" if measure is Measure.VOID else f"{f / 100:.2f}",
                  measure=measure)
            for f in (fens[:1] if measure is Measure.VOID else fens)
        ]  # fmt: skip
        store.append_ledger(*batch)
        written.extend(batch)
    assert store.ledger_of(ZHANG.id_number) == tuple(written)
    here = standing(store.ledger_of(ZHANG.id_number), ZHANG.key, "linyi-hosp", date(2025, 1, 1))
    assert here == standing(written, ZHANG.key, "linyi-hosp", date(2025, 1, 1))
