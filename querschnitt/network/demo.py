"""Demo network of the Rhein-Kreis Neuss (seed 004): its actors and its Steuerungsgruppe Integration.

- The actors are those the seed names — in the measures of its fields of action, in the AG Prozess-Steuerung and in
  the composition the Kreistag decided on 08.12.2010 — with what the seed says about them. No addresses are made
  up (only the place where a name says it); the eight municipalities come from the body list.
- The steering group holds both compositions of the seed exactly: the proposal of the AG Prozess-Steuerung („in
  Klammern: Anzahl der Personen“, 13 lines, at least 35 persons) and the decided table of 25 seats. Its tasks are
  the eleven of the Nachbereitungsveranstaltung; how often each recurs is the demo's reading, not the seed's.
- Invented for the demo, and marked as such: the names of the people on the seats (all seats but one are filled,
  so that the warning for the open seat shows), three contact persons with `@example.org` addresses, and an
  upcoming meeting of the group's committee.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from querschnitt.committees import services_composition as composition
from querschnitt.committees import services_meetings as meetings
from querschnitt.committees.models import Organization, OrganizationKind

from . import services
from .demo_centre import load_centre
from .demo_funding import load_funding
from .demo_offers import load_offers
from .models import Actor, ActorKind, HolderRole, Recurrence, SteeringGroup

BERLIN = ZoneInfo("Europe/Berlin")
GROUP_NAME = "Steuerungsgruppe Integration"
DEMO_NOTE = "Demodaten (fiktiv)"
DECIDED_ON = date(2010, 12, 8)

MSO = "Migrantenselbstorganisation"
WELFARE = "Wohlfahrtsverband"
RELIGION = "Religionsgemeinschaft"
SPORT = "Sportverein/Kreissportbund"
BUSINESS = "Unternehmen/IHK/Handwerkskammer"
JOBS = "Agentur für Arbeit/Jobcenter"
SCHOOL = "Schule/Bildungsträger/VHS"
ADMIN = "Verwaltung/Amt"
POLITICS = "Politik/Fraktion"
INITIATIVE = "Initiative"
OTHER = "Sonstige"

# (key, name, short name, kind, city, description) — the descriptions say what the seed says.
ACTORS = [
    (
        "landrat",
        "Landrat des Rhein-Kreises Neuss",
        "",
        ADMIN,
        "",
        "In der Steuerungsgruppe Integration: Landrat oder Allgemeiner Vertreter. Mit den Bürgermeister/innen in "
        "der Bürgermeisterkonferenz.",
    ),
    (
        "buergermeisterkonferenz",
        "Bürgermeisterkonferenz",
        "",
        ADMIN,
        "",
        "Bürgermeister/innen der kreisangehörigen Kommunen mit dem Landrat – eine der Verbindungen, die es laut "
        "AG Prozess-Steuerung bereits gibt.",
    ),
    (
        "fraktionen",
        "Fraktionen im Kreistag des Rhein-Kreises Neuss",
        "Kreistagsfraktionen",
        POLITICS,
        "",
        "In der Steuerungsgruppe Integration: die Vorsitzenden der Kreistagsfraktionen bzw. deren Vertreter (5 Sitze).",
    ),
    (
        "sga",
        "Sozial- und Gesundheitsausschuss des Rhein-Kreises Neuss",
        "",
        POLITICS,
        "",
        "Hat den Bericht vom Integrationsworkshop beraten; sein Vorsitz gehört der Steuerungsgruppe Integration an.",
    ),
    (
        "integrationsraete",
        "Integrationsräte im Rhein-Kreis Neuss",
        "",
        POLITICS,
        "",
        "Vertreten die Interessen der Migranten. Bewegen die Kommunen durch Anträge dazu, Gelder für "
        "niederschwellige Sprachkurse in den Haushalt einzuplanen (Ablauf: Integrationsrat, Sozialausschuss, "
        "Stadtrat). Die Vorsitzenden gehören der Steuerungsgruppe Integration an (4 Sitze).",
    ),
    (
        "ib_kreis",
        "Integrationsbüro des Rhein-Kreises Neuss",
        "",
        ADMIN,
        "",
        "Soll laut AG Prozess-Steuerung die Integrationsarbeit auf Kreisebene organisieren, auch die "
        "Integrationskonferenz bzw. den Integrationsgipfel und die Steuerungsgruppe.",
    ),
    ("ib_neuss", "Integrationsbüro Neuss", "", ADMIN, "Neuss", "Die Leitung gehört der Steuerungsgruppe an."),
    ("ib_dormagen", "Integrationsbüro Dormagen", "", ADMIN, "Dormagen", "Die Leitung gehört der Steuerungsgruppe an."),
    (
        "agw",
        "Arbeitsgemeinschaft der Freien Wohlfahrtsverbände im Rhein-Kreis Neuss",
        "AG Wohlfahrtsverbände",
        WELFARE,
        "",
        "Der/die Vorsitzende bzw. dessen Vertreter gehört der Steuerungsgruppe Integration an. Die AG-Vorschläge "
        "nannten die Wohlfahrtsverbände mit 4 Personen.",
    ),
    (
        "ak_integration",
        "Arbeitskreis Integration",
        "",
        INITIATIVE,
        "",
        "Sein Sprecher bzw. dessen Vertreter gehört der Steuerungsgruppe Integration an.",
    ),
    (
        "jobcenter",
        "Jobcenter (ARGE) im Rhein-Kreis Neuss",
        "Jobcenter",
        JOBS,
        "",
        "Die Leiterin der ARGE/des Jobcenters bzw. deren Vertreter gehört der Steuerungsgruppe an. Partner der "
        "Abstimmungsgespräche zur Altenpflege (Handlungsfeld Arbeit).",
    ),
    (
        "agentur",
        "Agentur für Arbeit",
        "",
        JOBS,
        "",
        "Partner der Abstimmungsgespräche zwischen Agentur, Jobcenter, Organisatoren der Altenpflegeseminare und "
        "Arbeitgebern (Handlungsfeld Arbeit).",
    ),
    (
        "amt50",
        "Amt 50 der Kreisverwaltung Rhein-Kreis Neuss",
        "Amt 50",
        ADMIN,
        "",
        "Amtsleiter 50 bzw. dessen Vertreter gehört der Steuerungsgruppe Integration an.",
    ),
    (
        "integration_5052",
        "Bereich Integration (50.5.2) der Kreisverwaltung",
        "50.5.2",
        ADMIN,
        "",
        "Wird bei Sitzungen der Steuerungsgruppe seitens der Verwaltung eingebunden.",
    ),
    (
        "auslaenderbehoerde",
        "Ausländerbehörde (32.3) der Kreisverwaltung",
        "32.3",
        ADMIN,
        "",
        "Wird bei Sitzungen der Steuerungsgruppe seitens der Verwaltung eingebunden.",
    ),
    (
        "ksb",
        "Kreissportbund Rhein-Kreis Neuss",
        "KSB",
        SPORT,
        "",
        "Vertritt die Sportvereine: im Vorschlag der AG Prozess-Steuerung 1 Person über den Kreissportbund.",
    ),
    (
        "ihk",
        "Industrie- und Handelskammer",
        "IHK",
        BUSINESS,
        "",
        "Vertritt die Unternehmen (Vorschlag der AG Prozess-Steuerung); einzubeziehen beim Ziel, Anziehungspunkt "
        "für internationale Fachkräfte zu sein.",
    ),
    (
        "khs",
        "Kreishandwerkerschaft",
        "KHS",
        BUSINESS,
        "",
        "Vertritt die Unternehmen (Vorschlag der AG Prozess-Steuerung); einzubeziehen beim Ziel, Anziehungspunkt "
        "für internationale Fachkräfte zu sein.",
    ),
    (
        "hwk",
        "Handwerkskammer",
        "",
        BUSINESS,
        "",
        "Einzubeziehen beim Ziel, Anziehungspunkt für internationale Fachkräfte zu sein.",
    ),
    (
        "mso",
        "Migrantenselbstorganisationen im Rhein-Kreis Neuss",
        "MSO",
        MSO,
        "",
        "Im Vorschlag der AG Prozess-Steuerung mit 2 Personen – dafür müsste erst noch eine Plattform geschaffen "
        "werden.",
    ),
    (
        "religion",
        "Religionsgemeinschaften im Rhein-Kreis Neuss",
        "",
        RELIGION,
        "",
        "Im Vorschlag der AG Prozess-Steuerung mit 2 Personen.",
    ),
    (
        "wirtschaftsfoerderung",
        "Wirtschaftsförderung des Rhein-Kreises Neuss",
        "",
        ADMIN,
        "",
        "Übernimmt die Regie für die Informationsplattform für (ausländische) Unternehmen, lädt Beteiligte ein, "
        "Bestandsaufnahme.",
    ),
    ("statistik", "Amt für Statistik", "", ADMIN, "", "Beteiligt an der schülergerechten Infoveranstaltung."),
    ("schulverwaltung", "Schulverwaltung", "", ADMIN, "", "Beteiligt an der schülergerechten Infoveranstaltung."),
    ("schulaufsicht", "Schulaufsicht", "", ADMIN, "", "Beteiligt an der schülergerechten Infoveranstaltung."),
    (
        "schulen",
        "Weiterführende Schulen im Rhein-Kreis Neuss",
        "",
        SCHOOL,
        "",
        "Schulleitungen und Schulen: Infoveranstaltung zur demografischen Entwicklung in allen weiterführenden "
        "Schulen; Unterstützung bei der Einrichtung der RAA.",
    ),
    (
        "raa",
        "RAA – Schulberatungsstelle",
        "RAA",
        SCHOOL,
        "",
        "Ausbau der Schulberatungsstelle RAA; der Antrag auf Einrichtung einer RAA ist gestellt. Bei der "
        "Personalbesetzung wird darauf geachtet, dass die Beschäftigten zum Teil einen Migrationshintergrund "
        "besitzen.",
    ),
    ("bbz", "Berufsbildungszentren", "BBZ", SCHOOL, "", "Unterstützung bei der Umsetzung der RAA."),
    (
        "altenpflege",
        "Organisatoren der Altenpflegeseminare",
        "",
        SCHOOL,
        "",
        "Ziel: mehr Teilnehmende mit Migrationshintergrund in Altenpflegeseminaren.",
    ),
    (
        "arbeitgeber_pflege",
        "Arbeitgeber der Altenpflege (Pflegeheime und ambulante Pflege)",
        "",
        BUSINESS,
        "",
        "Partner der Abstimmungsgespräche zur Altenpflege.",
    ),
    (
        "kurstraeger",
        "Integrationskursträger (u. a. Volkshochschulen)",
        "VHS",
        SCHOOL,
        "",
        "Integrationskursträger und Flüchtlingsberatungsstellen kooperieren (Handlungsfeld Sprache).",
    ),
    (
        "fluechtlingsberatung",
        "Flüchtlingsberatungsstellen",
        "",
        OTHER,
        "",
        "Kooperieren mit den Integrationskursträgern (Handlungsfeld Sprache).",
    ),
    ("konsulate", "Konsulate", "", OTHER, "", "Einzubeziehen für die Plattform für internationale Fachkräfte."),
    (
        "partnerstaedte",
        "Partnerstädte",
        "",
        OTHER,
        "",
        "Einbeziehung von Partnerstädten und erfolgreichen ausländischen Unternehmen.",
    ),
    (
        "personalverwaltung",
        "Personalverwaltung",
        "",
        ADMIN,
        "",
        "Interkulturelle Öffnung: Bestandserhebung, Betriebsvereinbarung, Fortbildung.",
    ),
    (
        "personalvertretung",
        "Personalvertretung",
        "",
        ADMIN,
        "",
        "Interkulturelle Öffnung: Betriebsvereinbarung auf freiwilliger Basis.",
    ),
    (
        "datensicherheit",
        "Datensicherheitsbeauftragte",
        "",
        ADMIN,
        "",
        "Interkulturelle Öffnung: einzubeziehen bei der Bestandserhebung.",
    ),
    (
        "gleichstellung",
        "Gleichstellungsstelle",
        "",
        ADMIN,
        "",
        "Vorbild für einen Migrantenförderplan analog Frauenförderplan und eine Stelle analog der "
        "Gleichstellungsstelle.",
    ),
]

# The proposal of the AG Prozess-Steuerung, as written („in Klammern: Anzahl der Personen“): 35 at least.
PROPOSAL = [
    ("Landrat", 1, "", ADMIN),
    ("Verwaltung", 2, "", ADMIN),
    ("Bürgermeister/in der kreisangehörigen Kommunen", 8, "", ADMIN),
    ("Kreistag", 5, "5 → Fraktionen", POLITICS),
    ("Migrantenvertreter", 4, "4 → Integrationsräte", POLITICS),
    ("Sportvereine", 1, "1 → Kreissportbund", SPORT),
    ("Migrantenselbstorganisationen", 2, "2 → es müsste erst noch eine Plattform geschaffen werden", MSO),
    ("Unternehmen", 2, "2 → IHK, Kreishandwerkerschaft", BUSINESS),
    ("Religionsgemeinschaften", 2, "", RELIGION),
    ("Wohlfahrtsverbände", 4, "", WELFARE),
    ("Verbände und Initiativen", 4, "", INITIATIVE),
    ("Agentur für Arbeit und Jobcenter", None, "", JOBS),
    ("(Stiftungen)", None, "", "Stiftung"),
]

# The composition the Kreistag decided on 08.12.2010 („gesamt: 25“), with the actor each seat stands for.
DECISION = [
    ("Landrat oder Allgemeiner Vertreter", 1, ADMIN, "landrat"),
    ("Bürgermeister der kreisangehörigen Kommunen oder deren Vertreter", 8, ADMIN, None),
    ("Vorsitzende der Kreistagsfraktionen bzw. deren Vertreter", 5, POLITICS, "fraktionen"),
    ("Vorsitzender des Sozial- und Gesundheitsausschusses bzw. dessen Vertreter", 1, POLITICS, "sga"),
    ("Vorsitzende der Integrationsräte im Rhein-Kreis Neuss bzw. deren Vertreter", 4, POLITICS, "integrationsraete"),
    ("Leiter der Integrationsbüros Neuss und Dormagen bzw. deren Vertreter", 2, ADMIN, None),
    (
        "Vorsitzender der Arbeitsgemeinschaft der Freien Wohlfahrtsverbände im RKN bzw. dessen Vertreter",
        1,
        WELFARE,
        "agw",
    ),
    ("Sprecher des Arbeitskreises Integration bzw. dessen Vertreter", 1, INITIATIVE, "ak_integration"),
    ("Leiterin der ARGE/des Jobcenters bzw. deren Vertreter", 1, JOBS, "jobcenter"),
    ("Amtsleiter 50 bzw. dessen Vertreter", 1, ADMIN, "amt50"),
]

# Invented names: who sits on the decided seats (by the seat's position in DECISION), with their actor. The seat
# of the Arbeitskreis Integration (7) stays open on purpose: the page then warns „0 von 1 Plätzen besetzt“.
MEMBERS = {
    0: [("Heinrich Sommer", "landrat")],
    1: [
        ("Claudia Brenner", "Neuss"),
        ("Markus Feld", "Dormagen"),
        ("Sevgi Arslan", "Grevenbroich"),
        ("Peter Lindner", "Jüchen"),
        ("Anja Roth", "Kaarst"),
        ("Michael Vogt", "Korschenbroich"),
        ("Katharina Wolff", "Meerbusch"),
        ("Stefan Hahn", "Rommerskirchen"),
    ],
    2: [
        ("Ralf Dietrich", "fraktionen"),
        ("Birgit Kaya", "fraktionen"),
        ("Werner Ostermann", "fraktionen"),
        ("Fatma Çelik", "fraktionen"),
        ("Jürgen Krämer", "fraktionen"),
    ],
    3: [("Monika Scholz", "sga")],
    4: [
        ("Hüseyin Aydın", "integrationsraete"),
        ("Irina Volkova", "integrationsraete"),
        ("Giuseppe Romano", "integrationsraete"),
        ("Amina Diallo", "integrationsraete"),
    ],
    5: [("Julia Neumann", "ib_neuss"), ("Daniel Schäfer", "ib_dormagen")],
    6: [("Ursula Wendt", "agw")],
    8: [("Sabine Albers", "jobcenter")],
    9: [("Frank Möller", "amt50")],
}
# „bzw. deren Vertreter“: invented deputies, each for the member named.
DEPUTIES = [
    ("Christoph Adler", "Heinrich Sommer", "landrat"),
    ("Leyla Öztürk", "Julia Neumann", "ib_neuss"),
    ("Maren Koch", "Ursula Wendt", "agw"),
    ("Tobias Weber", "Sabine Albers", "jobcenter"),
]

TASKS = [
    ("Informationsfluss sicher stellen", Recurrence.PER_MEETING),
    ("Interkommunale Zusammenarbeit stärken", Recurrence.PER_MEETING),
    ("Überwachung der Umsetzung der Jahresziele", Recurrence.QUARTERLY),
    ("Unterstützung bei der Umsetzung", Recurrence.PER_MEETING),
    ("Überprüfung der Zielerreichung", Recurrence.YEARLY),
    ("Vorbereitung des Integrationsgipfels in 2012", Recurrence.ONCE),
    ("Ergebnisse des Workshops weiterführen", Recurrence.PER_MEETING),
    ("Koordinierung mit Städten und Gemeinden", Recurrence.PER_MEETING),
    ("Identifizierung möglicher Akteure", Recurrence.YEARLY),
    (
        "Herausgabe eines Integrationsberichtes mit Zielgruppenbeschreibung unter Nutzung der Geodaten",
        Recurrence.YEARLY,
    ),
    ("Steuerungsgruppe ist Motor für Handlungsfelder", Recurrence.PER_MEETING),
]

DESCRIPTION = (
    "„Der Kreistag begrüßt und unterstützt die Durchführung eines Integrationsgipfels im Jahre 2012. Der Kreistag "
    "stimmt einstimmig der Einrichtung einer Steuerungsgruppe Integration in der vorgeschlagenen Zusammensetzung "
    "zu.“\n\n"
    "Bei Sitzungen der Steuerungsgruppe werden seitens der Verwaltung die Bereiche Integration (50.5.2) und die "
    "Ausländerbehörde (32.3) eingebunden. Bei Bedarf können je nach thematischer Zielsetzung weitere Fachbereiche "
    "hinzugezogen werden.\n\n"
    "Die Steuerungsgruppe hat nicht für Inhalte zu sorgen, sondern dafür, wie der Prozess weitergeht. Die konkret "
    "benannten Personen stellen den Informationsfluss in die Stadt- und Gemeinderäte, die Integrationsräte, die "
    "Arbeitsgemeinschaft der Wohlfahrtsverbände usw. sicher."
)
PROPOSAL_NOTE = (
    "Vorschlag der Arbeitsgruppe Prozess-Steuerung im Integrationsworkshop (in Klammern: Anzahl der Personen). "
    "„Es ergibt sich eine Personenanzahl von mindestens 35 Personen. Um effektiv in der Prozesssteuerungsgruppe "
    "arbeiten zu können, ist die Personenanzahl viel zu hoch.“"
)

CONTACTS = [
    ("ksb", "Erika Beispiel", "Ansprechperson Integration durch Sport", "erika.beispiel@example.org"),
    ("agw", "Jonas Muster", "Geschäftsführung", "jonas.muster@example.org"),
    ("ib_dormagen", "Selin Probe", "Integrationsbüro", "selin.probe@example.org"),
]
COOPERATION = [
    ("agw", DECIDED_ON, "Kreistagsbeschluss: Der Vorsitz der Arbeitsgemeinschaft gehört der Steuerungsgruppe an."),
    (
        "integrationsraete",
        DECIDED_ON,
        "Kreistagsbeschluss: Die Vorsitzenden der Integrationsräte (4) gehören der Steuerungsgruppe Integration an.",
    ),
    (
        "jobcenter",
        DECIDED_ON,
        "Kreistagsbeschluss: Die Leitung der ARGE/des Jobcenters gehört der Steuerungsgruppe an.",
    ),
    (
        "ksb",
        date(2010, 11, 6),
        "Integrationsworkshop, AG Prozess-Steuerung: für die Prozesssteuerungsgruppe vorgeschlagen (1 Person über den "
        "Kreissportbund).",
    ),
]


def _kind(name: str) -> ActorKind:
    return ActorKind.objects.get(body=None, name=name)


def _actors(kreis, municipalities) -> dict[str, Actor]:
    """Every actor of the seed, created once; found again by name."""
    rows = [*ACTORS]
    for body in sorted(municipalities.values(), key=lambda body: body.name):
        rows.append(
            (
                body.name,
                f"{body.designation or 'Gemeinde'} {body.name}",
                "",
                ADMIN,
                body.name,
                "Kreisangehörige Kommune: ihr/e Bürgermeister/in (oder die Vertretung) gehört der Steuerungsgruppe "
                "Integration an.",
            )
        )
    existing = {actor.name: actor for actor in Actor.objects.filter(body=kreis)}
    found = {}
    for key, name, short_name, kind, city, description in rows:
        found[key] = existing.get(name) or services.actor_create(
            actor=None,
            body=kreis,
            name=name,
            kind=_kind(kind),
            short_name=short_name,
            city=city,
            description=description,
        )
    return found


def _people(actors: dict[str, Actor]) -> None:
    for key, name, function, email in CONTACTS:
        if not actors[key].contacts.exists():
            services.contact_person_create(
                actor=None,
                network_actor=actors[key],
                name=name,
                function=function,
                email=email,
                consent_given_on=date(2026, 1, 15),
                consent_text_version=services.CONSENT_TEXT_VERSION,
                note=DEMO_NOTE,
            )
    for key, day, text in COOPERATION:
        if not actors[key].cooperation_entries.filter(date=day).exists():
            services.cooperation_entry_create(actor=None, network_actor=actors[key], date=day, text=text)


def _organization(kreis) -> Organization:
    """The group's committee, so that its meetings are committee meetings; with one upcoming meeting."""
    organization = Organization.objects.filter(body=kreis, name=GROUP_NAME, deleted=False).first()
    if organization is None:
        organization = composition.organization_create(
            actor=None, body=kreis, name=GROUP_NAME, kind=OrganizationKind.STEERING_GROUP, statutory_seats=25
        )
        day = timezone.localdate() + timedelta(days=21)
        meetings.meeting_create(
            actor=None,
            body=kreis,
            organizations=[organization],
            name=f"Sitzung der {GROUP_NAME}",
            start=datetime.combine(day, time(10, 0), tzinfo=BERLIN),
            end=datetime.combine(day, time(12, 0), tzinfo=BERLIN),
        )
    return organization


