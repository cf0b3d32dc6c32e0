"""Property: the server accepts exactly what JSON Schema accepts, and never answers 500.

Hypothesis generates form definitions within the supported subset (every field type, nested
groups, objects and the identity block; files and conditions are tested elsewhere), answers valid
by construction and answers made invalid by one mutation, and encodes them as a browser would post
them (French decimal commas, dates typed JJ/MM/AAAA, stray spaces). A real request goes through a
test view that builds the form, validates twice and answers 200 with the accepted answers or 400
with the errors. The oracle is ``Draft202012Validator`` with the platform's format checker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask, render_template_string
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from werkzeug.datastructures import MultiDict

from app import forms
from app.core.jsonschemas import registry
from app.forms.base import RESERVED_NAMES
from app.forms.validators import FORMAT_CHECKER, is_multiple
from app.testing.plugin import make_test_app
from tests.forms.samples import STEP_PAGE, example_definition

ID = forms.IDENTITY_SCHEMA_ID
DEFINITIONS: dict[str, dict[str, Any]] = {}
SETTINGS = settings(
    # A bug hunt: FORMS_PROPERTY_EXAMPLES=2000 pytest tests/forms/test_properties.py
    max_examples=int(os.environ.get("FORMS_PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def client(database_url: str, smtp_sink: Any):  # type: ignore[no-untyped-def]
    """A test app with the view under test: build, apply actions, validate twice, answer."""
    app: Flask = make_test_app(database_url, smtp_sink, WTF_CSRF_ENABLED=False)
    forms.init_app(app)

    @app.post("/formulaire/<key>")
    def submit(key: str):  # type: ignore[no-untyped-def]
        definition = DEFINITIONS[key]
        form = forms.build_form_class(definition, key=key)()
        if forms.apply_action(form):
            render_template_string(STEP_PAGE, form=form)
            return {"action": True}, 202
        result = forms.process_step(form, full=True)
        render_template_string(STEP_PAGE, form=form)  # a template error would be a 500 too
        body = {"answers": result.answers, "errors": [e.as_json() for e in result.errors]}
        return body, 200 if result.ok else 400

    return app.test_client()


def oracle(schema: dict[str, Any]) -> Draft202012Validator:
    """The reference: plain jsonschema Draft 2020-12 with format assertion."""
    return Draft202012Validator(schema, registry=registry(), format_checker=FORMAT_CHECKER)


def register(definition: dict[str, Any]) -> str:
    """The key (a hash of the definition) under which the test view finds it."""
    key = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()[:32]
    DEFINITIONS[key] = definition
    return key


def post(client, definition: dict[str, Any], data: list[tuple[str, Any]]):  # type: ignore[no-untyped-def]
    key = register(definition)
    response = client.post(f"/formulaire/{key}", data=MultiDict(data))
    assert response.status_code in (200, 202, 400), response.get_data(as_text=True)[:2000]
    return response


# Field schemas --------------------------------------------------------------------------------

names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda n: n not in RESERVED_NAMES
)
PATTERNS = {
    "^[0-9]{5}$": st.from_regex(r"[0-9]{5}", fullmatch=True),
    "^[A-Za-z]+(?: [A-Za-z]+)*$": st.from_regex(
        r"[A-Za-z]{1,5}(?: [A-Za-z]{1,5}){0,2}", fullmatch=True
    ),
}


@st.composite
def text_field(draw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    schema: dict[str, Any] = {"type": "string"}
    ui: dict[str, Any] = draw(
        st.sampled_from([{}, {"ui:widget": "textarea"}, {"ui:options": {"inputType": "tel"}}])
    )
    if draw(st.booleans()):
        schema["pattern"] = draw(st.sampled_from(sorted(PATTERNS)))
    else:
        low = draw(st.integers(0, 3))
        if draw(st.booleans()):
            schema["minLength"] = low
        if draw(st.booleans()):
            schema["maxLength"] = draw(st.integers(max(low, 1), 12))
    return schema, ui


def scalar_fields() -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    bounds = st.integers(-50, 50)
    integer = st.builds(
        lambda low, span, mult, strict, ui: (
            {
                "type": "integer",
                ("exclusiveMinimum" if strict else "minimum"): low,
                "maximum": low + span,
                **({"multipleOf": mult} if mult else {}),
            },
            ui,
        ),
        bounds,
        st.integers(5, 200),
        st.sampled_from([None, 1, 2, 5]),
        st.booleans(),
        st.sampled_from([{}, {"ui:widget": "updown"}]),
    )
    number = st.builds(
        lambda low, span, mult: (
            {
                "type": "number",
                "minimum": low,
                "maximum": low + span,
                **({"multipleOf": mult} if mult else {}),
            },
            {},
        ),
        st.sampled_from([0, -10, 0.5, 2.25]),
        st.sampled_from([10, 1000, 99.75]),
        st.sampled_from([None, 0.5, 0.25, 1]),
    )
    choices = st.lists(names, min_size=1, max_size=8, unique=True)
    choice = st.builds(
        lambda values, titled, ui: (
            {"type": "string", "oneOf": [{"const": v, "title": v.upper()} for v in values]}
            if titled
            else {"type": "string", "enum": values},
            ui,
        ),
        choices,
        st.booleans(),
        st.sampled_from([{}, {"ui:widget": "radio"}, {"ui:widget": "select"}]),
    )
    int_choice = st.builds(
        lambda values: ({"type": "integer", "enum": values}, {}),
        st.lists(st.integers(-5, 30), min_size=1, max_size=5, unique=True),
    )
    multi = st.builds(
        lambda values, unique, low, high: (
            {
                "type": "array",
                "items": {"type": "string", "enum": values},
                "uniqueItems": unique,
                "minItems": min(low, len(values)),
                "maxItems": max(min(low, len(values)), high),
            },
            {},
        ),
        st.lists(names, min_size=1, max_size=6, unique=True),
        st.booleans(),
        st.integers(0, 2),
        st.integers(1, 4),
    )
    return st.one_of(
        text_field(),
        st.just(({"type": "string", "format": "email"}, {})),
        st.just(({"type": "string", "format": "date"}, {})),
        integer,
        number,
        st.just(({"type": "boolean"}, {})),
        st.just(({"type": "boolean"}, {"ui:widget": "checkbox"})),
        st.just(({"type": "boolean", "const": True}, {"ui:widget": "checkbox"})),
        choice,
        int_choice,
        multi,
    )


@st.composite
def object_schema(draw: Any, depth: int, size: int = 4) -> tuple[dict[str, Any], dict[str, Any]]:
    """``properties`` / ``required`` of an object, and its UI schema."""
    field_names = draw(st.lists(names, min_size=1, max_size=size, unique=True))
    properties: dict[str, Any] = {}
    ui: dict[str, Any] = {}
    for name in field_names:
        options = [scalar_fields()]
        if depth < 2:
            options.append(group_field(depth + 1))
            options.append(nested_object(depth + 1))
        if depth == 0:
            options.append(st.just(({"$ref": ID, "title": "Identité"}, {})))
        schema, field_ui = draw(st.one_of(*options))
        properties[name] = schema
        if field_ui:
            ui[name] = field_ui
    required = draw(st.lists(st.sampled_from(field_names), unique=True))
    required += [n for n, p in properties.items() if p.get("const") is True and n not in required]
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema, ui


@st.composite
def group_field(draw: Any, depth: int) -> tuple[dict[str, Any], dict[str, Any]]:
    items, items_ui = draw(object_schema(depth, size=3))
    low = draw(st.integers(0, 2))
    high = max(1, low + draw(st.integers(0, 2)))
    schema = {"type": "array", "items": items, "minItems": low, "maxItems": high}
    ui: dict[str, Any] = {"ui:options": {"itemTitle": "Élément"}}
    if items_ui:
        ui["items"] = items_ui
    return schema, ui


@st.composite
def nested_object(draw: Any, depth: int) -> tuple[dict[str, Any], dict[str, Any]]:
    return draw(object_schema(depth, size=3))


@st.composite
def definitions(draw: Any) -> dict[str, Any]:
    schema, ui = draw(object_schema(0))
    definition = {"schema": schema, "ui": ui}
    assert forms.validate_definition(definition) == [], forms.validate_definition(definition)
    return definition


# Valid answers --------------------------------------------------------------------------------

SAFE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp", "Co")),
    min_size=1,
    max_size=12,
)
EMAILS = st.from_regex(
    r"[a-z0-9]{1,8}(?:\.[a-z0-9]{1,5})?@[a-z]{2,8}\.(?:fr|com|org)", fullmatch=True
)
DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)


def number_value(schema: dict[str, Any], integral: bool) -> st.SearchStrategy[Any]:
    low = Decimal(repr(schema.get("minimum", schema.get("exclusiveMinimum", -1000))))
    high = Decimal(repr(schema.get("maximum", 1000)))
    values = st.decimals(
        low, high, places=0 if integral else 2, allow_nan=False, allow_infinity=False
    )

    def typed(value: Decimal) -> Any:
        return int(value) if value == value.to_integral_value() else float(value)

    def fits(value: Any) -> bool:
        if "exclusiveMinimum" in schema and not value > schema["exclusiveMinimum"]:
            return False
        return "multipleOf" not in schema or is_multiple(value, schema["multipleOf"])

    return values.map(typed).filter(fits)


def value_of(schema: dict[str, Any], ui: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A valid value of one property schema (never an empty text: empty means "no answer")."""
    if schema.get("$ref") == ID:
        return identity_value()
    kind = schema["type"]
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "oneOf" in schema:
        return st.sampled_from([o["const"] for o in schema["oneOf"]])
    if kind == "string":
        if schema.get("format") == "email":
            return EMAILS
        if schema.get("format") == "date":
            return DATES
        if "pattern" in schema:
            return PATTERNS[schema["pattern"]]
        low = max(1, schema.get("minLength", 1))
        return SAFE_TEXT.filter(lambda v: low <= len(v) <= schema.get("maxLength", 12))
    if kind in ("integer", "number"):
        return number_value(schema, kind == "integer")
    if kind == "boolean":
        return st.just(True) if schema.get("const") is True else st.booleans()
    if kind == "array" and schema["items"]["type"] == "object":
        return st.lists(
            object_value(schema["items"], ui.get("items", {})),
            min_size=schema.get("minItems", 0),
            max_size=schema.get("maxItems", 3),
        )
    if kind == "array":
        return st.lists(
            st.sampled_from(schema["items"]["enum"]),
            min_size=max(1, schema.get("minItems", 0)),
            max_size=schema.get("maxItems", 3),
            unique=schema.get("uniqueItems", False),
        )
    return object_value(schema, ui)


