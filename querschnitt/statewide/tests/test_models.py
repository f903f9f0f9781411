"""The state level's data: the topic catalogue of seed 000 and the factories every other test builds on."""

import pytest
from django.db import IntegrityError

from querschnitt.statewide import models as m

from . import factories as f


@pytest.mark.django_db
def test_the_catalogue_holds_the_four_topics_of_seed_000_with_their_questions():
    topics = list(m.CoachingTopic.objects.all())
    assert [t.title for t in topics][:2] == [
        "Idee und Selbstverständnis eines Integrationsrates",
        "Strukturen für die Integrationsratsarbeit",
    ]
    assert len(topics) == 4
    assert "Was sagt der Gesetzgeber zum Integrationsrat?" in topics[0].question_list


@pytest.mark.django_db
def test_a_course_cannot_end_before_it_starts():
    course = f.CourseFactory()
    course.ends_on = course.starts_on.replace(day=1)
    with pytest.raises(IntegrityError):
        course.save()


@pytest.mark.django_db
def test_an_address_registers_once_per_course_unless_cancelled():
    registration = f.CourseRegistrationFactory(email="A@example.org")
    with pytest.raises(IntegrityError):
        f.CourseRegistrationFactory(course=registration.course, email="a@example.org")


@pytest.mark.django_db
def test_every_factory_builds_with_a_body(body):
    for name in dir(f):
        if name.endswith("Factory") and name != "BodyFactory":
            assert getattr(f, name)(body=body).pk
