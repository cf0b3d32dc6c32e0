"""A citizen's form posted with a stale or missing CSRF token: nothing saved, nothing typed lost."""

from sqlalchemy import select

from app.applications.models import Application, Draft
from app.core.db import db
from app.testing.bundles import answers_for
from app.testing.plugin import csrf_in
from tests.portal.steps import BASE, post_step, start, step_data


def test_a_step_posted_with_a_stale_token_is_shown_again_with_what_was_typed(client, scheme):
    url = start(client)
    answers = answers_for("martin", children=2, email="famille@exemple.fr")
    data = step_data(scheme, answers, "identite", "un-jeton-perime")

    response = client.post(url, data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Le formulaire a expiré. Vos réponses sont conservées" in page
    assert "error-summary" in page  # the message is in the summary at the top
    assert 'value="MARTIN"' in page  # what was typed is back in its field
    draft = db.session.scalars(select(Draft)).one()
    assert "MARTIN" not in str(draft.answers)  # the unverified post saved nothing

    again = client.post(url, data={**data, "csrf_token": csrf_in(page)})
    assert again.status_code == 302  # the fresh token on the page lets the person resend
    db.session.expire_all()
    assert "MARTIN" in str(db.session.scalars(select(Draft)).one().answers)


def test_a_submission_with_a_stale_token_goes_back_to_the_review(client, scheme):
    url = start(client)
    answers = answers_for("martin", children=1)
    for step in ("identite", "foyer"):
        response = post_step(client, url, scheme, answers, step)
        assert response.status_code == 302
        url = response.headers["Location"]
    review = url
    submit = review.replace("/recapitulatif", "/envoyer")

    response = client.post(submit, data={"csrf_token": "perime"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/recapitulatif")
    assert db.session.scalars(select(Application)).first() is None
    page = client.get(review).get_data(as_text=True)
    assert "La page a expiré" in page
    assert "MARTIN" in page  # the saved answers are all there


def test_starting_with_a_stale_token_goes_back_to_the_scheme_page(client, scheme):
    response = client.post(f"{BASE}/commencer", data={})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{BASE}/")
    assert db.session.scalars(select(Draft)).first() is None


def test_the_back_office_still_refuses_a_stale_token_with_the_error_page(client, scheme):
    response = client.post("/connexion", data={"email": "a@b.fr", "password": "x"})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)


def test_a_step_too_large_to_read_is_shown_again_with_the_saved_answers(
    app, client, scheme, monkeypatch
):
    url = start(client)
    answers = answers_for("martin", children=1)
    page = client.get(url).get_data(as_text=True)
    assert (
        client.post(url, data=step_data(scheme, answers, "identite", csrf_in(page))).status_code
        == 302
    )
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    data = step_data(scheme, answers, "identite", csrf_in(page))
    data["padding"] = "x" * (1024 * 1024 + 1)

    response = client.post(url, data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "dépassent 1 Mo au total" in page
    assert "error-summary" in page
    assert 'value="MARTIN"' in page  # the answers saved at the previous « Continuer »
