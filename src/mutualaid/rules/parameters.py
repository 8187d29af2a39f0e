"""Declared parameters: every parameter a rule reads, with its type, unit, default and bounds.

A pack's numbers and switches are dated parameters named by dotted words
(``roster.max_rows``). A name is a contract between the pack data that sets
it and the rule that reads it, so each is declared once, as a frozen
:class:`ParameterSpec`: its name, :class:`ValueType`, unit, default (what the
rule does when the pack is silent), bounds, meaning, and the rule that reads
it. The core's rules declare theirs beside the rule
(:mod:`mutualaid.rules.defaults`); :data:`mutualaid.rules.defaults.REGISTRY`
holds them all. A pack declares its own under its own name (a ``declare``
section in its data, see docs/pack-authors.md).

With the declarations:

* pack data naming an undeclared parameter fails at load, naming the file,
  the JSON path and the nearest declared name ("did you mean age.maximum?");
* every value is checked against its type and bounds at load
  (``"roster.max_rows": "abc"``, ``[1]``, ``null``, ``0`` are refused);
* a rule or host asking for an undeclared name fails at once
  (:meth:`~mutualaid.rules.view.PackView.param`), so a misspelling never
  switches a rule off silently.

>>> spec = ParameterSpec("roster.max_rows", ValueType.WHOLE, "rows one import may hold",
...     "mutualaid.rules.defaults.roster.row_limit", unit="rows", minimum=1, maximum=1_048_575)
>>> spec.problem(10000) is None
True
>>> spec.problem("abc"), spec.problem(0), spec.problem(True)
('expected a whole number, got text', 'must be at least 1, got 0', 'expected a whole number, got true/false')
>>> registry = Registry.of([spec])
>>> registry.require("roster.max_row", where="rules.json, $.parameters")
Traceback (most recent call last):
...
mutualaid.errors.PackDataError: rules.json, $.parameters: no parameter 'roster.max_row' is declared (did you mean roster.max_rows?) (Use a declared name (docs/hooks.md lists the core's), or declare the pack's own under its name in a "declare" section.)

Layer 3: imports values and the model's enums only.

Since 0.1.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from mutualaid.errors import PackDataError
from mutualaid.model.application import DeclaredCounts
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.unit import Contact, Unit
from mutualaid.rules.explain import Source

__all__ = [
    "PLAN_FACT",
    "ParameterSpec",
    "Registry",
    "ValueType",
    "declared_counts",
    "markdown_table",
]

#: Plan facts answer by name from a pack's plan catalogue (``plans.<code>.coverage``,
#: ``plans.<code>.max_shares``, ``plans.<code>.tiers.<tier>.contribution`` / ``.high_risk``):
#: they may be cited, but are written in the ``plans`` section, never as parameters.
PLAN_FACT = re.compile(r"^plans\..+\.(coverage|max_shares|tiers\..+\.(contribution|high_risk))$")

_HINT = (
    "Use a declared name (docs/hooks.md lists the core's), or declare the pack's own "
    'under its name in a "declare" section.'
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


@functools.cache
def declared_counts() -> tuple[str, ...]:
    """The declared counts an application can hold (the fields of ``DeclaredCounts``).

    >>> "insured_headcount" in declared_counts()
    True
    """
    return tuple(a.name for a in attrs.fields(DeclaredCounts))


class ValueType(StrEnum):
    """What kind of value a parameter holds (as written in JSON).

    * ``flag``: ``true`` or ``false``;
    * ``whole``: a whole number within the declared bounds;
    * ``choice``: one of the declared texts;
    * ``choices``: a list of the declared texts, each at most once;
    * ``text``: any non-empty text;
    * ``ratio``: a decimal fraction as text (``"0.90"``) within the bounds 0..1;
    * ``count``: the name of one declared count (``insured_headcount``);
    * ``counts``: a list of such names;
    * ``ratio_rule``: ``{"of": count, "paying": count?, "minimum": ratio?}``;
    * ``ratio_minimum``: the same with ``"minimum"`` required;
    * ``material``: ``{"kind", "name", "stamped"}`` (kind: a material kind);
    * ``materials``: a list of materials;
    * ``account``: ``{"name", "bank", "account"}`` (texts);
    * ``unit_fields``: a list of the unit's field names, dotted into a contact
      (``contact_email``, ``handler.mobile``);
    * ``amount``: yuan as text with at most two places (``"800.00"``), a benefit
      step's deductible, cap, allowance per day or lump sum;
    * ``bands``: ratio bands ``[{"from": amount, "ratio": ratio}, ...]``, the
      first from ``"0"``, each ``from`` above the one before (分段累进);
    * ``ratios``: a ratio per label (``{"level_1": "0.6", "level_3": "0.4"}``),
      e.g. by hospital level.
    """

    FLAG = "flag"
    WHOLE = "whole"
    CHOICE = "choice"
    CHOICES = "choices"
    TEXT = "text"
    RATIO = "ratio"
    COUNT = "count"
    COUNTS = "counts"
    RATIO_RULE = "ratio_rule"
    RATIO_MINIMUM = "ratio_minimum"
    MATERIAL = "material"
    MATERIALS = "materials"
    ACCOUNT = "account"
    UNIT_FIELDS = "unit_fields"
    AMOUNT = "amount"
    BANDS = "bands"
    RATIOS = "ratios"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _text(value: Any, what: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"expected {what} as non-empty text, got {_kind(value)}"
    return None


def _ratio(value: Any) -> str | None:
    if not isinstance(value, str):
        return f'expected a ratio as text like "0.90", got {_kind(value)}'
    try:
        number = Decimal(value)
    except InvalidOperation:
        return f'expected a ratio as text like "0.90", got {value!r}'
    if not number.is_finite() or not 0 <= number <= 1:
        return f"a ratio must lie between 0 and 1, got {value!r}"
    return None


def _count(value: Any) -> str | None:
    known = declared_counts()
    if value not in known:
        guess = difflib.get_close_matches(str(value), known, n=1)
        did = f" (did you mean {guess[0]}?)" if guess else ""
        return f"{value!r} is not a declared count{did}; counts: {', '.join(known)}"
    return None


def _keys(value: Mapping[str, Any], allowed: Iterable[str], required: Iterable[str]) -> str | None:
    extra = sorted(set(value) - set(allowed))
    if extra:
        return f"unknown key {extra[0]!r} (keys: {', '.join(allowed)})"
    missing = [k for k in required if k not in value]
    if missing:
        return f"missing key {missing[0]!r}"
    return None


@functools.cache
def _material_kinds() -> tuple[str, ...]:
    return tuple(k.value for k in MaterialKind)


def _material(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return f'expected a material {{"kind", "name", "stamped"}}, got {_kind(value)}'
    problem = _keys(value, ("kind", "name", "stamped"), ())
    if problem:
        return problem
    if "kind" in value and value["kind"] not in _material_kinds():
        return f"material kind {value['kind']!r} is unknown (kinds: {', '.join(_material_kinds())})"
    if "name" in value and (problem := _text(value["name"], "the material's name")):
        return problem
    if "stamped" in value and not isinstance(value["stamped"], bool):
        return f"stamped must be true or false, got {_kind(value['stamped'])}"
    return None


def _list(value: Any, check: Any, what: str) -> str | None:
    if not isinstance(value, list | tuple):
        return f"expected a list of {what}, got {_kind(value)}"
    for i, item in enumerate(value):
        problem: str | None = check(item)
        if problem:
            return f"item {i}: {problem}"
    return None


def _repeated(value: Sequence[Any]) -> str | None:
    seen: set[Any] = set()
    for item in value:
        if item in seen:
            return f"{item!r} is listed twice"
        seen.add(item)
    return None


def _ratio_rule(value: Any, required: tuple[str, ...] = ("of",)) -> str | None:
    if not isinstance(value, Mapping):
        return f'expected {{"of": count, "paying": count, "minimum": "0.90"}}, got {_kind(value)}'
    problem = _keys(value, ("of", "paying", "minimum"), required)
    if problem:
        return problem
    for key in ("of", "paying"):
        if key in value and (problem := _count(value[key])):
            return f"{key}: {problem}"
    if "minimum" in value and (problem := _ratio(value["minimum"])):
        return f"minimum: {problem}"
    return None


_AMOUNT = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,2})?$")


def _amount(value: Any) -> str | None:
    if not isinstance(value, str) or not _AMOUNT.match(value):
        shown = repr(value) if isinstance(value, str) else _kind(value)
        return f'expected an amount of yuan as text like "800.00", got {shown}'
    return None


def _bands(value: Any) -> str | None:
    if not isinstance(value, list | tuple) or not value:
        return f'expected a non-empty list of {{"from": "0", "ratio": "0.5"}}, got {_kind(value)}'
    previous: Decimal | None = None
    for i, band in enumerate(value):
        if not isinstance(band, Mapping):
            return f"band {i}: expected an object, got {_kind(band)}"
        problem = (
            _keys(band, ("from", "ratio"), ("from", "ratio"))
            or _amount(band["from"])
            or _ratio(band["ratio"])
        )
        if problem:
            return f"band {i}: {problem}"
        start = Decimal(band["from"])
        if previous is None and start != 0:
            return f'band 0 must start from "0", not {band["from"]!r}'
        if previous is not None and start <= previous:
            return f"band {i} starts at {band['from']}, not above the band before"
        previous = start
    return None


def _ratios(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not value:
        return f"expected a non-empty object of label: ratio, got {_kind(value)}"
    for label, ratio in value.items():
        if problem := _ratio(ratio):
            return f"{label}: {problem}"
    return None


def _account(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return f'expected {{"name", "bank", "account"}}, got {_kind(value)}'
    problem = _keys(value, ("name", "bank", "account"), ("name", "bank", "account"))
    if problem:
        return problem
    for key in ("name", "bank", "account"):
        if problem := _text(value[key], key):
            return problem
    return None


def _unit_field(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a unit field's name, got {_kind(value)}"
    head, _, rest = value.partition(".")
    fields = {f.name: f for f in attrs.fields(Unit)}
    known = ", ".join(fields)
    if head not in fields:
        return f"{value!r} is not a unit field (fields: {known})"
    if rest and rest not in {f.name for f in attrs.fields(Contact)}:
        return f"{value!r}: {rest!r} is not a contact's field"
    return None


def _frozen(specs: Mapping[str, ParameterSpec]) -> Mapping[str, ParameterSpec]:
    return MappingProxyType(dict(specs))


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _default_converter(value: Any) -> Any:
    return value


@attrs.frozen
class ParameterSpec:
    """One declared parameter.

    :param name: dotted words; the core's are ``area.what``, a pack's ``<pack>.what``.
    :param type: what values it takes (:class:`ValueType`).
    :param meaning: what it means, in one line (docs/hooks.md shows it).
    :param rule: the rule that reads it (a dotted path: module and function).
    :param unit: the unit of a number (``rows``, ``days``, ``years``).
    :param default: what applies when the pack is silent (``None``: the rule is off
        or unbounded); it passes the same checks as a value.
    :param minimum: the smallest whole number allowed (``whole``).
    :param maximum: the largest whole number allowed (``whole``).
    :param choices: the texts allowed (``choice``).
    :param source: where the default comes from, when the core cites it as a
        value (``age.minimum``: 劳动法第十五条); ``None`` when the default is
        only what silence means.
    :param optional: ``null`` is a value (e.g. ``age.maximum: null``: no maximum).
    """

    name: str = attrs.field()
    type: ValueType = attrs.field(converter=ValueType)
    meaning: str
    rule: str
    unit: str | None = None
    default: Any = attrs.field(default=None, hash=False, converter=_default_converter)
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    source: Source | None = attrs.field(default=None, eq=False, hash=False)
    optional: bool = False

    @name.validator
    def _check_name(self, _attribute: object, name: str) -> None:
        if not _NAME.match(name):
            raise ValueError(f"parameter name must be dotted lowercase words, not {name!r}")

    def __attrs_post_init__(self) -> None:
        if self.type in (ValueType.CHOICE, ValueType.CHOICES) and not self.choices:
            raise ValueError(f"{self.name}: a choice names its choices")
        if (
            self.minimum is not None or self.maximum is not None
        ) and self.type is not ValueType.WHOLE:
            raise ValueError(f"{self.name}: only a whole number has a minimum or maximum")
        if None not in (self.minimum, self.maximum) and self.minimum > self.maximum:  # type: ignore[operator]
            raise ValueError(f"{self.name}: minimum {self.minimum} above maximum {self.maximum}")
        if self.default is not None and (problem := self.problem(self.default)):
            raise ValueError(f"default of {self.name}: {problem}")

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable for this parameter (``None`` when it is)."""
        if value is None:
            return None if self.optional else f"expected {self._expected()}, got null"
        t = self.type
        if t is ValueType.FLAG:
            return (
                None if isinstance(value, bool) else f"expected true or false, got {_kind(value)}"
            )
        if t is ValueType.WHOLE:
            if isinstance(value, bool) or not isinstance(value, int):
                return f"expected a whole number, got {_kind(value)}"
            if self.minimum is not None and value < self.minimum:
                return f"must be at least {self.minimum}, got {value}"
            if self.maximum is not None and value > self.maximum:
                return f"must be at most {self.maximum}, got {value}"
            return None
        if t is ValueType.CHOICE:
            if value not in self.choices:
                return f"expected one of {', '.join(self.choices)}, got {value!r}"
            return None
        if t is ValueType.CHOICES:
            return _list(value, self._one_choice, "choices") or _repeated(value)
        if t is ValueType.TEXT:
            return _text(value, "a text")
        if t is ValueType.RATIO:
            return _ratio(value)
        if t is ValueType.COUNT:
            return (
                _count(value)
                if isinstance(value, str)
                else f"expected a count's name, got {_kind(value)}"
            )
        if t is ValueType.COUNTS:
            return _list(
                value,
                lambda v: (
                    _count(v) if isinstance(v, str) else f"expected a count's name, got {_kind(v)}"
                ),
                "counts' names",
            )
        if t is ValueType.RATIO_RULE:
            return _ratio_rule(value)
        if t is ValueType.RATIO_MINIMUM:
            return _ratio_rule(value, ("of", "minimum"))
        if t is ValueType.MATERIAL:
            return _material(value)
        if t is ValueType.MATERIALS:
            return _list(value, _material, "materials")
        if t is ValueType.UNIT_FIELDS:
            return _list(value, _unit_field, "unit fields")
        if t is ValueType.AMOUNT:
            return _amount(value)
        if t is ValueType.BANDS:
            return _bands(value)
        if t is ValueType.RATIOS:
            return _ratios(value)
        return _account(value)

    def _one_choice(self, value: Any) -> str | None:
        if value not in self.choices:
            return f"expected one of {', '.join(self.choices)}, got {value!r}"
        return None

    def _expected(self) -> str:
        return {
            ValueType.FLAG: "true or false",
            ValueType.WHOLE: "a whole number",
            ValueType.CHOICE: f"one of {', '.join(self.choices)}",
        }.get(self.type, f"a {self.type.value} value")

    @property
    def bounds(self) -> str:
        """The allowed values in words, for docs/hooks.md.

        >>> ParameterSpec("a.b", "whole", "m", "r", minimum=1, maximum=31).bounds
        '1..31'
        >>> ParameterSpec("a.b", "choice", "m", "r", choices=("x", "y")).bounds
        'x, y'
        """
        if self.type is ValueType.WHOLE:
            low = "" if self.minimum is None else str(self.minimum)
            high = "" if self.maximum is None else str(self.maximum)
            return f"{low}..{high}"
        if self.type in (ValueType.CHOICE, ValueType.CHOICES):
            return ", ".join(self.choices)
        if self.type is ValueType.RATIO:
            return "0..1"
        return ""

    @classmethod
    def from_data(cls, name: str, raw: Mapping[str, Any]) -> ParameterSpec:
        """A pack's declaration as written in its data's ``declare`` section (checked by the schema)."""
        return cls(
            name,
            ValueType(raw["type"]),
            raw["meaning"],
            raw["rule"],
            unit=raw.get("unit"),
            default=raw.get("default"),
            minimum=raw.get("minimum"),
            maximum=raw.get("maximum"),
            choices=tuple(raw.get("choices", ())),
            optional=bool(raw.get("optional", False)),
        )


