"""Application numbers by the region's scheme (Yiyang's CB…), as payment notices follow JF….

Yiyang's system numbers each 参互申请单 itself: 「参保单号: CB20241108092137000001」
(seed 004 3. 参保缴费 (二)): ``CB``, the time to the second, a six-digit
counter. The pack's flow says so (``ApplicationFlow.application_number``, a
:class:`~mutualaid.rules.flows.NumberScheme`); :func:`create_numbered_application`
gives a new application the next number and creates it through the service.
Where the flow has no scheme the host names its applications
(:meth:`~mutualaid.service.Service.create_application`).

Layer 6.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mutualaid.errors import LifecycleError
from mutualaid.lifecycle import Outcome
from mutualaid.model import Application
from mutualaid.service.service import Service

__all__ = ["create_numbered_application", "next_application_number"]


def next_application_number(svc: Service, pack: str, at: datetime) -> str:
    """The next application number of ``pack``'s scheme at ``at``.

    The counter is one more than the stored applications numbered by the scheme.

    :raises LifecycleError: the region's system does not number applications.
    """
    scheme = svc.flow(pack, at.date()).application_number
    if scheme is None:
        raise LifecycleError(
            f"the {pack} system does not number applications",
            hint="Name the application yourself (Service.create_application).",
        )
    numbered = sum(1 for a in svc.store.all(Application) if scheme.matches(a.id))
    return scheme.format(numbered + 1, at)


def create_numbered_application(
    svc: Service,
    unit_id: str,
    pack: str,
    *,
    actor: str,
    at: datetime | None = None,
    **fields: Any,
) -> Outcome[Application]:
    """A new application of ``unit_id`` named by the region's scheme, saved with ``fields``.

    :raises LifecycleError: the region's system does not number applications.
    """
    now = at if at is not None else svc.clock()
    with svc.store.transaction():
        number = next_application_number(svc, pack, now)
        return svc.create_application(
            Application(number, unit_id, pack), actor=actor, at=now, **fields
        )
