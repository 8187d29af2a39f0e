"""The first schema of the SQLAlchemy store: entities, members, audit, outbox, plans.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("seq", _SERIAL, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.Text),
        sa.Column("unit_id", sa.Text),
        sa.Column("subject_id", sa.Text),
        sa.Column("policy_number", sa.Text),
        sa.Column("plan_code", sa.Text),
        sa.Column("family", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("kind", "key", name="entities_kind_key"),
    )
    for name, column in (
        ("entities_unit", "unit_id"),
        ("entities_subject", "subject_id"),
        ("entities_policy", "policy_number"),
        ("entities_plan", "plan_code"),
    ):
        op.create_index(name, "entities", ["kind", column])
    op.create_table(
        "entity_members",
        sa.Column(
            "entity_seq",
            _SERIAL,
            sa.ForeignKey("entities.seq", ondelete="CASCADE", name="entity_members_entity_fk"),
            nullable=False,
        ),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("policy_number", sa.Text, nullable=False),
        sa.Column("id_type", sa.Text, nullable=False),
        sa.Column("id_number", sa.Text, nullable=False),
        sa.Column("plan_code", sa.Text),
    )
    op.create_index("entity_members_entity", "entity_members", ["entity_seq"])
    op.create_index("entity_members_id", "entity_members", ["id_number"])
    op.create_index(
        "entity_members_plan",
        "entity_members",
        ["kind", "plan_code", "id_type", "id_number", "policy_number"],
    )
    op.create_table(
        "audit",
        sa.Column("seq", _SERIAL, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("subject_id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("kind", "subject_id", "version", name="audit_trail_version"),
    )
    op.create_index("audit_trail", "audit", ["kind", "subject_id", "seq"])
    op.create_table(
        "outbox",
        sa.Column("id", _SERIAL, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("subject_id", sa.Text, nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("acknowledged", sa.Boolean(name="outbox_acknowledged"), nullable=False),
    )
    op.create_index("outbox_pending", "outbox", ["acknowledged", "id"])
    op.create_table(
        "plans",
        sa.Column("plan_code", sa.Text, primary_key=True),
        sa.Column("family", sa.Text, primary_key=True),
    )


def downgrade() -> None:
    for table in ("plans", "outbox", "audit", "entity_members", "entities"):
        op.drop_table(table)
