"""Seed data and the source documents, shipped as crm.resources."""
