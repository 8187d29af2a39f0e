"""Payment: what the unit pays (the amount basis) and where (the account).

Neither is a finding rule: :meth:`~mutualaid.rules.view.PackView.price_application`
(and the other ``price_*``) reads ``payment.amount_basis`` for the quote's
amount due, and :func:`payment_account` gives a host the account to print
on a payment notice.

>>> from datetime import date
>>> from mutualaid.rules import DataPack, PackData, PackInfo, RuleEngine
>>> account = {"name": "某工会", "bank": "某银行", "account": "6222000000000000"}
>>> data = PackData.from_mapping({"format": 1, "pack": "demo", "parameters": {"payment.account": {
...     "description": "收款账户", "values": [{"valid_from": "2026-01-01", "value": account, "source": "演示手册"}]}}})
>>> engine = RuleEngine()
>>> _ = engine.register(DataPack(PackInfo("demo", "demo", "1.0", "演示"), data))
>>> payment_account(engine.pack("demo"), date(2026, 3, 1))["bank"]
'某银行'
>>> [spec.name for spec in PARAMETERS]
['payment.amount_basis', 'payment.account', 'payment.max_deferral_days']

Since 0.1.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.results import AmountBasis

if TYPE_CHECKING:
    from mutualaid.rules.view import PackView

__all__ = ["PARAMETERS", "payment_account"]

PARAMETERS = (
    ParameterSpec(
        "payment.amount_basis",
        ValueType.CHOICE,
        "what the unit pays of a quote: the member part or the total",
        "mutualaid.rules.view.PackView.price_application",
        choices=tuple(b.value for b in AmountBasis),
    ),
    ParameterSpec(
        "payment.account",
        ValueType.ACCOUNT,
        'the account the unit pays into: {"name", "bank", "account"}',
        "mutualaid.rules.defaults.payment.payment_account",
    ),
    ParameterSpec(
        "payment.max_deferral_days",
        ValueType.WHOLE,
        "a deferred payment (延迟缴款) at most this many days after the notice's issue",
        "mutualaid.lifecycle.payment.payment_machine",
        unit="days",
        minimum=1,
        maximum=366,
    ),
)


def payment_account(rules: PackView, on: date) -> Mapping[str, str] | None:
    """The account to pay into on ``on`` (name, bank, account), or ``None`` when the pack has none."""
    value: Mapping[str, str] | None = rules.param("payment.account", on, None)
    return value
