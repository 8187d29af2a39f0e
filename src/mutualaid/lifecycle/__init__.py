"""The enrolment life cycle: state machines with pure transitions, flows, payment, policies.

See docs/lifecycle.md for a walk through. The submodules:

* :mod:`~mutualaid.lifecycle.machine` — the generic machine (tables as data, replay);
* :mod:`~mutualaid.lifecycle.trail` — audit records;
* :mod:`~mutualaid.lifecycle.events` — domain events for hosts;
* :mod:`~mutualaid.lifecycle.application` — the application machine per region's flow;
* :mod:`~mutualaid.lifecycle.registration` — unit registration, numbers, usernames, changes;
* :mod:`~mutualaid.lifecycle.payment` — payment notices, vouchers, effective dates;
* :mod:`~mutualaid.lifecycle.invoicing` — invoice requests;
* :mod:`~mutualaid.lifecycle.policies` — policies, endorsements, cover;
* :mod:`~mutualaid.lifecycle.flows_catalog` — the five regions' worked flows.

Layer 4.
"""

from __future__ import annotations

__all__: list[str] = []
