"""Templates and flows: the roster template's columns and the neutral business flow.

Both are firstresult hooks answered when the pack is silent: the canonical
columns (:data:`~mutualaid.model.columns.CANONICAL_COLUMNS`) and an
:class:`~mutualaid.rules.flows.ApplicationFlow` with every field at its
neutral default.

>>> from mutualaid.model.columns import CANONICAL_COLUMNS
>>> mutualaid_template_columns(None) is CANONICAL_COLUMNS
True

Since 0.1 (in ``CoreDefaults`` until the rules were split by concern).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mutualaid.model.columns import CANONICAL_COLUMNS
from mutualaid.rules.flows import ApplicationFlow
from mutualaid.rules.markers import hookimpl

if TYPE_CHECKING:
    from mutualaid.model.columns import TemplateColumn
    from mutualaid.model.plan import Plan
    from mutualaid.rules.view import PackView

__all__ = ["PARAMETERS", "mutualaid_application_flow", "mutualaid_template_columns"]

PARAMETERS = ()


@hookimpl(trylast=True)
def mutualaid_template_columns(plan: Plan) -> Sequence[TemplateColumn]:
    """The canonical roster columns."""
    return CANONICAL_COLUMNS


@hookimpl(trylast=True)
def mutualaid_application_flow(kind: str, rules: PackView) -> ApplicationFlow:
    """The neutral flow for the pack's region (every optional step off)."""
    return ApplicationFlow(region=rules.region)
