"""Helpers shared by the model classes: masked ``repr`` of personal data, optional money.

Private. Model classes write ``attrs.field(repr=masked_id)`` for ID numbers,
``repr=masked_mobile`` for mobiles and ``repr=masked_account`` for bank
accounts, so every one is masked the same way; amounts use
``converter=non_negative_yuan`` (or :func:`optional_money`).

>>> import attrs
>>> @attrs.frozen
... class Example:
...     id_number: str = attrs.field(repr=masked_id)
...     total: Decimal = attrs.field(converter=non_negative_yuan)
...     mobile: str | None = attrs.field(default=None, repr=masked_mobile)
>>> Example("11010519491231002X", "60", "13912345678")
Example(id_number='110105********002X', total=Decimal('60.00'), mobile='139****5678')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mutualaid.errors import InvalidAmount
from mutualaid.money import MoneyInput, yuan
from mutualaid.privacy import mask_account, mask_id_number, mask_message, mask_mobile

__all__ = [
    "masked_account",
    "masked_birth_date",
    "masked_id",
    "masked_mobile",
    "masked_text",
    "non_negative_yuan",
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


def masked_text(value: str) -> str:
    """``repr`` of free text (a note, a description): long digit runs masked by
    :func:`mutualaid.privacy.mask_message`, since people type ID numbers into notes.

    >>> masked_text("身份证11010519491231002X有误")
    "'身份证110105********002X有误'"
    """
    return repr(mask_message(value))


def masked_birth_date(value: date | None) -> str:
    """``repr`` of a birth date: the year only.

    A masked ID number keeps region and sequence; the full birth date beside it
    would complete the number.

    >>> masked_birth_date(date(1990, 5, 17))
    "'1990-**-**'"
    """
    return f"'{value.year}-**-**'" if value is not None else "None"


def non_negative_yuan(value: MoneyInput) -> Decimal:
    """An amount in the model: :func:`~mutualaid.money.yuan`, and never negative.

    >>> non_negative_yuan("9")
    Decimal('9.00')
    >>> non_negative_yuan("-1")
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidAmount: amount must not be negative: '-1' (Amounts of contributions, payments and expenses are zero or more.)
    """
    result = yuan(value)
    if result < 0:
        raise InvalidAmount(
            f"amount must not be negative: {value!r}",
            hint="Amounts of contributions, payments and expenses are zero or more.",
            value=value,
        )
    return result


def optional_money(value: MoneyInput | None) -> Decimal | None:
    """:func:`non_negative_yuan`, letting ``None`` through.

    >>> optional_money(None), optional_money("9")
    (None, Decimal('9.00'))
    """
    return None if value is None else non_negative_yuan(value)
