"""Data-source mapping: which sources the scheme asks, with which inputs, and what they return.

Sources are offered when the collectivité's habilitations allow them; the others are listed with
the reason. The identity block's answers feed the identity-pivot inputs; other inputs come from a
form field or a fixed value. The outputs become typed variables for the rules
(``sources.<alias>.…``).
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from wtforms import StringField
from wtforms.validators import DataRequired, Regexp

from app.auth.access import staff_required
from app.auth.models import Role
from app.datasources import habilitations
from app.datasources import service as datasources
from app.datasources.runtime import runtime
from app.forms.identity import PIVOT_KEYS
from app.schemes import builder_outline, drafts
from app.schemes.builder_values import BuilderError, format_value, parse_value, slug, unique
from app.schemes.describe import source_label
from app.schemes.forms import REQUIRED, BuilderForm, ChoiceField, options
from app.schemes.pages import apply_change, button_change, current_problems, load, render
from app.schemes.variables import source_variables
from app.tenants.context import current_tenant

PART = "data_sources"
IDENTITY_INPUTS = frozenset({*PIVOT_KEYS, "nom_usage"})
ALIAS = "^[a-z][a-z0-9_]{0,62}$"


@staff_required(Role.ADMIN)
def sources(scheme_id: int):  # type: ignore[no-untyped-def]
    """The scheme's sources with their inputs and output variables."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    mappings = [
        {"mapping": m, "label": source_label(m["source"]), "variables": source_variables([m])}
        for m in bundle.get("data_sources") or []
    ]
    problems = current_problems(bundle, PART)
    return render(
        "schemes/sources.html",
        scheme,
        "sources",
        bundle=bundle,
        mappings=mappings,
        problems=problems,
    )


@staff_required(Role.ADMIN)
def mapping(scheme_id: int):  # type: ignore[no-untyped-def]
    """Edit ``?alias=``; or add a source: choose it (``?source=``), then map its inputs."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    mappings = bundle.get("data_sources") or []
    alias = request.args.get("alias")
    current = next((m for m in mappings if m["alias"] == alias), None) if alias else None
    if alias and current is None:
        abort(404)
    source_id = current["source"] if current else request.args.get("source")
    if not source_id:
        return render("schemes/source_choose.html", scheme, "sources", choices=_choices())
    source = runtime().registry.get(source_id)
    if source is None or (current is None and _reason(source) is not None):
        abort(404)
    fields = _form_fields(bundle["form"])
    form_class = mapping_form(source, fields, new=current is None)
    form = form_class(data=_data(current, source, mappings))
    if form.validate_on_submit():
        new = _mapping(form, source, current)
        if _save(scheme, form, new, current):
            return redirect(url_for("schemes.sources", scheme_id=scheme.id))
    status = 422 if form.errors or form.form_errors else 200
    return render(
        "schemes/source_form.html",
        scheme,
        "sources",
        status,
        form=form,
        source=source,
        current=current,
        other_inputs=[n for n in _inputs(source) if n not in IDENTITY_INPUTS],
        variables=datasources.source_variables(source.id),
    )


@staff_required(Role.ADMIN)
def delete_mapping(scheme_id: int):  # type: ignore[no-untyped-def]
    """Remove a source (POST ``target``: its alias)."""

    def operation(bundle: dict[str, Any], target: str, _direction: int) -> None:
        kept = [m for m in bundle.get("data_sources") or [] if m["alias"] != target]
        if len(kept) == len(bundle.get("data_sources") or []):
            raise BuilderError({"target": "Cette source n'est pas utilisée par le dispositif."})
        bundle["data_sources"] = kept

    return button_change(load(scheme_id), PART, "source.deleted", operation, "schemes.sources")


def mapping_form(source: Any, fields: list[tuple[str, str]], *, new: bool) -> type[BuilderForm]:
    """The form of one source's mapping: alias, identity block, one choice per other input."""
    attrs: dict[str, Any] = {}
    if new:
        attrs["alias"] = StringField(
            "Nom court de la source (alias)",
            description="Les règles lisent ses données sous la forme sources.alias.donnée ; "
            "lettres minuscules, chiffres et « _ ». Il ne change plus ensuite.",
            validators=[
                DataRequired(REQUIRED),
                Regexp(ALIAS, message="Lettres minuscules, chiffres et « _ », par exemple qf."),
            ],
            render_kw={"spellcheck": "false"},
        )
    identities = [(path, label) for path, label, kind in fields if kind == "identity"]
    attrs["identity"] = ChoiceField(
        "Identité transmise",
        description="Le bloc identité du formulaire dont les réponses (nom, prénoms, sexe, date "
        "et lieu de naissance) sont envoyées à la source.",
        choices=options([("", "Aucune"), *identities]),
    )
    scalars = [
        (f"form.{path}", f"Le champ « {label} » ({path})")
        for path, label, kind in fields
        if kind != "identity"
    ]
    properties = (source.input_schema or {}).get("properties") or {}
    for name in _inputs(source):
        if name in IDENTITY_INPUTS:
            continue
        spec = properties.get(name) or {}
        attrs[f"input_{name}"] = ChoiceField(
            f"Entrée « {spec.get('title') or name} » ({name})",
            description=spec.get("description"),
            choices=options(
                [("", "Non transmise"), ("const", "Une valeur fixe (ci-dessous)"), *scalars]
            ),
        )
        attrs[f"const_{name}"] = StringField(f"Valeur fixe de « {spec.get('title') or name} »")
    return type("MappingForm", (BuilderForm,), attrs)


