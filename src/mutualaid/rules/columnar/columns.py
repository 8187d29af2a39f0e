"""A batch of members as columns: the evaluator's input.

One member is a batch of one (:meth:`MemberColumns.from_members`), a roster
a batch, a population many batches. Each column is a numpy array of the
same length; closed lists (ID type, gender, risk class) are small integer
codes, dates ``datetime64[D]`` (``NaT`` when unknown), flags ``bool``.
Cells are parsed into these columns by the roster layer
(:mod:`mutualaid.roster.member_cells`); what a cell could not say is
reported there and left unknown here.

>>> from mutualaid.model.member import Member
>>> batch = MemberColumns.from_members([Member.from_resident_id("张三", "110105198801010014")])
>>> len(batch), batch.id_number.tolist(), batch.gender.tolist(), str(batch.birth[0])
(1, ['110105198801010014'], [1], '1988-01-01')
>>> batch.member(0).key
('resident_id', '110105198801010014')

Since 0.2.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from mutualaid.model.kinds import Gender, IdType, MedicalInsuranceType, RiskClass
from mutualaid.model.member import Member

__all__ = [
    "FEMALE",
    "GENDERS",
    "ID_TYPES",
    "INVALID",
    "MALE",
    "RISK_CLASSES",
    "UNKNOWN",
    "MemberColumns",
]

#: ID types by code (the index); :data:`INVALID` (-1) is a cell naming none.
ID_TYPES: Final = tuple(IdType)
#: gender codes: :data:`UNKNOWN` (not given), :data:`MALE`, :data:`FEMALE`, :data:`INVALID`.
UNKNOWN: Final = 0
MALE: Final = 1
FEMALE: Final = 2
INVALID: Final = -1
GENDERS: Final = (None, Gender.MALE, Gender.FEMALE)
#: risk classes by code (the index).
RISK_CLASSES: Final = tuple(RiskClass)

_RESIDENT: Final = ID_TYPES.index(IdType.RESIDENT_ID)
_NAT_DAYS: Final = int(np.datetime64("NaT", "D").view(np.int64))
_EPOCH: Final = date(1970, 1, 1).toordinal()


def _objects(values: Sequence[Any]) -> npt.NDArray[np.object_]:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


@attrs.frozen(eq=False)
class MemberColumns:
    """The facts of ``n`` members, one array per fact.

    :param name: names (text).
    :param id_type: index into :data:`ID_TYPES`, or :data:`INVALID`.
    :param id_number: ID numbers as text (resident IDs: 18 characters, ``X``
        upper case; ``""`` when missing or refused by the cell parser).
    :param gender: the gender given (:data:`UNKNOWN` when the cell is empty).
    :param birth: the birth date given (``NaT`` when empty or unreadable).
    :param birth_given: the birth date cell is not empty (even if unreadable).
    :param retired: 是否退休.
    :param risk_class: index into :data:`RISK_CLASSES`.
    :param dispatched: 劳务派遣人员.
    :param own_social_security: on the unit's own social security.
    :param tier: the tier each row names (text as written, ``None``: the batch's).
    :param shares: the shares each row gives (0: the batch's).
    :param mobile: normalized mobiles or ``None`` (carried to members, not judged here).
    :param medical_insurance_type: carried to members.
    :param gig_worker: carried to members.
    :param usable: the row's cells were read well enough to judge it (ID type
        known, number present); rows that are not get no member rules.
    :param shares_given: the row gives its own shares (default: ``shares != 0``).
    :param gender_text: the gender cells as written, for messages (optional).
    :param checked: the row is a :class:`Member` already: its ID number was
        checked when it was made, and its gender and birth date are the person's.
    :param id_chars: optional, what a reader already knows of the ID numbers:
        an ``(n, 18)`` array holding the ASCII codes of each row's
        ``id_number`` that is 18 ASCII characters, and zeros in the other rows.
        The resident ID decoder reads it instead of joining the texts again
        (``None``: it reads the texts). It must match ``id_number``: a batch
        whose numbers are replaced (``attrs.evolve``) gives ``id_chars=None``.
        Since 0.4.
    """

    name: npt.NDArray[np.object_]
    id_type: npt.NDArray[np.int8]
    id_number: npt.NDArray[np.object_]
    gender: npt.NDArray[np.int8]
    birth: npt.NDArray[np.datetime64]
    birth_given: npt.NDArray[np.bool_]
    retired: npt.NDArray[np.bool_]
    risk_class: npt.NDArray[np.int8]
    dispatched: npt.NDArray[np.bool_]
    own_social_security: npt.NDArray[np.bool_]
    tier: npt.NDArray[np.object_]
    shares: npt.NDArray[np.int64]
    mobile: npt.NDArray[np.object_]
    medical_insurance_type: npt.NDArray[np.object_]
    gig_worker: npt.NDArray[np.bool_]
    usable: npt.NDArray[np.bool_]
    shares_given: npt.NDArray[np.bool_] = attrs.field(
        default=attrs.Factory(lambda self: self.shares != 0, takes_self=True)
    )
    gender_text: npt.NDArray[np.object_] | None = None
    checked: npt.NDArray[np.bool_] = attrs.field(
        default=attrs.Factory(lambda self: np.zeros(len(self.id_type), dtype=bool), takes_self=True)
    )
    id_chars: npt.NDArray[np.uint8] | None = None

    def __len__(self) -> int:
        return len(self.id_type)

    @classmethod
    def from_members(
        cls,
        members: Sequence[Member],
        *,
        tiers: Sequence[str | None] | None = None,
        shares: Sequence[int] | None = None,
    ) -> MemberColumns:
        """Members (already valid objects) as a batch; optional per-member tier and shares."""
        n = len(members)
        genders = {Gender.MALE: MALE, Gender.FEMALE: FEMALE}
        return cls(
            name=_objects([m.name for m in members]),
            id_type=np.array([ID_TYPES.index(m.id_type) for m in members], dtype=np.int8),
            id_number=_objects([m.id_number for m in members]),
            gender=np.array([genders.get(m.gender, UNKNOWN) for m in members], dtype=np.int8),
            birth=np.array(
                [
                    m.birth_date.toordinal() - _EPOCH if m.birth_date is not None else _NAT_DAYS
                    for m in members
                ],
                dtype=np.int64,
            ).view("M8[D]"),
            birth_given=np.array([m.birth_date is not None for m in members], dtype=bool),
            retired=np.array([m.retired for m in members], dtype=bool),
            risk_class=np.array([RISK_CLASSES.index(m.risk_class) for m in members], dtype=np.int8),
            dispatched=np.array([m.dispatched for m in members], dtype=bool),
            own_social_security=np.array([m.own_social_security for m in members], dtype=bool),
            tier=_objects(list(tiers) if tiers is not None else [None] * n),
            shares=np.array(list(shares) if shares is not None else [0] * n, dtype=np.int64),
            mobile=_objects([m.mobile for m in members]),
            medical_insurance_type=_objects([m.medical_insurance_type for m in members]),
            gig_worker=np.array([m.gig_worker for m in members], dtype=bool),
            usable=np.ones(n, dtype=bool),
            checked=np.ones(n, dtype=bool),
        )

    def member(
        self,
        i: int,
        *,
        gender: Gender | None = None,
        birth: Any = None,
    ) -> Member:
        """Row ``i`` as a :class:`Member` (gender and birth date as decided, when given)."""
        born = birth if birth is not None else self.birth[i]
        mit = self.medical_insurance_type[i]
        return Member(
            self.name[i],
            ID_TYPES[self.id_type[i]],
            self.id_number[i],
            gender if gender is not None else GENDERS[max(0, int(self.gender[i]))],  # type: ignore[arg-type]
            None if np.isnat(born) else born.item(),  # type: ignore[arg-type]
            self.mobile[i],
            mit if isinstance(mit, MedicalInsuranceType) else None,
            bool(self.gig_worker[i]),
            bool(self.retired[i]),
            RISK_CLASSES[self.risk_class[i]],
            bool(self.dispatched[i]),
            bool(self.own_social_security[i]),
        )

    def take(self, rows: npt.NDArray[np.intp]) -> MemberColumns:
        """The rows ``rows`` as a new batch."""
        columns = {f.name: getattr(self, f.name) for f in attrs.fields(type(self))}
        taken: dict[str, Any] = {k: v if v is None else v[rows] for k, v in columns.items()}
        return MemberColumns(**taken)

    @staticmethod
    def resident_code() -> int:
        """The code of :attr:`IdType.RESIDENT_ID`."""
        return _RESIDENT
