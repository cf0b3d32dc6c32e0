"""Collectivités (tenants): identity, resolution from the URL, settings."""
