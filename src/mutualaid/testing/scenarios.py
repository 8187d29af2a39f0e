"""Scenario cases as data: inputs, a date and the expected outputs, in TOML files.

A regional expert writes what a unit would enter and what the office expects,
without Python; the test kit turns the file into an application, asks the
pack, and compares. One file holds one case, or several under ``[[case]]``
(top-level keys are then shared defaults)::

    name = "住院医疗：两人，个人50元 + 工会补贴10元"
    pack = "weihai"
    date = 2026-06-30
    source = "000_2501463bcaaf8f8a.txt, 10. 单位参保"

    [application]
    declared = { insured_headcount = 2, paying_headcount = 2 }

    [[lines]]
    plan = "WH-MED-2026"
    tier = "T50"

    [[lines.members]]
    name = "张三"
    age = 35
    count = 2                # two members alike (their ID numbers are made up)

    [expect]
    total = "120.00"
    member_part = "100.00"
    findings = []            # exactly these finding codes (member, roster, application)

Keys:

* top level: ``name``, ``pack``, ``date``, ``source``; ``plan``, ``tier``,
  ``shares``, ``gift_plans`` and ``[[members]]`` for a one-plan case instead of ``[[lines]]``;
* ``[[lines]]``: ``plan``, ``tier``, ``shares``, ``gift_plans``, ``[[lines.members]]``;
* members: ``name``, ``age`` (on the date) or ``birth_date``, ``gender`` (男/女; ``""``
  left blank, for other ID types),
  ``id_type`` and ``id_number`` (other ID types), ``retired``, ``gig_worker``,
  ``dispatched``, ``own_social_security``, ``risk_class`` (普通/高危), ``tier``,
  ``shares``, ``count``;
* ``[application]``: ``declared`` (``insured_headcount``, ``paying_headcount``,
  ``medical_insurance_headcount``, ``active_staff``, ``active_female_staff``), ``reference_effective_date``,
  ``requested_effective_date``, ``terms_accepted``, ``contact`` (a name; its phone is made up),
  ``group_part``, ``group_deadline``;
* ``[payment]``: ``arrival``, ``previous_coverage_end``, ``association_date``;
* ``[invoice]``: ``amount`` (default: the quote's amount due), ``requested_on``, ``title``,
  ``unit_name``, ``early``, ``commitment_letter``;
* ``[expect]``: ``total``, ``member_part``, ``subsidy_part``, ``amount_due`` (what the unit
  pays: the total, or the member part by the pack's ``payment.amount_basis``), ``headcount``,
  ``findings`` (exactly), ``findings_include``, ``invoice_findings``, ``materials``
  (``MaterialKind`` values at the application step), ``effective_date`` (a date or
  ``"pending"``), ``waiting_period_end``, ``raises`` (an error class name of
  :mod:`mutualaid.errors`).

Typos and bad dates are refused with the file and the key:

>>> parse_scenarios('name = "x"\\npack = "weihai"\\ndate = 2026-02-30\\n[expect]\\n', "bad.toml")
Traceback (most recent call last):
...
mutualaid.errors.InvalidDate: bad.toml: not a date: Invalid date or datetime (at line 3, column 8) (Write dates as 2026-06-30 (TOML date) or "2026-06-30".)
>>> parse_scenarios('name = "x"\\npack = "weihai"\\ndate = 2026-06-30\\n[expect]\\ntotl = "1"\\n', "typo.toml")
Traceback (most recent call last):
...
mutualaid.errors.ConversionError: typo.toml, field expect.totl: unknown key 'totl' (Known keys: amount_due, effective_date, ...)

Running one:

>>> from mutualaid.rules import RuleEngine
>>> case = parse_scenarios('''
... name = "one member"
... pack = "yiyang"
... date = 2026-03-01
... plan = "YY-HOSP-2026"
... tier = "T60"
... [application]
... declared = { medical_insurance_headcount = 1 }
... [[members]]
... age = 40
... [expect]
... total = "60.00"
... findings = []
... effective_date = 2026-01-01
... ''', "one.toml")[0]
>>> outcome = check_scenario(case, RuleEngine.from_entry_points(names=["yiyang"]))
>>> outcome.total, outcome.findings, outcome.effective_date
(Decimal('60.00'), (), datetime.date(2026, 1, 1))

Layer 5 (test kit).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from mutualaid import errors
from mutualaid.errors import ConversionError, InvalidDate, Location, MutualAidError
from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import MaterialKind, UnitCodeKind
from mutualaid.model.material import Material
from mutualaid.model.member import Member
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.model.states import GroupPartStatus
from mutualaid.model.unit import Contact, Unit
from mutualaid.rules.engine import PackView, RuleEngine
from mutualaid.rules.findings import Finding
from mutualaid.rules.results import Quote, Situation
from mutualaid.testing.members import member, stable_area

__all__ = [
    "Expectation",
    "Outcome",
    "Scenario",
    "ScenarioFailure",
    "check_scenario",
    "find_scenario_files",
    "load_scenarios",
    "parse_scenarios",
    "run_scenario",
]

_TOP = {"name", "pack", "date", "source", "plan", "tier", "shares", "gift_plans", "members"}
_TOP |= {"lines", "application", "payment", "invoice", "expect", "case", "note"}
_LINE = {"plan", "tier", "shares", "gift_plans", "members"}
_MEMBER = {"name", "age", "birth_date", "gender", "id_type", "id_number", "retired"}
_MEMBER |= {"gig_worker", "dispatched", "own_social_security", "risk_class", "tier", "shares"}
_MEMBER |= {"count", "medical_insurance_type"}
_APPLICATION = {"declared", "reference_effective_date", "requested_effective_date"}
_APPLICATION |= {"terms_accepted", "contact", "group_part", "group_deadline"}
_DECLARED = {f.name for f in attrs.fields(DeclaredCounts)}
_PAYMENT = {"arrival", "previous_coverage_end", "association_date"}
_INVOICE = {"amount", "requested_on", "title", "unit_name", "early", "commitment_letter"}
_EXPECT = {"total", "member_part", "subsidy_part", "amount_due", "headcount", "findings"}
_EXPECT |= {"findings_include"}
_EXPECT |= {"invoice_findings", "materials", "effective_date", "waiting_period_end", "raises"}
_DATE_HINT = 'Write dates as 2026-06-30 (TOML date) or "2026-06-30".'


class ScenarioFailure(AssertionError):
    """A scenario's outputs differ from what it expects; the message lists every difference."""


