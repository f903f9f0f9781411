"""A small report scenario shared by the report builder's tests: a concept with two fields of action, goals, an
indicator with public and confidential values, measures, an evaluation, public and non-public committee matters and
approved funding with a contact person."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from querschnitt.committees.tests.factories import (
    AgendaItemFactory,
    ConsultationFactory,
    MeetingFactory,
    OrganizationFactory,
    PaperFactory,
)
from querschnitt.network.tests.factories_funding import FundingApplicationFactory
from querschnitt.reporting.models import Report
from querschnitt.strategy.tests.factories import (
    AnnualGoalFactory,
    ConceptFactory,
    EvaluationFactory,
    FieldOfActionFactory,
    GuidingGoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MeasureBudgetFactory,
    MeasureFactory,
    ObservationFactory,
)

SECRET_VALUE = Decimal("987654")
CONTACT_NAME = "Erika Geheimkontakt"
SECRET_PAPER = "Nichtöffentlicher Antrag Grundstücksgeschäft"
SECRET_ITEM = "Personalangelegenheit Leitung Integrationszentrum"
SECRET_RESULT = "vertraulich vertagt"
PUBLIC_PAPER = "Antrag auf niederschwellige Sprachkurse für Mütter"


@dataclass
class Scenario:
    body: Any
    concept: Any
    report: Report
    fields: list
    measures: list
    indicator: Any


def make_scenario(body: Any) -> Scenario:
    concept = ConceptFactory(body=body, title="Integrationskonzept Teststadt", status="adopted")
    education = FieldOfActionFactory(concept=concept, title="Bildung", order=1)
    language = FieldOfActionFactory(concept=concept, title="Sprache", order=2)
    guiding = GuidingGoalFactory(field=education, text="Qualifizierte Schulabschlüsse für alle Kinder")
    AnnualGoalFactory(field=education, guiding_goal=guiding, text="Infoveranstaltung in jeder Kommune")
    annual = AnnualGoalFactory(field=language, text="Niederschwellige Kurse einrichten")
    indicator = IndicatorFactory(body=body, name="Quote der Schulabschlüsse", unit="%", definition="Anteil …")
    indicator.guiding_goals.add(guiding)
    IndicatorTargetFactory(indicator=indicator, value=Decimal(90))
    for year, value in ((2023, 70), (2024, 74), (2025, 78)):
        ObservationFactory(
            indicator=indicator, period_start=date(year, 1, 1), period_end=date(year, 12, 31), value=Decimal(value)
        )
    ObservationFactory(
        indicator=indicator,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        area_ags="05162024",
        value=SECRET_VALUE,
        confidential=True,
    )
    courses = IndicatorFactory(body=body, name="Zahl der Kurse", unit="Kurse", kind="count")
    courses.annual_goals.add(annual)
    m1 = MeasureFactory(concept=concept, field=education, title="Schülergerechte Infoveranstaltung", status="running")
    m2 = MeasureFactory(concept=concept, field=language, title="Kinderbetreuung in Integrationskursen")
    m3 = MeasureFactory(concept=concept, field=None, title="Migrantenförderplan einrichten")
    MeasureBudgetFactory(measure=m2, amount=Decimal(6000))
    EvaluationFactory(measure=m1, concept=concept, review_date=date(2025, 6, 30), comment="Läuft gut.")

    public_paper = PaperFactory(body=body, name=PUBLIC_PAPER, public=True, date=date(2025, 3, 1))
    m2.papers.add(public_paper)
    secret_paper = PaperFactory(body=body, name=SECRET_PAPER, public=False, date=date(2025, 3, 2))
    m1.papers.add(secret_paper)
    organization = OrganizationFactory(body=body)
    meeting = MeetingFactory(body=body, organizations=[organization], start=datetime(2025, 5, 5, 16, 0, tzinfo=UTC))
    consultation = ConsultationFactory(
        paper=public_paper, organization=organization, meeting=meeting, result=SECRET_RESULT
    )
    AgendaItemFactory(meeting=meeting, name=SECRET_ITEM, public=False, result="beschlossen", consultation=consultation)
    AgendaItemFactory(meeting=meeting, name="Bericht über Sprachkurse", public=True, result="zur Kenntnis genommen")

    application = FundingApplicationFactory(
        body=body,
        organisation_name="Elternverein Teststadt e. V.",
        contact_name=CONTACT_NAME,
        contact_email="erika@example.org",
        status="approved",
        approved_amount=Decimal("2500"),
        decided_on=date(2025, 4, 1),
        area="Bildung",
    )
    assert application.call.guideline.body == body

    report = Report.objects.create(
        body=body,
        concept=concept,
        title="Integrationsbericht Teststadt 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    return Scenario(body, concept, report, [education, language], [m1, m2, m3], indicator)
