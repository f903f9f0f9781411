"""The integration concept in the browser's terms: build a concept from an empty body, see gaps and progress."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy import models as m
from querschnitt.strategy import services
from querschnitt.strategy.tests.factories import (
    AnnualGoalFactory,
    ConceptFactory,
    FieldOfActionFactory,
    GuidingGoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MeasureFactory,
    ObservationFactory,
)


def url(name, body, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"body": body.slug, **kwargs})


@pytest.fixture
def ki(make_user, body):
    return make_user(body, "integration_centre")


@pytest.mark.django_db
def test_ki_builds_a_concept_from_an_empty_body(client, body, ki):
    client.force_login(ki)
    assert "noch kein Integrationskonzept" in client.get(url("concepts", body)).content.decode()

    response = client.post(
        url("concepts", body),
        {
            "title": "Integrationskonzept 2027",
            "status": "draft",
            "cycle_phase": "goals",
            "mission_statement": "Vielfalt gestalten",
        },
    )
    concept = m.Concept.objects.get(body=body)
    assert response.url == url("concept", body, concept=concept.pk)

    client.post(url("field_create", body, concept=concept.pk), {"title": "Bildung", "priority_points": 30, "order": 1})
    field = concept.fields.get()
    client.post(
        url("guiding_goal_create", body, fieldofaction=field.pk),
        {"leitziel-text": "Qualifizierte Schulabschlüsse für alle", "leitziel-order": 1},
    )
    goal = field.guiding_goals.get()
    client.post(
        url("annual_goal_create", body, fieldofaction=field.pk),
        {
            "jahresziel-text": "Infoveranstaltung in jeder Kommune",
            "jahresziel-guiding_goal": goal.pk,
            "jahresziel-year_start": 2027,
            "jahresziel-order": 1,
        },
    )
    annual = field.annual_goals.get()
    assert annual.guiding_goal == goal

    page = client.get(url("concept", body, concept=concept.pk)).content.decode()
    assert "Lücken" in page and "Ziele ohne Indikator" in page and "Qualifizierte Schulabschlüsse" in page

    client.post(
        url("indicator_create", body),
        {
            "name": "Abschlussquote",
            "polarity": "up",
            "kind": "quantitative",
            "unit": "%",
            "baseline_comparison": "eq",
            "guiding_goals": [goal.pk],
            "annual_goals": [annual.pk],
        },
    )
    indicator = m.Indicator.objects.get(body=body)
    assert list(indicator.guiding_goals.all()) == [goal]
    client.post(
        url("target_create", body, indicator=indicator.pk), {"kind": "value", "value": "60", "due_date": "2030-12-31"}
    )
    client.post(
        url("measure_create", body, concept=concept.pk),
        {
            "title": "Schülergerechte Infoveranstaltung",
            "field": field.pk,
            "status": "planned",
            "progress": 0,
            "lead_owner": "Schulamt",
            "guiding_goals": [goal.pk],
        },
    )
    assert concept.measures.get().guiding_goals.get() == goal

    gaps = client.get(url("concept", body, concept=concept.pk)).context["gaps"]
    assert gaps.guiding_goals_without_indicator == [] and gaps.annual_goals_without_indicator == []
    assert gaps.indicators_without_target == [] and gaps.measures_without_owner == []


@pytest.mark.django_db
def test_progress_changes_when_data_arrives(client, body, ki):
    goal = GuidingGoalFactory(body=body)
    indicator = IndicatorFactory(body=body)
    indicator.guiding_goals.add(goal)
    IndicatorTargetFactory(indicator=indicator, value=Decimal(60), due_date=date(2030, 12, 31))
    client.force_login(ki)
    concept_url = url("concept", body, concept=goal.field.concept_id)
    assert client.get(concept_url).context["tree"][0].status == "no_data"
    ObservationFactory(indicator=indicator, period_start=date(2020, 1, 1), period_end=date(2020, 12, 31), value=40)
    ObservationFactory(indicator=indicator, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=51)
    tree = client.get(concept_url).context["tree"]
    assert tree[0].guiding_goals[0].status == "on_track" and tree[0].status == "on_track"
    page = client.get(url("indicator", body, indicator=indicator.pk)).content.decode()
    assert "Auf Kurs" in page and "Werte des Diagramms" in page and "51" in page


@pytest.mark.django_db
def test_indicator_list_shows_the_own_areas_latest_value_and_status_from_the_ends_of_the_series(client, body, ki):
    """The list loads only the first and the latest own value; a municipality's newer value is not the body's."""
    indicator = IndicatorFactory(body=body, unit="")
    IndicatorTargetFactory(indicator=indicator, value=Decimal(60), due_date=date(2030, 12, 31))
    for year, value in ((2019, 40), (2020, 30), (2024, 51)):  # the middle value must not change the status
        ObservationFactory(
            indicator=indicator, period_start=date(year, 1, 1), period_end=date(year, 12, 31), value=value
        )
    ObservationFactory(
        indicator=indicator, area_ags="05162024", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=7
    )
    client.force_login(ki)
    response = client.get(url("indicators", body))
    [(shown, latest, status)] = response.context["rows"]
    assert (latest.value, latest.period_end, status) == (Decimal(51), date(2024, 12, 31), "on_track")
    assert len(shown.own_series_ends) == 2


@pytest.mark.django_db
def test_chart_is_an_svg_with_a_text_alternative(client, body, ki):
    indicator = IndicatorFactory(body=body, name="Abschlussquote")
    ObservationFactory(indicator=indicator, value=Decimal("42.5"))
    IndicatorTargetFactory(indicator=indicator, value=Decimal(50))
    client.force_login(ki)
    response = client.get(url("indicator_chart", body, indicator=indicator.pk))
    assert response["Content-Type"] == "image/svg+xml" and response.content.startswith(b"<svg")
    assert (
        client.get(
            url("indicator_chart", body, indicator=indicator.pk), headers={"If-None-Match": response["ETag"]}
        ).status_code
        == 304
    )
    page = client.get(url("indicator", body, indicator=indicator.pk)).content.decode()
    assert "Liniendiagramm" in page and "42,5" in page and "Ziel: 50 %" in page


@pytest.mark.django_db
def test_manual_progress_needs_a_reason(client, body, ki):
    goal = GuidingGoalFactory(body=body)
    client.force_login(ki)
    response = client.post(url("guiding_goal", body, guidinggoal=goal.pk), {"status": "on_track", "reason": ""})
    assert "Bitte geben Sie einen Grund" in response.content.decode()
    goal.refresh_from_db()
    assert goal.progress_override == ""
    client.post(url("guiding_goal", body, guidinggoal=goal.pk), {"status": "limited", "reason": "Daten fehlen"})
    goal.refresh_from_db()
    assert goal.progress_override == "limited"
    assert goal.history.filter(history_user=ki).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, can_edit",
    [("office", True), ("integration_centre", True), ("member", False), ("moderator", False), ("reader", False)],
)
def test_permission_matrix_of_the_concept(client, body, make_user, role, can_edit):
    field = FieldOfActionFactory(body=body)
    client.force_login(make_user(body, role))
    assert client.get(url("concept", body, concept=field.concept_id)).status_code == 200
    response = client.post(url("guiding_goal_create", body, fieldofaction=field.pk), {"leitziel-text": "Neu"})
    assert (response.status_code == 302) == can_edit
    assert field.guiding_goals.exists() == can_edit
    if not can_edit:
        assert response.status_code == 403


@pytest.mark.django_db
def test_other_bodies_concepts_are_not_found(client, body, other_body, ki):
    measure = MeasureFactory(body=other_body)
    client.force_login(ki)
    assert client.get(url("measure", other_body, measure=measure.pk)).status_code == 404
    assert client.get(url("measure", body, measure=measure.pk)).status_code == 404
    assert client.get(url("concept", other_body, concept=measure.concept_id)).status_code == 404


@pytest.mark.django_db
def test_measure_board_moves_status_and_list_filters(client, body, ki):
    concept = ConceptFactory(body=body, status="adopted")
    field = FieldOfActionFactory(concept=concept, title="Arbeit")
    running = MeasureFactory(concept=concept, field=field, title="RAA einrichten", status="running", lead_owner="Kreis")
    planned = MeasureFactory(concept=concept, title="Datenanalyse", status="planned", lead_owner="Statistik")
    client.force_login(ki)
    response = client.get(url("measures", body), {"status": "running"})
    assert list(response.context["measures"]) == [running]
    response = client.get(url("measures", body), {"owner": "statistik"})
    assert list(response.context["measures"]) == [planned]
    board = client.get(url("measures", body), {"ansicht": "tafel"})
    assert [len(items) for _value, _label, items in board.context["columns"]][:2] == [1, 1]
    client.post(url("measure_status", body, measure=planned.pk), {"status": "completed"})
    planned.refresh_from_db()
    assert planned.status == "completed"
    partial = client.get(url("measures", body), {"field": field.pk}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "RAA einrichten" in partial.content.decode()


@pytest.mark.django_db
def test_list_pages_pin_their_queries(client, body, ki, django_assert_max_num_queries):
    concept = ConceptFactory(body=body, status="adopted")

    def grow():
        field = FieldOfActionFactory(concept=concept)
        goal = GuidingGoalFactory(field=field)
        annual = AnnualGoalFactory(field=field, guiding_goal=goal)
        indicator = IndicatorFactory(body=body)
        indicator.guiding_goals.add(goal)
        indicator.annual_goals.add(annual)
        IndicatorTargetFactory(indicator=indicator)
        ObservationFactory(indicator=indicator)
        MeasureFactory(concept=concept, field=field).guiding_goals.add(goal)

    grow()
    client.force_login(ki)
    pages = [
        url("concept", body, concept=concept.pk),
        url("measures", body),
        url("indicators", body),
        url("measures", body) + "?ansicht=tafel",
    ]
    counts = {}
    for page in pages:
        with django_assert_max_num_queries(40) as queries:
            assert client.get(page).status_code == 200
        counts[page] = len(queries)
    for _ in range(4):
        grow()
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            client.get(page)


@pytest.mark.django_db
def test_new_version_copies_and_compare_shows_changes(client, body, ki):
    goal = GuidingGoalFactory(body=body, text="Alle Eltern kennen das Bildungssystem")
    concept = goal.field.concept
    indicator = IndicatorFactory(body=body)
    indicator.guiding_goals.add(goal)
    target = IndicatorTargetFactory(indicator=indicator, value=Decimal(50))
    MeasureFactory(concept=concept, field=goal.field, title="Elternabende").guiding_goals.add(goal)
    client.force_login(ki)
    response = client.post(url("concept_new_version", body, concept=concept.pk))
    new = m.Concept.objects.get(body=body, version=concept.version + 1)
    assert response.url == url("concept", body, concept=new.pk)
    new_goal = m.GuidingGoal.objects.get(field__concept=new)
    assert new_goal.text == goal.text and list(new_goal.indicators.all()) == [indicator]
    assert new.measures.get().guiding_goals.get() == new_goal

    services.guiding_goal_create(actor=ki, field=new_goal.field, text="Mehr Abschlüsse")
    services.indicator_target_update(actor=ki, target=target, value=Decimal(70))
    concept.status = "superseded"
    concept.save()
    page = client.get(url("concept_compare", body, concept=new.pk), {"mit": concept.pk}).content.decode()
    assert "Mehr Abschlüsse" in page and "Hinzugefügt" in page
    assert "Zielwerte" in page and "70" in page


@pytest.mark.django_db
def test_self_assessment_rates_the_ten_recommendations(client, body, ki):
    client.force_login(ki)
    data = {"rating_1": "3", "note_1": "Konzept liegt vor", "rating_10": "1"}
    client.post(url("self_assessment", body) + "?jahr=2026", data)
    ratings = dict(m.SelfAssessment.objects.filter(body=body, year=2026).values_list("recommendation", "rating"))
    assert ratings == {1: 3, 10: 1}
    page = client.get(url("self_assessment", body) + "?jahr=2026").content.decode()
    assert "Strategie und Konzept entwickeln" in page and "Konzept liegt vor" in page


@pytest.mark.django_db
def test_measure_page_with_budget_milestone_and_evaluation(client, body, ki):
    measure = MeasureFactory(body=body, considerations="„Info-Team“\nAmt für Statistik")
    client.force_login(ki)
    client.post(
        url("budget_create", body, measure=measure.pk),
        {"amount": "600", "amount_max": "1200", "basis": "pro Teilnehmer"},
    )
    client.post(url("milestone_create", body, measure=measure.pk), {"title": "Konzept steht", "due_date": "2011-06-30"})
    client.post(
        url("evaluation_create", body, measure=measure.pk),
        {
            "review_date": "2012-03-01",
            "traffic_light": "yellow",
            "progress_status": "moderate",
            "decision": "improve",
            "comment": "Mehr Schulen gewinnen",
        },
    )
    page = client.get(url("measure", body, measure=measure.pk)).content.decode()
    assert "600\u00a0€ – 1.200\u00a0€" in page
    assert "„Info-Team“" in page and "Amt für Statistik" in page
    assert "überfällig" in page and "nachbessern" in page
    response = client.post(url("budget_create", body, measure=measure.pk), {"amount": "900", "amount_max": "100"})
    assert response.status_code == 200 and measure.budget_lines.count() == 1


@pytest.mark.django_db
def test_inline_edit_serves_the_form_partial_and_redirects_by_header(client, body, ki):
    goal = GuidingGoalFactory(body=body, text="Alt")
    client.force_login(ki)
    edit = url("guiding_goal_edit", body, guidinggoal=goal.pk)
    partial = client.get(edit, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and '<h2 class="kern-heading-medium" id="formular-titel">' in partial
    response = client.post(edit, {"text": "Neu", "order": 1}, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == url("guiding_goal", body, guidinggoal=goal.pk)
    goal.refresh_from_db()
    assert goal.text == "Neu"
    response = client.post(edit, {"text": "", "order": 1}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Dieses Feld ist zwingend erforderlich." in response.content.decode()


@pytest.mark.django_db
def test_evidence_upload_checks_type_by_content_and_is_served_only_to_the_body(client, body, other_body, ki, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    measure = MeasureFactory(body=body)
    client.force_login(ki)
    fake = SimpleUploadedFile("bericht.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url("evidence_create", body, measure=measure.pk), {"title": "Bericht", "file": fake})
    assert "passt nicht zu ihrer Endung .pdf" in response.content.decode() and not measure.evidence_files.exists()
    real = SimpleUploadedFile("bericht.pdf", b"%PDF-1.4 Bericht", content_type="application/pdf")
    client.post(url("evidence_create", body, measure=measure.pk), {"title": "Bericht", "file": real})
    evidence = measure.evidence_files.get()
    download = client.get(url("evidence_download", body, evidencefile=evidence.pk))
    assert b"".join(download.streaming_content).startswith(b"%PDF") and "attachment" in download["Content-Disposition"]
    client.force_login(make_user(other_body, "office"))
    assert client.get(url("evidence_download", body, evidencefile=evidence.pk)).status_code == 404


@pytest.mark.django_db
def test_goal_evaluation_and_funding_categories(client, body, ki):
    goal = GuidingGoalFactory(body=body)
    client.force_login(ki)
    client.post(
        url("guiding_goal_evaluation_create", body, guidinggoal=goal.pk),
        {"review_date": "2026-11-01", "traffic_light": "green", "progress_status": "on_track", "decision": "keep"},
    )
    assert goal.evaluations.get().reviewer == ki
    assert "beibehalten" in client.get(url("guiding_goal", body, guidinggoal=goal.pk)).content.decode()
    client.post(url("funding_categories", body), {"code": "A", "name": "Eigenmittel"})
    response = client.post(url("funding_categories", body), {"code": "a", "name": "Doppelt"})
    assert "bereits vergeben" in response.content.decode()
    assert list(m.FundingCategory.objects.filter(body=body).values_list("code", flat=True)) == ["A"]


@pytest.mark.django_db
def test_upsert_keeps_one_key_for_the_own_area_and_refuses_ambiguous_breakdowns(body, ki):
    indicator = IndicatorFactory(body=body)
    row = services.ObservationRow(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=Decimal(5))
    services.observations_upsert(actor=ki, indicator=indicator, rows=[row])
    services.observations_upsert(
        actor=ki,
        indicator=indicator,
        rows=[
            services.ObservationRow(
                period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=Decimal(6), area_ags=body.ags
            )
        ],
    )
    assert list(indicator.observations.values_list("area_ags", "value")) == [("", Decimal(6))]
    bad = services.ObservationRow(
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), value=Decimal(1), breakdown={"a=b": "c"}
    )
    with pytest.raises(ApplicationError, match="Untergliederung"):
        services.observations_upsert(actor=ki, indicator=indicator, rows=[bad])
    assert indicator.observations.count() == 1


@pytest.mark.django_db
def test_multi_field_rules_answer_at_the_field(client, body, ki):
    measure = MeasureFactory(body=body)
    client.force_login(ki)
    edit = url("measure_edit", body, measure=measure.pk)
    response = client.post(
        edit,
        {
            "title": measure.title,
            "status": "planned",
            "progress": 0,
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    other_concept_goal = GuidingGoalFactory(body=body)
    with pytest.raises(ApplicationError, match="eigenen Konzepts"):
        services.measure_update(actor=ki, measure=measure, guiding_goals=[other_concept_goal])
