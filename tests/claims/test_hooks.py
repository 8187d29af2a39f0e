"""The four claim hooks, answered by the bundled packs and by the core's defaults.

``mutualaid_claim_flow``, ``mutualaid_claim_types``, ``mutualaid_claim_materials``,
``mutualaid_claim_findings`` (docs/hooks.md, "Claims").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from claims_helpers import bundled, case, test_pack

from mutualaid.model.kinds import ClaimType, MaterialKind
from mutualaid.rules import DataPack, Finding, PackData, PackInfo, RuleEngine, hookimpl
from mutualaid.rules.flows import ClaimFlow
from mutualaid.rules.results import ClaimStep

ON = date(2026, 3, 9)


def test_mutualaid_claim_flow_each_region() -> None:
    assert bundled("linyi").claim_flow().steps == (
        "office_acceptance",
        "materials_step",
        "expense_entry",
        "calculation_step",
    )
    for name in ("guangdong", "yiyang", "shenzhen"):
        assert bundled(name).claim_flow().steps == ("unit_files",), name
    # the default: no claims in the system (Weihai's manual has none)
    assert bundled("weihai").claim_flow() == ClaimFlow("weihai", offered=False)


def test_mutualaid_claim_types_by_plan_kind() -> None:
    linyi = bundled("linyi")
    hosp, acc = linyi.plans(ON)
    assert linyi.claim_types(hosp, ON)[:2] == (
        ClaimType.DISEASE_HOSPITALIZATION,
        ClaimType.ACCIDENT_HOSPITALIZATION,
    )
    assert ClaimType.DISEASE_HOSPITALIZATION not in linyi.claim_types(acc, ON)
    # a pack without claim types offers none
    assert bundled("weihai").claim_types(bundled("weihai").plans(ON)[0], ON) == ()


def test_a_pack_answers_mutualaid_claim_types_in_python() -> None:
    class Allowance(DataPack):
        @hookimpl
        def mutualaid_claim_types(self, plan: Any) -> list[ClaimType]:
            return [ClaimType.HOSPITAL_ALLOWANCE]

    view = test_pack(ClaimFlow("demo", unit_files=True))
    data = PackData.from_mapping({"format": 1, "pack": "allow"}, version="1.0")
    engine = RuleEngine()
    engine.register(Allowance(PackInfo("allow", "allow", "1.0", "津贴", ">=0.1"), data))
    plan = view.plan("P1")
    assert engine.pack("allow").claim_types(plan, ON) == (ClaimType.HOSPITAL_ALLOWANCE,)


def test_mutualaid_claim_materials_linyi_hospital_types_only() -> None:
    """Seed 003, 4.1.1: 疾病住院 and 意外住院 go to 材料上传 first; others straight to 费用录入."""
    linyi = bundled("linyi")
    kinds = [m.kind for m in linyi.claim_materials(ClaimType.DISEASE_HOSPITALIZATION, ON)]
    assert MaterialKind.DISCHARGE_SUMMARY in kinds
    assert linyi.claim_materials(ClaimType.ACCIDENT_HOSPITALIZATION, ON)
    assert linyi.claim_materials(ClaimType.SPECIAL_DISEASE, ON) == ()


def test_mutualaid_claim_findings_a_rule_switched_off_and_a_pack_rule_added() -> None:
    class Own(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            return {"claims.case_complete": None}

        @hookimpl
        def mutualaid_claim_findings(self, claim: Any, step: ClaimStep) -> list[Finding]:
            if step is ClaimStep.REVIEW and not claim.remarks:
                return [Finding.warning("own.no_remarks", "请填写案件备注")]
            return []

    raw = {"format": 1, "pack": "own"}
    engine = RuleEngine()
    engine.register(
        Own(
            PackInfo("own", "own", "1.0", "自有", ">=0.1"),
            PackData.from_mapping(raw, version="1.0"),
        )
    )
    view = engine.pack("own")
    plan = test_pack(ClaimFlow("demo", unit_files=True)).plan("P1")
    codes = [f.code for f in view.claim_findings(case(), ClaimStep.REVIEW, ON, plan=plan)]
    assert codes == ["own.no_remarks"]  # no payee, incident: the switched-off rule says nothing
