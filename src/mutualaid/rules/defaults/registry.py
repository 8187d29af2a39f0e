"""The core's parameter registry, and the defaults it cites as values.

:data:`REGISTRY` gathers the :class:`~mutualaid.rules.parameters.ParameterSpec`
each rule module declares beside its rules (``PARAMETERS``); docs/hooks.md's
parameter table is checked against it. A parameter whose declaration names a
``source`` (``age.minimum``: 劳动法第十五条) is answered by the core as a cited
value when the pack is silent; the others' defaults only say what silence
means (a switch off, no limit).

>>> from datetime import date
>>> print(mutualaid_parameter("age.minimum", date(2026, 1, 1)))
age.minimum = 16 (《中华人民共和国劳动法》, 第十五条: 「禁止用人单位招用未满十六周岁的未成年人」)
>>> mutualaid_parameter("roster.max_rows", date(2026, 1, 1)) is None
True
>>> REGISTRY.require("age.maximun")
Traceback (most recent call last):
...
mutualaid.errors.PackDataError: no parameter 'age.maximun' is declared (did you mean age.maximum?) (Use a declared name (docs/hooks.md lists the core's), or declare the pack's own under its name in a "declare" section.)

Since 0.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import mutualaid
from mutualaid.rules.defaults import (
    application,
    benefits,
    certificate,
    claims,
    effective,
    eligibility,
    invoicing,
    materials,
    payment,
    payment_method,
    pricing,
    registration,
    renewal,
    roster,
    uploads,
)
from mutualaid.rules.explain import Cited
from mutualaid.rules.markers import hookimpl
from mutualaid.rules.parameters import Registry

if TYPE_CHECKING:
    from mutualaid.model.plan import Plan

__all__ = ["REGISTRY", "mutualaid_parameter", "mutualaid_plans"]

_CORE = "mutualaid"

#: Every parameter the core's rules read, declared once beside its rule.
REGISTRY = Registry.of(
    spec
    for module in (
        eligibility,
        roster,
        application,
        pricing,
        payment,
        payment_method,
        registration,
        effective,
        invoicing,
        materials,
        uploads,
        renewal,
        certificate,
        benefits,
        claims,
    )
    for spec in module.PARAMETERS
)


@hookimpl(trylast=True)
def mutualaid_parameter(name: str, on: date) -> Cited | None:
    """The core's own value of ``name`` when its declaration cites a source (else ``None``)."""
    spec = REGISTRY.get(name)
    if spec is None or spec.source is None:
        return None
    return Cited(name, spec.default, None, spec.source, _CORE, mutualaid.__version__)


@hookimpl(trylast=True)
def mutualaid_plans(on: date | None) -> Sequence[Plan]:
    """No plans: the catalogue is the pack's."""
    return []
