"""The builder's pages, driven like an administrator without JavaScript: each change is a small
POST, saved in the draft version, audited; bad input gets a French message next to the input."""

from __future__ import annotations

import json
from html import unescape

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.db import db
from app.schemes.models import Scheme, VersionState
from app.testing.bundles import make_bundle
from tests.schemes.conftest import errors_of, new_scheme

QF = "sources.qf.quotient_familial.valeur"


def content(scheme_id: int) -> dict:
    scheme = db.session.get(Scheme, scheme_id)
    db.session.refresh(scheme)
    return (scheme.draft_version or scheme.published_version).content


def build_small_scheme(pages) -> int:
    """The issue's small scheme, through the visual editors only."""
    sid = new_scheme(pages)
    ok = [
        pages.post(
            f"/{sid}/formulaire/champ",
            {"label": "Votre identité", "name": "demandeur", "required": "y"},
            etape="demande",
            type="identity",
        ),
        pages.post(
            f"/{sid}/formulaire/champ",
            {
                "label": "Nombre d'enfants scolarisés",
                "name": "nombre_enfants",
                "required": "y",
                "minimum": "0",
                "maximum": "12",
            },
            etape="demande",
            type="integer",
        ),
        pages.post(
            f"/{sid}/sources/source",
            {"alias": "qf", "identity": "demandeur"},
            source="api_particulier.quotient_familial",
        ),
        pages.post(
            f"/{sid}/regles/critere",
            {
                "label": "Quotient familial inférieur ou égal à 800 €",
                "groups-0-mode": "and",
                "groups-0-rows-0-variable": QF,
                "groups-0-rows-0-operator": "<=",
                "groups-0-rows-0-value": "800",
                "_action": "save",
            },
        ),
        pages.post(
            f"/{sid}/regles/critere",
            {
                "label": "Au moins un enfant scolarisé",
                "groups-0-mode": "and",
                "groups-0-rows-0-variable": "form.nombre_enfants",
                "groups-0-rows-0-operator": ">=",
                "groups-0-rows-0-value": "1",
                "_action": "save",
            },
        ),
        pages.post(
            f"/{sid}/regles/montant",
            {
                "mode": "grid",
                "variable": QF,
                "inclusive": "lower",
                "default": "0",
                "brackets-0-lower": "",
                "brackets-0-upper": "600",
                "brackets-0-amount": "150",
                "brackets-1-lower": "600",
                "brackets-1-upper": "900",
                "brackets-1-amount": "100",
                "_action": "save",
            },
        ),
        pages.post(
            f"/{sid}/cas-de-test/cas",
            {
                "name": "QF 150, deux enfants",
                "eligible": "true",
                "amount": "150",
                "v_0": "2",
                "v_1": "150",
            },
        ),
    ]
    for response in ok:
        assert response.status_code == 302, errors_of(response)
    return sid


def test_a_small_scheme_is_built_published_and_audited(pages, tenant):
    sid = build_small_scheme(pages)
    saved = content(sid)
    assert list(saved["form"]["schema"]["properties"]) == ["demandeur", "nombre_enfants"]
    assert saved["data_sources"] == [
        {"alias": "qf", "source": "api_particulier.quotient_familial", "identity": "demandeur"}
    ]
    assert saved["rules"]["criteria"][0]["logic"] == {"<=": [{"var": QF}, 800]}
    assert saved["rules"]["amount"] == {
        "bareme": [{"var": QF}, [[None, 600, 150], [600, 900, 100]]]
    }
    report = pages.text(f"/{sid}/cas-de-test/resultats")
    assert "1 cas sur 1 conforme" in report
    assert pages.post(f"/{sid}/publier").status_code == 302
    scheme = db.session.get(Scheme, sid)
    db.session.refresh(scheme)
    assert scheme.published_version.state is VersionState.PUBLISHED
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.tenant_id == tenant.id)
    ).all()
    assert actions.count("scheme.draft_saved") == 7
    assert "scheme.published" in actions


def field(pages, sid, values, **params):
    return pages.post(f"/{sid}/formulaire/champ", values, **params)


