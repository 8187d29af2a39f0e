"""The Guangdong rule pack (广东省职工保障互助会 业务系统, seed 001).

Numbers and switches live in ``data/rules.json`` and ``data/plans-2026.json``;
the core's defaults apply them:

* several plans and shares per application, gift plans at no charge;
* over-age members who have not retired need the 延迟退休参保职工在职证明, and
  dispatched workers not on the unit's own social security the 劳务派遣人员证明;
* other ID types give gender and birth date;
* cover starts on the reference effective date, or the day after the money
  arrives when it arrives later, with a waiting period after a coverage gap;
* a group's invoice is requested by the parent unit.

The module adds what data cannot say:

* the roster template (dispatched, own social security, retired columns);
* a gift plan must be one its plan offers (``guangdong.gift_plan_not_offered``);
* the region's business flow (:data:`~mutualaid_pack_guangdong.flows.GUANGDONG_FLOW`),
  for standalone and group enrolment.

>>> from datetime import date
>>> [(p.code, p.is_gift) for p in pack.mutualaid_plans(date(2026, 6, 30))]
[('GD-HOSP-2026', False), ('GD-CI-2026', False), ('GD-ACC-GIFT-2026', True)]
>>> pack.mutualaid_application_flow("group").group_enrolment
True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mutualaid.model import CANONICAL_COLUMNS, Application, ColumnKind, Plan, TemplateColumn
from mutualaid.rules import ApplicationFlow, ClaimFlow, DataPack, Finding, PackView, hookimpl
from mutualaid_pack_guangdong.flows import GUANGDONG_CLAIM_FLOW, GUANGDONG_FLOW

__all__ = ["TEMPLATE_COLUMNS", "GuangdongPack", "pack"]

_SEED = "001_dc41f2f3b2dcbd07.txt"

#: The canonical columns plus what the pre-check of 四（五） looks at.
TEMPLATE_COLUMNS: tuple[TemplateColumn, ...] = (
    *CANONICAL_COLUMNS,
    TemplateColumn(
        "retired",
        "是否已退休",
        aliases=("是否退休",),
        allowed_values=("是", "否"),
        kind=ColumnKind.BOOL,
        width=10,
        note="已达法定退休年龄仍在职的超龄人员须补充延迟退休参保职工在职证明",
    ),
    TemplateColumn(
        "dispatched",
        "是否劳务派遣",
        aliases=("劳务派遣",),
        allowed_values=("是", "否"),
        kind=ColumnKind.BOOL,
        width=12,
        note="不填默认为否",
    ),
    TemplateColumn(
        "own_social_security",
        "是否本单位社保/医保",
        aliases=("本单位社保", "是否本单位参保"),
        allowed_values=("是", "否"),
        kind=ColumnKind.BOOL,
        width=16,
        note="非本单位社保/医保在职人员须补充劳务派遣人员证明；不填默认为是",
    ),
)


class GuangdongPack(DataPack):
    """Guangdong's rules: data from ``data/*.json``, plus the hooks below."""

    @hookimpl
    def mutualaid_template_columns(self, plan: Plan) -> Sequence[TemplateColumn]:
        """The Guangdong roster template (the same for every plan)."""
        return TEMPLATE_COLUMNS

    @hookimpl
    def mutualaid_application_flow(self, kind: str) -> ApplicationFlow | None:
        """Standalone and group enrolment (一、参保方式介绍 (一)(二)); no endorsements in the guide."""
        return GUANGDONG_FLOW if kind in ("standalone", "group") else None

    @hookimpl
    def mutualaid_claim_flow(self) -> ClaimFlow:
        """Claims: the unit's handler saves a draft (暂存) and submits it (提交) to the claims department (九)."""
        return GUANGDONG_CLAIM_FLOW

    @hookimpl
    def mutualaid_application_findings(
        self, application: Application, on: date, rules: PackView
    ) -> list[Finding]:
        """Gift plans must be offered by their plan.

        (A subsidiary's part must be in by the group's deadline: that is the core
        group machine's own guard, ``group.deadline_passed``, not restated here.)
        """
        found: list[Finding] = []
        for line in application.lines:
            offered = rules.plan(line.plan_code).gift_plans
            for gift in line.gift_plans:
                if gift not in offered:
                    found.append(
                        Finding.error(
                            "guangdong.gift_plan_not_offered",
                            f"保障计划{line.plan_code}不含赠送计划{gift}，可选：{'、'.join(offered) or '无'}",
                            field="gift_plans",
                            explanation=rules.explanation(
                                "mutualaid_application_findings",
                                notes=(f"{_SEED}, 四（二）添加赠送计划",),
                            ),
                            plan=line.plan_code,
                            gift_plan=gift,
                        )
                    )
        return found


#: The pack object the entry point names.
pack = GuangdongPack.from_package(
    __name__,
    "data/rules.json",
    "data/plans-2026.json",
    "data/benefits-2026.json",
    "data/claims.json",
    name="guangdong",
    region="guangdong",
    title="广东省职工互助保障计划",
    core_versions=">=0.1,<0.2",
    distribution="mutualaid-pack-guangdong",
    operator="广东省职工保障互助会",
)
