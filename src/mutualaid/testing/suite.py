"""The conformance suite for the pack named on the command line.

Run it on any installed pack without writing a test::

    pytest -p mutualaid.testing.plugin --mutualaid-pack=demo --pyargs mutualaid.testing.suite

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
