"""Writes of the public page: the body's office or integration centre decides what the public sees — whether the
page is published, which of the body's concepts it shows, an introduction, a summary in Leichte Sprache, the licence
of the open data and a contact. Validate, then act: permission first, then the rules and `full_clean()`, then save,
in one transaction.

`actor` is the user who makes the change (`None`: the system — the demo, a command)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.tenancy.models import Body

from .models import PublicPage

PAGE_FIELDS = {"published", "concept", "introduction", "easy_language_summary", "data_licence", "contact"}


def public_page_update(*, actor: Any, body: Body, **fields: Any) -> PublicPage:
    """Change the body's public page, creating it on the first save. Only the given fields change."""
    if actor is not None and not actor.has_perm("reporting.manage_public_page", body):
        raise ApplicationError(_("You may not change the public page of this body."))
    unknown = set(fields) - PAGE_FIELDS
    if unknown:
        raise ApplicationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    concept = fields.get("concept")
    if concept is not None and concept.body_id != body.pk:
        raise ApplicationError(_("Choose a concept of this body."), field="concept")
    with transaction.atomic():
        page = PublicPage.objects.order_by().select_for_update(of=("self",)).filter(body=body).first() or PublicPage(
            body=body
        )
        for name, value in fields.items():
            setattr(page, name, value)
        if isinstance(page.easy_language_summary, str):
            page.easy_language_summary = page.easy_language_summary.strip()
        try:
            page.full_clean()
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
        page.save()
    return page
