"""Saving the scheme builder's changes to the draft version (flush, never commit).

Every editor works on the *working bundle*: the draft version, or a copy of the published version
when there is no draft (the first change then starts a new draft; a published version never
changes). A change is checked with :func:`~app.schemes.bundles.validate_bundle` before it is saved:

* a problem it brings into the part being edited (the form, the rules…) refuses it
  (:class:`ChangeRefused`, nothing saved, the editor shows the problems next to the inputs);
* a new problem elsewhere (a rule reading a field that was just deleted) is saved and reported,
  to be fixed before publication;
* an unfinished form (no field yet, an empty step or group) is not a problem while building.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.audit.services import record
from app.core.errors import DomainError
from app.schemes import services
from app.schemes.builder_values import BuilderError, slug
from app.schemes.bundles import FORMAT, Problem, export_bundle, validate_bundle
from app.schemes.models import BenefitKind, Scheme, SchemeVersion

PARTS = ("form", "data_sources", "rules", "tests")
SETTINGS = "settings"
_EMPTY_STEP = re.compile(r"^/form/ui/ui:steps/\d+/fields$")


class ChangeRefused(DomainError):
    """The change would make the edited part invalid; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"La modification n'a pas été enregistrée ({len(problems)} problème(s)).")
        self.problems = problems


@dataclass(frozen=True)
class Saved:
    """A saved change: the draft and the new problems elsewhere (to fix before publishing)."""

    version: SchemeVersion
    warnings: list[Problem]
    changed: bool = True
    """``False`` when the change left the bundle as it was (nothing saved, no new draft)."""


def working_version(scheme: Scheme) -> SchemeVersion:
    """The version the editors show: the draft, else the published one, else the latest."""
    return scheme.draft_version or scheme.published_version or scheme.versions[-1]


def working_bundle(scheme: Scheme) -> dict[str, Any]:
    """A deep copy of the scheme as a bundle (working version), safe to change."""
    return copy.deepcopy(export_bundle(scheme, working_version(scheme)))


def blank_bundle(slug: str, title: str, kind: str) -> dict[str, Any]:
    """A new scheme's first draft: one empty step, no rule, no test."""
    return {
        "format": FORMAT,
        "slug": slug,
        "title": title,
        "description": "",
        "audience": [],
        "opens_at": None,
        "closes_at": None,
        "form": {
            "schema": {"type": "object", "properties": {}},
            "ui": {"ui:steps": [{"id": "demande", "title": "Votre demande", "fields": []}]},
        },
        "data_sources": [],
        "rules": {"criteria": []},
        "benefit": {"kind": BenefitKind(kind).value},
        "retention": {"months": 24},
        "tests": [],
    }


def create_blank(
    tenant_id: int, title: str, slug_text: str | None, kind: str, *, actor: Any
) -> Scheme:
    """A new scheme from a title (its identifier derived from it unless given)."""
    title = title.strip()
    identifier = slug_text or slug(title, "-", "aide")[:80].strip("-")
    if services.scheme_by_slug(tenant_id, identifier) is not None:
        raise BuilderError({"slug": "Un dispositif utilise déjà cet identifiant."})
    return services.create_scheme(tenant_id, blank_bundle(identifier, title, kind), actor=actor)


def part_of(path: str) -> str:
    """Which editor a problem's path belongs to (``/rules/criteria/0`` → ``rules``)."""
    head = path.split("/")[1] if path.startswith("/") else ""
    return head if head in PARTS else SETTINGS


def is_unfinished(bundle: dict[str, Any], problem: Problem) -> bool:
    """An empty form, step or group: expected while the form is being built."""
    if problem.path.endswith("/properties"):
        return resolve(bundle, problem.path) == {}
    if _EMPTY_STEP.match(problem.path):
        return resolve(bundle, problem.path) == []
    return False


