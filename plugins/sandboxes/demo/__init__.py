"""Sandbox of the demo school directory used by the ``demo.annuaire`` source."""

from plugins.sandboxes.demo.server import DEMO_API_KEY, ESTABLISHMENTS, create_app

__all__ = ["DEMO_API_KEY", "ESTABLISHMENTS", "create_app"]
