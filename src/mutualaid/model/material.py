"""Materials (材料): documents a unit or claimant must provide, and whether they have.

The host stores the file; the model keeps its kind, a name, a reference the
host understands (a file name, a storage key) and whether it was provided.

>>> m = Material.required(MaterialKind.OVER_AGE_PROOF)
>>> m.name, m.provided
('超龄未退休职工证明', False)
>>> m = m.provide("uploads/2026/over-age.pdf")
>>> m.provided, m.reference
(True, 'uploads/2026/over-age.pdf')
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
    """

    kind: MaterialKind
    name: str = ""
    reference: str | None = None
    provided: bool = False
    offline: bool = False

    @classmethod
    def required(
        cls, kind: MaterialKind, name: str | None = None, *, offline: bool = False
    ) -> Material:
        """A material still to be provided, named by its kind's Chinese label by default."""
        return cls(kind, name if name is not None else kind.label, None, False, offline)

    def provide(self, reference: str | None = None) -> Material:
        """The same material, provided (with the host's ``reference`` to the file)."""
        return attrs.evolve(self, reference=reference, provided=True)
