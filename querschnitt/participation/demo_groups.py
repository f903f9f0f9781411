"""Demo group work of the Rhein-Kreis Neuss workshop (seed 004), called from `demo.load`.

Seed 004: "In Gruppenarbeit wurden die nachfolgenden Leitziele, Jahresziele und Maßnahmen … entwickelt", and
"Ergebnisse aus der Arbeitsgruppe Prozess-Steuerung", facilitated by Dr. Kösters, with its guiding questions, its
ideas and reasons why steering is needed, the areas and office holders to involve, and its results.

One group per field of action of the concept; every goal, indicator and measure of a field is recorded as drafted by
its group (the Kreistag adopted them, so they are confirmed, not drafts any more). The seed names neither the members
of the groups nor how the participants split up: the demo spreads the participants who came on the workshop days
over the groups (invented, like the participants themselves)."""

from __future__ import annotations

from typing import Any

from .models import CardKind, Participant, WorkGroup, WorkGroupKind, WorkshopProcess
from .services_groups import group_card_create, work_group_create, work_group_member_add

STEERING_TITLE = "Prozess-Steuerung"
STEERING_QUESTIONS = (
    "Wenn Integration eine Querschnittsaufgabe ist, welche Arbeitsbereiche/Funktionsträger/innen sind dann zu "
    "beteiligen?",
    "An welcher Stelle soll die Aufgabe innerhalb der Verwaltung verankert werden?",
    "Wie kann die Partizipation von Menschen mit Migrationshintergrund und von Akteuren der Integrationsarbeit "
    "(freie Träger, Initiativen, etc.) sichergestellt werden?",
    "Wie weit kann und soll eine Verbindung zu anderen zentralen Zukunftsthemen (Demografischer Wandel, Lokale "
    "Bündnisse für Familien, Freiwilligenarbeit, Entwicklungszusammenarbeit) hergestellt werden?",
    "Wie sehen die weiteren Handlungsschritte zur Implementierung der Prozess- und Steuerungsstruktur aus? Wie "
    "heißen die nächsten Meilensteine?",
)
WHY_STEERING = "Warum Steuerung notwendig ist"
REASONS = (
    "visionär",
    "Ziele",
    "Information bündeln → Analyse",
    "Informationsplattform",
    "Kommunikation",
    "Koordination",
    "Netzwerk",
    "Finanzierung",
    "Fortbildung/Qualifizierung",
    "Multiplikator",
    "initiieren",
    "Evaluation",
    "Nachhaltigkeit in der Integration",
)
TO_INVOLVE = "Zu beteiligende Arbeitsbereiche und Funktionsträger/innen"
INVOLVE = (
    "Landrat",
    "Verwaltung",
    "Bürgermeister/in der kreisangehörigen Kommunen",
    "Kreistag",
    "Migrantenvetreter",
    "Sportvereine",
    "Migrantenselbstorganisationen",
    "Unternehmen",
    "Religionsgemeinschaften",
    "Wohlfahrtsverbände",
    "Verbände und Initiativen",
    "Agentur für Arbeit und Jobcenter",
    "(Stiftungen)",
)
STRUCTURES: dict[str, tuple[str, ...]] = {
    "Ziele der Integrationskonferenz": ("Aufbereitung und Unterstützung", "themenspezifisch"),
    "Ziele des Integrationsgipfels": (
        "Bewusstsein schaffen",
        "Informationsaustausch/Plattform",
        "Austausch der Akteure",
        "Identifikation herbeiführen",
        "ergänzende Funktionen der Akteure betonen, Motor sein!",
    ),
    "Ziele der Prozesssteuerungsgruppe": (
        "Analyse",
        "Festlegung der Vorgehensweise",
        "Fahrplan",
        "thematische Ziele setzen",
        "Kommunikationsfluss",
    ),
}
RESULTS = (
    "Unter den genannten Funktionsträgern gibt es bereits einige Verbindungen. So existiert z.B. eine "
    "Bürgermeisterkonferenz mit dem Landrat; die Interessen der Migranten werden in den Integrationsräten vertreten.",
    "Die Organisation der Integrationsarbeit auf Kreisebene sollte von einem Integrationsbüro ausgehen. Dieses "
    "Integrationsbüro des Rhein-Kreises Neuss sollte dann auch die Organisation einer eventuellen "
    "Integrationskonferenz/eines Integrationsgipfels und einer Prozesssteuerungsgruppe übernehmen.",
    "Ein Integrationsgipfel, eine Integrationskonferenz und eine Prozesssteuerungsgruppe könnten eingerichtet "
    "werden. Auf jeden Fall sollte eine Prozesssteuerungsgruppe eingerichtet werden.",
    "Die vorgeschlagene Zusammensetzung ergibt mindestens 35 Personen – für eine effektive Prozesssteuerungsgruppe "
    "viel zu viele. Besser einmal im Jahr eine Integrationskonferenz oder einen Integrationsgipfel zu einem "
    "bestimmten Thema mit einem größeren Teilnehmerkreis abhalten und die Steuerungsgruppe straffen.",
)
STEERING_SUMMARY = (
    "Um Ziele umsetzen zu können, bedarf es der Steuerung des Umsetzungsprozesses. Die Organisation sollte ein "
    "Integrationsbüro beim Rhein-Kreis Neuss übernehmen; auf jeden Fall sollte eine Prozesssteuerungsgruppe "
    "eingerichtet werden."
)


def load_groups(process: WorkshopProcess, moderator: Any) -> None:
    """Create the groups once; a second run changes nothing."""
    if process.work_groups.exists() or process.concept is None:
        return
    groups: list[WorkGroup] = []
    for field in process.concept.fields.filter(parent=None).order_by("order", "pk"):
        group = work_group_create(actor=moderator, process=process, title=field.title, field=field)
        group.guiding_goals.add(*field.guiding_goals.all())
        group.annual_goals.add(*field.annual_goals.all())
        group.measures.add(*field.measures.all())
        indicators = {indicator for goal in field.guiding_goals.all() for indicator in goal.indicators.all()}
        indicators |= {indicator for goal in field.annual_goals.all() for indicator in goal.indicators.all()}
        group.indicators.add(*indicators)
        groups.append(group)

    steering = work_group_create(
        actor=moderator,
        process=process,
        title=STEERING_TITLE,
        kind=WorkGroupKind.PROCESS_STEERING,
        facilitator="Herrn Dr. Kösters",
        guiding_questions="\n".join(STEERING_QUESTIONS),
        summary=STEERING_SUMMARY,
    )
    for text in REASONS:
        group_card_create(actor=moderator, group=steering, kind=CardKind.REASON, cluster=WHY_STEERING, text=text)
    for text in INVOLVE:
        group_card_create(actor=moderator, group=steering, kind=CardKind.IDEA, cluster=TO_INVOLVE, text=text)
    for cluster, texts in STRUCTURES.items():
        for text in texts:
            group_card_create(actor=moderator, group=steering, kind=CardKind.IDEA, cluster=cluster, text=text)
    for text in RESULTS:
        group_card_create(actor=moderator, group=steering, kind=CardKind.RESULT, text=text)
    groups.append(steering)

    # Everyone who came on the first workshop day joins one group, in turn (invented; see the module docstring).
    first_day = process.phases.get(kind="workshop").days.order_by("date").first()
    present = Participant.objects.filter(process=process, attendances__day=first_day).order_by("pk")
    for number, participant in enumerate(present):
        work_group_member_add(actor=moderator, group=groups[number % len(groups)], participant=participant)
