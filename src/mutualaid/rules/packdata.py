"""Pack data: a pack's prices, limits and dates as JSON files, checked at load.

A pack keeps its numbers out of its code, OpenFisca style. Each data file
(one or more per pack, inside the pack's Python package) holds

* ``parameters``: dotted names (``age.maximum``, ``roster.max_rows``) with a
  description, a unit, and a list of values, each with the day it takes
  effect (``valid_from``), its ``source`` and, when the seeds give no number,
  ``"illustrative": true``;
* ``plans``: the plan catalogue: code, name, kind, coverage period, the days
  it is offered, tiers with their contribution per share (member part and
  union subsidy), share limit, risk classes, gift plans, each with its source.

Files are validated against ``schemas/pack-data.schema.json`` (JSON Schema
draft 2020-12, shipped with the core) and then checked for consistency
(dates in order, codes unique, gift plans defined). Anything wrong raises
:class:`~mutualaid.errors.PackDataError` naming the file and the JSON path of
the bad key.

>>> data = PackData.from_mapping({
...     "format": 1, "pack": "demo",
...     "parameters": {"age.maximum": {"description": "最高年龄", "unit": "years", "values": [
...         {"valid_from": "2025-01-01", "value": 65, "source": "demo manual §1"},
...         {"valid_from": "2026-01-01", "value": 60, "source": "demo manual §2", "illustrative": True}]}},
... }, origin="demo.json", version="1.0")
>>> from datetime import date
>>> data.value("age.maximum", date(2025, 6, 30)), data.value("age.maximum", date(2026, 1, 1))
(65, 60)
>>> print(data.cite("age.maximum", date(2026, 3, 1)))
age.maximum = 60 [illustrative] (from 2026-01-01; demo manual §2)
>>> data.cite("age.maximum", date(2024, 12, 31)) is None  # nothing in effect yet
True
>>> PackData.from_mapping({"format": 1, "pack": "demo", "plans": [{"code": "P1"}]}, origin="demo.json")
Traceback (most recent call last):
...
mutualaid.errors.PackDataError: demo.json, field $.plans[0].name: 'name' is a required property (Fix the pack's data file; see docs/pack-authors.md.)

Since 0.1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import jsonschema

from mutualaid.errors import Location, PackDataError
from mutualaid.model.benefit import BenefitSteps
from mutualaid.model.kinds import PlanKind, RiskClass
from mutualaid.model.plan import Contribution, CoveragePeriod, Plan, Tier
from mutualaid.money import yuan
from mutualaid.rules.benefitsteps import read_benefits
from mutualaid.rules.defaults.registry import REGISTRY
from mutualaid.rules.explain import Cited, Source
from mutualaid.rules.parameters import PLAN_FACT, ParameterSpec, Registry

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "LONGEST_COVERAGE_DAYS",
    "SCHEMA_RESOURCE",
    "DatedValue",
    "PackData",
    "Parameter",
    "PlanRecord",
    "TierRecord",
    "load_pack_data",
    "schema",
]

#: Where the schema lives inside the core package.
SCHEMA_RESOURCE = "schemas/pack-data.schema.json"
_HINT = "Fix the pack's data file; see docs/pack-authors.md."

#: The first and last day pack data may name (plan coverage, offer periods,
#: ``valid_from``): a bound on data, so a typo such as year 1 or 9999 is refused.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
#: The longest a plan's coverage may last: five years (plans are yearly; the margin
#: allows a multi-year plan, not a period spanning centuries).
LONGEST_COVERAGE_DAYS = 5 * 366


def _core_registry() -> Registry:
    """The core's declarations (gathered from the default rules' modules)."""
    return REGISTRY


@cache
def schema() -> Mapping[str, Any]:
    """The pack data JSON Schema the core ships (draft 2020-12).

    >>> schema()["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    """
    text = resources.files("mutualaid.rules").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    loaded: Mapping[str, Any] = json.loads(text)
    return loaded


@attrs.frozen
class DatedValue:
    """One value of a parameter, in effect from ``valid_from`` until the next one."""

    valid_from: date
    value: Any = attrs.field(hash=False)
    source: Source
    illustrative: bool = False
    note: str | None = None


@attrs.frozen
class Parameter:
    """A named, dated parameter: ``values`` sorted by ``valid_from``."""

    name: str
    description: str
    unit: str | None
    values: tuple[DatedValue, ...]

    def at(self, on: date) -> DatedValue | None:
        """The value in effect on ``on`` (``None`` before the first one)."""
        found = None
        for v in self.values:
            if v.valid_from <= on:
                found = v
            else:
                break
        return found


@attrs.frozen
class TierRecord:
    """A tier as written in the data file (money already ``Decimal``)."""

    code: str
    name: str
    contribution: Contribution
    high_risk: Contribution | None
    source: Source
    illustrative: bool = False

    def to_tier(self) -> Tier:
        """The model's :class:`~mutualaid.model.plan.Tier`."""
        return Tier(self.code, self.name, self.contribution, self.high_risk)


@attrs.frozen
class PlanRecord:
    """A plan as written in the data file; :meth:`to_plan` makes the model's ``Plan``."""

    code: str
    name: str
    kind: PlanKind
    coverage_start: date
    coverage_end: date
    offered_from: date
    offered_to: date
    tiers: tuple[TierRecord, ...]
    max_shares: int
    risk_classes: tuple[RiskClass, ...]
    gift_plans: tuple[str, ...]
    is_gift: bool
    source: Source
    coverage_source: Source
    illustrative: bool = False
    coverage_illustrative: bool = False
    family: str | None = None

    def offered_on(self, on: date | None) -> bool:
        """True when units may apply for the plan on ``on`` (``None``: any day)."""
        return on is None or self.offered_from <= on <= self.offered_to

    def to_plan(self) -> Plan:
        """The model's :class:`~mutualaid.model.plan.Plan` for this record."""
        return Plan(
            code=self.code,
            name=self.name,
            kind=self.kind,
            coverage=CoveragePeriod(self.coverage_start, self.coverage_end),
            tiers=tuple(t.to_tier() for t in self.tiers),
            max_shares=self.max_shares,
            risk_classes=self.risk_classes,
            gift_plans=self.gift_plans,
            is_gift=self.is_gift,
            family=self.family,
        )


def _json_path(path: Sequence[str | int]) -> str:
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _fail(origin: str, path: Sequence[str | int], message: str) -> PackDataError:
    return PackDataError(
        message,
        location=Location(file=origin, field=_json_path(path)),
        hint=_HINT,
        json_path=_json_path(path),
    )


def _schema_error(origin: str, err: jsonschema.ValidationError) -> PackDataError:
    path: list[str | int] = list(err.absolute_path)
    message = err.message
    if err.validator == "required" and isinstance(err.instance, dict):
        missing = [k for k in err.validator_value if k not in err.instance]
        if missing:
            path.append(missing[0])
    elif err.validator == "additionalProperties" and isinstance(err.instance, dict):
        known = set(err.schema.get("properties", {}))
        extra = sorted(k for k in err.instance if k not in known)
        if extra:
            path.append(extra[0])
            message = f"unknown key {extra[0]!r}"
    elif err.validator in ("oneOf", "anyOf") and err.context:
        deepest = max(err.context, key=lambda e: len(e.absolute_path))
        return _schema_error(origin, deepest)
    return _fail(origin, path, message)


def _validate(raw: Any, origin: str) -> None:
    validator = jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(
        validator.iter_errors(raw), key=lambda e: (list(map(str, e.absolute_path)), e.validator)
    )
    if errors:
        raise _schema_error(origin, errors[0])


def _date(text: str, origin: str, path: Sequence[str | int]) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _fail(origin, path, f"not a date: {text!r}") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise _fail(
            origin,
            path,
            f"{day.isoformat()} is outside {EARLIEST_DATE.isoformat()}..{LATEST_DATE.isoformat()}",
        )
    return day


def _declarations(
    raw: Mapping[str, Any], origin: str, registry: Registry
) -> tuple[ParameterSpec, ...]:
    specs: list[ParameterSpec] = []
    for name, declared in raw.get("declare", {}).items():
        here: list[str | int] = ["declare", name]
        try:
            spec = ParameterSpec.from_data(name, declared)
            registry.with_declared([spec], pack=raw["pack"])
        except ValueError as exc:
            raise _fail(origin, here, str(exc)) from None
        specs.append(spec)
    return tuple(specs)


def _parameter(name: str, raw: Mapping[str, Any], origin: str, registry: Registry) -> Parameter:
    if PLAN_FACT.match(name):
        raise _fail(
            origin,
            ["parameters", name],
            f"{name!r} is a plan fact: write it in the plan's entry under 'plans'",
        )
    spec = registry.get(name)
    if spec is None:
        error = registry.unknown(name)
        path = _json_path(["parameters", name])
        raise PackDataError(
            error.message,
            location=Location(file=origin, field=path),
            hint=error.hint,
            json_path=path,
            **error.details,
        )
    values: list[DatedValue] = []
    for i, v in enumerate(raw["values"]):
        here: list[str | int] = ["parameters", name, "values", i]
        problem = spec.problem(v["value"])
        if problem is not None:
            raise _fail(origin, [*here, "value"], f"{name}: {problem}")
        when = _date(v["valid_from"], origin, [*here, "valid_from"])
        if values and when <= values[-1].valid_from:
            raise _fail(
                origin,
                [*here, "valid_from"],
                f"valid_from {when} must come after {values[-1].valid_from}",
            )
        values.append(
            DatedValue(
                when,
                v["value"],
                Source.from_data(v["source"]),
                bool(v.get("illustrative", False)),
                v.get("note"),
            )
        )
    return Parameter(name, raw["description"], raw.get("unit"), tuple(values))


def _contribution(raw: Mapping[str, str]) -> Contribution:
    return Contribution(yuan(raw["member"]), yuan(raw.get("subsidy", "0")))


def _plan(i: int, raw: Mapping[str, Any], origin: str) -> PlanRecord:
    here: list[str | int] = ["plans", i]
    cov = raw["coverage"]
    start = _date(cov["start"], origin, [*here, "coverage", "start"])
    end = _date(cov["end"], origin, [*here, "coverage", "end"])
    if end < start:
        raise _fail(
            origin, [*here, "coverage", "end"], f"coverage ends ({end}) before it starts ({start})"
        )
    if (end - start).days >= LONGEST_COVERAGE_DAYS:
        raise _fail(
            origin,
            [*here, "coverage", "end"],
            f"coverage from {start} to {end} lasts over {LONGEST_COVERAGE_DAYS} days",
        )
    offered = raw.get("offered", {})
    offered_from = _date(offered["from"], origin, [*here, "offered", "from"]) if offered else start
    offered_to = _date(offered["to"], origin, [*here, "offered", "to"]) if "to" in offered else end
    if offered_to < offered_from:
        raise _fail(
            origin, [*here, "offered", "to"], f"offered until {offered_to}, before {offered_from}"
        )
    tiers: list[TierRecord] = []
    for j, t in enumerate(raw["tiers"]):
        if any(t["code"] == other.code for other in tiers):
            raise _fail(
                origin, [*here, "tiers", j, "code"], f"tier code {t['code']!r} appears twice"
            )
        tiers.append(
            TierRecord(
                code=t["code"],
                name=t["name"],
                contribution=_contribution(t["contribution"]),
                high_risk=_contribution(t["high_risk"]) if "high_risk" in t else None,
                source=Source.from_data(t["source"]),
                illustrative=bool(t.get("illustrative", False)),
            )
        )
    return PlanRecord(
        code=raw["code"],
        name=raw["name"],
        kind=PlanKind(raw["kind"]),
        coverage_start=start,
        coverage_end=end,
        offered_from=offered_from,
        offered_to=offered_to,
        tiers=tuple(tiers),
        max_shares=int(raw.get("max_shares", 1)),
        risk_classes=tuple(RiskClass(r) for r in raw.get("risk_classes", ["normal"])),
        gift_plans=tuple(raw.get("gift_plans", [])),
        is_gift=bool(raw.get("is_gift", False)),
        family=raw.get("family"),
        source=Source.from_data(raw["source"]),
        coverage_source=Source.from_data(cov["source"]),
        illustrative=bool(raw.get("illustrative", False)),
        coverage_illustrative=bool(cov.get("illustrative", False)),
    )


@attrs.frozen
class PackData:
    """All data files of one pack, merged and checked.

    :param pack: the pack's name (every file must say it).
    :param version: the pack's version (for explanations).
    :param parameters: by name.
    :param plans: the catalogue, in file order.
    :param origins: the files it was read from.
    :param declared: the pack's own parameter declarations (its ``declare`` sections).
    :param registry: the declarations its parameters were checked against
        (the core's, a base pack's when given, and :attr:`declared`).
    :param benefits: the benefit steps per plan and claim type (the ``benefits``
        section, :mod:`mutualaid.rules.benefitsteps`).
    """

    pack: str
    version: str
    parameters: Mapping[str, Parameter] = attrs.field(hash=False)
    plans: tuple[PlanRecord, ...] = ()
    origins: tuple[str, ...] = ()
    declared: tuple[ParameterSpec, ...] = ()
    registry: Registry = attrs.field(factory=_core_registry, eq=False, hash=False, repr=False)
    benefits: tuple[BenefitSteps, ...] = ()

    # --- building ---------------------------------------------------------

    @classmethod
    def from_mapping(
        cls,
        raw: Any,
        *,
        origin: str = "<data>",
        pack: str | None = None,
        version: str = "0",
        registry: Registry | None = None,
    ) -> PackData:
        """Validate and read one decoded JSON document.

        Every parameter must be declared (by the core, in ``registry`` when
        given, e.g. a base pack's :attr:`registry`, or in this document's
        ``declare`` section) and every value must be of its declared type and
        within its bounds.
        """
        _validate(raw, origin)
        if pack is not None and raw["pack"] != pack:
            raise _fail(origin, ["pack"], f"file says pack {raw['pack']!r}, expected {pack!r}")
        known = registry if registry is not None else _core_registry()
        declared = _declarations(raw, origin, known)
        known = known.with_declared(declared, pack=raw["pack"])
        parameters = {
            n: _parameter(n, p, origin, known) for n, p in raw.get("parameters", {}).items()
        }
        plans = tuple(_plan(i, p, origin) for i, p in enumerate(raw.get("plans", [])))
        benefits = read_benefits(raw.get("benefits", []), origin, known, pack=raw["pack"])
        data = cls(raw["pack"], version, parameters, plans, (origin,), declared, known, benefits)
        data._check_plans(origin)
        return data

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        origin: str = "<data>",
        pack: str | None = None,
        version: str = "0",
        registry: Registry | None = None,
    ) -> PackData:
        """Decode JSON text (floats are refused by the schema) and read it."""
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PackDataError(
                f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                location=Location(file=origin, row=exc.lineno),
                hint=_HINT,
            ) from None
        return cls.from_mapping(raw, origin=origin, pack=pack, version=version, registry=registry)

    @classmethod
    def from_path(
        cls,
        path: str | Path,
        *,
        pack: str | None = None,
        version: str = "0",
        registry: Registry | None = None,
    ) -> PackData:
        """Read one data file from disk."""
        p = Path(path)
        return cls.from_text(
            p.read_text(encoding="utf-8"),
            origin=str(p),
            pack=pack,
            version=version,
            registry=registry,
        )

    def merged(self, other: PackData) -> PackData:
        """This pack's data plus another file's (a name or plan code may appear only once)."""
        origin = other.origins[0] if other.origins else "<data>"
        if other.pack != self.pack:
            raise _fail(origin, ["pack"], f"file says pack {other.pack!r}, expected {self.pack!r}")
        for name in other.parameters:
            if name in self.parameters:
                raise _fail(
                    origin,
                    ["parameters", name],
                    f"parameter {name!r} is already defined in {self.origins}",
                )
        try:
            registry = self.registry.with_declared(other.declared, pack=self.pack)
        except ValueError as exc:
            raise _fail(origin, ["declare"], str(exc)) from None
        merged = PackData(
            self.pack,
            self.version,
            {**self.parameters, **other.parameters},
            self.plans + other.plans,
            self.origins + other.origins,
            self.declared + other.declared,
            registry,
            self.benefits + other.benefits,
        )
        merged._check_plans(origin)
        return merged

    def _check_plans(self, origin: str) -> None:
        given: set[tuple[str, str]] = set()
        for i, b in enumerate(self.benefits):
            if (b.plan, b.claim_type) in given:
                raise _fail(
                    origin,
                    ["benefits", i, "claim_type"],
                    f"benefit of plan {b.plan} for {b.claim_type} is given twice",
                )
            given.add((b.plan, b.claim_type))
        codes: dict[str, PlanRecord] = {}
        for i, plan in enumerate(self.plans):
            if plan.code in codes:
                raise _fail(origin, ["plans", i, "code"], f"plan code {plan.code!r} appears twice")
            codes[plan.code] = plan
        for i, plan in enumerate(self.plans):
            for j, gift in enumerate(plan.gift_plans):
                target = codes.get(gift)
                if target is None or not target.is_gift:
                    raise _fail(
                        origin,
                        ["plans", i, "gift_plans", j],
                        f"gift plan {gift!r} is not a plan with is_gift true in this pack",
                    )

    # --- reading ----------------------------------------------------------

    def __iter__(self) -> Iterator[str]:
        return iter(self.parameters)

    def cite(self, name: str, on: date) -> Cited | None:
        """The value of ``name`` in effect on ``on``, with its source; ``None`` when absent.

        Besides the ``parameters``, plan facts answer by name:
        ``plans.<code>.coverage``, ``plans.<code>.max_shares`` and
        ``plans.<code>.tiers.<tier>.contribution`` and ``...high_risk`` (a
        :class:`~mutualaid.model.plan.Contribution` per share).
        """
        parameter = self.parameters.get(name)
        if parameter is not None:
            value = parameter.at(on)
            if value is None:
                return None
            return Cited(
                name,
                value.value,
                value.valid_from,
                value.source,
                self.pack,
                self.version,
                value.illustrative,
            )
        if name.startswith("plans."):
            return self._cite_plan(name)
        return None

    def value(self, name: str, on: date, default: Any = None) -> Any:
        """Just the value of :meth:`cite` (``default`` when absent)."""
        cited = self.cite(name, on)
        return default if cited is None else cited.value

    def benefit_steps(self, plan_code: str, family: str, claim_type: str) -> BenefitSteps | None:
        """The benefit steps for ``claim_type`` of the plan (its code first, then its family)."""
        for key in (plan_code, family):
            for b in self.benefits:
                if b.plan == key and b.claim_type == claim_type:
                    return b
        return None

    def plan_record(self, code: str) -> PlanRecord | None:
        """The plan with that code, whatever the date."""
        return next((p for p in self.plans if p.code == code), None)

    def _cite_plan(self, name: str) -> Cited | None:
        parts = name.split(".")
        plan = self.plan_record(parts[1]) if len(parts) >= 3 else None
        if plan is None:
            return None
        rest = parts[2:]
        if rest == ["coverage"]:
            value = f"{plan.coverage_start.isoformat()}..{plan.coverage_end.isoformat()}"
            return Cited(
                name,
                value,
                plan.offered_from,
                plan.coverage_source,
                self.pack,
                self.version,
                plan.coverage_illustrative,
            )
        if rest == ["max_shares"]:
            return Cited(
                name,
                plan.max_shares,
                plan.offered_from,
                plan.source,
                self.pack,
                self.version,
                plan.illustrative,
            )
        if len(rest) == 3 and rest[0] == "tiers" and rest[2] in ("contribution", "high_risk"):
            tier = next((t for t in plan.tiers if t.code == rest[1]), None)
            chosen = (
                None
                if tier is None
                else tier.contribution
                if rest[2] == "contribution"
                else tier.high_risk
            )
            if tier is None or chosen is None:
                return None
            return Cited(
                name,
                chosen,
                plan.offered_from,
                tier.source,
                self.pack,
                self.version,
                tier.illustrative,
            )
        return None


