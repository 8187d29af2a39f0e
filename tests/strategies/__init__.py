"""Hypothesis strategies shared by the test suite (one module per area)."""
