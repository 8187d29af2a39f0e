"""Payment methods (缴费方式): refused methods, a cash deposit's documents, who pays.

* Yiyang 3(二) (seed 004, the payment notice): 「缴费说明 不允许现金及个人打款」:
  a cash deposit is refused, and a voucher whose payer is not the unit (a
  personal account) is refused at submission, not only warned about
  (``payment.refuse_cash``, ``payment.refuse_personal_transfer``);
* Weihai 22(1) (seed 000): 「采用现金银行存款方式缴费的需要提供无对公存款账户证明及经办人身份证复印件」
  (``payment.cash_deposit_materials``);
* Weihai's application form: 「缴费方式 /单位统一缴费 □个人缴费」: where the pack
  offers it (``payment.member_payment_allowed``) the unit may choose that each
  member pays; the vouchers' payers are then members, not the unit.

A unit paying otherwise than by its own corporate transfer declares it
(:func:`declare_payment_method`), judged at once and kept in the notice's
``payment_method`` trail (a store keeps trails of any kind). The vouchers'
submission (:meth:`~mutualaid.service.Service.submit_vouchers`) runs
:func:`check_payment_method`: the declaration again (the documents), and
each voucher's payer against the declared payer. Undeclared, a notice is
paid by the unit's corporate transfer (线下对公转账), the method every
notice prints.

Layer 6.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Protocol

import attrs

from mutualaid.documents import Payer, PaymentMethod
from mutualaid.lifecycle import Repository
from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.model import Material, MaterialKind, PaymentNotice, Unit
from mutualaid.rules.defaults.rule import flag, material_of
from mutualaid.rules.engine import PackView
from mutualaid.rules.findings import Finding
from mutualaid.service.refusal import refuse
from mutualaid.service.trails import append

__all__ = [
    "PaymentDeclaration",
    "check_payment_method",
    "declare_payment_method",
    "declared_method",
    "method_reasons",
]

#: The audit-trail kind of the declarations (one trail per notice).
TRAIL = "payment_method"


class _Service(Protocol):  # what these calls use of mutualaid.service.Service
    @property
    def store(self) -> Repository: ...

    def clock(self) -> datetime: ...

    def rules(self, name: str) -> PackView: ...

    def _region_of_subject(self, subject_id: str) -> str: ...


@attrs.frozen
class PaymentDeclaration:
    """How a notice is paid: the method, who pays, the documents given with it."""

    method: PaymentMethod = PaymentMethod.CORPORATE_TRANSFER
    payer: Payer = Payer.UNIT
    materials: tuple[Material, ...] = ()


def method_reasons(
    rules: PackView, on: date, declaration: PaymentDeclaration
) -> tuple[Finding, ...]:
    """Why the pack refuses a declared payment method on ``on`` (empty: accepted)."""
    found: list[Finding] = []
    cash = declaration.method is PaymentMethod.CASH_DEPOSIT
    if cash and flag(rules, "payment.refuse_cash", on):
        found.append(
            Finding.error("payment.cash_refused", "不允许现金缴费，请通过单位对公账户转账")
        )
    if declaration.payer is Payer.MEMBER and not flag(rules, "payment.member_payment_allowed", on):
        found.append(
            Finding.error(
                "payment.member_payment_not_offered", "本地区不提供个人缴费，请单位统一缴费"
            )
        )
    if cash:
        given = {m.kind for m in declaration.materials if m.provided}
        needed = rules.param("payment.cash_deposit_materials", on, [])
        missing = [name for kind, name, _ in map(_material, needed) if kind not in given]
        if missing:
            found.append(
                Finding.error(
                    "payment.cash_materials_missing",
                    f"现金银行存款缴费须提供：{'、'.join(missing)}",
                )
            )
    return tuple(found)


def _material(raw: object) -> tuple[MaterialKind, str, bool]:
    return material_of(raw, MaterialKind.OTHER)


def _payer_reasons(
    rules: PackView, on: date, declaration: PaymentDeclaration, notice: PaymentNotice, unit: Unit
) -> Iterator[Finding]:
    if declaration.payer is not Payer.UNIT:
        return
    if not flag(rules, "payment.refuse_personal_transfer", on):
        return
    for n, v in enumerate(notice.vouchers, 1):
        if v.payer_name.strip() != unit.name.strip():
            yield Finding.error(
                "payment.personal_transfer_refused",
                f"第{n}张凭证付款户名“{v.payer_name}”不是本单位：不允许个人打款，请从单位对公账户转账",
            )


def _refuse(number: str, action: str, reasons: Sequence[Finding]) -> None:
    refuse("payment_notice", number, action, reasons)


def _records(store: Repository, number: str) -> tuple[AuditRecord, ...]:
    return store.audit_trail(TRAIL, number)


def declared_method(store: Repository, number: str) -> PaymentDeclaration:
    """The notice's latest declaration (undeclared: the unit's corporate transfer)."""
    trail = _records(store, number)
    if not trail:
        return PaymentDeclaration()
    last = trail[-1].params
    return PaymentDeclaration(
        PaymentMethod(last["method"]), Payer(last["payer"]), tuple(last["materials"])
    )


def declare_payment_method(
    svc: _Service,
    number: str,
    method: PaymentMethod,
    *,
    actor: str,
    payer: Payer = Payer.UNIT,
    materials: Iterable[Material] = (),
    at: datetime | None = None,
) -> PaymentDeclaration:
    """The unit chooses how notice ``number`` is paid (缴费方式), judged by the pack at once.

    :raises GuardFailed: the pack refuses the method or payer, or a cash
        deposit lacks its documents (codes in ``details["codes"]``).
    """
    now = at if at is not None else svc.clock()
    declaration = PaymentDeclaration(method, payer, tuple(materials))
    with svc.store.transaction():
        notice = svc.store.get(PaymentNotice, number)
        rules = svc.rules(svc._region_of_subject(notice.subject_id))
        _refuse(number, "declare_payment_method", method_reasons(rules, now.date(), declaration))
        append(
            svc.store,
            TRAIL,
            number,
            actor=actor,
            at=now,
            action="declare",
            to_state=method.value,
            params={
                "method": method.value,
                "payer": payer.value,
                "materials": declaration.materials,
            },
        )
    return declaration


def check_payment_method(svc: _Service, number: str, on: date) -> None:
    """Refuse submitting notice ``number``'s vouchers against the pack's payment-method rules.

    :raises GuardFailed: the declaration is refused now, or a voucher's payer
        is not the unit where personal transfers are refused.
    """
    notice = svc.store.get(PaymentNotice, number)
    rules = svc.rules(svc._region_of_subject(notice.subject_id))
    unit = svc.store.find(Unit, notice.unit_id) if notice.unit_id else None
    declaration = declared_method(svc.store, number)
    reasons = list(method_reasons(rules, on, declaration))
    if unit is not None:
        reasons += _payer_reasons(rules, on, declaration, notice, unit)
    _refuse(number, "submit_vouchers", reasons)
