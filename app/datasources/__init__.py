"""Data sources: the plugin contract (``base``, ``errors``, ``identity``), the registry of
``tremplin.data_sources`` entry points, habilitations, the fetch service (cache, rate limits,
retries) and the « Sources de données » pages. See ``docs/datasources.md``."""
