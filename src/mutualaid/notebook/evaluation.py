"""Evaluate an application, its lines or some members against a rule pack on a day.

:func:`evaluate` finds the pack (by name or region, among the installed packs
or in the ``engine`` given), builds an application when it is given lines or
members, and asks the pack every question the unit's handler would: each
member's price and findings, when cover starts, the rosters' and the
application's findings, the materials, the quote. The answer is a
:class:`~mutualaid.notebook.results.Evaluation`.

>>> from datetime import date
>>> from mutualaid.notebook import evaluate, line, member
>>> on = date(2026, 6, 10)
>>> staff = [member("张三", age=35, on=on), member("李四", age=44, on=on, serial=2)]
>>> s = evaluate("linyi", [line("LY-HOSP-2026", staff, tier="STD", shares=2)], on=on)
>>> [(r.shares, r.price) for r in s.rows], s.total_all_rows
([(2, Decimal('100.00')), (2, Decimal('100.00'))], Decimal('200.00'))
>>> evaluate("linyi", staff, plan="LY-HOSP-2030", on=on)
Traceback (most recent call last):
...
mutualaid.errors.UnknownPlan: pack linyi has no plan 'LY-HOSP-2030' on 2026-06-10 (Plans: LY-HOSP-2026, LY-ACC-2026; run `mutualaid packs`.)
>>> evaluate("linyi", staff, plan="LY-HOSP-2026", on="2026-06-10")
Traceback (most recent call last):
...
mutualaid.errors.InvalidDate: evaluate(on=...) must be a datetime.date, not str '2026-06-10' (Pass a datetime.date such as date(2026, 6, 30): parse text with mutualaid.dates.parse_date_text, and take .date() of a datetime.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from mutualaid.dates import require_date
from mutualaid.errors import UnknownPack, UnknownPlan
from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.model.roster import Roster
from mutualaid.notebook.results import Evaluation, EvaluationLine, EvaluationRow
from mutualaid.rules import Finding, LinePrice, PackView, RuleEngine, Situation
from mutualaid.rules.columnar import MemberColumns, MemberRules, evaluate_members

__all__ = ["evaluate", "line"]


def line(
    plan_code: str,
    members: Iterable[Member],
    *,
    tier: str | None = None,
    shares: int = 1,
    gift_plans: Sequence[str] = (),
) -> ApplicationLine:
    """One plan of an application, every member on the same tier and shares.

    >>> from mutualaid.notebook import member
    >>> line("YY-HOSP-2026", [member("张三", age=35, on=date(2026, 1, 15))], tier="T60").headcount
    1
    """
    roster = Roster.of(plan_code, members, tier_code=tier, shares=shares)
    return ApplicationLine(plan_code, tier, shares, roster, tuple(gift_plans))


def _view(pack: str | PackView, engine: RuleEngine | None) -> PackView:
    if isinstance(pack, PackView):
        return pack
    engine = engine or RuleEngine.from_entry_points()
    if pack in engine.pack_names():
        return engine.pack(pack)
    if any(r.info.region == pack for r in engine.packs()):
        return engine.pack(region=pack)
    raise UnknownPack(
        f"no rule pack named {pack!r} or serving that region is installed "
        f"(installed: {', '.join(engine.pack_names()) or 'none'})",
        pack=pack,
    )


def _application(
    view: PackView,
    given: Application | Iterable[ApplicationLine] | Iterable[Member],
    plan: str | None,
    tier: str | None,
    shares: int,
    declared: DeclaredCounts | None,
    on: date,
) -> Application:
    items = (given,) if isinstance(given, Application) else tuple(given)
    if items and all(isinstance(x, Application | ApplicationLine) for x in items):
        if (plan, tier, shares) != (None, None, 1):
            raise TypeError("plan=, tier= and shares= go with members, not with lines")
        if isinstance(given, Application):
            if declared is not None:
                raise TypeError("declared= goes with lines or members; the Application has its own")
            return given
        lines: tuple[ApplicationLine, ...] = items  # type: ignore[assignment]
    elif all(isinstance(x, Member) for x in items):
        if plan is None:
            raise UnknownPlan(
                "evaluate needs plan= when it is given members",
                hint="Plans on that day: "
                + ", ".join(p.code for p in view.plans(on))
                + "; or give application lines (mutualaid.notebook.line).",
            )
        chosen = view.plan(plan, on)  # UnknownPlan, naming the plans, when not offered that day
        if tier is None and len(chosen.tiers) > 1:
            raise UnknownPlan(
                f"plan {plan} has several tiers: evaluate needs tier=",
                hint=f"Choose one of: {', '.join(t.code for t in chosen.tiers)}.",
                plan=plan,
            )
        lines = (line(plan, items, tier=tier, shares=shares),)  # type: ignore[arg-type]
    else:
        odd = next(x for x in items if not isinstance(x, Member | ApplicationLine))
        raise TypeError(
            f"evaluate takes an Application, ApplicationLines or Members, not {type(odd).__name__}"
        )
    counts = DeclaredCounts() if declared is None else declared
    return Application("scenario", "scenario", view.name, lines=lines, declared=counts)


def _rows(
    view: PackView, plan: Plan, ln: ApplicationLine, on: date, effective: date | None
) -> list[EvaluationRow]:
    """The line's members through the one columnar evaluator of the member rules.

    Findings are the member rules' (the pack's own member hook's answer where
    it has one, as in the life cycle; tier and shares are judged per line,
    by the roster's rules); prices are the pack's
    (``mutualaid_price_entry``, asked once per tier, risk class and shares
    unless the pack prices members itself).
    """
    entries = list(ln.roster)
    tiers = [e.tier_code or ln.tier_code for e in entries]
    rules = MemberRules.from_pack(view, plan, tier=ln.tier_code, shares=ln.shares, on=on)
    batch = MemberColumns.from_members([e.member for e in entries])
    outcome = evaluate_members(batch, rules)
    found = outcome.all_findings()
    ages = outcome.age.tolist()
    known = outcome.facts.known_birth.tolist()
    priced: dict[tuple[object, ...], LinePrice] = {}
    rows = []
    for i, entry in enumerate(entries):
        key = (tiers[i], entry.member.risk_class, entry.shares)
        price = None if rules.price_hook else priced.get(key)
        if price is None:
            price = priced[key] = view.price_entry(entry, plan, on, tier_code=tiers[i])
        rows.append(
            EvaluationRow(entry.member, ages[i] if known[i] else None, price, effective, found[i])
        )
    return rows


def evaluate(
    pack: str | PackView,
    lines_or_members: Application | Iterable[ApplicationLine] | Iterable[Member],
    *,
    plan: str | None = None,
    tier: str | None = None,
    shares: int = 1,
    declared: DeclaredCounts | None = None,
    on: date,
    engine: RuleEngine | None = None,
    payment_arrival: date | None = None,
    previous_coverage_end: date | None = None,
    association_date: date | None = None,
) -> Evaluation:
    """What ``pack`` makes of an application on ``on``.

    :param pack: an installed pack's name or region, or a :class:`PackView`.
    :param lines_or_members: an :class:`Application`, its lines (see :func:`line`),
        or members, who then join ``plan`` on ``tier`` with ``shares`` each.
    :param declared: the unit's declared counts, for lines or members.
    :param engine: where to find ``pack`` by name (default: the installed packs).
    :param payment_arrival: the day the money arrives, for the effective date;
        ``previous_coverage_end`` and ``association_date`` likewise.
    :raises UnknownPack: no installed pack has that name or region.
    :raises UnknownPlan: members without ``plan``, or a plan not offered on ``on``.
    :raises InvalidDate: a day that is not a :class:`datetime.date`.
    """
    require_date(on, "evaluate(on=...)")
    require_date(payment_arrival, "evaluate(payment_arrival=...)", optional=True)
    require_date(previous_coverage_end, "evaluate(previous_coverage_end=...)", optional=True)
    require_date(association_date, "evaluate(association_date=...)", optional=True)
    view = _view(pack, engine)
    application = _application(view, lines_or_members, plan, tier, shares, declared, on)
    lines: list[EvaluationLine] = []
    found: list[Finding] = []
    for ln in application.lines:
        plan_ = view.plan(ln.plan_code, on)
        effective = view.effective_date(
            application,
            plan_,
            payment_arrival=payment_arrival,
            previous_coverage_end=previous_coverage_end,
            association_date=association_date,
        )
        rows = _rows(view, plan_, ln, on, effective.date)
        for row in rows:
            found += row.findings
        roster_findings = view.roster_findings(ln.roster, plan_, on)
        found += roster_findings
        lines.append(EvaluationLine(plan_, effective, tuple(rows), roster_findings))
    application_findings = view.application_findings(application, on)
    found += application_findings
    materials = view.required_materials(
        Situation.APPLICATION, on, application=application, findings=found
    )
    quote = view.price_application(application, on)
    return Evaluation(
        view.info, on, application, tuple(lines), application_findings, materials, quote
    )