@st.composite
def object_value(draw: Any, schema: dict[str, Any], ui: dict[str, Any]) -> dict[str, Any]:
    result = {}
    required = set(schema.get("required", ()))
    for name, prop in schema["properties"].items():
        field_ui = ui.get(name, {})
        if name in required or _checkbox(field_ui) or draw(st.booleans()):
            value = draw(value_of(prop, field_ui))
            if _empty_object(prop, field_ui, value) and name not in required:
                continue  # an optional block left empty is not answered
            result[name] = value
    return result


def _checkbox(ui: dict[str, Any]) -> bool:
    """A single checkbox always answers: checked is true, unchecked false."""
    return ui.get("ui:widget") == "checkbox"


def _empty_object(prop: dict[str, Any], ui: dict[str, Any], value: Any) -> bool:
    """An optional object, identity or group where nothing was entered is not answered."""
    if "$ref" in prop or prop.get("type") not in ("object", "array"):
        return False
    return not _entered(prop, ui, value)


def _entered(prop: dict[str, Any], ui: dict[str, Any], value: Any) -> bool:
    """Whether a person typed something to produce ``value`` (an unchecked box is not typing)."""
    if prop.get("type") == "object" and isinstance(value, dict):
        return any(_entered(prop["properties"][k], ui.get(k, {}), v) for k, v in value.items())
    if prop.get("type") == "array" and prop["items"].get("type") == "object":
        return any(_entered(prop["items"], ui.get("items", {}), item) for item in value)
    return not (value is False and _checkbox(ui))


