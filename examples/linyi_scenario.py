"""Linyi (临沂): two coverage activities with shares, normal and high-risk members, for 2026.

Run: ``python examples/linyi_scenario.py``. High-risk members pay the
high-risk price (illustrative prices; the structure is the manual's); one
member is 15 and refused; the unit declares its active and female staff.
"""

from __future__ import annotations

from datetime import date

from mutualaid.model import Application, DeclaredCounts, RiskClass
from mutualaid.notebook import evaluate, line, member

ON = date(2026, 6, 10)
AREA = "371302"  # 临沂市兰山区


def main() -> None:
    staff = [
        member("张三", age=35, on=ON, area=AREA, serial=1),
        member("李四", age=44, on=ON, area=AREA, serial=2, gender="女"),
        member("王五", age=52, on=ON, area=AREA, serial=3, risk_class=RiskClass.HIGH_RISK),
        member("赵六", age=64, on=ON, area=AREA, serial=4),
        member("钱七", age=15, on=ON, area=AREA, serial=5),
        member("孙八", age=29, on=ON, area=AREA, serial=6, risk_class=RiskClass.HIGH_RISK),
    ]
    application = Application(
        "LY-2026-001",
        "U-LY-1",
        "linyi",
        lines=(
            line("LY-HOSP-2026", staff, tier="STD", shares=2),
            line("LY-ACC-2026", staff[:3], tier="STD", shares=3),
        ),
        declared=DeclaredCounts(active_staff=40, active_female_staff=12),
    )
    print(evaluate("linyi", application, on=ON))


if __name__ == "__main__":
    main()