def test_field_errors_are_shown_next_to_the_input_and_nothing_is_lost(pages):
    sid = new_scheme(pages)
    values = {"label": "Nombre de parts", "name": "parts", "minimum": "5", "maximum": "2"}
    response = field(pages, sid, values, etape="demande", type="integer")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="maximum-error"' in html
    assert "Le maximum doit être supérieur ou égal au minimum." in errors_of(response)
    assert 'value="Nombre de parts"' in html
    assert content(sid)["form"]["schema"]["properties"] == {}
    response = field(pages, sid, {"label": "Nom", "name": "Nom"}, etape="demande", type="text")
    assert response.status_code == 422
    assert "Le nom technique commence par une lettre minuscule" in errors_of(response)


def test_field_edit_condition_move_and_delete(pages):
    sid = new_scheme(pages)
    field(pages, sid, {"label": "Êtes-vous allocataire ?", "required": "y"}, type="yes-no")
    field(
        pages,
        sid,
        {
            "label": "Numéro d'allocataire",
            "pattern": "^[0-9]{7}$",
            "cond_variable": "form.etes_vous_allocataire",
            "cond_operator": "vrai",
        },
        type="text",
    )
    saved = content(sid)["form"]
    assert saved["ui"]["numero_d_allocataire"]["ui:condition"] == {
        "==": [{"var": "form.etes_vous_allocataire"}, True]
    }
    page = pages.text(f"/{sid}/formulaire/champ", champ="numero_d_allocataire")
    assert 'value="^[0-9]{7}$"' in page
    response = pages.post(
        f"/{sid}/formulaire/champ",
        {"label": "Numéro CAF", "pattern": "^[0-9]{7}$", "cond_variable": ""},
        champ="numero_d_allocataire",
    )
    assert response.status_code == 302
    saved = content(sid)["form"]
    assert saved["schema"]["properties"]["numero_d_allocataire"]["title"] == "Numéro CAF"
    assert "numero_d_allocataire" not in saved["ui"]
    pages.post(
        f"/{sid}/formulaire/champ/deplacer", {"target": "numero_d_allocataire", "direction": "up"}
    )
    assert content(sid)["form"]["ui"]["ui:steps"][0]["fields"] == [
        "numero_d_allocataire",
        "etes_vous_allocataire",
    ]
    pages.post(f"/{sid}/formulaire/etape", {"title": "Votre foyer"})
    pages.post(f"/{sid}/formulaire/etape/supprimer", {"target": "demande"})
    assert "Cette étape contient des champs" in pages.text(f"/{sid}/formulaire")
    pages.post(f"/{sid}/formulaire/champ/supprimer", {"target": "numero_d_allocataire"})
    assert list(content(sid)["form"]["schema"]["properties"]) == ["etes_vous_allocataire"]
    assert pages.get(f"/{sid}/formulaire/champ", champ="inconnu").status_code == 404


def test_groups_get_their_own_fields(pages):
    sid = new_scheme(pages)
    field(
        pages,
        sid,
        {"label": "Vos enfants", "name": "enfants", "item_title": "Enfant", "min_items": "1"},
        type="group",
    )
    assert "Ajouter un champ au groupe" in pages.text(f"/{sid}/formulaire")
    assert "Pièce justificative" not in pages.text(f"/{sid}/formulaire/champ", groupe="enfants")
    field(
        pages,
        sid,
        {"label": "Niveau", "name": "niveau", "options": "Collège\nLycée", "required": "y"},
        type="choice",
        groupe="enfants",
    )
    group = content(sid)["form"]["schema"]["properties"]["enfants"]
    assert group["items"]["properties"]["niveau"]["oneOf"][0] == {
        "const": "college",
        "title": "Collège",
    }
    assert group["items"]["required"] == ["niveau"]
    assert "Enfant 1" in pages.text(f"/{sid}/formulaire/apercu")


