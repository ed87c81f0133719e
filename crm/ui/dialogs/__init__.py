"""Dialogs that create and edit records, validated by the services."""
