"""Yiyang's application numbers (CB…) through the service.

Seed 004 3. 参保缴费 (二) 缴费通知单: 「参保单号: CB20241108092137000001」; the list shows
「CB202410101...」 per application.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from service_helpers import line, people, registered, service

from mutualaid.errors import LifecycleError
from mutualaid.service.application_numbers import create_numbered_application

ON = datetime(2025, 12, 10, 9, 21, 37)


def test_yiyang_application_numbers_follow_the_cb_scheme() -> None:
    """CB, the time to the second, a six-digit counter."""
    svc = service(at=ON)
    registered(svc, "yiyang")
    first = create_numbered_application(
        svc, "U1", "yiyang", actor="U1", lines=(line("YY-HOSP-2026", "T60", people(1)),)
    ).entity
    assert first.id == "CB20251210092137000001"
    later = datetime(2025, 12, 11, 8, 0, 5)
    second = create_numbered_application(svc, "U1", "yiyang", actor="U1", at=later).entity
    assert second.id == "CB20251211080005000002"
    assert svc.store.audit_trail("application", second.id)[0].action == "save"


def test_a_region_that_does_not_number_applications_says_so() -> None:
    """Shenzhen's manual shows no application number scheme: the host names them."""
    svc = service(at=datetime(2026, 2, 2, 9))
    registered(svc, "shenzhen")
    with pytest.raises(LifecycleError, match="does not number applications"):
        create_numbered_application(svc, "U1", "shenzhen", actor="U1")
