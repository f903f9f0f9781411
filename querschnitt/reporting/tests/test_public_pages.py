"""The public page of a body: who sets it up, that nothing is public before it is published, what the public sees
(the concept with progress, reports, open data, Leichte Sprache) and what it never sees (drafts, confidential
values, internal notes), another body's objects as 404, and pages whose queries do not grow with their rows."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from querschnitt.core.exceptions import ApplicationError
from querschnitt.reporting import demo_public
from querschnitt.reporting.models import PublicPage
from querschnitt.reporting.services_public import public_page_update
from querschnitt.reporting.tests.factories import PublicPageFactory, ReportFactory, ReportVersionFactory
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
from querschnitt.tenancy.models import Role
from querschnitt.tenancy.tests.factories import BodyFactory

# Marker texts that must never reach a public page or download.
SECRET = "GEHEIM-VERTRAULICH-4711"
DRAFT = "ENTWURF-NICHT-OEFFENTLICH"
INTERNAL = "INTERNE-NOTIZ-0815"


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def url(name, body=None, **kwargs):
    return reverse(f"public:{name}", kwargs={**({"body": body.slug} if body else {}), **kwargs})


@dataclass
class Setup:
    body: Any
    page: Any
    concept: Any
    indicator: Any
    draft_indicator: Any
    unlinked_indicator: Any
    version: Any


def build(body, *, published=True) -> Setup:
    """A body with a concept: a field, a guiding goal with an indicator (public values, a confidential one with a
    note), an annual goal, a draft goal, a draft indicator, a draft measure, an internal note on a report version."""
    concept = ConceptFactory(body=body, title="Integrationskonzept Musterstadt")
    field = FieldOfActionFactory(concept=concept, title="Sprache und Bildung")
    goal = GuidingGoalFactory(field=field, text="Alle Kinder sprechen gut Deutsch.")
    annual = AnnualGoalFactory(field=field, guiding_goal=goal, text="Sprachkurse in jeder Kita")
    GuidingGoalFactory(field=field, text=f"{DRAFT} Leitziel", draft=True)
    AnnualGoalFactory(field=field, text=f"{DRAFT} Jahresziel", draft=True)
    indicator = IndicatorFactory(
        body=body,
        name="Kinder in Sprachkursen",
        unit="Kinder",
        kind="count",
        progress_override="on_track",
        progress_override_reason=f"{INTERNAL} Grund",
    )
    indicator.guiding_goals.add(goal)
    indicator.annual_goals.add(annual)
    IndicatorTargetFactory(indicator=indicator, value=Decimal(200))
    for year, value in ((2023, "120"), (2024, "150.5")):
        ObservationFactory(
            indicator=indicator,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            period_label=str(year),
            value=Decimal(value),
            source="Schulamt",
            note=f"{INTERNAL} zum Wert",
        )
    ObservationFactory(
        indicator=indicator,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        breakdown={"Geschlecht": "weiblich"},
        breakdown_key="Geschlecht=weiblich",
        value=Decimal(70),
    )
    ObservationFactory(
        indicator=indicator,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value=Decimal("987654"),
        source=SECRET,
        confidential=True,
    )
    draft_indicator = IndicatorFactory(body=body, name=f"{DRAFT} Indikator", draft=True)
    draft_indicator.guiding_goals.add(goal)
    unlinked = IndicatorFactory(body=body, name="Indikator ohne Ziel")
    MeasureFactory(concept=concept, field=field, title="Sprachcafé im Stadtteil", status="running")
    MeasureFactory(concept=concept, field=field, title=f"{DRAFT} Maßnahme", draft=True)
    version = ReportVersionFactory(
        report=ReportFactory(body=body, concept=concept, title="Integrationsbericht 2024"), note=f"{INTERNAL} V"
    )
    version.published_at = timezone.now()
    version.save()
    ReportVersionFactory(report=version.report, note="x", data={"title": f"{DRAFT} Bericht"})
    page = PublicPageFactory(
        body=body,
        published=published,
        concept=concept,
        introduction="Willkommen auf unserer Seite.",
        easy_language_summary="Wir helfen allen Menschen.",
    )
    return Setup(body, page, concept, indicator, draft_indicator, unlinked, version)


# --- Settings and who may change them ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OFFICE, 200),
        (Role.INTEGRATION_CENTRE, 200),
        (Role.MEMBER, 403),
        (Role.MODERATOR, 403),
        (Role.READER, 403),
        (Role.STATE_STAFF, 403),
    ],
)
def test_who_manages_the_public_page(client, make_user, body, state_council, role, status):
    user = make_user(state_council if role == Role.STATE_STAFF else body, role)
    client.force_login(user)
    concept = ConceptFactory(body=body)

    assert client.get(url("settings", body)).status_code == status
    response = client.post(url("settings", body), {"published": "on", "concept": concept.pk, "data_licence": "CC0"})
    assert response.status_code == (302 if status == 200 else 403)
    assert PublicPage.objects.filter(body=body, published=True).exists() == (status == 200)


@pytest.mark.django_db
def test_anonymous_and_other_bodies_reach_no_settings(client, make_user, body, other_body):
    assert client.get(url("settings", body)).status_code == 302  # to the login
    client.force_login(make_user(other_body, Role.OFFICE))
    assert client.get(url("settings", body)).status_code == 403


@pytest.mark.django_db
def test_the_office_publishes_with_a_summary_in_leichte_sprache(client, make_user, body):
    concept = ConceptFactory(body=body, title="Unser Konzept")
    client.force_login(make_user(body, Role.OFFICE))
    response = client.post(
        url("settings", body),
        {
            "published": "on",
            "concept": concept.pk,
            "introduction": "Einführung",
            "easy_language_summary": "Wir haben einen Plan.",
            "data_licence": "Datenlizenz Deutschland – Namensnennung – 2.0",
            "contact": "integration@example.org",
        },
        follow=True,
    )
    assert "Die öffentliche Seite ist veröffentlicht." in text(response)
    page = PublicPage.objects.get(body=body)
    assert page.published and page.concept == concept
    assert page.easy_language_summary == "Wir haben einen Plan."


@pytest.mark.django_db
def test_the_concept_must_belong_to_the_body(client, make_user, body, other_body):
    foreign = ConceptFactory(body=other_body)
    with pytest.raises(ApplicationError, match="Konzept"):
        public_page_update(actor=None, body=body, concept=foreign)
    client.force_login(make_user(body, Role.OFFICE))
    response = client.post(url("settings", body), {"published": "on", "concept": foreign.pk, "data_licence": "CC0"})
    assert response.status_code == 200  # the form refuses the other body's concept
    assert not PublicPage.objects.filter(body=body).exists()


@pytest.mark.django_db
def test_a_reader_may_not_update_through_the_service(make_user, body):
    with pytest.raises(ApplicationError):
        public_page_update(actor=make_user(body, Role.READER), body=body, published=True)
    assert not PublicPage.objects.filter(body=body).exists()


# --- What the public sees ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_is_public_before_the_page_is_published(client, body):
    setup = build(body, published=False)
    pk = setup.indicator.pk
    for name, kwargs in (
        ("body", {}),
        ("indicator", {"indicator": pk}),
        ("indicator_csv", {"indicator": pk}),
        ("indicator_json", {"indicator": pk}),
        ("zip", {}),
        ("open_sdg", {}),
    ):
        assert client.get(url(name, body, **kwargs)).status_code == 404, name
    assert body.name not in text(client.get(url("index")))


@pytest.mark.django_db
def test_the_public_page_shows_concept_progress_reports_and_open_data(client, body):
    setup = build(body)
    response = client.get(url("body", body))
    assert response.status_code == 200
    page = text(response)
    html = response.content.decode()
    for expected in (
        "Willkommen auf unserer Seite.",
        "Integrationskonzept Musterstadt",
        "Sprache und Bildung",
        "Alle Kinder sprechen gut Deutsch.",
        "Sprachkurse in jeder Kita",
        "Kinder in Sprachkursen",
        "Auf Kurs",  # the progress in words …
        "Sprachcafé im Stadtteil",
        "laufend",
        "Integrationsbericht 2024",
        "Offene Daten",
    ):
        assert expected in page, expected
    assert "↗" in html  # … and as a sign, not by colour alone
    assert "150,5 Kinder" in page  # the latest public value (not the confidential one of 2025)
    # The summary in Leichte Sprache in its own section, marked as German.
    assert re.search(r'<section id="leichte-sprache" lang="de"', html)
    assert "In Leichter Sprache" in page and "Wir helfen allen Menschen." in page
    assert url("zip", body) in html and url("open_sdg", body) in html
    assert url("indicator_csv", body, indicator=setup.indicator.pk) in html


@pytest.mark.django_db
def test_the_published_report_links_to_its_public_page(client, body):
    setup = build(body)
    html = client.get(url("body", body)).content.decode()
    try:
        expected = reverse("reports:public_version", kwargs={"body": body.slug, "reportversion": setup.version.pk})
    except Exception:
        pytest.skip("reports:public_version does not exist yet")
    assert expected in html


@pytest.mark.django_db
def test_no_leichte_sprache_section_when_empty(client, body):
    setup = build(body)
    setup.page.easy_language_summary = ""
    setup.page.save()
    assert "In Leichter Sprache" not in text(client.get(url("body", body)))


@pytest.mark.django_db
def test_drafts_confidential_values_and_internal_notes_never_appear(client, body):
    setup = build(body)
    responses = [
        client.get(url("body", body)),
        client.get(url("indicator", body, indicator=setup.indicator.pk)),
        client.get(url("indicator_csv", body, indicator=setup.indicator.pk)),
        client.get(url("indicator_json", body, indicator=setup.indicator.pk)),
        client.get(url("open_sdg", body)),
        client.get(url("index")),
    ]
    for response in responses:
        assert response.status_code == 200
        content = response.content.decode()
        for marker in (SECRET, DRAFT, INTERNAL, "987654"):
            assert marker not in content, (response.request["PATH_INFO"], marker)
    # Draft and unlinked indicators have no public page.
    for indicator in (setup.draft_indicator, setup.unlinked_indicator):
        assert client.get(url("indicator", body, indicator=indicator.pk)).status_code == 404
        assert client.get(url("indicator_csv", body, indicator=indicator.pk)).status_code == 404


@pytest.mark.django_db
def test_an_indicator_page_has_chart_with_text_alternative_table_definition_and_targets(client, body):
    setup = build(body)
    response = client.get(url("indicator", body, indicator=setup.indicator.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and 'role="img"' in html and "aria-labelledby=" in html
    assert "<caption" in html and "150,5" in text(response)
    assert "Zielwerte" in text(response) and "200" in text(response)


@pytest.mark.django_db
def test_another_bodys_indicator_is_a_404(client, body, other_body):
    build(body)
    other = build(other_body)
    assert client.get(url("indicator", body, indicator=other.indicator.pk)).status_code == 404
    assert client.get(url("indicator_json", body, indicator=other.indicator.pk)).status_code == 404


@pytest.mark.django_db
def test_a_concept_not_shown_is_not_public(client, body):
    setup = build(body)
    setup.page.concept = ConceptFactory(body=body, title="Anderes Konzept")
    setup.page.save()
    assert client.get(url("indicator", body, indicator=setup.indicator.pk)).status_code == 404
    assert "Alle Kinder sprechen gut Deutsch." not in text(client.get(url("body", body)))


@pytest.mark.django_db
def test_the_index_lists_and_searches_the_bodies_that_publish(client):
    aachen = BodyFactory(name="Stadt Aachen")
    bonn = BodyFactory(name="Stadt Bonn")
    hidden = BodyFactory(name="Stadt Köln")
    PublicPageFactory(body=aachen, published=True)
    PublicPageFactory(body=bonn, published=True)
    PublicPageFactory(body=hidden, published=False)
    page = text(client.get(url("index")))
    assert "Stadt Aachen" in page and "Stadt Bonn" in page and "Stadt Köln" not in page
    found = text(client.get(url("index") + "?suche=aach"))
    assert "Stadt Aachen" in found and "Stadt Bonn" not in found


# --- Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_index_needs_the_same_queries_for_many_bodies(client, django_assert_max_num_queries):
    for _ in range(3):
        PublicPageFactory(published=True)
    with django_assert_max_num_queries(6):
        assert client.get(url("index")).status_code == 200
    for _ in range(12):
        PublicPageFactory(published=True, concept=None)
    with django_assert_max_num_queries(6):
        assert client.get(url("index")).status_code == 200


@pytest.mark.django_db
def test_the_body_page_needs_the_same_queries_for_a_larger_concept(client, body, django_assert_max_num_queries):
    setup = build(body)
    with django_assert_max_num_queries(20) as small:
        client.get(url("body", body))
    for number in range(5):
        field = FieldOfActionFactory(concept=setup.concept, title=f"Feld {number}")
        goal = GuidingGoalFactory(field=field)
        AnnualGoalFactory(field=field, guiding_goal=goal)
        indicator = IndicatorFactory(body=body)
        indicator.guiding_goals.add(goal)
        ObservationFactory(indicator=indicator)
        MeasureFactory(concept=setup.concept, field=field)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("body", body)).status_code == 200


# --- Demo ----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_publishes_the_kreis_and_four_towns_once(body):
    towns = {name: BodyFactory(name=name) for name in ("Neuss", "Dormagen", "Grevenbroich", "Kaarst", "Jüchen")}
    context = {"kreis": body, "concept": ConceptFactory(body=body), "municipalities": towns}
    demo_public.load(context)
    counts = (PublicPage.objects.count(), towns["Neuss"].indicators.count(), towns["Neuss"].concepts.count())
    demo_public.load(context)
    assert (PublicPage.objects.count(), towns["Neuss"].indicators.count(), towns["Neuss"].concepts.count()) == counts
    assert counts == (5, 1, 1)
    page = PublicPage.objects.get(body=body)
    assert (
        page.published and "Leichte" not in page.easy_language_summary and "Integration" in page.easy_language_summary
    )
