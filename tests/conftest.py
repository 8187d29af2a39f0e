"""Test configuration shared by the whole suite."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Make `tests/strategies` importable as `strategies` from any test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read the command line's English unless they ask (``--lang`` or their own locale)."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
