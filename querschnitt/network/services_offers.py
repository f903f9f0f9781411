"""Writes of the offers directory. Validate, then act: permission first (or, for an actor's editor, a usable secret
link), then the rules of the domain and `full_clean()`, then save — all in one transaction, with who changed what in
the change history.

`actor` is always the user who makes the change (`None`: the system — the demo, a command); the network actor that
provides an offer is `network_actor`. An invited editor has no account: their writes take the `invitation` instead.

Review (docs/offers.md): the fields of an offer hold its reviewed content. Signed-in editors of the body (office,
integration centre) change them directly. An invited editor's new offer waits as „in Prüfung“; their change of a
published offer waits beside it in `pending_change` while the published content stays public. Publishing writes the
proposal into the fields; sending back keeps it for the editor, with a note, and tells them by e-mail.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body

from .models import Actor
from .models_offers import (
    OFFER_CONTENT_FIELDS,
    OFFER_EDITOR_INVITATION_DAYS,
    OFFER_LANGUAGES,
    Offer,
    OfferEditorInvitation,
    OfferLanguage,
    OfferStatus,
    OfferTargetGroup,
    TargetGroup,
    apply_content,
    offer_content,
)


def _check_may_manage(actor: Any, body: Body) -> None:
    if actor is not None and not actor.has_perm("network.manage_offers", body):
        raise ApplicationError(_("You may not manage the offers of this body."))


def _full_clean(instance: models.Model) -> None:
    """`full_clean()`; its first problem becomes an ApplicationError at its field."""
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error


def _set_fields(offer: Offer, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name not in OFFER_CONTENT_FIELDS:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(offer, name, value.strip() if isinstance(value, str) else value)


def _codes(values: Iterable[str], allowed: Iterable[str], *, field: str, missing: str) -> list[str]:
    """The codes in the order given, each once; an unknown one or none at all is refused."""
    codes = list(dict.fromkeys(str(value).strip() for value in values if str(value).strip()))
    allowed = set(allowed)
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise ApplicationError(_("Unknown choice: %(value)s") % {"value": ", ".join(unknown)}, field=field)
    if not codes:
        raise ApplicationError(missing, field=field)
    return codes


def _checked_lists(languages: Iterable[str], target_groups: Iterable[str]) -> tuple[list[str], list[str]]:
    return (
        _codes(languages, OFFER_LANGUAGES, field="languages", missing=_("Please choose at least one language.")),
        _codes(
            target_groups,
            TargetGroup.values,
            field="target_groups",
            missing=_("Please choose at least one target group (or “Everyone”)."),
        ),
    )


def _sync_rows(
    offer: Offer,
    model: type[OfferLanguage] | type[OfferTargetGroup],
    codes: list[str],
    who: Any,
    reason: str | None,
) -> None:
    """Add and remove rows one by one, so that the change history names exactly the codes that changed."""
    existing = {row.code: row for row in model.objects.filter(offer=offer)}
    for code, row in existing.items():
        if code not in codes:
            _record(row, who, reason)
            row.delete()
    for code in codes:
        if code not in existing:
            row = model(offer=offer, code=code)
            _record(row, who, reason)
            row.save()


def _record(instance: models.Model, who: Any, reason: str | None) -> None:
    """Who makes the next change: a user, or (for an editor by link, who has no account) a reason naming them."""
    record_actor(instance, who)
    if reason:
        setattr(instance, "_change_reason", reason)  # noqa: B010  (the attribute django-simple-history reads)


def _save_with_rows(
    offer: Offer,
    who: Any,
    languages: list[str] | None,
    target_groups: list[str] | None,
    reason: str | None = None,
) -> None:
    _full_clean(offer)
    _record(offer, who, reason)
    offer.save()
    if languages is not None:
        _sync_rows(offer, OfferLanguage, languages, who, reason)
    if target_groups is not None:
        _sync_rows(offer, OfferTargetGroup, target_groups, who, reason)


def _mark_reviewed(offer: Offer, actor: Any) -> None:
    offer.reviewed_by = actor
    offer.reviewed_at = timezone.now()


# --- Written by the body (office, integration centre) ----------------------------------------------------------------


def offer_create(
    *,
    actor: Any,
    network_actor: Actor,
    languages: Iterable[str],
    target_groups: Iterable[str],
    publish: bool = False,
    **fields: Any,
) -> Offer:
    """An offer of one of the body's actors, as a draft or published at once (the body is its own reviewer)."""
    _check_may_manage(actor, network_actor.body)
    offer = Offer(actor=network_actor)
    _set_fields(offer, fields)
    language_codes, group_codes = _checked_lists(languages, target_groups)
    if publish:
        offer.status = OfferStatus.PUBLISHED
        _mark_reviewed(offer, actor)
    with transaction.atomic():
        _save_with_rows(offer, actor, language_codes, group_codes)
    return offer


