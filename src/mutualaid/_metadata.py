"""Installed distributions' entry points and versions, read without importing importlib.metadata.

``importlib.metadata`` costs about 30 ms to import (it brings the ``email``
package, to parse METADATA files, and ``importlib.resources``), paid by every
``mutualaid check`` to find the installed rule packs and read three version
numbers (docs/performance.md). When the installation has the usual layout,
this module reads the same files the same way: the ``*.dist-info`` and
``*.egg-info`` folders of each ``sys.path`` folder, in order, the first of
each name winning; ``entry_points.txt`` as an INI-like file; ``Version:`` and
``Name:`` from the header of ``METADATA`` (or ``PKG-INFO``).

It hands over to ``importlib.metadata`` itself whenever anything differs
from that layout, or the module is already imported (it then costs nothing,
and a test or host that replaced ``importlib.metadata.entry_points`` is
obeyed): a zip file or an egg on ``sys.path``, or a ``sys.meta_path`` finder
other than the standard ``PathFinder`` that can find distributions.
``tests/test_startup.py`` holds both ways to the same answers.

>>> [ep.value for ep in entry_points("mutualaid.rulepacks") if ep.name == "yiyang"]
['mutualaid_pack_yiyang:pack']
>>> version("mutualaid") == __import__("importlib.metadata").metadata.version("mutualaid")
True

Since 0.2.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterator
from importlib import import_module, machinery
from pathlib import Path
from typing import Any, Protocol

__all__ = ["Distribution", "EntryPoint", "NotInstalled", "entry_points", "version"]


class NotInstalled(LookupError):
    """No distribution of that name is installed (``importlib.metadata.PackageNotFoundError``)."""


class Distribution(Protocol):
    """What the engine asks of an entry point's distribution."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...


class EntryPoint(Protocol):
    """What the engine asks of an entry point (as ``importlib.metadata.EntryPoint``)."""

    @property
    def name(self) -> str: ...

    @property
    def value(self) -> str: ...

    @property
    def group(self) -> str: ...

    def load(self) -> Any: ...


def _normalize(name: str) -> str:
    """importlib.metadata's ``Prepared.normalize`` (PEP 503, then ``_``)."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


class _Dist:
    def __init__(self, path: Path) -> None:
        self._path = path

    def read_text(self, name: str) -> str | None:
        try:
            return (self._path / name).read_text(encoding="utf-8")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
            return None

    @functools.cached_property
    def _headers(self) -> dict[str, str]:
        text = self.read_text("METADATA") or self.read_text("PKG-INFO") or ""
        found: dict[str, str] = {}
        for line in text.splitlines():
            if not line.strip():
                break  # the body (the long description) starts
            key, colon, value = line.partition(":")
            if colon and not line[0].isspace():
                found.setdefault(key.strip().lower(), value.strip())
        return found

    @property
    def name(self) -> str:
        return self._headers.get("name", "")

    @property
    def version(self) -> str:
        return self._headers.get("version", "")


_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


class _EntryPoint:
    def __init__(self, name: str, value: str, group: str, dist: _Dist) -> None:
        self.name = name
        self.value = value
        self.group = group
        self.dist = dist

    def load(self) -> Any:
        found = _VALUE.match(self.value)
        if found is None:
            raise ValueError(f"not an entry point: {self.value!r}")
        target: Any = import_module(found.group("module"))
        for attr in filter(None, (found.group("attr") or "").split(".")):
            target = getattr(target, attr)
        return target

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"


def _plain() -> bool:
    """True when importlib.metadata would find distributions only in ``sys.path`` folders."""
    if "importlib.metadata" in sys.modules:
        return False
    for finder in sys.meta_path:
        if finder is not machinery.PathFinder and hasattr(finder, "find_distributions"):
            return False
    for entry in sys.path:
        root = entry or "."
        if os.path.isfile(root) or os.path.basename(root).lower().endswith(".egg"):
            return False
    return True


def _distributions() -> Iterator[tuple[str, _Dist]]:
    """Each installed distribution once (the first on ``sys.path``), with its normalized name."""
    seen: set[str] = set()
    for entry in sys.path:
        root = entry or "."
        try:
            children = os.listdir(root)
        except OSError:
            continue
        for child in children:
            low = child.lower()
            if not low.endswith((".dist-info", ".egg-info")):
                continue
            name = _normalize(low.rpartition(".")[0].partition("-")[0])
            if name not in seen:
                seen.add(name)
                yield name, _Dist(Path(root) / child)


def _entry_points(text: str, group: str, dist: _Dist) -> Iterator[_EntryPoint]:
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section == group:
            name, _, value = line.partition("=")
            yield _EntryPoint(name.strip(), value.strip(), group, dist)


def entry_points(group: str) -> list[EntryPoint]:
    """The installed entry points of ``group``, as ``importlib.metadata.entry_points(group=group)``."""
    if not _plain():
        import importlib.metadata

        return list(importlib.metadata.entry_points(group=group))
    return _scanned_entry_points(group)


def _scanned_entry_points(group: str) -> list[EntryPoint]:
    found: list[EntryPoint] = []
    for _, dist in _distributions():
        text = dist.read_text("entry_points.txt")
        if text:
            found.extend(_entry_points(text, group, dist))
    return found


def version(distribution: str) -> str:
    """The installed version of ``distribution``, as ``importlib.metadata.version``.

    :raises NotInstalled: no distribution of that name is installed.
    """
    if not _plain():
        import importlib.metadata

        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            raise NotInstalled(distribution) from None
    return _scanned_version(distribution)


def _scanned_version(distribution: str) -> str:
    wanted = _normalize(distribution)
    for name, dist in _distributions():
        if name == wanted:
            return dist.version
    raise NotInstalled(distribution)
