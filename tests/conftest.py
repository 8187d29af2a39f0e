"""Test configuration shared by the whole suite."""

from __future__ import annotations

import sys
from pathlib import Path

# Make `tests/strategies` importable as `strategies` from any test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))
