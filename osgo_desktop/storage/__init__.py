"""Database mapping, repositories, unit of work and migrations."""
