"""One error tree for the whole library.

Every error raised on purpose by :mod:`mutualaid` is a :class:`MutualAidError`.
Errors that describe bad *values* also subclass :class:`ValueError`, so code
that already catches ``ValueError`` keeps working. Each error can say

* **where** the problem is (:class:`Location`: file, sheet, row, column,
  field), when it knows, and
* **what to do** about it (``hint``), in words a unit's handler understands.

>>> from mutualaid.errors import InvalidIdentifier, Location
>>> err = InvalidIdentifier(
...     "check digit does not match",
...     location=Location(file="roster.xlsx", sheet="名单", row=7, column="证件号码"),
...     hint="Re-type the ID number from the ID card.",
... )
>>> print(err)
roster.xlsx, sheet 名单, row 7, column 证件号码: check digit does not match (Re-type the ID number from the ID card.)
>>> isinstance(err, ValueError)
True

No error shows a full ID number or mobile: the message, the hint, the
location and every text in ``details`` pass through
:func:`mutualaid.privacy.mask_message` when the error is made (and the
printed form once more, for a location filled in later):

>>> err = InvalidAmount("not an amount of money: '11010519491231002X'", value="13912345678")
>>> print(err, err.details)
not an amount of money: '110105********002X' {'value': '139****5678'}
>>> err.args
("not an amount of money: '110105********002X'",)

Layer 1: this module imports only :mod:`mutualaid.privacy` (itself layer 1).
"""

from __future__ import annotations

from typing import Any

import attrs

from mutualaid.privacy import mask_message, masked_data

__all__ = [
    "ActionNotAllowed",
    "AuditMissing",
    "ConcurrentModification",
    "ConversionError",
    "FloatNotAllowed",
    "GuardFailed",
    "InvalidAmount",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidDate",
    "InvalidFormat",
    "InvalidIdentifier",
    "InvalidLength",
    "InvalidParameter",
    "LifecycleError",
    "Location",
    "MissingColumn",
    "MissingFact",
    "MutualAidError",
    "NotFound",
    "PackAnswerError",
    "PackDataError",
    "PackError",
    "PackLoadError",
    "RosterError",
    "RosterFileError",
    "SchemaValidationError",
    "SheetNotFound",
    "StepNotInRegion",
    "StoreDamaged",
    "StoreError",
    "StoreReadOnly",
    "UnknownPack",
    "UnknownPlan",
]


@attrs.frozen
class Location:
    """Where a problem was found. Every part is optional.

    >>> str(Location(file="a.csv", row=3))
    'a.csv, row 3'
    >>> str(Location(field="members[2].id_number"))
    'field members[2].id_number'
    """

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        return ", ".join(parts)


class MutualAidError(Exception):
    """Root of every error this library raises on purpose.

    :param message: what is wrong, in one sentence.
    :param location: where it is wrong, when known.
    :param hint: what the user should do about it.
    :param details: any extra machine-readable facts (e.g. the bad value).
    """

    default_hint: str | None = None

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        **details: Any,
    ) -> None:
        message = mask_message(str(message))
        super().__init__(message)
        self.message = message
        self.location = location
        hint = hint if hint is not None else self.default_hint
        self.hint = mask_message(hint) if hint else hint
        self.details: dict[str, Any] = masked_data(details)

    def __str__(self) -> str:
        text = self.message
        if self.location is not None and str(self.location):
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return mask_message(text)

    def with_location(self, location: Location) -> MutualAidError:
        """Return the same error with ``location`` filled in (for re-raising)."""
        self.location = location
        return self


# --- values: identifiers and money ----------------------------------------


class InvalidIdentifier(MutualAidError, ValueError):
    """An ID number, USCC, organization code or mobile number is not valid."""


class InvalidLength(InvalidIdentifier):
    """The identifier has the wrong number of characters."""


class InvalidFormat(InvalidIdentifier):
    """The identifier contains characters that are not allowed where they are."""


class InvalidChecksum(InvalidIdentifier):
    """The identifier's check character does not match the rest."""


class InvalidComponent(InvalidIdentifier):
    """A part of the identifier is impossible (e.g. a birth date in the future)."""