@attrs.frozen
class Registry:
    """Declared parameters by name: the core's, plus what packs declare.

    Build it with :meth:`of`; add a pack's with :meth:`with_declared`.
    """

    specs: Mapping[str, ParameterSpec] = attrs.field(converter=_frozen, hash=False)

    @classmethod
    def of(cls, specs: Iterable[ParameterSpec]) -> Registry:
        """A registry of ``specs`` (a name declared twice is refused)."""
        found: dict[str, ParameterSpec] = {}
        for spec in specs:
            if spec.name in found:
                raise ValueError(
                    f"parameter {spec.name} is declared twice ({found[spec.name].rule}, {spec.rule})"
                )
            found[spec.name] = spec
        return cls(found)

    def __iter__(self) -> Iterator[ParameterSpec]:
        return iter(self.specs.values())

    def __len__(self) -> int:
        return len(self.specs)

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def get(self, name: str) -> ParameterSpec | None:
        """The declaration of ``name`` (``None`` when undeclared or a plan fact)."""
        return self.specs.get(name)

    def knows(self, name: str) -> bool:
        """True for a declared parameter or a plan fact (``plans.<code>.coverage``...)."""
        return name in self.specs or bool(PLAN_FACT.match(name))

    def suggestion(self, name: str) -> str | None:
        """The nearest declared name, for "did you mean".

        >>> Registry.of([ParameterSpec("age.maximum", "whole", "m", "r")]).suggestion("age.maximun")
        'age.maximum'
        """
        guess = difflib.get_close_matches(name, sorted(self.specs), n=1, cutoff=0.6)
        return guess[0] if guess else None

    def unknown(self, name: str, where: str | None = None, **details: Any) -> PackDataError:
        """The error for an undeclared ``name`` (``where``: file and path, or the caller)."""
        guess = self.suggestion(name)
        did = f" (did you mean {guess}?)" if guess else ""
        prefix = f"{where}: " if where else ""
        return PackDataError(
            f"{prefix}no parameter {name!r} is declared{did}",
            hint=_HINT,
            parameter=name,
            suggestion=guess,
            **details,
        )

    def require(self, name: str, *, where: str | None = None) -> ParameterSpec:
        """The declaration of ``name``, or :class:`~mutualaid.errors.PackDataError` saying "did you mean"."""
        spec = self.specs.get(name)
        if spec is None:
            raise self.unknown(name, where)
        return spec

    def with_declared(self, specs: Sequence[ParameterSpec], *, pack: str) -> Registry:
        """This registry plus ``pack``'s own declarations, each named ``<pack>.…``.

        :raises ValueError: a name outside the pack's namespace, or already declared.
        """
        prefix = f"{pack.replace('-', '_')}."
        found = dict(self.specs)
        for spec in specs:
            if not spec.name.startswith(prefix):
                raise ValueError(
                    f"pack {pack} may declare only names starting {prefix!r}, not {spec.name!r}"
                )
            if spec.name in found:
                raise ValueError(f"parameter {spec.name} is already declared")
            found[spec.name] = spec
        return Registry(found)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table(registry: Registry) -> str:
    """The registry as the Markdown table docs/hooks.md shows (a test keeps them equal).

    >>> spec = ParameterSpec("roster.max_rows", "whole", "rows per import", "m.row_limit",
    ...     unit="rows", minimum=1, maximum=9)
    >>> print(markdown_table(Registry.of([spec])))
    | parameter | type | unit | default | bounds | meaning | read by |
    |---|---|---|---|---|---|---|
    | `roster.max_rows` | whole | rows |  | 1..9 | rows per import | `m.row_limit` |
    """
    import json

    rows = [
        "| parameter | type | unit | default | bounds | meaning | read by |",
        "|---|---|---|---|---|---|---|",
    ]
    for spec in sorted(registry, key=lambda s: s.name):
        default = (
            "" if spec.default is None else f"`{json.dumps(spec.default, ensure_ascii=False)}`"
        )
        rows.append(
            f"| `{spec.name}` | {spec.type.value} | {spec.unit or ''} | {default} "
            f"| {_cell(spec.bounds)} | {_cell(spec.meaning)} | `{spec.rule.removeprefix('mutualaid.rules.')}` |"
        )
    return "\n".join(rows)
