"""The Linyi rule pack (中国职工保险互助会 核心业务系统, 临沂办事处, seed 003).

Numbers and switches live in ``data/rules.json`` and ``data/plans-2026.json``;
the core's defaults apply them:

* several coverage activities (保障活动) per application, each with its own
  shares, priced apart for high-risk (高危) and normal (普通) members;
* the declared active staff and active female staff counts are required;
* invoices: the 25th of each month is the settlement day, and when an activity
  mixes high-risk and normal members the invoiced amount per member is capped
  at the high-risk price x shares.

The module adds what data cannot say:

* the roster template with a 风险类别 (普通 / 高危) column, since the price
  depends on it;
* a check that the declared female staff count does not exceed the active
  staff count;
* the region's business flow (:data:`~mutualaid_pack_linyi.flows.LINYI_FLOW`).

>>> from datetime import date
>>> pack.info.name, [p.code for p in pack.mutualaid_plans(date(2026, 6, 30))]
('linyi', ['LY-HOSP-2026', 'LY-ACC-2026'])
>>> [c.header for c in TEMPLATE_COLUMNS][-1]
'风险类别'
"""

from __future__ import annotations

from collections.abc import Sequence

from mutualaid.model import (
    CANONICAL_COLUMNS,
    Application,
    ColumnKind,
    Plan,
    RiskClass,
    TemplateColumn,
)
from mutualaid.rules import ApplicationFlow, ClaimFlow, DataPack, Finding, PackView, hookimpl
from mutualaid_pack_linyi.flows import LINYI_CLAIM_FLOW, LINYI_FLOW

__all__ = ["TEMPLATE_COLUMNS", "LinyiPack", "pack"]

#: The canonical columns plus the risk class, which sets the price (seed 003, 3.3 注).
TEMPLATE_COLUMNS: tuple[TemplateColumn, ...] = (
    *CANONICAL_COLUMNS,
    TemplateColumn(
        "risk_class",
        "风险类别",
        aliases=("人群类别", "高危/普通"),
        allowed_values=tuple(r.label for r in RiskClass),
        kind=ColumnKind.CHOICE,
        width=10,
        note="高危人群按高危会费单价缴费；不填默认为普通",
    ),
)


class LinyiPack(DataPack):
    """Linyi's rules: data from ``data/*.json``, plus the hooks below."""

    @hookimpl
    def mutualaid_template_columns(self, plan: Plan) -> Sequence[TemplateColumn]:
        """The Linyi roster template (the same for every activity)."""
        return TEMPLATE_COLUMNS

    @hookimpl
    def mutualaid_application_flow(self, kind: str) -> ApplicationFlow | None:
        """Standalone enrolment; transfers-in are added by the office on request (endorsement kind)."""
        return LINYI_FLOW if kind in ("standalone", "endorsement") else None

    @hookimpl
    def mutualaid_claim_flow(self) -> ClaimFlow:
        """Claims: the office accepts by ID number, 材料上传, 费用录入, 申领计算, 申领提交 (4. 申领管理)."""
        return LINYI_CLAIM_FLOW

    @hookimpl
    def mutualaid_application_findings(
        self, application: Application, rules: PackView
    ) -> list[Finding]:
        """The declared active female staff cannot exceed the declared active staff.

        Seed 003, 3.2.1.2: "需要录入本参保单位的在职职工人数和在职女职工人数".
        """
        active = application.declared.active_staff
        female = application.declared.active_female_staff
        if active is None or female is None or female <= active:
            return []
        return [
            Finding.error(
                "linyi.female_staff_exceeds_active",
                f"在职女职工人数{female}不能大于在职职工人数{active}",
                field="declared.active_female_staff",
                explanation=rules.explanation(
                    "mutualaid_application_findings",
                    notes=("seed 003, 3.2.1.2: 在职职工人数和在职女职工人数",),
                ),
                active_staff=active,
                active_female_staff=female,
            )
        ]


#: The pack object the entry point names.
pack = LinyiPack.from_package(
    __name__,
    "data/rules.json",
    "data/plans-2026.json",
    "data/benefits-2026.json",
    "data/claims.json",
    name="linyi",
    region="linyi",
    title="中国职工保险互助会临沂办事处",
    core_versions=">=0.1,<0.2",
    distribution="mutualaid-pack-linyi",
    operator="中国职工保险互助会临沂办事处",
)
