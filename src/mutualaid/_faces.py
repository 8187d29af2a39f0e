"""Lazy package faces: a package's public names, each imported on first use (PEP 562).

A package's ``__init__`` lists its public names (its face, see
docs/architecture.md) and, with :class:`LazyFace`, imports the module
defining a name only when the name is first asked for, as SciPy's
``lazy_loader`` (SPEC 1) does. ``import mutualaid.rules.engine`` then runs
``mutualaid/rules/__init__.py`` without importing every module of the
package: ``mutualaid check`` does not pay for the flows, the claims model or
the JSON Schema validator of pack data it does not use (docs/performance.md).

The ``__init__`` keeps its imports under ``if TYPE_CHECKING:`` for type
checkers and readers; ``tests/test_startup.py`` holds them equal to the
face's table.

>>> face = LazyFace("mutualaid.model", {"mutualaid.model.plan": ("Plan", "Tier")})
>>> face.attribute("Plan").__name__
'Plan'
>>> face.attribute("Nothing")
Traceback (most recent call last):
...
AttributeError: module 'mutualaid.model' has no attribute 'Nothing'

Since 0.2.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["LazyFace"]


class LazyFace:
    """The public names of ``package``, by the module that defines them.

    :param package: the package's name (its ``__name__``).
    :param where: for each defining module, the names the face takes from it.
    :param fallback: asked for a name that is not on the face (e.g. a renamed
        one that warns); it raises :class:`AttributeError` for an unknown name.
    """

    def __init__(
        self,
        package: str,
        where: Mapping[str, Iterable[str]],
        *,
        fallback: Callable[[str], Any] | None = None,
    ) -> None:
        self.package = package
        self.modules: dict[str, str] = {
            name: module for module, names in where.items() for name in names
        }
        self._fallback = fallback

    def attribute(self, name: str) -> Any:
        """The value of ``name`` (importing its module), kept on the package for the next time."""
        module = self.modules.get(name)
        if module is None:
            if self._fallback is not None:
                return self._fallback(name)
            raise AttributeError(f"module {self.package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        package = sys.modules.get(self.package)
        if package is not None:
            setattr(package, name, value)
        return value

    def names(self, present: Iterable[str]) -> list[str]:
        """``dir()`` of the package: what it already holds and the names of its face."""
        return sorted({*present, *self.modules})
