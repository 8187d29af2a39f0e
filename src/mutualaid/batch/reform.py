"""What if some dated parameters were otherwise: :func:`what_if`.

>>> from datetime import date
>>> reform = what_if("yiyang", **{"age.maximum": 60})
>>> reform.param("age.maximum", date(2026, 1, 15))
60
>>> what_if(reform, age__minimum=18).changes
{'age.maximum': 60, 'age.minimum': 18}
"""

from __future__ import annotations

from typing import Any

from mutualaid.batch.evaluation import resolve_pack
from mutualaid.rules.columnar import ReformedPack
from mutualaid.rules.engine import PackView, RuleEngine

__all__ = ["what_if"]


def what_if(
    pack: str | PackView, *, engine: RuleEngine | None = None, **changes: Any
) -> ReformedPack:
    """``pack`` with the parameters ``changes`` names changed: a reform (OpenFisca's sense).

    A parameter is named as in the pack data (``**{"age.maximum": 60}``) or with
    ``__`` for the dot (``age__maximum=60``). A value applies on every day;
    ``{date(2026, 7, 1): 60}`` applies from that day on. Nothing of the pack
    is copied: the reform answers as the pack does except for those values,
    and every hook sees them.
    """
    view = resolve_pack(pack, engine)
    named = {name.replace("__", "."): value for name, value in changes.items()}
    return ReformedPack(view, named)
