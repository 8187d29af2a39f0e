"""Deprecated: the printed documents moved to :mod:`mutualaid.documents`.

Kept for one release: every name still resolves here, with a
:class:`DeprecationWarning` naming its new path (``mutualaid.documents``).

>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from mutualaid.lifecycle.documents import EPolicy
>>> EPolicy.__module__, str(caught[0].message)
('mutualaid.documents.epolicy', 'mutualaid.lifecycle.documents.EPolicy moved: import EPolicy from mutualaid.documents')

Layer 4.
"""

from __future__ import annotations

import warnings
from typing import Any

import mutualaid.documents

#: The names this module still answers for, one release.
MOVED = frozenset(mutualaid.documents.__all__)

__all__: list[str] = []


def moved_document(name: str, old: str) -> Any:
    """The document name ``name`` from :mod:`mutualaid.documents`, with the warning for ``old``."""
    warnings.warn(
        f"{old}.{name} moved: import {name} from mutualaid.documents",
        DeprecationWarning,
        stacklevel=3,
    )
    return getattr(mutualaid.documents, name)


def __getattr__(name: str) -> Any:
    if name in MOVED:
        return moved_document(name, __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
