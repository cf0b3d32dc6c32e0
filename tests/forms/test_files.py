"""File uploads (manual-proof fallback): size and type limits with French messages."""

from __future__ import annotations

import io

import pytest

from app import forms
from app.forms.files import human_size
from tests.forms.samples import definition

PDF = b"%PDF-1.7\n" + b"0" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
PROOF = definition(
    {"justificatif": {"type": "string", "format": "tremplin-file", "title": "Justificatif"}},
    ["justificatif"],
    justificatif={"ui:options": {"accept": ["application/pdf", "image/png"], "maxSize": 1024}},
)


def _upload(content: bytes, name: str) -> dict[str, object]:
    return {"justificatif": (io.BytesIO(content), name)}


def _check(bind, data, answers=None):  # type: ignore[no-untyped-def]
    stored: list[tuple[str, bytes]] = []

    def store(field: str, upload) -> str:  # type: ignore[no-untyped-def]
        stored.append((field, upload.read()))
        return f"piece-{len(stored)}"

    with bind(PROOF, data, answers=answers) as form:
        form.validate()
        errors = form.justificatif.errors
        result = forms.answers_from_form(form, store_file=store)
    return errors, result, stored


def test_rendering_limits_and_multipart(bind, render):
    with bind(PROOF) as form:
        html = render(form)
    assert 'enctype="multipart/form-data"' in html
    assert 'accept="application/pdf,image/png"' in html
    assert 'type="file"' in html
    assert 'aria-describedby="justificatif-limits"' in html
    assert (
        '<p class="hint" id="justificatif-limits">'
        "Formats acceptés : PDF ou PNG. Taille maximale : 1 ko.</p>" in html
    )


def test_an_accepted_file_is_stored_and_referenced(bind):
    errors, answers, stored = _check(bind, _upload(PDF, "avis.PDF"))
    assert errors == []
    assert answers == {"justificatif": "piece-1"}
    assert stored == [("justificatif", PDF)]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (PDF + b"0" * 1024, "avis.pdf", "Le fichier ne doit pas dépasser 1 ko."),
        (PNG, "avis.pdf", "Le fichier doit être au format PDF ou PNG."),
        (b"MZ\x90\x00", "virus.exe", "Le fichier doit être au format PDF ou PNG."),
        (PDF, "avis.jpg", "Le fichier doit être au format PDF ou PNG."),
        (b"", "vide.pdf", "Le fichier sélectionné est vide."),
    ],
)
def test_refused_files_get_a_french_message_and_are_not_stored(bind, content, name, message):
    errors, answers, stored = _check(bind, _upload(content, name))
    assert errors == [message]
    assert answers == {}
    assert stored == []


def test_a_required_file_must_be_sent_once(bind, render):
    errors, answers, _ = _check(bind, {})
    assert errors == ["Sélectionnez un fichier."]
    errors, answers, stored = _check(bind, {}, answers={"justificatif": "piece-9"})
    assert errors == []
    assert answers == {"justificatif": "piece-9"}
    assert stored == []
    with bind(PROOF, {}, answers={"justificatif": "piece-9"}) as form:
        assert "Un fichier a déjà été transmis." in render(form)


def test_a_text_value_posted_for_a_file_is_ignored(bind):
    errors, answers, _ = _check(bind, {"justificatif": "piece-de-quelqu-un-d-autre"})
    assert errors == ["Sélectionnez un fichier."]
    assert answers == {}


def test_human_sizes_are_french():
    assert human_size(5 * 1024 * 1024) == "5 Mo"
    assert human_size(1536 * 1024) == "1,5 Mo"
    assert human_size(300 * 1024) == "300 ko"
    assert human_size(12) == "12 octets"
