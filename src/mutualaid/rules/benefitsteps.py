"""Benefit steps in pack data: the ``benefits`` section, read and checked at load.

A pack's data file lists, per plan (code or family) and claim type, the
ordered steps of its benefit (docs/benefits.md). Each step names the dated
parameter that holds its number; the name must be declared (by the core or
in the pack's ``declare`` section) with the type the step needs, so an
unknown or mistyped name fails at load with "did you mean":

>>> from mutualaid.rules.parameters import ParameterSpec, Registry
>>> registry = Registry.of([ParameterSpec("demo.deductible", "amount", "起付线", "r")])
>>> raw = [{"plan": "demo", "claim_type": "other", "source": "demo §1", "steps": [
...     {"id": "eligible", "kind": "eligible", "amount": "total"},
...     {"id": "deductible", "kind": "deductible", "parameter": "demo.deductible"}]}]
>>> [s.id for s in read_benefits(raw, "demo.json", registry)[0].steps]
['eligible', 'deductible']
>>> raw[0]["steps"][1]["parameter"] = "demo.deductibel"
>>> read_benefits(raw, "demo.json", registry)
Traceback (most recent call last):
...
mutualaid.errors.PackDataError: demo.json, field $.benefits[0].steps[1].parameter: no parameter 'demo.deductibel' is declared (did you mean demo.deductible?) (Use a declared name (docs/hooks.md lists the core's), or declare the pack's own under its name in a "declare" section.)

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mutualaid.errors import Location, PackDataError
from mutualaid.model.benefit import BenefitStep, BenefitSteps, CapScope, StepKind
from mutualaid.rules.explain import Source
from mutualaid.rules.parameters import Registry, ValueType

__all__ = ["CASE_AMOUNTS", "NEEDS", "read_benefits"]

#: The amounts of a case an ``eligible`` or ``exclude`` step may read
#: (the settlement sheet's 总费用, 全自费, 超限价, 统筹支付).
CASE_AMOUNTS: tuple[str, ...] = ("total", "self_pay", "over_limit", "insurance_paid")

#: The parameter types each step kind accepts (``by`` of a ratio chooses among them).
NEEDS: Mapping[StepKind, tuple[ValueType, ...]] = {
    StepKind.DEDUCTIBLE: (ValueType.AMOUNT,),
    StepKind.CAP: (ValueType.AMOUNT,),
    StepKind.ALLOWANCE: (ValueType.AMOUNT,),
    StepKind.LUMP_SUM: (ValueType.AMOUNT,),
    StepKind.RATIO: (ValueType.RATIO, ValueType.BANDS, ValueType.RATIOS),
}

_RATIO_BY: Mapping[str | None, ValueType] = {
    None: ValueType.RATIO,
    "band": ValueType.BANDS,
    "hospital_level": ValueType.RATIOS,
}

_DEFAULT_CATEGORY: Mapping[StepKind, str | None] = {
    StepKind.ALLOWANCE: "allowance",
    StepKind.LUMP_SUM: "lump_sum",
    StepKind.CAP: None,
}

_HINT = "Fix the pack's data file; see docs/benefits.md."


def _path(parts: Sequence[str | int]) -> str:
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _fail(
    origin: str, parts: Sequence[str | int], message: str, hint: str = _HINT
) -> PackDataError:
    path = _path(parts)
    return PackDataError(
        message, location=Location(file=origin, field=path), hint=hint, json_path=path
    )


def _declared(
    name: str, wanted: ValueType, registry: Registry, origin: str, parts: Sequence[str | int]
) -> str:
    spec = registry.get(name)
    if spec is None:
        error = registry.unknown(name)
        raise _fail(origin, parts, error.message, error.hint or _HINT)
    if spec.type is not wanted:
        raise _fail(
            origin,
            parts,
            f"{name} is declared as {spec.type.value}; this step needs {wanted.value}",
        )
    return name


def _step(
    raw: Mapping[str, Any],
    registry: Registry,
    origin: str,
    here: list[str | int],
    default_source: Any,
) -> BenefitStep:
    kind = StepKind(raw["kind"])
    amount = raw.get("amount")
    parameter = raw.get("parameter")
    if kind in (StepKind.ELIGIBLE, StepKind.EXCLUDE):
        if amount not in CASE_AMOUNTS:
            raise _fail(
                origin,
                [*here, "amount"],
                f"a {kind.value} step reads one of the case's amounts ({', '.join(CASE_AMOUNTS)}), "
                f"not {amount!r}",
            )
        if parameter is not None:
            raise _fail(origin, [*here, "parameter"], f"a {kind.value} step takes no parameter")
    else:
        if parameter is None:
            raise _fail(origin, [*here, "parameter"], f"a {kind.value} step names its parameter")
        if amount is not None:
            raise _fail(origin, [*here, "amount"], f"a {kind.value} step reads no case amount")
        by = raw.get("by")
        if by is not None and kind is not StepKind.RATIO:
            raise _fail(
                origin, [*here, "by"], "only a ratio step is chosen by band or hospital level"
            )
        wanted = _RATIO_BY[by] if kind is StepKind.RATIO else NEEDS[kind][0]
        _declared(parameter, wanted, registry, origin, [*here, "parameter"])
    max_days = raw.get("max_days")
    if max_days is not None:
        if kind is not StepKind.ALLOWANCE:
            raise _fail(origin, [*here, "max_days"], "only an allowance has a maximum of days")
        _declared(max_days, ValueType.WHOLE, registry, origin, [*here, "max_days"])
    scope = CapScope(raw.get("scope", "case"))
    if scope is not CapScope.CASE and kind not in (
        StepKind.CAP,
        StepKind.DEDUCTIBLE,
        StepKind.ALLOWANCE,
    ):
        raise _fail(origin, [*here, "scope"], f"a {kind.value} step has no scope beyond the case")
    category = raw["category"] if "category" in raw else _DEFAULT_CATEGORY.get(kind, "medical")
    if category is None and kind is not StepKind.CAP:
        raise _fail(origin, [*here, "category"], "only a cap may limit the whole benefit")
    source = raw.get("source", default_source)
    return BenefitStep(
        id=raw["id"],
        kind=kind,
        parameter=parameter,
        amount=amount,
        category=category,
        scope=scope,
        by_shares=bool(raw.get("by_shares", False)),
        max_days=max_days,
        by=raw.get("by"),
        source=None if source is None else str(Source.from_data(source)),
    )


def read_benefits(
    raw: Sequence[Mapping[str, Any]], origin: str, registry: Registry, *, pack: str = ""
) -> tuple[BenefitSteps, ...]:
    """The ``benefits`` section (already schema-valid) as :class:`BenefitSteps`.

    :raises PackDataError: an undeclared or mistyped parameter, a step that
        does not fit its kind, a step id or a plan and claim type given twice.
    """
    found: list[BenefitSteps] = []
    for i, entry in enumerate(raw):
        here: list[str | int] = ["benefits", i]
        if any(b.plan == entry["plan"] and b.claim_type == entry["claim_type"] for b in found):
            raise _fail(
                origin,
                [*here, "claim_type"],
                f"benefit of plan {entry['plan']} for {entry['claim_type']} is given twice",
            )
        steps: list[BenefitStep] = []
        for j, raw_step in enumerate(entry["steps"]):
            step = _step(raw_step, registry, origin, [*here, "steps", j], entry["source"])
            if any(s.id == step.id for s in steps):
                raise _fail(origin, [*here, "steps", j, "id"], f"step id {step.id!r} appears twice")
            steps.append(step)
        if "waiting" in entry:
            _declared(entry["waiting"], ValueType.WHOLE, registry, origin, [*here, "waiting"])
        found.append(
            BenefitSteps(
                plan=entry["plan"],
                claim_type=entry["claim_type"],
                steps=tuple(steps),
                waiting=entry.get("waiting"),
                pack=pack,
            )
        )
    return tuple(found)
