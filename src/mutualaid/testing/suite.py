"""The conformance suite for the pack named on the command line.

Run it on any installed pack without writing a test::

    pytest --mutualaid-pack=demo

>>> TestPackConformance.pack_name is None
True

Layer 5 (test kit); imports pytest.
"""

from __future__ import annotations

from mutualaid.testing.conformance import PackConformance

__all__ = ["TestPackConformance"]


class TestPackConformance(PackConformance):
    """Every conformance check, for ``--mutualaid-pack``."""

    pack_name = None
