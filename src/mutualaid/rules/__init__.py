"""Rule packs: regional rules as pluggy plugins, their data, and the engine that runs them.

Layer 3. The pieces, one module each:

* :mod:`~mutualaid.rules.markers`: ``hookimpl`` / ``hookspec`` (project ``"mutualaid"``);
* :mod:`~mutualaid.rules.hookspecs`: the questions a pack can answer;
* :mod:`~mutualaid.rules.engine`: :class:`RuleEngine` and :class:`PackView`;
* :mod:`~mutualaid.rules.pack`: :class:`DataPack`, the base class of data-driven packs;
* :mod:`~mutualaid.rules.packdata`: pack data files and their JSON Schema;
* :mod:`~mutualaid.rules.defaults`: the core's rules, registered ``trylast``;
* :mod:`~mutualaid.rules.findings`, :mod:`~mutualaid.rules.results`,
  :mod:`~mutualaid.rules.explain`: the answers.

>>> from mutualaid.rules import RuleEngine, Finding, Severity
>>> RuleEngine().pack_names()
()

Since 0.1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mutualaid._faces import LazyFace

if TYPE_CHECKING:
    from mutualaid.rules.engine import ENTRY_POINT_GROUP, PackView, RegisteredPack, RuleEngine
    from mutualaid.rules.explain import Cited, Explanation, Source
    from mutualaid.rules.findings import CODES, Finding, Severity
    from mutualaid.rules.flows import (
        ApplicationFlow,
        ClaimFlow,
        EndorsementFlow,
        InvoiceFlow,
        NumberScheme,
        PaymentFlow,
        RegistrationFlow,
        UsernameScheme,
    )
    from mutualaid.rules.markers import hookimpl, hookspec
    from mutualaid.rules.pack import DataPack
    from mutualaid.rules.packdata import PackData, load_pack_data
    from mutualaid.rules.results import (
        LEGAL_MINIMUM_WORKING_AGE,
        AgeLimits,
        AmountBasis,
        EffectiveDate,
        LinePrice,
        MaterialRequirement,
        PackInfo,
        Quote,
        Situation,
    )

__all__ = [
    "CODES",
    "ENTRY_POINT_GROUP",
    "LEGAL_MINIMUM_WORKING_AGE",
    "AgeLimits",
    "AmountBasis",
    "ApplicationFlow",
    "Cited",
    "ClaimFlow",
    "DataPack",
    "EffectiveDate",
    "EndorsementFlow",
    "Explanation",
    "Finding",
    "InvoiceFlow",
    "LinePrice",
    "MaterialRequirement",
    "NumberScheme",
    "PackData",
    "PackInfo",
    "PackView",
    "PaymentFlow",
    "Quote",
    "RegisteredPack",
    "RegistrationFlow",
    "RuleEngine",
    "Severity",
    "Situation",
    "Source",
    "UsernameScheme",
    "hookimpl",
    "hookspec",
    "load_pack_data",
]

#: The modules of the names above, imported on first use (:mod:`mutualaid._faces`).
_FACE = LazyFace(
    __name__,
    {
        "mutualaid.rules.engine": ("ENTRY_POINT_GROUP", "PackView", "RegisteredPack", "RuleEngine"),
        "mutualaid.rules.explain": ("Cited", "Explanation", "Source"),
        "mutualaid.rules.findings": ("CODES", "Finding", "Severity"),
        "mutualaid.rules.flows": (
            "ApplicationFlow",
            "ClaimFlow",
            "EndorsementFlow",
            "InvoiceFlow",
            "NumberScheme",
            "PaymentFlow",
            "RegistrationFlow",
            "UsernameScheme",
        ),
        "mutualaid.rules.markers": ("hookimpl", "hookspec"),
        "mutualaid.rules.pack": ("DataPack",),
        "mutualaid.rules.packdata": ("PackData", "load_pack_data"),
        "mutualaid.rules.results": (
            "LEGAL_MINIMUM_WORKING_AGE",
            "AgeLimits",
            "AmountBasis",
            "EffectiveDate",
            "LinePrice",
            "MaterialRequirement",
            "PackInfo",
            "Quote",
            "Situation",
        ),
    },
)


def __getattr__(name: str) -> Any:
    return _FACE.attribute(name)


def __dir__() -> list[str]:
    return _FACE.names(globals())
