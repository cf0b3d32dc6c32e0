"""Sample definitions and answers shared by the form tests (and the browser test)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "schemas"
    / "forms"
    / "v1"
    / "examples"
    / "allocation-rentree.json"
)
STEP_PAGE = '{% include "forms/form_step.html" %}'


def example_definition() -> dict[str, Any]:
    """The realistic example definition published with the schemas."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def definition(
    properties: dict[str, Any], required: list[str] | None = None, **ui: Any
) -> dict[str, Any]:
    """A one-step definition from its properties (``ui`` keys as keyword arguments)."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return {"schema": schema, "ui": ui}


VALID = {
    "demandeur": {
        "nom_naissance": "Dupont",
        "prenoms": ["Laura"],
        "sexe": "F",
        "date_naissance": "1985-04-02",
        "code_cog_commune_naissance": "13103",
    },
    "courriel": "laura@exemple.fr",
    "code_postal": "13100",
    "situation": "seul",
    "enfants": [
        {"prenom": "Léo", "nom": "Dupont", "date_naissance": "2015-09-15", "niveau": "college"}
    ],
    "allocataire_caf": True,
    "numero_allocataire": "1234567",
    "attestation": True,
}
