"""REST API v1 for integrators (family portals): submit applications, read their status."""
