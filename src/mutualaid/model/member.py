"""Members (职工 / 参保人): the people a unit enrols.

A resident ID (居民身份证) carries birth date and gender, so
:meth:`Member.from_resident_id` derives them; for other ID types the roster
gives them and the plain constructor takes them.

>>> m = Member.from_resident_id("张三", "11010519491231002x", mobile="13912345678")
>>> m.gender, m.birth_date, m.id_type
(<Gender.FEMALE: 'female'>, datetime.date(1949, 12, 31), <IdType.RESIDENT_ID: 'resident_id'>)
>>> m
Member(name='张三', id_type=<IdType.RESIDENT_ID: 'resident_id'>, id_number='110105********002X', gender=<Gender.FEMALE: 'female'>, birth_date='1949-**-**', mobile='139****5678', medical_insurance_type=None, gig_worker=False, retired=False, risk_class=<RiskClass.NORMAL: 'normal'>, dispatched=False, own_social_security=True)
>>> m.id_number  # the full value takes an explicit attribute access
'11010519491231002X'
>>> import attrs
>>> attrs.evolve(m, risk_class=RiskClass.HIGH_RISK).risk_class.label
'高危'

A mobile is checked and normalized to its 11 digits when the member is made
(so a store gives back what it was given); an invalid one is refused, naming
the field and never quoting the number:

>>> Member.from_resident_id("张三", "11010519491231002X", mobile="+86 139 1234 5678").mobile
'13912345678'
>>> Member.from_resident_id("张三", "11010519491231002X", mobile="1391234567")
Traceback (most recent call last):
...
mutualaid.errors.InvalidLength: field mobile: mobile number: length is 10, not 11 (Re-type the member's mobile number: 11 digits starting with 1.)

A passport holder:

>>> from datetime import date
>>> Member("John Smith", IdType.PASSPORT, "E12345678", Gender.MALE, date(1980, 2, 3)).key
('passport', 'E12345678')
"""

from __future__ import annotations

from datetime import date
from typing import Final

import attrs

from mutualaid.errors import InvalidIdentifier, Location
from mutualaid.ids import mobile as _mobile
from mutualaid.ids import parse_resident_id
from mutualaid.model._fields import masked_birth_date, masked_id, masked_mobile
from mutualaid.model.kinds import Gender, IdType, MedicalInsuranceType, RiskClass

__all__ = ["Member", "normalized_mobile"]

_GENDERS: Final = {"male": Gender.MALE, "female": Gender.FEMALE}
_MOBILE_FIELD: Final = Location(field="mobile")
#: What :func:`mutualaid.ids.mobile.validate` returns: 11 ASCII digits, 13 to 19 first.


def normalized_mobile(value: str | None) -> str | None:
    """A member's mobile as its 11 digits (:func:`mutualaid.ids.mobile.validate`), or ``None``.

    The converter of :attr:`Member.mobile`. Normalized numbers (what the roster
    check and ``from_data`` give) pass without parsing, so building a member
    stays cheap; anything else is validated and raises a subclass of
    :class:`~mutualaid.errors.InvalidIdentifier` whose location names the field.

    >>> normalized_mobile("139-1234-5678"), normalized_mobile(None)
    ('13912345678', None)
    """
    if value is None:
        return None
    if _mobile.is_normalized(value):
        return value
    try:
        return _mobile.validate(value)
    except InvalidIdentifier as exc:
        raise exc.with_location(_MOBILE_FIELD) from None


@attrs.frozen
class Member:
    """One insured employee (in a claim: the claimant member, 出险人).

    Construction is cheap on purpose: the roster layer checks each row before it
    builds a member, and builds one per accepted row. The one check is the
    mobile's (:func:`normalized_mobile`), which lets a normalized number through
    at once.

    :param name: 姓名.
    :param id_type: 证件类型.
    :param id_number: 证件号码, normalized (resident IDs: 18 characters, ``X`` upper case).
      Masked in ``repr``.
    :param gender: 性别.
    :param birth_date: 出生日期; only its year shows in ``repr``.
    :param mobile: 手机号码, a mainland mobile normalized to 11 digits (``+86``, spaces and
      hyphens removed); an invalid one is refused. Masked in ``repr``.
    :param medical_insurance_type: 医保类型, when the roster gives it (Yiyang).
    :param gig_worker: 新业态从业者.
    :param retired: 是否退休 (retired and re-employed, or the roster's 退休超龄 flag).
    :param risk_class: 普通 or 高危 (Linyi prices high-risk members apart).
    :param dispatched: 劳务派遣人员 (dispatched worker).
    :param own_social_security: paid into the unit's own social security / medical
      insurance (Guangdong asks proof for members who are not).
    """

    name: str
    id_type: IdType
    id_number: str = attrs.field(repr=masked_id)
    gender: Gender
    birth_date: date = attrs.field(repr=masked_birth_date)
    mobile: str | None = attrs.field(default=None, repr=masked_mobile, converter=normalized_mobile)
    medical_insurance_type: MedicalInsuranceType | None = None
    gig_worker: bool = False
    retired: bool = False
    risk_class: RiskClass = RiskClass.NORMAL
    dispatched: bool = False
    own_social_security: bool = True

    @classmethod
    def from_resident_id(
        cls,
        name: str,
        id_number: str,
        *,
        mobile: str | None = None,
        medical_insurance_type: MedicalInsuranceType | None = None,
        gig_worker: bool = False,
        retired: bool = False,
        risk_class: RiskClass = RiskClass.NORMAL,
        dispatched: bool = False,
        own_social_security: bool = True,
        on: date | None = None,
        id_type: IdType = IdType.RESIDENT_ID,
    ) -> Member:
        """A member identified by a resident ID number; gender and birth date come from it.

        The number is validated and normalized (15-digit numbers upgraded, ``x``
        upper-cased); an invalid one raises a subclass of
        :class:`~mutualaid.errors.InvalidIdentifier`. ``on`` rejects a birth date
        after that day. ``id_type`` may be :attr:`IdType.HMT_RESIDENCE_PERMIT`, whose
        numbers follow the same standard (they start with 81, 82 or 83).

        >>> Member.from_resident_id("李四", "110105491231002").id_number
        '11010519491231002X'
        >>> Member.from_resident_id("李四", "110105194912310021")
        Traceback (most recent call last):
        ...
        mutualaid.errors.InvalidChecksum: ...
        """
        parsed = parse_resident_id(id_number, on=on)
        return cls(
            name,
            id_type,
            parsed.number,
            _GENDERS[parsed.gender],
            parsed.birth_date,
            mobile,
            medical_insurance_type,
            gig_worker,
            retired,
            risk_class,
            dispatched,
            own_social_security,
        )

    @property
    def key(self) -> tuple[str, str]:
        """``(id_type, id_number)``: what makes two roster rows the same person."""
        return (self.id_type.value, self.id_number)
