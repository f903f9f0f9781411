"""Demo of the good-practice library: three published examples from measures of the Rhein-Kreis Neuss concept
(seed 004), one of the city of Neuss (which keeps no concept in the demo, so its example names no measure), and one
example pulled into day 1 of the demo workshop process. The texts beyond the seed's measure titles are invented for
the demo. Idempotent: an example is found again by its body and title."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from querschnitt.participation.models import PhaseKind, WorkshopDay
from querschnitt.strategy.models import Measure
from querschnitt.tenancy.models import Body

from . import selectors_practice as selectors
from .models import MunicipalitySize, PracticeExample, PracticeTopic, WorkshopPracticeExample
from .services_practice import practice_example_create, workshop_practice_add

KREIS_SLUG = "rhein-kreis-neuss"
NEUSS_SLUG = "neuss"
CONCEPT_TITLE = "Integrationskonzept Rhein-Kreis Neuss"
PROCESS_TITLE = "Integrationsworkshop Rhein-Kreis Neuss 2010/2011"

# (start of the measure's title, the example's title, topic, what was done, results)
KREIS_EXAMPLES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "schülergerechte Infoveranstaltung",
        "Infoveranstaltungen zur demografischen Entwicklung an allen weiterführenden Schulen",
        PracticeTopic.EDUCATION,
        "Das Kommunale Integrationszentrum hat mit den Schulen des Kreises eine schülergerechte Infoveranstaltung "
        "zur demografischen Entwicklung entwickelt: Schülerinnen und Schüler mit Zuwanderungsgeschichte erzählen, "
        "wie ihr Weg zum Abschluss verlief; Betriebe und Hochschulen zeigen, wer gebraucht wird.",
        "Die Veranstaltung lief an den meisten weiterführenden Schulen; Lehrkräfte nehmen das Format in ihre "
        "Berufsorientierung auf. Wichtig war, die Schülervertretungen früh einzubinden.",
    ),
    (
        "Die Kommunen werden durch Anträge",
        "Budget für niederschwellige Sprachkurse über Anträge der Integrationsräte",
        PracticeTopic.LANGUAGE,
        "Die Integrationsräte der kreisangehörigen Kommunen haben in ihren Räten Anträge gestellt, Mittel für "
        "niederschwellige Sprachkurse in den Haushalt einzuplanen (Integrationsrat, Sozialausschuss, Stadtrat). "
        "Kalkuliert wurden 600 bis 1.200 € pro Teilnehmer zuzüglich Fahrtkosten und Material.",
        "In mehreren Kommunen stehen Mittel im Haushalt; die Kurse richten sich an Mütter mit kleinen Kindern und "
        "an Geflüchtete ohne Anspruch auf einen Integrationskurs.",
    ),
    (
        "Integrationskursträger und Flüchtlingsberatungsstellen",
        "Integrationskursträger und Flüchtlingsberatung arbeiten Hand in Hand",
        PracticeTopic.LANGUAGE,
        "Integrationskursträger und Flüchtlingsberatungsstellen haben verabredet, wie Geflüchtete in die "
        "Integrationskurse kommen: gemeinsame Sprechstunden, ein abgestimmter Anmeldebogen und feste "
        "Ansprechpersonen auf beiden Seiten.",
        "Mehr Geflüchtete nehmen an den Integrationskursen teil; die Wartezeit bis zum Kursbeginn ist kürzer.",
    ),
)

NEUSS_EXAMPLE = {
    "title": "Sprachpatenschaften in der Stadtbibliothek",
    "topic": PracticeTopic.LANGUAGE,
    "size": MunicipalitySize.CITY,
    "what_was_done": "Ehrenamtliche Sprachpatinnen und -paten treffen sich wöchentlich mit Neuzugewanderten in der "
    "Stadtbibliothek Neuss, lesen gemeinsam und üben Alltagsgespräche. Die Stadt schult die Ehrenamtlichen.",
    "results": "Rund 60 Tandems im Jahr; viele Teilnehmende wechseln danach in einen Integrationskurs.",
    "indicators": "Zahl der Tandems im Jahr\nÜbergänge in Integrationskurse",
    "contact_name": "Integrationsbüro der Stadt Neuss",
}


def load(context: dict[str, Any]) -> None:
    kreis = Body.objects.filter(slug=KREIS_SLUG).first()
    if kreis is None:
        return
    users = get_user_model().objects
    ki = users.filter(email="ki@querschnitt.example").first()
    moderator = users.filter(email="moderation@querschnitt.example").first()
    first = None
    for measure_start, title, topic, done, results in KREIS_EXAMPLES:
        example = _kreis_example(kreis, ki, measure_start, title, topic, done, results)
        first = first or example
    neuss = Body.objects.filter(slug=NEUSS_SLUG).first()
    from_neuss = None
    if neuss is not None:
        from_neuss = PracticeExample.objects.filter(body=neuss, title=NEUSS_EXAMPLE["title"]).first()
        if from_neuss is None:
            from_neuss = practice_example_create(actor=None, body=neuss, measure=None, published=True, **NEUSS_EXAMPLE)
    # "Gute Praxisbeispiele aus anderen Städten" (seed 003): the workshop of the Kreis presents the city's example.
    if from_neuss or first:
        _pull_into_day_one(kreis, moderator, from_neuss or first)


def _kreis_example(
    kreis: Body, actor: Any, measure_start: str, title: str, topic: str, done: str, results: str
) -> PracticeExample | None:
    existing = PracticeExample.objects.filter(body=kreis, title=title).first()
    if existing is not None:
        return existing
    measure = (
        Measure.objects.filter(concept__body=kreis, concept__title=CONCEPT_TITLE, title__startswith=measure_start)
        .select_related("concept__body", "field", "lead_actor")
        .order_by("-concept__version")
        .first()
    )
    if measure is None:
        return None
    initial = selectors.practice_initial_from_measure(measure)
    return practice_example_create(
        actor=actor,
        body=kreis,
        measure=measure,
        published=True,
        title=title,
        topic=topic,
        size=MunicipalitySize.DISTRICT,
        what_was_done=done,
        results=results,
        indicators=initial["indicators"],
        contact_name=initial["contact_name"] or "Kommunales Integrationszentrum Rhein-Kreis Neuss",
        contact_email=initial["contact_email"],
    )


def _pull_into_day_one(kreis: Body, actor: Any, example: PracticeExample | None) -> None:
    day = (
        WorkshopDay.objects.filter(
            phase__process__body=kreis, phase__process__title=PROCESS_TITLE, phase__kind=PhaseKind.WORKSHOP
        )
        .select_related("phase__process__body")
        .order_by("date", "order", "pk")
        .first()
    )
    if example is None or day is None:
        return
    if not WorkshopPracticeExample.objects.filter(day=day, example=example).exists():
        workshop_practice_add(actor=actor, day=day, example=example)
