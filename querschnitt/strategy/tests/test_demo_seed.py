"""The demo concept is seed 004 (Rhein-Kreis Neuss), complete and as written.

The expected strings below are copied from the seed. One normalisation: the line-break hyphen of the source PDF in
"Altenpflege-seminare" is joined ("Altenpflegeseminare").
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from querschnitt.strategy.models import (
    AnnualGoal,
    Concept,
    Evaluation,
    FieldOfAction,
    GuidingGoal,
    Indicator,
    IndicatorTarget,
    Measure,
    MeasureBudget,
    Milestone,
    Observation,
    ObservationImport,
    SelfAssessment,
)

KREIS_AGS = "05162"
TITLE = "Integrationskonzept Rhein-Kreis Neuss"

FIELDS = [
    ("Bildung", 30),
    ("Arbeit", 17),
    ("Sprache", 15),
    ("Partizipation", 15),
    ("Interkulturelle Öffnung", 14),
    ("Willkommenskultur", 14),
]

# field → Leitziel → its Jahresziele (None: Jahresziele listed for the field, without a Leitziel)
GOALS: dict[str, dict[str | None, list[str]]] = {
    "Bildung": {
        "Qualifizierte Schulabschlüsse für alle Kinder und Jugendliche": [],
        "Alle Eltern kennen und verstehen das deutsche Bildungssystem.": [
            "Infoveranstaltung in jeder Kommune des Rhein-Kreises Neuss",
            "Ausbau der Schulberatungsstelle RAA",
        ],
        "Alle Schüler glauben an die Möglichkeit einer positiven/erfolgreichen Schullaufbahn.": [
            "schülergerechte Infoveranstaltung in allen weiterführenden Schulen zur demografischen Entwicklung",
            "Aufnahme in das Lehrerfortbildungsprogramm des Rhein-Kreises Neuss",
        ],
    },
    "Arbeit": {
        "Vollbeschäftigung": [
            "Steigerung der Teilnehmer mit Migrationshintergrund (Türkei,...) in Altenpflegeseminaren",
        ],
        "Der Rhein-Kreis Neuss ist Anziehungspunkt für internationale Fachkräfte.": [
            "Informationsaufbereitung für (ausländische) Unternehmen auf einer Plattform",
        ],
        "Der Rhein-Kreis Neuss ist und bleibt ein leistungsstarker Wirtschaftsstandort.": [
            "Verbesserung der Zusammenarbeit im Rahmen des Übergangs von Schule und Beruf unter Einbeziehung aller "
            "Akteure",
        ],
    },
    "Sprache": {
        "Jeder Zuwanderer lernt Deutsch.": [],
        "Die Erstsprachen werden gefördert.": [
            "Erfassung der Maßnahmen zur Förderung der Erstsprachen",
            "Öffentlichkeitsarbeit/Bekanntmachung der Maßnahmen",
        ],
        "Auch für Flüchtlinge wird die Möglichkeit zum Erwerb der deutschen Sprache geschaffen.": [
            "Erfassung der Maßnahmen zum Erwerb der deutschen Sprache",
            "Öffentlichkeitsarbeit/Bekanntmachung der Maßnahmen",
            "Einrichtung niederschwelliger Kurse für bestimmte Zielgruppen",
            "Möglichkeit für Flüchtlinge schaffen, an den Integrationskursen teilzunehmen",
            "Kinderbetreuung für Teilnehmer an den Integrationskursen sichern",
        ],
    },
    "Interkulturelle Öffnung": {
        "Die Mitarbeiterstruktur spiegelt die gesellschaftliche Wirklichkeit wieder.": [],
        "Wir schaffen eine Willkommenkultur.": [],
        "Es findet ein Perspektivwechsel statt, d.h. wir öffnen uns der Interkulturalität.": [],
        None: [
            "Bestandserhebung der vorhandenen Potenziale (Migrationshintergrund, Fremdsprachenkenntnisse, etc.)",
            "Herstellen einer Betriebsvereinbarung auf freiwilliger Basis, dass Mitarbeiter ihre "
            "Fremdsprachenkenntnisse darlegen",
            "Fortbildung (Weiterbildung) von Mitarbeitern in Fremdsprachen",
            "Fortbildung in interkultureller Kompetenz",
        ],
    },
    "Partizipation": {},
    "Willkommenskultur": {},
}

INDICATORS = [
    "alle Schulen halten eine Infoveranstaltung",
    "statistischer Wert (Steigerung um X %)",
    "Konzeptentwicklung incl. bedarfsgerechter Förderung bis 30.06.2011",
    "RAA ist installiert",
    "Datenmaterial über die Erfassungen",
    "Im gesamten Kreisgebiet werden bis Ende 2011 mindestens 10 Infoveranstaltungen in Vereinen,... durchgeführt",
    "Anzahl der Mütter mit U 3- Kindern steigt in den Integrationskursen",
    "im gesamten Kreisgebiet werden mindestens drei niederschwellige Kurse angeboten",
    "Anzahl der Flüchtlinge steigt in den Integrationskursen",
    "Daten liegen bis Dezember 2011 vor",
    "Abschluss der Betriebsvereinbarung liegt bis Dezember 2011 vor",
    "je 10 % der Mitarbeiter mit Publikumskontakt werden geschult",
]

# field → measure titles, in the seed's order
MEASURES = {
    "Bildung": [
        "schülergerechte Infoveranstaltung in allen weiterführenden Schulen zur demografischen Entwicklung",
    ],
    "Arbeit": [
        "Datenanalyse/ Bestandsaufnahme der aktuelle Situation",
        "Entwicklung einer möglichen Steigerungsrate →Umsetzung",
        "Abstimmungsgespräche zwischen Agentur, Jobcenter, Organisatoren der Altenpflegeseminare, Arbeitgeber",
        "Zeitressourcen müssen zur Verfügung gestellt werden",
        "Wirtschaftsförderung übernimmt Regie, lädt Beteiligte ein, Bestandsaufnahme",
        "Brainstorming, Positionierung, erste Konzeptentwicklung, politische Entscheidung",
        "Wirtschaftsförderung, Kommunen, Partnerstädte, IHK, KHS, Handwerkskammer, Konsulate, Politik als "
        "Entscheider... müssen einbezogen werden",
        "Zeit- und Geldressourcen müssen zur Verfügung gestellt werden",
        "Einbeziehung von Partnerstädten und erfolgreichen ausländischen Unternehmen",
        "der Antrag auf Einrichtung einer RAA ist (wird aktuell) gestellt",
        "Unterstützung durch Schulen, BBZ, Verbände wird bei der Umsetzung eingefordert",
        "bei der Personalbesetzung der RAA wird darauf geachtet, dass die Beschäftigten zum Teil einen "
        "Migrationshintergrund besitzen",
    ],
    "Sprache": [
        "Die Kommunen werden durch Anträge der Integrationsräte dazu bewegt, Gelder in den Haushalt einzuplanen "
        "(Ablauf: Integrationsrat, Sozialausschuss, Stadtrat) → Budget! (600 – 1.200 € + Fahrtkosten + Material pro "
        "Teilnehmer)",
        "Integrationskursträger und Flüchtlingsberatungsstellen kooperieren",
    ],
    "Interkulturelle Öffnung": [
        "Bestandserhebung mit allen Beteiligten verabreden",
        "Personal und Geld für die Erhebung bereitstellen",
        "Rechtssicherheit schaffen (Betriebsvereinbarung, Dienstanweisung)",
        "Bereitschaft bei Mitarbeitern schaffen",
        "nicht nur den Rhein-Kreis Neuss, sondern auch alle kreisangehörigen Städte und Gemeinden einbeziehen (→ alle "
        "Mitarbeiter, Personalvertretung, Datensicherheitsbeauftragte, Personalverwaltung, Verwaltungsspitze, Politik)",
        "Migrantenförderplan analog Frauenförderplan (inkl. Controlling) einrichten und Einrichtung einer Stelle "
        "analog der Gleichstellungsstelle oder Aufgaben in der Person der Gleichstellungsbeauftragten vereinbaren",
    ],
    "Partizipation": [],
    "Willkommenskultur": [],
}

CONSIDERATIONS = [
    "„Info-Team“",
    "Amt für Statistik",
    "Schulverwaltung",
    "Schulaufsicht",
    "Stipendiat",
    "Schulleitung",
    "Unternehmen",
    "Schulen",
    "Rahmen",
    "Musik",
    "Motto (z.B. frei nach der Musikgruppe Revolverheld „Das geht raus an alle Spinner, wir sind die Gewinner...“)",
    "Moderation",
    "Übersicht über die Beratungsmöglichkeiten",
]

ALTENPFLEGE_PURPOSE = (
    "Durch die Maßnahmen soll die Situation für Migranten in Pflegeheimen und in der ambulanten Pflege verbessert "
    "werden."
)

COUNTED_MODELS = [
    Concept,
    FieldOfAction,
    GuidingGoal,
    AnnualGoal,
    Indicator,
    IndicatorTarget,
    Measure,
    MeasureBudget,
    Milestone,
    Evaluation,
    SelfAssessment,
    Observation,
    ObservationImport,
]


@pytest.fixture
def concept(db):
    call_command("demo")
    return Concept.objects.get(body__ags=KREIS_AGS, title=TITLE)


def _measure(concept, title):
    return concept.measures.get(title=title)


def _indicator(name):
    return Indicator.objects.get(body__ags=KREIS_AGS, name=name)


@pytest.mark.django_db
def test_concept_is_adopted_by_the_kreistag(concept):
    assert concept.status == "adopted"
    assert concept.adopted_on == date(2010, 12, 8)
    assert concept.adopted_by == "Kreistag des Rhein-Kreises Neuss, Beschluss vom 08.12.2010"
    assert concept.mission_statement.startswith("Raus aus der „Nische“ – Integrationspolitik strategisch steuern!")
    assert "Zielorientierung vor Maßnahmenentwicklung" in concept.mission_statement
    assert "„Wo will ich hin? Welche Ziele will ich überhaupt erreichen?“" in concept.mission_statement
    assert concept.cycle_phase == "analysis"
    assert Concept.objects.filter(body__ags=KREIS_AGS).count() == 1


@pytest.mark.django_db
def test_six_fields_with_their_points_in_order(concept):
    fields = list(concept.fields.order_by("order").values_list("order", "title", "priority_points"))
    assert fields == [(order, title, points) for order, (title, points) in enumerate(FIELDS, start=1)]


@pytest.mark.django_db
def test_guiding_goals_per_field(concept):
    counts = {field.title: field.guiding_goals.count() for field in concept.fields.all()}
    assert counts == {
        "Bildung": 3,
        "Arbeit": 3,
        "Sprache": 3,
        "Partizipation": 0,
        "Interkulturelle Öffnung": 3,
        "Willkommenskultur": 0,
    }
    empty = concept.fields.filter(title__in=["Partizipation", "Willkommenskultur"])
    assert not AnnualGoal.objects.filter(field__in=empty).exists()
    assert not Measure.objects.filter(field__in=empty).exists()


@pytest.mark.django_db
def test_every_leitziel_and_jahresziel_is_there_as_written_and_in_place(concept):
    for field_title, goals in GOALS.items():
        field = concept.fields.get(title=field_title)
        leitziele = [text for text in goals if text is not None]
        assert list(field.guiding_goals.order_by("order").values_list("text", flat=True)) == leitziele
        for leitziel, jahresziele in goals.items():
            annual = field.annual_goals.filter(guiding_goal__text=leitziel) if leitziel else field.annual_goals
            if leitziel is None:
                annual = annual.filter(guiding_goal__isnull=True)
            assert list(annual.order_by("order").values_list("text", flat=True)) == jahresziele, leitziel
        total = sum(len(jahresziele) for jahresziele in goals.values())
        assert field.annual_goals.count() == total
    assert AnnualGoal.objects.filter(field__concept=concept).count() == 18
    assert set(AnnualGoal.objects.filter(field__concept=concept).values_list("year_start", flat=True)) == {2011}


@pytest.mark.django_db
def test_vollbeschaeftigung_has_its_minimum(concept):
    goal = GuidingGoal.objects.get(field__concept=concept, text="Vollbeschäftigung")
    assert goal.field.title == "Arbeit" and goal.order == 1
    assert goal.minimum_statement == (
        "Die Arbeitslosenquote der Migranten entspricht der Arbeitslosenquote des Bevölkerungsdurchschnittes."
    )


@pytest.mark.django_db
def test_altenpflege_and_raa(concept):
    altenpflege = AnnualGoal.objects.get(field__concept=concept, text__contains="Altenpflegeseminaren")
    assert altenpflege.guiding_goal is not None and altenpflege.guiding_goal.text == "Vollbeschäftigung"
    raa_goal = AnnualGoal.objects.get(field__concept=concept, text="Ausbau der Schulberatungsstelle RAA")
    assert raa_goal.field.title == "Bildung"
    assert raa_goal.guiding_goal is not None
    assert raa_goal.guiding_goal.text == "Alle Eltern kennen und verstehen das deutsche Bildungssystem."
    raa = _indicator("RAA ist installiert")
    assert raa.kind == "milestone"
    target = raa.targets.get()
    assert (target.kind, target.due_date) == ("done", None)
    assert list(raa.guiding_goals.values_list("text", flat=True)) == [
        "Der Rhein-Kreis Neuss ist und bleibt ein leistungsstarker Wirtschaftsstandort."
    ]
    application = _measure(concept, "der Antrag auf Einrichtung einer RAA ist (wird aktuell) gestellt")
    assert application.status == "running"
    support = _measure(concept, "Unterstützung durch Schulen, BBZ, Verbände wird bei der Umsetzung eingefordert")
    assert support.involved_actors == "Schulen, BBZ, Verbände"


@pytest.mark.django_db
def test_every_indicator_is_there_as_written_and_linked(concept):
    names = set(Indicator.objects.filter(body__ags=KREIS_AGS).values_list("name", flat=True))
    assert names == set(INDICATORS)
    for name in INDICATORS:
        indicator = _indicator(name)
        assert indicator.guiding_goals.exists() or indicator.annual_goals.exists(), name
        assert indicator.targets.count() == 1, name
    # The Interkulturelle Öffnung indicators hang on the field's Jahresziele (the seed names no Leitziel for them).
    trained = _indicator("je 10 % der Mitarbeiter mit Publikumskontakt werden geschult")
    assert set(trained.annual_goals.values_list("text", flat=True)) == {
        "Fortbildung (Weiterbildung) von Mitarbeitern in Fremdsprachen",
        "Fortbildung in interkultureller Kompetenz",
    }


@pytest.mark.django_db
def test_targets_and_deadlines(concept):
    concept_target = _indicator("Konzeptentwicklung incl. bedarfsgerechter Förderung bis 30.06.2011").targets.get()
    assert concept_target.indicator.kind == "milestone"
    assert (concept_target.kind, concept_target.due_date, concept_target.due_label) == (
        "done",
        date(2011, 6, 30),
        "bis 30.06.2011",
    )
    for name in (
        "Daten liegen bis Dezember 2011 vor",
        "Abschluss der Betriebsvereinbarung liegt bis Dezember 2011 vor",
    ):
        target = _indicator(name).targets.get()
        assert target.indicator.kind == "milestone"
        assert (target.kind, target.due_date, target.due_label) == ("done", date(2011, 12, 31), "bis Dezember 2011")

    events = _indicator(INDICATORS[5]).targets.get()
    assert events.indicator.kind == "count"
    assert (events.kind, events.value, events.due_date, events.due_label) == (
        "minimum",
        Decimal(10),
        date(2011, 12, 31),
        "bis Ende 2011",
    )
    courses = _indicator("im gesamten Kreisgebiet werden mindestens drei niederschwellige Kurse angeboten")
    assert (courses.kind, courses.targets.get().kind, courses.targets.get().value) == ("count", "minimum", Decimal(3))

    trained = _indicator("je 10 % der Mitarbeiter mit Publikumskontakt werden geschult")
    target = trained.targets.get()
    assert (trained.kind, trained.unit, target.kind, target.value) == ("quantitative", "%", "value", Decimal(10))
    assert target.description == "je 10 % der Mitarbeiter mit Publikumskontakt werden geschult"

    statistic = _indicator("statistischer Wert (Steigerung um X %)")
    assert statistic.kind == "quantitative"
    assert (statistic.targets.get().kind, statistic.targets.get().description) == ("open", "Steigerung um X %")

    for name in (
        "Anzahl der Mütter mit U 3- Kindern steigt in den Integrationskursen",
        "Anzahl der Flüchtlinge steigt in den Integrationskursen",
    ):
        indicator = _indicator(name)
        assert (indicator.kind, indicator.polarity, indicator.targets.get().kind) == ("count", "up", "open")

    milestone = Milestone.objects.get(measure__concept=concept, due_date=date(2011, 6, 30))
    assert milestone.measure.title == "Brainstorming, Positionierung, erste Konzeptentwicklung, politische Entscheidung"


@pytest.mark.django_db
def test_every_measure_is_there_as_written_and_linked_to_a_goal(concept):
    for field_title, titles in MEASURES.items():
        field = concept.fields.get(title=field_title)
        assert list(field.measures.order_by("order").values_list("title", flat=True)) == titles
    assert concept.measures.count() == sum(len(titles) for titles in MEASURES.values()) == 21
    for measure in concept.measures.all():
        assert measure.guiding_goals.exists() or measure.annual_goals.exists(), measure.title
        assert measure.field is not None
    # The unbulleted continuation line of the seed is the description of the measure above it.
    include_all = concept.measures.get(title__startswith="nicht nur den Rhein-Kreis Neuss")
    assert include_all.description == (
        "evtl. auch Empfänger öffentlicher Mittel wie Verbände und Eigenbetriebe/Tochterbetriebe einbeziehen"
    )
    statuses = dict(concept.measures.values_list("title", "status"))
    assert {status for title, status in statuses.items() if "RAA ist (wird aktuell)" not in title} == {"planned"}


@pytest.mark.django_db
def test_measures_keep_owner_actors_and_purpose(concept):
    regie = _measure(concept, "Wirtschaftsförderung übernimmt Regie, lädt Beteiligte ein, Bestandsaufnahme")
    assert regie.lead_owner == "Wirtschaftsförderung"
    assert set(concept.measures.exclude(lead_owner="").values_list("lead_owner", flat=True)) == {"Wirtschaftsförderung"}
    partners = _measure(concept, MEASURES["Arbeit"][6])
    assert partners.involved_actors == (
        "Wirtschaftsförderung, Kommunen, Partnerstädte, IHK, KHS, Handwerkskammer, Konsulate, Politik"
    )
    talks = _measure(concept, MEASURES["Arbeit"][2])
    assert talks.involved_actors == "Agentur, Jobcenter, Organisatoren der Altenpflegeseminare, Arbeitgeber"
    cooperation = _measure(concept, "Integrationskursträger und Flüchtlingsberatungsstellen kooperieren")
    assert "Integrationskursträger" in cooperation.involved_actors
    assert "Flüchtlingsberatungsstellen" in cooperation.involved_actors
    altenpflege = AnnualGoal.objects.get(field__concept=concept, text__contains="Altenpflegeseminaren")
    assert list(altenpflege.measures.values_list("description", flat=True)) == [ALTENPFLEGE_PURPOSE] * 4
    for title in MEASURES["Arbeit"][:4]:
        assert _measure(concept, title).guiding_goals.get().text == "Vollbeschäftigung"
    assert _measure(concept, "Zeitressourcen müssen zur Verfügung gestellt werden").staff_time


@pytest.mark.django_db
def test_budget_of_the_language_courses(concept):
    line = MeasureBudget.objects.get(measure__concept=concept)
    assert line.measure.title == MEASURES["Sprache"][0]
    assert (line.amount, line.amount_max) == (Decimal(600), Decimal(1200))
    assert line.basis == "pro Teilnehmer, zzgl. Fahrtkosten und Material"


@pytest.mark.django_db
def test_the_thirteen_considerations(concept):
    measure = _measure(
        concept, "schülergerechte Infoveranstaltung in allen weiterführenden Schulen zur demografischen Entwicklung"
    )
    assert measure.field.title == "Bildung"
    assert measure.consideration_list == CONSIDERATIONS
    assert len(measure.consideration_list) == 13
    assert "Revolverheld „Das geht raus an alle Spinner, wir sind die Gewinner...“" in measure.considerations
    assert list(measure.annual_goals.values_list("text", flat=True)) == [measure.title]
    assert concept.measures.exclude(considerations="").count() == 1


@pytest.mark.django_db
def test_ten_recommendations_rated_for_2011(concept):
    rows = SelfAssessment.objects.filter(body__ags=KREIS_AGS)
    assert rows.count() == 10
    assert set(rows.values_list("year", flat=True)) == {2011}
    assert set(rows.values_list("recommendation", flat=True)) == set(range(1, 11))
    for row in rows:
        assert 0 <= row.rating <= 4 and row.note.strip()
    assert rows.get(recommendation=1).rating >= 3


@pytest.mark.django_db
def test_invented_values_are_marked_as_demo(concept):
    # The strategy demo's own values: the Kreis's totals (reporting's demo adds invented values by municipality).
    observations = Observation.objects.filter(indicator__body__ags=KREIS_AGS, area_ags="", breakdown_key="")
    assert observations.count() >= 12
    assert set(observations.values_list("note", flat=True)) == {"Demowert"}
    assert set(observations.values_list("source", flat=True)) == {"Demodaten (fiktiv)"}
    every_value = Observation.objects.filter(indicator__body__ags=KREIS_AGS).values_list("source", flat=True)
    assert all(source.startswith("Demodaten (fiktiv)") for source in every_value)
    assert observations.values("indicator").distinct().count() == 3
    with_baseline = Indicator.objects.filter(body__ags=KREIS_AGS, baseline_value__isnull=False)
    assert with_baseline.count() == 1
    assert "Demowert" in with_baseline.get().baseline_note
    evaluation = Evaluation.objects.get(concept=concept)
    assert evaluation.review_date.year == 2012
    assert evaluation.measure is not None
    assert evaluation.measure.title == "der Antrag auf Einrichtung einer RAA ist (wird aktuell) gestellt"
    assert evaluation.comment.startswith("Demobewertung")
    assert evaluation.reviewer is not None
    assert evaluation.reviewer.email == "ki@querschnitt.example"


@pytest.mark.django_db
def test_demo_twice_creates_no_duplicates(concept):
    before = {model.__name__: model._default_manager.count() for model in COUNTED_MODELS}
    call_command("demo")
    after = {model.__name__: model._default_manager.count() for model in COUNTED_MODELS}
    assert after == before
    # Other apps' demos add small concepts of other bodies (reporting's comparison); the seed's is the Kreis's.
    assert Concept.objects.filter(body__ags=KREIS_AGS).count() == 1
    assert Measure.objects.filter(concept__body__ags=KREIS_AGS).count() == 21


def test_measures_name_their_actors_as_records(concept):
    """Issue 6, point 2: every actor the seed names for a measure is a record of the network, the text stays."""
    talks = concept.measures.get(title__startswith="Abstimmungsgespräche zwischen Agentur")
    assert {actor.name for actor in talks.actors.all()} == {
        "Agentur für Arbeit",
        "Jobcenter (ARGE) im Rhein-Kreis Neuss",
        "Organisatoren der Altenpflegeseminare",
        "Arbeitgeber der Altenpflege (Pflegeheime und ambulante Pflege)",
    }
    assert talks.involved_actors == "Agentur, Jobcenter, Organisatoren der Altenpflegeseminare, Arbeitgeber"
    lead = concept.measures.get(title__startswith="Wirtschaftsförderung übernimmt Regie")
    assert lead.lead_actor.name == "Wirtschaftsförderung des Rhein-Kreises Neuss"
    platform = concept.measures.get(title__startswith="Wirtschaftsförderung, Kommunen, Partnerstädte")
    assert {"Industrie- und Handelskammer", "Kreishandwerkerschaft", "Handwerkskammer", "Konsulate"} <= {
        actor.name for actor in platform.actors.all()
    }
    arbeit = concept.fields.get(title="Arbeit")
    assert arbeit.actors.filter(name="Agentur für Arbeit").exists()
