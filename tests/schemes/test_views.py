"""« Dispositifs » pages: list, creation, settings, versions, export/import, publication."""

from __future__ import annotations

import io
import json
from html import unescape

from sqlalchemy import func, select

from app.core.db import db
from app.schemes import services
from app.schemes.bundles import export_bundle
from app.schemes.models import Scheme, VersionState
from app.testing.bundles import make_bundle
from tests.schemes.conftest import errors_of, new_scheme


def refreshed(scheme_id: int) -> Scheme:
    scheme = db.session.get(Scheme, scheme_id)
    db.session.refresh(scheme)
    return scheme


def count_schemes(tenant) -> int:
    return db.session.scalar(select(func.count()).where(Scheme.tenant_id == tenant.id))


def upload(pages, document: bytes, name: str = "aide.json"):
    return pages.client.post(
        pages.url("/importer"),
        data={"csrf_token": pages.token, "bundle": (io.BytesIO(document), name)},
        content_type="multipart/form-data",
    )


def test_index_lists_the_schemes(pages, factories, tenant):
    factories.scheme(tenant, title="Aide aux fournitures")
    page = pages.text()
    assert "Aide aux fournitures" in page
    assert "Créer un dispositif" in page


def test_a_viewer_sees_the_list_without_the_actions(client, auth, factories, tenant):
    factories.scheme(tenant)
    viewer = factories.member(tenant, role="viewer").user
    auth.login(viewer.email)
    page = client.get(f"/gestion/{tenant.slug}/dispositifs").get_data(as_text=True)
    assert "Aide de rentrée (test)" in page
    assert "Créer un dispositif" not in page


def test_creating_a_scheme_starts_a_draft_with_one_empty_step(pages):
    sid = new_scheme(pages, "Bourse communale d'études")
    scheme = refreshed(sid)
    assert scheme.slug == "bourse-communale-d-etudes"
    assert scheme.draft_version.number == 1
    assert scheme.draft_version.content["form"]["ui"]["ui:steps"][0]["fields"] == []
    assert "Cette étape n'a pas encore de champ." in pages.text(f"/{sid}/formulaire")


def test_creating_needs_a_title_and_a_free_identifier(pages):
    response = pages.post("/nouveau", {"title": "", "benefit_kind": "cash"})
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in errors_of(response)
    new_scheme(pages, "Aide")
    response = pages.post("/nouveau", {"title": "Autre", "slug": "aide", "benefit_kind": "cash"})
    assert response.status_code == 422
    assert "Un dispositif utilise déjà cet identifiant." in errors_of(response)
    assert 'value="Autre"' in response.get_data(as_text=True)  # nothing typed is lost


def test_settings_are_saved_and_bad_input_is_explained_next_to_the_field(pages):
    sid = new_scheme(pages)
    base = {
        "title": "Aide à la rentrée",
        "slug": "aide-a-la-rentree",
        "benefit_kind": "voucher",
        "retention_months": "24",
        "audience": ["collegiens", "lyceens"],
        "budget_amount": "50 000,50",
        "validity_days": "90",
        "opens_at": "2026-09-01",
        "closes_at": "2026-10-15",
    }
    response = pages.post(f"/{sid}/parametres", {**base, "retention_months": "200"})
    assert response.status_code == 422
    assert "Saisissez un nombre entre 1 et 120." in errors_of(response)
    assert 'value="200"' in response.get_data(as_text=True)
    response = pages.post(f"/{sid}/parametres", {**base, "closes_at": "2026-08-01"})
    assert response.status_code == 422
    assert "La date de fermeture précède la date d'ouverture" in errors_of(response)
    assert pages.post(f"/{sid}/parametres", base).status_code == 302
    scheme = refreshed(sid)
    assert scheme.audience == ["collegiens", "lyceens"]
    assert str(scheme.budget_amount) == "50000.50"
    content = scheme.draft_version.content
    assert content["benefit"] == {"kind": "voucher", "validity_days": 90}
    assert content["budget"] == {"amount": "50000.50", "currency": "EUR"}