def offer_update(
    *,
    actor: Any,
    offer: Offer,
    languages: Iterable[str] | None = None,
    target_groups: Iterable[str] | None = None,
    **changes: Any,
) -> Offer:
    """Change the content directly; a published offer shows the change at once. A proposal of an editor waiting
    beside it stays in the review queue."""
    _check_may_manage(actor, offer.actor.body)
    _set_fields(offer, changes)
    language_codes = group_codes = None
    if languages is not None or target_groups is not None:
        language_codes, group_codes = _checked_lists(
            offer.language_codes if languages is None else languages,
            offer.target_group_codes if target_groups is None else target_groups,
        )
    if offer.status == OfferStatus.PUBLISHED:
        _mark_reviewed(offer, actor)
    with transaction.atomic():
        _save_with_rows(offer, actor, language_codes, group_codes)
    return offer


def _send(template: str, subject: str, recipient: str, context: dict[str, Any]) -> None:
    """E-mails to an actor's editor are in German: they have no account with a language setting."""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=subject,
            message=render_to_string(f"network/offers/email/{template}", context),
            from_email=None,
            recipient_list=[recipient],
        )


def _editor_link(invitation: OfferEditorInvitation | None, editor_url: str | None) -> str:
    if invitation is None or not editor_url or not invitation.is_usable:
        return ""
    return editor_url.format(token=invitation.token)


def offer_publish(*, actor: Any, offer: Offer, editor_url: str | None = None, public_url: str = "") -> Offer:
    """Publish the offer; a proposed change of an editor becomes its content. The editor who proposed it is told by
    e-mail. `editor_url` has a `{token}` placeholder for their link."""
    _check_may_manage(actor, offer.actor.body)
    if offer.status == OfferStatus.PUBLISHED and offer.pending_change is None:
        raise ApplicationError(_("The offer is published already."))
    was_requested = offer.awaiting_review
    with transaction.atomic():
        language_codes = group_codes = None
        if offer.pending_change is not None:
            language_codes, group_codes = _checked_lists(*apply_content(offer, offer.pending_change))
        offer.status = OfferStatus.PUBLISHED
        offer.pending_change = None
        offer.review_requested_at = None
        offer.review_note = ""
        _mark_reviewed(offer, actor)
        _save_with_rows(offer, actor, language_codes, group_codes)
    if was_requested and offer.submitted_by is not None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your offer “%(title)s” is published") % {"title": offer.title}
        _send(
            "published.txt",
            subject,
            offer.submitted_by.email,
            {"offer": offer, "public_url": public_url, "editor_url": _editor_link(offer.submitted_by, editor_url)},
        )
    return offer


def offer_send_back(*, actor: Any, offer: Offer, note: str, editor_url: str | None = None) -> Offer:
    """Send an editor's new offer or proposed change back with a note of what to change. A new offer becomes a
    draft again; a proposal stays with the offer for the editor to rework (the published content stays public)."""
    _check_may_manage(actor, offer.actor.body)
    if not offer.awaiting_review:
        raise ApplicationError(_("Only an offer waiting for review can be sent back."))
    note = note.strip()
    if not note:
        raise ApplicationError(_("Please write what should be changed."), field="note")
    if offer.status == OfferStatus.IN_REVIEW:
        offer.status = OfferStatus.DRAFT
    offer.review_requested_at = None
    offer.review_note = note
    _mark_reviewed(offer, actor)
    with transaction.atomic():
        _save_with_rows(offer, actor, None, None)
    if offer.submitted_by is not None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your offer “%(title)s”: please revise") % {"title": offer.title}
        _send(
            "sent_back.txt",
            subject,
            offer.submitted_by.email,
            {"offer": offer, "note": note, "editor_url": _editor_link(offer.submitted_by, editor_url)},
        )
    return offer


