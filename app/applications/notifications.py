"""E-mails to applicants: the receipt with the secret status link."""

from __future__ import annotations

from flask import render_template

from app.applications.models import Application
from app.applications.receipts import explanation
from app.core.mail import queue_mail


def send_receipt(application: Application, status_url: str) -> None:
    """Send the accusé de réception to the contact address, if the person gave one."""
    if not application.contact_email:
        return
    body = render_template(
        "applications/email/receipt.txt",
        application=application,
        details=explanation(application),
        status_url=status_url,
    )
    subject = f"Accusé de réception — {application.scheme.title} ({application.reference})"
    queue_mail(application.contact_email, subject, body)