def test_versions_and_a_read_only_version(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    with pages.client.application.test_request_context():
        services.save_draft(scheme, make_bundle(slug=scheme.slug), actor=None)
    page = pages.text(f"/{scheme.id}/versions")
    assert "Publiée" in page
    assert "Brouillon" in page
    published = scheme.published_version
    page = pages.text(f"/{scheme.id}/versions/{published.id}")
    assert "Quotient familial inférieur ou égal à 800 €" in page
    other = factories.scheme(tenant)
    assert pages.get(f"/{scheme.id}/versions/{other.published_version.id}").status_code == 404


def test_export_import_export_round_trips_identically(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    response = pages.get(f"/{scheme.id}/export")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{scheme.slug}.json"'
    exported = response.get_data()
    assert json.loads(exported) == export_bundle(scheme)
    copy = json.loads(exported)
    copy["slug"] = "copie"
    response = upload(pages, json.dumps(copy).encode())
    assert response.status_code == 302, errors_of(response)
    imported = db.session.scalar(select(Scheme).where(Scheme.slug == "copie"))
    again = json.loads(pages.get(f"/{imported.id}/export").get_data())
    assert again == copy
    version = pages.get(f"/{scheme.id}/versions/{scheme.published_version.id}/export")
    assert version.headers["Content-Disposition"].endswith(f'{scheme.slug}-v1.json"')


def test_importing_an_existing_slug_makes_a_new_draft(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    bundle = export_bundle(scheme)
    bundle["title"] = "Titre importé"
    assert upload(pages, json.dumps(bundle).encode()).status_code == 302
    scheme = refreshed(scheme.id)
    assert scheme.title == "Titre importé"
    assert scheme.draft_version.number == 2
    assert scheme.published_version.number == 1


def test_a_broken_bundle_lists_every_error_with_its_path_and_stores_nothing(pages, tenant):
    bundle = make_bundle(slug="Pas Valide", audience=["retraites"])
    bundle["form"]["schema"]["properties"]["nombre_enfants"]["minimum"] = "zéro"
    bundle["rules"]["criteria"][0]["logic"] = {"exec": ["rm"]}
    bundle["data_sources"][0]["source"] = "api_particulier.inconnue"
    before = count_schemes(tenant)
    response = upload(pages, json.dumps(bundle).encode())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for path in (
        "/slug",
        "/audience/0",
        "/form/schema/properties/nombre_enfants/minimum",
        "/rules/criteria/0/logic",
        "/data_sources/0/source",
    ):
        assert f"<code>{path}</code>" in page, path
    assert count_schemes(tenant) == before


def test_a_file_that_is_not_json_is_explained(pages):
    response = upload(pages, b"\x89PNG not json")
    assert response.status_code == 422
    assert "Le fichier n'est pas un document JSON lisible." in errors_of(response)
    response = pages.client.post(pages.url("/importer"), data={"csrf_token": pages.token})
    assert response.status_code == 422
    assert "Sélectionnez un fichier." in errors_of(response)


def test_publication_is_refused_with_every_reason_then_accepted(pages, factories, tenant):
    bundle = make_bundle(slug="a-publier", tests=[])
    bundle["data_sources"].append({"alias": "impots", "source": "impot_particulier.situation_ir"})
    with pages.client.application.test_request_context():
        scheme = services.create_scheme(tenant.id, bundle, actor=None)
    page = pages.text(f"/{scheme.id}/publier")
    assert "ne peut pas encore être publiée" in page
    assert "Publier la version" not in page
    response = pages.post(f"/{scheme.id}/publier")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Habilitation — « Situation" in page or "Habilitation —" in page
    assert refreshed(scheme.id).published_version is None

    fixed = make_bundle(slug="a-publier")
    with pages.client.application.test_request_context():
        services.save_draft(scheme, fixed, actor=None)
    assert "Publier la version 1" in pages.text(f"/{scheme.id}/publier")
    assert pages.post(f"/{scheme.id}/publier").status_code == 302
    scheme = refreshed(scheme.id)
    assert scheme.published_version.state is VersionState.PUBLISHED
    assert "Il n'y a pas de brouillon à publier" in pages.text(f"/{scheme.id}/publier")


def test_closing_and_reopening(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    assert pages.post(f"/{scheme.id}/fermer").status_code == 302
    assert refreshed(scheme.id).closed_at is not None
    assert "Rouvrir aux demandes" in pages.text(f"/{scheme.id}/")
    assert pages.post(f"/{scheme.id}/rouvrir").status_code == 302
    assert refreshed(scheme.id).closed_at is None


def test_the_overview_lists_what_is_left_to_do(pages, factories, tenant):
    sid = new_scheme(pages)
    page = unescape(pages.text(f"/{sid}/"))
    assert "Avant de publier le brouillon" in page
    assert "/form/schema/properties : Au moins 1 champ(s) attendu(s)." in page
    scheme = factories.scheme(tenant, publish=False)
    page = unescape(pages.text(f"/{scheme.id}/"))
    assert "Le brouillon (version 1) peut être publié." in page
    assert "Quotient familial inférieur ou égal à 800 €" in page  # the summary


def test_preview_renders_the_citizen_form_and_only_checks_answers(pages, factories, tenant):
    scheme = factories.scheme(tenant)
    page = pages.text(f"/{scheme.id}/formulaire/apercu", etape="foyer")
    assert "Nombre d&#39;enfants scolarisés" in page or "Nombre d'enfants scolarisés" in page
    response = pages.post(f"/{scheme.id}/formulaire/apercu", {"_action": "next"}, etape="foyer")
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)
    assert refreshed(scheme.id).draft_version is None
    assert pages.get(f"/{scheme.id}/formulaire/apercu", etape="inconnue").status_code == 404
