import dataclasses
import re

from app.auth.services import make_reset_token
from app.testing.plugin import csrf_in


def _reset_link(smtp_sink, email):
    messages = smtp_sink.sent_to(email)
    assert len(messages) == 1
    body = messages[0].get_content()
    match = re.search(r"http://localhost(/mot-de-passe/nouveau/\S+)", body)
    assert match, body
    return match.group(1)


def test_reset_link_is_emailed_over_smtp_and_works_once(client, auth, dummy_admin, smtp_sink):
    token = auth.csrf_token("/mot-de-passe/oubli")
    response = client.post(
        "/mot-de-passe/oubli", data={"email": dummy_admin.email, "csrf_token": token}
    )
    assert response.status_code == 302
    path = _reset_link(smtp_sink, dummy_admin.email)
    message = smtp_sink.sent_to(dummy_admin.email)[0]
    assert "réinitialisation" in message["Subject"]

    form = client.get(path)
    assert form.status_code == 200
    csrf = csrf_in(form.get_data(as_text=True))
    done = client.post(
        path,
        data={
            "password": "a-brand-new-password",
            "confirm": "a-brand-new-password",
            "csrf_token": csrf,
        },
    )
    assert done.status_code == 302
    assert auth.login(dummy_admin.email, "a-brand-new-password").status_code == 302
    assert client.get(path).status_code == 400  # single use


def test_unknown_address_gets_the_same_answer_and_no_mail(client, auth, smtp_sink):
    token = auth.csrf_token("/mot-de-passe/oubli")
    response = client.post(
        "/mot-de-passe/oubli", data={"email": "nobody@nulle-part.fr", "csrf_token": token}
    )
    assert response.status_code == 302
    assert smtp_sink.messages == []


def test_reset_form_validates_in_french_and_keeps_nothing_secret(client, app, dummy_admin):
    with app.test_request_context():
        token = make_reset_token(dummy_admin)
    path = f"/mot-de-passe/nouveau/{token}"
    csrf = csrf_in(client.get(path).get_data(as_text=True))
    short = client.post(path, data={"password": "short", "confirm": "short", "csrf_token": csrf})
    assert short.status_code == 400
    assert "au moins 12 caractères" in short.get_data(as_text=True)
    mismatch = client.post(
        path,
        data={
            "password": "long-enough-pass-1",
            "confirm": "long-enough-pass-2",
            "csrf_token": csrf,
        },
    )
    assert "ne sont pas identiques" in mismatch.get_data(as_text=True)


def test_tampered_or_expired_token_is_refused(client, app, dummy_admin, monkeypatch):
    with app.test_request_context():
        token = make_reset_token(dummy_admin)
    assert client.get(f"/mot-de-passe/nouveau/{token}x").status_code == 400
    settings = app.extensions["tremplin.settings"]
    monkeypatch.setitem(
        app.extensions,
        "tremplin.settings",
        dataclasses.replace(settings, password_reset_max_age=-1),
    )
    assert client.get(f"/mot-de-passe/nouveau/{token}").status_code == 400
