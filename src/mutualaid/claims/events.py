"""Claim events: what a host acts on after a step of a claim case.

The machine never texts a claimant or pays anyone; it returns these events
and the host does the rest (notify the unit that a case was returned, send
the benefit notice, pay the payee). Each names the case (``subject_id``),
the claimant's policy and, where it matters, the unit that filed it.

>>> from datetime import datetime
>>> ev = ClaimReturned(subject_id="LP1", at=datetime(2026, 3, 9, 10, 0), actor="reviewer",
...                    reasons=("claim.materials_missing",), note="缺出院小结")
>>> ev.name, ev.reasons
('claim_returned', ('claim.materials_missing',))

Layer 4.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from mutualaid.lifecycle.events import Event
from mutualaid.privacy import mask_message

__all__ = [
    "ClaimAccepted",
    "ClaimApproved",
    "ClaimClosed",
    "ClaimDeleted",
    "ClaimEvent",
    "ClaimPaid",
    "ClaimRejected",
    "ClaimReopened",
    "ClaimReturned",
    "ClaimSubmitted",
]


def _masked_note(value: str) -> str:
    return repr(mask_message(value))


@attrs.frozen(kw_only=True)
class ClaimEvent(Event):
    """Base of the claim events: the case's policy and the unit that filed it."""

    policy_number: str = ""
    unit_id: str = ""


@attrs.frozen(kw_only=True)
class ClaimAccepted(ClaimEvent):
    """The office accepted the case (确认受理); ``next_step`` is ``materials_upload`` or ``expense_entry``."""

    claim_type: str = ""
    next_step: str = ""


@attrs.frozen(kw_only=True)
class ClaimSubmitted(ClaimEvent):
    """The case went to review (申领提交 / the unit's 提交)."""


@attrs.frozen(kw_only=True)
class ClaimReturned(ClaimEvent):
    """The reviewer returned the case for correction, with reasons."""

    reasons: tuple[str, ...] = ()
    note: str = attrs.field(default="", repr=_masked_note)


@attrs.frozen(kw_only=True)
class ClaimApproved(ClaimEvent):
    """Review passed: the benefit is due (``sample_check``: a sample check comes first)."""

    benefit: Decimal = Decimal("0.00")
    sample_check: bool = False


@attrs.frozen(kw_only=True)
class ClaimRejected(ClaimEvent):
    """The case was refused (拒付), with reasons."""

    reasons: tuple[str, ...] = ()
    note: str = attrs.field(default="", repr=_masked_note)


@attrs.frozen(kw_only=True)
class ClaimPaid(ClaimEvent):
    """The benefit was paid to the payee (the account is the case's, never repeated here)."""

    amount: Decimal = Decimal("0.00")
    reference: str = ""


@attrs.frozen(kw_only=True)
class ClaimClosed(ClaimEvent):
    """The case was closed (结案): 申领查询 lists it."""


@attrs.frozen(kw_only=True)
class ClaimReopened(ClaimEvent):
    """A closed case was re-opened for review, its history kept."""

    note: str = attrs.field(default="", repr=_masked_note)


@attrs.frozen(kw_only=True)
class ClaimDeleted(ClaimEvent):
    """The case was deleted after the second confirmation (案件删除)."""
