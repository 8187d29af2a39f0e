"""What every answer of a pack must keep to, checked by the engine on every call.

Whatever its region, a pack's answers must keep to what the rest of the
library relies on; :class:`~mutualaid.rules.view.PackView` checks each answer
of a hook before it hands it on, and a broken one raises
:class:`~mutualaid.errors.PackAnswerError` naming the pack whose
implementation gave it and the hook:

* a finding is a :class:`~mutualaid.rules.findings.Finding` with a message
  and a *registered* code: one of the core's (every code with an English
  line, :data:`mutualaid.messages.english.FINDINGS`), or under the name of the
  pack or a pack it extends (``yiyang.over_age_review``);
* a price is a non-negative ``Decimal`` with exactly two places;
* an effective date lies inside the coverage (the plan's, or the endorsed
  policy's), or is pending (``None``); a waiting period ends on or after it;
* age limits are whole years.

The testing kit's conformance suite (:mod:`mutualaid.testing.invariants`)
asks the same questions of generated members.

>>> from datetime import date
>>> from mutualaid.rules.results import EffectiveDate
>>> from mutualaid.model import CoveragePeriod
>>> problem("mutualaid_effective_date", EffectiveDate(date(2027, 1, 1)),
...         coverage=CoveragePeriod.calendar_year(2026), namespaces=("demo",))
'effective 2027-01-01 outside the coverage 2026-01-01..2026-12-31'
>>> from mutualaid.rules.findings import Finding
>>> problem("mutualaid_member_findings", [Finding.warning("weihai.x", "提示")], namespaces=("demo",))
"finding code 'weihai.x' is not registered (the core's codes, or demo.<what>)"

Layer 3.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from mutualaid.messages.english import FINDINGS
from mutualaid.model import CoveragePeriod
from mutualaid.money import is_two_places
from mutualaid.rules.findings import CODE_PATTERN, CODES, Finding
from mutualaid.rules.results import AgeLimits, EffectiveDate, LinePrice, Quote

__all__ = ["FINDING_HOOKS", "PRICE_HOOKS", "is_registered", "problem"]

#: The hooks answering findings (lists of :class:`Finding`).
FINDING_HOOKS = frozenset(
    {
        "mutualaid_member_findings",
        "mutualaid_roster_findings",
        "mutualaid_application_findings",
        "mutualaid_invoice_findings",
    }
)
#: The hooks answering prices.
PRICE_HOOKS = frozenset(
    {
        "mutualaid_price_entry",
        "mutualaid_price_application",
        "mutualaid_price_endorsement",
        "mutualaid_price_group",
    }
)


def is_registered(code: str, namespaces: Iterable[str]) -> bool:
    """True when ``code`` is the core's (it has an English line) or under one of ``namespaces``."""
    if code in CODES or code in FINDINGS:
        return True
    first = code.split(".", 1)[0]
    return any(first == n.replace("-", "_") for n in namespaces)


def _finding_problem(found: object, namespaces: tuple[str, ...]) -> str | None:
    if not isinstance(found, Finding):
        return f"answered {type(found).__name__}, not Finding"
    if not CODE_PATTERN.match(found.code):
        return f"finding code {found.code!r} is not dotted"
    if not is_registered(found.code, namespaces):
        own = namespaces[0].replace("-", "_") if namespaces else "<pack>"
        return f"finding code {found.code!r} is not registered (the core's codes, or {own}.<what>)"
    if not found.message.strip():
        return f"finding {found.code} has no message"
    return None


def _money_problem(value: object, what: str) -> str | None:
    if isinstance(value, Decimal) and is_two_places(value) and value >= 0:
        return None
    return f"{what} {value!r} is not a non-negative two-place Decimal"


def _price_problem(answer: object) -> str | None:
    if isinstance(answer, LinePrice):
        lines: tuple[LinePrice, ...] = (answer,)
    elif isinstance(answer, Quote):
        lines = answer.lines
        for what in ("member_part", "subsidy_part"):
            found = _money_problem(getattr(answer, what), what)
            if found:
                return found
    else:
        return f"answered {type(answer).__name__}, not a LinePrice or Quote"
    for line in lines:
        for what in ("member_part", "subsidy_part"):
            found = _money_problem(getattr(line, what), f"{line.plan_code} {what}")
            if found:
                return found
    return None


def _date_problem(answer: object, coverage: CoveragePeriod | None) -> str | None:
    if not isinstance(answer, EffectiveDate):
        return f"answered {type(answer).__name__}, not an EffectiveDate"
    day: object = answer.date
    if day is None:
        return None
    if not isinstance(day, date):
        return f"effective {day!r} is not a date"
    if coverage is not None and not coverage.start <= day <= coverage.end:
        return f"effective {day} outside the coverage {coverage.start}..{coverage.end}"
    end = answer.waiting_period_end
    if end is not None and end < day:
        return f"waiting period ends {end}, before cover starts {day}"
    return None


def problem(
    hook: str,
    answer: Any,
    *,
    coverage: CoveragePeriod | None = None,
    namespaces: tuple[str, ...] = (),
) -> str | None:
    """What is wrong with one answer of ``hook`` (``None``: nothing).

    A findings hook's answer is one implementation's list (or the flattened
    lists); ``coverage`` is the plan's or the policy's, for effective dates;
    ``namespaces`` the names of the pack and the packs it extends.
    """
    if hook in FINDING_HOOKS:
        if answer is None:
            return None
        if not isinstance(answer, list | tuple):
            return f"answered {type(answer).__name__}, not a list of findings"
        for found in answer:
            wrong = _finding_problem(found, namespaces)
            if wrong:
                return wrong
        return None
    if hook in PRICE_HOOKS:
        return _price_problem(answer)
    if hook in ("mutualaid_effective_date", "mutualaid_endorsement_effective_date"):
        return _date_problem(answer, coverage)
    if hook == "mutualaid_age_limits":
        if not isinstance(answer, AgeLimits):
            return f"answered {type(answer).__name__}, not AgeLimits"
        limits = (answer.minimum, answer.maximum, answer.maximum_female, answer.maximum_male)
        if any(v is not None and (isinstance(v, bool) or not isinstance(v, int)) for v in limits):
            return f"age limits {limits} are not whole years"
    return None
