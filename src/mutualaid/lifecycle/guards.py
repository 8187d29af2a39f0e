"""Guards shared by the machines, and the names of the facts they read.

A guard takes an :class:`~mutualaid.lifecycle.machine.Attempt` and yields the
:class:`~mutualaid.rules.findings.Finding` values that block it. Guards read
facts the machine does not record from the attempt's ``context``, typed
:class:`~mutualaid.lifecycle.facts.Facts`; the constants below are the facts'
names (a mapping keyed by them converts), and :func:`context` builds the mapping.
A fact a guard needs and nobody gave raises :class:`~mutualaid.errors.MissingFact`.

>>> from datetime import datetime
>>> from mutualaid.lifecycle.machine import Attempt
>>> attempt = Attempt(None, "return", "office", datetime(2025, 1, 1))
>>> [r.code for r in note_required(attempt)]
['review.reasons_required']
>>> context(unit=None, findings=())
{'findings': ()}

Layer 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mutualaid.lifecycle.machine import Attempt
from mutualaid.model.material import Material
from mutualaid.model.unit import Unit
from mutualaid.rules.defaults.uploads import upload_within_limits
from mutualaid.rules.findings import Finding

__all__ = [
    "FINDINGS",
    "INVOICE_REQUEST",
    "PAYMENT_NOTICE",
    "PRIOR_APPLICATIONS",
    "REQUIRED_MATERIALS",
    "RULES",
    "UNIT",
    "context",
    "files_within_limits",
    "from_findings",
    "missing_unit_fields",
    "note_required",
    "unit_from",
]

#: Context key: the :class:`~mutualaid.model.unit.Unit` acting or concerned.
UNIT = "unit"
#: Context key: the pack's :class:`~mutualaid.rules.engine.PackView`.
RULES = "rules"
#: Context key: the rule findings about the entity (blocking ones block submission).
FINDINGS = "findings"
#: Context key: the material kinds the rules require for this application.
REQUIRED_MATERIALS = "required_materials"
#: Context key: the entity's :class:`~mutualaid.model.payment.PaymentNotice` (the
#: application's, confirmed, for ``confirm_payment``: its arrival date and money).
PAYMENT_NOTICE = "payment_notice"
#: Context key: the unit's other applications (the pack's one tier per plan per unit).
PRIOR_APPLICATIONS = "prior_applications"
#: Context key: the application's invoice request (Linyi's invoice entry before payment).
INVOICE_REQUEST = "invoice_request"


def context(**facts: Any) -> dict[str, Any]:
    """A guard context from keyword facts, leaving out the ones that are None."""
    return {key: value for key, value in facts.items() if value is not None}


def unit_from(attempt: Attempt[Any]) -> Unit | None:
    """The unit in the attempt's context, if any."""
    unit = attempt.context.get(UNIT)
    return unit if isinstance(unit, Unit) else None


def _empty(value: object) -> bool:
    return value is None or value == "" or value is False or value == ()


def missing_unit_fields(unit: Unit, required: Iterable[str]) -> tuple[str, ...]:
    """The required unit fields that are empty; dotted names reach into contacts.

    >>> from mutualaid.model.kinds import UnitCodeKind
    >>> from mutualaid.model.unit import Contact
    >>> u = Unit("U1", "测试", UnitCodeKind.USCC, "91371000MA3C0000X1", handler=Contact("王五"))
    >>> missing_unit_fields(u, ["name", "handler.name", "handler.mobile", "union_chair.name"])
    ('handler.mobile', 'union_chair.name')
    """
    missing: list[str] = []
    for name in required:
        value: object = unit
        for part in name.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if _empty(value):
            missing.append(name)
    return tuple(missing)


def note_required(attempt: Attempt[Any]) -> Iterator[Finding]:
    """Returning or rejecting needs reasons in the note (审核反馈)."""
    if not attempt.note.strip():
        yield Finding.error("review.reasons_required", "退回或驳回须填写原因（审核反馈）")


def from_findings(findings: Iterable[Any], *, limit: int = 5) -> tuple[Finding, ...]:
    """The blocking rule findings, as a guard yields them (at most ``limit``, then a count).

    A guard's refusal is a finding of severity error, so the rules' errors
    pass through whole (code, message, field, params); past ``limit`` one
    ``findings.more`` finding counts the rest. A host's own finding-like
    value (``code``, ``message`` and ``blocking``) becomes an error finding.

    >>> from mutualaid.rules.findings import Finding
    >>> found = [Finding.warning("a.b", "提示"), *(Finding.error("a.c", f"错{n}") for n in range(3))]
    >>> [str(f) for f in from_findings(found, limit=2)]
    ['[error] a.c: 错0', '[error] a.c: 错1', '[error] findings.more: 另有1处错误，请下载错误清单修改']
    """
    blocking = [f for f in findings if getattr(f, "blocking", False)]
    reasons = [
        f if isinstance(f, Finding) else Finding.error(str(f.code), str(f.message))
        for f in blocking[:limit]
    ]
    if len(blocking) > limit:
        reasons.append(
            Finding.error(
                "findings.more",
                f"另有{len(blocking) - limit}处错误，请下载错误清单修改",
                count=len(blocking) - limit,
            )
        )
    return tuple(reasons)


def _uploaded(value: Any) -> Iterator[Material]:
    if isinstance(value, Material):
        if value.provided and not value.offline:
            yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _uploaded(item)


def files_within_limits(attempt: Attempt[Any]) -> Iterator[Finding]:
    """The guard on a step that takes uploaded files: each one within the pack's upload limits.

    Every :class:`~mutualaid.model.material.Material` among the step's
    parameters (alone or in a list) that is uploaded, not handed in on
    paper, is judged by
    :func:`~mutualaid.rules.defaults.uploads.upload_within_limits` with the
    pack in the context (``RULES``): a format the pack does not allow, or a
    file above its size limit, blocks the step (``upload.file_type_not_allowed``,
    ``upload.too_large``). A file that says what it is (name, type or size)
    cannot be judged without the pack (:class:`~mutualaid.errors.MissingFact`);
    one that says nothing is judged by its reference's extension where the
    pack is given.
    """
    files = [m for value in attempt.params.values() for m in _uploaded(value)]
    if not files:
        return
    rules = attempt.context.get(RULES)
    if rules is None:
        if any(m.file_name or m.file_type or m.size_bytes is not None for m in files):
            attempt.context.need(RULES, attempt.action)
        return
    for material in files:
        yield from (
            f for f in upload_within_limits(material, rules, attempt.at.date()) if f.blocking
        )
