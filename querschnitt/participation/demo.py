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

from datetime import date

from .models import DotVote, PhaseKind, WorkshopProcess
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
