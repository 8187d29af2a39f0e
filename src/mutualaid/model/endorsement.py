"""Endorsements (保单补充申请 / 保全, Shenzhen): new hires added to an effective policy.

An endorsement carries its own roster, effective date, payment and documents.

>>> from datetime import date
>>> from mutualaid.model import Member, Roster
>>> m = Member.from_resident_id("新员工", "440304199003070018")
>>> e = Endorsement(
...     id="BQ1",
...     policy_number="P2025-0001",
...     unit_id="U1",
...     effective_date=date(2025, 6, 1),
...     roster=Roster.of("shenzhen-medical-2025", [m], effective_date=date(2025, 6, 1)),
... )
>>> e.status.label, e.headcount, e.amount_due
('暂存', 1, None)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from mutualaid.model._fields import optional_money
from mutualaid.model.material import Material
from mutualaid.model.roster import Roster
from mutualaid.model.states import EndorsementStatus
from mutualaid.model.unit import Contact

__all__ = ["Endorsement"]


@attrs.frozen
class Endorsement:
    """One request to add members to an effective policy.

    :param id: the host's identifier.
    :param policy_number: the effective policy.
    :param unit_id: the unit.
    :param effective_date: 保全生效日期: the new members' cover starts then.
    :param roster: the members added.
    :param status: :class:`~mutualaid.model.states.EndorsementStatus`.
    :param amount_due: what the unit must pay, once priced.
    :param contact: the mutual-aid contact person for this request.
    :param materials: documents asked for and provided.
    """

    id: str
    policy_number: str
    unit_id: str
    effective_date: date
    roster: Roster
    status: EndorsementStatus = EndorsementStatus.DRAFT
    amount_due: Decimal | None = attrs.field(default=None, converter=optional_money)
    contact: Contact | None = None
    materials: tuple[Material, ...] = ()
    version: int = 0

    @property
    def headcount(self) -> int:
        """Distinct members added."""
        return self.roster.headcount
