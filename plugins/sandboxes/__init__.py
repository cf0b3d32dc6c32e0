"""Local sandboxes that behave like the official staging servers (over real HTTP, on loopback).

- ``python -m plugins.sandboxes.api_particulier --port 5101``: API Particulier v2 and v3+;
- ``python -m plugins.sandboxes.impot_particulier --port 5102``: API Impôt particulier (DGFiP);
- ``python -m plugins.sandboxes.demo --port 5103``: the demo school directory.

See ``plugins/README.md`` for tokens, test identities and fault injection.
"""
