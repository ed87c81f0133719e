"""Alembic revisions of the schema, oldest first."""
