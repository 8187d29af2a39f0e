"""The materials of a case: what the pack requires for its claim type, and what is still missing.

Linyi 4.1.3 (材料上传): 「根据提示将必传的材料类型，从本地选择图片上传成功后，点击确定完成材料上传」.
The upload page lists :func:`required_materials`; :func:`missing_materials`
is what the case still lacks (the machine's ``finish_materials`` and the
submission refuse a case with any, ``claim.materials_missing``).

>>> from datetime import date
>>> from mutualaid.model import Member
>>> from mutualaid.model.kinds import MaterialKind
>>> from mutualaid.model.material import Material
>>> from mutualaid.rules import RuleEngine
>>> from mutualaid.claims.machine import new_claim
>>> linyi = RuleEngine.from_entry_points(names=["linyi"]).pack("linyi")
>>> case = new_claim("LP1", "disease_hospitalization", Member.from_resident_id("张三", "11010519491231002X"),
...                  "LY-P-1", "LY-HOSP-2026")
>>> [m.name for m in missing_materials(case, linyi, date(2026, 3, 9))]
['出院小结', '住院发票', '诊断证明', '身份证复印件', '银行卡复印件']
>>> import attrs
>>> case = attrs.evolve(case, materials=(Material.required(MaterialKind.DISCHARGE_SUMMARY).provide("a.jpg"),))
>>> len(missing_materials(case, linyi, date(2026, 3, 9)))
4

Layer 4.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mutualaid.errors import UnknownPlan
from mutualaid.model.claim import Claim
from mutualaid.rules.results import MaterialRequirement

__all__ = ["missing_materials", "required_materials"]


def required_materials(claim: Claim, rules: Any, on: date) -> tuple[MaterialRequirement, ...]:
    """The materials the pack requires for the case's claim type on ``on``."""
    try:
        plan = rules.plan(claim.plan_code) if claim.plan_code else None
    except UnknownPlan:
        plan = None
    result: tuple[MaterialRequirement, ...] = rules.claim_materials(claim.claim_type, on, plan=plan)
    return result


def missing_materials(claim: Claim, rules: Any, on: date) -> tuple[MaterialRequirement, ...]:
    """The required materials whose kind the case has not provided."""
    have = claim.provided_kinds
    return tuple(m for m in required_materials(claim, rules, on) if m.kind not in have)
