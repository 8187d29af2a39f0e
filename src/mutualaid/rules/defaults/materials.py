"""Required materials: the documents a step needs.

Two rules: the documents findings ask for (a ``needs_material`` finding names
its material), and the pack's fixed list for the step (``materials.<situation>``).

>>> [rule.name for rule in RULES]
['materials.asked_by_findings', 'materials.fixed_for_step']
>>> [spec.name for spec in PARAMETERS][:2]
['materials.registration', 'materials.application']

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from mutualaid.model.kinds import MaterialKind
from mutualaid.rules.defaults.rule import Rule, explain, material_of, run
from mutualaid.rules.findings import Severity
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.results import MaterialRequirement, Situation

if TYPE_CHECKING:
    from mutualaid.model.application import Application
    from mutualaid.rules.findings import Finding
    from mutualaid.rules.view import PackView

__all__ = [
    "PARAMETERS",
    "RULES",
    "asked_by_findings",
    "fixed_for_step",
    "mutualaid_required_materials",
]

_HERE = "mutualaid.rules.defaults.materials"
_HOOK = "mutualaid_required_materials"

#: What the fixed list of each step is, for docs/hooks.md.
_STEPS = {
    Situation.REGISTRATION: "registering the unit",
    Situation.APPLICATION: "submitting an application",
    Situation.PAYMENT: "paying",
    Situation.OFFLINE: "the paper materials handed in after payment (Yiyang 线下递交材料)",
    Situation.INVOICE: "asking for an invoice",
    Situation.ENDORSEMENT: "an endorsement",
    Situation.CLAIM: "a claim",
}

PARAMETERS = tuple(
    ParameterSpec(
        f"materials.{situation.value}",
        ValueType.MATERIALS,
        f'the documents always needed for {_STEPS[situation]}: [{{"kind", "name", "stamped"}}]',
        f"{_HERE}.fixed_for_step",
        default=[],
    )
    for situation in Situation
)


def asked_by_findings(
    situation: Situation,
    application: Application | None,
    findings: Sequence[Finding],
    on: date,
    rules: PackView,
) -> list[MaterialRequirement]:
    """The document each ``needs_material`` finding names (``params['material']``)."""
    needed: list[MaterialRequirement] = []
    for f in findings:
        if f.severity is Severity.NEEDS_MATERIAL and "material" in f.params:
            kind = MaterialKind(f.params["material"])
            name = str(f.params.get("material_name") or kind.label)
            needed.append(
                MaterialRequirement(
                    kind,
                    name,
                    situation,
                    f.code,
                    bool(f.params.get("stamped", False)),
                    f.explanation,
                )
            )
    return needed


def fixed_for_step(
    situation: Situation,
    application: Application | None,
    findings: Sequence[Finding],
    on: date,
    rules: PackView,
) -> list[MaterialRequirement]:
    """The pack's fixed list for the step: ``materials.<situation>``."""
    fixed = rules.cite(f"materials.{situation.value}", on)
    needed: list[MaterialRequirement] = []
    for raw in fixed.value if fixed is not None else ():
        kind, name, stamped = material_of(raw, MaterialKind.OTHER)
        needed.append(
            MaterialRequirement(kind, name, situation, None, stamped, explain(rules, _HOOK, fixed))
        )
    return needed


#: The material rules, in the order their requirements are listed.
RULES = (
    Rule("materials.asked_by_findings", _HOOK, asked_by_findings),
    Rule("materials.fixed_for_step", _HOOK, fixed_for_step),
)


@hookimpl(trylast=True)
def mutualaid_required_materials(
    situation: Situation,
    application: Application | None,
    findings: Sequence[Finding],
    on: date,
    rules: PackView,
) -> list[MaterialRequirement]:
    """The material rules in force (:data:`RULES`, each replaceable by the pack)."""
    return run(RULES, rules, situation=situation, application=application, findings=findings, on=on)
