"""The demonstration page lists, per demo scheme, the staging identities and their decision; it
exists (and the home page links to it) only when the demo data is loaded."""

import html

from app.applications.models import STATE_LABELS, ApplicationState
from app.core.formatting import format_money
from app.seed import demo_identities


def test_no_demo_page_without_demo_data(client):
    assert client.get("/demo").status_code == 404
    assert "/demo" not in client.get("/").get_data(as_text=True)


def test_home_page_links_to_the_demo_page(client, demo_platform):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/demo"' in page


def test_every_identity_is_listed_with_its_decision(client, demo_platform):
    response = client.get("/demo")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "cas de test officiels" in page
    for entry in demo_identities():
        assert f'href="/c/{entry["tenant"]}/aides/{entry["scheme"]}/"' in page
        for identity in entry["identities"]:
            start = page.index(f'id="identite-{identity["id"]}"')
            section = page[start : page.index("</section>", start)]
            assert identity["label"] in section
            expected = identity["expected"]
            state = STATE_LABELS[ApplicationState(expected["state"])]
            assert f"Décision attendue : <strong>{state}</strong>" in section
            if expected["amount"] is not None:
                assert f"</strong> — {format_money(expected['amount'])}</p>" in section
            answers = identity["answers"]
            for block in ("allocataire", "etudiant", "eleve"):
                if block in answers:
                    assert answers[block]["nom_naissance"] in section
            for key in ("numero_fiscal", "ine", "code_etablissement"):
                if key in answers:
                    assert answers[key] in section


def test_the_listed_schemes_are_open_to_citizens(client, demo_platform):
    for entry in demo_identities():
        page = client.get(f"/c/{entry['tenant']}/aides/{entry['scheme']}/")
        assert page.status_code == 200
        assert "Commencer ma demande" in page.get_data(as_text=True)