@attrs.frozen
class ScenarioMember:
    """One row of a scenario's roster (``count`` alike members)."""

    fields: Mapping[str, Any] = attrs.field(hash=False)
    count: int = 1


@attrs.frozen
class ScenarioLine:
    """One plan of a scenario's application."""

    plan: str
    tier: str | None
    shares: int
    gift_plans: tuple[str, ...]
    members: tuple[ScenarioMember, ...]


@attrs.frozen
class Expectation:
    """What a scenario expects; ``None`` means "not checked"."""

    total: Decimal | None = None
    member_part: Decimal | None = None
    subsidy_part: Decimal | None = None
    amount_due: Decimal | None = None
    headcount: int | None = None
    findings: tuple[str, ...] | None = None
    findings_include: tuple[str, ...] = ()
    invoice_findings: tuple[str, ...] | None = None
    materials: tuple[str, ...] | None = None
    effective_date: date | str | None = None
    waiting_period_end: date | None = None
    raises: str | None = None


@attrs.frozen
class Scenario:
    """One scenario case, read from a TOML file."""

    name: str
    pack: str
    on: date
    lines: tuple[ScenarioLine, ...]
    application: Mapping[str, Any] = attrs.field(hash=False)
    payment: Mapping[str, date] = attrs.field(hash=False)
    invoice: Mapping[str, Any] | None = attrs.field(hash=False)
    expect: Expectation
    source: str | None = None
    origin: str = "<scenario>"

    @property
    def id(self) -> str:
        """A test id: the file's stem and the case name."""
        return f"{Path(self.origin).stem}: {self.name}"


@attrs.frozen
class Outcome:
    """What the pack answered for a scenario."""

    quote: Quote | None
    findings: tuple[str, ...]
    invoice_findings: tuple[str, ...] | None
    materials: tuple[str, ...]
    effective_date: date | None
    waiting_period_end: date | None
    error: MutualAidError | None = None

    @property
    def total(self) -> Decimal | None:
        """The quote's total."""
        return None if self.quote is None else self.quote.total


# --- reading ------------------------------------------------------------------------------


def _where(origin: str, path: str) -> Location:
    return Location(file=origin, field=path)


