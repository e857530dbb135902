"""Alembic environment: runs migrations on the engine handed in by ``storage.db`` (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from osgo_desktop.storage.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.driver_connection if sqlite else None
    if raw is not None:
        # A batch migration rebuilds a table (copy, drop, rename), which the other tables' foreign keys would
        # refuse; SQLite's own procedure for it: keys off outside the transaction, checked before the commit.
        raw.execute("PRAGMA foreign_keys = OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
        connection.commit()
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = ON")
