"""Citizen forms generated from a definition: JSON Schema 2020-12 (the data) + UI schema.

Pure of any scheme or application model: every function takes the definition (a dict) and, to
cache per scheme version, a ``key``. See ``docs/forms.md`` for the definition format and a
controller example.
"""

from app.forms.actions import ACTION, GroupAction, apply_action, parse_action, pending_action
from app.forms.base import TremplinForm, form_spec, form_step
from app.forms.blueprint import init_app
from app.forms.builder import build_form_class, identity_fields, load_spec
from app.forms.conditions import ConditionsUnavailable, rules_available
from app.forms.convert import (
    answers_from_form,
    form_from_answers,
    formdata_from_answers,
    prune_answers,
)
from app.forms.definition import InvalidDefinition, Problem, validate_definition
from app.forms.identity import IDENTITY_SCHEMA_ID, pivot
from app.forms.render import ReviewRow, ReviewSection, error_entries, progress, review_sections
from app.forms.spec import FormSpec, Step
from app.forms.validation import (
    FieldError,
    StepResult,
    attach_errors,
    first_step_with_errors,
    mark_expired,
    process_step,
    validate_answers,
)
from app.forms.validators import FORMAT_CHECKER, VALIDATOR

__all__ = [
    "ACTION",
    "FORMAT_CHECKER",
    "IDENTITY_SCHEMA_ID",
    "VALIDATOR",
    "ConditionsUnavailable",
    "FieldError",
    "FormSpec",
    "GroupAction",
    "InvalidDefinition",
    "Problem",
    "ReviewRow",
    "ReviewSection",
    "Step",
    "StepResult",
    "TremplinForm",
    "answers_from_form",
    "apply_action",
    "attach_errors",
    "build_form_class",
    "error_entries",
    "first_step_with_errors",
    "form_from_answers",
    "form_spec",
    "form_step",
    "formdata_from_answers",
    "identity_fields",
    "init_app",
    "load_spec",
    "mark_expired",
    "parse_action",
    "pending_action",
    "pivot",
    "process_step",
    "progress",
    "prune_answers",
    "review_sections",
    "rules_available",
    "validate_answers",
    "validate_definition",
]
