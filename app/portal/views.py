"""Citizen pages (no account): thin views over the forms, drafts and submission pipeline."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from app import forms
from app.applications import drafts, pipeline
from app.applications.attachments import attach_to_application, store_upload
from app.applications.notifications import send_receipt
from app.applications.receipts import explanation, notices, receipt_pdf
from app.core.db import db
from app.core.errors import render_error
from app.core.formatting import paris_today
from app.portal import journey
from app.portal.forms import ResumeLinkForm, StartForm
from app.schemes.services import schemes_of
from app.tenants.context import current_tenant


def index():  # type: ignore[no-untyped-def]
    """The collectivité's open schemes."""
    today = paris_today()
    schemes = [s for s in schemes_of(current_tenant().id) if s.is_open(today)]
    return render_template("portal/index.html", schemes=schemes)


def scheme(slug: str):  # type: ignore[no-untyped-def]
    """What the aid is, who can ask, which administrations will be asked."""
    found, version = journey.open_scheme(slug)
    providers = journey.providers(version)
    return render_template(
        "portal/scheme.html",
        scheme=found,
        version=version,
        providers=providers,
        is_open=journey.is_open(found),
        form=StartForm(),
    )


def start(slug: str):  # type: ignore[no-untyped-def]
    """Start a draft and go to the first step."""
    found, version = journey.open_scheme(slug)
    if not journey.is_open(found) or not StartForm().validate_on_submit():
        return redirect(url_for("portal.scheme", slug=slug))
    draft, token = drafts.start_draft(found, version)
    db.session.commit()
    return redirect(journey.step_url(found, token, journey.step_ids(draft)[0]))


def resume(slug: str, token: str):  # type: ignore[no-untyped-def]
    """The e-mailed link: back to where the person stopped."""
    found, _ = journey.open_scheme(slug)
    draft = journey.live_draft(found, token)
    if draft is None:
        return _gone(found, token)
    ids = journey.step_ids(draft)
    if draft.step in ids:
        return redirect(journey.after(draft, found, token, draft.step))
    return redirect(journey.step_url(found, token, ids[0]))


def step(slug: str, token: str, step: str):  # type: ignore[no-untyped-def]
    """One step of the form: saved at each « Continuer », nothing typed is lost on error."""
    found, draft = _step_draft(slug, token, step)
    if draft is None:
        return _gone(found, token)
    definition, key = journey.definition(draft), draft.version.form_key
    status = 200
    if request.method == "GET":
        form = forms.form_from_answers(definition, draft.answers, step=step, key=key)
        if request.args.get("verifier"):
            forms.attach_errors(
                form, forms.validate_answers(definition, draft.answers, key=key, partial_step=step)
            )
    else:
        form = forms.build_form_class(definition, step=step, key=key)(answers=draft.answers)
        if not forms.apply_action(form):
            result = forms.process_step(
                form, answers=draft.answers, store_file=lambda _n, up: store_upload(draft, up)
            )
            drafts.save_answers(draft, result.answers, step)
            db.session.commit()
            if result.ok:
                return redirect(journey.after(draft, found, token, step))
            status = 422
    return _render_step(found, draft, token, step, form), status


def _step_draft(slug: str, token: str, step: str):  # type: ignore[no-untyped-def]
    """The scheme and the live draft a step URL names (draft ``None``: unknown, expired or
    submitted); 404 for a step the draft's form does not have."""
    found, _ = journey.open_scheme(slug)
    draft = journey.live_draft(found, token)
    if draft is not None and step not in journey.step_ids(draft):
        abort(404)
    return found, draft


def _render_step(found, draft, token: str, step: str, form) -> str:  # type: ignore[no-untyped-def]
    """The step page for ``form``."""
    return render_template(
        "portal/step.html",
        scheme=found,
        form=form,
        token=token,
        step=step,
        back_url=journey.before(draft, found, token, step),
        step_urls=journey.done_step_urls(draft, found, token, step),
    )


def review(slug: str, token: str):  # type: ignore[no-untyped-def]
    """Every answer before submission, with « Modifier » links per step."""
    found, _ = journey.open_scheme(slug)
    draft = journey.live_draft(found, token)
    if draft is None:
        return _gone(found, token)
    definition, key = journey.definition(draft), draft.version.form_key
    sections = forms.review_sections(definition, draft.answers, key=key)
    edit_urls = {s: journey.step_url(found, token, s) for s in journey.step_ids(draft)}
    return render_template(
        "portal/review.html",
        scheme=found,
        token=token,
        sections=sections,
        edit_urls=edit_urls,
        form=StartForm(),
        is_open=journey.is_open(found),
    )


def submit(slug: str, token: str):  # type: ignore[no-untyped-def]
    """Submit once (a double click or a replay finds the same application)."""
    found, _ = journey.open_scheme(slug)
    tenant = current_tenant()
    draft = journey.live_draft(found, token)
    if draft is None or not StartForm().validate_on_submit():
        return _gone(found, token)
    definition, key = journey.definition(draft), draft.version.form_key
    errors = forms.validate_answers(definition, draft.answers, key=key)
    if errors:
        first = forms.first_step_with_errors(forms.load_spec(definition, key), errors)
        flash("Certaines réponses sont à compléter ou à corriger avant l'envoi.", "error")
        return redirect(journey.step_url(found, token, first) + "?verifier=1")
    try:
        submitted = pipeline.submit(
            tenant,
            found,
            draft.answers,
            origin=f"draft:{token}",
            contact_email=journey.contact_email(draft),
            today=paris_today(),
        )
    except pipeline.SchemeClosed as error:
        return render_template("portal/closed.html", scheme=found, message=error.message), 409
    application = submitted.application
    if submitted.created:
        attach_to_application(draft, application.id)
        draft.submitted_application_id = application.id
        db.session.commit()  # stored before anything else can fail
        pipeline.process(application)
        send_receipt(application, _status_url(submitted.status_token))
        db.session.commit()
    return redirect(url_for("portal.status", status_token=submitted.status_token))


