"""A pack with some dated parameters changed: a reform, in OpenFisca's sense.

:class:`ReformedPack` answers every question as its pack does, except that
the parameters it was given read the new values (from a day on, or always).
It holds the pack's view and the changes, never a copy of the pack's data;
every hook the pack calls sees the reform, because hooks read parameters
through the view they are given.

>>> from datetime import date
>>> from mutualaid.rules.engine import RuleEngine
>>> pack = RuleEngine.from_entry_points().pack("yiyang")
>>> reform = ReformedPack(pack, {"age.maximum": {date(2026, 7, 1): 60}})
>>> pack.param("age.maximum", date(2026, 8, 1), None), reform.param("age.maximum", date(2026, 8, 1))
(None, 60)
>>> reform.param("age.maximum", date(2026, 6, 30), None) is None
True
>>> reform
<ReformedPack yiyang 0.1.0: age.maximum>

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from mutualaid.dates import require_date
from mutualaid.rules.explain import Cited, Source
from mutualaid.rules.view import PackView

__all__ = ["ReformedPack", "dated_changes"]


def dated_changes(changes: Mapping[str, Any]) -> dict[str, tuple[tuple[date | None, Any], ...]]:
    """Each change as ``((from_day, value), ...)`` latest day first; a plain value is ``((None, v),)``.

    >>> dated_changes({"age.maximum": 60})
    {'age.maximum': ((None, 60),)}
    """
    out: dict[str, tuple[tuple[date | None, Any], ...]] = {}
    for name, change in changes.items():
        if isinstance(change, Mapping) and change and all(isinstance(k, date) for k in change):
            steps = sorted(change.items(), key=lambda kv: kv[0], reverse=True)
            out[name] = tuple((day, value) for day, value in steps)
        else:
            out[name] = ((None, change),)
    return out


class ReformedPack(PackView):
    """``pack`` with the parameters in ``changes`` read otherwise (see the module).

    :param pack: the pack's view.
    :param changes: parameter name -> new value, or -> ``{first_day: value}``.
    """

    def __init__(self, pack: PackView, changes: Mapping[str, Any]) -> None:
        base: PackView = pack.base if isinstance(pack, ReformedPack) else pack
        merged = {**(pack.changes if isinstance(pack, ReformedPack) else {}), **changes}
        super().__init__(base._engine, base._chain)
        self.base: PackView = base
        self.changes: dict[str, Any] = dict(merged)
        self._dated = dated_changes(merged)

    def __repr__(self) -> str:
        return f"<ReformedPack {self.name} {self.version}: {', '.join(sorted(self.changes))}>"

    def cite(self, name: str, on: date) -> Cited | None:
        """The reform's value of ``name`` on ``on`` where it changes it, else the pack's."""
        require_date(on, "PackView.cite(on)")
        for day, value in self._dated.get(name, ()):
            if day is None or on >= day:
                source = Source(
                    "what_if", name, "a reform: the value is changed for this evaluation"
                )
                return Cited(name, value, day, source, self.name, self.version)
        return super().cite(name, on)
