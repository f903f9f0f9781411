"""Demo data of the integration centre of the Rhein-Kreis Neuss (issue 6, point 5).

- The catalogue of services is the list of tasks of seed 002 (`services_centre.DEFAULT_SERVICES`).
- Invented for the demo, and marked as such: 15 counselling requests of the last five months across statuses,
  channels, kinds of requester and the four task areas, with their time; three of them name a person (fictional
  names, `@example.org`, with consent). Four network events (two past, two upcoming) with actors of the demo network.

Dates are counted back from the day the demo is loaded, so the dashboard always has something to show. Loaded once:
a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from . import services_centre as services
from .models_centre import Channel, CounsellingRequest, NetworkEvent, NetworkEventKind, RequesterKind, RequestStatus

NEW, IN_PROGRESS, REFERRED, CLOSED = (
    RequestStatus.NEW,
    RequestStatus.IN_PROGRESS,
    RequestStatus.REFERRED,
    RequestStatus.CLOSED,
)
ORGANISER = "Kommunales Integrationszentrum Rhein-Kreis Neuss"

# (received days ago, channel, kind of requester, requesting actor, service (index in DEFAULT_SERVICES), what it is
#  about, status, finished days ago, outcome, referred to, [(days after receipt, minutes)], handled by,
#  person (name, contact) or None)
REQUESTS: list[tuple[Any, ...]] = [
    (
        150,
        Channel.EMAIL,
        RequesterKind.ORGANISATION,
        "mso",
        2,
        "Welche Kosten sind nach der Förderrichtlinie für Migrantenorganisationen förderfähig?",
        CLOSED,
        140,
        "Förderfähige Kosten erläutert; der Verein bereitet einen Antrag vor.",
        None,
        [(0, 45), (5, 30)],
        "ki",
        None,
    ),
    (
        140,
        Channel.PHONE,
        RequesterKind.PRIVATE,
        None,
        13,
        "Sucht einen Deutschkurs mit Kinderbetreuung.",
        REFERRED,
        139,
        "An die Integrationskursträger verwiesen.",
        "kurstraeger",
        [(0, 20)],
        "ki",
        ("Amira Beispiel (Demo)", "amira.beispiel@example.org"),
    ),
    (
        120,
        Channel.IN_PERSON,
        RequesterKind.PUBLIC,
        "schulen",
        14,
        "Sensibilisierung des Kollegiums für die Elternarbeit mit neu zugewanderten Familien.",
        CLOSED,
        90,
        "Zwei Fortbildungen im Kollegium durchgeführt.",
        None,
        [(0, 60), (14, 90), (30, 120)],
        "ki",
        None,
    ),
    (
        100,
        Channel.EVENT,
        RequesterKind.ORGANISATION,
        "religion",
        15,
        "Wie können sich die Gemeinden an den Integrationsräten beteiligen?",
        CLOSED,
        95,
        "Wahlverfahren und Arbeitsweise der Integrationsräte erklärt.",
        None,
        [(0, 30)],
        "geschaeftsstelle",
        None,
    ),
    (
        90,
        Channel.EMAIL,
        RequesterKind.ORGANISATION,
        "ksb",
        10,
        "Unterstützung bei der Planung eines interkulturellen Sportfests.",
        IN_PROGRESS,
        None,
        "",
        None,
        [(0, 40), (20, 60)],
        "ki",
        None,
    ),
    (
        75,
        Channel.PHONE,
        RequesterKind.COMPANY,
        None,
        13,
        "Ein Handwerksbetrieb fragt nach Unterstützung bei der Ausbildung Geflüchteter.",
        REFERRED,
        70,
        "An die Kreishandwerkerschaft vermittelt.",
        "khs",
        [(0, 25), (3, 15)],
        "ki",
        None,
    ),
    (
        60,
        Channel.EMAIL,
        RequesterKind.PUBLIC,
        "ib_dormagen",
        8,
        "Bitte um Stellungnahme zu einem Projektantrag für Quartiersarbeit.",
        CLOSED,
        45,
        "Stellungnahme abgegeben.",
        None,
        [(0, 90), (10, 60)],
        "ki",
        None,
    ),
    (
        45,
        Channel.IN_PERSON,
        RequesterKind.PRIVATE,
        None,
        13,
        "Möchte sich ehrenamtlich in der Flüchtlingshilfe engagieren.",
        REFERRED,
        44,
        "An die Flüchtlingsberatungsstellen vermittelt.",
        "fluechtlingsberatung",
        [(0, 45)],
        "ki",
        ("Jonas Muster (Demo)", "jonas.muster@example.org"),
    ),
    (
        30,
        Channel.PHONE,
        RequesterKind.ORGANISATION,
        "agw",
        6,
        "Abstimmung gemeinsamer Infoabende mit den Integrationsagenturen.",
        IN_PROGRESS,
        None,
        "",
        None,
        [(0, 30), (7, 30)],
        "ki",
        None,
    ),
    (
        21,
        Channel.EMAIL,
        RequesterKind.OTHER,
        None,
        3,
        "Eine Initiative fragt, welche Sprachcafés es im Kreis schon gibt.",
        NEW,
        None,
        "",
        None,
        [],
        "ki",
        None,
    ),
    (
        14,
        Channel.EVENT,
        RequesterKind.ORGANISATION,
        "mso",
        12,
        "Unterstützung bei der Gründung eines Dachverbands der Migrantenorganisationen.",
        IN_PROGRESS,
        None,
        "",
        None,
        [(0, 60)],
        "ki",
        None,
    ),
    (
        10,
        Channel.PHONE,
        RequesterKind.PUBLIC,
        "auslaenderbehoerde",
        11,
        "Schulung zu interkultureller Kompetenz für das Team.",
        NEW,
        None,
        "",
        None,
        [],
        "geschaeftsstelle",
        None,
    ),
    (
        5,
        Channel.EMAIL,
        RequesterKind.PRIVATE,
        None,
        13,
        "Fragt nach der Anerkennung eines ausländischen Berufsabschlusses.",
        NEW,
        None,
        "",
        None,
        [],
        "ki",
        ("Elif Beispiel (Demo)", "elif.beispiel@example.org"),
    ),
    (
        3,
        Channel.IN_PERSON,
        RequesterKind.COMPANY,
        None,
        13,
        "Ein Pflegedienst möchte Informationen für Beschäftigte mehrsprachig anbieten.",
        IN_PROGRESS,
        None,
        "",
        None,
        [(0, 30)],
        "ki",
        None,
    ),
    (
        1,
        Channel.PHONE,
        RequesterKind.ORGANISATION,
        "integrationsraete",
        15,
        "Beteiligung an der Planung des nächsten Integrationsgipfels.",
        NEW,
        None,
        "",
        None,
        [],
        "ki",
        None,
    ),
]

# (title, days from today (negative: past), kind, actors, participants, topics)
EVENTS: list[tuple[Any, ...]] = [
    (
        "Netzwerktreffen der Migrantenorganisationen",
        -80,
        NetworkEventKind.NETWORK_MEETING,
        ["mso", "religion", "integrationsraete", "ksb"],
        23,
        "Förderrichtlinie, Plattform der Migrantenselbstorganisationen, Termine",
    ),
    (
        "Fachtag Interkulturelle Öffnung der Verwaltung",
        -40,
        NetworkEventKind.SPECIALIST_DAY,
        ["ib_neuss", "ib_dormagen", "amt50", "jobcenter", "agw", "mso"],
        65,
        "Interkulturelle Öffnung, mehrsprachige Information, Personalgewinnung",
    ),
    (
        "Arbeitskreis Integration",
        14,
        NetworkEventKind.WORKING_GROUP,
        ["ak_integration", "agw", "mso"],
        None,
        "Vorbereitung des Integrationsgipfels",
    ),
    (
        "Informationsveranstaltung: Anerkennung ausländischer Berufsabschlüsse",
        35,
        NetworkEventKind.INFORMATION,
        ["jobcenter", "agentur", "ihk", "khs"],
        None,
        "Anerkennungsverfahren, Beratungsstellen, Anpassungsqualifizierung",
    ),
]


def _requests(kreis: Any, actors: dict[str, Any], users: dict[str, Any], catalogue: list[Any]) -> None:
    today = timezone.localdate()
    for (
        days_ago,
        channel,
        requester_kind,
        actor_key,
        service_index,
        subject,
        status,
        finished_ago,
        outcome,
        referred_key,
        times,
        handler,
        person,
    ) in REQUESTS:
        received_on = today - timedelta(days=days_ago)
        personal = {}
        if person is not None:
            personal = {"requester_name": person[0], "requester_contact": person[1], "consent_given_on": received_on}
        item = services.counselling_request_create(
            actor=None,
            body=kreis,
            received_on=received_on,
            channel=channel,
            requester_kind=requester_kind,
            service=catalogue[service_index],
            requester_actor=actors[actor_key] if actor_key else None,
            subject=subject,
            handled_by=users[handler],
            **personal,
        )
        for offset, minutes in times:
            services.counselling_time_entry_create(
                actor=None,
                counselling_request=item,
                date=received_on + timedelta(days=offset),
                minutes=minutes,
                spent_by=users[handler],
            )
        if status != NEW:
            services.counselling_request_set_status(
                actor=None,
                counselling_request=item,
                status=status,
                outcome=outcome,
                referred_to=actors[referred_key] if referred_key else None,
                on=today - timedelta(days=finished_ago) if finished_ago is not None else None,
            )


def _events(kreis: Any, actors: dict[str, Any]) -> None:
    today = timezone.localdate()
    for title, days, kind, actor_keys, participants, topics in EVENTS:
        services.network_event_create(
            actor=None,
            body=kreis,
            title=title,
            date=today + timedelta(days=days),
            kind=kind,
            actors=[actors[key] for key in actor_keys],
            organiser=ORGANISER,
            participant_count=participants,
            topics=topics,
            notes="Demodaten (fiktiv)",
        )


def load_centre(context: dict) -> None:
    kreis = context["kreis"]
    services.centre_services_ensure_defaults(actor=None, body=kreis)
    catalogue = list(kreis.centre_services.order_by("order", "pk"))
    if not CounsellingRequest.objects.filter(body=kreis).exists():
        _requests(kreis, context["network_actors"], context["users"], catalogue)
    if not NetworkEvent.objects.filter(body=kreis).exists():
        _events(kreis, context["network_actors"])