def send_link(slug: str, token: str):  # type: ignore[no-untyped-def]
    """Receive the secret link that resumes the draft later."""
    found, _ = journey.open_scheme(slug)
    draft = journey.live_draft(found, token)
    if draft is None:
        return _gone(found, token)
    form = ResumeLinkForm()
    if form.validate_on_submit():
        drafts.send_resume_link(
            draft,
            form.email.data or "",
            lambda t: url_for("portal.resume", slug=slug, token=t, _external=True),
            token,
        )
        db.session.commit()
        flash("Le lien pour reprendre votre demande vient de vous être envoyé.", "success")
        return redirect(url_for("portal.resume", slug=slug, token=token))
    return render_template(
        "portal/link.html", scheme=found, form=form, token=token, expires_at=draft.expires_at
    ), 400 if form.errors else 200


def status(status_token: str):  # type: ignore[no-untyped-def]
    """The decision, its explanation, the receipt — reachable only through the secret link."""
    application = pipeline.find_by_status_token(current_tenant().id, status_token)
    if application is None:
        abort(404)
    if pipeline.is_due(application):
        pipeline.process(application)
        db.session.commit()
    return render_template(
        "portal/status.html",
        application=application,
        details=explanation(application),
        notices=notices(application, current_tenant()),
        status_token=status_token,
        can_recheck=pipeline.can_recheck(application),
        form=StartForm(),
    )


def recheck(status_token: str):  # type: ignore[no-untyped-def]
    """« Relancer la vérification » while the administrations could not answer."""
    application = pipeline.find_by_status_token(current_tenant().id, status_token)
    if application is None:
        abort(404)
    if StartForm().validate_on_submit() and pipeline.can_recheck(application):
        pipeline.process(application)
        db.session.commit()
    return redirect(url_for("portal.status", status_token=status_token))


def receipt(status_token: str):  # type: ignore[no-untyped-def]
    """The PDF accusé de réception."""
    application = pipeline.find_by_status_token(current_tenant().id, status_token)
    if application is None:
        abort(404)
    pdf = receipt_pdf(application, current_tenant(), _status_url(status_token))
    filename = f"accuse-reception-{application.reference}.pdf"
    return (
        pdf,
        200,
        {
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


_BACK_AFTER_EXPIRY = {
    "portal.start": "portal.scheme",
    "portal.submit": "portal.review",
    "portal.send_link": "portal.send_link",
    "portal.recheck": "portal.status",
}
"""Where a citizen's button posted with a stale token leads back to (same URL arguments)."""


def expired_form(_error):  # type: ignore[no-untyped-def]
    """A citizen's form posted with a stale or missing CSRF token (a page left open for hours, a
    lost session cookie): nothing is saved, but nothing typed is lost either. A step is shown
    again with what was posted and the message in its error summary; the buttons lead back to
    the page they were on (their data is already stored)."""
    args = dict(request.view_args or {})
    if request.endpoint == "portal.step":
        return _step_again(**args)
    flash(
        "La page a expiré. Vos réponses enregistrées sont conservées : recommencez l'action.",
        "error",
    )
    back = _BACK_AFTER_EXPIRY.get(request.endpoint or "")
    return redirect(url_for(back, **args) if back else url_for("portal.index"))


def too_large(error):  # type: ignore[no-untyped-def]
    """A post over the size limit (``MAX_CONTENT_LENGTH``, e.g. a huge photo): its body cannot be
    read, so a step is shown again with the answers saved so far and a message saying what to
    do; anything else gets the error page."""
    if request.endpoint != "portal.step":
        return render_error(413)
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    message = (
        f"Les fichiers envoyés dépassent {limit} Mo au total : les réponses de cette page n'ont "
        "pas pu être enregistrées. Saisissez-les de nouveau en choisissant un fichier plus léger."
    )
    return _step_again(**dict(request.view_args or {}), message=message, status=413)


def _step_again(  # type: ignore[no-untyped-def]
    slug: str, token: str, step: str, message: str | None = None, status: int = 400
):
    """The step shown again after a post that could not be used: with the posted values and the
    expiry message (``message`` ``None``; nothing saved: the post was not verified), or with the
    saved answers and ``message``. Files are not kept: they must be chosen again."""
    found, draft = _step_draft(slug, token, step)
    if draft is None:
        return _gone(found, token)
    definition, key = journey.definition(draft), draft.version.form_key
    if message is None:
        form = forms.build_form_class(definition, step=step, key=key)(answers=draft.answers)
        forms.mark_expired(form)
    else:
        form = forms.form_from_answers(definition, draft.answers, step=step, key=key)
        form.form_errors.append(message)
    return _render_step(found, draft, token, step, form), status


def _status_url(status_token: str) -> str:
    return url_for("portal.status", status_token=status_token, _external=True)


def _gone(found, token: str):  # type: ignore[no-untyped-def]
    """Unknown, expired or already submitted draft: say so (and find the application if any)."""
    application = pipeline.find_by_status_token(
        current_tenant().id, pipeline.status_token_for(current_tenant().id, f"draft:{token}")
    )
    if application is not None:
        status_token = pipeline.status_token_for(current_tenant().id, f"draft:{token}")
        return redirect(url_for("portal.status", status_token=status_token))
    return render_template("portal/expired.html", scheme=found), 404
