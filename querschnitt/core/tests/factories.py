"""Factories for core. Every factory accepts `body=` (the tenant crawler relies on it)."""

import factory

from querschnitt.core.models import DocumentBuild, DocumentBuildStatus
from querschnitt.tenancy.tests.factories import BodyFactory


class DocumentBuildFactory(factory.django.DjangoModelFactory):
    """A failed build (no files needed) of the workshop documentation, with its error text visible on its page."""

    class Meta:
        model = DocumentBuild

    body = factory.SubFactory(BodyFactory)
    kind = "participation.workshop_documentation"
    title = factory.Sequence(lambda n: f"Workshopdokumentation {n}")
    status = DocumentBuildStatus.FAILED
    progress = 40
    step = "Fehlgeschlagen"
    error = "Testfehler"
