"""The stable codes of cover and benefit decisions, each defined once, with its Chinese.

Three kinds:

* a **rejection** (``cover.*``): the case is not covered and pays nothing
  (not covered on the incident date, in the waiting period, duplicate, filed
  too late, cap used up, ...); a claim type the plan does not offer is the
  case's own ``claim.type_not_in_plan`` (the one rule ``claims.type_offered``);
* a **deferral**: the benefit cannot be computed yet (a parameter without a
  value on the incident date, the settlement sheet or the days missing, or
  no benefit steps in the pack for a type the plan offers); the case waits,
  it is not refused;
* a **withholding** (``benefit.*``): why a step kept part of the amount
  (全自费, 超限价, deductible, ratio, a cap); the case still pays the rest.

``benefit.nothing_payable`` is a rejection of the computed benefit: Linyi's
申领提交 needs a benefit that is not zero (003, 4.2.2「必填信息录入完毕且互助金额不为0后，
点击【申领提交】」).

Case life-cycle codes (``claim.*``: materials missing, deleted, returned) are
the claim machine's. The English of each code is in
:data:`mutualaid.messages.english.FINDINGS`; docs/findings.md gives an example.

>>> CODES["cover.waiting_period"].kind, CODES["cover.waiting_period"].chinese
(<CodeKind.REJECTION: 'rejection'>, '出险日期在等待期内，不予给付')
>>> finding("benefit.deductible").severity.value
'warning'
>>> len(CODES) >= 20
True

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from mutualaid.model.benefit import Benefit
from mutualaid.model.kinds import ClaimType
from mutualaid.rules.defaults.claims import (
    filed_too_late_finding,
    incident_after_filing_finding,
    type_not_in_plan_finding,
)
from mutualaid.rules.findings import Finding

__all__ = ["CODES", "Code", "CodeKind", "finding", "findings_of"]


class CodeKind(StrEnum):
    """Whether a code refuses the case, defers it, or explains a withheld amount."""

    REJECTION = "rejection"
    DEFERRAL = "deferral"
    WITHHOLDING = "withholding"


@attrs.frozen
class Code:
    """One code: its kind, its Chinese message and what it means."""

    code: str
    kind: CodeKind
    chinese: str
    meaning: str


def _codes(*codes: Code) -> Mapping[str, Code]:
    return MappingProxyType({c.code: c for c in codes})


_TYPES = frozenset(t.value for t in ClaimType)
_R, _D, _W = CodeKind.REJECTION, CodeKind.DEFERRAL, CodeKind.WITHHOLDING

#: Every cover and benefit code, by code.
CODES: Mapping[str, Code] = _codes(
    # cover: who is covered for what (rejections)
    Code("cover.not_a_member", _R, "出险人不在任何保单的参保名单中", "the member is on no policy"),
    Code(
        "cover.policy_not_effective",
        _R,
        "保单未生效或已注销，出险日期不在保障内",
        "the policy was not effective on the incident date",
    ),
    Code(
        "cover.before_cover_starts",
        _R,
        "出险日期早于出险人的保障起始日",
        "the incident is before the member's cover starts",
    ),
    Code(
        "cover.after_cover_ends",
        _R,
        "出险日期晚于保障期限的终止日",
        "the incident is after the member's cover ends",
    ),
    Code(
        "cover.member_left",
        _R,
        "出险人已调出该单位，出险时不在保障内",
        "the member had left the policy",
    ),
    Code(
        "cover.waiting_period",
        _R,
        "出险日期在等待期内，不予给付",
        "the incident is inside the waiting period",
    ),
    Code(
        "cover.duplicate_case",
        _R,
        "同一出险人、同一申领类型、同一出险日期已有给付案件",
        "a case of the same member, claim type and incident date was already paid",
    ),
    Code(
        "cover.cap_used_up",
        _R,
        "该保障期间（或终身）的给付限额已用完",
        "the cap of the coverage period (or for life) is used up",
    ),
    Code("cover.no_shares", _R, "出险人的参保份数为0", "the member holds no shares on the policy"),
    # benefit: deferrals
    Code(
        "benefit.no_steps",
        _D,
        "计划提供该申领类型，但规则包未设定其给付步骤，暂缓计算",
        "the plan offers the claim type but the pack has no benefit steps for it (a pack data gap)",
    ),
    Code(
        "benefit.parameter_missing",
        _D,
        "出险日期当天计划的给付参数未设定，暂缓计算",
        "a step's parameter has no value on the incident date",
    ),
    Code(
        "benefit.expenses_missing",
        _D,
        "未录入结算单费用，暂缓计算",
        "the settlement sheet amount a step reads is not entered",
    ),
    Code(
        "benefit.days_missing",
        _D,
        "未录入住院天数，暂缓计算",
        "the hospital days an allowance reads are not entered",
    ),
    Code(
        "benefit.hospital_level_missing",
        _D,
        "未录入医院等级，暂缓计算",
        "the ratio depends on the hospital level, which is not entered",
    ),
    # benefit: withholdings
    Code("benefit.self_pay_excluded", _W, "全自费部分不予给付", "全自费 amounts are excluded"),
    Code("benefit.over_limit_excluded", _W, "超限价部分不予给付", "超限价 amounts are excluded"),
    Code(
        "benefit.insurance_paid_excluded",
        _W,
        "基本医疗保险统筹支付部分不予给付",
        "what basic medical insurance paid is excluded",
    ),
    Code("benefit.deductible", _W, "扣除起付线", "the deductible (起付线) is withheld"),
    Code(
        "benefit.ratio",
        _W,
        "按给付比例计算，比例外部分不予给付",
        "the part beyond the ratio (比例) is withheld",
    ),
    Code(
        "benefit.hospital_level_not_listed",
        _W,
        "医院等级不在给付比例表中，不予给付",
        "the hospital level has no ratio in the pack: nothing paid for it",
    ),
    Code(
        "benefit.allowance_days_used_up",
        _W,
        "超过最高给付天数的住院天数不予给付",
        "days beyond the allowance's maximum of days are not paid",
    ),
    Code("benefit.cap_case", _W, "超过单次给付限额", "over the cap per case"),
    Code("benefit.cap_period", _W, "超过保障期间累计给付限额", "over the cap per coverage period"),
    Code("benefit.cap_life", _W, "超过终身累计给付限额", "over the cap for life"),
    Code(
        "benefit.cap_category",
        _W,
        "超过该给付项目的限额",
        "over the cap of one category of the benefit",
    ),
    Code(
        "benefit.nothing_payable",
        _R,
        "计算后给付金额为0，不能提交",
        "the steps leave nothing to pay (申领计算 must give a non-zero benefit)",
    ),
)


def finding(code: str, **params: Any) -> Finding:
    """The :class:`~mutualaid.rules.findings.Finding` of ``code``: an error for a rejection,
    a warning for a deferral or withholding, with the code's Chinese message.

    :raises KeyError: ``code`` is not one of :data:`CODES`.
    """
    info = CODES[code]
    if info.kind is CodeKind.REJECTION:
        return Finding.error(code, info.chinese, **params)
    return Finding.warning(code, info.chinese, **params)


#: The filing refusals :func:`mutualaid.claims.coverage.coverage` takes from the case rules.
_FILING = {
    "claim.filed_too_late": filed_too_late_finding,
    "claim.incident_after_filing": incident_after_filing_finding,
}


def findings_of(benefit: Benefit) -> tuple[Finding, ...]:
    """What a host shows for a computed benefit: its refusal or deferral; else each
    reason a step withheld (warnings) and ``benefit.nothing_payable`` when it is 0.

    >>> from datetime import date
    >>> refused = Benefit.refused("LP1", "P1", "other", date(2026, 5, 3), "cover.waiting_period")
    >>> [f.code for f in findings_of(refused)]
    ['cover.waiting_period']
    >>> other = Benefit.refused("LP2", "P1", "other", date(2026, 5, 3), "claim.type_not_in_plan")
    >>> findings_of(other)[0].message
    '保障计划P1不含申领类型其他'
    """
    if benefit.refusal == "claim.type_not_in_plan":
        label = ClaimType(benefit.claim_type).label if benefit.claim_type in _TYPES else None
        one = type_not_in_plan_finding(label or benefit.claim_type, benefit.plan_code, None)
        return (attrs.evolve(one, params={**one.params, "claim_id": benefit.claim_id}),)
    if benefit.refusal in _FILING:  # the case rules' filing codes (the filing day is not kept)
        one = _FILING[benefit.refusal](benefit.incident_date)
        return (attrs.evolve(one, params={**one.params, "claim_id": benefit.claim_id}),)
    if benefit.refusal is not None:
        return (finding(benefit.refusal, claim_id=benefit.claim_id),)
    found = [finding(code, claim_id=benefit.claim_id) for code in benefit.codes]
    if not benefit.amount:
        found.append(finding("benefit.nothing_payable", claim_id=benefit.claim_id))
    return tuple(found)
