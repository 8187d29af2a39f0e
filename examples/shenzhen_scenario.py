"""Shenzhen (深圳): an application with the notice of terms accepted; the association sets the time.

Run: ``python examples/shenzhen_scenario.py``. The first table is before the
association has set the effective time (pending), the second after.
"""

from __future__ import annotations

from datetime import date

from mutualaid.model import Application, Contact
from mutualaid.notebook import evaluate, line, member

ON = date(2026, 2, 10)
AREA = "440304"  # 深圳市福田区


def main() -> None:
    staff = [
        member("张三", age=35, on=ON, area=AREA, serial=1),
        member("李四", age=39, on=ON, area=AREA, serial=2, gender="女"),
        member("王五", age=57, on=ON, area=AREA, serial=3),
        member("赵六", age=66, on=ON, area=AREA, serial=4),
        member("钱七", age=15, on=ON, area=AREA, serial=5),
        member("孙八", age=24, on=ON, area=AREA, serial=6, gender="女"),
    ]
    application = Application(
        "SZ-2026-001",
        "U-SZ-1",
        "shenzhen",
        lines=(line("SZ-MED-2026", staff, tier="STD", shares=2),),
        terms_accepted=True,
        contact=Contact("陈联系", mobile="13800138000"),
        requested_effective_date=date(2026, 3, 1),
    )
    print(evaluate("shenzhen", application, on=ON, payment_arrival=date(2026, 2, 25)))
    print()
    print(
        evaluate(
            "shenzhen",
            application,
            on=ON,
            payment_arrival=date(2026, 2, 25),
            association_date=date(2026, 3, 2),
        )
    )


if __name__ == "__main__":
    main()
