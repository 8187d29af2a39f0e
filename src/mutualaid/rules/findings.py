"""Findings: what a rule says about a member, a roster, an application or an invoice.

A :class:`Finding` is a value: a stable dotted English ``code`` (what kind of
problem), a :class:`Severity` (does it block, does it need a document), a
Chinese ``message`` for the unit's handler, where it applies (``column``,
``field``, ``row``), the numbers behind it (``params``) and, when a rule pack
produced it, an :class:`~mutualaid.rules.explain.Explanation`.

Codes are stable: host applications and tests match on them, never on the
message. The core's codes are listed in :data:`CODES`; a pack adds its own
under its name (``yiyang.tier_mismatch``), and other layers under theirs
(the roster layer's ``id.format``, ``field.required``, ...).

>>> f = Finding.error("age.below_minimum", "未满16周岁，不能参保", field="birth_date", minimum=16, age=15)
>>> f.severity, f.blocking, f.params["age"]
(<Severity.ERROR: 'error'>, True, 15)
>>> print(f)
[error] age.below_minimum: 未满16周岁，不能参保 (field birth_date)
>>> Finding.needs_material("age.over_retirement", "超龄未退休，须上传证明").blocking
False
>>> sorted({Finding.warning("x.y", "提示"), Finding.warning("x.y", "提示")}, key=str)
[Finding(code='x.y', severity=<Severity.WARNING: 'warning'>, message='提示', ...)]

Since 0.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from mutualaid.privacy import mask_message

if TYPE_CHECKING:
    from mutualaid.messages import Lang
    from mutualaid.rules.explain import Explanation

__all__ = [
    "CODES",
    "CODE_PATTERN",
    "Finding",
    "Severity",
    "blocking",
    "by_code",
]

#: A code is lowercase dotted words: ``area.what`` or ``pack.area.what``.
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class Severity(StrEnum):
    """How serious a finding is.

    * ``error``: blocks the step (the row or the application must be fixed);
    * ``needs_material``: allowed once a document is supplied and reviewed
      (e.g. the stamped over-age roster);
    * ``warning``: worth a look, blocks nothing.

    >>> [s.label for s in Severity]
    ['错误', '需补充材料', '提示']
    >>> Severity.ERROR.rank < Severity.WARNING.rank
    True
    """

    ERROR = "error"
    NEEDS_MATERIAL = "needs_material"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The Chinese word shown to a unit's handler."""
        return _SEVERITY_LABELS[self.value]

    @property
    def rank(self) -> int:
        """0 for the most serious: sort findings by it."""
        return _SEVERITY_RANKS[self.value]


_SEVERITY_LABELS = {"error": "错误", "needs_material": "需补充材料", "warning": "提示"}
_SEVERITY_RANKS = {"error": 0, "needs_material": 1, "warning": 2}


def _freeze(params: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(params or {}))


def _check_code(_instance: object, _attribute: object, code: str) -> None:
    if not CODE_PATTERN.match(code):
        raise ValueError(
            f"finding code must be dotted lowercase words like 'age.over_retirement', not {code!r}"
        )


@attrs.frozen
class Finding:
    """One thing a rule found.

    :param code: stable dotted English code, e.g. ``age.over_retirement``.
    :param severity: :class:`Severity`.
    :param message: Chinese text for the unit's handler.
    :param column: the roster column (Chinese header) it concerns, if any.
    :param field: the canonical field (``birth_date``, ``declared.insured_headcount``), if any.
    :param params: the facts behind it (limits, counts, dates), for reports and translations.
    :param explanation: which pack and which dated values produced it.
    :param row: the roster row (1-based, as the spreadsheet shows it), once known.
    """

    code: str = attrs.field(validator=_check_code)
    severity: Severity = attrs.field(converter=Severity)
    message: str = attrs.field(converter=mask_message)  # no full ID or mobile, wherever it sat
    column: str | None = None
    field: str | None = None
    params: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze, hash=False, repr=False)
    explanation: Explanation | None = attrs.field(default=None, hash=False, repr=False, eq=False)
    row: int | None = None

    @classmethod
    def of(
        cls,
        severity: Severity,
        code: str,
        message: str,
        *,
        column: str | None = None,
        field: str | None = None,
        explanation: Explanation | None = None,
        **params: Any,
    ) -> Finding:
        """A finding; keyword arguments other than ``column``, ``field`` and ``explanation`` become ``params``."""
        return cls(code, severity, message, column, field, params, explanation)

    @classmethod
    def error(cls, code: str, message: str, **details: Any) -> Finding:
        """A blocking finding (``details`` as for :meth:`of`)."""
        return cls.of(Severity.ERROR, code, message, **details)

    @classmethod
    def needs_material(cls, code: str, message: str, **details: Any) -> Finding:
        """A finding cleared by supplying a document (``params['material']`` names its kind)."""
        return cls.of(Severity.NEEDS_MATERIAL, code, message, **details)

    @classmethod
    def warning(cls, code: str, message: str, **details: Any) -> Finding:
        """A finding that blocks nothing."""
        return cls.of(Severity.WARNING, code, message, **details)

    @property
    def blocking(self) -> bool:
        """True for errors: the step cannot go on until it is fixed."""
        return self.severity is Severity.ERROR

    @property
    def namespace(self) -> str:
        """The first word of the code: ``age``, ``roster``, ``yiyang``..."""
        return self.code.split(".", 1)[0]

    def text(self, lang: Lang = "zh") -> str:
        """The message in ``lang``: ``"zh"`` the Chinese :attr:`message`, ``"en"`` its English.

        The English is found by code (:data:`mutualaid.messages.english.FINDINGS`)
        and filled from :attr:`params`; ``{column}`` reads the field's English name.

        >>> f = Finding.error("age.below_minimum", "年龄15周岁，未满本计划的最低参保年龄16周岁",
        ...                   field="birth_date", age=15, minimum=16)
        >>> f.text("en")
        "Aged 15, under the plan's minimum age of 16"
        >>> f.text() == f.message
        True
        """
        from mutualaid.messages import finding_text  # layer 1; imported here, not at module level

        # the English is filled from params, so it passes the same masking rule as message
        return mask_message(
            finding_text(
                self.code,
                self.message,
                self.params,
                lang,
                column=self.column,
                field=self.field,
                row=self.row,
            )
        )

    def at_row(self, row: int) -> Finding:
        """The same finding placed on a roster row."""
        return attrs.evolve(self, row=row)

    def explained(self, explanation: Explanation | None) -> Finding:
        """The same finding with an explanation attached."""
        return attrs.evolve(self, explanation=explanation)

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        if self.field is not None:
            where.append(f"field {self.field}")
        text = f"[{self.severity.value}] {self.code}: {self.message}"
        return f"{text} ({', '.join(where)})" if where else text


