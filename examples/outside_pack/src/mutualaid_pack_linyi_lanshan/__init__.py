"""Example out-of-tree pack: a fictional Linyi district office's overrides (``extends="linyi"``).

It answers only what differs: the settlement day (data) and a reminder on
applications (a hook). Plans, prices, the per-capita cap, declared counts and
the flow come from the Linyi pack it extends.
"""

from __future__ import annotations

from datetime import date

from mutualaid.model import Application
from mutualaid.rules import DataPack, Finding, PackView, hookimpl

__all__ = ["LanshanPack", "pack"]


class LanshanPack(DataPack):
    """The office's overrides."""

    @hookimpl
    def mutualaid_application_findings(
        self, application: Application, on: date, rules: PackView
    ) -> list[Finding]:
        """Remind the unit of the office's settlement day."""
        day = rules.cite("invoice.settlement_day", on)
        if day is None:
            return []
        return [
            Finding.warning(
                "linyi_lanshan.settlement_reminder",
                f"本代办处每月{day.value}日结算，请在结算日前完成开票录入",
                explanation=rules.explanation("mutualaid_application_findings", [day]),
                settlement_day=day.value,
            )
        ]


#: The pack object the entry point names.
pack = LanshanPack.from_package(
    __name__,
    "data/overrides.json",
    name="linyi-lanshan",
    region="linyi",
    title="临沂兰山区代办处（示例）",
    core_versions=">=0.1,<0.2",
    extends="linyi",
    distribution="mutualaid-pack-linyi-lanshan",
)
