"""Which core versions a pack supports: a small version specifier check.

A pack says ``core_versions=">=0.1,<0.2"`` (comma means *and*); the engine
refuses to load it into a core outside that range. Versions compare by their
leading numbers (``0.1.0``, ``0.1``, ``1.2.3.dev1`` -> ``(1, 2, 3)``).

>>> version_satisfies("0.1.0", ">=0.1,<0.2")
True
>>> version_satisfies("0.2.0", ">=0.1,<0.2")
False
>>> version_satisfies("0.1.5", "==0.1.*")
True
>>> version_satisfies("0.1", "~=0.1")
Traceback (most recent call last):
...
mutualaid.errors.PackLoadError: unsupported version specifier '~=0.1' (Write clauses like '>=0.1', '<0.2' or '==0.1.*', joined by commas.)

Since 0.1.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

from mutualaid.errors import PackLoadError

__all__ = ["parse_version", "version_satisfies"]

_CLAUSE = re.compile(r"^\s*(>=|<=|==|!=|>|<)\s*([0-9]+(?:\.[0-9]+)*)(\.\*)?\s*$")
_OPS: dict[str, Callable[[tuple[int, ...], tuple[int, ...]], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def parse_version(text: str) -> tuple[int, ...]:
    """The leading numbers of a version, trailing zeros dropped.

    >>> parse_version("0.1.0"), parse_version("1.2.3.dev1"), parse_version("0+unknown")
    ((0, 1), (1, 2, 3), (0,))
    """
    numbers = []
    for part in re.split(r"[.+]", text.strip()):
        match = re.match(r"[0-9]+", part)
        if not match:
            break
        numbers.append(int(match.group()))
        if match.group() != part:
            break
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers) or (0,)


def version_satisfies(version: str, specifier: str) -> bool:
    """True when ``version`` meets every comma-separated clause of ``specifier``."""
    mine = parse_version(version)
    for clause in filter(None, (c.strip() for c in specifier.split(","))):
        match = _CLAUSE.match(clause)
        if not match:
            raise PackLoadError(
                f"unsupported version specifier {clause!r}",
                hint="Write clauses like '>=0.1', '<0.2' or '==0.1.*', joined by commas.",
            )
        op, number, star = match.groups()
        wanted = parse_version(number)
        if star:
            prefix = tuple(int(n) for n in number.split("."))
            padded = mine + (0,) * max(0, len(prefix) - len(mine))
            ok = padded[: len(prefix)] == prefix
            if (op == "==" and not ok) or (op == "!=" and ok) or op not in ("==", "!="):
                if op not in ("==", "!="):
                    raise PackLoadError(
                        f"unsupported version specifier {clause!r}",
                        hint="Use .* only with == or !=.",
                    )
                return False
            continue
        if not _OPS[op](mine, wanted):
            return False
    return True
