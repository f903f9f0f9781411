"""Writes of the good-practice library: a body's office or integration centre publishes a measure of its concept as
a practice example, edits it, publishes or withdraws it; whoever plans a workshop of the body pulls published
examples into a workshop day. Validate, then act: permission first, then the rules of the domain and `full_clean()`,
then save — in one transaction, with the user recorded in the history.

`actor` is the user who makes the change (`None`: the system — the demo, a command)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body

from .models import PracticeExample, WorkshopPracticeExample

EXAMPLE_FIELDS = {
    "title",
    "topic",
    "size",
    "what_was_done",
    "results",
    "indicators",
    "contact_name",
    "contact_email",
}


def _check_may_publish(actor: Any, body: Body) -> None:
    if actor is not None and not actor.has_perm("statewide.publish_practice", body):
        raise ApplicationError(_("You may not publish practice examples of this body."))


def _check_may_use_in_workshop(actor: Any, body: Body) -> None:
    if actor is not None and not actor.has_perm("statewide.use_practice_in_workshop", body):
        raise ApplicationError(_("You may not choose practice examples for the workshops of this body."))


def _check_measure_of_body(measure: Any, body: Body) -> None:
    """A body publishes only its own measures: the measure's concept must belong to the body."""
    if measure is not None and measure.concept.body_id != body.pk:
        raise ApplicationError(_("Choose a measure of this body's own concept."), field="measure")


def _validated_save(actor: Any, instance: models.Model) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
    record_actor(instance, actor)
    instance.save()


def _apply(example: PracticeExample, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if name not in EXAMPLE_FIELDS:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(example, name, value.strip() if isinstance(value, str) else value)


def practice_example_create(
    *, actor: Any, body: Body, measure: Any, published: bool = False, **fields: Any
) -> PracticeExample:
    """A practice example from a measure of the body's concept (a draft unless `published`). The measure may be left
    out only by the system (the demo of a body without a concept in the platform)."""
    _check_may_publish(actor, body)
    if measure is None and actor is not None:
        raise ApplicationError(_("Choose the measure the example is about."), field="measure")
    _check_measure_of_body(measure, body)
    example = PracticeExample(body=body, measure=measure)
    _apply(example, fields)
    if published:
        example.published, example.published_on = True, timezone.localdate()
    with transaction.atomic():
        _validated_save(actor, example)
    return example


def practice_example_update(*, actor: Any, example: PracticeExample, **changes: Any) -> PracticeExample:
    """Change the texts, field of action and size of an example; the measure it came from stays."""
    _check_may_publish(actor, example.body)
    _apply(example, changes)
    with transaction.atomic():
        _validated_save(actor, example)
    return example


def practice_example_set_published(*, actor: Any, example: PracticeExample, published: bool) -> PracticeExample:
    """Publish an example for all of NRW (dated today) or withdraw it; a withdrawn example keeps its workshop uses
    but no longer shows in the library."""
    _check_may_publish(actor, example.body)
    if example.published == published:
        return example
    example.published = published
    example.published_on = timezone.localdate() if published else None
    with transaction.atomic():
        _validated_save(actor, example)
    return example


def practice_example_delete(*, actor: Any, example: PracticeExample) -> None:
    _check_may_publish(actor, example.body)
    record_actor(example, actor)
    with transaction.atomic():
        example.delete()


def workshop_practice_add(*, actor: Any, day: Any, example: PracticeExample) -> WorkshopPracticeExample:
    """Pull a published example (of any body) into a day of the body's workshop; once per day."""
    body = day.phase.process.body
    _check_may_use_in_workshop(actor, body)
    if not example.published:
        raise ApplicationError(_("Only published practice examples can be used in a workshop."))
    if WorkshopPracticeExample.objects.filter(day=day, example=example).exists():
        raise ApplicationError(_("This example has already been chosen for the day."))
    use = WorkshopPracticeExample(day=day, example=example, added_by=actor)
    with transaction.atomic():
        _validated_save(actor, use)
    return use


def workshop_practice_remove(*, actor: Any, use: WorkshopPracticeExample) -> None:
    _check_may_use_in_workshop(actor, use.day.phase.process.body)
    with transaction.atomic():
        use.delete()
