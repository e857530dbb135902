"""Alembic environment: runs migrations on the engine handed in by ``storage.db`` (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from osgo_desktop.storage.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