def _mapping(form: Any, source: Any, current: dict[str, Any] | None) -> dict[str, Any] | None:
    """The mapping typed in (``None`` and errors on the form when a value cannot be read)."""
    new: dict[str, Any] = {
        "alias": current["alias"] if current else form.alias.data.strip(),
        "source": source.id,
    }
    if form.identity.data:
        new["identity"] = form.identity.data
    inputs: dict[str, Any] = {}
    properties = (source.input_schema or {}).get("properties") or {}
    for name in _inputs(source):
        choice = getattr(form, f"input_{name}", None)
        if choice is None or not choice.data:
            continue
        if choice.data != "const":
            inputs[name] = {"field": choice.data}
            continue
        kind = (properties.get(name) or {}).get("type", "string")
        try:
            inputs[name] = {"const": parse_value(getattr(form, f"const_{name}").data or "", kind)}
        except ValueError as error:
            form.add_errors({f"const_{name}": str(error)})
            return None
    if inputs:
        new["inputs"] = inputs
    return new


def _save(scheme, form, new, current) -> bool:  # type: ignore[no-untyped-def]
    if new is None:
        return False

    def operation(bundle: dict[str, Any]) -> None:
        mappings = bundle.setdefault("data_sources", [])
        if current is not None:
            index = next(i for i, m in enumerate(mappings) if m["alias"] == current["alias"])
            mappings[index] = new
        elif any(m["alias"] == new["alias"] for m in mappings):
            raise BuilderError({"alias": "Une autre source utilise déjà ce nom court."})
        else:
            mappings.append(new)

    return apply_change(
        scheme,
        form,
        operation,
        part=PART,
        change="source.updated" if current else "source.added",
        message=f"La source « {new['alias']} » a été enregistrée",
        errors_of=lambda problems: {_input_of(p.path): p.message for p in problems},
    )


def _input_of(path: str) -> str:
    """``/data_sources/0/inputs/annee/field`` → ``input_annee``; ``…/identity`` → ``identity``."""
    parts = path.split("/")
    if "inputs" in parts and parts.index("inputs") + 1 < len(parts):
        return "input_" + parts[parts.index("inputs") + 1]
    return parts[-1] if parts[-1] in ("alias", "identity") else f"_{path}"


def _data(current: dict[str, Any] | None, source: Any, mappings: list[Any]) -> dict[str, Any]:
    if current is None:
        taken = {m["alias"] for m in mappings}
        base = slug(source.id.rsplit(".", 1)[-1], "_", "source")[:30]
        return {"alias": unique(base, taken, "_")}
    data: dict[str, Any] = {"identity": current.get("identity") or ""}
    for name, spec in (current.get("inputs") or {}).items():
        if "const" in spec:
            data[f"input_{name}"] = "const"
            data[f"const_{name}"] = format_value(spec["const"])
        else:
            field = spec["field"]
            data[f"input_{name}"] = field if field.startswith("form.") else f"form.{field}"
    return data


def _form_fields(form: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(path, label, kind) of the fields a mapping may use (top level and nested objects)."""
    found = []
    for item in builder_outline.all_fields(form):
        if builder_outline.group_of(form, item.path) is not None:
            continue
        if item.kind in ("group", "object", "file"):
            continue
        found.append((item.path, item.label, item.kind))
    return found


def _inputs(source: Any) -> list[str]:
    return list(((source.input_schema or {}).get("properties") or {}).keys())


def _choices() -> list[dict[str, Any]]:
    """Every installed source, with why it cannot be used (``None`` when it can)."""
    return [
        {"source": source, "reason": _reason(source)}
        for source in sorted(runtime().registry, key=lambda s: (s.provider, s.label))
    ]


def _reason(source: Any) -> str | None:
    return habilitations.missing_reason(current_tenant().id, source)
