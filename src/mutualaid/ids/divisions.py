"""Administrative division codes (行政区划代码, GB/T 2260): is an ID number's county code known?

The first six digits of a resident ID number (GB 11643) are the code of the
county-level division where the number was first issued. GB 11643 does not
require the code to be in any list, and a number keeps its code for life even
after the county is renamed, merged or renumbered, so an unknown code is never
a reason to refuse a number. It is worth a **warning**, though: a code that
never existed is more likely a typing error than a person.

The table (``divisions.txt`` beside this module) holds every code of the
yearly GB/T 2260 lists from 1980 to 2025, with the years each was in use
(6,886 codes). Source: python-stdnum 2.2 (January 2026), ``stdnum/cn/loc.dat``,
compiled from the zh.wikipedia lists 中华人民共和国行政区划代码, which transcribe the
Ministry of Civil Affairs' lists; plus 830000, which the Taiwan residents'
residence permits (2018) use. ``tools/build_divisions.py`` rebuilds it.

>>> is_known_division("110105"), is_known_division("110103")   # 崇文区, until 2010
(True, True)
>>> is_known_division("119999"), is_known_division("11010")
(False, False)
>>> from datetime import date
>>> is_known_division("110119", on=date(2014, 6, 1))          # 延庆区: since 2015
False
>>> TABLE_YEARS
(1980, 2025)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final

__all__ = [
    "TABLE_SOURCE",
    "TABLE_YEARS",
    "codes_in_use",
    "division_years",
    "first_listed",
    "first_years",
    "is_known_division",
]

#: The first and last year of the lists the table holds.
TABLE_YEARS: Final = (1980, 2025)
#: Where the table comes from (cite it where a warning names the table).
TABLE_SOURCE: Final = "GB/T 2260 1980-2025 (python-stdnum 2.2 stdnum/cn/loc.dat)"

Span = tuple[int, int | None]


def _text() -> str:
    return resources.files("mutualaid.ids").joinpath("divisions.txt").read_text("utf-8")


@cache
def _table() -> dict[str, tuple[Span, ...]]:
    text = _text()
    table: dict[str, tuple[Span, ...]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, _, spans = line.partition(" ")
        if not spans:
            table[code] = ((TABLE_YEARS[0], None),)
            continue
        parsed: list[Span] = []
        for span in spans.split(","):
            first, _, last = span.partition("-")
            parsed.append((int(first) if first else TABLE_YEARS[0], int(last) if last else None))
        table[code] = tuple(parsed)
    return table


def division_years(code: object) -> tuple[Span, ...]:
    """The years ``code`` was in the lists, as ``(first, last)`` spans (``last`` None: still).

    ``()`` for a code the table does not hold (or anything that is not six digits).

    >>> division_years("110103"), division_years("110111"), division_years("x")
    (((1980, 2010),), ((1986, None),), ())
    """
    if type(code) is not str or len(code) != 6:
        return ()
    return _table().get(code, ())


def is_known_division(code: object, *, on: date | None = None) -> bool:
    """True when ``code`` is a GB/T 2260 code that was in use at some time up to ``on``.

    A code abolished before ``on`` is still known (numbers keep their code for
    life); a code first listed after ``on`` is not. Without ``on``, any year of
    the table counts. Never raises: anything that is not six digits is unknown.
    """
    spans = division_years(code)
    if not spans:
        return False
    if on is None:
        return True
    year = on.year if isinstance(on, date) else TABLE_YEARS[1]
    return any(first <= year for first, _ in spans)


@cache
def first_listed() -> Mapping[str, int]:
    """Every code of the table and the first year it was listed (1980: in the first list).

    ``is_known_division(code, on=day)`` is ``first_listed().get(code, 9999) <= day.year``:
    what a vectorized check (:mod:`mutualaid.rules.columnar.divisions`) looks up.

    >>> first_listed()["110105"], first_listed()["110119"], len(first_listed())
    (1980, 2015, 6886)
    """
    return MappingProxyType({code: min(f for f, _ in spans) for code, spans in _table().items()})


#: A line's code and the first year of its first span (none: listed since the first list).
_FIRST_SPAN = re.compile(r"^([0-9]{6})(?: ([0-9]{4}))?", re.MULTILINE)


@cache
def first_years() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The codes of the table, ascending, as numbers, and the first year each was listed.

    What :func:`first_listed` maps, read straight from the text (a line's spans
    are in order, so its first span starts first): the form a vectorized check
    (:mod:`mutualaid.rules.columnar.divisions`) searches, built in a few
    milliseconds where the table of every span takes tens.

    >>> codes, years = first_years()
    >>> len(codes), codes[:2], years[codes.index(110119)]
    (6886, (110000, 110100), 2015)
    """
    found = sorted(
        (int(code), int(year) if year else TABLE_YEARS[0])
        for code, year in _FIRST_SPAN.findall(_text())
    )
    return tuple(c for c, _ in found), tuple(y for _, y in found)


@cache
def codes_in_use(year: int) -> tuple[str, ...]:
    """The county-level codes (last two digits not 00) in the list of ``year``, sorted.

    ``year`` is clamped to :data:`TABLE_YEARS`. What generators of test
    members draw an ID number's first six digits from (the codes in use in
    the birth year), so the numbers they make pass without a warning.

    >>> "110105" in codes_in_use(1990), "110119" in codes_in_use(2014), "110119" in codes_in_use(2020)
    (True, False, True)
    >>> codes_in_use(1900) == codes_in_use(1980), all(not c.endswith("00") for c in codes_in_use(2025))
    (True, True)
    """
    year = min(max(int(year), TABLE_YEARS[0]), TABLE_YEARS[1])
    return tuple(
        sorted(
            code
            for code, spans in _table().items()
            if not code.endswith("00")
            and any(first <= year and (last is None or year <= last) for first, last in spans)
        )
    )
