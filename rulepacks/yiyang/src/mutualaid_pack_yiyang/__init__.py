"""The Yiyang rule pack (湖南工会互助参保, 益阳): the reference pack for pack authors.

Everything that is a number or a switch lives in ``data/rules.json`` and
``data/plans-2026.json`` (checked against the core's pack-data schema when
the pack is imported); the core's defaults apply those rules. This module
adds only what data cannot say:

* the roster template of the Yiyang system (参保职工汇总表), column by column;
* a notice on the application when the roster has over-age members: they are
  reviewed by the office before a payment notice is issued;
* the region's business flow for the life-cycle layer (:data:`~mutualaid_pack_yiyang.flows.YIYANG_FLOW`).

The engine finds the pack through the entry point
``mutualaid.rulepacks: yiyang = mutualaid_pack_yiyang:pack``.

>>> from datetime import date
>>> pack.info.name, pack.info.region
('yiyang', 'yiyang')
>>> [p.code for p in pack.mutualaid_plans(date(2026, 6, 30))]
['YY-HOSP-2026', 'YY-SPEC-2026']
>>> [str(t.contribution.total) for t in pack.mutualaid_plans(None)[0].tiers]
['60.00', '90.00']
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mutualaid.model import (
    CANONICAL_COLUMNS,
    Application,
    ColumnKind,
    MedicalInsuranceType,
    Plan,
    TemplateColumn,
)
from mutualaid.rules import ApplicationFlow, ClaimFlow, DataPack, Finding, PackView, hookimpl
from mutualaid_pack_yiyang.flows import YIYANG_CLAIM_FLOW, YIYANG_FLOW

__all__ = ["TEMPLATE_COLUMNS", "YiyangPack", "pack"]

_CANONICAL = {c.field: c for c in CANONICAL_COLUMNS}

#: 参保职工汇总表: 姓名 证件类型 证件号码 手机号 性别 年龄 医保类型 新业态从业者 (seed 004, 2. 新建参保单 (六)).
TEMPLATE_COLUMNS: tuple[TemplateColumn, ...] = (
    _CANONICAL["name"],
    _CANONICAL["id_type"],
    _CANONICAL["id_number"],
    _CANONICAL["mobile"],
    _CANONICAL["gender"],
    _CANONICAL["birth_date"],
    TemplateColumn(
        "medical_insurance_type",
        "医保类型",
        aliases=("医疗保险类型",),
        allowed_values=tuple(m.label for m in MedicalInsuranceType),
        kind=ColumnKind.CHOICE,
        width=14,
    ),
    TemplateColumn(
        "gig_worker",
        "新业态从业者",
        aliases=("是否新业态从业者",),
        allowed_values=("是", "否"),
        kind=ColumnKind.BOOL,
        width=12,
        note="不填默认为否",
    ),
    TemplateColumn(
        "retired",
        "是否已退休",
        aliases=("是否退休",),
        allowed_values=("是", "否"),
        kind=ColumnKind.BOOL,
        width=10,
        note="已达法定退休年龄但未退休的职工须上传加盖单位人事公章的超龄未退休职工名册",
    ),
)


class YiyangPack(DataPack):
    """Yiyang's rules: data from ``data/*.json``, plus the two hooks below."""

    @hookimpl
    def mutualaid_template_columns(self, plan: Plan) -> Sequence[TemplateColumn]:
        """The Yiyang roster template (the same for both plans)."""
        return TEMPLATE_COLUMNS

    @hookimpl
    def mutualaid_application_flow(self, kind: str) -> ApplicationFlow | None:
        """Yiyang has standalone enrolment only (no group enrolment, no endorsements in the manual)."""
        return YIYANG_FLOW if kind == "standalone" else None

    @hookimpl
    def mutualaid_claim_flow(self) -> ClaimFlow:
        """Claims (补助申领): assumed unit-filed (the manual names the menu only)."""
        return YIYANG_CLAIM_FLOW

    @hookimpl
    def mutualaid_application_findings(
        self, application: Application, on: date, rules: PackView
    ) -> list[Finding]:
        """Over-age members on the roster: the office reviews them before a payment notice.

        Seed 004, 2. 新建参保单 (七): "请等待经办人员审核超龄人员材料，审核通过会生成缴费通知单".
        """
        over_age = 0
        for line in application.lines:
            plan = rules.plan(line.plan_code)
            for entry in line.roster:
                if any(
                    f.code == "age.over_retirement"
                    for f in rules.member_findings(entry.member, plan, on)
                ):
                    over_age += 1
        if not over_age:
            return []
        return [
            Finding.warning(
                "yiyang.over_age_review",
                f"名单含超龄人员{over_age}人：提交后须等待经办人员审核超龄人员材料，审核通过后生成缴费通知单",
                explanation=rules.explanation(
                    "mutualaid_application_findings",
                    notes=(
                        "seed 004, 2. 新建参保单 (六)(七): 超龄人员经后台经办人员审核后进入缴费页面",
                    ),
                ),
                over_age=over_age,
            )
        ]


#: The pack object the entry point names.
pack = YiyangPack.from_package(
    __name__,
    "data/rules.json",
    "data/plans-2026.json",
    "data/benefits-2026.json",
    "data/claims.json",
    name="yiyang",
    region="yiyang",
    title="湖南工会互助参保（益阳）",
    core_versions=">=0.1,<0.2",
    distribution="mutualaid-pack-yiyang",
)