def _keys(raw: Any, allowed: set[str], origin: str, path: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConversionError(
            f"expected a table, not {type(raw).__name__}",
            location=_where(origin, path),
            hint="See docs/testing-kit.md for the scenario keys.",
        )
    for key in raw:
        if key not in allowed:
            where = f"{path}.{key}" if path else key
            raise ConversionError(
                f"unknown key {key!r}",
                location=_where(origin, where),
                hint=f"Known keys: {', '.join(sorted(allowed))}.",
            )
    return raw


def _date(value: Any, origin: str, path: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidDate(
            f"not a date: {value!r}",
            location=_where(origin, path),
            hint=_DATE_HINT,
        ) from None


def _money(value: Any, origin: str, path: str) -> Decimal:
    if isinstance(value, float):
        raise ConversionError(
            f'write money as a string like "60.00", not {value!r}',
            location=_where(origin, path),
        )
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ConversionError(f"not an amount: {value!r}", location=_where(origin, path)) from None


def _codes(value: Any) -> tuple[str, ...]:
    return tuple(sorted({str(v) for v in value}))


def _member(raw: Any, origin: str, path: str) -> ScenarioMember:
    fields = dict(_keys(raw, _MEMBER, origin, path))
    count = int(fields.pop("count", 1))
    if "birth_date" in fields:
        fields["birth_date"] = _date(fields["birth_date"], origin, f"{path}.birth_date")
    return ScenarioMember(fields, count)


def _line(raw: Mapping[str, Any], origin: str, path: str) -> ScenarioLine:
    if "plan" not in raw:
        raise ConversionError(
            "missing: every line names its plan", location=_where(origin, f"{path}.plan")
        )
    return ScenarioLine(
        plan=str(raw["plan"]),
        tier=None if raw.get("tier") is None else str(raw["tier"]),
        shares=int(raw.get("shares", 1)),
        gift_plans=tuple(str(g) for g in raw.get("gift_plans", ())),
        members=tuple(
            _member(m, origin, f"{path}.members[{i}]") for i, m in enumerate(raw.get("members", ()))
        ),
    )


def _expectation(raw: Any, origin: str) -> Expectation:
    e = _keys(raw, _EXPECT, origin, "expect")
    dates = {}
    for key in ("effective_date", "waiting_period_end"):
        if key in e and not (key == "effective_date" and e[key] == "pending"):
            dates[key] = _date(e[key], origin, f"expect.{key}")
    return Expectation(
        total=_money(e["total"], origin, "expect.total") if "total" in e else None,
        member_part=_money(e["member_part"], origin, "expect.member_part")
        if "member_part" in e
        else None,
        subsidy_part=_money(e["subsidy_part"], origin, "expect.subsidy_part")
        if "subsidy_part" in e
        else None,
        amount_due=_money(e["amount_due"], origin, "expect.amount_due")
        if "amount_due" in e
        else None,
        headcount=int(e["headcount"]) if "headcount" in e else None,
        findings=_codes(e["findings"]) if "findings" in e else None,
        findings_include=_codes(e.get("findings_include", ())),
        invoice_findings=_codes(e["invoice_findings"]) if "invoice_findings" in e else None,
        materials=_codes(e["materials"]) if "materials" in e else None,
        effective_date=dates.get("effective_date", e.get("effective_date")),
        waiting_period_end=dates.get("waiting_period_end"),
        raises=str(e["raises"]) if "raises" in e else None,
    )


def _scenario(raw: Mapping[str, Any], origin: str, index: int | None) -> Scenario:
    here = "" if index is None else f"case[{index}]"
    raw = _keys(raw, _TOP - {"case"}, origin, here)
    for key in ("name", "pack", "date"):
        if key not in raw:
            where = f"{here}.{key}" if here else key
            raise ConversionError(
                "missing: a scenario needs name, pack and date", location=_where(origin, where)
            )
    if "lines" in raw:
        lines = tuple(
            _line(_keys(line, _LINE, origin, f"lines[{i}]"), origin, f"lines[{i}]")
            for i, line in enumerate(raw["lines"])
        )
    elif "plan" in raw:
        lines = (_line(raw, origin, here or "$"),)
    else:
        lines = ()
    application = dict(_keys(raw.get("application", {}), _APPLICATION, origin, "application"))
    _keys(application.get("declared", {}), _DECLARED, origin, "application.declared")
    for key in ("reference_effective_date", "requested_effective_date", "group_deadline"):
        if key in application:
            application[key] = _date(application[key], origin, f"application.{key}")
    payment = {
        k: _date(v, origin, f"payment.{k}")
        for k, v in _keys(raw.get("payment", {}), _PAYMENT, origin, "payment").items()
    }
    invoice = None
    if "invoice" in raw:
        invoice = dict(_keys(raw["invoice"], _INVOICE, origin, "invoice"))
        if "requested_on" in invoice:
            invoice["requested_on"] = _date(invoice["requested_on"], origin, "invoice.requested_on")
        if "amount" in invoice:
            invoice["amount"] = _money(invoice["amount"], origin, "invoice.amount")
    return Scenario(
        name=str(raw["name"]),
        pack=str(raw["pack"]),
        on=_date(raw["date"], origin, "date"),
        lines=lines,
        application=application,
        payment=payment,
        invoice=invoice,
        expect=_expectation(raw.get("expect", {}), origin),
        source=raw.get("source"),
        origin=origin,
    )


def parse_scenarios(text: str, origin: str = "<scenario>") -> tuple[Scenario, ...]:
    """The cases of one TOML document (one case, or ``[[case]]`` tables sharing the top keys)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        error: type[MutualAidError] = InvalidDate if "date" in message.lower() else ConversionError
        raise error(
            f"not a date: {message}" if error is InvalidDate else f"not TOML: {message}",
            location=Location(file=origin),
            hint=_DATE_HINT if error is InvalidDate else "Check the TOML syntax.",
        ) from None
    cases = raw.pop("case", None)
    if cases is None:
        return (_scenario(raw, origin, None),)
    return tuple(_scenario({**raw, **case}, origin, i) for i, case in enumerate(cases))


def load_scenarios(path: str | Path) -> tuple[Scenario, ...]:
    """The cases of one scenario file."""
    p = Path(path)
    return parse_scenarios(p.read_text(encoding="utf-8"), str(p))


def find_scenario_files(*roots: str | Path) -> tuple[Path, ...]:
    """The ``*.toml`` files in ``scenarios`` folders under ``roots``, sorted."""
    found: set[Path] = set()
    for root in roots:
        r = Path(root)
        found.update(p for p in r.rglob("*.toml") if p.parent.name == "scenarios")
        if r.name == "scenarios":
            found.update(r.glob("*.toml"))
    return tuple(sorted(found))


# --- running ------------------------------------------------------------------------------


def _members(line: ScenarioLine, on: date, start: int) -> list[tuple[Member, str | None, int]]:
    rows: list[tuple[Member, str | None, int]] = []
    serial = start
    for spec in line.members:
        fields = dict(spec.fields)
        tier = fields.pop("tier", None)
        shares = int(fields.pop("shares", line.shares))
        name = str(fields.pop("name", "职工"))
        age = fields.pop("age", None)
        if fields.get("gender") == "":  # left blank (other ID types only)
            fields["gender"] = None
        for k in range(spec.count):
            person = member(
                name if spec.count == 1 else f"{name}{k + 1}",
                age=age,
                on=on,
                area=stable_area(serial // 100),
                serial=serial % 100,
                **fields,
            )
            rows.append((person, None if tier is None else str(tier), shares))
            serial += 1
    return rows


def _application(scenario: Scenario) -> Application:
    lines: list[ApplicationLine] = []
    serial = 0
    for line in scenario.lines:
        rows = _members(line, scenario.on, serial)
        serial += len(rows)
        roster = Roster(
            line.plan,
            tuple(RosterEntry(m, line.plan, tier or line.tier, shares) for m, tier, shares in rows),
        )
        lines.append(ApplicationLine(line.plan, line.tier, line.shares, roster, line.gift_plans))
    a = scenario.application
    contact = a.get("contact")
    group_part = bool(a.get("group_part", False))
    return Application(
        "SCENARIO",
        "U-SCENARIO",
        scenario.pack,
        lines=tuple(lines),
        declared=DeclaredCounts(**a.get("declared", {})),
        reference_effective_date=a.get("reference_effective_date"),
        requested_effective_date=a.get("requested_effective_date"),
        terms_accepted=bool(a.get("terms_accepted", False)),
        contact=Contact(str(contact), mobile="13800138000") if contact else None,
        group_id="G-SCENARIO" if group_part else None,
        group_part_status=GroupPartStatus.INCLUDED if group_part else None,
        group_deadline=a.get("group_deadline"),
    )


def _invoice_codes(
    scenario: Scenario, rules: PackView, app: Application, quote: Quote | None
) -> tuple[str, ...] | None:
    spec = scenario.invoice
    if spec is None:
        return None
    name = str(spec.get("unit_name", "测试单位"))
    unit = Unit("U-SCENARIO", name, UnitCodeKind.USCC, "91110000000000000X")
    letter = (
        Material(MaterialKind.COMMITMENT_LETTER, "提前开票承诺书", "letter.pdf", provided=True)
        if spec.get("commitment_letter")
        else None
    )
    on = spec.get("requested_on", scenario.on)
    request = InvoiceRequest(
        "INV-SCENARIO",
        unit.id,
        (app.id,),
        str(spec.get("title", name)),
        unit.code,
        spec.get("amount", quote.amount_due if quote is not None else Decimal("0")),
        "finance@example.cn",
        on,
        early=bool(spec.get("early", False)),
        commitment_letter=letter,
    )
    return _codes(f.code for f in rules.invoice_findings(request, unit, [app], on))


def run_scenario(scenario: Scenario, engine: RuleEngine) -> Outcome:
    """Ask the scenario's pack everything the scenario can check; a library error is kept."""
    try:
        rules = engine.pack(scenario.pack)
        app = _application(scenario)
        on = scenario.on
        found: list[Finding] = []
        for line in app.lines:
            plan = rules.plan(line.plan_code, on)
            for entry in line.roster:
                found += rules.member_findings(entry.member, plan, on)
            found += rules.roster_findings(line.roster, plan, on)
        found += rules.application_findings(app, on)
        quote = rules.price_application(app, on) if app.lines else None
        effective = None
        if app.lines:
            effective = rules.effective_date(
                app,
                rules.plan(app.lines[0].plan_code, on),
                payment_arrival=scenario.payment.get("arrival"),
                previous_coverage_end=scenario.payment.get("previous_coverage_end"),
                association_date=scenario.payment.get("association_date"),
            )
        materials = rules.required_materials(
            Situation.APPLICATION, on, application=app, findings=found
        )
        return Outcome(
            quote=quote,
            findings=_codes(f.code for f in found),
            invoice_findings=_invoice_codes(scenario, rules, app, quote),
            materials=_codes(m.kind.value for m in materials),
            effective_date=None if effective is None else effective.date,
            waiting_period_end=None if effective is None else effective.waiting_period_end,
        )
    except MutualAidError as exc:
        return Outcome(None, (), None, (), None, None, error=exc)


def _differences(scenario: Scenario, out: Outcome) -> list[str]:
    e = scenario.expect
    diffs: list[str] = []

    def compare(what: str, expected: object, actual: object) -> None:
        if expected is not None and expected != actual:
            diffs.append(f"{what}: expected {expected}, got {actual}")

    q = out.quote
    compare("total", e.total, None if q is None else q.total)
    compare("member_part", e.member_part, None if q is None else q.member_part)
    compare("subsidy_part", e.subsidy_part, None if q is None else q.subsidy_part)
    compare("amount_due", e.amount_due, None if q is None else q.amount_due)
    compare("headcount", e.headcount, None if q is None else q.headcount)
    compare("findings", e.findings, out.findings)
    missing = [c for c in e.findings_include if c not in out.findings]
    if missing:
        diffs.append(f"findings: expected to include {missing}, got {out.findings}")
    compare("invoice_findings", e.invoice_findings, out.invoice_findings)
    compare("materials", e.materials, out.materials)
    if e.effective_date == "pending":
        compare(
            "effective_date",
            "pending",
            "pending" if out.effective_date is None else out.effective_date,
        )
    else:
        compare("effective_date", e.effective_date, out.effective_date)
    compare("waiting_period_end", e.waiting_period_end, out.waiting_period_end)
    return diffs


def check_scenario(scenario: Scenario, engine: RuleEngine) -> Outcome:
    """Run a scenario and raise :class:`ScenarioFailure` listing every difference.

    With ``expect.raises``, the pack must raise that error class (by name, or a subclass).
    """
    out = run_scenario(scenario, engine)
    wanted = scenario.expect.raises
    if wanted is not None:
        expected = getattr(errors, wanted, None)
        if not (isinstance(expected, type) and issubclass(expected, MutualAidError)):
            raise ScenarioFailure(f"{scenario.id}: expect.raises names no error class: {wanted!r}")
        if not isinstance(out.error, expected):
            got = "no error" if out.error is None else f"{type(out.error).__name__}: {out.error}"
            raise ScenarioFailure(f"{scenario.id}: expected {wanted}, got {got}")
        return out
    if out.error is not None:
        raise ScenarioFailure(
            f"{scenario.id}: {type(out.error).__name__}: {out.error}"
        ) from out.error
    diffs = _differences(scenario, out)
    if diffs:
        source = f" (source: {scenario.source})" if scenario.source else ""
        raise ScenarioFailure(f"{scenario.id} [{scenario.origin}]{source}\n  " + "\n  ".join(diffs))
    return out
