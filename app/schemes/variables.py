"""The typed variables a scheme's rules may read: form answers and data-source outputs.

Used by the rule builder (choose a variable), the publisher (every variable a rule reads must
exist, with a compatible type) and the explanation renderer (labels and units).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.datasources import service as datasources
from app.datasources.errors import ConfigurationError
from app.forms import InvalidDefinition, load_spec
from app.forms.spec import Kind

MONEY_WORDS = ("euros", "revenu", "montant", "quotient familial (en")
FORM_TYPES = {
    Kind.INTEGER: "integer",
    Kind.NUMBER: "number",
    Kind.DATE: "date",
    Kind.YES_NO: "boolean",
    Kind.CHECKBOX: "boolean",
    Kind.MULTI: "array",
    Kind.NAMES: "array",
    Kind.GROUP: "array",
    Kind.OBJECT: "object",
    Kind.IDENTITY: "object",
}


@dataclass(frozen=True)
class SchemeVariable:
    """A variable path (``form.revenu`` / ``sources.qf.quotient_familial.valeur``) and its type."""

    path: str
    type: str
    label: str
    origin: str  # "form" or the data-source alias
    unit: str | None = None
    choices: tuple[Any, ...] = ()
    """The allowed values of a single or multiple choice field."""
    choice_labels: tuple[str, ...] = ()
    """Their French titles, in the same order."""

    @property
    def kind(self) -> str:
        """The type the builders use: ``money`` for amounts in euros, else :attr:`type`."""
        return "money" if self.unit == "€" else self.type

    def as_catalogue_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"label": self.label, "type": self.kind}
        if self.unit:
            entry["unit"] = self.unit
        if self.choice_labels:
            entry["labels"] = {
                str(v): t for v, t in zip(self.choices, self.choice_labels, strict=True)
            }
        return entry


def form_variables(form_definition: Mapping[str, Any]) -> list[SchemeVariable]:
    """Every answer a rule can read (nested objects flattened; groups as lists)."""
    spec = load_spec(form_definition)
    found = []
    for field in spec.walk():
        if field.virtual:
            continue
        path = "form." + ".".join(field.path)
        choices = tuple(choice.value for choice in field.choices)
        labels = tuple(choice.label for choice in field.choices)
        kind = FORM_TYPES.get(field.kind, "string")
        found.append(
            SchemeVariable(path, kind, field.label, "form", choices=choices, choice_labels=labels)
        )
    return found


def source_variables(mappings: list[Mapping[str, Any]]) -> list[SchemeVariable]:
    """Outputs of the scheme's data sources, under ``sources.<alias>.``."""
    found = []
    for mapping in mappings:
        try:
            variables = datasources.source_variables(mapping["source"])
        except ConfigurationError:
            continue  # unknown source: reported by the bundle checks
        for variable in variables:
            money = variable.type in ("integer", "number") and any(
                word in variable.label.lower() for word in MONEY_WORDS
            )
            found.append(
                SchemeVariable(
                    f"sources.{mapping['alias']}.{variable.path}",
                    variable.type,
                    variable.label,
                    mapping["alias"],
                    "€" if money else None,
                    choices=variable.choices,
                    choice_labels=tuple(str(choice) for choice in variable.choices),
                )
            )
    return found


def scheme_variables(content: Mapping[str, Any]) -> list[SchemeVariable]:
    """Form and data-source variables of a version's content."""
    return form_variables(content["form"]) + source_variables(content.get("data_sources", []))


def builder_variables(content: Mapping[str, Any]) -> list[SchemeVariable]:
    """:func:`scheme_variables` of a draft whose form may be unfinished (then: sources only)."""
    try:
        found = form_variables(content["form"])
    except InvalidDefinition:
        found = []
    return found + source_variables(content.get("data_sources") or [])


def catalogue(content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``{path: {"label", "type", "unit"}}`` for :func:`app.rules.explain`."""
    return {v.path: v.as_catalogue_entry() for v in scheme_variables(content)}