def resolve(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer (``None`` when absent)."""
    current = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict):
            current = current.get(token)
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return None
    return current


def problems_of(bundle: dict[str, Any]) -> list[Problem]:
    """The bundle's problems, unfinished parts of the form left out."""
    return [p for p in validate_bundle(bundle) if not is_unfinished(bundle, p)]


def check_change(
    before: dict[str, Any], after: dict[str, Any], part: str
) -> tuple[list[Problem], list[Problem]]:
    """(problems refusing the change, new problems elsewhere) when ``before`` becomes ``after``."""
    old = problems_of(before)
    known = {p.message for p in old if part_of(p.path) == part}
    seen = {(p.path, p.message) for p in old}
    blocking, warnings = [], []
    for problem in problems_of(after):
        if part_of(problem.path) == part and problem.message not in known:
            blocking.append(problem)
        elif (problem.path, problem.message) not in seen:
            warnings.append(problem)
    return blocking, warnings


def save_change(
    scheme: Scheme, bundle: dict[str, Any], *, part: str, change: str, actor: Any
) -> Saved:
    """Save ``bundle`` (the working bundle after one change) as the draft, or refuse it."""
    current = working_bundle(scheme)
    if bundle == current:
        return Saved(working_version(scheme), [], changed=False)
    blocking, warnings = check_change(current, bundle, part)
    if blocking:
        raise ChangeRefused(blocking)
    version = services.save_draft(scheme, bundle, actor=actor, change=change)
    return Saved(version, warnings)


def edit(
    scheme: Scheme,
    operation: Callable[[dict[str, Any]], Any],
    *,
    part: str,
    change: str,
    actor: Any,
) -> tuple[Saved, Any]:
    """Apply ``operation`` to the working bundle and save it; returns (saved, what it returned).

    The operation's own errors (``BuilderError``) and :class:`ChangeRefused` propagate: nothing
    is saved.
    """
    bundle = working_bundle(scheme)
    outcome = operation(bundle)
    return save_change(scheme, bundle, part=part, change=change, actor=actor), outcome


def save_settings(scheme: Scheme, bundle: dict[str, Any], *, actor: Any) -> Saved:
    """Save the metadata form: live metadata at once; benefit, budget and retention in the draft
    (a published scheme whose versioned part is unchanged gets no new draft)."""
    current = working_bundle(scheme)
    blocking, warnings = check_change(current, bundle, SETTINGS)
    other = services.scheme_by_slug(scheme.tenant_id, bundle.get("slug", ""))
    if other is not None and other.id != scheme.id:
        blocking.append(Problem("/slug", "Un dispositif utilise déjà cet identifiant."))
    if blocking:
        raise ChangeRefused(blocking)
    versioned = ("benefit", "budget", "retention")
    if scheme.draft_version is None and all(current.get(k) == bundle.get(k) for k in versioned):
        services.apply_metadata(scheme, bundle)
        record("scheme.metadata_updated", tenant_id=scheme.tenant_id, actor=actor, obj=scheme)
        return Saved(working_version(scheme), warnings)
    version = services.save_draft(scheme, bundle, actor=actor, change="settings")
    return Saved(version, warnings)


def settings_values(bundle: dict[str, Any]) -> dict[str, Any]:
    """The metadata form's initial values."""
    benefit = bundle.get("benefit") or {}
    budget = bundle.get("budget") or {}
    return {
        "title": bundle["title"],
        "slug": bundle["slug"],
        "description": bundle.get("description", ""),
        "audience": list(bundle.get("audience") or []),
        "opens_at": iso_date(bundle.get("opens_at")),
        "closes_at": iso_date(bundle.get("closes_at")),
        "benefit_kind": benefit.get("kind", "cash"),
        "benefit_label": benefit.get("label", ""),
        "benefit_description": benefit.get("description", ""),
        "benefit_item": benefit.get("item", ""),
        "validity_days": benefit.get("validity_days"),
        "budget_amount": Decimal(budget["amount"]) if budget.get("amount") else None,
        "retention_months": (bundle.get("retention") or {}).get("months", 24),
    }


def apply_settings(bundle: dict[str, Any], values: dict[str, Any]) -> None:
    """Write the metadata form's values into the bundle."""
    bundle["title"] = values["title"].strip()
    bundle["slug"] = values["slug"].strip()
    bundle["description"] = (values.get("description") or "").strip()
    bundle["audience"] = list(values.get("audience") or [])
    bundle["opens_at"] = _iso(values.get("opens_at"))
    bundle["closes_at"] = _iso(values.get("closes_at"))
    benefit = {"kind": values["benefit_kind"]}
    for key, name in (
        ("label", "benefit_label"),
        ("description", "benefit_description"),
        ("item", "benefit_item"),
    ):
        if (values.get(name) or "").strip():
            benefit[key] = values[name].strip()
    if values.get("validity_days"):
        benefit["validity_days"] = int(values["validity_days"])
    bundle["benefit"] = benefit
    amount = values.get("budget_amount")
    if amount is None:
        bundle.pop("budget", None)
    else:
        bundle["budget"] = {"amount": f"{Decimal(amount):.2f}", "currency": "EUR"}
    bundle["retention"] = {"months": int(values.get("retention_months") or 24)}


def iso_date(value: str | None) -> dt.date | None:
    """``"2026-09-01"`` → a date (``None`` for none)."""
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
