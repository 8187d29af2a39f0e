"""Helpers shared by the model classes: masked ``repr`` of personal data, optional money.

Private. Model classes write ``attrs.field(repr=masked_id)`` for ID numbers,
``repr=masked_mobile`` for mobiles and ``repr=masked_account`` for bank
accounts, so every one is masked the same way; amounts use
``converter=yuan`` (or :func:`optional_money`).

>>> import attrs
>>> from mutualaid.money import yuan
>>> @attrs.frozen
... class Example:
...     id_number: str = attrs.field(repr=masked_id)
...     amount: Decimal = attrs.field(converter=yuan)
...     mobile: str | None = attrs.field(default=None, repr=masked_mobile)
>>> Example("11010519491231002X", "60", "13912345678")
Example(id_number='110105********002X', amount=Decimal('60.00'), mobile='139****5678')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mutualaid.money import MoneyInput, yuan
from mutualaid.privacy import mask_account, mask_id_number, mask_mobile

__all__ = [
    "masked_account",
    "masked_birth_date",
    "masked_id",
    "masked_mobile",
    "optional_money",
]


def masked_id(value: str | None) -> str:
    """``repr`` of an ID number: masked by :func:`mutualaid.privacy.mask_id_number`."""
    return repr(mask_id_number(value)) if value is not None else "None"


def masked_mobile(value: str | None) -> str:
    """``repr`` of a mobile number: masked by :func:`mutualaid.privacy.mask_mobile`."""
    return repr(mask_mobile(value)) if value is not None else "None"


def masked_account(value: str | None) -> str:
    """``repr`` of a bank account: masked by :func:`mutualaid.privacy.mask_account`."""
    return repr(mask_account(value)) if value is not None else "None"


def masked_birth_date(value: date | None) -> str:
    """``repr`` of a birth date: the year only.

    A masked ID number keeps region and sequence; the full birth date beside it
    would complete the number.

    >>> masked_birth_date(date(1990, 5, 17))
    "'1990-**-**'"
    """
    return f"'{value.year}-**-**'" if value is not None else "None"


def optional_money(value: MoneyInput | None) -> Decimal | None:
    """:func:`~mutualaid.money.yuan`, letting ``None`` through.

    >>> optional_money(None), optional_money("9")
    (None, Decimal('9.00'))
    """
    return None if value is None else yuan(value)
