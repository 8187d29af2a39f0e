"""A business refusal raised by a service call outside the machines (as a guard would).

Roster edits (:mod:`mutualaid.service.roster_editing`), payment methods
(:mod:`mutualaid.service.payment_method`) and certificates
(:mod:`mutualaid.service.certificates`) judge before a step; their refusals
read as a machine's: :class:`~mutualaid.errors.GuardFailed` with the
reasons and their codes.

>>> from mutualaid.rules import Finding
>>> refuse("certificate", "A1", "print_certificate", [Finding.error("x.y", "不行")])
Traceback (most recent call last):
...
mutualaid.errors.GuardFailed: certificate A1: 'print_certificate' blocked: 不行 [x.y]
>>> refuse("certificate", "A1", "print_certificate", [])  # no reason: nothing raised

Layer 6.
"""

from __future__ import annotations

from collections.abc import Iterable

from mutualaid.errors import GuardFailed
from mutualaid.lifecycle import refusal_text
from mutualaid.rules.findings import Finding

__all__ = ["refuse"]


def refuse(kind: str, subject_id: str, action: str, reasons: Iterable[Finding]) -> None:
    """Raise :class:`~mutualaid.errors.GuardFailed` when there are ``reasons`` (else nothing)."""
    found = tuple(reasons)
    if found:
        raise GuardFailed(
            f"{kind} {subject_id}: {action!r} blocked: "
            + "; ".join(refusal_text(r) for r in found),
            kind=kind,
            action=action,
            reasons=found,
            codes=tuple(r.code for r in found),
        )
