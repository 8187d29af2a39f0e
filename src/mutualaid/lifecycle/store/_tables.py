"""Private: the tables of the SQLAlchemy store (the schema at the newest migration).

The migrations in ``_migrations/versions`` build exactly these tables (a test
compares them); a change here goes with a new migration.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["METADATA", "audit", "entities", "entity_members", "ledger", "outbox", "plans"]

METADATA = sa.MetaData()

#: An auto-numbered key: BIGINT on PostgreSQL, INTEGER (the rowid) on SQLite.
_SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

entities = sa.Table(
    "entities",
    METADATA,
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
    sa.Index("entities_unit", "kind", "unit_id"),
    sa.Index("entities_subject", "kind", "subject_id"),
    sa.Index("entities_policy", "kind", "policy_number"),
    sa.Index("entities_plan", "kind", "plan_code"),
    sa.Index("entities_status", "kind", "status"),
)

entity_members = sa.Table(
    "entity_members",
    METADATA,
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
    sa.Index("entity_members_entity", "entity_seq"),
    sa.Index("entity_members_id", "id_number"),
    sa.Index("entity_members_plan", "kind", "plan_code", "id_type", "id_number", "policy_number"),
)

audit = sa.Table(
    "audit",
    METADATA,
    sa.Column("seq", _SERIAL, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("subject_id", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    # two writers of one trail cannot both append the same version
    sa.UniqueConstraint("kind", "subject_id", "version", name="audit_trail_version"),
    sa.Index("audit_trail", "kind", "subject_id", "seq"),
)

outbox = sa.Table(
    "outbox",
    METADATA,
    sa.Column("id", _SERIAL, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("subject_id", sa.Text, nullable=False),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("acknowledged", sa.Boolean(name="outbox_acknowledged"), nullable=False),
    sa.Index("outbox_pending", "acknowledged", "id"),
)

plans = sa.Table(
    "plans",
    METADATA,
    sa.Column("plan_code", sa.Text, primary_key=True),
    sa.Column("family", sa.Text, primary_key=True),
)

#: The accumulator ledger: append only (a recalculated case's entries are superseded by
#: the next revision's, never changed).
ledger = sa.Table(
    "ledger",
    METADATA,
    sa.Column("seq", _SERIAL, primary_key=True, autoincrement=True),
    sa.Column("id_type", sa.Text, nullable=False),
    sa.Column("id_number", sa.Text, nullable=False),
    sa.Column("plan_family", sa.Text, nullable=False),
    sa.Column("claim_id", sa.Text, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Index("ledger_member", "id_number", "plan_family", "seq"),
    sa.Index("ledger_claim", "claim_id", "revision"),
)
