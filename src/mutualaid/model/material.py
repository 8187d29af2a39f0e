"""Materials (材料): documents a unit or claimant must provide, and whether they have.

The host stores the file; the model keeps its kind, a name, a reference the
host understands (a file name, a storage key) and whether it was provided.

>>> m = Material.required(MaterialKind.OVER_AGE_PROOF)
>>> m.name, m.provided
('超龄未退休职工证明', False)
>>> m = m.provide("uploads/2026/over-age.pdf")
>>> m.provided, m.reference
(True, 'uploads/2026/over-age.pdf')

An uploaded file's name, type and size (never its content) travel with it,
for the pack's upload limits (Yiyang: jpg, png or pdf under 10 MB):

>>> scan = Material.required(MaterialKind.OVER_AGE_PROOF).provide(
...     "k/1", file_name="超龄名册.PDF", size_bytes=2_400_000)
>>> scan.file_format, scan.size_bytes
('pdf', 2400000)
"""

from __future__ import annotations

import attrs

from mutualaid.model.kinds import MaterialKind

__all__ = ["Material"]


@attrs.frozen
class Material:
    """One required or provided document.

    :param kind: what it is (:class:`~mutualaid.model.kinds.MaterialKind`).
    :param name: the name shown to the unit (defaults to the kind's label via :meth:`required`).
    :param reference: where the host keeps the file, once provided.
    :param provided: whether it has been provided (uploaded, or handed in on paper).
    :param offline: it is handed in on paper (线下递交材料, Yiyang), not uploaded.
    :param file_name: the uploaded file's name as the unit chose it (``None``: not said).
    :param file_type: the file's format as the host detected it (``"pdf"``, ``"image/png"``);
        ``None``: read from ``file_name`` (else ``reference``).
    :param size_bytes: the uploaded file's size in bytes (``None``: not said).
    """

    kind: MaterialKind
    name: str = ""
    reference: str | None = None
    provided: bool = False
    offline: bool = False
    file_name: str | None = None
    file_type: str | None = None
    size_bytes: int | None = None

    @classmethod
    def required(
        cls, kind: MaterialKind, name: str | None = None, *, offline: bool = False
    ) -> Material:
        """A material still to be provided, named by its kind's Chinese label by default."""
        return cls(kind, name if name is not None else kind.label, None, False, offline)

    def provide(
        self,
        reference: str | None = None,
        *,
        file_name: str | None = None,
        file_type: str | None = None,
        size_bytes: int | None = None,
    ) -> Material:
        """The same material, provided (with the host's ``reference`` to the file and its facts)."""
        return attrs.evolve(
            self,
            reference=reference,
            provided=True,
            file_name=file_name if file_name is not None else self.file_name,
            file_type=file_type if file_type is not None else self.file_type,
            size_bytes=size_bytes if size_bytes is not None else self.size_bytes,
        )

    @property
    def file_format(self) -> str | None:
        """The file's format in lower case (``"pdf"``, ``"jpg"``; ``"jpeg"`` and ``image/jpeg`` read ``"jpg"``).

        From ``file_type`` when the host gave it, else the extension of
        ``file_name`` or ``reference``; ``None`` when none says.
        """
        given = self.file_type or _suffix(self.file_name) or _suffix(self.reference)
        if not given:
            return None
        fmt = given.strip().lower().rpartition("/")[2].lstrip(".")
        return _ALIASES.get(fmt, fmt) or None


#: Other names of the same format.
_ALIASES = {"jpeg": "jpg", "x-png": "png", "tif": "tiff"}


def _suffix(name: str | None) -> str | None:
    if not name:
        return None
    tail = name.replace("\\", "/").rpartition("/")[2]
    return tail.rpartition(".")[2] if "." in tail else None
