"""Scheme bundles: one JSON document per scheme (``schemas/schemes/v1/scheme-bundle.schema.json``).

``validate_bundle`` reports every problem at once with its JSON pointer: the bundle's schema, then
the form definition, the rules, the data-source mappings, and every variable the rules read.
``import_bundle`` creates the scheme (or a new draft version of it); ``export_bundle`` writes it
back so that import → export → import round-trips identically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app import forms, rules
from app.core.errors import DomainError
from app.core.jsonschemas import french_errors
from app.datasources import service as datasources
from app.datasources.errors import ConfigurationError
from app.schemes import services
from app.schemes.models import Scheme, SchemeVersion
from app.schemes.typecheck import type_problems
from app.schemes.variables import form_variables, scheme_variables

BUNDLE_SCHEMA_ID = "https://schemas.tremplin.fr/schemes/v1/scheme-bundle.schema.json"
FORMAT = "tremplin.scheme-bundle/v1"
METADATA = ("format", "slug", "title", "description", "audience", "opens_at", "closes_at")


@dataclass(frozen=True)
class Problem:
    """One problem of a bundle: where (JSON pointer) and what (French)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'} : {self.message}"

    def as_json(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class InvalidBundle(DomainError):
    """The bundle cannot be imported; ``problems`` lists every reason with its path."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"Le dispositif contient {len(problems)} erreur(s).")
        self.problems = problems


def validate_bundle(bundle: Any) -> list[Problem]:
    """Every problem of a bundle (empty: it can be imported)."""
    problems = [Problem(p, m) for p, m in french_errors(BUNDLE_SCHEMA_ID, bundle)]
    if not isinstance(bundle, dict):
        return problems
    form, rules_document = bundle.get("form"), bundle.get("rules")
    # The form and the rules have their own validators (with better messages): inside them,
    # the bundle schema's errors would only repeat theirs.
    for part, document in (("/form/", form), ("/rules/", rules_document)):
        if isinstance(document, dict):
            problems = [p for p in problems if not p.path.startswith(part)]
    form_ok = isinstance(form, dict)
    if form_ok:
        found = forms.validate_definition(form)
        problems += [Problem("/form" + p.path, p.message) for p in found]
        form_ok = not found
    rules_ok = isinstance(rules_document, dict)
    if rules_ok:
        found_rules = rules.validate_rules(rules_document)
        problems += [Problem("/rules" + p.path, p.message) for p in found_rules]
        rules_ok = not found_rules
    problems += _source_problems(bundle, form if form_ok else None)
    if form_ok and rules_ok:
        problems += _variable_problems(bundle)
    problems += _date_problems(bundle)
    return _unique(problems)


def _source_problems(bundle: dict[str, Any], form: dict[str, Any] | None) -> list[Problem]:
    problems = []
    mappings = bundle.get("data_sources") if isinstance(bundle.get("data_sources"), list) else []
    identities = set(forms.identity_fields(form)) if form else set()
    fields = {v.path.removeprefix("form.") for v in form_variables(form)} if form else set()
    aliases: set[str] = set()
    for index, mapping in enumerate(mappings):
        if not isinstance(mapping, dict):
            continue
        where = f"/data_sources/{index}"
        alias = mapping.get("alias")
        if alias in aliases:
            problems.append(Problem(f"{where}/alias", f"Alias « {alias} » utilisé deux fois"))
        aliases.add(alias)
        try:
            source = datasources.get_source(str(mapping.get("source")))
        except ConfigurationError:
            problems.append(
                Problem(f"{where}/source", f"Source inconnue : « {mapping.get('source')} »")
            )
            continue
        accepted = set((source.input_schema or {}).get("properties", {}))
        identity = mapping.get("identity")
        if identity is not None and form is not None and identity not in identities:
            problems.append(
                Problem(
                    f"{where}/identity",
                    f"« {identity} » n'est pas un bloc d'identité du formulaire",
                )
            )
        for name, spec in (mapping.get("inputs") or {}).items():
            if accepted and name not in accepted:
                problems.append(
                    Problem(f"{where}/inputs/{name}", f"La source n'a pas d'entrée « {name} »")
                )
            field = spec.get("field") if isinstance(spec, dict) else None
            if field and form is not None and field.removeprefix("form.") not in fields:
                problems.append(
                    Problem(
                        f"{where}/inputs/{name}/field",
                        f"Champ inconnu dans le formulaire : « {field} »",
                    )
                )
    return problems


def _variable_problems(bundle: dict[str, Any]) -> list[Problem]:
    """Every variable the rules read exists, as a form answer or a data-source output, and is
    compared with values of a compatible type."""
    catalogue = {v.path: v for v in scheme_variables(bundle)}
    known = {path: v.type for path, v in catalogue.items()}
    prefixes = {path for path, kind in known.items() if kind in ("array", "object")}
    problems = []
    for index, criterion in enumerate(bundle["rules"].get("criteria", [])):
        problems += [
            Problem(f"/rules/criteria/{index}/logic", f"Types incompatibles — {text}")
            for text in type_problems(criterion["logic"], catalogue)
        ]
        for path in sorted(rules.variables_of(criterion["logic"])):
            if not _exists(path, known, prefixes):
                problems.append(
                    Problem(
                        f"/rules/criteria/{index}/logic",
                        f"Variable inconnue : « {path} » "
                        "(ni champ du formulaire, ni donnée d'une source)",
                    )
                )
    for path in sorted(rules.variables_of(bundle["rules"].get("amount"))):
        if not _exists(path, known, prefixes):
            problems.append(Problem("/rules/amount", f"Variable inconnue : « {path} »"))
    return problems


def _exists(path: str, known: dict[str, str], containers: set[str]) -> bool:
    if path in known or path.startswith("item.") or not path:
        return True
    return any(path.startswith(prefix + ".") for prefix in containers)


def _date_problems(bundle: dict[str, Any]) -> list[Problem]:
    opens, closes = bundle.get("opens_at"), bundle.get("closes_at")
    try:
        if opens and closes and dt.date.fromisoformat(opens) > dt.date.fromisoformat(closes):
            return [Problem("/closes_at", "La date de fermeture précède la date d'ouverture")]
    except (TypeError, ValueError):
        return []
    return []


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, kept = set(), []
    for problem in problems:
        if (problem.path, problem.message) not in seen:
            seen.add((problem.path, problem.message))
            kept.append(problem)
    return kept


def import_bundle(tenant_id: int, bundle: Any, *, actor: Any) -> tuple[Scheme, SchemeVersion]:
    """Create the scheme, or store the bundle as the existing scheme's draft version."""
    problems = validate_bundle(bundle)
    if problems:
        raise InvalidBundle(problems)
    scheme = services.scheme_by_slug(tenant_id, bundle["slug"])
    if scheme is None:
        scheme = services.create_scheme(tenant_id, bundle, actor=actor)
        return scheme, scheme.versions[-1]
    return scheme, services.save_draft(scheme, bundle, actor=actor)


def export_bundle(scheme: Scheme, version: SchemeVersion | None = None) -> dict[str, Any]:
    """The scheme as one document (its draft version unless ``version`` is given)."""
    version = version or scheme.draft_version or scheme.published_version or scheme.versions[-1]
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "slug": scheme.slug,
        "title": scheme.title,
        "description": scheme.description,
        "audience": list(scheme.audience),
        "opens_at": scheme.opens_at.isoformat() if scheme.opens_at else None,
        "closes_at": scheme.closes_at.isoformat() if scheme.closes_at else None,
    }
    bundle.update({k: version.content[k] for k in services.CONTENT if k in version.content})
    return bundle
