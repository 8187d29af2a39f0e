"""Deprecated: :mod:`mutualaid.notebook.results` holds :class:`Evaluation` (``Scenario`` before 0.2).

Kept one release: ``Scenario``, ``ScenarioLine`` and ``ScenarioRow`` resolve
here with a DeprecationWarning naming the new names; ``HEADER`` too.

>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from mutualaid.notebook.scenario import Scenario
>>> Scenario.__name__, str(caught[0].message)
('Evaluation', 'mutualaid.notebook.scenario.Scenario is deprecated: use mutualaid.notebook.Evaluation')

Layer 5.
"""

from __future__ import annotations

from typing import Any

from mutualaid.deprecation import Aliases
from mutualaid.notebook import results

__all__: list[str] = []

_aliases = Aliases(
    __name__,
    {
        "Scenario": "mutualaid.notebook.Evaluation",
        "ScenarioLine": "mutualaid.notebook.EvaluationLine",
        "ScenarioRow": "mutualaid.notebook.EvaluationRow",
        "HEADER": "mutualaid.notebook.HEADER",
    },
    vars(results),
)


def __getattr__(name: str) -> Any:
    return _aliases(name)
