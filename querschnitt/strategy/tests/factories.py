"""Factories for the concept. Every factory accepts `body=` (the tenant crawler relies on it)."""

from datetime import date
from decimal import Decimal

import factory

from querschnitt.strategy import models as m
from querschnitt.tenancy.tests.factories import BodyFactory


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Concept

    body = factory.SubFactory(BodyFactory)
    title = "Integrationskonzept"
    version = factory.Sequence(lambda n: n + 1)


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FieldOfAction

    class Params:
        body = None

    concept = factory.LazyAttribute(lambda o: ConceptFactory(**({"body": o.body} if o.body else {})))
    title = factory.Sequence(lambda n: f"Handlungsfeld {n}")


class GuidingGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GuidingGoal

    class Params:
        body = None

    field = factory.LazyAttribute(lambda o: FieldOfActionFactory(body=o.body))
    text = factory.Sequence(lambda n: f"Leitziel {n}")


class AnnualGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AnnualGoal

    class Params:
        body = None

    field = factory.LazyAttribute(lambda o: FieldOfActionFactory(body=o.body))
    text = factory.Sequence(lambda n: f"Jahresziel {n}")
    year_start = 2026


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Indicator

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "%"


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.IndicatorTarget

    class Params:
        body = None

    indicator = factory.LazyAttribute(lambda o: IndicatorFactory(**({"body": o.body} if o.body else {})))
    kind = "value"
    value = Decimal(50)
    due_date = date(2030, 12, 31)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Observation

    class Params:
        body = None

    indicator = factory.LazyAttribute(lambda o: IndicatorFactory(**({"body": o.body} if o.body else {})))
    period_start = date(2025, 1, 1)
    period_end = date(2025, 12, 31)
    value = Decimal(42)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Measure

    class Params:
        body = None

    concept = factory.LazyAttribute(lambda o: ConceptFactory(**({"body": o.body} if o.body else {})))
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    lead_owner = "KI"


class MeasureBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.MeasureBudget

    class Params:
        body = None

    measure = factory.LazyAttribute(lambda o: MeasureFactory(body=o.body))
    year = 2026
    amount = Decimal(6000)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Milestone

    class Params:
        body = None

    measure = factory.LazyAttribute(lambda o: MeasureFactory(body=o.body))
    title = factory.Sequence(lambda n: f"Meilenstein {n}")
    due_date = date(2026, 6, 30)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Evaluation

    class Params:
        body = None

    measure = factory.LazyAttribute(lambda o: MeasureFactory(body=o.body))
    concept = factory.LazyAttribute(lambda o: o.measure.concept)
    review_date = date(2026, 11, 1)
    traffic_light = "yellow"
    progress_status = "moderate"
    decision = "improve"


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SelfAssessment

    body = factory.SubFactory(BodyFactory)
    year = 2026
    recommendation = 1
    rating = 2


class EvidenceFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.EvidenceFile

    class Params:
        body = None

    measure = factory.LazyAttribute(lambda o: MeasureFactory(body=o.body))
    title = "Nachweis"
    file = factory.django.FileField(filename="nachweis.pdf", data=b"%PDF-1.4 test")


class FundingCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FundingCategory

    body = factory.SubFactory(BodyFactory)
    code = factory.Sequence(lambda n: f"K{n}")
    name = "Eigenmittel"