@st.composite
def identity_value(draw: Any) -> dict[str, Any]:
    value = {
        "nom_naissance": draw(SAFE_TEXT),
        "prenoms": draw(
            st.lists(st.from_regex(r"[A-Za-zéè-]{1,8}", fullmatch=True), min_size=1, max_size=3)
        ),
        "sexe": draw(st.sampled_from(["F", "M"])),
        "date_naissance": draw(DATES),
    }
    if draw(st.booleans()):
        value["code_cog_commune_naissance"] = draw(
            st.from_regex(r"(?:[0-9]{2}|2[AB])[0-9]{3}", fullmatch=True)
        )
    else:
        value["code_cog_pays_naissance"] = draw(
            st.from_regex(r"99[0-9]{3}", fullmatch=True).filter(lambda c: c != "99100")
        )
    if draw(st.booleans()):
        value["nom_usage"] = draw(SAFE_TEXT)
    return value


@st.composite
def valid_case(draw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    definition = draw(definitions())
    answers = draw(object_value(definition["schema"], definition["ui"]))
    return definition, answers


# What a browser posts -------------------------------------------------------------------------


@st.composite
def encoded(
    draw: Any, definition: dict[str, Any], answers: dict[str, Any]
) -> list[tuple[str, Any]]:
    data: list[tuple[str, Any]] = []
    _encode_object(draw, definition["schema"], definition["ui"], answers, "", data)
    return data


def _encode_object(
    draw: Any,
    schema: dict[str, Any],
    ui: dict[str, Any],
    value: dict[str, Any],
    prefix: str,
    data: list[tuple[str, Any]],
) -> None:
    for name, prop in schema["properties"].items():
        if name in value:
            _encode(draw, prop, ui.get(name, {}), value[name], f"{prefix}{name}", data)


def _encode(
    draw: Any,
    prop: dict[str, Any],
    ui: dict[str, Any],
    value: Any,
    name: str,
    data: list[tuple[str, Any]],
) -> None:
    if prop.get("$ref") == ID:
        for key, element in value.items():
            text = " ".join(element) if isinstance(element, list) else str(element)
            data.append((f"{name}-{key}", text))
        if draw(st.booleans()):
            france = "code_cog_commune_naissance" in value
            data.append((f"{name}-lieu_naissance", "france" if france else "etranger"))
    elif prop["type"] == "object":
        _encode_object(draw, prop, ui, value, f"{name}-", data)
    elif prop["type"] == "array" and prop["items"]["type"] == "object":
        for index, item in enumerate(value):
            data.append((f"{name}-{index}-_item", "1"))
            _encode_object(draw, prop["items"], ui.get("items", {}), item, f"{name}-{index}-", data)
    elif prop["type"] == "array":
        data.extend((name, str(element)) for element in value)
    elif prop["type"] == "boolean":
        if ui.get("ui:widget") == "checkbox":
            if value is True:
                data.append((name, "oui"))
        else:
            data.append((name, {True: "oui", False: "non"}.get(value, str(value))))
    else:
        data.append((name, _typed_text(draw, prop, value)))


def _typed_text(draw: Any, prop: dict[str, Any], value: Any) -> str:
    """What a person may type for ``value``: variants the server must read back the same."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, int | float) and prop["type"] in ("integer", "number"):
        text = format(Decimal(repr(value)), "f")
        return draw(st.sampled_from([text, text.replace(".", ","), f" {text} "]))
    if prop.get("format") == "date" and FORMAT_CHECKER.conforms(value, "date"):
        year, month, day = value.split("-")
        return draw(st.sampled_from([value, f"{day}/{month}/{year}"]))
    return draw(st.sampled_from([value, f"  {value} "]))


# Invalid answers: one representable mutation ---------------------------------------------------


def _mutations(
    schema: dict[str, Any], ui: dict[str, Any], answers: dict[str, Any]
) -> list[tuple[str, Any]]:
    """(field, bad value) pairs a person could type; ``MISSING`` removes a required answer."""
    found: list[tuple[str, Any]] = []
    required = set(schema.get("required", ()))
    for name, prop in schema["properties"].items():
        kind = prop.get("type")
        if name in required and name in answers and kind in ("string", "integer", "number"):
            found.append((name, MISSING))
        if "enum" in prop or "oneOf" in prop:
            found.append((name, "zz-inconnu"))
        elif kind == "string":
            bad = {"email": "pas-une-adresse", "date": "2015-02-30"}.get(prop.get("format", ""))
            if bad is None and "pattern" in prop:
                bad = "###"
            if bad is None and "maxLength" in prop:
                bad = "x" * (prop["maxLength"] + 1)
            if bad is not None:
                found.append((name, bad))
        elif kind in ("integer", "number"):
            found.append((name, "douze"))
            found.append((name, prop["maximum"] + 1))
            if kind == "integer":
                found.append((name, 1.5))
        elif kind == "array" and prop["items"]["type"] == "object" and name in answers:
            item = answers[name][0] if answers[name] else None
            entered = item is not None and _entered(
                prop["items"], ui.get(name, {}).get("items", {}), item
            )
            if item is not None and (entered or name in required):
                found.append((name, [item] * (prop["maxItems"] + 1)))
            if prop.get("minItems", 0) > 0 and name in required:
                found.append((name, []))
    return found


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


@st.composite
def invalid_case(draw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    definition, answers = draw(valid_case())
    mutations = _mutations(definition["schema"], definition["ui"], answers)
    assume(mutations)
    name, bad = draw(st.sampled_from(mutations))
    mutated = dict(answers)
    if bad is MISSING:
        mutated.pop(name, None)
    else:
        mutated[name] = bad
    return definition, mutated


# Properties -----------------------------------------------------------------------------------


def _accepted_iff_schema_accepts(response: Any, definition: dict[str, Any]) -> dict[str, Any]:
    body = response.json
    valid = oracle(definition["schema"]).is_valid(body["answers"])
    assert (response.status_code == 200) == valid, body
    if response.status_code == 400:
        assert body["errors"], "a refusal always says why"
        assert all(e["message"] for e in body["errors"])
    return body


@SETTINGS
@given(data=st.data(), case=valid_case())
def test_valid_answers_are_accepted_as_they_were(client, data, case):
    definition, answers = case
    assert oracle(definition["schema"]).is_valid(answers)
    posted = data.draw(encoded(definition, answers))
    note(f"posted: {posted}")
    response = post(client, definition, posted)
    body = _accepted_iff_schema_accepts(response, definition)
    assert response.status_code == 200, body["errors"]
    assert body["answers"] == answers


@SETTINGS
@given(data=st.data(), case=invalid_case())
def test_invalid_answers_are_refused_with_french_errors(client, data, case):
    definition, answers = case
    assume(not oracle(definition["schema"]).is_valid(answers))
    posted = data.draw(encoded(definition, answers))
    note(f"posted: {posted}")
    response = post(client, definition, posted)
    body = _accepted_iff_schema_accepts(response, definition)
    assert response.status_code == 400
    assert body["answers"] == answers


FUZZ_VALUES = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
    st.sampled_from(
        [
            "oui",
            "non",
            "1",
            "-0",
            "1e309",
            "NaN",
            "12,5",
            "2015-02-30",
            "31/12/1999",
            "99100",
            "france",
            "etranger",
        ]
    ),
)


@st.composite
def fuzzed_post(draw: Any, definition: dict[str, Any]) -> list[tuple[str, Any]]:
    known = [f.id for f in _all_ids(definition)]
    keys = st.one_of(
        st.sampled_from(known),
        st.builds(
            lambda k, i, s: f"{k}-{i}-{s}",
            st.sampled_from(known),
            st.sampled_from(["0", "1", "²", "٣", "99999999999", "-1", ""]),
            st.sampled_from([*known, "_item"]),
        ),
        st.text(max_size=15),
        st.just("_action"),
    )
    values = st.one_of(
        FUZZ_VALUES, st.sampled_from([f"add:{k}" for k in known] + [f"remove:{k}-0" for k in known])
    )
    return draw(st.lists(st.tuples(keys, values), max_size=25))


class _Id:
    def __init__(self, id: str) -> None:
        self.id = id


def _all_ids(definition: dict[str, Any]) -> list[_Id]:
    spec = forms.load_spec(definition)
    ids = []
    for field in spec.walk():
        ids.append(_Id("-".join("0" if t == "*" else t for t in field.path)))
    return ids


@SETTINGS
@given(data=st.data(), definition=definitions())
def test_arbitrary_posts_never_fail(client, data, definition):
    posted = data.draw(fuzzed_post(definition))
    note(f"posted: {posted}")
    response = post(client, definition, posted)
    if response.status_code != 202:
        _accepted_iff_schema_accepts(response, definition)


def test_a_json_body_or_nothing_at_all_is_not_a_500(client):
    definition = {
        "schema": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    }
    key = register(definition)
    for body in ("[1, 2]", '{"a": {"b": 1}}', '"texte"', "{", ""):
        response = client.post(f"/formulaire/{key}", data=body, content_type="application/json")
        assert response.status_code in (400,), (body, response.status_code)
    response = client.post(f"/formulaire/{key}")
    assert response.status_code == 400
    assert response.json["errors"] == [{"path": "/a", "message": "Ce champ est obligatoire."}]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(names, children, max_size=4),
    max_leaves=12,
)
EXAMPLE_KEYS = ["demandeur", "courriel", "enfants", "montant_frais", "situation", "attestation"]


@SETTINGS
@given(
    answers=st.dictionaries(st.sampled_from(EXAMPLE_KEYS) | names, JSON, max_size=6),
    step=st.sampled_from([None, "vous", "enfants", "ressources"]),
)
def test_any_saved_answers_can_be_validated_reviewed_and_displayed(forms_app, answers, step):
    """Drafts, API bodies and old versions' answers may hold anything: never an exception."""
    definition = example_definition()
    errors = forms.validate_answers(definition, answers, key="example")
    assert all(e.message for e in errors)
    forms.review_sections(definition, answers, key="example")
    with forms_app.test_request_context():
        form = forms.form_from_answers(definition, answers, step=step, key="example")
        render_template_string(STEP_PAGE, form=form)
