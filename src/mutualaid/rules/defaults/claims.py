"""Claim cases: the claim types a plan offers, the materials each type needs, the case rules.

The case life cycle (:mod:`mutualaid.claims`) asks the pack three things, and
these defaults answer from its data when it has no Python of its own:

* which claim types a plan offers (``claims.types.<plan kind>``: Linyi 4.1.1
  「查询出满足条件的申领类型」);
* which materials each claim type needs (``claims.materials.<claim type>``:
  Linyi 4.1.3「根据提示将必传的材料类型…上传」); a type with materials goes to
  材料上传 first (Linyi 4.1.1: 疾病住院 and 意外住院), the others straight to 费用录入;
* what stands in the way of a case at a step (``mutualaid_claim_findings``):
  five small rules, each replaceable by name.

Whether a case is covered on its incident date and what it is worth are the
benefit rules' (``cover.*`` and ``benefit.*`` codes); the codes here are the
case's own (``claim.*``).

>>> [rule.name for rule in RULES]
['claims.materials_for_type', 'claims.type_offered', 'claims.not_duplicate', 'claims.filed_in_time', 'claims.materials_provided', 'claims.case_complete']
>>> type_not_in_plan_finding("意外住院", "LY-HOSP-2026", ("疾病住院",)).message
'保障计划LY-HOSP-2026不含申领类型意外住院（可申领：疾病住院）'

Since 0.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from mutualaid.model.kinds import ClaimType, MaterialKind, PlanKind
from mutualaid.model.states import ClaimStatus
from mutualaid.rules.defaults.rule import Rule, explain, material_of, run
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import ClaimFlow
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.results import ClaimStep, MaterialRequirement, Situation

if TYPE_CHECKING:
    from mutualaid.model.claim import Claim
    from mutualaid.model.plan import Plan
    from mutualaid.rules.explain import Explanation
    from mutualaid.rules.view import PackView

__all__ = [
    "CLOSED_STATES",
    "PARAMETERS",
    "RULES",
    "case_complete",
    "duplicate_case_finding",
    "filed_in_time",
    "filed_too_late_finding",
    "filing_problem",
    "incident_after_filing_finding",
    "materials_for_type",
    "materials_missing_finding",
    "materials_provided",
    "mutualaid_claim_findings",
    "mutualaid_claim_flow",
    "mutualaid_claim_materials",
    "mutualaid_claim_types",
    "not_duplicate",
    "payee_missing_finding",
    "type_not_in_plan_finding",
    "type_offered",
]

_HERE = "mutualaid.rules.defaults.claims"
_TYPES = "mutualaid_claim_types"
_MATERIALS = "mutualaid_claim_materials"
_FINDINGS = "mutualaid_claim_findings"

#: States of a case that no longer count as an open claim (a new case may be filed).
CLOSED_STATES = (ClaimStatus.DELETED, ClaimStatus.REJECTED)
#: States of a case that is over (paid, closed, rejected or deleted).
_FINISHED = (*CLOSED_STATES, ClaimStatus.PAID, ClaimStatus.CLOSED)

_CLAIM_TYPES = tuple(t.value for t in ClaimType)

PARAMETERS = (
    *(
        ParameterSpec(
            f"claims.types.{kind.value}",
            ValueType.CHOICES,
            f"the claim types a plan of kind {kind.value} ({kind.label}) offers",
            f"{_HERE}.mutualaid_claim_types",
            default=[],
            choices=_CLAIM_TYPES,
        )
        for kind in PlanKind
    ),
    *(
        ParameterSpec(
            f"claims.materials.{claim_type.value}",
            ValueType.MATERIALS,
            f'the materials a {claim_type.value} ({claim_type.label}) case needs: [{{"kind", "name", "stamped"}}]; '
            "a type with materials waits in 材料上传 first where the flow has that step",
            f"{_HERE}.materials_for_type",
            default=[],
        )
        for claim_type in ClaimType
    ),
    ParameterSpec(
        "claims.settlement_sheet_for",
        ValueType.CHOICES,
        "the claim types whose case needs the hospital settlement sheet (结算单) before review",
        f"{_HERE}.case_complete",
        default=[],
        choices=_CLAIM_TYPES,
    ),
    ParameterSpec(
        "claims.filing_deadline_days",
        ValueType.WHOLE,
        "a case must be filed within this many days after the incident (null: no deadline)",
        f"{_HERE}.filed_in_time",
        unit="days",
        minimum=1,
        maximum=3660,
        optional=True,
    ),
    ParameterSpec(
        "claims.sampling.share",
        ValueType.RATIO,
        "the share of approved cases drawn for a sample check (抽检复核), from a recorded seed",
        "mutualaid.claims.pools.sample_check_due",
    ),
    ParameterSpec(
        "claims.sampling.threshold",
        ValueType.WHOLE,
        "a case whose benefit reaches this amount always gets a sample check",
        "mutualaid.claims.pools.sample_check_due",
        unit="yuan",
        minimum=0,
        maximum=100_000_000,
    ),
)


# --- the finding of each code: the one place its message is written ----------------------


def type_not_in_plan_finding(
    claim_type: str,
    plan_code: str,
    offered: Sequence[str] | None,
    *,
    explanation: Explanation | None = None,
) -> Finding:
    """``claim.type_not_in_plan``: the plan does not offer the claim type.

    ``offered``: the types it does offer (labels), listed in the message;
    ``None`` when the caller does not know them (a refused benefit).
    """
    listed = "、".join(offered) if offered else "无"
    also = f"（可申领：{listed}）" if offered is not None else ""
    return Finding.error(
        "claim.type_not_in_plan",
        f"保障计划{plan_code}不含申领类型{claim_type}{also}",
        field="claim_type",
        explanation=explanation,
        claim_type=claim_type,
        plan_code=plan_code,
        offered=listed if offered is not None else None,
    )


def duplicate_case_finding(
    other_id: str, claim_type: str, *, explanation: Explanation | None = None
) -> Finding:
    """``claim.duplicate_case``: the claimant has the same case already."""
    return Finding.error(
        "claim.duplicate_case",
        f"出险人已有同一类型（{claim_type}）的案件{other_id}，不能重复受理",
        field="claim_type",
        explanation=explanation,
        other_id=other_id,
        claim_type=claim_type,
    )


def filed_too_late_finding(
    incident: date,
    filed: date | None = None,
    days: int | None = None,
    *,
    explanation: Explanation | None = None,
) -> Finding:
    """``claim.filed_too_late``: filed more than the pack's deadline after the incident.

    ``filed`` and ``days`` may be unknown (a refused benefit keeps only its code):
    the message then leaves them out and the params hold ``None``.
    """
    return Finding.error(
        "claim.filed_too_late",
        f"出险日期{incident.isoformat()}至申领日期{filed.isoformat()}已超过{days}天的申领时限"
        if filed is not None and days is not None
        else f"出险日期{incident.isoformat()}的申领已超过申领时限",
        field="incident.date",
        explanation=explanation,
        incident_date=incident.isoformat(),
        filed_on=None if filed is None else filed.isoformat(),
        days=days,
    )


def incident_after_filing_finding(
    incident: date, filed: date | None = None, *, explanation: Explanation | None = None
) -> Finding:
    """``claim.incident_after_filing``: the incident date is after the filing day."""
    when = f"申领日期{filed.isoformat()}" if filed is not None else "申领日期"
    return Finding.error(
        "claim.incident_after_filing",
        f"出险日期{incident.isoformat()}晚于{when}",
        field="incident.date",
        explanation=explanation,
        incident_date=incident.isoformat(),
        filed_on=None if filed is None else filed.isoformat(),
    )


def materials_missing_finding(
    names: Sequence[str], *, explanation: Explanation | None = None
) -> Finding:
    """``claim.materials_missing``: a required material is not uploaded."""
    listed = "、".join(names)
    return Finding.error(
        "claim.materials_missing",
        f"请上传必传材料：{listed}",
        field="materials",
        explanation=explanation,
        materials=listed,
    )


def payee_missing_finding(*, explanation: Explanation | None = None) -> Finding:
    """``claim.payee_missing``: no payee (领款人) recorded; before review and before payment."""
    return Finding.error(
        "claim.payee_missing", "请录入领款人信息", field="payee", explanation=explanation
    )


# --- hooks answered from data -------------------------------------------------------------


@hookimpl(trylast=True)
def mutualaid_claim_flow(rules: PackView) -> ClaimFlow:
    """No claims in the system: a pack that handles claims says how (``mutualaid_claim_flow``)."""
    return ClaimFlow(rules.region, offered=False)


@hookimpl(trylast=True)
def mutualaid_claim_types(plan: Plan, on: date, rules: PackView) -> list[ClaimType]:
    """The types ``claims.types.<plan kind>`` lists, in its order."""
    cited = rules.cite(f"claims.types.{plan.kind.value}", on)
    return [ClaimType(v) for v in (cited.value if cited is not None else ())]


def materials_for_type(
    claim_type: ClaimType, plan: Plan | None, on: date, rules: PackView
) -> list[MaterialRequirement]:
    """The pack's list for the type: ``claims.materials.<claim type>``."""
    cited = rules.cite(f"claims.materials.{claim_type.value}", on)
    needed: list[MaterialRequirement] = []
    for raw in cited.value if cited is not None else ():
        kind, name, stamped = material_of(raw, MaterialKind.OTHER)
        needed.append(
            MaterialRequirement(
                kind, name, Situation.CLAIM, None, stamped, explain(rules, _MATERIALS, cited)
            )
        )
    return needed


