"""mutualaid: the domain core of China's trade-union workers' mutual-aid insurance (职工互助保障).

The package is layered; see docs/architecture.md. Import what you need from
its modules, e.g. ``from mutualaid.ids import parse_resident_id``.

>>> import mutualaid
>>> isinstance(mutualaid.__version__, str)
True

``__version__`` is read from the installed distribution's metadata when it is
first asked for (importing the package does not read it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    __version__: str

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("mutualaid")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        found = "0+unknown"
    globals()["__version__"] = found
    return found
