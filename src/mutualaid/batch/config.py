"""What a batch evaluation reads, asked of the pack once: :class:`BatchConfig`.

Small and picklable (the pack travels by name and reform,
:class:`~mutualaid.rules.columnar.MemberRules`), so the evaluation of a
batch is a pure function of the batch and it: no clock, no global state.
Dask ships it to its workers; Spark to its executors.

>>> from datetime import date
>>> from mutualaid.rules import RuleEngine
>>> config = BatchConfig.from_pack(RuleEngine.from_entry_points().pack("yiyang"),
...                                "YY-HOSP-2026", tier="T60", on=date(2026, 1, 15))
>>> config.effective_date, sorted(config.required)
(datetime.date(2026, 1, 1), ['id_number', 'name'])
>>> import pickle
>>> pickle.loads(pickle.dumps(config)) == config
True
"""

from __future__ import annotations

from datetime import date

import attrs

from mutualaid.model.application import Application
from mutualaid.model.columns import TemplateColumn
from mutualaid.model.plan import Plan
from mutualaid.rules.columnar import MemberRules
from mutualaid.rules.engine import PackView

__all__ = ["BatchConfig"]


@attrs.frozen
class BatchConfig:
    """The member rules, the template's columns and the effective date of one evaluation.

    :param rules: the member rules (plan, day, tier and shares of rows naming none).
    :param columns: the pack's template columns (headers and aliases, required flags).
    :param effective_date: when cover starts for members who go through
        (``mutualaid_effective_date``; ``None`` where the association sets it).
    :param detail: add the ``messages`` and ``findings`` columns.
    """

    rules: MemberRules
    columns: tuple[TemplateColumn, ...]
    effective_date: date | None
    detail: bool = False

    @property
    def required(self) -> frozenset[str]:
        """The fields whose cells must not be empty."""
        return frozenset(c.field for c in self.columns if c.required)

    @classmethod
    def from_pack(
        cls,
        pack: PackView,
        plan: str | Plan,
        *,
        tier: str | None = None,
        shares: int = 1,
        on: date,
        detail: bool = False,
    ) -> BatchConfig:
        """Ask ``pack`` once for everything a batch of ``plan``'s members is judged by."""
        rules = MemberRules.from_pack(pack, plan, tier=tier, shares=shares, on=on)
        application = Application("batch", "batch", pack.name)
        effective = pack.effective_date(application, rules.plan)
        return cls(rules, pack.template_columns(rules.plan), effective.date, detail)
