"""Alembic migrations of the OSGO Desktop schema."""
