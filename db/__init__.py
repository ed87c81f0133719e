"""The Alembic environment and the schema's history, shipped as crm.migrations."""
