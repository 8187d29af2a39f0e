"""Dates: ages in whole years and months, month arithmetic clamped to month end.

Every function takes its dates as arguments; nothing here asks for "today".

>>> from datetime import date
>>> age_on(date(1965, 1, 15), date(2025, 2, 15))
Age(years=60, months=1)
>>> age_on(date(1965, 1, 15), date(2025, 2, 14)).label
'60岁'
>>> add_years_months(date(1965, 1, 31), 60, 1)
datetime.date(2025, 2, 28)
>>> parse_date_text("1990年1月2日")
datetime.date(1990, 1, 2)
>>> from_excel_serial(32875)
datetime.date(1990, 1, 2)

**Month ends and 29 February.** Adding months keeps the day of the month
when the target month has it, and otherwise takes the target month's last
day: 31 January + 1 month is 28 (or 29) February, and 29 February + 1 year
is 28 February in a year that is not a leap year. Ages follow the same rule,
so a person born on 29 February completes a year on 28 February of a common
year (as :class:`dateutil.relativedelta.relativedelta` computes it), and
``age_on(birth, on) >= (y, m)`` exactly when ``on >= add_years_months(birth, y, m)``.

>>> age_on(date(2020, 2, 29), date(2021, 2, 28))
Age(years=1, months=0)
>>> age_on(date(2020, 2, 29), date(2021, 2, 27))
Age(years=0, months=11)

Layer 1: imports only :mod:`mutualaid.errors` and :mod:`mutualaid.privacy`.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from mutualaid.errors import InvalidDate
from mutualaid.privacy import quoted

__all__ = [
    "EXCEL_MAX_SERIAL",
    "Age",
    "add_months",
    "add_years_months",
    "age_in_years",
    "age_on",
    "day_after",
    "from_excel_serial",
    "last_day_of_month",
    "month_index",
    "parse_date_text",
    "require_date",
]

#: The largest serial Excel can show as a date (9999-12-31).
EXCEL_MAX_SERIAL = 2958465


class Age(NamedTuple):
    """An age (or any span) in whole years and months completed.

    A tuple, so it compares with plain tuples and with other ages:

    >>> Age(60, 1) == (60, 1), Age(59, 11) < (60, 0)
    (True, True)
    >>> Age(63, 0).total_months, Age.from_months(721)
    (756, Age(years=60, months=1))
    """

    years: int
    months: int

    @classmethod
    def from_months(cls, total_months: int) -> Age:
        """The age of ``total_months`` months (``0 <= total_months``)."""
        if total_months < 0:
            raise InvalidDate(f"an age cannot be negative: {total_months} months")
        years, months = divmod(total_months, 12)
        return cls(years, months)

    @property
    def total_months(self) -> int:
        """The whole age in months."""
        return self.years * 12 + self.months

    @property
    def label(self) -> str:
        """The age as the official tables write it: ``60岁1个月``, ``63岁``.

        >>> Age(60, 1).label, Age(63, 0).label
        ('60岁1个月', '63岁')
        """
        if self.months:
            return f"{self.years}岁{self.months}个月"
        return f"{self.years}岁"


def month_index(d: date) -> int:
    """Count months from year 0: consecutive months have consecutive indexes.

    >>> month_index(date(2025, 1, 31)) - month_index(date(2024, 12, 1))
    1
    """
    try:
        return d.year * 12 + d.month - 1
    except AttributeError:
        raise _not_a_date(d, "month_index(d)") from None


def _not_a_date(value: object, what: str) -> InvalidDate:
    """The error for an argument that should have been a date (a programming error)."""
    return InvalidDate(
        f"{what} must be a datetime.date, not {type(value).__name__} {quoted(value)}",
        hint="Pass a datetime.date such as date(2026, 6, 30): parse text with "
        "mutualaid.dates.parse_date_text.",
        argument=what,
        value=quoted(value),
    )


def last_day_of_month(d: date) -> date:
    """The last day of ``d``'s month.

    >>> last_day_of_month(date(2024, 2, 10)), last_day_of_month(date(2025, 2, 10))
    (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    """
    try:
        return d.replace(day=calendar.monthrange(d.year, d.month)[1])
    except (AttributeError, TypeError):
        raise _not_a_date(d, "last_day_of_month(d)") from None


def day_after(d: date) -> date:
    """The next day (e.g. coverage starts the day after payment arrives).

    >>> day_after(date(2024, 12, 31))
    datetime.date(2025, 1, 1)
    """
    if d == date.max:
        raise InvalidDate("there is no day after 9999-12-31")
    try:
        return d + timedelta(days=1)
    except (TypeError, OverflowError):
        raise _not_a_date(d, "day_after(d)") from None


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` (may be negative), clamped to the target month's end.

    >>> add_months(date(2024, 1, 31), 1), add_months(date(2025, 1, 31), 1)
    (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    >>> add_months(date(2025, 3, 31), -1)
    datetime.date(2025, 2, 28)
    """
    if months.__class__ is not int:
        if isinstance(months, bool) or not isinstance(months, int):
            raise InvalidDate(
                f"months must be an int, not {type(months).__name__} {quoted(months)}",
                argument="months",
            )
        months = int(months)
    year, month0 = divmod(month_index(d) + months, 12)
    if not 1 <= year <= 9999:
        raise InvalidDate(f"{d.isoformat()} plus {quoted(months)} months is out of the calendar")
    month = month0 + 1
    if d.day <= 28:
        return date(year, month, d.day)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years_months(d: date, years: int, months: int = 0) -> date:
    """``d`` plus ``years`` and ``months``, clamped to month end (one step, not two).

    >>> add_years_months(date(1964, 2, 29), 60)
    datetime.date(2024, 2, 29)
    >>> add_years_months(date(1960, 2, 29), 61)
    datetime.date(2021, 2, 28)
    """
    for name, value in (("years", years), ("months", months)):
        if value.__class__ is not int and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidDate(
                f"{name} must be an int, not {type(value).__name__} {quoted(value)}",
                argument=name,
            )
    return add_months(d, years * 12 + months)


def age_on(birth_date: date, on: date) -> Age:
    """Whole years and months completed on ``on`` by someone born on ``birth_date``.

    The age goes up on the day :func:`add_years_months` reaches: on the
    "monthly birthday", or on the month's last day when the month is short.

    >>> age_on(date(1990, 1, 31), date(1990, 2, 28))
    Age(years=0, months=1)
    >>> age_on(date(1990, 5, 1), date(1990, 4, 30))
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidDate: the date 1990-04-30 is before the birth date 1990-05-01 (Check the birth date and the reference date.)
    """
    if birth_date.__class__ is not date or on.__class__ is not date:
        require_date(birth_date, "age_on(birth_date)")  # a subclass is fine, a datetime is not
        require_date(on, "age_on(on)")
    if on < birth_date:
        raise InvalidDate(
            f"the date {on.isoformat()} is before the birth date {birth_date.isoformat()}",
            hint="Check the birth date and the reference date.",
            birth_date=birth_date,
            on=on,
        )
    months = month_index(on) - month_index(birth_date)
    if add_months(birth_date, months) > on:
        months -= 1
    return Age.from_months(months)


def age_in_years(birth_date: date, on: date) -> int:
    """Whole years completed on ``on`` (周岁).

    >>> age_in_years(date(1965, 3, 1), date(2025, 2, 28)), age_in_years(date(1965, 3, 1), date(2025, 3, 1))
    (59, 60)
    """
    return age_on(birth_date, on).years


_SEPARATED = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_CHINESE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_DATE_HINT = "Write the date as 1990-01-02, 1990/1/2, 1990.1.2, 19900102 or 1990年1月2日."


def parse_date_text(text: str) -> date:
    """Read a date written in one of the exact formats rosters use.

    Accepted: ``1990-01-02``, ``1990/1/2``, ``1990.1.2``, ``19900102`` and
    ``1990年1月2日`` (surrounding spaces ignored). Anything else, and
    impossible days, raise :class:`~mutualaid.errors.InvalidDate`.

    >>> parse_date_text(" 1990/1/2 "), parse_date_text("19900102")
    (datetime.date(1990, 1, 2), datetime.date(1990, 1, 2))
    >>> parse_date_text("1990-02-30")
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidDate: not a calendar date: '1990-02-30' (day is out of range for month) (Write the date as 1990-01-02, 1990/1/2, 1990.1.2, 19900102 or 1990年1月2日.)
    """
    if not isinstance(text, str):
        raise InvalidDate(
            f"a date text must be a str, not {type(text).__name__}",
            hint=_DATE_HINT,
            value=quoted(text),
        )
    stripped = text.strip()
    match = (
        _SEPARATED.fullmatch(stripped)
        or _CHINESE.fullmatch(stripped)
        or _COMPACT.fullmatch(stripped)
    )
    if match is None:
        raise InvalidDate(f"not a date: {quoted(text)}", hint=_DATE_HINT, value=quoted(text))
    groups = match.groups()
    year, month, day = (int(groups[0]), int(groups[-2]), int(groups[-1]))
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidDate(
            f"not a calendar date: {quoted(text)} ({exc})", hint=_DATE_HINT, value=quoted(text)
        ) from None


_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 is 1900-03-01; serials 1..59 are one day later


def from_excel_serial(serial: int | float) -> date:
    """The date of an Excel serial number (1900 date system).

    Serial 1 is 1900-01-01. Excel counts a 29 February 1900 that never was
    (serial 60, Lotus 1-2-3's bug), so serials 1-59 and 61 on are mapped
    around it and serial 60 is refused. A fraction (the time of day) is
    dropped. Serials outside 1..2958465 (1900-01-01..9999-12-31, what Excel
    can show) raise :class:`~mutualaid.errors.InvalidDate`.

    >>> from_excel_serial(1), from_excel_serial(59), from_excel_serial(61)
    (datetime.date(1900, 1, 1), datetime.date(1900, 2, 28), datetime.date(1900, 3, 1))
    >>> from_excel_serial(45658.75)
    datetime.date(2025, 1, 1)
    >>> from_excel_serial(60)
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidDate: Excel serial 60 is 1900-02-29, a day that does not exist (Type the date into the cell again.)
    """
    if isinstance(serial, bool) or not isinstance(serial, int | float):
        raise InvalidDate(
            f"an Excel date serial must be a number, not {type(serial).__name__}",
            value=quoted(serial),
        )
    if isinstance(serial, float):
        if not math.isfinite(serial):
            raise InvalidDate(f"not an Excel date serial: {serial!r}", value=serial)
        whole = math.floor(serial)
    else:
        whole = serial
    if not 1 <= whole <= EXCEL_MAX_SERIAL:
        raise InvalidDate(
            f"Excel serial {quoted(serial)} is not a date between 1900-01-01 and 9999-12-31",
            hint="Format the cell as a date and check its value.",
            value=quoted(serial),
        )
    if whole == 60:
        raise InvalidDate(
            "Excel serial 60 is 1900-02-29, a day that does not exist",
            hint="Type the date into the cell again.",
            value=serial,
        )
    if whole < 60:
        whole += 1
    return _EXCEL_EPOCH + timedelta(days=whole)


def require_date(value: object, what: str, *, optional: bool = False) -> None:
    """Refuse anything but a :class:`datetime.date` (and ``None`` when ``optional``).

    Every public function that takes a day as an argument checks it with this
    first, so a string or a ``datetime`` fails at once with
    :class:`~mutualaid.errors.InvalidDate` naming the argument, not with a
    ``TypeError`` deep inside a rule. A ``datetime`` is refused on purpose: a
    rule judged on a day must not silently depend on a time.

    >>> require_date(date(2026, 6, 30), "on")
    >>> require_date(None, "arrival", optional=True)
    >>> require_date("2026-06-30", "plans(on)")
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidDate: plans(on) must be a datetime.date, not str '2026-06-30' (Pass a datetime.date such as date(2026, 6, 30): parse text with mutualaid.dates.parse_date_text, and take .date() of a datetime.)
    """
    if (optional and value is None) or (
        isinstance(value, date) and not isinstance(value, datetime)
    ):
        return
    raise InvalidDate(
        f"{what} must be a datetime.date, not {type(value).__name__} {quoted(value)}",
        hint="Pass a datetime.date such as date(2026, 6, 30): parse text with "
        "mutualaid.dates.parse_date_text, and take .date() of a datetime.",
        argument=what,
        value=quoted(value),
    )
