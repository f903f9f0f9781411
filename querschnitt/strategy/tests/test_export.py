"""Export of a whole concept as XLSX and JSON: complete, readable, for everyone who may read the concept, and in a
fixed number of queries."""

import io
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from querschnitt.strategy import exports
from querschnitt.strategy.models import FundingCategory, MeasureStatus
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
    MilestoneFactory,
    ObservationFactory,
)

SHEETS = [
    "Konzept",
    "Handlungsfelder",
    "Leitziele",
    "Jahresziele",
    "Indikatoren",
    "Zielwerte",
    "Messwerte",
    "Maßnahmen",
    "Budget",
    "Meilensteine",
    "Evaluationen",
]


def build_concept(body, *, size: int = 2, reviewer=None):
    """A concept with `size` fields, each with a guiding goal, an annual goal, an indicator with a target and
    observations (total and breakdown), and a measure with budget, milestone and evaluation."""
    concept = ConceptFactory(body=body, title="Integrationskonzept 2026", mission_statement="Vielfalt gestalten")
    category, _created = FundingCategory.objects.get_or_create(body=body, code="A", defaults={"name": "Eigenmittel"})
    for number in range(1, size + 1):
        field = FieldOfActionFactory(
            concept=concept, title=f"Handlungsfeld {number}", order=number, priority_points=10 * number
        )
        guiding = GuidingGoalFactory(field=field, text=f"Leitziel {number}", minimum_statement=f"mindestens {number}")
        annual = AnnualGoalFactory(field=field, guiding_goal=guiding, text=f"Jahresziel {number}", year_end=2027)
        indicator = IndicatorFactory(
            body=body,
            name=f"Indikator {number}",
            definition=f"Definition {number}",
            baseline_value=D("12.5"),
            baseline_date=date(2024, 12, 31),
        )
        indicator.guiding_goals.add(guiding)
        indicator.annual_goals.add(annual)
        IndicatorTargetFactory(indicator=indicator, value=D("20"), due_date=date(2030, 12, 31))
        ObservationFactory(indicator=indicator, value=D("13.25"))
        ObservationFactory(
            indicator=indicator,
            value=D("11"),
            breakdown={"Geschlecht": "weiblich"},
            breakdown_key="Geschlecht=weiblich",
        )
        measure = MeasureFactory(
            concept=concept,
            field=field,
            title=f"Maßnahme {number}",
            lead_owner="Kommunales Integrationszentrum",
            involved_actors="Jobcenter, VHS",
            status="running",
            start_date=date(2026, 1, 1),
        )
        measure.guiding_goals.add(guiding)
        MeasureBudgetFactory(measure=measure, amount=D("6000"), amount_max=D("7500.50"), category=category)
        MilestoneFactory(measure=measure, title=f"Meilenstein {number}")
        EvaluationFactory(measure=measure, concept=concept, reviewer=reviewer, comment=f"Bewertung {number}")
    return concept


def export_url(body, concept, kind):
    return reverse(f"strategy:concept_export_{kind}", kwargs={"body": body.slug, "concept": concept.pk})