# --- the case rules -------------------------------------------------------------------------


def type_offered(
    claim: Claim,
    step: ClaimStep,
    plan: Plan,
    other_claims: Sequence[Claim],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``claim.type_not_in_plan``: at filing, the plan must offer the case's claim type."""
    if step is not ClaimStep.FILE:
        return []
    offered = rules.claim_types(plan, on)
    if claim.claim_type in offered:
        return []
    cited = rules.cite(f"claims.types.{plan.kind.value}", on)
    return [
        type_not_in_plan_finding(
            claim.claim_type.label,
            plan.code,
            [t.label for t in offered],
            explanation=explain(rules, _FINDINGS, cited),
        )
    ]


def _same_case(claim: Claim, other: Claim) -> bool:
    if other.id == claim.id or other.status in CLOSED_STATES:
        return False
    if other.member.key != claim.member.key or other.claim_type is not claim.claim_type:
        return False
    if claim.incident_date is not None and other.incident_date is not None:
        return claim.incident_date == other.incident_date
    return other.status not in _FINISHED  # one open case of a type at a time


def not_duplicate(
    claim: Claim,
    step: ClaimStep,
    plan: Plan,
    other_claims: Sequence[Claim],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``claim.duplicate_case``: at filing, no other live case of the claimant's for the same event.

    Same claimant and claim type, and the same incident date; when either
    case has no incident yet (Linyi records it at expense entry), any other
    case of the type still open counts. Deleted and rejected cases do not.
    """
    if step is not ClaimStep.FILE:
        return []
    for other in other_claims:
        if _same_case(claim, other):
            return [
                duplicate_case_finding(
                    other.id, claim.claim_type.label, explanation=explain(rules, _FINDINGS)
                )
            ]
    return []


def filed_in_time(
    claim: Claim,
    step: ClaimStep,
    plan: Plan,
    other_claims: Sequence[Claim],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``claim.filed_too_late``: filed within ``claims.filing_deadline_days`` of the incident.

    Judged on the day the case was filed (``claim.filed_on``, else ``on``), at
    filing and again at review (the incident may be recorded only then).
    ``claim.incident_after_filing``: an incident after the filing day.
    """
    if step is ClaimStep.MATERIALS or claim.incident_date is None:
        return []
    found = filing_problem(claim.incident_date, claim.filed_on or on, rules, on)
    return [] if found is None else [found]


def filing_problem(incident: date, filed: date, rules: PackView, on: date) -> Finding | None:
    """The one filing rule, for a case's steps and for the coverage question alike.

    ``claim.incident_after_filing``: the incident after the filing day;
    ``claim.filed_too_late``: filed more than ``claims.filing_deadline_days``
    (its value on ``on``) after the incident. ``None`` when filed in time.
    """
    if incident > filed:
        return incident_after_filing_finding(
            incident, filed, explanation=explain(rules, _FINDINGS)
        )
    cited = rules.cite("claims.filing_deadline_days", on)
    if cited is None or cited.value is None or (filed - incident).days <= int(cited.value):
        return None
    return filed_too_late_finding(
        incident, filed, int(cited.value), explanation=explain(rules, _FINDINGS, cited)
    )


def materials_provided(
    claim: Claim,
    step: ClaimStep,
    plan: Plan,
    other_claims: Sequence[Claim],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """``claim.materials_missing``: every material the pack lists for the type, uploaded.

    Judged when the materials are declared complete and when the case goes to review.
    """
    if step is ClaimStep.FILE:
        return []
    needed = rules.claim_materials(claim.claim_type, on, plan=plan)
    missing = [m.name for m in needed if m.kind not in claim.provided_kinds]
    if not missing:
        return []
    return [
        materials_missing_finding(
            missing, explanation=needed[0].explanation or explain(rules, _FINDINGS)
        )
    ]


def _settlement_types(rules: PackView, on: date) -> tuple[ClaimType, ...]:
    cited = rules.cite("claims.settlement_sheet_for", on)
    return tuple(ClaimType(v) for v in (cited.value if cited is not None else ()))


def case_complete(
    claim: Claim,
    step: ClaimStep,
    plan: Plan,
    other_claims: Sequence[Claim],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """Before review: the payee (领款人), the incident (出险信息) and, where the pack asks, the settlement sheet.

    Linyi 4.2.2「需要录入领款人信息和出险信息」「如果申领类型中包含疾病住院或意外住院，
    还需要录入结算单信息」: ``claim.payee_missing``, ``claim.incident_missing``,
    ``claim.settlement_sheet_missing`` (types in ``claims.settlement_sheet_for``).
    """
    if step is not ClaimStep.REVIEW:
        return []
    found: list[Finding] = []
    if claim.payee is None:
        found.append(payee_missing_finding(explanation=explain(rules, _FINDINGS)))
    if claim.incident is None:
        found.append(
            Finding.error(
                "claim.incident_missing",
                "请录入出险信息（出险日期、地点、经过）",
                field="incident",
                explanation=explain(rules, _FINDINGS),
            )
        )
    if claim.settlement_sheet is None and claim.claim_type in _settlement_types(rules, on):
        found.append(
            Finding.error(
                "claim.settlement_sheet_missing",
                f"申领类型{claim.claim_type.label}须录入结算单信息",
                field="settlement_sheet",
                explanation=explain(
                    rules, _FINDINGS, rules.cite("claims.settlement_sheet_for", on)
                ),
                claim_type=claim.claim_type.label,
            )
        )
    return found


#: The claim rules, in the order their answers are listed.
RULES = (
    Rule("claims.materials_for_type", _MATERIALS, materials_for_type),
    Rule("claims.type_offered", _FINDINGS, type_offered, ("claim.type_not_in_plan",)),
    Rule("claims.not_duplicate", _FINDINGS, not_duplicate, ("claim.duplicate_case",)),
    Rule(
        "claims.filed_in_time",
        _FINDINGS,
        filed_in_time,
        ("claim.filed_too_late", "claim.incident_after_filing"),
    ),
    Rule("claims.materials_provided", _FINDINGS, materials_provided, ("claim.materials_missing",)),
    Rule(
        "claims.case_complete",
        _FINDINGS,
        case_complete,
        ("claim.payee_missing", "claim.incident_missing", "claim.settlement_sheet_missing"),
    ),
)

_MATERIAL_RULES = tuple(r for r in RULES if r.hook == _MATERIALS)
_FINDING_RULES = tuple(r for r in RULES if r.hook == _FINDINGS)


@hookimpl(trylast=True)
def mutualaid_claim_materials(
    claim_type: ClaimType, plan: Plan | None, on: date, rules: PackView
) -> list[MaterialRequirement]:
    """The material rules in force (each replaceable by the pack)."""
    return run(_MATERIAL_RULES, rules, claim_type=claim_type, plan=plan, on=on)


@hookimpl(trylast=True)
def mutualaid_claim_findings(
    claim: Claim,
    step: ClaimStep,
    plan: Plan,
    other_claims: Sequence[Claim],
    on: date,
    rules: PackView,
) -> list[Finding]:
    """The case rules in force (:data:`RULES`, each replaceable by the pack)."""
    return run(
        _FINDING_RULES,
        rules,
        claim=claim,
        step=step,
        plan=plan,
        other_claims=tuple(other_claims),
        on=on,
    )
