"""Benefits computed from pack data and explained to the fen (docs/benefits.md)."""
