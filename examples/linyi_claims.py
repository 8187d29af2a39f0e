"""Linyi (临沂, seed 003, 4. 申领管理): the office accepts cases by the claimant's ID number (4.1.1), the hospital cases wait for their materials (4.1.3), a clerk takes each from the 费用录入 pool (4.2.1), enters payee, incident and settlement sheet, calculates and submits (4.2.2); 申领查询 exports the closed cases (4.3).

Run: ``python examples/linyi_claims.py``. Three cases of one unit (see
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
    run("linyi", "LY-HOSP-2026", "disease_hospitalization", hospital="临沂市人民医院", place="临沂")
