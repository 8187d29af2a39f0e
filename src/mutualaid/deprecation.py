"""Old names kept for one release: each use warns with a DeprecationWarning naming the new one.

Issue 11 gave one name to each idea; the names it replaced still work for
one release. :func:`renamed_keyword` serves a renamed keyword argument,
:class:`Aliases` a module's renamed attributes (through the module's
``__getattr__``), :func:`warn_renamed` anything else.

>>> import warnings
>>> def effective(*, payment_arrival=UNSET, arrival=UNSET):
...     return renamed_keyword("effective", "arrival", "payment_arrival", arrival, payment_arrival)
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     effective(arrival=1)
1
>>> str(caught[0].message)
'effective(arrival=) is deprecated: use effective(payment_arrival=)'

Layer 1.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Final

__all__ = ["UNSET", "Aliases", "renamed_keyword", "warn_renamed"]


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: The default of a keyword that may come under its old name or its new one.
UNSET: Final[Any] = _Unset()


def warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated and ``new`` replaces it."""
    warnings.warn(f"{old} is deprecated: use {new}", DeprecationWarning, stacklevel=stacklevel)


def renamed_keyword(where: str, old: str, new: str, old_value: Any, new_value: Any) -> Any:
    """The value of a keyword renamed from ``old`` to ``new``; the old one warns.

    :raises TypeError: both were given, or neither.
    """
    if old_value is UNSET:
        if new_value is UNSET:
            raise TypeError(f"{where}() missing required keyword argument: {new!r}")
        return new_value
    if new_value is not UNSET:
        raise TypeError(f"{where}(): give {new}= only ({old}= is its old name)")
    warn_renamed(f"{where}({old}=)", f"{where}({new}=)", stacklevel=4)
    return old_value


class Aliases:
    """A module's renamed attributes: ``__getattr__`` of the module answers the old names.

    >>> aliases = Aliases("demo", {"Old": "New"}, {"New": 42})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     aliases("Old")
    42
    >>> str(caught[0].message)
    'demo.Old is deprecated: use demo.New'
    """

    def __init__(self, module: str, renamed: Mapping[str, str], namespace: Mapping[str, Any]):
        self.module = module
        self.renamed = dict(renamed)
        self.namespace = namespace

    def __call__(self, name: str) -> Any:
        new = self.renamed.get(name)
        if new is None:
            raise AttributeError(f"module {self.module!r} has no attribute {name!r}")
        new_path = new if "." in new else f"{self.module}.{new}"
        warn_renamed(f"{self.module}.{name}", new_path, stacklevel=3)
        return self.namespace[new.rpartition(".")[2]]
