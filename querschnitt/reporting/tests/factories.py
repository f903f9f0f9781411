"""Factories of reporting. Every factory accepts `body=` (the tenant crawler relies on it)."""

from datetime import date
from hashlib import sha256

import factory

from querschnitt.reporting import models as m
from querschnitt.strategy.tests.factories import ConceptFactory
from querschnitt.tenancy.tests.factories import BodyFactory

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"ags": "05162024", "name": "Neuss"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[6.6, 51.1], [6.8, 51.1], [6.8, 51.3], [6.6, 51.3], [6.6, 51.1]]],
            },
        }
    ],
}


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Report

    body = factory.SubFactory(BodyFactory)
    concept = factory.LazyAttribute(lambda o: ConceptFactory(body=o.body))
    title = factory.Sequence(lambda n: f"Integrationsbericht {n}")
    period_start = date(2025, 1, 1)
    period_end = date(2025, 12, 31)


class ReportTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ReportText

    class Params:
        body = None

    report = factory.LazyAttribute(lambda o: ReportFactory(**({"body": o.body} if o.body else {})))
    section = m.ReportSection.INTRODUCTION
    text = "Einleitung des Berichts"


class ReportVersionFactory(factory.django.DjangoModelFactory):
    """An unpublished version (only the body's people see it)."""

    class Meta:
        model = m.ReportVersion

    class Params:
        body = None

    report = factory.LazyAttribute(lambda o: ReportFactory(**({"body": o.body} if o.body else {})))
    number = factory.Sequence(lambda n: n + 1)
    data = factory.LazyAttribute(lambda o: {"title": o.report.title, "sections": []})
    note = "Entwurf für den Ausschuss"


class GeoLayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GeoLayer

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Gemeinden {n}")
    level = m.GeoLevel.GEMEINDE
    key_property = "ags"
    name_property = "name"
    geojson = factory.LazyFunction(lambda: SQUARE)
    feature_count = 1


class AreaAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AreaAlias

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Ortsteil {n}")
    normalized = factory.LazyAttribute(lambda o: o.name.casefold())
    area_key = "05162024"


class StatisticsImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.StatisticsImport

    body = factory.SubFactory(BodyFactory)
    file_name = factory.Sequence(lambda n: f"statistik-{n}.csv")
    sha256 = factory.LazyAttribute(lambda o: sha256(o.file_name.encode()).hexdigest())
    row_count = 3
    created_rows = 3


class PublicPageFactory(factory.django.DjangoModelFactory):
    """An unpublished public page (nothing of the body is public yet)."""

    class Meta:
        model = m.PublicPage

    body = factory.SubFactory(BodyFactory)
    introduction = "Einführung der Kommune"
    easy_language_summary = "Das ist unser Plan in Leichter Sprache."
