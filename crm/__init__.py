"""Convene: a desktop CRM for the people who convene peace conferences and summits."""

__version__ = "0.1.0"
