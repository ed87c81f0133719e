"""Bring contacts in from CSV and vCard files written by other programs, all or nothing."""
