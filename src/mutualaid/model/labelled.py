"""The base of every enum in the model: English value, Chinese label, lookup by either.

Each member is declared as ``NAME = "english_value", "中文标签"`` with optional
further accepted spellings (aliases) after the label. The value is what JSON
and stores hold; the label is the term the seeds (and spreadsheets) use.

>>> class Colour(LabelledEnum):
...     RED = "red", "红色", "红"
...     BLUE = "blue", "蓝色"
>>> Colour.RED, Colour.RED.label, str(Colour.BLUE)
(<Colour.RED: 'red'>, '红色', 'blue')
>>> Colour.from_label("红"), Colour.from_label(" blue "), Colour.from_label("RED")
(<Colour.RED: 'red'>, <Colour.BLUE: 'blue'>, <Colour.RED: 'red'>)
>>> Colour.from_label("绿色")
Traceback (most recent call last):
...
mutualaid.errors.ConversionError: not a Colour: '绿色' (Use one of: 红色, 蓝色.)
>>> Colour.labels()
('红色', '蓝色')
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from mutualaid.errors import ConversionError

__all__ = ["LabelledEnum"]

# One lookup table per enum class, built on first use: text -> member.
_LOOKUPS: dict[type[LabelledEnum], dict[str, LabelledEnum]] = {}


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


class LabelledEnum(StrEnum):
    """A ``StrEnum`` whose members carry a Chinese ``label`` and accepted aliases."""

    _label_: str
    _aliases_: tuple[str, ...]

    def __new__(cls, value: str, label: str = "", *aliases: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label_ = label or value
        member._aliases_ = aliases
        return member

    @property
    def label(self) -> str:
        """The Chinese term for this member, as the seeds and templates write it."""
        return self._label_

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other spellings accepted by :meth:`from_label` (besides value and label)."""
        return self._aliases_

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        """Every member's label, in declaration order (e.g. for a template drop-down)."""
        return tuple(member.label for member in cls)

    @classmethod
    def from_label(cls, text: str) -> Self:
        """The member whose label, value, name or alias is ``text``.

        Whitespace inside and around ``text`` is ignored, and English is
        matched without regard to case. Raises :class:`~mutualaid.errors.ConversionError`
        naming the accepted labels when nothing matches.
        """
        lookup = _LOOKUPS.get(cls)
        if lookup is None:
            lookup = {}
            for member in cls:
                for spelling in (member.name, member.value, *member.aliases, member.label):
                    lookup[_key(spelling)] = member
            _LOOKUPS[cls] = lookup
        found = lookup.get(_key(text)) if isinstance(text, str) else None
        if found is None:
            raise ConversionError(
                f"not a {cls.__name__}: {text!r}",
                hint=f"Use one of: {', '.join(cls.labels())}.",
                value=text,
            )
        return found  # type: ignore[return-value]
