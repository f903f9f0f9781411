"""Reads of the good-practice library, each with its queries named: the public library with its filters, a body's
own examples, the measures a body may publish, what a measure suggests for an example, and a workshop day's
examples."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from querschnitt.strategy import selectors as strategy_selectors
from querschnitt.strategy.models import Indicator, Measure
from querschnitt.tenancy.models import Body, BodyKind

from .models import MunicipalitySize, PracticeExample, PracticeTopic, WorkshopPracticeExample

# Words in the title of a field of action that suggest the library's field (the concepts name them freely).
TOPIC_WORDS: tuple[tuple[str, str], ...] = (
    ("öffnung", PracticeTopic.OPENING),  # before "kultur": „Interkulturelle Öffnung“
    ("sprach", PracticeTopic.LANGUAGE),
    ("bildung", PracticeTopic.EDUCATION),
    ("schul", PracticeTopic.EDUCATION),
    ("arbeit", PracticeTopic.WORK),
    ("wirtschaft", PracticeTopic.WORK),
    ("wohn", PracticeTopic.HOUSING),
    ("gesundheit", PracticeTopic.HEALTH),
    ("pflege", PracticeTopic.HEALTH),
    ("partizipation", PracticeTopic.PARTICIPATION),
    ("teilhabe", PracticeTopic.PARTICIPATION),
    ("engagement", PracticeTopic.PARTICIPATION),
    ("diskriminierung", PracticeTopic.DISCRIMINATION),
    ("rassismus", PracticeTopic.DISCRIMINATION),
    ("kultur", PracticeTopic.CULTURE),
    ("sport", PracticeTopic.CULTURE),
    ("willkommen", PracticeTopic.ARRIVAL),
    ("ankommen", PracticeTopic.ARRIVAL),
    ("beratung", PracticeTopic.ARRIVAL),
)


def published_practice_examples(
    *, text: str = "", topic: str = "", size: str = "", exclude_ids: Any = ()
) -> QuerySet[PracticeExample]:
    """The published examples of all NRW, newest first, each with its body (one query per page)."""
    examples = PracticeExample.objects.filter(published=True).select_related("body")
    if text:
        for word in text.split():
            examples = examples.filter(
                Q(title__icontains=word)
                | Q(what_was_done__icontains=word)
                | Q(results__icontains=word)
                | Q(indicators__icontains=word)
                | Q(body__name__icontains=word)
            )
    if topic:
        examples = examples.filter(topic=topic)
    if size:
        examples = examples.filter(size=size)
    if exclude_ids:
        examples = examples.exclude(pk__in=exclude_ids)
    return examples.order_by("-published_on", "title", "pk")


def practice_examples_of_body(body: Body) -> QuerySet[PracticeExample]:
    """The body's examples, drafts and published, each with its measure and the number of workshop days using it."""
    return PracticeExample.objects.filter(body=body).select_related("measure").order_by("published", "title", "pk")


def measures_for_practice(body: Body) -> QuerySet[Measure]:
    """The confirmed measures of the body's current concept (the adopted one, else the newest version)."""
    concept = strategy_selectors.current_concept(body)
    if concept is None:
        return Measure.objects.none()
    return strategy_selectors.measure_list(concept).filter(draft=False)


def indicators_of_measure(measure: Measure) -> list[str]:
    """The names of the indicators linked to the measure's guiding and annual goals."""
    return list(
        Indicator.objects.filter(
            Q(guiding_goals__measures=measure) | Q(annual_goals__measures=measure), body=measure.concept.body
        )
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


def suggested_topic(measure: Measure) -> str:
    title = (measure.field.title if measure.field else "").casefold()
    for word, topic in TOPIC_WORDS:
        if word in title:
            return topic
    return ""


def suggested_size(body: Body) -> str:
    return MunicipalitySize.DISTRICT if body.kind in (BodyKind.KREIS, BodyKind.STAEDTEREGION) else ""


def practice_initial_from_measure(measure: Measure) -> dict[str, Any]:
    """What an example of the measure starts with: its title and description, its status and progress as the
    results, the indicators of its goals, and its lead as the contact. The body edits all of it before publishing."""
    status = _("Status: %(status)s, progress: %(progress)s") % {
        "status": measure.get_status_display(),
        "progress": f"{measure.progress} %",
    }
    contact_name = measure.lead_actor.name if measure.lead_actor else measure.lead_owner
    return {
        "measure": measure.pk,
        "title": measure.title[:300],
        "what_was_done": measure.description or measure.title,
        "results": status,
        "indicators": "\n".join(indicators_of_measure(measure)),
        "contact_name": contact_name[:200],
        "contact_email": measure.lead_actor.email if measure.lead_actor else "",
        "topic": suggested_topic(measure),
        "size": suggested_size(measure.concept.body),
    }


def practice_examples_of_day(day: Any) -> QuerySet[WorkshopPracticeExample]:
    """The examples chosen for a workshop day, in the order they were added, each with its example and body."""
    return WorkshopPracticeExample.objects.filter(day=day).select_related("example__body").order_by("pk")
