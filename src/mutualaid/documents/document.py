"""What every printed document can do: mask, print its lines, export to data, JSON and .xlsx.

Layer 4.
"""

from __future__ import annotations

import json
import os
from typing import IO, Any, Self

import attrs
from openpyxl import Workbook

from mutualaid.documents._text import mask_contact
from mutualaid.documents.cells import save_workbook, sheet_title, text_cell
from mutualaid.documents.members import MemberList
from mutualaid.documents.parties import UnitParticulars, mask_vouchers
from mutualaid.model import Contact, PaymentVoucher
from mutualaid.serialization import to_data

__all__ = ["Document"]


class Document:
    """What every document can do; each subclass (a frozen attrs class) gives :meth:`lines`."""

    title: str

    def masked(self) -> Self:
        """The same document with personal data masked: contacts, payer accounts, members."""
        changes: dict[str, Any] = {}
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if isinstance(value, UnitParticulars | MemberList):
                changes[field.name] = value.masked()
            elif isinstance(value, Contact):
                changes[field.name] = mask_contact(value)
            elif isinstance(value, tuple) and any(isinstance(v, PaymentVoucher) for v in value):
                changes[field.name] = mask_vouchers(value)
        return attrs.evolve(self, **changes)  # type: ignore[misc]

    def lines(self, *, reveal: bool = False) -> tuple[tuple[str, str], ...]:
        """The printed form's rows: (label, value) in print order."""
        raise NotImplementedError

    @property
    def member_list(self) -> MemberList | None:
        """The member list printed with the form, if any."""
        members = getattr(self, "members", None)
        return members if isinstance(members, MemberList) else None

    def to_data(self, *, reveal: bool = False) -> dict[str, Any]:
        """JSON-ready data of every field (masked unless ``reveal``), with the document's kind."""
        data: dict[str, Any] = to_data(self if reveal else self.masked())
        return {"document": type(self).__name__, **data}

    def to_json(self, *, reveal: bool = False, indent: int | None = 2) -> str:
        """:meth:`to_data` as JSON text (Chinese kept as is)."""
        return json.dumps(self.to_data(reveal=reveal), ensure_ascii=False, indent=indent)

    def to_xlsx(self, target: str | os.PathLike[str] | IO[bytes], *, reveal: bool = False) -> None:
        """Write the form (sheet 1: label, value) and its member list (sheet 2), if any."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title(self.title))
        sheet.append([text_cell(sheet, self.title, bold=True)])
        for label, value in self.lines(reveal=reveal):
            sheet.append([text_cell(sheet, label), text_cell(sheet, value)])
        if self.member_list is not None:
            self.member_list.write_sheet(workbook, reveal=reveal)
        save_workbook(workbook, target)
