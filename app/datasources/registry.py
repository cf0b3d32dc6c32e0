"""Discovery of data-source plugins through the ``tremplin.data_sources`` entry-point group.

Start-up fails loudly (:class:`PluginError`) on a plugin that cannot be imported, is not a
:class:`~app.datasources.base.DataSource`, whose ``id`` differs from its entry-point name, whose
schemas are invalid, that two distributions declare, or that the allow-list
(``TREMPLIN_DATA_SOURCES``) names but nobody installed. Without an allow-list every installed source
is loaded; with one, only the listed sources are imported at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from importlib.metadata import EntryPoint, entry_points

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from app.datasources.base import DataSource

GROUP = "tremplin.data_sources"
_REQUIRED_TEXT = ("id", "label", "provider", "provider_label", "habilitation_label")


class PluginError(RuntimeError):
    """A data-source plugin is broken, duplicated or missing; the message says which and why."""


class Registry:
    """The loaded sources, by id (instances are stateless and shared)."""

    def __init__(self, sources: Iterable[DataSource] = ()) -> None:
        self._sources: dict[str, DataSource] = {}
        for source in sources:
            self.add(source)

    def add(self, source: DataSource) -> None:
        """Register ``source``; a second source with the same id is an error."""
        if source.id in self._sources:
            raise PluginError(f"data source {source.id!r} is registered twice")
        self._check_provider(source)
        self._sources[source.id] = source

    def get(self, source_id: str) -> DataSource | None:
        """The source with this id, if loaded."""
        return self._sources.get(source_id)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._sources

    def __iter__(self) -> Iterator[DataSource]:
        return iter(sorted(self._sources.values(), key=lambda s: s.id))

    def __len__(self) -> int:
        return len(self._sources)

    def providers(self) -> dict[str, list[DataSource]]:
        """Sources grouped by provider (habilitation kind), in id order."""
        grouped: dict[str, list[DataSource]] = {}
        for source in self:
            grouped.setdefault(source.provider, []).append(source)
        return grouped

    def for_provider(self, provider: str) -> list[DataSource]:
        """The sources of one provider."""
        return self.providers().get(provider, [])

    def provider_labels(self) -> dict[str, str]:
        """Habilitation kinds and their French names."""
        return {name: sources[0].habilitation_label for name, sources in self.providers().items()}

    def _check_provider(self, source: DataSource) -> None:
        for other in self._sources.values():
            if other.provider != source.provider:
                continue
            if other.config_schema != source.config_schema:
                raise PluginError(
                    f"data sources {other.id!r} and {source.id!r} belong to provider "
                    f"{source.provider!r} but declare different config schemas"
                )
            if other.habilitation_label != source.habilitation_label:
                raise PluginError(
                    f"data sources {other.id!r} and {source.id!r} give provider "
                    f"{source.provider!r} different habilitation labels"
                )


def validate_source_class(name: str, cls: object) -> DataSource:
    """Instantiate and validate the class an entry point named ``name`` points to."""
    if not isinstance(cls, type) or not issubclass(cls, DataSource):
        raise PluginError(f"data source {name!r}: {cls!r} is not a DataSource subclass")
    for attribute in _REQUIRED_TEXT:
        if not getattr(cls, attribute, ""):
            raise PluginError(f"data source {name!r}: attribute {attribute!r} is empty")
    if cls.id != name:
        raise PluginError(
            f"data source {name!r}: its id is {cls.id!r}; the id must equal the entry-point name"
        )
    for attribute in ("config_schema", "input_schema", "output_schema"):
        schema = getattr(cls, attribute)
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            raise PluginError(
                f"data source {name!r}: {attribute} is not a valid JSON Schema: {error.message}"
            ) from error
        if schema.get("type") != "object":
            raise PluginError(f"data source {name!r}: {attribute} must describe an object")
    if cls.fetch is DataSource.fetch or cls.check is DataSource.check:
        raise PluginError(f"data source {name!r}: fetch() and check() must be implemented")
    if cls.ttl_seconds < 0:
        raise PluginError(f"data source {name!r}: ttl_seconds must not be negative")
    return cls()


def load_registry(
    allow: Sequence[str] | None = None, eps: Iterable[EntryPoint] | None = None
) -> Registry:
    """Load the sources declared in the entry-point group (or in ``eps``), filtered by ``allow``."""
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP) if eps is None else eps:
        if ep.name in found and found[ep.name].value != ep.value:
            raise PluginError(
                f"data source {ep.name!r} is declared twice: by {found[ep.name].value!r} "
                f"and {ep.value!r}"
            )
        found[ep.name] = ep
    if allow is not None:
        missing = sorted(set(allow) - set(found))
        if missing:
            raise PluginError(
                f"TREMPLIN_DATA_SOURCES lists data sources that are not installed: "
                f"{', '.join(missing)}"
            )
    registry = Registry()
    for name in sorted(found if allow is None else set(allow)):
        ep = found[name]
        try:
            cls = ep.load()
        except Exception as error:
            raise PluginError(
                f"data source {name!r} ({ep.value}) cannot be loaded: "
                f"{type(error).__name__}: {error}"
            ) from error
        registry.add(validate_source_class(name, cls))
    return registry
