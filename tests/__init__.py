"""Convene's tests."""
