"""Weihai (威海): a unit enrols six staff in 住院医疗 (50 + 10) for 2026 and sees what the pack says.

Run: ``python examples/weihai_scenario.py``. One member is 15 (refused: the
legal minimum working age is 16); one is 63 (Weihai asks no over-age proof);
the declared 社保缴费人数 is 6 while the roster has 6 rows.
"""

from __future__ import annotations

from datetime import date

from mutualaid.model import Application, DeclaredCounts
from mutualaid.notebook import evaluate, line, member

ON = date(2026, 6, 30)
AREA = "371002"  # 威海市环翠区


def main() -> None:
    staff = [
        member("张三", age=35, on=ON, area=AREA, serial=1),
        member("李四", age=48, on=ON, area=AREA, serial=2, gender="女"),
        member("王五", age=58, on=ON, area=AREA, serial=3),
        member("赵六", age=63, on=ON, area=AREA, serial=4),
        member("钱七", age=15, on=ON, area=AREA, serial=5),
        member("孙八", age=26, on=ON, area=AREA, serial=6, gender="女"),
    ]
    application = Application(
        "WH-2026-001",
        "U-WH-1",
        "weihai",
        lines=(line("WH-MED-2026", staff, tier="T50"),),
        declared=DeclaredCounts(insured_headcount=8, paying_headcount=6),
    )
    print(evaluate("weihai", application, on=ON, payment_arrival=date(2026, 1, 5)))


if __name__ == "__main__":
    main()
