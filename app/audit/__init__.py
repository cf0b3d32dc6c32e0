"""Audit trail: one append-only record per state change, without personal data."""
