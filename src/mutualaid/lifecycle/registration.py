"""Unit registration (单位注册): request, review, unit number, username, changes.

A unit registers with its USCC (or older organization code), which is
validated; the office reviews it where the region says so (Guangdong, Linyi),
or it is approved at once with a unit number issued (Weihai: "注册后系统会自动生成
编码并显示"). Changes to unit data take effect after review where the region
says so (Guangdong: "修改后的信息待互助会审核后生效").

>>> from datetime import datetime
>>> from mutualaid.model.unit import Contact
>>> from mutualaid.rules.flows import RegistrationFlow
>>> unit = new_registration(
...     "U1", "威海测试有限公司", "91371000MA3C0000XF", region="weihai",
...     union_affiliation="环翠区总工会", contact_email="hr@example.com",
...     handler=Contact("王五", mobile="13526589854"), has_registration_certificate=True,
... )
>>> unit.status.label, unit.code_kind.value
('未提交', 'uscc')
>>> number = issue_unit_number(used=set())
>>> number, len(number)
('10012345', 8)
>>> weihai = RegistrationFlow(review_required=False, unit_number_digits=8)
>>> m = registration_machine(weihai)
>>> from mutualaid.rules.engine import RuleEngine
>>> rules = RuleEngine.from_entry_points().pack("weihai")  # the form's fields are its data
>>> out = m.apply(unit, "submit", actor="U1", at=datetime(2018, 3, 5, 14, 48), unit_number=number,
...               context={"rules": rules})
>>> out.entity.status.label, out.entity.unit_number
('审核通过', '10012345')
>>> pinyin_username("单田芳", taken={"shantianfang"})
'shantianfang2'

Layer 4.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

import attrs

from mutualaid.errors import InvalidIdentifier, LifecycleError
from mutualaid.ids import validate_org_code, validate_uscc
from mutualaid.lifecycle.events import Event, UnitRegistered, UnitRegistrationReturned
from mutualaid.lifecycle.guards import missing_unit_fields, note_required
from mutualaid.lifecycle.machine import Attempt, Machine, MachineFactory, Transition
from mutualaid.model.kinds import UnitCodeKind
from mutualaid.model.states import RegistrationStatus as R
from mutualaid.model.unit import Unit
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import RegistrationFlow

__all__ = [
    "COMPOUND_SURNAMES",
    "REGISTRATION_FIELDS",
    "SURNAME_READINGS",
    "UNIT_FIELDS",
    "UnitChange",
    "change_machine",
    "completeness",
    "issue_unit_number",
    "new_registration",
    "pinyin_username",
    "registration_machine",
    "validate_unit_code",
]

#: The unit fields ``update`` may change.
UNIT_FIELDS = tuple(
    f.name for f in attrs.fields(Unit) if f.name not in ("id", "status", "version", "unit_number")
)

#: Single-character surnames that pypinyin reads with their common reading.
SURNAME_READINGS: Mapping[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "覃": "qin",
    "翟": "zhai",
    "缪": "miao",
    "盖": "ge",
    "乐": "yue",
    "尉": "wei",
    "召": "shao",
    "种": "chong",
    "秘": "bi",
    "牟": "mu",
    "句": "gou",
    "員": "yun",
}

#: Two-character surnames and their readings.
COMPOUND_SURNAMES: Mapping[str, str] = {
    "欧阳": "ouyang",
    "司马": "sima",
    "上官": "shangguan",
    "诸葛": "zhuge",
    "司徒": "situ",
    "慕容": "murong",
    "东方": "dongfang",
    "皇甫": "huangfu",
    "夏侯": "xiahou",
    "尉迟": "yuchi",
    "长孙": "zhangsun",
    "令狐": "linghu",
    "宇文": "yuwen",
    "公孙": "gongsun",
    "澹台": "tantai",
    "万俟": "moqi",
    "单于": "chanyu",
    "司空": "sikong",
    "呼延": "huyan",
    "端木": "duanmu",
}


# --- identifiers -----------------------------------------------------------------


def validate_unit_code(code: str, kind: UnitCodeKind | None = None) -> tuple[UnitCodeKind, str]:
    """Validate a USCC or organization code; return its kind and normalized text.

    Without ``kind``, the length decides (18: USCC, 9: organization code).

    >>> validate_unit_code("91371000ma3c0000xf")
    (<UnitCodeKind.USCC: 'uscc'>, '91371000MA3C0000XF')
    >>> validate_unit_code("D2143569-X")
    (<UnitCodeKind.ORG_CODE: 'org_code'>, 'D2143569X')
    >>> validate_unit_code("12345")
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidLength: ...
    """
    if kind is None:
        stripped = re.sub(r"[\s\-－]", "", str(code))
        kind = UnitCodeKind.ORG_CODE if len(stripped) <= 9 else UnitCodeKind.USCC
    if kind is UnitCodeKind.USCC:
        return kind, validate_uscc(code)
    return kind, validate_org_code(code)


def new_registration(
    unit_id: str,
    name: str,
    code: str,
    *,
    code_kind: UnitCodeKind | None = None,
    **fields: Any,
) -> Unit:
    """A registration request (a unit in ``draft``) with its code validated.

    :raises InvalidIdentifier: the USCC or organization code is not valid.
    """
    kind, normalized = validate_unit_code(code, code_kind)
    return Unit(
        id=unit_id,
        name=name.strip(),
        code_kind=kind,
        code=normalized,
        status=R.DRAFT,
        **fields,
    )


def issue_unit_number(used: Collection[str], *, digits: int = 8, seed: int = 0) -> str:
    """A unit number of ``digits`` digits not in ``used`` (Weihai style, e.g. ``44796252``).

    Deterministic: the ``len(used)``-th number of a fixed permutation of all
    ``digits``-digit numbers (no leading zero), moved on past numbers already
    used. ``seed`` picks another permutation (one per region or system).

    >>> issue_unit_number({"10012345"})
    '17666666'
    >>> issue_unit_number(set(), seed=1) != issue_unit_number(set())
    True
    """
    low = 10 ** (digits - 1)
    size = 9 * low
    step = 7_654_321 % size or 1  # coprime with 2, 3 and 5: a bijection of the range
    offset = (12_345 + seed * 1_000_003) % size
    if len(used) >= size:
        raise LifecycleError(f"all {digits}-digit unit numbers are used")
    counter = len(used)
    while True:
        number = str(low + (step * counter + offset) % size)
        if number not in used:
            return number
        counter += 1


def pinyin_username(name: str, taken: Collection[str] = ()) -> str:
    """The handler's name in lowercase full pinyin (Linyi), unique among ``taken``.

    The surname is read with its surname reading (单 shan, 曾 zeng, 解 xie, 仇
    qiu, 朴 piao, 区 ou, 查 zha, 覃 qin, 翟 zhai, 缪 miao..., and compound
    surnames such as 欧阳); duplicates get 2, 3, ... appended.

    >>> pinyin_username("曾国藩"), pinyin_username("欧阳修"), pinyin_username("吕布")
    ('zengguofan', 'ouyangxiu', 'lvbu')
    >>> pinyin_username("张三", taken={"zhangsan", "zhangsan2"})
    'zhangsan3'
    >>> pinyin_username(" 阿依古丽·买买提 ")
    'ayigulimaimaiti'
    """
    text = "".join(ch for ch in name if not ch.isspace())
    if not text:
        raise LifecycleError(
            "the handler's name is empty", hint="Give the handler's name in Chinese."
        )
    # pypinyin loads its phrase dictionary on import (about 0.3 s): only when needed.
    from pypinyin import Style, lazy_pinyin

    surname_len = 2 if text[:2] in COMPOUND_SURNAMES else 1
    surname, given = text[:surname_len], text[surname_len:]
    head = COMPOUND_SURNAMES.get(surname) or SURNAME_READINGS.get(surname)
    if head is None:
        head = "".join(lazy_pinyin(surname, style=Style.NORMAL, errors="ignore"))
    tail = "".join(lazy_pinyin(given, style=Style.NORMAL, errors="ignore"))
    base = re.sub(r"[^a-z0-9]", "", (head + tail).lower())
    if not base:
        raise LifecycleError(f"cannot make a pinyin username from {name!r}")
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def completeness(unit: Unit, flow: RegistrationFlow) -> tuple[str, ...]:
    """The unit's required fields that are still empty (Weihai's 完善信息 check).

    >>> from mutualaid.rules.flows import RegistrationFlow
    >>> u = new_registration("U1", "测试", "91371000MA3C0000XF")
    >>> completeness(u, RegistrationFlow(required_fields=("unit_type", "region", "name", "handler.name")))
    ('unit_type', 'region', 'handler.name')
    """
    missing = missing_unit_fields(unit, flow.required_fields)
    if flow.certificate_required and not unit.has_registration_certificate:
        missing += ("has_registration_certificate",)
    return missing


# --- the registration machine ----------------------------------------------------------


def _code_valid(attempt: Attempt[Unit]) -> Iterator[Finding]:
    unit = attempt.entity
    try:
        validate_unit_code(unit.code, unit.code_kind)
    except InvalidIdentifier as err:
        yield Finding.error("unit.code_invalid", f"{unit.code_kind.label}不正确：{err.message}")


#: The pack parameter listing the unit fields the registration form requires (dotted
#: names reach into contacts: ``handler.mobile``).
REGISTRATION_FIELDS = "registration.required_fields"


def _registration_fields(flow: RegistrationFlow) -> Any:
    """The guard on registration ``submit``: the handler, the certificate, the pack's form fields.

    The form's required fields are the pack's data (``registration.required_fields``,
    fact ``rules``): Weihai's 注册新用户 (seed 000, §4) marks 所属工会隶属地区 and
    邮箱 with *; Guangdong's registration (seed 001, 二) includes the legal
    representative and the unit's address.
    """

    def guard(attempt: Attempt[Unit]) -> Iterator[Finding]:
        unit = attempt.entity
        rules = attempt.context.need("rules", attempt.action)
        if unit.handler is None or not unit.handler.name or not unit.handler.mobile:
            yield Finding.error(
                "unit.handler_missing", "请填写经办人姓名和手机号（用于短信通知和登录）"
            )
        if flow.certificate_required and not unit.has_registration_certificate:
            yield Finding.error("unit.certificate_missing", "请上传统一社会信用代码证影像材料")
        required = rules.param(REGISTRATION_FIELDS, attempt.at.date(), ())
        missing = missing_unit_fields(unit, [str(name) for name in required])
        if missing:
            yield Finding.error("unit.registration_incomplete", f"请填写：{', '.join(missing)}")

    return guard


def _issue(unit: Unit, attempt: Attempt[Unit]) -> Unit:
    number = attempt.params.get("unit_number")
    return attrs.evolve(unit, unit_number=number) if number else unit


def _number_fits(flow: RegistrationFlow) -> Any:
    def guard(attempt: Attempt[Unit]) -> Iterator[Finding]:
        number = attempt.params.get("unit_number")
        approving = attempt.action == "approve" or not flow.review_required
        if flow.unit_number_digits and approving:
            if not number:
                yield Finding.error("unit.number_missing", "请发放单位编号")
            elif not (str(number).isdigit() and len(str(number)) == flow.unit_number_digits):
                yield Finding.error(
                    "unit.number_format", f"单位编号应为{flow.unit_number_digits}位数字"
                )

    return guard


def _registered(before: Unit, after: Unit, a: Attempt[Unit]) -> tuple[Event, ...]:
    if after.status is not R.APPROVED:
        return ()
    return (
        UnitRegistered(
            subject_id=after.id,
            at=a.at,
            actor=a.actor,
            unit_number=after.unit_number or "",
            username=str(a.params.get("username", "")),
        ),
    )


def _returned(before: Unit, after: Unit, a: Attempt[Unit]) -> tuple[Event]:
    return (UnitRegistrationReturned(subject_id=after.id, at=a.at, actor=a.actor, reasons=a.note),)


def _update(unit: Unit, attempt: Attempt[Unit]) -> Unit:
    changes: Mapping[str, Any] = attempt.params["changes"]
    return attrs.evolve(unit, **dict(changes))


def _changes_known(attempt: Attempt[Unit]) -> Iterator[Finding]:
    unknown = sorted(set(attempt.params.get("changes", {})) - set(UNIT_FIELDS))
    if unknown:
        yield Finding.error("unit.unknown_fields", f"不能修改这些字段：{', '.join(unknown)}")
    code = attempt.params.get("changes", {}).get("code")
    if code is not None:
        try:
            validate_unit_code(
                code, attempt.params["changes"].get("code_kind", attempt.entity.code_kind)
            )
        except InvalidIdentifier as err:
            yield Finding.error("unit.code_invalid", f"代码不正确：{err.message}")


def _change_reviewed(flow: RegistrationFlow) -> Any:
    def guard(attempt: Attempt[Unit]) -> Iterator[Finding]:
        if not flow.changes_need_review:
            return
        change = attempt.context.get("change")
        if not isinstance(change, UnitChange) or change.status is not R.APPROVED:
            yield Finding.error("unit.change_not_reviewed", "单位信息修改须经互助会审核后生效")
        elif dict(change.changes) != dict(attempt.params.get("changes", {})):
            yield Finding.error("unit.change_differs", "修改内容与审核通过的内容不一致")

    return guard


def _link_prior(unit: Unit, attempt: Attempt[Unit]) -> Unit:
    number = str(attempt.params["policy_number"])
    if number in unit.prior_policy_numbers:
        return unit
    return attrs.evolve(unit, prior_policy_numbers=(*unit.prior_policy_numbers, number))


@functools.lru_cache(maxsize=32)
def registration_machine(flow: RegistrationFlow) -> Machine[Unit]:
    """The registration machine over :class:`~mutualaid.model.unit.Unit` for a region.

    ``submit`` goes to review, or straight to approval when the region has no
    review (then the unit number is a param of ``submit``). ``update`` changes
    an approved unit's data (with an approved :class:`UnitChange` in the
    context where changes need review); ``link_prior_policy`` binds last
    period's policy.
    """
    submit_target = R.PENDING_REVIEW if flow.review_required else R.APPROVED
    rows = [
        Transition(
            "submit",
            (R.DRAFT, R.RETURNED),
            submit_target,
            guards=(_code_valid, _registration_fields(flow), _number_fits(flow)),
            effect=_issue,
            events=_registered,
            optional=("unit_number", "username"),
            types=(("unit_number", str), ("username", str)),
            label="注册/重新提交",
        ),
        *Transition.staying(
            "update",
            (R.DRAFT, R.RETURNED, R.APPROVED),
            guards=(_changes_known,),
            effect=_update,
            required=("changes",),
            types=(("changes", Mapping),),
            label="修改/完善单位信息",
        ),
    ]
    rows = [
        attrs.evolve(r, guards=(*r.guards, _change_reviewed(flow)))
        if r.action == "update" and r.sources == (R.APPROVED,)
        else r
        for r in rows
    ]
    if flow.review_required:
        rows += [
            Transition(
                "approve",
                (R.PENDING_REVIEW,),
                R.APPROVED,
                guards=(_number_fits(flow),),
                effect=_issue,
                events=_registered,
                optional=("unit_number", "username"),
                types=(("unit_number", str), ("username", str)),
                label="审核通过",
            ),
            Transition(
                "return",
                (R.PENDING_REVIEW,),
                R.RETURNED,
                guards=(note_required,),
                events=_returned,
                label="审核未通过",
            ),
        ]
    if flow.prior_policy_link:
        rows += Transition.staying(
            "link_prior_policy",
            (R.APPROVED,),
            effect=_link_prior,
            required=("policy_number",),
            types=(("policy_number", str),),
            label="历史保单绑定",
        )
    return Machine(
        kind="unit",
        label="参保单位",
        states=R,
        initial=R.DRAFT,
        transitions=tuple(rows),
    )


# --- change requests ------------------------------------------------------------------


def _freeze_changes(
    value: Mapping[str, Any] | tuple[tuple[str, Any], ...],
) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(items, key=lambda kv: kv[0]))


@attrs.frozen
class UnitChange:
    """A request to change an approved unit's data, reviewed before it takes effect.

    >>> from mutualaid.model.unit import Contact
    >>> change = UnitChange("C1", "U1", {"address": "新地址", "handler": Contact("李四")})
    >>> change.status.label, [k for k, _ in change.changes]
    ('未提交', ['address', 'handler'])
    """

    id: str
    unit_id: str
    changes: tuple[tuple[str, Any], ...] = attrs.field(converter=_freeze_changes)
    status: R = R.DRAFT
    feedback: str = ""
    version: int = 0

    @property
    def as_dict(self) -> dict[str, Any]:
        """The changes as a dict (the ``changes`` param of ``update``)."""
        return dict(self.changes)


def _change_feedback(change: UnitChange, attempt: Attempt[UnitChange]) -> UnitChange:
    return attrs.evolve(change, feedback=attempt.note)


def _change_machine() -> Machine[UnitChange]:
    return Machine(
        kind="unit_change",
        label="单位信息变更",
        states=R,
        initial=R.DRAFT,
        transitions=(
            Transition("submit", (R.DRAFT, R.RETURNED), R.PENDING_REVIEW, label="提交变更"),
            Transition("approve", (R.PENDING_REVIEW,), R.APPROVED, label="审核通过"),
            Transition(
                "return",
                (R.PENDING_REVIEW,),
                R.RETURNED,
                guards=(note_required,),
                effect=_change_feedback,
                label="审核未通过",
            ),
        ),
    )


#: The change-request machine: submit → review → approved or returned (and resubmitted).
change_machine: MachineFactory[UnitChange] = MachineFactory("change_machine", _change_machine)
