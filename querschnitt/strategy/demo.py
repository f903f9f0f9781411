"""Demo integration concept: the real workshop result of the Rhein-Kreis Neuss (seed 004), complete and as written.

Every Leitziel, Jahresziel, Indikator and Maßnahme of the seed's "Kurzfassung der Ergebnisse" is here with the
seed's own wording; the data below is a transcription, not an invention. Two normalisations only: the line-break
hyphen in "Altenpflege-seminare" (a typesetting artefact of the source PDF) is joined, and the unbulleted line
"evtl. auch Empfänger öffentlicher Mittel …" is read as the continuation of the bullet above it (its description).
Spelling of the source ("Willkommenkultur", "spiegelt … wieder", "der aktuelle Situation") is kept.

What the seed does not say is not made up. The only invented numbers are a few demo observations, one baseline and
one evaluation, each marked as such ("Demowert", "Demodaten (fiktiv)", "Demobewertung"), so that the charts and the
progress calculation have something to show.

The seed's other parts (dot vote, AG Prozess-Steuerung, Steuerungsgruppe Integration, Integrationsgipfel, the
Kreistag's decision as a paper) belong to the participation, network and committees apps and their demo modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from querschnitt.network.models import Actor

from .actor_links import match_actors
from .catalogue import load_catalogue
from .models import (
    AnnualGoal,
    Concept,
    ConceptStatus,
    CyclePhase,
    EvaluationDecision,
    FieldOfAction,
    GuidingGoal,
    Indicator,
    IndicatorCatalogueEntry,
    IndicatorKind,
    MeasureStatus,
    Polarity,
    ProgressStatus,
    Recommendation,
    TargetKind,
    TrafficLight,
)
from .services import (
    ObservationRow,
    annual_goal_create,
    concept_create,
    evaluation_create,
    field_of_action_create,
    field_of_action_update,
    guiding_goal_create,
    indicator_create,
    indicator_target_create,
    indicator_update,
    measure_budget_create,
    measure_create,
    measure_update,
    milestone_create,
    observations_upsert,
    self_assessment_set,
)

CONCEPT_TITLE = "Integrationskonzept Rhein-Kreis Neuss"
ADOPTED_BY = "Kreistag des Rhein-Kreises Neuss, Beschluss vom 08.12.2010"
ADOPTED_ON = date(2010, 12, 8)
# The Jahresziele are those of the workshop (20.09.2010 – 05.04.2011); its own deadlines all lie in 2011.
GOAL_YEAR = 2011

DEMO_NOTE = "Demowert"
DEMO_SOURCE = "Demodaten (fiktiv)"

MISSION_STATEMENT = """\
Raus aus der „Nische“ – Integrationspolitik strategisch steuern!

Zielorientierung vor Maßnahmenentwicklung: Der Entwurf der Leitbilder steht an erster Stelle des Zirkels. Das \
gesamte Handeln ist unter der Überschrift „Wo will ich hin? Welche Ziele will ich überhaupt erreichen?“ einzuordnen. \
Diese Ziele darf man auch im weiteren Verlauf nicht aus den Augen verlieren.

Nach der Entwicklung der Leitbilder und Ziele ist eine Analyse der Ist-Situation durchzuführen, indem ein \
Berichtswesen erarbeitet und Daten erhoben werden. Nach Auswertung dieser Daten können Handlungskonzepte und daraus \
folgend konkrete Maßnahmen entwickelt werden. Um die Wirkung der Maßnahmen und die Erreichung der Ziele zu \
überprüfen, ist im letzten Schritt eine Evaluation notwendig. Je nach Ergebnis sind die Maßnahmen zu hinterfragen, \
nachzubessern, zu verändern oder zu verstärken.

