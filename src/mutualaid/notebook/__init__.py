"""Eligibility scenarios for analysts in notebooks: evaluate an application, see a table.

:func:`evaluate` asks a rule pack what it makes of some members (or whole
application lines) on a day and returns a frozen :class:`Evaluation`: a row per
member (age, plan, tier, shares, price split into the member part and the
union subsidy, effective date, findings), the roster's and the application's
findings, the materials asked for, the totals as ``Decimal`` and the
explanation of the price. ``print(evaluation)`` gives a plain-text table, a
notebook shows ``_repr_html_`` (escaped, ID numbers masked), and
:meth:`Evaluation.to_dataframe` gives a pandas ``DataFrame`` (pandas is imported
only then; ID numbers masked unless ``reveal=True``).

>>> from datetime import date
>>> from mutualaid.model.application import DeclaredCounts
>>> from mutualaid.notebook import evaluate, member
>>> on = date(2026, 1, 15)
>>> staff = [member("张三", age=35, on=on), member("钱七", age=15, on=on, serial=2)]
>>> s = evaluate("yiyang", staff, plan="YY-HOSP-2026", tier="T60", on=on,
...              declared=DeclaredCounts(medical_insurance_headcount=2))
>>> [(r.name, r.age, r.price, r.effective_date) for r in s.rows]
[('张三', 35, Decimal('60.00'), datetime.date(2026, 1, 1)), ('钱七', 15, Decimal('60.00'), datetime.date(2026, 1, 1))]
>>> s.total_all_rows, s.amount_due_all_rows, s.blocking_codes
(Decimal('120.00'), Decimal('120.00'), ('age.below_minimum',))
>>> s.rows[0].masked_id
'110105********0117'
>>> s
<Evaluation yiyang 0.1.0 on 2026-01-15: 2 rows, total_all_rows 120.00, blocking age.below_minimum>

The package holds two modules: :mod:`mutualaid.notebook.evaluation`
(:func:`evaluate`, :func:`line`) and :mod:`mutualaid.notebook.results`
(:class:`Evaluation` and its rows, with the one formatter behind the text, the
HTML and the data frame). :func:`member` is :func:`mutualaid.testing.member`:
a member described by age, gender and flags, with a valid made-up ID number.

The totals say what they sum: ``total_all_rows`` and ``amount_due_all_rows``
count every member priced, rejected ones too, where ``mutualaid check``'s
amount due counts only the rows that go through. Before 0.2 the result was
called ``Scenario`` (its lines and rows ``ScenarioLine``, ``ScenarioRow``) and
the totals ``total`` and ``amount_due``: those names still work for one
release, with a DeprecationWarning naming the new ones.

Layer 5: uses the rules (layer 3), the model and :mod:`mutualaid.testing.members`.
"""

from __future__ import annotations

from typing import Any

from mutualaid.deprecation import Aliases
from mutualaid.notebook.evaluation import evaluate, line
from mutualaid.notebook.results import HEADER, Evaluation, EvaluationLine, EvaluationRow
from mutualaid.testing.members import member

__all__ = ["HEADER", "Evaluation", "EvaluationLine", "EvaluationRow", "evaluate", "line", "member"]

#: The names before 0.2, one release: ``Scenario`` is the testing kit's scenario file now.
RENAMED = {"Scenario": "Evaluation", "ScenarioLine": "EvaluationLine", "ScenarioRow": "EvaluationRow"}
_aliases = Aliases(__name__, RENAMED, globals())


def __getattr__(name: str) -> Any:
    return _aliases(name)
