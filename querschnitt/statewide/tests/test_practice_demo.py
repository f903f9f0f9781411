"""The demo's practice examples: three of the Rhein-Kreis Neuss from measures of its concept, one of the city of
Neuss, one pulled into day 1 of the demo workshop; loading again changes nothing."""

import pytest

from querschnitt.core.demo import load_demo
from querschnitt.participation.models import PhaseKind
from querschnitt.statewide import demo_practice
from querschnitt.statewide.models import PracticeExample, WorkshopPracticeExample


@pytest.mark.django_db
def test_demo_examples_and_their_workshop_day():
    context = load_demo()

    kreis = PracticeExample.objects.filter(body__slug="rhein-kreis-neuss")
    assert kreis.count() == 3
    assert all(example.published and example.measure.concept.body.slug == "rhein-kreis-neuss" for example in kreis)
    assert {example.topic for example in kreis} == {"education", "language"}
    neuss = PracticeExample.objects.get(body__slug="neuss")
    assert neuss.published and neuss.measure is None
    use = WorkshopPracticeExample.objects.select_related("day__phase__process").get()
    assert use.example == neuss
    assert use.day.phase.kind == PhaseKind.WORKSHOP and use.day.phase.process.body.slug == "rhein-kreis-neuss"
    assert use.added_by.email == "moderation@querschnitt.example"

    demo_practice.load(context)
    assert PracticeExample.objects.count() == 4
    assert WorkshopPracticeExample.objects.count() == 1