def offer_archive(*, actor: Any, offer: Offer) -> Offer:
    """Take the offer out of the directory (kept for the record). A proposal waiting beside it is dropped."""
    _check_may_manage(actor, offer.actor.body)
    if offer.status == OfferStatus.ARCHIVED:
        raise ApplicationError(_("The offer is archived already."))
    offer.status = OfferStatus.ARCHIVED
    offer.pending_change = None
    offer.review_requested_at = None
    with transaction.atomic():
        _save_with_rows(offer, actor, None, None)
    return offer


# --- Editors of the actors, by secret link ---------------------------------------------------------------------------


def offer_editor_invite(
    *, actor: Any, network_actor: Actor, email: str, editor_url: str | None = None
) -> OfferEditorInvitation:
    """Give the editor of an actor a secret link to keep the actor's offers, valid for 90 days, and send it to them
    (`editor_url` with a `{token}` placeholder; without it — demo, commands — no e-mail is sent)."""
    _check_may_manage(actor, network_actor.body)
    email = email.strip().lower()
    if not network_actor.active:
        raise ApplicationError(_("The actor is inactive."), field="actor")
    if OfferEditorInvitation.objects.usable().filter(actor=network_actor, email__iexact=email).exists():
        raise ApplicationError(_("This address has a valid link for this actor already."), field="email")
    invitation = OfferEditorInvitation(
        actor=network_actor,
        email=email,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=OFFER_EDITOR_INVITATION_DAYS),
    )
    _full_clean(invitation)
    record_actor(invitation, actor)
    with transaction.atomic():
        invitation.save()
        if editor_url:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Your offers in the directory of %(body)s") % {"body": network_actor.body.name}
            _send(
                "invitation.txt",
                subject,
                email,
                {"invitation": invitation, "url": editor_url.format(token=invitation.token)},
            )
    return invitation


def offer_editor_invitation_revoke(*, actor: Any, invitation: OfferEditorInvitation) -> OfferEditorInvitation:
    """The link stops working at once. What was proposed through it stays in the review queue."""
    _check_may_manage(actor, invitation.actor.body)
    if invitation.revoked_at is not None:
        raise ApplicationError(_("The link has been revoked already."))
    invitation.revoked_at = timezone.now()
    record_actor(invitation, actor)
    with transaction.atomic():
        invitation.save(update_fields=["revoked_at", "modified"])
    return invitation


def check_invitation_usable(invitation: OfferEditorInvitation) -> None:
    if invitation.revoked_at is not None:
        raise ApplicationError(
            _("This link has been revoked. Please ask the integration centre or the committee office for a new one.")
        )
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(
            _("This link has expired. Please ask the integration centre or the committee office for a new one.")
        )


def offer_propose(
    *,
    invitation: OfferEditorInvitation,
    offer: Offer | None = None,
    languages: Iterable[str],
    target_groups: Iterable[str],
    **fields: Any,
) -> Offer:
    """An actor's editor adds an offer (`offer=None`) or changes one of the actor's offers. Nothing of it is public
    before the body has reviewed it: a new or unpublished offer waits „in Prüfung“; a change of a published offer
    waits beside it while the published content stays public."""
    with transaction.atomic():
        invitation = (
            OfferEditorInvitation.objects.select_for_update().select_related("actor__body").get(pk=invitation.pk)
        )
        check_invitation_usable(invitation)
        network_actor = invitation.actor
        if offer is not None and offer.actor_id != network_actor.pk:
            raise ApplicationError(_("This offer belongs to another actor."))
        language_codes, group_codes = _checked_lists(languages, target_groups)
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("editor of %(actor)s, by link") % {"actor": network_actor.name}
        now = timezone.now()
        if offer is not None and offer.status == OfferStatus.PUBLISHED:
            # Validate the proposal on a copy: the offer itself keeps its published content.
            candidate = copy.copy(offer)
            _set_fields(candidate, fields)
            _full_clean(candidate)
            offer.pending_change = {
                **offer_content(candidate),
                "languages": language_codes,
                "target_groups": group_codes,
            }
            language_codes = group_codes = None  # type: ignore[assignment]
        else:
            offer = offer if offer is not None else Offer(actor=network_actor)
            _set_fields(offer, fields)
            offer.status = OfferStatus.IN_REVIEW
            offer.pending_change = None
        offer.review_requested_at = now
        offer.review_note = ""
        offer.submitted_by = invitation
        _save_with_rows(offer, None, language_codes, group_codes, reason)
        invitation.last_used_at = now
        invitation.save(update_fields=["last_used_at", "modified"])
    return offer
