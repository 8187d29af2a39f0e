"""Guangdong (广东): two plans with shares and a gift plan; over-age and dispatched staff need proof.

Run: ``python examples/guangdong_scenario.py``. The reference effective date is
1 March; the money arrives on 5 March, so cover starts the day after arrival,
and the unit's previous cover ended in December: a waiting period follows.
"""

from __future__ import annotations

from datetime import date

from mutualaid.model import Application, IdType
from mutualaid.notebook import evaluate, line, member

ON = date(2026, 2, 20)
AREA = "440106"  # 广州市天河区


def main() -> None:
    staff = [
        member("张三", age=35, on=ON, area=AREA, serial=1),
        member("李四", age=41, on=ON, area=AREA, serial=2, gender="女"),
        member("王五", age=63, on=ON, area=AREA, serial=3),
        member(
            "赵六", age=30, on=ON, area=AREA, serial=4, dispatched=True, own_social_security=False
        ),
        member("钱七", age=15, on=ON, area=AREA, serial=5),
        member("Maria Silva", id_type=IdType.PASSPORT, id_number="P7654321", gender=None),
    ]
    application = Application(
        "GD-2026-001",
        "U-GD-1",
        "guangdong",
        lines=(
            line("GD-HOSP-2026", staff, tier="STD", shares=2, gift_plans=["GD-ACC-GIFT-2026"]),
            line("GD-CI-2026", staff[:2], tier="STD"),
        ),
        reference_effective_date=date(2026, 3, 1),
    )
    print(
        evaluate(
            "guangdong",
            application,
            on=ON,
            payment_arrival=date(2026, 3, 5),
            previous_coverage_end=date(2025, 12, 31),
        )
    )


if __name__ == "__main__":
    main()
