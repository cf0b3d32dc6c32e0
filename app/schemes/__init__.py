"""Schemes (dispositifs): metadata, immutable versions, publishing, bundle import/export."""
