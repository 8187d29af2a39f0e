"""Members for tests, scenarios and examples: valid resident ID numbers made from a birth date.

Scenario files and examples describe people by what the rules look at (age,
gender, retired, risk class), not by a real ID number. :func:`resident_id`
makes a *valid* GB 11643 number for a birth date and gender (the check
character computed, the sequence code odd for men and even for women), and
:func:`member` builds a :class:`~mutualaid.model.member.Member` from it,
optionally from an age on a day.

>>> from datetime import date
>>> resident_id(date(1964, 5, 1), "male", area="371002", serial=3)
'371002196405010317'
>>> m = member("王五", age=62, on=date(2026, 6, 30), gender="male", retired=False)
>>> m.birth_date, m.gender.value, m.id_type.value
(datetime.date(1964, 6, 30), 'male', 'resident_id')
>>> m
Member(name='王五', id_type=<IdType.RESIDENT_ID: 'resident_id'>, id_number='110105********0119', ...)

Another ID type keeps the gender and birth date given (they may be missing on
purpose, to test a pack's rule about them):

>>> member("John Smith", id_type="passport", id_number="E12345678", birth_date=date(1980, 2, 3)).key
('passport', 'E12345678')
>>> member("X", age=30)
Traceback (most recent call last):
...
mutualaid.errors.InvalidDate: an age needs the day it is taken on (on=...)

Layer 5 (test kit).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from mutualaid.dates import add_years_months
from mutualaid.errors import InvalidDate
from mutualaid.ids.divisions import TABLE_YEARS, codes_in_use
from mutualaid.ids.resident_id import check_digit
from mutualaid.model.kinds import Gender, IdType, MedicalInsuranceType, RiskClass
from mutualaid.model.member import Member

__all__ = ["birth_date_for_age", "member", "resident_id", "stable_area"]


@cache
def _areas() -> tuple[str, ...]:
    """County codes listed in every year of the table (1980 and 2025 both), from 110105 on."""
    always = sorted(set(codes_in_use(TABLE_YEARS[0])) & set(codes_in_use(TABLE_YEARS[1])))
    start = always.index("110105")
    return tuple(always[start:] + always[:start])


def stable_area(k: int) -> str:
    """The ``k``-th county code of a fixed list (``stable_area(0)`` is 110105), each listed since 1980.

    For making many distinct valid numbers that draw no ``id.unknown_division`` warning on
    any day since 1980 (scenario files of hundreds of members): 337 codes, then again.

    >>> stable_area(0), stable_area(1), len({stable_area(k) for k in range(1000)})
    ('110105', '110106', 337)
    """
    codes = _areas()
    return codes[k % len(codes)]


def resident_id(
    birth_date: date, gender: Gender | str = Gender.MALE, *, area: str = "110105", serial: int = 1
) -> str:
    """A valid 18-character resident ID number for ``birth_date`` and ``gender``.

    :param area: the six-digit county code (GB/T 2260). Only its province part is
        checked; a code no list held (``119999``) gives the warning
        ``id.unknown_division`` (:func:`mutualaid.ids.divisions.codes_in_use` lists
        the codes of a year).
    :param serial: 0 to 99, to tell apart people born on the same day.
    """
    if not (len(area) == 6 and area.isdigit()):
        raise ValueError(f"area must be six digits, not {area!r}")
    if not 0 <= serial <= 99:
        raise ValueError(f"serial must be 0..99, not {serial}")
    male = (
        Gender.from_label(gender) is Gender.MALE
        if isinstance(gender, str)
        else gender is Gender.MALE
    )
    sequence = f"{serial:02d}{1 if male else 2}"
    first17 = f"{area}{birth_date:%Y%m%d}{sequence}"
    return first17 + check_digit(first17)


def birth_date_for_age(age: int, on: date) -> date:
    """The birth date of someone who turns ``age`` on ``on`` (so is exactly ``age`` then).

    >>> birth_date_for_age(60, date(2024, 2, 29))
    datetime.date(1964, 2, 29)
    >>> birth_date_for_age(61, date(2024, 2, 29))
    datetime.date(1963, 2, 28)
    """
    return add_years_months(on, -age)


def member(
    name: str = "张三",
    *,
    birth_date: date | None = None,
    age: int | None = None,
    on: date | None = None,
    gender: Gender | str | None = Gender.MALE,
    id_type: IdType | str = IdType.RESIDENT_ID,
    id_number: str | None = None,
    area: str = "110105",
    serial: int = 1,
    risk_class: RiskClass | str = RiskClass.NORMAL,
    medical_insurance_type: MedicalInsuranceType | str | None = None,
    **flags: Any,
) -> Member:
    """A member described by what the rules look at.

    :param birth_date: the birth date; or give ``age`` and ``on``.
    :param gender: ``"male"``/``"female"`` (or 男/女); for other ID types it may be ``None``.
    :param id_type: the ID type (value or Chinese label); a resident ID is made up when
        ``id_number`` is not given.
    :param flags: the member's booleans: ``retired``, ``gig_worker``, ``dispatched``,
        ``own_social_security``; and ``mobile``.
    """
    if birth_date is None and age is not None:
        if on is None:
            raise InvalidDate(
                "an age needs the day it is taken on (on=...)",
                hint="Pass on=date(...) with age=, or give birth_date=.",
            )
        birth_date = birth_date_for_age(age, on)
    kind = IdType.from_label(id_type) if isinstance(id_type, str) else id_type
    sex = Gender.from_label(gender) if isinstance(gender, str) else gender
    risk = RiskClass.from_label(risk_class) if isinstance(risk_class, str) else risk_class
    insurance = (
        MedicalInsuranceType.from_label(medical_insurance_type)
        if isinstance(medical_insurance_type, str)
        else medical_insurance_type
    )
    if kind is IdType.RESIDENT_ID:
        if birth_date is None:
            raise InvalidDate(
                "a resident ID member needs a birth date or an age",
                hint="Pass birth_date= or age= with on=.",
            )
        number = id_number or resident_id(birth_date, sex or Gender.MALE, area=area, serial=serial)
        return Member.from_resident_id(
            name, number, risk_class=risk, medical_insurance_type=insurance, **flags
        )
    return Member(
        name,
        kind,
        id_number or f"{kind.value.upper()[:2]}{serial:07d}",
        sex,  # type: ignore[arg-type]  # may be missing on purpose for other ID types
        birth_date,  # type: ignore[arg-type]
        risk_class=risk,
        medical_insurance_type=insurance,
        **flags,
    )