def load_pack_data(
    package: str,
    *files: str,
    pack: str | None = None,
    version: str = "0",
    registry: Registry | None = None,
) -> PackData:
    """Read a pack's data files from inside its Python package (``importlib.resources``).

    ``files`` are paths relative to the package (default ``pack.json``), read
    in order: a parameter a file declares may be used by the files after it.
    ``registry``: the declarations to check against beyond the core's (a base
    pack's ``data.registry``, for a pack that sets its base's parameters).

    >>> load_pack_data("mutualaid.rules", "schemas/pack-data.schema.json")
    Traceback (most recent call last):
    ...
    mutualaid.errors.PackDataError: mutualaid.rules/schemas/pack-data.schema.json, field $.$defs: unknown key '$defs' (Fix the pack's data file; see docs/pack-authors.md.)
    """
    names = files or ("pack.json",)
    root = resources.files(package)
    data: PackData | None = None
    for name in names:
        origin = f"{package}/{name}"
        try:
            text = root.joinpath(name).read_text(encoding="utf-8")
        except (FileNotFoundError, OSError) as exc:
            raise PackDataError(
                f"cannot read the pack data file: {exc}", location=Location(file=origin), hint=_HINT
            ) from None
        known = data.registry if data is not None else registry
        one = PackData.from_text(text, origin=origin, pack=pack, version=version, registry=known)
        data = one if data is None else data.merged(one)
    assert data is not None
    return data
