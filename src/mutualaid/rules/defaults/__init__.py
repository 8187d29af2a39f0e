"""The core's default rules: small plugins by concern, registered ``trylast``.

Most regional differences are switches and numbers, so the defaults
implement the common rules once and read the active pack's dated parameters
(``rules.cite(name, on)``) to decide whether and how each applies. A pack
then only writes data; it writes Python for what data cannot say.

The defaults are the modules of :data:`DEFAULT_PLUGINS` (as pytest's
``default_plugins`` and datasette's ``DEFAULT_PLUGINS``), each answering the
hooks of one concern, registered by the engine in that order, every hook
``trylast`` so any pack's answer comes first:

=========================  ===============================================================
module                     what it decides
=========================  ===============================================================
``registry``               the parameter registry; the values the core cites; no plans
``eligibility``            age limits, retirement, other ID types, dispatched workers
``roster``                 a roster as a whole and each entry against its plan
``application``            plans per application, tiers, declared counts, ratio, terms
``pricing``                a member's, an application's, an endorsement's, a group's price
``effective``              when cover starts (application, endorsement)
``invoicing``              settlement day, title, group invoicing, cap, stamped papers
``materials``              documents a step needs
``claims``                 claim types, materials per claim type, the case rules
``templates``              the roster template's columns, the neutral flow
``benefits``               the standard benefit steps when a pack lists none
=========================  ===============================================================

(``payment`` declares the payment parameters and has no hook.) Each rule of
a list hook is a :class:`~mutualaid.rules.defaults.rule.Rule` named
``"<module>.<function>"``; :data:`RULES` lists them all. A pack replaces or
switches off one of them with ``mutualaid_replace_rules`` (docs/pack-authors.md).
The parameters each module declares (``PARAMETERS``) make up
:data:`~mutualaid.rules.defaults.registry.REGISTRY`, the table of docs/hooks.md.

>>> [m.__name__.rsplit(".", 1)[1] for m in DEFAULT_PLUGINS]
['registry', 'eligibility', 'roster', 'application', 'pricing', 'effective', 'invoicing', 'materials', 'claims', 'templates', 'benefits']
>>> RULES["invoicing.title_matches_unit"].codes
('invoice.title_mismatch',)

Since 0.1 (one ``CoreDefaults`` class until the rules were split by concern).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType, ModuleType

from mutualaid.rules.defaults import (
    application,
    benefits,
    claims,
    effective,
    eligibility,
    invoicing,
    materials,
    pricing,
    registry,
    roster,
    templates,
)
from mutualaid.rules.defaults.eligibility import (
    above_maximum_finding,
    below_minimum_finding,
    over_retirement_finding,
    over_retirement_material,
)
from mutualaid.rules.defaults.registry import REGISTRY
from mutualaid.rules.defaults.rule import Rule
from mutualaid.rules.participation import participation_ratio, ratio_fields

__all__ = [
    "DEFAULT_PLUGINS",
    "REGISTRY",
    "RULES",
    "Rule",
    "above_maximum_finding",
    "below_minimum_finding",
    "over_retirement_finding",
    "over_retirement_material",
    "participation_ratio",
    "ratio_fields",
]

#: The core's default plugins, in registration order.
DEFAULT_PLUGINS: tuple[ModuleType, ...] = (
    registry,
    eligibility,
    roster,
    application,
    pricing,
    effective,
    invoicing,
    materials,
    claims,
    templates,
    benefits,
)

#: Every replaceable default rule by name (``"<module>.<function>"``).
RULES: Mapping[str, Rule] = MappingProxyType(
    {rule.name: rule for module in DEFAULT_PLUGINS for rule in getattr(module, "RULES", ())}
)
