"""The enrolment life cycle: state machines with pure transitions, flows, payment, policies.

See docs/lifecycle.md for a walk through. The submodules:

* :mod:`~mutualaid.lifecycle.machine` — the generic machine (tables as data, replay);
* :mod:`~mutualaid.lifecycle.trail` — audit records;
* :mod:`~mutualaid.lifecycle.events` — domain events for hosts.

Layer 4.
"""

from __future__ import annotations

__all__: list[str] = []