Die Leitziele, Jahresziele und Maßnahmen wurden im Integrationsworkshop (20.09.2010, 05.11.2010, 06.11.2010 und \
05.04.2011) in Gruppenarbeit für die weitere Integrationsarbeit im Rhein-Kreis Neuss entwickelt. Alle Teilnehmer \
haben das Ergebnis einstimmig mitgetragen."""

NO_GOALS_YET = (
    "In der Punktabfrage des Integrationsworkshops mit {points} Punkten bewertet. Die Kurzfassung der "
    "Workshopergebnisse enthält für dieses Handlungsfeld keine Leitziele, Jahresziele oder Maßnahmen."
)

ALTENPFLEGE_PURPOSE = (
    "Durch die Maßnahmen soll die Situation für Migranten in Pflegeheimen und in der ambulanten Pflege verbessert "
    "werden."
)

SCHOOL_EVENT = "schülergerechte Infoveranstaltung in allen weiterführenden Schulen zur demografischen Entwicklung"

SCHOOL_EVENT_CONSIDERATIONS = [
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


# --- The seed as data ----------------------------------------------------------------------------------------------
# Annual goals are referred to by their text within their scope (a guiding goal, or the field for annual goals that
# the seed lists without a guiding goal); guiding goals by their number in the field.


@dataclass(frozen=True)
class TargetSpec:
    kind: str
    value: Decimal | None = None
    due_date: date | None = None
    due_label: str = ""
    description: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    kind: str
    target: TargetSpec
    annual: tuple[str, ...] = ()
    unit: str = ""
    polarity: str = Polarity.UP
    definition: str = ""
    numerator: str = ""
    denominator: str = ""


@dataclass(frozen=True)
class BudgetSpec:
    amount: Decimal
    amount_max: Decimal | None = None
    basis: str = ""


@dataclass(frozen=True)
class MilestoneSpec:
    title: str
    due_date: date | None = None


@dataclass(frozen=True)
class MeasureSpec:
    title: str
    annual: tuple[str, ...] = ()
    guiding: tuple[int, ...] = ()  # only for measures listed at field level
    description: str = ""
    considerations: tuple[str, ...] = ()
    lead_owner: str = ""
    involved_actors: str = ""
    target_group: str = ""
    staff_time: str = ""
    status: str = MeasureStatus.PLANNED
    budget: BudgetSpec | None = None
    milestones: tuple[MilestoneSpec, ...] = ()


@dataclass(frozen=True)
class GuidingGoalSpec:
    text: str
    minimum_statement: str = ""
    annual: tuple[str, ...] = ()
    indicators: tuple[IndicatorSpec, ...] = ()
    measures: tuple[MeasureSpec, ...] = ()


@dataclass(frozen=True)
class FieldSpec:
    title: str
    points: int
    description: str = ""
    guiding: tuple[GuidingGoalSpec, ...] = ()
    # Annual goals, indicators and measures the seed lists after several guiding goals without saying to which.
    annual: tuple[str, ...] = ()
    indicators: tuple[IndicatorSpec, ...] = ()
    measures: tuple[MeasureSpec, ...] = ()


def _milestone_target(label: str, due: date | None, description: str) -> TargetSpec:
    return TargetSpec(kind=TargetKind.DONE, due_date=due, due_label=label, description=description)


END_OF_2011 = date(2011, 12, 31)

BILDUNG = FieldSpec(
    title="Bildung",
    points=30,
    guiding=(
        GuidingGoalSpec(text="Qualifizierte Schulabschlüsse für alle Kinder und Jugendliche"),
        GuidingGoalSpec(
            text="Alle Eltern kennen und verstehen das deutsche Bildungssystem.",
            annual=(
                "Infoveranstaltung in jeder Kommune des Rhein-Kreises Neuss",
                "Ausbau der Schulberatungsstelle RAA",
            ),
        ),
        GuidingGoalSpec(
            text="Alle Schüler glauben an die Möglichkeit einer positiven/erfolgreichen Schullaufbahn.",
            annual=(SCHOOL_EVENT, "Aufnahme in das Lehrerfortbildungsprogramm des Rhein-Kreises Neuss"),
            indicators=(
                IndicatorSpec(
                    name="alle Schulen halten eine Infoveranstaltung",
                    kind=IndicatorKind.QUANTITATIVE,
                    unit="%",
                    definition=f"Anteil der weiterführenden Schulen, die eine {SCHOOL_EVENT} gehalten haben.",
                    numerator="weiterführende Schulen, die eine Infoveranstaltung gehalten haben",
                    denominator="alle weiterführenden Schulen im Rhein-Kreis Neuss",
                    target=TargetSpec(
                        kind=TargetKind.VALUE,
                        value=Decimal(100),
                        description="alle Schulen halten eine Infoveranstaltung",
                    ),
                    annual=(SCHOOL_EVENT,),
                ),
            ),
            measures=(
                MeasureSpec(
                    title=SCHOOL_EVENT,
                    annual=(SCHOOL_EVENT,),
                    considerations=tuple(SCHOOL_EVENT_CONSIDERATIONS),
                    target_group="Schüler der weiterführenden Schulen",
                ),
            ),
        ),
    ),
)

ALTENPFLEGE = "Steigerung der Teilnehmer mit Migrationshintergrund (Türkei,...) in Altenpflegeseminaren"
FACHKRAEFTE = "Informationsaufbereitung für (ausländische) Unternehmen auf einer Plattform"
UEBERGANG = (
    "Verbesserung der Zusammenarbeit im Rahmen des Übergangs von Schule und Beruf unter Einbeziehung aller Akteure"
)
ALTENPFLEGE_INDICATOR = "statistischer Wert (Steigerung um X %)"
CONCEPT_INDICATOR = "Konzeptentwicklung incl. bedarfsgerechter Förderung bis 30.06.2011"
RAA_APPLICATION = "der Antrag auf Einrichtung einer RAA ist (wird aktuell) gestellt"

ARBEIT = FieldSpec(
    title="Arbeit",
    points=17,
    guiding=(
        GuidingGoalSpec(
            text="Vollbeschäftigung",
            minimum_statement=(
                "Die Arbeitslosenquote der Migranten entspricht der Arbeitslosenquote des Bevölkerungsdurchschnittes."
            ),
            annual=(ALTENPFLEGE,),
            indicators=(
                IndicatorSpec(
                    name=ALTENPFLEGE_INDICATOR,
                    kind=IndicatorKind.QUANTITATIVE,
                    unit="Teilnehmende",
                    definition="Teilnehmer mit Migrationshintergrund (Türkei,...) in Altenpflegeseminaren",
                    target=TargetSpec(kind=TargetKind.OPEN, description="Steigerung um X %"),
                    annual=(ALTENPFLEGE,),
                ),
            ),
            measures=(
                MeasureSpec(
                    title="Datenanalyse/ Bestandsaufnahme der aktuelle Situation",
                    annual=(ALTENPFLEGE,),
                    description=ALTENPFLEGE_PURPOSE,
                ),
                MeasureSpec(
                    title="Entwicklung einer möglichen Steigerungsrate →Umsetzung",
                    annual=(ALTENPFLEGE,),
                    description=ALTENPFLEGE_PURPOSE,
                ),
                MeasureSpec(
                    title=(
                        "Abstimmungsgespräche zwischen Agentur, Jobcenter, Organisatoren der Altenpflegeseminare, "
                        "Arbeitgeber"
                    ),
                    annual=(ALTENPFLEGE,),
                    description=ALTENPFLEGE_PURPOSE,
                    involved_actors="Agentur, Jobcenter, Organisatoren der Altenpflegeseminare, Arbeitgeber",
                ),
                MeasureSpec(
                    title="Zeitressourcen müssen zur Verfügung gestellt werden",
                    annual=(ALTENPFLEGE,),
                    description=ALTENPFLEGE_PURPOSE,
                    staff_time="Zeitressourcen (Umfang im Workshop nicht beziffert)",
                ),
            ),
        ),
        GuidingGoalSpec(
            text="Der Rhein-Kreis Neuss ist Anziehungspunkt für internationale Fachkräfte.",
            annual=(FACHKRAEFTE,),
            indicators=(
                IndicatorSpec(
                    name=CONCEPT_INDICATOR,
                    kind=IndicatorKind.MILESTONE,
                    target=_milestone_target(
                        "bis 30.06.2011", date(2011, 6, 30), "Konzeptentwicklung incl. bedarfsgerechter Förderung"
                    ),
                    annual=(FACHKRAEFTE,),
                ),
            ),
            measures=(
                MeasureSpec(
                    title="Wirtschaftsförderung übernimmt Regie, lädt Beteiligte ein, Bestandsaufnahme",
                    annual=(FACHKRAEFTE,),
                    lead_owner="Wirtschaftsförderung",
                ),
                MeasureSpec(
                    title="Brainstorming, Positionierung, erste Konzeptentwicklung, politische Entscheidung",
                    annual=(FACHKRAEFTE,),
                    milestones=(MilestoneSpec("Konzept incl. bedarfsgerechter Förderung steht", date(2011, 6, 30)),),
                ),
                MeasureSpec(
                    title=(
                        "Wirtschaftsförderung, Kommunen, Partnerstädte, IHK, KHS, Handwerkskammer, Konsulate, "
                        "Politik als Entscheider... müssen einbezogen werden"
                    ),
                    annual=(FACHKRAEFTE,),
                    involved_actors=(
                        "Wirtschaftsförderung, Kommunen, Partnerstädte, IHK, KHS, Handwerkskammer, Konsulate, Politik"
                    ),
                ),
                MeasureSpec(
                    title="Zeit- und Geldressourcen müssen zur Verfügung gestellt werden",
                    annual=(FACHKRAEFTE,),
                    staff_time="Zeitressourcen (Umfang im Workshop nicht beziffert)",
                ),
                MeasureSpec(
                    title="Einbeziehung von Partnerstädten und erfolgreichen ausländischen Unternehmen",
                    annual=(FACHKRAEFTE,),
                    involved_actors="Partnerstädte, erfolgreiche ausländische Unternehmen",
                ),
            ),
        ),
        GuidingGoalSpec(
            text="Der Rhein-Kreis Neuss ist und bleibt ein leistungsstarker Wirtschaftsstandort.",
            annual=(UEBERGANG,),
            indicators=(
                IndicatorSpec(
                    name="RAA ist installiert",
                    kind=IndicatorKind.MILESTONE,
                    target=_milestone_target("", None, "RAA ist installiert"),
                    annual=(UEBERGANG,),
                ),
            ),
            measures=(
                MeasureSpec(title=RAA_APPLICATION, annual=(UEBERGANG,), status=MeasureStatus.RUNNING),
                MeasureSpec(
                    title="Unterstützung durch Schulen, BBZ, Verbände wird bei der Umsetzung eingefordert",
                    annual=(UEBERGANG,),
                    involved_actors="Schulen, BBZ, Verbände",
                ),
                MeasureSpec(
                    title=(
                        "bei der Personalbesetzung der RAA wird darauf geachtet, dass die Beschäftigten zum Teil einen "
                        "Migrationshintergrund besitzen"
                    ),
                    annual=(UEBERGANG,),
                ),
            ),
        ),
    ),
)

ERSTSPRACHEN_ERFASSUNG = "Erfassung der Maßnahmen zur Förderung der Erstsprachen"
PUBLICITY = "Öffentlichkeitsarbeit/Bekanntmachung der Maßnahmen"
DEUTSCH_ERFASSUNG = "Erfassung der Maßnahmen zum Erwerb der deutschen Sprache"
LOW_THRESHOLD = "Einrichtung niederschwelliger Kurse für bestimmte Zielgruppen"
REFUGEES = "Möglichkeit für Flüchtlinge schaffen, an den Integrationskursen teilzunehmen"
CHILDCARE = "Kinderbetreuung für Teilnehmer an den Integrationskursen sichern"
REFUGEE_INDICATOR = "Anzahl der Flüchtlinge steigt in den Integrationskursen"
MOTHERS_INDICATOR = "Anzahl der Mütter mit U 3- Kindern steigt in den Integrationskursen"
BUDGET_MEASURE = (
    "Die Kommunen werden durch Anträge der Integrationsräte dazu bewegt, Gelder in den Haushalt einzuplanen "
    "(Ablauf: Integrationsrat, Sozialausschuss, Stadtrat) → Budget! (600 – 1.200 € + Fahrtkosten + Material pro "
    "Teilnehmer)"
)

SPRACHE = FieldSpec(
    title="Sprache",
    points=15,
    guiding=(
        GuidingGoalSpec(text="Jeder Zuwanderer lernt Deutsch."),
        GuidingGoalSpec(
            text="Die Erstsprachen werden gefördert.",
            annual=(ERSTSPRACHEN_ERFASSUNG, PUBLICITY),
            indicators=(
                IndicatorSpec(
                    name="Datenmaterial über die Erfassungen",
                    kind=IndicatorKind.MILESTONE,
                    target=_milestone_target("", None, "Datenmaterial über die Erfassungen"),
                    annual=(ERSTSPRACHEN_ERFASSUNG,),
                ),
                IndicatorSpec(
                    name=(
                        "Im gesamten Kreisgebiet werden bis Ende 2011 mindestens 10 Infoveranstaltungen in "
                        "Vereinen,... durchgeführt"
                    ),
                    kind=IndicatorKind.COUNT,
                    unit="Infoveranstaltungen",
                    target=TargetSpec(
                        kind=TargetKind.MINIMUM,
                        value=Decimal(10),
                        due_date=END_OF_2011,
                        due_label="bis Ende 2011",
                        description="mindestens 10 Infoveranstaltungen in Vereinen,... im gesamten Kreisgebiet",
                    ),
                    annual=(PUBLICITY,),
                ),
            ),
        ),
        GuidingGoalSpec(
            text="Auch für Flüchtlinge wird die Möglichkeit zum Erwerb der deutschen Sprache geschaffen.",
            # The seed lists these in two groups; both are the Jahresziele of Leitziel 3.
            annual=(DEUTSCH_ERFASSUNG, PUBLICITY, LOW_THRESHOLD, REFUGEES, CHILDCARE),
            indicators=(
                IndicatorSpec(
                    name=MOTHERS_INDICATOR,
                    kind=IndicatorKind.COUNT,
                    unit="Personen",
                    target=TargetSpec(kind=TargetKind.OPEN, description=MOTHERS_INDICATOR),
                    annual=(CHILDCARE,),
                ),
                IndicatorSpec(
                    name="im gesamten Kreisgebiet werden mindestens drei niederschwellige Kurse angeboten",
                    kind=IndicatorKind.COUNT,
                    unit="Kurse",
                    target=TargetSpec(
                        kind=TargetKind.MINIMUM,
                        value=Decimal(3),
                        description="mindestens drei niederschwellige Kurse im gesamten Kreisgebiet",
                    ),
                    annual=(LOW_THRESHOLD,),
                ),
                IndicatorSpec(
                    name=REFUGEE_INDICATOR,
                    kind=IndicatorKind.COUNT,
                    unit="Personen",
                    target=TargetSpec(kind=TargetKind.OPEN, description=REFUGEE_INDICATOR),
                    annual=(REFUGEES,),
                ),
            ),
            measures=(
                MeasureSpec(
                    title=BUDGET_MEASURE,
                    annual=(LOW_THRESHOLD, REFUGEES),
                    involved_actors="Kommunen, Integrationsräte, Sozialausschuss, Stadtrat",
                    budget=BudgetSpec(
                        amount=Decimal(600),
                        amount_max=Decimal(1200),
                        basis="pro Teilnehmer, zzgl. Fahrtkosten und Material",
                    ),
                ),
                MeasureSpec(
                    title="Integrationskursträger und Flüchtlingsberatungsstellen kooperieren",
                    annual=(REFUGEES,),
                    involved_actors="Integrationskursträger, Flüchtlingsberatungsstellen",
                    target_group="Flüchtlinge",
                ),
            ),
        ),
    ),
)

INVENTORY = "Bestandserhebung der vorhandenen Potenziale (Migrationshintergrund, Fremdsprachenkenntnisse, etc.)"
AGREEMENT = (
    "Herstellen einer Betriebsvereinbarung auf freiwilliger Basis, dass Mitarbeiter ihre Fremdsprachenkenntnisse "
    "darlegen"
)
LANGUAGE_TRAINING = "Fortbildung (Weiterbildung) von Mitarbeitern in Fremdsprachen"
INTERCULTURAL_TRAINING = "Fortbildung in interkultureller Kompetenz"
TRAINED_INDICATOR = "je 10 % der Mitarbeiter mit Publikumskontakt werden geschult"
DECEMBER_2011 = "bis Dezember 2011"
INCLUDE_ALL = (
    "nicht nur den Rhein-Kreis Neuss, sondern auch alle kreisangehörigen Städte und Gemeinden einbeziehen (→ alle "
    "Mitarbeiter, Personalvertretung, Datensicherheitsbeauftragte, Personalverwaltung, Verwaltungsspitze, Politik)"
)
INCLUDE_RECIPIENTS = (
    "evtl. auch Empfänger öffentlicher Mittel wie Verbände und Eigenbetriebe/Tochterbetriebe einbeziehen"
)
PROMOTION_PLAN = (
    "Migrantenförderplan analog Frauenförderplan (inkl. Controlling) einrichten und Einrichtung einer Stelle analog "
    "der Gleichstellungsstelle oder Aufgaben in der Person der Gleichstellungsbeauftragten vereinbaren"
)

INTERKULTURELLE_OEFFNUNG = FieldSpec(
    title="Interkulturelle Öffnung",
    points=14,
    guiding=(
        GuidingGoalSpec(text="Die Mitarbeiterstruktur spiegelt die gesellschaftliche Wirklichkeit wieder."),
        GuidingGoalSpec(text="Wir schaffen eine Willkommenkultur."),
        GuidingGoalSpec(text="Es findet ein Perspektivwechsel statt, d.h. wir öffnen uns der Interkulturalität."),
    ),
    # Listed after all three Leitziele without saying to which: they stay with the field.
    annual=(INVENTORY, AGREEMENT, LANGUAGE_TRAINING, INTERCULTURAL_TRAINING),
    indicators=(
        IndicatorSpec(
            name="Daten liegen bis Dezember 2011 vor",
            kind=IndicatorKind.MILESTONE,
            target=_milestone_target(DECEMBER_2011, END_OF_2011, "Daten liegen bis Dezember 2011 vor"),
            annual=(INVENTORY,),
        ),
        IndicatorSpec(
            name="Abschluss der Betriebsvereinbarung liegt bis Dezember 2011 vor",
            kind=IndicatorKind.MILESTONE,
            target=_milestone_target(
                DECEMBER_2011, END_OF_2011, "Abschluss der Betriebsvereinbarung liegt bis Dezember 2011 vor"
            ),
            annual=(AGREEMENT,),
        ),
        IndicatorSpec(
            name=TRAINED_INDICATOR,
            kind=IndicatorKind.QUANTITATIVE,
            unit="%",
            numerator="geschulte Mitarbeiter mit Publikumskontakt",
            denominator="Mitarbeiter mit Publikumskontakt",
            target=TargetSpec(kind=TargetKind.VALUE, value=Decimal(10), description=TRAINED_INDICATOR),
            annual=(LANGUAGE_TRAINING, INTERCULTURAL_TRAINING),
        ),
    ),
    measures=(
        MeasureSpec(
            title="Bestandserhebung mit allen Beteiligten verabreden",
            annual=(INVENTORY,),
            milestones=(MilestoneSpec("Daten der Bestandserhebung liegen vor", END_OF_2011),),
        ),
        MeasureSpec(
            title="Personal und Geld für die Erhebung bereitstellen",
            annual=(INVENTORY,),
            staff_time="Personal für die Erhebung (Umfang im Workshop nicht beziffert)",
        ),
        MeasureSpec(
            title="Rechtssicherheit schaffen (Betriebsvereinbarung, Dienstanweisung)",
            annual=(AGREEMENT,),
            milestones=(MilestoneSpec("Betriebsvereinbarung ist abgeschlossen", END_OF_2011),),
        ),
        # Disclosing language skills is voluntary (Jahresziel 2), so it needs the staff's willingness.
        MeasureSpec(title="Bereitschaft bei Mitarbeitern schaffen", annual=(AGREEMENT,)),
        MeasureSpec(
            title=INCLUDE_ALL,
            description=INCLUDE_RECIPIENTS,
            annual=(INVENTORY, AGREEMENT, LANGUAGE_TRAINING, INTERCULTURAL_TRAINING),
            involved_actors=(
                "kreisangehörige Städte und Gemeinden, alle Mitarbeiter, Personalvertretung, "
                "Datensicherheitsbeauftragte, Personalverwaltung, Verwaltungsspitze, Politik; evtl. Empfänger "
                "öffentlicher Mittel wie Verbände und Eigenbetriebe/Tochterbetriebe"
            ),
        ),
        # No Jahresziel covers it; it serves Leitziel 1 (the staff mirrors society) directly.
        MeasureSpec(title=PROMOTION_PLAN, guiding=(1,)),
    ),
)

FIELDS: tuple[FieldSpec, ...] = (
    BILDUNG,
    ARBEIT,
    SPRACHE,
    FieldSpec(
        title="Partizipation",
        points=15,
        description=NO_GOALS_YET.format(points=15),
    ),
    INTERKULTURELLE_OEFFNUNG,
    FieldSpec(
        title="Willkommenskultur",
        points=14,
        description=NO_GOALS_YET.format(points=14)
        + " Siehe auch Leitziel 2 im Handlungsfeld Interkulturelle Öffnung („Wir schaffen eine Willkommenkultur.“).",
    ),
)

# The ten recommendations, rated for 2011 from what the seed reports (0 = not begun … 4 = fully).
SELF_ASSESSMENT_2011: dict[int, tuple[int, str]] = {
    Recommendation.STRATEGY: (
        3,
        "Im Integrationsworkshop (20.09.2010 – 05.04.2011) wurden für Bildung, Arbeit, Sprache und Interkulturelle "
        "Öffnung Leitziele, Jahresziele, Indikatoren und Maßnahmen erarbeitet. Partizipation und Willkommenskultur "
        "haben noch keine Ziele; eine ausführliche Gesamtdokumentation ist vorgesehen.",
    ),
    Recommendation.CROSS_CUTTING: (
        2,
        "Die AG Prozess-Steuerung hat die zu beteiligenden Arbeitsbereiche und Funktionsträger benannt. Die "
        "Organisation soll ein Integrationsbüro beim Rhein-Kreis Neuss übernehmen; die Steuerungsgruppe Integration "
        "ist beschlossen.",
    ),
    Recommendation.POLITICAL_COMMITMENT: (
        3,
        "Alle Teilnehmer haben das Ergebnis einstimmig mitgetragen und es als Votum in den Kreistag gegeben. Der "
        "Kreistag hat am 08.12.2010 einstimmig der Steuerungsgruppe Integration zugestimmt und unterstützt einen "
        "Integrationsgipfel im Jahre 2012.",
    ),
    Recommendation.PARTICIPATION: (
        1,
        "Partizipation erhielt in der Punktabfrage 15 Punkte, hat aber noch keine Ziele. Die Interessen der "
        "Migranten vertreten die Integrationsräte; für Migrantenselbstorganisationen müsste erst noch eine Plattform "
        "geschaffen werden.",
    ),
    Recommendation.NETWORKS: (
        2,
        "Die Steuerungsgruppe Integration (25 Personen) ist beschlossen; eine Bürgermeisterkonferenz mit dem Landrat "
        "besteht. Mehrere Maßnahmen setzen auf Kooperation (Integrationskursträger und Flüchtlingsberatungsstellen; "
        "Schulen, BBZ, Verbände).",
    ),
    Recommendation.LOCAL_PLANNING: (
        1,
        "Geplant wird auf Kreisebene. Vorgesehen sind Infoveranstaltungen in jeder Kommune, die Einbeziehung aller "
        "kreisangehörigen Städte und Gemeinden und ein Integrationsbericht mit Zielgruppenbeschreibung unter Nutzung "
        "der Geodaten.",
    ),
    Recommendation.FIELDS: (
        2,
        "Bildung (30 Punkte), Arbeit (17) und Sprache (15) haben Leitziele, Jahresziele, Indikatoren und Maßnahmen; "
        "die Maßnahmen sind überwiegend geplant. Für Partizipation und Willkommenskultur fehlen noch Ziele.",
    ),
    Recommendation.EMPLOYER: (
        1,
        "Bestandserhebung der Potenziale, freiwillige Betriebsvereinbarung und Fortbildungen sind als Jahresziele "
        "festgelegt, mit Indikatoren bis Dezember 2011; die Umsetzung beginnt erst.",
    ),
    Recommendation.SERVICE_PROVIDER: (
        1,
        "Geplant sind Fortbildungen der Mitarbeiter mit Publikumskontakt (Fremdsprachen, interkulturelle Kompetenz), "
        "niederschwellige Kurse und Kinderbetreuung für Teilnehmer an den Integrationskursen.",
    ),
    Recommendation.MEASURE_SUCCESS: (
        1,
        "Indikatoren sind formuliert, einige noch ohne Zielwert („Steigerung um X %“). Die Evaluation ist der letzte "
        "Schritt des Strategiezirkels; die Steuerungsgruppe soll die Zielerreichung überprüfen.",
    ),
}

# Fictitious yearly values (2011–2016) so that charts and progress have data; every row is marked as demo data.
DEMO_SERIES: dict[str, list[int | str]] = {
    ALTENPFLEGE_INDICATOR: [14, 15, 18, 21, 23, 26],
    REFUGEE_INDICATOR: [4, 6, 9, 15, 120, 380],
    TRAINED_INDICATOR: ["4.0", "7.5", "10.2", "11.0", "9.8", "12.4"],
}
DEMO_YEARS = range(2011, 2017)
# A fictitious baseline before the first year, for the indicator the seed wants raised "um X %".
DEMO_BASELINE = (ALTENPFLEGE_INDICATOR, Decimal(12), date(2010, 12, 31))


# --- Loading -------------------------------------------------------------------------------------------------------


def load(context: dict) -> None:
    """Create the concept of the Rhein-Kreis Neuss once; a second run only puts it into `context`."""
    # The catalogue comes with a data migration; a database emptied since (a flushed test database) gets it back.
    if not IndicatorCatalogueEntry.objects.exists():
        load_catalogue(IndicatorCatalogueEntry)
    kreis = context["kreis"]
    existing = Concept.objects.filter(body=kreis, title=CONCEPT_TITLE).order_by("-version").first()
    if existing is not None:
        context["concept"] = existing
        return

    concept = concept_create(
        actor=None,
        body=kreis,
        title=CONCEPT_TITLE,
        status=ConceptStatus.ADOPTED,
        adopted_on=ADOPTED_ON,
        adopted_by=ADOPTED_BY,
        mission_statement=MISSION_STATEMENT,
        # Goals are set; the seed's next step of the cycle is the analysis (its Bestandsaufnahmen and Erfassungen).
        cycle_phase=CyclePhase.ANALYSIS,
    )
    context["concept"] = concept
    indicators: dict[str, Indicator] = {}
    measures: dict[str, Any] = {}
    for order, spec in enumerate(FIELDS, start=1):
        _load_field(concept, spec, order, indicators, measures)

    _link_actors(concept)

    for recommendation, (rating, note) in SELF_ASSESSMENT_2011.items():
        self_assessment_set(actor=None, body=kreis, year=2011, recommendation=recommendation, rating=rating, note=note)

    _load_demo_values(context, concept, indicators, measures)


def _load_field(
    concept: Concept, spec: FieldSpec, order: int, indicators: dict[str, Indicator], measures: dict[str, Any]
) -> None:
    field_of_action = field_of_action_create(
        actor=None,
        concept=concept,
        title=spec.title,
        order=order,
        priority_points=spec.points,
        description=spec.description,
    )
    guiding_goals: list[GuidingGoal] = []
    for goal_order, goal_spec in enumerate(spec.guiding, start=1):
        goal = guiding_goal_create(
            actor=None,
            field=field_of_action,
            text=goal_spec.text,
            minimum_statement=goal_spec.minimum_statement,
            order=goal_order,
        )
        guiding_goals.append(goal)
        annual = _annual_goals(field_of_action, goal, goal_spec.annual)
        for indicator_spec in goal_spec.indicators:
            _indicator(concept, indicator_spec, [goal], annual, indicators)
        for measure_spec in goal_spec.measures:
            measures[measure_spec.title] = _measure(concept, field_of_action, measure_spec, [goal], annual)

    field_annual = _annual_goals(field_of_action, None, spec.annual)
    for indicator_spec in spec.indicators:
        _indicator(concept, indicator_spec, [], field_annual, indicators)
    for measure_spec in spec.measures:
        linked_guiding = [guiding_goals[number - 1] for number in measure_spec.guiding]
        measures[measure_spec.title] = _measure(concept, field_of_action, measure_spec, linked_guiding, field_annual)


def _annual_goals(field_of_action: FieldOfAction, guiding: GuidingGoal | None, texts: tuple[str, ...]) -> dict:
    return {
        text: annual_goal_create(
            actor=None,
            field=field_of_action,
            guiding_goal=guiding,
            text=text,
            year_start=GOAL_YEAR,
            year_end=GOAL_YEAR,
            order=order,
        )
        for order, text in enumerate(texts, start=1)
    }


def _indicator(
    concept: Concept,
    spec: IndicatorSpec,
    guiding: list[GuidingGoal],
    annual: dict[str, AnnualGoal],
    indicators: dict[str, Indicator],
) -> Indicator:
    linked_annual = [annual[text] for text in spec.annual]
    # Indicators belong to the body and outlive concept versions: reuse one of the same name instead of doubling it.
    indicator = Indicator.objects.filter(body=concept.body, name=spec.name).first()
    if indicator is not None:
        indicator = indicator_update(
            actor=None,
            indicator=indicator,
            guiding_goals=[*indicator.guiding_goals.all(), *guiding],
            annual_goals=[*indicator.annual_goals.all(), *linked_annual],
        )
    else:
        indicator = indicator_create(
            actor=None,
            body=concept.body,
            name=spec.name,
            kind=spec.kind,
            unit=spec.unit,
            polarity=spec.polarity,
            definition=spec.definition,
            numerator=spec.numerator,
            denominator=spec.denominator,
            guiding_goals=guiding,
            annual_goals=linked_annual,
        )
        target = spec.target
        indicator_target_create(
            actor=None,
            indicator=indicator,
            kind=target.kind,
            value=target.value,
            due_date=target.due_date,
            due_label=target.due_label,
            description=target.description,
        )
    indicators[spec.name] = indicator
    return indicator


def _measure(
    concept: Concept,
    field_of_action: FieldOfAction,
    spec: MeasureSpec,
    guiding: list[GuidingGoal],
    annual: dict[str, AnnualGoal],
) -> Any:
    measure = measure_create(
        actor=None,
        concept=concept,
        field=field_of_action,
        title=spec.title,
        description=spec.description,
        considerations="\n".join(spec.considerations),
        lead_owner=spec.lead_owner,
        involved_actors=spec.involved_actors,
        target_group=spec.target_group,
        staff_time=spec.staff_time,
        status=spec.status,
        guiding_goals=guiding,
        annual_goals=[annual[text] for text in spec.annual],
    )
    if spec.budget is not None:
        measure_budget_create(
            actor=None,
            measure=measure,
            amount=spec.budget.amount,
            amount_max=spec.budget.amount_max,
            basis=spec.budget.basis,
        )
    for milestone in spec.milestones:
        milestone_create(actor=None, measure=measure, title=milestone.title, due_date=milestone.due_date)
    return measure


def _load_demo_values(
    context: dict, concept: Concept, indicators: dict[str, Indicator], measures: dict[str, Any]
) -> None:
    """The invented part: observations, one baseline and one evaluation, each labelled as demo data."""
    integration_centre = context["users"]["ki"]
    for name, values in DEMO_SERIES.items():
        indicator = indicators[name]
        rows = [
            ObservationRow(
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                period_label=str(year),
                value=Decimal(value),
                unit=indicator.unit,
                source=DEMO_SOURCE,
                note=DEMO_NOTE,
            )
            for year, value in zip(DEMO_YEARS, values, strict=True)
        ]
        observations_upsert(actor=integration_centre, indicator=indicator, rows=rows, file_name="Demodaten")

    name, value, when = DEMO_BASELINE
    indicator_update(
        actor=None,
        indicator=indicators[name],
        baseline_value=value,
        baseline_date=when,
        baseline_note=f"{DEMO_NOTE} ({DEMO_SOURCE})",
    )

    evaluation_create(
        actor=integration_centre,
        concept=concept,
        subject=measures[RAA_APPLICATION],
        review_date=date(2012, 6, 30),
        traffic_light=TrafficLight.YELLOW,
        progress_status=ProgressStatus.MODERATE,
        decision=EvaluationDecision.KEEP,
        comment=(
            "Demobewertung (fiktiv): Der Antrag auf Einrichtung einer RAA war zum Workshop „aktuell gestellt“. "
            "Der Indikator „RAA ist installiert“ ist noch nicht erfüllt. Die Unterstützung durch Schulen, BBZ, "
            "Verbände wird bei der Umsetzung weiter eingefordert; bei der Personalbesetzung der RAA ist darauf zu "
            "achten, dass die Beschäftigten zum Teil einen Migrationshintergrund besitzen."
        ),
    )


# --- Actors of the measures (the network's demo records of seed 004) ------------------------------------------------
# The seed names actors in its own short words; these are the records they mean. Parts that name no record (such as
# "Politik" or "alle Mitarbeiter") stay text on the measure.
ACTOR_ALIASES = {
    "Agentur": "Agentur für Arbeit",
    "Arbeitgeber": "Arbeitgeber der Altenpflege (Pflegeheime und ambulante Pflege)",
    "Wirtschaftsförderung": "Wirtschaftsförderung des Rhein-Kreises Neuss",
    "Schulen": "Weiterführende Schulen im Rhein-Kreis Neuss",
    "Integrationsräte": "Integrationsräte im Rhein-Kreis Neuss",
    "Sozialausschuss": "Sozial- und Gesundheitsausschuss des Rhein-Kreises Neuss",
    "Integrationskursträger": "Integrationskursträger (u. a. Volkshochschulen)",
}
# Actors the seed names for a measure outside its list of actors (in the considerations or the annual goal).
MEASURE_EXTRA_ACTORS = {
    SCHOOL_EVENT: (
        "Amt für Statistik",
        "Schulverwaltung",
        "Schulaufsicht",
        "Weiterführende Schulen im Rhein-Kreis Neuss",
    ),
    RAA_APPLICATION: ("RAA – Schulberatungsstelle",),
}


def _link_actors(concept: Concept) -> None:
    """Link every measure to the actor records its text names, and every field to the actors of its measures."""
    known = list(Actor.objects.filter(body=concept.body))
    by_name = {actor.name: actor for actor in known}
    for measure in concept.measures.select_related("field"):
        lead, _rest = match_actors(measure.lead_owner, known, ACTOR_ALIASES)
        involved, _rest = match_actors(measure.involved_actors, known, ACTOR_ALIASES)
        involved += [by_name[name] for name in MEASURE_EXTRA_ACTORS.get(measure.title, ()) if name in by_name]
        if lead or involved:
            measure_update(actor=None, measure=measure, lead_actor=lead[0] if lead else None, actors=involved)
    for field in concept.fields.all():
        actors = Actor.objects.filter(
            Q(measures_led__field=field) | Q(measures_involved__field=field), body=concept.body
        ).distinct()
        if actors:
            field_of_action_update(actor=None, field=field, actors=list(actors))
