"""Helpers of the batch tests: the rule-engine tests' small packs, bundled packs' plans."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))

from rules_helpers import make_pack, param, plan

__all__ = ["make_pack", "param", "plan"]
