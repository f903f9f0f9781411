"""Demo workshop process of the Rhein-Kreis Neuss (seeds 003 and 004) with its dot vote.

The dates are the seed's: preparation workshop 20.09.2010, the two workshop days 05.11. and 06.11.2010, the follow-up
meeting 05.04.2011; the Kreistag's decision of 08.12.2010 is the council phase. The dot vote reproduces the seed's
"Themenprioritäten" exactly: Bildung 30, Arbeit 17, Sprache 15, Partizipation 15, Interkulturelle Öffnung 14,
Willkommenskultur 14 – ranked 1, 2, 3, 3, 4, 4.

What the seed does not say is invented and marked as such in the vote's question: how the 105 points came together.
The demo assumes 3 points each for 35 participants (the workshop allows at most 40): five voted by code, thirty put
dots on two pinboards of fifteen people each.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from querschnitt.committees.models import Paper

from . import demo_groups, services_events, services_participants
from .models import DotVote, Event, EventKind, Participant, ParticipantStatus, PhaseKind, TargetGroup, WorkshopProcess
from .services import (
    checklist_item_set_done,
    dot_vote_adopt,
    dot_vote_cast,
    dot_vote_close,
    dot_vote_create,
    dot_vote_open,
    paper_tally_set,
    voters_create,
    workshop_phase_update,
    workshop_process_create,
)

PROCESS_TITLE = "Integrationsworkshop Rhein-Kreis Neuss 2010/2011"
VOTE_TITLE = "Punktabfrage: Themenprioritäten"
PREPARATION = date(2010, 9, 20)
WORKSHOP = date(2010, 11, 5)
FOLLOW_UP = date(2011, 4, 5)
COUNCIL = date(2010, 12, 8)

SEED_POINTS = {
    "Bildung": 30,
    "Arbeit": 17,
    "Sprache": 15,
    "Partizipation": 15,
    "Interkulturelle Öffnung": 14,
    "Willkommenskultur": 14,
}
# Invented split of the seed's totals (see the module docstring).
BALLOTS: tuple[dict[str, int], ...] = (
    {"Bildung": 1, "Arbeit": 1, "Sprache": 1},
    {"Bildung": 2, "Partizipation": 1},
    {"Interkulturelle Öffnung": 1, "Willkommenskultur": 1, "Bildung": 1},
    {"Sprache": 1, "Arbeit": 1, "Willkommenskultur": 1},
    {"Partizipation": 1, "Interkulturelle Öffnung": 1, "Bildung": 1},
)
PINBOARDS: dict[str, dict[str, int]] = {
    "Pinnwand 1": {
        "Bildung": 13,
        "Arbeit": 8,
        "Sprache": 6,
        "Partizipation": 7,
        "Interkulturelle Öffnung": 5,
        "Willkommenskultur": 6,
    },
    "Pinnwand 2": {
        "Bildung": 12,
        "Arbeit": 7,
        "Sprache": 7,
        "Partizipation": 6,
        "Interkulturelle Öffnung": 7,
        "Willkommenskultur": 6,
    },
}
PEOPLE_PER_PINBOARD = 15


def load(context: dict) -> None:
    """Create the process and its vote once; a second run changes nothing."""
    kreis, concept = context["kreis"], context["concept"]
    moderator = context["users"]["moderation"]
    process = WorkshopProcess.objects.filter(body=kreis, title=PROCESS_TITLE).first()
    if process is None:
        process = workshop_process_create(
            actor=moderator,
            body=kreis,
            title=PROCESS_TITLE,
            start_date=PREPARATION,
            workshop_date=WORKSHOP,
            concept=concept,
            notes="Moderation: Dr. Kösters. Ergebnis laut Kurzfassung einstimmig mitgetragen.",
        )
        phases = {phase.kind: phase for phase in process.phases.all()}
        workshop_phase_update(
            actor=moderator,
            phase=phases[PhaseKind.FOLLOW_UP],
            title=phases[PhaseKind.FOLLOW_UP].title,
            start_date=FOLLOW_UP,
        )
        workshop_phase_update(
            actor=moderator,
            phase=phases[PhaseKind.COUNCIL_DECISION],
            title="Bericht und Beschluss im Kreistag",
            start_date=COUNCIL,
            notes="Der Kreistag begrüßt einen Integrationsgipfel 2012 und stimmt einstimmig der Einrichtung einer "
            "Steuerungsgruppe Integration zu.",
        )
        for phase in process.phases.all():
            for item in phase.checklist.all():
                checklist_item_set_done(actor=moderator, item=item, done=True)
    context["workshop_process"] = process
    _load_participants(process, moderator)
    demo_groups.load_groups(process, moderator)
    _load_events(kreis, context["users"]["geschaeftsstelle"])

    if DotVote.objects.filter(body=kreis, title=VOTE_TITLE).exists():
        context["dot_vote"] = DotVote.objects.get(body=kreis, title=VOTE_TITLE)
        return
    vote = dot_vote_create(
        actor=moderator,
        body=kreis,
        title=VOTE_TITLE,
        question="Welche Handlungsfelder sind bei uns relevant? (Demodaten: die Summen stammen aus der Kurzfassung "
        "der Ergebnisse, ihre Aufteilung auf Codes und Pinnwände ist erfunden.)",
        process=process,
        options_from_concept=True,
        points_per_voter=3,
        spend_all=True,
        anonymous=True,
        visibility="after_close",
    )
    options = {option.label: option.pk for option in vote.options.all()}
    dot_vote_open(actor=moderator, dot_vote=vote)
    for voter, ballot in zip(voters_create(actor=moderator, dot_vote=vote, count=len(BALLOTS)), BALLOTS, strict=True):
        dot_vote_cast(voter=voter, dot_vote=vote, points={options[label]: points for label, points in ballot.items()})
    for origin, counts in PINBOARDS.items():
        paper_tally_set(
            actor=moderator,
            dot_vote=vote,
            origin=origin,
            participants=PEOPLE_PER_PINBOARD,
            counts={options[label]: points for label, points in counts.items()},
        )
    dot_vote_close(actor=moderator, dot_vote=vote)
    dot_vote_adopt(actor=moderator, dot_vote=vote, concept=concept)
    context["dot_vote"] = vote


# --- Participants of the Neuss workshop (invented) ------------------------------------------------------------------
# The seed names no participants and no counts per group. The demo is consistent with the dot vote above: 35 people
# took part in both workshop days (at most 40 places). 42 were invited; the last two went onto the waiting list and
# moved up when four declined; three who confirmed did not come. Every name is invented and marked "(Demo)".

# (target group, organisation, invited, declined, confirmed but absent)
PARTICIPANT_GROUPS: tuple[tuple[str, str, int, int, int], ...] = (
    (TargetGroup.DECISION_MAKERS, "Kreistag / Bürgermeisteramt (Demo)", 9, 1, 1),
    (TargetGroup.ADMINISTRATION, "Kreisverwaltung, Amt 50 (Demo)", 10, 1, 1),
    (TargetGroup.MIGRANT_REPRESENTATION, "Integrationsrat / Migrantenselbstorganisation (Demo)", 9, 0, 0),
    (TargetGroup.ASSOCIATIONS, "Kreissportbund / Initiative (Demo)", 5, 1, 0),
    (TargetGroup.WELFARE, "Wohlfahrtsverband (Demo)", 5, 1, 0),
    (TargetGroup.EDUCATION, "Berufskolleg / RAA (Demo)", 3, 0, 1),
    (TargetGroup.OTHER, "Agentur für Arbeit (Demo)", 1, 0, 0),
)
# Who came to the meetings with the decision makers (per group).
PREPARATION_ATTENDANCE = {
    TargetGroup.DECISION_MAKERS: 5,
    TargetGroup.ADMINISTRATION: 3,
    TargetGroup.MIGRANT_REPRESENTATION: 2,
}
FOLLOW_UP_ATTENDANCE = {
    TargetGroup.DECISION_MAKERS: 6,
    TargetGroup.ADMINISTRATION: 3,
    TargetGroup.MIGRANT_REPRESENTATION: 3,
    TargetGroup.WELFARE: 1,
}
TRAVEL_COSTS = Decimal("480.00")  # invented


def _load_participants(process: WorkshopProcess, moderator) -> None:
    if Participant.objects.filter(process=process).exists():
        return
    people: dict[str, list[Participant]] = {}
    # Interleave the groups so that the waiting list (invitations 41 and 42) holds two groups' last invitees.
    queue = [
        (group, organisation, index) for group, organisation, count, *_ in PARTICIPANT_GROUPS for index in range(count)
    ]
    queue.sort(key=lambda entry: (entry[2], [g[0] for g in PARTICIPANT_GROUPS].index(entry[0])))
    for number, (group, organisation, _index) in enumerate(queue, start=1):
        person = services_participants.participant_invite(
            actor=moderator,
            process=process,
            name=f"Beispiel, Person {number:02d} (Demo)",
            organisation=organisation,
            target_group=group,
            consent=True,
            consent_given_on=date(2010, 9, 1),
        )
        people.setdefault(group, []).append(person)
    for group, _organisation, _count, declined, _absent in PARTICIPANT_GROUPS:
        for person in people[group][:declined]:
            services_participants.participant_set_status(
                actor=moderator, participant=person, status=ParticipantStatus.DECLINED
            )
    holding = {
        group: list(
            Participant.objects.filter(
                process=process, target_group=group, status__in=["invited", "confirmed"]
            ).order_by("pk")
        )
        for group in people
    }
    for members in holding.values():
        for person in members:
            services_participants.participant_set_status(
                actor=moderator, participant=person, status=ParticipantStatus.CONFIRMED
            )
    phases = {phase.kind: phase for phase in process.phases.all()}
    absent = {group: count for group, _o, _c, _d, count in PARTICIPANT_GROUPS}
    for day in phases[PhaseKind.WORKSHOP].days.all():
        present = [p.pk for group, members in holding.items() for p in members[: len(members) - absent[group]]]
        services_participants.attendance_set(actor=moderator, day=day, participant_ids=present)
    for kind, counts in ((PhaseKind.PREPARATION, PREPARATION_ATTENDANCE), (PhaseKind.FOLLOW_UP, FOLLOW_UP_ATTENDANCE)):
        present = [p.pk for group, count in counts.items() for p in holding[group][:count]]
        for day in phases[kind].days.all():
            services_participants.attendance_set(actor=moderator, day=day, participant_ids=present)
    services_participants.process_set_capacity(
        actor=moderator, process=process, max_participants=process.max_participants, travel_costs=TRAVEL_COSTS
    )


# --- Events ---------------------------------------------------------------------------------------------------------

SUMMIT_TITLE = "Integrationsgipfel 2012 des Rhein-Kreises Neuss"
CONFERENCE_TITLE = "Integrationskonferenz 2027 des Rhein-Kreises Neuss"
DEMO_GUESTS = (
    ("Anna Beispiel (Demo)", "anna.beispiel@example.org", "Integrationsrat Musterstadt (Demo)"),
    ("Bernd Muster (Demo)", "bernd.muster@example.org", "Wohlfahrtsverband (Demo)"),
    ("Canan Probe (Demo)", "canan.probe@example.org", ""),
    ("Dirk Testfall (Demo)", "dirk.testfall@example.org", "Berufskolleg (Demo)"),
)


def _load_events(kreis, office) -> None:
    if not Event.objects.filter(body=kreis, kind=EventKind.SUMMIT, year=2012).exists():
        summit = services_events.event_create(
            actor=office,
            body=kreis,
            kind=EventKind.SUMMIT,
            title=SUMMIT_TITLE,
            date=date(2012, 6, 16),
            start_time=time(10, 0),
            place="Kreishaus Neuss",
            capacity=150,
            topics="Bilanz ziehen: Stand der Jahresziele seit dem Integrationsworkshop\n"
            "Perspektiven entwickeln: Leitziele und Jahresziele fortschreiben\n"
            "Bericht der Steuerungsgruppe Integration",
            description="Der Kreistag hat am 08.12.2010 einstimmig die Durchführung eines Integrationsgipfels im Jahre "
            "2012 begrüßt. Der Gipfel dient dazu, Bilanz zu ziehen und Perspektiven zu entwickeln, wie es weitergeht. "
            "(Demodaten: Datum, Uhrzeit, Ort und Programm sind erfunden; die Kurzfassung nennt nur das Jahr.)",
            registration_open=False,
            published=True,
            decision=Paper.objects.filter(body=kreis, reference="61/2010").first(),
        )
        services_events.event_set_documentation(
            actor=office,
            event=summit,
            documentation="Der Integrationsgipfel zog Bilanz über die Jahresziele der Handlungsfelder Bildung, Arbeit, "
            "Sprache und Interkulturelle Öffnung und entwickelte Perspektiven für die Fortschreibung.\n\n"
            "Die Steuerungsgruppe Integration berichtete über ihre Aufgaben: Informationsfluss sicherstellen, "
            "interkommunale Zusammenarbeit stärken, Umsetzung der Jahresziele überwachen.\n\n"
            "(Demodaten: der Text ist aus der Kurzfassung des Workshops abgeleitet, nicht aus einer echten "
            "Dokumentation des Gipfels.)",
        )
    if not Event.objects.filter(body=kreis, kind=EventKind.CONFERENCE, year=2027).exists():
        conference = services_events.event_create(
            actor=office,
            body=kreis,
            kind=EventKind.CONFERENCE,
            title=CONFERENCE_TITLE,
            date=date(2027, 3, 18),
            start_time=time(9, 30),
            place="Kreishaus Neuss, Sitzungssaal",
            capacity=120,
            topics="Sprache: niederschwellige Kurse und Integrationskurse für Flüchtlinge\n"
            "Übergang Schule – Beruf\n"
            "Interkulturelle Öffnung der Verwaltung",
            description="Die Integrationskonferenz arbeitet themenspezifisch: Akteure der Integrationsarbeit bereiten "
            "die Handlungsfelder auf und unterstützen die Umsetzung. (Demodaten.)",
            registration_open=True,
            published=True,
        )
        for name, email, organisation in DEMO_GUESTS:
            services_events.event_register(
                event=conference, name=name, email=email, organisation=organisation, consent=True, notify=False
            )
