"""Shared web layer: layout, macros, static assets, public pages and template helpers."""
