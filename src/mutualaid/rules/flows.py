"""Flows: the structure a rule pack gives of its region's business flow.

The life-cycle layer (:mod:`mutualaid.lifecycle`) runs one core for every
region. What differs in *structure* — which optional steps and branches a
region has, how payment notices are numbered — is described by the frozen
values here, which a pack returns from the ``mutualaid_application_flow``
hook. Every field has a neutral default, so a pack states only what its
manual says.

A flow holds structure only (issue 8, item 6):

* **facts are pack data.** The paper materials of Yiyang's 线下递交材料 step
  are its ``materials.offline`` parameter; the flow only says the step exists
  (``offline_materials=True``). Counts and limits (plans per application, one
  tier per plan, the notice of terms) are dated parameters too: the fields
  that restate them (:data:`PACK_PARAMETERS`) are *derived* and a pack cannot
  state them: ``ApplicationFlow(max_lines=3)`` is refused, never silently
  overwritten; :meth:`ApplicationFlow.with_parameters` sets them from the
  pack's data for a day.
* **the steps a host shows are the machine's.** The life cycle builds its
  transition table from the flow, and that table's actions, in table order
  (``mutualaid.lifecycle.application.application_machine(flow).actions``), are
  the one vocabulary of steps: there is no second list here.

Rules the life cycle asks the pack about directly (invoice findings,
endorsement prices, effective dates and waiting periods) have no field here.

>>> flow = ApplicationFlow(
...     region="yiyang",
...     material_review_when_over_age=True,
...     review_before_payment=False,
...     withdraw_while_under_review=True,
...     offline_materials=True,
...     closed_step=True,
...     payment=PaymentFlow(notice_number=NumberScheme("JF", 19), several_vouchers=True),
... )
>>> flow.payment.notice_number.format(42)
'JF0000000000000000042'
>>> ApplicationFlow(region="yiyang", max_lines=1)
Traceback (most recent call last):
...
ValueError: ApplicationFlow.max_lines is pack data (application.max_plans): write it in the pack's data, not in the flow
>>> ApplicationFlow(region="yiyang", offline_materials=("银行转账复印件",))
Traceback (most recent call last):
...
TypeError: ApplicationFlow.offline_materials says whether the step exists (True/False); the materials are the pack's data (materials.offline)

A pack answers the hook like this (the ``kind`` is ``"standalone"``,
``"group"`` or ``"endorsement"``; return ``None`` for a kind the region does
not have)::

    @hookimpl
    def mutualaid_application_flow(kind):
        if kind == "group":
            return None
        return YIYANG_FLOW

Worked flows for the five seed regions are in their packs
(``mutualaid_pack_weihai.flows.WEIHAI_FLOW``, ``mutualaid_pack_guangdong.flows``,
``mutualaid_pack_shenzhen.flows``, ``mutualaid_pack_linyi.flows``,
``mutualaid_pack_yiyang.flows``), each field citing its manual. A pack builds
its flow from this module only: it never imports the life cycle (layer 4).

Layer 3: imports only attrs and the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import attrs

__all__ = [
    "APPLICATION_KINDS",
    "PACK_PARAMETERS",
    "ApplicationFlow",
    "ClaimFlow",
    "EndorsementFlow",
    "InvoiceFlow",
    "NumberScheme",
    "PaymentFlow",
    "RegistrationFlow",
    "UsernameScheme",
]

#: The ``kind`` values the ``mutualaid_application_flow`` hook is asked about.
APPLICATION_KINDS = ("standalone", "group", "endorsement")


@attrs.frozen
class NumberScheme:
    """How a region numbers a document: a prefix, an optional timestamp, a counter.

    Numbers are deterministic: the caller passes the counter (and the time
    when the scheme is dated); nothing here is random.

    >>> NumberScheme("JF", 19).format(1854696125211172864)
    'JF1854696125211172864'
    >>> cb = NumberScheme("CB", 6, dated="%Y%m%d%H%M%S")
    >>> cb.format(1, datetime(2024, 11, 8, 9, 21, 37))
    'CB20241108092137000001'
    >>> cb.matches("CB20241108092137000001"), cb.matches("JF123")
    (True, False)
    >>> NumberScheme("JF", 3).format(1000)
    Traceback (most recent call last):
    ...
    ValueError: counter 1000 does not fit in 3 digits
    """

    prefix: str
    digits: int
    dated: str = ""

    def format(self, counter: int, at: date | datetime | None = None) -> str:
        """The number for ``counter`` (and ``at``, when the scheme is dated)."""
        if counter < 0 or len(str(counter)) > self.digits:
            raise ValueError(f"counter {counter} does not fit in {self.digits} digits")
        stamp = ""
        if self.dated:
            if at is None:
                raise ValueError(f"the {self.prefix} scheme is dated: pass at=")
            stamp = at.strftime(self.dated)
        return f"{self.prefix}{stamp}{counter:0{self.digits}d}"

    @property
    def pattern(self) -> re.Pattern[str]:
        """A regular expression matching the numbers of this scheme."""
        stamp_len = len(datetime(2000, 1, 1).strftime(self.dated)) if self.dated else 0
        return re.compile(rf"^{re.escape(self.prefix)}\d{{{stamp_len + self.digits}}}$")

    def matches(self, text: str) -> bool:
        """True when ``text`` is a number of this scheme."""
        return bool(self.pattern.match(text))


class UsernameScheme(StrEnum):
    """What a unit logs in with after registration.

    * ``unit_number``: the number the system issues (Weihai: "使用编号即可登陆");
    * ``pinyin``: the handler's name in lowercase full pinyin (Linyi: "用户名为…经办人姓名小写全拼");
    * ``mobile``: the handler's mobile (Yiyang's login shows a mobile-like user name);
    * ``uscc``: the unit's code.
    """

    UNIT_NUMBER = "unit_number"
    PINYIN = "pinyin"
    MOBILE = "mobile"
    USCC = "uscc"


@attrs.frozen
class RegistrationFlow:
    """Unit registration (单位注册) in a region.

    :param review_required: the office reviews a registration before the unit
        can log in (Guangdong, Linyi) — else it is approved at once (Weihai).
    :param unit_number_digits: the length of the number the system issues
        (Weihai: 8, e.g. ``44796252``), or None when none is issued.
    :param username: what the unit logs in with.
    :param required_fields: the unit fields that must be filled before the unit
        may submit an application (Weihai's 完善信息 form).
    :param certificate_required: the registration certificate image must be uploaded.
    :param changes_need_review: changes to unit data take effect after review (Guangdong).
    :param prior_policy_link: units may link last period's policy (历史保单绑定, Guangdong).
    :param unit_links: parent/subsidiary links exist (上下级关系维护, Guangdong).
    """

    review_required: bool = True
    unit_number_digits: int | None = None
    username: UsernameScheme = UsernameScheme.UNIT_NUMBER
    required_fields: tuple[str, ...] = ("name", "code", "handler")
    certificate_required: bool = False
    changes_need_review: bool = False
    prior_policy_link: bool = False
    unit_links: bool = False


@attrs.frozen
class PaymentFlow:
    """Payment (缴费) in a region.

    :param notice_number: how payment notices are numbered.
    :param vouchers: the unit uploads payment vouchers (else the office only
        confirms the arrival).
    :param voucher_needs_e_seal: only units with an e-seal upload vouchers;
        others print the group application form (Weihai).
    :param several_vouchers: a notice may have several vouchers whose sum is
        checked against the amount due (Yiyang).
    :param deferred_payment: units may request deferred payment (Guangdong).
    :param payment_exception: the finance office may flag a payment exception
        that the unit confirms with materials (Guangdong).
    :param cancel_before_payment: the unit may cancel the notice before paying (Guangdong 撤单).

    When cover starts is the pack's rule (``mutualaid_effective_date``, asked by
    :func:`mutualaid.lifecycle.payment.effective_date`): no field restates it.
    """

    notice_number: NumberScheme = NumberScheme("PN", 10)
    vouchers: bool = True
    voucher_needs_e_seal: bool = False
    several_vouchers: bool = False
    deferred_payment: bool = False
    payment_exception: bool = False
    cancel_before_payment: bool = False


@attrs.frozen
class InvoiceFlow:
    """Invoicing (开票) in a region: its steps.

    The invoice *rules* (settlement day, per-capita cap, title equal to the
    unit's name, invoicing by the parent unit, early invoices) are the pack's
    data and its ``mutualaid_invoice_findings`` hook, which the invoice
    machine asks (:mod:`mutualaid.lifecycle.invoicing`); no flow field restates them,
    nor the stamped e-policy Guangdong asks for with the request
    (``invoice.stamped_confirmation_required``).

    :param before_payment: invoice entry is a step before the payment
        confirmation (Linyi: 审核通过 → 开票录入 → 打款 → 到账确认).
    """

    before_payment: bool = False


@attrs.frozen
class EndorsementFlow:
    """Endorsements (保单补充 / 保全): adding members to an effective policy.

    :param enabled: the region has online endorsements (Shenzhen). Their price
        (full period or pro rata) is the pack's: ``rules.price_endorsement``.
    :param transfer_in_by_mail: members transferred in from another insured unit
        are added by the office on request (Linyi: "发送至…邮箱办理新增").
    """

    enabled: bool = False
    transfer_in_by_mail: bool = False


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


_DERIVED: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "max_lines": ("application.max_plans", _optional_int),
    "one_tier_per_plan": ("application.one_tier_per_plan_per_unit", bool),
    "terms_acceptance_required": ("application.requires_terms_accepted", bool),
}

#: The flow fields that restate a pack parameter (field path → parameter name):
#: :meth:`ApplicationFlow.with_parameters` sets them from the pack's data.
PACK_PARAMETERS: Mapping[str, str] = {field: name for field, (name, _) in _DERIVED.items()}

#: The neutral value of each derived field (what a pack's flow must leave it at).
_NEUTRAL: Mapping[str, Any] = {
    "max_lines": None,
    "one_tier_per_plan": False,
    "terms_acceptance_required": False,
}


def _structural_flag(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(
            f"ApplicationFlow.{attribute.name} says whether the step exists (True/False); "
            "the materials are the pack's data (materials.offline)"
        )


@attrs.frozen
class ApplicationFlow:
    """A region's enrolment flow: which optional steps and guards it uses.

    Two kinds of fields. Most say which steps and branches the region has:
    that structure is not data anywhere else, so the pack's flow states it.
    The fields marked *derived* restate a dated pack parameter (plans per
    application, one tier per plan, the notice of terms): a pack cannot state
    them (a flow stating one is refused, naming the parameter) and
    :meth:`with_parameters` fills them from the pack's data for a given day
    (``mutualaid.lifecycle.application.flow_from(rules, kind, on)`` does it),
    so the pack's data stays the one source of truth.

    :param region: the region code (``"weihai"``...).
    :param max_lines: *derived* (``application.max_plans``): how many plan lines
        one application may hold (Yiyang: 1), None for any.
    :param one_tier_per_plan: *derived* (``application.one_tier_per_plan_per_unit``):
        one tier per plan per unit (Yiyang).
    :param gift_plans: gift plans may be added (Guangdong).
    :param terms_acceptance_required: *derived* (``application.requires_terms_accepted``):
        the notice of terms must be accepted before submission (Shenzhen).
    :param unit_info_complete_before_submit: the unit's required fields must be
        filled before submission (Weihai).
    :param certificate_before_application: the registration certificate must be
        uploaded before an application (Weihai: "注册证件必传").
    :param materials_before_submit: required materials (over-age proof,
        dispatched-worker proof, ledgers) must be provided before submission.
    :param stamped_application_upload: after submission the unit uploads the
        stamped application before review (Guangdong).
    :param material_review_when_over_age: applications with over-age members go
        to a material review before payment (Yiyang).
    :param review_before_payment: the office reviews every application before
        payment (False in Yiyang, where an application without over-age members
        goes straight to payment).
    :param second_review: a second review issues the payment notice (Guangdong).
    :param withdraw_while_under_review: the unit may withdraw while under review (Yiyang).
    :param cancel: the unit may cancel (撤单) a submitted application before paying (Guangdong).
    :param e_seal_branch: after approval, units with an e-seal upload a voucher
        and others print the group application form (Weihai).
    :param reference_effective_date: the unit sets a reference effective date (Guangdong).
    :param requested_effective_date: the unit may request an effective date (Shenzhen).
    :param association_sets_effective_time: the policy waits for the association
        to set its effective time (Shenzhen).
    :param offline_materials: paper materials are handed in after payment (Yiyang's
        线下递交材料 step); which ones is the pack's data (``materials.offline``).
    :param closed_step: the office closes the business (办结, Yiyang).
    :param confirmation_certificate: a confirmation certificate with its member
        list is printed (Linyi).
    :param e_policy: an e-policy is issued (Guangdong).
    :param group_enrolment: group enrolment by a parent unit exists (Guangdong).
    :param application_number: how the system numbers applications (Yiyang's
        ``CB20241108092137000001``); ``None``: the host names them.
    """

    region: str
    max_lines: int | None = None
    one_tier_per_plan: bool = False
    gift_plans: bool = False
    terms_acceptance_required: bool = False
    unit_info_complete_before_submit: bool = False
    certificate_before_application: bool = False
    materials_before_submit: bool = False
    stamped_application_upload: bool = False
    material_review_when_over_age: bool = False
    review_before_payment: bool = True
    second_review: bool = False
    withdraw_while_under_review: bool = False
    cancel: bool = False
    e_seal_branch: bool = False
    reference_effective_date: bool = False
    requested_effective_date: bool = False
    association_sets_effective_time: bool = False
    offline_materials: bool = attrs.field(default=False, validator=_structural_flag)
    closed_step: bool = False
    confirmation_certificate: bool = False
    e_policy: bool = False
    group_enrolment: bool = False
    application_number: NumberScheme | None = None
    registration: RegistrationFlow = RegistrationFlow()
    payment: PaymentFlow = PaymentFlow()
    invoice: InvoiceFlow = InvoiceFlow()
    endorsement: EndorsementFlow = EndorsementFlow()
    #: True on a flow :meth:`with_parameters` made (its derived fields come from data).
    from_data: bool = attrs.field(default=False, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.from_data:
            return
        for field, (name, _) in _DERIVED.items():
            if getattr(self, field) != _NEUTRAL[field]:
                raise ValueError(
                    f"ApplicationFlow.{field} is pack data ({name}): "
                    "write it in the pack's data, not in the flow"
                )

    def with_parameters(self, value: Callable[[str], Any]) -> ApplicationFlow:
        """This flow with its *derived* fields read from the pack's parameters.

        :param value: gives a parameter's value by name, or None when the pack
            does not define it (``lambda name: rules.param(name, on, None)``).

        Every derived field is set, from the parameter or to its neutral
        default when the pack is silent (a pack's flow cannot state them). One
        structural field follows the data too: a pack with
        ``effective.set_by_association`` gets the association's effective-time
        step.

        >>> data = {"application.max_plans": 1, "application.one_tier_per_plan_per_unit": True}
        >>> flow = ApplicationFlow(region="yiyang").with_parameters(data.get)
        >>> flow.max_lines, flow.one_tier_per_plan, flow.terms_acceptance_required
        (1, True, False)
        """
        derived = {field: convert(value(name)) for field, (name, convert) in _DERIVED.items()}
        by_association = bool(value("effective.set_by_association"))
        return attrs.evolve(
            self,
            **derived,
            association_sets_effective_time=self.association_sets_effective_time or by_association,
            from_data=True,
        )


@attrs.frozen
class ClaimFlow:
    """A region's claim flow (申领 / 理赔): which steps a claim case goes through.

    Returned by the pack's ``mutualaid_claim_flow`` hook; the claim machine
    (:func:`mutualaid.claims.machine.claim_machine`) is built from it. The
    numbers and lists (claim types per plan, materials per type, sampling,
    the filing deadline) are the pack's data, never fields here.

    :param region: the region code.
    :param offered: the region handles claims in the system at all (Weihai's
        manual has no claims: a claim step there raises
        :class:`~mutualaid.errors.StepNotInRegion`).
    :param unit_files: the unit's handler fills the case, saves it as a draft
        (暂存) and submits it (提交) to the claims department (Guangdong 九（一）（二）).
    :param office_acceptance: the office opens the case by the claimant's ID
        number and claim type (受理 / 确认受理, Linyi 4.1.1).
    :param materials_step: a case whose type needs materials waits in 材料上传
        until every required material is uploaded (Linyi 4.1.3); which types
        need which is the pack's data (``claims.materials.<type>``).
    :param expense_entry: a clerk takes the case from the work pool (获取) and
        enters payee, incident and settlement sheet (费用录入, Linyi 4.2).
    :param calculation_step: the benefit is calculated (申领计算) before the
        case is submitted to review (申领提交, Linyi 4.2.2).
    :param case_number: how the system numbers cases, when it does.

    >>> LINYI = ClaimFlow("linyi", office_acceptance=True, materials_step=True,
    ...                   expense_entry=True, calculation_step=True)
    >>> LINYI.offered, LINYI.unit_files
    (True, False)
    >>> ClaimFlow("weihai", offered=False).steps
    ()
    >>> ClaimFlow("guangdong", unit_files=True).steps
    ('unit_files',)
    """

    region: str
    offered: bool = True
    unit_files: bool = False
    office_acceptance: bool = False
    materials_step: bool = False
    expense_entry: bool = False
    calculation_step: bool = False
    case_number: NumberScheme | None = None

    def __attrs_post_init__(self) -> None:
        if self.offered and not (self.unit_files or self.office_acceptance):
            raise ValueError(
                f"ClaimFlow({self.region!r}): a case is opened by the unit (unit_files) "
                "or by the office (office_acceptance); say which"
            )
        office_steps = self.materials_step or self.expense_entry or self.calculation_step
        if self.unit_files and (self.office_acceptance or office_steps):
            raise ValueError(
                f"ClaimFlow({self.region!r}): a unit-filed case is prepared in its draft; "
                "office_acceptance, materials_step, expense_entry and calculation_step are the "
                "office's steps"
            )
        if self.calculation_step and not self.expense_entry:
            raise ValueError(f"ClaimFlow({self.region!r}): calculation_step follows expense_entry")

    @property
    def steps(self) -> tuple[str, ...]:
        """The optional steps the flow has, in the order of a case."""
        if not self.offered:
            return ()
        names = (
            "unit_files",
            "office_acceptance",
            "materials_step",
            "expense_entry",
            "calculation_step",
        )
        return tuple(name for name in names if getattr(self, name))
