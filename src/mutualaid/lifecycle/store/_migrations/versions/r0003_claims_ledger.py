"""The store keeps claims and the accumulator ledger.

A claim is a row of ``entities`` (no table for it); the work pools find claims
by status, so ``entities`` gains an index on (kind, status). The ledger is a
table of its own, append only, read by member and plan family or by case.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_index("entities_status", "entities", ["kind", "status"])
    op.create_table(
        "ledger",
        sa.Column("seq", _SERIAL, primary_key=True, autoincrement=True),
        sa.Column("id_type", sa.Text, nullable=False),
        sa.Column("id_number", sa.Text, nullable=False),
        sa.Column("plan_family", sa.Text, nullable=False),
        sa.Column("claim_id", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ledger_member", "ledger", ["id_number", "plan_family", "seq"])
    op.create_index("ledger_claim", "ledger", ["claim_id", "revision"])


def downgrade() -> None:
    # Revision 0002 keeps no claims nor ledger: both go.
    op.drop_table("ledger")
    op.drop_index("entities_status", table_name="entities")
    op.get_bind().execute(sa.text("DELETE FROM entities WHERE kind = 'claim'"))