def _steering_group(kreis, actors: dict[str, Actor]) -> SteeringGroup:
    group = services.steering_group_create(
        actor=None,
        body=kreis,
        name=GROUP_NAME,
        description=DESCRIPTION,
        decided_on=DECIDED_ON,
        decided_by="Kreistag des Rhein-Kreises Neuss, 08.12.2010",
        organization=_organization(kreis),
        proposal_note=PROPOSAL_NOTE,
    )
    for label, count, note, kind in PROPOSAL:
        services.steering_group_seat_create(
            actor=None, group=group, label=label, proposed_count=count, note=note, actor_kind=_kind(kind)
        )
    seats = [
        services.steering_group_seat_create(
            actor=None, group=group, label=label, decided_count=count, actor_kind=_kind(kind)
        )
        for label, count, kind, _actor in DECISION
    ]
    members = {}
    for index, people in MEMBERS.items():
        for name, actor_key in people:
            members[name] = services.seat_holder_create(
                actor=None, seat=seats[index], name=name, network_actor=actors[actor_key], role=HolderRole.HOLDER
            )
    for name, stands_in_for, actor_key in DEPUTIES:
        member = members[stands_in_for]
        services.seat_holder_create(
            actor=None,
            seat=member.seat,
            name=name,
            network_actor=actors[actor_key],
            role=HolderRole.DEPUTY,
            deputy_for=member,
        )
    for text, recurrence in TASKS:
        services.steering_group_task_create(actor=None, group=group, text=text, recurrence=recurrence)
    return group


def load(context: dict) -> None:
    services.actor_kinds_ensure_defaults()
    kreis = context["kreis"]
    actors = _actors(kreis, context["municipalities"])
    _people(actors)
    group = SteeringGroup.objects.filter(body=kreis, name=GROUP_NAME).first()
    context["steering_group"] = group or _steering_group(kreis, actors)
    context["network_actors"] = actors
    load_centre(context)
    load_offers(context)
    load_funding(context)
