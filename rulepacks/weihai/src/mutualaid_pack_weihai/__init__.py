"""The Weihai rule pack (威海市总工会 职工互助保险管理系统, seed 000).

Every number and switch lives in ``data/rules.json`` and
``data/plans-2026.json`` (checked against the core's pack-data schema when
the pack is imported); the core's defaults apply them:

* two projects, each applied for on its own: 住院医疗 (member 50 + union
  subsidy 10) and 住院津贴 (member 36 or 40 + subsidy 9); the unit pays the
  member part (``payment.amount_basis``: 110 members → 5500);
* the declared 社保缴费人数 and 缴费人数 are required, the roster must match
  缴费人数 before submission, and 参保比例 = 缴费人数 / 社保缴费人数;
* the invoice title must be the unit's full name; the registration
  certificate is required before an application, not at registration (the
  e-seal is optional).

The module adds the region's business flow for the life-cycle layer
(:data:`~mutualaid_pack_weihai.flows.WEIHAI_FLOW`).

>>> from datetime import date
>>> pack.info.name, pack.info.region
('weihai', 'weihai')
>>> [(p.code, [str(t.contribution.total) for t in p.tiers]) for p in pack.mutualaid_plans(date(2026, 6, 30))]
[('WH-MED-2026', ['60.00']), ('WH-ALW-2026', ['45.00', '49.00'])]
>>> pack.mutualaid_application_flow("standalone").region, pack.mutualaid_application_flow("group")
('weihai', None)
"""

from __future__ import annotations

from mutualaid.rules import ApplicationFlow, DataPack, hookimpl
from mutualaid_pack_weihai.flows import WEIHAI_FLOW

__all__ = ["WeihaiPack", "pack"]


class WeihaiPack(DataPack):
    """Weihai's rules: data from ``data/*.json``, plus the region's flow."""

    @hookimpl
    def mutualaid_application_flow(self, kind: str) -> ApplicationFlow | None:
        """Weihai has standalone enrolment only (no group enrolment, no endorsements in the manual)."""
        return WEIHAI_FLOW if kind == "standalone" else None


#: The pack object the entry point names.
pack = WeihaiPack.from_package(
    __name__,
    "data/rules.json",
    "data/plans-2026.json",
    name="weihai",
    region="weihai",
    title="威海市职工互助保险管理系统",
    core_versions=">=0.1,<0.2",
    distribution="mutualaid-pack-weihai",
    operator="威海市总工会",
)
