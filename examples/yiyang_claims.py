"""Yiyang (益阳, seed 004): the manual has a 补助申领 menu and no steps; modelled with the unit-filed flow of the same core (assumed, marked in the pack's data).

Run: ``python examples/yiyang_claims.py``. Three cases of one unit (see
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
        "yiyang", "YY-HOSP-2026", "disease_hospitalization", hospital="益阳市中心医院", place="益阳"
    )
