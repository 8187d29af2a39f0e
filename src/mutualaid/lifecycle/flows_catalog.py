"""Deprecated: the five seed regions' flows, re-exported from their rule packs.

Each bundled pack owns its region's flow (``mutualaid_pack_weihai.flows``,
``mutualaid_pack_guangdong.flows``, ``mutualaid_pack_shenzhen.flows``,
``mutualaid_pack_linyi.flows``, ``mutualaid_pack_yiyang.flows``), built from
:mod:`mutualaid.rules.flows` only, so that loading a pack never imports the
life cycle. This module only re-exports those constants for the code that
still imports them from here; import them from the pack instead (or ask the
pack: :func:`~mutualaid.lifecycle.application.flow_from`). Nothing in
:mod:`mutualaid.lifecycle` imports this module, and it needs the bundled packs
installed.

>>> from mutualaid_pack_yiyang.flows import YIYANG_FLOW as owned
>>> YIYANG_FLOW is owned, sorted(FLOWS)
(True, ['guangdong', 'linyi', 'shenzhen', 'weihai', 'yiyang'])

Layer 4.
"""

from __future__ import annotations

from mutualaid_pack_guangdong.flows import GUANGDONG_FLOW
from mutualaid_pack_linyi.flows import LINYI_FLOW
from mutualaid_pack_shenzhen.flows import SHENZHEN_FLOW
from mutualaid_pack_weihai.flows import WEIHAI_FLOW, WEIHAI_REQUIRED_UNIT_FIELDS
from mutualaid_pack_yiyang.flows import YIYANG_FLOW, YIYANG_OFFLINE_MATERIALS

from mutualaid.rules.flows import ApplicationFlow

__all__ = [
    "FLOWS",
    "GUANGDONG_FLOW",
    "LINYI_FLOW",
    "SHENZHEN_FLOW",
    "WEIHAI_FLOW",
    "WEIHAI_REQUIRED_UNIT_FIELDS",
    "YIYANG_FLOW",
    "YIYANG_OFFLINE_MATERIALS",
]

#: The five flows by region code.
FLOWS: dict[str, ApplicationFlow] = {
    flow.region: flow
    for flow in (WEIHAI_FLOW, GUANGDONG_FLOW, SHENZHEN_FLOW, LINYI_FLOW, YIYANG_FLOW)
}