def test_raw_form_mode_lists_errors_by_path_and_keeps_the_input(pages):
    sid = new_scheme(pages)
    response = pages.post(f"/{sid}/formulaire/json", {"schema": "{pas du json", "ui": ""})
    assert response.status_code == 422
    assert "JSON illisible (ligne 1, colonne 2)" in errors_of(response)
    assert "{pas du json" in response.get_data(as_text=True)
    schema = {"type": "object", "properties": {"nom": {"type": "string", "if": {}}}}
    response = pages.post(f"/{sid}/formulaire/json", {"schema": json.dumps(schema), "ui": ""})
    assert response.status_code == 422
    assert "/form/schema/properties/nom/if" in errors_of(response)
    schema["properties"]["nom"].pop("if")
    response = pages.post(f"/{sid}/formulaire/json", {"schema": json.dumps(schema), "ui": ""})
    assert response.status_code == 302
    assert "nom" in pages.text(f"/{sid}/formulaire")  # the visual mode shows the same document


def test_criterion_rows_are_added_without_saving_and_errors_placed(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    base = {
        "label": "Boursier",
        "groups-0-mode": "and",
        "groups-0-rows-0-variable": "form.nombre_enfants",
        "groups-0-rows-0-operator": ">=",
        "groups-0-rows-0-value": "deux",
    }
    response = pages.post(f"/{scheme.id}/regles/critere", {**base, "_action": "add_row:0"})
    assert response.status_code == 200
    assert 'name="groups-0-rows-1-variable"' in response.get_data(as_text=True)
    assert 'value="deux"' in response.get_data(as_text=True)
    response = pages.post(f"/{scheme.id}/regles/critere", {**base, "_action": "add_group"})
    assert 'name="groups-1-rows-0-variable"' in response.get_data(as_text=True)
    response = pages.post(f"/{scheme.id}/regles/critere", {**base, "_action": "save"})
    assert response.status_code == 422
    assert "Saisissez un nombre, par exemple 1200 ou 12,50." in errors_of(response)
    assert 'id="groups-0-rows-0-value-error"' in response.get_data(as_text=True)
    response = pages.post(
        f"/{scheme.id}/regles/critere",
        {**base, "groups-0-rows-0-operator": "contient", "_action": "save"},
    )
    assert "Cette comparaison ne s'applique pas à une donnée de type nombre entier." in errors_of(
        response
    )
    assert refreshed_draft(scheme) is None


def refreshed_draft(scheme):
    db.session.refresh(scheme)
    return scheme.draft_version


def test_criteria_in_raw_json_logic_are_shown_read_only(pages, factories, tenant):
    bundle = make_bundle(slug="brut")
    bundle["rules"]["criteria"][1]["logic"] = {"!": {"missing": ["form.nombre_enfants"]}}
    scheme = factories.scheme(tenant, bundle)
    page = pages.text(f"/{scheme.id}/regles")
    assert '{"!": {"missing": ["form.nombre_enfants"]}}' in unescape(page)
    page = pages.text(f"/{scheme.id}/regles/critere", critere="enfants")
    assert "Modifier en JSON-Logic" in page
    page = pages.text(f"/{scheme.id}/regles/critere", critere="plafond_qf")
    assert 'value="800"' in page
    assert pages.get(f"/{scheme.id}/regles/critere", critere="inconnu").status_code == 404


def test_criteria_move_and_delete(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    pages.post(f"/{scheme.id}/regles/critere/deplacer", {"target": "enfants", "direction": "up"})
    ids = [c["id"] for c in content(scheme.id)["rules"]["criteria"]]
    assert ids == ["enfants", "plafond_qf"]
    pages.post(f"/{scheme.id}/regles/critere/supprimer", {"target": "enfants"})
    assert [c["id"] for c in content(scheme.id)["rules"]["criteria"]] == ["plafond_qf"]


def test_amount_grid_with_two_dimensions_per_child(pages):
    sid = new_scheme(pages)
    field(pages, sid, {"label": "Enfants", "name": "enfants"}, type="group")
    field(
        pages,
        sid,
        {"label": "Niveau", "name": "niveau", "options": "Collège\nLycée"},
        type="choice",
        groupe="enfants",
    )
    field(pages, sid, {"label": "Quotient", "name": "quotient"}, type="integer")
    grid = {
        "mode": "grid",
        "variable": "form.quotient",
        "inclusive": "upper",
        "default": "0",
        "per_item": "form.enfants",
        "column_variable": "item.niveau",
        "columns": "",
    }
    response = pages.post(f"/{sid}/regles/montant", {**grid, "_action": "refresh"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="college; lycee"' in html
    assert 'name="brackets-0-amounts-1"' in html
    response = pages.post(
        f"/{sid}/regles/montant",
        {
            **grid,
            "columns": "college; lycee",
            "_action": "save",
            "brackets-0-upper": "600",
            "brackets-0-amounts-0": "130",
            "brackets-0-amounts-1": "150",
            "brackets-1-lower": "600",
            "brackets-1-upper": "900",
            "brackets-1-amounts-0": "90",
            "brackets-1-amounts-1": "",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert content(sid)["rules"]["amount"] == {
        "sum_of": [
            {"var": "form.enfants"},
            {
                "bareme": [
                    {"var": "form.quotient"},
                    {
                        "brackets": [
                            [None, 600, {"college": 130, "lycee": 150}],
                            [600, 900, {"college": 90}],
                        ],
                        "inclusive": "upper",
                    },
                    {"var": "item.niveau"},
                ]
            },
        ]
    }
    page = pages.text(f"/{sid}/regles/montant")
    assert 'value="130"' in page


def test_amount_errors(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    grid = {
        "mode": "grid",
        "variable": QF,
        "inclusive": "lower",
        "default": "0",
        "brackets-0-upper": "900",
        "brackets-0-amount": "100",
        "brackets-1-lower": "600",
        "brackets-1-amount": "50",
        "_action": "save",
    }
    response = pages.post(f"/{scheme.id}/regles/montant", grid)
    assert response.status_code == 422
    assert "/rules/amount" in errors_of(response)
    response = pages.post(f"/{scheme.id}/regles/montant", {**grid, "brackets-1-amount": "x"})
    assert response.status_code == 422
    assert 'id="brackets-1-amount-error"' in response.get_data(as_text=True)
    response = pages.post(
        f"/{scheme.id}/regles/montant", {"mode": "fixed", "fixed": "75", "_action": "save"}
    )
    assert response.status_code == 302
    assert content(scheme.id)["rules"]["amount"] == 75


def test_raw_rules_mode(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    page = pages.text(f"/{scheme.id}/regles/json")
    assert "plafond_qf" in page
    response = pages.post(
        f"/{scheme.id}/regles/json",
        {
            "rules": json.dumps(
                {"criteria": [{"id": "x", "label": "X", "logic": {"method": ["os", "system"]}}]}
            )
        },
    )
    assert response.status_code == 422
    assert "/rules/criteria/0/logic" in errors_of(response)
    assert "method" in errors_of(response)
    assert refreshed_draft(scheme) is None


def test_sources_offer_only_what_the_habilitations_allow(pages, factories, tenant):
    sid = new_scheme(pages)
    field(pages, sid, {"label": "Identité", "name": "demandeur"}, type="identity")
    field(pages, sid, {"label": "Année", "name": "annee"}, type="integer")
    page = pages.text(f"/{sid}/sources/source")
    assert "aucune habilitation" in page  # impot_particulier, demo: not allowed here
    assert (
        pages.get(f"/{sid}/sources/source", source="impot_particulier.situation_ir").status_code
        == 404
    )
    page = pages.text(f"/{sid}/sources/source", source="api_particulier.quotient_familial")
    assert "sources.quotient_familial.quotient_familial.valeur" in page
    response = pages.post(
        f"/{sid}/sources/source",
        {
            "alias": "qf",
            "identity": "demandeur",
            "input_annee": "form.annee",
            "input_mois": "const",
            "const_mois": "douze",
        },
        source="api_particulier.quotient_familial",
    )
    assert response.status_code == 422
    assert "Saisissez un nombre" in errors_of(response)
    response = pages.post(
        f"/{sid}/sources/source",
        {
            "alias": "qf",
            "identity": "demandeur",
            "input_annee": "form.annee",
            "input_mois": "const",
            "const_mois": "9",
        },
        source="api_particulier.quotient_familial",
    )
    assert response.status_code == 302
    assert content(sid)["data_sources"] == [
        {
            "alias": "qf",
            "source": "api_particulier.quotient_familial",
            "identity": "demandeur",
            "inputs": {"annee": {"field": "form.annee"}, "mois": {"const": 9}},
        }
    ]
    assert "sources.qf.quotient_familial.valeur" in pages.text(f"/{sid}/sources")
    response = pages.post(
        f"/{sid}/sources/source",
        {"alias": "qf", "identity": "demandeur"},
        source="api_particulier.quotient_familial",
    )
    assert "Une autre source utilise déjà ce nom court." in errors_of(response)
    pages.post(f"/{sid}/sources/supprimer", {"target": "qf"})
    assert content(sid)["data_sources"] == []


def test_golden_tests_editor_and_report(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    page = pages.text(f"/{scheme.id}/cas-de-test/cas", cas="1")
    assert 'value="150"' in page
    assert 'value="2"' in page
    response = pages.post(
        f"/{scheme.id}/cas-de-test/cas",
        {"name": "QF 900", "v_0": "un", "v_1": "900", "eligible": "false"},
    )
    assert response.status_code == 422
    assert "Saisissez un nombre" in errors_of(response)
    response = pages.post(
        f"/{scheme.id}/cas-de-test/cas",
        {
            "name": "QF 900",
            "v_0": "1",
            "v_1": "900",
            "eligible": "true",
            "amount": "100",
            "check_failing": "y",
        },
    )
    assert response.status_code == 302
    saved = content(scheme.id)["tests"][1]
    assert saved == {
        "name": "QF 900",
        "form": {"nombre_enfants": 1},
        "sources": {"qf": {"quotient_familial": {"valeur": 900}}},
        "expected": {"eligible": True, "amount": "100", "failing_criteria": []},
    }
    report = pages.text(f"/{scheme.id}/cas-de-test/resultats")
    assert "1 cas sur 2 conforme." in report
    assert "Éligibilité attendue : oui, obtenue : non" in report
    assert "Critères non remplis attendus : aucun, obtenus : plafond_qf" in report
    assert "Quotient familial (en euros) : 900" in unescape(report).replace("\u202f", " ")
    pages.post(f"/{scheme.id}/cas-de-test/supprimer", {"target": "2"})
    assert len(content(scheme.id)["tests"]) == 1
    assert pages.get(f"/{scheme.id}/cas-de-test/cas", cas="9").status_code == 404


def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(pages):
    sid = new_scheme(pages)
    response = pages.client.post(
        pages.url(f"/{sid}/formulaire/etape"), data={"title": "Vos ressources"}
    )
    assert response.status_code == 400
    assert len(content(sid)["form"]["ui"]["ui:steps"]) == 1


def test_an_age_criterion(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    response = pages.post(
        f"/{scheme.id}/regles/critere",
        {
            "label": "Être majeur au 1er septembre 2026",
            "groups-0-mode": "and",
            "groups-0-rows-0-variable": "form.demandeur.date_naissance",
            "groups-0-rows-0-operator": "age",
            "groups-0-rows-0-value": "18",
            "groups-0-rows-0-value2": "120",
            "groups-0-rows-0-at": "01/09/2026",
            "_action": "save",
        },
    )
    assert response.status_code == 302, errors_of(response)
    logic = content(scheme.id)["rules"]["criteria"][-1]["logic"]
    assert logic == {
        "<=": [18, {"age": [{"var": "form.demandeur.date_naissance"}, "2026-09-01"]}, 120]
    }
    page = unescape(pages.text(f"/{scheme.id}/regles"))
    assert "Date de naissance : âge au 01/09/2026 compris entre 18 et 120 ans" in page
