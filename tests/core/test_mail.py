import dataclasses

import pytest

from app.core.mail import MailError, build_message, deliver, queue_mail


def test_queue_mail_delivers_over_smtp(app, smtp_sink):
    with app.app_context():
        queue_mail("agent@exemple.fr", "Sujet accentué é", "Corps du message")
    [message] = smtp_sink.sent_to("agent@exemple.fr")
    assert message["Subject"] == "Sujet accentué é"
    assert message.get_content().strip() == "Corps du message"


def test_smtp_failure_is_typed_and_queue_mail_does_not_raise(app, monkeypatch, caplog):
    settings = app.extensions["tremplin.settings"]
    broken = dataclasses.replace(settings, smtp_port=1, smtp_timeout=0.5)  # nothing listens on 1
    monkeypatch.setitem(app.extensions, "tremplin.settings", broken)
    with app.app_context():
        with pytest.raises(MailError):
            deliver(build_message("x@exemple.fr", "s", "b"))
        queue_mail("x@exemple.fr", "s", "b")  # bounded retries, then gives up quietly
    assert "mail.send.abandoned" in caplog.text
    assert "x@exemple.fr" not in caplog.text


def test_console_backend_prints_instead_of_sending(app, monkeypatch, capsys, smtp_sink):
    settings = app.extensions["tremplin.settings"]
    monkeypatch.setitem(
        app.extensions, "tremplin.settings", dataclasses.replace(settings, mail_backend="console")
    )
    with app.app_context():
        queue_mail("dev@exemple.fr", "Essai", "Bonjour")
    assert "Bonjour" in capsys.readouterr().out
    assert smtp_sink.messages == []
