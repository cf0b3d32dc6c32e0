"""Built-in data-source plugins (API Particulier, API Impôt particulier, demo) and their sandboxes.

Each plugin imports only the public contract (:mod:`app.datasources.base`, ``errors``,
``identity``) and is declared in ``pyproject.toml`` under ``tremplin.data_sources``; see
``plugins/README.md``.
"""
