"""Yiyang (益阳): the 90-yuan tier of the hospital plan for 2026, one plan per application.

Run: ``python examples/yiyang_scenario.py``. One member is over the statutory
retirement age and not retired (the stamped over-age roster is needed and the
office reviews it before payment); one is 15 and refused.
"""

from __future__ import annotations

from datetime import date

from mutualaid.model import Application, DeclaredCounts, MedicalInsuranceType
from mutualaid.notebook import evaluate, line, member

ON = date(2026, 1, 15)
AREA = "430902"  # 益阳市资阳区
URBAN = MedicalInsuranceType.URBAN_EMPLOYEE


def main() -> None:
    staff = [
        member("张三", age=35, on=ON, area=AREA, serial=1, medical_insurance_type=URBAN),
        member(
            "李四", age=45, on=ON, area=AREA, serial=2, gender="女", medical_insurance_type=URBAN
        ),
        member("王五", age=64, on=ON, area=AREA, serial=3, medical_insurance_type=URBAN),
        member("赵六", age=64, on=ON, area=AREA, serial=4, retired=True),
        member("钱七", age=15, on=ON, area=AREA, serial=5),
        member("孙八", age=28, on=ON, area=AREA, serial=6, gig_worker=True),
    ]
    application = Application(
        "YY-2026-001",
        "U-YY-1",
        "yiyang",
        lines=(line("YY-HOSP-2026", staff, tier="T90"),),
        declared=DeclaredCounts(medical_insurance_headcount=120),
    )
    print(evaluate("yiyang", application, on=ON))


if __name__ == "__main__":
    main()
