"""Claims (申领 / 理赔 / 补助申领): layer 4, beside the life cycle.

See docs/benefits.md for benefits, coverage and the accumulator ledger.
"""
