"""mutualaid: the domain core of China's trade-union workers' mutual-aid insurance (职工互助保障).

The package is layered; see docs/architecture.md. Import what you need from
its modules, e.g. ``from mutualaid.ids import parse_resident_id``.

>>> import mutualaid
>>> isinstance(mutualaid.__version__, str)
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__: str = version("mutualaid")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = ["__version__"]
