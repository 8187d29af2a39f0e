"""The pluggy markers every rule pack imports: :data:`hookimpl` and :data:`hookspec`.

A pack marks each function (or method) that answers a hook with
``@hookimpl``; the project name ``"mutualaid"`` ties the markers to the
engine's plugin manager.

>>> from mutualaid.rules.markers import PROJECT, hookimpl
>>> PROJECT
'mutualaid'
>>> @hookimpl
... def mutualaid_plans(on):
...     return []
>>> hasattr(mutualaid_plans, "mutualaid_impl")
True
>>> @hookimpl(trylast=True)
... def mutualaid_template_columns(plan):
...     return None

Since 0.1.
"""

from __future__ import annotations

import pluggy

__all__ = ["PROJECT", "hookimpl", "hookspec"]

#: The pluggy project name: the markers and the plugin manager must agree on it.
PROJECT = "mutualaid"

#: Marks a hook specification (used only in :mod:`mutualaid.rules.hookspecs`).
hookspec = pluggy.HookspecMarker(PROJECT)

#: Marks a hook implementation in a rule pack: ``@hookimpl`` or ``@hookimpl(trylast=True)``.
hookimpl = pluggy.HookimplMarker(PROJECT)
