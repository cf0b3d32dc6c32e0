"""The citizen journey over HTTP: draft, steps, review, submission, status, receipt."""

import re

from sqlalchemy import func, select

from app.applications.models import Application, Draft
from app.core.db import db
from app.testing.bundles import answers_for
from app.testing.plugin import csrf_in
from tests.portal.steps import BASE, post_step, start


def _fill_all(client, scheme, answers):
    url = start(client)
    assert url.endswith("/etape/identite")
    response = post_step(client, url, scheme, answers, "identite")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    url = response.headers["Location"]
    assert url.endswith("/etape/foyer")
    response = post_step(client, url, scheme, answers, "foyer")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/recapitulatif")
    return response.headers["Location"]


def test_scheme_page_says_which_administrations_are_asked(client, scheme):
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Pas de justificatif à envoyer" in page
    assert "API Particulier" in page
    assert "Commencer ma demande" in page


def test_full_journey_ends_with_an_explained_decision_and_a_pdf(client, scheme, smtp_sink):
    review = _fill_all(
        client, scheme, answers_for("martin", children=2, email="famille@exemple.fr")
    )
    page = client.get(review).get_data(as_text=True)
    assert "Vérifiez vos réponses" in page
    assert "MARTIN" in page
    submit = review.replace("/recapitulatif", "/envoyer")
    response = client.post(submit, data={"csrf_token": csrf_in(page)})
    assert response.status_code == 302
    status_url = response.headers["Location"]
    status = client.get(status_url).get_data(as_text=True)
    assert "Éligible" in status
    assert "200" in status
    assert "€" in status
    assert "Quotient familial" in status
    assert "traitement algorithmique" in status
    assert "L311-3-1" in status
    pdf = client.get(f"{status_url}/accuse.pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    [mail] = smtp_sink.sent_to("famille@exemple.fr")
    assert "/suivi/" in mail.get_content()


def test_double_submission_creates_one_application(client, scheme):
    review = _fill_all(client, scheme, answers_for("martin"))
    token = csrf_in(client.get(review).get_data(as_text=True))
    submit = review.replace("/recapitulatif", "/envoyer")
    first = client.post(submit, data={"csrf_token": token})
    second = client.post(submit, data={"csrf_token": token})
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Application)) == 1


def test_step_errors_are_shown_in_french_and_input_is_kept(client, scheme):
    url = start(client)
    answers = answers_for("martin")
    answers["demandeur"]["nom_naissance"] = "MARTIN"
    answers["demandeur"]["date_naissance"] = "2099-13-45"
    response = post_step(client, url, scheme, answers, "identite")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "data-error-summary" in page
    assert 'value="MARTIN"' in page
    assert "<title>Erreur :" in page
    draft = db.session.scalar(select(Draft))
    assert draft.answers["demandeur"]["nom_naissance"] == "MARTIN"  # saved despite the error


def test_incomplete_draft_is_sent_back_to_the_step_with_errors(client, scheme):
    url = start(client)
    review = url.replace("/etape/identite", "/recapitulatif")
    page = client.get(review).get_data(as_text=True)
    response = client.post(
        review.replace("/recapitulatif", "/envoyer"), data={"csrf_token": csrf_in(page)}
    )
    assert response.status_code == 302
    assert "/etape/identite?verifier=1" in response.headers["Location"]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-error-summary" in shown
    assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_resume_link_is_emailed_and_resumes_the_draft(client, scheme, smtp_sink):
    url = start(client)
    post_step(client, url, scheme, answers_for("martin"), "identite")
    link_page = url.replace("/etape/identite", "/lien")
    page = client.get(link_page).get_data(as_text=True)
    bad = client.post(link_page, data={"email": "pas-une-adresse", "csrf_token": csrf_in(page)})
    assert bad.status_code == 400
    response = client.post(
        link_page, data={"email": "parent@exemple.fr", "csrf_token": csrf_in(page)}
    )
    assert response.status_code == 302
    [mail] = smtp_sink.sent_to("parent@exemple.fr")
    link = re.search(r"http://localhost(/c/\S+)", mail.get_content()).group(1)
    resumed = client.get(link)
    assert resumed.headers["Location"].endswith("/etape/foyer")


def test_unknown_or_expired_draft_is_a_clear_404(client, scheme):
    response = client.get(f"{BASE}/demande/jeton-inconnu/etape/identite")
    assert response.status_code == 404
    assert "Ce lien n'est plus valable" in response.get_data(as_text=True)


def test_status_page_needs_the_secret_token(client, scheme):
    assert client.get("/c/val-test/suivi/pas-le-bon-jeton").status_code == 404


def test_closed_or_unpublished_scheme(client, factories, commune):
    factories.scheme(commune, slug="brouillon", publish=False)
    assert client.get("/c/val-test/aides/brouillon/").status_code == 404
    factories.scheme(commune, slug="fermee", closes_at="2020-01-01")
    page = client.get("/c/val-test/aides/fermee/").get_data(as_text=True)
    assert "n'accepte pas de demande" in page
    assert "Commencer ma demande" not in page
