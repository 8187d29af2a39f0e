"""The store keeps unit links: rebuild those an earlier revision knew only by their trails.

No table changes (a link is a row of ``entities``); the links whose
``unit_link`` audit trail is stored but whose row is not are written from it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from mutualaid.lifecycle.store._rows import link_rows

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_INSERT = sa.text(
    "INSERT INTO entities (kind, key, version, status, unit_id, subject_id, policy_number,"
    " plan_code, family, data) VALUES (:kind, :key, :version, :status, :unit_id, :subject_id,"
    " :policy_number, :plan_code, :family, :data)"
)


def upgrade() -> None:
    conn = op.get_bind()
    trails = conn.execute(
        sa.text("SELECT data FROM audit WHERE kind = 'unit_link' ORDER BY seq")
    ).scalars()
    stored = conn.execute(sa.text("SELECT key FROM entities WHERE kind = 'unit_link'")).scalars()
    rows = link_rows(list(trails), list(stored))
    if rows:
        conn.execute(_INSERT, rows)


def downgrade() -> None:
    # Revision 0001 keeps no links: their trails stay, as that revision kept them.
    op.get_bind().execute(sa.text("DELETE FROM entities WHERE kind = 'unit_link'"))
