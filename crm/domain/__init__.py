"""Rules and values of the CRM, free of Qt and SQLAlchemy."""