def blocking(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Only the errors.

    >>> blocking([Finding.warning("a.b", "x"), Finding.error("a.c", "y")])[0].code
    'a.c'
    """
    return tuple(f for f in findings if f.blocking)


def by_code(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Group findings by code, keeping their order.

    >>> list(by_code([Finding.warning("a.b", "x"), Finding.error("a.c", "y"), Finding.warning("a.b", "z")]))
    ['a.b', 'a.c']
    """
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.code, []).append(f)
    return groups


#: The codes the core's rules emit, with what each means. Packs add ``<pack>.<what>`` codes.
CODES: Mapping[str, str] = MappingProxyType(
    {
        # member eligibility
        "age.unknown": "the member's birth date is unknown, so age rules cannot be checked",
        "age.below_minimum": "younger than the plan's minimum age (never below 16, the legal minimum working age)",
        "age.above_maximum": "older than the plan's maximum age",
        "age.over_retirement": "past the statutory retirement age and not retired: proof material needed",
        "member.dispatched_proof": "a member not on the unit's own social security or medical insurance: proof needed",
        "member.gender_required": "an ID type other than the resident ID needs the gender given",
        "member.birth_date_required": "an ID type other than the resident ID needs the birth date given",
        "member.risk_class_not_offered": "the plan does not offer the member's risk class",
        # roster
        "roster.row_limit": "more rows than one import may hold",
        "roster.empty": "the roster has no members",
        "roster.plan_mismatch": "a row names a plan other than the roster's",
        "roster.tier_mixed": "rows of one plan use different tiers where the unit may choose only one",
        "roster.shares_out_of_range": "shares below 1 or above the plan's share limit",
        "roster.unknown_tier": "a row names a tier the plan does not have",
        # application
        "application.too_many_plans": "more plans in one application than the pack allows",
        "application.tier_differs_from_prior": "the unit already chose another tier of this plan",
        "application.declared_missing": "a declared count the pack requires is missing",
        "roster.count_mismatch": "the enrolled count differs from the declared count",
        "roster.shares_mismatch": "a roster entry's shares differ from the shares chosen on its application line",
        "roster.tier_mismatch": "a roster entry's tier differs from the tier chosen on its application line",
        "application.participation_ratio": "enrolled members / declared headcount is below the pack's minimum",
        "application.terms_not_accepted": "the notice of terms has not been accepted",
        # invoicing
        "invoice.after_settlement_day": "the request is after the month's settlement day",
        "invoice.per_capita_cap": "the invoiced amount per member exceeds the cap",
        "invoice.title_mismatch": "the invoice title differs from the unit's name",
        "invoice.group_by_parent": "a subsidiary of a group enrolment asked for an invoice; the parent unit invoices",
        "invoice.early_needs_commitment_letter": "an early invoice needs the stamped commitment letter",
        "invoice.early_not_allowed": "the pack does not allow invoices before payment",
        "invoice.stamped_confirmation_missing": "the stamped e-policy (参保确认书) is not uploaded with the request",
        # claim cases
        "claim.type_not_in_plan": "the plan of the claimant's policy does not offer the claim type",
        "claim.duplicate_case": "the claimant has another live case of the type for the same event",
        "claim.filed_too_late": "the case was filed later after the incident than the pack allows",
        "claim.incident_after_filing": "the incident date is after the day the case was filed",
        "claim.materials_missing": "a material the pack requires for the claim type is not uploaded",
        "claim.payee_missing": "no payee (领款人) is recorded",
        "claim.incident_missing": "no incident (出险信息) is recorded",
        "claim.settlement_sheet_missing": "a case of a type the pack names has no settlement sheet (结算单)",
    }
)
