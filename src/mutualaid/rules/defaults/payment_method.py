"""Payment methods (缴费方式): what a region refuses and what a cash deposit needs.

* ``payment.refuse_cash``: Yiyang's notice says 「缴费说明 不允许现金及个人打款」
  (seed 004 3(二)): a cash deposit is refused;
* ``payment.refuse_personal_transfer``: the same line: a voucher whose payer
  is not the unit (a personal account) is refused, not a warning;
* ``payment.cash_deposit_materials``: Weihai 22(1) 「采用现金银行存款方式缴费的需要提供无对公存款账户证明及经办人身份证复印件」;
* ``payment.member_payment_allowed``: Weihai's form ticks 「单位统一缴费 □个人缴费」:
  each member may pay for himself (the vouchers' payers are then members).

The rule reading them is :mod:`mutualaid.service.payment_method` (the
method is what the unit declares with its vouchers).

>>> [spec.name for spec in PARAMETERS]  # doctest: +NORMALIZE_WHITESPACE
['payment.refuse_cash', 'payment.refuse_personal_transfer', 'payment.cash_deposit_materials',
 'payment.member_payment_allowed']

Since 0.1.
"""

from __future__ import annotations

from mutualaid.rules.parameters import ParameterSpec, ValueType

__all__ = ["PARAMETERS"]

_RULE = "mutualaid.service.payment_method.method_reasons"

PARAMETERS = (
    ParameterSpec(
        "payment.refuse_cash",
        ValueType.FLAG,
        "a cash deposit (现金银行存款) is refused",
        _RULE,
        default=False,
    ),
    ParameterSpec(
        "payment.refuse_personal_transfer",
        ValueType.FLAG,
        "a voucher whose payer is not the unit (个人打款) is refused, not a warning",
        _RULE,
        default=False,
    ),
    ParameterSpec(
        "payment.cash_deposit_materials",
        ValueType.MATERIALS,
        'the documents a cash deposit needs: [{"kind", "name", "stamped"}]',
        _RULE,
        default=[],
    ),
    ParameterSpec(
        "payment.member_payment_allowed",
        ValueType.FLAG,
        "the unit may choose 个人缴费 (each member pays) instead of 单位统一缴费",
        _RULE,
        default=False,
    ),
)
