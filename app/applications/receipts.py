"""Receipts: the French explanation of a decision and the downloadable PDF (fpdf2, pure Python)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fpdf import FPDF

from app.applications.models import Application, ApplicationState
from app.core.formatting import format_datetime, format_money
from app.rules import Evaluation, explain
from app.schemes.variables import catalogue

ALGORITHM_NOTICE = (
    "Cette décision a été prise sur le fondement d'un traitement algorithmique. Vous pouvez "
    "demander à {collectivite} la communication des règles définissant ce traitement et des "
    "principales caractéristiques de sa mise en œuvre (article L311-3-1 du code des relations "
    "entre le public et l'administration), en écrivant à {contact}."
)
REVIEW_NOTICE = (
    "Votre demande n'a pas pu être décidée automatiquement : un agent de {collectivite} va "
    "l'examiner. Vous serez informé(e) de sa décision."
)
VERIFYING_NOTICE = (
    "Les informations nécessaires n'ont pas encore pu être obtenues auprès des administrations. "
    "Votre demande est bien enregistrée ; la vérification sera relancée automatiquement. Revenez "
    "sur cette page pour connaître la décision."
)


@dataclass(frozen=True)
class Explanation:
    """What the confirmation page, the status page, the PDF and the API show."""

    criteria: list[dict[str, Any]]
    sentences: list[str]
    amount_line: str | None


def explanation(application: Application) -> Explanation:
    """Per-criterion French sentences of a decided application (empty while verifying)."""
    if not application.is_decided or "criteria" not in application.evaluation:
        return Explanation([], [], None)
    evaluation = Evaluation.from_dict(application.evaluation)
    variables = catalogue(application.version.content)
    sentences = explain(evaluation, variables)
    criteria = [
        {"id": c.id, "label": c.label, "outcome": _outcome(c.outcome.value), "explanation": text}
        for c, text in zip(evaluation.criteria, sentences, strict=False)
    ]
    amount_line = sentences[len(evaluation.criteria)] if len(sentences) > len(criteria) else None
    return Explanation(criteria, sentences[: len(criteria)], amount_line)


def _outcome(value: str) -> str:
    return {"true": "met", "false": "not_met"}.get(value, "undetermined")


def notices(application: Application, tenant: Any) -> list[str]:
    """The mandatory mentions shown with the decision."""
    names = {"collectivite": tenant.name, "contact": tenant.contact_email}
    if application.state is ApplicationState.VERIFYING:
        return [VERIFYING_NOTICE]
    found = [ALGORITHM_NOTICE.format(**names)]
    if application.state is ApplicationState.TO_REVIEW:
        found.insert(0, REVIEW_NOTICE.format(**names))
    return found


def receipt_pdf(application: Application, tenant: Any, status_url: str) -> bytes:
    """The PDF accusé de réception (Windows-1252 core fonts cover French and the euro sign)."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_title(f"Accusé de réception {application.reference}")
    pdf.set_author(tenant.name)
    pdf.set_lang("fr-FR")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, tenant.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 7, "Accusé de réception de votre demande", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    rows = [
        ("Dispositif", application.scheme.title),
        ("Référence", application.reference),
        ("Déposée le", format_datetime(application.submitted_at)),
        ("État", application.state.label),
    ]
    if application.amount is not None:
        rows.append(("Montant", format_money(application.amount)))
    for label, value in rows:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(40, 7, label)
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 7, _safe(value), new_x="LMARGIN", new_y="NEXT")
    details = explanation(application)
    if details.criteria:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, "Explication de la décision", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for sentence in [
            *details.sentences,
            *([details.amount_line] if details.amount_line else []),
        ]:
            pdf.multi_cell(0, 6, _safe("• " + sentence), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 9)
    for notice in notices(application, tenant):
        pdf.multi_cell(0, 5, _safe(notice), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.multi_cell(
        0, 5, _safe(f"Suivre votre demande : {status_url}"), new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())


def _safe(text: str) -> str:
    """Replace the few characters Windows-1252 lacks (narrow spaces from French formatting)."""
    cleaned = text.replace("\u202f", " ").replace("\u2009", " ").replace("\u2011", "-")
    return cleaned.encode("cp1252", "replace").decode("cp1252")
