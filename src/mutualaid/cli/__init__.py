"""The ``mutualaid`` console script: thin commands over the library (layer 5).

Each command is one module with a ``COMMAND`` (:class:`~mutualaid.cli.main.Command`),
listed in :data:`mutualaid.cli.main.REGISTRY`.

>>> from mutualaid.cli.main import REGISTRY
>>> "mutualaid.cli.packs" in REGISTRY
True
"""

from __future__ import annotations

__all__: list[str] = []
