"""The columnar evaluator: the per-member rules, once, over numpy columns.

Layer 3 (rules). One member is a batch of one, a roster a batch, a
population many batches; ``mutualaid check``, the life cycle's member
checks (through the core's ``mutualaid_member_findings``), the notebook and
:mod:`mutualaid.batch` all call :func:`evaluate_members`. The pieces:

* :mod:`~mutualaid.rules.columnar.columns`: :class:`MemberColumns`, the batch;
* :mod:`~mutualaid.rules.columnar.config`: :class:`MemberRules`, what the rules read;
* :mod:`~mutualaid.rules.columnar.resident_ids`: resident ID numbers decoded per column;
* :mod:`~mutualaid.rules.columnar.permanent_residence_ids`: foreigners' permanent
  residence ID numbers (2023 card) checked per column;
* :mod:`~mutualaid.rules.columnar.divisions`: county codes looked up per column;
* :mod:`~mutualaid.rules.columnar.ages`: ages and statutory retirement per column;
* :mod:`~mutualaid.rules.columnar.eligibility`: the rules, each with its code and message;
* :mod:`~mutualaid.rules.columnar.evaluator`: :func:`evaluate_members` and its :class:`Outcome`;
* :mod:`~mutualaid.rules.columnar.reform`: :class:`ReformedPack`, a pack with changed parameters.

Inside, money is integer fen and dates ``datetime64[D]``; at the edge
:class:`~decimal.Decimal` and :class:`~datetime.date`.

Since 0.2.
"""

from __future__ import annotations

from mutualaid.rules.columnar.columns import MemberColumns
from mutualaid.rules.columnar.config import MemberRules
from mutualaid.rules.columnar.eligibility import RULES, Facts, Rule
from mutualaid.rules.columnar.evaluator import STATUS_NAMES, Outcome, evaluate_members
from mutualaid.rules.columnar.reform import ReformedPack

__all__ = [
    "RULES",
    "STATUS_NAMES",
    "Facts",
    "MemberColumns",
    "MemberRules",
    "Outcome",
    "ReformedPack",
    "Rule",
    "evaluate_members",
]
