"""Template helpers (Jinja globals ``scheme_*``): schemes described in French for the pages."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask

from app.datasources import service as datasources
from app.datasources.errors import ConfigurationError
from app.schemes import builder_amounts, builder_outline, builder_rules
from app.schemes.amount_forms import columns_of
from app.schemes.builder_values import TYPE_LABELS, format_number
from app.schemes.drafts import part_of
from app.schemes.forms import error_entries
from app.schemes.pages import EDITOR_OF_PART
from app.schemes.variables import SchemeVariable


def labels(variables: Sequence[SchemeVariable]) -> dict[str, str]:
    """``{path: label}`` of a variable catalogue."""
    return {v.path: v.label for v in variables}


def criterion_text(logic: Any, variables: Sequence[SchemeVariable]) -> str | None:
    """A criterion's rule as a French sentence, ``None`` when the row editor cannot show it."""
    condition = builder_rules.logic_to_condition(logic)
    if condition is None:
        return None
    kinds = {v.path: v.kind for v in variables}
    return builder_rules.describe_condition(condition, labels(variables), kinds)


def source_label(source_id: str) -> str:
    """A data source's French label (its id when it is not installed)."""
    try:
        return str(datasources.get_source(source_id).label)
    except ConfigurationError:
        return f"{source_id} (non installée)"


def editor_of(path: str) -> str | None:
    """The endpoint of the editor that fixes a problem at ``path``."""
    return EDITOR_OF_PART.get(part_of(path))


def as_json(value: Any, indent: int | None = 2) -> str:
    """A JSON document as written in a bundle (indented unless ``indent`` is ``None``)."""
    return json.dumps(value, ensure_ascii=False, indent=indent)


def init_app(app: Flask) -> None:
    """Register the helpers as Jinja globals."""
    helpers: Mapping[str, Any] = {
        "scheme_labels": labels,
        "scheme_criterion_text": criterion_text,
        "scheme_source_label": source_label,
        "scheme_editor_of": editor_of,
        "scheme_amount_model": builder_amounts.logic_to_amount,
        "scheme_outline": builder_outline.outline,
        "scheme_number": format_number,
        "scheme_json": as_json,
        "scheme_error_entries": error_entries,
        "scheme_columns": columns_of,
        "scheme_type_label": lambda kind: TYPE_LABELS.get(kind, kind),
    }
    app.jinja_env.globals.update(helpers)
