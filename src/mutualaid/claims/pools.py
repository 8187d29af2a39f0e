"""Work pools and review sampling: a host's claim screens as pure queries.

Linyi 4.2.1 (获取案件): 「在待处理工作池中，会显示新受理且案件状态为费用录入的案件，选择需要处理的
案件，点击【获取】按钮，将所选择的案件移动到处理中工作池」. A pool is a set of
states; a case in them is *pending* (待处理) while no clerk holds it and *in
progress* (处理中) with the clerk who took it. Taking and releasing are the
claim machine's ``take`` and ``release`` actions (the clerk is the actor);
the pools below only read cases.

>>> from mutualaid.model import Claim, ClaimStatus, ClaimType, Member
>>> m = Member.from_resident_id("张三", "11010519491231002X")
>>> a = Claim("LP1", ClaimType.OTHER, m, "P1", status=ClaimStatus.EXPENSE_ENTRY)
>>> b = Claim("LP2", ClaimType.OTHER, m, "P1", status=ClaimStatus.CALCULATED, clerk="li")
>>> [c.id for c in pending([a, b], EXPENSE_ENTRY)], [c.id for c in in_progress([a, b], EXPENSE_ENTRY, "li")]
(['LP1'], ['LP2'])

Review sampling (抽检复核), where a pack asks for it: a share of approved
cases drawn at random, and every case whose benefit reaches a threshold.
The draw is a pure function of the recorded seed and the case number, so it
is reproducible: the same seed picks the same cases.

>>> s = Sampling(share=Decimal("0.5"), threshold=Decimal("5000"))
>>> sample_check_due("LP1", Decimal("6000.00"), 7, s)
True
>>> [sample_check_due(f"LP{n}", Decimal("100"), 7, s) for n in range(6)]
[True, False, False, False, True, True]
>>> [sample_check_due(f"LP{n}", Decimal("100"), 8, s) for n in range(6)]  # another seed, another draw
[False, True, False, False, False, True]

Layer 4.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from mutualaid.model.claim import Claim
from mutualaid.model.states import ClaimStatus as S

__all__ = [
    "EXPENSE_ENTRY",
    "MATERIALS_UPLOAD",
    "POOLS",
    "REVIEW",
    "SAMPLE_CHECK",
    "Pool",
    "Sampling",
    "closed_cases",
    "draw",
    "fresh_seed",
    "in_progress",
    "pending",
    "sample_check_due",
    "sampling_of",
]


@attrs.frozen
class Pool:
    """A work pool: the states whose cases it lists.

    :param name: its stable name (``expense_entry``).
    :param label: the screen's name (费用录入).
    :param pending_states: the states a case waits in, not held (待处理).
    :param held_states: the states a case is worked in, held by a clerk (处理中).
    """

    name: str
    label: str
    pending_states: tuple[S, ...]
    held_states: tuple[S, ...]


#: 材料上传 (Linyi 4.1.3): cases waiting for their materials (nobody holds them).
MATERIALS_UPLOAD = Pool("materials_upload", "材料上传", (S.MATERIALS_UPLOAD,), ())
#: 费用录入 (Linyi 4.2.1): 待处理 and 处理中.
EXPENSE_ENTRY = Pool(
    "expense_entry", "费用录入", (S.EXPENSE_ENTRY, S.CALCULATED), (S.EXPENSE_ENTRY, S.CALCULATED)
)
#: 申领初审 (Linyi 4.2.2; Guangdong's 理赔部审核): submitted cases and those a reviewer took.
REVIEW = Pool("review", "申领初审", (S.SUBMITTED,), (S.INITIAL_REVIEW,))
#: 抽检复核: approved cases the sampling drew.
SAMPLE_CHECK = Pool("sample_check", "抽检复核", (S.SAMPLE_CHECK,), (S.SAMPLE_CHECK,))

#: Every pool by name.
POOLS = {p.name: p for p in (MATERIALS_UPLOAD, EXPENSE_ENTRY, REVIEW, SAMPLE_CHECK)}


def pending(claims: Iterable[Claim], pool: Pool) -> tuple[Claim, ...]:
    """待处理: the pool's cases nobody holds, in the order given."""
    return tuple(c for c in claims if c.status in pool.pending_states and c.clerk is None)


def in_progress(claims: Iterable[Claim], pool: Pool, clerk: str | None = None) -> tuple[Claim, ...]:
    """处理中: the pool's cases a clerk holds (``clerk``: only that clerk's)."""
    return tuple(
        c
        for c in claims
        if c.status in pool.held_states
        and c.clerk is not None
        and (clerk is None or c.clerk == clerk)
    )


def closed_cases(
    claims: Iterable[Claim],
    *,
    id_number: str | None = None,
    claim_type: Any = None,
    unit_id: str | None = None,
    closed_from: date | None = None,
) -> tuple[Claim, ...]:
    """申领查询 (Linyi 4.3): closed cases (结案), narrowed by claimant, type or unit.

    ``closed_from`` keeps the cases filed on or after that day.
    """
    return tuple(
        c
        for c in claims
        if c.status is S.CLOSED
        and (id_number is None or c.member.id_number == id_number)
        and (claim_type is None or c.claim_type == claim_type)
        and (unit_id is None or c.unit_id == unit_id)
        and (closed_from is None or (c.filed_on is not None and c.filed_on >= closed_from))
    )


# --- review sampling ------------------------------------------------------------------------


@attrs.frozen
class Sampling:
    """The pack's review sampling: a random share and/or a benefit threshold (yuan).

    Both ``None``: no sampling.
    """

    share: Decimal | None = None
    threshold: Decimal | None = None

    @property
    def active(self) -> bool:
        """True when the pack samples at all."""
        return (self.share is not None and self.share > 0) or self.threshold is not None


def sampling_of(rules: Any, on: date) -> Sampling:
    """The pack's sampling on ``on``: ``claims.sampling.share`` and ``claims.sampling.threshold``."""
    share = rules.param("claims.sampling.share", on, None)
    threshold = rules.param("claims.sampling.threshold", on, None)
    return Sampling(
        Decimal(share) if share is not None else None,
        Decimal(threshold) if threshold is not None else None,
    )


def draw(case_id: str, seed: int) -> Decimal:
    """The case's draw in [0, 1) for ``seed``: SHA-256 of seed and case number, so reproducible.

    >>> draw("LP1", 7) == draw("LP1", 7), draw("LP1", 7) == draw("LP1", 8)
    (True, False)
    """
    digest = hashlib.sha256(f"{seed}:{case_id}".encode()).digest()
    return Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)


def sample_check_due(case_id: str, benefit: Decimal | None, seed: int, sampling: Sampling) -> bool:
    """True when the sampling picks the case: its benefit reaches the threshold, or its draw falls in the share."""
    if sampling.threshold is not None and benefit is not None and benefit >= sampling.threshold:
        return True
    return sampling.share is not None and draw(case_id, seed) < sampling.share


def fresh_seed() -> int:
    """A new seed for the host to pass to ``approve`` (it is recorded with the case)."""
    return secrets.randbits(63)
