"""Explanations: which pack, pack version and dated values produced an answer.

Every price, date and eligibility answer of a rule pack carries an
:class:`Explanation`, so a unit's handler (or an auditor) can see *why*:

* the pack that answered and its version;
* the rule (hook) that answered;
* each dated value it used (:class:`Cited`): its name, the value, the day
  that value took effect, and its source (a seed manual's section or a public
  page), flagged when the value is only illustrative;
* free notes (``"payment arrived after the reference date: effective the next day"``).

>>> from datetime import date
>>> c = Cited(name="roster.max_rows", value=10000, valid_from=date(2025, 12, 1),
...           source=Source("004_530f7df336efd69f.txt", "2. 新建参保单(五)", "单次导入名单建议不超过10000条"),
...           pack="yiyang", pack_version="0.1.0")
>>> e = Explanation(pack="yiyang", pack_version="0.1.0", rule="mutualaid_roster_findings", values=(c,))
>>> print(e)
yiyang 0.1.0, mutualaid_roster_findings
  roster.max_rows = 10000 (from 2025-12-01; 004_530f7df336efd69f.txt, 2. 新建参保单(五): 「单次导入名单建议不超过10000条」)
>>> print(e.with_note("10001 rows > 10000"))
yiyang 0.1.0, mutualaid_roster_findings
  roster.max_rows = 10000 (from 2025-12-01; 004_530f7df336efd69f.txt, 2. 新建参保单(五): 「单次导入名单建议不超过10000条」)
  note: 10001 rows > 10000

Since 0.1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["Cited", "Explanation", "Source"]


@attrs.frozen
class Source:
    """Where a value comes from: a document, its section, the quoted words, a URL.

    >>> str(Source("https://www.gdhzh.org.cn/"))
    'https://www.gdhzh.org.cn/'
    >>> str(Source.from_data({"document": "001_dc41f2f3b2dcbd07.txt", "section": "四(六)"}))
    '001_dc41f2f3b2dcbd07.txt, 四(六)'
    """

    document: str
    section: str | None = None
    quote: str | None = None
    url: str | None = None

    @classmethod
    def from_data(cls, data: str | Mapping[str, Any]) -> Source:
        """Read the ``source`` of a pack data file: a plain string, or an object."""
        if isinstance(data, str):
            return cls(data)
        return cls(
            document=str(data["document"]),
            section=data.get("section"),
            quote=data.get("quote"),
            url=data.get("url"),
        )

    def __str__(self) -> str:
        text = self.document
        if self.section:
            text = f"{text}, {self.section}"
        if self.quote:
            text = f"{text}: 「{self.quote}」"
        if self.url:
            text = f"{text} <{self.url}>"
        return text


def _show(value: object) -> str:
    member, subsidy = getattr(value, "member", None), getattr(value, "subsidy", None)
    if isinstance(member, Decimal) and isinstance(subsidy, Decimal):  # a Contribution
        return f"{member + subsidy:.2f} (member {member:.2f} + subsidy {subsidy:.2f})"
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.as_tuple().exponent == -2 else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@attrs.frozen
class Cited:
    """One dated value a rule used.

    :param name: the parameter's dotted name (``age.maximum``, ``plans.YY-HOSP-2026.tiers.T60.contribution``).
    :param value: the value in effect on the day asked about.
    :param valid_from: the day that value took effect (``None``: a built-in constant).
    :param source: where the value comes from.
    :param pack: the pack whose data holds it (a base pack's, when a local pack extends it).
    :param pack_version: that pack's version.
    :param illustrative: the seeds give no number; the pack chose a plausible one.
    """

    name: str
    value: Any = attrs.field(hash=False)
    valid_from: date | None
    source: Source
    pack: str
    pack_version: str
    illustrative: bool = False

    def __str__(self) -> str:
        when = f"from {self.valid_from.isoformat()}; " if self.valid_from else ""
        flag = " [illustrative]" if self.illustrative else ""
        return f"{self.name} = {_show(self.value)}{flag} ({when}{self.source})"


@attrs.frozen
class Explanation:
    """Why a rule answered as it did.

    :param pack: the active pack (the one chosen for the region).
    :param pack_version: its version.
    :param rule: the hook that answered (``mutualaid_price_entry``...).
    :param values: the dated values it used, in the order it used them.
    :param notes: short sentences on how the values were combined.
    """

    pack: str
    pack_version: str
    rule: str
    values: tuple[Cited, ...] = ()
    notes: tuple[str, ...] = ()

    def with_note(self, note: str) -> Explanation:
        """The same explanation with one more note."""
        return attrs.evolve(self, notes=(*self.notes, note))

    def citing(self, values: Iterable[Cited]) -> Explanation:
        """The same explanation with more values (each named once)."""
        seen = {(c.pack, c.name) for c in self.values}
        extra = []
        for c in values:
            if (c.pack, c.name) not in seen:
                seen.add((c.pack, c.name))
                extra.append(c)
        return attrs.evolve(self, values=(*self.values, *extra))

    def merge(self, other: Explanation | None) -> Explanation:
        """This explanation plus the values and notes of ``other``."""
        if other is None:
            return self
        merged = self.citing(other.values)
        notes = tuple(dict.fromkeys((*self.notes, *other.notes)))
        return attrs.evolve(merged, notes=notes)

    @property
    def illustrative(self) -> bool:
        """True when any value used is illustrative (not from a source)."""
        return any(c.illustrative for c in self.values)

    def __str__(self) -> str:
        lines = [f"{self.pack} {self.pack_version}, {self.rule}"]
        lines += [f"  {c}" for c in self.values]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)
