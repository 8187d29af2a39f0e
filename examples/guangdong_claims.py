"""Guangdong (广东, seed 001, 九 个人理赔管理): the unit's handler saves a draft (暂存, 九（一）), edits it, adds materials and submits it to the claims department (九（二）), which reviews, calculates and pays.

Run: ``python examples/guangdong_claims.py``. Three cases of one unit (see
``examples/_claims_common.py``): one from the start to a paid benefit with its
benefit notice printed step by step, one returned for a missing material and
paid after re-submission, one refused (its incident inside the waiting
period). The amounts are the pack's illustrative figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _claims_common import run

if __name__ == "__main__":
    run(
        "guangdong",
        "GD-HOSP-2026",
        "disease_hospitalization",
        hospital="广州市第一人民医院",
        place="广州",
    )
