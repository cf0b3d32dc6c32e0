"""Routes of the « Dispositifs » pages and the scheme builder (``/gestion/<tenant>/dispositifs``).

URL arguments other than ``<tenant>`` are object ids (``scheme_id``, ``version_id``); steps,
fields, criteria, sources and test cases are named in the query string or the posted form.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from app.schemes import (
    describe,
    form_views,
    persona_views,
    rule_views,
    source_views,
    views,
)

bp = Blueprint("schemes", __name__, template_folder="templates")
_base = "/gestion/<tenant>/dispositifs"
_one = f"{_base}/<int:scheme_id>"
_post = ["POST"]
_both = ["GET", "POST"]

bp.add_url_rule(_base, "index", views.index)
bp.add_url_rule(f"{_base}/nouveau", "new", views.new, methods=_both)
bp.add_url_rule(f"{_base}/importer", "import_page", views.import_page, methods=_both)
bp.add_url_rule(f"{_one}/", "overview", views.overview)
bp.add_url_rule(f"{_one}/parametres", "settings", views.settings, methods=_both)
bp.add_url_rule(f"{_one}/versions", "versions", views.versions)
bp.add_url_rule(f"{_one}/versions/<int:version_id>", "version", views.version)
bp.add_url_rule(f"{_one}/versions/<int:version_id>/export", "export_version", views.export_version)
bp.add_url_rule(f"{_one}/export", "export", views.export)
bp.add_url_rule(f"{_one}/publier", "publish", views.publish, methods=_both)
bp.add_url_rule(f"{_one}/fermer", "close", views.close, methods=_post)
bp.add_url_rule(f"{_one}/rouvrir", "reopen", views.reopen, methods=_post)

bp.add_url_rule(f"{_one}/formulaire", "form", form_views.form)
bp.add_url_rule(f"{_one}/formulaire/etape", "step", form_views.step, methods=_both)
bp.add_url_rule(
    f"{_one}/formulaire/etape/deplacer", "move_step", form_views.move_step, methods=_post
)
bp.add_url_rule(
    f"{_one}/formulaire/etape/supprimer", "delete_step", form_views.delete_step, methods=_post
)
bp.add_url_rule(f"{_one}/formulaire/champ", "field", form_views.field, methods=_both)
bp.add_url_rule(
    f"{_one}/formulaire/champ/deplacer", "move_field", form_views.move_field, methods=_post
)
bp.add_url_rule(
    f"{_one}/formulaire/champ/supprimer", "delete_field", form_views.delete_field, methods=_post
)
bp.add_url_rule(f"{_one}/formulaire/apercu", "preview", form_views.preview, methods=_both)
bp.add_url_rule(f"{_one}/formulaire/json", "raw_form", form_views.raw, methods=_both)

bp.add_url_rule(f"{_one}/sources", "sources", source_views.sources)
bp.add_url_rule(f"{_one}/sources/source", "mapping", source_views.mapping, methods=_both)
bp.add_url_rule(
    f"{_one}/sources/supprimer", "delete_mapping", source_views.delete_mapping, methods=_post
)

bp.add_url_rule(f"{_one}/regles", "rules", rule_views.rules)
bp.add_url_rule(f"{_one}/regles/critere", "criterion", rule_views.criterion, methods=_both)
bp.add_url_rule(
    f"{_one}/regles/critere/deplacer", "move_criterion", rule_views.move_criterion, methods=_post
)
bp.add_url_rule(
    f"{_one}/regles/critere/supprimer",
    "delete_criterion",
    rule_views.delete_criterion,
    methods=_post,
)
bp.add_url_rule(f"{_one}/regles/montant", "amount", rule_views.amount, methods=_both)
bp.add_url_rule(f"{_one}/regles/json", "raw_rules", rule_views.raw, methods=_both)

bp.add_url_rule(f"{_one}/cas-de-test", "tests", persona_views.tests)
bp.add_url_rule(f"{_one}/cas-de-test/cas", "persona", persona_views.persona, methods=_both)
bp.add_url_rule(
    f"{_one}/cas-de-test/supprimer", "delete_persona", persona_views.delete_persona, methods=_post
)
bp.add_url_rule(f"{_one}/cas-de-test/resultats", "run_tests", persona_views.run)


def init_app(app: Flask) -> None:
    """Register the scheme pages and their template helpers."""
    app.register_blueprint(bp)
    describe.init_app(app)
