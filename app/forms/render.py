"""What the templates need beyond the fields: error summary entries, progress, review rows.

These functions are Jinja globals (``forms_*``) once :func:`app.forms.blueprint.init_app` ran.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.forms import identity, messages
from app.forms.base import TremplinForm, form_spec, form_step
from app.forms.builder import load_spec
from app.forms.conditions import has_conditions, prune
from app.forms.fields import GroupField, MultiField, ObjectField, ScalarField, TremplinField
from app.forms.files import limits_hint
from app.forms.parsing import format_date, format_number
from app.forms.spec import DEFAULT_STEP_ID, FieldSpec, FormSpec, Kind, Step
from app.forms.tree import data_fields


@dataclass(frozen=True)
class ErrorEntry:
    """One line of the error summary: a link to the input (``target``) and the message."""

    target: str
    label: str
    message: str


def focus_id(field: TremplinField) -> str:
    """Id of the element a summary link moves to: the first option of a choice, else the input."""
    spec = field.spec
    if spec.widget in ("radio", "checkboxes") and spec.choices:
        return f"{field.id}-0"  # type: ignore[attr-defined]
    return field.id  # type: ignore[attr-defined]


def error_entries(form: TremplinForm) -> list[ErrorEntry]:
    """Every message of the form in page order, each linking to its input (nested ones too)."""
    entries: list[ErrorEntry] = []
    csrf = getattr(form, "csrf_token", None)
    if csrf is not None and csrf.errors:
        entries.append(ErrorEntry("", "", messages.CSRF))
    entries.extend(ErrorEntry("", "", message) for message in form.form_errors)
    for top in data_fields(form):
        _entries(top, (), entries)
    return entries


def _entries(field: TremplinField, context: tuple[str, ...], entries: list[ErrorEntry]) -> None:
    if not field.displayed:
        return
    label = " — ".join((*context, field.spec.label))
    for message in field.own_errors:
        entries.append(ErrorEntry(focus_id(field), label, message))
    if isinstance(field, GroupField):
        for index, entry in enumerate(field.entries):
            for child in data_fields(entry.form):
                _entries(child, (*context, field.item_title(index)), entries)
    elif isinstance(field, ObjectField):
        for child in data_fields(field.form):
            _entries(child, (*context, field.spec.label), entries)


def describedby(field: TremplinField, *extra: str) -> str:
    """The ``aria-describedby`` ids of a field: its hint, help, limits and error, when present."""
    ids = [*extra]
    spec = field.spec
    if spec.hint:
        ids.append(f"{field.id}-hint")  # type: ignore[attr-defined]
    if spec.help:
        ids.append(f"{field.id}-help")  # type: ignore[attr-defined]
    if spec.kind is Kind.FILE:
        ids.append(f"{field.id}-limits")  # type: ignore[attr-defined]
    if field.own_errors:
        ids.append(f"{field.id}-error")  # type: ignore[attr-defined]
    return " ".join(ids)


def file_limits(field: TremplinField) -> str:
    """« Formats acceptés : PDF, JPEG ou PNG. Taille maximale : 5 Mo. »."""
    return limits_hint(field.spec)


def remove_label(field: GroupField, index: int) -> str:
    """Accessible name of an item's remove button: « Retirer l'enfant 2 »."""
    template = field.spec.options.get("removeLabel")
    if template:
        return str(template).replace("{n}", str(index + 1))
    if "itemTitle" in field.spec.options:
        return f"Retirer : {field.item_title(index)}"
    return f"Retirer l'élément {index + 1}"


def add_label(field: GroupField) -> str:
    """Text of a group's add button (``ui:options.addLabel``)."""
    return str(field.spec.options.get("addLabel") or "Ajouter un élément")


def has_files(form: TremplinForm) -> bool:
    """Whether the form needs ``enctype="multipart/form-data"``."""
    return any(f.spec.kind is Kind.FILE for f in data_fields(form))


def options(field: ScalarField | MultiField) -> list[dict[str, Any]]:
    """The options of a radio, select or checkboxes field for the template."""
    return [
        {
            "id": f"{field.id}-{index}",
            "value": choice.token,
            "label": choice.label,
            "hint": choice.hint,
            "checked": field.is_checked(choice.token),
        }
        for index, choice in enumerate(field.spec.choices)
    ]


YES_NO_OPTIONS = (("oui", "Oui"), ("non", "Non"))


def yes_no_options(field: ScalarField) -> list[dict[str, Any]]:
    """« Oui » / « Non » radios."""
    return [
        {
            "id": f"{field.id}-{i}",
            "value": v,
            "label": label,
            "hint": None,
            "checked": field.is_checked(v),
        }
        for i, (v, label) in enumerate(YES_NO_OPTIONS)
    ]


