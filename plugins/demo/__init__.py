"""Demo data source: the template for third-party sources (see ``plugins/README.md``).

It looks a school up by its UAI code in a fictional directory served by
``python -m plugins.sandboxes.demo``: an API key in a header, one GET, JSON back.
"""
