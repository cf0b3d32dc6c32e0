"""Outgoing e-mail over SMTP (or printed to the console in development), sent by a background task.

``queue_mail`` is what services call: the message goes through Celery (in-process in the embedded
default) with bounded retries, so a slow or failing SMTP server never breaks a page.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.utils import make_msgid

from celery import shared_task
from flask import current_app

log = logging.getLogger("tremplin.mail")
MAX_ATTEMPTS = 3


class MailError(Exception):
    """The SMTP server refused or could not be reached."""


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text UTF-8 message from the configured sender."""
    settings = current_app.extensions["tremplin.settings"]
    message = EmailMessage()
    message["From"] = settings.mail_sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="tremplin")
    message.set_content(body)
    return message


def deliver(message: EmailMessage) -> None:
    """Send ``message`` now with the configured backend; :class:`MailError` on SMTP failure."""
    settings = current_app.extensions["tremplin.settings"]
    if settings.mail_backend == "console":
        sys.stdout.write(f"\n----- e-mail (console backend) -----\n{message}\n-----\n")
        sys.stdout.flush()
        return
    try:
        if settings.smtp_security == "ssl":
            context = ssl.create_default_context()
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host,
                settings.smtp_port,
                timeout=settings.smtp_timeout,
                context=context,
            )
        else:
            smtp = smtplib.SMTP(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout
            )
        with smtp:
            if settings.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        log.warning("mail.send.failed", extra={"error": type(error).__name__})
        raise MailError(type(error).__name__) from error
    log.info("mail.sent", extra={"message_id": message["Message-ID"]})


@shared_task(
    name="tremplin.mail.deliver",
    autoretry_for=(MailError,),
    retry_backoff=5,
    max_retries=MAX_ATTEMPTS - 1,
)
def deliver_task(to: str, subject: str, body: str) -> None:
    """Celery task wrapping :func:`deliver` with bounded, backed-off retries."""
    deliver(build_message(to, subject, body))


def queue_mail(to: str, subject: str, body: str) -> None:
    """Send an e-mail in the background (eager when embedded); never raises on SMTP errors."""
    if current_app.extensions["celery"].conf.task_always_eager:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                deliver(build_message(to, subject, body))
                return
            except MailError:
                if attempt == MAX_ATTEMPTS:
                    log.error("mail.send.abandoned", extra={"attempts": attempt})
        return
    deliver_task.delay(to, subject, body)