class InvalidAmount(MutualAidError, ValueError):
    """A money amount cannot be used (not a number, too many decimals, negative...)."""


class FloatNotAllowed(InvalidAmount, TypeError):
    """Money was given as a ``float``; give a ``Decimal``, ``int`` or ``str``."""

    default_hint = "Pass Decimal('12.34') or the text '12.34'; floats cannot hold yuan exactly."


# --- model and serialization ------------------------------------------------


class ConversionError(MutualAidError, ValueError):
    """Data could not be converted to or from a model object."""


class SchemaValidationError(MutualAidError, ValueError):
    """Data does not match its JSON Schema."""


# --- rule packs ---------------------------------------------------------------


class PackError(MutualAidError):
    """Something is wrong with a rule pack."""


class PackLoadError(PackError):
    """A rule pack could not be loaded (import error, bad hook implementation...)."""


class PackDataError(PackError, ValueError):
    """A rule pack's data file is invalid; ``location`` names the file and key path."""


class PackAnswerError(PackError):
    """A pack's hook answered something the core cannot rely on (``details``: ``pack``, ``hook``).

    The engine checks every answer (a finding's registered code, a price's
    exact non-negative amount, an effective date inside the coverage) and
    names the pack whose implementation gave it.
    """

    default_hint = (
        "Fix the pack's hook (docs/pack-authors.md lists what an answer must keep to), "
        "or run `pytest --mutualaid-pack=NAME` to find every such answer."
    )


class UnknownPack(PackError, LookupError):
    """No installed rule pack has that name or serves that region."""

    default_hint = "Run `mutualaid packs` to list the installed packs."


class UnknownPlan(PackError, LookupError):
    """The pack has no plan with that code on that date."""

    default_hint = "Run `mutualaid packs` to list each pack's plans."


# --- rosters ------------------------------------------------------------------


class RosterError(MutualAidError):
    """A roster cannot be read or used as a whole."""


class RosterFileError(RosterError, ValueError):
    """The roster file is not a readable spreadsheet (wrong format, corrupt, protected...)."""


class SheetNotFound(RosterError, LookupError):
    """The requested sheet is not in the workbook."""


class MissingColumn(RosterError, ValueError):
    """A required column is missing from the header row."""


# --- life cycle and stores ------------------------------------------------------


class LifecycleError(MutualAidError):
    """A life-cycle action cannot be carried out."""


class ActionNotAllowed(LifecycleError):
    """The action is not allowed in the entity's current state."""


class GuardFailed(LifecycleError):
    """The action is allowed in this state, but a business rule blocks it now."""


class ConcurrentModification(LifecycleError):
    """The entity was changed by someone else since it was read (version mismatch)."""

    default_hint = "Read the entity again and retry the action."


class MissingFact(LifecycleError, TypeError):
    """A developer error: a guard needs a fact the caller did not give (``details["fact"]`` names it)."""


class StepNotInRegion(ActionNotAllowed):
    """The region's flow has no such step at all ("Weihai has no endorsements")."""


class InvalidParameter(LifecycleError, TypeError):
    """A developer error: an action's parameter is not of the type its transition declares."""


class StoreError(MutualAidError):
    """A store could not read or write."""


class NotFound(StoreError, LookupError):
    """No record with that key is in the store."""


class AuditMissing(StoreError):
    """A write that changes an entity's version came without the audit record of that step."""

    default_hint = (
        "Pass the step's audit record, as a machine's Outcome carries it: "
        "store.update(out.entity, audit=[out.audit], events=out.events)."
    )


class StoreDamaged(StoreError):
    """The store's file or database is damaged: a table is missing, a row is unreadable."""

    default_hint = (
        "Restore the store from a backup; the data was changed outside mutualaid "
        "or the file is corrupt."
    )


class StoreReadOnly(StoreError):
    """A write was asked of a store opened read-only."""

    default_hint = "Open the store without read_only=True to write."


# --- dates (added by the dates/retirement engineer) ------------------------------


class InvalidDate(MutualAidError, ValueError):
    """A date cannot be used: unreadable text, impossible day, out of range, before birth..."""
