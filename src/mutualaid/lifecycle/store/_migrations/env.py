"""Alembic's environment for the SQLAlchemy store: migrate the connection the store gives.

The store runs ``alembic.command.upgrade`` with ``config.attributes["connection"]``
set to a connection inside a transaction; nothing here opens its own.
(Imported outside Alembic, by a test collector, it does nothing.)
"""

from __future__ import annotations

from alembic import context

from mutualaid.lifecycle.store._tables import METADATA


def run_migrations() -> None:
    """Run the pending migrations on the store's connection."""
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=METADATA, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # set while Alembic runs this file
    run_migrations()