@pytest.mark.django_db
def test_json_export_contains_the_whole_concept(client, body, make_user, office_user):
    concept = build_concept(body, size=3, reviewer=office_user)
    IndicatorFactory(body=body, name="Nicht im Konzept")  # the body's indicator without a goal of this concept
    client.force_login(make_user(body, "reader"))  # readers may export

    response = client.get(export_url(body, concept, "json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="integrationskonzept-{body.slug}-v')
    data = json.loads(response.content.decode("utf-8"))
    assert data["format"] == "querschnitt-concept/1"
    assert list(data) == [
        "format",
        "exported_at",
        "body",
        "concept",
        "fields",
        "guiding_goals",
        "annual_goals",
        "indicators",
        "targets",
        "observations",
        "measures",
        "budget_lines",
        "milestones",
        "evaluations",
    ]
    assert data["body"] == {"name": body.name, "slug": body.slug, "ags": body.ags}
    assert (
        data["concept"]["title"] == "Integrationskonzept 2026"
        and data["concept"]["mission_statement"] == "Vielfalt gestalten"
    )
    assert [(f["title"], f["priority_points"]) for f in data["fields"]] == [
        ("Handlungsfeld 1", 10),
        ("Handlungsfeld 2", 20),
        ("Handlungsfeld 3", 30),
    ]
    assert [g["minimum_statement"] for g in data["guiding_goals"]] == ["mindestens 1", "mindestens 2", "mindestens 3"]
    assert [a["text"] for a in data["annual_goals"]] == ["Jahresziel 1", "Jahresziel 2", "Jahresziel 3"]
    assert all(a["guiding_goal_id"] for a in data["annual_goals"])
    indicator = data["indicators"][0]
    assert [i["name"] for i in data["indicators"]] == ["Indikator 1", "Indikator 2", "Indikator 3"]
    assert indicator["definition"] == "Definition 1" and indicator["baseline_value"] == "12.5"
    assert indicator["baseline_date"] == "2024-12-31"
    assert indicator["guiding_goal_ids"] == [data["guiding_goals"][0]["id"]]
    assert indicator["annual_goal_ids"] == [data["annual_goals"][0]["id"]]
    assert data["targets"][0] == {
        "id": data["targets"][0]["id"],
        "indicator_id": indicator["id"],
        "kind": "value",
        "value": "20",
        "due_date": "2030-12-31",
        "due_label": "",
        "description": "",
        "order": 0,
    }
    observations = [o for o in data["observations"] if o["indicator_id"] == indicator["id"]]
    assert [(o["breakdown"], o["value"]) for o in observations] == [({}, "13.25"), ({"Geschlecht": "weiblich"}, "11")]
    assert [m["title"] for m in data["measures"]] == ["Maßnahme 1", "Maßnahme 2", "Maßnahme 3"]
    measure = data["measures"][0]
    assert (measure["status"], measure["lead_owner"], measure["involved_actors"]) == (
        "running",
        "Kommunales Integrationszentrum",
        "Jobcenter, VHS",
    )
    assert measure["start_date"] == "2026-01-01" and measure["guiding_goal_ids"] == [data["guiding_goals"][0]["id"]]
    assert data["budget_lines"][0]["amount"] == "6000" and data["budget_lines"][0]["amount_max"] == "7500.5"
    assert data["budget_lines"][0]["category"] == {"code": "A", "name": "Eigenmittel"}
    assert [s["title"] for s in data["milestones"]] == ["Meilenstein 1", "Meilenstein 2", "Meilenstein 3"]
    evaluation = data["evaluations"][0]
    assert (evaluation["subject_type"], evaluation["subject_id"]) == ("measure", measure["id"])
    assert evaluation["traffic_light"] == "yellow" and evaluation["reviewer"] == office_user.display_name
    # Decimals are strings throughout, never floats.
    assert all(isinstance(o["value"], str) for o in data["observations"])


@pytest.mark.django_db
def test_xlsx_export_has_a_sheet_per_kind_with_german_headers(client, body, office_user):
    concept = build_concept(body, size=2)
    MeasureFactory(concept=concept, title='=HYPERLINK("http://example.com")')  # text, never a formula
    client.force_login(office_user)

    response = client.get(export_url(body, concept, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.column_dimensions["A"].width >= 8
    headers = {sheet.title: [cell.value for cell in sheet[1]] for sheet in workbook.worksheets}
    assert headers["Handlungsfelder"] == [
        "ID",
        "Aufgabenbereich (ID)",
        "Handlungsfeld",
        "Beschreibung",
        "Reihenfolge",
        "Prioritätspunkte",
    ]
    assert headers["Budget"] == [
        "Maßnahme (ID)",
        "Maßnahme",
        "Jahr",
        "Betrag",
        "Bis zu",
        "Bezugsgröße",
        "Finanzierungsart",
    ]
    assert "mindestens" in headers["Leitziele"] and "Federführung" in headers["Maßnahmen"]

    fields = workbook["Handlungsfelder"]
    assert [row[2] for row in fields.iter_rows(min_row=2, values_only=True)] == ["Handlungsfeld 1", "Handlungsfeld 2"]
    assert [row[5] for row in fields.iter_rows(min_row=2, values_only=True)] == [10, 20]
    measures = workbook["Maßnahmen"]
    titles = {cell.value: cell for (cell,) in measures.iter_rows(min_row=2, min_col=3, max_col=3)}
    assert set(titles) == {"Maßnahme 1", "Maßnahme 2", '=HYPERLINK("http://example.com")'}
    assert titles['=HYPERLINK("http://example.com")'].data_type == "s"
    first = titles["Maßnahme 1"].row
    with translation.override("de"):
        running = str(MeasureStatus.RUNNING.label)  # the label in the catalogue, not the code
    assert measures.cell(row=first, column=headers["Maßnahmen"].index("Status") + 1).value == running != "running"
    start = measures.cell(row=first, column=headers["Maßnahmen"].index("Beginn") + 1)
    assert start.value.date() == date(2026, 1, 1) and start.number_format == "DD.MM.YYYY"
    amount = workbook["Budget"].cell(row=2, column=4)
    assert amount.value == 6000 and "€" in amount.number_format
    observations = workbook["Messwerte"]
    assert observations.cell(row=1, column=8).value == "Wert"
    values = sorted(row[7] for row in observations.iter_rows(min_row=2, values_only=True))
    assert values == [11, 11, 13.25, 13.25]
    assert "Geschlecht: weiblich" in [row[6] for row in observations.iter_rows(min_row=2, values_only=True)]
    first_observation = next(observations.iter_rows(min_row=2, values_only=True))
    assert first_observation[2] == "2025"  # the label, derived where the value has none
    assert first_observation[5] == body.ags  # the own area, written out
    concept_sheet = {row[0]: row[1] for row in workbook["Konzept"].iter_rows(min_row=2, values_only=True)}
    assert concept_sheet["Titel"] == "Integrationskonzept 2026" and concept_sheet["Format"] == "querschnitt-concept/1"


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_size_of_the_concept(body):
    small, large = build_concept(body, size=1), build_concept(body, size=6)
    counts = []
    for concept in (small, large):
        with CaptureQueriesContext(connection) as queries:
            exports.concept_xlsx(exports.concept_export_data(concept))
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_export_views_answer_in_a_fixed_number_of_queries(client, body, office_user, django_assert_max_num_queries):
    concept = build_concept(body, size=8, reviewer=office_user)
    client.force_login(office_user)
    for kind in ("json", "xlsx"):
        with django_assert_max_num_queries(20):
            assert client.get(export_url(body, concept, kind)).status_code == 200


@pytest.mark.django_db
def test_another_body_cannot_export(client, body, other_body, make_user):
    concept = build_concept(body, size=1)
    client.force_login(make_user(other_body, "office"))
    for kind in ("json", "xlsx"):
        assert client.get(export_url(body, concept, kind)).status_code == 404
        assert client.get(export_url(other_body, concept, kind)).status_code == 404


@pytest.mark.django_db
def test_a_user_without_a_role_and_anonymous_cannot_export(client, body, make_user):
    concept = build_concept(body, size=1)
    response = client.get(export_url(body, concept, "json"))
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(make_user())
    assert client.get(export_url(body, concept, "json")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "moderator", "reader", "integration_centre"])
def test_every_role_of_the_body_may_export(client, body, make_user, role):
    concept = build_concept(body, size=1)
    client.force_login(make_user(body, role))
    assert client.get(export_url(body, concept, "xlsx")).status_code == 200


@pytest.mark.django_db
def test_an_empty_concept_exports(body):
    concept = ConceptFactory(body=body)
    data = exports.concept_export_data(concept)
    assert data["fields"] == [] and data["measures"] == []
    workbook = load_workbook(io.BytesIO(exports.concept_xlsx(data)))
    assert workbook.sheetnames == SHEETS
    assert json.loads(exports.concept_json(data))["concept"]["id"] == concept.pk


@pytest.mark.parametrize(
    "value, text",
    [(D("42.0000"), "42"), (D("12.5000"), "12.5"), (D("0.0000"), "0"), (D("-3.2500"), "-3.25"), (D("1E+3"), "1000")],
)
def test_decimals_are_written_without_padding(value, text):
    assert exports.decimal_text(value) == text
