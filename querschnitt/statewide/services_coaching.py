"""Writes of the coaching (seed 000): a committee office requests a coaching; state staff accept or decline it,
assign the coach, agree the topics, move the four steps of the process on, record sessions and documents, and
close it. The topic catalogue is the state staff's to edit.

Validate, then act: the permission first, then the rules of the domain and `full_clean()`, then save — in one
transaction, with the user recorded in the history. `actor` is always the user who makes the change.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from querschnitt.committees.models import Statute
from querschnitt.committees.services_papers import FILE_TYPES, check_upload, sanitise_file_name
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body, BodyKind, Role
from querschnitt.tenancy.selectors import is_state_staff

from .models import (
    CoachingDocument,
    CoachingDocumentKind,
    CoachingEngagement,
    CoachingSession,
    CoachingStatus,
    CoachingStep,
    CoachingStepKind,
    CoachingTopic,
    StepStatus,
)

logger = logging.getLogger(__name__)

MANAGE = "statewide.manage"
# An engagement in these states is finished: its steps and sessions are no longer changed.
FINISHED = {CoachingStatus.COMPLETED, CoachingStatus.DECLINED}


# --- Helpers -------------------------------------------------------------------------------------------------------


def _validated_save(actor: Any, instance: models.Model) -> None:
    """Validate and save; a validation error becomes an ApplicationError at its field."""
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
    record_actor(instance, actor)
    instance.save()


def _check_manage(actor: Any, body: Body) -> None:
    if actor is None or not actor.has_perm(MANAGE, body):
        raise ApplicationError(_("Only the staff of the Landesintegrationsrat can change a coaching."))


def _check_state_staff(actor: Any) -> None:
    if actor is None or not is_state_staff(actor):
        raise ApplicationError(_("Only the staff of the Landesintegrationsrat can edit the topic catalogue."))


def _check_coach(coach: Any) -> None:
    if coach is not None and not coach.role_assignments.filter(role=Role.STATE_STAFF).exists():
        raise ApplicationError(_("The coach must belong to the staff of the Landesintegrationsrat."), field="coach")


def _check_not_finished(engagement: CoachingEngagement) -> None:
    if engagement.status in FINISHED:
        raise ApplicationError(_("This coaching is finished and can no longer be changed."))


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


# --- Engagements ---------------------------------------------------------------------------------------------------


def coaching_engagement_request(
    *,
    actor: Any,
    body: Body,
    request_text: str,
    topics: Iterable[CoachingTopic] = (),
    other_topics: str = "",
    requested_on: date | None = None,
    notify: bool = True,
) -> CoachingEngagement:
    """The committee office asks the Landesintegrationsrat for a coaching. The engagement starts as requested with
    the four steps of seed 000 open; the topics the committee is interested in are its first topics (state staff
    agree them on acceptance). State staff get a notice by e-mail. Refused while a request waits for an answer."""
    if actor is None or not actor.has_perm("statewide.request_coaching", body):
        raise ApplicationError(_("Only the committee office can request a coaching for its committee."))
    if body.kind == BodyKind.STATE_COUNCIL:
        raise ApplicationError(_("The Landesintegrationsrat does not coach itself."))
    if not _clean_text(request_text):
        raise ApplicationError(_("Please describe what the committee asks for."), field="request_text")
    topics = list(topics)
    if any(not topic.active for topic in topics):
        raise ApplicationError(_("Please choose only topics that are offered."), field="topics")
    if CoachingEngagement.objects.filter(body=body, status=CoachingStatus.REQUESTED).exists():
        raise ApplicationError(
            _("A request of your committee is waiting for an answer already. Please add to it by mail.")
        )
    engagement = CoachingEngagement(
        body=body,
        status=CoachingStatus.REQUESTED,
        requested_by=actor,
        requested_on=requested_on or timezone.localdate(),
        request_text=_clean_text(request_text),
        other_topics=_clean_text(other_topics),
    )
    with transaction.atomic():
        _validated_save(actor, engagement)
        engagement.topics.set(topics)
        for kind in CoachingStepKind.values:
            step = CoachingStep(engagement=engagement, kind=kind, status=StepStatus.OPEN)
            _validated_save(actor, step)
        if notify:
            transaction.on_commit(lambda: _notify_state_staff(engagement))
    return engagement


def _notify_state_staff(engagement: CoachingEngagement) -> None:
    """A short notice to every member of the state staff (German: they read it outside the platform)."""
    from querschnitt.accounts.models import User

    addresses = sorted(
        set(
            User.objects.filter(role_assignments__role=Role.STATE_STAFF, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New coaching request: %(body)s") % {"body": engagement.body.name}
        text = _(
            "The committee office of %(body)s has requested a coaching on %(date)s.\n\n"
            "What the committee asks for:\n%(request)s\n"
        ) % {
            "body": engagement.body.name,
            "date": f"{engagement.requested_on:%d.%m.%Y}",
            "request": engagement.request_text,
        }
    try:
        send_mail(subject=subject, message=text, from_email=None, recipient_list=addresses)
    except OSError:  # the notice is a courtesy; the request is stored either way
        logger.exception("Could not send the notice of coaching request %s", engagement.pk)


def coaching_engagement_decide(
    *, actor: Any, engagement: CoachingEngagement, accept: bool, coach: Any = None, answer: str = ""
) -> CoachingEngagement:
    """Accept a request (with its coach; none given: the actor) or decline it, with an answer the office reads."""
    _check_manage(actor, engagement.body)
    if engagement.status != CoachingStatus.REQUESTED:
        raise ApplicationError(_("This request has been answered already."))
    if accept:
        coach = coach or actor
        _check_coach(coach)
        engagement.status = CoachingStatus.AGREED
        engagement.coach = coach
    else:
        engagement.status = CoachingStatus.DECLINED
        engagement.closed_on = timezone.localdate()
    engagement.answer = _clean_text(answer)
    with transaction.atomic():
        _validated_save(actor, engagement)
    return engagement


def coaching_engagement_update(
    *,
    actor: Any,
    engagement: CoachingEngagement,
    coach: Any = None,
    topics: Iterable[CoachingTopic] | None = None,
    other_topics: str = "",
    follow_up_on: date | None = None,
) -> CoachingEngagement:
    """Set the coach, the agreed topics, further topics and the next follow-up."""
    _check_manage(actor, engagement.body)
    _check_not_finished(engagement)
    _check_coach(coach)
    engagement.coach = coach
    engagement.other_topics = _clean_text(other_topics)
    engagement.follow_up_on = follow_up_on
    with transaction.atomic():
        _validated_save(actor, engagement)
        if topics is not None:
            engagement.topics.set(list(topics))
    return engagement


def coaching_engagement_close(*, actor: Any, engagement: CoachingEngagement) -> CoachingEngagement:
    """The coaching is completed; a request not yet accepted is declined instead."""
    _check_manage(actor, engagement.body)
    _check_not_finished(engagement)
    if engagement.status == CoachingStatus.REQUESTED:
        raise ApplicationError(_("Please accept or decline the request first."))
    engagement.status = CoachingStatus.COMPLETED
    engagement.closed_on = timezone.localdate()
    with transaction.atomic():
        _validated_save(actor, engagement)
    return engagement


def coaching_engagement_reopen(*, actor: Any, engagement: CoachingEngagement) -> CoachingEngagement:
    """Undo a close: the coaching runs again."""
    _check_manage(actor, engagement.body)
    if engagement.status != CoachingStatus.COMPLETED:
        raise ApplicationError(_("Only a completed coaching can be reopened."))
    engagement.status = CoachingStatus.RUNNING
    engagement.closed_on = None
    with transaction.atomic():
        _validated_save(actor, engagement)
    return engagement


# --- Steps ---------------------------------------------------------------------------------------------------------


def coaching_step_update(
    *,
    actor: Any,
    step: CoachingStep,
    status: str,
    planned_on: date | None = None,
    done_on: date | None = None,
    note: str = "",
    statutes: Iterable[Statute] | None = None,
) -> CoachingStep:
    """Move a step on. A step done without a date is done today; the statutes looked at must be the coached body's.
    The first step begun moves an agreed coaching to „in progress“."""
    engagement = step.engagement
    _check_manage(actor, engagement.body)
    _check_not_finished(engagement)
    if engagement.status == CoachingStatus.REQUESTED:
        raise ApplicationError(_("Please accept the request first."))
    if status not in StepStatus.values:
        raise ApplicationError(_("Please choose a status."), field="status")
    statutes = list(statutes) if statutes is not None else None
    if statutes is not None and any(statute.body_id != engagement.body_id for statute in statutes):
        raise ApplicationError(_("Please choose only statutes of the coached body."), field="statutes")
    if status == StepStatus.DONE and done_on is None:
        done_on = timezone.localdate()
    if status != StepStatus.DONE and done_on is not None:
        raise ApplicationError(_("Only a step that is done has a day it was done."), field="done_on")
    step.status = status
    step.planned_on = planned_on
    step.done_on = done_on
    step.note = _clean_text(note)
    with transaction.atomic():
        _validated_save(actor, step)
        if statutes is not None:
            step.statutes.set(statutes)
        if engagement.status == CoachingStatus.AGREED and status in (StepStatus.RUNNING, StepStatus.DONE):
            engagement.status = CoachingStatus.RUNNING
            _validated_save(actor, engagement)
    return step


# --- Sessions ------------------------------------------------------------------------------------------------------

SESSION_FIELDS = {"date", "place", "participants", "notes", "follow_up_on"}


def _apply(instance: models.Model, changes: dict[str, Any], allowed: set[str]) -> None:
    for name, value in changes.items():
        if name not in allowed:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def coaching_session_create(*, actor: Any, engagement: CoachingEngagement, **data: Any) -> CoachingSession:
    """A meeting or call of the coach with the committee, with notes only the coach and the office see."""
    _check_manage(actor, engagement.body)
    _check_not_finished(engagement)
    if engagement.status == CoachingStatus.REQUESTED:
        raise ApplicationError(_("Please accept the request first."))
    session = CoachingSession(engagement=engagement)
    _apply(session, data, SESSION_FIELDS)
    with transaction.atomic():
        _validated_save(actor, session)
    return session


def coaching_session_update(*, actor: Any, session: CoachingSession, **changes: Any) -> CoachingSession:
    _check_manage(actor, session.engagement.body)
    _check_not_finished(session.engagement)
    _apply(session, changes, SESSION_FIELDS)
    with transaction.atomic():
        _validated_save(actor, session)
    return session


def coaching_session_delete(*, actor: Any, session: CoachingSession) -> None:
    _check_manage(actor, session.engagement.body)
    _check_not_finished(session.engagement)
    with transaction.atomic():
        session.delete()


# --- Documents -----------------------------------------------------------------------------------------------------


def _check_may_add_documents(actor: Any, engagement: CoachingEngagement) -> None:
    """State staff add the materials; the committee office adds documents of its own (its statutes, questions)."""
    if actor is None or not actor.has_perm("statewide.view_coaching", engagement.body):
        raise ApplicationError(_("You may not add documents to this coaching."))
    if engagement.status == CoachingStatus.DECLINED:
        raise ApplicationError(_("This coaching is finished and can no longer be changed."))


def coaching_document_create(
    *, actor: Any, engagement: CoachingEngagement, title: str, upload: Any, kind: str = CoachingDocumentKind.OTHER
) -> CoachingDocument:
    """Attach a document to the engagement. The upload passes the shared check of committees (size, type by its
    content, ending) before anything is written."""
    _check_may_add_documents(actor, engagement)
    if kind not in CoachingDocumentKind.values:
        raise ApplicationError(_("Please choose a kind."), field="kind")
    mime_type, suffix = check_upload(upload)
    file_name = sanitise_file_name(str(upload.name or ""), suffix or FILE_TYPES[mime_type][0])
    upload.name = file_name
    document = CoachingDocument(
        engagement=engagement,
        kind=kind,
        title=_clean_text(title) or file_name,
        file=upload,
        file_name=file_name,
        mime_type=mime_type,
        size=upload.size,
        uploaded_by=actor,
    )
    try:
        document.full_clean(exclude=["file"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
    with transaction.atomic():
        document.save()
    return document


def coaching_document_delete(*, actor: Any, document: CoachingDocument) -> None:
    """State staff remove any document; the committee office only those it uploaded itself."""
    body = document.engagement.body
    own = actor is not None and document.uploaded_by_id == actor.pk
    if actor is None or not (actor.has_perm(MANAGE, body) or (own and actor.has_perm("statewide.view_coaching", body))):
        raise ApplicationError(_("You may not remove this document."))
    with transaction.atomic():
        document.delete()  # its file goes after the commit (core.stored_files)


# --- Topic catalogue -----------------------------------------------------------------------------------------------

TOPIC_FIELDS = {"title", "summary", "guiding_questions", "order", "active"}


def _clean_questions(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _check_title_free(topic: CoachingTopic) -> None:
    if CoachingTopic.objects.filter(title__iexact=topic.title).exclude(pk=topic.pk).exists():
        raise ApplicationError(_("A topic of this title exists already."), field="title")


def coaching_topic_create(*, actor: Any, **data: Any) -> CoachingTopic:
    """A new deep-dive topic; without an order it comes last."""
    _check_state_staff(actor)
    topic = CoachingTopic()
    order = data.pop("order", None)
    _apply(topic, data, TOPIC_FIELDS)
    topic.guiding_questions = _clean_questions(topic.guiding_questions)
    highest = CoachingTopic.objects.aggregate(highest=models.Max("order"))["highest"] or 0
    topic.order = order if order is not None else highest + 10
    _check_title_free(topic)
    with transaction.atomic():
        _validated_save(actor, topic)
    return topic


def coaching_topic_update(*, actor: Any, topic: CoachingTopic, **changes: Any) -> CoachingTopic:
    _check_state_staff(actor)
    if changes.get("order") is None:
        changes.pop("order", None)
    _apply(topic, changes, TOPIC_FIELDS)
    topic.guiding_questions = _clean_questions(topic.guiding_questions)
    _check_title_free(topic)
    with transaction.atomic():
        _validated_save(actor, topic)
    return topic


def coaching_topic_set_active(*, actor: Any, topic: CoachingTopic, active: bool) -> CoachingTopic:
    """Deactivate a topic (it is no longer offered; engagements keep it) or offer it again."""
    _check_state_staff(actor)
    topic.active = active
    with transaction.atomic():
        _validated_save(actor, topic)
    return topic