# Progress ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """« Étape 2 sur 4 : Vos enfants »."""

    steps: tuple[Step, ...]
    current: int

    @property
    def step(self) -> Step:
        """The current step."""
        return self.steps[self.current]

    @property
    def text(self) -> str:
        """The sentence announcing the step."""
        return f"Étape {self.current + 1} sur {len(self.steps)} : {self.step.title}"


def progress(form_or_spec: TremplinForm | FormSpec, step: str | None = None) -> Progress:
    """The progress of a step form (or of ``step`` in a spec)."""
    if isinstance(form_or_spec, TremplinForm):
        spec, step = form_spec(form_or_spec), form_step(form_or_spec)
    else:
        spec = form_or_spec
    if step is None and len(spec.steps) > 1:  # the whole form on one page
        whole = Step(DEFAULT_STEP_ID, spec.title or "Formulaire", tuple(spec.by_name))
        return Progress((whole,), 0)
    ids = [s.id for s in spec.steps]
    return Progress(spec.steps, ids.index(step) if step in ids else 0)


# Review -----------------------------------------------------------------------------------------

NOT_ANSWERED = "Non renseigné"


@dataclass
class ReviewRow:
    """One answer for the review page (``rows`` for a group item, an object or an identity)."""

    label: str
    value: str = ""
    rows: list[ReviewRow] = field(default_factory=list)
    multiline: bool = False


@dataclass
class ReviewSection:
    """The answers of one step, with the step to go back to (« Modifier »)."""

    step: Step
    rows: list[ReviewRow]


def review_sections(
    definition: Mapping[str, Any], answers: Mapping[str, Any], *, key: Hashable | None = None
) -> list[ReviewSection]:
    """The answers as the person will submit them, step by step (hidden fields left out)."""
    spec = load_spec(definition, key)
    hidden: set[tuple[str, ...]] = set()
    if has_conditions(spec):
        answers, hidden = prune(spec, answers)
    sections = []
    for step in spec.steps:
        rows = [
            _row(field, answers.get(field.name), (field.name,), hidden)
            for field in spec.fields_of(step.id)
            if (field.name,) not in hidden and not field.hidden_input
        ]
        sections.append(ReviewSection(step, rows))
    return sections


def display_value(spec: FieldSpec, value: Any) -> str:
    """An answer as a sentence fragment in French."""
    if value is None:
        return NOT_ANSWERED
    kind = spec.kind
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if kind in (Kind.CHOICE, Kind.MULTI):
        labels = {c.token: c.label for c in spec.choices}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if kind is Kind.DATE and isinstance(value, str):
        return format_date(value)
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return format_number(value)
    if kind is Kind.FILE:
        return "Fichier transmis"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


Path = tuple[str, ...]


def _row(spec: FieldSpec, value: Any, path: Path, hidden: set[Path]) -> ReviewRow:
    if spec.kind is Kind.GROUP:
        items = value if isinstance(value, list) else []
        title = spec.options.get("itemTitle", "Élément")
        rows = [
            ReviewRow(
                f"{title} {i + 1}",
                rows=_children(
                    spec, item if isinstance(item, dict) else {}, (*path, str(i)), hidden
                ),
            )
            for i, item in enumerate(items)
        ]
        return ReviewRow(spec.label, "" if rows else "Aucun", rows)
    if spec.kind in (Kind.OBJECT, Kind.IDENTITY):
        if not isinstance(value, dict):
            return ReviewRow(spec.label, NOT_ANSWERED)
        return ReviewRow(spec.label, rows=_children(spec, value, path, hidden))
    return ReviewRow(spec.label, display_value(spec, value), multiline=spec.kind is Kind.TEXTAREA)


def _children(
    spec: FieldSpec, value: dict[str, Any], path: Path, hidden: set[Path]
) -> list[ReviewRow]:
    rows = []
    for child in spec.children:
        if child.virtual or (*path, child.name) in hidden:
            continue
        if (
            spec.kind is Kind.IDENTITY
            and child.name.startswith("code_cog")
            and child.name not in value
        ):
            continue
        if spec.kind is Kind.IDENTITY and child.name == "nom_usage" and child.name not in value:
            continue
        rows.append(_row(child, value.get(child.name), (*path, child.name), hidden))
    if spec.kind is Kind.IDENTITY and identity.birthplace_of(value) is None:
        rows.append(ReviewRow("Lieu de naissance", NOT_ANSWERED))
    return rows
