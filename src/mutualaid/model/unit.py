"""Units (参保单位 / 会员单位 / 基层工会), their contacts and parent/subsidiary links.

>>> handler = Contact("王五", mobile="13526589854", id_number="11010519491231002X")
>>> handler
Contact(name='王五', mobile='135****9854', id_number='110105********002X')
>>> unit = Unit(
...     id="U1",
...     name="威海测试有限公司",
...     code_kind=UnitCodeKind.USCC,
...     code="91371000MA3C0000X1",
...     region="weihai",
...     handler=handler,
... )
>>> unit.status.label
'未提交'
>>> unit.missing_fields(["name", "handler", "union_chair", "address"])
('union_chair', 'address')

A contact's phone (联系方式) may be a landline; it is kept as written, and only
phone text is accepted (digits, spaces, hyphens, ``+``, brackets):

>>> Contact("负责人", "0631-5201234")
Contact(name='负责人', mobile='063****1234', id_number=None)
>>> Contact("负责人", "电话0631-5201234")
Traceback (most recent call last):
...
mutualaid.errors.InvalidFormat: field mobile: phone number: character 1 must be a digit, a space, '-', '+', '(' or ')' (Give the contact's phone number: a mobile or a landline with its area code.)

A subsidiary asks to be linked to its group HQ; the HQ confirms:

>>> import attrs
>>> link = UnitLink(parent_id="HQ", subsidiary_id="U1", requested_by="U1")
>>> attrs.evolve(link, status=LinkStatus.CONFIRMED).status.label
'已关联'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import attrs

from mutualaid.deprecation import warn_renamed
from mutualaid.errors import InvalidFormat, Location
from mutualaid.model._fields import masked_id, masked_mobile
from mutualaid.model.kinds import Region, UnitCodeKind, UnitType
from mutualaid.model.states import LinkStatus, RegistrationStatus

__all__ = ["PHONE_PATTERN", "Contact", "Unit", "UnitLink", "phone_text"]

#: A contact's phone as people write it: digits, spaces, hyphens, ``+``, brackets,
#: at least one digit; ``*`` keeps a masked copy (a printed document shows
#: contacts masked) a valid contact. The JSON Schemas use the same pattern.
PHONE_PATTERN: Final = r"^[0-9 ()+*-]*[0-9][0-9 ()+*-]*$"
_PHONE: Final = re.compile(PHONE_PATTERN)
_PHONE_FIELD: Final = Location(field="mobile")
_PHONE_HINT: Final = "Give the contact's phone number: a mobile or a landline with its area code."


def phone_text(value: str | None) -> str | None:
    """A contact's phone as written (mobile or landline), or ``None``; the converter of
    :attr:`Contact.mobile`.

    Text that does not match :data:`PHONE_PATTERN` raises
    :class:`~mutualaid.errors.InvalidFormat` naming the field, never the value.

    >>> phone_text("(0631) 520 1234"), phone_text(None)
    ('(0631) 520 1234', None)
    >>> phone_text("--")
    Traceback (most recent call last):
    ...
    mutualaid.errors.InvalidFormat: field mobile: phone number: has no digit (Give the contact's phone number: a mobile or a landline with its area code.)
    """
    if value is None or (value.__class__ is str and _PHONE.fullmatch(value)):
        return value
    if value.__class__ is not str:  # a number from a spreadsheet, say
        problem = f"must be text, not {type(value).__name__}"
    else:
        bad = next((i for i, ch in enumerate(value, 1) if ch not in "0123456789 ()+*-"), None)
        problem = (
            "has no digit"
            if bad is None
            else f"character {bad} must be a digit, a space, '-', '+', '(' or ')'"
        )
    raise InvalidFormat(f"phone number: {problem}", location=_PHONE_FIELD, hint=_PHONE_HINT)


@attrs.frozen
class Contact:
    """A person who acts for a unit: handler (经办人), union chair (工会主席), ...

    :param name: 姓名.
    :param mobile: 联系方式: a mobile or a landline, kept as written (:func:`phone_text`
      refuses anything else). Masked in ``repr``.
    :param id_number: 身份证号码, when the region asks it (free text). Masked in ``repr``.
    """

    name: str
    mobile: str | None = attrs.field(default=None, repr=masked_mobile, converter=phone_text)
    id_number: str | None = attrs.field(default=None, repr=masked_id)


@attrs.frozen
class UnitLink:
    """A parent/subsidiary relation (上下级关系, Guangdong): one side asks, the other confirms.

    :param parent_id: the group HQ's unit id.
    :param subsidiary_id: the subsidiary's unit id.
    :param requested_by: the unit id of the side that asked (either one).
    :param status: :class:`~mutualaid.model.states.LinkStatus`.
    """

    parent_id: str
    subsidiary_id: str
    requested_by: str
    status: LinkStatus = LinkStatus.REQUESTED
    version: int = 0

    @property
    def confirming_unit_id(self) -> str:
        """The unit that must confirm: the side that did not ask.

        >>> UnitLink("HQ", "S1", requested_by="HQ").confirming_unit_id
        'S1'
        """
        return self.subsidiary_id if self.requested_by == self.parent_id else self.parent_id


def _empty(value: object) -> bool:
    return value is None or value == "" or value is False or value == ()


@attrs.frozen
class Unit:
    """A unit that enrols its staff.

    :param id: the host's identifier.
    :param name: full name (全称), as on invoices and seals.
    :param code_kind: USCC or organization code.
    :param code: the USCC (18 characters) or organization code (9 characters).
    :param unit_type: 单位类型 / 单位性质.
    :param region: region code served by a rule pack (``"weihai"``).
    :param union_affiliation: 所属工会 / 隶属地区 (e.g. ``"环翠区总工会"``).
    :param address: 单位详细地址.
    :param handler: 经办人 (the contact who operates the system).
    :param union_chair: 工会主席.
    :param contact_email: 邮箱 (invoices are sent there).
    :param unit_number: 单位编号 issued at registration (Weihai: the login).
    :param status: the registration status (:class:`~mutualaid.model.states.RegistrationStatus`).
    :param parent_link: the link to a group HQ, if any.
    :param has_e_seal: an e-seal (电子印章) is on file (Weihai: upload voucher instead of printing).
    :param has_registration_certificate: the registration certificate (注册证件) is on file.
    :param legal_representative: 法定代表人 (Guangdong's registration).
    :param prior_policy_numbers: earlier policies bound for continuity (历史保单绑定).
    """

    id: str
    name: str
    code_kind: UnitCodeKind
    code: str
    unit_type: UnitType | None = None
    region: Region | None = None
    union_affiliation: str | None = None
    address: str | None = None
    handler: Contact | None = None
    union_chair: Contact | None = None
    contact_email: str | None = None
    unit_number: str | None = None
    status: RegistrationStatus = RegistrationStatus.DRAFT
    parent_link: UnitLink | None = None
    has_e_seal: bool = False
    has_registration_certificate: bool = False
    legal_representative: Contact | None = None
    prior_policy_numbers: tuple[str, ...] = ()
    version: int = 0

    def missing_fields(self, required: Iterable[str]) -> tuple[str, ...]:
        """The names in ``required`` whose value is empty (None, "", False, ()).

        Rule packs say which fields a complete unit has (Weihai blocks
        submission until the unit's information is complete).
        """
        return tuple(name for name in required if _empty(getattr(self, name)))

    @property
    def registration_status(self) -> RegistrationStatus:
        """Deprecated (0.2): the old name of :attr:`status`; warns, read-only.

        The constructor and :func:`attrs.evolve` take ``status=`` only.
        """
        warn_renamed("Unit.registration_status", "Unit.status", stacklevel=3)
        return self.status

    @property
    def parent_id(self) -> str | None:
        """The confirmed parent unit's id, if this unit is a confirmed subsidiary."""
        link = self.parent_link
        if link is not None and link.status is LinkStatus.CONFIRMED:
            return link.parent_id
        return None
